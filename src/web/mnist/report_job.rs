//! The test-set evaluation behind the analysis panel (accuracy, confusion matrix, mistakes). A network that
//! evaluates in a few tens of milliseconds is evaluated at once; a bigger one (an imported 784-1024×6-10 takes
//! seconds here) is evaluated a few batches per animation frame on a snapshot of its weights, with its progress
//! shown, so the page never freezes. A newer request cancels an older one.

use std::rc::{Rc, Weak};

use super::Lab;
use crate::i18n;
use crate::labs::mnist::analysis::{ReportBuilder, BATCH};
use crate::train::estimate::forward_flops;
use crate::web::anim::{AnimLoop, Budget};
use crate::web::dom::set_text;

/// Evaluations estimated to take longer than this (ms) are spread over frames.
const AT_ONCE_MS: f64 = 100.0;
/// The share of a frame the evaluation takes (ms).
const FRAME_MS: f64 = 8.0;

/// What to do with the report once it is in: the lab and the evaluation's time (ms).
pub(super) type Then = Box<dyn FnOnce(&Rc<Lab>, f64)>;

/// Evaluate the current network on the test set, then call `then`.
pub(super) fn refresh(lab: &Rc<Lab>, then: Then) {
    lab.report_gen.set(lab.report_gen.get().wrapping_add(1));
    *lab.report_job.borrow_mut() = None;
    let (n, sizes) = {
        let d = lab.data.borrow();
        let s = lab.session.borrow();
        match (d.as_ref(), s.as_ref()) {
            (Some(d), Some(s)) => (d.test_labels.len(), s.trainer.net().sizes()),
            _ => return,
        }
    };
    let ms = 1e3 * forward_flops(&sizes, n) / (super::run_estimate::gflops(lab) * 1e9);
    if ms < AT_ONCE_MS {
        let t0 = Budget::now();
        lab.refresh_report_now();
        then(lab, Budget::now() - t0);
        return;
    }
    let Some(mut net) = lab
        .session
        .borrow()
        .as_ref()
        .map(|s| s.trainer.net().clone())
    else {
        return;
    };
    *lab.report.borrow_mut() = None;
    let mut builder = Some(ReportBuilder::new(&net, n));
    let mut then = Some(then);
    let gen = lab.report_gen.get();
    let t0 = Budget::now();
    let weak: Weak<Lab> = Rc::downgrade(lab);
    let anim = AnimLoop::new(FRAME_MS, move |budget| {
        let Some(lab) = weak.upgrade() else {
            return false;
        };
        if lab.report_gen.get() != gen {
            return false;
        }
        let Some(b) = builder.as_mut() else {
            return false;
        };
        let step = {
            let d = lab.data.borrow();
            let Some(d) = d.as_ref() else { return false };
            loop {
                match b.advance(&mut net, d.x_test.view(), BATCH) {
                    Ok(false) if budget.has_time() => continue,
                    other => break other,
                }
            }
        };
        match step {
            Ok(false) => {
                let (done, all) = b.progress();
                let text = i18n::format(
                    lab.lang(),
                    "mnist.analysis.evaluating",
                    &[done.to_string(), all.to_string()],
                );
                set_text(&lab.analysis_ui.accuracy, &text);
                true
            }
            Ok(true) => {
                let labels = lab.data.borrow().as_ref().map(|d| d.test_labels.clone());
                if let (Some(b), Some(labels)) = (builder.take(), labels) {
                    *lab.report.borrow_mut() = Some(b.finish(&labels));
                }
                if let Some(f) = then.take() {
                    f(&lab, Budget::now() - t0);
                }
                lab.render_all();
                false
            }
            Err(e) => {
                lab.error(e);
                false
            }
        }
    });
    anim.play();
    *lab.report_job.borrow_mut() = Some(anim);
}
