//! The backpropagation lab view: the computational-graph stepper, the Affine / Softmax-with-Loss examples,
//! and the network inspector with its gradient check. Keyboard: space play/pause, s step, r reset, acting on
//! the panel that has focus (the graph when none has).

mod graph_panel;
mod inspector_panel;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlSelectElement, KeyboardEvent};

use super::dom::{self, child, on, set_attr, set_text, text_el};
use super::lab::{Ctx, LabView};
use crate::i18n::Lang;
use crate::labs::backprop::{render_graph, BackpropLabConfig};
use crate::urlstate::Route;
use graph_panel::GraphPanel;
use inspector_panel::InspectorPanel;

/// What both panels share: the context and the lab's settings.
pub(crate) struct Shared {
    pub ctx: Ctx,
    pub cfg: RefCell<BackpropLabConfig>,
}

impl Shared {
    /// Write the settings into the URL.
    pub fn changed(&self) {
        let mut route = Route::new("backprop");
        self.cfg.borrow().write(&mut route);
        (self.ctx.set_route)(&route);
    }
}

/// A `<select>` with a label and (value, i18n key) options; a key of `None` shows the value itself.
pub(crate) fn select(
    parent: &Element,
    label: &str,
    options: &[(&str, Option<&str>)],
) -> HtmlSelectElement {
    let wrap = child(parent, "label", "field");
    text_el(&wrap, "span", "field-label", label);
    let sel = child(&wrap, "select", "");
    for (value, key) in options {
        let o = match key {
            Some(k) => text_el(&sel, "option", "", k),
            None => {
                let o = child(&sel, "option", "");
                set_text(&o, value);
                o
            }
        };
        set_attr(&o, "value", value);
    }
    sel.unchecked_into()
}

/// The keys, shown on screen.
pub(crate) fn keys_hint(parent: &Element) {
    text_el(parent, "p", "keys", "bp.keys");
}

pub struct BackpropView {
    section: Element,
    graph: Rc<GraphPanel>,
    inspector: Rc<InspectorPanel>,
    layers: Element,
    shared: Rc<Shared>,
}

impl BackpropView {
    pub fn mount(section: Element, ctx: &Ctx) -> BackpropView {
        let shared = Rc::new(Shared {
            ctx: ctx.clone(),
            cfg: RefCell::new(BackpropLabConfig::default()),
        });
        let graph = GraphPanel::mount(&section, &shared);
        let lsec = child(&section, "section", "bp-panel bp-layers");
        text_el(&lsec, "h3", "", "bp.layers.title");
        let layers = child(&lsec, "div", "");
        let inspector = InspectorPanel::mount(&section, &shared);

        let (g, i, sec) = (graph.clone(), inspector.clone(), section.clone());
        on(&dom::window(), "keydown", move |ev: KeyboardEvent| {
            if sec.has_attribute("hidden")
                || !crate::web::present::shortcuts_on()
                || ev.ctrl_key()
                || ev.meta_key()
                || ev.alt_key()
            {
                return;
            }
            let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
            let tag = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
            // Typing in a field or choosing in a list is not a command; space on a button already clicks it.
            if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                || (tag == "BUTTON" && ev.key() == " ")
            {
                return;
            }
            let inside = |sel: &str| {
                target
                    .as_ref()
                    .and_then(|t| t.closest(sel).ok().flatten())
                    .is_some()
            };
            let in_section = inside("#lab-backprop") || tag == "BODY";
            if !in_section {
                return;
            }
            let handled = if inside(".bp-inspector") {
                i.key(&ev.key())
            } else {
                g.key(&ev.key())
            };
            if handled {
                ev.prevent_default();
            }
        });
        let g = graph.clone();
        on(&dom::window(), "resize", move |_: Event| g.redraw());
        BackpropView {
            section,
            graph,
            inspector,
            layers,
            shared,
        }
    }
}

impl LabView for BackpropView {
    fn section(&self) -> &Element {
        &self.section
    }

    fn show(&self, route: &Route) {
        let cfg = BackpropLabConfig::read(route);
        let rebuild = *self.shared.cfg.borrow() != cfg || !self.inspector.built();
        *self.shared.cfg.borrow_mut() = cfg;
        self.graph.apply_cfg();
        if rebuild {
            self.inspector.apply_cfg();
        }
        self.relabel(self.shared.ctx.lang());
    }

    fn hide(&self) {
        self.graph.pause();
        self.inspector.pause();
    }

    fn relabel(&self, lang: Lang) {
        self.layers.set_inner_html(&render_graph::layers_html(lang));
        self.graph.relabel(lang);
        self.inspector.relabel(lang);
    }
}
