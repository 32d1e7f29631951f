//! The sigmoid layer: out = σ(x) = 1/(1 + e⁻ˣ); backward dx = dout · out · (1 − out), from the output alone.

use ndarray::{Array2, Zip};

use super::{reuse, Layer};
use crate::activation::sigmoid;

/// Sigmoid. Keeps its output, because σ' = σ(1 − σ) needs nothing else (the book's `self.out`).
#[derive(Clone, Debug, Default)]
pub struct Sigmoid {
    out: Array2<f32>,
    dx: Array2<f32>,
}

impl Layer for Sigmoid {
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        let out = reuse(&mut self.out, x.dim());
        Zip::from(out).and(x).for_each(|o, &v| *o = sigmoid(v));
        &self.out
    }

    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        assert_eq!(
            self.out.dim(),
            dout.dim(),
            "Sigmoid::backward before forward"
        );
        let dx = reuse(&mut self.dx, dout.dim());
        Zip::from(dx)
            .and(dout)
            .and(&self.out)
            .for_each(|d, &g, &y| *d = g * y * (1.0 - y));
        &self.dx
    }

    fn name(&self) -> &'static str {
        "Sigmoid"
    }
}
