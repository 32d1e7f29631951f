//! How long a run will take, said before it starts, and the limit past which it is refused (issue #13: a run of
//! 784-1024×6-10 at batch 1000 for 1,000,000 iterations would take 17 days here and was accepted silently).
//!
//! Cost model (multiply-adds counted as 2 FLOPs): an Affine layer of n_in × n_out costs 2·n_in·n_out per sample
//! forward and twice that backward (∂L/∂x and ∂L/∂W), so a training step costs ≈ 6·batch·Σ n_in·n_out and an
//! evaluation ≈ 2·samples·Σ n_in·n_out. Activations and the loss are O(units) and left out. The time is the cost
//! over a rate: the rate measured on this device once a step has run, before that a stated, deliberately low
//! guess (`ASSUMED_GFLOPS`), so the first estimate errs long.

use crate::error::Error;
use crate::Result;

/// The rate assumed when nothing could be measured (GFLOP/s). The release build here does 25–30 GFLOP/s in a
/// step (tests/bench/PERFORMANCE.md); a mid-range phone does several times less.
pub const ASSUMED_GFLOPS: f64 = 5.0;
/// A training step runs at about this share of a bare matrix product's rate (the step's five products are
/// 76–83% of it, tests/bench/PERFORMANCE.md), so the probe's rate is scaled by it.
const STEP_SHARE: f64 = 0.7;

/// This device's rate for training, probed in a few milliseconds before any step has run: 100×784 by 784×100
/// matrix products (the first layer of the book's recipe) for about `min_ms` on `clock` (ms); the fastest one
/// counts (the first runs may still be in the engine's baseline tier), times `STEP_SHARE`. A rough figure: a
/// fresh page's code can be several times slower than after it has warmed up, so a lab treats it as a lower
/// bound and checks again with measured steps. Falls back to `ASSUMED_GFLOPS` when the clock does not move.
pub fn probe_gflops(clock: &dyn Fn() -> f64, min_ms: f64) -> f64 {
    use ndarray::Array2;
    let a = Array2::<f32>::from_shape_fn((100, 784), |(i, j)| ((i * 7 + j) % 13) as f32 * 0.01);
    let b = Array2::<f32>::from_shape_fn((784, 100), |(i, j)| ((i + j * 3) % 11) as f32 * 0.01);
    let flops = 2.0 * 100.0 * 784.0 * 100.0;
    let start = clock();
    let (mut best, mut sink) = (f64::INFINITY, 0.0f32);
    for rep in 0..200 {
        let t0 = clock();
        sink += a.dot(&b)[(rep % 100, 0)];
        let t1 = clock();
        if t1 > t0 {
            best = best.min(t1 - t0);
        }
        if t1 - start >= min_ms {
            break;
        }
    }
    // `sink` keeps the products from being optimised away.
    if !best.is_finite() || !sink.is_finite() {
        return ASSUMED_GFLOPS;
    }
    STEP_SHARE * flops / (best * 1e6)
}

/// The longest run a lab starts (seconds): one classroom hour.
pub const MAX_RUN_SECONDS: f64 = 3600.0;

/// The work of a run, in FLOPs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunCost {
    /// One mini-batch step (forward, backward, update).
    pub step_flops: f64,
    /// Steps in the run.
    pub steps: f64,
    /// The evaluations of the whole run (epoch ends).
    pub eval_flops: f64,
}

impl RunCost {
    /// A multilayer perceptron of `sizes` (input, hidden…, output) trained `steps` steps at `batch_size`, with
    /// an evaluation of `eval_samples` samples every `steps_per_epoch` steps.
    pub fn mlp(
        sizes: &[usize],
        batch_size: usize,
        steps: usize,
        steps_per_epoch: usize,
        eval_samples: usize,
    ) -> RunCost {
        let macs = macs(sizes);
        let epochs = (steps / steps_per_epoch.max(1)) as f64;
        RunCost {
            step_flops: 6.0 * batch_size as f64 * macs,
            steps: steps as f64,
            eval_flops: epochs * 2.0 * eval_samples as f64 * macs,
        }
    }

    pub fn total_flops(&self) -> f64 {
        self.step_flops * self.steps + self.eval_flops
    }

    /// Seconds at `gflops` GFLOP/s.
    pub fn seconds(&self, gflops: f64) -> f64 {
        self.total_flops() / (gflops.max(1e-3) * 1e9)
    }

    /// The rate shown by one measured step: its FLOPs over its time.
    pub fn measured_gflops(&self, ms_per_step: f64) -> Option<f64> {
        (ms_per_step > 0.0 && ms_per_step.is_finite())
            .then(|| self.step_flops / (ms_per_step * 1e6))
    }

    /// `Ok(seconds)`, or an error naming the estimate and the limit when the run would take longer than
    /// `limit` seconds (`MAX_RUN_SECONDS` for a measured rate; a lab may allow more for a rough one).
    pub fn check(&self, gflops: f64, limit: f64) -> Result<f64> {
        let s = self.seconds(gflops);
        if s > limit {
            return Err(Error::new(
                "err.run_too_long",
                [duration(s), duration(MAX_RUN_SECONDS)],
            ));
        }
        Ok(s)
    }
}

/// Multiply-adds of one sample's forward pass through a perceptron of `sizes`: Σ n_in·n_out over its layers.
pub fn macs(sizes: &[usize]) -> f64 {
    sizes.windows(2).map(|w| (w[0] * w[1]) as f64).sum()
}

/// FLOPs of a forward pass of `samples` samples through a perceptron of `sizes` (2 per multiply-add).
pub fn forward_flops(sizes: &[usize], samples: usize) -> f64 {
    2.0 * samples as f64 * macs(sizes)
}

/// A duration for people, in unit symbols both languages read: "0.4 s", "12 s", "3.5 min", "2.1 h", "17 d".
pub fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0);
    if s < 10.0 {
        format!("{s:.1} s")
    } else if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 90.0 * 60.0 {
        format!("{:.1} min", s / 60.0)
    } else if s < 48.0 * 3600.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.0} d", s / 86400.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_book_recipe_counts_its_multiply_adds() {
        // 784-50-10: 784·50 + 50·10 = 39,700 multiply-adds a sample.
        let c = RunCost::mlp(&[784, 50, 10], 100, 10_000, 600, 2_000);
        assert_eq!(c.step_flops, 6.0 * 100.0 * 39_700.0);
        assert_eq!(c.eval_flops, 16.0 * 2.0 * 2_000.0 * 39_700.0);
        assert_eq!(
            forward_flops(&[784, 50, 10], 2_000),
            2.0 * 2_000.0 * 39_700.0
        );
        // At the assumed rate the ch5 recipe is a matter of seconds, not minutes.
        let s = c.check(ASSUMED_GFLOPS, MAX_RUN_SECONDS).unwrap();
        assert!(s > 1.0 && s < 60.0, "{s}");
    }

    #[test]
    fn the_seventeen_day_run_is_refused_with_both_numbers() {
        let c = RunCost::mlp(
            &[784, 1024, 1024, 1024, 1024, 1024, 1024, 10],
            1000,
            1_000_000,
            6,
            2_000,
        );
        let e = c.check(30.0, MAX_RUN_SECONDS).unwrap_err();
        assert_eq!(e.key, "err.run_too_long");
        assert!(e.args[0].ends_with(" d"), "{:?}", e.args);
        assert_eq!(e.args[1], "60.0 min");
        // A faster device moves the estimate, not the rule.
        assert!(c.seconds(300.0) < c.seconds(30.0));
    }

    #[test]
    fn a_measured_step_gives_the_rate_back() {
        let c = RunCost::mlp(&[784, 100, 10], 100, 1, 1, 0);
        let g = c.measured_gflops(1.5).unwrap();
        assert!((c.seconds(g) * 1e3 - 1.5).abs() < 1e-9);
        assert_eq!(c.measured_gflops(0.0), None);
        assert_eq!(c.measured_gflops(f64::NAN), None);
    }

    #[test]
    fn the_probe_measures_a_plausible_rate_and_falls_back_without_a_clock() {
        let t0 = std::time::Instant::now();
        let clock = move || t0.elapsed().as_secs_f64() * 1e3;
        let g = probe_gflops(&clock, 20.0);
        // Any machine that runs the tests does between 0.1 and 10,000 GFLOP/s.
        assert!(g > 0.1 && g < 1e4, "{g}");
        assert_eq!(probe_gflops(&|| 0.0, 20.0), ASSUMED_GFLOPS);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(0.42), "0.4 s");
        assert_eq!(duration(12.3), "12 s");
        assert_eq!(duration(200.0), "3.3 min");
        assert_eq!(duration(7200.0), "2.0 h");
        assert_eq!(duration(17.0 * 86400.0), "17 d");
    }
}
