//! What the perceptron lab does when a control is used: weights set by hand or by a preset, learning
//! settings, play, step and reset. Each action updates the settings and the learner together, writes the
//! URL, and redraws.

use std::rc::Weak;

use super::{Knob, Parts};
use crate::labs::perceptron::gate::Gate;
use crate::labs::perceptron::PerceptronLabConfig;
use crate::urlstate::Route;
use crate::web::anim::{AnimLoop, Budget};

/// One animation frame while playing: run an epoch when its time has come. Returns whether to go on.
pub(super) fn tick(weak: &Weak<Parts>) -> bool {
    let Some(p) = weak.upgrade() else {
        return false;
    };
    let now = Budget::now();
    let due = {
        let st = p.state.borrow();
        now - st.last_step >= 1000.0 / st.cfg.speed.max(1) as f64
    };
    if due {
        p.state.borrow_mut().last_step = now;
        p.step_epoch();
    }
    let go_on = p.state.borrow().learner.can_step();
    if !go_on {
        p.render_play(false);
    }
    go_on
}

impl Parts {
    pub(super) fn anim(&self) -> Option<AnimLoop> {
        self.anim.borrow().clone()
    }

    pub(super) fn pause(&self) {
        if let Some(a) = self.anim() {
            a.pause();
        }
        self.render_play(false);
    }

    pub(super) fn toggle_play(&self) {
        let Some(a) = self.anim() else { return };
        if a.is_running() {
            self.pause();
        } else if self.state.borrow().learner.can_step() {
            // The first epoch runs at once: a press shows a change.
            self.state.borrow_mut().last_step = f64::NEG_INFINITY;
            a.play();
            self.render_play(true);
        }
    }

    /// Rebuild the learner after a settings change. A learner that is at the seeded start and has not run
    /// stays there; otherwise learning restarts from the weights on screen.
    pub(super) fn restart(&self) {
        {
            let mut st = self.state.borrow_mut();
            if st.cfg.learned != Some(0) {
                st.cfg.learned = None;
            }
        }
        self.rebuild();
    }

    /// The learner the settings describe (a link's `ep` replays its epochs); the weights follow it.
    pub(super) fn rebuild(&self) {
        let mut st = self.state.borrow_mut();
        match st.cfg.learner() {
            Ok(l) => {
                st.cfg.p = l.weights();
                st.furthest = l.epoch();
                st.learner = l;
            }
            Err(e) => {
                drop(st);
                self.ctx.messages.show(e, self.ctx.lang());
            }
        }
    }

    /// A learning or judging setting changed.
    pub(super) fn settings(&self, f: impl FnOnce(&mut PerceptronLabConfig)) {
        self.pause();
        f(&mut self.state.borrow_mut().cfg);
        self.restart();
        self.sync_targets();
        self.changed();
    }

    /// A weight was set by hand: learning starts again from the new weights.
    pub(super) fn knob(&self, knob: Knob, v: f64) {
        self.pause();
        {
            let mut st = self.state.borrow_mut();
            let p = &mut st.cfg.p;
            match knob {
                Knob::W1 => p.w1 = v,
                Knob::W2 => p.w2 = v,
                Knob::B => p.b = v,
                Knob::Theta => p.b = -v,
            }
            st.cfg.learned = None;
        }
        self.restart();
        // Keep the other form of the threshold in step, without touching the field being typed in.
        let b = self.state.borrow().cfg.p.b;
        match knob {
            Knob::B => self.theta.set(-b),
            Knob::Theta => self.b.set(b),
            _ => {}
        }
        self.changed();
    }

    pub(super) fn preset(&self, g: Gate) {
        let Some(p) = g.preset() else { return };
        self.pause();
        {
            let mut st = self.state.borrow_mut();
            st.cfg.p = p;
            st.cfg.target = g;
            st.cfg.learned = None;
        }
        self.restart();
        self.sync_controls();
        self.changed();
    }

    /// Back to the seeded random start.
    pub(super) fn reset(&self) {
        self.state.borrow_mut().cfg.learned = Some(0);
        self.restart();
        self.sync_weights();
        self.changed();
    }

    pub(super) fn step_epoch(&self) {
        {
            let mut st = self.state.borrow_mut();
            if !st.learner.step() {
                return;
            }
            st.cfg.p = st.learner.weights();
            if st.cfg.learned.is_some() {
                st.cfg.learned = Some(st.learner.epoch());
            }
            st.furthest = st.furthest.max(st.learner.epoch());
        }
        self.sync_weights();
        self.changed();
    }

    /// The timeline: the learner after epoch k of this run (back by replaying from its start).
    pub(super) fn go_to_epoch(&self, k: usize) {
        {
            let mut st = self.state.borrow_mut();
            let l = st.learner.rewound(k);
            st.cfg.p = l.weights();
            if st.cfg.learned.is_some() {
                st.cfg.learned = Some(l.epoch());
            }
            st.furthest = st.furthest.max(l.epoch());
            st.learner = l;
        }
        self.sync_weights();
        self.changed();
    }

    pub(super) fn write_url(&self) {
        let mut route = Route::new("perceptron");
        self.state.borrow().cfg.write(&mut route);
        (self.ctx.set_route)(&route);
    }

    /// Something changed: write the URL and show it.
    pub(super) fn changed(&self) {
        self.write_url();
        self.render();
    }

    pub(super) fn sync_weights(&self) {
        let p = self.state.borrow().cfg.p;
        self.w1.set(p.w1);
        self.w2.set(p.w2);
        self.b.set(p.b);
        self.theta.set(p.theta());
    }

    /// Both target selectors show the one target.
    pub(super) fn sync_targets(&self) {
        let id = self.state.borrow().cfg.target.id();
        for s in &self.targets {
            s.set_value(id);
        }
    }

    /// Every control from the state (not while typing in one: this rewrites the fields).
    pub(super) fn sync_controls(&self) {
        self.sync_weights();
        self.sync_targets();
        let st = self.state.borrow();
        self.eta.set(st.cfg.eta);
        self.seed.set(st.cfg.seed as f64);
        self.max_epochs.set(st.cfg.max_epochs as f64);
        self.speed.set_value(&st.cfg.speed.to_string());
    }
}
