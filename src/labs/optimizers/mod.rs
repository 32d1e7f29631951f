//! The optimizers lab (ch6.1): SGD, Momentum, Nesterov, AdaGrad, RMSProp and Adam race from one start over
//! one surface f(x, y), each step (x, y) ← (x, y) − (its update from ∇f), with optional lr decay
//! μₖ₊₁ = μₖ/(1 + decay). Settings (`config`), surfaces (`surface`), the race (`race`), chart input
//! (`chart_data`) and MathML (`formula`).

pub mod chart_data;
pub mod config;
pub mod formula;
pub mod race;
pub mod surface;

pub use config::{OptimizersLabConfig, RacerConfig};
pub use race::{Race, Racer};
pub use surface::Surface;
