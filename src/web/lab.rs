//! What every lab view shares: the context it is given (language, message area, URL writer) and the
//! trait the shell drives (show with a route, hide, relabel on a language change).

use std::cell::Cell;
use std::rc::Rc;

use web_sys::Element;

use super::messages::Messages;
use crate::i18n::Lang;
use crate::urlstate::Route;

/// Given to each lab when it is mounted.
#[derive(Clone)]
pub struct Ctx {
    pub lang: Rc<Cell<Lang>>,
    pub messages: Messages,
    /// Write the lab's settings into the URL (history.replaceState: no reload, no new history entry).
    pub set_route: Rc<dyn Fn(&Route)>,
}

impl Ctx {
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }
}

/// A mounted lab, as the shell sees it.
pub trait LabView {
    /// The `<section>` the lab lives in.
    fn section(&self) -> &Element;
    /// The lab becomes visible, with the settings from the URL.
    fn show(&self, route: &Route);
    /// The lab is hidden: pause animations.
    fn hide(&self) {}
    /// The language changed: static text is already translated; redraw what is computed.
    fn relabel(&self, _lang: Lang) {}
}
