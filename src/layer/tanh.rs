//! The tanh layer: out = tanh(x); backward dx = dout · (1 − out²).

use ndarray::{Array2, Zip};

use super::Layer;

/// Hyperbolic tangent. Keeps its output, because tanh' = 1 − tanh².
#[derive(Clone, Debug, Default)]
pub struct Tanh {
    out: Option<Array2<f32>>,
}

impl Layer for Tanh {
    fn forward(&mut self, x: &Array2<f32>) -> Array2<f32> {
        let out = x.mapv(f32::tanh);
        self.out = Some(out.clone());
        out
    }

    fn backward(&mut self, dout: &Array2<f32>) -> Array2<f32> {
        let out = self.out.as_ref().expect("Tanh::backward before forward");
        let mut dx = dout.clone();
        Zip::from(&mut dx)
            .and(out)
            .for_each(|d, &y| *d *= 1.0 - y * y);
        dx
    }

    fn name(&self) -> &'static str {
        "Tanh"
    }
}
