//! The gradients & descent lab in the browser: each panel mounts and draws, and its controls change the
//! numbers and the pixels (book values at x = 5 and 10, f32 vs f64, presets, play/step/reset, simpleNet).

use nnlab::i18n::Lang;
use nnlab::web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, HtmlInputElement};

use crate::util::{fresh_root, inked_pixels, q, sleep, text, type_into};

fn click(root: &Element, sel: &str) {
    q(root, sel).unchecked_into::<HtmlElement>().click();
}

fn canvas(root: &Element, sel: &str) -> HtmlCanvasElement {
    q(root, sel).unchecked_into()
}

/// A checksum of a canvas's pixels: changes when anything drawn changes.
fn pixels(c: &HtmlCanvasElement) -> u64 {
    let ctx: web_sys::CanvasRenderingContext2d =
        c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx
        .get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
        .unwrap()
        .data();
    data.iter().enumerate().fold(0u64, |h, (i, &v)| {
        h.wrapping_mul(31).wrapping_add(v as u64 ^ i as u64)
    })
}

fn mount() -> (Element, App) {
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.set_lang(Lang::En);
    app.show("gradient");
    (root, app)
}

fn rows(root: &Element, sel: &str) -> u32 {
    root.query_selector_all(sel).unwrap().length()
}

#[wasm_bindgen_test]
fn the_derivative_panel_shows_the_books_values_and_redraws_when_x_moves() {
    let (root, app) = mount();
    assert_eq!(app.current(), Some("gradient"));
    let f = canvas(&root, "#grad-panel-diff canvas");
    let e = canvas(&root, "#grad-panel-diff canvas.grad-wide");
    assert!(inked_pixels(&f) > 1000, "function chart blank");
    assert!(inked_pixels(&e) > 1000, "error chart blank");
    let central = || {
        text(
            &root,
            "#grad-panel-diff tr[data-formula=central] td:nth-child(3)",
        )
    };
    assert!(
        central().starts_with("0.2") || central().starts_with("0.1999"),
        "{}",
        central()
    );
    let before = pixels(&f);
    click(&root, "#grad-panel-diff button[data-i18n-arg=\"10\"]");
    assert!(
        central().starts_with("0.3") || central().starts_with("0.2999"),
        "{}",
        central()
    );
    assert_ne!(pixels(&f), before, "the tangent did not move");
}

#[wasm_bindgen_test]
fn f32_shows_more_rounding_error_and_a_bad_h_is_marked() {
    let (root, _app) = mount();
    let err = || {
        text(
            &root,
            "#grad-panel-diff tr[data-formula=central] td:nth-child(4)",
        )
        .replace('−', "-")
        .parse::<f64>()
        .unwrap()
    };
    let e64 = err();
    let e = canvas(&root, "#grad-panel-diff canvas.grad-wide");
    let before = pixels(&e);
    click(
        &root,
        "#grad-panel-diff input[name=grad-prec][value=\"32\"]",
    );
    assert!(err() > e64 * 100.0, "f32 {} vs f64 {e64}", err());
    assert_ne!(pixels(&e), before, "the error plot did not change");
    let h: HtmlInputElement = root
        .query_selector_all("#grad-panel-diff .field input")
        .unwrap()
        .get(1)
        .unwrap()
        .unchecked_into();
    let good = err();
    type_into(&h, "0");
    assert_eq!(h.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(err(), good, "a bad h changed the numbers");
}

#[wasm_bindgen_test]
fn the_field_panel_reads_the_books_gradient() {
    let (root, _app) = mount();
    click(&root, ".grad-tab[data-tab=field]");
    assert!(!q(&root, "#grad-panel-field").has_attribute("hidden"));
    assert!(q(&root, "#grad-panel-diff").has_attribute("hidden"));
    let c = canvas(&root, "#grad-panel-field canvas");
    assert!(inked_pixels(&c) > 3000);
    let before = pixels(&c);
    click(&root, "#grad-panel-field button[data-i18n-arg=\"(3, 0)\"]");
    assert_eq!(
        text(&root, "#grad-panel-field td[data-role=analytic]"),
        "(6, 0)"
    );
    assert_ne!(pixels(&c), before);
}

#[wasm_bindgen_test]
async fn descent_presets_steps_and_play_change_the_path() {
    let (root, app) = mount();
    click(&root, ".grad-tab[data-tab=descent]");
    let c = canvas(&root, "#grad-panel-descent canvas");
    let status = "#grad-panel-descent .grad-status";
    let table = "#grad-panel-descent details tbody tr";
    assert_eq!(
        q(&root, status).get_attribute("data-outcome").as_deref(),
        Some("converged")
    );
    let good = pixels(&c);
    click(&root, "#grad-panel-descent button[data-preset=big]");
    assert_eq!(
        q(&root, status).get_attribute("data-outcome").as_deref(),
        Some("diverged")
    );
    assert!(
        text(&root, status).contains("2.6e13"),
        "{}",
        text(&root, status)
    );
    assert_ne!(pixels(&c), good);
    click(&root, "#grad-panel-descent button[data-preset=good]");
    assert_eq!(rows(&root, table), 101);
    click(&root, "#grad-panel-descent button[data-role=reset]");
    assert_eq!(rows(&root, table), 1);
    click(&root, "#grad-panel-descent button[data-role=step]");
    assert_eq!(rows(&root, table), 2);
    click(&root, "#grad-panel-descent button[data-role=play]");
    sleep(300).await;
    let playing = rows(&root, table);
    assert!(playing > 2, "play did not advance ({playing})");
    // Leaving the lab pauses the animation.
    app.show("activation");
    let paused = rows(&root, table);
    sleep(200).await;
    assert_eq!(rows(&root, table), paused, "the animation ran while hidden");
}

#[wasm_bindgen_test]
fn simplenet_shows_the_books_loss_and_one_update_lowers_it() {
    let (root, _app) = mount();
    click(&root, ".grad-tab[data-tab=net]");
    let loss = || {
        text(&root, "#grad-panel-net [data-role=loss]")
            .parse::<f64>()
            .unwrap()
    };
    assert!((loss() - 0.928_068_5).abs() < 5e-6, "{}", loss());
    // #12 item 1: the numerical dW in the book's printed digits (f64, as NumPy computes it).
    let dw = text(&root, "#grad-panel-net [data-role=dW]");
    for want in [
        "0.21924763",
        "0.14356247",
        "−0.36281009",
        "0.32887144",
        "0.2153437",
        "−0.54421514",
    ] {
        assert!(dw.contains(want), "{want} not in {dw}");
    }
    let l0 = loss();
    click(&root, "#grad-panel-net button[data-role=update]");
    assert!(loss() < l0, "{} !< {l0}", loss());
    let w: HtmlInputElement = q(&root, "#grad-panel-net input.grad-w").unchecked_into();
    type_into(&w, "1 2 3 x 5 6");
    assert_eq!(w.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(!text(&root, "#grad-panel-net .grad-w-error").is_empty());
    type_into(&w, "0 0 0 0 0 0");
    // All-zero W: y = (1/3, 1/3, 1/3), so L = ln 3.
    assert!((loss() - 3f64.ln()).abs() < 1e-5, "{}", loss());
}
