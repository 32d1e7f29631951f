//! The page's visible messages: errors and results from the core (rendered in the current language, and again
//! when the language changes) with a dismiss button. Screen readers hear them (aria-live).
//!
//! A message appears **beside its cause**: the document remembers the last control the user used (pointer,
//! click, change, key or drop, in the capturing phase, so no lab has to report it), and `show` puts an inline
//! copy of the message right after that control's field, inside its panel, scrolled into view. The top alert
//! repeats it (never replaces it); only one of the two is announced. Async results (a file read, a run that
//! diverges in the animation loop) land beside the control that started them, the last one used.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, MouseEvent};

use super::dom::{self, button, child, on, set_attr, set_text};
use crate::error::Error;
use crate::i18n::Lang;

/// Where an inline message goes: after the smallest enclosing field or button group of the control …
const FIELD: &str =
    ".field, .vfield, .slider-field, label, .button-row, .buttons, .mnist-buttons, .mnist-drop, \
                     .presets, .pg-row, .inline-field, fieldset";
/// … as long as that lies inside the control's panel (a stage, a lab section part).
const PANEL: &str =
    "[data-stage], section.panel, .pct-part, .grad-panel, .bp-panel, .mnist-panel, section.lab";

#[derive(Clone)]
pub struct Messages {
    root: Element,
    text: Element,
    inline: Element,
    inline_text: Element,
    current: Rc<RefCell<Option<Error>>>,
    last_control: Rc<RefCell<Option<Element>>>,
    /// In the second module (src/web/remote.rs): the page's own message area, reached through JS functions
    /// `show(ko, en)` and `clear()`. The text is rendered here, where the lab's i18n table is.
    forward: Option<Rc<(js_sys::Function, js_sys::Function)>>,
}

impl Messages {
    pub fn new(parent: &Element) -> Messages {
        let root = child(parent, "div", "message");
        set_attr(&root, "role", "alert");
        set_attr(&root, "aria-live", "assertive");
        root.set_attribute("hidden", "").ok();
        let text = child(&root, "span", "message-text");
        let close = button(&root, "message-close", "msg.dismiss");

        // The inline copy: detached until a message has a cause to sit beside.
        let inline = dom::el("div", "message message-inline");
        set_attr(&inline, "role", "alert");
        set_attr(&inline, "aria-live", "assertive");
        set_attr(&inline, "data-message-inline", "");
        inline.set_attribute("hidden", "").ok();
        let inline_text = child(&inline, "span", "message-text");
        let close2 = button(&inline, "message-close", "msg.dismiss");

        let m = Messages {
            root,
            text,
            inline,
            inline_text,
            current: Rc::new(RefCell::new(None)),
            last_control: Rc::new(RefCell::new(None)),
            forward: None,
        };
        for c in [close, close2] {
            let m2 = m.clone();
            on(
                c.unchecked_ref::<HtmlElement>(),
                "click",
                move |_: MouseEvent| m2.clear(),
            );
        }
        m.track_controls();
        m
    }

    /// Messages that go to another module's message area (the page's first module, src/web/remote.rs): no DOM
    /// of their own, no listeners; `show` hands over the message in both languages.
    pub fn forwarding(show: js_sys::Function, clear: js_sys::Function) -> Messages {
        let detached = || dom::el("div", "");
        Messages {
            root: detached(),
            text: detached(),
            inline: detached(),
            inline_text: detached(),
            current: Rc::new(RefCell::new(None)),
            last_control: Rc::new(RefCell::new(None)),
            forward: Some(Rc::new((show, clear))),
        }
    }

    /// Remember the control behind every user action, before any lab's own listener runs.
    fn track_controls(&self) {
        let last = self.last_control.clone();
        let inline = self.inline.clone();
        let top = self.root.clone();
        let cb = Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
            let Some(t) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            // The messages' own buttons are not causes.
            if inline.contains(Some(&t)) || top.contains(Some(&t)) {
                return;
            }
            let control = t
                .closest("button, input, select, textarea, canvas, summary, label, .mnist-drop, [tabindex]")
                .ok()
                .flatten()
                .unwrap_or(t);
            if control.closest("section.lab").ok().flatten().is_some() {
                *last.borrow_mut() = Some(control);
            }
        });
        let doc = dom::document();
        for name in ["pointerdown", "click", "change", "keydown", "drop"] {
            let _ = doc.add_event_listener_with_callback_and_bool(
                name,
                cb.as_ref().unchecked_ref(),
                true,
            );
        }
        cb.forget();
    }

    pub fn show(&self, err: Error, lang: Lang) {
        if let Some(f) = &self.forward {
            let (ko, en) = (err.message(Lang::Ko), err.message(Lang::En));
            let _ = f.0.call2(&JsValue::NULL, &ko.into(), &en.into());
            *self.current.borrow_mut() = Some(err);
            return;
        }
        let msg = err.message(lang);
        set_text(&self.text, &msg);
        set_text(&self.inline_text, &msg);
        let _ = self.root.remove_attribute("hidden");
        *self.current.borrow_mut() = Some(err);
        self.place_inline();
    }

    /// Put the inline copy after the last used control's field (when that control is on screen in a shown
    /// lab), announce it there instead of the top alert, and bring it into view.
    fn place_inline(&self) {
        let control = self.last_control.borrow().clone();
        let anchor = control.and_then(|c| {
            let lab = c.closest("section.lab").ok().flatten()?;
            if lab.has_attribute("hidden") || !c.is_connected() {
                return None;
            }
            let panel = c.closest(PANEL).ok().flatten()?;
            let field = c
                .closest(FIELD)
                .ok()
                .flatten()
                .filter(|f| panel.contains(Some(f)) && !f.is_same_node(Some(&panel)));
            Some(field.unwrap_or(c))
        });
        match anchor {
            Some(a) => {
                let _ = a.after_with_node_1(&self.inline);
                let _ = self.inline.remove_attribute("hidden");
                // One announcement: the inline copy speaks, the top alert only shows.
                set_attr(&self.root, "aria-live", "off");
                let _ = self.root.remove_attribute("role");
                scroll_into_view_if_needed(&self.inline);
            }
            None => {
                self.inline.set_attribute("hidden", "").ok();
                set_attr(&self.root, "role", "alert");
                set_attr(&self.root, "aria-live", "assertive");
            }
        }
    }

    pub fn clear(&self) {
        if let Some(f) = &self.forward {
            let _ = f.1.call0(&JsValue::NULL);
        }
        self.root.set_attribute("hidden", "").ok();
        self.inline.set_attribute("hidden", "").ok();
        *self.current.borrow_mut() = None;
    }

    pub fn relabel(&self, lang: Lang) {
        // The inline copy may be detached from the page, out of the shell's reach.
        dom::apply_lang(&self.inline, lang);
        if let Some(e) = self.current.borrow().as_ref() {
            let msg = e.message(lang);
            set_text(&self.text, &msg);
            set_text(&self.inline_text, &msg);
        }
    }

    /// The message on screen, if any (for tests).
    pub fn current(&self) -> Option<Error> {
        self.current.borrow().clone()
    }

    /// The inline copy beside its cause (for tests): `None` while it is not shown.
    pub fn inline(&self) -> Option<Element> {
        (!self.inline.has_attribute("hidden") && self.inline.is_connected())
            .then(|| self.inline.clone())
    }
}

/// Scroll the least that brings `e` fully on screen ("nearest"), and not at all when it already is.
pub fn scroll_into_view_if_needed(e: &Element) {
    let r = e.get_bounding_client_rect();
    let h = dom::window()
        .inner_height()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    if r.top() < 0.0 {
        e.scroll_into_view_with_bool(true);
    } else if r.bottom() > h {
        e.scroll_into_view_with_bool(false);
    }
}
