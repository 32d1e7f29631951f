//! A helper worker of the CNN lab's batch split (`train::split`): it holds a copy of SimpleConvNet and the
//! training digits, and for each step backprops the rows it is given with the weights it is given, returning
//! that part's loss and flat gradient ∂Lᵢ/∂W. The coordinator (src/web/cnn/job/coordinator.rs) sums the parts
//! and takes the optimizer step.
//!
//! Messages (coordinator → helper): `cnnpart-init` {i: its part index, cfg: the settings as a link, tri, trl:
//! Uint8Array, the training pixels and labels}, `cnnpart-step` {seq, rows: Uint32Array, w: Float32Array, the
//! weights packed W1, b1, …}. Helper → coordinator: `cnn-grad` {seq, i, loss, g: Float32Array (transferred)}, or
//! {seq, i, loss, bad: true} when the loss or gradient is not finite, or {seq, i, err} for any other refusal.

use js_sys::{Array, Float32Array, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::data::mnist::Mnist;
use crate::labs::cnn::train_config::CnnTrainConfig;
use crate::labs::mnist::remote::unpack_weights;
use crate::train::split::Part;
use crate::urlstate::Route;
use crate::web::job_worker::{self, Job};
use crate::web::mnist::worker::{get, set};

/// The helper's message prefix in `JOBS`.
pub(crate) const PREFIX: &str = "cnnpart-";

struct PartJob {
    part: Option<Part>,
    index: usize,
}

/// The worker's job (registered in `JOBS`).
pub(crate) fn make() -> Box<dyn Job> {
    Box::new(PartJob {
        part: None,
        index: 0,
    })
}

fn bytes(msg: &JsValue, key: &str) -> Result<Vec<u8>, String> {
    get(msg, key)
        .dyn_into::<Uint8Array>()
        .map(|a| a.to_vec())
        .map_err(|_| format!("cnnpart-init: no {key}"))
}

impl PartJob {
    fn init(&mut self, msg: &JsValue) -> Result<(), String> {
        self.index = get(msg, "i").as_f64().unwrap_or(0.0) as usize;
        let cfg = CnnTrainConfig::read(&Route::parse(
            &get(msg, "cfg").as_string().unwrap_or_default(),
        ));
        let train = Mnist {
            pixels: bytes(msg, "tri")?,
            labels: bytes(msg, "trl")?,
        };
        if train.labels.is_empty() || train.pixels.len() != train.labels.len() * 784 {
            return Err("cnnpart-init: pixels and labels do not agree".into());
        }
        let net = cfg.conv_config().build().map_err(|e| e.to_string())?;
        self.part =
            Some(Part::new(net, train.x(true), train.t_one_hot()).map_err(|e| e.to_string())?);
        Ok(())
    }

    fn step(&mut self, msg: &JsValue) -> Result<(), String> {
        let seq = get(msg, "seq");
        let answer = job_worker::message_of("cnn-grad");
        set(&answer, "seq", &seq);
        set(&answer, "i", &(self.index as f64).into());
        let part = self
            .part
            .as_mut()
            .ok_or("cnnpart-step before cnnpart-init")?;
        let rows: Vec<usize> = get(msg, "rows")
            .dyn_into::<Uint32Array>()
            .map_err(|_| "cnnpart-step: no rows")?
            .to_vec()
            .into_iter()
            .map(|r| r as usize)
            .collect();
        let w = get(msg, "w")
            .dyn_into::<Float32Array>()
            .map_err(|_| "cnnpart-step: no weights")?;
        let r = unpack_weights(part.net_mut(), &w.to_vec()).and_then(|_| part.backprop(&rows));
        let transfer = Array::new();
        match r {
            Ok(loss) => {
                set(&answer, "loss", &(loss as f64).into());
                let g = Float32Array::from(part.grads());
                set(&answer, "g", &g);
                transfer.push(&g.buffer());
            }
            Err(e) if e.key == "err.not_finite_loss" || e.key == "err.not_finite_grad" => {
                // The coordinator rebuilds the same explanation from the loss (`health::check_step`).
                let loss = e
                    .args
                    .first()
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(f64::NAN);
                set(&answer, "loss", &loss.into());
                set(&answer, "bad", &true.into());
                set(&answer, "grad", &(e.key == "err.not_finite_grad").into());
            }
            Err(e) => set(&answer, "err", &e.to_string().into()),
        }
        job_worker::post_to_page(&answer, &transfer);
        Ok(())
    }
}

impl Job for PartJob {
    fn message(&mut self, kind: &str, msg: &JsValue) -> Result<bool, String> {
        match kind {
            "cnnpart-init" => self.init(msg)?,
            "cnnpart-step" => self.step(msg)?,
            other => return Err(format!("unknown message {other}")),
        }
        Ok(false)
    }

    fn chunk(&mut self, _budget_ms: f64) -> bool {
        false
    }
}
