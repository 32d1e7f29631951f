//! The page's visible message area: errors from the core (rendered in the current language, and again
//! when the language changes) with a dismiss button. Screen readers hear them (aria-live).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, MouseEvent};

use super::dom::{button, child, on, set_attr};
use crate::error::Error;
use crate::i18n::Lang;

#[derive(Clone)]
pub struct Messages {
    root: Element,
    text: Element,
    current: Rc<RefCell<Option<Error>>>,
}

impl Messages {
    pub fn new(parent: &Element) -> Messages {
        let root = child(parent, "div", "message");
        set_attr(&root, "role", "alert");
        set_attr(&root, "aria-live", "assertive");
        root.set_attribute("hidden", "").ok();
        let text = child(&root, "span", "message-text");
        let close = button(&root, "message-close", "msg.dismiss");
        let m = Messages {
            root,
            text,
            current: Rc::new(RefCell::new(None)),
        };
        let m2 = m.clone();
        on(
            close.unchecked_ref::<HtmlElement>(),
            "click",
            move |_: MouseEvent| m2.clear(),
        );
        m
    }

    pub fn show(&self, err: Error, lang: Lang) {
        self.text.set_text_content(Some(&err.message(lang)));
        let _ = self.root.remove_attribute("hidden");
        *self.current.borrow_mut() = Some(err);
    }

    pub fn clear(&self) {
        self.root.set_attribute("hidden", "").ok();
        *self.current.borrow_mut() = None;
    }

    pub fn relabel(&self, lang: Lang) {
        if let Some(e) = self.current.borrow().as_ref() {
            self.text.set_text_content(Some(&e.message(lang)));
        }
    }

    /// The message on screen, if any (for tests).
    pub fn current(&self) -> Option<Error> {
        self.current.borrow().clone()
    }
}
