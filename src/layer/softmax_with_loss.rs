//! Softmax with cross-entropy loss: y = softmax(x), L = −(1/N) Σₙ Σₖ tₙₖ log(yₙₖ + δ); backward dx = (y − t)/N.
//!
//! Fusing the two layers is what makes the gradient this simple: the softmax Jacobian and the log cancel.

use ndarray::Array2;

use super::{reuse, y_minus_t_over_n, LossLayer};
use crate::activation::softmax_into;
use crate::loss::cross_entropy_batch;

/// The book's `SoftmaxWithLoss`: keeps y and t for `backward`.
#[derive(Clone, Debug, Default)]
pub struct SoftmaxWithLoss {
    pub loss: f32,
    y: Array2<f32>,
    t: Array2<f32>,
    dx: Array2<f32>,
}

impl LossLayer for SoftmaxWithLoss {
    fn forward(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> f32 {
        softmax_into(x.view(), reuse(&mut self.y, x.dim()));
        reuse(&mut self.t, t.dim()).assign(t);
        self.loss = cross_entropy_batch(self.y.view(), t.view());
        self.loss
    }

    fn backward(&mut self, dout: f32) -> &Array2<f32> {
        y_minus_t_over_n(&self.y, &self.t, dout, &mut self.dx)
    }

    fn output(&self) -> &Array2<f32> {
        &self.y
    }
}
