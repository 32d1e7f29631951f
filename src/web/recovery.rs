//! What the page does if the wasm module dies (a panic, which aborts, or a trap such as `unreachable`): a notice
//! in Korean and English with a reload button that keeps the link (`location.reload()` keeps the hash, which holds
//! the lab's settings), instead of a silent, half-working page. The notice is built while the module is healthy,
//! and the listener that reveals it is plain JS (window `error` and `unhandledrejection`), because after a trap
//! nothing in the module can be trusted to run.

use wasm_bindgen::prelude::*;

use super::dom;
use crate::i18n::{t, Lang};
use crate::web::dom::set_text;

/// The notice's id; the e2e test looks for it.
pub const NOTICE_ID: &str = "nnlab-dead";

/// Shows the notice when the error is the module's: a `WebAssembly.RuntimeError` (a trap, a panic's abort), or
/// a stack overflow inside wasm code (a `RangeError` whose stack names wasm). Other page errors are not ours.
const LISTENER: &str = r#"
var e = ev && (ev.error || ev.reason);
var wasm = (typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError)
  || (e instanceof RangeError && /wasm/.test(String(e.stack)))
  || /RuntimeError: unreachable/.test(String(ev && ev.message));
if (!wasm) return;
var d = document.getElementById('nnlab-dead');
if (!d || !d.hidden) return;
d.hidden = false;
document.documentElement.setAttribute('data-nnlab-dead', '1');
var b = d.querySelector('button');
if (b) b.focus();
"#;

/// Build the hidden notice (both languages, read from the i18n table now) and install the listeners. Called
/// first in `start`, so that even a failure while mounting is shown.
pub fn install() {
    let doc = dom::document();
    let Some(body) = doc.body() else {
        return;
    };
    if doc.get_element_by_id(NOTICE_ID).is_some() {
        return;
    }
    let Ok(notice) = doc.create_element("div") else {
        return;
    };
    notice.set_id(NOTICE_ID);
    let _ = notice.set_attribute("role", "alertdialog");
    let _ = notice.set_attribute("aria-live", "assertive");
    let _ = notice.set_attribute("hidden", "");
    // Inline style: the notice must not depend on anything else still working.
    let _ = notice.set_attribute(
        "style",
        "position:fixed;inset:0 0 auto 0;z-index:2147483647;padding:1.2em 1.5em;background:#fff3cd;\
         color:#222;border-bottom:3px solid #d55e00;box-shadow:0 2px 12px rgba(0,0,0,.3);font-size:1.05rem;\
         line-height:1.5",
    );
    for lang in [Lang::Ko, Lang::En] {
        let Ok(p) = doc.create_element("p") else {
            return;
        };
        let _ = p.set_attribute("lang", lang.tag());
        let _ = p.set_attribute("style", "margin:0 0 .4em 0");
        p.set_inner_html(&format!(
            "<strong>{}</strong> {}",
            t(lang, "recover.title"),
            t(lang, "recover.body")
        ));
        let _ = notice.append_child(&p);
    }
    let Ok(button) = doc.create_element("button") else {
        return;
    };
    let _ = button.set_attribute("type", "button");
    let _ = button.set_attribute("data-role", "reload");
    let _ = button.set_attribute("style", "font-size:1rem;padding:.4em 1.2em;cursor:pointer");
    set_text(
        &button,
        &format!(
            "{} / {}",
            t(Lang::Ko, "recover.reload"),
            t(Lang::En, "recover.reload")
        ),
    );
    let _ = notice.append_child(&button);
    let _ = body.append_child(&notice);

    // Plain JS functions, not Rust closures: they must run when the module cannot.
    let reload = js_sys::Function::new_no_args("location.reload()");
    let _ = button.add_event_listener_with_callback("click", &reload);
    let listener = js_sys::Function::new_with_args("ev", LISTENER);
    let window = dom::window();
    let _ = window.add_event_listener_with_callback("error", &listener);
    let _ = window.add_event_listener_with_callback("unhandledrejection", &listener);
}

/// A deliberate trap, for the end-to-end test of the notice (`window.wasmBindings.__nnlab_test_trap()`, called
/// from a timer so that nothing catches it, as a real bug's trap in an event handler would not be caught).
#[wasm_bindgen]
pub fn __nnlab_test_trap() {
    core::arch::wasm32::unreachable()
}
