//! The leaky ReLU layer: out = x for x > 0 and a·x otherwise; backward multiplies dout by 1 or a.

use ndarray::{Array2, Zip};

use super::Layer;

/// Leaky ReLU with slope `a` for x ≤ 0. `mask` is true where x ≤ 0.
#[derive(Clone, Debug)]
pub struct LeakyRelu {
    pub a: f32,
    mask: Option<Array2<bool>>,
}

impl LeakyRelu {
    pub fn new(a: f32) -> LeakyRelu {
        LeakyRelu { a, mask: None }
    }
}

impl Layer for LeakyRelu {
    fn forward(&mut self, x: &Array2<f32>) -> Array2<f32> {
        self.mask = Some(x.mapv(|v| v <= 0.0));
        let a = self.a;
        x.mapv(|v| if v <= 0.0 { a * v } else { v })
    }

    fn backward(&mut self, dout: &Array2<f32>) -> Array2<f32> {
        let mask = self
            .mask
            .as_ref()
            .expect("LeakyRelu::backward before forward");
        let a = self.a;
        let mut dx = dout.clone();
        Zip::from(&mut dx).and(mask).for_each(|d, &m| {
            if m {
                *d *= a
            }
        });
        dx
    }

    fn name(&self) -> &'static str {
        "LeakyRelu"
    }
}
