//! The step controls of the CNN views: back (with the position scrubber), step, play/pause and reset, marked
//! with `stage::key_action` so present mode's clicker keys press them. The view owns the position; the
//! stepper asks it to go to k of n and plays about 1.5 windows a second.

use std::cell::{Cell, RefCell};

use std::rc::Rc;

use web_sys::{Element, HtmlElement, MouseEvent};

use crate::i18n::{t, Lang};
use crate::web::anim::{AnimLoop, Budget};
use crate::web::dom::{button, child, on, set_attr, set_text};
use crate::web::stage::key_action;
use crate::web::timeline::Timeline;

/// Milliseconds between two windows while playing.
const PLAY_MS: f64 = 650.0;

pub(crate) struct Stepper {
    timeline: Timeline,
    step: HtmlElement,
    play: HtmlElement,
    lang: Rc<Cell<Lang>>,
    k: Cell<usize>,
    n: Cell<usize>,
    go: Rc<dyn Fn(usize)>,
    anim: RefCell<Option<AnimLoop>>,
    last: Cell<f64>,
}

impl Stepper {
    /// Buttons in a `.button-row` under `parent`; `go(k)` shows position k (and writes it to the link).
    /// `scrub_key` names the scrubber in both languages.
    pub fn new(
        parent: &Element,
        scrub_key: &str,
        lang: Rc<Cell<Lang>>,
        go: impl Fn(usize) + 'static,
    ) -> Rc<Stepper> {
        let row = child(parent, "div", "button-row cnn-steps");
        let back = button(&row, "", "cnn.back");
        let step = button(&row, "", "cnn.step");
        let play = button(&row, "", "cnn.play");
        let reset = button(&row, "", "cnn.reset");
        set_attr(&step, "data-role", "step");
        set_attr(&play, "data-role", "play");
        set_attr(&reset, "data-role", "reset");
        set_attr(&back, "data-role", "back");
        key_action(&step, "step");
        key_action(&play, "play");
        key_action(&reset, "reset");
        let timeline = Timeline::with_back(&row, scrub_key, back);
        let s = Rc::new(Stepper {
            timeline,
            step: step.clone(),
            play,
            lang,
            k: Cell::new(0),
            n: Cell::new(1),
            go: Rc::new(go),
            anim: RefCell::new(None),
            last: Cell::new(0.0),
        });
        let weak = Rc::downgrade(&s);
        let anim = AnimLoop::new(4.0, move |_b: &Budget| {
            let Some(s) = weak.upgrade() else {
                return false;
            };
            let now = Budget::now();
            if now - s.last.get() < PLAY_MS {
                return true;
            }
            s.last.set(now);
            let next = s.k.get() + 1;
            if next >= s.n.get() {
                s.set_playing(false);
                return false;
            }
            (s.go)(next);
            if next + 1 >= s.n.get() {
                s.set_playing(false);
                return false;
            }
            true
        });
        *s.anim.borrow_mut() = Some(anim);
        let s2 = s.clone();
        on(&step, "click", move |_: MouseEvent| {
            s2.pause();
            let k = s2.k.get();
            if k + 1 < s2.n.get() {
                (s2.go)(k + 1);
            }
        });
        let s2 = s.clone();
        s.timeline.on_back(move || {
            s2.pause();
            let k = s2.k.get();
            if k > 0 {
                (s2.go)(k - 1);
            }
        });
        let s2 = s.clone();
        s.timeline.on_seek(move |k| {
            s2.pause();
            (s2.go)(k.min(s2.n.get().saturating_sub(1)));
        });
        let s2 = s.clone();
        on(&reset, "click", move |_: MouseEvent| {
            s2.pause();
            (s2.go)(0);
        });
        let s2 = s.clone();
        on(&s.play.clone(), "click", move |_: MouseEvent| {
            if s2.is_playing() {
                s2.pause();
            } else {
                // From the end, play starts again at the first window.
                if s2.k.get() + 1 >= s2.n.get() {
                    (s2.go)(0);
                }
                s2.last.set(Budget::now());
                s2.set_playing(true);
            }
        });
        s
    }

    /// Show position k of n positions (0-based); the scrubber runs 0 … n − 1.
    pub fn set(&self, k: usize, n: usize) {
        self.k.set(k);
        self.n.set(n.max(1));
        self.timeline.set(k, n.max(1) - 1);
        let on_last = k + 1 >= n;
        let _ = if on_last {
            self.step.set_attribute("disabled", "")
        } else {
            self.step.remove_attribute("disabled")
        };
    }

    fn is_playing(&self) -> bool {
        self.anim.borrow().as_ref().is_some_and(|a| a.is_running())
    }

    fn set_playing(&self, on: bool) {
        if let Some(a) = self.anim.borrow().as_ref() {
            if on {
                a.play();
            } else {
                a.pause();
            }
        }
        set_attr(
            &self.play,
            "data-i18n",
            if on { "cnn.pause" } else { "cnn.play" },
        );
        let key = if on { "cnn.pause" } else { "cnn.play" };
        set_text(&self.play, t(self.lang.get(), key));
        set_attr(
            &self.play,
            "aria-pressed",
            if on { "true" } else { "false" },
        );
    }

    pub fn pause(&self) {
        self.set_playing(false);
    }
}
