//! The activation-functions lab view: function toggles, derivative switch, leaky slope and x range fields,
//! the chart (plotters on a HiDPI canvas), a pointer/keyboard readout of x, h(x), h'(x), and MathML formulas.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent, PointerEvent};

use super::activation::linear_panel::LinearPanel;
use super::activation::softmax_panel::SoftmaxPanel;
use super::activation::update_route;
use super::canvas::HiDpiCanvas;
use super::dom::{self, child, on, set_attr, set_text, text_el};
use super::field::NumberField;
use super::lab::{Ctx, LabView};
use crate::i18n::{self, Lang};
use crate::labs::activation::{formula, ActivationLabConfig, KINDS, LEAKY_A_RANGE, X_MAX_RANGE};
use crate::numfmt::sig;
use crate::plot::curve_markers::draw_curve_markers;
use crate::plot::function::{draw_functions, FunctionChart};
use crate::plot::marker::Marker;
use crate::plot::{palette, ChartStyle, PlotFrame};
use crate::urlstate::Route;

struct State {
    cfg: ActivationLabConfig,
    frame: Option<PlotFrame>,
    cursor: Option<f64>,
}

struct Parts {
    ctx: Ctx,
    canvas: HiDpiCanvas,
    toggles: Vec<HtmlInputElement>,
    deriv: HtmlInputElement,
    leaky: NumberField,
    x_max: NumberField,
    readout: Element,
    formulas: Element,
    state: RefCell<State>,
}

pub struct ActivationView {
    section: Element,
    parts: Rc<Parts>,
    linear: Rc<LinearPanel>,
    softmax: Rc<SoftmaxPanel>,
}

impl ActivationView {
    pub fn mount(section: Element, ctx: &Ctx) -> ActivationView {
        let grid = child(&section, "div", "lab-grid");
        let controls = child(&grid, "div", "controls");
        let set = child(&controls, "fieldset", "");
        text_el(&set, "legend", "", "act.functions");
        let mut toggles = Vec::new();
        for (i, kind) in KINDS.iter().enumerate() {
            let label = child(&set, "label", "check");
            let cb = dom::input(&label, "checkbox", "");
            set_attr(&cb, "data-kind", kind);
            let sw = child(&label, "span", "swatch");
            set_attr(
                &sw,
                "style",
                &format!("background:{}", palette::css(palette::color(i))),
            );
            // The curve's marker shape, as on the chart (colour is never the only difference).
            let key = child(&label, "span", "marker-key");
            set_attr(&key, "aria-hidden", "true");
            set_attr(
                &key,
                "style",
                &format!("color:{}", palette::css(palette::color(i))),
            );
            set_text(&key, Marker::nth(i).glyph());
            text_el(&label, "span", "", &format!("act.{kind}"));
            toggles.push(cb);
        }
        let dl = child(&controls, "label", "check");
        let deriv = dom::input(&dl, "checkbox", "");
        set_attr(&deriv, "data-role", "derivative");
        text_el(&dl, "span", "", "act.derivative");
        let leaky = NumberField::new(
            &controls,
            "act.leaky_a",
            LEAKY_A_RANGE.0 as f64,
            LEAKY_A_RANGE.1 as f64,
            0.01,
        );
        let x_max = NumberField::new(
            &controls,
            "act.x_max",
            X_MAX_RANGE.0 as f64,
            X_MAX_RANGE.1 as f64,
            1.0,
        );

        let fig = child(&grid, "figure", "chart");
        let canvas = HiDpiCanvas::new(&fig, "plot", "act.chart");
        text_el(&fig, "figcaption", "hint", "act.readout.hint");
        let readout = child(&fig, "div", "readout");
        set_attr(&readout, "aria-live", "polite");
        super::stage::mount(&grid, &fig, &[&readout]);

        let fsec = child(&section, "div", "formulas");
        text_el(&fsec, "h3", "", "act.formulas");
        let formulas = child(&fsec, "div", "formula-list");
        let linear = LinearPanel::mount(&section, ctx);
        let softmax = SoftmaxPanel::mount(&section, ctx);

        let parts = Rc::new(Parts {
            ctx: ctx.clone(),
            canvas,
            toggles,
            deriv,
            leaky,
            x_max,
            readout,
            formulas,
            state: RefCell::new(State {
                cfg: ActivationLabConfig::default(),
                frame: None,
                cursor: None,
            }),
        });
        Self::wire(&parts);
        ActivationView {
            section,
            parts,
            linear,
            softmax,
        }
    }

    fn wire(p: &Rc<Parts>) {
        for (i, cb) in p.toggles.iter().enumerate() {
            let p2 = p.clone();
            on(cb, "change", move |ev: Event| {
                let checked = ev
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                    .is_some_and(|e| e.checked());
                p2.state.borrow_mut().cfg.shown[i] = checked;
                p2.changed();
            });
        }
        let p2 = p.clone();
        on(&p.deriv, "change", move |_: Event| {
            p2.state.borrow_mut().cfg.derivative = p2.deriv.checked();
            p2.changed();
        });
        let p2 = p.clone();
        on(&p.leaky.input, "input", move |_: Event| {
            if let Some(v) = p2.leaky.read(p2.ctx.lang()) {
                p2.state.borrow_mut().cfg.leaky_a = v as f32;
                p2.changed();
            }
        });
        let p2 = p.clone();
        on(&p.x_max.input, "input", move |_: Event| {
            if let Some(v) = p2.x_max.read(p2.ctx.lang()) {
                p2.state.borrow_mut().cfg.x_max = v as f32;
                p2.changed();
            }
        });
        let p2 = p.clone();
        on(&p.canvas.el, "pointermove", move |ev: PointerEvent| {
            p2.point_at(ev.client_x() as f64, ev.client_y() as f64)
        });
        let p2 = p.clone();
        on(&p.canvas.el, "pointerdown", move |ev: PointerEvent| {
            p2.point_at(ev.client_x() as f64, ev.client_y() as f64)
        });
        let p2 = p.clone();
        on(&p.canvas.el, "keydown", move |ev: KeyboardEvent| {
            let dir = match ev.key().as_str() {
                "ArrowLeft" => -1.0,
                "ArrowRight" => 1.0,
                _ => return,
            };
            ev.prevent_default();
            let x_max = p2.state.borrow().cfg.x_max as f64;
            let x = p2.state.borrow().cursor.unwrap_or(0.0) + dir * x_max / 50.0;
            p2.state.borrow_mut().cursor = Some(x.clamp(-x_max, x_max));
            p2.redraw();
        });
        let p2 = p.clone();
        on(&dom::window(), "resize", move |_: Event| p2.redraw());
    }
}

impl Parts {
    /// Settings changed by a control: redraw and write the URL (keeping the panels' keys).
    fn changed(&self) {
        let cfg = self.state.borrow().cfg.clone();
        update_route(&self.ctx, "activation", |r| cfg.write(r));
        self.redraw();
    }

    fn point_at(&self, client_x: f64, client_y: f64) {
        let (px, _) = self.canvas.device_xy(client_x, client_y);
        let x = self.state.borrow().frame.and_then(|f| f.x_at(px));
        if let Some(x) = x {
            self.state.borrow_mut().cursor = Some(x);
            self.redraw();
        }
    }

    fn sync_controls(&self) {
        let st = self.state.borrow();
        for (i, cb) in self.toggles.iter().enumerate() {
            cb.set_checked(st.cfg.shown[i]);
        }
        self.deriv.set_checked(st.cfg.derivative);
        self.leaky.set(st.cfg.leaky_a as f64);
        self.x_max.set(st.cfg.x_max as f64);
    }

    fn redraw(&self) {
        let lang = self.ctx.lang();
        self.draw_chart(lang);
        self.render_text(lang);
    }

    fn draw_chart(&self, lang: Lang) {
        let Some(dpr) = self.canvas.fit() else { return };
        let Some(area) = self.canvas.area() else {
            return;
        };
        let mut st = self.state.borrow_mut();
        let cfg = st.cfg.clone();
        let curves = cfg.curves(ActivationLabConfig::samples_for(self.canvas.el.width()));
        let markers: Vec<_> = match st.cursor {
            Some(x) => cfg
                .visible()
                .map(|i| (x, cfg.activation(i).f(x as f32) as f64, palette::color(i)))
                .collect(),
            None => Vec::new(),
        };
        let chart = FunctionChart {
            curves: &curves,
            x_range: (-(cfg.x_max as f64), cfg.x_max as f64),
            y_range: cfg.y_range(),
            x_label: "x",
            y_label: if cfg.derivative {
                "h(x), h′(x)"
            } else {
                "h(x)"
            },
            markers: &markers,
            cursor_x: st.cursor,
        };
        let _ = lang;
        let style = ChartStyle::with_scale(dpr);
        let drawn = draw_functions(&area, &chart, &style).and_then(|frame| {
            let kinds = cfg.curve_kinds();
            draw_curve_markers(&area, &frame, &curves, &kinds, KINDS.len(), &style)?;
            Ok(frame)
        });
        match drawn {
            Ok(frame) => st.frame = Some(frame),
            Err(e) => dom::log_error(&format!("activation chart: {e}")),
        }
        let _ = area.present();
    }

    fn render_text(&self, lang: Lang) {
        let st = self.state.borrow();
        // The readout table: x, then h(x) and h'(x) per shown function.
        let mut html = String::new();
        if st.cfg.visible().next().is_none() {
            html.push_str(&format!(
                "<p class=\"empty\">{}</p>",
                i18n::t(lang, "act.none")
            ));
        } else if let Some(x) = st.cursor {
            html.push_str(&format!(
                "<table><thead><tr><th>{}</th><th>x</th><th>h(x)</th><th>h′(x)</th></tr></thead><tbody>",
                i18n::t(lang, "act.col.fn")
            ));
            for (kind, f, df) in st.cfg.readout(x as f32) {
                let i = KINDS.iter().position(|k| *k == kind).unwrap_or(0);
                html.push_str(&format!(
                    "<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    palette::css(palette::color(i)),
                    i18n::t(lang, &format!("act.{kind}")),
                    sig(x, 4),
                    sig(f as f64, 4),
                    sig(df as f64, 4)
                ));
            }
            html.push_str("</tbody></table>");
        }
        self.readout.set_inner_html(&html);

        let mut f = String::new();
        for i in st.cfg.visible() {
            f.push_str(&format!(
                "<div class=\"formula\"><span class=\"swatch\" style=\"background:{}\"></span><span class=\"fname\">{}</span>{}</div>",
                palette::css(palette::color(i)),
                i18n::t(lang, &format!("act.{}", KINDS[i])),
                formula(KINDS[i])
            ));
        }
        self.formulas.set_inner_html(&f);
        self.leaky.relabel(lang);
        self.x_max.relabel(lang);
    }
}

impl LabView for ActivationView {
    fn section(&self) -> &Element {
        &self.section
    }

    fn show(&self, route: &Route) {
        self.parts.state.borrow_mut().cfg = ActivationLabConfig::read(route);
        self.parts.sync_controls();
        self.parts.redraw();
        self.linear.show(route);
        self.softmax.show(route);
    }

    fn relabel(&self, lang: Lang) {
        self.parts.redraw();
        self.linear.relabel(lang);
        self.softmax.redraw();
    }
}
