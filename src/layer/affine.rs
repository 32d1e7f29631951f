//! The Affine layer: out = x·W + b; backward dx = dout·Wᵀ, dW = xᵀ·dout, db = Σₙ doutₙ (sum over the batch).
//!
//! The bias is fused into the matrix product: out is filled with b row by row and then x·W is added to it
//! (sgemm with β = 1), so the output is written once. All buffers are reused between mini-batches.

use crate::gemm::gemm;
use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix2, Zip};

use super::{reuse, Layer};

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
    out: Array2<f32>,
    dx: Array2<f32>,
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
            out: Array2::zeros((0, 0)),
            dx: Array2::zeros((0, 0)),
        }
    }

    /// The input remembered from the last forward, if any.
    pub fn input(&self) -> Option<&Array2<f32>> {
        self.x.as_ref()
    }

    /// The parameter half of `backward`: dW = xᵀ·dout and db = Σₙ doutₙ, without dx. The network's first
    /// layer needs nothing more (no one wants ∂L/∂x of the data), which saves a third of the step's work.
    pub fn backward_params(&mut self, dout: &Array2<f32>) {
        let x = self.x.take().expect("Affine::backward before forward");
        self.backward_params_with(&x, dout);
        self.x = Some(x);
    }
}

impl Affine {
    /// out = x·W + b without keeping x: for a caller that still holds x at backward time and passes it to
    /// `backward_params_with` (the network's first layer, whose x is the mini-batch itself, 784 wide for MNIST:
    /// this saves copying it every step).
    pub fn forward_keeping_nothing<S: Data<Elem = f32>>(
        &mut self,
        x: &ArrayBase<S, Ix2>,
    ) -> &Array2<f32> {
        let n = x.nrows();
        let out = reuse(&mut self.out, (n, self.W.ncols()));
        Zip::from(out.rows_mut()).for_each(|mut row| {
            match (row.as_slice_mut(), self.b.as_slice()) {
                (Some(dst), Some(b)) => dst.copy_from_slice(b),
                _ => row.assign(&self.b),
            }
        });
        gemm(1.0, x, &self.W, 1.0, out);
        &self.out
    }

    /// dW = xᵀ·dout and db = Σₙ doutₙ for the x given to the last `forward_keeping_nothing`.
    pub fn backward_params_with(&mut self, x: &Array2<f32>, dout: &Array2<f32>) {
        gemm(1.0, &x.t(), dout, 0.0, &mut self.dW);
        self.db.fill(0.0);
        for row in dout.axis_iter(Axis(0)) {
            self.db += &row;
        }
    }
}

impl Layer for Affine {
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        self.forward_keeping_nothing(x);
        // Reuse the stored buffer when the batch size is unchanged (the usual case in training).
        match &mut self.x {
            Some(old) if old.dim() == x.dim() => match (old.as_slice_mut(), x.as_slice()) {
                (Some(dst), Some(src)) => dst.copy_from_slice(src),
                _ => old.assign(x),
            },
            slot => *slot = Some(x.clone()),
        }
        &self.out
    }

    /// An evaluation never goes back: x is not copied.
    fn infer(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        self.forward_keeping_nothing(x)
    }

    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        self.backward_params(dout);
        let dx = reuse(&mut self.dx, (dout.nrows(), self.W.nrows()));
        gemm(1.0, dout, &self.W.t(), 0.0, dx);
        &self.dx
    }

    fn name(&self) -> &'static str {
        "Affine"
    }
}
