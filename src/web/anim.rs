//! One requestAnimationFrame loop per lab: each frame it calls `tick` with a time budget (about 8 ms, so the
//! page keeps its frame rate), and the lab runs as many steps as fit and then redraws. Pause cancels cleanly.
//! The core keeps no clock: only this layer decides how many steps fit in a frame.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;

/// The time left in this frame.
pub struct Budget {
    deadline: f64,
}

impl Budget {
    pub fn now() -> f64 {
        dom::window().performance().map(|p| p.now()).unwrap_or(0.0)
    }

    /// Whether there is still time for another step.
    pub fn has_time(&self) -> bool {
        Self::now() < self.deadline
    }
}

type Tick = dyn FnMut(&Budget) -> bool;
type FrameCallback = Closure<dyn FnMut(f64)>;

struct Inner {
    running: Cell<bool>,
    handle: Cell<Option<i32>>,
    frames: Cell<u64>,
    budget_ms: f64,
    tick: RefCell<Box<Tick>>,
    frame_cb: RefCell<Option<FrameCallback>>,
}

/// A pausable animation loop. `tick` returns `false` to stop by itself (training finished or failed).
#[derive(Clone)]
pub struct AnimLoop {
    inner: Rc<Inner>,
}

impl AnimLoop {
    pub fn new(budget_ms: f64, tick: impl FnMut(&Budget) -> bool + 'static) -> AnimLoop {
        let inner = Rc::new(Inner {
            running: Cell::new(false),
            handle: Cell::new(None),
            frames: Cell::new(0),
            budget_ms,
            tick: RefCell::new(Box::new(tick)),
            frame_cb: RefCell::new(None),
        });
        // The frame callback holds a weak reference, so dropping every AnimLoop ends the loop.
        let weak = Rc::downgrade(&inner);
        let cb = Closure::<dyn FnMut(f64)>::new(move |_t: f64| {
            let Some(inner) = weak.upgrade() else { return };
            inner.handle.set(None);
            if !inner.running.get() {
                return;
            }
            inner.frames.set(inner.frames.get() + 1);
            let budget = Budget {
                deadline: Budget::now() + inner.budget_ms,
            };
            let go_on = (inner.tick.borrow_mut())(&budget);
            if go_on && inner.running.get() {
                schedule(&inner);
            } else {
                inner.running.set(false);
            }
        });
        *inner.frame_cb.borrow_mut() = Some(cb);
        AnimLoop { inner }
    }

    pub fn play(&self) {
        if !self.inner.running.replace(true) {
            schedule(&self.inner);
        }
    }

    pub fn pause(&self) {
        self.inner.running.set(false);
        if let Some(h) = self.inner.handle.take() {
            let _ = dom::window().cancel_animation_frame(h);
        }
    }

    pub fn is_running(&self) -> bool {
        self.inner.running.get()
    }

    /// Frames run since creation (for tests and the fps readout).
    pub fn frames(&self) -> u64 {
        self.inner.frames.get()
    }
}

fn schedule(inner: &Inner) {
    if inner.handle.get().is_some() {
        return;
    }
    if let Some(cb) = inner.frame_cb.borrow().as_ref() {
        if let Ok(h) = dom::window().request_animation_frame(cb.as_ref().unchecked_ref()) {
            inner.handle.set(Some(h));
        }
    }
}

impl Drop for Inner {
    // A pending frame must not call into a dropped closure.
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            let _ = dom::window().cancel_animation_frame(h);
        }
    }
}
