//! A lesson in the page: "Add to lesson" (with a title) beside each lab's copy-link button collects scenes
//! into a draft kept in the browser; the lesson bar lists the draft (remove a scene, present it, copy its one
//! link, clear it), and while a lesson link is open it shows the scene number and title with Previous and
//! Next, which open the neighbouring scenes (`data-key-action="prev-scene" | "next-scene"`).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, MouseEvent};

use super::dom::{self, button, child, on, set_attr, set_text};
use super::messages::Messages;
use super::share;
use crate::i18n::{self, Lang};
use crate::labs::lesson::{Lesson, MAX_TITLE};
use crate::urlstate::Route;

const DRAFT_KEY: &str = "nnlab.lesson.draft";

struct Inner {
    bar: Element,
    body: Element,
    messages: Messages,
    /// The lesson being presented and its scene, from the link on screen.
    presenting: RefCell<Option<(Lesson, usize)>>,
    lang: RefCell<Lang>,
}

/// The lesson bar above the labs. Cloning shares it.
#[derive(Clone)]
pub struct LessonBar {
    inner: Rc<Inner>,
}

impl LessonBar {
    pub fn new(main: &Element, messages: &Messages) -> LessonBar {
        let bar = child(main, "section", "lesson-bar");
        set_attr(&bar, "data-i18n-aria", "lesson.title");
        set_attr(&bar, "hidden", "");
        let body = child(&bar, "div", "lesson-body");
        LessonBar {
            inner: Rc::new(Inner {
                bar,
                body,
                messages: messages.clone(),
                presenting: RefCell::new(None),
                lang: RefCell::new(Lang::En),
            }),
        }
    }

    /// The link on screen changed (or the language): show the scene it presents, else the draft.
    pub fn update(&self, route: &Route, lang: Lang) {
        *self.inner.lang.borrow_mut() = lang;
        // The title fields say what they are for (apply_lang does not translate placeholders).
        if let Ok(fields) = dom::document().query_selector_all(".lesson-scene-title") {
            for i in 0..fields.length() {
                if let Some(f) = fields.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    set_attr(&f, "placeholder", i18n::t(lang, "lesson.scene_title.ph"));
                }
            }
        }
        match Lesson::of(route) {
            Ok(p) => *self.inner.presenting.borrow_mut() = p,
            Err(e) => {
                *self.inner.presenting.borrow_mut() = None;
                self.inner.messages.show(e, lang);
            }
        }
        self.render();
    }

    /// "Add to lesson" and its title field, in a lab header's sharing row.
    pub fn add_controls(&self, row: &Element) {
        let title: HtmlInputElement = dom::input(row, "text", "lesson-scene-title");
        set_attr(&title, "maxlength", &MAX_TITLE.to_string());
        set_attr(&title, "data-i18n-aria", "lesson.scene_title");
        set_attr(&title, "data-role", "lesson-title");
        let add = button(row, "lesson-add", "lesson.add");
        set_attr(&add, "data-role", "lesson-add");
        let me = self.clone();
        on(&add, "click", move |_: MouseEvent| {
            let route = Route::parse(&dom::window().location().hash().unwrap_or_default());
            let mut draft = draft();
            match draft.add(&title.value(), &route) {
                Ok(()) => {
                    save_draft(&draft);
                    title.set_value("");
                    me.render();
                }
                Err(e) => me.inner.messages.show(e, *me.inner.lang.borrow()),
            }
        });
    }

    fn render(&self) {
        let inner = &self.inner;
        let lang = *inner.lang.borrow();
        inner.body.set_inner_html("");
        let presenting = inner.presenting.borrow().clone();
        if let Some((lesson, k)) = presenting {
            let _ = inner.bar.remove_attribute("hidden");
            set_attr(&inner.bar, "data-mode", "present");
            let n = lesson.scenes.len();
            let head = child(&inner.body, "p", "lesson-now");
            set_text(
                &head,
                &i18n::format(
                    lang,
                    "lesson.now",
                    &[
                        (k + 1).to_string(),
                        n.to_string(),
                        lesson.scenes[k].title.clone(),
                    ],
                ),
            );
            set_attr(&head, "aria-live", "polite");
            let row = child(&inner.body, "div", "button-row");
            self.go_button(&row, "lesson.prev", "prev-scene", &lesson, k.checked_sub(1));
            self.go_button(
                &row,
                "lesson.next",
                "next-scene",
                &lesson,
                (k + 1 < n).then_some(k + 1),
            );
            let leave = button(&row, "", "lesson.leave");
            set_attr(&leave, "data-role", "lesson-leave");
            let hash = lesson.scenes[k].hash.clone();
            on(&leave, "click", move |_: MouseEvent| {
                let _ = dom::window().location().set_hash(&hash);
            });
        } else {
            let d = draft();
            if d.scenes.is_empty() {
                set_attr(&inner.bar, "hidden", "");
                return;
            }
            let _ = inner.bar.remove_attribute("hidden");
            set_attr(&inner.bar, "data-mode", "draft");
            let head = child(&inner.body, "p", "lesson-now");
            set_text(
                &head,
                &i18n::format(lang, "lesson.draft", &[d.scenes.len().to_string()]),
            );
            let list = child(&inner.body, "ol", "lesson-scenes");
            for (i, s) in d.scenes.iter().enumerate() {
                let li = child(&list, "li", "");
                let t = child(&li, "span", "");
                set_text(&t, &s.title);
                let rm = button(&li, "small", "lesson.remove");
                set_text(&rm, i18n::t(lang, "lesson.remove"));
                set_attr(
                    &rm,
                    "aria-label",
                    &i18n::format(lang, "lesson.remove.aria", std::slice::from_ref(&s.title)),
                );
                let me = self.clone();
                on(&rm, "click", move |_: MouseEvent| {
                    let mut d = draft();
                    if i < d.scenes.len() {
                        d.scenes.remove(i);
                    }
                    save_draft(&d);
                    me.render();
                });
            }
            let row = child(&inner.body, "div", "button-row");
            let start = button(&row, "primary", "lesson.start");
            set_attr(&start, "data-role", "lesson-start");
            let copy = button(&row, "", "lesson.copy");
            set_attr(&copy, "data-role", "lesson-copy");
            let clear = button(&row, "", "lesson.clear");
            set_attr(&clear, "data-role", "lesson-clear");
            let (status, field) = share::copy_feedback(&row);
            for b in [&start, &copy, &clear] {
                let key = b.get_attribute("data-i18n").unwrap_or_default();
                set_text(b, i18n::t(lang, &key));
            }
            let d2 = d.clone();
            on(&start, "click", move |_: MouseEvent| open(&d2, 0));
            on(&copy, "click", move |_: MouseEvent| {
                if let Some(link) = d.link(0) {
                    let loc = dom::window().location();
                    let base = format!(
                        "{}{}{}",
                        loc.origin().unwrap_or_default(),
                        loc.pathname().unwrap_or_default(),
                        loc.search().unwrap_or_default()
                    );
                    share::copy_text(
                        &format!("{base}{}", with_lang(link).to_hash()),
                        &status,
                        &field,
                    );
                }
            });
            let me = self.clone();
            on(&clear, "click", move |_: MouseEvent| {
                save_draft(&Lesson::default());
                me.render();
            });
        }
    }

    /// A Previous / Next button: opens scene `to`, or is disabled at either end.
    fn go_button(
        &self,
        row: &Element,
        key: &str,
        action: &str,
        lesson: &Lesson,
        to: Option<usize>,
    ) {
        let lang = *self.inner.lang.borrow();
        let b = button(row, "", key);
        set_text(&b, i18n::t(lang, key));
        set_attr(&b, "data-key-action", action);
        set_attr(&b, "data-role", action);
        match to {
            Some(k) => {
                let lesson = lesson.clone();
                on(&b, "click", move |_: MouseEvent| open(&lesson, k));
            }
            None => b
                .unchecked_ref::<web_sys::HtmlButtonElement>()
                .set_disabled(true),
        }
    }
}

/// Open scene `k` of `lesson` (a new history entry, so Back returns to the scene before).
fn open(lesson: &Lesson, k: usize) {
    if let Some(link) = lesson.link(k) {
        let _ = dom::window()
            .location()
            .set_hash(&with_lang(link).to_hash()[1..]);
    }
}

/// A lesson link keeps the page's language.
fn with_lang(mut link: Route) -> Route {
    if let Some(l) = dom::document()
        .document_element()
        .and_then(|h| h.get_attribute("lang"))
    {
        link.set(crate::labs::links::LANG_KEY, l);
    }
    link
}

fn draft() -> Lesson {
    dom::window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(DRAFT_KEY).ok().flatten())
        .and_then(|t| Lesson::from_text(&t).ok())
        .unwrap_or_default()
}

fn save_draft(l: &Lesson) {
    if let Some(s) = dom::window().local_storage().ok().flatten() {
        let _ = s.set_item(DRAFT_KEY, &l.to_text());
    }
}

/// For tests: the draft in storage.
pub fn draft_scenes() -> usize {
    draft().scenes.len()
}
