//! The sigmoid layer: out = σ(x) = 1/(1 + e⁻ˣ); backward dx = dout · out · (1 − out), from the output alone.

use ndarray::{Array2, Zip};

use super::Layer;
use crate::activation::sigmoid;

/// Sigmoid. Keeps its output, because σ' = σ(1 − σ) needs nothing else (the book's `self.out`).
#[derive(Clone, Debug, Default)]
pub struct Sigmoid {
    out: Option<Array2<f32>>,
}

impl Layer for Sigmoid {
    fn forward(&mut self, x: &Array2<f32>) -> Array2<f32> {
        let out = x.mapv(sigmoid);
        self.out = Some(out.clone());
        out
    }

    fn backward(&mut self, dout: &Array2<f32>) -> Array2<f32> {
        let out = self.out.as_ref().expect("Sigmoid::backward before forward");
        let mut dx = dout.clone();
        Zip::from(&mut dx)
            .and(out)
            .for_each(|d, &y| *d *= y * (1.0 - y));
        dx
    }

    fn name(&self) -> &'static str {
        "Sigmoid"
    }
}
