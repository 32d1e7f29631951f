//! The batch norm lab's long runs as one `Job` (src/web/job_worker.rs, prefix "bn-"): the weight-scale
//! experiment and the random search, in the worker or, without one, time-sliced on the page. Messages in:
//! `bn-data` {images, labels} (the bundled IDX bytes), `bn-scales` {sn, sep, sseed}, `bn-search` {tn, tep, lr0,
//! lr1, wd0, wd1, tseed}, `bn-pause`, `bn-resume` {kind}, `bn-hist` {scale}. Messages out: `bn-progress` {kind, done, total},
//! `bn-scale` {index, scale, plain, bn, partial}, `bn-trial` {k, lr, wd, train, val}, `bn-done` {kind},
//! `bn-error` {kind, ko, en}, `bn-hist-result` {scale, plain, bn}.

use js_sys::{Array, Float32Array, Object};
use wasm_bindgen::JsValue;

use crate::data::mnist::Mnist;
use crate::i18n::Lang;
use crate::labs::batchnorm::activations::activation_histograms;
use crate::labs::batchnorm::config::BatchnormLabConfig;
use crate::labs::batchnorm::scales::{ScaleResult, ScalesRun};
use crate::labs::batchnorm::search::{SearchConfig, SearchRun, Trial};
use crate::labs::mnist::ch6::init_histogram::LayerHist;
use crate::web::job_worker::{message_of, Job};
use crate::web::mnist::worker::{get, set};
use crate::Error;

/// Where the job's messages go: the page (from the worker), or the page's own handler (time-sliced).
pub(crate) type Sink = Box<dyn Fn(&Object)>;

/// Which run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Scales,
    Search,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Scales => "scales",
            Kind::Search => "search",
        }
    }
}

pub(crate) struct BnJob {
    sink: Sink,
    data: Option<Mnist>,
    scales: Option<ScalesRun>,
    search: Option<SearchRun>,
    active: Option<Kind>,
}

/// The worker's job: messages go to the page.
pub(crate) fn make() -> Box<dyn Job> {
    Box::new(BnJob::new(Box::new(|m: &Object| {
        crate::web::job_worker::post_to_page(m, &Array::new())
    })))
}

fn num(msg: &JsValue, key: &str) -> f64 {
    get(msg, key).as_f64().unwrap_or(f64::NAN)
}

fn f32s(v: &[f32]) -> JsValue {
    Float32Array::from(v).into()
}

impl BnJob {
    pub fn new(sink: Sink) -> BnJob {
        BnJob {
            sink,
            data: None,
            scales: None,
            search: None,
            active: None,
        }
    }

    fn error(&self, kind: Kind, e: &Error) {
        let m = message_of("bn-error");
        set(&m, "kind", &kind.key().into());
        // The message in both languages: the page keeps both, to show it again after a language switch.
        set(&m, "ko", &e.message(Lang::Ko).into());
        set(&m, "en", &e.message(Lang::En).into());
        (self.sink)(&m);
    }

    fn progress(&self, kind: Kind, (done, total): (usize, usize)) {
        let m = message_of("bn-progress");
        set(&m, "kind", &kind.key().into());
        set(&m, "done", &(done as f64).into());
        set(&m, "total", &(total as f64).into());
        (self.sink)(&m);
    }

    fn post_scale(&self, r: &ScaleResult, partial: bool) {
        let m = message_of("bn-scale");
        set(&m, "index", &(r.index as f64).into());
        set(&m, "scale", &(r.scale as f64).into());
        set(&m, "plain", &f32s(&r.plain));
        set(&m, "bn", &f32s(&r.bn));
        set(&m, "partial", &partial.into());
        (self.sink)(&m);
    }

    fn post_trial(&self, t: &Trial) {
        let m = message_of("bn-trial");
        set(&m, "k", &(t.k as f64).into());
        set(&m, "lr", &(t.lr as f64).into());
        set(&m, "wd", &(t.wd as f64).into());
        set(&m, "train", &f32s(&t.train));
        set(&m, "val", &f32s(&t.val));
        (self.sink)(&m);
    }

    fn done(&self, kind: Kind) {
        let m = message_of("bn-done");
        set(&m, "kind", &kind.key().into());
        (self.sink)(&m);
    }

    /// The activation histograms of one weight scale, posted as `bn-hist-result` {scale, plain, bn}: per
    /// network a flat Float64Array of 36 numbers a layer (total, zeros, below, above, mean, std, 30 counts).
    fn hist(&self, scale: usize) {
        let Some(data) = self.data.as_ref() else {
            return self.error(Kind::Scales, &Error::new("bn.err.no_data", [""; 0]));
        };
        match activation_histograms(data, scale) {
            Ok([plain, bn]) => {
                let flat = |hs: &[LayerHist]| -> JsValue {
                    let mut v = Vec::new();
                    for h in hs {
                        v.extend([
                            h.total as f64,
                            h.zeros as f64,
                            h.below as f64,
                            h.above as f64,
                            h.mean,
                            h.std,
                        ]);
                        v.extend(h.counts.iter().map(|&c| c as f64));
                    }
                    js_sys::Float64Array::from(&v[..]).into()
                };
                let m = message_of("bn-hist-result");
                set(&m, "scale", &(scale as f64).into());
                set(&m, "plain", &flat(&plain));
                set(&m, "bn", &flat(&bn));
                (self.sink)(&m);
            }
            Err(e) => self.error(Kind::Scales, &e),
        }
    }

    fn start(&mut self, kind: Kind, msg: &JsValue) -> Result<bool, Error> {
        let data = self
            .data
            .as_ref()
            .ok_or_else(|| Error::new("bn.err.no_data", [""; 0]))?;
        match kind {
            Kind::Scales => {
                let c = BatchnormLabConfig {
                    scale_count: num(msg, "sn") as usize,
                    scale_epochs: num(msg, "sep") as usize,
                    scale_seed: num(msg, "sseed") as u64,
                    ..BatchnormLabConfig::default()
                };
                self.scales = Some(ScalesRun::new(c.scales(), data)?);
            }
            Kind::Search => {
                let cfg = SearchConfig {
                    trials: num(msg, "tn") as usize,
                    epochs: num(msg, "tep") as usize,
                    lr_log: (num(msg, "lr0"), num(msg, "lr1")),
                    wd_log: (num(msg, "wd0"), num(msg, "wd1")),
                    seed: num(msg, "tseed") as u64,
                    ..SearchConfig::default()
                };
                self.search = Some(SearchRun::new(cfg, data)?);
            }
        }
        self.active = Some(kind);
        Ok(true)
    }

    /// One iteration of the active run, posting what finished. Whether it goes on.
    fn step(&mut self, kind: Kind) -> Result<bool, Error> {
        match kind {
            Kind::Scales => {
                let Some(run) = self.scales.as_mut() else {
                    return Ok(false);
                };
                let finished = run.step()?;
                let go_on = !run.is_done();
                if let Some(r) = finished {
                    self.post_scale(&r, false);
                }
                Ok(go_on)
            }
            Kind::Search => {
                let Some(run) = self.search.as_mut() else {
                    return Ok(false);
                };
                let finished = run.step()?;
                let go_on = !run.is_done();
                if let Some(t) = finished {
                    self.post_trial(&t);
                }
                Ok(go_on)
            }
        }
    }

    fn run_progress(&self, kind: Kind) -> Option<(usize, usize)> {
        match kind {
            Kind::Scales => self.scales.as_ref().map(ScalesRun::progress),
            Kind::Search => self.search.as_ref().map(SearchRun::progress),
        }
    }
}

fn kind_of(msg: &JsValue) -> Option<Kind> {
    match get(msg, "kind").as_string().as_deref() {
        Some("scales") => Some(Kind::Scales),
        Some("search") => Some(Kind::Search),
        _ => None,
    }
}

impl Job for BnJob {
    fn message(&mut self, kind: &str, msg: &JsValue) -> Result<bool, String> {
        let r = match kind {
            "bn-data" => {
                let bytes = |k: &str| js_sys::Uint8Array::new(&get(msg, k)).to_vec();
                match Mnist::from_idx(&bytes("images"), &bytes("labels")) {
                    Ok(m) => {
                        self.data = Some(m);
                        Ok(false)
                    }
                    Err(e) => {
                        self.error(Kind::Scales, &e);
                        Ok(false)
                    }
                }
            }
            "bn-scales" | "bn-search" => {
                let k = if kind == "bn-scales" {
                    Kind::Scales
                } else {
                    Kind::Search
                };
                match self.start(k, msg) {
                    Ok(go) => Ok(go),
                    Err(e) => {
                        self.error(k, &e);
                        Ok(false)
                    }
                }
            }
            "bn-hist" => {
                self.hist(num(msg, "scale") as usize);
                Ok(false)
            }
            "bn-pause" => {
                self.active = None;
                Ok(false)
            }
            "bn-resume" => {
                let k = kind_of(msg).ok_or("bn-resume without kind")?;
                self.active = Some(k);
                Ok(true)
            }
            other => Err(format!("unknown message {other}")),
        };
        r
    }

    fn chunk(&mut self, budget_ms: f64) -> bool {
        let Some(kind) = self.active else {
            return false;
        };
        let t0 = js_sys::Date::now();
        let mut go_on = true;
        while go_on && js_sys::Date::now() - t0 < budget_ms {
            match self.step(kind) {
                Ok(g) => go_on = g,
                Err(e) => {
                    self.error(kind, &e);
                    go_on = false;
                }
            }
        }
        if let Some(p) = self.run_progress(kind) {
            self.progress(kind, p);
        }
        if kind == Kind::Scales {
            if let Some(r) = self.scales.as_ref().and_then(ScalesRun::partial) {
                self.post_scale(&r, true);
            }
        }
        if !go_on {
            self.active = None;
            self.done(kind);
        }
        go_on
    }
}
