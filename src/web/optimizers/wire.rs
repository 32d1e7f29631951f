//! The optimizers lab's event listeners: each control updates the settings (after validation) or drives the
//! race (play, step, reset); the plot takes clicks, drags and arrow keys to move the start point.

use std::rc::Rc;

use web_sys::{Event, HtmlElement, HtmlInputElement, KeyboardEvent, MouseEvent, PointerEvent};

use super::Parts;
use crate::labs::optimizers::{OptimizersLabConfig, Surface};
use crate::web::dom::{self, on};

pub fn all(
    p: &Rc<Parts>,
    book: &HtmlElement,
    engine: &HtmlElement,
    step: &HtmlElement,
    reset: &HtmlElement,
) {
    listen(book, "click", p, |p, _: MouseEvent| {
        p.pause();
        p.state.borrow_mut().cfg = OptimizersLabConfig::book_figure();
        p.sync_controls();
        p.changed_to_end();
    });
    listen(engine, "click", p, |p, _: MouseEvent| {
        p.pause();
        let cfg = p.state.borrow().cfg.clone().with_engine_defaults();
        p.state.borrow_mut().cfg = cfg;
        p.sync_controls();
        p.changed_to_end();
    });
    for (rb, s) in p.surfaces.iter().zip(Surface::ALL) {
        listen(rb, "change", p, move |p, _: Event| {
            p.pause();
            let cfg = p.state.borrow().cfg.clone().with_surface(s);
            p.state.borrow_mut().cfg = cfg;
            p.sync_controls();
            p.changed_to_end();
        });
    }
    listen(&p.start_x.input, "input", p, |p, _: Event| {
        if let Some(v) = p.start_x.read(p.lang()) {
            p.state.borrow_mut().cfg.start.0 = v as f32;
            p.changed();
        }
    });
    listen(&p.start_y.input, "input", p, |p, _: Event| {
        if let Some(v) = p.start_y.read(p.lang()) {
            p.state.borrow_mut().cfg.start.1 = v as f32;
            p.changed();
        }
    });
    listen(&p.steps.input, "input", p, |p, _: Event| {
        if let Some(v) = p.steps.read(p.lang()) {
            p.state.borrow_mut().cfg.steps = v.round() as usize;
            p.changed();
        }
    });
    listen(&p.speed.input, "input", p, |p, _: Event| {
        if let Some(v) = p.speed.read(p.lang()) {
            let mut st = p.state.borrow_mut();
            st.cfg.speed = v as f32;
            // Keep the pace from here on, not from when playing began.
            let k = st.race.as_ref().map_or(0, |r| r.step);
            st.play_from = (super::Budget::now(), k);
        }
    });
    listen(&p.decay_on, "change", p, |p, ev: Event| {
        p.state.borrow_mut().cfg.decay_on = checked(&ev);
        p.changed();
    });
    listen(&p.decay.input, "input", p, |p, _: Event| {
        if let Some(v) = p.decay.read(p.lang()) {
            p.state.borrow_mut().cfg.decay = v as f32;
            p.changed();
        }
    });
    for (i, ctl) in p.racers.iter().enumerate() {
        listen(&ctl.enabled, "change", p, move |p, ev: Event| {
            p.state.borrow_mut().cfg.racers[i].enabled = checked(&ev);
            p.changed();
        });
        listen(&ctl.lr.input, "input", p, move |p, _: Event| {
            if let Some(v) = p.racers[i].lr.read(p.lang()) {
                p.set_hyper(i, "lr", v as f32);
            }
        });
        for (j, (name, f)) in ctl.extras.iter().enumerate() {
            let name = *name;
            listen(&f.input, "input", p, move |p, _: Event| {
                if let Some(v) = p.racers[i].extras[j].1.read(p.lang()) {
                    p.set_hyper(i, name, v as f32);
                }
            });
        }
    }
    listen(&p.play, "click", p, |p, _: MouseEvent| p.toggle_play());
    listen(step, "click", p, |p, _: MouseEvent| {
        p.pause();
        let k = p.state.borrow().race.as_ref().map_or(0, |r| r.step + 1);
        p.go_to(k);
    });
    listen(reset, "click", p, |p, _: MouseEvent| {
        p.pause();
        p.go_to(0);
    });
    let p2 = p.clone();
    p.timeline.on_back(move || {
        p2.pause();
        let k = p2.state.borrow().race.as_ref().map_or(0, |r| r.step);
        p2.go_to(k.saturating_sub(1));
    });
    let p2 = p.clone();
    p.timeline.on_seek(move |k| {
        p2.pause();
        p2.go_to(k);
    });

    // The start point: press (or tap) and drag on the plot.
    listen(&p.plot.el, "pointerdown", p, |p, ev: PointerEvent| {
        if let Some((x, y)) = pointer_to_data(p, &ev) {
            ev.prevent_default();
            let _ = p.plot.el.set_pointer_capture(ev.pointer_id());
            p.state.borrow_mut().dragging = true;
            p.move_start(x, y);
        }
    });
    listen(&p.plot.el, "pointermove", p, |p, ev: PointerEvent| {
        if p.state.borrow().dragging {
            if let Some((x, y)) = pointer_to_data(p, &ev) {
                p.move_start(x, y);
            }
        }
    });
    for end in ["pointerup", "pointercancel"] {
        listen(&p.plot.el, end, p, |p, _: PointerEvent| {
            p.state.borrow_mut().dragging = false;
        });
    }
    listen(&p.plot.el, "keydown", p, |p, ev: KeyboardEvent| {
        let Some((dx, dy)) = arrow(&ev) else { return };
        ev.prevent_default();
        let (start, (xr, yr)) = {
            let st = p.state.borrow();
            (st.cfg.start, st.cfg.surface.view())
        };
        // One key press moves the start by 1/40 of the plotted width or height.
        let x = start.0 as f64 + dx * (xr.1 - xr.0) / 40.0;
        let y = start.1 as f64 + dy * (yr.1 - yr.0) / 40.0;
        p.move_start(x, y);
    });
    listen(&dom::window(), "resize", p, |p, _: Event| p.redraw());
}

/// The plot's data point under a pointer, if it is inside the plotting area.
fn pointer_to_data(p: &Parts, ev: &PointerEvent) -> Option<(f64, f64)> {
    let (px, py) = p.plot.device_xy(ev.client_x() as f64, ev.client_y() as f64);
    let f = p.state.borrow().frame?;
    f.data_at(px, py)
}

fn arrow(ev: &KeyboardEvent) -> Option<(f64, f64)> {
    match ev.key().as_str() {
        "ArrowLeft" => Some((-1.0, 0.0)),
        "ArrowRight" => Some((1.0, 0.0)),
        "ArrowUp" => Some((0.0, 1.0)),
        "ArrowDown" => Some((0.0, -1.0)),
        _ => None,
    }
}

fn checked(ev: &Event) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|e| e.checked())
}

fn listen<E: wasm_bindgen::JsCast + 'static>(
    target: &web_sys::EventTarget,
    event: &str,
    p: &Rc<Parts>,
    f: impl Fn(&Parts, E) + 'static,
) {
    let p = p.clone();
    on(target, event, move |ev: E| f(&p, ev));
}
