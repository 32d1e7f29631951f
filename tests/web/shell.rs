//! The page shell and the activation lab: navigation, language switch, chart, field validation, animation loop.

use std::cell::Cell;
use std::rc::Rc;

use nnlab::i18n::{t, Lang};
use nnlab::labs::catalog::LABS;
use nnlab::web::{dom, AnimLoop, App};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlInputElement};

use crate::util::{fresh_root, inked_pixels, q, sleep, text, type_into};

#[wasm_bindgen_test]
fn the_shell_lists_every_lab_and_marks_unbuilt_ones_as_coming() {
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.set_lang(Lang::En);
    let links = root.query_selector_all(".lab-link").unwrap();
    assert_eq!(links.length() as usize, LABS.len());
    let coming = root
        .query_selector_all(".lab-link.is-coming")
        .unwrap()
        .length() as usize;
    assert_eq!(coming, LABS.iter().filter(|l| !l.live).count());
    // Routing: showing a lab reveals its section only, and marks its link.
    app.show("mnist");
    assert_eq!(app.current(), Some("mnist"));
    assert!(!q(&root, "#lab-mnist").has_attribute("hidden"));
    assert!(q(&root, "#lab-activation").has_attribute("hidden"));
    assert_eq!(
        q(&root, ".lab-link[href='#mnist']")
            .get_attribute("aria-current")
            .as_deref(),
        Some("page")
    );
    // A lab that is not built yet shows the "coming" card (none is left now; the branch stays for new labs).
    if let Some(info) = LABS.iter().find(|l| !l.live) {
        app.show(info.id);
        assert_eq!(app.current(), Some(info.id));
        let section = q(&root, &format!("#lab-{}", info.id));
        assert!(!section.has_attribute("hidden"));
        assert!(section
            .text_content()
            .unwrap()
            .contains(t(Lang::En, "coming.title")));
        assert!(q(&root, "#lab-activation").has_attribute("hidden"));
    }
}

#[wasm_bindgen_test]
fn the_language_switch_changes_the_visible_text() {
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.set_lang(Lang::Ko);
    let ko = text(&root, "header.top h1");
    assert_eq!(ko, t(Lang::Ko, "app.title"));
    assert_eq!(
        dom::document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("ko")
    );
    q(&root, ".lang-switch")
        .unchecked_into::<HtmlElement>()
        .click();
    assert_eq!(app.lang(), Lang::En);
    let en = text(&root, "header.top h1");
    assert_eq!(en, t(Lang::En, "app.title"));
    assert_ne!(ko, en);
    assert_eq!(
        text(&root, "#lab-activation h2"),
        t(Lang::En, "lab.activation")
    );
    assert_eq!(
        dom::document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
    // The choice is remembered for the next visit.
    assert_eq!(dom::initial_lang(), Lang::En);
}

#[wasm_bindgen_test]
fn the_activation_chart_draws_and_follows_its_controls() {
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.show("activation");
    let canvas: HtmlCanvasElement = q(&root, "#lab-activation canvas").unchecked_into();
    let before = inked_pixels(&canvas);
    assert!(before > 500, "the chart is blank ({before} inked pixels)");

    // Turning on the derivative adds dashed curves: more ink.
    let deriv: HtmlInputElement =
        q(&root, "#lab-activation input[data-role=derivative]").unchecked_into();
    deriv.click();
    let with_deriv = inked_pixels(&canvas);
    assert!(with_deriv > before, "{with_deriv} <= {before}");
}

#[wasm_bindgen_test]
fn bad_input_is_marked_at_the_field_and_the_last_good_value_stays() {
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.set_lang(Lang::En);
    app.show("activation");
    let field: HtmlInputElement = q(&root, "#lab-activation .field input").unchecked_into();
    let good = field.value();
    for bad in ["", "abc", "NaN", "1e9"] {
        type_into(&field, bad);
        assert_eq!(
            field.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{bad:?} accepted"
        );
        let err = text(&root, "#lab-activation .field-error");
        assert!(!err.is_empty(), "no message for {bad:?}");
    }
    // A good value clears the mark.
    type_into(&field, &good);
    assert!(field.get_attribute("aria-invalid").is_none());
    // The error message follows the language too.
    type_into(&field, "abc");
    let en = text(&root, "#lab-activation .field-error");
    app.set_lang(Lang::Ko);
    let ko = text(&root, "#lab-activation .field-error");
    assert_ne!(en, ko);
}

#[wasm_bindgen_test]
async fn the_animation_loop_runs_within_its_budget_and_pauses() {
    let ticks = Rc::new(Cell::new(0u32));
    let t2 = ticks.clone();
    let anim = AnimLoop::new(8.0, move |budget| {
        // Work until the budget is spent, as a training loop does.
        let mut steps = 0;
        while budget.has_time() && steps < 1000 {
            steps += 1;
        }
        t2.set(t2.get() + 1);
        true
    });
    anim.play();
    sleep(300).await;
    assert!(ticks.get() >= 2, "only {} frames", ticks.get());
    anim.pause();
    assert!(!anim.is_running());
    let paused_at = ticks.get();
    sleep(150).await;
    assert_eq!(ticks.get(), paused_at, "ticks ran after pause");
}
