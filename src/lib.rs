//! nnlab: a browser lab that teaches neural networks from scratch (*Deep Learning from Scratch*).
//!
//! Everything outside `web` is a pure Rust core (math, data, training, pixel buffers), tested natively.
//! `web` is the thin wasm32 layer that wires the DOM and draws on canvases.

// The page's first module is built without `full` (src/web/remote.rs): the heavy labs' code is compiled but not
// reached from it, and the linker drops it.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports))]

pub mod activation;
pub mod bench;
pub mod data;
pub mod diff;
pub mod error;
pub mod gemm;
pub mod i18n;
pub mod init;
pub mod input;
pub mod labs;
pub mod layer;
pub mod loss;
pub mod net;
pub mod numfmt;
pub mod optim;
pub mod plot;
pub mod rng;
pub mod simd;
pub mod train;
pub mod urlstate;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use error::{Error, Result};
