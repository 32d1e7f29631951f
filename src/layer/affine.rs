//! The Affine layer: out = x·W + b; backward dx = dout·Wᵀ, dW = xᵀ·dout, db = Σₙ doutₙ (sum over the batch).

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, Axis};

use super::Layer;

/// A fully connected layer with weights `W` (in × out, the book's shape) and bias `b` (out).
/// After `backward`, `dW` and `db` hold the gradients of the last mini-batch.
#[allow(non_snake_case)]
#[derive(Clone, Debug)]
pub struct Affine {
    pub W: Array2<f32>,
    pub b: Array1<f32>,
    pub dW: Array2<f32>,
    pub db: Array1<f32>,
    /// The input of the last forward (z of the previous layer): dW needs it.
    x: Option<Array2<f32>>,
}

impl Affine {
    /// A layer with the given weights and bias (`W.ncols()` must equal `b.len()`).
    #[allow(non_snake_case)]
    pub fn new(W: Array2<f32>, b: Array1<f32>) -> Affine {
        assert_eq!(W.ncols(), b.len(), "W is in × out and b has out entries");
        let dW = Array2::zeros(W.raw_dim());
        let db = Array1::zeros(b.raw_dim());
        Affine {
            W,
            b,
            dW,
            db,
            x: None,
        }
    }

    /// The input remembered from the last forward, if any.
    pub fn input(&self) -> Option<&Array2<f32>> {
        self.x.as_ref()
    }
}

impl Layer for Affine {
    fn forward(&mut self, x: &Array2<f32>) -> Array2<f32> {
        let out = x.dot(&self.W) + &self.b;
        // Reuse the stored buffer when the batch size is unchanged (the usual case in training).
        match &mut self.x {
            Some(old) if old.dim() == x.dim() => old.assign(x),
            slot => *slot = Some(x.clone()),
        }
        out
    }

    fn backward(&mut self, dout: &Array2<f32>) -> Array2<f32> {
        let x = self.x.as_ref().expect("Affine::backward before forward");
        let dx = dout.dot(&self.W.t());
        // dW = xᵀ·dout written straight into the existing buffer.
        general_mat_mul(1.0, &x.t(), dout, 0.0, &mut self.dW);
        self.db = dout.sum_axis(Axis(0));
        dx
    }

    fn name(&self) -> &'static str {
        "Affine"
    }
}
