//! The CNN job's side of the batch split (`coordinator`): when a new run splits and among how many workers, one
//! split step begun, a helper's answer taken (∂L/∂W = Σᵢ (Nᵢ/N)·∂Lᵢ/∂W, then the optimizer step and the step's
//! bookkeeping), and a failed helper turned into one worker going on.

use wasm_bindgen::prelude::*;

use super::coordinator::{self, Coordinator};
use super::CnnJob;
use crate::labs::cnn::train_config::CnnTrainConfig;
use crate::labs::mnist::remote::RunState;
use crate::web::mnist::worker::now;

impl CnnJob {
    /// Split the new run's batches among k workers when the settings ask for k ≥ 2 and this is a worker: start
    /// the helpers, or reuse them (with the new settings). A failure leaves one worker and says so.
    pub(super) fn plan_split(&mut self, cfg: &CnnTrainConfig) {
        let (Some(run), Some(data)) = (self.run.as_ref(), self.data.as_ref()) else {
            return;
        };
        let splittable = crate::train::split::split_blocker(run.trainer.net()).is_none();
        let k = if self.in_worker && splittable {
            cfg.replicas(coordinator::cores())
        } else {
            1
        };
        self.wanted = k;
        if k < 2 {
            self.split = None;
            return;
        }
        let r = if let Some(c) = self.split.as_ref().filter(|c| c.replicas() == k) {
            c.init(&self.link, &data.train)
        } else {
            self.split = None;
            Coordinator::start(k, &self.link, &data.train).map(|c| self.split = Some(c))
        };
        if let Err(why) = r {
            web_sys::console::warn_1(&format!("cnn: one worker ({why})").into());
            self.split = None;
        }
    }

    /// Forget a split step in progress (a reset, a load or a race came between).
    pub(super) fn abandon_split(&mut self) {
        if let Some(c) = self.split.as_mut() {
            c.abandon();
        }
    }

    /// Start one split step (nothing while one is in progress, or when a running run is done).
    pub(super) fn split_begin(&mut self) -> bool {
        let (Some(run), Some(c)) = (self.run.as_mut(), self.split.as_mut()) else {
            return false;
        };
        if c.waiting() {
            return false;
        }
        if run.is_done() && self.running {
            return self.settle(false, true);
        }
        if let Err(e) = c.begin(&mut run.trainer) {
            run.diverged = Some(e);
            return self.settle(true, true);
        }
        if let Some(why) = c.broken().map(str::to_string) {
            c.abandon();
            return self.split_failed(&why);
        }
        // The answers call `split_answer`, which starts the next step while running.
        false
    }

    /// A helper's answer to the step in progress. Whether to go on (the pump then starts the next step).
    pub(super) fn split_answer(&mut self, msg: &JsValue) -> bool {
        let (Some(run), Some(c)) = (self.run.as_mut(), self.split.as_mut()) else {
            return false;
        };
        let r = c
            .receive(msg, &mut run.trainer)
            .and_then(|done| match done {
                Some((loss, ms)) => run.trainer.finish_step(loss).map(|i| Some((i, ms))),
                None => Ok(None),
            });
        match r {
            Ok(None) => false,
            Ok(Some((info, ms))) => {
                if info.epoch_end.is_none() {
                    let old = self.ms_per_step;
                    self.ms_per_step = if old == 0.0 { ms } else { 0.9 * old + 0.1 * ms };
                }
                // Reports every 100 ms at most while running (a step can be far shorter than a frame).
                let due = now() - self.last_report >= 100.0;
                self.settle(false, due)
            }
            Err(e) => {
                run.diverged = Some(e);
                self.settle(true, true)
            }
        }
    }

    /// A helper failed: go on with one worker (the step in progress is taken again whole; the trainer did not
    /// advance), and say so in the progress.
    pub(super) fn split_failed(&mut self, why: &str) -> bool {
        if self.split.take().is_none() {
            return false;
        }
        web_sys::console::warn_1(
            &format!("cnn: a helper failed, one worker goes on ({why})").into(),
        );
        self.report(
            if self.running {
                RunState::Running
            } else {
                RunState::Paused
            },
            false,
        );
        self.running
    }
}
