//! The error-against-h part of the numerical-differentiation panel: |approx − f′(x)| of the forward, backward
//! and central differences for h = 1e-1 … 1e-12 on log–log axes, with the chosen h and the book's 1e-4 marked,
//! the h with the smallest central error in words, and the errors at every decade as a table.

use web_sys::Element;

use super::{draw_chart, legend_item, Env};
use crate::i18n::{self, t};
use crate::labs::gradient::numdiff::{best_h, error_curve, h_values, Formula, Func};
use crate::numfmt::sig;
use crate::plot::loglog::{draw_loglog, y_range_of, LogLogChart, LogSeries};
use crate::plot::marker::Marker;
use crate::plot::palette;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{child, set_text, text_el};

pub(crate) struct ErrorPlot {
    canvas: HiDpiCanvas,
    legend: Element,
    note: Element,
    table: Element,
}

impl ErrorPlot {
    pub fn mount(parent: &Element) -> ErrorPlot {
        let err = child(parent, "div", "grad-err");
        text_el(&err, "h4", "", "grad.err.title");
        let fig = child(&err, "figure", "chart");
        let canvas = HiDpiCanvas::new(&fig, "plot grad-wide", "grad.err.chart");
        let legend = child(&fig, "div", "legend");
        text_el(&fig, "figcaption", "hint", "grad.err.explain");
        let note = child(&fig, "p", "grad-status");
        let details = child(&err, "details", "");
        text_el(&details, "summary", "", "grad.err.table");
        let table = child(&details, "div", "readout scroll");
        crate::web::stage::mount(&err, &fig, &[&note]);
        ErrorPlot {
            canvas,
            legend,
            note,
            table,
        }
    }

    /// Draw the error curves of the current settings and write their legend, note and table.
    pub fn draw(&self, env: &Env) {
        let c = env.cfg.borrow().diff.clone();
        let hs = h_values(4);
        let series: Vec<LogSeries> = Formula::ALL
            .iter()
            .enumerate()
            .map(|(i, &formula)| LogSeries {
                color: palette::color(i + 3),
                marker: Marker::nth(i + 1),
                // Forward and backward errors are often equal in size: dash one so both stay visible.
                dashed: formula == Formula::Backward,
                points: error_curve(c.func, c.x, c.precision, formula, &hs),
            })
            .collect();
        let lang = env.lang();
        let vlines = [
            (c.h, palette::color(1)),
            (crate::diff::H, palette::color(2)),
        ];
        draw_chart(&self.canvas, "error", |area, style| {
            draw_loglog(
                area,
                &LogLogChart {
                    series: &series,
                    x_range: (1e-12, 1e-1),
                    y_range: y_range_of(&series, 1e-18, 1e6),
                    x_label: "h",
                    y_label: t(lang, "grad.err.axis"),
                    vlines: &vlines,
                    marker_every: 4,
                },
                style,
            )
        });
        let series = &series;
        let css = |i: usize| palette::css(palette::color(i));
        let mut leg: Vec<String> = series
            .iter()
            .zip(Formula::ALL)
            .map(|(s, f)| {
                legend_item(
                    &palette::css(s.color),
                    s.marker.glyph(),
                    t(lang, &format!("grad.{}", f.key())),
                )
            })
            .collect();
        leg.push(legend_item(
            &css(1),
            "┆",
            &i18n::format(lang, "grad.leg.h", &[sig(c.h, 3)]),
        ));
        leg.push(legend_item(&css(2), "┆", t(lang, "grad.leg.book_h")));
        self.legend.set_inner_html(&leg.concat());

        let mut note = match best_h(&series[2].points) {
            Some((h, e)) => i18n::format(
                lang,
                "grad.err.best",
                &[sig(h, 2), sig(e, 2), c.precision.key().to_string()],
            ),
            None => String::new(),
        };
        if c.func == Func::Poly {
            // f‴ = 0: the central difference's h² term vanishes, so only rounding error is left.
            note.push(' ');
            note.push_str(t(lang, "grad.err.quadratic"));
        }
        set_text(&self.note, &note);

        let mut tb = format!(
            "<table class=\"data-table\"><thead><tr><th>h</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            t(lang, "grad.forward"),
            t(lang, "grad.backward"),
            t(lang, "grad.central")
        );
        for k in (0..series[0].points.len()).step_by(4) {
            tb.push_str(&format!("<tr><td>{}</td>", sig(series[0].points[k].0, 2)));
            for s in series {
                tb.push_str(&format!("<td>{}</td>", sig(s.points[k].1, 3)));
            }
            tb.push_str("</tr>");
        }
        tb.push_str("</tbody></table>");
        self.table.set_inner_html(&tb);
    }
}
