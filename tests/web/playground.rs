//! The XOR & 2-D playground in the browser: it mounts and draws, steps change the boundary picture, Play
//! trains the 2-2-1 network until it solves XOR, bad input is marked and keeps the run, and a route with
//! settings builds that network, and the batch norm switch adds its layers and goes into the link.

use nnlab::i18n::Lang;
use nnlab::urlstate::Route;
use nnlab::web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlInputElement};

use crate::util::{fresh_root, inked_pixels, q, sleep, text, type_into};

fn canvas(root: &web_sys::Element, sel: &str) -> HtmlCanvasElement {
    q(root, sel).unchecked_into()
}

fn pixels(c: &HtmlCanvasElement) -> Vec<u8> {
    let ctx: web_sys::CanvasRenderingContext2d =
        c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
        .unwrap()
        .data()
        .to_vec()
}

fn status(root: &web_sys::Element, key: &str) -> f64 {
    q(root, "#lab-playground .pg-status")
        .get_attribute(&format!("data-{key}"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

fn click(root: &web_sys::Element, sel: &str) {
    q(root, sel).unchecked_into::<HtmlElement>().click();
}

fn mount() -> (web_sys::Element, App) {
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.set_lang(Lang::En);
    app.show("playground");
    (root, app)
}

#[wasm_bindgen_test]
fn the_playground_draws_and_steps_change_the_boundary() {
    let (root, app) = mount();
    assert_eq!(app.current(), Some("playground"));
    let b = canvas(&root, "#lab-playground canvas.pg-boundary");
    // The untrained XOR boundary is pale (y near ½ is white), so count any tint, not only ink.
    let tinted = pixels(&b)
        .chunks(4)
        .filter(|p| p[3] > 0 && p[..3].iter().any(|&c| c < 250))
        .count();
    assert!(tinted > 2000, "the boundary is blank: {tinted}");
    assert!(inked_pixels(&canvas(&root, "#lab-playground canvas.pg-network")) > 200);
    assert!(text(&root, "#lab-playground .pg-status").contains("2-2-1"));
    assert_eq!(status(&root, "iteration"), 0.0);
    let before = pixels(&b);
    for _ in 0..300 {
        click(&root, "#lab-playground .pg-step");
    }
    assert_eq!(status(&root, "iteration"), 300.0);
    assert_ne!(
        pixels(&b),
        before,
        "300 steps did not change the boundary picture"
    );
    // Reset: back to iteration 0 and the very same initial picture (same seed, same weights).
    click(&root, "#lab-playground .pg-reset");
    assert_eq!(status(&root, "iteration"), 0.0);
    assert_eq!(pixels(&b), before);
    app.show("activation");
}

#[wasm_bindgen_test]
async fn play_trains_the_2_2_1_network_until_it_solves_xor() {
    let (root, app) = mount();
    click(&root, "#lab-playground .pg-play");
    let mut waited = 0;
    // Learned = every point right AND a low loss; how many steps run per poll depends on the machine's load,
    // so wait for both within the same 10 s rather than reading the loss at the first 100 %.
    while (status(&root, "acc") < 1.0 || status(&root, "loss") >= 0.5) && waited < 10_000 {
        sleep(100).await;
        waited += 100;
    }
    click(&root, "#lab-playground .pg-play");
    assert_eq!(status(&root, "acc"), 1.0, "XOR not learned in 10 s");
    assert!(status(&root, "loss") < 0.5);
    assert!(
        text(&root, "#lab-playground .pg-play").contains("Play"),
        "not paused"
    );
    web_sys::console::log_1(&format!("browser: XOR learned after about {waited} ms").into());
    app.show("activation");
}

#[wasm_bindgen_test]
fn bad_input_is_marked_and_a_good_one_restarts_from_the_seed() {
    let (root, app) = mount();
    for _ in 0..5 {
        click(&root, "#lab-playground .pg-step");
    }
    let inputs = root
        .query_selector_all("#lab-playground .field input")
        .unwrap();
    // The learning-rate field, found by its label.
    let lr: HtmlInputElement = (0..inputs.length())
        .filter_map(|i| inputs.get(i)?.dyn_into::<HtmlInputElement>().ok())
        .find(|inp| {
            inp.parent_element()
                .and_then(|l| l.text_content())
                .is_some_and(|t| t.contains("Learning rate"))
        })
        .expect("a learning-rate field");
    type_into(&lr, "abc");
    assert_eq!(lr.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        status(&root, "iteration"),
        5.0,
        "bad input must not restart"
    );
    type_into(&lr, "50");
    assert_eq!(lr.get_attribute("aria-invalid").as_deref(), Some("true"));
    type_into(&lr, "0.5");
    assert_eq!(lr.get_attribute("aria-invalid"), None);
    assert_eq!(status(&root, "iteration"), 0.0, "a new lr restarts");
    app.show("activation");
}

#[wasm_bindgen_test]
fn a_route_with_settings_builds_that_network() {
    let (root, app) = mount();
    app.show_route(&Route::parse(
        "#playground?d=blobs3&n=150&h=8,4&a=relu,tanh&o=softmax&opt=adam&lr=0.01",
    ));
    assert!(
        text(&root, "#lab-playground .pg-status").contains("2-8-4-3"),
        "{}",
        text(&root, "#lab-playground .pg-status")
    );
    let b = canvas(&root, "#lab-playground canvas.pg-boundary");
    let before = pixels(&b);
    for _ in 0..50 {
        click(&root, "#lab-playground .pg-step");
    }
    assert_ne!(pixels(&b), before);
    app.show("activation");
}

#[wasm_bindgen_test]
fn the_batch_norm_switch_adds_the_layers_goes_into_the_link_and_relabels() {
    let (root, app) = mount();
    let cb: HtmlInputElement =
        q(&root, "#lab-playground input[data-role=batchnorm]").unchecked_into();
    assert!(!cb.checked(), "off by default");
    assert!(!text(&root, "#lab-playground .pg-status").contains("batch norm"));
    cb.click();
    let status_text = text(&root, "#lab-playground .pg-status");
    assert!(
        status_text.contains("2-2-1 (+ batch norm)"),
        "{status_text}"
    );
    let hash = nnlab::web::dom::window().location().hash().unwrap();
    assert!(hash.contains("bn=1"), "{hash}");
    for _ in 0..20 {
        click(&root, "#lab-playground .pg-step");
    }
    assert_eq!(status(&root, "iteration"), 20.0);
    assert!(status(&root, "loss").is_finite());
    app.set_lang(Lang::Ko);
    let label = text(
        &root,
        "#lab-playground label:has(input[data-role=batchnorm])",
    );
    assert_eq!(label, "각 Affine 뒤에 배치 정규화");
    cb.click();
    assert!(nnlab::web::dom::window()
        .location()
        .hash()
        .unwrap()
        .contains("bn=0"));
    assert_eq!(
        status(&root, "iteration"),
        0.0,
        "the switch restarts the run"
    );
    app.set_lang(Lang::En);
    app.show("activation");
}
