//! Drawing and text of the perceptron lab: the decision plots (plotters on HiDPI canvases), the errors-per-
//! epoch chart, and the HTML the core builds (formulas, tables, statuses) put into place.

use plotters::style::RGBColor;
use web_sys::Element;

use super::super::canvas::HiDpiCanvas;
use super::super::dom::{self, child, set_attr, text_el};
use super::Parts;
use crate::i18n::{self, Lang};
use crate::labs::perceptron::gate::{truth_table, Gate, Perceptron};
use crate::labs::perceptron::math::{self, LineKind};
use crate::labs::perceptron::{plots, view, xor};
use crate::plot::decision::{class_color, draw_decision, DecisionPlot};
use crate::plot::epochs::{draw_epochs, EpochChart};
use crate::plot::{palette, ChartStyle};
use crate::web::dom::set_text;

/// `AND (0.5, 0.5, θ 0.7)`.
pub fn preset_label(g: Gate, p: &Perceptron) -> String {
    format!(
        "{} ({}, {}, θ {})",
        g.name(),
        view::n(p.w1),
        view::n(p.w2),
        view::n(p.theta())
    )
}

/// The legend under a decision plot: marker shapes and colours, shading, rings.
pub fn legend(cap: &Element) {
    for (class, key) in [(1u8, "pct.legend.one"), (0u8, "pct.legend.zero")] {
        let item = child(cap, "span", "pct-legend-item");
        let m = child(
            &item,
            "span",
            if class == 1 {
                "marker dot"
            } else {
                "marker cross"
            },
        );
        set_attr(&m, "aria-hidden", "true");
        set_attr(
            &m,
            "style",
            &format!("color:{}", palette::css(class_color(class))),
        );
        set_text(&m, if class == 1 { "●" } else { "✕" });
        text_el(&item, "span", "", key);
    }
    text_el(cap, "span", "pct-legend-item", "pct.legend.shade");
    text_el(cap, "span", "pct-legend-item", "pct.legend.ring");
}

/// The XOR network diagram, its nodes in the colours of the lines that stand for them.
pub fn diagram() -> String {
    let tint = |c: RGBColor| {
        let t = crate::plot::decision::tint(c, 0.35);
        palette::css(t)
    };
    let nand = tint(plots::NAND_LINE);
    let or = tint(plots::OR_LINE);
    xor::diagram_svg([&nand, &or, "#e3e7ec"])
}

/// Draw one decision plot on a canvas (nothing while it is hidden).
fn draw_plot(canvas: &HiDpiCanvas, plot: &DecisionPlot, what: &str) {
    let Some(dpr) = canvas.fit() else { return };
    let Some(area) = canvas.area() else { return };
    if let Err(e) = draw_decision(&area, plot, &ChartStyle::with_scale(dpr)) {
        dom::log_error(&format!("{what}: {e}"));
    }
    let _ = area.present();
}

impl Parts {
    /// Everything on screen from the state: the canvases and the text.
    pub(super) fn render(&self) {
        {
            let st = self.state.borrow();
            self.timeline.set(st.learner.epoch(), st.furthest);
        }
        self.draw();
        self.render_text(self.ctx.lang());
    }

    pub(super) fn draw(&self) {
        let st = self.state.borrow();
        let gates = plots::gate_plot(&st.cfg.p, st.cfg.target);
        draw_plot(&self.plot, &gates.view(), "perceptron plot");
        draw_plot(&self.learn_plot, &gates.view(), "learning plot");

        let lang = self.ctx.lang();
        let counts = st.learner.error_counts();
        let cycle_caption = i18n::t(lang, "pct.epochs.cycle");
        let chart = EpochChart {
            counts: &counts,
            y_max: 4,
            min_epochs: 10,
            bracket: st
                .learner
                .repeating_epochs()
                .map(|r| (*r.start(), *r.end(), cycle_caption)),
            x_label: i18n::t(lang, "pct.epochs.x"),
            y_label: i18n::t(lang, "pct.epochs.y"),
        };
        if let (Some(dpr), Some(area)) = (self.epochs_chart.fit(), self.epochs_chart.area()) {
            if let Err(e) = draw_epochs(&area, &chart, &ChartStyle::with_scale(dpr)) {
                dom::log_error(&format!("epochs chart: {e}"));
            }
            let _ = area.present();
        }
        drop(st);
        self.draw_xor();
    }

    /// The XOR network's two views: input space with the NAND and OR lines (y = 1 between them), and
    /// (s1, s2) space with the AND line.
    fn draw_xor(&self) {
        draw_plot(
            &self.xor_x,
            &plots::xor_input_plot().view(),
            "xor input plot",
        );
        draw_plot(
            &self.xor_s,
            &plots::xor_hidden_plot().view(),
            "xor hidden plot",
        );
    }

    fn render_text(&self, lang: Lang) {
        let st = self.state.borrow();
        let p = st.cfg.p;
        let target = st.cfg.target;
        // Part 1.
        self.formulas.set_inner_html(&format!(
            "<div class=\"formula stack\" tabindex=\"0\"><span class=\"fname\">{}</span>{}</div>\
             <div class=\"formula stack\" tabindex=\"0\"><span class=\"fname\">{}</span>{}</div>",
            i18n::t(lang, "pct.form.threshold"),
            math::threshold(&p),
            i18n::t(lang, "pct.form.bias"),
            math::bias_form(&p),
        ));
        let line = match math::line_kind(&p) {
            LineKind::None { y } => format!(
                "<p class=\"no-line\">{}</p>",
                i18n::format(lang, "pct.no_line", &[y.to_string()])
            ),
            kind => {
                let mut s = format!(
                    "<div class=\"formula stack\" tabindex=\"0\"><span class=\"fname\">{}</span>{}</div>",
                    i18n::t(lang, "pct.form.line"),
                    math::line(&p).unwrap_or_default()
                );
                if matches!(kind, LineKind::Vertical { .. }) {
                    s.push_str(&format!(
                        "<p class=\"note\">{}</p>",
                        i18n::t(lang, "pct.vertical")
                    ));
                }
                s
            }
        };
        self.line_note.set_inner_html(&line);
        let rows = truth_table(&p, target);
        self.truth
            .set_inner_html(&view::truth_table(lang, &p, &rows, target));
        self.verdict
            .set_text_content(Some(&view::verdict(lang, &rows, target)));
        self.verdict
            .set_class_name(if rows.iter().all(|r| r.correct()) {
                "verdict ok"
            } else {
                "verdict wrong"
            });

        // Part 2.
        let from_seed = st.cfg.learned.map(|_| st.cfg.seed);
        self.status
            .set_inner_html(&view::learn_status(lang, &st.learner, from_seed));
        self.rule.set_inner_html(&format!(
            "<div class=\"formula stack\" tabindex=\"0\"><span class=\"fname\">{}</span>{}</div>",
            i18n::t(lang, "pct.rule"),
            math::rule(st.cfg.eta)
        ));
        self.last_epoch
            .set_inner_html(&view::last_epoch(lang, &st.learner));
        self.history
            .set_inner_html(&view::history(lang, &st.learner));
        self.history.set_scroll_top(self.history.scroll_height());
        let can_step = st.learner.can_step();
        drop(st);
        if can_step {
            let _ = self.step.remove_attribute("disabled");
        } else {
            set_attr(&self.step, "disabled", "");
        }
        self.render_play(self.anim().is_some_and(|a| a.is_running()));

        // Part 3 is fixed: its text changes only with the language.
        if self.rendered_lang.replace(Some(lang)) != Some(lang) {
            self.xor_table
                .set_inner_html(&view::xor_table(lang, &xor::rows()));
            self.proof.set_inner_html(&view::xor_proof(lang));
        }
        for f in [
            &self.w1.field,
            &self.w2.field,
            &self.b.field,
            &self.theta.field,
        ] {
            f.relabel(lang);
        }
        for f in [&self.eta, &self.seed, &self.max_epochs] {
            f.relabel(lang);
        }
    }

    /// The play button's face: Play or Pause; disabled when there is nothing left to learn.
    pub(super) fn render_play(&self, playing: bool) {
        let key = if playing { "pct.pause" } else { "pct.play" };
        set_attr(&self.play, "data-i18n", key);
        set_attr(
            &self.play,
            "aria-pressed",
            if playing { "true" } else { "false" },
        );
        self.play
            .set_text_content(Some(i18n::t(self.ctx.lang(), key)));
        if playing || self.state.borrow().learner.can_step() {
            let _ = self.play.remove_attribute("disabled");
        } else {
            set_attr(&self.play, "disabled", "");
        }
    }
}
