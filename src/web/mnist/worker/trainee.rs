//! Inside the training worker: the data and the session, trained in chunks of about `CHUNK_MS` when running,
//! with progress posted to the page after each chunk (and the weights every `WEIGHTS_EVERY_MS` and whenever the
//! run stops). `mnist_worker_message` and `mnist_worker_chunk` are called by www/mnist-worker.js.

use std::cell::RefCell;

use js_sys::{Array, Float32Array, Float64Array, Object, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::DedicatedWorkerGlobalScope;

use super::{get, now, obj, set};
use crate::data::mnist::Mnist;
use crate::labs::mnist::remote::{self, Outbox, RunState};
use crate::labs::mnist::session::{Data, Session};
use crate::web::mnist::EVAL_LIMIT;

/// Train this long between messages: long enough that messaging costs little, short enough that a pause
/// gets through quickly and the charts move smoothly.
const CHUNK_MS: f64 = 40.0;
/// Send the weights (for the analysis and draw panels) at most this often while running.
const WEIGHTS_EVERY_MS: f64 = 500.0;

#[derive(Default)]
struct Trainee {
    data: Option<Data>,
    session: Option<Session>,
    gen: u32,
    running: bool,
    /// A chunk is scheduled (the bootstrap's MessageChannel loop is live).
    pumping: bool,
    ms_per_batch: f64,
    last_weights: f64,
    outbox: Outbox,
    /// Since the last `run`: when it came, and the time spent in steps and in epoch-end steps.
    run_start: f64,
    in_steps: f64,
    in_epoch_ends: f64,
    /// A weights buffer the page has sent back for reuse.
    spare_w: Option<Float32Array>,
}

thread_local! {
    static TRAINEE: RefCell<Trainee> = RefCell::new(Trainee::default());
}

pub(crate) fn post_to_page(msg: &Object, transfer: &Array) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    if let Err(e) = scope.post_message_with_transfer(msg, transfer) {
        web_sys::console::error_2(&"mnist worker: post failed".into(), &e);
    }
}

fn fail(msg: &str) {
    let m = obj("fail");
    set(&m, "msg", &msg.into());
    post_to_page(&m, &Array::new());
}

impl Trainee {
    /// Post what happened since the last message; with the weights when asked or when they are due.
    fn report(&mut self, state: RunState, bad_loss: f32, weights: bool) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let mut p = self
            .outbox
            .take(self.gen, s.iteration(), state, self.ms_per_batch);
        p.bad_loss = bad_loss;
        let wall = now() - self.run_start;
        if self.run_start > 0.0 && wall > 0.0 {
            p.busy = self.in_steps / wall;
            p.eval_share = self.in_epoch_ends / wall;
        }
        let msg = obj("progress");
        let a = Float64Array::from(p.encode().as_slice());
        set(&msg, "p", &a);
        let transfer = Array::of1(&a.buffer());
        let t = now();
        if weights || t - self.last_weights >= WEIGHTS_EVERY_MS {
            self.last_weights = t;
            let packed = remote::pack_weights(s.trainer.net());
            // The page sends each weights buffer back once it has read it (`wbuf`): refilled, not reallocated,
            // so a long run does not leave 300 KB of garbage every half second in both memories.
            let w = match self.spare_w.take() {
                Some(a) if a.length() as usize == packed.len() => {
                    a.copy_from(&packed);
                    a
                }
                _ => Float32Array::from(packed.as_slice()),
            };
            set(&msg, "w", &w);
            transfer.push(&w.buffer());
        }
        post_to_page(&msg, &transfer);
    }

    /// Train for up to `budget_ms` (at least one step). Returns whether to keep running.
    fn train(&mut self, budget_ms: f64) -> bool {
        let t0 = now();
        let mut bad = None;
        let Some(s) = self.session.as_mut() else {
            return false;
        };
        loop {
            // A Step click may go past the planned iterations, as on the page.
            if s.is_done() && self.running {
                break;
            }
            let ts = now();
            match s.step() {
                Ok(info) => {
                    self.outbox.record(&info);
                    let ms = now() - ts;
                    self.in_steps += ms;
                    // Epoch-end steps also evaluate accuracy: keep them out of the per-batch time.
                    if info.epoch_end.is_some() {
                        self.in_epoch_ends += ms;
                    } else {
                        let old = self.ms_per_batch;
                        self.ms_per_batch = if old == 0.0 { ms } else { 0.9 * old + 0.1 * ms };
                    }
                }
                Err(e) => {
                    bad = Some(
                        e.args
                            .first()
                            .and_then(|a| a.parse().ok())
                            .unwrap_or(f32::NAN),
                    );
                    break;
                }
            }
            if now() - t0 >= budget_ms {
                break;
            }
        }
        let done = s.is_done();
        let state = match (bad, done) {
            (Some(_), _) => RunState::Diverged,
            (None, true) => RunState::Done,
            (None, false) if self.running => RunState::Running,
            _ => RunState::Paused,
        };
        if state != RunState::Running {
            self.running = false;
        }
        self.report(state, bad.unwrap_or(f32::NAN), state != RunState::Running);
        self.running
    }

    fn message(&mut self, msg: &JsValue) -> Result<bool, String> {
        match get(msg, "t").as_string().as_deref() {
            Some("data") => {
                let bytes = |k: &str| {
                    get(msg, k)
                        .dyn_into::<Uint8Array>()
                        .map(|a| a.to_vec())
                        .map_err(|_| format!("data: no {k}"))
                };
                let train = Mnist {
                    pixels: bytes("tri")?,
                    labels: bytes("trl")?,
                };
                let test = Mnist {
                    pixels: bytes("tei")?,
                    labels: bytes("tel")?,
                };
                for m in [&train, &test] {
                    if m.labels.is_empty() || m.pixels.len() != m.labels.len() * 784 {
                        return Err("data: pixels and labels do not agree".into());
                    }
                }
                self.data = Some(Data::new(train, test));
                Ok(false)
            }
            Some("reset") => {
                self.running = false;
                self.outbox.clear();
                self.session = None;
                self.gen = get(msg, "gen").as_f64().unwrap_or(0.0) as u32;
                let cfg =
                    remote::config_from_text(&get(msg, "cfg").as_string().unwrap_or_default());
                let data = self.data.as_ref().ok_or("reset before data")?;
                let net = crate::data::netdesc::from_text(
                    &get(msg, "net").as_string().unwrap_or_default(),
                )
                .and_then(|c| c.build())
                .map_err(|e| e.to_string())?;
                let mut s =
                    Session::with_net(net, &cfg, data, EVAL_LIMIT).map_err(|e| e.to_string())?;
                let w = get(msg, "w")
                    .dyn_into::<Float32Array>()
                    .map_err(|_| "reset: no weights")?;
                remote::unpack_weights(s.trainer.net_mut(), &w.to_vec())
                    .map_err(|e| e.to_string())?;
                self.session = Some(s);
                self.ms_per_batch = 0.0;
                self.last_weights = now();
                Ok(false)
            }
            Some("run") => {
                if self.session.is_none() {
                    return Ok(false);
                }
                if !self.running {
                    (self.run_start, self.in_steps, self.in_epoch_ends) = (now(), 0.0, 0.0);
                }
                self.running = true;
                Ok(true)
            }
            Some("pause") => {
                if self.running {
                    self.running = false;
                    self.report(RunState::Paused, f32::NAN, true);
                }
                Ok(false)
            }
            Some("step") => {
                if !self.running && self.session.is_some() {
                    // One step (an epoch end costs more than `budget_ms` 0 anyway).
                    self.train(0.0);
                }
                Ok(false)
            }
            Some("wbuf") => {
                self.spare_w = get(msg, "w").dyn_into::<Float32Array>().ok();
                Ok(false)
            }
            // A short-lived parse worker (parse.rs) gets only these.
            Some(kind @ ("parse-idx" | "parse-weights" | "parse-cnn")) => {
                super::parser::handle(kind, msg);
                Ok(false)
            }
            // Another lab's long run (src/web/job_worker.rs).
            Some(kind) if crate::web::job_worker::owns(kind) => {
                crate::web::job_worker::message(kind, msg)
            }
            other => Err(format!("unknown message {other:?}")),
        }
    }
}

/// The worker's entry for each message from the page. Returns true when the bootstrap should start calling
/// `mnist_worker_chunk` (training or a job began and no chunk loop is live yet).
#[cfg_attr(feature = "full", wasm_bindgen)]
pub fn mnist_worker_message(msg: JsValue) -> bool {
    let r = TRAINEE.with(|t| t.borrow_mut().message(&msg));
    match r {
        Ok(wants) => TRAINEE.with(|t| {
            let mut t = t.borrow_mut();
            let start = wants && !t.pumping;
            t.pumping |= start;
            start
        }),
        Err(why) => {
            fail(&why);
            false
        }
    }
}

/// One chunk of training (or of another lab's job). Returns whether the bootstrap should schedule another.
#[cfg_attr(feature = "full", wasm_bindgen)]
pub fn mnist_worker_chunk() -> bool {
    let running = TRAINEE.with(|t| t.borrow().running);
    let go_on = if running {
        TRAINEE.with(|t| {
            let mut t = t.borrow_mut();
            t.running && t.train(CHUNK_MS)
        })
    } else {
        crate::web::job_worker::chunk(CHUNK_MS)
    };
    TRAINEE.with(|t| t.borrow_mut().pumping = go_on);
    go_on
}
