//! The numerical-differentiation panel: f(x) with a draggable point, the tangents from the central
//! difference and from f′(x), forward/backward/central (f(x±h) − …)/h side by side with their errors, and
//! the error against h on log–log axes in f32 or f64.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent, PointerEvent};

use super::diff_errors::ErrorPlot;
use super::{action, draw_chart, formulas_html, legend_item, pointer_px, radio, Env, Panel};
use crate::i18n::{self, t};
use crate::labs::gradient::numdiff::{differences, tangent, Formula, Func, Precision, H_RANGE};
use crate::numfmt::sig;
use crate::plot::function::{draw_functions, sample, Curve, FunctionChart};
use crate::plot::marker::Marker;
use crate::plot::{palette, PlotFrame};
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{child, on, set_attr, text_el};
use crate::web::field::NumberField;

pub(crate) struct DiffPanel {
    env: Rc<Env>,
    funcs: Vec<HtmlInputElement>,
    precs: Vec<HtmlInputElement>,
    /// In a RefCell: its limits follow the chosen function.
    x: RefCell<NumberField>,
    h: NumberField,
    fn_canvas: HiDpiCanvas,
    fn_legend: Element,
    table: Element,
    errors: ErrorPlot,
    formula: Element,
    frame: RefCell<Option<PlotFrame>>,
    dragging: RefCell<bool>,
}

impl DiffPanel {
    pub fn mount(parent: &Element, env: &Rc<Env>) -> Rc<DiffPanel> {
        text_el(parent, "p", "grad-intro", "grad.diff.intro");
        let grid = child(parent, "div", "lab-grid");
        let controls = child(&grid, "div", "controls");
        let set = child(&controls, "fieldset", "");
        text_el(&set, "legend", "", "grad.function");
        let funcs = Func::ALL
            .iter()
            .map(|f| radio(&set, "grad-fn", f.key(), &format!("grad.fn.{}", f.key())))
            .collect();
        let x = NumberField::new(&controls, "grad.x", -4.0, 20.0, 0.5);
        let h = NumberField::new(&controls, "grad.h", H_RANGE.0, H_RANGE.1, 1e-4);
        let row = child(&controls, "div", "button-row");
        let set2 = child(&controls, "fieldset", "");
        text_el(&set2, "legend", "", "grad.precision");
        let precs = vec![
            radio(&set2, "grad-prec", "64", "grad.f64"),
            radio(&set2, "grad-prec", "32", "grad.f32"),
        ];

        let fig = child(&grid, "figure", "chart");
        let fn_canvas = HiDpiCanvas::new(&fig, "plot", "grad.diff.chart");
        let fn_legend = child(&fig, "div", "legend");
        text_el(&fig, "figcaption", "hint", "grad.diff.hint");
        let table = child(&fig, "div", "readout");
        set_attr(&table, "aria-live", "polite");
        crate::web::stage::mount(&grid, &fig, &[&table]);

        let errors = ErrorPlot::mount(parent);
        let formula = child(parent, "div", "formulas");

        let p = Rc::new(DiffPanel {
            env: env.clone(),
            funcs,
            precs,
            x: RefCell::new(x),
            h,
            fn_canvas,
            fn_legend,
            table,
            errors,
            formula,
            frame: RefCell::new(None),
            dragging: RefCell::new(false),
        });
        p.wire(&row);
        p
    }

    fn wire(self: &Rc<Self>, row: &Element) {
        for (i, r) in self.funcs.iter().enumerate() {
            let p = self.clone();
            on(r, "change", move |_: Event| {
                let func = Func::ALL[i];
                p.env.update(|c| {
                    c.diff.func = func;
                    c.diff.x = func.default_x();
                });
                p.sync();
                p.redraw();
            });
        }
        for (i, r) in self.precs.iter().enumerate() {
            let p = self.clone();
            on(r, "change", move |_: Event| {
                let prec = [Precision::F64, Precision::F32][i];
                p.env.update(|c| c.diff.precision = prec);
                p.redraw();
            });
        }
        let p = self.clone();
        let input = self.x.borrow().input.clone();
        on(&input, "input", move |_: Event| {
            let v = p.x.borrow().read(p.env.lang());
            if let Some(v) = v {
                p.env.update(|c| c.diff.x = v);
                p.redraw();
            }
        });
        let p = self.clone();
        on(&self.h.input, "input", move |_: Event| {
            if let Some(v) = p.h.read(p.env.lang()) {
                p.env.update(|c| c.diff.h = v);
                p.redraw();
            }
        });
        // h × 10 and h ÷ 10: h spans decades, so it moves by decades.
        for (key, factor) in [("grad.h_div", 0.1), ("grad.h_mul", 10.0)] {
            let p = self.clone();
            action(row, "small", key, move |_| {
                let h = (p.env.cfg.borrow().diff.h * factor).clamp(H_RANGE.0, H_RANGE.1);
                p.env.update(|c| c.diff.h = h);
                p.h.set(h);
                p.redraw();
            });
        }
        let p = self.clone();
        action(row, "small", "grad.h_book", move |_| {
            p.env.update(|c| c.diff.h = crate::diff::H);
            p.h.set(crate::diff::H);
            p.redraw();
        });
        // The book's two points of 0.01x² + 0.1x.
        for x in [5.0, 10.0] {
            let p = self.clone();
            let b = action(row, "small", "grad.at_x", move |_| {
                p.env.update(|c| {
                    c.diff.func = Func::Poly;
                    c.diff.x = x;
                });
                p.sync();
                p.redraw();
            });
            set_attr(&b, "data-i18n-arg", &format!("{x}"));
        }

        // Drag the point: pointerdown starts, pointermove with the button held moves, anywhere on the chart.
        let p = self.clone();
        on(
            &self.fn_canvas.el,
            "pointerdown",
            move |ev: PointerEvent| {
                *p.dragging.borrow_mut() = true;
                p.point_at(&ev);
            },
        );
        let p = self.clone();
        on(
            &self.fn_canvas.el,
            "pointermove",
            move |ev: PointerEvent| {
                if *p.dragging.borrow() && ev.buttons() != 0 {
                    p.point_at(&ev);
                }
            },
        );
        for name in ["pointerup", "pointerleave", "pointercancel"] {
            let p = self.clone();
            on(&self.fn_canvas.el, name, move |_: PointerEvent| {
                *p.dragging.borrow_mut() = false
            });
        }
        let p = self.clone();
        on(&self.fn_canvas.el, "keydown", move |ev: KeyboardEvent| {
            let dir = match ev.key().as_str() {
                "ArrowLeft" => -1.0,
                "ArrowRight" => 1.0,
                _ => return,
            };
            ev.prevent_default();
            let (x, (lo, hi)) = {
                let c = p.env.cfg.borrow();
                (c.diff.x, c.diff.x_limits())
            };
            let x = (x + dir * (hi - lo) / 80.0).clamp(lo, hi);
            p.set_x(x);
        });
    }

    fn point_at(&self, ev: &PointerEvent) {
        let (px, _) = pointer_px(&self.fn_canvas, ev);
        let x = self.frame.borrow().and_then(|f| f.x_at(px));
        if let Some(x) = x {
            self.set_x(x);
        }
    }

    fn set_x(&self, x: f64) {
        // Round to what a user could type, so the URL and the field stay readable.
        let x = (x * 1000.0).round() / 1000.0;
        self.env.update(|c| c.diff.x = x);
        self.x.borrow().set(x);
        self.redraw();
    }

    fn draw_function(&self) {
        let c = self.env.cfg.borrow().diff.clone();
        let xr = c.func.x_range();
        let f = |v: f64| c.func.f(v);
        let pts = sample(xr, 201, f);
        let (lo, hi) = pts
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p.1), hi.max(p.1))
            });
        let pad = 0.15 * (hi - lo).max(1e-6);
        let central = c.precision.diff(Formula::Central, c.func, c.x, c.h);
        let curves = [
            Curve {
                color: palette::color(0),
                dashed: false,
                points: pts,
            },
            Curve {
                color: palette::color(2),
                dashed: false,
                points: tangent(c.func, c.x, c.func.df(c.x), xr),
            },
            Curve {
                color: palette::color(1),
                dashed: true,
                points: tangent(c.func, c.x, central, xr),
            },
        ];
        let markers = [(c.x, f(c.x), palette::color(1))];
        let frame = draw_chart(&self.fn_canvas, "function", |area, style| {
            draw_functions(
                area,
                &FunctionChart {
                    curves: &curves,
                    x_range: xr,
                    y_range: (lo - pad, hi + pad),
                    x_label: "x",
                    y_label: "f(x)",
                    markers: &markers,
                    cursor_x: None,
                },
                style,
            )
        });
        if frame.is_some() {
            *self.frame.borrow_mut() = frame;
        }
    }

    fn render_text(&self) {
        let lang = self.env.lang();
        let c = self.env.cfg.borrow().diff.clone();
        let exact = c.func.df(c.x);
        let mut html = format!(
            "<table class=\"data-table\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            t(lang, "grad.col.formula"),
            t(lang, "grad.col.def"),
            t(lang, "grad.col.value"),
            t(lang, "grad.col.error")
        );
        for (i, row) in differences(c.func, c.x, c.h, c.precision)
            .iter()
            .enumerate()
        {
            html.push_str(&format!(
                "<tr data-formula=\"{}\"><td><span class=\"glyph\" style=\"color:{}\">{}</span>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                row.formula.key(),
                palette::css(palette::color(i + 3)),
                Marker::nth(i + 1).glyph(),
                t(lang, &format!("grad.{}", row.formula.key())),
                row.formula.mathml(),
                sig(row.value, 10),
                sig(row.error, 3)
            ));
        }
        html.push_str(&format!(
            "<tr class=\"exact\"><td>{}</td><td>f′(x)</td><td>{}</td><td></td></tr></tbody></table>",
            t(lang, "grad.exact"),
            sig(exact, 10)
        ));
        html.push_str(&format!(
            "<p>{}</p>",
            i18n::format(
                lang,
                "grad.diff.at",
                &[
                    sig(c.x, 6),
                    sig(c.func.f(c.x), 6),
                    sig(c.h, 3),
                    c.precision.key().to_string()
                ]
            )
        ));
        self.table.set_inner_html(&html);

        let css = |i: usize| palette::css(palette::color(i));
        self.fn_legend.set_inner_html(
            &[
                legend_item(&css(0), "━", "f(x)"),
                legend_item(&css(2), "━", t(lang, "grad.leg.true")),
                legend_item(&css(1), "╍", t(lang, "grad.leg.central")),
            ]
            .concat(),
        );

        self.formula.set_inner_html(&formulas_html(
            lang,
            &[
                c.func.formula()[0],
                c.func.formula()[1],
                Formula::Central.mathml(),
            ],
        ));
        self.x.borrow().relabel(lang);
        self.h.relabel(lang);
    }
}

impl Panel for DiffPanel {
    fn sync(&self) {
        let c = self.env.cfg.borrow().diff.clone();
        for (r, f) in self.funcs.iter().zip(Func::ALL) {
            r.set_checked(f == c.func);
        }
        self.precs[0].set_checked(c.precision == Precision::F64);
        self.precs[1].set_checked(c.precision == Precision::F32);
        let (lo, hi) = c.x_limits();
        {
            let mut x = self.x.borrow_mut();
            x.lo = lo;
            x.hi = hi;
        }
        self.x.borrow().set(c.x);
        self.x.borrow().relabel(self.env.lang());
        self.h.set(c.h);
    }

    fn redraw(&self) {
        self.draw_function();
        self.errors.draw(&self.env);
        self.render_text();
    }
}
