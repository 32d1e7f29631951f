//! Gradient descent (ch4.4.1): the book's gradient_descent(f, init_x, lr, step_num) on f = x0² + x1²,
//! x ← x − lr·∇f(x), with its x_history; whether the path converged, diverged or barely moved; and how a
//! path that leaves the plot is drawn (clipped, with an arrow where it leaves).

use super::field::{function_2, R};
use crate::diff::gradient_descent;
use crate::error::{Error, Result};
use crate::numfmt::decimal;
use crate::plot::clip::{clip_segment, Rect};

/// The settings of one descent.
#[derive(Clone, Debug, PartialEq)]
pub struct DescentConfig {
    pub init_x: (f64, f64),
    pub lr: f64,
    pub step_num: usize,
}

impl Default for DescentConfig {
    /// The book: init_x = (−3, 4), lr = 0.1, step_num = 100.
    fn default() -> Self {
        DescentConfig {
            init_x: (-3.0, 4.0),
            lr: 0.1,
            step_num: 100,
        }
    }
}

/// lr must be positive (0 never moves: rejected); up to 1000, where the path leaves in one step.
pub const LR_RANGE: (f64, f64) = (1e-12, 1e3);
/// Steps: at least one, and a table a browser can still show.
pub const STEPS_RANGE: (f64, f64) = (1.0, 1000.0);

/// The book's presets: a good lr, one too big, one too small.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Good,
    TooBig,
    TooSmall,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Good, Preset::TooBig, Preset::TooSmall];

    pub fn key(self) -> &'static str {
        match self {
            Preset::Good => "good",
            Preset::TooBig => "big",
            Preset::TooSmall => "small",
        }
    }

    pub fn config(self) -> DescentConfig {
        let lr = match self {
            Preset::Good => 0.1,
            Preset::TooBig => 10.0,
            Preset::TooSmall => 1e-10,
        };
        DescentConfig {
            lr,
            ..DescentConfig::default()
        }
    }
}

/// What happened, in words the panel can say.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// No step taken yet (after Reset): only the start to describe.
    Start,
    /// The whole run is shown and it ended within `dist` of the minimum (0, 0).
    Converged { dist: f64 },
    /// Within `dist` of the minimum, but steps remain and x still moves: not "converged" yet.
    Approaching { dist: f64 },
    /// |x| grew to `max_abs` by step `at_step`. `overflow`: x became ±∞ or NaN (beyond f64's 1.8e308) at
    /// `at_step`. `frozen_from`: from this step on x no longer changes, because at such a |x| the spacing of
    /// f64 numbers exceeds h, so x ± h rounds to x and the numerical gradient is 0 (the book's lr = 10 run
    /// stops at −2.59e13 this way, from step 10).
    Diverged {
        max_abs: f64,
        at_step: usize,
        overflow: bool,
        frozen_from: Option<usize>,
    },
    /// Moved only `moved` in all the steps.
    BarelyMoved { moved: f64 },
    /// Going downhill, not there yet: f fell from `f0` to `f1`.
    Descending { f0: f64, f1: f64 },
}

/// One run: the points x_history (the point before each step) plus the final x, so `points[k]` is x after
/// k steps and `points.len() == step_num + 1`.
#[derive(Clone, Debug, PartialEq)]
pub struct DescentRun {
    pub points: Vec<(f64, f64)>,
}

impl DescentConfig {
    pub fn validate(&self) -> Result<()> {
        if !(self.lr.is_finite() && (LR_RANGE.0..=LR_RANGE.1).contains(&self.lr)) {
            return Err(Error::new(
                "err.range",
                [
                    "grad.lr",
                    &decimal(LR_RANGE.0),
                    &decimal(LR_RANGE.1),
                    &decimal(self.lr),
                ],
            ));
        }
        let n = self.step_num as f64;
        if !(STEPS_RANGE.0..=STEPS_RANGE.1).contains(&n) {
            return Err(Error::new(
                "err.range",
                [
                    "grad.steps",
                    &decimal(STEPS_RANGE.0),
                    &decimal(STEPS_RANGE.1),
                    &decimal(n),
                ],
            ));
        }
        let (a, b) = self.init_x;
        if !(a.is_finite() && b.is_finite()) {
            return Err(Error::new(
                "err.finite",
                ["grad.init", &format!("({a}, {b})")],
            ));
        }
        Ok(())
    }

    /// Run the engine's gradient_descent (f64, like NumPy's float64).
    pub fn run(&self) -> Result<DescentRun> {
        self.validate()?;
        let init = [self.init_x.0, self.init_x.1];
        let (x, hist) = gradient_descent(function_2, &init, self.lr, self.step_num);
        let mut points: Vec<(f64, f64)> = hist.iter().map(|p| (p[0], p[1])).collect();
        points.push((x[0], x[1]));
        Ok(DescentRun { points })
    }
}

impl DescentRun {
    pub fn last(&self) -> (f64, f64) {
        self.points.last().copied().unwrap_or((0.0, 0.0))
    }

    /// Classify the path after `steps` steps (all of them if larger).
    pub fn outcome(&self, steps: usize) -> Outcome {
        let total = self.points.len() - 1;
        let k = steps.min(total);
        if k == 0 {
            return Outcome::Start;
        }
        let pts = &self.points[..=k];
        let start = pts[0];
        let end = pts[k];
        let norm = |p: (f64, f64)| p.0.hypot(p.1);
        let (mut max_abs, mut at_step) = (norm(start), 0);
        for (i, &p) in pts.iter().enumerate() {
            let n = norm(p);
            // NaN compares false: catch it explicitly so a NaN path is called diverged, never converged.
            if n.is_nan() || n > max_abs {
                max_abs = n;
                at_step = i;
                if !n.is_finite() {
                    break;
                }
            }
        }
        if !max_abs.is_finite()
            || (max_abs > 2.0 * norm(start).max(1e-300) && norm(end) > norm(start))
        {
            // The first step from which x stays put to the end of what is shown (at least two equal steps,
            // so one lucky repeat is not called frozen).
            let mut first = k;
            while first > 0 && pts[first - 1] == end {
                first -= 1;
            }
            let frozen_from = (max_abs.is_finite() && first + 2 <= k).then_some(first);
            return Outcome::Diverged {
                max_abs,
                at_step,
                overflow: !max_abs.is_finite(),
                frozen_from,
            };
        }
        let dist = norm(end);
        if dist < 1e-3 {
            return if k == total {
                Outcome::Converged { dist }
            } else {
                Outcome::Approaching { dist }
            };
        }
        let moved = (end.0 - start.0).hypot(end.1 - start.1);
        if moved < 1e-3 * norm(start) {
            return Outcome::BarelyMoved { moved };
        }
        Outcome::Descending {
            f0: function_2(&[start.0, start.1]),
            f1: function_2(&[end.0, end.1]),
        }
    }
}

/// The plot rectangle of the descent panel.
pub const RECT: Rect = ((-R, R), (-R, R));

/// Where a path first leaves `rect`: an arrow (x, y, dx, dy) from the edge point, pointing along the path,
/// of length `len`. `None` if the path stays inside (a non-finite point also ends the search).
pub fn exit_arrow(points: &[(f64, f64)], rect: Rect, len: f64) -> Option<(f64, f64, f64, f64)> {
    let inside = |p: (f64, f64)| {
        (rect.0 .0..=rect.0 .1).contains(&p.0) && (rect.1 .0..=rect.1 .1).contains(&p.1)
    };
    for w in points.windows(2) {
        let (p, q) = (w[0], w[1]);
        if !(q.0.is_finite() && q.1.is_finite() && inside(p)) {
            return None;
        }
        if !inside(q) {
            let (_, edge) = clip_segment(p, q, rect)?;
            let (dx, dy) = (q.0 - p.0, q.1 - p.1);
            let d = dx.hypot(dy);
            if !(d.is_finite() && d > 0.0) {
                return None;
            }
            // Start the arrow just inside the edge so its head ends on the frame.
            return Some((
                edge.0 - len * dx / d,
                edge.1 - len * dy / d,
                len * dx / d,
                len * dy / d,
            ));
        }
    }
    None
}

/// The part of a path drawn on the plot: up to and including the first point outside `rect` (the segment
/// to it is clipped at the frame, where `exit_arrow` points on). Later points are far away; their segments
/// could cross the frame again and read as a second path, so they are left to the table and the words.
pub fn drawn_prefix(points: &[(f64, f64)], rect: Rect) -> &[(f64, f64)] {
    let inside = |p: &(f64, f64)| {
        (rect.0 .0..=rect.0 .1).contains(&p.0) && (rect.1 .0..=rect.1 .1).contains(&p.1)
    };
    match points.iter().position(|p| !inside(p)) {
        Some(k) => &points[..=k],
        None => points,
    }
}

/// x ← x − η∇f(x) as MathML.
pub const FORMULA: [&str; 2] = ["<math><mi mathvariant=\"bold\">x</mi><mo>←</mo><mi mathvariant=\"bold\">x</mi><mo>−</mo><mi>η</mi><mo>∇</mo><mi>f</mi><mo>(</mo><mi mathvariant=\"bold\">x</mi><mo>)</mo></math>", "<math><msub><mi>x</mi><mi>i</mi></msub><mo>←</mo><msub><mi>x</mi><mi>i</mi></msub><mo>−</mo><mi>η</mi><mfrac><mrow><mo>∂</mo><mi>f</mi></mrow><mrow><mo>∂</mo><msub><mi>x</mi><mi>i</mi></msub></mrow></mfrac></math>"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lr_0_1_converges_near_the_origin_like_the_book() {
        let run = Preset::Good.config().run().unwrap();
        assert_eq!(run.points.len(), 101);
        let (a, b) = run.last();
        // The book: [-6.11110793e-10, 8.14814391e-10].
        assert!(
            (a + 6.111_107_93e-10).abs() < 1e-15 && (b - 8.148_143_91e-10).abs() < 1e-15,
            "{a} {b}"
        );
        assert!(matches!(run.outcome(100), Outcome::Converged { .. }));
        // At step 61 of 100 it is near the minimum but still moving: not "converged" yet.
        assert!(matches!(run.outcome(61), Outcome::Approaching { .. }));
        // After Reset nothing has happened: not "barely moved 0 in 0 steps".
        assert_eq!(run.outcome(0), Outcome::Start);
        // After 5 steps it is still on its way: 0.8⁵ of the start.
        match run.outcome(5) {
            Outcome::Descending { f0, f1 } => assert!((f1 / f0 - 0.8f64.powi(10)).abs() < 1e-6),
            o => panic!("{o:?}"),
        }
    }

    #[test]
    fn lr_10_diverges_to_the_books_numbers_and_says_so() {
        let run = Preset::TooBig.config().run().unwrap();
        let (a, b) = run.last();
        // The book prints [-2.58983747e+13, -1.29524862e+12].
        assert!((a / -2.589_837_47e13 - 1.0).abs() < 1e-8, "{a}");
        assert!((b / -1.295_248_62e12 - 1.0).abs() < 1e-8, "{b}");
        match run.outcome(100) {
            Outcome::Diverged {
                max_abs,
                at_step,
                overflow,
                frozen_from,
            } => {
                assert!(max_abs > 2.5e13 && at_step > 5, "{max_abs} {at_step}");
                // Not an overflow: x stops at −2.59e13 from step 10, where x ± h rounds to x.
                assert!(!overflow);
                assert_eq!(frozen_from, Some(10));
                assert_eq!(run.points[10], run.points[100]);
                assert_ne!(run.points[9], run.points[10]);
            }
            o => panic!("{o:?}"),
        }
        // The first step already leaves the plot (to (57, −76)): an arrow on the frame points that way.
        let (x, y, dx, dy) = exit_arrow(&run.points, RECT, 0.5).unwrap();
        let tip = (x + dx, y + dy);
        assert!(
            (tip.0.abs() - R).abs() < 1e-9 || (tip.1.abs() - R).abs() < 1e-9,
            "{tip:?}"
        );
        assert!(dx > 0.0 && dy < 0.0);
        // Only the start and the first point outside are drawn.
        assert_eq!(drawn_prefix(&run.points, RECT), &run.points[..2]);
        let good = Preset::Good.config().run().unwrap();
        assert_eq!(drawn_prefix(&good.points, RECT).len(), good.points.len());
    }

    #[test]
    fn lr_1e_10_barely_moves() {
        let run = Preset::TooSmall.config().run().unwrap();
        match run.outcome(100) {
            // 100 steps × 1e-10 × |∇f| (10) ≈ 1e-7.
            Outcome::BarelyMoved { moved } => assert!(moved > 1e-8 && moved < 1e-6, "{moved}"),
            o => panic!("{o:?}"),
        }
        assert!(exit_arrow(&run.points, RECT, 0.5).is_none());
        // During play it is already "barely moving" after one step, but never before the first.
        assert!(matches!(run.outcome(1), Outcome::BarelyMoved { .. }));
        assert_eq!(run.outcome(0), Outcome::Start);
    }

    #[test]
    fn nan_paths_are_called_diverged_and_bad_settings_are_rejected() {
        let run = DescentRun {
            points: vec![(1.0, 1.0), (f64::NAN, 2.0), (f64::NAN, f64::NAN)],
        };
        assert!(matches!(
            run.outcome(2),
            Outcome::Diverged {
                at_step: 1,
                overflow: true,
                frozen_from: None,
                ..
            }
        ));
        assert!(exit_arrow(&run.points, RECT, 0.5).is_none());
        for lr in [0.0, f64::NAN, 1e9, -0.1] {
            let c = DescentConfig {
                lr,
                ..Default::default()
            };
            assert_eq!(c.run().unwrap_err().key, "err.range", "lr {lr}");
        }
        let c = DescentConfig {
            step_num: 0,
            ..Default::default()
        };
        assert!(c.validate().is_err());
        // The largest lr allowed leaves the plot at once but stays finite (x ± h rounds to x, ∇f becomes 0).
        let c = DescentConfig {
            lr: 1e3,
            ..Default::default()
        };
        let run = c.run().unwrap();
        assert!(run.points.iter().all(|p| p.0.is_finite()));
        assert!(matches!(run.outcome(100), Outcome::Diverged { .. }));
    }
}
