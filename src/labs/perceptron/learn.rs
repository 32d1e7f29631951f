//! The perceptron learning rule, epoch by epoch: for each input x (in the order (0,0), (0,1), (1,0), (1,1)),
//! y = [w·x + b > 0], then w ← w + η(t − y)x and b ← b + η(t − y). An epoch with no errors means converged.
//!
//! Every update adds −η, 0 or +η to a weight, so the weights are w = w⁰ + η·k with integer k. The learner
//! keeps k exactly, which makes "the weights came back to a state seen before" an exact test: from a
//! repeated state the same epochs repeat forever. On XOR, which no line separates, that is what happens.

use std::collections::HashMap;

use super::gate::{Gate, Perceptron, INPUTS};
use crate::error::{ensure, Result};
use crate::rng::Rng;

/// Limits stated in the UI.
pub const ETA_RANGE: (f64, f64) = (0.01, 1.0);
pub const MAX_EPOCHS_RANGE: (usize, usize) = (1, 1000);
/// Random initial weights and bias are uniform in [−INIT, INIT).
pub const INIT: f32 = 0.5;
/// The book-like default learning rate η.
pub const DEFAULT_ETA: f64 = 0.1;

/// One input's visit in an epoch: what the rule saw and did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Update {
    pub x1: u8,
    pub x2: u8,
    pub t: u8,
    /// a = w1x1 + w2x2 + b before the update.
    pub a: f64,
    pub y: u8,
    /// t − y ∈ {−1, 0, 1}.
    pub err: i8,
    /// The weights after the update.
    pub after: Perceptron,
}

/// One finished epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct Epoch {
    /// 1-based.
    pub number: usize,
    pub updates: [Update; 4],
    /// Inputs the perceptron got wrong in this epoch (0 to 4).
    pub errors: usize,
    /// The weights at the end of the epoch.
    pub end: Perceptron,
}

/// Where the learner stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Still learning (or not started).
    Running,
    /// Epoch `at` had no errors: the weights implement the target.
    Converged { at: usize },
    /// The epoch limit was reached without converging.
    Limit,
}

/// A repeated state: the weights after epoch `now` equal those after epoch `first` (0 = the start), with
/// errors in between, so from there on the same epochs repeat forever and it never converges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cycle {
    pub first: usize,
    pub now: usize,
}

/// The learning state for one target gate.
#[derive(Clone, Debug)]
pub struct Learner {
    target: Gate,
    eta: f64,
    max_epochs: usize,
    start: Perceptron,
    k: [i64; 3],
    epochs: Vec<Epoch>,
    /// Each weight state k seen at an epoch boundary, with the epoch it ended (0 = the start).
    seen: HashMap<[i64; 3], usize>,
    status: Status,
    cycle: Option<Cycle>,
}

impl Learner {
    /// Learn `target` with rate `eta` from `start`.
    pub fn new(target: Gate, eta: f64, max_epochs: usize, start: Perceptron) -> Result<Learner> {
        ensure(
            eta.is_finite() && (ETA_RANGE.0..=ETA_RANGE.1).contains(&eta),
            "err.range",
            [
                "pct.eta".to_string(),
                ETA_RANGE.0.to_string(),
                ETA_RANGE.1.to_string(),
                eta.to_string(),
            ],
        )?;
        ensure(
            (MAX_EPOCHS_RANGE.0..=MAX_EPOCHS_RANGE.1).contains(&max_epochs),
            "err.range",
            [
                "pct.max_epochs".to_string(),
                MAX_EPOCHS_RANGE.0.to_string(),
                MAX_EPOCHS_RANGE.1.to_string(),
                max_epochs.to_string(),
            ],
        )?;
        ensure(start.is_finite(), "err.finite", ["w", "NaN"])?;
        let mut l = Learner::with_defaults(target, start);
        l.eta = eta;
        l.max_epochs = max_epochs;
        Ok(l)
    }

    /// A learner with the default η and epoch limit (always valid settings).
    pub fn with_defaults(target: Gate, start: Perceptron) -> Learner {
        let mut seen = HashMap::new();
        seen.insert([0; 3], 0);
        Learner {
            target,
            eta: DEFAULT_ETA,
            max_epochs: 100,
            start,
            k: [0; 3],
            epochs: Vec::new(),
            seen,
            status: Status::Running,
            cycle: None,
        }
    }

    /// The seeded random start: w1, w2, b uniform in [−0.5, 0.5) from `Rng::new(seed)`, in that order.
    pub fn random_start(seed: u64) -> Perceptron {
        let mut rng = Rng::new(seed);
        let mut draw = || rng.uniform_range(-INIT, INIT) as f64;
        let w1 = draw();
        let w2 = draw();
        let b = draw();
        Perceptron::new(w1, w2, b)
    }

    /// The weights now: w = w⁰ + η·k.
    pub fn weights(&self) -> Perceptron {
        self.at(self.k)
    }

    fn at(&self, k: [i64; 3]) -> Perceptron {
        Perceptron::new(
            self.start.w1 + self.eta * k[0] as f64,
            self.start.w2 + self.eta * k[1] as f64,
            self.start.b + self.eta * k[2] as f64,
        )
    }

    pub fn start(&self) -> Perceptron {
        self.start
    }

    pub fn target(&self) -> Gate {
        self.target
    }

    pub fn eta(&self) -> f64 {
        self.eta
    }

    pub fn max_epochs(&self) -> usize {
        self.max_epochs
    }

    pub fn status(&self) -> Status {
        self.status
    }

    /// The first repeated state, once the weights come back to where they were after an earlier epoch.
    /// Learning goes on (to the limit), so the error count per epoch can be seen never to reach 0.
    pub fn cycle(&self) -> Option<Cycle> {
        self.cycle
    }

    /// Epochs run so far.
    pub fn epoch(&self) -> usize {
        self.epochs.len()
    }

    /// All finished epochs (at most `max_epochs`: bounded).
    pub fn epochs(&self) -> &[Epoch] {
        &self.epochs
    }

    /// Errors per epoch, in order.
    pub fn error_counts(&self) -> Vec<usize> {
        self.epochs.iter().map(|e| e.errors).collect()
    }

    /// Whether another epoch would change anything.
    pub fn can_step(&self) -> bool {
        self.status == Status::Running
    }

    /// Run one epoch (nothing once converged, cycling or at the limit). Returns whether it ran.
    pub fn step(&mut self) -> bool {
        if !self.can_step() {
            return false;
        }
        let mut errors = 0;
        let updates = INPUTS.map(|(x1, x2)| {
            let w = self.weights();
            let (f1, f2) = (x1 as f64, x2 as f64);
            let a = w.activation(f1, f2);
            let y = w.output(f1, f2);
            let t = self.target.truth(x1, x2);
            let err = t as i8 - y as i8;
            if err != 0 {
                errors += 1;
                let e = err as i64;
                self.k[0] += e * x1 as i64;
                self.k[1] += e * x2 as i64;
                self.k[2] += e;
            }
            Update {
                x1,
                x2,
                t,
                a,
                y,
                err,
                after: self.weights(),
            }
        });
        let number = self.epochs.len() + 1;
        self.epochs.push(Epoch {
            number,
            updates,
            errors,
            end: self.weights(),
        });
        self.status = if errors == 0 {
            Status::Converged { at: number }
        } else if number >= self.max_epochs {
            Status::Limit
        } else {
            Status::Running
        };
        if errors > 0 && self.cycle.is_none() {
            if let Some(&first) = self.seen.get(&self.k) {
                self.cycle = Some(Cycle { first, now: number });
            }
        }
        // Only the first visit of a state is kept: the map stays as small as the set of states seen.
        self.seen.entry(self.k).or_insert(number);
        true
    }

    /// Run epochs until the learner stops (converged or the limit); at most `max_epochs`.
    pub fn run(&mut self) {
        while self.step() {}
    }

    /// Run `n` epochs (fewer if it stops first).
    pub fn run_epochs(&mut self, n: usize) {
        for _ in 0..n {
            if !self.step() {
                break;
            }
        }
    }

    /// The same learner after `k` epochs from its start (fewer if it stops first). Going back replays from the
    /// start: the rule is deterministic, so epoch k is bit-identical however it is reached.
    pub fn rewound(&self, k: usize) -> Learner {
        let mut l = Learner::with_defaults(self.target, self.start);
        l.eta = self.eta;
        l.max_epochs = self.max_epochs;
        l.run_epochs(k);
        l
    }

    /// The epochs that only repeat earlier ones (from the first repeat to the last epoch run), if any.
    pub fn repeating_epochs(&self) -> Option<std::ops::RangeInclusive<usize>> {
        self.cycle.map(|c| c.first + 1..=self.epoch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learn(g: Gate, seed: u64, eta: f64, max: usize) -> Learner {
        let mut l = Learner::new(g, eta, max, Learner::random_start(seed)).unwrap();
        l.run();
        l
    }

    #[test]
    fn the_rule_converges_on_and_nand_or_for_many_seeds() {
        for g in [Gate::And, Gate::Nand, Gate::Or] {
            let mut worst = 0;
            for seed in 0..300 {
                let l = learn(g, seed, DEFAULT_ETA, 100);
                let Status::Converged { at } = l.status() else {
                    panic!("{g:?} seed {seed}: {:?}", l.status());
                };
                worst = worst.max(at);
                // Converged means the weights really implement the gate.
                let w = l.weights();
                for (x1, x2) in INPUTS {
                    assert_eq!(
                        w.output(x1 as f64, x2 as f64),
                        g.truth(x1, x2),
                        "{g:?} {seed}"
                    );
                }
                assert_eq!(l.epochs().last().unwrap().errors, 0);
            }
            assert!(worst <= 30, "{g:?} needed {worst} epochs");
        }
    }

    #[test]
    fn the_rule_never_converges_on_xor_and_cycles_within_the_bound() {
        for seed in 0..300 {
            let l = learn(Gate::Xor, seed, DEFAULT_ETA, 100);
            // Every one of the 100 epochs has errors.
            assert_eq!(l.status(), Status::Limit);
            assert_eq!(l.epoch(), 100);
            assert!(l.error_counts().iter().all(|&e| e > 0), "seed {seed}");
            // And the weights came back to an earlier state, exactly.
            let Some(Cycle { first, now }) = l.cycle() else {
                panic!("seed {seed}: no repeated state");
            };
            let at = |n: usize| {
                if n == 0 {
                    l.start()
                } else {
                    l.epochs()[n - 1].end
                }
            };
            let (a, b) = (at(first), at(now));
            assert!(
                (a.w1 - b.w1).abs() < 1e-9
                    && (a.w2 - b.w2).abs() < 1e-9
                    && (a.b - b.b).abs() < 1e-9
            );
            assert!(now > first && now <= 20, "seed {seed}: {first}..{now}");
            // From the repeat on, every epoch ends where the cycle started: it never leaves.
            for n in now..=100 {
                let w = at(n);
                assert!(
                    (w.w1 - at(n - (now - first)).w1).abs() < 1e-9,
                    "seed {seed} epoch {n}"
                );
            }
            assert_eq!(l.repeating_epochs(), Some(first + 1..=100));
        }
        // A separable gate never repeats a state with errors.
        for seed in 0..50 {
            assert!(learn(Gate::Or, seed, DEFAULT_ETA, 100).cycle().is_none());
        }
    }

    #[test]
    fn one_epoch_applies_the_rule_to_the_four_inputs_in_order() {
        // From w = (0, 0), b = 0 on AND with η = 0.1 (the sums use a > 0):
        // (0,0): a = 0, y = 0, t = 0: no change. (0,1): a = 0, y = 0, t = 0. (1,0): same.
        // (1,1): a = 0, y = 0, t = 1: w1 += 0.1, w2 += 0.1, b += 0.1.
        let mut l = Learner::new(Gate::And, 0.1, 100, Perceptron::new(0.0, 0.0, 0.0)).unwrap();
        assert!(l.step());
        let e = &l.epochs()[0];
        assert_eq!(e.errors, 1);
        assert_eq!(e.updates.map(|u| u.err), [0, 0, 0, 1]);
        assert_eq!(e.end, Perceptron::new(0.1, 0.1, 0.1));
        // Epoch 2: (0,0): a = 0.1 > 0, y = 1, t = 0: b −= 0.1 → b = 0.
        assert!(l.step());
        let u = l.epochs()[1].updates[0];
        assert_eq!((u.y, u.t, u.err), (1, 0, -1));
        assert!((u.after.b - 0.0).abs() < 1e-12);
    }

    #[test]
    fn the_same_seed_gives_the_same_start_and_run() {
        assert_eq!(Learner::random_start(42), Learner::random_start(42));
        assert_ne!(Learner::random_start(42), Learner::random_start(43));
        let s = Learner::random_start(42);
        for v in [s.w1, s.w2, s.b] {
            assert!((-0.5..0.5).contains(&v));
        }
        let a = learn(Gate::Or, 5, 0.1, 100);
        let b = learn(Gate::Or, 5, 0.1, 100);
        assert_eq!(a.epochs(), b.epochs());
    }

    #[test]
    fn the_limit_stops_it_and_bad_settings_are_refused() {
        let mut l = Learner::new(Gate::And, 0.01, 2, Perceptron::new(0.0, 0.0, 0.0)).unwrap();
        l.run();
        assert_eq!(l.status(), Status::Limit);
        assert!(!l.step());
        assert_eq!(l.epoch(), 2);
        assert!(Learner::new(Gate::And, 0.0, 10, Perceptron::new(0.0, 0.0, 0.0)).is_err());
        assert!(Learner::new(Gate::And, f64::NAN, 10, Perceptron::new(0.0, 0.0, 0.0)).is_err());
        assert!(Learner::new(Gate::And, 0.1, 0, Perceptron::new(0.0, 0.0, 0.0)).is_err());
        assert!(Learner::new(Gate::And, 0.1, 10, Perceptron::new(f64::NAN, 0.0, 0.0)).is_err());
    }

    /// The timeline: back to an earlier epoch and forward again gives bit-identical weights, epochs, status
    /// and cycle; XOR (which cycles) and AND (which converges) both.
    #[test]
    fn rewinding_then_stepping_forward_is_bit_identical() {
        for (gate, k) in [(Gate::Xor, 9), (Gate::And, 3)] {
            let mut l = Learner::new(gate, 0.1, 100, Learner::random_start(7)).unwrap();
            l.run_epochs(k);
            let bits = |l: &Learner| {
                let w = l.weights();
                (
                    [w.w1.to_bits(), w.w2.to_bits(), w.b.to_bits()],
                    l.epochs().to_vec(),
                    l.status(),
                    l.cycle(),
                )
            };
            let at_k = bits(&l);
            let mut back = l.rewound(k - 2);
            assert_eq!(back.epoch(), k - 2);
            assert_ne!(bits(&back), at_k, "{gate:?}: going back changed nothing");
            back.step();
            back.step();
            assert_eq!(bits(&back), at_k, "{gate:?}");
            assert_eq!(l.rewound(0).weights(), l.start());
        }
    }
}
