//! Optimizers (the book's `common/optimizer.py`): W ← W − (a step computed from ∂L/∂W), plus learning-rate
//! schedules such as the notes' decay μₖ₊₁ = μₖ/(1 + decay).
//!
//! The interface is flat slices with state keyed by a parameter index, so one optimizer drives a network
//! (index = position in `Net::param_names`) or a single 2-D point racing on a contour plot (index 0, `[x, y]`).
//! A step is `next_step()` once, then `update(index, param, grad)` for every parameter; `step` does both.

mod rules;
mod schedule;

pub use rules::{AdaGrad, Adam, Momentum, Nesterov, RmsProp, Sgd, EPS};
pub use schedule::{LrSchedule, Scheduled};

use crate::error::ensure;
use crate::{Error, Result};

/// One optimization method with its state.
pub trait Optimizer {
    fn kind(&self) -> OptimizerKind;
    /// The learning rate the next update uses.
    fn lr(&self) -> f32;
    fn set_lr(&mut self, lr: f32);
    /// Start a new step: called once before the step's `update`s (Adam's t += 1, lr schedules).
    fn next_step(&mut self) {}
    /// Update one parameter in place from its gradient. `index` identifies the parameter across steps.
    fn update(&mut self, index: usize, param: &mut [f32], grad: &[f32]);
    /// Forget all state (velocities, accumulated squares, Adam's t) but keep the settings.
    fn reset(&mut self);
    /// A whole step: `next_step`, then `update(i, params[i], grads[i])` for each i.
    fn step(&mut self, params: &mut [&mut [f32]], grads: &[&[f32]]) {
        self.next_step();
        for (i, (p, g)) in params.iter_mut().zip(grads).enumerate() {
            self.update(i, p, g);
        }
    }
}

/// Which method, without its settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    Sgd,
    Momentum,
    Nesterov,
    AdaGrad,
    RmsProp,
    Adam,
}

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 6] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::AdaGrad,
        OptimizerKind::RmsProp,
        OptimizerKind::Adam,
    ];

    /// A stable key for URLs and i18n.
    pub fn key(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "nesterov",
            OptimizerKind::AdaGrad => "adagrad",
            OptimizerKind::RmsProp => "rmsprop",
            OptimizerKind::Adam => "adam",
        }
    }

    pub fn from_key(key: &str) -> Result<OptimizerKind> {
        OptimizerKind::ALL
            .into_iter()
            .find(|k| k.key() == key)
            .ok_or_else(|| Error::new("err.unknown", ["optimizer", key]))
    }
}

/// SGD settings; `Default` is the book's `SGD(lr=0.01)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SgdConfig {
    pub lr: f32,
}

/// Momentum settings; `Default` is the book's `Momentum(lr=0.01, momentum=0.9)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MomentumConfig {
    pub lr: f32,
    pub momentum: f32,
}

/// Nesterov settings; `Default` is the book's `Nesterov(lr=0.01, momentum=0.9)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NesterovConfig {
    pub lr: f32,
    pub momentum: f32,
}

/// AdaGrad settings; `Default` is the book's `AdaGrad(lr=0.01)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdaGradConfig {
    pub lr: f32,
}

/// RMSprop settings; `Default` is the book's `RMSprop(lr=0.01, decay_rate=0.99)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RmsPropConfig {
    pub lr: f32,
    pub decay_rate: f32,
}

/// Adam settings; `Default` is the book's `Adam(lr=0.001, beta1=0.9, beta2=0.999)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamConfig {
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
}

impl Default for SgdConfig {
    fn default() -> Self {
        SgdConfig { lr: 0.01 }
    }
}
impl Default for MomentumConfig {
    fn default() -> Self {
        MomentumConfig {
            lr: 0.01,
            momentum: 0.9,
        }
    }
}
impl Default for NesterovConfig {
    fn default() -> Self {
        NesterovConfig {
            lr: 0.01,
            momentum: 0.9,
        }
    }
}
impl Default for AdaGradConfig {
    fn default() -> Self {
        AdaGradConfig { lr: 0.01 }
    }
}
impl Default for RmsPropConfig {
    fn default() -> Self {
        RmsPropConfig {
            lr: 0.01,
            decay_rate: 0.99,
        }
    }
}
impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig {
            lr: 0.001,
            beta1: 0.9,
            beta2: 0.999,
        }
    }
}

/// Any optimizer's settings. `Default` is SGD with the book's lr 0.01.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptimConfig {
    Sgd(SgdConfig),
    Momentum(MomentumConfig),
    Nesterov(NesterovConfig),
    AdaGrad(AdaGradConfig),
    RmsProp(RmsPropConfig),
    Adam(AdamConfig),
}

impl Default for OptimConfig {
    fn default() -> Self {
        OptimConfig::Sgd(SgdConfig::default())
    }
}

/// lr must be a finite number > 0.
fn check_lr(lr: f32) -> Result<()> {
    ensure(
        lr.is_finite() && lr > 0.0,
        "err.positive",
        ["lr", &lr.to_string()],
    )
}

/// A rate such as momentum or β must lie in [0, 1).
fn check_rate(name: &str, v: f32) -> Result<()> {
    ensure(
        v.is_finite() && (0.0..1.0).contains(&v),
        "err.range_open",
        [name, "0", "1", &v.to_string()],
    )
}

impl OptimConfig {
    /// The book's defaults for `kind`.
    pub fn default_for(kind: OptimizerKind) -> OptimConfig {
        match kind {
            OptimizerKind::Sgd => OptimConfig::Sgd(SgdConfig::default()),
            OptimizerKind::Momentum => OptimConfig::Momentum(MomentumConfig::default()),
            OptimizerKind::Nesterov => OptimConfig::Nesterov(NesterovConfig::default()),
            OptimizerKind::AdaGrad => OptimConfig::AdaGrad(AdaGradConfig::default()),
            OptimizerKind::RmsProp => OptimConfig::RmsProp(RmsPropConfig::default()),
            OptimizerKind::Adam => OptimConfig::Adam(AdamConfig::default()),
        }
    }

    pub fn kind(&self) -> OptimizerKind {
        match self {
            OptimConfig::Sgd(_) => OptimizerKind::Sgd,
            OptimConfig::Momentum(_) => OptimizerKind::Momentum,
            OptimConfig::Nesterov(_) => OptimizerKind::Nesterov,
            OptimConfig::AdaGrad(_) => OptimizerKind::AdaGrad,
            OptimConfig::RmsProp(_) => OptimizerKind::RmsProp,
            OptimConfig::Adam(_) => OptimizerKind::Adam,
        }
    }

    pub fn lr(&self) -> f32 {
        match *self {
            OptimConfig::Sgd(c) => c.lr,
            OptimConfig::Momentum(c) => c.lr,
            OptimConfig::Nesterov(c) => c.lr,
            OptimConfig::AdaGrad(c) => c.lr,
            OptimConfig::RmsProp(c) => c.lr,
            OptimConfig::Adam(c) => c.lr,
        }
    }

    /// The same settings with another lr.
    pub fn with_lr(mut self, lr: f32) -> OptimConfig {
        match &mut self {
            OptimConfig::Sgd(c) => c.lr = lr,
            OptimConfig::Momentum(c) => c.lr = lr,
            OptimConfig::Nesterov(c) => c.lr = lr,
            OptimConfig::AdaGrad(c) => c.lr = lr,
            OptimConfig::RmsProp(c) => c.lr = lr,
            OptimConfig::Adam(c) => c.lr = lr,
        }
        self
    }

    pub fn validate(&self) -> Result<()> {
        check_lr(self.lr())?;
        match *self {
            OptimConfig::Momentum(c) => check_rate("momentum", c.momentum),
            OptimConfig::Nesterov(c) => check_rate("momentum", c.momentum),
            OptimConfig::RmsProp(c) => check_rate("decay_rate", c.decay_rate),
            OptimConfig::Adam(c) => {
                check_rate("beta1", c.beta1).and_then(|_| check_rate("beta2", c.beta2))
            }
            OptimConfig::Sgd(_) | OptimConfig::AdaGrad(_) => Ok(()),
        }
    }

    /// A fresh optimizer (zero state) after `validate`.
    pub fn build(&self) -> Result<Box<dyn Optimizer>> {
        self.validate()?;
        Ok(match *self {
            OptimConfig::Sgd(c) => Box::new(Sgd::new(c)),
            OptimConfig::Momentum(c) => Box::new(Momentum::new(c)),
            OptimConfig::Nesterov(c) => Box::new(Nesterov::new(c)),
            OptimConfig::AdaGrad(c) => Box::new(AdaGrad::new(c)),
            OptimConfig::RmsProp(c) => Box::new(RmsProp::new(c)),
            OptimConfig::Adam(c) => Box::new(Adam::new(c)),
        })
    }

    /// `build`, with lr following `schedule` (a plain `build` when the schedule is `Constant`).
    pub fn build_scheduled(&self, schedule: LrSchedule) -> Result<Box<dyn Optimizer>> {
        schedule.validate()?;
        let inner = self.build()?;
        Ok(match schedule {
            LrSchedule::Constant => inner,
            _ => Box::new(Scheduled::new(inner, schedule)),
        })
    }
}
