//! A lab's long run (CNN training, the batch-norm and hyperparameter experiments, …) in a module worker that runs
//! this same wasm, started by the training worker's bootstrap (www/mnist-worker.js), so the page keeps its frame
//! rate. Both sides are here.
//!
//! Page side: `JobWorker::start(on_message, on_error)` spawns one worker for the lab; `post` sends it messages
//! whose `t` starts with the job's prefix (`"cnn-…"`, `"bn-…"`); the bootstrap queues them until the wasm is
//! loaded. Without a worker (`worker=0` in the URL, no preload links as in the browser tests, a browser that
//! refuses) `start` returns `None` and the lab runs its job time-sliced on the page, through the same `Job` trait.
//!
//! Worker side: the bootstrap hands every message to `mnist_worker_message` (src/web/mnist/worker/trainee.rs),
//! which passes kinds with a registered prefix to `message` here; while a job wants to go on, `chunk` is called
//! again and again (a MessageChannel loop, so messages such as a pause get through between chunks).

use std::cell::RefCell;

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use super::mnist::worker::{module_urls, obj, set, BOOTSTRAP};

/// A long run that advances in chunks. The same object can run in the worker or, without one, on the page.
pub(crate) trait Job {
    /// Handle one message (its kind is `t`). `Ok(true)` when the job wants `chunk` calls from now on.
    fn message(&mut self, kind: &str, msg: &JsValue) -> Result<bool, String>;
    /// Work for about `budget_ms` and post what happened. Whether to go on.
    fn chunk(&mut self, budget_ms: f64) -> bool;
}

type Make = fn() -> Box<dyn Job>;

/// Every lab's job: its message prefix and how to make one. A lab with a job adds its line here.
const JOBS: &[(&str, Make)] = &[
    (super::cnn::job::PREFIX, super::cnn::job::make),
    (super::cnn::part::PREFIX, super::cnn::part::make),
    ("bn-", super::batchnorm::job::make),
];

thread_local! {
    /// The job this worker runs (one lab's worker runs one kind of job).
    static ACTIVE: RefCell<Option<(&'static str, Box<dyn Job>)>> = const { RefCell::new(None) };
}

fn registered(kind: &str) -> Option<(&'static str, Make)> {
    JOBS.iter().copied().find(|(p, _)| kind.starts_with(p))
}

/// Whether a message kind belongs to a job (and not to the MNIST trainee or the parser).
pub(crate) fn owns(kind: &str) -> bool {
    registered(kind).is_some()
}

/// Worker side: hand a message to its job, making the job on its first message.
pub(crate) fn message(kind: &str, msg: &JsValue) -> Result<bool, String> {
    let (prefix, make) = registered(kind).ok_or_else(|| format!("no job for {kind}"))?;
    ACTIVE.with(|a| {
        let mut a = a.borrow_mut();
        if a.as_ref().is_none_or(|(p, _)| *p != prefix) {
            *a = Some((prefix, make()));
        }
        let (_, job) = a.as_mut().expect("just set");
        job.message(kind, msg)
    })
}

/// Worker side: one chunk of the active job. Whether to schedule another.
pub(crate) fn chunk(budget_ms: f64) -> bool {
    ACTIVE.with(|a| {
        a.borrow_mut()
            .as_mut()
            .is_some_and(|(_, job)| job.chunk(budget_ms))
    })
}

/// Worker side: post a message (with transferred buffers) to the page.
pub(crate) fn post_to_page(msg: &Object, transfer: &Array) {
    super::mnist::worker::post_to_page(msg, transfer);
}

/// A message object `{t: kind}` (set more fields with `set`).
pub(crate) fn message_of(kind: &str) -> Object {
    obj(kind)
}

/// Page side: one lab's worker, terminated when dropped.
pub(crate) struct JobWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for JobWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl JobWorker {
    /// Start a worker; `on_message` gets each message's data, `on_error` the reason if it fails to load or dies
    /// (then drop it and go on on the page). `None` when there is no worker to be had.
    pub fn start(
        mut on_message: impl FnMut(JsValue) + 'static,
        mut on_error: impl FnMut(String) + 'static,
    ) -> Option<JobWorker> {
        let (js, wasm) = module_urls()?;
        let opts = WorkerOptions::new();
        opts.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(BOOTSTRAP, &opts).ok()?;
        let on_msg =
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| on_message(e.data()));
        let on_err = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            e.prevent_default();
            let why = e
                .dyn_ref::<web_sys::ErrorEvent>()
                .map_or("error".to_string(), |e| e.message());
            on_error(why)
        });
        worker.set_onmessage(Some(on_msg.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_err.as_ref().unchecked_ref()));
        let init = obj("init");
        set(&init, "js", &js.into());
        set(&init, "wasm", &wasm.into());
        worker.post_message(&init).ok()?;
        Some(JobWorker {
            worker,
            _on_message: on_msg,
            _on_error: on_err,
        })
    }

    /// Send a message, transferring the buffers in `transfer`. False if the worker refused it.
    pub fn post(&self, msg: &Object, transfer: &Array) -> bool {
        self.worker
            .post_message_with_transfer(msg, transfer)
            .is_ok()
    }
}
