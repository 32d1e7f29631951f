//! The MNIST lab's time estimate under the iterations field, and the refusal of a run past the limit
//! (`train::estimate`): at the rate measured on this device once steps have run, before that at a few milliseconds' probe.

use std::rc::Rc;

use super::{Lab, EVAL_LIMIT};
use crate::i18n;
use crate::labs::mnist::MnistLabConfig;
use crate::numfmt::sig;
use crate::train::estimate::{duration, probe_gflops, RunCost, MAX_RUN_SECONDS};
use crate::web::anim::Budget;
use crate::web::dom::set_text;

/// How far over the limit the probe's estimate must be to refuse a run before any step is measured.
const ROUGH_FACTOR: f64 = 10.0;

/// The work left in the current run at the current settings.
fn cost(lab: &Lab) -> RunCost {
    cost_of(lab, &lab.cfg.borrow())
}

/// The cost of a run of `cfg` on the lab's data and session.
fn cost_of(lab: &Lab, cfg: &MnistLabConfig) -> RunCost {
    let done = lab.session.borrow().as_ref().map_or(0, |s| s.iteration());
    let (n_train, eval) = match (lab.session.borrow().as_ref(), lab.data.borrow().as_ref()) {
        (Some(s), Some(d)) => {
            let (a, b) = s.eval_counts(d);
            (d.train.len(), a + b)
        }
        _ => (cfg.n_train, 2 * EVAL_LIMIT.min(cfg.n_train)),
    };
    cfg.run_cost(done, n_train, eval)
}

/// Keep the device's rate from the last measured step of the current settings (call before they change: the
/// rate carries over to other sizes, the time per step does not).
pub(super) fn remember_rate(lab: &Lab, measured_with: &MnistLabConfig) {
    let ui = &lab.train_ui;
    if let Some(g) = cost_of(lab, measured_with).measured_gflops(ui.ms_per_batch.get()) {
        ui.gflops.set(g);
    }
    ui.ms_per_batch.set(0.0);
}

/// The rate: from this run's measured steps, else the last measured one, else a probe of a few milliseconds.
fn rate(lab: &Lab) -> (f64, bool) {
    let ui = &lab.train_ui;
    match cost(lab).measured_gflops(ui.ms_per_batch.get()) {
        Some(g) => (g, true),
        None if ui.gflops.get() > 0.0 => (ui.gflops.get(), true),
        None => {
            // Probed again each time until a step is measured, keeping the best: a fresh page's code gets
            // faster as the engine optimizes it, so the first probe reads low.
            let g = probe_gflops(&Budget::now, 10.0);
            ui.probed.set(ui.probed.get().max(g));
            (ui.probed.get(), false)
        }
    }
}

/// This device's rate (GFLOP/s): measured, or probed.
pub(super) fn gflops(lab: &Lab) -> f64 {
    rate(lab).0
}

/// Write the estimate for the rest of the run.
pub(super) fn update(lab: &Rc<Lab>) {
    let lang = lab.lang();
    let (g, measured) = rate(lab);
    let basis = i18n::format(
        lang,
        if measured {
            "mnist.estimate.measured"
        } else {
            "mnist.estimate.assumed"
        },
        &[sig(g, 3)],
    );
    let s = cost(lab).seconds(g);
    let key = if s > MAX_RUN_SECONDS {
        "mnist.estimate.over"
    } else {
        "mnist.estimate"
    };
    let text = i18n::format(lang, key, &[duration(s), basis, duration(MAX_RUN_SECONDS)]);
    set_text(&lab.train_ui.estimate, &text);
    crate::web::dom::set_attr(
        &lab.train_ui.estimate,
        "class",
        if s > MAX_RUN_SECONDS {
            "limits over"
        } else {
            "limits"
        },
    );
}

/// Whether the rest of the run may start; if not, the refusal is shown beside the Train button. On a measured
/// rate the limit holds as stated; on the probe alone (which can read a fresh page several times slow) only a
/// run ten times over the limit is refused at once, and the rest is checked again once steps are measured.
pub(super) fn allowed(lab: &Rc<Lab>) -> bool {
    let (g, measured) = rate(lab);
    let limit = if measured {
        MAX_RUN_SECONDS
    } else {
        ROUGH_FACTOR * MAX_RUN_SECONDS
    };
    match cost(lab).check(g, limit) {
        Ok(_) => true,
        Err(e) => {
            lab.error(e);
            update(lab);
            false
        }
    }
}

/// While training: once steps are measured, a run that turns out to be over the limit pauses and says why.
pub(super) fn recheck(lab: &Rc<Lab>) {
    let (g, measured) = rate(lab);
    if !measured || !lab.is_running() {
        return;
    }
    if let Err(e) = cost(lab).check(g, MAX_RUN_SECONDS) {
        lab.pause();
        lab.error(e);
    }
}
