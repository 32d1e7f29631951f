//! Weight initialisation: W (fan_in × fan_out) = scale · N(0, 1), biases 0, with
//! scale = σ for `Std(σ)`, √(1/n) for Xavier and √(2/n) for He, where n = fan_in (the previous layer's size),
//! as in the book's `MultiLayerNet` (`weight_init_std='sigmoid'` / `'relu'`).

use ndarray::Array2;

use crate::error::ensure;
use crate::rng::Rng;
use crate::Result;

/// How the initial weights are drawn. Default: the book's `weight_init_std = 0.01`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Init {
    /// A fixed standard deviation σ (0 is allowed: the lab shows why equal weights cannot learn).
    Std(f32),
    /// σ = √(1/n): keeps sigmoid and tanh activations spread out.
    Xavier,
    /// σ = √(2/n): the same for ReLU, which zeroes half its inputs.
    He,
}

impl Default for Init {
    fn default() -> Self {
        Init::Std(0.01)
    }
}

impl Init {
    /// The standard deviation for a layer with `fan_in` inputs.
    pub fn scale(self, fan_in: usize) -> f32 {
        let n = fan_in.max(1) as f32;
        match self {
            Init::Std(s) => s,
            Init::Xavier => (1.0 / n).sqrt(),
            Init::He => (2.0 / n).sqrt(),
        }
    }

    /// A fixed σ must be a finite number ≥ 0 (Xavier and He are always valid).
    pub fn validate(self) -> Result<()> {
        if let Init::Std(s) = self {
            ensure(
                s.is_finite() && s >= 0.0,
                "err.nonnegative",
                ["weight_init_std", &s.to_string()],
            )?;
        }
        Ok(())
    }

    /// A stable key for URLs and i18n.
    pub fn key(self) -> &'static str {
        match self {
            Init::Std(_) => "std",
            Init::Xavier => "xavier",
            Init::He => "he",
        }
    }

    /// W of shape fan_in × fan_out, drawn row by row from `rng` (so the same seed gives the same W).
    pub fn weights(self, fan_in: usize, fan_out: usize, rng: &mut Rng) -> Array2<f32> {
        let scale = self.scale(fan_in);
        Array2::from_shape_simple_fn((fan_in, fan_out), || scale * rng.normal())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_follow_the_book() {
        assert_eq!(Init::default().scale(784), 0.01);
        assert!((Init::Xavier.scale(100) - 0.1).abs() < 1e-7);
        assert!((Init::He.scale(50) - 0.2).abs() < 1e-7);
        let w = Init::He.weights(400, 300, &mut Rng::new(3));
        let var = w.mapv(|v| (v * v) as f64).mean().unwrap();
        assert!((var - 2.0 / 400.0).abs() < 2e-4, "{var}");
    }
}
