//! A lab that is built when it is first opened: the shell keeps every lab's `<section>` and header, and the
//! lab's own DOM (and the data it fetches) comes only on the first `show`, so the first view stays light.

use std::cell::RefCell;

use web_sys::Element;

use super::dom::apply_lang;
use super::lab::{Ctx, LabView};
use crate::i18n::Lang;
use crate::urlstate::Route;

/// Builds a lab's view inside its section.
pub type Mount = Box<dyn FnOnce(Element, &Ctx) -> Box<dyn LabView>>;

/// A lab view that mounts itself on the first `show` and forwards everything after that.
pub struct LazyView {
    section: Element,
    ctx: Ctx,
    mount: RefCell<Option<Mount>>,
    view: RefCell<Option<Box<dyn LabView>>>,
}

impl LazyView {
    pub fn new(section: Element, ctx: &Ctx, mount: Mount) -> LazyView {
        LazyView {
            section,
            ctx: ctx.clone(),
            mount: RefCell::new(Some(mount)),
            view: RefCell::new(None),
        }
    }

    /// Whether the lab's own DOM has been built.
    pub fn is_mounted(&self) -> bool {
        self.view.borrow().is_some()
    }

    fn ensure(&self) {
        let Some(mount) = self.mount.borrow_mut().take() else {
            return;
        };
        let view = mount(self.section.clone(), &self.ctx);
        // The shell translated the page before this lab existed: translate the new part now.
        let lang = self.ctx.lang();
        apply_lang(&self.section, lang);
        view.relabel(lang);
        *self.view.borrow_mut() = Some(view);
    }
}

impl LabView for LazyView {
    fn section(&self) -> &Element {
        &self.section
    }

    fn show(&self, route: &Route) {
        self.ensure();
        if let Some(v) = self.view.borrow().as_ref() {
            v.show(route);
        }
    }

    fn hide(&self) {
        if let Some(v) = self.view.borrow().as_ref() {
            v.hide();
        }
    }

    fn relabel(&self, lang: Lang) {
        if let Some(v) = self.view.borrow().as_ref() {
            v.relabel(lang);
        }
    }
}
