//! The tanh layer: out = tanh(x); backward dx = dout · (1 − out²).

use ndarray::{Array2, Zip};

use super::{reuse, Layer};

/// Hyperbolic tangent. Keeps its output, because tanh' = 1 − tanh².
#[derive(Clone, Debug, Default)]
pub struct Tanh {
    out: Array2<f32>,
    dx: Array2<f32>,
}

impl Layer for Tanh {
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        let out = reuse(&mut self.out, x.dim());
        Zip::from(out).and(x).for_each(|o, &v| *o = v.tanh());
        &self.out
    }

    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        assert_eq!(self.out.dim(), dout.dim(), "Tanh::backward before forward");
        let dx = reuse(&mut self.dx, dout.dim());
        Zip::from(dx)
            .and(dout)
            .and(&self.out)
            .for_each(|d, &g, &y| *d = g * (1.0 - y * y));
        &self.dx
    }

    fn name(&self) -> &'static str {
        "Tanh"
    }
}
