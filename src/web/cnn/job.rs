//! The CNN lab's long runs as a `Job` (src/web/job_worker.rs): SimpleConvNet's training, the measurement of an
//! imported network, MLP vs CNN; the same object runs in the worker or, without one, time-sliced on the page.
//! Messages (page → job): `cnn-data` {tri, trl, tei, tel: Uint8Array, pixels and labels of the train and test
//! digits}, `cnn-reset` {gen, cfg: the settings as a link}, `cnn-run`, `cnn-pause`,
//! `cnn-step`, `cnn-load` {gen, cfg, deep: a DeepConvNet, w: trained weights}. Job → page: `cnn-eval` {gen, done,
//! correct, n: the loaded network measured a batch at a time, between chunks}, `cnn-loaded` {gen, acc, n: its
//! accuracy on the n test digits; a SimpleConvNet then trains on from those weights, a DeepConvNet is inference
//! only}, `cnn-race` {cfg: the settings and the race's as a link}: MLP vs CNN for the same time each (the run
//! pauses), `cnn-race-stop`; job → page `cnn-race-progress` {p: Float64Array (`RaceProgress::encode`)},
//! `cnn-progress` {p: Float64Array (`Progress::encode`), w?: Float32Array (the weights
//! packed W1, b1, …, sent every `WEIGHTS_EVERY_MS` while running and whenever the run stops)}.
//! In the worker, a run whose settings ask for k ≥ 2 workers (`cw`, or automatic by the cores) splits each batch
//! with k − 1 helper workers (`coordinator`); their answers arrive as `cnn-grad`, a helper that failed as
//! `cnn-part-fail` {why} (the run goes on with one worker, and the progress says so).

use js_sys::{Array, Float32Array, Float64Array, Object, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::data::mnist::Mnist;
use crate::labs::cnn::eval::Evaluation;
use crate::labs::cnn::import::CnnKind;
use crate::labs::cnn::race::{Race, RaceConfig};
use crate::labs::cnn::session::CnnRun;
use crate::labs::cnn::train_config::CnnTrainConfig;
use crate::labs::mnist::remote::{pack_weights, unpack_weights, RunState};
use crate::labs::mnist::session::Data;
use crate::net::Net;
use crate::urlstate::Route;
use crate::web::job_worker::{self, Job};
use crate::web::mnist::worker::{get, now, set};

mod coordinator;
mod split;
use coordinator::Coordinator;

/// The job's message prefix in `JOBS`.
pub(crate) const PREFIX: &str = "cnn-";
/// Send the weights (filters, feature maps, draw) at most this often while running.
const WEIGHTS_EVERY_MS: f64 = 400.0;

/// Where the job's messages go: the page (from the worker) or the page's own handler.
pub(crate) type Sink = Box<dyn Fn(&Object, &Array)>;

/// A loaded network being measured; a SimpleConvNet's settings to train on with afterwards.
struct Loading {
    net: Net,
    eval: Evaluation,
    train_with: Option<CnnTrainConfig>,
}

pub(crate) struct CnnJob {
    data: Option<Data>,
    run: Option<CnnRun>,
    loading: Option<Loading>,
    race: Option<Race>,
    gen: u32,
    running: bool,
    /// Moving average of one step's time, epoch ends excluded (they also measure accuracy).
    ms_per_step: f64,
    last_weights: f64,
    last_report: f64,
    sink: Sink,
    /// Whether this job runs in a worker (only there can it start helpers to split the batch).
    in_worker: bool,
    /// The current run's settings as a link (the helpers build their network from it).
    link: String,
    split: Option<Coordinator>,
    /// Workers the settings ask for (more than the split's when the helpers failed).
    wanted: usize,
}

/// The worker's job (registered in `JOBS`).
pub(crate) fn make() -> Box<dyn Job> {
    let mut job = CnnJob::new(Box::new(job_worker::post_to_page));
    job.in_worker = true;
    Box::new(job)
}

impl CnnJob {
    pub fn new(sink: Sink) -> CnnJob {
        CnnJob {
            data: None,
            run: None,
            loading: None,
            race: None,
            gen: 0,
            running: false,
            ms_per_step: 0.0,
            last_weights: 0.0,
            last_report: 0.0,
            sink,
            in_worker: false,
            link: String::new(),
            split: None,
            wanted: 1,
        }
    }

    fn report(&mut self, state: RunState, weights: bool) {
        let Some(run) = self.run.as_ref() else {
            return;
        };
        let mut p = run.progress(self.gen, state, self.ms_per_step);
        p.replicas = self.split.as_ref().map_or(1, |c| c.replicas());
        p.wanted = self.wanted;
        self.last_report = now();
        let msg = job_worker::message_of("cnn-progress");
        let a = Float64Array::from(p.encode().as_slice());
        set(&msg, "p", &a);
        let transfer = Array::of1(&a.buffer());
        let t = now();
        if weights || t - self.last_weights >= WEIGHTS_EVERY_MS {
            self.last_weights = t;
            let w = Float32Array::from(pack_weights(run.trainer.net()).as_slice());
            set(&msg, "w", &w);
            transfer.push(&w.buffer());
        }
        (self.sink)(&msg, &transfer);
    }

    /// Train for about `budget_ms` (at least one step) and report. Whether to go on. With helpers, start one
    /// split step and wait for their answers (`split_answer`) instead.
    fn train(&mut self, budget_ms: f64) -> bool {
        if self.split.is_some() {
            return self.split_begin();
        }
        let Some(run) = self.run.as_mut() else {
            return false;
        };
        let t0 = now();
        let mut bad = false;
        loop {
            if run.is_done() && self.running {
                break;
            }
            let ts = now();
            match run.step() {
                Ok(info) => {
                    let ms = now() - ts;
                    if info.epoch_end.is_none() {
                        let old = self.ms_per_step;
                        self.ms_per_step = if old == 0.0 { ms } else { 0.9 * old + 0.1 * ms };
                    }
                }
                Err(_) => {
                    bad = true;
                    break;
                }
            }
            if now() - t0 >= budget_ms {
                break;
            }
        }
        self.settle(bad, true)
    }

    /// The run's state after a step (`bad`: it diverged); stop unless running; report when asked or when the
    /// run stopped. Whether to go on.
    fn settle(&mut self, bad: bool, report: bool) -> bool {
        let done = self.run.as_ref().is_some_and(|r| r.is_done());
        let state = if bad {
            RunState::Diverged
        } else if done && self.running {
            RunState::Done
        } else if self.running {
            RunState::Running
        } else {
            RunState::Paused
        };
        if state != RunState::Running {
            self.running = false;
        }
        if report || state != RunState::Running {
            self.report(state, state != RunState::Running);
        }
        self.running
    }
}

impl CnnJob {
    /// Measure the loaded network for about `budget_ms` (at least one batch) and say how far; at the end, say
    /// its accuracy and (a SimpleConvNet) make the run that trains on from it. Whether to go on.
    fn measure(&mut self, budget_ms: f64) -> bool {
        let (Some(l), Some(data)) = (self.loading.as_mut(), self.data.as_ref()) else {
            return false;
        };
        let t0 = now();
        loop {
            match l.eval.step(&mut l.net, data) {
                Ok(true) if now() - t0 < budget_ms => {}
                Ok(_) => break,
                Err(e) => {
                    self.loading = None;
                    self.fail(&e.to_string());
                    return false;
                }
            }
        }
        let e = l.eval;
        let msg = job_worker::message_of(if e.is_done() {
            "cnn-loaded"
        } else {
            "cnn-eval"
        });
        set(&msg, "gen", &(self.gen as f64).into());
        set(&msg, "done", &(e.done as f64).into());
        set(&msg, "correct", &(e.correct as f64).into());
        set(&msg, "n", &(e.n as f64).into());
        set(&msg, "acc", &(e.accuracy() as f64).into());
        (self.sink)(&msg, &Array::new());
        if !e.is_done() {
            return true;
        }
        let Some(l) = self.loading.take() else {
            return false;
        };
        if let Some(cfg) = l.train_with {
            match CnnRun::with_net(l.net, &cfg, data) {
                Ok(run) => {
                    self.run = Some(run);
                    self.plan_split(&cfg);
                    self.report(RunState::Paused, true);
                }
                Err(e) => self.fail(&e.to_string()),
            }
        }
        false
    }

    /// Race for about `budget_ms` (whoever has spent less time steps next) and report. Whether to go on.
    fn race_chunk(&mut self, budget_ms: f64) -> bool {
        let Some(race) = self.race.as_mut() else {
            return false;
        };
        let t0 = now();
        while let Some(i) = race.next() {
            let ts = now();
            let r = race.step(i);
            let r = r.and_then(|_| race.add_time(i, now() - ts));
            if let Err(e) = r {
                self.race = None;
                self.fail(&e.to_string());
                return false;
            }
            if now() - t0 >= budget_ms {
                break;
            }
        }
        self.report_race();
        if self.race.as_ref().is_some_and(|r| r.is_done()) {
            self.race = None;
            // A Train pressed during the race goes on now.
            return self.running;
        }
        true
    }

    fn report_race(&self) {
        let Some(race) = self.race.as_ref() else {
            return;
        };
        let msg = job_worker::message_of("cnn-race-progress");
        let a = Float64Array::from(race.progress().encode().as_slice());
        set(&msg, "p", &a);
        (self.sink)(&msg, &Array::of1(&a.buffer()));
    }

    fn fail(&self, why: &str) {
        let msg = job_worker::message_of("fail");
        set(&msg, "msg", &why.into());
        (self.sink)(&msg, &Array::new());
    }
}

fn bytes(msg: &JsValue, key: &str) -> Result<Vec<u8>, String> {
    get(msg, key)
        .dyn_into::<Uint8Array>()
        .map(|a| a.to_vec())
        .map_err(|_| format!("cnn-data: no {key}"))
}

impl Job for CnnJob {
    fn message(&mut self, kind: &str, msg: &JsValue) -> Result<bool, String> {
        match kind {
            "cnn-data" => {
                let train = Mnist {
                    pixels: bytes(msg, "tri")?,
                    labels: bytes(msg, "trl")?,
                };
                let test = Mnist {
                    pixels: bytes(msg, "tei")?,
                    labels: bytes(msg, "tel")?,
                };
                for m in [&train, &test] {
                    if m.labels.is_empty() || m.pixels.len() != m.labels.len() * 784 {
                        return Err("cnn-data: pixels and labels do not agree".into());
                    }
                }
                self.data = Some(Data::new(train, test));
                Ok(false)
            }
            "cnn-reset" => {
                self.running = false;
                self.run = None;
                self.loading = None;
                self.abandon_split();
                self.ms_per_step = 0.0;
                self.gen = get(msg, "gen").as_f64().unwrap_or(0.0) as u32;
                self.link = get(msg, "cfg").as_string().unwrap_or_default();
                let cfg = CnnTrainConfig::read(&Route::parse(&self.link));
                let data = self.data.as_ref().ok_or("cnn-reset before cnn-data")?;
                self.run = Some(CnnRun::new(&cfg, data).map_err(|e| e.to_string())?);
                self.plan_split(&cfg);
                self.report(RunState::Paused, true);
                Ok(false)
            }
            "cnn-load" => {
                // Trained weights (an imported file): measured on every test digit in chunks (`measure`).
                self.running = false;
                self.run = None;
                self.abandon_split();
                self.ms_per_step = 0.0;
                self.gen = get(msg, "gen").as_f64().unwrap_or(0.0) as u32;
                self.link = get(msg, "cfg").as_string().unwrap_or_default();
                let cfg = CnnTrainConfig::read(&Route::parse(&self.link));
                let kind = if get(msg, "deep").as_bool().unwrap_or(false) {
                    CnnKind::Deep
                } else {
                    CnnKind::Simple
                };
                let data = self.data.as_ref().ok_or("cnn-load before cnn-data")?;
                let w = get(msg, "w")
                    .dyn_into::<Float32Array>()
                    .map_err(|_| "cnn-load: no weights")?;
                let mut net = kind.build(&cfg).map_err(|e| e.to_string())?;
                unpack_weights(&mut net, &w.to_vec()).map_err(|e| e.to_string())?;
                self.loading = Some(Loading {
                    net,
                    eval: Evaluation::new(data),
                    train_with: (kind == CnnKind::Simple).then_some(cfg),
                });
                Ok(true)
            }
            "cnn-race" => {
                self.running = false;
                self.abandon_split();
                let route = Route::parse(&get(msg, "cfg").as_string().unwrap_or_default());
                let data = self.data.as_ref().ok_or("cnn-race before cnn-data")?;
                let race = Race::new(
                    &RaceConfig::read(&route),
                    &CnnTrainConfig::read(&route),
                    data,
                )
                .map_err(|e| e.to_string())?;
                self.race = Some(race);
                self.report_race();
                Ok(true)
            }
            "cnn-race-stop" => {
                if self.race.is_some() {
                    self.report_race();
                    self.race = None;
                }
                Ok(false)
            }
            "cnn-run" => {
                if self
                    .run
                    .as_ref()
                    .is_some_and(|r| !r.is_done() && r.diverged.is_none())
                {
                    self.running = true;
                }
                Ok(self.running)
            }
            "cnn-pause" => {
                if self.running {
                    self.running = false;
                    self.report(RunState::Paused, true);
                }
                Ok(false)
            }
            "cnn-step" => {
                if !self.running && self.run.as_ref().is_some_and(|r| r.diverged.is_none()) {
                    self.train(0.0);
                }
                Ok(false)
            }
            "cnn-grad" => Ok(self.split_answer(msg)),
            "cnn-part-fail" => {
                Ok(self.split_failed(&get(msg, "why").as_string().unwrap_or_default()))
            }
            other => Err(format!("unknown message {other}")),
        }
    }

    fn chunk(&mut self, budget_ms: f64) -> bool {
        if self.loading.is_some() {
            return self.measure(budget_ms);
        }
        if self.race.is_some() {
            return self.race_chunk(budget_ms);
        }
        self.running && self.train(budget_ms)
    }
}
