//! The book's figure 6-19: 16 weight scales with and without batch norm (placeholder: being built; mounts nothing yet).

use std::rc::Rc;

use web_sys::Element;

use crate::web::lab_parts::{Part, PartCtx};

struct Placeholder;
impl Part for Placeholder {}

pub(crate) fn mount(_parent: &Element, _ctx: &PartCtx) -> Rc<dyn Part> {
    Rc::new(Placeholder)
}
