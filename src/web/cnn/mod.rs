//! The CNN lab (chapters 7–8): convolution arithmetic, im2col, pooling, SimpleConvNet trained live with its
//! filters and feature maps (on the bundled digits or the MNIST lab's files), the book's pretrained networks
//! (SimpleConvNet and DeepConvNet), and MLP vs CNN. Each section is a part (src/web/lab_parts.rs)
//! with its own keys in the link; the math is in `labs::cnn` and the engine (`layer::conv`, `layer::pool`).

mod arith;
mod example;
mod features;
mod grid;
mod im2col;
pub(crate) mod job;
mod model;
pub(crate) mod part;
mod pool;
mod race;
mod shell;
mod source;
mod stepper;
mod train;
mod window_view;

use web_sys::Element;

use super::lab::Ctx;
use super::lab_parts::{MountPart, PartsView};

pub(crate) fn mount(section: Element, ctx: &Ctx) -> PartsView {
    const PARTS: &[MountPart] = &[
        arith::mount,
        im2col::mount,
        pool::mount,
        train::mount,
        features::mount,
        race::mount,
    ];
    PartsView::mount(section, ctx, "cnn", PARTS)
}
