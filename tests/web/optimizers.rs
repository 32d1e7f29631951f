//! The optimizers lab in the browser: the race draws, reset/step/play drive it, a racer can be switched off,
//! bad hyperparameters are marked, a diverging lr is reported in words, and the start point follows its fields.

use nnlab::i18n::Lang;
use nnlab::web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, HtmlInputElement};

use crate::util::{fresh_root, inked_pixels, q, sleep, text, type_into};

fn mount() -> (Element, App) {
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.set_lang(Lang::En);
    app.show("optimizers");
    (root, app)
}

fn click(root: &Element, sel: &str) {
    q(root, sel).unchecked_into::<HtmlElement>().click();
}

fn rows(root: &Element) -> u32 {
    root.query_selector_all("#lab-optimizers .opt-results tbody tr[data-kind]")
        .unwrap()
        .length()
}

fn plot(root: &Element) -> HtmlCanvasElement {
    q(root, "#lab-optimizers canvas.plot").unchecked_into()
}

#[wasm_bindgen_test]
fn the_race_draws_and_reset_and_step_drive_it() {
    let (root, _app) = mount();
    let full = inked_pixels(&plot(&root));
    assert!(full > 2000, "the contour plot is nearly blank ({full})");
    let loss: HtmlCanvasElement = q(&root, "#lab-optimizers canvas.opt-loss").unchecked_into();
    assert!(inked_pixels(&loss) > 1000, "the loss chart is blank");
    assert_eq!(rows(&root), 6);
    assert_eq!(text(&root, "#lab-optimizers .progress"), "Step 30 of 30");
    let sgd = text(&root, "#lab-optimizers tr[data-kind=sgd]");
    assert!(sgd.contains("finished (30 steps)"), "{sgd}");

    click(&root, "#lab-optimizers button[data-role=reset]");
    assert_eq!(text(&root, "#lab-optimizers .progress"), "Step 0 of 30");
    let at_start = inked_pixels(&plot(&root));
    assert!(
        at_start < full,
        "no paths left after reset: {at_start} vs {full}"
    );
    // SGD's first step from (−7, 2) with lr 0.95 lands on (−6.335, −1.8).
    click(&root, "#lab-optimizers button[data-role=step]");
    assert_eq!(text(&root, "#lab-optimizers .progress"), "Step 1 of 30");
    let sgd = text(&root, "#lab-optimizers tr[data-kind=sgd]");
    assert!(sgd.contains("−6.335") && sgd.contains("−1.8"), "{sgd}");
}

#[wasm_bindgen_test]
async fn play_runs_the_race_and_pauses() {
    let (root, _app) = mount();
    click(&root, "#lab-optimizers button[data-role=reset]");
    let speed: HtmlInputElement =
        q(&root, "#lab-optimizers .opt-run .field input").unchecked_into();
    type_into(&speed, "200");
    click(&root, "#lab-optimizers button[data-role=play]");
    assert_eq!(
        text(&root, "#lab-optimizers button[data-role=play]"),
        "Pause"
    );
    sleep(600).await;
    assert_eq!(text(&root, "#lab-optimizers .progress"), "Step 30 of 30");
    // Finished by itself: the button offers Play again.
    assert_eq!(
        text(&root, "#lab-optimizers button[data-role=play]"),
        "Play"
    );
}

#[wasm_bindgen_test]
fn a_racer_can_be_left_out_and_the_url_follows() {
    let (root, _app) = mount();
    click(&root, "#lab-optimizers input[data-kind=momentum]");
    assert_eq!(rows(&root), 5);
    let hash = nnlab::web::dom::window().location().hash().unwrap();
    assert!(
        hash.contains("on=sgd,nesterov,adagrad,rmsprop,adam"),
        "{hash}"
    );
}

#[wasm_bindgen_test]
fn bad_hyperparameters_are_marked_and_a_big_lr_diverges_in_words() {
    let (root, _app) = mount();
    let lr: HtmlInputElement = q(&root, "#lab-optimizers .opt-racer .field input").unchecked_into();
    for bad in ["0", "NaN", "1e9", ""] {
        type_into(&lr, bad);
        assert_eq!(
            lr.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{bad:?} accepted"
        );
    }
    // The last good lr (0.95) still runs: SGD still finishes.
    assert!(text(&root, "#lab-optimizers tr[data-kind=sgd]").contains("finished"));
    // lr 1.5 is allowed and SGD diverges on x²/20 + y²: said in words, in the table.
    type_into(&lr, "1.5");
    assert!(lr.get_attribute("aria-invalid").is_none());
    let steps: HtmlInputElement = q(
        &root,
        "#lab-optimizers .controls > .field:nth-of-type(3) input",
    )
    .unchecked_into();
    type_into(&steps, "100");
    let sgd = text(&root, "#lab-optimizers tr[data-kind=sgd]");
    assert!(sgd.contains("diverged at step 19"), "{sgd}");
}

#[wasm_bindgen_test]
fn the_start_point_follows_its_fields_and_the_surface_its_buttons() {
    let (root, _app) = mount();
    let before = text(&root, "#lab-optimizers tr[data-kind=adam]");
    let x: HtmlInputElement = q(&root, "#lab-optimizers .controls > .field input").unchecked_into();
    type_into(&x, "5");
    let after = text(&root, "#lab-optimizers tr[data-kind=adam]");
    assert_ne!(before, after);
    click(&root, "#lab-optimizers input[data-surface=saddle]");
    let adam = text(&root, "#lab-optimizers tr[data-kind=adam]");
    assert!(adam.contains("escaped the saddle"), "{adam}");
    let math = q(&root, "#lab-optimizers .controls .formula math");
    assert!(math.text_content().unwrap().contains('−'));
}
