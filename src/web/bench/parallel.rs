//! The browser half of the data-parallel spike (issue #17 item 3, `make bench-threads`): a `BenchReplica` is one
//! Web Worker's copy of the network (`nnlab::bench::parallel::Replica`). Each step a worker backprops its part of
//! the batch (`gradient`, a fresh Float32Array it transfers to the page), receives the other workers' gradients
//! and applies Σᵢ (Nᵢ/N)·gᵢ, summed in worker order, so every worker takes the same step (`apply_parts`).

use ndarray::Array2;
use wasm_bindgen::prelude::*;

use crate::activation::Activation;
use crate::bench::parallel::{bench_conv, bench_mlp, combine, set_flat_weights, targets, Replica};
use crate::optim::SgdConfig;

fn js(e: crate::Error) -> JsError {
    JsError::new(&e.to_string())
}

/// One worker's replica and the training data it shares with the others.
#[wasm_bindgen]
pub struct BenchReplica {
    inner: Replica,
    x: Array2<f32>,
    t: Array2<f32>,
    idx: Vec<usize>,
    sum: Vec<f32>,
    loss: f32,
}

#[wasm_bindgen]
impl BenchReplica {
    /// `kind` "mlp" (784-`hidden`-10, `activation`; weights W1, W2) or "cnn" (SimpleConvNet; W1 as 30 × 25, W2,
    /// W3), all flat row-major in `weights` one after another; SGD at `lr`. Biases start at 0.
    #[wasm_bindgen(constructor)]
    pub fn new(
        kind: &str,
        x: &[f32],
        labels: &[u8],
        hidden: usize,
        activation: &str,
        weights: &[f32],
        lr: f32,
    ) -> Result<BenchReplica, JsError> {
        let n = labels.len().max(1);
        if !x.len().is_multiple_of(n) {
            return Err(JsError::new("x is not a whole number of rows"));
        }
        let x = Array2::from_shape_vec((labels.len(), x.len() / n), x.to_vec())
            .map_err(|e| JsError::new(&e.to_string()))?;
        let t = targets(&x, labels).map_err(js)?;
        let net = match kind {
            "mlp" => {
                let act = Activation::from_key(activation, 0.01).map_err(js)?;
                let (i, h) = (x.ncols(), hidden);
                let split = cut(weights, &[i * h, h * 10])?;
                bench_mlp(i, h, act, &split).map_err(js)?
            }
            "cnn" => {
                let split = cut(weights, &[30 * 25, 4320 * 100, 100 * 10])?;
                bench_conv(&split).map_err(js)?
            }
            _ => return Err(JsError::new(&format!("unknown kind {kind}"))),
        };
        let inner = Replica::new(net, SgdConfig { lr }).map_err(js)?;
        let len = inner.grads().len();
        Ok(BenchReplica {
            inner,
            x,
            t,
            idx: Vec::new(),
            sum: vec![0.0; len],
            loss: f32::NAN,
        })
    }

    /// Start again from these weights (flat, one after another as in `new`), biases 0.
    pub fn set_weights(&mut self, weights: &[f32]) -> Result<(), JsError> {
        let lens: Vec<usize> = ["W1", "W2", "W3"]
            .iter()
            .filter_map(|n| self.inner.net().param(n).map(|p| p.len()))
            .collect();
        let split = cut(weights, &lens)?;
        set_flat_weights(self.inner.net_mut(), &split).map_err(js)
    }

    /// Backprop on the training rows `rows`: this part's flat gradient (a copy the worker may transfer). Its
    /// mean loss is `loss()`.
    pub fn gradient(&mut self, rows: &[u32]) -> Result<Vec<f32>, JsError> {
        self.idx.clear();
        self.idx.extend(rows.iter().map(|&r| r as usize));
        self.loss = self
            .inner
            .backprop_rows(&self.x, &self.t, &self.idx)
            .map_err(js)?;
        Ok(self.inner.grads().to_vec())
    }

    /// The mean loss of the last `gradient`'s rows.
    pub fn loss(&self) -> f32 {
        self.loss
    }

    /// One SGD step with Σᵢ weights[i]·gᵢ, summed in worker order i = 0, 1, …: gᵢ is this worker's own last
    /// gradient for i = `me` and otherwise the next block of `others` (the other workers' gradients one after
    /// another, in worker order).
    pub fn apply_parts(
        &mut self,
        me: usize,
        others: &[f32],
        weights: &[f32],
    ) -> Result<(), JsError> {
        let len = self.sum.len();
        if me >= weights.len() || others.len() != len * (weights.len() - 1) {
            return Err(JsError::new(&format!(
                "worker {me} of {}: {} gradient values from the others, want {}",
                weights.len(),
                others.len(),
                len * weights.len().saturating_sub(1)
            )));
        }
        let mut rest = others.chunks_exact(len.max(1));
        let parts: Vec<&[f32]> = (0..weights.len())
            .map(|i| {
                if i == me {
                    self.inner.grads()
                } else {
                    rest.next().unwrap_or(&[])
                }
            })
            .collect();
        combine(&parts, weights, &mut self.sum);
        self.inner.apply(&self.sum).map_err(js)
    }

    /// FNV-1a of every parameter's bits: equal in workers whose replicas stayed identical.
    pub fn params_hash(&mut self) -> u32 {
        self.inner.params_hash()
    }

    /// How many numbers a gradient has.
    pub fn grad_len(&self) -> usize {
        self.sum.len()
    }
}

/// `flat` cut into consecutive pieces of `lens` (refused when the total differs).
fn cut<'a>(flat: &'a [f32], lens: &[usize]) -> Result<Vec<&'a [f32]>, JsError> {
    let total: usize = lens.iter().sum();
    if flat.len() != total {
        return Err(JsError::new(&format!(
            "{} weights, want {total}",
            flat.len()
        )));
    }
    let mut at = 0;
    Ok(lens
        .iter()
        .map(|&l| {
            at += l;
            &flat[at - l..at]
        })
        .collect())
}
