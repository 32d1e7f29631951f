//! The batch norm and hyperparameter lab (§6.3, §6.5): one mini-batch through BatchNormalization with every
//! number, the book's 16-weight-scale experiment with and without batch norm, each hidden layer's activations with and
//! without it, and random search of lr and weight
//! decay on validation data. Each section is a part (src/web/lab_parts.rs) with its own keys in the link.

mod batch;
mod hists;
pub(crate) mod job;
mod multiples;
mod run_bar;
mod runner;
mod scales;
mod search;

use web_sys::Element;

use super::lab::Ctx;
use super::lab_parts::{MountPart, PartsView};

pub(crate) fn mount(section: Element, ctx: &Ctx) -> PartsView {
    const PARTS: &[MountPart] = &[batch::mount, scales::mount, hists::mount, search::mount];
    PartsView::mount(section, ctx, "batchnorm", PARTS)
}
