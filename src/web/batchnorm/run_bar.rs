//! The controls both experiments share: Run / Pause / Resume, Reset, a progress bar with its text, and the
//! run's error line (beside the button that started it). The state follows the job's messages for its kind.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement};

use super::job::Kind;
use super::runner::{runner, Runner};
use crate::i18n::{self, Lang};
use crate::web::dom::{button, child, set_attr, set_text};
use crate::web::mnist::worker::get;
use crate::web::stage;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RunState {
    Idle,
    Running,
    Paused,
    Done,
}

pub(crate) struct RunBar {
    pub kind: Kind,
    pub run: HtmlElement,
    pub reset: HtmlElement,
    progress: Element,
    status: Element,
    error: Element,
    state: Cell<RunState>,
    done: Cell<(usize, usize)>,
    err: RefCell<Option<(String, String)>>,
}

impl RunBar {
    pub fn new(parent: &Element, kind: Kind) -> Rc<RunBar> {
        let bar = child(parent, "div", "button-row bn-run");
        let run = button(&bar, "primary", "bn.run");
        set_attr(&run, "data-role", &format!("bn-{}-run", kind.key()));
        let reset = button(&bar, "", "bn.reset");
        set_attr(&reset, "data-role", &format!("bn-{}-reset", kind.key()));
        stage::key_action(&run, "play");
        stage::key_action(&reset, "reset");
        let prog = child(parent, "div", "bn-progress");
        let progress = child(&prog, "progress", "");
        set_attr(&progress, "max", "1");
        set_attr(&progress, "value", "0");
        set_attr(
            &progress,
            "data-role",
            &format!("bn-{}-progress", kind.key()),
        );
        let status = child(&prog, "span", "bn-status");
        set_attr(&status, "data-role", &format!("bn-{}-status", kind.key()));
        set_attr(&status, "aria-live", "polite");
        let error = child(parent, "p", "field-error bn-error");
        set_attr(&error, "role", "alert");
        set_attr(&error, "data-role", &format!("bn-{}-error", kind.key()));
        Rc::new(RunBar {
            kind,
            run,
            reset,
            progress,
            status,
            error,
            state: Cell::new(RunState::Idle),
            done: Cell::new((0, 0)),
            err: RefCell::new(None),
        })
    }

    pub fn state(&self) -> RunState {
        self.state.get()
    }

    pub fn set_state(&self, s: RunState, lang: Lang) {
        self.state.set(s);
        if s == RunState::Idle {
            self.done.set((0, 0));
        }
        self.relabel(lang);
    }

    /// What the Run button does now: start, pause or resume (through the runner). `start` sends the
    /// run's settings; it is called for Idle and Done.
    pub fn press(&self, lang: Lang, start: impl FnOnce(&Rc<Runner>)) {
        let r = runner();
        match self.state.get() {
            RunState::Idle | RunState::Done => {
                *self.err.borrow_mut() = None;
                // Running first: a run refused at once (on the page) sets Idle again through `hear`.
                self.set_state(RunState::Running, lang);
                start(&r);
            }
            RunState::Running => {
                r.send(Runner::msg("bn-pause", &[]));
                self.set_state(RunState::Paused, lang);
            }
            RunState::Paused => {
                let m = Runner::msg("bn-resume", &[]);
                crate::web::mnist::worker::set(&m, "kind", &self.kind.key().into());
                r.send(m);
                self.set_state(RunState::Running, lang);
            }
        }
    }

    /// Stop a run (if any) and go back to Idle.
    pub fn stop(&self, lang: Lang) {
        if self.state.get() == RunState::Running {
            runner().send(Runner::msg("bn-pause", &[]));
        }
        *self.err.borrow_mut() = None;
        self.set_state(RunState::Idle, lang);
    }

    /// Follow the job's progress, done and error messages of this kind (true when the message was one). A
    /// progress message of the other kind while this one runs means the job switched runs: this one paused.
    pub fn hear(&self, msg: &JsValue, lang: Lang) -> bool {
        let t = get(msg, "t").as_string().unwrap_or_default();
        let mine = get(msg, "kind").as_string().as_deref() == Some(self.kind.key());
        match t.as_str() {
            "bn-progress" if mine => {
                let n = |k: &str| get(msg, k).as_f64().unwrap_or(0.0) as usize;
                self.done.set((n("done"), n("total")));
                self.relabel(lang);
                true
            }
            "bn-progress" if self.state.get() == RunState::Running => {
                self.set_state(RunState::Paused, lang);
                true
            }
            "bn-done" if mine => {
                let (_, total) = self.done.get();
                self.done.set((total, total));
                self.set_state(RunState::Done, lang);
                true
            }
            "bn-error" if mine || get(msg, "kind").is_undefined() => {
                let s = |k: &str| get(msg, k).as_string().unwrap_or_default();
                *self.err.borrow_mut() = Some((s("ko"), s("en")));
                if self.state.get() == RunState::Running {
                    self.set_state(RunState::Idle, lang);
                } else {
                    self.relabel(lang);
                }
                true
            }
            _ => false,
        }
    }

    pub fn relabel(&self, lang: Lang) {
        let key = match self.state.get() {
            RunState::Idle => "bn.run",
            RunState::Running => "bn.pause",
            RunState::Paused => "bn.resume",
            RunState::Done => "bn.run_again",
        };
        set_attr(&self.run, "data-i18n", key);
        set_text(&self.run, i18n::t(lang, key));
        set_attr(
            &self.run,
            "aria-pressed",
            if self.state.get() == RunState::Running {
                "true"
            } else {
                "false"
            },
        );
        let (done, total) = self.done.get();
        let frac = if total > 0 {
            done as f64 / total as f64
        } else {
            0.0
        };
        set_attr(&self.progress, "value", &format!("{frac:.4}"));
        let place = if runner().in_worker() {
            "bn.in_worker"
        } else {
            "bn.on_page"
        };
        let state = match self.state.get() {
            RunState::Idle => i18n::t(lang, "bn.state.idle").to_string(),
            RunState::Done => i18n::t(lang, "bn.state.done").to_string(),
            _ => i18n::format(
                lang,
                "bn.state.progress",
                &[
                    format!("{:.0}", 100.0 * frac),
                    i18n::t(lang, place).to_string(),
                ],
            ),
        };
        let place = if runner().in_worker() {
            "worker"
        } else {
            "page"
        };
        set_attr(&self.status, "data-place", place);
        set_attr(
            &self.status,
            "data-state",
            &format!("{:?}", self.state.get()).to_lowercase(),
        );
        set_text(&self.status, &state);
        let err = self.err.borrow();
        let text = err.as_ref().map(|(ko, en)| match lang {
            Lang::Ko => ko.as_str(),
            Lang::En => en.as_str(),
        });
        self.error.set_text_content(text);
    }
}
