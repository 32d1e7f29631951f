//! The Dropout layer, in the book's (non-inverted) form: in training out = x ⊙ mask, where each unit is kept
//! when u > dropout_ratio (u uniform); in evaluation out = x · (1 − dropout_ratio), the expected value.
//! Backward: dx = dout ⊙ mask in training, dout · (1 − dropout_ratio) in evaluation.
//!
//! We follow the book rather than "inverted dropout" (dividing by 1 − ratio while training) so that the numbers
//! match the book's `Dropout` class. Both give the same expected output; only where the scaling happens differs.

use ndarray::{Array2, Zip};

use super::Layer;
use crate::rng::Rng;

/// Dropout with its own seeded `Rng`, so masks are reproducible. Starts in training mode.
#[derive(Clone, Debug)]
pub struct Dropout {
    pub dropout_ratio: f32,
    train: bool,
    rng: Rng,
    /// true where the unit was kept in the last training forward.
    mask: Option<Array2<bool>>,
}

impl Dropout {
    /// `dropout_ratio` in [0, 1) is the probability of dropping a unit (checked by `NetConfig`).
    pub fn new(dropout_ratio: f32, seed: u64) -> Dropout {
        Dropout {
            dropout_ratio,
            train: true,
            rng: Rng::new(seed),
            mask: None,
        }
    }

    /// The mask of the last training forward (true = kept).
    pub fn mask(&self) -> Option<&Array2<bool>> {
        self.mask.as_ref()
    }

    pub fn is_train(&self) -> bool {
        self.train
    }
}

impl Layer for Dropout {
    fn forward(&mut self, x: &Array2<f32>) -> Array2<f32> {
        if !self.train {
            let keep = 1.0 - self.dropout_ratio;
            return x.mapv(|v| v * keep);
        }
        let ratio = self.dropout_ratio;
        let rng = &mut self.rng;
        let mask = x.mapv(|_| rng.uniform() > ratio);
        let mut out = x.clone();
        Zip::from(&mut out).and(&mask).for_each(|o, &m| {
            if !m {
                *o = 0.0
            }
        });
        self.mask = Some(mask);
        out
    }

    fn backward(&mut self, dout: &Array2<f32>) -> Array2<f32> {
        if !self.train {
            let keep = 1.0 - self.dropout_ratio;
            return dout.mapv(|v| v * keep);
        }
        let mask = self
            .mask
            .as_ref()
            .expect("Dropout::backward before a training forward");
        let mut dx = dout.clone();
        Zip::from(&mut dx).and(mask).for_each(|d, &m| {
            if !m {
                *d = 0.0
            }
        });
        dx
    }

    fn set_train(&mut self, train: bool) {
        self.train = train;
    }

    fn name(&self) -> &'static str {
        "Dropout"
    }
}
