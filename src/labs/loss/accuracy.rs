//! Why accuracy cannot be the loss (ch4.2.5): a sigmoid neuron y = σ(w·x + b) on eight fixed 1-D points.
//! Sweeping w, accuracy = (1/N) Σₙ [ (yₙ > 0.5) = tₙ ] is a staircase whose slope is 0 almost everywhere,
//! while the cross-entropy E(w) = −(1/N) Σₙ [tₙ log(yₙ + δ) + (1 − tₙ) log(1 − yₙ + δ)] is smooth.

use crate::activation::sigmoid;
use crate::diff::central_diff;
use crate::loss::CEE_DELTA;
use crate::plot::function::sample;

/// The data: x and label t. One "1" sits among the "0"s, so no w gets all eight right.
pub const X: [f64; 8] = [-2.0, -1.5, -0.8, -0.3, 0.4, 0.9, 1.6, 2.4];
pub const T: [f64; 8] = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0];
/// The fixed bias b; only w moves.
pub const B: f64 = 0.5;
/// The swept range of w (stated in the UI) and where the readout starts.
pub const W_RANGE: (f32, f32) = (-4.0, 4.0);
pub const W_DEFAULT: f32 = 0.5;
/// h for the slopes shown in the readout (the book's 1e-4, in f64).
pub const H: f64 = 1e-4;

/// yₙ = σ(w·xₙ + b) for every point.
pub fn outputs(w: f64) -> Vec<f64> {
    X.iter()
        .map(|&x| sigmoid((w * x + B) as f32) as f64)
        .collect()
}

/// The share of points classified right (y > 0.5 means class 1).
pub fn accuracy(w: f64) -> f64 {
    // The decision uses w·x + b > 0 (the same as σ > 0.5) so that f32 rounding of σ cannot move a step.
    let right = X
        .iter()
        .zip(T)
        .filter(|&(&x, t)| ((w * x + B) > 0.0) == (t == 1.0))
        .count();
    right as f64 / X.len() as f64
}

/// The mean binary cross-entropy, in f64 so that its numerical slope is clean.
pub fn loss(w: f64) -> f64 {
    let d = CEE_DELTA as f64;
    let s: f64 = X
        .iter()
        .zip(T)
        .map(|(&x, t)| {
            let z = w * x + B;
            let y = 1.0 / (1.0 + (-z).exp());
            t * (y + d).ln() + (1.0 - t) * (1.0 - y + d).ln()
        })
        .sum();
    -s / X.len() as f64
}

/// What the readout shows at w: both values and both numerical slopes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AccuracyReadout {
    pub w: f64,
    pub accuracy: f64,
    pub loss: f64,
    pub d_accuracy: f64,
    pub d_loss: f64,
}

pub fn readout(w: f64) -> AccuracyReadout {
    AccuracyReadout {
        w,
        accuracy: accuracy(w),
        loss: loss(w),
        d_accuracy: central_diff(accuracy, w, H),
        d_loss: central_diff(loss, w, H),
    }
}

/// A sampled curve: (w, value) pairs.
pub type Points = Vec<(f64, f64)>;

/// Sampled curves over W_RANGE: (accuracy, loss).
pub fn curves(n: usize) -> (Points, Points) {
    let r = (W_RANGE.0 as f64, W_RANGE.1 as f64);
    (sample(r, n, accuracy), sample(r, n, loss))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loss_matches_the_engines_binary_cross_entropy() {
        for w in [-2.0, 0.0, 0.5, 3.0] {
            let y: Vec<f32> = outputs(w).iter().map(|&v| v as f32).collect();
            let t: Vec<f32> = T.iter().map(|&v| v as f32).collect();
            let engine = crate::loss::binary_cross_entropy(&y, &t) as f64 / X.len() as f64;
            assert!(
                (loss(w) - engine).abs() < 1e-5,
                "w={w}: {} vs {engine}",
                loss(w)
            );
        }
    }

    #[test]
    fn accuracy_is_a_staircase_with_zero_slope_almost_everywhere() {
        let (acc, _) = curves(801);
        let values: std::collections::BTreeSet<u64> =
            acc.iter().map(|p| (p.1 * 8.0).round() as u64).collect();
        assert!(values.len() >= 4, "few steps: {values:?}");
        // Only multiples of 1/8.
        assert!(acc
            .iter()
            .all(|p| ((p.1 * 8.0) - (p.1 * 8.0).round()).abs() < 1e-9));
        let flat = acc.windows(2).filter(|w| w[0].1 == w[1].1).count();
        assert!(flat as f64 > 0.97 * 800.0, "only {flat} flat pieces");
        let r = readout(W_DEFAULT as f64);
        assert_eq!(r.d_accuracy, 0.0);
        assert!(r.d_loss.abs() > 1e-3, "{}", r.d_loss);
        // The best accuracy is 7/8: the "1" at x = −0.8 sits among the "0"s.
        assert!(acc.iter().all(|p| p.1 <= 7.0 / 8.0 + 1e-12));
        assert!(acc.iter().any(|p| (p.1 - 7.0 / 8.0).abs() < 1e-12));
    }

    #[test]
    fn the_loss_is_smooth_and_its_slope_matches_the_analytic_one() {
        // dE/dw = (1/N) Σ (yₙ − tₙ) xₙ for sigmoid + cross-entropy (δ neglected).
        for w in [-1.0, 0.3, 2.0] {
            let ys = outputs(w);
            let analytic: f64 = ys
                .iter()
                .zip(T)
                .zip(X)
                .map(|((y, t), x)| (y - t) * x)
                .sum::<f64>()
                / 8.0;
            let r = readout(w);
            assert!(
                (r.d_loss - analytic).abs() < 1e-4,
                "w={w}: {} vs {analytic}",
                r.d_loss
            );
        }
    }
}
