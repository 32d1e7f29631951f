//! Random search of lr and weight decay on validation data (§6.5, `labs::batchnorm::search`), in the worker: a
//! log–log scatter of the trials coloured by validation accuracy, filling in trial by trial; the best 20 trials'
//! training (dashed) and validation (solid) curves as small multiples (the book's 4 × 5); "narrow the range" to
//! where the best trials lie, then search again. Ranges, trials, epochs and seed are in the link.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::{Element, Event, HtmlElement, MouseEvent};

use super::job::Kind;
use super::multiples::draw_grid;
use super::run_bar::{RunBar, RunState};
use super::runner::{runner, Runner};
use super::scales::{WITH, WITHOUT};
use crate::i18n::{self, Lang};
use crate::labs::batchnorm::config::BatchnormLabConfig;
use crate::labs::batchnorm::search::{
    best, narrow, SearchConfig, Trial, EPOCHS_RANGE, LR_LOG_LIMITS, TRIALS_RANGE, WD_LOG_LIMITS,
};
use crate::numfmt::sig;
use crate::plot::multiples::{Curve, Panel};
use crate::plot::scatter::{draw_log_scatter, LogScatter, ScatterPoint};
use crate::plot::ChartStyle;
use crate::urlstate::Route;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, button, child, on, set_attr, text_el};
use crate::web::field::NumberField;
use crate::web::lab_parts::{Part, PartCtx};
use crate::web::mnist::worker::get;
use crate::web::stage;

/// How many best trials are drawn as curves (the book's 20) and listed in the table.
const BEST_CURVES: usize = 20;
const BEST_LISTED: usize = 5;
/// "Narrow the range" spans the best this many trials.
const NARROW_TO: usize = 5;

pub(crate) struct SearchPart {
    pctx: PartCtx,
    trials: NumberField,
    epochs: NumberField,
    lr: [NumberField; 2],
    wd: [NumberField; 2],
    seed: NumberField,
    narrow: HtmlElement,
    bar: Rc<RunBar>,
    scatter: HiDpiCanvas,
    curves: HiDpiCanvas,
    table: Element,
    /// The settings of the search on screen (or of the next one).
    cfg: RefCell<SearchConfig>,
    results: RefCell<Vec<Trial>>,
}

pub(crate) fn mount(parent: &Element, pctx: &PartCtx) -> Rc<dyn Part> {
    let sec = child(parent, "section", "panel bn-search");
    set_attr(&sec, "data-role", "bn-search");
    text_el(&sec, "h3", "", "bn.search.title");
    let intro = text_el(&sec, "p", "intro", "bn.search.intro");
    stage::long_text(&intro);
    let why = text_el(&sec, "p", "note bn-why", "bn.search.why");
    set_attr(&why, "data-role", "bn-search-why");
    let controls = child(&sec, "div", "bn-controls");
    let row = child(&controls, "div", "bn-params");
    let int = |key: &'static str, (lo, hi): (usize, usize), role: &str| {
        let f = NumberField::new(&row, key, lo as f64, hi as f64, 1.0);
        set_attr(&f.input, "data-role", role);
        f
    };
    let trials = int("bn.search.trials", TRIALS_RANGE, "bn-search-trials");
    let epochs = int("bn.epochs", EPOCHS_RANGE, "bn-search-epochs");
    let log = |key: &'static str, (lo, hi): (f64, f64), role: &str| {
        let f = NumberField::new(&row, key, lo, hi, 0.25);
        set_attr(&f.input, "data-role", role);
        f
    };
    let lr = [
        log("bn.search.lr_lo", LR_LOG_LIMITS, "bn-search-lr-lo"),
        log("bn.search.lr_hi", LR_LOG_LIMITS, "bn-search-lr-hi"),
    ];
    let wd = [
        log("bn.search.wd_lo", WD_LOG_LIMITS, "bn-search-wd-lo"),
        log("bn.search.wd_hi", WD_LOG_LIMITS, "bn-search-wd-hi"),
    ];
    let seed = NumberField::new(&row, "bn.seed", 0.0, 4_294_967_295.0, 1.0);
    set_attr(&seed.input, "data-role", "bn-search-seed");
    let bar = RunBar::new(&controls, Kind::Search);
    let nb = child(&controls, "div", "button-row");
    let narrow = button(&nb, "", "bn.search.narrow");
    set_attr(&narrow, "data-role", "bn-search-narrow");
    stage::key_action(&narrow, "step");
    let fig = child(&sec, "figure", "chart bn-scatter");
    let scatter = HiDpiCanvas::new(&fig, "plot bn-scatter-plot", "bn.search.chart");
    set_attr(&scatter.el, "data-role", "bn-search-chart");
    let cap = text_el(&fig, "figcaption", "hint bn-colorbar", "bn.search.colors");
    set_attr(&cap, "data-role", "bn-search-legend");
    let table = child(&sec, "div", "readout bn-search-table");
    set_attr(&table, "data-role", "bn-search-table");
    set_attr(&table, "aria-live", "polite");
    stage::mount(&sec, &fig, &[&table]);
    let fig2 = child(&sec, "figure", "chart bn-best");
    text_el(&fig2, "figcaption", "hint", "bn.search.best_caption");
    let curves = HiDpiCanvas::new(&fig2, "plot bn-multiples", "bn.search.best_chart");
    set_attr(&curves.el, "data-role", "bn-search-best");
    let part = Rc::new(SearchPart {
        pctx: pctx.clone(),
        trials,
        epochs,
        lr,
        wd,
        seed,
        narrow,
        bar,
        scatter,
        curves,
        table,
        cfg: RefCell::new(SearchConfig::default()),
        results: RefCell::new(Vec::new()),
    });
    let p = part.clone();
    on(&part.bar.run, "click", move |_: MouseEvent| p.press());
    let p = part.clone();
    on(&part.bar.reset, "click", move |_: MouseEvent| {
        p.bar.stop(p.pctx.lang());
        p.results.borrow_mut().clear();
        p.render();
    });
    let p = part.clone();
    on(&part.narrow, "click", move |_: MouseEvent| p.narrow_range());
    let inputs: Vec<_> = [&part.trials, &part.epochs, &part.seed]
        .into_iter()
        .chain(part.lr.iter())
        .chain(part.wd.iter())
        .map(|f| f.input.clone())
        .collect();
    for input in inputs {
        let p = part.clone();
        on(&input, "change", move |_: Event| {
            p.edited();
        });
    }
    let p = Rc::downgrade(&part);
    runner().listen(move |m: &JsValue| {
        if let Some(p) = p.upgrade() {
            p.hear(m);
        }
    });
    part
}

impl SearchPart {
    fn set_fields(&self, c: &SearchConfig) {
        self.trials.set(c.trials as f64);
        self.epochs.set(c.epochs as f64);
        self.lr[0].set(c.lr_log.0);
        self.lr[1].set(c.lr_log.1);
        self.wd[0].set(c.wd_log.0);
        self.wd[1].set(c.wd_log.1);
        self.seed.set(c.seed as f64);
    }

    /// Read every field; on success the settings and the link change (a range with lo ≥ hi is refused).
    fn edited(&self) -> bool {
        let lang = self.pctx.lang();
        let vals: Vec<Option<f64>> = [
            &self.trials,
            &self.epochs,
            &self.lr[0],
            &self.lr[1],
            &self.wd[0],
            &self.wd[1],
            &self.seed,
        ]
        .iter()
        .map(|f| f.read(lang))
        .collect();
        let Some(v) = vals.into_iter().collect::<Option<Vec<f64>>>() else {
            return false;
        };
        let c = SearchConfig {
            trials: v[0] as usize,
            epochs: v[1] as usize,
            lr_log: (v[2], v[3]),
            wd_log: (v[4], v[5]),
            seed: v[6] as u64,
            ..SearchConfig::default()
        };
        if let Err(e) = c.validate() {
            self.pctx.ctx.messages.show(e, lang);
            return false;
        }
        self.adopt(c);
        true
    }

    /// Take settings: the link, and (when no search is on screen) the empty plot of the new ranges.
    fn adopt(&self, c: SearchConfig) {
        *self.cfg.borrow_mut() = c.clone();
        self.pctx.write(|r: &mut Route| {
            let mut all = BatchnormLabConfig::read(r);
            all.search = c;
            all.write(r);
        });
        self.render();
    }

    fn press(&self) {
        let lang = self.pctx.lang();
        if matches!(self.bar.state(), RunState::Idle | RunState::Done) && !self.edited() {
            return;
        }
        self.bar.press(lang, |r| {
            self.results.borrow_mut().clear();
            let c = self.cfg.borrow().clone();
            self.render();
            r.send(Runner::msg(
                "bn-search",
                &[
                    ("tn", c.trials as f64),
                    ("tep", c.epochs as f64),
                    ("lr0", c.lr_log.0),
                    ("lr1", c.lr_log.1),
                    ("wd0", c.wd_log.0),
                    ("wd1", c.wd_log.1),
                    ("tseed", c.seed as f64),
                ],
            ));
        });
    }

    /// Narrow both ranges to the best trials (a search in progress is stopped; Run starts the new one).
    fn narrow_range(&self) {
        let lang = self.pctx.lang();
        let Some((lr, wd)) = narrow(&self.results.borrow(), NARROW_TO) else {
            return;
        };
        self.bar.stop(lang);
        let c = SearchConfig {
            lr_log: lr,
            wd_log: wd,
            ..self.cfg.borrow().clone()
        };
        self.set_fields(&c);
        self.results.borrow_mut().clear();
        self.adopt(c);
    }

    fn hear(&self, m: &JsValue) {
        let lang = self.pctx.lang();
        if self.bar.hear(m, lang) {
            return;
        }
        if get(m, "t").as_string().as_deref() != Some("bn-trial") {
            return;
        }
        let vec = |k: &str| js_sys::Float32Array::new(&get(m, k)).to_vec();
        let n = |k: &str| get(m, k).as_f64().unwrap_or(0.0);
        self.results.borrow_mut().push(Trial {
            k: n("k") as usize,
            lr: n("lr") as f32,
            wd: n("wd") as f32,
            train: vec("train"),
            val: vec("val"),
        });
        self.render();
    }

    fn render(&self) {
        let lang = self.pctx.lang();
        let cfg = self.cfg.borrow();
        let results = self.results.borrow();
        let top = best(&results, BEST_CURVES);
        let ringed: Vec<usize> = top.iter().take(BEST_LISTED).map(|t| t.k).collect();
        let points: Vec<ScatterPoint> = results
            .iter()
            .map(|t| ScatterPoint {
                x: t.lr as f64,
                y: t.wd as f64,
                value: t.final_val(),
                ring: ringed.contains(&t.k),
            })
            .collect();
        // The axes show the range searched, with a margin, and at least the book's ranges' decades.
        let pad = |(a, b): (f64, f64)| ((a - 0.25).floor(), (b + 0.25).ceil());
        let narrowed = narrow(&results, NARROW_TO);
        let (x_label, y_label) = (i18n::t(lang, "bn.search.lr"), i18n::t(lang, "bn.search.wd"));
        let s = LogScatter {
            points: &points,
            x_log: pad(cfg.lr_log),
            y_log: pad(cfg.wd_log),
            region: Some((cfg.lr_log, cfg.wd_log)),
            x_label,
            y_label,
        };
        set_attr(
            &self.narrow,
            "aria-disabled",
            if narrowed.is_some() { "false" } else { "true" },
        );
        if let (Some(dpr), Some(area)) = (self.scatter.fit(), self.scatter.area()) {
            if let Err(e) = draw_log_scatter(&area, &s, &ChartStyle::with_scale(dpr)) {
                dom::log_error(&format!("bn search: {e}"));
            }
            let _ = area.present();
        }
        // The table: the best few, and the count.
        let mut h = format!(
            "<table data-role=\"bn-search-best-table\"><caption>{}</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">lr</th><th scope=\"col\">λ</th></tr></thead><tbody>",
            i18n::t(lang, "bn.search.best"),
            i18n::t(lang, "bn.search.val"),
            i18n::t(lang, "bn.search.train"),
        );
        for (i, t) in top.iter().take(BEST_LISTED).enumerate() {
            h.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                sig(t.final_val() as f64, 3),
                sig(t.train.last().copied().unwrap_or(0.0) as f64, 3),
                sig(t.lr as f64, 3),
                sig(t.wd as f64, 3),
            ));
        }
        h.push_str("</tbody></table>");
        h.push_str(&format!(
            "<p class=\"note\" data-role=\"bn-search-count\" data-done=\"{}\">{}</p>",
            results.len(),
            i18n::format(
                lang,
                "bn.search.count",
                &[
                    results.len().to_string(),
                    cfg.trials.to_string(),
                    sig(cfg.lr_log.0, 3),
                    sig(cfg.lr_log.1, 3),
                    sig(cfg.wd_log.0, 3),
                    sig(cfg.wd_log.1, 3),
                ]
            )
        ));
        if let Some((lr, wd)) = narrowed {
            h.push_str(&format!(
                "<p class=\"note\">{}</p>",
                i18n::format(
                    lang,
                    "bn.search.narrow_to",
                    &[
                        NARROW_TO.min(results.len()).to_string(),
                        sig(lr.0, 3),
                        sig(lr.1, 3),
                        sig(wd.0, 3),
                        sig(wd.1, 3)
                    ]
                )
            ));
        }
        self.table.set_inner_html(&h);
        // The best trials' curves, the book's 4 × 5 (fewer columns on a phone).
        let titles: Vec<String> = top
            .iter()
            .enumerate()
            .map(|(i, t)| format!("Best-{} ({})", i + 1, sig(t.final_val() as f64, 2)))
            .collect();
        let panels: Vec<Panel> = top
            .iter()
            .zip(&titles)
            .map(|(t, title)| Panel {
                title,
                curves: vec![
                    Curve {
                        values: &t.val,
                        color: WITH,
                        dashed: false,
                    },
                    Curve {
                        values: &t.train,
                        color: WITHOUT,
                        dashed: true,
                    },
                ],
            })
            .collect();
        draw_grid(&self.curves, &panels, 5, cfg.epochs, "bn best");
    }
}

impl Part for SearchPart {
    fn show(&self, route: &Route) {
        let c = BatchnormLabConfig::read(route).search;
        self.set_fields(&c);
        if self.bar.state() == RunState::Idle {
            *self.cfg.borrow_mut() = c;
        }
        self.render();
        self.bar.relabel(self.pctx.lang());
    }

    fn relabel(&self, lang: Lang) {
        for f in [&self.trials, &self.epochs, &self.seed]
            .into_iter()
            .chain(self.lr.iter())
            .chain(self.wd.iter())
        {
            f.relabel(lang);
        }
        self.bar.relabel(lang);
        self.render();
    }
}
