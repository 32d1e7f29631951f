//! The chapter 6 section of the MNIST lab: its heading and note, the three experiment panels (optimizers
//! compared, init histograms, overfitting), and what the two training experiments share: a pausable
//! time-sliced runner that also keeps the time a run took.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use web_sys::{Element, HtmlElement, MouseEvent};

use super::{panel, Lab};
use crate::web::anim::Budget;
use crate::web::dom::{child, on, set_attr, set_text, text_el};
use crate::web::AnimLoop;

/// The frame budget for an experiment's steps, as for the training panel.
pub const BUDGET_MS: f64 = super::train_panel::BUDGET_MS;
/// Charts are redrawn at most this often while an experiment runs.
pub const DRAW_EVERY_MS: f64 = 250.0;

/// The section that holds the three experiments.
pub(crate) fn section(parent: &Element) -> Element {
    let p = panel(parent, "mnist.ch6.title");
    set_attr(&p, "data-role", "ch6");
    text_el(&p, "p", "hint", "mnist.ch6.body");
    p
}

/// A sub-panel of the section: `<section class="ch6-exp">` with an `<h4>`.
pub(crate) fn experiment(parent: &Element, heading: &str, role: &str) -> Element {
    let s = child(parent, "section", "ch6-exp");
    set_attr(&s, "data-role", role);
    text_el(&s, "h4", "", heading);
    s
}

type TickFn = fn(&Rc<Lab>, &Budget) -> bool;

/// A pausable loop for one experiment and its Run/Pause button, with the wall-clock time it has run (pauses
/// excluded).
pub(crate) struct Runner {
    pub button: HtmlElement,
    anim: RefCell<Option<AnimLoop>>,
    started: Cell<Option<f64>>,
    ran_ms: Cell<f64>,
    pub last_draw: Cell<f64>,
}

impl Runner {
    pub fn new(button: HtmlElement) -> Runner {
        Runner {
            button,
            anim: RefCell::new(None),
            started: Cell::new(None),
            ran_ms: Cell::new(0.0),
            last_draw: Cell::new(0.0),
        }
    }

    /// Start or resume: every other loop of the lab is paused first (one runs at a time).
    pub fn play(&self, lab: &Rc<Lab>, tick: TickFn) {
        lab.pause_all();
        if self.anim.borrow().is_none() {
            let weak: Weak<Lab> = Rc::downgrade(lab);
            let anim = AnimLoop::new(BUDGET_MS, move |b| match weak.upgrade() {
                Some(l) => tick(&l, b),
                None => false,
            });
            *self.anim.borrow_mut() = Some(anim);
        }
        self.started.set(Some(Budget::now()));
        set_running(&self.button, true, lab);
        if let Some(a) = self.anim.borrow().as_ref() {
            a.play();
        }
    }

    /// Stop the loop (if it runs) and bank the time it ran.
    pub fn pause(&self, lab: &Lab) {
        if let Some(a) = self.anim.borrow().as_ref() {
            a.pause();
        }
        if let Some(t0) = self.started.take() {
            self.ran_ms.set(self.ran_ms.get() + Budget::now() - t0);
        }
        set_running(&self.button, false, lab);
    }

    pub fn is_running(&self) -> bool {
        self.anim.borrow().as_ref().is_some_and(|a| a.is_running())
    }

    /// Milliseconds run so far (the current stretch included).
    pub fn ran_ms(&self) -> f64 {
        self.ran_ms.get() + self.started.get().map_or(0.0, |t0| Budget::now() - t0)
    }

    pub fn clear_time(&self) {
        self.ran_ms.set(0.0);
        if self.started.get().is_some() {
            self.started.set(Some(Budget::now()));
        }
    }

    /// Whether the charts are due for a redraw (and mark them drawn).
    pub fn draw_due(&self) -> bool {
        let now = Budget::now();
        if now - self.last_draw.get() >= DRAW_EVERY_MS {
            self.last_draw.set(now);
            true
        } else {
            false
        }
    }
}

/// Wire an experiment's Run/Pause button (through `runner`) and its Reset button.
pub(crate) fn wire_run(
    lab: &Rc<Lab>,
    runner: fn(&Lab) -> &Runner,
    reset_button: &HtmlElement,
    play: fn(&Rc<Lab>),
    reset: fn(&Rc<Lab>),
    render: fn(&Rc<Lab>),
) {
    let l = lab.clone();
    on(&runner(lab).button, "click", move |_: MouseEvent| {
        let r = runner(&l);
        if r.is_running() {
            r.pause(&l);
            render(&l);
        } else {
            play(&l);
        }
    });
    let l = lab.clone();
    on(reset_button, "click", move |_: MouseEvent| reset(&l));
}

/// The run button's text and pressed state.
fn set_running(button: &HtmlElement, running: bool, lab: &Lab) {
    let key = if running {
        "mnist.train.pause"
    } else {
        "mnist.ch6.run"
    };
    set_attr(button, "data-i18n", key);
    set_attr(
        button,
        "aria-pressed",
        if running { "true" } else { "false" },
    );
    set_text(button, crate::i18n::t(lab.lang(), key));
}

/// A status line's text from an i18n key.
pub(crate) fn set_status(el: &Element, key: &str, args: &[String], lab: &Lab) {
    set_text(el, &crate::i18n::format(lab.lang(), key, args));
}
