//! The loss lab's example panel: y typed (ten values in [0, 1]) or softmax of ten scores, a one-hot t picked
//! by class, SSE ½Σ(yₖ − tₖ)² and CEE −Σtₖ log(yₖ + δ) with every term, and the curve −log(y + δ).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement};

use super::Parts;
use crate::i18n::{self, Lang};
use crate::labs::loss::terms::{
    cee_with_numbers, losses, neg_log, neg_log_curve, neg_log_y_max, sse_with_numbers, FORMULA_CEE,
    FORMULA_SSE,
};
use crate::labs::loss::{LossLabConfig, YMode, K, PRESETS, SCORE_RANGE, Y_RANGE};
use crate::numfmt::sig;
use crate::plot::bars::{draw_bars, BarChart, BarSeries};
use crate::plot::function::{draw_functions, Curve, FunctionChart};
use crate::plot::{palette, ChartStyle};
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, button, child, on, set_attr, set_text, text_el};
use crate::web::vector_field::VectorField;

pub struct ExamplePanel {
    modes: Vec<HtmlInputElement>,
    presets: Vec<HtmlElement>,
    y: VectorField,
    scores: VectorField,
    normalize: HtmlElement,
    sum: Element,
    classes: Vec<HtmlInputElement>,
    bars: HiDpiCanvas,
    terms: Element,
    formulas: Element,
    curve: HiDpiCanvas,
    curve_text: Element,
}

fn radio(
    parent: &Element,
    name: &str,
    value: &str,
    key_or_text: &str,
    is_key: bool,
) -> HtmlInputElement {
    let label = child(parent, "label", "check");
    let r = dom::input(&label, "radio", "");
    set_attr(&r, "name", name);
    set_attr(&r, "value", value);
    if is_key {
        text_el(&label, "span", "", key_or_text);
    } else {
        child(&label, "span", "").set_text_content(Some(key_or_text));
    }
    r
}

impl ExamplePanel {
    pub fn mount(parent: &Element) -> ExamplePanel {
        let sec = child(parent, "section", "panel loss-example");
        text_el(&sec, "h3", "", "loss.ex.title");
        text_el(&sec, "p", "intro", "loss.ex.intro");
        let grid = child(&sec, "div", "lab-grid wide-controls");
        let controls = child(&grid, "div", "controls");

        let pre = child(&controls, "div", "presets");
        text_el(&pre, "span", "field-label", "loss.presets");
        let presets = PRESETS
            .iter()
            .map(|name| {
                let b = button(&pre, "preset", &format!("loss.preset.{name}"));
                set_attr(&b, "data-preset", name);
                b
            })
            .collect();

        let mode_set = child(&controls, "fieldset", "");
        text_el(&mode_set, "legend", "", "loss.mode");
        let modes = vec![
            radio(&mode_set, "loss-mode", "p", "loss.mode.p", true),
            radio(&mode_set, "loss-mode", "s", "loss.mode.s", true),
        ];
        let items: Vec<String> = (0..K).map(|k| k.to_string()).collect();
        let y = VectorField::new(
            &controls,
            "loss.y",
            items.clone(),
            5,
            (Y_RANGE.0 as f64, Y_RANGE.1 as f64),
            0.05,
        );
        let scores = VectorField::new(
            &controls,
            "loss.scores",
            items,
            5,
            (SCORE_RANGE.0 as f64, SCORE_RANGE.1 as f64),
            0.5,
        );
        let sum = child(&controls, "p", "sum-check");
        set_attr(&sum, "aria-live", "polite");
        let normalize = button(&controls, "normalize", "loss.normalize");

        let class_set = child(&controls, "fieldset", "class-picker");
        text_el(&class_set, "legend", "", "loss.t");
        let picker = child(&class_set, "div", "digits");
        let classes = (0..K)
            .map(|k| radio(&picker, "loss-t", &k.to_string(), &k.to_string(), false))
            .collect();

        let fig = child(&grid, "figure", "chart");
        let bars = HiDpiCanvas::new(&fig, "plot bars", "loss.bars.chart");
        text_el(&fig, "figcaption", "hint", "loss.bars.caption");

        let cols = child(&sec, "div", "side-by-side");
        let terms = child(&cols, "div", "terms");
        let formulas = child(&cols, "div", "loss-formulas");
        set_attr(&formulas, "aria-live", "polite");

        text_el(&sec, "h3", "", "loss.curve.title");
        let g2 = child(&sec, "div", "side-by-side");
        let fig2 = child(&g2, "figure", "chart");
        let curve = HiDpiCanvas::new(&fig2, "plot", "loss.curve.chart");
        let curve_text = child(&g2, "div", "curve-text");
        crate::web::stage::mount(&grid, &fig, &[&formulas]);
        crate::web::stage::mount(&g2, &fig2, &[&curve_text]);

        ExamplePanel {
            modes,
            presets,
            y,
            scores,
            normalize,
            sum,
            classes,
            bars,
            terms,
            formulas,
            curve,
            curve_text,
        }
    }

    pub fn sync(&self, cfg: &LossLabConfig) {
        self.modes[0].set_checked(cfg.mode == YMode::Probabilities);
        self.modes[1].set_checked(cfg.mode == YMode::Scores);
        self.y.set(&cfg.y);
        self.scores.set(&cfg.scores);
        for (k, r) in self.classes.iter().enumerate() {
            r.set_checked(k == cfg.t);
        }
    }

    pub fn render(&self, cfg: &LossLabConfig, lang: Lang) {
        let scores_mode = cfg.mode == YMode::Scores;
        set_hidden(&self.y.root, scores_mode);
        set_hidden(&self.normalize, scores_mode);
        set_hidden(&self.scores.root, !scores_mode);
        self.y.relabel(lang);
        self.scores.relabel(lang);

        let y = cfg.y_effective();
        let t = cfg.t_one_hot();
        let l = losses(&y, &t);
        let (sum_key, state) = if l.sums_to_one() {
            ("loss.sum.ok", "ok")
        } else {
            ("loss.sum.bad", "bad")
        };
        set_text(
            &self.sum,
            &i18n::format(lang, sum_key, &[sig(l.sum_y as f64, 4)]),
        );
        set_attr(&self.sum, "data-state", state);

        // Every term, and the one-hot t as a column beside y.
        let n4 = |v: f64| sig(v, 4);
        let mut h = format!(
            "<table class=\"data-table terms-table\"><caption>{}</caption><thead><tr><th>k</th><th>y<sub>k</sub></th><th>t<sub>k</sub></th><th>(y<sub>k</sub> − t<sub>k</sub>)²</th><th>t<sub>k</sub> log(y<sub>k</sub> + δ)</th></tr></thead><tbody>",
            i18n::t(lang, "loss.terms.caption")
        );
        for term in &l.terms {
            let cls = if term.t > 0.0 {
                " class=\"true-class\""
            } else {
                ""
            };
            h.push_str(&format!(
                "<tr{cls}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                term.k,
                n4(term.y as f64),
                term.t,
                n4(term.sq),
                n4(term.tlog)
            ));
        }
        let sum_sq: f64 = l.terms.iter().map(|t| t.sq).sum();
        let sum_tlog: f64 = l.terms.iter().map(|t| t.tlog).sum();
        h.push_str(&format!(
            "</tbody><tfoot><tr><th>Σ</th><td>{}</td><td>1</td><td>{}</td><td>{}</td></tr></tfoot></table>",
            n4(l.sum_y as f64),
            n4(sum_sq),
            n4(sum_tlog)
        ));
        self.terms.set_inner_html(&h);

        let y_t = y.get(cfg.t).copied().unwrap_or(0.0);
        let f = format!(
            "<h4>{}</h4><div class=\"formula\">{FORMULA_SSE}</div><div class=\"formula result\" data-loss=\"sse\">{}</div>\
             <h4>{}</h4><div class=\"formula\">{FORMULA_CEE}</div><div class=\"formula result\" data-loss=\"cee\">{}</div><p class=\"note\">{}</p>",
            i18n::t(lang, "loss.sse"),
            sse_with_numbers(sum_sq, l.sse),
            i18n::t(lang, "loss.cee"),
            cee_with_numbers(cfg.t, y_t, l.cee),
            i18n::t(lang, "loss.cee.note")
        );
        self.formulas.set_inner_html(&f);

        // −log(y + δ) with the current y_t, and the δ guard in words and numbers.
        let mut c = format!("<p>{}</p>", i18n::t(lang, "loss.curve.delta"));
        c.push_str(&format!(
            "<table class=\"data-table\"><thead><tr><th>y</th><th>−log(y + δ)</th></tr></thead><tbody><tr class=\"true-class\"><td>y<sub>{}</sub> = {}</td><td>{}</td></tr>",
            cfg.t,
            n4(y_t as f64),
            n4(neg_log(y_t as f64))
        ));
        for v in [1.0, 0.6, 0.1, 0.01, 1e-4, 0.0] {
            c.push_str(&format!(
                "<tr><td>{}</td><td>{}</td></tr>",
                sig(v, 4),
                n4(neg_log(v))
            ));
        }
        c.push_str("</tbody></table>");
        self.curve_text.set_inner_html(&c);

        self.draw(cfg, &y, y_t);
    }

    fn draw(&self, cfg: &LossLabConfig, y: &[f32], y_t: f32) {
        if let (Some(dpr), Some(area)) = (self.bars.fit(), self.bars.area()) {
            let labels: Vec<String> = (0..K).map(|k| k.to_string()).collect();
            let series = [BarSeries {
                color: palette::color(0),
                values: y.iter().map(|&v| v as f64).collect(),
            }];
            let chart = BarChart {
                labels: &labels,
                series: &series,
                y_range: (0.0, 1.0),
                y_label: "y",
                highlight: Some(cfg.t),
            };
            if let Err(e) = draw_bars(&area, &chart, &ChartStyle::with_scale(dpr)) {
                dom::log_error(&format!("loss bars: {e}"));
            }
            let _ = area.present();
        }
        if let (Some(dpr), Some(area)) = (self.curve.fit(), self.curve.area()) {
            let curves = [Curve {
                color: palette::color(1),
                dashed: false,
                points: neg_log_curve(401),
            }];
            let markers = [(y_t as f64, neg_log(y_t as f64), palette::color(0))];
            let chart = FunctionChart {
                curves: &curves,
                x_range: (0.0, 1.0),
                y_range: (0.0, neg_log_y_max(y_t as f64)),
                x_label: "y",
                y_label: "−log(y + δ)",
                markers: &markers,
                cursor_x: Some(y_t as f64),
            };
            if let Err(e) = draw_functions(&area, &chart, &ChartStyle::with_scale(dpr)) {
                dom::log_error(&format!("loss curve: {e}"));
            }
            let _ = area.present();
        }
    }
}

fn set_hidden(e: &Element, hidden: bool) {
    if hidden {
        let _ = e.set_attribute("hidden", "");
    } else {
        let _ = e.remove_attribute("hidden");
    }
}

pub(super) fn wire(p: &Rc<Parts>) {
    let ex = &p.example;
    for (i, b) in ex.presets.iter().enumerate() {
        let p2 = p.clone();
        on(b, "click", move |_: Event| {
            p2.cfg.borrow_mut().apply_preset(PRESETS[i]);
            p2.sync();
            p2.changed();
        });
    }
    for r in &ex.modes {
        let p2 = p.clone();
        on(r, "change", move |ev: Event| {
            let v = ev
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .map(|e| e.value());
            p2.cfg.borrow_mut().mode = if v.as_deref() == Some("s") {
                YMode::Scores
            } else {
                YMode::Probabilities
            };
            p2.changed();
        });
    }
    for (k, r) in ex.classes.iter().enumerate() {
        let p2 = p.clone();
        on(r, "change", move |_: Event| {
            p2.cfg.borrow_mut().t = k;
            p2.changed();
        });
    }
    let p2 = p.clone();
    ex.y.on_input(move || {
        if let Some(v) = p2.example.y.read(p2.ctx.lang()) {
            if let Ok(y) = <[f32; K]>::try_from(v) {
                p2.cfg.borrow_mut().y = y;
                p2.changed();
            }
        }
    });
    let p2 = p.clone();
    ex.scores.on_input(move || {
        if let Some(v) = p2.example.scores.read(p2.ctx.lang()) {
            if let Ok(s) = <[f32; K]>::try_from(v) {
                p2.cfg.borrow_mut().scores = s;
                p2.changed();
            }
        }
    });
    let p2 = p.clone();
    on(&ex.normalize, "click", move |_: Event| {
        p2.cfg.borrow_mut().normalize();
        let y = p2.cfg.borrow().y;
        p2.example.y.set(&y);
        p2.changed();
    });
}
