//! The CNN lab in the browser (issue #15), each view in English and Korean: the convolution arithmetic, im2col
//! and pooling views print the engine's numbers (`Convolution`/`Pooling` forward and backward on the same
//! example); a training Step runs on the page (no worker here) and draws; the parameter import refuses a file
//! of the wrong shape naming the array, and a DeepConvNet file is measured on the test digits, then draws its
//! feature maps.

use nnlab::i18n::Lang;
use nnlab::labs::cnn::arith::{num, ConvArith, ConvArithConfig};
use nnlab::labs::cnn::pool::{PoolDemo, PoolViewConfig};
use nnlab::net::DeepConvNetConfig;
use nnlab::web::mnist::preload_bundled;
use nnlab::web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, HtmlInputElement};

use crate::util::{fresh_root, inked_pixels, q, sleep, text};

const IMAGES: &[u8] = include_bytes!("../../www/data/mnist-images-idx3-ubyte.gz");
const LABELS: &[u8] = include_bytes!("../../www/data/mnist-labels-idx1-ubyte.gz");

fn mount(lang: Lang) -> (Element, App) {
    preload_bundled(IMAGES.to_vec(), LABELS.to_vec());
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.set_lang(lang);
    app.show("cnn");
    (root, app)
}

fn click(root: &Element, sel: &str) {
    q(root, sel).unchecked_into::<HtmlElement>().click();
}

/// Wait (up to `secs`) until `ok` holds for the element at `sel`; the element either way.
async fn wait_for(root: &Element, sel: &str, secs: u32, ok: impl Fn(&Element) -> bool) -> Element {
    for _ in 0..secs * 20 {
        if let Some(e) = root.query_selector(sel).unwrap() {
            if ok(&e) {
                return e;
            }
        }
        sleep(50).await;
    }
    q(root, sel)
}

fn attr(e: &Element, name: &str) -> String {
    e.get_attribute(name).unwrap_or_default()
}

/// Put `files` (name, bytes) into the file input `sel` as if picked together, and fire `change`.
fn pick_files(root: &Element, sel: &str, files: &[(&str, &[u8])]) {
    use js_sys::{Array, Reflect};
    let ctor: js_sys::Function = Reflect::get(&js_sys::global(), &"DataTransfer".into())
        .unwrap()
        .unchecked_into();
    let dt = Reflect::construct(&ctor, &Array::new()).unwrap();
    let items = Reflect::get(&dt, &"items".into()).unwrap();
    let add: js_sys::Function = Reflect::get(&items, &"add".into())
        .unwrap()
        .unchecked_into();
    for (name, bytes) in files {
        let parts = Array::of1(&js_sys::Uint8Array::from(*bytes));
        let file = web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap();
        add.call1(&items, &file).unwrap();
    }
    let list: web_sys::FileList = Reflect::get(&dt, &"files".into()).unwrap().unchecked_into();
    let input: HtmlInputElement = q(root, sel).unchecked_into();
    input.set_files(Some(&list));
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

fn pick_file(root: &Element, sel: &str, name: &str, bytes: &[u8]) {
    pick_files(root, sel, &[(name, bytes)]);
}

/// Views 1–3 in one language: every window's output cell is the engine's convolution, im2col's first row · W_col
/// is the engine's first output, and max pooling's output and routed dx are the engine's.
fn check_views(root: &Element, lang: Lang) {
    let a = ConvArith::new(ConvArithConfig::default()).unwrap();
    let engine = a.engine_forward().unwrap();
    assert_eq!(engine, a.outputs(), "the view's windows are the engine's");
    click(root, "#cnn-arith [data-key-action=reset]");
    for (k, want) in engine.iter().enumerate() {
        if k > 0 {
            click(root, "#cnn-arith [data-key-action=step]");
        }
        let cell = text(root, "#cnn-arith [data-role=cell]");
        assert!(
            cell.ends_with(&format!("= {}", num(*want))),
            "{lang:?} window {k}: {cell}"
        );
        let pos = text(root, "#cnn-arith [data-role=position]");
        let word = if lang == Lang::Ko {
            "위치"
        } else {
            "Position"
        };
        assert!(pos.contains(word), "{lang:?}: {pos}");
    }
    assert_eq!(
        text(root, "#cnn-arith [data-role=oh]"),
        "OH = (4 + 2·0 − 3)/1 + 1 = 2"
    );
    click(root, "#cnn-im2col [data-key-action=reset]");
    let dot = text(root, "#cnn-im2col [data-role=rowdot]");
    assert!(
        dot.trim().ends_with(&format!("= {}", num(engine[0]))),
        "{dot}"
    );
    let sizes = text(root, "#cnn-im2col [data-role=sizes]");
    assert!(sizes.contains("4 × 9"), "{sizes}");
    let p = PoolDemo::new(PoolViewConfig::default()).unwrap();
    let (out, dx) = p.engine().unwrap();
    click(root, "#cnn-pool [data-key-action=reset]");
    let max = text(root, "#cnn-pool [data-role=max]");
    assert!(max.ends_with(&format!("= {}", num(out[0]))), "{max}");
    let shown: Vec<String> = text(root, "#cnn-pool [data-role=dx]")
        .replace(['[', ']'], " ")
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let want: Vec<String> = dx.iter().map(|&v| num(v)).collect();
    assert_eq!(shown, want, "{lang:?}: dx routed by the view vs the engine");
    for sel in [
        "#cnn-arith canvas",
        "#cnn-im2col canvas",
        "#cnn-pool canvas",
    ] {
        let c: HtmlCanvasElement = q(root, sel).unchecked_into();
        assert!(inked_pixels(&c) > 300, "{sel} is blank");
    }
}

#[wasm_bindgen_test]
fn the_arithmetic_im2col_and_pooling_views_print_the_engines_numbers_in_both_languages() {
    let (root, app) = mount(Lang::En);
    assert!(!text(&root, "#cnn-arith h3").is_empty());
    check_views(&root, Lang::En);
    let en_title = text(&root, "#cnn-pool h3");
    app.set_lang(Lang::Ko);
    check_views(&root, Lang::Ko);
    let ko_title = text(&root, "#cnn-pool h3");
    assert_ne!(en_title, ko_title);
    assert!(
        ko_title.chars().any(|c| ('가'..='힣').contains(&c)),
        "{ko_title}"
    );
}

#[wasm_bindgen_test]
async fn a_training_step_runs_on_the_page_and_draws_in_both_languages() {
    let (root, app) = mount(Lang::En);
    let state = wait_for(&root, ".cnn-train [data-role=state]", 30, |e| {
        attr(e, "data-state") == "paused"
    })
    .await;
    assert_eq!(
        attr(&state, "data-state"),
        "paused",
        "{:?}",
        state.text_content()
    );
    assert!(text(&root, ".cnn-train [data-role=progress]").starts_with("Iteration 0 /"));
    assert!(text(&root, ".cnn-train [data-role=speed]").contains("on the page"));
    click(&root, ".cnn-train button[data-role=step]");
    let p = wait_for(&root, ".cnn-train [data-role=progress]", 30, |e| {
        e.text_content()
            .unwrap_or_default()
            .starts_with("Iteration 1 /")
    })
    .await;
    assert!(
        p.text_content().unwrap().starts_with("Iteration 1 / 1600"),
        "{:?}",
        p.text_content()
    );
    let speed = attr(
        &q(&root, ".cnn-train [data-role=speed]"),
        "data-samples-per-s",
    );
    assert!(speed.parse::<f64>().unwrap() > 0.0, "{speed}");
    let loss: HtmlCanvasElement =
        q(&root, ".cnn-train canvas[data-role=loss-chart]").unchecked_into();
    assert!(inked_pixels(&loss) > 500, "the loss chart is blank");
    // The filters changed after one Adam step (lr 0.001).
    let change = wait_for(&root, "[data-role=filter-change]", 10, |e| {
        attr(e, "data-change").parse::<f64>().is_ok_and(|v| v > 0.0)
    })
    .await;
    assert!(attr(&change, "data-change").parse::<f64>().unwrap() > 0.0);
    app.set_lang(Lang::Ko);
    let ko = text(&root, ".cnn-train [data-role=progress]");
    assert!(ko.starts_with("반복 1 / 1600"), "{ko}");
    assert!(text(&root, ".cnn-train [data-role=state]").contains("일시 정지"));
}

#[wasm_bindgen_test]
async fn the_import_refuses_a_wrong_shape_by_name_and_measures_a_deep_convnet() {
    let (root, app) = mount(Lang::En);
    wait_for(&root, ".cnn-train [data-role=state]", 30, |e| {
        attr(e, "data-state") == "paused"
    })
    .await;
    let deep = DeepConvNetConfig::default().build().unwrap();
    let mut arrays = deep.to_tensors();
    let w7 = arrays.iter_mut().find(|(n, _)| n == "W7").unwrap();
    w7.1.shape = vec![1000, 50];
    w7.1.data.truncate(1000 * 50);
    pick_file(
        &root,
        ".cnn-train input[data-role=params-file]",
        "deep_bad.npz",
        &nnlab::data::npz::write(&arrays),
    );
    let msg = wait_for(&root, ".message-text", 10, |e| {
        e.text_content().unwrap_or_default().contains("W7")
    })
    .await;
    let msg = msg.text_content().unwrap_or_default();
    assert!(msg.contains("W7") && msg.contains("1000"), "{msg}");
    app.set_lang(Lang::Ko);
    let ko = text(&root, ".message-text");
    assert!(ko.contains("W7") && ko != msg, "{ko}");
    app.set_lang(Lang::En);
    // A good DeepConvNet: measured on every test digit (on the page here, a batch at a time), inference only.
    pick_file(
        &root,
        ".cnn-train input[data-role=params-file]",
        "deep_convnet_params.npz",
        &nnlab::data::npz::write(&deep.to_tensors()),
    );
    let done = wait_for(&root, ".cnn-train [data-role=imported]", 120, |e| {
        e.has_attribute("data-acc")
    })
    .await;
    assert_eq!(attr(&done, "data-net"), "deep");
    let acc: f32 = attr(&done, "data-acc").parse().unwrap();
    assert!((0.0..=1.0).contains(&acc), "{acc}");
    let t = done.text_content().unwrap_or_default();
    assert!(
        t.contains("deep_convnet_params.npz") && t.contains("2000 test digits"),
        "{t}"
    );
    assert_eq!(
        attr(&q(&root, ".cnn-train [data-role=state]"), "data-state"),
        "deep"
    );
    assert!(text(&root, ".cnn-train [data-role=shape]").contains("DeepConvNet"));
    // The feature maps now come from DeepConvNet's first convolution: 16 maps of 28 × 28.
    let sizes = wait_for(&root, "#lab-cnn [data-role=map-sizes]", 5, |e| {
        e.text_content().unwrap_or_default().contains("16×28×28")
    })
    .await;
    assert!(
        sizes
            .text_content()
            .unwrap_or_default()
            .contains("16×28×28"),
        "{:?}",
        sizes.text_content()
    );
    // Train refuses, with the reason.
    click(&root, ".cnn-train button[data-role=run]");
    let m = text(&root, ".message-text");
    assert!(m.contains("inference only"), "{m}");
}

#[wasm_bindgen_test]
async fn the_cnn_trains_on_the_files_picked_in_the_mnist_lab() {
    use nnlab::data::idx::{self, IdxFile, Images};
    let (root, app) = mount(Lang::En);
    wait_for(&root, ".cnn-train [data-role=state]", 30, |e| {
        attr(e, "data-state") == "paused"
    })
    .await;
    let line = q(&root, ".cnn-train [data-role=cnn-source]");
    assert_eq!(attr(&line, "data-source"), "bundled");
    assert!(line
        .text_content()
        .unwrap()
        .contains("8000 to train, 2000 to test"));
    // None picked yet: refused with the reason.
    click(&root, ".cnn-train button[data-role=use-files]");
    assert!(text(&root, ".message-text").contains("MNIST lab"));
    // Official-style IDX files made from the bundled digits: 600 to train, 150 to test, picked in the MNIST lab.
    let all = nnlab::data::mnist::Mnist::from_idx(IMAGES, LABELS).unwrap();
    let file = |m: &nnlab::data::mnist::Mnist| {
        (
            idx::write(&IdxFile::Images(Images {
                count: m.len(),
                pixels: m.pixels.clone(),
            })),
            idx::write(&IdxFile::Labels(m.labels.clone())),
        )
    };
    let (tri, trl) = file(&all.head(600));
    let (tei, tel) = file(&all.subset(&(9000..9150).collect::<Vec<_>>()));
    app.show("mnist");
    wait_for(&root, "#lab-mnist .mnist-digit", 10, |_| true).await;
    pick_files(
        &root,
        "#lab-mnist input[data-role=idx-files]",
        &[
            ("train-images-idx3-ubyte", &tri),
            ("train-labels-idx1-ubyte", &trl),
            ("t10k-images-idx3-ubyte", &tei),
            ("t10k-labels-idx1-ubyte", &tel),
        ],
    );
    wait_for(&root, "#lab-mnist .mnist-status", 20, |e| {
        let t = e.text_content().unwrap_or_default();
        t.contains("t10k-images") && t.contains("train-images")
    })
    .await;
    app.show("cnn");
    click(&root, ".cnn-train button[data-role=use-files]");
    let line = wait_for(&root, ".cnn-train [data-role=cnn-source]", 10, |e| {
        attr(e, "data-source") == "files"
    })
    .await;
    let t = line.text_content().unwrap_or_default();
    assert!(
        t.contains("first 600 of the 600 in train-images-idx3-ubyte")
            && t.contains("all 150 in t10k-images"),
        "{t}"
    );
    assert_eq!(attr(&line, "data-test"), "150");
    assert!(text(&root, ".cnn-train [data-role=source-limits]").contains("10,000"));
    wait_for(&root, ".cnn-train [data-role=state]", 30, |e| {
        attr(e, "data-state") == "paused"
    })
    .await;
    click(&root, ".cnn-train button[data-role=step]");
    let p = wait_for(&root, ".cnn-train [data-role=progress]", 30, |e| {
        e.text_content()
            .unwrap_or_default()
            .starts_with("Iteration 1 /")
    })
    .await;
    assert!(p.text_content().unwrap().starts_with("Iteration 1 /"));
    app.set_lang(Lang::Ko);
    assert!(text(&root, ".cnn-train [data-role=cnn-source]").contains("t10k-images"));
    assert!(text(&root, ".cnn-train [data-role=cnn-source]").contains("시험"));
    app.set_lang(Lang::En);
    click(&root, ".cnn-train button[data-role=use-bundled]");
    let line = wait_for(&root, ".cnn-train [data-role=cnn-source]", 10, |e| {
        attr(e, "data-source") == "bundled"
    })
    .await;
    assert_eq!(attr(&line, "data-test"), "2000");
}

#[wasm_bindgen_test]
async fn mlp_vs_cnn_races_for_the_same_time_and_prints_both_curves() {
    let (root, app) = mount(Lang::En);
    wait_for(&root, ".cnn-train [data-role=state]", 30, |e| {
        attr(e, "data-state") == "paused"
    })
    .await;
    assert_eq!(
        attr(&q(&root, "[data-role=race-state]"), "data-state"),
        "idle"
    );
    assert!(text(&root, ".cnn-race").contains("5–120 s"));
    // A budget beyond the limits is marked at its field and does not start.
    let budget: HtmlInputElement = q(&root, "input[data-role=race-budget]").unchecked_into();
    crate::util::type_into(&budget, "500");
    click(&root, "button[data-role=race-start]");
    assert_eq!(
        budget.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        attr(&q(&root, "[data-role=race-state]"), "data-state"),
        "idle"
    );
    crate::util::type_into(&budget, "5");
    click(&root, "button[data-role=race-start]");
    let state = wait_for(&root, "[data-role=race-state]", 90, |e| {
        attr(e, "data-state") == "done"
    })
    .await;
    assert_eq!(attr(&state, "data-state"), "done");
    let row = |net: &str| q(&root, &format!("[data-role=race-table] tr[data-net={net}]"));
    for net in ["mlp", "cnn"] {
        let r = row(net);
        let acc: f32 = attr(&r, "data-acc").parse().unwrap();
        assert!((0.0..=1.0).contains(&acc), "{net}: {acc}");
        assert!(
            attr(&r, "data-steps").parse::<usize>().unwrap() > 0,
            "{net}"
        );
    }
    // Same time, cheaper steps: the MLP makes more of them.
    let steps = |net: &str| attr(&row(net), "data-steps").parse::<usize>().unwrap();
    assert!(
        steps("mlp") > steps("cnn"),
        "{} vs {}",
        steps("mlp"),
        steps("cnn")
    );
    let curve = text(&root, "[data-role=race-curve-mlp]");
    assert!(
        curve.starts_with("MLP: 0 s:") && curve.contains("5 s:"),
        "{curve}"
    );
    assert_eq!(curve.matches(" s: ").count(), 11, "{curve}");
    let chart: HtmlCanvasElement = q(&root, "canvas[data-role=race-chart]").unchecked_into();
    assert!(inked_pixels(&chart) > 500);
    app.set_lang(Lang::Ko);
    assert!(text(&root, "[data-role=race-state]").contains("시간"));
    assert!(text(&root, "[data-role=race-table]").contains("매개변수"));
}
