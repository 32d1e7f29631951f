//! One mini-batch through BatchNormalization with every number (§6.3): 8 samples × 3 features, per feature
//! μ_B = (1/N)Σ xᵢ, σ²_B = (1/N)Σ (xᵢ − μ_B)², x̂ᵢ = (xᵢ − μ_B)/√(σ²_B + ε), yᵢ = γx̂ᵢ + β, and backward from an
//! upstream ∂L/∂y: ∂L/∂β = Σ dyᵢ, ∂L/∂γ = Σ dyᵢx̂ᵢ, ∂L/∂x̂ = γ dy, ∂L/∂σ² = −½ Σ ∂L/∂x̂ᵢ (xᵢ − μ_B)(σ²_B + ε)^(−3/2),
//! ∂L/∂μ = Σ (−∂L/∂x̂ᵢ/√(σ²_B + ε)) (the term through σ² is 0), ∂L/∂xᵢ = ∂L/∂x̂ᵢ/√(σ²_B + ε) +
//! ∂L/∂σ²·2(xᵢ − μ_B)/N + ∂L/∂μ/N. The forward and dx come from the engine's layer; the intermediate terms are
//! the same graph written out (the book's figure 6-17), so the page can show each one.

use ndarray::{Array1, Array2};

use crate::layer::{BatchNormalization, Layer, BN_EPS};
use crate::rng::Rng;

/// Samples and features of the walk-through.
pub const N: usize = 8;
pub const D: usize = 3;
/// γ and β a reader may type.
pub const PARAM_RANGE: (f32, f32) = (-10.0, 10.0);

/// The walk-through's settings: γ and β per feature, and the seed of the batch and of ∂L/∂y.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchDemoConfig {
    pub gamma: [f32; D],
    pub beta: [f32; D],
    pub seed: u64,
}

impl Default for BatchDemoConfig {
    /// The book's start: γ = 1, β = 0.
    fn default() -> Self {
        BatchDemoConfig {
            gamma: [1.0; D],
            beta: [0.0; D],
            seed: 1,
        }
    }
}

/// Every number of one forward and backward pass, per sample (rows) and feature (columns).
#[derive(Clone, Debug, PartialEq)]
pub struct BatchDemo {
    pub x: Array2<f32>,
    pub mu: Array1<f32>,
    pub var: Array1<f32>,
    pub std: Array1<f32>,
    pub x_hat: Array2<f32>,
    pub y: Array2<f32>,
    pub dy: Array2<f32>,
    pub dbeta: Array1<f32>,
    pub dgamma: Array1<f32>,
    pub dx_hat: Array2<f32>,
    pub dvar: Array1<f32>,
    pub dmu: Array1<f32>,
    pub dx: Array2<f32>,
}

/// One decimal (x) or two (dy), so the numbers can be checked by hand.
fn rounded(v: f32, digits: i32) -> f32 {
    let s = 10f32.powi(digits);
    (v * s).round() / s
}

impl BatchDemoConfig {
    /// The batch: feature j ~ N(mⱼ, sⱼ²) with very different means and spreads (so the normalisation shows),
    /// rounded to one decimal; ∂L/∂y ~ N(0, 1) rounded to two.
    pub fn inputs(&self) -> (Array2<f32>, Array2<f32>) {
        let mut rng = Rng::new(self.seed);
        let (means, spreads) = ([5.0f32, -2.0, 0.5], [2.0f32, 0.5, 4.0]);
        let x = Array2::from_shape_fn((N, D), |(_, j)| {
            rounded(means[j] + spreads[j] * rng.normal(), 1)
        });
        let dy = Array2::from_shape_fn((N, D), |_| rounded(rng.normal(), 2));
        (x, dy)
    }

    pub fn compute(&self) -> BatchDemo {
        let (x, dy) = self.inputs();
        let mut bn = BatchNormalization::with_params(
            Array1::from(self.gamma.to_vec()),
            Array1::from(self.beta.to_vec()),
        );
        let y = bn.forward(&x).clone();
        let dx = bn.backward(&dy).clone();
        let (mu, var, std) = (
            bn.batch_mean().clone(),
            bn.batch_var().clone(),
            bn.std().clone(),
        );
        let x_hat = bn.x_hat().clone();
        let dx_hat = Array2::from_shape_fn((N, D), |(i, j)| self.gamma[j] * dy[[i, j]]);
        let dvar = Array1::from_shape_fn(D, |j| {
            let s: f64 = (0..N)
                .map(|i| dx_hat[[i, j]] as f64 * (x[[i, j]] - mu[j]) as f64)
                .sum();
            (-0.5 * s * ((var[j] + BN_EPS) as f64).powf(-1.5)) as f32
        });
        let dmu = Array1::from_shape_fn(D, |j| {
            let s: f64 = (0..N).map(|i| dx_hat[[i, j]] as f64).sum();
            (-s / std[j] as f64) as f32
        });
        BatchDemo {
            dbeta: bn.dbeta.clone(),
            dgamma: bn.dgamma.clone(),
            x,
            mu,
            var,
            std,
            x_hat,
            y,
            dy,
            dx_hat,
            dvar,
            dmu,
            dx,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_out_graph_gives_the_engines_dx() {
        let c = BatchDemoConfig {
            gamma: [1.5, -0.5, 2.0],
            beta: [0.0, 1.0, -3.0],
            seed: 3,
        };
        let d = c.compute();
        for j in 0..D {
            // x̂ has mean 0 and variance σ²/(σ² + ε) ≈ 1; y = γx̂ + β.
            let m: f32 = d.x_hat.column(j).sum() / N as f32;
            assert!(m.abs() < 1e-5);
            let v: f32 = d.x_hat.column(j).iter().map(|v| v * v).sum::<f32>() / N as f32;
            assert!((v - 1.0).abs() < 1e-4, "{v}");
            for i in 0..N {
                let want = c.gamma[j] * d.x_hat[[i, j]] + c.beta[j];
                assert!((d.y[[i, j]] - want).abs() < 1e-5);
                // dx from the three paths: through x̂ directly, through σ², through μ.
                let sum = d.dx_hat[[i, j]] / d.std[j]
                    + d.dvar[j] * 2.0 * (d.x[[i, j]] - d.mu[j]) / N as f32
                    + d.dmu[j] / N as f32;
                assert!(
                    (d.dx[[i, j]] - sum).abs() < 1e-4 * sum.abs().max(1.0),
                    "({i},{j}): {} vs {sum}",
                    d.dx[[i, j]]
                );
            }
            // The gradient of x sums to 0 over the batch (shifting every x by the same amount changes nothing).
            assert!(d.dx.column(j).sum().abs() < 1e-4);
        }
        // β and γ change y but neither x̂ nor the shape of the batch.
        let d0 = BatchDemoConfig::default().compute();
        assert_eq!(d0.y, d0.x_hat);
    }
}
