//! What the playground's controls do: wiring every control (a settings change goes to settings.rs),
//! play/pause/step/reset (buttons and Space/S/R), the animation tick (steps within the budget, redraws
//! throttled), point and weight edits, CSV in and out.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, KeyboardEvent, MouseEvent, PointerEvent};

use super::super::anim::Budget;
use super::super::dom::{self, on, set_attr};
use super::controls::{typing_in, value};
use super::{Parts, CHARTS_MS, REDRAW_MS};

/// Redraws are spaced at least this many times their own cost apart (an eighth of the time at most).
const REDRAW_SHARE: f64 = 8.0;
use crate::error::Error;
use crate::labs::playground::grid::{GridEval, GRID};
use crate::labs::playground::Session;

/// At most this many steps in one frame, whatever the budget says (a guard against a broken clock).
const MAX_STEPS_PER_FRAME: usize = 20_000;

pub(super) fn wire(p: &Rc<Parts>) {
    let c = &p.c;
    let click = |el: &HtmlElement, f: fn(&Parts)| {
        let p2 = p.clone();
        on(el, "click", move |_: MouseEvent| f(&p2));
    };
    click(&c.play, Parts::toggle_play);
    click(&c.step, Parts::step_once);
    click(&c.reset, Parts::reset);
    click(&c.export, Parts::export_csv);
    click(&c.import, Parts::import_csv);
    click(&p.set_weight, Parts::apply_weight);
    // The "All weights" table is filled only while open (large nets have thousands): fill it when opened.
    if let Some(details) = p.weights_table.parent_element() {
        let p2 = p.clone();
        on(&details, "toggle", move |_: Event| p2.render_weights());
    }
    // Every setting: selects fire `change`, number fields `input`.
    for f in c.fields() {
        let p2 = p.clone();
        on(&f.input, "input", move |_: Event| p2.settings_changed());
    }
    for s in [
        &c.kind,
        &c.output,
        &c.init,
        &c.optimizer,
        &c.step_unit,
        &c.speed,
    ] {
        let p2 = p.clone();
        on(s, "change", move |_: Event| p2.settings_changed());
    }
    for r in &c.rows {
        let p2 = p.clone();
        on(&r.act, "change", move |_: Event| p2.settings_changed());
    }
    let p2 = p.clone();
    on(&c.batchnorm, "change", move |_: Event| {
        p2.settings_changed()
    });
    let p2 = p.clone();
    on(&p.weight.input, "keydown", move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            p2.apply_weight();
        }
    });

    // The boundary: click adds a point, shift-click (or the remove tool) removes the nearest.
    let p2 = p.clone();
    on(&p.boundary.el, "pointerdown", move |ev: PointerEvent| {
        if let Some(at) = p2.data_at(ev.client_x() as f64, ev.client_y() as f64) {
            let remove = ev.shift_key() || value(&p2.c.tool) == "remove";
            p2.edit_point(at, remove);
        }
    });
    let p2 = p.clone();
    on(&p.boundary.el, "pointermove", move |ev: PointerEvent| {
        let at = p2.data_at(ev.client_x() as f64, ev.client_y() as f64);
        p2.state.borrow_mut().cursor = at;
        p2.render_readout();
    });
    let p2 = p.clone();
    on(&p.boundary.el, "keydown", move |ev: KeyboardEvent| {
        let (lo, hi) = p2.state.borrow().data.domain;
        let d = (hi - lo) / 32.0;
        let (dx, dy) = match ev.key().as_str() {
            "ArrowLeft" => (-d, 0.0),
            "ArrowRight" => (d, 0.0),
            "ArrowUp" => (0.0, d),
            "ArrowDown" => (0.0, -d),
            "Enter" | "Delete" | "Backspace" => {
                ev.prevent_default();
                let at = p2.state.borrow().cursor;
                if let Some(at) = at {
                    p2.edit_point(at, ev.key() != "Enter");
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        let mid = 0.5 * (lo + hi);
        let now = p2.state.borrow().cursor.unwrap_or([mid, mid]);
        let next = [(now[0] + dx).clamp(lo, hi), (now[1] + dy).clamp(lo, hi)];
        p2.state.borrow_mut().cursor = Some(next);
        p2.draw_boundary(false);
        p2.render_readout();
    });

    // The network: hover reads a weight; click (or ←/→ on the focused diagram) selects one for editing.
    let p2 = p.clone();
    on(&p.network.el, "pointermove", move |ev: PointerEvent| {
        let k = p2.edge_at(ev.client_x() as f64, ev.client_y() as f64);
        p2.state.borrow_mut().hover_edge = k;
        p2.render_net_readout();
    });
    let p2 = p.clone();
    on(&p.network.el, "pointerdown", move |ev: PointerEvent| {
        let k = p2.edge_at(ev.client_x() as f64, ev.client_y() as f64);
        p2.select_edge(k);
    });
    let p2 = p.clone();
    on(&p.network.el, "keydown", move |ev: KeyboardEvent| {
        let dir: isize = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => 1,
            "ArrowLeft" | "ArrowUp" => -1,
            _ => return,
        };
        ev.prevent_default();
        let (n, now) = {
            let st = p2.state.borrow();
            (
                st.diagram.as_ref().map_or(0, |d| d.edges.len()),
                st.selected_edge,
            )
        };
        if n > 0 {
            let k = now.map_or(0, |k| (k as isize + dir).rem_euclid(n as isize) as usize);
            p2.select_edge(Some(k));
        }
    });

    // Space, S and R anywhere on the page while the lab is shown, unless the user is typing.
    let p2 = p.clone();
    on(&dom::document(), "keydown", move |ev: KeyboardEvent| {
        if p2.section.has_attribute("hidden")
            || !crate::web::present::shortcuts_on()
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.alt_key()
            || typing_in(ev.target())
        {
            return;
        }
        let on_button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| e.tag_name().eq_ignore_ascii_case("button"));
        match ev.key().as_str() {
            // Space on a focused button presses that button, as everywhere else.
            " " if !on_button => {
                ev.prevent_default();
                p2.toggle_play();
            }
            "s" | "S" => p2.step_once(),
            "r" | "R" => p2.reset(),
            _ => {}
        }
    });
    let p2 = p.clone();
    on(&dom::window(), "resize", move |_: Event| p2.redraw_all());
}

impl Parts {
    pub(super) fn anim(&self) -> Option<super::AnimLoop> {
        self.anim.borrow().clone()
    }

    pub(super) fn pause(&self) {
        if let Some(a) = self.anim() {
            a.pause();
        }
        self.set_play_label(false);
    }

    fn set_play_label(&self, running: bool) {
        let key = if running { "pg.pause" } else { "pg.play" };
        set_attr(&self.c.play, "data-i18n", key);
        set_attr(
            &self.c.play,
            "aria-pressed",
            if running { "true" } else { "false" },
        );
        self.c
            .play
            .set_text_content(Some(crate::i18n::t(self.ctx.lang(), key)));
    }

    pub(super) fn toggle_play(&self) {
        let Some(a) = self.anim() else { return };
        if a.is_running() {
            self.pause();
            self.redraw_all();
            return;
        }
        if self.state.borrow().session.is_none() {
            return;
        }
        if let Some(s) = self.state.borrow_mut().session.as_mut() {
            // A fired stop rule ends that run; playing again goes on until the rule holds again.
            let stop = s.config().stop;
            s.set_stop(stop);
        }
        self.state.borrow_mut().fps_mark = (Budget::now(), a.frames());
        a.play();
        self.set_play_label(true);
    }

    /// One mini-batch (or one epoch, by the step-unit setting), then redraw.
    pub(super) fn step_once(&self) {
        self.pause();
        let res = {
            let mut st = self.state.borrow_mut();
            let epoch = st.cfg.step_epoch;
            st.session
                .as_mut()
                .map(|s| if epoch { s.epoch_step() } else { s.step() })
        };
        if let Some(Err(e)) = res {
            self.fail(e);
        }
        self.refresh_grid();
        self.redraw_all();
    }

    pub(super) fn reset(&self) {
        self.pause();
        self.ctx.messages.clear();
        let res = self.state.borrow_mut().session.as_mut().map(Session::reset);
        if let Some(Err(e)) = res {
            self.fail(e);
        }
        self.refresh_grid();
        self.redraw_all();
    }

    pub(super) fn fail(&self, e: Error) {
        self.pause();
        self.ctx.messages.show(e, self.ctx.lang());
    }

    /// One animation frame: a redraw when one is due, then steps while the frame's budget lasts. The redraw
    /// comes first and counts against the budget (at 6 × 32 neurons it costs more than the steps would, and
    /// the frame then takes one step), and the redraws are spaced so that they take at most about an eighth of
    /// the time: a big network redraws less often instead of making every frame long.
    pub(super) fn tick(&self, budget: &Budget) -> bool {
        let t0 = Budget::now();
        let (last_draw, every) = {
            let st = self.state.borrow();
            (st.last_draw, st.redraw_every)
        };
        let due = t0 - last_draw >= every;
        if due {
            self.redraw_frame(t0, false);
            let cost = Budget::now() - t0;
            self.state.borrow_mut().redraw_every = (REDRAW_SHARE * cost).max(REDRAW_MS);
        }
        let mut go_on = true;
        let mut error = None;
        {
            let mut st = self.state.borrow_mut();
            let speed = st.cfg.speed;
            let Some(s) = st.session.as_mut() else {
                return false;
            };
            let max = if speed == 0 {
                MAX_STEPS_PER_FRAME
            } else {
                speed
            };
            for _ in 0..max {
                match s.step() {
                    Ok(o) if o.stop.is_some() => {
                        go_on = false;
                        break;
                    }
                    Ok(_) => {}
                    Err(e) => {
                        error = Some(e);
                        go_on = false;
                        break;
                    }
                }
                if !budget.has_time() {
                    break;
                }
            }
        }
        if let Some(e) = error {
            self.fail(e);
        }
        if !go_on {
            // The run stopped: its last state, with the charts.
            self.redraw_frame(Budget::now(), true);
            self.set_play_label(false);
        }
        go_on
    }

    /// Re-evaluate the grid and redraw the live pictures (the charts too when `final_` or when they are due).
    fn redraw_frame(&self, now: f64, final_: bool) {
        self.measure_fps(now);
        self.refresh_grid();
        let slow = final_ || now - self.state.borrow().last_charts >= CHARTS_MS;
        if slow {
            self.state.borrow_mut().last_charts = now;
        }
        self.redraw_live(slow);
    }

    fn measure_fps(&self, now: f64) {
        let Some(a) = self.anim() else { return };
        let mut st = self.state.borrow_mut();
        let (t0, f0) = st.fps_mark;
        if now - t0 >= 1000.0 {
            st.fps = Some((a.frames() - f0) as f64 * 1000.0 / (now - t0));
            st.fps_mark = (now, a.frames());
        }
    }

    /// Re-evaluate the network on the grid (one batched predict) and mark the pictures stale.
    pub(super) fn refresh_grid(&self) {
        let mut st = self.state.borrow_mut();
        let domain = st.data.domain;
        let grid = st
            .session
            .as_mut()
            .and_then(|s| GridEval::new(s.net_mut(), domain, GRID).ok());
        st.grid = grid;
        st.picture = None;
        st.last_draw = Budget::now();
    }
}
