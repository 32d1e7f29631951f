//! The backpropagation lab in the browser: the graph stepper draws and reaches the book's numbers, the
//! inspector steps and trains, the gradient check fills its table, and bad input is marked at the field.

use nnlab::i18n::Lang;
use nnlab::web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

use crate::util::{fresh_root, inked_pixels, q, sleep, text, type_into};

fn click(root: &Element, sel: &str) {
    q(root, sel).unchecked_into::<HtmlElement>().click();
}

fn mount() -> (Element, App) {
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.set_lang(Lang::En);
    app.show("backprop");
    (root, app)
}

#[wasm_bindgen_test]
fn the_graph_stepper_draws_the_books_apple_numbers() {
    let (root, _app) = mount();
    let canvas: HtmlCanvasElement = q(&root, "#lab-backprop .bp-graph canvas").unchecked_into();
    let start = inked_pixels(&canvas);
    assert!(start > 500, "the graph is blank ({start} inked pixels)");
    assert!(!text(&root, "#lab-backprop .bp-readout").contains("220"));
    // Two forward steps, two backward steps.
    for _ in 0..4 {
        click(&root, "#lab-backprop [data-role=graph-step]");
    }
    let readout = text(&root, "#lab-backprop .bp-readout");
    for v in ["220", "2.2", "110"] {
        assert!(readout.contains(v), "{v} missing from {readout}");
    }
    let done = inked_pixels(&canvas);
    assert!(
        done > start,
        "values and gradients added no ink: {done} <= {start}"
    );
}

#[wasm_bindgen_test]
fn choosing_the_fruit_graph_changes_the_picture_and_the_url() {
    let (root, _app) = mount();
    let canvas: HtmlCanvasElement = q(&root, "#lab-backprop .bp-graph canvas").unchecked_into();
    let before = inked_pixels(&canvas);
    let sel: HtmlSelectElement = q(&root, "#lab-backprop .bp-graph select").unchecked_into();
    sel.set_value("fruit");
    sel.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    assert_ne!(inked_pixels(&canvas), before);
    let hash = nnlab::web::dom::window().location().hash().unwrap();
    assert!(hash.contains("g=fruit"), "{hash}");
}

#[wasm_bindgen_test]
async fn the_inspector_steps_and_training_lowers_the_cost() {
    let (root, _app) = mount();
    let stage = || text(&root, "#lab-backprop .bp-stages li.current");
    let first = stage();
    click(&root, "#lab-backprop [data-role=ins-step]");
    assert_ne!(stage(), first);
    let cost = |s: String| -> f64 {
        // "N updates, cost on the four XOR samples C"
        s.rsplit(' ')
            .next()
            .unwrap()
            .replace('−', "-")
            .parse()
            .unwrap()
    };
    let before = cost(text(&root, "#lab-backprop .bp-progress"));
    click(&root, "#lab-backprop [data-role=ins-play]");
    sleep(600).await;
    click(&root, "#lab-backprop [data-role=ins-play]");
    let after = cost(text(&root, "#lab-backprop .bp-progress"));
    assert!(after < before, "cost {before} → {after}");
    // The inspector shows every stage's numbers after training.
    let steps = q(&root, "#lab-backprop .bp-steps").inner_html();
    assert!(
        steps.contains("<math") && steps.contains("W2[1][0]"),
        "{steps}"
    );
}

#[wasm_bindgen_test]
fn the_gradient_check_fills_a_passing_table() {
    let (root, _app) = mount();
    click(&root, "#lab-backprop [data-role=ins-check]");
    let n = |sel: &str| root.query_selector_all(sel).unwrap().length();
    // 2-2-1: W1 4 + b1 2 + W2 2 + b2 1; none fails, and a row is "pass" only when it could be judged.
    assert_eq!(n("#lab-backprop .bp-check tbody tr"), 9);
    assert_eq!(n("#lab-backprop .bp-check tbody tr.fail"), 0);
    assert!(n("#lab-backprop .bp-check tbody tr.pass") >= 5);
    // The criterion is stated on screen, floor included.
    let c = root
        .query_selector("#lab-backprop .bp-criterion")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(c.contains("0.001") && c.contains("0.01"), "{c}");
}

#[wasm_bindgen_test]
fn a_bad_learning_rate_is_marked_and_the_last_good_one_stays() {
    let (root, _app) = mount();
    let lr: HtmlInputElement =
        q(&root, "#lab-backprop .bp-inspector .field input").unchecked_into();
    for bad in ["", "abc", "NaN", "0", "99"] {
        type_into(&lr, bad);
        assert_eq!(
            lr.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{bad:?}"
        );
    }
    assert!(!text(&root, "#lab-backprop .bp-inspector .field-error").is_empty());
    // Nothing broke: stepping still works.
    click(&root, "#lab-backprop [data-role=ins-step]");
    type_into(&lr, "0.5");
    assert!(lr.get_attribute("aria-invalid").is_none());
}
