//! Links that carry the whole scene: the shell's memory of each lab's last settings (so the lab list's plain
//! `#lab` links return to them), the language in every written link, the one-time word about values a link
//! could not use, and the "copy link" button each lab header carries.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, MouseEvent};

use super::dom::{self, button, child, on, set_attr, set_text, text_el};
use super::messages::Messages;
use crate::error::Error;
use crate::i18n::Lang;
use crate::labs::links;
use crate::urlstate::Route;

/// What `arrive` decided.
pub struct Arrival {
    /// The settings the lab shows.
    pub settings: Route,
    /// They are the ones it already shows: keep its state, only redraw.
    pub resume: bool,
    /// The link's keys whose values fell back (reported once by `report`).
    pub bad: Vec<String>,
}

/// What the shell remembers about links: each lab's last settings.
#[derive(Clone)]
pub struct LinkMemory {
    lang: Rc<Cell<Lang>>,
    last: Rc<RefCell<HashMap<String, Route>>>,
    /// Labs shown at least once (only those have a state worth keeping).
    shown: Rc<RefCell<Vec<String>>>,
}

impl LinkMemory {
    pub fn new(lang: Rc<Cell<Lang>>) -> LinkMemory {
        LinkMemory {
            lang,
            last: Rc::default(),
            shown: Rc::default(),
        }
    }

    /// A lab wrote its settings: remember them and put them (with the language) in the address bar without
    /// a new history entry. A lab that writes while it is being left (a run paused on hide) is remembered but leaves the address
    /// bar to the lab now shown.
    pub fn write(&self, route: &Route) {
        self.remember(route);
        let here = current_route().lab;
        if here.is_empty() || here == route.lab {
            replace_url(&self.full(route));
        }
    }

    /// `route` with the page's language: the link a person would share.
    pub fn full(&self, route: &Route) -> Route {
        let mut shell = Route::new("");
        shell.set(links::LANG_KEY, self.lang.get().tag());
        let here = current_route();
        for key in links::SHELL_KEYS.iter().filter(|k| **k != links::LANG_KEY) {
            if let Some(v) = here.get(key) {
                shell.set(key, v);
            }
        }
        links::with_shell_keys(route, &shell)
    }

    fn remember(&self, route: &Route) {
        let lab = links::lab_part(route);
        self.last.borrow_mut().insert(lab.lab.clone(), lab);
    }

    /// The lab's last settings, if it was shown before.
    pub fn last(&self, lab: &str) -> Option<Route> {
        self.last.borrow().get(lab).cloned()
    }

    /// A route arrives (link, lab list, Back): pick the settings the lab should show (its last ones for a
    /// plain `#lab`), find the values of a link that fall back to their defaults, and correct the address
    /// bar.
    pub fn arrive(&self, route: &Route, lab_id: &str) -> Arrival {
        let mut asked = links::lab_part(route);
        asked.lab = lab_id.to_string();
        let previous = self.last(lab_id);
        let from_memory = asked.params.is_empty() && previous.is_some();
        if from_memory {
            asked = previous.clone().unwrap_or(asked);
        }
        let mut settings = asked.clone();
        let bad = if from_memory {
            Vec::new()
        } else {
            let mut r = asked.clone();
            if let Some(l) = route.get(links::LANG_KEY) {
                r.set(links::LANG_KEY, l);
            }
            links::rejected(&r)
        };
        if !bad.is_empty() {
            if let Some(c) = links::canonical(&asked) {
                settings = c;
            }
        }
        let seen = self.shown.borrow().iter().any(|l| l == lab_id);
        let unchanged = seen && previous.as_ref() == Some(&settings);
        if !seen {
            self.shown.borrow_mut().push(lab_id.to_string());
        }
        self.remember(&settings);
        let full = self.full(&settings);
        if full.to_hash() != dom::window().location().hash().unwrap_or_default() {
            replace_url(&full);
        }
        Arrival {
            settings,
            resume: unchanged,
            bad,
        }
    }

    /// Say once (after the lab is shown, so that its own refresh does not clear it) which values of a link
    /// fell back to their defaults.
    pub fn report(&self, arrival: &Arrival, messages: &Messages) {
        if !arrival.bad.is_empty() {
            messages.show(
                Error::new("link.fallback", [arrival.bad.join(", ")]),
                self.lang.get(),
            );
        }
    }

    /// The language changed: the address bar says so.
    pub fn lang_changed(&self) {
        let r = current_route();
        if !r.lab.is_empty() {
            replace_url(&self.full(&r));
        }
    }
}

fn current_route() -> Route {
    Route::parse(&dom::window().location().hash().unwrap_or_default())
}

fn replace_url(route: &Route) {
    if let Ok(h) = dom::window().history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&route.to_hash()));
    }
}

/// The "copy link" button of a lab header, a "copied" word beside it (aria-live), and a read-only field with
/// the link that is selected when the clipboard cannot be used (copy it with Ctrl+C / ⌘C). Returns the row,
/// so that other sharing controls (the lesson's) can join it.
pub fn copy_link_button(head: &Element) -> Element {
    let wrap = child(head, "div", "share");
    let b = button(&wrap, "copy-link", "share.copy");
    set_attr(&b, "data-i18n-title", "share.copy.title");
    let (status, field) = copy_feedback(&wrap);
    on(&b, "click", move |_: MouseEvent| {
        let url = dom::window().location().href().unwrap_or_default();
        copy_text(&url, &status, &field);
    });
    wrap
}

/// The "copied" word (aria-live) and the fallback field that `copy_text` uses, appended to `parent`.
pub fn copy_feedback(parent: &Element) -> (Element, HtmlInputElement) {
    let status = text_el(parent, "span", "share-status", "share.copied");
    set_attr(&status, "aria-live", "polite");
    set_attr(&status, "hidden", "");
    let field: HtmlInputElement = dom::input(parent, "text", "share-url");
    field.set_read_only(true);
    set_attr(&field, "data-i18n-aria", "share.url");
    set_attr(&field, "hidden", "");
    (status, field)
}

/// Copy `text` to the clipboard and say so in `status`; where the clipboard refuses, show it selected in
/// `field` and say how to copy it.
pub fn copy_text(text: &str, status: &Element, field: &HtmlInputElement) {
    field.set_value(text);
    let show = {
        let status = status.clone();
        move |key: &str| {
            set_attr(&status, "data-i18n", key);
            let lang = Lang::from_tag(
                &dom::document()
                    .document_element()
                    .and_then(|h| h.get_attribute("lang"))
                    .unwrap_or_default(),
            )
            .unwrap_or(Lang::En);
            set_text(&status, crate::i18n::t(lang, key));
            let _ = status.remove_attribute("hidden");
        }
    };
    match clipboard_write(text) {
        Some(promise) => {
            let ok = show.clone();
            let (field_ok, field_err) = (field.clone(), field.clone());
            let on_ok = Closure::once(move |_: JsValue| {
                let _ = field_ok.set_attribute("hidden", "");
                ok("share.copied");
            });
            let on_err = Closure::once(move |_: JsValue| {
                select_field(&field_err);
                show("share.select");
            });
            let _ = promise.then2(&on_ok, &on_err);
            on_ok.forget();
            on_err.forget();
        }
        None => {
            select_field(field);
            show("share.select");
        }
    }
}

fn select_field(field: &HtmlInputElement) {
    let _ = field.remove_attribute("hidden");
    let _ = field.unchecked_ref::<HtmlElement>().focus();
    field.select();
}

/// `navigator.clipboard.writeText(text)` where the browser offers it (secure contexts), else `None`.
fn clipboard_write(text: &str) -> Option<js_sys::Promise> {
    let nav = dom::window().navigator();
    let clip = js_sys::Reflect::get(&nav, &"clipboard".into()).ok()?;
    if clip.is_undefined() || clip.is_null() {
        return None;
    }
    let f = js_sys::Reflect::get(&clip, &"writeText".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    f.call1(&clip, &text.into()).ok()?.dyn_into().ok()
}
