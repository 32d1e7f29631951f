//! The softmax panel: an editable input a with the book's presets, the naive exp(aₖ)/Σexp(aᵢ) and the
//! max-subtracted exp(aₖ − C)/Σexp(aᵢ − C) side by side (with why the naive one gives NaN), bars of the
//! outputs, their sum and the unchanged order.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, Event, HtmlElement};

use super::update_route;
use crate::i18n;
use crate::labs::softmax_demo::{
    SoftmaxDemoConfig, A_RANGE, FORMULA_NAIVE, FORMULA_STABLE, N, PRESETS,
};
use crate::numfmt::sig;
use crate::plot::bars::{draw_bars, BarChart, BarSeries};
use crate::plot::{palette, ChartStyle};
use crate::urlstate::Route;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, button, child, on, set_attr, set_text, text_el};
use crate::web::lab::Ctx;
use crate::web::vector_field::VectorField;

pub struct SoftmaxPanel {
    ctx: Ctx,
    a: VectorField,
    presets: Vec<HtmlElement>,
    naive: Element,
    stable: Element,
    note: Element,
    canvas: HiDpiCanvas,
    summary: Element,
    cfg: RefCell<SoftmaxDemoConfig>,
}

impl SoftmaxPanel {
    pub fn mount(parent: &Element, ctx: &Ctx) -> Rc<SoftmaxPanel> {
        let sec = child(parent, "section", "panel softmax-panel");
        text_el(&sec, "h3", "", "act.sm.title");
        text_el(&sec, "p", "intro", "act.sm.intro");
        let grid = child(&sec, "div", "lab-grid");
        let controls = child(&grid, "div", "controls");
        let items = (1..=N).map(|k| format!("a{}", sub(k))).collect();
        let a = VectorField::new(
            &controls,
            "act.sm.input",
            items,
            N,
            (A_RANGE.0 as f64, A_RANGE.1 as f64),
            0.1,
        );
        let pre = child(&controls, "div", "presets");
        text_el(&pre, "span", "field-label", "act.sm.presets");
        let presets = PRESETS
            .iter()
            .map(|(name, _)| {
                let b = button(&pre, "preset", &format!("act.sm.preset.{name}"));
                set_attr(&b, "data-preset", name);
                b
            })
            .collect();
        let fig = child(&grid, "figure", "chart");
        let canvas = HiDpiCanvas::new(&fig, "plot bars", "act.sm.chart");
        text_el(&fig, "figcaption", "hint", "act.sm.legend");
        let summary = child(&fig, "p", "sm-summary");
        set_attr(&summary, "aria-live", "polite");

        let cols = child(&sec, "div", "side-by-side");
        let naive = child(&cols, "div", "sm-col sm-naive");
        let stable = child(&cols, "div", "sm-col sm-stable");
        let note = child(&sec, "p", "note overflow-note");
        set_attr(&note, "role", "status");
        crate::web::stage::mount(&sec, &fig, &[&summary, &cols, &note]);

        let p = Rc::new(SoftmaxPanel {
            ctx: ctx.clone(),
            a,
            presets,
            naive,
            stable,
            note,
            canvas,
            summary,
            cfg: RefCell::new(SoftmaxDemoConfig::default()),
        });
        let p2 = p.clone();
        p.a.on_input(move || {
            if let Some(v) = p2.a.read(p2.ctx.lang()) {
                if let Ok(a) = <[f32; N]>::try_from(v) {
                    p2.cfg.borrow_mut().a = a;
                    p2.changed();
                }
            }
        });
        for (i, b) in p.presets.iter().enumerate() {
            let p2 = p.clone();
            on(b, "click", move |_: Event| {
                p2.cfg.borrow_mut().a = PRESETS[i].1;
                p2.a.set(&PRESETS[i].1);
                p2.changed();
            });
        }
        let p2 = p.clone();
        on(&dom::window(), "resize", move |_: Event| p2.redraw());
        p
    }

    fn changed(&self) {
        let cfg = self.cfg.borrow().clone();
        update_route(&self.ctx, "activation", |r| cfg.write(r));
        self.redraw();
    }

    pub fn show(&self, route: &Route) {
        let cfg = SoftmaxDemoConfig::read(route);
        self.a.set(&cfg.a);
        *self.cfg.borrow_mut() = cfg;
        self.redraw();
    }

    pub fn redraw(&self) {
        let lang = self.ctx.lang();
        self.a.relabel(lang);
        let d = self.cfg.borrow().compute();
        let n4 = |v: f32| sig(v as f64, 4);
        // Outputs to six digits, so they can be checked against NumPy's 9.99954600e-01, 4.53978686e-05 ….
        let n6 = |v: f32| sig(v as f64, 6);
        let head = |key: &str, formula: &str| {
            format!(
                "<h4>{}</h4><div class=\"formula\">{formula}</div>",
                i18n::t(lang, key)
            )
        };

        // The naive form: exp(aₖ), then yₖ.
        let mut h = head("act.sm.naive", FORMULA_NAIVE);
        h.push_str("<table class=\"data-table\"><thead><tr><th>k</th><th>exp(a<sub>k</sub>)</th><th>y<sub>k</sub></th></tr></thead><tbody>");
        for k in 0..N {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                k + 1,
                n4(d.exp_naive[k]),
                n6(d.naive[k])
            ));
        }
        h.push_str(&format!(
            "</tbody><tfoot><tr><th>Σ</th><td>{}</td><td>{}</td></tr></tfoot></table>",
            n4(d.sum_exp_naive),
            n4(d.sum_naive)
        ));
        self.naive.set_inner_html(&h);

        // The stable form: C, aₖ − C, exp(aₖ − C), yₖ.
        let mut h = head("act.sm.stable", FORMULA_STABLE);
        h.push_str(&format!("<p class=\"c-value\">C = {}</p>", n4(d.c)));
        h.push_str("<table class=\"data-table\"><thead><tr><th>k</th><th>a<sub>k</sub> − C</th><th>exp(a<sub>k</sub> − C)</th><th>y<sub>k</sub></th></tr></thead><tbody>");
        let a = self.cfg.borrow().a;
        for (k, &ak) in a.iter().enumerate() {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                k + 1,
                n4(ak - d.c),
                n4(d.exp_stable[k]),
                n6(d.stable[k])
            ));
        }
        h.push_str(&format!(
            "</tbody><tfoot><tr><th>Σ</th><td></td><td>{}</td><td>{}</td></tr></tfoot></table>",
            n4(d.sum_exp_stable),
            n4(d.sum_stable)
        ));
        self.stable.set_inner_html(&h);

        let note = if d.naive_overflowed() {
            i18n::t(lang, "act.sm.nan_why")
        } else {
            i18n::t(lang, "act.sm.same")
        };
        set_text(&self.note, note);
        let _ = self.note.set_attribute(
            "data-state",
            if d.naive_overflowed() { "nan" } else { "ok" },
        );
        let order = i18n::format(
            lang,
            "act.sm.summary",
            &[
                n4(d.sum_stable),
                (d.argmax_in + 1).to_string(),
                (d.argmax_out + 1).to_string(),
            ],
        );
        set_text(&self.summary, &order);

        // Bars: the stable outputs filled, the naive ones hollow (or "NaN").
        let Some(dpr) = self.canvas.fit() else { return };
        let Some(area) = self.canvas.area() else {
            return;
        };
        let labels: Vec<String> = (1..=N).map(|k| format!("y{}", sub(k))).collect();
        let series = [
            BarSeries {
                color: palette::color(0),
                values: d.stable.iter().map(|&v| v as f64).collect(),
            },
            BarSeries {
                color: palette::color(1),
                values: d.naive.iter().map(|&v| v as f64).collect(),
            },
        ];
        let chart = BarChart {
            labels: &labels,
            series: &series,
            y_range: (0.0, 1.0),
            y_label: "y",
            highlight: Some(d.argmax_out),
        };
        if let Err(e) = draw_bars(&area, &chart, &ChartStyle::with_scale(dpr)) {
            dom::log_error(&format!("softmax chart: {e}"));
        }
        let _ = area.present();
    }
}

/// A subscript digit, for the item names a₁, y₂ ….
pub fn sub(k: usize) -> String {
    k.to_string()
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32('₀' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}
