//! Training health, shared by every trainer: why a run diverged (the loss itself became NaN/±∞, or the loss was
//! still finite and a gradient overflowed, or a point grew out of bounds by a factor per step), and whether a run
//! is "stuck at chance": the loss sits at ln(classes) (cross entropy of the uniform guess yₖ = 1/classes) with the
//! accuracy at about 1/classes for many iterations, so the network answers every input with the same guess.

use crate::error::Error;
use crate::train::History;

/// Why a step could not be taken: the message a user reads, with the number that shows it.
/// `loss` finite and a gradient NaN/±∞ is a different fault from a NaN loss, and is reported as such.
pub fn check_step(loss: f32, grads_finite: bool) -> Result<(), Error> {
    if !loss.is_finite() {
        return Err(Error::new(
            "err.not_finite_loss",
            [crate::numfmt::sig(loss as f64, 8)],
        ));
    }
    if !grads_finite {
        return Err(Error::new(
            "err.not_finite_grad",
            [crate::numfmt::sig(loss as f64, 8)],
        ));
    }
    Ok(())
}

/// Why a point (an optimizer's (x, y), say) diverged: it became NaN/±∞, or it left the bound `limit`, growing
/// about `growth` times per step over its last steps (|1 − lr·curvature| for plain SGD on a bowl).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Escape {
    /// A coordinate overflowed f32 (beyond 3.4e38) or became NaN.
    Overflow,
    /// |x| or |y| went past `limit`; the distance from the start grew by `growth` per step before that.
    OutOfBounds { limit: f64, growth: f64 },
}

/// The mean growth factor per step of the step length |pₖ − pₖ₋₁| over the last (up to) five steps of `path`
/// (finite points only), or NaN when there are too few steps to say.
pub fn growth_per_step(path: &[(f64, f64)]) -> f64 {
    let steps: Vec<f64> = path
        .windows(2)
        .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
        .filter(|d| d.is_finite())
        .collect();
    let n = steps.len();
    if n < 2 {
        return f64::NAN;
    }
    let k = (n - 1).min(5);
    let (a, b) = (steps[n - 1 - k], steps[n - 1]);
    if a <= 0.0 {
        return f64::NAN;
    }
    (b / a).powf(1.0 / k as f64)
}

/// A run at chance level: since iteration `since`, `iterations` steps with the loss ≈ `chance_loss` = ln(classes)
/// and (where measured) the accuracy `accuracy` ≈ 1/classes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stuck {
    pub since: usize,
    pub iterations: usize,
    pub classes: usize,
    pub chance_loss: f32,
    pub loss: f32,
    pub accuracy: Option<f32>,
}

/// How close to ln(classes) the loss must stay, relative to it (2%: 2.30 ± 0.05 for ten classes).
pub const CHANCE_TOLERANCE: f32 = 0.02;
/// How many iterations at chance before the run is called stuck. The book's ch5 recipe (std 0.01) starts at
/// ln 10 too and leaves it within a few hundred steps; a run that stays a thousand is not just starting.
pub const MIN_STUCK_ITERS: usize = 1000;
/// The accuracy counts as chance up to 1/classes + this.
pub const CHANCE_ACC_MARGIN: f32 = 0.05;

/// ln(classes): the cross entropy of the uniform guess (for one sigmoid output, classes = 2 and the binary
/// cross entropy of y = ½ is ln 2 too).
pub fn chance_loss(classes: usize) -> f32 {
    (classes.max(2) as f32).ln()
}

/// Whether a run is stuck at chance, from its losses `(iteration, loss)` in order and its latest accuracy.
/// The trailing stretch of losses within `CHANCE_TOLERANCE` of ln(classes) must span `MIN_STUCK_ITERS`, and the
/// accuracy (when there is one) must be at most 1/classes + `CHANCE_ACC_MARGIN`.
pub fn stuck_at_chance(
    losses: impl DoubleEndedIterator<Item = (usize, f32)>,
    accuracy: Option<f32>,
    classes: usize,
) -> Option<Stuck> {
    let chance = chance_loss(classes);
    let chance_acc = 1.0 / classes.max(2) as f32 + CHANCE_ACC_MARGIN;
    if accuracy.is_some_and(|a| a.is_nan() || a > chance_acc) {
        return None;
    }
    let near = |l: f32| (l - chance).abs() <= CHANCE_TOLERANCE * chance;
    let mut last: Option<(usize, f32)> = None;
    let mut since = None;
    for (it, l) in losses.rev() {
        if !near(l) {
            break;
        }
        last.get_or_insert((it, l));
        since = Some(it);
    }
    let ((end, loss), since) = (last?, since?);
    let iterations = end - since;
    (iterations >= MIN_STUCK_ITERS).then_some(Stuck {
        since,
        iterations,
        classes,
        chance_loss: chance,
        loss,
        accuracy,
    })
}

/// `stuck_at_chance` for a trainer's `History`: its (decimated) loss curve and the last epoch's training accuracy.
pub fn stuck_in_history(h: &History, classes: usize) -> Option<Stuck> {
    let acc = h.epochs().last().map(|e| e.train_acc);
    let pts: Vec<(usize, f32)> = h.loss_points().collect();
    stuck_at_chance(pts.into_iter(), acc, classes)
}

impl Stuck {
    /// The explanation a user reads (i18n key `health.stuck`).
    pub fn message(&self) -> Error {
        use crate::numfmt::sig;
        Error::new(
            "health.stuck",
            [
                self.iterations.to_string(),
                sig(self.loss as f64, 3),
                self.classes.to_string(),
                sig(self.chance_loss as f64, 3),
                self.accuracy.map_or("—".to_string(), |a| sig(a as f64, 2)),
                sig(1.0 / self.classes as f64, 2),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_finite_loss_with_an_overflowed_gradient_is_not_reported_as_the_loss() {
        assert!(check_step(0.5, true).is_ok());
        let e = check_step(16.118_095, false).unwrap_err();
        assert_eq!(e.key, "err.not_finite_grad");
        let m = e.message(Lang::En);
        assert!(m.contains("gradient") && m.contains("16.118095"), "{m}");
        assert!(!m.starts_with("The loss became"), "{m}");
        let e = check_step(f32::NAN, false).unwrap_err();
        assert_eq!(e.key, "err.not_finite_loss");
        assert!(e.message(Lang::Ko).contains("NaN"));
    }

    #[test]
    fn ten_thousand_steps_at_ln_10_are_stuck_and_a_normal_start_is_not() {
        // MNIST with lr = 10, std = 1: the loss sits at 2.30 and the accuracy at about 0.1.
        let flat = (1..=10_000).map(|i| {
            (
                i,
                std::f32::consts::LN_10 + 0.01 * ((i % 7) as f32 - 3.0) / 3.0,
            )
        });
        let s = stuck_at_chance(flat, Some(0.098), 10).expect("stuck");
        assert_eq!(s.iterations, 9_999);
        assert!((s.chance_loss - 10f32.ln()).abs() < 1e-6);
        let m = s.message().message(Lang::En);
        assert!(m.contains("ln 10") && m.contains("9999"), "{m}");
        // The book's recipe: ln 10 for a few hundred steps, then down.
        let normal = (1..=3000).map(|i| {
            (
                i,
                if i < 300 {
                    2.30
                } else {
                    2.3 / (i as f32 / 300.0)
                },
            )
        });
        assert!(stuck_at_chance(normal, Some(0.9), 10).is_none());
        // The same losses with a good accuracy are not chance.
        let flat = (1..=10_000).map(|i| (i, 2.30));
        assert!(stuck_at_chance(flat, Some(0.5), 10).is_none());
        // Not long enough yet.
        let short = (1..=500).map(|i| (i, 2.30));
        assert!(stuck_at_chance(short, None, 10).is_none());
        // Two classes: ln 2.
        let two = (1..=2000).map(|i| (i, std::f32::consts::LN_2 + 1e-4));
        assert_eq!(stuck_at_chance(two, Some(0.5), 2).unwrap().classes, 2);
    }

    #[test]
    fn a_history_at_chance_is_stuck() {
        let mut h = History::default();
        for _ in 0..5000 {
            h.push_loss(2.302);
        }
        assert!(stuck_in_history(&h, 10).is_some());
        for _ in 0..16 {
            h.push_loss(0.5);
        }
        assert!(stuck_in_history(&h, 10).is_none());
    }

    #[test]
    fn growth_per_step_reads_the_factor() {
        let path: Vec<(f64, f64)> = (0..8).map(|k| (3f64.powi(k), 0.0)).collect();
        let g = growth_per_step(&path);
        assert!((g - 3.0).abs() < 1e-9, "{g}");
        assert!(growth_per_step(&path[..2]).is_nan());
    }
}
