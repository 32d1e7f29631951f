//! The book's random search of hyperparameters (§6.5, `ch06/hyperparameter_optimization.py`): 500 training
//! digits, 20% of them held out as validation data (shuffled once, before any training; the test data is never
//! touched, or the choice of hyperparameters would overfit it), a 784-100×6-10 ReLU network (He init), SGD,
//! batch 100 drawn with replacement, and per trial lr = 10^U(−6, −2) and weight decay λ = 10^U(−8, −4).
//! Each trial records training and validation accuracy every epoch (every 4 iterations, from iteration 0, as
//! the book's `Trainer`). Then narrow both ranges to where the best trials lie, and search again.

use crate::activation::Activation;
use crate::data::mnist::Mnist;
use crate::error::{ensure, ensure_in};
use crate::init::Init;
use crate::net::{Net, NetConfig};
use crate::optim::{Optimizer, Sgd, SgdConfig};
use crate::rng::Rng;
use crate::Result;

use super::scales::Digits;

/// Limits the page states for what a reader may edit.
pub const TRIALS_RANGE: (usize, usize) = (1, 200);
pub const EPOCHS_RANGE: (usize, usize) = (1, 100);
/// log10 lr may lie in [−8, 0]; log10 λ in [−10, −1].
pub const LR_LOG_LIMITS: (f64, f64) = (-8.0, 0.0);
pub const WD_LOG_LIMITS: (f64, f64) = (-10.0, -1.0);

/// The search's settings. `Default` is the book's: 500 digits, 20% validation, 6 × 100 hidden, batch 100,
/// 50 epochs, 100 trials, log10 lr ∈ [−6, −2], log10 λ ∈ [−8, −4].
#[derive(Clone, Debug, PartialEq)]
pub struct SearchConfig {
    pub n_samples: usize,
    pub validation_rate: f64,
    pub hidden: Vec<usize>,
    pub batch_size: usize,
    pub epochs: usize,
    pub trials: usize,
    pub lr_log: (f64, f64),
    pub wd_log: (f64, f64),
    pub seed: u64,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            n_samples: 500,
            validation_rate: 0.2,
            hidden: vec![100; 6],
            batch_size: 100,
            epochs: 50,
            trials: 100,
            lr_log: (-6.0, -2.0),
            wd_log: (-8.0, -4.0),
            seed: 42,
        }
    }
}

fn check_range(name: &str, (lo, hi): (f64, f64), (min, max): (f64, f64)) -> Result<()> {
    ensure(
        lo.is_finite() && hi.is_finite() && min <= lo && lo < hi && hi <= max,
        "err.range",
        [
            name.to_string(),
            min.to_string(),
            max.to_string(),
            format!("{lo} … {hi}"),
        ],
    )
}

impl SearchConfig {
    pub fn validate(&self) -> Result<()> {
        ensure_in("trials", self.trials, TRIALS_RANGE)?;
        ensure_in("epochs", self.epochs, EPOCHS_RANGE)?;
        check_range("log10 lr", self.lr_log, LR_LOG_LIMITS)?;
        check_range("log10 weight decay", self.wd_log, WD_LOG_LIMITS)?;
        ensure(self.batch_size >= 1, "err.min", ["batch_size", "1", "0"])?;
        let n_val = self.n_validation();
        ensure(
            n_val >= 1 && n_val < self.n_samples,
            "err.range_open",
            [
                "validation_rate",
                "0",
                "1",
                &self.validation_rate.to_string(),
            ],
        )
    }

    /// The validation share, the book's x_train.shape[0] * validation_rate (100 of 500).
    pub fn n_validation(&self) -> usize {
        (self.n_samples as f64 * self.validation_rate) as usize
    }

    /// Iterations per epoch on the training part (400 / 100 = 4).
    pub fn iters_per_epoch(&self) -> usize {
        ((self.n_samples - self.n_validation()) / self.batch_size.max(1)).max(1)
    }

    /// The trials' (lr, λ), each 10^U(lo, hi) on its own range, from the seed (the book draws λ, then lr).
    pub fn sample(&self) -> Vec<(f32, f32)> {
        let mut rng = Rng::new(self.seed ^ 0x5EA2C4);
        (0..self.trials)
            .map(|_| {
                let u = |rng: &mut Rng, (lo, hi): (f64, f64)| lo + (hi - lo) * rng.uniform_f64();
                let wd = 10f64.powf(u(&mut rng, self.wd_log));
                let lr = 10f64.powf(u(&mut rng, self.lr_log));
                (lr as f32, wd as f32)
            })
            .collect()
    }

    /// The network of trial `k`: the book's `MultiLayerNet` (ReLU, He init) with weight decay λ.
    pub fn net_config(&self, k: usize, wd: f32) -> NetConfig {
        NetConfig {
            hidden: self.hidden.clone(),
            activation: vec![Activation::Relu],
            init: Init::He,
            weight_decay: wd,
            seed: self.seed.wrapping_add(1000 + k as u64),
            ..NetConfig::default()
        }
    }
}

/// The digits split once: which of the first `n_samples` are validation and which are training.
#[derive(Clone, Debug, PartialEq)]
pub struct Split {
    pub train: Vec<usize>,
    pub validation: Vec<usize>,
}

/// Shuffle the first `n_samples` indices with the seed (the book's `shuffle_dataset`), then the first 20% are
/// validation and the rest training.
pub fn split(cfg: &SearchConfig) -> Split {
    let mut order: Vec<usize> = (0..cfg.n_samples).collect();
    Rng::new(cfg.seed).shuffle(&mut order);
    let n_val = cfg.n_validation();
    Split {
        validation: order[..n_val].to_vec(),
        train: order[n_val..].to_vec(),
    }
}

/// One trial's result: its hyperparameters and the accuracy curves (one point per epoch).
#[derive(Clone, Debug, PartialEq)]
pub struct Trial {
    pub k: usize,
    pub lr: f32,
    pub wd: f32,
    pub train: Vec<f32>,
    pub val: Vec<f32>,
}

impl Trial {
    /// The last validation accuracy (what the book sorts by).
    pub fn final_val(&self) -> f32 {
        self.val.last().copied().unwrap_or(0.0)
    }
}

/// The best `n` trials by final validation accuracy (ties: the earlier trial first).
pub fn best(trials: &[Trial], n: usize) -> Vec<&Trial> {
    let mut v: Vec<&Trial> = trials.iter().collect();
    v.sort_by(|a, b| b.final_val().total_cmp(&a.final_val()).then(a.k.cmp(&b.k)));
    v.truncate(n);
    v
}

/// The narrowed ranges: the span of log10 lr and log10 λ over the best `n` trials, widened by a quarter
/// decade each side and kept within the limits (a single trial gives a half-decade window around it).
pub fn narrow(trials: &[Trial], n: usize) -> Option<((f64, f64), (f64, f64))> {
    let top = best(trials, n);
    if top.is_empty() {
        return None;
    }
    let span = |f: &dyn Fn(&Trial) -> f32, (min, max): (f64, f64)| {
        let logs: Vec<f64> = top.iter().map(|t| (f(t) as f64).log10()).collect();
        let lo = logs.iter().copied().fold(f64::INFINITY, f64::min) - 0.25;
        let hi = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max) + 0.25;
        // Two decimals are enough for a link and a label.
        let r = |v: f64| (v * 100.0).round() / 100.0;
        (r(lo.max(min)), r(hi.min(max)))
    };
    Some((
        span(&|t| t.lr, LR_LOG_LIMITS),
        span(&|t| t.wd, WD_LOG_LIMITS),
    ))
}

/// The trial being trained.
struct Current {
    k: usize,
    net: Net,
    opt: Sgd,
    iter: usize,
    train: Vec<f32>,
    val: Vec<f32>,
}

/// The whole search, one iteration at a time.
pub struct SearchRun {
    pub cfg: SearchConfig,
    pub plan: Vec<(f32, f32)>,
    pub split: Split,
    train: Digits,
    val: Digits,
    rng: Rng,
    current: Option<Current>,
    pub results: Vec<Trial>,
}

impl SearchRun {
    /// A search on the first `cfg.n_samples` digits of `m`.
    pub fn new(cfg: SearchConfig, m: &Mnist) -> Result<SearchRun> {
        cfg.validate()?;
        let all = Digits::first(m, cfg.n_samples)?;
        let split = split(&cfg);
        let part = |idx: &[usize]| {
            let (x, t) = all.batch(idx);
            Digits { x, t }
        };
        Ok(SearchRun {
            plan: cfg.sample(),
            train: part(&split.train),
            val: part(&split.validation),
            split,
            rng: Rng::new(cfg.seed.wrapping_add(7)),
            cfg,
            current: None,
            results: Vec::new(),
        })
    }

    pub fn is_done(&self) -> bool {
        self.results.len() >= self.cfg.trials
    }

    /// (iterations done, iterations planned) over all trials.
    pub fn progress(&self) -> (usize, usize) {
        let per = (self.cfg.epochs - 1) * self.cfg.iters_per_epoch() + 1;
        let now = self.current.as_ref().map_or(0, |c| c.iter);
        (self.results.len() * per + now, self.cfg.trials * per)
    }

    /// One iteration of the current trial; returns the trial that just finished.
    pub fn step(&mut self) -> Result<Option<Trial>> {
        if self.is_done() {
            return Ok(None);
        }
        if self.current.is_none() {
            let k = self.results.len();
            let (lr, wd) = self.plan[k];
            self.current = Some(Current {
                k,
                net: self.cfg.net_config(k, wd).build()?,
                opt: Sgd::new(SgdConfig { lr }),
                iter: 0,
                train: Vec::new(),
                val: Vec::new(),
            });
        }
        let n = self.train.len();
        let idx: Vec<usize> = (0..self.cfg.batch_size)
            .map(|_| self.rng.below(n))
            .collect();
        let (xb, tb) = self.train.batch(&idx);
        let cur = self.current.as_mut().expect("set above");
        cur.net.backprop(&xb, &tb)?;
        if cur.net.grads_are_finite() {
            cur.net.apply(&mut cur.opt as &mut dyn Optimizer);
        }
        if cur.iter.is_multiple_of(self.cfg.iters_per_epoch()) {
            cur.train
                .push(cur.net.accuracy(&self.train.x, &self.train.t)?);
            cur.val.push(cur.net.accuracy(&self.val.x, &self.val.t)?);
        }
        cur.iter += 1;
        if cur.train.len() >= self.cfg.epochs {
            let c = self.current.take().expect("just used");
            let (lr, wd) = self.plan[c.k];
            let t = Trial {
                k: c.k,
                lr,
                wd,
                train: c.train,
                val: c.val,
            };
            self.results.push(t.clone());
            return Ok(Some(t));
        }
        Ok(None)
    }
}
