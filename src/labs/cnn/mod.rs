//! The CNN lab's teaching logic (chapters 7–8), pure Rust: the sliding-window stepper, the im2col walk-through,
//! pooling with its backward routing, and the live-training session. The engine itself is `layer::conv`,
//! `layer::pool` and `net::conv_config`.

pub mod arith;
pub mod eval;
pub mod features;
pub mod filters;
pub mod im2col;
pub mod import;
pub mod pool;
pub mod race;
pub mod session;
pub mod train_config;
