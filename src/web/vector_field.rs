//! A short vector (or a 2×2 matrix) of number inputs under one label, with the stated limits and one error
//! line: an empty, non-numeric or out-of-range entry is marked at its input and the last good vector stays.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, Event, HtmlInputElement};

use crate::error::Error;
use crate::i18n::{self, Lang};
use crate::input::parse_number;
use crate::numfmt::sig;
use crate::web::dom::{self, child, set_attr, set_text, text_el};
use crate::web::field::decimal_input;

#[derive(Clone)]
pub struct VectorField {
    pub root: Element,
    pub inputs: Vec<HtmlInputElement>,
    error: Element,
    limits: Element,
    label: &'static str,
    items: Vec<String>,
    pub lo: f64,
    pub hi: f64,
    last_error: Rc<RefCell<Option<(usize, Error)>>>,
}

impl VectorField {
    /// `items` are the short names shown above each input (k, or w11…); `cols` inputs per row.
    pub fn new(
        parent: &Element,
        label: &'static str,
        items: Vec<String>,
        cols: usize,
        (lo, hi): (f64, f64),
        step: f64,
    ) -> VectorField {
        let root = child(parent, "div", "vfield");
        text_el(&root, "span", "field-label", label);
        let grid = child(&root, "div", "vgrid");
        set_attr(&grid, "style", &format!("--cols:{cols}"));
        let mut inputs = Vec::new();
        for item in &items {
            let cell = child(&grid, "label", "vcell");
            let name = child(&cell, "span", "vname");
            set_text(&name, item);
            let input = decimal_input(&cell, lo, hi, step);
            inputs.push(input);
        }
        let limits = child(&root, "small", "limits");
        let error = child(&root, "span", "field-error");
        set_attr(&error, "role", "alert");
        VectorField {
            root,
            inputs,
            error,
            limits,
            label,
            items,
            lo,
            hi,
            last_error: Rc::new(RefCell::new(None)),
        }
    }

    /// Call `f` whenever any entry is edited.
    pub fn on_input(&self, f: impl Fn() + 'static) {
        let f = Rc::new(f);
        for input in &self.inputs {
            let f = f.clone();
            dom::on(input, "input", move |_: Event| f());
        }
    }

    pub fn set(&self, v: &[f32]) {
        for (input, x) in self.inputs.iter().zip(v) {
            input.set_value(&sig(*x as f64, 6).replace('−', "-"));
            let _ = input.remove_attribute("aria-invalid");
        }
        self.error.set_text_content(None);
        *self.last_error.borrow_mut() = None;
    }

    /// Every entry if all are valid; otherwise the bad entries are marked, the first one's message is
    /// shown, and `None` is returned (the caller keeps its last good vector).
    pub fn read(&self, lang: Lang) -> Option<Vec<f32>> {
        let mut out = Vec::with_capacity(self.inputs.len());
        let mut first: Option<(usize, Error)> = None;
        for (i, input) in self.inputs.iter().enumerate() {
            match parse_number(&input.value(), self.label, self.lo, self.hi) {
                Ok(v) => {
                    let _ = input.remove_attribute("aria-invalid");
                    out.push(v as f32);
                }
                Err(e) => {
                    set_attr(input, "aria-invalid", "true");
                    first.get_or_insert((i, e));
                }
            }
        }
        let ok = first.is_none();
        *self.last_error.borrow_mut() = first;
        self.render_error(lang);
        ok.then_some(out)
    }

    fn render_error(&self, lang: Lang) {
        match self.last_error.borrow().as_ref() {
            Some((i, e)) => {
                let item = self.items.get(*i).map(String::as_str).unwrap_or("");
                self.error
                    .set_text_content(Some(&format!("[{item}] {}", e.message(lang))));
            }
            None => self.error.set_text_content(None),
        }
    }

    /// Limits, input names for screen readers, and any error, in `lang`.
    pub fn relabel(&self, lang: Lang) {
        let limits = i18n::format(lang, "input.limits", &[sig(self.lo, 6), sig(self.hi, 6)]);
        set_text(&self.limits, &limits);
        let label = i18n::t(lang, self.label);
        for (input, item) in self.inputs.iter().zip(&self.items) {
            set_attr(input, "aria-label", &format!("{label} {item}"));
        }
        self.render_error(lang);
    }
}
