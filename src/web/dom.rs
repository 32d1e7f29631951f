//! DOM helpers: creating elements, text that follows the language (`data-i18n` keys), and event listeners
//! that live as long as the page.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, EventTarget, HtmlElement, HtmlInputElement, Node, Window};

use crate::i18n::{self, Lang};

pub fn window() -> Window {
    web_sys::window().expect_throw("nnlab needs a browser window")
}

pub fn document() -> Document {
    window().document().expect_throw("nnlab needs a document")
}

/// A new element; `class` may be empty.
pub fn el(tag: &str, class: &str) -> Element {
    let e = document()
        .create_element(tag)
        .expect_throw("valid tag name");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    e
}

/// A new element appended to `parent`.
pub fn child(parent: &Element, tag: &str, class: &str) -> Element {
    let e = el(tag, class);
    let _ = parent.append_child(&e);
    e
}

/// An element whose text is the i18n `key`; `apply_lang` keeps it translated.
pub fn text_el(parent: &Element, tag: &str, class: &str, key: &str) -> Element {
    let e = child(parent, tag, class);
    e.set_attribute("data-i18n", key).ok();
    e
}

/// Set an attribute unless it already has that value (an unchanged write still queues a mutation and
/// invalidates style, which live views would pay every frame).
pub fn set_attr(e: &Element, name: &str, value: &str) {
    if e.get_attribute(name).as_deref() != Some(value) {
        let _ = e.set_attribute(name, value);
    }
}

/// Keep a text table in `container`: `<table><thead><tr><th>…</th></tr></thead><tbody><tr><td>…</td>…</tbody>`,
/// made once and then updated in place (rows added or removed, cells written with `set_text`). Live tables
/// change several times a second while a run trains; rebuilding them through `innerHTML` left dozens of dead
/// nodes each time for Blink's collector (issue #13).
pub fn set_table(container: &Element, head: &[&str], rows: &[Vec<String>]) {
    let table = match container.first_element_child() {
        Some(t) if t.tag_name() == "TABLE" && t.child_element_count() == 2 => t,
        _ => {
            container.set_inner_html("");
            let t = child(container, "table", "");
            child(&child(&t, "thead", ""), "tr", "");
            child(&t, "tbody", "");
            t
        }
    };
    let (Some(thead), Some(tbody)) = (table.first_element_child(), table.last_element_child())
    else {
        return;
    };
    let fill = |tr: &Element, tag: &str, cells: &[&str]| {
        let els = reuse_children(tr, cells.len(), |tr| {
            child(tr, tag, "");
        });
        for (e, text) in els.iter().zip(cells) {
            set_text(e, text);
        }
    };
    if let Some(tr) = thead.first_element_child() {
        fill(&tr, "th", head);
    }
    let trs = reuse_children(&tbody, rows.len(), |b| {
        child(b, "tr", "");
    });
    for (tr, row) in trs.iter().zip(rows) {
        fill(
            tr,
            "td",
            &row.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }
}

/// Set a node's text, as `textContent` does, but without making a new node when it can be helped: an unchanged
/// text is left alone, and a changed one is written into the node's only Text child. Live views write their
/// numbers every frame; replacing the Text node each time made thousands of dead nodes a minute, and Blink's
/// garbage-collected heap grew with them between the rare full collections of a page whose JS heap is idle
/// (issue #13's creep of the tab's memory).
pub fn set_text(node: &Node, text: &str) {
    match node.first_child() {
        Some(first) if first.next_sibling().is_none() && first.node_type() == Node::TEXT_NODE => {
            if first.node_value().as_deref() != Some(text) {
                first.set_node_value(Some(text));
            }
        }
        None if text.is_empty() => {}
        _ => node.set_text_content(Some(text)),
    }
}

/// Set an element's HTML only when it differs from what `set_html` last wrote there (its hash is kept in
/// `data-html`): the same table or formula written again every frame makes no new nodes (see `set_text`). An
/// element written this way must not be written by `set_inner_html` too, or the hash would be stale.
pub fn set_html(el: &Element, html: &str) {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    html.hash(&mut h);
    let tag = format!("{:x}", h.finish());
    if el.get_attribute("data-html").as_deref() != Some(tag.as_str()) {
        el.set_inner_html(html);
        set_attr(el, "data-html", &tag);
    }
}

/// The first `n` element children of `parent`, made by `make` (which appends one) where missing, the rest
/// removed: a gallery redrawn on every update keeps its elements and canvases instead of making new ones, whose
/// backing stores would wait for Blink's rare full collections (see `set_text`).
pub fn reuse_children(parent: &Element, n: usize, make: impl Fn(&Element)) -> Vec<Element> {
    let kids = parent.children();
    while kids.length() as usize > n {
        match parent.last_element_child() {
            Some(last) => last.remove(),
            None => break,
        }
    }
    while (kids.length() as usize) < n {
        let before = kids.length();
        make(parent);
        if kids.length() == before {
            break;
        }
    }
    (0..kids.length()).filter_map(|i| kids.item(i)).collect()
}

/// Translate every marked element below `root`: `data-i18n` (text, with an optional `data-i18n-arg`),
/// `data-i18n-aria` (aria-label) and `data-i18n-title` (title).
pub fn apply_lang(root: &Element, lang: Lang) {
    for (sel, attr) in [
        ("[data-i18n]", None),
        ("[data-i18n-aria]", Some("aria-label")),
        ("[data-i18n-title]", Some("title")),
    ] {
        let Ok(nodes) = root.query_selector_all(sel) else {
            continue;
        };
        for i in 0..nodes.length() {
            let Some(e) = nodes.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let data = match attr {
                None => "data-i18n",
                Some("aria-label") => "data-i18n-aria",
                Some(_) => "data-i18n-title",
            };
            let Some(key) = e.get_attribute(data) else {
                continue;
            };
            // A lab of the second module (src/web/remote.rs) translates its own text: this module may not have
            // its table. Everywhere else a missing key shows itself.
            if i18n::lookup(lang, &key).is_none()
                && e.closest("[data-remote]").ok().flatten().is_some()
            {
                continue;
            }
            let text = match e.get_attribute("data-i18n-arg") {
                Some(arg) if attr.is_none() => i18n::format(lang, &key, &[arg]),
                _ => i18n::t(lang, &key).to_string(),
            };
            // Labs call this on every update too: unchanged text and attributes are left alone (see `set_text`).
            match attr {
                None => set_text(&e, &text),
                Some(a) if e.get_attribute(a).as_deref() != Some(text.as_str()) => {
                    set_attr(&e, a, &text)
                }
                Some(_) => {}
            }
        }
    }
}

/// Listen for `event` on `target` for the life of the page (the closure is intentionally leaked).
pub fn on<E: JsCast + 'static>(target: &EventTarget, event: &str, mut f: impl FnMut(E) + 'static) {
    on_boxed(
        target,
        event,
        Box::new(move |ev: Event| {
            if let Ok(ev) = ev.dyn_into::<E>() {
                f(ev);
            }
        }),
    );
}

/// The one non-generic half of `on`: wasm-bindgen's closure glue is instantiated once here instead of once
/// per listener (it was 55 KB of the wasm as a generic).
fn on_boxed(target: &EventTarget, event: &str, f: Box<dyn FnMut(Event)>) {
    let cb = Closure::wrap(f);
    let _ = target.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    cb.forget();
}

/// An `<input>` of a type, appended to `parent`.
pub fn input(parent: &Element, kind: &str, class: &str) -> HtmlInputElement {
    let e = child(parent, "input", class);
    set_attr(&e, "type", kind);
    e.unchecked_into()
}

/// A `<button type=button>` with translated text.
pub fn button(parent: &Element, class: &str, key: &str) -> HtmlElement {
    let b = text_el(parent, "button", class, key);
    set_attr(&b, "type", "button");
    b.unchecked_into()
}

/// The language stored from an earlier visit, else the browser's preference (Korean first if preferred).
pub fn initial_lang() -> Lang {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    if let Some(lang) = stored.as_deref().and_then(Lang::from_tag) {
        return lang;
    }
    let langs = window().navigator().languages();
    let prefs: Vec<String> = langs.iter().filter_map(|v| v.as_string()).collect();
    Lang::preferred(prefs.iter().map(String::as_str))
}

pub fn store_lang(lang: Lang) {
    if let Some(s) = window().local_storage().ok().flatten() {
        let _ = s.set_item(LANG_KEY, lang.tag());
    }
}

const LANG_KEY: &str = "nnlab.lang";

/// Report a bug-level problem (not a user error) in the console.
pub fn log_error(msg: &str) {
    web_sys::console::error_1(&msg.into());
}

/// The (dx, dy) step an arrow key asks for on a 2-D plot (up is +y), or `None` for any other key.
pub fn arrow_step(key: &str, step: f64) -> Option<(f64, f64)> {
    match key {
        "ArrowLeft" => Some((-step, 0.0)),
        "ArrowRight" => Some((step, 0.0)),
        "ArrowUp" => Some((0.0, step)),
        "ArrowDown" => Some((0.0, -step)),
        _ => None,
    }
}
