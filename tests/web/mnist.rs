//! The MNIST lab in the browser: the bundled digits load (handed in with `preload_bundled`, since the test page
//! has no data folder), the gallery and the load_mnist options render, training steps run and the charts draw,
//! a paused run fills the confusion matrix and the weight images, a gallery digit is classified, and a bad
//! hidden-size entry is marked at its field, and the batch norm switch reaches the link and the network summary.

use nnlab::i18n::Lang;
use nnlab::web::mnist::preload_bundled;
use nnlab::web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, HtmlInputElement};

use crate::util::{fresh_root, inked_pixels, q, sleep, text};

const IMAGES: &[u8] = include_bytes!("../../www/data/mnist-images-idx3-ubyte.gz");
const LABELS: &[u8] = include_bytes!("../../www/data/mnist-labels-idx1-ubyte.gz");

async fn mounted() -> (Element, App) {
    preload_bundled(IMAGES.to_vec(), LABELS.to_vec());
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.set_lang(Lang::En);
    app.show("mnist");
    for _ in 0..100 {
        if root
            .query_selector("#lab-mnist .mnist-digit")
            .unwrap()
            .is_some()
        {
            break;
        }
        sleep(50).await;
    }
    (root, app)
}

fn click(root: &Element, sel: &str) {
    q(root, sel).unchecked_into::<HtmlElement>().click();
}

/// The iteration number at the start of the progress text ("Iteration 12 / 10000 · …").
fn iteration(root: &Element) -> usize {
    let t = text(root, "#lab-mnist .mnist-progress-text");
    t.split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no iteration in {t:?}"))
}

#[wasm_bindgen_test]
async fn the_bundled_digits_load_and_the_gallery_and_options_show() {
    let (root, _app) = mounted().await;
    let status = text(&root, "#lab-mnist .mnist-status");
    assert!(
        status.contains("8000") && status.contains("2000"),
        "{status}"
    );
    let digits = root
        .query_selector_all("#lab-mnist .mnist-gallery button.mnist-digit")
        .unwrap()
        .length();
    assert_eq!(digits, 24);
    let c: HtmlCanvasElement = q(&root, "#lab-mnist button.mnist-digit canvas").unchecked_into();
    assert!(inked_pixels(&c) > 40, "the first digit is blank");
    // one_hot_label changes t from a digit to a 10-vector.
    let before = text(&root, "#lab-mnist .mnist-options-out");
    assert!(
        before.contains("t = ") && !before.contains("t = ["),
        "{before}"
    );
    click(&root, "#lab-mnist input[data-opt=one_hot_label]");
    let after = text(&root, "#lab-mnist .mnist-options-out");
    assert!(after.contains("t = ["), "{after}");
}

#[wasm_bindgen_test]
async fn training_runs_draws_its_charts_and_analysis_follows() {
    let (root, _app) = mounted().await;
    assert_eq!(iteration(&root), 0);
    click(&root, "#lab-mnist [data-role=step]");
    assert_eq!(iteration(&root), 1, "one mini-batch");
    click(&root, "#lab-mnist [data-role=run]");
    sleep(1500).await;
    click(&root, "#lab-mnist [data-role=run]");
    let n = iteration(&root);
    assert!(n > 5, "only {n} iterations in 1.5 s");
    let speed = text(&root, "#lab-mnist .mnist-speed");
    assert!(
        speed.contains("samples/s") && speed.contains("ms per mini-batch"),
        "{speed}"
    );
    let loss: HtmlCanvasElement = q(&root, "#lab-mnist [data-role=loss-chart]").unchecked_into();
    assert!(inked_pixels(&loss) > 1000, "the loss chart is blank");
    // Paused: the test report is there.
    let acc = text(&root, "#lab-mnist .mnist-accuracy");
    assert!(acc.contains("Test accuracy"), "{acc}");
    let cells = root
        .query_selector_all("#lab-mnist table.confusion td")
        .unwrap()
        .length();
    assert_eq!(cells, 110, "10 × 10 counts and 10 recalls");
    let w: HtmlCanvasElement = q(&root, "#lab-mnist [data-role=weights-canvas]").unchecked_into();
    assert!(inked_pixels(&w) > 1000, "the weight images are blank");
    // A gallery digit is classified: ten softmax bars that sum to 1.
    click(&root, "#lab-mnist button.mnist-digit");
    let rows = root
        .query_selector_all("#lab-mnist table.bars tr")
        .unwrap()
        .length();
    assert_eq!(rows, 10);
    let sum: f64 = (0..10)
        .map(|k| {
            text(
                &root,
                &format!(
                    "#lab-mnist table.bars tr:nth-child({}) td:last-child",
                    k + 1
                ),
            )
            .parse::<f64>()
            .unwrap()
        })
        .sum();
    assert!((sum - 1.0).abs() < 0.02, "{sum}");
    // Reset goes back to iteration 0.
    click(&root, "#lab-mnist [data-role=reset]");
    assert_eq!(iteration(&root), 0);
}

#[wasm_bindgen_test]
async fn a_bad_hidden_size_is_marked_and_the_network_stays() {
    let (root, _app) = mounted().await;
    let input: HtmlInputElement = q(&root, "#lab-mnist input[data-role=hidden]").unchecked_into();
    input.set_value("50, abc");
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(text(&root, "#lab-mnist .mnist-progress-text").contains("784-50-10"));
    input.set_value("100");
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    assert!(input.get_attribute("aria-invalid").is_none());
    assert!(text(&root, "#lab-mnist .mnist-progress-text").contains("784-100-10"));
}

/// Select `value` in the `<select>` matching `sel` and fire `change`, as a user would.
fn choose(root: &Element, sel: &str, value: &str) {
    let s: web_sys::HtmlSelectElement = q(root, sel).unchecked_into();
    s.set_value(value);
    s.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_chapter_6_experiments_mount_run_draw_and_pause_when_hidden() {
    let (root, app) = mounted().await;
    assert!(
        root.query_selector("#lab-mnist .coming").unwrap().is_none(),
        "no 'coming' card is left"
    );
    for role in ["ch6-optim", "ch6-init", "ch6-overfit"] {
        q(&root, &format!("#lab-mnist [data-role={role}] h4"));
    }
    // Histograms: drawn at once, one table row per layer; another activation changes them.
    let hist: HtmlCanvasElement = q(&root, "#lab-mnist [data-role=hist-chart]").unchecked_into();
    assert!(inked_pixels(&hist) > 2000, "the histograms are blank");
    let table = |r: &Element| text(r, "#lab-mnist [data-role=ch6-init] .readout");
    let sigmoid = table(&root);
    assert_eq!(
        root.query_selector_all("#lab-mnist [data-role=ch6-init] tbody tr")
            .unwrap()
            .length(),
        5
    );
    choose(&root, "#lab-mnist [data-role=hist-act]", "relu");
    choose(&root, "#lab-mnist [data-role=hist-init]", "he");
    let relu = table(&root);
    assert_ne!(sigmoid, relu);
    // ReLU: about half the values are exactly 0 (the table's fourth column).
    let zeros = text(
        &root,
        "#lab-mnist [data-role=ch6-init] tbody tr td:nth-child(4)",
    );
    let share: f64 = zeros.trim_end_matches('%').parse().unwrap();
    assert!((30.0..70.0).contains(&share), "{zeros}");
    // The optimizer comparison: a few iterations run, the four curves draw, Run toggles to Pause and back.
    choose(&root, "#lab-mnist [data-role=opt-iters]", "200");
    let run = "#lab-mnist [data-role=opt-run]";
    click(&root, run);
    assert_eq!(
        q(&root, run).get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    sleep(1500).await;
    click(&root, run);
    assert_eq!(
        q(&root, run).get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    let status = text(&root, "#lab-mnist [data-role=opt-status]");
    let it: usize = status
        .split_whitespace()
        .find_map(|w| w.parse().ok())
        .unwrap_or(0);
    assert!(it >= 3, "only {it} iterations: {status}");
    let chart: HtmlCanvasElement = q(&root, "#lab-mnist [data-role=opt-chart]").unchecked_into();
    assert!(inked_pixels(&chart) > 2000, "the loss chart is blank");
    let readout = text(&root, "#lab-mnist [data-role=ch6-optim] .readout");
    assert!(
        readout.contains("Adam") && readout.contains("0.001"),
        "{readout}"
    );
    // Overfitting: start it, then hide the lab: the run pauses.
    choose(&root, "#lab-mnist [data-role=over-which]", "none");
    click(&root, "#lab-mnist [data-role=over-run]");
    sleep(1200).await;
    let over = "#lab-mnist [data-role=over-run]";
    assert_eq!(
        q(&root, over).get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    app.show("perceptron");
    assert_eq!(
        q(&root, over).get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    let before = text(&root, "#lab-mnist [data-role=ch6-overfit] .readout");
    sleep(300).await;
    assert_eq!(
        before,
        text(&root, "#lab-mnist [data-role=ch6-overfit] .readout"),
        "hidden: nothing runs"
    );
    assert!(before.contains(" / 201"), "some epochs ran: {before}");
    // One loop at a time: starting training pauses a running experiment.
    app.show("mnist");
    click(&root, "#lab-mnist [data-role=over-run]");
    click(&root, "#lab-mnist [data-role=run]");
    assert_eq!(
        q(&root, over).get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    click(&root, "#lab-mnist [data-role=run]");
}

/// A `File` named `name` holding `parts` (Uint8Arrays).
fn file_of(name: &str, parts: &js_sys::Array) -> web_sys::File {
    web_sys::File::new_with_u8_array_sequence(parts, name).unwrap()
}

/// Put `files` into the file input `sel` as if picked, and fire `change`.
fn pick_files(root: &Element, sel: &str, files: &[web_sys::File]) {
    use js_sys::{Array, Reflect};
    let ctor = Reflect::get(&js_sys::global(), &"DataTransfer".into()).unwrap();
    let ctor: js_sys::Function = ctor.unchecked_into();
    let dt = Reflect::construct(&ctor, &Array::new()).unwrap();
    let items = Reflect::get(&dt, &"items".into()).unwrap();
    let add: js_sys::Function = Reflect::get(&items, &"add".into())
        .unwrap()
        .unchecked_into();
    for f in files {
        add.call1(&items, f).unwrap();
    }
    let list: web_sys::FileList = Reflect::get(&dt, &"files".into()).unwrap().unchecked_into();
    let input: HtmlInputElement = q(root, sel).unchecked_into();
    input.set_files(Some(&list));
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

fn pick_file(root: &Element, sel: &str, name: &str, bytes: &[u8]) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    pick_files(root, sel, &[file_of(name, &parts)]);
}

/// Wait (up to 10 s) until the text at `sel` satisfies `ok`; the last text either way.
async fn wait_text(root: &Element, sel: &str, ok: impl Fn(&str) -> bool) -> String {
    for _ in 0..200 {
        let t = root
            .query_selector(sel)
            .unwrap()
            .and_then(|e| e.text_content())
            .unwrap_or_default();
        if ok(&t) {
            return t;
        }
        sleep(50).await;
    }
    text(root, sel)
}

/// Issue #12 items 9, 10, 13: an untrained network says so; an imported network survives a new test set and
/// "Back to the bundled digits"; a seed change keeps a test set loaded from files; the accuracy numbers say
/// which digits they are measured on.
#[wasm_bindgen_test]
async fn data_and_network_change_only_when_the_user_changes_them() {
    use nnlab::data::idx::{self, IdxFile, Images};
    use nnlab::labs::mnist::weights::export_npz;
    use nnlab::net::NetConfig;
    let (root, _app) = mounted().await;
    let now = "#lab-mnist [data-role=network-now]";
    assert!(
        text(&root, now).contains("random weights from seed 42"),
        "{}",
        text(&root, now)
    );
    // Item 13: a digit on the untrained network comes with the hint.
    click(&root, "#lab-mnist button.mnist-digit");
    let hint = text(&root, "#lab-mnist [data-role=untrained]");
    assert!(hint.contains("untrained (random weights)"), "{hint}");
    // Item 10: which digits the epoch accuracies use, and the analysis's.
    let measured = text(&root, "#lab-mnist [data-role=acc-measured]");
    assert!(
        measured.contains("first 2000 of 8000 training digits")
            && measured.contains("all 2000 test digits"),
        "{measured}"
    );

    // Import a 784-30-10 tanh network with the select on sigmoid: the file's description decides.
    let net = NetConfig {
        hidden: vec![30],
        activation: vec![nnlab::activation::Activation::Tanh],
        seed: 3,
        ..Default::default()
    }
    .build()
    .unwrap();
    let npz = export_npz(&net);
    pick_file(
        &root,
        "#lab-mnist input[data-role=weights-file]",
        "w.npz",
        &npz,
    );
    let line = wait_text(&root, now, |t| t.contains("imported from w.npz")).await;
    assert!(
        line.contains("784-30-10") && line.contains("tanh"),
        "{line}"
    );
    let result = text(&root, "#lab-mnist .mnist-weights-result");
    assert!(result.contains("network description"), "{result}");
    click(&root, "#lab-mnist button.mnist-digit");
    assert!(root
        .query_selector("#lab-mnist [data-role=untrained]")
        .unwrap()
        .is_none());

    // A test set from files (the first 50 bundled digits, as official-style IDX files): the imported network
    // stays and is measured on them.
    let all = nnlab::data::mnist::Mnist::from_idx(IMAGES, LABELS).unwrap();
    let part = all.head(50);
    let im = idx::write(&IdxFile::Images(Images {
        count: 50,
        pixels: part.pixels.clone(),
    }));
    let lb = idx::write(&IdxFile::Labels(part.labels.clone()));
    let u8s = |b: &[u8]| js_sys::Array::of1(&js_sys::Uint8Array::from(b));
    pick_files(
        &root,
        "#lab-mnist input[data-role=idx-files]",
        &[
            file_of("t10k-images-idx3-ubyte", &u8s(&im)),
            file_of("t10k-labels-idx1-ubyte", &u8s(&lb)),
        ],
    );
    let status = wait_text(&root, "#lab-mnist .mnist-status", |t| {
        t.contains("t10k-images")
    })
    .await;
    assert!(status.contains("50 digits from t10k-images"), "{status}");
    let line = text(&root, now);
    assert!(
        line.contains("imported from w.npz"),
        "the import was thrown away: {line}"
    );
    let acc50 = text(&root, "#lab-mnist .mnist-accuracy");
    assert!(acc50.contains("of 50 right"), "{acc50}");

    // A seed change is a settings change (fresh weights, as the panel says), but the test set from files stays.
    let seed: HtmlInputElement = q(
        &root,
        "#lab-mnist label.field:has([data-i18n='mnist.seed']) input",
    )
    .unchecked_into();
    seed.set_value("7");
    seed.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    let status = text(&root, "#lab-mnist .mnist-status");
    assert!(
        status.contains("50 digits from t10k-images"),
        "the test set was swapped back: {status}"
    );
    assert!(
        text(&root, now).contains("random weights from seed 7"),
        "{}",
        text(&root, now)
    );

    // Import again, then back to the bundled digits: the network stays, measured on the 2,000 bundled digits.
    pick_file(
        &root,
        "#lab-mnist input[data-role=weights-file]",
        "w2.npz",
        &npz,
    );
    wait_text(&root, now, |t| t.contains("imported from w2.npz")).await;
    click(&root, "#lab-mnist [data-role=use-bundled]");
    assert!(text(&root, "#lab-mnist .mnist-status").contains("2000"));
    assert!(
        text(&root, now).contains("imported from w2.npz"),
        "{}",
        text(&root, now)
    );
    let back = text(&root, "#lab-mnist .mnist-accuracy");
    assert!(back.contains("of 2000 right"), "{back}");
}

/// Issue #13 item 4 and #12 items 8, 11: an oversized network, a file over the size limit and a cut file are
/// refused with messages that name the cap or the limit (Korean all Korean), and the network stays.
#[wasm_bindgen_test]
async fn oversized_networks_and_files_are_refused_by_name() {
    use nnlab::labs::mnist::weights::export_npz;
    use nnlab::net::NetConfig;
    let (root, app) = mounted().await;
    let big = NetConfig {
        hidden: vec![4096],
        ..Default::default()
    }
    .build()
    .unwrap();
    pick_file(
        &root,
        "#lab-mnist input[data-role=weights-file]",
        "big.npz",
        &export_npz(&big),
    );
    let msg = wait_text(&root, ".message-text", |t| t.contains("4096")).await;
    assert!(msg.contains("4096") && msg.contains("1024"), "{msg}");
    assert!(text(&root, "#lab-mnist [data-role=network-now]").contains("784-50-10"));
    // 65 MB: refused from its size, before it is read.
    let chunk = js_sys::Uint8Array::new_with_length(1 << 20);
    let parts = js_sys::Array::new();
    for _ in 0..65 {
        parts.push(&chunk);
    }
    pick_files(
        &root,
        "#lab-mnist input[data-role=idx-files]",
        &[file_of("train-images-idx3-ubyte", &parts)],
    );
    let msg = wait_text(&root, ".message-text", |t| t.contains("65 MB")).await;
    assert!(msg.contains("at most 64 MB"), "{msg}");
    // A cut labels file: its header says 9 labels, it holds 1.
    pick_file(
        &root,
        "#lab-mnist input[data-role=idx-files]",
        "train-labels-idx1-ubyte",
        &[0, 0, 8, 1, 0, 0, 0, 9, 1],
    );
    let msg = wait_text(&root, ".message-text", |t| t.contains("train-labels")).await;
    assert!(msg.contains("truncated"), "{msg}");
    assert!(text(&root, "#lab-mnist .mnist-status").contains("8000"));
    // Korean: the whole message is Korean.
    app.set_lang(nnlab::i18n::Lang::Ko);
    let ko = text(&root, ".message-text");
    assert!(
        ko.contains("잘렸습니다") && !ko.contains("truncated"),
        "{ko}"
    );
    app.set_lang(nnlab::i18n::Lang::En);
    let limits = text(&root, "#lab-mnist [data-role=idx-limits]");
    assert!(
        limits.contains("64 MB") && limits.contains("70000"),
        "{limits}"
    );
}

#[wasm_bindgen_test]
async fn the_batch_norm_switch_goes_into_the_link_and_the_network_summary() {
    let (root, app) = mounted().await;
    let cb: HtmlInputElement = q(&root, "#lab-mnist input[data-role=batchnorm]").unchecked_into();
    assert!(!cb.checked(), "off by default, as the book's ch5 net");
    cb.click();
    let progress = text(&root, "#lab-mnist .mnist-progress-text");
    assert!(progress.contains("784-50-10 + batch norm"), "{progress}");
    let hash = nnlab::web::dom::window().location().hash().unwrap();
    assert!(hash.contains("bn=1"), "{hash}");
    click(&root, "#lab-mnist [data-role=step]");
    assert_eq!(iteration(&root), 1);
    app.set_lang(Lang::Ko);
    assert!(text(&root, "#lab-mnist .mnist-progress-text").contains("+ 배치 정규화"));
    assert_eq!(
        text(&root, "#lab-mnist label:has(input[data-role=batchnorm])"),
        "각 Affine 뒤에 배치 정규화"
    );
    cb.click();
    assert!(!text(&root, "#lab-mnist .mnist-progress-text").contains("배치 정규화"));
    app.set_lang(Lang::En);
}
