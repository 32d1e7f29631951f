//! The gradients & descent lab view (ch4.3–4.5): four panels (numerical differentiation, the gradient,
//! gradient descent, simpleNet) behind tab buttons, sharing one settings struct that is written to the URL.

mod descent_panel;
mod diff_errors;
mod diff_panel;
mod field_panel;
mod net_panel;

use std::cell::RefCell;
use std::fmt::Display;
use std::rc::Rc;

use plotters::coord::Shift;
use plotters::prelude::DrawingArea;
use plotters_canvas::CanvasBackend;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, KeyboardEvent, MouseEvent};

use super::canvas::HiDpiCanvas;
use super::dom::{self, child, on, set_attr, text_el};
use super::lab::{Ctx, LabView};
use crate::i18n::Lang;
use crate::labs::gradient::{GradientLabConfig, Tab};
use crate::plot::{ChartStyle, PlotFrame};
use crate::urlstate::Route;

/// What every panel shares: the shell's context and the lab's settings.
pub(crate) struct Env {
    pub ctx: Ctx,
    pub cfg: RefCell<GradientLabConfig>,
}

impl Env {
    pub fn lang(&self) -> Lang {
        self.ctx.lang()
    }

    /// Change the settings and write them to the URL.
    pub fn update(&self, f: impl FnOnce(&mut GradientLabConfig)) {
        f(&mut self.cfg.borrow_mut());
        let mut r = Route::new("gradient");
        self.cfg.borrow().write(&mut r);
        (self.ctx.set_route)(&r);
    }
}

/// What the view asks of each panel.
pub(crate) trait Panel {
    /// Put the settings into the controls.
    fn sync(&self);
    /// Redraw charts and computed text in the current language.
    fn redraw(&self);
    /// The panel is hidden: stop animations.
    fn pause(&self) {}
}

struct Inner {
    env: Rc<Env>,
    tabs: Vec<(Tab, HtmlElement)>,
    panels: Vec<(Tab, Element, Rc<dyn Panel>)>,
}

pub struct GradientView {
    section: Element,
    inner: Rc<Inner>,
}

impl GradientView {
    pub fn mount(section: Element, ctx: &Ctx) -> GradientView {
        let env = Rc::new(Env {
            ctx: ctx.clone(),
            cfg: RefCell::new(GradientLabConfig::default()),
        });
        let bar = child(&section, "div", "grad-tabs");
        set_attr(&bar, "role", "tablist");
        set_attr(&bar, "data-i18n-aria", "grad.tabs");
        let mut tabs = Vec::new();
        let mut panels: Vec<(Tab, Element, Rc<dyn Panel>)> = Vec::new();
        for tab in Tab::ALL {
            let b = dom::button(&bar, "grad-tab", &format!("grad.tab.{}", tab.key()));
            set_attr(&b, "role", "tab");
            set_attr(&b, "id", &format!("grad-tab-{}", tab.key()));
            set_attr(&b, "aria-controls", &format!("grad-panel-{}", tab.key()));
            set_attr(&b, "data-tab", tab.key());
            tabs.push((tab, b));
        }
        for tab in Tab::ALL {
            let p = child(&section, "div", "grad-panel");
            set_attr(&p, "role", "tabpanel");
            set_attr(&p, "id", &format!("grad-panel-{}", tab.key()));
            set_attr(&p, "aria-labelledby", &format!("grad-tab-{}", tab.key()));
            text_el(
                &p,
                "h3",
                "grad-panel-title",
                &format!("grad.tab.{}", tab.key()),
            );
            let panel: Rc<dyn Panel> = match tab {
                Tab::Diff => diff_panel::DiffPanel::mount(&p, &env),
                Tab::Field => field_panel::FieldPanel::mount(&p, &env),
                Tab::Descent => descent_panel::DescentPanel::mount(&p, &env),
                Tab::Net => net_panel::NetPanel::mount(&p, &env),
            };
            panels.push((tab, p, panel));
        }
        let inner = Rc::new(Inner { env, tabs, panels });
        for (i, (tab, b)) in inner.tabs.iter().enumerate() {
            let (tab, in2) = (*tab, inner.clone());
            on(b, "click", move |_: MouseEvent| {
                in2.env.update(|c| c.tab = tab);
                in2.show_tab();
            });
            // ← → move between tabs, as in the WAI-ARIA tabs pattern.
            let in2 = inner.clone();
            on(b, "keydown", move |ev: KeyboardEvent| {
                let n = in2.tabs.len();
                let j = match ev.key().as_str() {
                    "ArrowRight" => (i + 1) % n,
                    "ArrowLeft" => (i + n - 1) % n,
                    _ => return,
                };
                ev.prevent_default();
                let _ = in2.tabs[j].1.focus();
                in2.tabs[j].1.click();
            });
        }
        let in2 = inner.clone();
        on(&dom::window(), "resize", move |_: Event| {
            if let Some((_, _, p)) = in2.current() {
                p.redraw();
            }
        });
        GradientView { section, inner }
    }
}

impl Inner {
    fn current(&self) -> Option<&(Tab, Element, Rc<dyn Panel>)> {
        let tab = self.env.cfg.borrow().tab;
        self.panels.iter().find(|(t, _, _)| *t == tab)
    }

    /// Show the selected panel (hide and pause the others), then draw it: a canvas has a size only once shown.
    fn show_tab(&self) {
        let tab = self.env.cfg.borrow().tab;
        for (t, b) in &self.tabs {
            set_attr(b, "aria-selected", if *t == tab { "true" } else { "false" });
            set_attr(b, "tabindex", if *t == tab { "0" } else { "-1" });
        }
        for (t, el, p) in &self.panels {
            if *t == tab {
                let _ = el.remove_attribute("hidden");
            } else {
                p.pause();
                let _ = el.set_attribute("hidden", "");
            }
        }
        if let Some((_, _, p)) = self.current() {
            p.redraw();
        }
    }
}

impl LabView for GradientView {
    fn section(&self) -> &Element {
        &self.section
    }

    fn show(&self, route: &Route) {
        *self.inner.env.cfg.borrow_mut() = GradientLabConfig::read(route);
        for (_, _, p) in &self.inner.panels {
            p.sync();
        }
        self.inner.show_tab();
    }

    fn hide(&self) {
        for (_, _, p) in &self.inner.panels {
            p.pause();
        }
    }

    fn relabel(&self, _lang: Lang) {
        if let Some((_, _, p)) = self.inner.current() {
            p.redraw();
        }
    }
}

// ---- small helpers the panels share

/// Draw a chart on a HiDPI canvas; `None` when the canvas is not laid out or drawing failed (logged).
pub(crate) fn draw_chart<E: Display>(
    canvas: &HiDpiCanvas,
    name: &str,
    f: impl FnOnce(&DrawingArea<CanvasBackend, Shift>, &ChartStyle) -> Result<PlotFrame, E>,
) -> Option<PlotFrame> {
    let dpr = canvas.fit()?;
    let area = canvas.area()?;
    let r = f(&area, &ChartStyle::with_scale(dpr));
    let _ = area.present();
    match r {
        Ok(frame) => Some(frame),
        Err(e) => {
            dom::log_error(&format!("{name} chart: {e}"));
            None
        }
    }
}

/// A radio button with a translated label.
pub(crate) fn radio(parent: &Element, name: &str, value: &str, key: &str) -> HtmlInputElement {
    let label = child(parent, "label", "check");
    let r = dom::input(&label, "radio", "");
    set_attr(&r, "name", name);
    set_attr(&r, "value", value);
    text_el(&label, "span", "", key);
    r
}

/// A button that runs `f` when clicked.
pub(crate) fn action(
    parent: &Element,
    class: &str,
    key: &str,
    f: impl FnMut(MouseEvent) + 'static,
) -> HtmlElement {
    let b = dom::button(parent, class, key);
    on(&b, "click", f);
    b
}

/// A legend entry: a swatch (or marker glyph) in a colour, and a translated name.
pub(crate) fn legend_item(color: &str, glyph: &str, name: &str) -> String {
    format!("<span class=\"legend-item\"><span class=\"glyph\" style=\"color:{color}\">{glyph}</span>{name}</span>")
}

/// The canvas's pointer position in device pixels, from a mouse or pointer event.
pub(crate) fn pointer_px(canvas: &HiDpiCanvas, ev: &MouseEvent) -> (f64, f64) {
    canvas.device_xy(ev.client_x() as f64, ev.client_y() as f64)
}

/// The "Formulas" block: a heading and each MathML piece in its own box (so they wrap on a phone).
pub(crate) fn formulas_html(lang: Lang, pieces: &[&str]) -> String {
    let items: String = pieces
        .iter()
        .map(|m| format!("<div class=\"formula\">{m}</div>"))
        .collect();
    format!(
        "<h3>{}</h3><div class=\"formula-list\">{items}</div>",
        crate::i18n::t(lang, "act.formulas")
    )
}
