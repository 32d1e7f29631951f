//! The thin browser layer (wasm32 only): it mounts the page shell, wires the DOM to the core and draws on
//! canvases. No math lives here.

pub mod activation;
pub mod activation_lab;
pub mod anim;
pub mod app;
pub mod backprop;
pub mod batchnorm;
#[cfg(feature = "full")]
pub mod bench;
pub mod canvas;
pub mod cnn;
pub mod coming;
pub mod dom;
pub mod field;
pub mod gradient;
pub mod job_worker;
pub mod lab;
pub mod lab_parts;
pub mod lazy;
pub mod lesson;
pub mod links;
pub mod loss;
pub mod messages;
pub mod mnist;
pub mod optimizers;
pub mod perceptron_lab;
pub mod playground;
pub mod present;
pub mod recovery;
pub mod remote;
pub mod share;
pub mod slider;
pub mod stage;
pub mod timeline;
pub mod vector_field;

pub use anim::AnimLoop;
pub use app::App;
pub use canvas::HiDpiCanvas;

use wasm_bindgen::prelude::*;

/// Runs when the module loads: mount the app into `#nnlab-app` if the page has one (the test pages and the
/// training worker do not).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    // The MNIST training worker loads this module too: it has no window and mounts nothing.
    if web_sys::window().is_none() {
        return;
    }
    // Loaded as the second module into a page whose first module already runs the shell: mount nothing.
    if let Some(root) = dom::document()
        .get_element_by_id("nnlab-app")
        .filter(|r| !r.class_list().contains("nnlab"))
    {
        recovery::install();
        if let Err(e) = App::mount(&root) {
            web_sys::console::error_1(&e);
        }
    }
}
