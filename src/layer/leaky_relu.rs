//! The leaky ReLU layer: out = x for x > 0 and a·x otherwise; backward multiplies dout by 1 or a.

use ndarray::{Array2, Zip};

use super::{reuse, Layer};

/// Leaky ReLU with slope `a` for x ≤ 0. `mask` is true where x ≤ 0.
#[derive(Clone, Debug)]
pub struct LeakyRelu {
    pub a: f32,
    mask: Array2<bool>,
    out: Array2<f32>,
    dx: Array2<f32>,
}

impl LeakyRelu {
    pub fn new(a: f32) -> LeakyRelu {
        LeakyRelu {
            a,
            mask: Array2::default((0, 0)),
            out: Array2::zeros((0, 0)),
            dx: Array2::zeros((0, 0)),
        }
    }
}

impl Layer for LeakyRelu {
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        let a = self.a;
        let mask = reuse(&mut self.mask, x.dim());
        let out = reuse(&mut self.out, x.dim());
        Zip::from(out).and(mask).and(x).for_each(|o, m, &v| {
            *m = v <= 0.0;
            *o = if *m { a * v } else { v };
        });
        &self.out
    }

    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        assert_eq!(
            self.mask.dim(),
            dout.dim(),
            "LeakyRelu::backward before forward"
        );
        let a = self.a;
        let dx = reuse(&mut self.dx, dout.dim());
        Zip::from(dx)
            .and(dout)
            .and(&self.mask)
            .for_each(|d, &g, &m| *d = if m { a * g } else { g });
        &self.dx
    }

    fn name(&self) -> &'static str {
        "LeakyRelu"
    }
}
