//! The loss lab in a real browser: the book's SSE/CEE numbers, presets and the class picker change the text
//! and the charts, bad y is marked and the losses stay, the batch size, and w moved from the keyboard.

use nnlab::i18n::Lang;
use nnlab::web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlCanvasElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

use crate::util::{fresh_root, inked_pixels, q, text, type_into};

fn mount() -> (web_sys::Element, App) {
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.set_lang(Lang::En);
    app.show("loss");
    (root, app)
}

fn canvas(root: &web_sys::Element, aria: &str) -> HtmlCanvasElement {
    q(
        root,
        &format!("#lab-loss canvas[data-i18n-aria=\"{aria}\"]"),
    )
    .unchecked_into()
}

#[wasm_bindgen_test]
fn the_books_numbers_and_the_wrong_guess_preset() {
    let (root, _app) = mount();
    assert!(text(&root, "#lab-loss [data-loss=sse]").contains("0.0975"));
    assert!(text(&root, "#lab-loss [data-loss=cee]").contains("0.51083"));
    let bars = canvas(&root, "loss.bars.chart");
    let before = inked_pixels(&bars);
    assert!(before > 300, "y bars blank ({before})");
    q(&root, "#lab-loss button[data-preset=book_wrong]")
        .unchecked_into::<HtmlElement>()
        .click();
    assert!(text(&root, "#lab-loss [data-loss=sse]").contains("0.5975"));
    assert!(text(&root, "#lab-loss [data-loss=cee]").contains("2.3026"));
    assert_ne!(inked_pixels(&bars), before, "the bars did not change");
}

#[wasm_bindgen_test]
fn the_class_picker_moves_t_and_the_curve_marker() {
    let (root, _app) = mount();
    let curve = canvas(&root, "loss.curve.chart");
    let before = inked_pixels(&curve);
    let r: HtmlInputElement =
        q(&root, "#lab-loss input[name=loss-t][value=\"3\"]").unchecked_into();
    r.click();
    // y₃ = 0: CEE is capped by δ at −log(1e-7) ≈ 16.118.
    assert!(text(&root, "#lab-loss [data-loss=cee]").contains("16.118"));
    assert!(text(&root, "#lab-loss .terms-table tr.true-class").starts_with('3'));
    assert_ne!(
        inked_pixels(&curve),
        before,
        "the −log y chart did not change"
    );
}

#[wasm_bindgen_test]
fn bad_y_is_marked_and_the_last_good_losses_stay() {
    let (root, _app) = mount();
    let y0: HtmlInputElement = q(&root, "#lab-loss .vfield .vcell input").unchecked_into();
    let cee = text(&root, "#lab-loss [data-loss=cee]");
    for bad in ["", "x", "NaN", "1.5", "-0.1"] {
        type_into(&y0, bad);
        assert_eq!(
            y0.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{bad:?}"
        );
        assert!(!text(&root, "#lab-loss .vfield .field-error").is_empty());
        assert_eq!(text(&root, "#lab-loss [data-loss=cee]"), cee);
    }
    // 0.5 is valid but the sum is no longer 1: flagged; normalize fixes it.
    type_into(&y0, "0.5");
    let sum = q(&root, "#lab-loss .sum-check");
    assert_eq!(sum.get_attribute("data-state").as_deref(), Some("bad"));
    q(&root, "#lab-loss button.normalize")
        .unchecked_into::<HtmlElement>()
        .click();
    assert_eq!(sum.get_attribute("data-state").as_deref(), Some("ok"));
}

#[wasm_bindgen_test]
fn the_batch_size_shows_that_many_rows_and_their_mean() {
    let (root, _app) = mount();
    let visible = || {
        root.query_selector_all("#lab-loss .batch-table tbody tr:not([hidden])")
            .unwrap()
            .length()
    };
    assert_eq!(visible(), 3);
    let size: HtmlSelectElement =
        q(&root, "#lab-loss select[data-role=batch-size]").unchecked_into();
    let mean3 = text(&root, "#lab-loss [data-loss=batch]");
    size.set_value("5");
    size.dispatch_event(&Event::new("change").unwrap()).unwrap();
    assert_eq!(visible(), 5);
    let mean5 = text(&root, "#lab-loss [data-loss=batch]");
    assert_ne!(mean3, mean5);
    assert!(mean5.contains('5'), "divided by N = 5: {mean5}");
}

#[wasm_bindgen_test]
fn arrow_keys_move_w_on_the_accuracy_chart() {
    let (root, _app) = mount();
    let acc = canvas(&root, "loss.acc.chart_acc");
    assert!(inked_pixels(&acc) > 300, "accuracy chart blank");
    let readout = || text(&root, "#lab-loss .loss-accuracy .readout");
    let before = readout();
    assert!(before.contains("w = 0.5"), "{before}");
    for _ in 0..4 {
        acc.dispatch_event(&key_event("ArrowLeft")).unwrap();
    }
    let after = readout();
    assert!(after.contains("w = 0.3"), "{after}");
}

/// `new KeyboardEvent("keydown", { key })`, built through js-sys (web-sys's KeyboardEventInit is not enabled).
fn key_event(key: &str) -> Event {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"key".into(), &key.into()).unwrap();
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"KeyboardEvent".into())
        .unwrap()
        .unchecked_into();
    js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&"keydown".into(), &init))
        .unwrap()
        .unchecked_into()
}
