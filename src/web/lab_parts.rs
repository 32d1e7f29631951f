//! A lab made of independent sections ("parts"), each owning its own keys in the lab's link: the lab keeps one
//! `Route`, a part changes its keys through `PartCtx::write`, and the lab writes the whole route to the address bar.
//! Used by the labs built after the classroom issue (batch norm, CNN), so no lab wires its sections twice.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;

use super::lab::{Ctx, LabView};
use crate::i18n::Lang;
use crate::urlstate::Route;

/// One section of a lab, as the lab sees it.
pub(crate) trait Part {
    /// The lab became visible with this link: read your keys (bad values fall back to defaults).
    fn show(&self, _route: &Route) {}
    /// The lab was hidden: pause animations and runs that only make sense on screen.
    fn hide(&self) {}
    /// The language changed: static text is already translated; redraw what is computed.
    fn relabel(&self, _lang: Lang) {}
}

/// What a part is given: the lab's context, and a way to change its keys in the lab's link.
#[derive(Clone)]
pub(crate) struct PartCtx {
    pub ctx: Ctx,
    route: Rc<RefCell<Route>>,
}

impl PartCtx {
    pub fn lang(&self) -> Lang {
        self.ctx.lang()
    }

    /// Change this part's keys in the link and write it to the address bar.
    pub fn write(&self, f: impl FnOnce(&mut Route)) {
        let mut r = self.route.borrow_mut();
        f(&mut r);
        (self.ctx.set_route)(&r);
    }
}

/// Builds one part inside the lab's section.
pub(crate) type MountPart = fn(&Element, &PartCtx) -> Rc<dyn Part>;

/// A lab made of parts, mounted in order.
pub(crate) struct PartsView {
    section: Element,
    route: Rc<RefCell<Route>>,
    parts: Vec<Rc<dyn Part>>,
}

impl PartsView {
    pub fn mount(section: Element, ctx: &Ctx, lab: &str, mounts: &[MountPart]) -> PartsView {
        let route = Rc::new(RefCell::new(Route::new(lab)));
        let pctx = PartCtx {
            ctx: ctx.clone(),
            route: route.clone(),
        };
        let parts = mounts.iter().map(|m| m(&section, &pctx)).collect();
        PartsView {
            section,
            route,
            parts,
        }
    }
}

impl LabView for PartsView {
    fn section(&self) -> &Element {
        &self.section
    }

    fn show(&self, route: &Route) {
        *self.route.borrow_mut() = route.clone();
        for p in &self.parts {
            p.show(route);
        }
    }

    fn hide(&self) {
        for p in &self.parts {
            p.hide();
        }
    }

    fn relabel(&self, lang: Lang) {
        for p in &self.parts {
            p.relabel(lang);
        }
    }
}
