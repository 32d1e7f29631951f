//! The page's side of the batch norm lab's runs, shared by its two experiments: one worker (or, without one, the
//! same `BnJob` time-sliced on the page), the bundled digits fetched once and handed to it, and the job's
//! messages passed to every part that listens (each picks its own kind).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::JsValue;

use super::job::BnJob;
use crate::web::anim::AnimLoop;
use crate::web::job_worker::{message_of, Job, JobWorker};
use crate::web::mnist::files;
use crate::web::mnist::worker::{get, set};
use crate::web::mnist::{IMAGES_URL, LABELS_URL};

type Listener = Rc<dyn Fn(&JsValue)>;

/// The frame budget of a run on the page (as the MNIST lab's training).
const BUDGET_MS: f64 = 10.0;

#[derive(Clone, Copy, PartialEq, Eq)]
enum DataState {
    None,
    Loading,
    Ready,
}

pub(crate) struct Runner {
    worker: RefCell<Option<JobWorker>>,
    /// The page's own job, when there is no worker.
    local: RefCell<Option<BnJob>>,
    anim: RefCell<Option<AnimLoop>>,
    /// Messages the local job posted during a chunk, delivered after it.
    outbox: Rc<RefCell<Vec<Object>>>,
    data: Cell<DataState>,
    /// Messages waiting for the digits.
    pending: RefCell<Vec<Object>>,
    listeners: RefCell<Vec<Listener>>,
}

thread_local! {
    static RUNNER: RefCell<Option<Rc<Runner>>> = const { RefCell::new(None) };
}

/// The lab's runner (made on first use).
pub(crate) fn runner() -> Rc<Runner> {
    RUNNER.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| {
                Rc::new(Runner {
                    worker: RefCell::new(None),
                    local: RefCell::new(None),
                    anim: RefCell::new(None),
                    outbox: Rc::new(RefCell::new(Vec::new())),
                    data: Cell::new(DataState::None),
                    pending: RefCell::new(Vec::new()),
                    listeners: RefCell::new(Vec::new()),
                })
            })
            .clone()
    })
}

impl Runner {
    /// Hear every message of the job (`t` = "bn-progress", "bn-scale", …).
    pub fn listen(&self, f: impl Fn(&JsValue) + 'static) {
        self.listeners.borrow_mut().push(Rc::new(f));
    }

    fn dispatch(&self, msg: &JsValue) {
        let ls: Vec<Listener> = self.listeners.borrow().clone();
        for l in ls {
            l(msg);
        }
    }

    /// Whether the runs go on in a worker (else on the page).
    pub fn in_worker(&self) -> bool {
        self.worker.borrow().is_some()
    }

    /// Start the worker (or the page's job) and fetch the digits, once.
    fn ensure_started(self: &Rc<Self>) {
        if self.data.get() != DataState::None {
            return;
        }
        self.data.set(DataState::Loading);
        let me = Rc::downgrade(self);
        let me2 = me.clone();
        let worker = JobWorker::start(
            move |data| {
                if let Some(r) = me.upgrade() {
                    r.dispatch(&data);
                }
            },
            move |why| {
                if let Some(r) = me2.upgrade() {
                    r.worker_failed(&why);
                }
            },
        );
        if worker.is_none() {
            self.make_local();
        }
        *self.worker.borrow_mut() = worker;
        let me = self.clone();
        files::spawn(async move {
            // Digits handed in directly (browser tests: their page has no data folder) stand in for the fetch.
            let bytes = match crate::web::mnist::preloaded() {
                Some(b) => Ok(b),
                None => match files::fetch_bytes(IMAGES_URL).await {
                    Ok(im) => files::fetch_bytes(LABELS_URL).await.map(|lb| (im, lb)),
                    Err(e) => Err(e),
                },
            };
            match bytes {
                Ok((im, lb)) => {
                    let m = message_of("bn-data");
                    let (im, lb) = (Uint8Array::from(&im[..]), Uint8Array::from(&lb[..]));
                    set(&m, "images", &im.buffer().into());
                    set(&m, "labels", &lb.buffer().into());
                    let transfer = Array::of2(&im.buffer(), &lb.buffer());
                    me.deliver(&m, &transfer);
                    me.data.set(DataState::Ready);
                    let queued: Vec<Object> = me.pending.borrow_mut().drain(..).collect();
                    for q in queued {
                        me.deliver(&q, &Array::new());
                    }
                }
                Err(why) => {
                    crate::web::dom::log_error(&format!("batchnorm: {why}"));
                    me.data.set(DataState::None);
                    let m = message_of("bn-error");
                    let text = format!("{IMAGES_URL}: {why}");
                    set(&m, "ko", &text.clone().into());
                    set(&m, "en", &text.into());
                    me.dispatch(&m);
                }
            }
        });
    }

    fn make_local(self: &Rc<Self>) {
        if self.local.borrow().is_some() {
            return;
        }
        let out = self.outbox.clone();
        *self.local.borrow_mut() = Some(BnJob::new(Box::new(move |m: &Object| {
            out.borrow_mut().push(m.clone())
        })));
        let me = Rc::downgrade(self);
        let anim = AnimLoop::new(BUDGET_MS, move |_| {
            let Some(r) = me.upgrade() else {
                return false;
            };
            let go_on = r
                .local
                .borrow_mut()
                .as_mut()
                .is_some_and(|j| j.chunk(BUDGET_MS));
            r.flush();
            go_on
        });
        *self.anim.borrow_mut() = Some(anim);
    }

    /// Hand the local job's messages to the listeners.
    fn flush(&self) {
        let msgs: Vec<Object> = self.outbox.borrow_mut().drain(..).collect();
        for m in msgs {
            self.dispatch(&m);
        }
    }

    /// The worker died: say so, and run on the page from now on (the run in progress is lost).
    fn worker_failed(self: &Rc<Self>, why: &str) {
        crate::web::dom::log_error(&format!("batchnorm worker: {why}"));
        self.worker.borrow_mut().take();
        self.make_local();
        self.data.set(DataState::None);
        let m = message_of("bn-error");
        set(
            &m,
            "ko",
            &format!(
                "작업 스레드(Web Worker)가 멈췄습니다: {why}. 다시 실행하면 페이지에서 계산합니다."
            )
            .into(),
        );
        set(
            &m,
            "en",
            &format!("The worker stopped: {why}. Run again to compute on the page.").into(),
        );
        self.dispatch(&m);
    }

    fn deliver(&self, m: &Object, transfer: &Array) {
        if let Some(w) = self.worker.borrow().as_ref() {
            w.post(m, transfer);
            return;
        }
        let kind = get(m, "t").as_string().unwrap_or_default();
        let wants = self
            .local
            .borrow_mut()
            .as_mut()
            .map(|j| j.message(&kind, m));
        self.flush();
        if let Some(Ok(true)) = wants {
            if let Some(a) = self.anim.borrow().as_ref() {
                a.play();
            }
        }
    }

    /// Send a message to the job (after the digits, which are fetched on first use).
    pub fn send(self: &Rc<Self>, m: Object) {
        self.ensure_started();
        if self.data.get() == DataState::Ready {
            self.deliver(&m, &Array::new());
        } else {
            self.pending.borrow_mut().push(m);
        }
    }

    /// A message `{t: kind}` with numeric fields.
    pub fn msg(kind: &str, fields: &[(&str, f64)]) -> Object {
        let m = message_of(kind);
        for (k, v) in fields {
            set(&m, k, &JsValue::from_f64(*v));
        }
        m
    }
}
