//! The gradient-descent panel: gradient_descent(f, init_x, lr, step_num) on x0² + x1², its path over the
//! contours (start set by a click or the fields), presets for a good, too big and too small lr, play / step /
//! reset, the outcome in words, and x_history as a table.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use web_sys::{Element, Event, HtmlElement, KeyboardEvent, MouseEvent};

use super::{action, draw_chart, formulas_html, legend_item, pointer_px, Env, Panel};
use crate::i18n::{self, t, Lang};
use crate::labs::gradient::descent::{
    drawn_prefix, exit_arrow, DescentRun, Outcome, Preset, FORMULA, LR_RANGE, RECT, STEPS_RANGE,
};
use crate::labs::gradient::field::{contours, function_2, R, STEP};
use crate::numfmt::sig;
use crate::plot::contour::Segment;
use crate::plot::field::{draw_field, FieldChart, FieldPath};
use crate::plot::marker::Marker;
use crate::plot::{palette, PlotFrame};
use crate::web::anim::AnimLoop;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{child, on, set_attr, set_text, text_el};
use crate::web::field::NumberField;
use crate::web::stage::key_action;
use crate::web::timeline::Timeline;

pub(crate) struct DescentPanel {
    env: Rc<Env>,
    lr: NumberField,
    steps: NumberField,
    sx: NumberField,
    sy: NumberField,
    play: HtmlElement,
    timeline: Timeline,
    canvas: HiDpiCanvas,
    legend: Element,
    status: Element,
    table: Element,
    formula: Element,
    contours: Vec<Segment>,
    run: RefCell<Option<DescentRun>>,
    /// How many steps of the path are shown (the animation's position).
    shown: Cell<usize>,
    anim: RefCell<Option<AnimLoop>>,
    frame: RefCell<Option<PlotFrame>>,
}

impl DescentPanel {
    pub fn mount(parent: &Element, env: &Rc<Env>) -> Rc<DescentPanel> {
        text_el(parent, "p", "grad-intro", "grad.descent.intro");
        let grid = child(parent, "div", "lab-grid");
        let controls = child(&grid, "div", "controls");
        let presets = child(&controls, "fieldset", "");
        text_el(&presets, "legend", "", "grad.presets");
        let lr = NumberField::new(&controls, "grad.lr", LR_RANGE.0, LR_RANGE.1, 0.01);
        let steps = NumberField::new(&controls, "grad.steps", STEPS_RANGE.0, STEPS_RANGE.1, 10.0);
        let sx = NumberField::new(&controls, "grad.sx", -R, R, STEP);
        let sy = NumberField::new(&controls, "grad.sy", -R, R, STEP);
        let row = child(&controls, "div", "button-row");
        let timeline = Timeline::new(&controls, "timeline.descent");

        let fig = child(&grid, "figure", "chart");
        let canvas = HiDpiCanvas::new(&fig, "plot grad-square", "grad.descent.chart");
        let legend = child(&fig, "div", "legend");
        text_el(&fig, "figcaption", "hint", "grad.descent.hint");
        let status = child(&fig, "p", "grad-status");
        set_attr(&status, "aria-live", "polite");
        let details = child(parent, "details", "");
        set_attr(&details, "open", "");
        text_el(&details, "summary", "", "grad.history");
        let table = child(&details, "div", "readout scroll");
        crate::web::stage::mount(&grid, &fig, &[&status, &details]);
        let formula = child(parent, "div", "formulas");

        let play = crate::web::dom::button(&row, "primary", "grad.play");
        set_attr(&play, "data-role", "play");
        key_action(&play, "play");
        let p = Rc::new(DescentPanel {
            env: env.clone(),
            lr,
            steps,
            sx,
            sy,
            play,
            timeline,
            canvas,
            legend,
            status,
            table,
            formula,
            contours: contours(8),
            run: RefCell::new(None),
            shown: Cell::new(0),
            anim: RefCell::new(None),
            frame: RefCell::new(None),
        });
        for preset in Preset::ALL {
            let p2 = p.clone();
            let b = action(
                &presets,
                "small",
                &format!("grad.preset.{}", preset.key()),
                move |_| {
                    p2.env.update(|c| {
                        c.descent = preset.config();
                        c.descent_at = None;
                    });
                    p2.sync();
                },
            );
            set_attr(&b, "data-preset", preset.key());
        }
        p.wire(&row);
        p
    }

    fn wire(self: &Rc<Self>, row: &Element) {
        // The loop holds the panel weakly: the panel owns the loop.
        let weak: Weak<DescentPanel> = Rc::downgrade(self);
        let anim = AnimLoop::new(8.0, move |_budget| {
            let Some(p) = weak.upgrade() else {
                return false;
            };
            let n = p.env.cfg.borrow().descent.step_num;
            // About three seconds for any step_num: one to several steps a frame.
            let next = (p.shown.get() + (n / 180).max(1)).min(n);
            p.shown.set(next);
            p.draw();
            let go_on = next < n;
            if !go_on {
                p.set_playing(false);
                p.write_at();
            }
            go_on
        });
        *self.anim.borrow_mut() = Some(anim);

        for (field, which) in [
            (&self.lr, 0),
            (&self.steps, 1),
            (&self.sx, 2),
            (&self.sy, 3),
        ] {
            let p = self.clone();
            let f = field.clone();
            on(&field.input, "input", move |_: Event| {
                let Some(v) = f.read(p.env.lang()) else {
                    return;
                };
                p.env.update(|c| {
                    c.descent_at = None;
                    match which {
                        0 => c.descent.lr = v,
                        1 => c.descent.step_num = v.round() as usize,
                        2 => c.descent.init_x.0 = v,
                        _ => c.descent.init_x.1 = v,
                    }
                });
                p.recompute();
            });
        }
        let p = self.clone();
        on(&self.play, "click", move |_: MouseEvent| p.toggle_play());
        let p = self.clone();
        let b = action(row, "", "grad.step", move |_| {
            p.pause();
            let n = p.env.cfg.borrow().descent.step_num;
            p.go_to((p.shown.get() + 1).min(n));
        });
        set_attr(&b, "data-role", "step");
        key_action(&b, "step");
        let p = self.clone();
        let b = action(row, "", "grad.reset", move |_| {
            p.pause();
            p.go_to(0);
        });
        set_attr(&b, "data-role", "reset");
        key_action(&b, "reset");
        let p = self.clone();
        self.timeline.on_back(move || {
            p.pause();
            p.go_to(p.shown.get().saturating_sub(1));
        });
        let p = self.clone();
        self.timeline.on_seek(move |k| {
            p.pause();
            p.go_to(k);
        });

        // A click on the chart sets the start; ←↑→↓ on the focused chart move it.
        let p = self.clone();
        on(&self.canvas.el, "click", move |ev: MouseEvent| {
            let (px, py) = pointer_px(&p.canvas, &ev);
            let at = p.frame.borrow().and_then(|f| f.data_at(px, py));
            if let Some((a, b)) = at {
                p.set_start(((a * 4.0).round() / 4.0, (b * 4.0).round() / 4.0));
            }
        });
        let p = self.clone();
        on(&self.canvas.el, "keydown", move |ev: KeyboardEvent| {
            let Some((dx, dy)) = crate::web::dom::arrow_step(&ev.key(), STEP) else {
                return;
            };
            ev.prevent_default();
            let (a, b) = p.env.cfg.borrow().descent.init_x;
            p.set_start((a + dx, b + dy));
        });
    }

    fn set_start(&self, (a, b): (f64, f64)) {
        let s = (a.clamp(-R, R), b.clamp(-R, R));
        self.env.update(|c| {
            c.descent.init_x = s;
            c.descent_at = None;
        });
        self.sx.set(s.0);
        self.sy.set(s.1);
        self.recompute();
    }

    /// Run the descent again for new settings and show its whole path.
    fn recompute(&self) {
        self.pause();
        let cfg = self.env.cfg.borrow().descent.clone();
        match cfg.run() {
            Ok(run) => {
                let at = self.env.cfg.borrow().descent_at;
                self.shown.set(at.unwrap_or(cfg.step_num).min(cfg.step_num));
                *self.run.borrow_mut() = Some(run);
            }
            // Fields validate first, so this is a URL or a bug; say it on the page, keep the last path.
            Err(e) => self.env.ctx.messages.show(e, self.env.lang()),
        }
        self.draw();
    }

    /// Show the path up to step k (the timeline's position) and put k in the link.
    fn go_to(&self, k: usize) {
        self.shown.set(k);
        self.draw();
        self.write_at();
    }

    /// The link says where the timeline stands (nothing while the whole path shows).
    fn write_at(&self) {
        let k = self.shown.get();
        let n = self.env.cfg.borrow().descent.step_num;
        let at = (k < n).then_some(k);
        if self.env.cfg.borrow().descent_at != at {
            self.env.update(|c| c.descent_at = at);
        }
    }

    fn toggle_play(&self) {
        let Some(anim) = self.anim.borrow().clone() else {
            return;
        };
        if anim.is_running() {
            self.pause();
        } else {
            let n = self.env.cfg.borrow().descent.step_num;
            if self.shown.get() >= n {
                self.shown.set(0);
            }
            self.set_playing(true);
            anim.play();
        }
    }

    fn set_playing(&self, on: bool) {
        let key = if on { "grad.pause" } else { "grad.play" };
        set_attr(&self.play, "data-i18n", key);
        set_attr(
            &self.play,
            "aria-pressed",
            if on { "true" } else { "false" },
        );
        set_text(&self.play, t(self.env.lang(), key));
    }

    fn draw(&self) {
        let lang = self.env.lang();
        let run = self.run.borrow();
        let Some(run) = run.as_ref() else { return };
        self.timeline
            .set(self.shown.get(), self.env.cfg.borrow().descent.step_num);
        let k = self.shown.get().min(run.points.len() - 1);
        let pts = &run.points[..=k];
        let color = palette::color(1);
        let path = FieldPath {
            color,
            marker: Marker::Circle,
            points: drawn_prefix(pts, RECT).to_vec(),
        };
        let exit = exit_arrow(pts, RECT, 0.9);
        let arrows: Vec<_> = exit.into_iter().collect();
        let start = pts[0];
        let marks = [
            (start.0, start.1, palette::color(0), Marker::Square),
            (0.0, 0.0, palette::color(2), Marker::Star),
        ];
        let frame = draw_chart(&self.canvas, "descent", |area, style| {
            draw_field(
                area,
                &FieldChart {
                    x_range: (-R, R),
                    y_range: (-R, R),
                    x_label: "x0",
                    y_label: "x1",
                    contours: &self.contours,
                    arrows: &arrows,
                    paths: std::slice::from_ref(&path),
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
                legend_item(&css(0), Marker::Square.glyph(), t(lang, "grad.leg.start")),
                legend_item(&css(1), Marker::Circle.glyph(), t(lang, "grad.leg.path")),
                legend_item(&css(2), Marker::Star.glyph(), t(lang, "grad.leg.min")),
            ]
            .concat(),
        );

        let lr = self.env.cfg.borrow().descent.lr;
        let outcome = run.outcome(k);
        let mut status = outcome_text(lang, outcome, pts, lr);
        if exit.is_some() {
            status.push(' ');
            status.push_str(t(lang, "grad.out.offplot"));
        }
        set_text(&self.status, &status);
        set_attr(&self.status, "data-outcome", outcome_key(outcome));

        let mut html = format!(
            "<table class=\"data-table\"><thead><tr><th>{}</th><th>x0</th><th>x1</th><th>f(x)</th></tr></thead><tbody>",
            t(lang, "grad.col.step")
        );
        for (i, p) in pts.iter().enumerate() {
            html.push_str(&format!(
                "<tr><td>{i}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                sig(p.0, 9),
                sig(p.1, 9),
                sig(function_2(&[p.0, p.1]), 6)
            ));
        }
        html.push_str("</tbody></table>");
        self.table.set_inner_html(&html);
        self.formula.set_inner_html(&formulas_html(lang, &FORMULA));
        for f in [&self.lr, &self.steps, &self.sx, &self.sy] {
            f.relabel(lang);
        }
    }
}

impl Panel for DescentPanel {
    fn sync(&self) {
        let c = self.env.cfg.borrow().descent.clone();
        self.lr.set(c.lr);
        self.steps.set(c.step_num as f64);
        self.sx.set(c.init_x.0);
        self.sy.set(c.init_x.1);
        self.recompute();
    }

    fn redraw(&self) {
        if self.run.borrow().is_none() {
            self.recompute();
        } else {
            self.draw();
        }
    }

    fn pause(&self) {
        let was_running = self.anim.borrow().as_ref().is_some_and(|a| a.is_running());
        if let Some(a) = self.anim.borrow().as_ref() {
            a.pause();
        }
        self.set_playing(false);
        if was_running {
            self.write_at();
        }
    }
}

/// The outcome's machine name, for tests and styling.
fn outcome_key(o: Outcome) -> &'static str {
    match o {
        Outcome::Start => "start",
        Outcome::Converged { .. } => "converged",
        Outcome::Approaching { .. } => "approaching",
        Outcome::Diverged { overflow: true, .. } => "overflow",
        Outcome::Diverged { .. } => "diverged",
        Outcome::BarelyMoved { .. } => "barely",
        Outcome::Descending { .. } => "descending",
    }
}

/// The status sentence for the path shown so far (`pts` = x after 0, 1, …, k steps).
fn outcome_text(lang: Lang, o: Outcome, pts: &[(f64, f64)], lr: f64) -> String {
    let k = pts.len() - 1;
    let e = pts[k];
    match o {
        Outcome::Start => i18n::format(
            lang,
            "grad.out.start",
            &[sig(e.0, 3), sig(e.1, 3), sig(e.0 * e.0 + e.1 * e.1, 4)],
        ),
        Outcome::Converged { dist } => i18n::format(
            lang,
            "grad.out.converged",
            &[k.to_string(), sig(e.0, 3), sig(e.1, 3), sig(dist, 2)],
        ),
        Outcome::Approaching { dist } => i18n::format(
            lang,
            "grad.out.approaching",
            &[k.to_string(), sig(dist, 2), sig(1.0 - 2.0 * lr, 3)],
        ),
        Outcome::Diverged {
            max_abs,
            at_step,
            overflow: true,
            ..
        } => i18n::format(
            lang,
            "grad.out.overflow",
            &[at_step.to_string(), sig(max_abs, 2), sig(lr, 3)],
        ),
        Outcome::Diverged {
            max_abs,
            at_step,
            frozen_from,
            ..
        } => {
            let mut s = i18n::format(
                lang,
                "grad.out.diverged",
                &[
                    sig(max_abs, 2),
                    at_step.to_string(),
                    sig(lr, 3),
                    sig(1.0 - 2.0 * lr, 3),
                ],
            );
            if let Some(f) = frozen_from {
                s.push(' ');
                s.push_str(&i18n::format(
                    lang,
                    "grad.out.frozen",
                    &[f.to_string(), sig(pts[f].0.hypot(pts[f].1), 3)],
                ));
            }
            s
        }
        Outcome::BarelyMoved { moved } => i18n::format(
            lang,
            "grad.out.barely",
            &[sig(moved, 2), k.to_string(), sig(lr, 3)],
        ),
        Outcome::Descending { f0, f1 } => i18n::format(
            lang,
            "grad.out.descending",
            &[sig(f0, 4), sig(f1, 4), k.to_string()],
        ),
    }
}
