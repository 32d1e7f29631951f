//! Sigmoid with binary cross-entropy loss, for two-class outputs: y = σ(x),
//! L = −(1/N) Σₙ Σₖ [t log(y + δ) + (1 − t) log(1 − y + δ)]; backward dx = (y − t)/N.
//!
//! As with softmax, σ' = y(1 − y) cancels against the log's 1/y and 1/(1 − y). (The δ = 1e-7 inside the log
//! shifts the exact derivative by a relative ~δ/y, which the gradient ignores, as the book does.)

use ndarray::{Array2, Zip};

use super::{reuse, y_minus_t_over_n, LossLayer};
use crate::activation::sigmoid;
use crate::loss::binary_cross_entropy_batch;

/// Sigmoid output fused with binary cross-entropy: keeps y and t for `backward`.
#[derive(Clone, Debug, Default)]
pub struct SigmoidWithLoss {
    pub loss: f32,
    y: Array2<f32>,
    t: Array2<f32>,
    dx: Array2<f32>,
}

impl LossLayer for SigmoidWithLoss {
    fn forward(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> f32 {
        Zip::from(reuse(&mut self.y, x.dim()))
            .and(x)
            .for_each(|y, &v| *y = sigmoid(v));
        reuse(&mut self.t, t.dim()).assign(t);
        self.loss = binary_cross_entropy_batch(self.y.view(), t.view());
        self.loss
    }

    fn backward(&mut self, dout: f32) -> &Array2<f32> {
        y_minus_t_over_n(&self.y, &self.t, dout, &mut self.dx)
    }

    fn output(&self) -> &Array2<f32> {
        &self.y
    }
}
