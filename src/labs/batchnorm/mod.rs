//! The batch norm and hyperparameter lab's logic (§6.3, §6.5), pure Rust: the mini-batch walk-through, the
//! weight-scale experiment and the random search. The layer itself is `layer::batch_norm`.

pub mod activations;
pub mod batch;
pub mod config;
pub mod scales;
pub mod search;
