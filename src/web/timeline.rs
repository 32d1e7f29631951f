//! The timeline of a run: a "step back" button (`data-key-action="back"`, which present mode clicks for ← and
//! PageUp), a scrubber (a range input from 0 to the last step reached, keyboard reachable, labelled in both
//! languages) and "k / n" beside it. The lab owns the history; the timeline only asks to go to step k.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlButtonElement, HtmlElement, HtmlInputElement, MouseEvent};

use super::dom::{self, button, child, on, set_attr, set_text};

/// A step-back button and a scrubber, placed in a lab's button row or below it.
#[derive(Clone)]
pub struct Timeline {
    pub back: HtmlElement,
    pub range: HtmlInputElement,
    pos: Element,
}

impl Timeline {
    /// `label_key` names what the scrubber moves through (an epoch, a step, a stage), in both languages.
    pub fn new(parent: &Element, label_key: &str) -> Timeline {
        let wrap = child(parent, "div", "timeline");
        let back = button(&wrap, "", "timeline.back");
        set_attr(&back, "data-role", "back");
        Self::with_back(&wrap, label_key, back)
    }

    /// A scrubber beside a lab's own "step back" button (marked for present mode here).
    pub fn with_back(wrap: &Element, label_key: &str, back: HtmlElement) -> Timeline {
        super::stage::key_action(&back, "back");
        let range = dom::input(wrap, "range", "");
        set_attr(&range, "min", "0");
        set_attr(&range, "step", "1");
        set_attr(&range, "data-role", "scrub");
        set_attr(&range, "data-i18n-aria", label_key);
        let pos = child(wrap, "output", "timeline-pos");
        set_attr(&pos, "aria-hidden", "true");
        Timeline { back, range, pos }
    }

    /// Show step `k` of `n` (the last step reached); "step back" is off at 0.
    pub fn set(&self, k: usize, n: usize) {
        let n = n.max(k);
        set_attr(&self.range, "max", &n.to_string());
        self.range.set_value(&k.to_string());
        set_attr(&self.range, "aria-valuetext", &format!("{k} / {n}"));
        set_text(&self.pos, &format!("{k} / {n}"));
        self.back
            .unchecked_ref::<HtmlButtonElement>()
            .set_disabled(k == 0);
    }

    /// "Step back" on or off where the run can go back past 0 (an earlier iteration, say).
    pub fn enable_back(&self, on: bool) {
        self.back
            .unchecked_ref::<HtmlButtonElement>()
            .set_disabled(!on);
    }

    /// `f()` on a press of "step back".
    pub fn on_back(&self, f: impl Fn() + 'static) {
        on(&self.back, "click", move |_: MouseEvent| f());
    }

    /// `f(k)` when the scrubber moves to k.
    pub fn on_seek(&self, f: impl Fn(usize) + 'static) {
        let range = self.range.clone();
        let f = Rc::new(f);
        on(&self.range, "input", move |_: Event| {
            if let Ok(k) = range.value().parse::<usize>() {
                f(k);
            }
        });
    }
}
