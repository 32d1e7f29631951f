//! The book's figure 6-19, live: 16 weight scales with and without batch norm (`labs::batchnorm::scales`), run
//! in the worker; a 4 × 4 grid of training-accuracy curves (solid: with batch norm, dashed: without) that fills
//! in as runs finish (the scale in training is drawn as it goes), and a table of the last accuracies.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlSelectElement, MouseEvent};

use super::job::Kind;
use super::multiples::draw_grid;
use super::run_bar::{RunBar, RunState};
use super::runner::{runner, Runner};
use crate::i18n::{self, Lang};
use crate::labs::batchnorm::config::{BatchnormLabConfig, SCALE_COUNTS};
use crate::labs::batchnorm::scales::{evenly, weight_scales, ScaleResult, EPOCHS_RANGE};
use crate::numfmt::sig;
use crate::plot::multiples::{Curve, Panel};
use crate::plot::palette;
use crate::urlstate::Route;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{child, el, on, set_attr, set_text, text_el};
use crate::web::field::NumberField;
use crate::web::lab_parts::{Part, PartCtx};
use crate::web::mnist::worker::get;
use crate::web::stage;

/// With batch norm: solid blue; without: dashed orange (Okabe–Ito).
pub(crate) const WITH: plotters::style::RGBColor = palette::OKABE_ITO[0];
pub(crate) const WITHOUT: plotters::style::RGBColor = palette::OKABE_ITO[1];

pub(crate) struct ScalesPart {
    pctx: PartCtx,
    count: HtmlSelectElement,
    epochs: NumberField,
    seed: NumberField,
    bar: Rc<RunBar>,
    canvas: HiDpiCanvas,
    table: Element,
    /// The settings of the run on screen (or of the next one).
    cfg: RefCell<BatchnormLabConfig>,
    /// One slot per picked scale; the one in training holds its partial curves.
    results: RefCell<Vec<Option<ScaleResult>>>,
}

pub(crate) fn mount(parent: &Element, pctx: &PartCtx) -> Rc<dyn Part> {
    let sec = child(parent, "section", "panel bn-scales");
    set_attr(&sec, "data-role", "bn-scales");
    text_el(&sec, "h3", "", "bn.scales.title");
    let intro = text_el(&sec, "p", "intro", "bn.scales.intro");
    stage::long_text(&intro);
    let controls = child(&sec, "div", "bn-controls");
    let row = child(&controls, "div", "bn-params");
    let wrap = child(&row, "label", "field");
    text_el(&wrap, "span", "field-label", "bn.scales.count");
    let count: HtmlSelectElement = child(&wrap, "select", "").unchecked_into();
    set_attr(&count, "data-role", "bn-scales-count");
    for n in SCALE_COUNTS {
        let o = el("option", "");
        set_attr(&o, "value", &n.to_string());
        set_text(&o, &n.to_string());
        let _ = count.append_child(&o);
    }
    let epochs = NumberField::new(
        &row,
        "bn.epochs",
        EPOCHS_RANGE.0 as f64,
        EPOCHS_RANGE.1 as f64,
        1.0,
    );
    set_attr(&epochs.input, "data-role", "bn-scales-epochs");
    let seed = NumberField::new(&row, "bn.seed", 0.0, 4_294_967_295.0, 1.0);
    set_attr(&seed.input, "data-role", "bn-scales-seed");
    let bar = RunBar::new(&controls, Kind::Scales);
    let fig = child(&sec, "figure", "chart bn-grid");
    let canvas = HiDpiCanvas::new(&fig, "plot bn-multiples", "bn.scales.chart");
    set_attr(&canvas.el, "data-role", "bn-scales-chart");
    let cap = child(&fig, "figcaption", "hint bn-legend");
    cap.set_inner_html(&format!(
        "<span class=\"bn-key\" style=\"border-color:{}\"></span><span data-i18n=\"bn.with\"></span> \
         <span class=\"bn-key dashed\" style=\"border-color:{}\"></span><span data-i18n=\"bn.without\"></span>",
        palette::css(WITH),
        palette::css(WITHOUT)
    ));
    let table = child(&sec, "div", "readout bn-scales-table");
    set_attr(&table, "data-role", "bn-scales-table");
    stage::mount(&sec, &fig, &[&table]);
    let part = Rc::new(ScalesPart {
        pctx: pctx.clone(),
        count,
        epochs,
        seed,
        bar,
        canvas,
        table,
        cfg: RefCell::new(BatchnormLabConfig::default()),
        results: RefCell::new(Vec::new()),
    });
    let p = part.clone();
    on(&part.bar.run, "click", move |_: MouseEvent| p.press());
    let p = part.clone();
    on(&part.bar.reset, "click", move |_: MouseEvent| {
        p.bar.stop(p.pctx.lang());
        p.clear();
    });
    for input in [&part.epochs.input, &part.seed.input] {
        let p = part.clone();
        on(input, "change", move |_: Event| {
            p.edited();
        });
    }
    let p = part.clone();
    on(&part.count, "change", move |_: Event| {
        p.edited();
    });
    let p = Rc::downgrade(&part);
    runner().listen(move |m: &JsValue| {
        if let Some(p) = p.upgrade() {
            p.hear(m);
        }
    });
    part
}

impl ScalesPart {
    /// Read the fields into the settings and the link (a bad field keeps its message and the old value).
    fn edited(&self) -> bool {
        let lang = self.pctx.lang();
        let (Some(ep), Some(seed)) = (self.epochs.read(lang), self.seed.read(lang)) else {
            return false;
        };
        let n = self
            .count
            .value()
            .parse::<usize>()
            .ok()
            .filter(|n| SCALE_COUNTS.contains(n))
            .unwrap_or(16);
        let mut c = self.cfg.borrow().clone();
        c.scale_count = n;
        c.scale_epochs = ep as usize;
        c.scale_seed = seed as u64;
        *self.cfg.borrow_mut() = c.clone();
        self.pctx.write(|r: &mut Route| {
            let mut all = BatchnormLabConfig::read(r);
            all.scale_count = c.scale_count;
            all.scale_epochs = c.scale_epochs;
            all.scale_seed = c.scale_seed;
            all.write(r);
        });
        if self.bar.state() == RunState::Idle {
            self.clear();
        }
        true
    }

    fn press(&self) {
        let lang = self.pctx.lang();
        if matches!(self.bar.state(), RunState::Idle | RunState::Done) && !self.edited() {
            return;
        }
        self.bar.press(lang, |r| {
            let c = self.cfg.borrow();
            self.clear();
            r.send(Runner::msg(
                "bn-scales",
                &[
                    ("sn", c.scale_count as f64),
                    ("sep", c.scale_epochs as f64),
                    ("sseed", c.scale_seed as f64),
                ],
            ));
        });
    }

    /// Empty slots for the picked scales.
    fn clear(&self) {
        let n = self.cfg.borrow().scale_count;
        *self.results.borrow_mut() = vec![None; evenly(n).len()];
        self.render();
    }

    fn hear(&self, m: &JsValue) {
        let lang = self.pctx.lang();
        if self.bar.hear(m, lang) {
            return;
        }
        if get(m, "t").as_string().as_deref() != Some("bn-scale") {
            return;
        }
        let vec = |k: &str| js_sys::Float32Array::new(&get(m, k)).to_vec();
        let index = get(m, "index").as_f64().unwrap_or(0.0) as usize;
        let r = ScaleResult {
            index,
            scale: get(m, "scale").as_f64().unwrap_or(0.0) as f32,
            plain: vec("plain"),
            bn: vec("bn"),
        };
        let pick = evenly(self.cfg.borrow().scale_count);
        if let Some(slot) = pick.iter().position(|&i| i == index) {
            if let Some(s) = self.results.borrow_mut().get_mut(slot) {
                *s = Some(r);
            }
        }
        self.render();
    }

    fn render(&self) {
        let lang = self.pctx.lang();
        let cfg = self.cfg.borrow();
        let pick = evenly(cfg.scale_count);
        let results = self.results.borrow();
        let w = weight_scales();
        let titles: Vec<String> = pick
            .iter()
            .map(|&i| format!("W: {}", sig(w[i] as f64, 3)))
            .collect();
        let panels: Vec<Panel> = pick
            .iter()
            .enumerate()
            .map(|(k, _)| {
                let mut curves = Vec::new();
                if let Some(Some(r)) = results.get(k) {
                    curves.push(Curve {
                        values: &r.bn,
                        color: WITH,
                        dashed: false,
                    });
                    curves.push(Curve {
                        values: &r.plain,
                        color: WITHOUT,
                        dashed: true,
                    });
                }
                Panel {
                    title: &titles[k],
                    curves,
                }
            })
            .collect();
        // The table: one row per scale, its last accuracy with and without batch norm.
        let mut h = format!(
            "<table data-role=\"bn-scales-results\"><caption>{}</caption><thead><tr><th scope=\"col\">W</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            i18n::format(lang, "bn.scales.caption", &[cfg.scale_epochs.to_string()]),
            i18n::t(lang, "bn.without"),
            i18n::t(lang, "bn.with"),
        );
        let mut finished = 0;
        for (k, &i) in pick.iter().enumerate() {
            let cell = |v: Option<f32>| v.map_or("…".to_string(), |v| sig(v as f64, 3));
            let r = results.get(k).and_then(|r| r.as_ref());
            let full = r.filter(|r| r.bn.len() >= cfg.scale_epochs);
            if full.is_some() {
                finished += 1;
            }
            h.push_str(&format!(
                "<tr data-scale=\"{i}\" data-done=\"{}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                full.is_some(),
                sig(w[i] as f64, 3),
                cell(full.map(ScaleResult::last_plain)),
                cell(full.map(ScaleResult::last_bn)),
            ));
        }
        h.push_str("</tbody></table>");
        h.push_str(&format!(
            "<p class=\"note\" data-role=\"bn-scales-count-done\" data-done=\"{finished}\">{}</p>",
            i18n::format(
                lang,
                "bn.scales.done",
                &[finished.to_string(), pick.len().to_string()]
            )
        ));
        self.table.set_inner_html(&h);
        draw_grid(&self.canvas, &panels, 4, cfg.scale_epochs, "bn scales");
    }
}

impl Part for ScalesPart {
    fn show(&self, route: &Route) {
        let c = BatchnormLabConfig::read(route);
        // A run on screen keeps its settings; the fields still show the link's.
        self.count.set_value(&c.scale_count.to_string());
        self.epochs.set(c.scale_epochs as f64);
        self.seed.set(c.scale_seed as f64);
        if self.bar.state() == RunState::Idle {
            *self.cfg.borrow_mut() = c;
            self.clear();
        } else {
            self.render();
        }
        self.bar.relabel(self.pctx.lang());
    }

    fn relabel(&self, lang: Lang) {
        self.epochs.relabel(lang);
        self.seed.relabel(lang);
        self.bar.relabel(lang);
        self.render();
    }
}
