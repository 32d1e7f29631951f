//! The perceptron and logic-gates lab (ch2; notes 004, 002, 001): one perceptron y = [w1x1 + w2x2 + b > 0]
//! (b = −θ) judged against AND, NAND, OR or XOR; the perceptron learning rule; XOR from NAND + OR → AND.
//!
//! `gate` is the perceptron and its truth tables, `learn` the learning rule, `xor` the two-layer network,
//! `math` the MathML formulas, `plots` what the decision plots show, `view` the HTML of tables and statuses. This module holds the lab's
//! settings and their URL form.

pub mod gate;
pub mod learn;
pub mod math;
pub mod plots;
pub mod view;
pub mod xor;

use gate::{Gate, Perceptron};
use learn::{Learner, DEFAULT_ETA, ETA_RANGE, MAX_EPOCHS_RANGE};

use crate::error::Result;
use crate::urlstate::Route;

/// w1, w2, b (and θ) are set within this range (learned weights stay well inside it: see the tests).
pub const W_RANGE: (f64, f64) = (-5.0, 5.0);
/// Seeds are whole numbers in this range.
pub const SEED_RANGE: (f64, f64) = (0.0, 1_000_000.0);
/// The plots' frame: the four inputs with room around them.
pub const FRAME: (f64, f64) = (-0.5, 1.5);
/// Play speeds, in epochs per second (the web layer times them; the core keeps no clock).
pub const SPEEDS: [u32; 3] = [1, 5, 20];

/// The lab's settings; they round-trip through the URL.
#[derive(Clone, Debug, PartialEq)]
pub struct PerceptronLabConfig {
    /// The weights on screen.
    pub p: Perceptron,
    /// The gate the weights are judged against and the learning rule learns.
    pub target: Gate,
    /// Learning rate η.
    pub eta: f64,
    /// Seed of the random start.
    pub seed: u64,
    /// The learner stops after this many epochs.
    pub max_epochs: usize,
    /// `Some(n)`: the weights are the seeded random start after n epochs of learning (a link replays
    /// them, history included). `None`: the weights were set by hand or a preset.
    pub learned: Option<usize>,
    /// Epochs per second while playing: one of `SPEEDS`.
    pub speed: u32,
}

impl Default for PerceptronLabConfig {
    /// The notes' AND gate, judged as AND.
    fn default() -> Self {
        PerceptronLabConfig {
            p: Gate::And
                .preset()
                .unwrap_or(Perceptron::new(0.5, 0.5, -0.7)),
            target: Gate::And,
            eta: DEFAULT_ETA,
            seed: 1,
            max_epochs: 100,
            learned: None,
            speed: SPEEDS[1],
        }
    }
}

/// A weight for the URL: the shortest decimal that reads back to the same f64, so a shared link keeps every digit.
fn url_num(v: f64) -> String {
    crate::urlstate::num(v)
}

fn f64_in(r: &Route, key: &str, lo: f64, hi: f64, default: f64) -> f64 {
    r.get(key)
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| v.is_finite() && (lo..=hi).contains(v))
        .unwrap_or(default)
}

fn int_in(r: &Route, key: &str, lo: u64, hi: u64) -> Option<u64> {
    r.get(key)
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|v| (lo..=hi).contains(v))
}

impl PerceptronLabConfig {
    /// The learner these settings describe: from the seeded start replayed `learned` epochs, or at
    /// epoch 0 from the weights on screen.
    pub fn learner(&self) -> Result<Learner> {
        match self.learned {
            Some(n) => {
                let mut l = Learner::new(
                    self.target,
                    self.eta,
                    self.max_epochs,
                    Learner::random_start(self.seed),
                )?;
                l.run_epochs(n);
                Ok(l)
            }
            None => Learner::new(self.target, self.eta, self.max_epochs, self.p),
        }
    }

    pub fn write(&self, r: &mut Route) {
        r.set("g", self.target.id());
        r.set("w1", url_num(self.p.w1));
        r.set("w2", url_num(self.p.w2));
        r.set("b", url_num(self.p.b));
        r.set("eta", url_num(self.eta));
        r.set("seed", self.seed);
        r.set("max", self.max_epochs);
        r.set("sp", self.speed);
        if let Some(n) = self.learned {
            r.set("ep", n);
        }
    }

    /// Settings from a link; anything missing or out of range takes its default. With `ep`, the weights
    /// are replayed from the seed, so the link shows the same epoch, history included.
    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let target = r.get("g").and_then(Gate::from_id).unwrap_or(d.target);
        let w = |k: &str, v: f64| f64_in(r, k, W_RANGE.0, W_RANGE.1, v);
        let mut c = PerceptronLabConfig {
            p: Perceptron::new(w("w1", d.p.w1), w("w2", d.p.w2), w("b", d.p.b)),
            target,
            eta: f64_in(r, "eta", ETA_RANGE.0, ETA_RANGE.1, d.eta),
            seed: int_in(r, "seed", SEED_RANGE.0 as u64, SEED_RANGE.1 as u64).unwrap_or(d.seed),
            max_epochs: int_in(
                r,
                "max",
                MAX_EPOCHS_RANGE.0 as u64,
                MAX_EPOCHS_RANGE.1 as u64,
            )
            .map_or(d.max_epochs, |v| v as usize),
            learned: int_in(r, "ep", 0, MAX_EPOCHS_RANGE.1 as u64).map(|v| v as usize),
            speed: int_in(r, "sp", 1, 1000)
                .map(|v| v as u32)
                .filter(|v| SPEEDS.contains(v))
                .unwrap_or(d.speed),
        };
        if c.learned.is_some() {
            match c.learner() {
                Ok(l) => {
                    c.p = l.weights();
                    c.learned = Some(l.epoch());
                }
                Err(_) => c.learned = None,
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::perceptron::learn::Status;

    #[test]
    fn settings_round_trip_through_the_url() {
        let c = PerceptronLabConfig {
            p: Perceptron::new(-0.5, 0.25, 0.7),
            target: Gate::Nand,
            eta: 0.05,
            seed: 42,
            max_epochs: 250,
            learned: None,
            speed: 20,
        };
        let mut r = Route::new("perceptron");
        c.write(&mut r);
        assert_eq!(PerceptronLabConfig::read(&Route::parse(&r.to_hash())), c);
    }

    #[test]
    fn a_learned_link_replays_the_same_epoch() {
        let mut c = PerceptronLabConfig {
            target: Gate::Xor,
            seed: 9,
            learned: Some(0),
            ..Default::default()
        };
        let mut l = c.learner().unwrap();
        l.run_epochs(5);
        c.learned = Some(l.epoch());
        c.p = l.weights();
        let mut r = Route::new("perceptron");
        c.write(&mut r);
        let back = PerceptronLabConfig::read(&Route::parse(&r.to_hash()));
        assert_eq!(back.learned, Some(5));
        assert_eq!(back.p, l.weights());
        assert_eq!(back.learner().unwrap().epochs(), l.epochs());
    }

    #[test]
    fn bad_url_values_fall_back_to_defaults() {
        let c = PerceptronLabConfig::read(&Route::parse(
            "#perceptron?g=nope&w1=NaN&w2=99&b=abc&eta=0&seed=-1&max=0&ep=x&sp=3",
        ));
        assert_eq!(c, PerceptronLabConfig::default());
    }

    #[test]
    fn learned_weights_stay_inside_the_slider_range() {
        for g in Gate::ALL {
            for eta in [ETA_RANGE.0, 0.05, 0.1, 0.5, ETA_RANGE.1] {
                for seed in 0..60 {
                    let c = PerceptronLabConfig {
                        target: g,
                        eta,
                        seed,
                        max_epochs: MAX_EPOCHS_RANGE.1,
                        learned: Some(0),
                        ..Default::default()
                    };
                    let mut l = c.learner().unwrap();
                    l.run();
                    for e in l.epochs() {
                        for v in [e.end.w1, e.end.w2, e.end.b] {
                            assert!(
                                (W_RANGE.0..=W_RANGE.1).contains(&v),
                                "{g:?} η {eta} seed {seed}: {v}"
                            );
                        }
                    }
                    if g != Gate::Xor {
                        assert!(
                            matches!(l.status(), Status::Converged { .. }),
                            "{g:?} η {eta} seed {seed}"
                        );
                    }
                }
            }
        }
    }
}
