//! The MNIST lab (ch3–6): real digits, the book's training recipe, analysis of the trained network,
//! a drawn digit classified live, weights in and out (`.npz`, the book's `sample_weight.pkl`), and the chapter 6
//! experiments (`ch6`).

pub mod analysis;
pub mod ch6;
pub mod config;
pub mod draw;
pub mod files;
pub mod options;
pub mod remote;
pub mod session;
pub mod weights;

pub use config::MnistLabConfig;
