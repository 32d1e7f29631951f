//! The loss-functions lab view: one settings struct (`LossLabConfig`, kept in the URL) shared by three
//! panels: the example (y, t, SSE and CEE with every term, −log y), the mini-batch, and accuracy vs loss.

mod accuracy_panel;
mod batch_panel;
mod example;

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, Event};

use super::dom::{self, on};
use super::lab::{Ctx, LabView};
use crate::i18n::Lang;
use crate::labs::loss::LossLabConfig;
use crate::urlstate::Route;

use accuracy_panel::AccuracyPanel;
use batch_panel::BatchPanel;
use example::ExamplePanel;

struct Parts {
    ctx: Ctx,
    cfg: RefCell<LossLabConfig>,
    example: ExamplePanel,
    batch: BatchPanel,
    accuracy: AccuracyPanel,
}

pub struct LossView {
    section: Element,
    parts: Rc<Parts>,
}

impl LossView {
    pub fn mount(section: Element, ctx: &Ctx) -> LossView {
        let example = ExamplePanel::mount(&section);
        let batch = BatchPanel::mount(&section);
        let accuracy = AccuracyPanel::mount(&section);
        let parts = Rc::new(Parts {
            ctx: ctx.clone(),
            cfg: RefCell::new(LossLabConfig::default()),
            example,
            batch,
            accuracy,
        });
        example::wire(&parts);
        batch_panel::wire(&parts);
        accuracy_panel::wire(&parts);
        let p2 = parts.clone();
        on(&dom::window(), "resize", move |_: Event| p2.redraw());
        LossView { section, parts }
    }
}

impl Parts {
    /// Settings changed by a control: write the URL and redraw everything that depends on them.
    fn changed(&self) {
        let mut route = Route::new("loss");
        self.cfg.borrow().write(&mut route);
        (self.ctx.set_route)(&route);
        self.redraw();
    }

    /// Put the settings into every control (after `show` or a preset).
    fn sync(&self) {
        let cfg = self.cfg.borrow().clone();
        self.example.sync(&cfg);
        self.batch.sync(&cfg);
    }

    fn redraw(&self) {
        let cfg = self.cfg.borrow().clone();
        let lang = self.ctx.lang();
        self.example.render(&cfg, lang);
        self.batch.render(&cfg, lang);
        self.accuracy.render(&cfg, lang);
    }
}

impl LabView for LossView {
    fn section(&self) -> &Element {
        &self.section
    }

    fn show(&self, route: &Route) {
        *self.parts.cfg.borrow_mut() = LossLabConfig::read(route);
        self.parts.sync();
        self.parts.redraw();
    }

    fn relabel(&self, _lang: Lang) {
        self.parts.redraw();
    }
}
