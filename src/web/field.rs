//! A number field with its stated limits and an inline error: bad input is marked at the field and the
//! last good value stays (the parsing itself is `crate::input`, in the core).

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent};

use super::dom::{self, child, set_attr, set_text, text_el};
use crate::error::Error;
use crate::i18n::{self, Lang};
use crate::input::{normalize, parse_integer, parse_number};
use crate::numfmt::{decimal, f32_decimal, sig};

/// `<label>` + `<input type=number>` + limits + error line.
#[derive(Clone)]
pub struct NumberField {
    pub input: HtmlInputElement,
    error: Element,
    limits: Element,
    label: &'static str,
    pub lo: f64,
    pub hi: f64,
    /// Whole numbers only (a seed, a count).
    integer: bool,
    last_error: Rc<RefCell<Option<Error>>>,
}

impl NumberField {
    pub fn new(parent: &Element, label: &'static str, lo: f64, hi: f64, step: f64) -> NumberField {
        let wrap = child(parent, "label", "field");
        text_el(&wrap, "span", "field-label", label);
        let input = decimal_input(&wrap, lo, hi, step);
        let limits = child(&wrap, "small", "limits");
        let error = child(&wrap, "span", "field-error");
        set_attr(&error, "role", "alert");
        NumberField {
            input,
            error,
            limits,
            label,
            lo,
            hi,
            // A field that steps by whole numbers between whole limits (a seed, a count) takes whole numbers
            // only: 1.5 is refused with a message, never rounded behind the user's back.
            integer: step >= 1.0 && step.fract() == 0.0 && lo.fract() == 0.0 && hi.fract() == 0.0,
            last_error: Rc::new(RefCell::new(None)),
        }
    }

    /// A field whose limits are f32 constants: they are stated and compared as the decimals written in the
    /// source (0.9999, not 0.9998999834060669).
    pub fn new_f32(
        parent: &Element,
        label: &'static str,
        range: (f32, f32),
        step: f64,
    ) -> NumberField {
        NumberField::new(
            parent,
            label,
            f32_decimal(range.0),
            f32_decimal(range.1),
            step,
        )
    }

    /// Accept whole numbers only.
    pub fn integer(mut self) -> NumberField {
        self.integer = true;
        self
    }

    pub fn set(&self, v: f64) {
        // A whole-number field shows every digit (a seed of 123456789 must not read back as 1.23457e8).
        let text = if self.integer && v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{v:.0}")
        } else {
            sig(v, 6).replace('−', "-")
        };
        self.input.set_value(&text);
        self.show(None, Lang::En);
    }

    /// The value if valid; otherwise the field is marked with the message and `None` is returned.
    pub fn read(&self, lang: Lang) -> Option<f64> {
        let parse = if self.integer {
            parse_integer
        } else {
            parse_number
        };
        match parse(&self.input.value(), self.label, self.lo, self.hi) {
            Ok(v) => {
                self.show(None, lang);
                Some(v)
            }
            Err(e) => {
                self.show(Some(e), lang);
                None
            }
        }
    }

    fn show(&self, err: Option<Error>, lang: Lang) {
        match &err {
            Some(e) => {
                set_text(&self.error, &e.message(lang));
                set_attr(&self.input, "aria-invalid", "true");
            }
            None => {
                self.error.set_text_content(None);
                let _ = self.input.remove_attribute("aria-invalid");
            }
        }
        *self.last_error.borrow_mut() = err;
    }

    /// Re-render the limits and any error in `lang`.
    pub fn relabel(&self, lang: Lang) {
        let limits = i18n::format(lang, "input.limits", &[decimal(self.lo), decimal(self.hi)]);
        set_text(&self.limits, &limits);
        if let Some(e) = self.last_error.borrow().as_ref() {
            set_text(&self.error, &e.message(lang));
        }
    }
}

/// A `type=text inputmode=decimal` input whose ↑/↓ keys step the value by `step` within [lo, hi], as a
/// number input would. Not `type=number`: that silently turns "abc" into "", and the user must be told what
/// was wrong with what they typed.
pub fn decimal_input(parent: &Element, lo: f64, hi: f64, step: f64) -> HtmlInputElement {
    let input = dom::input(parent, "text", "");
    set_attr(&input, "inputmode", "decimal");
    set_attr(&input, "autocomplete", "off");
    set_attr(&input, "spellcheck", "false");
    let inp = input.clone();
    dom::on(&input, "keydown", move |ev: KeyboardEvent| {
        let dir = match ev.key().as_str() {
            "ArrowUp" => 1.0,
            "ArrowDown" => -1.0,
            _ => return,
        };
        ev.prevent_default();
        let now: f64 = normalize(&inp.value()).parse().unwrap_or(lo);
        let now = if now.is_finite() { now } else { lo };
        let next = ((now + dir * step) / step).round() * step;
        inp.set_value(&sig(next.clamp(lo, hi), 6).replace('−', "-"));
        if let Ok(ev) = Event::new("input") {
            let _ = inp.dispatch_event(&ev);
        }
    });
    input
}
