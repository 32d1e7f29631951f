//! Browser tests (wasm-bindgen-test in headless Chromium: `make test-browser`). They mount the real shell
//! into a test page and drive it as a user would: switch the language, open a lab, type bad input, watch
//! the chart draw, and run and pause the animation loop.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use nnlab::i18n::{t, Lang};
use nnlab::labs::catalog::LABS;
use nnlab::web::{dom, AnimLoop, App};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlCanvasElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> Element {
    let doc = dom::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    root
}

fn q(root: &Element, sel: &str) -> Element {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no element {sel}"))
}

fn text(root: &Element, sel: &str) -> String {
    q(root, sel).text_content().unwrap_or_default()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        dom::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Count the canvas pixels that are not (near) white.
fn inked_pixels(canvas: &HtmlCanvasElement) -> usize {
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = ctx
        .get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .unwrap()
        .data();
    data.chunks(4)
        .filter(|p| p[3] > 0 && (p[0] < 200 || p[1] < 200 || p[2] < 200))
        .count()
}

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
    app.show("mnist");
    assert_eq!(app.current(), Some("mnist"));
    let section = q(&root, "#lab-mnist");
    assert!(!section.has_attribute("hidden"));
    assert!(section
        .text_content()
        .unwrap()
        .contains(t(Lang::En, "coming.title")));
    assert!(q(&root, "#lab-activation").has_attribute("hidden"));
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
        field.set_value(bad);
        field.dispatch_event(&Event::new("input").unwrap()).unwrap();
        assert_eq!(
            field.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{bad:?} accepted"
        );
        let err = text(&root, "#lab-activation .field-error");
        assert!(!err.is_empty(), "no message for {bad:?}");
    }
    // A good value clears the mark.
    field.set_value(&good);
    field.dispatch_event(&Event::new("input").unwrap()).unwrap();
    assert!(field.get_attribute("aria-invalid").is_none());
    // The error message follows the language too.
    field.set_value("abc");
    field.dispatch_event(&Event::new("input").unwrap()).unwrap();
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
