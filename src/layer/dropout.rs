//! The Dropout layer, in the book's (non-inverted) form: in training out = x ⊙ mask, where each unit is kept
//! when u > dropout_ratio (u uniform); in evaluation out = x · (1 − dropout_ratio), the expected value.
//! Backward: dx = dout ⊙ mask in training, dout · (1 − dropout_ratio) in evaluation.
//!
//! We follow the book rather than "inverted dropout" (dividing by 1 − ratio while training) so that the numbers
//! match the book's `Dropout` class. Both give the same expected output; only where the scaling happens differs.

use ndarray::{Array2, Zip};

use super::{reuse, Layer};
use crate::rng::Rng;

/// Dropout with its own seeded `Rng`, so masks are reproducible. Starts in training mode.
#[derive(Clone, Debug)]
pub struct Dropout {
    pub dropout_ratio: f32,
    train: bool,
    rng: Rng,
    /// true where the unit was kept in the last training forward (empty before the first one).
    mask: Array2<bool>,
    out: Array2<f32>,
    dx: Array2<f32>,
}

impl Dropout {
    /// `dropout_ratio` in [0, 1) is the probability of dropping a unit (checked by `NetConfig`).
    pub fn new(dropout_ratio: f32, seed: u64) -> Dropout {
        Dropout {
            dropout_ratio,
            train: true,
            rng: Rng::new(seed),
            mask: Array2::default((0, 0)),
            out: Array2::zeros((0, 0)),
            dx: Array2::zeros((0, 0)),
        }
    }

    /// The mask of the last training forward (true = kept).
    pub fn mask(&self) -> Option<&Array2<bool>> {
        (!self.mask.is_empty()).then_some(&self.mask)
    }

    pub fn is_train(&self) -> bool {
        self.train
    }
}

impl Layer for Dropout {
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        let out = reuse(&mut self.out, x.dim());
        if !self.train {
            let keep = 1.0 - self.dropout_ratio;
            Zip::from(out).and(x).for_each(|o, &v| *o = v * keep);
            return &self.out;
        }
        let ratio = self.dropout_ratio;
        let rng = &mut self.rng;
        let mask = reuse(&mut self.mask, x.dim());
        // The mask is drawn in row-major order, one uniform per unit, as the book's np.random.rand(*x.shape).
        Zip::from(out).and(mask).and(x).for_each(|o, m, &v| {
            *m = rng.uniform() > ratio;
            *o = if *m { v } else { 0.0 };
        });
        &self.out
    }

    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        let dx = reuse(&mut self.dx, dout.dim());
        if !self.train {
            let keep = 1.0 - self.dropout_ratio;
            Zip::from(dx).and(dout).for_each(|d, &g| *d = g * keep);
            return &self.dx;
        }
        assert_eq!(
            self.mask.dim(),
            dout.dim(),
            "Dropout::backward before a training forward"
        );
        Zip::from(dx)
            .and(dout)
            .and(&self.mask)
            .for_each(|d, &g, &m| *d = if m { g } else { 0.0 });
        &self.dx
    }

    fn set_train(&mut self, train: bool) {
        self.train = train;
    }

    fn name(&self) -> &'static str {
        "Dropout"
    }
}
