//! A slider and a number field for one value, kept in step: dragging the slider writes the field (and fires
//! its `input` event, so a lab listens in one place); typing a valid number moves the slider. The field
//! does the validation (`NumberField`): bad input is marked there and the last good value stays.

use web_sys::{Element, Event, HtmlInputElement};

use super::dom::{self, child, on, set_attr};
use super::field::NumberField;
use crate::numfmt::sig;

#[derive(Clone)]
pub struct SliderField {
    pub field: NumberField,
    pub range: HtmlInputElement,
}

impl SliderField {
    pub fn new(parent: &Element, label: &'static str, lo: f64, hi: f64, step: f64) -> SliderField {
        let wrap = child(parent, "div", "slider-field");
        let field = NumberField::new(&wrap, label, lo, hi, step);
        let range = dom::input(&wrap, "range", "");
        set_attr(&range, "min", &lo.to_string());
        set_attr(&range, "max", &hi.to_string());
        set_attr(&range, "step", &step.to_string());
        set_attr(&range, "data-i18n-aria", label);
        let (input, r) = (field.input.clone(), range.clone());
        on(&range, "input", move |_: Event| {
            input.set_value(&r.value());
            if let Ok(ev) = Event::new("input") {
                let _ = input.dispatch_event(&ev);
            }
        });
        // Typing moves the slider when the text is a number in range (the field marks anything else).
        let (input, r) = (field.input.clone(), range.clone());
        on(&field.input, "input", move |_: Event| {
            if let Ok(v) = crate::input::normalize(&input.value()).parse::<f64>() {
                if v.is_finite() && (lo..=hi).contains(&v) {
                    r.set_value(&v.to_string());
                }
            }
        });
        SliderField { field, range }
    }

    /// Show a value in both (clears any error mark).
    pub fn set(&self, v: f64) {
        self.field.set(v);
        self.range.set_value(&sig(v, 6).replace('−', "-"));
    }
}
