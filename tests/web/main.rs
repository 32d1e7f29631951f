//! Browser tests (wasm-bindgen-test in headless Chromium: `make test-browser`). They mount the real shell
//! into a test page and drive it as a user would. One module per lab; `util` has the shared helpers.
#![cfg(target_arch = "wasm32")]

mod util;

mod activation;
mod backprop;
mod batchnorm;
mod cnn;
mod engine;
mod gradient;
mod lazy;
mod loss;
mod mnist;
mod optimizers;
mod perceptron;
mod playground;
mod shell;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
