//! A CNN view that steps a window over a small grid (convolution arithmetic, pooling): integer fields for its
//! settings, the last accepted example (a refused combination is said beside the fields while the last good one
//! stays drawn), the step controls, ← → on the figure, and position k of the output in the link.
//! What differs between the views is the `WindowDemo` (its settings, figure and numbers box).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::{Element, Event};

use super::grid::{self, Grid};
use super::shell::Shell;
use super::stepper::Stepper;
use crate::i18n::Lang;
use crate::urlstate::Route;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{on, window};
use crate::web::field::NumberField;
use crate::web::lab_parts::{Part, PartCtx};
use crate::Result;

/// A checked example of a window view: built from its settings, or refused with a readable error.
pub(crate) trait WindowDemo: Sized + 'static {
    type Cfg: Copy + 'static;
    /// The example for these settings (their position may be past the end: the view clamps it).
    fn build(cfg: Self::Cfg) -> Result<Self>;
    fn cfg(&self) -> Self::Cfg;
    /// The same example with other settings of the same shape (another window position).
    fn with_cfg(self, cfg: Self::Cfg) -> Self;
    /// How many window positions the output has (≥ 1).
    fn positions(&self) -> usize;
    /// The settings at window position k.
    fn at(cfg: Self::Cfg, k: usize) -> Self::Cfg;
    fn position(cfg: &Self::Cfg) -> usize;
    /// The fields' values, in the order the view's fields were made.
    fn fields(cfg: &Self::Cfg) -> Vec<f64>;
    /// Settings from the fields' values (each already within its field's limits), at position 0.
    fn from_fields(v: &[f64]) -> Self::Cfg;
    fn read(r: &Route) -> Self::Cfg;
    fn write(cfg: &Self::Cfg, r: &mut Route);
    /// Called after the view took new settings (the arithmetic view tells the im2col view).
    fn changed(_cfg: &Self::Cfg) {}
    fn figure(&self, lang: Lang) -> Vec<Grid>;
    fn readout(&self, refused: bool, lang: Lang) -> String;
}

pub(crate) struct WindowView<D: WindowDemo> {
    pctx: PartCtx,
    fields: Vec<NumberField>,
    canvas: HiDpiCanvas,
    readout: Element,
    /// The last combination the engine accepted (shown while a refused one is being fixed).
    good: RefCell<D>,
    refused: Cell<bool>,
    stepper: RefCell<Option<Rc<Stepper>>>,
}

impl<D: WindowDemo> WindowView<D> {
    /// Wire the view into `shell`: the step controls go into `steps`, `fields` were made by the caller (in the
    /// order of `WindowDemo::fields`), `scrub_key` names the position scrubber.
    pub fn new(
        shell: &Shell,
        steps: &Element,
        fields: Vec<NumberField>,
        scrub_key: &str,
        first: D,
        pctx: &PartCtx,
    ) -> Rc<Self> {
        let v = Rc::new(WindowView {
            pctx: pctx.clone(),
            fields,
            canvas: shell.canvas.clone(),
            readout: shell.readout.clone(),
            good: RefCell::new(first),
            refused: Cell::new(false),
            stepper: RefCell::new(None),
        });
        let weak = Rc::downgrade(&v);
        let stepper = Stepper::new(steps, scrub_key, pctx.ctx.lang.clone(), move |k| {
            if let Some(v) = weak.upgrade() {
                v.go_to(k);
            }
        });
        *v.stepper.borrow_mut() = Some(stepper);
        for f in &v.fields {
            let v2 = v.clone();
            on(&f.input, "input", move |_: Event| v2.read_fields());
        }
        let (v2, v3) = (v.clone(), v.clone());
        shell.arrow_keys(
            move || {
                let d = v2.good.borrow();
                (D::position(&d.cfg()), d.positions())
            },
            move |k| v3.go_to(k),
        );
        let v2 = v.clone();
        on(&window(), "resize", move |_: Event| v2.draw());
        v
    }

    fn lang(&self) -> Lang {
        self.pctx.lang()
    }

    pub fn pause(&self) {
        if let Some(s) = self.stepper.borrow().as_ref() {
            s.pause();
        }
    }

    /// Read every field; a bad value is marked at its field, a refused combination is shown beside it.
    fn read_fields(&self) {
        self.pause();
        let lang = self.lang();
        let vals: Option<Vec<f64>> = self.fields.iter().map(|f| f.read(lang)).collect();
        if let Some(vals) = vals {
            self.apply(D::from_fields(&vals), false);
        }
    }

    /// Take new settings: the fields (when they did not come from the fields), the link, the figure and numbers.
    pub fn apply(&self, cfg: D::Cfg, set_fields: bool) {
        if set_fields {
            for (f, v) in self.fields.iter().zip(D::fields(&cfg)) {
                f.set(v);
            }
        }
        match D::build(cfg) {
            Ok(d) => {
                let last = d.positions() - 1;
                let cfg = D::at(cfg, D::position(&cfg).min(last));
                *self.good.borrow_mut() = d.with_cfg(cfg);
                if self.refused.replace(false) {
                    self.pctx.ctx.messages.clear();
                }
                self.pctx.write(|r| D::write(&cfg, r));
                D::changed(&cfg);
            }
            Err(e) => {
                self.refused.set(true);
                self.pctx.ctx.messages.show(e, self.lang());
            }
        }
        self.render();
    }

    fn go_to(&self, k: usize) {
        if self.refused.get() {
            return;
        }
        let cfg = D::at(self.good.borrow().cfg(), k);
        self.apply(cfg, false);
    }

    fn render(&self) {
        let d = self.good.borrow();
        if let Some(s) = self.stepper.borrow().as_ref() {
            s.set(D::position(&d.cfg()), d.positions());
        }
        self.readout
            .set_inner_html(&d.readout(self.refused.get(), self.lang()));
        drop(d);
        self.draw();
    }

    fn draw(&self) {
        let d = self.good.borrow();
        grid::draw(&self.canvas, &[d.figure(self.lang())]);
    }
}

impl<D: WindowDemo> Part for WindowView<D> {
    fn show(&self, route: &Route) {
        self.refused.set(false);
        self.apply(D::read(route), true);
    }

    fn hide(&self) {
        self.pause();
    }

    fn relabel(&self, lang: Lang) {
        for f in &self.fields {
            f.relabel(lang);
        }
        self.render();
    }
}
