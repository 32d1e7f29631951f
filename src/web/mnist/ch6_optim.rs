//! Chapter 6 experiment 1, the book's `optimizer_compare_mnist.py`: SGD, Momentum, AdaGrad and Adam train copies
//! of one 784-100-100-100-100-10 network on the same mini-batches, one iteration each per step, so the four loss
//! curves grow together (smoothed like the book's figure, or raw). The math is in `labs::mnist::ch6`.

use std::rc::Rc;

use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement};

use super::ch6::{experiment, set_status, wire_run, Runner};
use super::{legend, select, Lab};
use crate::i18n;
use crate::labs::mnist::ch6::link::Ch6Settings;
use crate::labs::mnist::ch6::optimizer_compare::{
    Compare, CompareConfig, DEFAULT_ITERS, ITER_CHOICES,
};
use crate::numfmt::sig;
use crate::optim::OptimizerKind;
use crate::plot::series::{y_max, Series, SeriesChart};
use crate::web::anim::Budget;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, button, child, on, set_attr, text_el};
use std::cell::RefCell;

/// Test accuracy at the end is measured on at most this many test digits.
const TEST_LIMIT: usize = 1_000;

pub(crate) struct OptimPanel {
    iters: HtmlSelectElement,
    raw: HtmlInputElement,
    reset: HtmlElement,
    progress: Element,
    status: Element,
    chart: HiDpiCanvas,
    table: Element,
    pub(super) runner: Runner,
    pub(super) compare: RefCell<Option<Compare>>,
    accuracies: RefCell<Option<Vec<f32>>>,
}

/// The colour/marker index of an optimizer: its place in `OptimizerKind::ALL`, as in the optimizers lab.
fn index(kind: OptimizerKind) -> usize {
    OptimizerKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0)
}

impl OptimPanel {
    pub fn new(parent: &Element) -> OptimPanel {
        let p = experiment(parent, "mnist.ch6.opt.title", "ch6-optim");
        text_el(&p, "p", "hint", "mnist.ch6.opt.hint");
        let bar = child(&p, "div", "mnist-buttons");
        let choices: Vec<(String, String)> = ITER_CHOICES
            .iter()
            .map(|n| (n.to_string(), format!("mnist.ch6.opt.iters.{n}")))
            .collect();
        let choices: Vec<(&str, &str)> = choices
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let iters = select(&bar, "mnist.ch6.opt.iters", &choices);
        iters.set_value(&DEFAULT_ITERS.to_string());
        set_attr(&iters, "data-role", "opt-iters");
        let label = child(&bar, "label", "ch6-check");
        let raw = dom::input(&label, "checkbox", "");
        set_attr(&raw, "data-role", "opt-raw");
        text_el(&label, "span", "", "mnist.ch6.opt.raw");
        let run = button(&bar, "primary", "mnist.ch6.run");
        set_attr(&run, "data-role", "opt-run");
        set_attr(&run, "aria-pressed", "false");
        let reset = button(&bar, "", "mnist.train.reset");
        set_attr(&reset, "data-role", "opt-reset");
        let progress = child(&p, "progress", "mnist-progress");
        set_attr(&progress, "max", "1");
        set_attr(&progress, "value", "0");
        set_attr(&progress, "data-i18n-aria", "mnist.ch6.opt.progress");
        let status = child(&p, "p", "ch6-status");
        set_attr(&status, "aria-live", "polite");
        set_attr(&status, "data-role", "opt-status");
        let fig = child(&p, "figure", "chart");
        let chart = HiDpiCanvas::new(&fig, "plot opt-loss", "mnist.ch6.opt.chart");
        set_attr(&chart.el, "data-role", "opt-chart");
        let items: Vec<(usize, String)> = CompareConfig::default()
            .optimizers
            .iter()
            .map(|o| (index(o.kind()), format!("mnist.ch6.opt.{}", o.kind().key())))
            .collect();
        let items: Vec<(usize, &str)> = items.iter().map(|(i, k)| (*i, k.as_str())).collect();
        legend(&fig, &items);
        let table = child(&p, "div", "readout");
        crate::web::stage::mount(&p, &fig, &[&status, &table]);
        crate::web::stage::key_action(&run, "play");
        crate::web::stage::key_action(&reset, "reset");
        OptimPanel {
            iters,
            raw,
            reset,
            progress,
            status,
            chart,
            table,
            runner: Runner::new(run),
            compare: RefCell::new(None),
            accuracies: RefCell::new(None),
        }
    }

    fn planned(&self) -> usize {
        self.iters
            .value()
            .parse()
            .ok()
            .filter(|n| ITER_CHOICES.contains(n))
            .unwrap_or(DEFAULT_ITERS)
    }
}

pub(crate) fn pause(lab: &Lab) {
    lab.ch6_optim.runner.pause(lab);
}

/// Forget the run (new settings or new data).
pub(crate) fn reset(lab: &Rc<Lab>) {
    let ui = &lab.ch6_optim;
    ui.runner.pause(lab);
    ui.runner.clear_time();
    *ui.compare.borrow_mut() = None;
    *ui.accuracies.borrow_mut() = None;
    render(lab);
}

pub(crate) fn wire(lab: &Rc<Lab>) {
    let ui = &lab.ch6_optim;
    wire_run(lab, |l| &l.ch6_optim.runner, &ui.reset, play, reset, render);
    let l = lab.clone();
    on(&ui.iters, "change", move |_: Event| reset(&l));
    let l = lab.clone();
    on(&ui.raw, "change", move |_: Event| draw(&l));
}

fn play(lab: &Rc<Lab>) {
    let ui = &lab.ch6_optim;
    if ui.compare.borrow().as_ref().is_some_and(|c| c.is_done()) {
        return;
    }
    if ui.compare.borrow().is_none() {
        let made = {
            let data = lab.data.borrow();
            let Some(d) = data.as_ref() else { return };
            let cfg = CompareConfig {
                iters: ui.planned(),
                seed: lab.cfg.borrow().seed,
                ..CompareConfig::default()
            };
            Compare::new(cfg, &d.train)
        };
        match made {
            Ok(c) => *ui.compare.borrow_mut() = Some(c),
            Err(e) => return lab.error(e),
        }
        ui.runner.clear_time();
    }
    ui.runner.play(lab, tick);
    render(lab);
}

/// Run as many iterations (each: four optimizer steps on one batch) as fit in the frame.
fn tick(lab: &Rc<Lab>, budget: &Budget) -> bool {
    let ui = &lab.ch6_optim;
    let mut done = false;
    {
        let mut c = ui.compare.borrow_mut();
        let Some(c) = c.as_mut() else { return false };
        loop {
            if let Some(e) = c.step() {
                lab.error(e);
            }
            if c.is_done() {
                done = true;
                break;
            }
            if !budget.has_time() {
                break;
            }
        }
    }
    if done {
        ui.runner.pause(lab);
        let acc = {
            let mut c = ui.compare.borrow_mut();
            let d = lab.data.borrow();
            match (c.as_mut(), d.as_ref()) {
                (Some(c), Some(d)) => Some(c.accuracies(&d.x_test, &d.test_labels, TEST_LIMIT)),
                _ => None,
            }
        };
        *ui.accuracies.borrow_mut() = acc;
        render(lab);
        return false;
    }
    if ui.runner.draw_due() {
        render(lab);
    }
    true
}

pub(crate) fn render(lab: &Rc<Lab>) {
    let ui = &lab.ch6_optim;
    let lang = lab.lang();
    let c = ui.compare.borrow();
    let planned = c.as_ref().map_or(ui.planned(), |c| c.config.iters);
    let it = c.as_ref().map_or(0, |c| c.iteration);
    set_attr(
        &ui.progress,
        "value",
        &format!("{}", it as f64 / planned.max(1) as f64),
    );
    let secs = sig(ui.runner.ran_ms() / 1000.0, 3);
    let key = match c.as_ref() {
        None => "mnist.ch6.opt.ready",
        Some(c) if c.is_done() => "mnist.ch6.opt.done",
        Some(_) if ui.runner.is_running() => "mnist.ch6.opt.running",
        Some(_) => "mnist.ch6.opt.paused",
    };
    set_status(
        &ui.status,
        key,
        &[it.to_string(), planned.to_string(), secs],
        lab,
    );
    let acc = ui.accuracies.borrow();
    let cfg = CompareConfig::default();
    let rows: Vec<Vec<String>> = cfg
        .optimizers
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let name = i18n::t(lang, &format!("mnist.ch6.opt.{}", o.kind().key())).to_string();
            let loss = c
                .as_ref()
                .map(|c| &c.contestants[i])
                .filter(|k| !k.losses.is_empty())
                .map_or("–".to_string(), |k| sig(k.recent_loss(20) as f64, 3));
            let a = acc
                .as_ref()
                .and_then(|a| a.get(i))
                .map_or("–".to_string(), |a| sig(*a as f64, 3));
            vec![name, o.lr().to_string(), loss, a]
        })
        .collect();
    dom::set_table(
        &ui.table,
        &[
            i18n::t(lang, "mnist.optimizer"),
            "lr",
            i18n::t(lang, "mnist.ch6.opt.recent"),
            i18n::t(lang, "mnist.ch6.opt.acc"),
        ],
        &rows,
    );
    drop(c);
    drop(acc);
    draw(lab);
}

fn draw(lab: &Rc<Lab>) {
    let ui = &lab.ch6_optim;
    let lang = lab.lang();
    let smoothed = !ui.raw.checked();
    let c = ui.compare.borrow();
    let planned = c.as_ref().map_or(ui.planned(), |c| c.config.iters) as f64;
    let series: Vec<Series> = c
        .as_ref()
        .map(|c| {
            c.contestants
                .iter()
                .map(|k| Series {
                    points: k
                        .curve(smoothed)
                        .iter()
                        .enumerate()
                        .map(|(i, l)| ((i + 1) as f64, *l as f64))
                        .collect(),
                    index: index(k.kind),
                    every_point: false,
                })
                .collect()
        })
        .unwrap_or_default();
    let chart = SeriesChart {
        series: &series,
        x_range: (0.0, planned),
        y_range: (0.0, y_max(&series).clamp(0.5, 3.0)),
        x_label: i18n::t(lang, "mnist.col.iteration"),
        y_label: i18n::t(lang, "mnist.chart.loss_axis"),
    };
    ui.chart.draw_series(&chart, "ch6 optimizer chart");
}

// ---- the panel's settings in the lab's link (see `ch6_link`)

pub(crate) fn link_read(lab: &Lab, c: &mut Ch6Settings) {
    let ui = &lab.ch6_optim;
    c.opt_iters = ui.planned();
    c.opt_raw = ui.raw.checked();
}

pub(crate) fn link_apply(lab: &Lab, c: &Ch6Settings) {
    let ui = &lab.ch6_optim;
    ui.iters.set_value(&c.opt_iters.to_string());
    ui.raw.set_checked(c.opt_raw);
}

pub(crate) fn link_listen(lab: &Lab, f: Rc<dyn Fn()>) {
    let ui = &lab.ch6_optim;
    let g = f.clone();
    on(&ui.iters, "change", move |_: Event| g());
    on(&ui.raw, "change", move |_: Event| f());
}
