//! SimpleConvNet trained live (the book's ch07/train_convnet.py): the architecture and epochs within stated
//! limits (a bad combination is refused with the formula OH = (H + 2P − FS)/S + 1 that fails), Train/Pause,
//! Step and Reset, the loss per mini-batch and the accuracy per epoch, samples/s and a time estimate; and a
//! second stage with the 30 first-layer filters before training and now (visualize_filter.py).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::{Element, HtmlCanvasElement, HtmlElement};

mod charts;
mod controls;
mod table;

use charts::pixel_canvas;
pub(crate) use charts::put_grid;
use controls::{range_field, remaining, wire, Fields};

use super::model::model;
pub(super) use super::model::Change;
use crate::i18n::{self, Lang};
use crate::labs::cnn::train_config::{self as tc, CnnTrainConfig};
use crate::numfmt::sig;
use crate::train::estimate::{duration, MAX_RUN_SECONDS};
use crate::urlstate::Route;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, button, child, set_attr, set_text, text_el};
use crate::web::lab_parts::{Part, PartCtx};
use crate::web::stage;

/// Charts are redrawn at most this often while running (the numbers every report).
const DRAW_EVERY_MS: f64 = 250.0;

struct TrainPart {
    pctx: PartCtx,
    fields: Fields,
    apply: HtmlElement,
    run: HtmlElement,
    step: HtmlElement,
    reset: HtmlElement,
    formula: Element,
    shape: Element,
    progress: Element,
    speed: Element,
    estimate: Element,
    state: Element,
    table: Element,
    loss: HiDpiCanvas,
    acc: HiDpiCanvas,
    before: HtmlCanvasElement,
    now: HtmlCanvasElement,
    change: Element,
    imported: Element,
    file: web_sys::HtmlInputElement,
    export: HtmlElement,
    source: Rc<super::source::SourcePanel>,
    last_draw: Cell<f64>,
    /// The digit of the feature-map view rides in the same settings.
    digit: Cell<usize>,
    shown: RefCell<Option<CnnTrainConfig>>,
}

pub(crate) fn mount(parent: &Element, pctx: &PartCtx) -> Rc<dyn Part> {
    // The first of the parts that share the model (the feature maps mount after it).
    model().remount();
    // Stage 1: the run.
    let p = child(parent, "section", "panel cnn-panel cnn-train");
    set_attr(&p, "data-role", "cnn-train");
    text_el(&p, "h3", "", "cnn.train.title");
    let intro = text_el(&p, "p", "hint", "cnn.train.intro");
    stage::long_text(&intro);
    // Controls beside the stage (the shared .lab-grid: a side column, scrolled on its own in present mode).
    let grid = child(&p, "div", "lab-grid");
    let side = child(&grid, "div", "controls");
    let controls = child(&side, "div", "cnn-controls");
    let fields = Fields {
        filters: range_field(&controls, "cnn.train.filters", tc::FILTERS_RANGE, "filters"),
        size: range_field(
            &controls,
            "cnn.train.filter_size",
            tc::FILTER_SIZE_RANGE,
            "filter-size",
        ),
        pad: range_field(&controls, "cnn.train.pad", tc::PAD_RANGE, "pad"),
        stride: range_field(&controls, "cnn.train.stride", tc::STRIDE_RANGE, "stride"),
        hidden: range_field(&controls, "cnn.train.hidden", tc::HIDDEN_RANGE, "hidden"),
        epochs: range_field(&controls, "cnn.train.epochs", tc::EPOCHS_RANGE, "epochs"),
        n_train: range_field(&controls, "cnn.train.n_train", tc::TRAIN_RANGE, "n-train"),
        seed: range_field(&controls, "cnn.train.seed", tc::SEED_RANGE, "seed"),
        workers: range_field(&controls, "cnn.train.workers", tc::WORKERS_RANGE, "workers"),
    };
    let apply = button(&controls, "", "cnn.train.apply");
    set_attr(&apply, "data-role", "apply");
    let limits = text_el(&side, "p", "hint", "cnn.train.limits");
    stage::long_text(&limits);
    let buttons = child(&side, "div", "cnn-buttons");
    let run = button(&buttons, "primary", "cnn.train.run");
    set_attr(&run, "data-role", "run");
    stage::key_action(&run, "play");
    let step = button(&buttons, "", "cnn.train.step");
    set_attr(&step, "data-role", "step");
    stage::key_action(&step, "step");
    let reset = button(&buttons, "", "cnn.train.reset");
    set_attr(&reset, "data-role", "reset");
    stage::key_action(&reset, "reset");
    // The digits: bundled, or the official files picked in the MNIST lab.
    let source = super::source::SourcePanel::mount(&side, pctx);
    // The book's trained parameters (ch07/params.pkl) or our .npz, and the export of the current weights.
    let io = child(&side, "div", "cnn-io");
    let label = child(&io, "label", "field");
    text_el(&label, "span", "field-label", "cnn.import.label");
    let file = dom::input(&label, "file", "");
    set_attr(&file, "accept", ".pkl,.npz");
    set_attr(&file, "data-role", "params-file");
    let export = button(&io, "", "cnn.import.export");
    set_attr(&export, "data-role", "export");
    let figure = child(&grid, "div", "chart-pair cnn-curves");
    let fl = child(&figure, "figure", "");
    let loss = HiDpiCanvas::new(&fl, "plot cnn-chart", "cnn.chart.loss");
    set_attr(&loss.el, "data-role", "loss-chart");
    text_el(&fl, "figcaption", "hint", "cnn.chart.loss");
    let fa = child(&figure, "figure", "");
    let acc = HiDpiCanvas::new(&fa, "plot cnn-chart", "cnn.chart.acc");
    set_attr(&acc.el, "data-role", "acc-chart");
    text_el(&fa, "figcaption", "hint", "cnn.chart.legend");
    let formula = dom::el("p", "cnn-formula");
    let shape = dom::el("p", "cnn-shape");
    set_attr(&shape, "data-role", "shape");
    let progress = dom::el("p", "cnn-progress");
    set_attr(&progress, "data-role", "progress");
    let speed = dom::el("p", "cnn-speed");
    set_attr(&speed, "data-role", "speed");
    let estimate = dom::el("p", "cnn-estimate");
    set_attr(&estimate, "data-role", "estimate");
    let state = dom::el("p", "cnn-state");
    set_attr(&state, "data-role", "state");
    set_attr(&state, "aria-live", "polite");
    let imported = dom::el("p", "cnn-imported");
    set_attr(&imported, "data-role", "imported");
    set_attr(&imported, "aria-live", "polite");
    let table = dom::el("div", "cnn-table");
    set_attr(&table, "data-role", "acc-table");
    stage::mount(
        &p,
        &figure,
        &[
            &formula, &shape, &progress, &speed, &estimate, &state, &imported, &table,
        ],
    );
    // Stage 2: the filters.
    let q = child(parent, "section", "panel cnn-panel cnn-filters");
    set_attr(&q, "data-role", "cnn-filters");
    text_el(&q, "h3", "", "cnn.filters.title");
    let note = text_el(&q, "p", "hint", "cnn.filters.note");
    stage::long_text(&note);
    let qbuttons = child(&q, "div", "cnn-buttons");
    let run2 = button(&qbuttons, "", "cnn.train.run");
    set_attr(&run2, "data-role", "run-filters");
    stage::key_action(&run2, "play");
    let ffig = child(&q, "div", "cnn-filter-pair");
    let before = pixel_canvas(&ffig, "cnn.filters.before", "filters-before");
    let now = pixel_canvas(&ffig, "cnn.filters.after", "filters-now");
    let change = dom::el("p", "cnn-change");
    set_attr(&change, "data-role", "filter-change");
    stage::mount(&q, &ffig, &[&change]);

    let part = Rc::new(TrainPart {
        pctx: pctx.clone(),
        fields,
        apply,
        run,
        step,
        reset,
        formula,
        shape,
        progress,
        speed,
        estimate,
        state,
        table,
        loss,
        acc,
        before,
        now,
        change,
        imported,
        file,
        export,
        source,
        last_draw: Cell::new(-1e9),
        digit: Cell::new(0),
        shown: RefCell::new(None),
    });
    wire(&part, &run2);
    // Present mode shows one section at a time and says so with a window resize: a chart drawn while its section
    // was hidden had no size, so draw again (a finished run sends nothing more that would).
    let w = Rc::downgrade(&part);
    dom::on(&dom::window(), "resize", move |_: web_sys::Event| {
        if let (Some(p), Some(cfg)) = (w.upgrade(), model().cfg.borrow().clone()) {
            p.draw_charts(&cfg);
        }
    });
    let w = Rc::downgrade(&part);
    model().listen(move |c| {
        if let Some(p) = w.upgrade() {
            p.render(c);
        }
    });
    part
}

impl TrainPart {
    fn lang(&self) -> Lang {
        self.pctx.lang()
    }

    fn render(&self, change: Change) {
        let lang = self.lang();
        let m = model();
        for f in self.fields.all() {
            f.relabel(lang);
        }
        self.source.render(lang);
        let cfg = m.cfg.borrow().clone();
        let Some(cfg) = cfg else { return };
        self.render_formula(&cfg);
        if m.deep() {
            let params = m.net.borrow().as_ref().map_or(0, |n| n.param_count());
            set_text(
                &self.shape,
                &i18n::format(lang, "cnn.import.deep", &[params.to_string()]),
            );
        } else if let Ok(s) = cfg.validate() {
            let params = cfg.conv_config().param_count().unwrap_or(0);
            set_text(
                &self.shape,
                &i18n::format(
                    lang,
                    "cnn.train.shape",
                    &[
                        cfg.filter_num,
                        s.conv.0,
                        s.conv.1,
                        s.pool.0,
                        s.pool.1,
                        s.flat,
                        cfg.hidden_size,
                        params,
                    ]
                    .map(|n| n.to_string()),
                ),
            );
        }
        let running = m.running.get();
        set_attr(
            &self.run,
            "data-i18n",
            if running {
                "cnn.train.pause"
            } else {
                "cnn.train.run"
            },
        );
        set_text(
            &self.run,
            i18n::t(
                lang,
                if running {
                    "cnn.train.pause"
                } else {
                    "cnn.train.run"
                },
            ),
        );
        set_attr(
            &self.run,
            "aria-pressed",
            if running { "true" } else { "false" },
        );
        let prog = m.progress.borrow().clone();
        let iters = cfg.iters();
        let ipe = cfg.iters_per_epoch();
        let it = prog.as_ref().map_or(0, |p| p.iteration);
        set_text(
            &self.progress,
            &i18n::format(
                lang,
                "cnn.train.progress",
                &[
                    it.to_string(),
                    iters.to_string(),
                    sig(it as f64 / ipe as f64, 3),
                    cfg.epochs.to_string(),
                ],
            ),
        );
        let place = i18n::t(
            lang,
            if m.in_worker.get() {
                "cnn.train.in_worker"
            } else {
                "cnn.train.in_page"
            },
        );
        let speed = match prog.as_ref().and_then(|p| p.samples_per_s()) {
            Some(sps) => i18n::format(
                lang,
                "cnn.train.speed",
                &[
                    format!("{sps:.0}"),
                    sig(prog.as_ref().map_or(0.0, |p| p.ms_per_step), 3),
                    sig(
                        prog.as_ref()
                            .and_then(|p| p.losses.last().copied())
                            .unwrap_or(f32::NAN) as f64,
                        4,
                    ),
                ],
            ),
            None => i18n::t(lang, "cnn.train.speed_none").to_string(),
        };
        // How many workers split each batch (`cw`), or why one does when more were asked for.
        let (replicas, wanted) = prog.as_ref().map_or((1, 1), |p| (p.replicas, p.wanted));
        let place = if replicas > 1 {
            i18n::format(lang, "cnn.train.split", &[replicas.to_string()])
        } else if wanted > 1 && m.in_worker.get() {
            format!("{place} · {}", i18n::t(lang, "cnn.train.split_failed"))
        } else {
            place.to_string()
        };
        set_attr(&self.speed, "data-replicas", &replicas.to_string());
        self.speed
            .set_text_content(Some(&format!("{speed} · {place}")));
        set_attr(
            &self.speed,
            "data-samples-per-s",
            &prog
                .as_ref()
                .and_then(|p| p.samples_per_s())
                .unwrap_or(0.0)
                .to_string(),
        );
        let est = match remaining(&cfg, prog.as_ref()) {
            Some((cost, gflops, measured)) => i18n::format(
                lang,
                "cnn.train.estimate",
                &[
                    (cost.steps as usize).to_string(),
                    duration(cost.seconds(gflops)),
                    sig(gflops, 2),
                    i18n::t(
                        lang,
                        if measured {
                            "cnn.train.rate_measured"
                        } else {
                            "cnn.train.rate_assumed"
                        },
                    )
                    .to_string(),
                    duration(MAX_RUN_SECONDS),
                ],
            ),
            None => String::new(),
        };
        // A run that the measured rate shows to be longer than the limit stops, and says why.
        if running {
            if let Some((cost, gflops, true)) = remaining(&cfg, prog.as_ref()) {
                if let Err(e) = cost.check(gflops, MAX_RUN_SECONDS) {
                    m.pause();
                    self.pctx.ctx.messages.show(e, lang);
                }
            }
        }
        set_text(&self.estimate, &est);
        self.render_state_and_table(lang, prog.as_ref(), running, it);
        let t = crate::web::anim::Budget::now();
        if change == Change::Weights || !running || t - self.last_draw.get() >= DRAW_EVERY_MS {
            self.last_draw.set(t);
            self.draw_charts(&cfg);
        }
        if change == Change::Weights {
            self.draw_filters();
        }
    }
}

impl Part for TrainPart {
    fn show(&self, route: &Route) {
        let cfg = CnnTrainConfig::read(route);
        self.digit.set(cfg.digit);
        if self.shown.borrow().as_ref() != Some(&cfg) {
            self.fields.set(&cfg);
            *self.shown.borrow_mut() = Some(cfg.clone());
        }
        match cfg.validate() {
            Ok(_) => model().use_config(&cfg),
            Err(e) => {
                // A link with a combination the engine refuses: say why, and train the book's network.
                self.pctx.ctx.messages.show(e, self.lang());
                let d = CnnTrainConfig {
                    digit: cfg.digit,
                    ..Default::default()
                };
                model().use_config(&d);
            }
        }
        self.render(Change::Weights);
    }

    fn hide(&self) {
        if model().running.get() {
            model().pause();
        }
    }

    fn relabel(&self, _lang: Lang) {
        self.render(Change::Weights);
    }
}
