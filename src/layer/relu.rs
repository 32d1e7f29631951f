//! The ReLU layer: out = max(0, x); backward passes dout where x > 0 and 0 elsewhere (the book's mask x ≤ 0).

use ndarray::{Array2, Zip};

use super::Layer;

/// ReLU. `mask` is true where x ≤ 0, i.e. where the gradient is blocked.
#[derive(Clone, Debug, Default)]
pub struct Relu {
    mask: Option<Array2<bool>>,
}

impl Layer for Relu {
    fn forward(&mut self, x: &Array2<f32>) -> Array2<f32> {
        self.mask = Some(x.mapv(|v| v <= 0.0));
        x.mapv(|v| if v <= 0.0 { 0.0 } else { v })
    }

    fn backward(&mut self, dout: &Array2<f32>) -> Array2<f32> {
        let mask = self.mask.as_ref().expect("Relu::backward before forward");
        let mut dx = dout.clone();
        Zip::from(&mut dx).and(mask).for_each(|d, &m| {
            if m {
                *d = 0.0
            }
        });
        dx
    }

    fn name(&self) -> &'static str {
        "Relu"
    }
}
