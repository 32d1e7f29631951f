//! The benchmark's exports for `tests/bench/` (issue #7): a page imports Trunk's `dist/nnlab-*.js` (the app only
//! mounts where `#nnlab-app` exists), builds a `BenchContest` from the same Float32Array data and weights it
//! gives TF.js and ConvNetJS, and times `run`, which calls `Trainer::train_batch` once per step, as the MNIST lab
//! does; `BenchConvContest` does the same for SimpleConvNet (issue #15) through the step the CNN lab trains with.
//! `bench_sgemm` times ndarray's matrix product (matrixmultiply) in the page: the GFLOP/s the training rate is
//! compared to; `bench_gemm` and `bench_use_matrixmultiply` compare our kernel (src/gemm/) with it.

use ndarray::Array2;
use wasm_bindgen::prelude::*;

use crate::activation::Activation;
use crate::bench::{
    flops_per_sample, gflops, recipe_estimate, Contest, ConvContest, ConvStepProducts, Sgemm,
    StepProducts,
};
use crate::web::anim::Budget;

/// `BenchReplica`: one worker's replica in the data-parallel spike (issue #17 item 3, `make bench-threads`).
mod parallel;

fn js(e: crate::Error) -> JsError {
    JsError::new(&e.to_string())
}

/// One nnlab contestant: an in-H-10 network (softmax, cross-entropy, SGD lr 0.1) and its data.
#[wasm_bindgen]
pub struct BenchContest {
    inner: Contest,
}

#[wasm_bindgen]
impl BenchContest {
    /// `x`: N rows of `x.length / N` features (N = `labels.length`); `activation`: "relu", "sigmoid", …;
    /// `w1` (in×H) and `w2` (H×10) flat, row-major. Biases start at 0.
    #[wasm_bindgen(constructor)]
    pub fn new(
        x: &[f32],
        labels: &[u8],
        hidden: usize,
        activation: &str,
        w1: &[f32],
        w2: &[f32],
    ) -> Result<BenchContest, JsError> {
        let x = rows(x, labels)?;
        let act = Activation::from_key(activation, 0.01).map_err(js)?;
        let inner = Contest::new(x, labels, hidden, act, [w1, w2]).map_err(js)?;
        Ok(BenchContest { inner })
    }

    /// Start again from these weights, biases 0.
    pub fn set_weights(&mut self, w1: &[f32], w2: &[f32]) -> Result<(), JsError> {
        self.inner.set_weights([w1, w2]).map_err(js)
    }

    /// `steps` SGD steps, step k on rows `order[k·batch_size ..][..batch_size]`; each step's loss.
    pub fn run(
        &mut self,
        order: &[u32],
        batch_size: usize,
        steps: usize,
    ) -> Result<Vec<f32>, JsError> {
        self.inner.run(order, batch_size, steps).map_err(js)
    }

    /// FLOP of one training sample of this network (see `nnlab::bench`).
    pub fn flops_per_sample(&self) -> f64 {
        let [i, h, o] = self.inner.sizes();
        flops_per_sample(i, h, o)
    }
}

/// `x` as N rows of `x.length / N` values, N = `labels.length` (refused when it does not divide).
fn rows(x: &[f32], labels: &[u8]) -> Result<Array2<f32>, JsError> {
    let n = labels.len().max(1);
    if !x.len().is_multiple_of(n) {
        return Err(JsError::new(&format!(
            "x has {} values, not a multiple of the {} labels",
            x.len(),
            labels.len()
        )));
    }
    Array2::from_shape_vec((labels.len(), x.len() / n), x.to_vec())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// One nnlab SimpleConvNet contestant (the book's defaults, SGD at `lr`, momentum 0) and its data.
#[wasm_bindgen]
pub struct BenchConvContest {
    inner: ConvContest,
}

#[wasm_bindgen]
impl BenchConvContest {
    /// `x`: N digits of 28 × 28 (row-major) in one array; `w1` (30 × 25, the filters FN × C·FH·FW),
    /// `w2` (4320 × 100), `w3` (100 × 10) flat, row-major. Biases start at 0.
    #[wasm_bindgen(constructor)]
    pub fn new(
        x: &[f32],
        labels: &[u8],
        w1: &[f32],
        w2: &[f32],
        w3: &[f32],
        lr: f32,
    ) -> Result<BenchConvContest, JsError> {
        let inner = ConvContest::new(rows(x, labels)?, labels, [w1, w2, w3], lr).map_err(js)?;
        Ok(BenchConvContest { inner })
    }

    /// Start again from these weights, biases 0.
    pub fn set_weights(&mut self, w1: &[f32], w2: &[f32], w3: &[f32]) -> Result<(), JsError> {
        self.inner.set_weights([w1, w2, w3]).map_err(js)
    }

    /// `steps` SGD steps, step k on rows `order[k·batch_size ..][..batch_size]`; each step's loss.
    pub fn run(
        &mut self,
        order: &[u32],
        batch_size: usize,
        steps: usize,
    ) -> Result<Vec<f32>, JsError> {
        self.inner.run(order, batch_size, steps).map_err(js)
    }

    /// Useful FLOP of one training sample (see `nnlab::bench::conv`): 4,326,000.
    pub fn flops_per_sample(&self) -> f64 {
        self.inner.flops_per_sample()
    }

    /// The book's recipe in the CNN lab (20 epochs on 8,000 digits) at `ms_per_step`: [steps, seconds].
    pub fn recipe_estimate(ms_per_step: f64) -> Result<Vec<f64>, JsError> {
        let (steps, secs) = recipe_estimate(ms_per_step).map_err(js)?;
        Ok(vec![steps, secs])
    }
}

/// GFLOP/s of `reps` n×n·n×n products (after one untimed), timed together with `performance.now()`.
#[wasm_bindgen]
pub fn bench_sgemm(n: usize, reps: u32) -> f64 {
    let mut s = Sgemm::new(n);
    gflops(s.flops(), reps, Budget::now, || s.run())
}

/// GFLOP/s of the five matrix products of one training step of in-`hidden`-10 at batch 100 alone (see
/// `StepProducts`), `reps` steps' worth after one untimed: the kernel's share of a step.
#[wasm_bindgen]
pub fn bench_step_products(input: usize, hidden: usize, reps: u32) -> f64 {
    let mut p = StepProducts::new(input, hidden, 10, 100);
    gflops(p.flops(), reps, Budget::now, || p.run())
}

/// GFLOP/s of the matrix products of one SimpleConvNet step at batch 100 alone (see `ConvStepProducts`), `reps`
/// steps' worth after one untimed: the kernel's share of a conv step.
#[wasm_bindgen]
pub fn bench_conv_products(reps: u32) -> f64 {
    let mut p = ConvStepProducts::new(100);
    gflops(p.flops(), reps, Budget::now, || p.run())
}

/// GFLOP/s of `reps` products C (m×n) ← A (m×k) · B (k×n) after one untimed, A and/or B stored transposed
/// (the views backprop passes), through our kernel (`ours`) or matrixmultiply: `tests/bench/kernel.mjs`.
#[wasm_bindgen]
pub fn bench_gemm(
    ours: bool,
    m: usize,
    k: usize,
    n: usize,
    a_t: bool,
    b_t: bool,
    reps: u32,
) -> f64 {
    let mut s = Sgemm::shaped(m, k, n, a_t, b_t).use_ours(ours);
    gflops(s.flops(), reps, Budget::now, || s.run())
}

/// Route every product of the engine (the layers, the products benches) through matrixmultiply (`true`) or
/// our kernel (`false`, the default): one page can then time the same training step both ways.
#[wasm_bindgen]
pub fn bench_use_matrixmultiply(on: bool) {
    crate::gemm::bench_use_matrixmultiply(on);
}
