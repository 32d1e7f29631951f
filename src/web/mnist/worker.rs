//! The lab's main training run in a module Web Worker, so the page keeps its frame rate while the worker trains
//! at nearly the full rate. The worker runs this same wasm module (www/mnist-worker.js loads the page's own
//! `nnlab-….js` and `_bg.wasm`, found in the page's preload links) and hands every message to
//! `mnist_worker_message` (trainee.rs, the worker's side), which trains in chunks and posts progress. This
//! file is the page's side. The page keeps a mirror: the run's
//! `Session` holds the network with the last weights received and a `Mirror` of the worker's history, so the
//! renderers and the analysis work unchanged. Without a worker (no preload links, as in the browser tests;
//! a page that cannot start one; `?worker=0` in the URL) the lab keeps its time-sliced path.
//!
//! Page → worker: `init` {js, wasm} (handled by the bootstrap), `data` {train and test pixels and labels},
//! `reset` {gen, cfg, net (description), w}, `run`, `pause`, `step`, `wbuf` {w} (a weights buffer handed back for reuse). Worker → page: `ready`, `fail` {msg}, `progress` {p, w?}.

use std::cell::Cell;
use std::rc::{Rc, Weak};

use js_sys::{Array, Float32Array, Float64Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use super::Lab;
use crate::labs::mnist::remote::{self, Mirror, Progress, RunState};
use crate::web::dom;

mod parser;
mod trainee;
pub(crate) use trainee::post_to_page;

/// The bootstrap, copied next to index.html by Trunk.
pub(crate) const BOOTSTRAP: &str = "mnist-worker.js";

pub(crate) fn now() -> f64 {
    Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}

pub(crate) fn obj(kind: &str) -> Object {
    let o = Object::new();
    set(&o, "t", &kind.into());
    o
}

pub(crate) fn set(o: &Object, key: &str, v: &JsValue) {
    let _ = Reflect::set(o, &key.into(), v);
}

pub(crate) fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The page's handle on the worker.
pub(crate) struct Remote {
    worker: Worker,
    ready: Cell<bool>,
    running: Cell<bool>,
    /// The current run; progress of older runs is dropped.
    gen: Cell<u32>,
    /// The data generation the worker holds.
    data_gen: Cell<Option<u64>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Remote {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The URLs of the full module and its wasm (named by index.html, or else the page's own module: Trunk's preload
/// links), unless the URL says `worker=0`.
pub(crate) fn module_urls() -> Option<(String, String)> {
    let loc = dom::window().location();
    let off = |s: String| s.split(['?', '&', '#']).any(|kv| kv == "worker=0");
    if off(loc.search().unwrap_or_default()) || off(loc.hash().unwrap_or_default()) {
        return None;
    }
    // The page's first module lacks the training code: the worker runs the full module (src/web/remote.rs).
    if let Some(urls) = crate::web::remote::full_module_urls() {
        return Some(urls);
    }
    let href = |sel: &str| -> Option<String> {
        let el = dom::document().query_selector(sel).ok()??;
        Some(el.dyn_into::<web_sys::HtmlLinkElement>().ok()?.href())
    };
    let js = href("link[rel=modulepreload][href$='.js']")?;
    let wasm = href("link[rel=preload][href$='.wasm']")?;
    Some((js, wasm))
}

/// Start the worker once (on the lab's first show). Failing to, the lab simply keeps training on the page.
pub(crate) fn spawn(lab: &Rc<Lab>) {
    if lab.remote.borrow().is_some() {
        return;
    }
    let Some((js, wasm)) = module_urls() else {
        return;
    };
    let opts = WorkerOptions::new();
    opts.set_type(WorkerType::Module);
    let worker = match Worker::new_with_options(BOOTSTRAP, &opts) {
        Ok(w) => w,
        Err(e) => {
            web_sys::console::warn_2(&"mnist: no worker, training on the page:".into(), &e);
            return;
        }
    };
    let weak = Rc::downgrade(lab);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if let Some(lab) = weak.upgrade() {
            on_message(&lab, &e.data());
        }
    });
    let weak: Weak<Lab> = Rc::downgrade(lab);
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        e.prevent_default();
        if let Some(lab) = weak.upgrade() {
            let msg = e
                .dyn_ref::<web_sys::ErrorEvent>()
                .map_or("error".to_string(), |e| e.message());
            give_up(&lab, &msg);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let init = obj("init");
    set(&init, "js", &js.into());
    set(&init, "wasm", &wasm.into());
    let _ = worker.post_message(&init);
    *lab.remote.borrow_mut() = Some(Remote {
        worker,
        ready: Cell::new(false),
        running: Cell::new(false),
        gen: Cell::new(0),
        data_gen: Cell::new(None),
        _on_message: on_message,
        _on_error: on_error,
    });
}

/// The worker failed (it could not load, or it crashed): drop it and carry on on the page with a fresh run.
fn give_up(lab: &Rc<Lab>, why: &str) {
    web_sys::console::warn_1(
        &format!("mnist: the training worker stopped ({why}); training on the page").into(),
    );
    let was_remote = lab
        .session
        .borrow()
        .as_ref()
        .is_some_and(|s| s.mirror.is_some());
    // Taken out first, so that `reset` below does not send to it. It is dropped later: this may run inside
    // one of its own callbacks.
    if let Some(old) = lab.remote.borrow_mut().take() {
        old.worker.terminate();
        wasm_bindgen_futures::spawn_local(async move { drop(old) });
    }
    if was_remote {
        lab.reset();
    }
}

/// Whether the current run trains in the worker.
pub(crate) fn in_worker(lab: &Lab) -> bool {
    lab.session
        .borrow()
        .as_ref()
        .is_some_and(|s| s.mirror.is_some())
}

pub(crate) fn is_running(lab: &Lab) -> bool {
    lab.remote
        .borrow()
        .as_ref()
        .is_some_and(|r| r.running.get())
}

fn post(lab: &Lab, msg: &Object, transfer: &Array) {
    if let Some(r) = lab.remote.borrow().as_ref() {
        if let Err(e) = r.worker.post_message_with_transfer(msg, transfer) {
            web_sys::console::warn_2(&"mnist: worker message failed".into(), &e);
        }
    }
}

/// A new run (after `Lab::reset` built the session): when the worker is ready, send it the data (if it
/// changed), the settings and the initial weights, and mark the session as mirrored.
pub(crate) fn sync(lab: &Lab) {
    let (gen, data_stale) = match lab.remote.borrow().as_ref() {
        Some(r) if r.ready.get() => {
            r.running.set(false);
            r.gen.set(r.gen.get() + 1);
            (r.gen.get(), r.data_gen.get() != Some(lab.data_gen.get()))
        }
        _ => return,
    };
    if data_stale {
        let d = lab.data.borrow();
        let Some(d) = d.as_ref() else { return };
        let msg = obj("data");
        let transfer = Array::new();
        for (key, bytes) in [
            ("tri", &d.train.pixels),
            ("trl", &d.train.labels),
            ("tei", &d.test.pixels),
            ("tel", &d.test.labels),
        ] {
            let a = Uint8Array::from(bytes.as_slice());
            transfer.push(&a.buffer());
            set(&msg, key, &a);
        }
        post(lab, &msg, &transfer);
        if let Some(r) = lab.remote.borrow().as_ref() {
            r.data_gen.set(Some(lab.data_gen.get()));
        }
    }
    let mut s = lab.session.borrow_mut();
    let Some(s) = s.as_mut() else { return };
    let msg = obj("reset");
    set(&msg, "gen", &gen.into());
    let cfg = lab.cfg.borrow().clone();
    set(&msg, "cfg", &remote::config_text(&cfg).into());
    // The network as it is (built from the settings, imported or kept across a data change): its description,
    // then its weights. The settings give the optimizer, batches and iterations.
    let net = crate::data::netdesc::to_text(s.trainer.net().config());
    set(&msg, "net", &net.into());
    let w = Float32Array::from(remote::pack_weights(s.trainer.net()).as_slice());
    set(&msg, "w", &w);
    post(lab, &msg, &Array::of1(&w.buffer()));
    s.mirror = Some(Mirror::default());
}

/// Ask the worker to train (it answers with progress until it pauses, finishes or diverges).
pub(crate) fn run(lab: &Lab) {
    if let Some(r) = lab.remote.borrow().as_ref() {
        r.running.set(true);
    }
    post(lab, &obj("run"), &Array::new());
}

pub(crate) fn pause(lab: &Lab) {
    let was = lab
        .remote
        .borrow()
        .as_ref()
        .is_some_and(|r| r.running.replace(false));
    if was {
        post(lab, &obj("pause"), &Array::new());
    }
}

/// One mini-batch in the worker (the answer brings the new weights).
pub(crate) fn step(lab: &Lab) {
    post(lab, &obj("step"), &Array::new());
}

fn on_message(lab: &Rc<Lab>, data: &JsValue) {
    match get(data, "t").as_string().as_deref() {
        Some("ready") => {
            if let Some(r) = lab.remote.borrow().as_ref() {
                r.ready.set(true);
            }
            // A run that has not started yet moves to the worker; one already under way finishes on the page.
            let fresh = lab
                .session
                .borrow()
                .as_ref()
                .is_some_and(|s| s.iteration() == 0 && !s.diverged);
            if fresh && !lab.is_running() {
                sync(lab);
                super::train_panel::render(lab);
            }
        }
        Some("fail") => give_up(lab, &get(data, "msg").as_string().unwrap_or_default()),
        Some("progress") => progress(lab, data),
        _ => {}
    }
}

fn progress(lab: &Rc<Lab>, data: &JsValue) {
    let Some(p) = get(data, "p")
        .dyn_into::<Float64Array>()
        .ok()
        .and_then(|a| Progress::decode(&a.to_vec()))
    else {
        return;
    };
    let current = lab
        .remote
        .borrow()
        .as_ref()
        .is_some_and(|r| r.gen.get() == p.gen);
    if !current {
        return;
    }
    {
        let mut s = lab.session.borrow_mut();
        let Some(s) = s.as_mut() else { return };
        let Some(m) = s.mirror.as_mut() else { return };
        m.apply(&p);
        if let Ok(w) = get(data, "w").dyn_into::<Float32Array>() {
            if let Err(e) = remote::unpack_weights(s.trainer.net_mut(), &w.to_vec()) {
                dom::log_error(&format!("mnist: worker weights: {e}"));
            }
            // Back to the worker for the next weights (trainee.rs): no new buffer every half second.
            if let Some(r) = lab.remote.borrow().as_ref() {
                let back = obj("wbuf");
                set(&back, "w", &w);
                let _ = r
                    .worker
                    .post_message_with_transfer(&back, &Array::of1(&w.buffer()));
            }
        }
        if p.state == RunState::Diverged {
            s.diverged = true;
        }
    }
    let ui = &lab.train_ui;
    if p.ms_per_batch > 0.0 {
        ui.ms_per_batch.set(p.ms_per_batch);
    }
    // For the benchmark (tests/e2e): where the worker's time goes.
    dom::set_attr(&ui.speed, "data-worker-busy", &format!("{:.3}", p.busy));
    dom::set_attr(
        &ui.speed,
        "data-worker-eval",
        &format!("{:.3}", p.eval_share),
    );
    if p.state == RunState::Running {
        let t = now();
        if t - ui.last_draw.get() >= super::train_panel::DRAW_EVERY_MS {
            ui.last_draw.set(t);
            super::train_panel::render(lab);
        }
        return;
    }
    if let Some(r) = lab.remote.borrow().as_ref() {
        r.running.set(false);
    }
    lab.pause();
    match p.state {
        RunState::Diverged => {
            if let Some(e) = p.error() {
                lab.error(e);
            }
            ui.set_state("mnist.state.diverged", lab.lang());
            super::train_panel::render(lab);
        }
        _ => {
            lab.refresh_report();
            lab.render_all();
        }
    }
}
