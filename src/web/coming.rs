//! The plain "coming" card of a lab that a later issue builds: its title, chapter and what it will cover.
//! Nothing fake: no controls, no sample output.

use web_sys::Element;

use super::dom::{child, text_el};
use super::lab::LabView;
use crate::labs::catalog::LabInfo;
use crate::urlstate::Route;

pub struct ComingView {
    section: Element,
}

impl ComingView {
    pub fn mount(section: Element, info: &LabInfo) -> ComingView {
        let card = child(&section, "div", "card coming");
        text_el(&card, "span", "badge", "coming.badge");
        text_el(&card, "h3", "", "coming.title");
        text_el(&card, "p", "", "coming.body");
        text_el(&card, "p", "plan", &info.summary_key());
        ComingView { section }
    }
}

impl LabView for ComingView {
    fn section(&self) -> &Element {
        &self.section
    }

    fn show(&self, _route: &Route) {}
}
