//! Present mode: one stage (a lab section's figure and its numbers, src/web/stage.rs) fills a 16:9 screen with
//! large text; the lab list, the header and the long explanations are hidden. Entered by the lab's Present
//! button, the key P, or `present=1` in the link; left by Esc, P or the Leave button.
//!
//! Clicker keys act on the current stage by clicking its button marked `data-key-action`: → or PageDown
//! "step", ← or PageUp "back", Space "play", R "reset"; ↓/↑ (or N/B) move between the lab's stages. Single-key
//! shortcuts never fire while the user types in a field, and a visible, remembered toggle turns them off
//! (WCAG 2.1.4); Esc still leaves present mode then.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, KeyboardEvent, MouseEvent};

use super::dom::{self, button, child, on, set_attr, set_text, text_el};
use crate::i18n::{self, Lang};
use crate::urlstate::Route;

/// The link's key for present mode (`present=1`).
pub const ROUTE_KEY: &str = "present";
const KEYS_STORE: &str = "nnlab.shortcuts";

thread_local! {
    static PRESENT: RefCell<Option<Present>> = const { RefCell::new(None) };
}

#[derive(Clone)]
pub struct Present {
    inner: Rc<Inner>,
}

struct Inner {
    root: Element,
    bar: Element,
    position: Element,
    note: Element,
    toggles: Vec<HtmlInputElement>,
    on: Cell<bool>,
    index: Cell<usize>,
    keys_on: Cell<bool>,
    lang: Rc<Cell<Lang>>,
}

/// The Present button of a lab's header (the shell calls this for every lab).
pub fn head_button(head: &Element) {
    let b = button(head, "present-btn", "present.button");
    set_attr(&b, "aria-keyshortcuts", "P");
    set_attr(&b, "data-role", "present");
}

/// Is present mode on? (The shell keeps `present=1` in the links it writes while it is.)
pub fn is_on() -> bool {
    PRESENT.with(|p| p.borrow().as_ref().is_some_and(|p| p.inner.on.get()))
}

/// Add `present=1` to a route the shell is about to write, while present mode is on.
pub fn decorate(route: &mut Route) {
    if is_on() {
        route.set(ROUTE_KEY, 1);
    }
}

/// The shell showed a route: enter or leave present mode as it says, or re-arrange for a new lab.
pub fn follow_route(route: &Route) {
    let p = PRESENT.with(|p| p.borrow().clone());
    if let Some(p) = p {
        let want = route.flag(ROUTE_KEY, false);
        if want != p.inner.on.get() {
            // A link opens the lab's first stage; the key and the button start at the stage in view.
            p.set_at(want, Some(0));
        } else if want {
            p.inner.index.set(0);
            p.arrange();
        }
    }
}

/// Build the toolbar and the shortcuts toggle, and listen for the keys. `header` gets the toggle.
pub fn install(root: &Element, header: &Element, lang: Rc<Cell<Lang>>) -> Present {
    let keys_on = stored_keys_on();
    let mut toggles = Vec::new();
    toggles.push(keys_toggle(header));

    // First in the page, so that it sits above the stage.
    let bar = dom::el("div", "present-bar");
    let _ = root.insert_before(&bar, root.first_child().as_ref());
    set_attr(&bar, "role", "toolbar");
    set_attr(&bar, "data-i18n-aria", "present.bar");
    bar.set_attribute("hidden", "").ok();
    let prev = button(&bar, "present-prev", "present.prev");
    let position = child(&bar, "span", "present-position");
    let next = button(&bar, "present-next", "present.next");
    toggles.push(keys_toggle(&bar));
    let leave = button(&bar, "present-leave primary", "present.leave");
    let note = child(&bar, "span", "present-note");
    set_attr(&note, "aria-live", "polite");
    let hint = text_el(
        header,
        "p",
        "keys-hint visually-hidden",
        "present.keys.hint",
    );
    set_attr(&hint, "id", "keys-hint");

    let p = Present {
        inner: Rc::new(Inner {
            root: root.clone(),
            bar,
            position,
            note,
            toggles,
            on: Cell::new(false),
            index: Cell::new(0),
            keys_on: Cell::new(keys_on),
            lang,
        }),
    };
    for t in &p.inner.toggles {
        t.set_checked(keys_on);
        set_attr(t, "aria-describedby", "keys-hint");
        let p2 = p.clone();
        on(t, "change", move |ev: Event| {
            let checked = ev
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .is_some_and(|t| t.checked());
            p2.set_keys(checked);
        });
    }
    let p2 = p.clone();
    on(&prev, "click", move |_: MouseEvent| p2.go(-1));
    let p2 = p.clone();
    on(&next, "click", move |_: MouseEvent| p2.go(1));
    let p2 = p.clone();
    on(&leave, "click", move |_: MouseEvent| p2.set(false));
    // The labs' Present buttons, by delegation (labs may be mounted later).
    let p2 = p.clone();
    on(root, "click", move |ev: MouseEvent| {
        let hit = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest(".present-btn").ok().flatten());
        if hit.is_some() {
            p2.set(!p2.inner.on.get());
        }
    });
    let p2 = p.clone();
    let cb = Closure::<dyn FnMut(KeyboardEvent)>::new(move |ev: KeyboardEvent| p2.key(&ev));
    let _ = dom::window().add_event_listener_with_callback_and_bool(
        "keydown",
        cb.as_ref().unchecked_ref(),
        true,
    );
    cb.forget();
    PRESENT.with(|slot| *slot.borrow_mut() = Some(p.clone()));
    p
}

/// A "Keyboard shortcuts" checkbox.
fn keys_toggle(parent: &Element) -> HtmlInputElement {
    let label = child(parent, "label", "check keys-toggle");
    let cb = dom::input(&label, "checkbox", "");
    set_attr(&cb, "data-role", "shortcuts");
    text_el(&label, "span", "", "present.keys");
    cb
}

/// Are single-key shortcuts on? The "Keyboard shortcuts" switch governs every lab's own single-key shortcuts
/// too (the playground's and the backprop lab's Space/S/R), not only present mode's (WCAG 2.1.4).
pub fn shortcuts_on() -> bool {
    PRESENT
        .with(|p| p.borrow().as_ref().map(|p| p.inner.keys_on.get()))
        .unwrap_or_else(stored_keys_on)
}

fn stored_keys_on() -> bool {
    let v = dom::window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(KEYS_STORE).ok().flatten());
    v.as_deref() != Some("off")
}

/// Is the user typing (where a letter or Space or an arrow belongs to the field)?
fn typing(target: Option<&Element>) -> bool {
    let Some(t) = target else { return false };
    let tag = t.tag_name().to_ascii_uppercase();
    match tag.as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => {
            let kind = t
                .get_attribute("type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            !matches!(
                kind.as_str(),
                "checkbox" | "radio" | "button" | "submit" | "reset"
            )
        }
        _ => t
            .dyn_ref::<HtmlElement>()
            .is_some_and(|h| h.is_content_editable()),
    }
}

impl Present {
    fn lang(&self) -> Lang {
        self.inner.lang.get()
    }

    fn set_keys(&self, on: bool) {
        self.inner.keys_on.set(on);
        for t in &self.inner.toggles {
            t.set_checked(on);
        }
        if let Some(s) = dom::window().local_storage().ok().flatten() {
            let _ = s.set_item(KEYS_STORE, if on { "on" } else { "off" });
        }
    }

    /// Enter (at the stage in view) or leave present mode, and say so in the link.
    pub fn set(&self, on: bool) {
        self.set_at(on, None);
    }

    fn set_at(&self, on: bool, index: Option<usize>) {
        let inner = &self.inner;
        if on == inner.on.get() {
            return;
        }
        inner.on.set(on);
        let html = dom::document().document_element();
        if on {
            inner
                .index
                .set(index.unwrap_or_else(|| self.stage_in_view()));
            if let Some(h) = &html {
                h.class_list().add_1("presenting").ok();
            }
            let _ = inner.bar.remove_attribute("hidden");
            self.arrange();
        } else {
            if let Some(h) = &html {
                h.class_list().remove_1("presenting").ok();
            }
            inner.bar.set_attribute("hidden", "").ok();
            self.clear_marks();
            redraw();
            if let Some(s) = self.stages().get(inner.index.get()) {
                s.scroll_into_view_with_bool(true);
            }
        }
        write_link(on);
    }

    /// The stages of the lab on screen, in page order.
    fn stages(&self) -> Vec<Element> {
        let mut out = Vec::new();
        if let Ok(list) = self
            .inner
            .root
            .query_selector_all("section.lab:not([hidden]) [data-stage]")
        {
            for i in 0..list.length() {
                if let Some(e) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    out.push(e);
                }
            }
        }
        out
    }

    /// The first stage whose figure is at least partly on screen (else the first).
    fn stage_in_view(&self) -> usize {
        self.stages()
            .iter()
            .position(|s| {
                let r = s.get_bounding_client_rect();
                r.height() > 0.0 && r.bottom() > 80.0
            })
            .unwrap_or(0)
    }

    fn current(&self) -> Option<Element> {
        let stages = self.stages();
        if stages.is_empty() {
            return dom::document()
                .query_selector("section.lab:not([hidden])")
                .ok()
                .flatten();
        }
        let i = self.inner.index.get().min(stages.len() - 1);
        stages.get(i).cloned()
    }

    /// Move to the next (+1) or previous (−1) stage of the lab.
    fn go(&self, delta: isize) {
        let n = self.stages().len();
        if n == 0 {
            return;
        }
        let i = (self.inner.index.get() as isize + delta).clamp(0, n as isize - 1);
        self.inner.index.set(i as usize);
        self.arrange();
    }

    fn clear_marks(&self) {
        for cls in ["stage-current", "present-path", "present-hidden"] {
            if let Ok(list) = self.inner.root.query_selector_all(&format!(".{cls}")) {
                for i in 0..list.length() {
                    if let Some(e) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                        e.class_list().remove_1(cls).ok();
                    }
                }
            }
        }
    }

    /// Show only the current stage: mark it, its ancestors up to the lab, and hide their other children.
    fn arrange(&self) {
        if !self.inner.on.get() {
            return;
        }
        self.clear_marks();
        self.inner.note.set_text_content(None);
        let n = self.stages().len();
        let Some(stage) = self.current() else { return };
        reveal_tab(&stage);
        stage.class_list().add_1("stage-current").ok();
        let mut node = stage.clone();
        while let Some(parent) = node.parent_element() {
            let kids = parent.children();
            for i in 0..kids.length() {
                let Some(k) = kids.item(i) else { continue };
                let keep = k.is_same_node(Some(&node))
                    || k.matches("header.lab-head, h2, h3").unwrap_or(false);
                if !keep {
                    k.class_list().add_1("present-hidden").ok();
                }
            }
            if parent.matches("section.lab").unwrap_or(false) {
                break;
            }
            parent.class_list().add_1("present-path").ok();
            node = parent;
        }
        let i = self.inner.index.get().min(n.saturating_sub(1));
        set_text(
            &self.inner.position,
            &i18n::format(
                self.lang(),
                "present.position",
                &[(i + 1).to_string(), n.max(1).to_string()],
            ),
        );
        dom::window().scroll_to_with_x_and_y(0.0, 0.0);
        redraw();
    }

    /// Click the current stage's button for `action`, if it has a usable one.
    fn press(&self, action: &str) -> bool {
        let Some(stage) = self.current() else {
            return false;
        };
        let sel = format!("[data-key-action=\"{action}\"]");
        let found = stage.query_selector_all(&sel).ok().and_then(|list| {
            (0..list.length())
                .filter_map(|i| list.get(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()))
                .find(|b| b.offset_parent().is_some() && !b.has_attribute("disabled"))
        });
        match found {
            Some(b) => {
                b.click();
                true
            }
            None => {
                self.inner
                    .note
                    .set_text_content(Some(i18n::t(self.lang(), "present.no_action")));
                false
            }
        }
    }

    fn key(&self, ev: &KeyboardEvent) {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.is_composing() {
            return;
        }
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        if typing(target.as_ref()) {
            return;
        }
        let on = self.inner.on.get();
        let key = ev.key();
        if on && key == "Escape" {
            self.set(false);
            ev.prevent_default();
            return;
        }
        if !self.inner.keys_on.get() {
            return;
        }
        let on_button = target
            .as_ref()
            .is_some_and(|t| t.tag_name().eq_ignore_ascii_case("button"));
        let handled = match (on, key.as_str()) {
            (_, "p" | "P") => {
                self.set(!on);
                true
            }
            (false, _) => false,
            // Space on a focused button presses that button, as everywhere.
            (true, " ") if on_button => false,
            (true, "ArrowRight" | "PageDown" | "ArrowLeft" | "PageUp" | " " | "r" | "R") => {
                self.press(match key.as_str() {
                    "ArrowRight" | "PageDown" => "step",
                    "ArrowLeft" | "PageUp" => "back",
                    " " => "play",
                    _ => "reset",
                });
                true
            }
            (true, "ArrowDown" | "n" | "N") => {
                self.go(1);
                true
            }
            (true, "ArrowUp" | "b" | "B") => {
                self.go(-1);
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
            // The labs' own key handlers (the playground's Space, the backprop keys) must not act twice.
            ev.stop_propagation();
        }
    }
}

/// A stage inside a hidden tab panel (the gradient lab's tabs): click the tab that shows it.
fn reveal_tab(stage: &Element) {
    let Ok(Some(panel)) = stage.closest("[role=tabpanel]") else {
        return;
    };
    if !panel.has_attribute("hidden") {
        return;
    }
    let id = panel.id();
    if let Ok(Some(tab)) = dom::document().query_selector(&format!("[aria-controls=\"{id}\"]")) {
        if let Some(t) = tab.dyn_ref::<HtmlElement>() {
            t.click();
        }
    }
}

/// The labs redraw their canvases on a window resize: the stage's size just changed.
fn redraw() {
    if let Ok(ev) = Event::new("resize") {
        let _ = dom::window().dispatch_event(&ev);
    }
}

/// Keep the link in step: `present=1` while presenting.
fn write_link(on: bool) {
    let w = dom::window();
    let hash = w.location().hash().unwrap_or_default();
    let mut route = Route::parse(&hash);
    if route.lab.is_empty() {
        return;
    }
    route.params.retain(|(k, _)| k != ROUTE_KEY);
    if on {
        route.set(ROUTE_KEY, 1);
    }
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&route.to_hash()));
    }
}
