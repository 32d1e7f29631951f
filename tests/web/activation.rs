//! The activation lab's panels in a real browser: softmax (the overflow preset gives NaN naively, the bars
//! change) and the non-linearity demonstration (ReLU breaks the composed layer; bad input keeps the last state).

use nnlab::i18n::Lang;
use nnlab::web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlInputElement};

use crate::util::{fresh_root, inked_pixels, q, text, type_into};

fn mount() -> (web_sys::Element, App) {
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.set_lang(Lang::En);
    app.show("activation");
    (root, app)
}

#[wasm_bindgen_test]
fn the_overflow_preset_turns_the_naive_softmax_into_nan_and_redraws_the_bars() {
    let (root, _app) = mount();
    let bars: HtmlCanvasElement = q(&root, "#lab-activation canvas.bars").unchecked_into();
    let before = inked_pixels(&bars);
    assert!(before > 300, "softmax bars blank ({before})");
    assert!(!text(&root, "#lab-activation .sm-naive tbody").contains("NaN"));
    let note = q(&root, "#lab-activation .overflow-note");
    assert_eq!(note.get_attribute("data-state").as_deref(), Some("ok"));

    q(&root, "#lab-activation button[data-preset=overflow]")
        .unchecked_into::<HtmlElement>()
        .click();
    let naive = text(&root, "#lab-activation .sm-naive tbody");
    assert_eq!(naive.matches("NaN").count(), 3, "{naive}");
    let stable = text(&root, "#lab-activation .sm-stable tbody");
    assert!(stable.contains("0.999955"), "{stable}");
    assert_eq!(note.get_attribute("data-state").as_deref(), Some("nan"));
    assert!(note.text_content().unwrap().contains("∞/∞"));
    let after = inked_pixels(&bars);
    assert_ne!(after, before, "the bars did not change");
    // The sum and the order are stated.
    let summary = text(&root, "#lab-activation .sm-summary");
    assert!(
        summary.contains("= 1") && summary.contains("a1") && summary.contains("y1"),
        "{summary}"
    );
}

#[wasm_bindgen_test]
fn relu_between_two_linear_layers_breaks_the_composition() {
    let (root, _app) = mount();
    let verdict = || q(&root, "#lab-activation .verdict").get_attribute("data-state");
    assert_eq!(verdict().as_deref(), Some("same"));
    // The composed W = W2W1 = [[3, −0.5], [3, 2]] is shown.
    let out = text(&root, "#lab-activation .lin-out");
    assert!(out.contains("−0.5") && out.contains("5.5"), "{out}");

    let relu: HtmlInputElement = q(&root, "#lab-activation input[data-role=relu]").unchecked_into();
    relu.click();
    assert_eq!(verdict().as_deref(), Some("differ"));

    // A bad weight is marked, and the last good result stays.
    let w11: HtmlInputElement =
        q(&root, "#lab-activation .linear-panel .vcell input").unchecked_into();
    let shown = text(&root, "#lab-activation .lin-out");
    type_into(&w11, "abc");
    assert_eq!(w11.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(!text(&root, "#lab-activation .linear-panel .field-error").is_empty());
    assert_eq!(text(&root, "#lab-activation .lin-out"), shown);
    // A good one updates W: w11 = 3 gives W2W1 first row 1·3 + 1·2 = 5.
    type_into(&w11, "3");
    assert!(w11.get_attribute("aria-invalid").is_none());
    assert_ne!(text(&root, "#lab-activation .lin-out"), shown);
}
