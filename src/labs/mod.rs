//! Per-lab logic that is not generic engine: settings structs (with URL state), what each lab computes
//! and shows. Pure Rust; the web layer only wires these to the DOM and canvases.

pub mod activation;
pub mod catalog;
pub mod perceptron;
