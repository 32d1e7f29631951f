//! The CNN job's batch split across workers (`train::split`, issue #17 item 3): the job's worker starts k − 1
//! helper workers (src/web/cnn/part.rs) running the same module, and each step hands helper i the rows of part
//! i and the current weights, backprops part 0 itself meanwhile, and when every part has answered takes one
//! optimizer step with ∂L/∂W = Σᵢ (Nᵢ/N)·∂Lᵢ/∂W, summed in part order, so the result does not depend on who
//! answered first.
//!
//! Helpers are nested workers (started from this worker, so their messages skip the page). Their answers go to
//! the bootstrap's `nnlabHandle` (www/mnist-worker.js), which hands them to the job as `cnn-grad` messages and
//! restarts the chunk pump; a helper that fails to load or dies becomes a `cnn-part-fail` message, and the job
//! goes on with one worker.

use js_sys::{Array, Float32Array, Function, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::data::mnist::Mnist;
use crate::labs::mnist::remote::pack_weights;
use crate::train::split::{flat_grads, SplitStep};
use crate::train::{health, Trainer};
use crate::web::mnist::worker::{get, now, obj, set, BOOTSTRAP};

/// One helper worker, terminated when dropped.
struct Helper {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Helper {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Hand a message to this worker's own handler (the bootstrap's `nnlabHandle`), as if the page had sent it.
fn deliver(msg: &JsValue) {
    let handle = Reflect::get(&js_sys::global(), &"nnlabHandle".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    if let Some(f) = handle {
        let _ = f.call1(&JsValue::UNDEFINED, msg);
    }
}

fn part_fail(why: &str) -> JsValue {
    let m = obj("cnn-part-fail");
    set(&m, "why", &why.into());
    m.into()
}

/// This worker's logical cores (`navigator.hardwareConcurrency`; 1 when unknown).
pub(crate) fn cores() -> usize {
    Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|n| Reflect::get(&n, &"hardwareConcurrency".into()))
        .ok()
        .and_then(|c| c.as_f64())
        .map_or(1, |c| c.max(1.0) as usize)
}

impl Helper {
    fn start() -> Result<Helper, String> {
        let urls = Reflect::get(&js_sys::global(), &"nnlabUrls".into())
            .map_err(|_| "no module URLs".to_string())?;
        let (js, wasm) = (get(&urls, "js"), get(&urls, "wasm"));
        if js.as_string().is_none() || wasm.as_string().is_none() {
            return Err("no module URLs".into());
        }
        let opts = WorkerOptions::new();
        opts.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(BOOTSTRAP, &opts)
            .map_err(|e| e.as_string().unwrap_or_else(|| "no nested worker".into()))?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
            let d = e.data();
            match get(&d, "t").as_string().as_deref() {
                Some("cnn-grad") => deliver(&d),
                Some("fail") => {
                    deliver(&part_fail(&get(&d, "msg").as_string().unwrap_or_default()))
                }
                _ => {}
            }
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
            e.prevent_default();
            let why = e
                .dyn_ref::<web_sys::ErrorEvent>()
                .map_or("error".to_string(), |e| e.message());
            deliver(&part_fail(&why));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let init = obj("init");
        set(&init, "js", &js);
        set(&init, "wasm", &wasm);
        worker
            .post_message(&init)
            .map_err(|_| "the helper refused its first message".to_string())?;
        Ok(Helper {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

/// k − 1 helpers and the step in progress.
pub(crate) struct Coordinator {
    helpers: Vec<Helper>,
    step: SplitStep,
    own: Vec<f32>,
    /// When the step in progress began (its time is the step's time).
    began: f64,
    /// Why a helper could not be given its part (the job then goes on with one worker).
    broken: Option<String>,
}

impl Coordinator {
    /// Start `k − 1` helpers (k ≥ 2) and give them the run's settings (`link`) and training digits.
    pub fn start(k: usize, link: &str, train: &Mnist) -> Result<Coordinator, String> {
        let helpers = (1..k.max(2))
            .map(|_| Helper::start())
            .collect::<Result<Vec<_>, String>>()?;
        let c = Coordinator {
            helpers,
            step: SplitStep::default(),
            own: Vec::new(),
            began: 0.0,
            broken: None,
        };
        c.init(link, train)?;
        Ok(c)
    }

    /// Workers splitting each batch, this one included.
    pub fn replicas(&self) -> usize {
        self.helpers.len() + 1
    }

    /// (Re)build every helper's network for the settings `link`, on these training digits. A step in progress
    /// is forgotten.
    pub fn init(&self, link: &str, train: &Mnist) -> Result<(), String> {
        for (i, h) in self.helpers.iter().enumerate() {
            let m = obj("cnnpart-init");
            set(&m, "i", &((i + 1) as f64).into());
            set(&m, "cfg", &link.into());
            let tri = Uint8Array::from(&train.pixels[..]);
            let trl = Uint8Array::from(&train.labels[..]);
            set(&m, "tri", &tri);
            set(&m, "trl", &trl);
            h.worker
                .post_message_with_transfer(&m, &Array::of2(&tri.buffer(), &trl.buffer()))
                .map_err(|_| "a helper refused the digits".to_string())?;
        }
        Ok(())
    }

    /// Why a helper could not be given its part in `begin`, if one could not.
    pub fn broken(&self) -> Option<&str> {
        self.broken.as_deref()
    }

    pub fn waiting(&self) -> bool {
        self.step.waiting()
    }

    /// Forget the step in progress (a reset, a load or a race came between); its answers will be dropped.
    pub fn abandon(&mut self) {
        if self.step.waiting() {
            self.step.abandon();
        }
    }

    /// Start the trainer's next step: the helpers get their parts and the weights, part 0 is backpropagated
    /// here meanwhile. An error (this part's loss is not finite) leaves nothing in progress.
    pub fn begin(&mut self, trainer: &mut Trainer) -> crate::Result<()> {
        self.began = now();
        let rows = trainer.next_rows().to_vec();
        let parts = self.step.begin(&rows, self.replicas())?;
        let seq = self.step.seq;
        let w = pack_weights(trainer.net());
        for (h, part) in self.helpers.iter().zip(&parts[1..]) {
            let m = obj("cnnpart-step");
            set(&m, "seq", &seq.into());
            let rows: Vec<u32> = part.iter().map(|&r| r as u32).collect();
            let rows = Uint32Array::from(&rows[..]);
            let w = Float32Array::from(&w[..]);
            set(&m, "rows", &rows);
            set(&m, "w", &w);
            if h.worker
                .post_message_with_transfer(&m, &Array::of2(&rows.buffer(), &w.buffer()))
                .is_err()
            {
                // Not `deliver`: that would re-enter the job, which is running this very call.
                self.broken = Some("a helper refused a step".into());
            }
        }
        let own = trainer.backprop_rows(parts[0]);
        let loss = match own {
            Ok(l) => l,
            Err(e) => {
                self.step.abandon();
                return Err(e);
            }
        };
        flat_grads(trainer.net_mut(), &mut self.own);
        self.step
            .receive(seq, 0, loss, std::mem::take(&mut self.own))?;
        Ok(())
    }

    /// A helper's `cnn-grad` answer. `Ok(None)`: stale, or more parts are due. `Ok(Some((loss, ms)))`: the step is
    /// complete and its update is taken; the batch loss and the step's time. An error (a part whose loss is not
    /// finite, a refusal) leaves nothing in progress and changes no weight.
    pub fn receive(
        &mut self,
        msg: &JsValue,
        trainer: &mut Trainer,
    ) -> crate::Result<Option<(f32, f64)>> {
        let seq = get(msg, "seq").as_f64().unwrap_or(-1.0);
        if seq != self.step.seq as f64 || !self.step.waiting() {
            return Ok(None);
        }
        let i = get(msg, "i").as_f64().unwrap_or(0.0) as usize;
        let loss = get(msg, "loss").as_f64().unwrap_or(f64::NAN) as f32;
        let failed =
            if get(msg, "bad").is_truthy() {
                // The helper's explanation, rebuilt from its loss (a finite loss means the gradient overflowed).
                let grads_ok = !get(msg, "grad").is_truthy();
                Some(health::check_step(loss, grads_ok).err().unwrap_or_else(|| {
                    crate::Error::new("err.not_finite_grad", [loss.to_string()])
                }))
            } else {
                get(msg, "err")
                    .as_string()
                    .map(|why| crate::Error::new("err.split_part", [why]))
            };
        let g = get(msg, "g").dyn_into::<Float32Array>();
        let taken = match (failed, g) {
            (None, Ok(g)) => self.step.receive(self.step.seq, i, loss, g.to_vec()),
            (Some(e), _) => Err(e),
            (None, Err(_)) => Err(crate::Error::new(
                "err.split_part",
                ["cnn-grad without a gradient"],
            )),
        };
        if let Err(e) = taken {
            self.step.abandon();
            return Err(e);
        }
        let Some((loss, g)) = self.step.finish() else {
            return Ok(None);
        };
        trainer.apply_flat(g)?;
        Ok(Some((loss, now() - self.began)))
    }
}
