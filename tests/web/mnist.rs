//! The MNIST lab in the browser: the bundled digits load (handed in with `preload_bundled`, since the test page
//! has no data folder), the gallery and the load_mnist options render, training steps run and the charts draw,
//! a paused run fills the confusion matrix and the weight images, a gallery digit is classified, and a bad
//! hidden-size entry is marked at its field.

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
