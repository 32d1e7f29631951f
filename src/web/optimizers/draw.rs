//! Drawing the optimizers lab: the contour plot with the paths, the loss chart, the legend, the progress line,
//! the results table and the every-step table (all numbers come from the race in the core).

use super::Parts;
use crate::i18n::{self, Lang};
use crate::labs::optimizers::chart_data::{self, style_of, INK};
use crate::labs::optimizers::{formula, Race};
use crate::numfmt::sig;
use crate::plot::field::{draw_field, FieldChart};
use crate::plot::function::{draw_functions, FunctionChart};
use crate::plot::marker::Marker;
use crate::plot::palette::css;
use crate::plot::ChartStyle;
use crate::web::dom;
use crate::web::dom::set_text;

/// At most this many rows in the every-step table (long races are thinned evenly, the last step kept).
const MAX_ROWS: usize = 80;

impl Parts {
    pub(super) fn redraw(&self) {
        let lang = self.lang();
        if let Some(r) = self.state.borrow().race.as_ref() {
            self.timeline.set(r.step, r.total);
        }
        self.ensure_contours();
        self.draw_plot();
        self.draw_loss(lang);
        self.render_text(lang);
    }

    fn ensure_contours(&self) {
        let mut st = self.state.borrow_mut();
        let s = st.cfg.surface;
        if st.contours.as_ref().is_none_or(|(cs, _)| *cs != s) {
            st.contours = Some((s, chart_data::contours(s)));
        }
    }

    fn draw_plot(&self) {
        let Some(dpr) = self.plot.fit() else { return };
        let Some(area) = self.plot.area() else { return };
        let mut st = self.state.borrow_mut();
        let Some(race) = st.race.as_ref() else { return };
        let (xr, yr) = race.surface.view();
        let paths = chart_data::paths(race);
        let marks = chart_data::marks(race);
        let contours = st.contours.as_ref().map(|c| c.1.as_slice()).unwrap_or(&[]);
        let chart = FieldChart {
            x_range: xr,
            y_range: yr,
            x_label: "x",
            y_label: "y",
            contours,
            arrows: &[],
            paths: &paths,
            marks: &marks,
        };
        match draw_field(&area, &chart, &ChartStyle::with_scale(dpr)) {
            Ok(frame) => st.frame = Some(frame),
            Err(e) => dom::log_error(&format!("optimizers plot: {e}")),
        }
        let _ = area.present();
    }

    fn draw_loss(&self, lang: Lang) {
        let Some(dpr) = self.loss.fit() else { return };
        let Some(area) = self.loss.area() else { return };
        let st = self.state.borrow();
        let Some(race) = st.race.as_ref() else { return };
        let curves = chart_data::loss_curves(race);
        let markers: Vec<_> = curves
            .iter()
            .filter_map(|c| c.points.last().map(|&(x, y)| (x, y, c.color)))
            .collect();
        let (x_range, y_range) = chart_data::loss_ranges(race);
        let y_label = if race.surface.nonnegative() {
            "log₁₀ f"
        } else {
            "f"
        };
        let chart = FunctionChart {
            curves: &curves,
            x_range,
            y_range,
            x_label: i18n::t(lang, "opt.axis.step"),
            y_label,
            markers: &markers,
            cursor_x: None,
        };
        if let Err(e) = draw_functions(&area, &chart, &ChartStyle::with_scale(dpr)) {
            dom::log_error(&format!("optimizers loss chart: {e}"));
        }
        let _ = area.present();
    }

    fn render_text(&self, lang: Lang) {
        let st = self.state.borrow();
        let s = st.cfg.surface;
        self.surface_formula.set_inner_html(&formula::surface(s));
        self.about
            .set_text_content(Some(i18n::t(lang, &format!("opt.about.{}", s.key()))));
        for f in [
            &self.start_x,
            &self.start_y,
            &self.steps,
            &self.speed,
            &self.decay,
        ] {
            f.relabel(lang);
        }
        for c in &self.racers {
            c.lr.relabel(lang);
            for (_, f) in &c.extras {
                f.relabel(lang);
            }
        }
        let Some(race) = st.race.as_ref() else {
            self.results.set_inner_html("");
            self.path_table.set_inner_html("");
            return;
        };
        set_text(
            &self.progress,
            &i18n::format(
                lang,
                "opt.progress",
                &[race.step.to_string(), race.total.to_string()],
            ),
        );
        self.legend.set_inner_html(&legend(race, lang));
        self.results.set_inner_html(&results(race, lang));
        self.path_table.set_inner_html(&path_table(race, lang));
    }
}

/// The racer's name with its marker glyph in its colour.
fn name(index: usize, key: &str, lang: Lang) -> String {
    let (color, marker) = style_of(index);
    format!(
        "<span class=\"glyph\" style=\"color:{}\">{}</span>{}",
        css(color),
        marker.glyph(),
        i18n::t(lang, &format!("opt.kind.{key}"))
    )
}

fn legend(race: &Race, lang: Lang) -> String {
    let mut h = String::new();
    for r in &race.racers {
        h.push_str(&format!(
            "<span class=\"item\">{}</span>",
            name(r.index, r.kind.key(), lang)
        ));
    }
    h.push_str(&format!(
        "<span class=\"item\"><span class=\"glyph\" style=\"color:{}\">{}</span>{}</span>",
        css(INK),
        Marker::Circle.glyph(),
        i18n::t(lang, "opt.legend.start")
    ));
    if race.surface.minimum().is_some() {
        h.push_str(&format!(
            "<span class=\"item\"><span class=\"glyph\" style=\"color:{}\">{}</span>{}</span>",
            css(INK),
            Marker::Plus.glyph(),
            i18n::t(lang, "opt.legend.min")
        ));
    }
    h
}

fn results(race: &Race, lang: Lang) -> String {
    if race.racers.is_empty() {
        return format!("<p class=\"empty\">{}</p>", i18n::t(lang, "opt.none"));
    }
    let mut h = format!(
        "<table class=\"data-table\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>x</th><th>y</th><th>f(x, y)</th></tr></thead><tbody>",
        i18n::t(lang, "opt.col.optimizer"),
        i18n::t(lang, "opt.col.status"),
        i18n::t(lang, "opt.col.lr"),
    );
    for r in &race.racers {
        let (key, args) = chart_data::status(race, r);
        let (x, y) = r.point();
        let class = if r.diverged_at.is_some() {
            " class=\"diverged\""
        } else {
            ""
        };
        h.push_str(&format!(
            "<tr{class} data-kind=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            r.kind.key(),
            name(r.index, r.kind.key(), lang),
            i18n::format(lang, key, &args),
            sig(r.last_lr as f64, 4),
            sig(x, 5),
            sig(y, 5),
            sig(r.loss(), 5),
        ));
    }
    h.push_str("</tbody></table>");
    h
}

fn path_table(race: &Race, lang: Lang) -> String {
    let mut h = format!(
        "<table class=\"data-table\"><thead><tr><th>{}</th>",
        i18n::t(lang, "opt.axis.step")
    );
    for r in &race.racers {
        h.push_str(&format!("<th>{}</th>", name(r.index, r.kind.key(), lang)));
    }
    h.push_str("</tr></thead><tbody>");
    let every = race.step.div_ceil(MAX_ROWS).max(1);
    for k in (0..=race.step).filter(|k| k % every == 0 || *k == race.step) {
        h.push_str(&format!("<tr><td>{k}</td>"));
        for r in &race.racers {
            match (r.path.get(k), r.losses.get(k)) {
                (Some(&(x, y)), Some(&f)) => h.push_str(&format!(
                    "<td>({}, {}) f = {}</td>",
                    sig(x, 4),
                    sig(y, 4),
                    sig(f, 4)
                )),
                _ => h.push_str("<td>—</td>"),
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    h
}
