//! Chapter 6 experiment 3, the book's `overfit_weight_decay.py` / `overfit_dropout.py`: 300 training digits, a
//! 784-100×6-10 network, and train/test accuracy per epoch for three runs side by side: no regularisation,
//! weight decay (λ = 0.1), dropout (ratio 0.2). Run one, or all three in turn, and compare the gaps.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::{Element, Event, HtmlElement, HtmlSelectElement};

use super::ch6::{experiment, set_status, wire_run, Runner};
use super::{legend, select, Lab};
use crate::i18n;
use crate::labs::mnist::ch6::link::{Ch6Settings, OVERFIT_SHOWN};
use crate::labs::mnist::ch6::overfit::{OverfitConfig, OverfitRun, Variant};
use crate::numfmt::sig;
use crate::web::anim::Budget;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, button, child, on, set_attr, text_el};

/// The gap is averaged over this many last epochs.
const GAP_EPOCHS: usize = 10;

pub(crate) struct OverfitPanel {
    which: HtmlSelectElement,
    reset: HtmlElement,
    progress: Element,
    status: Element,
    charts: Vec<HiDpiCanvas>,
    table: Element,
    pub(super) runner: Runner,
    pub(super) runs: RefCell<Vec<Option<OverfitRun>>>,
    /// The variant the loop is training now.
    current: Cell<usize>,
    /// Wall-clock milliseconds each variant has run, banked when the loop moves to another variant.
    ran_ms: RefCell<[f64; 3]>,
}

impl OverfitPanel {
    pub fn new(parent: &Element) -> OverfitPanel {
        let p = experiment(parent, "mnist.ch6.over.title", "ch6-overfit");
        text_el(&p, "p", "hint", "mnist.ch6.over.hint");
        let bar = child(&p, "div", "mnist-buttons");
        let which = select(
            &bar,
            "mnist.ch6.over.which",
            &[
                ("all", "mnist.ch6.over.all"),
                ("none", "mnist.ch6.over.none"),
                ("decay", "mnist.ch6.over.decay"),
                ("dropout", "mnist.ch6.over.dropout"),
            ],
        );
        set_attr(&which, "data-role", "over-which");
        let run = button(&bar, "primary", "mnist.ch6.run");
        set_attr(&run, "data-role", "over-run");
        set_attr(&run, "aria-pressed", "false");
        let reset = button(&bar, "", "mnist.train.reset");
        set_attr(&reset, "data-role", "over-reset");
        let progress = child(&p, "progress", "mnist-progress");
        set_attr(&progress, "max", "1");
        set_attr(&progress, "value", "0");
        set_attr(&progress, "data-i18n-aria", "mnist.ch6.over.progress");
        let status = child(&p, "p", "ch6-status");
        set_attr(&status, "aria-live", "polite");
        set_attr(&status, "data-role", "over-status");
        let row = child(&p, "div", "mnist-charts ch6-three");
        let charts = Variant::ALL
            .iter()
            .map(|v| {
                let fig = child(&row, "figure", "chart");
                text_el(
                    &fig,
                    "p",
                    "ch6-chart-title",
                    &format!("mnist.ch6.over.{}", v.key()),
                );
                let c = HiDpiCanvas::new(&fig, "plot", &format!("mnist.ch6.over.{}", v.key()));
                set_attr(&c.el, "data-role", &format!("over-chart-{}", v.key()));
                legend(
                    &fig,
                    &[(0, "mnist.chart.train_acc"), (1, "mnist.chart.test_acc")],
                );
                c
            })
            .collect();
        let table = child(&p, "div", "readout");
        crate::web::stage::mount(&p, &row, &[&status, &table]);
        crate::web::stage::key_action(&run, "play");
        crate::web::stage::key_action(&reset, "reset");
        OverfitPanel {
            which,
            reset,
            progress,
            status,
            charts,
            table,
            runner: Runner::new(run),
            runs: RefCell::new(vec![None, None, None]),
            current: Cell::new(0),
            ran_ms: RefCell::new([0.0; 3]),
        }
    }

    /// The variants the selector asks for, in order.
    fn wanted(&self) -> Vec<usize> {
        match Variant::ALL
            .iter()
            .position(|v| v.key() == self.which.value())
        {
            Some(i) => vec![i],
            None => vec![0, 1, 2],
        }
    }

    /// The first wanted variant that is not finished yet.
    fn next_unfinished(&self) -> Option<usize> {
        let runs = self.runs.borrow();
        self.wanted()
            .into_iter()
            .find(|&i| runs[i].as_ref().is_none_or(|r| !r.is_done()))
    }
}

pub(crate) fn pause(lab: &Lab) {
    lab.ch6_overfit.runner.pause(lab);
}

pub(crate) fn reset(lab: &Rc<Lab>) {
    let ui = &lab.ch6_overfit;
    ui.runner.pause(lab);
    ui.runner.clear_time();
    *ui.runs.borrow_mut() = vec![None, None, None];
    *ui.ran_ms.borrow_mut() = [0.0; 3];
    render(lab);
}

pub(crate) fn wire(lab: &Rc<Lab>) {
    let ui = &lab.ch6_overfit;
    wire_run(
        lab,
        |l| &l.ch6_overfit.runner,
        &ui.reset,
        play,
        reset,
        render,
    );
    let l = lab.clone();
    on(&ui.which, "change", move |_: Event| {
        pause(&l);
        render(&l);
    });
}

/// Start the first unfinished variant the selector asks for.
fn play(lab: &Rc<Lab>) {
    let ui = &lab.ch6_overfit;
    let Some(i) = ui.next_unfinished() else {
        return;
    };
    if start_variant(lab, i) {
        ui.runner.play(lab, tick);
        render(lab);
    }
}

/// Make variant i's run if needed and make it the one the loop trains. False (and a message) on an error.
fn start_variant(lab: &Rc<Lab>, i: usize) -> bool {
    let ui = &lab.ch6_overfit;
    if ui.runs.borrow()[i].is_none() {
        let made = {
            let data = lab.data.borrow();
            let Some(d) = data.as_ref() else { return false };
            let cfg = OverfitConfig {
                seed: lab.cfg.borrow().seed,
                ..OverfitConfig::default()
            };
            OverfitRun::new(&cfg, Variant::ALL[i], &d.train, &d.test)
        };
        match made {
            Ok(r) => ui.runs.borrow_mut()[i] = Some(r),
            Err(e) => {
                lab.error(e);
                return false;
            }
        }
    }
    if ui.current.get() != i {
        ui.ran_ms.borrow_mut()[ui.current.get()] += ui.runner.ran_ms();
        ui.runner.clear_time();
        ui.current.set(i);
    }
    true
}

/// Wall-clock seconds variant k has run.
fn secs(ui: &OverfitPanel, k: usize) -> String {
    let now = if k == ui.current.get() {
        ui.runner.ran_ms()
    } else {
        0.0
    };
    sig((ui.ran_ms.borrow()[k] + now) / 1000.0, 3)
}

fn tick(lab: &Rc<Lab>, budget: &Budget) -> bool {
    let ui = &lab.ch6_overfit;
    let i = ui.current.get();
    let mut finished = false;
    let mut failed = None;
    {
        let mut runs = ui.runs.borrow_mut();
        let Some(r) = runs[i].as_mut() else {
            return false;
        };
        loop {
            if let Err(e) = r.step() {
                failed = Some(e);
                break;
            }
            if r.is_done() {
                finished = true;
                break;
            }
            if !budget.has_time() {
                break;
            }
        }
    }
    if let Some(e) = failed {
        ui.runner.pause(lab);
        lab.error(e);
        render(lab);
        return false;
    }
    if finished {
        // On to the next wanted variant in the same loop, or stop.
        if let Some(j) = ui.next_unfinished() {
            if start_variant(lab, j) {
                render(lab);
                return true;
            }
        }
        ui.runner.pause(lab);
        render(lab);
        return false;
    }
    if ui.runner.draw_due() {
        render(lab);
    }
    true
}

pub(crate) fn render(lab: &Rc<Lab>) {
    let ui = &lab.ch6_overfit;
    let lang = lab.lang();
    let runs = ui.runs.borrow();
    let cfg = OverfitConfig::default();
    let i = ui.current.get();
    let v = Variant::ALL[i];
    let planned = cfg.epochs_for(v);
    let done_epochs = runs[i].as_ref().map_or(0, |r| r.epochs().len());
    set_attr(
        &ui.progress,
        "value",
        &format!("{}", done_epochs as f64 / planned.max(1) as f64),
    );
    let name = i18n::t(lang, &format!("mnist.ch6.over.{}", v.key())).to_string();
    let key = if ui.runner.is_running() {
        "mnist.ch6.over.running"
    } else if runs.iter().all(|r| r.is_none()) {
        "mnist.ch6.over.ready"
    } else {
        "mnist.ch6.over.paused"
    };
    set_status(
        &ui.status,
        key,
        &[
            name,
            done_epochs.to_string(),
            planned.to_string(),
            secs(ui, i),
        ],
        lab,
    );
    let cell = |x: Option<f32>| x.map_or("–".to_string(), |a| sig(a as f64, 3));
    let rows: Vec<Vec<String>> = Variant::ALL
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let name = i18n::t(lang, &format!("mnist.ch6.over.{}", v.key())).to_string();
            let last = runs[k].as_ref().and_then(|r| r.epochs().last().copied());
            vec![
                name,
                last.map_or("–".to_string(), |e| {
                    format!("{} / {}", e.epoch, cfg.epochs_for(*v))
                }),
                cell(last.map(|e| e.train_acc)),
                cell(last.and_then(|e| e.test_acc)),
                cell(runs[k].as_ref().and_then(|r| r.gap(GAP_EPOCHS))),
                secs(ui, k),
            ]
        })
        .collect();
    dom::set_table(
        &ui.table,
        &[
            i18n::t(lang, "mnist.ch6.over.which"),
            i18n::t(lang, "mnist.col.epoch"),
            i18n::t(lang, "mnist.chart.train_acc"),
            i18n::t(lang, "mnist.chart.test_acc"),
            i18n::t(lang, "mnist.ch6.over.gap"),
            i18n::t(lang, "mnist.ch6.over.time"),
        ],
        &rows,
    );
    for (k, canvas) in ui.charts.iter().enumerate() {
        let e = runs[k].as_ref().map(|r| r.epochs()).unwrap_or(&[]);
        let x_max = cfg.epochs_for(Variant::ALL[k]) as f64;
        super::train_render::draw_accuracy(canvas, e, x_max, lang);
    }
}

// ---- the panel's settings in the lab's link (see `ch6_link`)

pub(crate) fn link_read(lab: &Lab, c: &mut Ch6Settings) {
    let v = lab.ch6_overfit.which.value();
    if let Some(k) = OVERFIT_SHOWN.iter().find(|k| **k == v) {
        c.over_shown = k;
    }
}

pub(crate) fn link_apply(lab: &Lab, c: &Ch6Settings) {
    lab.ch6_overfit.which.set_value(c.over_shown);
}

pub(crate) fn link_listen(lab: &Lab, f: Rc<dyn Fn()>) {
    on(&lab.ch6_overfit.which, "change", move |_: Event| f());
}
