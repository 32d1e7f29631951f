//! Per-lab logic that is not generic engine: settings structs (with URL state), what each lab computes
//! and shows. Pure Rust; the web layer only wires these to the DOM and canvases.

pub mod activation;
pub mod backprop;
pub mod batchnorm;
pub mod catalog;
pub mod cnn;
pub mod gradient;
pub mod lesson;
pub mod linear_compose;
pub mod links;
pub mod loss;
pub mod mnist;
pub mod optimizers;
pub mod perceptron;
pub mod playground;
pub mod route_vec;
pub mod softmax_demo;
