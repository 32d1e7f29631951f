//! Activation functions h(a) and their derivatives h'(a), plus softmax: yₖ = exp(aₖ − max a) / Σᵢ exp(aᵢ − max a).
//!
//! step(x) = [x > 0], sigmoid σ(x) = 1/(1 + e⁻ˣ) with σ' = σ(1 − σ), tanh with tanh' = 1 − tanh²,
//! ReLU max(0, x), leaky ReLU max(ax, x), identity x.

use ndarray::{Array2, ArrayView2, Axis};

use crate::{Error, Result};

/// A hidden-layer activation h, as in z = h(a).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activation {
    Step,
    Sigmoid,
    Tanh,
    Relu,
    /// Leaky ReLU with slope `a` for x ≤ 0 (max(ax, x) for 0 < a < 1).
    LeakyRelu(f32),
    Identity,
}

/// σ(x) without overflow: for x < 0 it uses eˣ/(1 + eˣ), so e⁻ˣ is never evaluated for a large |x|.
pub fn sigmoid(x: f32) -> f32 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

impl Activation {
    /// Every activation with its default parameter (leaky ReLU a = 0.01), in the order the lab shows them.
    pub const ALL_DEFAULT: [Activation; 6] = [
        Activation::Step,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu(0.01),
        Activation::Identity,
    ];

    /// h(x).
    pub fn f(self, x: f32) -> f32 {
        match self {
            // The book's step: y = 1 when x > 0.
            Activation::Step => {
                if x > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Sigmoid => sigmoid(x),
            Activation::Tanh => x.tanh(),
            Activation::Relu => x.max(0.0),
            Activation::LeakyRelu(a) => {
                if x > 0.0 {
                    x
                } else {
                    a * x
                }
            }
            Activation::Identity => x,
        }
    }

    /// h'(x). At the kink x = 0 ReLU and leaky ReLU take the left slope (0 and a), as the book's `x <= 0` mask does;
    /// the step's derivative is 0 everywhere (why a step network cannot learn by gradient descent).
    pub fn df(self, x: f32) -> f32 {
        match self {
            Activation::Step => 0.0,
            Activation::Sigmoid => {
                let s = sigmoid(x);
                s * (1.0 - s)
            }
            Activation::Tanh => {
                let t = x.tanh();
                1.0 - t * t
            }
            Activation::Relu => {
                if x > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu(a) => {
                if x > 0.0 {
                    1.0
                } else {
                    a
                }
            }
            Activation::Identity => 1.0,
        }
    }

    /// A stable key for URLs and i18n (`act.<key>` names it on screen).
    pub fn key(self) -> &'static str {
        match self {
            Activation::Step => "step",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu(_) => "leaky_relu",
            Activation::Identity => "identity",
        }
    }

    /// The activation for `key`; `leaky_a` is used only by `"leaky_relu"` and must be finite.
    pub fn from_key(key: &str, leaky_a: f32) -> Result<Activation> {
        match key {
            "step" => Ok(Activation::Step),
            "sigmoid" => Ok(Activation::Sigmoid),
            "tanh" => Ok(Activation::Tanh),
            "relu" => Ok(Activation::Relu),
            "leaky_relu" => {
                crate::error::ensure(
                    leaky_a.is_finite(),
                    "err.finite",
                    ["a", &leaky_a.to_string()],
                )?;
                Ok(Activation::LeakyRelu(leaky_a))
            }
            "identity" => Ok(Activation::Identity),
            _ => Err(Error::new("err.unknown", ["activation", key])),
        }
    }

    /// h applied to every element.
    pub fn apply(self, x: &Array2<f32>) -> Array2<f32> {
        x.mapv(|v| self.f(v))
    }
}

/// Row-wise softmax of a batch (one sample per row), with each row's max subtracted so exp never overflows.
pub fn softmax(x: ArrayView2<f32>) -> Array2<f32> {
    let mut y = Array2::zeros(x.raw_dim());
    softmax_into(x, &mut y);
    y
}

/// `softmax` written into `y` (same shape as `x`), so a training step allocates nothing.
pub fn softmax_into(x: ArrayView2<f32>, y: &mut Array2<f32>) {
    y.assign(&x);
    for mut row in y.axis_iter_mut(Axis(0)) {
        let max = row.fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - max).exp());
        let sum = row.sum();
        row.mapv_inplace(|v| v / sum);
    }
}

/// exp(xₖ)/Σ exp(xᵢ) exactly as written, for teaching: exp(1010) is +∞ in f32, so the result holds NaN (∞/∞).
pub fn softmax_naive(x: &[f32]) -> Vec<f32> {
    let e: Vec<f32> = x.iter().map(|v| v.exp()).collect();
    let sum: f32 = e.iter().sum();
    e.iter().map(|v| v / sum).collect()
}

/// exp(xₖ − max x)/Σ exp(xᵢ − max x): the same value as the naive form, but the largest exponent is e⁰ = 1.
pub fn softmax_stable(x: &[f32]) -> Vec<f32> {
    let max = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    let e: Vec<f32> = x.iter().map(|v| (v - max).exp()).collect();
    let sum: f32 = e.iter().sum();
    e.iter().map(|v| v / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_central_differences() {
        for act in Activation::ALL_DEFAULT
            .into_iter()
            .chain([Activation::LeakyRelu(0.2)])
        {
            for &x in &[-3.0f32, -0.7, 0.4, 2.5] {
                let h = 1e-3f64;
                let f = |v: f64| act.f(v as f32) as f64;
                let num = (f(x as f64 + h) - f(x as f64 - h)) / (2.0 * h);
                assert!(
                    (num - act.df(x) as f64).abs() < 2e-3,
                    "{act:?} at {x}: {num} vs {}",
                    act.df(x)
                );
            }
        }
    }

    #[test]
    fn sigmoid_is_safe_for_large_inputs() {
        for &x in &[-1e6f32, -100.0, -89.0, 89.0, 100.0, 1e6, f32::MAX, f32::MIN] {
            let s = sigmoid(x);
            assert!(s.is_finite() && (0.0..=1.0).contains(&s), "{x} -> {s}");
            assert!(Activation::Sigmoid.df(x).is_finite());
        }
        assert_eq!(sigmoid(0.0), 0.5);
        assert!((sigmoid(-800.0)).abs() < 1e-30);
    }

    #[test]
    fn keys_round_trip_and_bad_keys_fail() {
        for act in Activation::ALL_DEFAULT {
            assert_eq!(Activation::from_key(act.key(), 0.01).unwrap(), act);
        }
        assert_eq!(
            Activation::from_key("nope", 0.1).unwrap_err().key,
            "err.unknown"
        );
        assert_eq!(
            Activation::from_key("leaky_relu", f32::NAN)
                .unwrap_err()
                .key,
            "err.finite"
        );
    }

    #[test]
    fn batch_softmax_rows_sum_to_one() {
        let x = ndarray::array![[0.3f32, 2.9, 4.0], [1010.0, 1000.0, 990.0]];
        let y = softmax(x.view());
        for row in y.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-6);
        }
        // The book prints [0.01821127 0.24519181 0.73659691].
        assert!((y[[0, 2]] - 0.736_596_9).abs() < 1e-6 && (y[[1, 0]] - 0.999_954_6).abs() < 1e-6);
    }
}
