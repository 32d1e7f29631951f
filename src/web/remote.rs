//! The second wasm module. The page's first module (built without the `full` feature) holds the shell and the
//! light labs; the heavy labs (MNIST, batch norm, CNN) live in the full module, which is loaded the first time
//! one of them is opened and also runs in the training worker. Page side: `RemoteView`, a lab view that loads
//! the full module and forwards show/hide/relabel to it. Full side: `mount_remote_lab`, which builds the lab in
//! the section it is given, with a `Ctx` whose link writer and messages call back into the page's shell.
//!
//! The two modules share nothing but the DOM and a few JS functions: the link (`#lab?k=v` strings), the
//! language tag, and messages already rendered in both languages (the i18n key `msg.both`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use super::dom::{self, set_attr, set_text, text_el};
use super::lab::{Ctx, LabView};
use crate::error::Error;
use crate::i18n::Lang;
use crate::urlstate::Route;

/// The id of the `<script type="application/json">` that names the full module's files (written into
/// index.html at build time by www/pwa/full-module.mjs): `{"js": "…", "wasm": "…", "relaxed": {"js": "…",
/// "wasm": "…"}}`, relative to the page. `relaxed` (release builds only) is the same module built with relaxed
/// SIMD, whose matrix product uses fused multiply-add (src/gemm/vec4.rs).
const MANIFEST_ID: &str = "nnlab-full";

/// Whether this browser runs relaxed SIMD: whether it validates `gemm::RELAXED_SIMD_PROBE` (asked once: the
/// answer cannot change while the page lives).
pub(crate) fn relaxed_simd() -> bool {
    thread_local! {
        static RELAXED: bool = {
            let bytes = js_sys::Uint8Array::from(&crate::gemm::RELAXED_SIMD_PROBE[..]);
            js_sys::WebAssembly::validate(&bytes).unwrap_or(false)
        };
    }
    RELAXED.with(|r| *r)
}

/// The full module's JS and wasm URLs (absolute), if the page names them: the relaxed-SIMD build where the
/// browser has relaxed SIMD and the page names one, else the plain SIMD128 build. The page and its workers all
/// load what this returns, so one tab never mixes the two builds' numbers.
pub(crate) fn full_module_urls() -> Option<(String, String)> {
    let text = dom::document()
        .get_element_by_id(MANIFEST_ID)?
        .text_content()?;
    let json = js_sys::JSON::parse(&text).ok()?;
    let base = dom::document().base_uri().ok()??;
    let relaxed = Reflect::get(&json, &"relaxed".into())
        .ok()
        .filter(|r| r.is_object() && relaxed_simd());
    let names = relaxed.unwrap_or(json);
    let url = |key: &str| -> Option<String> {
        let rel = Reflect::get(&names, &key.into()).ok()?.as_string()?;
        Some(web_sys::Url::new_with_base(&rel, &base).ok()?.href())
    };
    Some((url("js")?, url("wasm")?))
}

enum State {
    /// Loading; the last route the shell showed (shown once loaded if the lab is on screen then).
    Loading(Option<Route>),
    /// The full module's `RemoteLab`.
    Ready(JsValue),
    Failed,
}

/// A heavy lab on the page's first module: loads the full module and forwards to the lab built there.
pub struct RemoteView {
    section: Element,
    state: Rc<RefCell<State>>,
}

impl RemoteView {
    pub fn mount(section: Element, ctx: &Ctx, id: &'static str) -> RemoteView {
        // The shell's translation leaves this lab's own text (the full module's tables) alone.
        set_attr(&section, "data-remote", "");
        let status = text_el(&section, "p", "remote-status", "remote.loading");
        set_attr(&status, "role", "status");
        let state = Rc::new(RefCell::new(State::Loading(None)));
        let (s, c, st) = (section.clone(), ctx.clone(), state.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match load(id, &s, &c).await {
                Ok(handle) => {
                    status.remove();
                    let pending =
                        std::mem::replace(&mut *st.borrow_mut(), State::Ready(handle.clone()));
                    // On screen now? (The user may have left and come back while it loaded: the shell then
                    // only unhides the section and relabels, so the section, not a call, says so.)
                    if let (State::Loading(Some(route)), false) =
                        (pending, s.has_attribute("hidden"))
                    {
                        call(&handle, "show", &[route.to_hash().into()]);
                        // Present mode arranged the stages before they existed: arrange them again.
                        super::present::follow_route(&Route::parse(
                            &dom::window().location().hash().unwrap_or_default(),
                        ));
                    }
                }
                Err(why) => {
                    *st.borrow_mut() = State::Failed;
                    // The note follows the language like any text of the shell (`data-i18n-arg`).
                    set_attr(&status, "data-i18n", "remote.failed");
                    set_attr(&status, "data-i18n-arg", &why);
                    set_attr(&status, "class", "remote-status remote-failed");
                    set_attr(&status, "role", "alert");
                    let err = Error::new("remote.failed", [why]);
                    set_text(&status, &err.message(c.lang()));
                    c.messages.show(err, c.lang());
                }
            }
        });
        RemoteView { section, state }
    }
}

/// Call a method of the full module's `RemoteLab`.
fn call(handle: &JsValue, method: &str, args: &[JsValue]) {
    let f = Reflect::get(handle, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    if let Some(f) = f {
        let a = js_sys::Array::new();
        for v in args {
            a.push(v);
        }
        if let Err(e) = f.apply(handle, &a) {
            web_sys::console::error_2(&format!("nnlab: {method} in the full module:").into(), &e);
        }
    }
}

/// Import the full module, instantiate it, and build lab `id` in `section`. The error is a readable reason.
async fn load(id: &str, section: &Element, ctx: &Ctx) -> Result<JsValue, String> {
    let why = |e: JsValue| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "?".to_string())
    };
    let (js, wasm) =
        full_module_urls().ok_or_else(|| "index.html names no full module".to_string())?;
    // A dynamic import is an expression, not a function: reach it through a tiny JS function.
    let import = Function::new_with_args("u", "return import(u)");
    let m = JsFuture::from(Promise::from(
        import.call1(&JsValue::NULL, &js.into()).map_err(why)?,
    ))
    .await
    .map_err(why)?;
    let get = |name: &str| -> Result<Function, String> {
        Reflect::get(&m, &name.into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| format!("the full module has no {name}"))
    };
    let opts = Object::new();
    let _ = Reflect::set(&opts, &"module_or_path".into(), &wasm.into());
    let init = get("default")?.call1(&JsValue::NULL, &opts).map_err(why)?;
    let exports = JsFuture::from(Promise::from(init)).await.map_err(why)?;
    // Its exports (its memory), for `make soak` (tests/soak/run.mjs), as the worker's bootstrap does.
    let _ = Reflect::set(&dom::window(), &"__nnlabFull".into(), &exports);

    let c = ctx.clone();
    let set_route =
        Closure::<dyn Fn(String)>::new(move |hash: String| (c.set_route)(&Route::parse(&hash)));
    let c = ctx.clone();
    let show = Closure::<dyn Fn(String, String)>::new(move |ko: String, en: String| {
        c.messages.show(Error::new("msg.both", [ko, en]), c.lang())
    });
    let c = ctx.clone();
    let clear = Closure::<dyn Fn()>::new(move || c.messages.clear());
    let args = js_sys::Array::of5(
        &id.into(),
        section,
        &ctx.lang().tag().into(),
        set_route.as_ref(),
        show.as_ref(),
    );
    args.push(clear.as_ref());
    let handle = get("mount_remote_lab")?
        .apply(&JsValue::NULL, &args)
        .map_err(why)?;
    // They live as long as the page, as the lab does.
    set_route.forget();
    show.forget();
    clear.forget();
    Ok(handle)
}

impl LabView for RemoteView {
    fn section(&self) -> &Element {
        &self.section
    }

    fn show(&self, route: &Route) {
        let mut st = self.state.borrow_mut();
        match &mut *st {
            State::Loading(pending) => *pending = Some(route.clone()),
            State::Ready(h) => call(h, "show", &[route.to_hash().into()]),
            State::Failed => {}
        }
    }

    fn hide(&self) {
        if let State::Ready(h) = &*self.state.borrow() {
            call(h, "hide", &[]);
        }
    }

    fn relabel(&self, lang: Lang) {
        if let State::Ready(h) = &*self.state.borrow() {
            call(h, "relabel", &[lang.tag().into()]);
        }
    }
}

/// A lab built by the full module for the page's first module (the other side of `RemoteView`).
#[cfg(feature = "full")]
#[wasm_bindgen]
pub struct RemoteLab {
    section: Element,
    view: Box<dyn LabView>,
    lang: Rc<Cell<Lang>>,
}

#[cfg(feature = "full")]
#[wasm_bindgen]
impl RemoteLab {
    pub fn show(&self, hash: &str) {
        self.view.show(&Route::parse(hash));
    }

    pub fn hide(&self) {
        self.view.hide();
    }

    pub fn relabel(&self, lang: &str) {
        let lang = Lang::from_tag(lang).unwrap_or(self.lang.get());
        self.lang.set(lang);
        dom::apply_lang(&self.section, lang);
        self.view.relabel(lang);
    }
}

/// Build lab `id` in `section` for the page's first module. `set_route(hash)` writes the link through the
/// page's shell; `show(ko, en)` and `clear()` are the page's message area.
#[cfg(feature = "full")]
#[wasm_bindgen]
pub fn mount_remote_lab(
    id: &str,
    section: Element,
    lang: &str,
    set_route: Function,
    show: Function,
    clear: Function,
) -> Result<RemoteLab, JsError> {
    let mount = super::app::local_mount(id).ok_or_else(|| JsError::new(&format!("no lab {id}")))?;
    let lang = Rc::new(Cell::new(Lang::from_tag(lang).unwrap_or(Lang::En)));
    let ctx = Ctx {
        lang: lang.clone(),
        messages: super::messages::Messages::forwarding(show, clear),
        set_route: Rc::new(move |route: &Route| {
            let _ = set_route.call1(&JsValue::NULL, &route.to_hash().into());
        }),
    };
    let view = mount(section.clone(), &ctx);
    dom::apply_lang(&section, lang.get());
    view.relabel(lang.get());
    Ok(RemoteLab {
        section,
        view,
        lang,
    })
}
