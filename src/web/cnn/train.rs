//! SimpleConvNet trained live (the book's ch07/train_convnet.py): the architecture and epochs within stated
//! limits (a bad combination is refused with the formula OH = (H + 2P − FS)/S + 1 that fails), Train/Pause,
//! Step and Reset, the loss per mini-batch and the accuracy per epoch, samples/s and a time estimate; and a
//! second stage with the 30 first-layer filters before training and now (visualize_filter.py).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::{Element, HtmlCanvasElement, HtmlElement, MouseEvent};

use super::model::{model, Change};
use crate::i18n::{self, Lang};
use crate::labs::cnn::filters::{image_grid, NX};
use crate::labs::cnn::import::CnnKind;
use crate::labs::cnn::session::Progress;
use crate::labs::cnn::train_config::{self as tc, CnnTrainConfig};
use crate::labs::mnist::remote::RunState;
use crate::numfmt::sig;
use crate::plot::series::{draw_series, y_max, Series, SeriesChart};
use crate::plot::ChartStyle;
use crate::train::estimate::{duration, RunCost, ASSUMED_GFLOPS, MAX_RUN_SECONDS};
use crate::urlstate::Route;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, button, child, on, set_attr, text_el};
use crate::web::field::NumberField;
use crate::web::lab_parts::{Part, PartCtx};
use crate::web::stage;

/// Charts are redrawn at most this often while running (the numbers every report).
const DRAW_EVERY_MS: f64 = 250.0;

struct Fields {
    filters: NumberField,
    size: NumberField,
    pad: NumberField,
    stride: NumberField,
    hidden: NumberField,
    epochs: NumberField,
    n_train: NumberField,
    seed: NumberField,
}

impl Fields {
    fn all(&self) -> [&NumberField; 8] {
        [
            &self.filters,
            &self.size,
            &self.pad,
            &self.stride,
            &self.hidden,
            &self.epochs,
            &self.n_train,
            &self.seed,
        ]
    }

    fn set(&self, c: &CnnTrainConfig) {
        let v = [
            c.filter_num,
            c.filter_size,
            c.pad,
            c.stride,
            c.hidden_size,
            c.epochs,
            c.n_train,
            c.seed as usize,
        ];
        for (f, v) in self.all().iter().zip(v) {
            f.set(v as f64);
        }
    }

    /// The settings typed in, or None (each bad field says why beside itself).
    fn read(&self, lang: Lang, digit: usize) -> Option<CnnTrainConfig> {
        let v: Vec<Option<f64>> = self.all().iter().map(|f| f.read(lang)).collect();
        let v: Vec<usize> = v
            .into_iter()
            .collect::<Option<Vec<f64>>>()?
            .into_iter()
            .map(|x| x as usize)
            .collect();
        Some(CnnTrainConfig {
            filter_num: v[0],
            filter_size: v[1],
            pad: v[2],
            stride: v[3],
            hidden_size: v[4],
            epochs: v[5],
            n_train: v[6],
            seed: v[7] as u64,
            digit,
        })
    }
}

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

fn range_field(parent: &Element, key: &'static str, r: (usize, usize), role: &str) -> NumberField {
    let f = NumberField::new(parent, key, r.0 as f64, r.1 as f64, 1.0).integer();
    set_attr(&f.input, "data-role", role);
    f
}

fn pixel_canvas(parent: &Element, caption: &str, role: &str) -> HtmlCanvasElement {
    let fig = child(parent, "figure", "cnn-filter-box");
    let c = child(&fig, "canvas", "cnn-pixels");
    set_attr(&c, "role", "img");
    set_attr(&c, "data-i18n-aria", "cnn.filters.canvas");
    set_attr(&c, "data-role", role);
    text_el(&fig, "figcaption", "hint", caption);
    wasm_bindgen::JsCast::unchecked_into(c)
}

/// Put a gray grid (filters or feature maps) on a canvas whose bitmap is the grid itself (CSS scales it up).
pub(super) fn put_grid(canvas: &HtmlCanvasElement, g: &crate::labs::cnn::filters::ImageGrid) {
    canvas.set_width(g.width as u32);
    canvas.set_height(g.height as u32);
    let c = HiDpiCanvas { el: canvas.clone() };
    c.put_rgba(&g.rgba, g.width as u32, g.height as u32, 0.0, 0.0);
}

/// W1's first channel as FN images of FS × FS (the book shows `filters[i, 0]`).
pub(super) fn filter_images(w1: &ndarray::ArrayD<f32>) -> Option<ndarray::Array3<f32>> {
    let s = w1.shape();
    if s.len() != 4 {
        return None;
    }
    let (fnum, fh, fw) = (s[0], s[2], s[3]);
    Some(ndarray::Array3::from_shape_fn(
        (fnum, fh, fw),
        |(k, y, x)| w1[[k, 0, y, x].as_slice()],
    ))
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
    let w = Rc::downgrade(&part);
    model().listen(move |c| {
        if let Some(p) = w.upgrade() {
            p.render(c);
        }
    });
    part
}

fn wire(part: &Rc<TrainPart>, run2: &HtmlElement) {
    let p = part.clone();
    on(&part.apply, "click", move |_: MouseEvent| p.apply());
    for f in part.fields.all() {
        let p = part.clone();
        on(&f.input, "keydown", move |e: web_sys::KeyboardEvent| {
            if e.key() == "Enter" {
                p.apply();
            }
        });
    }
    for b in [&part.run, run2] {
        let p = part.clone();
        on(b, "click", move |_: MouseEvent| p.toggle());
    }
    let p = part.clone();
    on(&part.step, "click", move |_: MouseEvent| {
        model().pause();
        model().step();
        p.render(Change::Progress);
    });
    let p = part.clone();
    on(&part.file, "change", move |_: web_sys::Event| p.import());
    on(&part.export, "click", move |_: MouseEvent| {
        if let Some(net) = model().net.borrow().as_ref() {
            let bytes = crate::data::npz::write(&net.to_tensors());
            crate::web::mnist::files::download_bytes(
                &bytes,
                if model().deep() {
                    "deep_convnet_params.npz"
                } else {
                    "simple_convnet_params.npz"
                },
                "application/zip",
            );
        }
    });
    let p = part.clone();
    on(&part.reset, "click", move |_: MouseEvent| {
        model().reset();
        p.render(Change::Weights);
    });
}

/// The work left in the run, the rate to estimate it at (GFLOP/s) and whether that rate was measured (else the
/// shared assumed rate of `train::estimate`).
fn remaining(cfg: &CnnTrainConfig, prog: Option<&Progress>) -> Option<(RunCost, f64, bool)> {
    let cost = cfg.run_cost().ok()?;
    let done = prog.map_or(0, |p| p.iteration) as f64;
    let left = (cost.steps - done).max(0.0);
    let share = if cost.steps > 0.0 {
        left / cost.steps
    } else {
        0.0
    };
    let rest = RunCost {
        steps: left,
        eval_flops: cost.eval_flops * share,
        ..cost
    };
    match prog.and_then(|p| cost.measured_gflops(p.ms_per_step)) {
        Some(g) => Some((rest, g, true)),
        None => Some((rest, ASSUMED_GFLOPS, false)),
    }
}

impl TrainPart {
    fn lang(&self) -> Lang {
        self.pctx.lang()
    }

    /// Read the fields; refuse a bad architecture with the formula that fails; else a new run, in the link.
    fn apply(&self) {
        let lang = self.lang();
        let Some(cfg) = self.fields.read(lang, self.digit.get()) else {
            return;
        };
        if let Err(e) = cfg.validate() {
            self.pctx.ctx.messages.show(e, lang);
            self.render_formula(&cfg);
            return;
        }
        self.pctx.ctx.messages.clear();
        self.pctx.write(|r| cfg.write(r));
        *self.shown.borrow_mut() = Some(cfg.clone());
        // Build even when only the seed changed: the button says "build this network".
        *model().cfg.borrow_mut() = None;
        model().use_config(&cfg);
        self.render(Change::Weights);
    }

    /// Read the picked file in the parse worker; on success the run continues from its weights.
    fn import(self: &Rc<Self>) {
        let Some(file) = self.file.files().and_then(|f| f.get(0)) else {
            return;
        };
        let lang = self.lang();
        if !model().loaded() {
            self.pctx
                .ctx
                .messages
                .show(crate::Error::new("cnn.state.loading", [""; 0]), lang);
            return;
        }
        let name = file.name();
        let _ = self.imported.remove_attribute("data-acc");
        self.imported
            .set_text_content(Some(&i18n::format(lang, "cnn.import.reading", &[&name])));
        let p = self.clone();
        crate::web::mnist::files::spawn(async move {
            let base = model().cfg.borrow().clone().unwrap_or_default();
            let pw = crate::web::mnist::parse::ParseWorker::start().await;
            let r = crate::web::mnist::parse::cnn_file(&file, &base, pw.as_ref()).await;
            drop(pw);
            p.file.set_value("");
            match r {
                Ok((kind, cfg, net)) => {
                    p.pctx.ctx.messages.clear();
                    // A DeepConvNet leaves the SimpleConvNet settings (and the link) as they are.
                    if kind == CnnKind::Simple {
                        p.pctx.write(|r| cfg.write(r));
                        p.fields.set(&cfg);
                        *p.shown.borrow_mut() = Some(cfg.clone());
                    }
                    model().load(kind, cfg, net, &name);
                    p.render(Change::Weights);
                }
                Err(e) => {
                    p.imported.set_text_content(Some(""));
                    p.pctx.ctx.messages.show(e, p.lang());
                }
            }
        });
    }

    fn toggle(&self) {
        let m = model();
        if m.running.get() {
            m.pause();
        } else if m.deep() {
            let e = crate::Error::new("cnn.err.deep_train", [""; 0]);
            self.pctx.ctx.messages.show(e, self.lang());
        } else {
            // Refused before it starts when the estimate is over the limit (ten times over on the assumed rate,
            // which errs long; the measured rate then decides).
            let cfg = m.cfg.borrow().clone();
            let prog = m.progress.borrow().clone();
            if let Some((cost, gflops, measured)) =
                cfg.as_ref().and_then(|c| remaining(c, prog.as_ref()))
            {
                let limit = if measured {
                    MAX_RUN_SECONDS
                } else {
                    10.0 * MAX_RUN_SECONDS
                };
                if let Err(e) = cost.check(gflops, limit) {
                    self.pctx.ctx.messages.show(e, self.lang());
                    return;
                }
            }
            m.play();
        }
        self.render(Change::Progress);
    }

    /// The output-size formula with this config's numbers, in MathML (and its value, or why it is refused).
    fn render_formula(&self, c: &CnnTrainConfig) {
        let lang = self.lang();
        let num = 28 + 2 * c.pad;
        let (value, ok) = match num.checked_sub(c.filter_size) {
            Some(d) if d % c.stride == 0 => (format!("{}", d / c.stride + 1), true),
            Some(d) => (format!("{}/{} + 1", d, c.stride), false),
            None => ("–".to_string(), false),
        };
        let math = format!(
            "<math display=\"inline\"><mi>OH</mi><mo>=</mo><mfrac><mrow><mi>H</mi><mo>+</mo><mn>2</mn><mi>P</mi><mo>−</mo><mi>FS</mi></mrow><mi>S</mi></mfrac><mo>+</mo><mn>1</mn><mo>=</mo><mfrac><mrow><mn>28</mn><mo>+</mo><mn>2</mn><mo>·</mo><mn>{}</mn><mo>−</mo><mn>{}</mn></mrow><mn>{}</mn></mfrac><mo>+</mo><mn>1</mn><mo>=</mo><mn>{}</mn></math>",
            c.pad, c.filter_size, c.stride, value
        );
        let mark = if ok { "" } else { " ✗" };
        self.formula
            .set_inner_html(&format!("{}: {math}{mark}", i18n::t(lang, "cnn.formula")));
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
            self.shape.set_text_content(Some(&i18n::format(
                lang,
                "cnn.import.deep",
                &[params.to_string()],
            )));
        } else if let Ok(s) = cfg.validate() {
            let params = cfg.conv_config().param_count().unwrap_or(0);
            self.shape.set_text_content(Some(&i18n::format(
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
            )));
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
        self.run.set_text_content(Some(i18n::t(
            lang,
            if running {
                "cnn.train.pause"
            } else {
                "cnn.train.run"
            },
        )));
        set_attr(
            &self.run,
            "aria-pressed",
            if running { "true" } else { "false" },
        );
        let prog = m.progress.borrow().clone();
        let iters = cfg.iters();
        let ipe = cfg.iters_per_epoch();
        let it = prog.as_ref().map_or(0, |p| p.iteration);
        self.progress.set_text_content(Some(&i18n::format(
            lang,
            "cnn.train.progress",
            &[
                it.to_string(),
                iters.to_string(),
                sig(it as f64 / ipe as f64, 3),
                cfg.epochs.to_string(),
            ],
        )));
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
        self.estimate.set_text_content(Some(&est));
        let state = match (m.failure.borrow().as_ref(), prog.as_ref().map(|p| p.state)) {
            (Some(e), _) => e.message(lang),
            (None, None) if m.deep() => i18n::t(lang, "cnn.state.deep").to_string(),
            (None, None) => i18n::t(lang, "cnn.state.loading").to_string(),
            (None, Some(RunState::Diverged)) => i18n::format(
                lang,
                "cnn.state.diverged",
                &[sig(
                    prog.as_ref().map_or(f64::NAN, |p| p.bad_loss as f64),
                    6,
                )],
            ),
            (None, Some(RunState::Done)) => i18n::t(lang, "cnn.state.done").to_string(),
            (None, Some(_)) if running => i18n::t(lang, "cnn.state.running").to_string(),
            (None, Some(_)) if it == 0 => i18n::t(lang, "cnn.state.ready").to_string(),
            (None, Some(_)) => i18n::t(lang, "cnn.state.paused").to_string(),
        };
        let idle = if m.deep() { "deep" } else { "loading" };
        let code = prog.as_ref().map_or(idle, |p| match p.state {
            RunState::Running => "running",
            RunState::Paused => "paused",
            RunState::Done => "done",
            RunState::Diverged => "diverged",
        });
        set_attr(&self.state, "data-state", code);
        self.state.set_text_content(Some(&state));
        self.render_imported(lang);
        if let Some(p) = prog.as_ref() {
            let mut html = format!(
                "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                i18n::t(lang, "cnn.col.epoch"),
                i18n::t(lang, "cnn.col.train_acc"),
                i18n::t(lang, "cnn.col.test_acc"),
            );
            for e in p.epochs.iter().rev().take(5) {
                html.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    e.epoch,
                    sig(e.train_acc as f64, 4),
                    e.test_acc.map_or("–".into(), |a| sig(a as f64, 4))
                ));
            }
            html.push_str("</tbody></table>");
            self.table.set_inner_html(&html);
            set_attr(
                &self.table,
                "data-test-acc",
                &p.epochs
                    .last()
                    .and_then(|e| e.test_acc)
                    .map_or(String::new(), |a| a.to_string()),
            );
        } else {
            self.table.set_inner_html("");
        }
        let t = crate::web::anim::Budget::now();
        if change == Change::Weights || !running || t - self.last_draw.get() >= DRAW_EVERY_MS {
            self.last_draw.set(t);
            self.draw_charts(&cfg);
        }
        if change == Change::Weights {
            self.draw_filters();
        }
    }

    /// Which file the weights came from, and their accuracy (or how far the job is in measuring it).
    fn render_imported(&self, lang: Lang) {
        let imported = model().imported.borrow().clone();
        let acc = imported.as_ref().and_then(|i| i.accuracy());
        match acc {
            Some(a) => set_attr(&self.imported, "data-acc", &a.to_string()),
            None => {
                let _ = self.imported.remove_attribute("data-acc");
            }
        }
        set_attr(
            &self.imported,
            "data-done",
            &imported.as_ref().map_or(0, |i| i.done).to_string(),
        );
        set_attr(
            &self.imported,
            "data-net",
            match imported.as_ref().map(|i| i.kind) {
                Some(CnnKind::Deep) => "deep",
                Some(CnnKind::Simple) => "simple",
                None => "",
            },
        );
        self.imported.set_text_content(Some(&match (imported, acc) {
            (Some(i), Some(a)) => i18n::format(
                lang,
                "cnn.import.done",
                &[i.name, sig(a as f64, 4), i.n.to_string()],
            ),
            (Some(i), None) => i18n::format(
                lang,
                "cnn.import.measuring",
                &[i.name, i.done.to_string(), i.n.to_string()],
            ),
            (None, _) => String::new(),
        }));
    }

    fn draw_charts(&self, cfg: &CnnTrainConfig) {
        let lang = self.lang();
        let m = model();
        let prog = m.progress.borrow();
        let planned = cfg
            .iters()
            .max(prog.as_ref().map_or(0, |p| p.iteration))
            .max(1) as f64;
        let loss = [Series {
            points: prog
                .as_ref()
                .map(|p| p.loss_points().map(|(i, l)| (i as f64, l as f64)).collect())
                .unwrap_or_default(),
            index: 0,
            every_point: false,
        }];
        if let (Some(dpr), Some(area)) = (self.loss.fit(), self.loss.area()) {
            let chart = SeriesChart {
                series: &loss,
                x_range: (0.0, planned),
                y_range: (0.0, y_max(&loss).max(2.5)),
                x_label: i18n::t(lang, "cnn.chart.iteration"),
                y_label: i18n::t(lang, "cnn.chart.loss_axis"),
            };
            if let Err(e) = draw_series(&area, &chart, &ChartStyle::with_scale(dpr)) {
                dom::log_error(&format!("cnn loss chart: {e}"));
            }
            let _ = area.present();
        }
        let epochs = prog.as_ref().map(|p| p.epochs.clone()).unwrap_or_default();
        let acc = [
            Series {
                points: epochs
                    .iter()
                    .map(|e| (e.epoch as f64, e.train_acc as f64))
                    .collect(),
                index: 0,
                every_point: true,
            },
            Series {
                points: epochs
                    .iter()
                    .filter_map(|e| Some((e.epoch as f64, e.test_acc? as f64)))
                    .collect(),
                index: 1,
                every_point: true,
            },
        ];
        if let (Some(dpr), Some(area)) = (self.acc.fit(), self.acc.area()) {
            let chart = SeriesChart {
                series: &acc,
                x_range: (0.0, cfg.epochs.max(1) as f64),
                y_range: (0.0, 1.0),
                x_label: i18n::t(lang, "cnn.chart.epoch"),
                y_label: i18n::t(lang, "cnn.chart.acc_axis"),
            };
            if let Err(e) = draw_series(&area, &chart, &ChartStyle::with_scale(dpr)) {
                dom::log_error(&format!("cnn accuracy chart: {e}"));
            }
            let _ = area.present();
        }
    }

    fn draw_filters(&self) {
        let m = model();
        let before = m.before.borrow();
        let net = m.net.borrow();
        let now = net
            .as_ref()
            .and_then(|n| n.param("W1"))
            .map(|w| w.to_owned());
        if let Some(b) = before.as_ref().and_then(filter_images) {
            put_grid(&self.before, &image_grid(b.view(), NX, 1));
        }
        if let Some(w) = now.as_ref().and_then(filter_images) {
            put_grid(&self.now, &image_grid(w.view(), NX, 1));
        }
        if let (Some(b), Some(w)) = (before.as_ref(), now.as_ref()) {
            if b.shape() == w.shape() {
                let n = w.len().max(1) as f64;
                let diff = w
                    .iter()
                    .zip(b.iter())
                    .map(|(a, b)| (a - b).abs() as f64)
                    .sum::<f64>()
                    / n;
                let mean = w.iter().map(|a| a.abs() as f64).sum::<f64>() / n;
                set_attr(&self.change, "data-change", &diff.to_string());
                self.change.set_text_content(Some(&i18n::format(
                    self.lang(),
                    "cnn.filters.change",
                    &[sig(diff, 3), sig(mean, 3)],
                )));
            }
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
