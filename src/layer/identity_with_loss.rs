//! Identity output with the sum-of-squares loss, for regression: y = x, L = (1/N) Σₙ ½ Σₖ (yₙₖ − tₙₖ)²
//! (the book's SSE averaged over the mini-batch); backward dx = (y − t)/N.
//!
//! The ½ is there so that the gradient is exactly (y − t)/N, the same form as softmax with cross entropy.
//! Mean squared error over all elements is this loss times 2/K (K outputs); see `loss::mse_batch`.

use ndarray::Array2;

use super::{reuse, y_minus_t_over_n, LossLayer};
use crate::loss::sse_batch;

/// Identity output fused with SSE: keeps y and t for `backward`.
#[derive(Clone, Debug, Default)]
pub struct IdentityWithLoss {
    pub loss: f32,
    y: Array2<f32>,
    t: Array2<f32>,
    dx: Array2<f32>,
}

impl LossLayer for IdentityWithLoss {
    fn forward(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> f32 {
        reuse(&mut self.y, x.dim()).assign(x);
        reuse(&mut self.t, t.dim()).assign(t);
        self.loss = sse_batch(self.y.view(), t.view());
        self.loss
    }

    fn backward(&mut self, dout: f32) -> &Array2<f32> {
        y_minus_t_over_n(&self.y, &self.t, dout, &mut self.dx)
    }

    fn output(&self) -> &Array2<f32> {
        &self.y
    }
}
