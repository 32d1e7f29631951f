//! The CNN training views' shared page state (the train, filter, feature-map, draw and MLP-vs-CNN stages read
//! it): the bundled digits and their split (or the files picked in the MNIST lab), the run's settings, the
//! network with the weights last received from the job (a mirror; or an imported SimpleConvNet or DeepConvNet
//! and how far its accuracy is measured), the filters W1 before training, the last `Progress`, the last race
//! report; and the runner that carries messages to the
//! job: a module worker (src/web/job_worker.rs) or, without one, the same `CnnJob` time-sliced on the page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Float32Array, Float64Array, Object, Uint8Array};
use ndarray::ArrayD;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::job::CnnJob;
use crate::data::mnist::Mnist;
use crate::error::Error;
use crate::labs::cnn::import::CnnKind;
use crate::labs::cnn::race::{RaceConfig, RaceProgress};
use crate::labs::cnn::session::Progress;
use crate::labs::cnn::train_config::CnnTrainConfig;
use crate::labs::mnist::remote::{unpack_weights, RunState};
use crate::labs::mnist::session::Data;
use crate::net::Net;
use crate::urlstate::Route;
use crate::web::anim::AnimLoop;
use crate::web::job_worker::{message_of, Job, JobWorker};
use crate::web::mnist::files;
use crate::web::mnist::worker::{get, set};
use crate::web::mnist::{Sources, IMAGES_URL, LABELS_URL};

/// A page-side run takes about this long per frame (at least one step).
const PAGE_BUDGET_MS: f64 = 8.0;

enum Runner {
    Worker(JobWorker),
    Page {
        job: Rc<RefCell<CnnJob>>,
        anim: AnimLoop,
    },
}

/// What changed, for the stages that listen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// Progress without new weights.
    Progress,
    /// New weights (or a new network, or the data arrived).
    Weights,
}

type Listener = Rc<dyn Fn(Change)>;

/// A file's name, which net it held, and how far the job measured its weights: (digits done, correct, of n).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Imported {
    pub name: String,
    pub kind: CnnKind,
    pub done: usize,
    pub correct: usize,
    pub n: usize,
}

impl Imported {
    /// The accuracy once every test digit was measured.
    pub fn accuracy(&self) -> Option<f32> {
        (self.n > 0 && self.done >= self.n).then(|| self.correct as f32 / self.n as f32)
    }
}

#[derive(Default)]
pub(crate) struct Model {
    all: RefCell<Option<Mnist>>,
    loading: Cell<bool>,
    pub data: RefCell<Option<Data>>,
    /// (n_train, seed, from files) of the split in `data`; the job holds the same split.
    split: Cell<Option<(usize, u64, bool)>>,
    /// The MNIST lab's picked files (train, test, their names), used instead of the bundled digits.
    pub files: RefCell<Option<(Mnist, Mnist, Sources)>>,
    /// The settings of the current run (or the ones waiting for the digits).
    pub cfg: RefCell<Option<CnnTrainConfig>>,
    pub net: RefCell<Option<Net>>,
    /// W1 as the network was built (the book's "before" figure).
    pub before: RefCell<Option<ArrayD<f32>>>,
    pub progress: RefCell<Option<Progress>>,
    gen: Cell<u32>,
    /// Asked to train and not stopped since.
    pub running: Cell<bool>,
    runner: RefCell<Option<Runner>>,
    pub in_worker: Cell<bool>,
    /// Why the digits or the job failed, for the stages to show.
    pub failure: RefCell<Option<Error>>,
    /// The file the current network's weights came from, and how far their accuracy on the test digits is.
    pub imported: RefCell<Option<Imported>>,
    listeners: RefCell<Vec<Listener>>,
    /// MLP vs CNN: the last report, and whether it is running.
    pub race: RefCell<Option<RaceProgress>>,
    pub racing: Cell<bool>,
}

thread_local! {
    static MODEL: Rc<Model> = Rc::new(Model::default());
}

/// The page's one model (the CNN lab is mounted once).
pub(crate) fn model() -> Rc<Model> {
    MODEL.with(|m| m.clone())
}

/// Whether two settings need a new run (the feature maps' digit does not).
fn same_run(a: &CnnTrainConfig, b: &CnnTrainConfig) -> bool {
    CnnTrainConfig {
        digit: 0,
        ..a.clone()
    } == CnnTrainConfig {
        digit: 0,
        ..b.clone()
    }
}

impl Model {
    pub fn listen(&self, f: impl Fn(Change) + 'static) {
        self.listeners.borrow_mut().push(Rc::new(f));
    }

    fn notify(&self, c: Change) {
        let ls: Vec<Listener> = self.listeners.borrow().clone();
        for l in ls {
            l(c);
        }
    }

    /// A new mount of the lab (the page mounts it once; browser tests mount an app per test): forget the views
    /// that listened and the scene, so the next `use_config` builds a fresh run. The digits and the runner stay.
    pub fn remount(&self) {
        self.listeners.borrow_mut().clear();
        if self.running.get() {
            self.pause();
        }
        *self.cfg.borrow_mut() = None;
        *self.progress.borrow_mut() = None;
        *self.imported.borrow_mut() = None;
        *self.files.borrow_mut() = None;
        *self.failure.borrow_mut() = None;
        *self.race.borrow_mut() = None;
        if self.racing.get() {
            self.stop_race();
        }
        self.split.set(None);
    }

    pub fn loaded(&self) -> bool {
        self.data.borrow().is_some()
    }

    /// Settings from the link or the controls: a new run when they differ from the current one (a valid
    /// config only; the caller has shown the refusal of a bad one). Starts the runner and the download once.
    pub fn use_config(self: &Rc<Self>, cfg: &CnnTrainConfig) {
        self.start_runner();
        let same = self.cfg.borrow().as_ref().is_some_and(|c| same_run(c, cfg));
        if let Some(c) = self.cfg.borrow_mut().as_mut() {
            c.digit = cfg.digit;
        }
        // An imported network (being measured, or a DeepConvNet that has no run) stays until other settings come.
        if same && (self.progress.borrow().is_some() || self.imported.borrow().is_some()) {
            return;
        }
        *self.cfg.borrow_mut() = Some(cfg.clone());
        if self.loaded() || self.all.borrow().is_some() {
            self.reset();
        } else {
            self.fetch();
        }
    }

    fn fetch(self: &Rc<Self>) {
        if self.loading.replace(true) {
            return;
        }
        let m = self.clone();
        files::spawn(async move {
            let bytes = match crate::web::mnist::preloaded() {
                Some(b) => Ok(b),
                None => match files::fetch_bytes(IMAGES_URL).await {
                    Ok(im) => files::fetch_bytes(LABELS_URL).await.map(|lb| (im, lb)),
                    Err(e) => Err(e),
                },
            };
            m.loading.set(false);
            let all = bytes
                .map_err(|why| Error::new("cnn.err.fetch", [why]))
                .and_then(|(im, lb)| Mnist::from_idx(&im, &lb));
            match all {
                Ok(all) => {
                    *m.all.borrow_mut() = Some(all);
                    m.reset();
                }
                Err(e) => {
                    *m.failure.borrow_mut() = Some(e);
                    m.notify(Change::Weights);
                }
            }
        });
    }

    /// A fresh network from the settings: split the digits if the split changed (and hand them to the job),
    /// build the mirror, and reset the job.
    pub fn reset(&self) {
        let Some(cfg) = self.cfg.borrow().clone() else {
            return;
        };
        self.running.set(false);
        if let Some(Runner::Page { anim, .. }) = self.runner.borrow().as_ref() {
            anim.pause();
        }
        let split = (cfg.n_train, cfg.seed, self.files.borrow().is_some());
        if self.split.get() != Some(split) || self.data.borrow().is_none() {
            // Files: the first n_train training digits and every test digit; else the bundled split.
            let made = match (self.files.borrow().as_ref(), self.all.borrow().as_ref()) {
                (Some((train, test, _)), _) => Ok(Data::new(
                    train.head(cfg.n_train.min(train.len())),
                    test.head(
                        test.len()
                            .min(crate::labs::cnn::train_config::FILES_TEST_MAX),
                    ),
                )),
                (None, Some(all)) => Data::bundled(all, cfg.n_train, cfg.seed),
                (None, None) => return,
            };
            match made {
                Ok(d) => {
                    *self.data.borrow_mut() = Some(d);
                    self.split.set(Some(split));
                    self.send_data();
                }
                Err(e) => {
                    *self.failure.borrow_mut() = Some(e);
                    return;
                }
            }
        }
        match cfg.conv_config().build() {
            Ok(net) => {
                *self.before.borrow_mut() = net.param("W1").map(|w| w.to_owned());
                *self.net.borrow_mut() = Some(net);
            }
            Err(e) => {
                *self.failure.borrow_mut() = Some(e);
                return;
            }
        }
        *self.progress.borrow_mut() = None;
        *self.imported.borrow_mut() = None;
        self.gen.set(self.gen.get().wrapping_add(1));
        let msg = message_of("cnn-reset");
        set(&msg, "gen", &(self.gen.get() as f64).into());
        let mut r = Route::new("cnn");
        cfg.write(&mut r);
        set(&msg, "cfg", &r.to_hash().into());
        self.send(&msg, &Array::new());
        self.notify(Change::Weights);
    }

    /// Whether the current network is an imported DeepConvNet (inference only: no run, no training).
    pub fn deep(&self) -> bool {
        self.imported
            .borrow()
            .as_ref()
            .is_some_and(|i| i.kind == CnnKind::Deep)
    }

    /// Train and test on the files picked in the MNIST lab (a fresh network). Errors: none picked there.
    pub fn use_files(&self) -> Result<(), Error> {
        let f = crate::web::mnist::picked_files()
            .ok_or_else(|| Error::new("cnn.err.no_files", [""; 0]))?;
        *self.files.borrow_mut() = Some(f);
        self.split.set(None);
        self.reset();
        Ok(())
    }

    /// Back to the bundled digits (a fresh network).
    pub fn use_bundled(&self) {
        if self.files.borrow_mut().take().is_some() {
            self.split.set(None);
            self.reset();
        }
    }

    /// MLP vs CNN on the current digits with the current SimpleConvNet settings (the training run pauses).
    pub fn start_race(&self, race: &RaceConfig) {
        let Some(cfg) = self.cfg.borrow().clone() else {
            return;
        };
        if self.running.get() {
            self.pause();
        }
        let mut r = Route::new("cnn");
        cfg.write(&mut r);
        race.write(&mut r);
        let msg = message_of("cnn-race");
        set(&msg, "cfg", &r.to_hash().into());
        *self.race.borrow_mut() = None;
        self.racing.set(true);
        self.send(&msg, &Array::new());
    }

    pub fn stop_race(&self) {
        self.racing.set(false);
        if let Some(Runner::Page { anim, .. }) = self.runner.borrow().as_ref() {
            anim.pause();
        }
        self.send(&message_of("cnn-race-stop"), &Array::new());
        self.notify(Change::Progress);
    }

    /// Trained weights from a file (`cfg` from its shapes): the mirror takes them at once, the job measures
    /// their accuracy and (a SimpleConvNet) trains on from them.
    pub fn load(&self, kind: CnnKind, cfg: CnnTrainConfig, net: Net, name: &str) {
        self.running.set(false);
        if let Some(Runner::Page { anim, .. }) = self.runner.borrow().as_ref() {
            anim.pause();
        }
        let w = crate::labs::mnist::remote::pack_weights(&net);
        *self.cfg.borrow_mut() = Some(cfg.clone());
        *self.before.borrow_mut() = net.param("W1").map(|w| w.to_owned());
        *self.net.borrow_mut() = Some(net);
        *self.progress.borrow_mut() = None;
        *self.imported.borrow_mut() = Some(Imported {
            name: name.to_string(),
            kind,
            done: 0,
            correct: 0,
            n: self
                .data
                .borrow()
                .as_ref()
                .map_or(0, |d| d.test_labels.len()),
        });
        self.gen.set(self.gen.get().wrapping_add(1));
        let msg = message_of("cnn-load");
        set(&msg, "gen", &(self.gen.get() as f64).into());
        set(&msg, "deep", &(kind == CnnKind::Deep).into());
        let mut r = Route::new("cnn");
        cfg.write(&mut r);
        set(&msg, "cfg", &r.to_hash().into());
        let a = Float32Array::from(w.as_slice());
        set(&msg, "w", &a);
        self.send(&msg, &Array::of1(&a.buffer()));
        self.notify(Change::Weights);
    }

    fn send_data(&self) {
        let d = self.data.borrow();
        let Some(d) = d.as_ref() else { return };
        let msg = message_of("cnn-data");
        let transfer = Array::new();
        for (k, v) in [
            ("tri", &d.train.pixels),
            ("trl", &d.train.labels),
            ("tei", &d.test.pixels),
            ("tel", &d.test.labels),
        ] {
            let a = Uint8Array::from(v.as_slice());
            transfer.push(&a.buffer());
            set(&msg, k, &a);
        }
        self.send(&msg, &transfer);
    }

    /// Train on (nothing before the first report, nor after the run finished or diverged).
    pub fn play(&self) {
        if !matches!(self.state(), Some(RunState::Paused | RunState::Running)) {
            return;
        }
        self.running.set(true);
        self.send(&message_of("cnn-run"), &Array::new());
    }

    pub fn pause(&self) {
        self.running.set(false);
        if let Some(Runner::Page { anim, .. }) = self.runner.borrow().as_ref() {
            anim.pause();
        }
        self.send(&message_of("cnn-pause"), &Array::new());
    }

    pub fn step(&self) {
        self.send(&message_of("cnn-step"), &Array::new());
    }

    /// The run's state as last reported.
    pub fn state(&self) -> Option<RunState> {
        self.progress.borrow().as_ref().map(|p| p.state)
    }

    fn send(&self, msg: &Object, transfer: &Array) {
        let runner = self.runner.borrow();
        match runner.as_ref() {
            Some(Runner::Worker(w)) => {
                w.post(msg, transfer);
            }
            Some(Runner::Page { job, anim }) => {
                let kind = get(msg, "t").as_string().unwrap_or_default();
                let r = job.borrow_mut().message(&kind, msg);
                match r {
                    Ok(true) => anim.play(),
                    Ok(false) => {}
                    Err(why) => {
                        drop(runner);
                        self.job_failed(&why);
                    }
                }
            }
            None => {}
        }
    }

    fn start_runner(self: &Rc<Self>) {
        if self.runner.borrow().is_some() {
            return;
        }
        let on_message = |data: JsValue| model().handle(&data);
        let on_error = |why: String| {
            let m = model();
            crate::web::dom::log_error(&format!("cnn worker: {why}"));
            *m.failure.borrow_mut() = Some(Error::new("cnn.err.worker", [why]));
            m.start_on_page();
        };
        match JobWorker::start(on_message, on_error) {
            Some(w) => {
                self.in_worker.set(true);
                *self.runner.borrow_mut() = Some(Runner::Worker(w));
            }
            None => self.start_on_page(),
        }
    }

    /// The same job on the page (no worker, or the worker died): the digits and the run are sent again.
    fn start_on_page(&self) {
        let job = Rc::new(RefCell::new(CnnJob::new(Box::new(
            |msg: &Object, _t: &Array| model().handle(msg),
        ))));
        let j = job.clone();
        let anim = AnimLoop::new(PAGE_BUDGET_MS, move |_b| {
            // The job measures its own time; `try_borrow` guards a message arriving from inside a chunk.
            j.try_borrow_mut()
                .is_ok_and(|mut j| j.chunk(PAGE_BUDGET_MS))
        });
        let old = self.runner.replace(Some(Runner::Page { job, anim }));
        self.in_worker.set(false);
        if old.is_some() {
            drop(old);
            self.send_data();
            if self.cfg.borrow().is_some() && self.data.borrow().is_some() {
                self.reset();
            }
        }
    }

    fn job_failed(&self, why: &str) {
        crate::web::dom::log_error(&format!("cnn job: {why}"));
        *self.failure.borrow_mut() = Some(Error::new("cnn.err.worker", [why.to_string()]));
        self.running.set(false);
        self.racing.set(false);
        self.notify(Change::Progress);
    }

    /// A message from the job (through the worker or directly on the page).
    fn handle(&self, data: &JsValue) {
        match get(data, "t").as_string().as_deref() {
            Some("cnn-progress") => {
                let Some(p) = get(data, "p")
                    .dyn_into::<Float64Array>()
                    .ok()
                    .and_then(|a| Progress::decode(&a.to_vec()))
                else {
                    return;
                };
                if p.gen != self.gen.get() {
                    return;
                }
                if p.state != RunState::Running {
                    self.running.set(false);
                }
                let mut change = Change::Progress;
                if let Ok(w) = get(data, "w").dyn_into::<Float32Array>() {
                    if let Some(net) = self.net.borrow_mut().as_mut() {
                        if unpack_weights(net, &w.to_vec()).is_ok() {
                            change = Change::Weights;
                        }
                    }
                }
                *self.progress.borrow_mut() = Some(p);
                self.notify(change);
            }
            Some(kind @ ("cnn-eval" | "cnn-loaded")) => {
                if get(data, "gen").as_f64() != Some(self.gen.get() as f64) {
                    return;
                }
                let num = |k: &str| get(data, k).as_f64().unwrap_or(0.0) as usize;
                if let Some(i) = self.imported.borrow_mut().as_mut() {
                    i.done = num("done");
                    i.correct = num("correct");
                    i.n = num("n");
                    if kind == "cnn-loaded" {
                        i.done = i.n;
                    }
                }
                self.notify(Change::Progress);
            }
            Some("cnn-race-progress") => {
                let p = get(data, "p")
                    .dyn_into::<Float64Array>()
                    .ok()
                    .and_then(|a| RaceProgress::decode(&a.to_vec()));
                if let Some(p) = p {
                    if p.done {
                        self.racing.set(false);
                    }
                    *self.race.borrow_mut() = Some(p);
                    self.notify(Change::Progress);
                }
            }
            Some("fail") => {
                let why = get(data, "msg").as_string().unwrap_or_default();
                self.job_failed(&why);
            }
            _ => {}
        }
    }
}
