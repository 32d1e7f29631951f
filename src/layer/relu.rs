//! The ReLU layer: out = max(0, x); backward passes dout where x > 0 and 0 elsewhere (the book's mask x ≤ 0).

use ndarray::{Array2, Zip};

use super::{reuse, Layer};
use crate::simd;

/// ReLU. The book keeps a mask x ≤ 0; out ≤ 0 is the same set (out = 0 exactly there), so the output
/// serves as the mask and nothing else is stored.
#[derive(Clone, Debug, Default)]
pub struct Relu {
    out: Array2<f32>,
    dx: Array2<f32>,
}

impl Layer for Relu {
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        let out = reuse(&mut self.out, x.dim());
        match (x.as_slice(), out.as_slice_mut()) {
            (Some(x), Some(o)) => simd::relu(x, o),
            _ => Zip::from(out)
                .and(x)
                .for_each(|o, &v| *o = if v <= 0.0 { 0.0 } else { v }),
        }
        &self.out
    }

    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        assert_eq!(self.out.dim(), dout.dim(), "Relu::backward before forward");
        let dx = reuse(&mut self.dx, dout.dim());
        match (self.out.as_slice(), dout.as_slice(), dx.as_slice_mut()) {
            (Some(o), Some(g), Some(d)) => simd::relu_backward(o, g, d),
            _ => Zip::from(dx)
                .and(dout)
                .and(&self.out)
                .for_each(|d, &g, &o| *d = if o <= 0.0 { 0.0 } else { g }),
        }
        &self.dx
    }

    fn name(&self) -> &'static str {
        "Relu"
    }
}
