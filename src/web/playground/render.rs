//! The playground's text and redraws: the status line (epoch, iteration, loss, accuracy, frames per
//! second), the boundary readout (x1, x2, y at the pointer), the weight readout, the metrics table, the
//! table of every weight, and the formulas of the chosen output and loss.

use super::{draw, Parts};
use crate::i18n::{self, format, t};
use crate::labs::playground::{loss_formula, LAYER_FORMULA, UPDATE_FORMULA};
use crate::numfmt::sig;
use crate::plot::marker::Marker;
use crate::plot::points::CLASS_MARKERS;
use crate::web::dom::{set_html, set_text};

fn opt(v: Option<f32>, digits: usize) -> String {
    v.map_or_else(|| "—".into(), |v| sig(v as f64, digits))
}

impl Parts {
    pub(super) fn redraw_all(&self) {
        self.redraw_live(true);
    }

    /// The pictures that follow training closely; the status line, curves and tables only when `slow` is due too.
    /// Text changing every frame was unreadable and cost a layout a frame, whose garbage grew Blink's heap by
    /// about a megabyte a minute (issue #13); the canvases carry the motion.
    pub(super) fn redraw_live(&self, slow: bool) {
        self.draw_boundary(true);
        self.draw_network();
        self.render_net_readout();
        if slow {
            self.render_status();
            self.render_readout();
            self.draw_curves();
            self.render_weights();
            self.render_formulas();
        }
    }

    pub(super) fn draw_boundary(&self, fresh: bool) {
        let mut st = self.state.borrow_mut();
        let st = &mut *st;
        let stale = fresh && st.picture.is_none();
        draw::boundary(
            &self.boundary,
            st.grid.as_ref(),
            &mut st.picture,
            stale,
            &st.data,
            st.cursor,
        );
    }

    pub(super) fn draw_network(&self) {
        let mut st = self.state.borrow_mut();
        let st = &mut *st;
        let Some(s) = st.session.as_ref() else { return };
        st.diagram = draw::network(&self.network, s.net(), st.grid.as_ref(), st.selected_edge);
    }

    fn draw_curves(&self) {
        let st = self.state.borrow();
        let Some(s) = st.session.as_ref() else { return };
        let lang = self.ctx.lang();
        let epoch = t(lang, "pg.axis.epoch");
        draw::curves(&self.loss, s.metrics(), false, epoch, t(lang, "pg.loss"));
        draw::curves(&self.acc, s.metrics(), true, epoch, t(lang, "pg.accuracy"));
    }

    pub(super) fn render_status(&self) {
        let lang = self.ctx.lang();
        let st = self.state.borrow();
        let Some(s) = st.session.as_ref() else {
            self.c
                .status
                .set_text_content(Some(t(lang, "pg.status.none")));
            return;
        };
        let m = s.last();
        let mut text = format(
            lang,
            "pg.status",
            &[
                if s.config().batchnorm {
                    format!(
                        "{} {}",
                        s.config().shape(st.data.classes),
                        t(lang, "pg.with_bn")
                    )
                } else {
                    s.config().shape(st.data.classes)
                },
                s.epoch().to_string(),
                s.iteration().to_string(),
                sig(m.train_loss as f64, 4),
                sig(m.train_acc as f64 * 100.0, 4),
            ],
        );
        if let Some(stop) = s.stopped() {
            text.push_str(" · ");
            text.push_str(t(lang, stop.key()));
        }
        if let Some(stuck) = s.stuck_at_chance(st.data.classes) {
            text.push_str(" · ");
            text.push_str(&stuck.message().message(lang));
        }
        if let (Some(fps), true) = (st.fps, self.anim().is_some_and(|a| a.is_running())) {
            text.push_str(" · ");
            text.push_str(&format(lang, "pg.fps", &[format!("{fps:.0}")]));
        }
        set_text(&self.c.status, &text);
        let el = &self.c.status;
        let _ = el.set_attribute("data-epoch", &s.epoch().to_string());
        let _ = el.set_attribute("data-iteration", &s.iteration().to_string());
        let _ = el.set_attribute("data-loss", &m.train_loss.to_string());
        let _ = el.set_attribute("data-acc", &m.train_acc.to_string());
        if let Some(f) = st.fps {
            let _ = el.set_attribute("data-fps", &format!("{f:.1}"));
        }
    }

    /// x1, x2 and the network's y at the pointer or keyboard cursor (one 1×2 predict).
    pub(super) fn render_readout(&self) {
        let lang = self.ctx.lang();
        let mut st = self.state.borrow_mut();
        let Some(at) = st.cursor else {
            set_html(&self.readout, "");
            return;
        };
        let Some(s) = st.session.as_mut() else { return };
        let ys = s.net_mut().predict(&ndarray::arr2(&[[at[0], at[1]]])).ok();
        let mut html = format!(
            "<table><thead><tr><th>x₁</th><th>x₂</th><th>y</th><th>{}</th></tr></thead><tbody><tr><td>{}</td><td>{}</td>",
            t(lang, "pg.predicted"),
            sig(at[0] as f64, 3),
            sig(at[1] as f64, 3)
        );
        if let Some(y) = ys {
            let row = y.row(0);
            let vals: Vec<String> = row.iter().map(|v| sig(*v as f64, 4)).collect();
            let class = if row.len() == 1 {
                usize::from(row[0] > 0.5)
            } else {
                row.iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .map_or(0, |(i, _)| i)
            };
            html.push_str(&format!(
                "<td>{}</td><td>{} {}</td>",
                vals.join(", "),
                CLASS_MARKERS[class % 3].glyph(),
                t(lang, &format!("pg.class.{class}"))
            ));
        }
        html.push_str("</tr></tbody></table>");
        set_html(&self.readout, &html);
    }

    pub(super) fn render_net_readout(&self) {
        let lang = self.ctx.lang();
        let st = self.state.borrow();
        let edge = |k: Option<usize>| k.and_then(|k| st.diagram.as_ref()?.edges.get(k).copied());
        let mut lines = Vec::new();
        for (key, e) in [
            ("pg.hover", edge(st.hover_edge)),
            ("pg.selected", edge(st.selected_edge)),
        ] {
            if let Some(e) = e {
                lines.push(format(
                    lang,
                    key,
                    &[format!("W{}[{}][{}]", e.l, e.i, e.j), sig(e.w as f64, 4)],
                ));
            }
        }
        if lines.is_empty() {
            lines.push(t(lang, "pg.hover.none").to_string());
        }
        let html: String = lines.iter().map(|l| format!("<p>{l}</p>")).collect();
        set_html(&self.net_readout, &html);
        // toggleAttribute with force changes nothing when the state is already right (this runs every frame).
        let _ = self
            .set_weight
            .toggle_attribute_with_force("disabled", st.selected_edge.is_none());
    }

    /// Every W and b as tables (only while the details element is open: large nets have thousands).
    pub(super) fn render_weights(&self) {
        let open = self
            .weights_table
            .parent_element()
            .is_some_and(|d| d.has_attribute("open"));
        let st = self.state.borrow();
        let Some(s) = st.session.as_ref().filter(|_| open) else {
            return;
        };
        let net = s.net();
        let mut html = String::new();
        for name in net.param_names() {
            let Some(v) = net.param(&name) else { continue };
            html.push_str(&format!(
                "<table class=\"data-table\"><caption>{name}</caption><tbody>"
            ));
            for row in v.outer_iter() {
                html.push_str("<tr>");
                if row.ndim() == 0 {
                    html.push_str(&format!("<td>{}</td>", sig(row.sum() as f64, 3)));
                } else {
                    for w in row.iter() {
                        html.push_str(&format!("<td>{}</td>", sig(*w as f64, 3)));
                    }
                }
                html.push_str("</tr>");
            }
            html.push_str("</tbody></table>");
        }
        set_html(&self.weights_table, &html);
    }

    fn render_formulas(&self) {
        let lang = self.ctx.lang();
        let st = self.state.borrow();
        let mut html = String::new();
        if let Some(s) = st.session.as_ref() {
            let m = s.last();
            html.push_str(&format!(
                "<table><thead><tr><th></th><th>{}</th><th>{}</th></tr></thead><tbody><tr><th>{}</th><td>{}</td><td>{}</td></tr><tr><th>{}</th><td>{}</td><td>{}</td></tr></tbody></table>",
                t(lang, "pg.loss"),
                t(lang, "pg.accuracy"),
                t(lang, "pg.train"),
                sig(m.train_loss as f64, 4),
                sig(m.train_acc as f64, 4),
                t(lang, "pg.test"),
                opt(m.test_loss, 4),
                opt(m.test_acc, 4),
            ));
        }
        set_html(&self.metrics, &html);
        let legend: String = (0..st.data.classes.min(3))
            .map(|k| {
                let [r, g, b] = crate::labs::playground::grid::CLASS_RGB[k];
                format!(
                    "<span class=\"pg-key\"><span style=\"color:rgb({r},{g},{b})\">{}</span> {}</span>",
                    CLASS_MARKERS[k].glyph(),
                    t(lang, &format!("pg.class.{k}"))
                )
            })
            .collect();
        let formulas = format!(
            "<div class=\"pg-legend\">{legend}<span class=\"pg-key\">{} {}</span></div><div class=\"formula\"><span class=\"fname\">{}</span>{}</div><div class=\"formula\"><span class=\"fname\">{}</span>{}</div><div class=\"formula\"><span class=\"fname\">{}</span>{}</div>",
            Marker::Circle.glyph().replace('●', "○"),
            t(lang, "pg.test_points"),
            t(lang, "pg.f.layer"),
            LAYER_FORMULA,
            i18n::t(lang, &format!("pg.out.{}", st.cfg.output.key())),
            loss_formula(st.cfg.output),
            t(lang, "pg.f.update"),
            UPDATE_FORMULA,
        );
        set_html(&self.formulas, &formulas);
    }
}
