//! The training panel: the network and optimizer settings (the book's ch5 recipe by default), Train/Pause,
//! one Step, Reset, a progress bar with iteration and epoch, live samples/s and ms per mini-batch, and the book's
//! figures live: loss per iteration and train/test accuracy per epoch (with a text table), CSV and PNG export.
//! Training runs in a Web Worker (worker.rs) when one starts; otherwise it is time-sliced in the AnimLoop: as
//! many mini-batches as fit in the frame budget, then a redraw.

use std::cell::Cell;
use std::rc::{Rc, Weak};

use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, MouseEvent};

use super::{files, legend, panel, select, Lab};
use crate::i18n::{self, Lang};
use crate::labs::mnist::config::*;
use crate::optim::OptimizerKind;
use crate::web::anim::Budget;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, button, child, on, set_attr, set_text, text_el};
use crate::web::field::NumberField;
use crate::web::AnimLoop;

/// The frame budget for training steps (DESIGN.md: about 8–10 ms), leaving time to draw.
pub const BUDGET_MS: f64 = 10.0;
/// Charts are redrawn at most this often while training.
pub(crate) const DRAW_EVERY_MS: f64 = 250.0;

const FORMULAS: &str = "<math><mi>L</mi><mo>=</mo><mo>−</mo><mfrac><mn>1</mn><mi>N</mi></mfrac><munder><mo>∑</mo><mi>n</mi></munder><munder><mo>∑</mo><mi>k</mi></munder><msub><mi>t</mi><mrow><mi>n</mi><mi>k</mi></mrow></msub><mi>log</mi><msub><mi>y</mi><mrow><mi>n</mi><mi>k</mi></mrow></msub></math><math><mi>W</mi><mo>←</mo><mi>W</mi><mo>−</mo><mi>η</mi><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>W</mi></mrow></mfrac></math>";

pub(crate) struct TrainPanel {
    pub(super) hidden: HtmlInputElement,
    pub(super) hidden_err: Element,
    pub(super) activation: HtmlSelectElement,
    pub(super) init: HtmlSelectElement,
    pub(super) std: NumberField,
    pub(super) optimizer: HtmlSelectElement,
    pub(super) lr: NumberField,
    pub(super) batch: NumberField,
    pub(super) iters: NumberField,
    /// The time estimate of the rest of the run (run_estimate.rs).
    pub(super) estimate: Element,
    pub(super) dropout: NumberField,
    pub(super) decay: NumberField,
    /// "Batch norm after each Affine" (the book's `MultiLayerNetExtend(use_batchnorm=True)`).
    pub(super) batchnorm: HtmlInputElement,
    pub(super) seed: NumberField,
    pub(super) n_train: NumberField,
    pub(super) run: HtmlElement,
    pub(super) step: HtmlElement,
    pub(super) reset: HtmlElement,
    pub(super) progress: Element,
    pub(super) progress_text: Element,
    pub(super) speed: Element,
    pub(super) state: Element,
    pub(super) loss: HiDpiCanvas,
    pub(super) acc: HiDpiCanvas,
    pub(super) acc_table: Element,
    pub(super) csv: HtmlElement,
    pub(super) csv_acc: HtmlElement,
    pub(super) measured: Element,
    pub(super) png_loss: HtmlElement,
    pub(super) png_acc: HtmlElement,
    pub(super) ms_per_batch: Cell<f64>,
    /// The rate measured on this device (GFLOP/s; 0 until a step has run), kept across settings.
    pub(super) gflops: Cell<f64>,
    /// The probe's rate before any step (GFLOP/s; 0 until probed).
    pub(super) probed: Cell<f64>,
    pub(super) last_draw: Cell<f64>,
}

impl TrainPanel {
    pub fn new(parent: &Element) -> TrainPanel {
        let p = panel(parent, "mnist.train.title");
        let grid = child(&p, "div", "lab-grid");
        let c = child(&grid, "div", "controls");
        let hw = child(&c, "label", "field");
        text_el(&hw, "span", "field-label", "mnist.hidden");
        let hidden = dom::input(&hw, "text", "");
        set_attr(&hidden, "data-role", "hidden");
        set_attr(&hidden, "autocomplete", "off");
        text_el(&hw, "small", "limits", "mnist.hidden.limits");
        let hidden_err = child(&hw, "span", "field-error");
        set_attr(&hidden_err, "role", "alert");
        let acts: Vec<(&str, String)> = ACTIVATIONS
            .iter()
            .map(|a| (*a, format!("act.{a}")))
            .collect();
        let acts: Vec<(&str, &str)> = acts.iter().map(|(a, k)| (*a, k.as_str())).collect();
        let activation = select(&c, "mnist.activation", &acts);
        let init = select(
            &c,
            "mnist.init",
            &[
                ("std", "mnist.init.std"),
                ("xavier", "mnist.init.xavier"),
                ("he", "mnist.init.he"),
            ],
        );
        let std = NumberField::new(&c, "mnist.init_std", STD_RANGE.0, STD_RANGE.1, 0.01);
        let opts: Vec<(&str, String)> = OptimizerKind::ALL
            .iter()
            .map(|k| (k.key(), format!("mnist.opt.{}", k.key())))
            .collect();
        let opts: Vec<(&str, &str)> = opts.iter().map(|(a, k)| (*a, k.as_str())).collect();
        let optimizer = select(&c, "mnist.optimizer", &opts);
        let lr = NumberField::new(&c, "mnist.lr", LR_RANGE.0, LR_RANGE.1, 0.01);
        let batch = NumberField::new(&c, "mnist.batch", BATCH_RANGE.0, BATCH_RANGE.1, 10.0);
        let iters = NumberField::new(&c, "mnist.iters", ITERS_RANGE.0, ITERS_RANGE.1, 1000.0);
        let estimate = child(&c, "p", "limits");
        set_attr(&estimate, "data-role", "estimate");
        set_attr(&estimate, "aria-live", "polite");
        let dropout = NumberField::new(&c, "mnist.dropout", DROPOUT_RANGE.0, DROPOUT_RANGE.1, 0.05);
        let decay = NumberField::new(&c, "mnist.decay", DECAY_RANGE.0, DECAY_RANGE.1, 0.01);
        let bn_label = child(&c, "label", "check");
        let batchnorm = dom::input(&bn_label, "checkbox", "");
        set_attr(&batchnorm, "data-role", "batchnorm");
        text_el(&bn_label, "span", "", "mnist.batchnorm");
        let seed = NumberField::new(&c, "mnist.seed", SEED_RANGE.0, SEED_RANGE.1, 1.0);
        let n_train = NumberField::new(
            &c,
            "mnist.n_train_field",
            TRAIN_RANGE.0,
            TRAIN_RANGE.1,
            500.0,
        );
        text_el(&c, "p", "hint", "mnist.train.changes");

        let fig = child(&grid, "div", "mnist-train-out");
        let bar = child(&fig, "div", "mnist-buttons");
        let run = button(&bar, "primary", "mnist.train.start");
        set_attr(&run, "data-role", "run");
        let step = button(&bar, "", "mnist.train.step");
        set_attr(&step, "data-role", "step");
        let reset = button(&bar, "", "mnist.train.reset");
        set_attr(&reset, "data-role", "reset");
        let progress = child(&fig, "progress", "mnist-progress");
        set_attr(&progress, "max", "1");
        set_attr(&progress, "value", "0");
        set_attr(&progress, "data-i18n-aria", "mnist.train.progress");
        let progress_text = child(&fig, "p", "mnist-progress-text");
        let speed = child(&fig, "p", "mnist-speed");
        let state = child(&fig, "p", "mnist-state");
        set_attr(&state, "aria-live", "polite");
        let charts = child(&fig, "div", "mnist-charts");
        let f1 = child(&charts, "figure", "chart");
        let loss = HiDpiCanvas::new(&f1, "plot", "mnist.chart.loss");
        set_attr(&loss.el, "data-role", "loss-chart");
        text_el(&f1, "figcaption", "hint", "mnist.chart.loss.caption");
        let f2 = child(&charts, "figure", "chart");
        let acc = HiDpiCanvas::new(&f2, "plot", "mnist.chart.acc");
        set_attr(&acc.el, "data-role", "acc-chart");
        legend(
            &f2,
            &[(0, "mnist.chart.train_acc"), (1, "mnist.chart.test_acc")],
        );
        let acc_table = child(&f2, "div", "readout");
        let measured = child(&f2, "p", "hint");
        set_attr(&measured, "data-role", "acc-measured");
        // The curves and the numbers of the run on one screen.
        crate::web::stage::mount(&p, &charts, &[&progress_text, &state, &acc_table]);
        for (b, action) in [(&run, "play"), (&step, "step"), (&reset, "reset")] {
            crate::web::stage::key_action(b, action);
        }
        let ex = child(&fig, "div", "mnist-buttons");
        let csv = button(&ex, "", "mnist.export.csv");
        set_attr(&csv, "data-role", "export-loss-csv");
        let csv_acc = button(&ex, "", "mnist.export.csv_acc");
        set_attr(&csv_acc, "data-role", "export-acc-csv");
        let png_loss = button(&ex, "", "mnist.export.png_loss");
        let png_acc = button(&ex, "", "mnist.export.png_acc");
        let f = child(&fig, "div", "formula");
        f.set_inner_html(FORMULAS);
        TrainPanel {
            hidden,
            hidden_err,
            activation,
            init,
            std,
            optimizer,
            lr,
            batch,
            iters,
            estimate,
            dropout,
            decay,
            batchnorm,
            seed,
            n_train,
            run,
            step,
            reset,
            progress,
            progress_text,
            speed,
            state,
            loss,
            acc,
            acc_table,
            csv,
            csv_acc,
            measured,
            png_loss,
            png_acc,
            ms_per_batch: Cell::new(0.0),
            gflops: Cell::new(0.0),
            probed: Cell::new(0.0),
            last_draw: Cell::new(0.0),
        }
    }

    /// The Train button says what its next press does: "Pause" while training, "Train" when paused
    /// (its text too, not only its `data-i18n` key, which `apply_lang` would not reach on the button itself).
    pub fn set_running(&self, running: bool, lang: Lang) {
        let key = if running {
            "mnist.train.pause"
        } else {
            "mnist.train.start"
        };
        set_attr(&self.run, "data-i18n", key);
        set_text(&self.run, i18n::t(lang, key));
        set_attr(
            &self.run,
            "aria-pressed",
            if running { "true" } else { "false" },
        );
    }

    pub(super) fn set_state(&self, key: &str, lang: Lang) {
        set_attr(&self.state, "data-i18n", key);
        set_text(&self.state, i18n::t(lang, key));
    }
}

/// Put the settings into the controls.
pub(crate) fn sync_controls(lab: &Rc<Lab>) {
    let ui = &lab.train_ui;
    let c = lab.cfg.borrow();
    ui.hidden.set_value(&hidden_text(&c.hidden));
    ui.hidden_err.set_text_content(None);
    let _ = ui.hidden.remove_attribute("aria-invalid");
    ui.activation.set_value(c.activation);
    ui.init.set_value(c.init);
    ui.std.set(c.init_std as f64);
    ui.optimizer.set_value(c.optimizer.key());
    ui.lr.set(c.lr as f64);
    ui.batch.set(c.batch_size as f64);
    ui.iters.set(c.iters as f64);
    ui.dropout.set(c.dropout as f64);
    ui.decay.set(c.weight_decay as f64);
    ui.batchnorm.set_checked(c.batchnorm);
    ui.seed.set(c.seed as f64);
    ui.n_train.set(c.n_train as f64);
}

/// A settings change: update the config and URL, then start a new run (re-split when the split changed).
fn changed(lab: &Rc<Lab>, f: impl FnOnce(&mut MnistLabConfig)) {
    let before = lab.cfg.borrow().clone();
    f(&mut lab.cfg.borrow_mut());
    let after = lab.cfg.borrow().clone();
    if after == before {
        return;
    }
    // The measured time per step belongs to the old settings; the device's rate carries over.
    super::run_estimate::remember_rate(lab, &before);
    lab.write_route();
    // The split settings re-split the sets that come from the bundled digits (never a set loaded from files).
    let bundled = {
        let src = lab.sources.borrow();
        src.train == "mnist.data.bundled" || src.test == "mnist.data.bundled"
    };
    if bundled && (after.seed != before.seed || after.n_train != before.n_train) {
        lab.resplit();
    } else {
        lab.reset();
    }
}

pub(crate) fn wire(lab: &Rc<Lab>) {
    let ui = &lab.train_ui;
    let l = lab.clone();
    on(&ui.hidden, "change", move |_: Event| {
        let ui = &l.train_ui;
        match parse_hidden(&ui.hidden.value()) {
            Ok(h) => {
                ui.hidden_err.set_text_content(None);
                let _ = ui.hidden.remove_attribute("aria-invalid");
                changed(&l, |c| c.hidden = h);
            }
            Err(e) => {
                set_text(&ui.hidden_err, &e.message(l.lang()));
                set_attr(&ui.hidden, "aria-invalid", "true");
            }
        }
    });
    for (sel, which) in [(&ui.activation, 0), (&ui.init, 1), (&ui.optimizer, 2)] {
        let l = lab.clone();
        let s = sel.clone();
        on(sel, "change", move |_: Event| {
            let v = s.value();
            changed(&l, |c| match which {
                0 => {
                    c.activation = ACTIVATIONS
                        .iter()
                        .find(|a| **a == v)
                        .copied()
                        .unwrap_or("relu")
                }
                1 => c.init = INITS.iter().find(|a| **a == v).copied().unwrap_or("std"),
                _ => {
                    if let Ok(k) = OptimizerKind::from_key(&v) {
                        c.optimizer = k;
                    }
                }
            });
        });
    }
    let l = lab.clone();
    on(&ui.batchnorm, "change", move |_: Event| {
        let on_ = l.train_ui.batchnorm.checked();
        changed(&l, |c| c.batchnorm = on_);
    });
    type Set = fn(&mut MnistLabConfig, f64);
    let fields: [(&NumberField, Set); 8] = [
        (&ui.std, |c, v| c.init_std = v as f32),
        (&ui.lr, |c, v| c.lr = v as f32),
        (&ui.batch, |c, v| c.batch_size = v.round() as usize),
        (&ui.iters, |c, v| c.iters = v.round() as usize),
        (&ui.dropout, |c, v| c.dropout = v as f32),
        (&ui.decay, |c, v| c.weight_decay = v as f32),
        (&ui.seed, |c, v| c.seed = v.round() as u64),
        (&ui.n_train, |c, v| c.n_train = v.round() as usize),
    ];
    for (field, set) in fields {
        let l = lab.clone();
        let f = field.clone();
        on(&field.input, "change", move |_: Event| {
            if let Some(v) = f.read(l.lang()) {
                changed(&l, |c| set(c, v));
            }
        });
        let l = lab.clone();
        let f = field.clone();
        on(&field.input, "input", move |_: Event| {
            f.read(l.lang());
        });
    }
    let l = lab.clone();
    on(&ui.run, "click", move |_: MouseEvent| {
        if l.is_running() {
            l.pause();
            l.refresh_report();
            l.render_all();
        } else {
            play(&l);
        }
    });
    let l = lab.clone();
    on(&ui.step, "click", move |_: MouseEvent| {
        l.pause();
        if super::worker::in_worker(&l) {
            // The answer brings the weights; the report and panels follow then.
            return super::worker::step(&l);
        }
        run_steps(&l, None);
        l.refresh_report();
        l.render_all();
    });
    let l = lab.clone();
    on(&ui.reset, "click", move |_: MouseEvent| l.reset());
    let l = lab.clone();
    on(&ui.csv, "click", move |_: MouseEvent| {
        if let Some(s) = l.session.borrow().as_ref() {
            files::download_bytes(s.loss_csv().as_bytes(), "mnist_loss.csv", "text/csv");
        }
    });
    let l = lab.clone();
    on(&ui.csv_acc, "click", move |_: MouseEvent| {
        let (s, d) = (l.session.borrow(), l.data.borrow());
        if let (Some(s), Some(d)) = (s.as_ref(), d.as_ref()) {
            let csv = s.accuracy_csv(d);
            files::download_bytes(csv.as_bytes(), "mnist_accuracy.csv", "text/csv");
        }
    });
    let l = lab.clone();
    on(&ui.png_loss, "click", move |_: MouseEvent| {
        files::download_png(&l.train_ui.loss.el, "mnist_loss.png")
    });
    let l = lab.clone();
    on(&ui.png_acc, "click", move |_: MouseEvent| {
        files::download_png(&l.train_ui.acc.el, "mnist_accuracy.png")
    });
    let l = lab.clone();
    on(&dom::window(), "resize", move |_: Event| draw_charts(&l));
}

/// Start (or resume) the animation loop.
fn play(lab: &Rc<Lab>) {
    if lab.session.borrow().as_ref().is_none_or(|s| s.diverged) {
        return;
    }
    if lab.session.borrow().as_ref().is_some_and(|s| s.is_done()) {
        return;
    }
    if !super::run_estimate::allowed(lab) {
        return;
    }
    if super::worker::in_worker(lab) {
        super::worker::run(lab);
    } else if lab.anim.borrow().is_none() {
        let weak: Weak<Lab> = Rc::downgrade(lab);
        let anim = AnimLoop::new(BUDGET_MS, move |budget| match weak.upgrade() {
            Some(l) => tick(&l, budget),
            None => false,
        });
        *lab.anim.borrow_mut() = Some(anim);
    }
    lab.pause_experiments();
    lab.ctx.messages.clear();
    lab.train_ui.set_running(true, lab.lang());
    let key = if super::worker::in_worker(lab) {
        "mnist.state.training_worker"
    } else {
        "mnist.state.training"
    };
    lab.train_ui.set_state(key, lab.lang());
    if let (false, Some(a)) = (super::worker::in_worker(lab), lab.anim.borrow().as_ref()) {
        a.play();
    }
}

/// Run steps: one (a Step click) or as many as fit in `budget`. Returns whether to keep going.
fn run_steps(lab: &Rc<Lab>, budget: Option<&Budget>) -> bool {
    let ui = &lab.train_ui;
    let mut result = Ok(());
    let mut done = false;
    {
        let mut s = lab.session.borrow_mut();
        let Some(s) = s.as_mut() else { return false };
        loop {
            if s.trainer.is_done() && budget.is_some() {
                done = true;
                break;
            }
            let t0 = Budget::now();
            match s.step() {
                Ok(info) => {
                    // Epoch-end steps also evaluate accuracy: keep them out of the per-batch time.
                    if info.epoch_end.is_none() {
                        let ms = Budget::now() - t0;
                        let old = ui.ms_per_batch.get();
                        ui.ms_per_batch
                            .set(if old == 0.0 { ms } else { 0.9 * old + 0.1 * ms });
                    }
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
            match budget {
                Some(b) if b.has_time() => {}
                _ => break,
            }
        }
        done |= s.trainer.is_done();
    }
    if let Err(e) = result {
        lab.pause();
        lab.error(e);
        ui.set_state("mnist.state.diverged", lab.lang());
        render(lab);
        return false;
    }
    if done && budget.is_some() {
        lab.pause();
        ui.set_state("mnist.state.done", lab.lang());
        lab.refresh_report();
        lab.render_all();
        return false;
    }
    true
}

fn tick(lab: &Rc<Lab>, budget: &Budget) -> bool {
    let go_on = run_steps(lab, Some(budget));
    let now = Budget::now();
    if go_on && now - lab.train_ui.last_draw.get() >= DRAW_EVERY_MS {
        lab.train_ui.last_draw.set(now);
        render(lab);
    }
    go_on
}

use super::train_render::draw_charts;
pub(crate) use super::train_render::render;
