//! Learning-rate schedules: lr at step k (k = 0 for the first step) from the starting lr₀.
//! Inverse decay follows the notes' μₖ₊₁ = μₖ/(1 + decay), so lrₖ = lr₀/(1 + decay)ᵏ;
//! step decay multiplies by γ every `every` steps, lrₖ = lr₀·γ^⌊k/every⌋.

use super::{Optimizer, OptimizerKind};
use crate::error::ensure;
use crate::Result;

/// How lr changes over the steps.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum LrSchedule {
    /// lr stays lr₀.
    #[default]
    Constant,
    /// μₖ₊₁ = μₖ/(1 + decay).
    InverseDecay { decay: f32 },
    /// lr multiplied by `gamma` every `every` steps.
    Step { every: usize, gamma: f32 },
}

impl LrSchedule {
    /// lr at step k (0-based).
    pub fn lr_at(self, lr0: f32, k: u64) -> f32 {
        let k = k.min(i32::MAX as u64) as i32;
        match self {
            LrSchedule::Constant => lr0,
            LrSchedule::InverseDecay { decay } => {
                (lr0 as f64 / (1.0 + decay as f64).powi(k)) as f32
            }
            LrSchedule::Step { every, gamma } => {
                let n = (k as u64 / every.max(1) as u64).min(i32::MAX as u64) as i32;
                (lr0 as f64 * (gamma as f64).powi(n)) as f32
            }
        }
    }

    pub fn validate(self) -> Result<()> {
        match self {
            LrSchedule::Constant => Ok(()),
            LrSchedule::InverseDecay { decay } => ensure(
                decay.is_finite() && decay >= 0.0,
                "err.nonnegative",
                ["decay", &decay.to_string()],
            ),
            LrSchedule::Step { every, gamma } => {
                ensure(every >= 1, "err.min", ["every", "1", &every.to_string()])?;
                ensure(
                    gamma.is_finite() && gamma > 0.0,
                    "err.positive",
                    ["gamma", &gamma.to_string()],
                )
            }
        }
    }
}

/// An optimizer whose lr follows a schedule: before step k it sets the inner lr to `schedule.lr_at(lr₀, k)`.
pub struct Scheduled {
    inner: Box<dyn Optimizer>,
    schedule: LrSchedule,
    lr0: f32,
    k: u64,
}

impl Scheduled {
    pub fn new(inner: Box<dyn Optimizer>, schedule: LrSchedule) -> Scheduled {
        let lr0 = inner.lr();
        Scheduled {
            inner,
            schedule,
            lr0,
            k: 0,
        }
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u64 {
        self.k
    }
}

impl Optimizer for Scheduled {
    fn kind(&self) -> OptimizerKind {
        self.inner.kind()
    }
    /// The lr of the current (last started) step.
    fn lr(&self) -> f32 {
        self.inner.lr()
    }
    /// Sets lr₀ and restarts the schedule's count from the current step.
    fn set_lr(&mut self, lr: f32) {
        self.lr0 = lr;
        self.k = 0;
        self.inner.set_lr(lr);
    }
    fn next_step(&mut self) {
        self.inner.set_lr(self.schedule.lr_at(self.lr0, self.k));
        self.k += 1;
        self.inner.next_step();
    }
    fn update(&mut self, index: usize, param: &mut [f32], grad: &[f32]) {
        self.inner.update(index, param, grad);
    }
    fn reset(&mut self) {
        self.k = 0;
        self.inner.set_lr(self.lr0);
        self.inner.reset();
    }
}
