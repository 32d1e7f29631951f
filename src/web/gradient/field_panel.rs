//! The gradient panel: contours of f(x0, x1) = x0² + x1² with the field of −∇f arrows (the book's figure
//! 4-9), and at a pointed, tapped or keyboard-moved point the numerical and the analytic ∇f = (2x0, 2x1).

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, KeyboardEvent, PointerEvent};

use super::{action, draw_chart, formulas_html, legend_item, pointer_px, Env, Panel};
use crate::i18n::{self, t};
use crate::labs::gradient::field::{
    analytic_grad, arrows, clamp_point, contours, function_2, numeric_grad, BOOK_POINTS, FORMULA,
    PARTIAL, R, STEP,
};
use crate::numfmt::sig;
use crate::plot::contour::Segment;
use crate::plot::field::{draw_field, FieldChart, FieldPath};
use crate::plot::marker::Marker;
use crate::plot::{palette, PlotFrame};
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{child, on, set_attr, text_el};

pub(crate) struct FieldPanel {
    env: Rc<Env>,
    canvas: HiDpiCanvas,
    legend: Element,
    readout: Element,
    formula: Element,
    contours: Vec<Segment>,
    arrows: Vec<(f64, f64, f64, f64)>,
    frame: RefCell<Option<PlotFrame>>,
}

impl FieldPanel {
    pub fn mount(parent: &Element, env: &Rc<Env>) -> Rc<FieldPanel> {
        text_el(parent, "p", "grad-intro", "grad.field.intro");
        let grid = child(parent, "div", "lab-grid");
        let controls = child(&grid, "div", "controls");
        let set = child(&controls, "fieldset", "");
        text_el(&set, "legend", "", "grad.field.points");
        let fig = child(&grid, "figure", "chart");
        let canvas = HiDpiCanvas::new(&fig, "plot grad-square", "grad.field.chart");
        let legend = child(&fig, "div", "legend");
        text_el(&fig, "figcaption", "hint", "grad.field.hint");
        let readout = child(&controls, "div", "readout");
        crate::web::stage::mount(&grid, &fig, &[&readout]);
        set_attr(&readout, "aria-live", "polite");
        let formula = child(parent, "div", "formulas");
        let p = Rc::new(FieldPanel {
            env: env.clone(),
            canvas,
            legend,
            readout,
            formula,
            contours: contours(8),
            arrows: arrows(13),
            frame: RefCell::new(None),
        });
        for (a, b) in BOOK_POINTS {
            let p2 = p.clone();
            let btn = action(&set, "small", "grad.point", move |_| p2.set_point((a, b)));
            set_attr(&btn, "data-i18n-arg", &format!("({a}, {b})"));
        }
        p.wire();
        p
    }

    fn wire(self: &Rc<Self>) {
        for name in ["pointermove", "pointerdown"] {
            let p = self.clone();
            on(&self.canvas.el, name, move |ev: PointerEvent| {
                let (px, py) = pointer_px(&p.canvas, &ev);
                let at = p.frame.borrow().and_then(|f| f.data_at(px, py));
                if let Some((a, b)) = at {
                    // Snap to 0.05 so the numbers read cleanly.
                    p.set_point(((a * 20.0).round() / 20.0, (b * 20.0).round() / 20.0));
                }
            });
        }
        let p = self.clone();
        on(&self.canvas.el, "keydown", move |ev: KeyboardEvent| {
            let Some((dx, dy)) = crate::web::dom::arrow_step(&ev.key(), STEP) else {
                return;
            };
            ev.prevent_default();
            let (a, b) = p.env.cfg.borrow().point;
            p.set_point((a + dx, b + dy));
        });
    }

    fn set_point(&self, pt: (f64, f64)) {
        let pt = clamp_point(pt);
        self.env.update(|c| c.point = pt);
        self.redraw();
    }
}

impl Panel for FieldPanel {
    fn sync(&self) {}

    fn redraw(&self) {
        let lang = self.env.lang();
        let (a, b) = self.env.cfg.borrow().point;
        let (n0, n1) = numeric_grad(a, b);
        let (g0, g1) = analytic_grad(a, b);
        // The chosen point's −∇f, drawn at the same scale as the field arrows.
        let scale = {
            let longest = self
                .arrows
                .iter()
                .map(|v| v.2.hypot(v.3))
                .fold(0.0, f64::max);
            let grad_longest = self
                .arrows
                .iter()
                .map(|v| analytic_grad(v.0, v.1))
                .map(|g| g.0.hypot(g.1))
                .fold(0.0, f64::max);
            if grad_longest > 0.0 {
                longest / grad_longest
            } else {
                0.0
            }
        };
        let vec_path = FieldPath {
            color: palette::color(1),
            marker: Marker::Circle,
            points: vec![(a, b), (a - n0 * scale, b - n1 * scale)],
        };
        let mut marks: Vec<_> = BOOK_POINTS
            .iter()
            .map(|&(x, y)| (x, y, palette::color(5), Marker::Diamond))
            .collect();
        marks.push((a, b, palette::color(1), Marker::Circle));
        marks.push((0.0, 0.0, palette::color(2), Marker::Star));
        let frame = draw_chart(&self.canvas, "gradient field", |area, style| {
            draw_field(
                area,
                &FieldChart {
                    x_range: (-R, R),
                    y_range: (-R, R),
                    x_label: "x0",
                    y_label: "x1",
                    contours: &self.contours,
                    arrows: &self.arrows,
                    paths: std::slice::from_ref(&vec_path),
                    marks: &marks,
                },
                style,
            )
        });
        if frame.is_some() {
            *self.frame.borrow_mut() = frame;
        }
        let css = |i: usize| palette::css(palette::color(i));
        self.legend.set_inner_html(
            &[
                legend_item("#5e6874", "→", t(lang, "grad.leg.field")),
                legend_item(&css(1), Marker::Circle.glyph(), t(lang, "grad.leg.point")),
                legend_item(
                    &css(5),
                    Marker::Diamond.glyph(),
                    t(lang, "grad.leg.book_points"),
                ),
                legend_item(&css(2), Marker::Star.glyph(), t(lang, "grad.leg.min")),
            ]
            .concat(),
        );
        let pt = |x: f64, y: f64| format!("({}, {})", sig(x, 6), sig(y, 6));
        self.readout.set_inner_html(&format!(
            "<table class=\"data-table\"><tbody><tr><th>(x0, x1)</th><td data-role=\"point\">{}</td></tr><tr><th>f</th><td>{}</td></tr><tr><th>{}</th><td data-role=\"numeric\">{}</td></tr><tr><th>{}</th><td data-role=\"analytic\">{}</td></tr><tr><th>|∇f|</th><td>{}</td></tr></tbody></table><p>{}</p>",
            pt(a, b),
            sig(function_2(&[a, b]), 6),
            t(lang, "grad.grad.numeric"),
            pt(n0, n1),
            t(lang, "grad.grad.analytic"),
            pt(g0, g1),
            sig(g0.hypot(g1), 6),
            i18n::format(lang, "grad.grad.diff", &[sig((n0 - g0).hypot(n1 - g1), 2)])
        ));
        self.formula
            .set_inner_html(&formulas_html(lang, &[FORMULA[0], FORMULA[1], PARTIAL]));
    }
}
