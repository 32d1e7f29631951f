//! The loss lab's "why not accuracy" panel: accuracy(w) (a staircase) beside the cross-entropy E(w) (smooth)
//! for a sigmoid neuron on eight points, with a pointer/keyboard readout of both values and slopes.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, KeyboardEvent, PointerEvent};

use super::Parts;
use crate::i18n::{self, Lang};
use crate::labs::loss::accuracy::{curves, readout, B, T, W_RANGE, X};
use crate::labs::loss::LossLabConfig;
use crate::numfmt::sig;
use crate::plot::function::{draw_functions, Curve, FunctionChart};
use crate::plot::{palette, ChartStyle, PlotFrame};
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, child, on, set_attr, set_text, text_el};

pub struct AccuracyPanel {
    /// Accuracy, then loss.
    canvases: [HiDpiCanvas; 2],
    frames: RefCell<[Option<PlotFrame>; 2]>,
    readout: Element,
}

impl AccuracyPanel {
    pub fn mount(parent: &Element) -> AccuracyPanel {
        let sec = child(parent, "section", "panel loss-accuracy");
        text_el(&sec, "h3", "", "loss.acc.title");
        text_el(&sec, "p", "intro", "loss.acc.intro");
        let data = child(&sec, "p", "data-line");
        let xs: Vec<String> = X
            .iter()
            .zip(T)
            .map(|(x, t)| format!("({}, {})", sig(*x, 3), t))
            .collect();
        set_text(
            &data,
            &format!("(x, t): {}   b = {}", xs.join("  "), sig(B, 3)),
        );
        let cols = child(&sec, "div", "side-by-side");
        let mk = |key: &str, cap: &str| {
            let fig = child(&cols, "figure", "chart");
            let c = HiDpiCanvas::new(&fig, "plot", key);
            text_el(&fig, "figcaption", "hint", cap);
            c
        };
        let canvases = [
            mk("loss.acc.chart_acc", "loss.acc.cap_acc"),
            mk("loss.acc.chart_loss", "loss.acc.cap_loss"),
        ];
        text_el(&sec, "p", "hint", "loss.acc.hint");
        let readout = child(&sec, "div", "readout");
        set_attr(&readout, "aria-live", "polite");
        crate::web::stage::mount(&sec, &cols, &[&readout]);
        AccuracyPanel {
            canvases,
            frames: RefCell::new([None, None]),
            readout,
        }
    }

    pub fn render(&self, cfg: &LossLabConfig, lang: Lang) {
        let w = cfg.w as f64;
        let r = readout(w);
        let row = |key: &str, v: f64, dv: f64| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                i18n::t(lang, key),
                sig(v, 4),
                sig(dv, 4)
            )
        };
        let html = format!(
            "<table><thead><tr><th>w = {}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}{}</tbody></table><p class=\"note\">{}</p>",
            sig(w, 4),
            i18n::t(lang, "loss.acc.value"),
            i18n::t(lang, "loss.acc.slope"),
            row("loss.acc.accuracy", r.accuracy, r.d_accuracy),
            row("loss.acc.loss", r.loss, r.d_loss),
            i18n::t(lang, "loss.acc.why")
        );
        self.readout.set_inner_html(&html);

        let (acc, loss) = curves(801);
        let w_range = (W_RANGE.0 as f64, W_RANGE.1 as f64);
        let loss_max = loss.iter().map(|p| p.1).fold(0.0f64, f64::max).min(5.0) * 1.05;
        let specs = [
            (
                acc,
                (-0.05, 1.05),
                r.accuracy,
                palette::color(0),
                i18n::t(lang, "loss.acc.accuracy"),
            ),
            (
                loss,
                (0.0, loss_max.max(1.0)),
                r.loss,
                palette::color(1),
                "E",
            ),
        ];
        for (i, (points, y_range, value, color, y_label)) in specs.into_iter().enumerate() {
            let c = &self.canvases[i];
            let (Some(dpr), Some(area)) = (c.fit(), c.area()) else {
                continue;
            };
            let curves = [Curve {
                color,
                dashed: false,
                points,
            }];
            let markers = [(w, value, color)];
            let chart = FunctionChart {
                curves: &curves,
                x_range: w_range,
                y_range,
                x_label: "w",
                y_label,
                markers: &markers,
                cursor_x: Some(w),
            };
            match draw_functions(&area, &chart, &ChartStyle::with_scale(dpr)) {
                Ok(f) => self.frames.borrow_mut()[i] = Some(f),
                Err(e) => dom::log_error(&format!("accuracy chart: {e}")),
            }
            let _ = area.present();
        }
    }
}

fn set_w(p: &Parts, w: f64) {
    let w = w.clamp(W_RANGE.0 as f64, W_RANGE.1 as f64);
    // Keep the URL short: w to 3 decimals.
    p.cfg.borrow_mut().w = ((w * 1000.0).round() / 1000.0) as f32;
    p.changed();
}

pub(super) fn wire(p: &Rc<Parts>) {
    for i in 0..2 {
        let c = p.accuracy.canvases[i].clone();
        for ev_name in ["pointermove", "pointerdown"] {
            let p2 = p.clone();
            let c2 = c.clone();
            on(&c.el, ev_name, move |ev: PointerEvent| {
                let (px, _) = c2.device_xy(ev.client_x() as f64, ev.client_y() as f64);
                let w = p2.accuracy.frames.borrow()[i].and_then(|f| f.x_at(px));
                if let Some(w) = w {
                    set_w(&p2, w);
                }
            });
        }
        let p2 = p.clone();
        on(&c.el, "keydown", move |ev: KeyboardEvent| {
            let dir = match ev.key().as_str() {
                "ArrowLeft" => -1.0,
                "ArrowRight" => 1.0,
                _ => return,
            };
            ev.prevent_default();
            let w = p2.cfg.borrow().w as f64 + dir * 0.05;
            set_w(&p2, w);
        });
    }
}
