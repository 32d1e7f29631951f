//! A training run split across two threads: a Web Worker trains, the page mirrors it. This file holds what
//! crosses between them, as plain arrays the browser can transfer without copying per element:
//! progress is one f64 array (a header, then the new per-step losses, then the new epoch records), and the
//! weights are one f32 array (W1, b1, W2, b2, … in order, each row-major). The page's `Mirror` replays the
//! losses into its own `History`, so its decimated loss curve is exactly the worker's.

use super::config::MnistLabConfig;
use crate::error::ensure;
use crate::net::Net;
use crate::train::{EpochInfo, History, StepInfo};
use crate::urlstate::Route;
use crate::{Error, Result};

/// Where a run stands after the chunk a progress message reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    Running,
    Paused,
    /// The planned iterations are done.
    Done,
    /// A step's loss was not finite: the run stopped before that step's update.
    Diverged,
}

impl RunState {
    const ALL: [RunState; 4] = [
        RunState::Running,
        RunState::Paused,
        RunState::Done,
        RunState::Diverged,
    ];

    fn code(self) -> f64 {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0) as f64
    }
}

/// What the worker did since its last message.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// The run this belongs to (the page drops messages of a run it has replaced).
    pub gen: u32,
    /// Steps completed.
    pub iteration: usize,
    pub state: RunState,
    /// Smoothed time of one mini-batch step in the worker (epoch-end steps excluded), 0 before the first.
    pub ms_per_batch: f64,
    /// The loss that stopped a diverged run (NaN or ±∞), else NaN.
    pub bad_loss: f32,
    /// Since the run (re)started: the share of wall time the worker spent in training steps, and in
    /// epoch-end steps (which also measure accuracy). For the benchmark: 1 − busy is the messaging overhead.
    pub busy: f64,
    pub eval_share: f64,
    /// The loss of every step since the last message, in order.
    pub losses: Vec<f32>,
    /// The epochs that ended since the last message.
    pub epochs: Vec<EpochInfo>,
}

/// Marks a progress array (and its layout version).
const MAGIC: f64 = 7_001.0;
const HEADER: usize = 10;

impl Progress {
    /// [MAGIC, gen, iteration, state, ms_per_batch, bad_loss, busy, eval_share, n_losses, n_epochs, losses…,
    /// (epoch, iteration, train_acc, test_acc or NaN)…]. f32 values are exact in f64.
    pub fn encode(&self) -> Vec<f64> {
        let mut v = Vec::with_capacity(HEADER + self.losses.len() + 4 * self.epochs.len());
        v.extend([
            MAGIC,
            self.gen as f64,
            self.iteration as f64,
            self.state.code(),
            self.ms_per_batch,
            self.bad_loss as f64,
            self.busy,
            self.eval_share,
            self.losses.len() as f64,
            self.epochs.len() as f64,
        ]);
        v.extend(self.losses.iter().map(|&l| l as f64));
        for e in &self.epochs {
            v.extend([
                e.epoch as f64,
                e.iteration as f64,
                e.train_acc as f64,
                e.test_acc.map_or(f64::NAN, |a| a as f64),
            ]);
        }
        v
    }

    /// The inverse of `encode`; `None` for anything that is not a whole progress array.
    pub fn decode(v: &[f64]) -> Option<Progress> {
        if v.len() < HEADER || v[0] != MAGIC {
            return None;
        }
        let count = |x: f64| (x >= 0.0 && x.fract() == 0.0).then_some(x as usize);
        let (n_losses, n_epochs) = (count(v[8])?, count(v[9])?);
        if v.len() != HEADER + n_losses + 4 * n_epochs {
            return None;
        }
        let state = *RunState::ALL.get(count(v[3])?)?;
        let losses = v[HEADER..HEADER + n_losses]
            .iter()
            .map(|&l| l as f32)
            .collect();
        let epochs = v[HEADER + n_losses..]
            .chunks_exact(4)
            .map(|e| {
                Some(EpochInfo {
                    epoch: count(e[0])?,
                    iteration: count(e[1])?,
                    train_acc: e[2] as f32,
                    test_acc: (!e[3].is_nan()).then_some(e[3] as f32),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Progress {
            gen: count(v[1])? as u32,
            iteration: count(v[2])?,
            state,
            ms_per_batch: v[4],
            bad_loss: v[5] as f32,
            busy: v[6],
            eval_share: v[7],
            losses,
            epochs,
        })
    }

    /// The engine's explanation of a diverged run (the same error a step on the page would give).
    pub fn error(&self) -> Option<Error> {
        (self.state == RunState::Diverged)
            .then(|| Error::new("err.not_finite_loss", [self.bad_loss]))
    }
}

/// The worker's side: collects what each step did until the next message.
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    losses: Vec<f32>,
    epochs: Vec<EpochInfo>,
}

impl Outbox {
    pub fn record(&mut self, step: &StepInfo) {
        self.losses.push(step.loss);
        if let Some(e) = step.epoch_end {
            self.epochs.push(e);
        }
    }

    /// Drop what was collected (a new run).
    pub fn clear(&mut self) {
        self.losses.clear();
        self.epochs.clear();
    }

    /// Whether an epoch ended since the last message.
    pub fn has_epochs(&self) -> bool {
        !self.epochs.is_empty()
    }

    /// Everything collected, as a message; the outbox is empty afterwards.
    pub fn take(&mut self, gen: u32, iteration: usize, state: RunState, ms: f64) -> Progress {
        Progress {
            gen,
            iteration,
            state,
            ms_per_batch: ms,
            bad_loss: f32::NAN,
            busy: 0.0,
            eval_share: 0.0,
            losses: std::mem::take(&mut self.losses),
            epochs: std::mem::take(&mut self.epochs),
        }
    }
}

/// The page's view of a run that trains elsewhere: the step counter and a history fed the same losses.
#[derive(Clone, Debug, Default)]
pub struct Mirror {
    pub iteration: usize,
    pub history: History,
}

impl Mirror {
    pub fn apply(&mut self, p: &Progress) {
        for &l in &p.losses {
            self.history.push_loss(l);
        }
        for &e in &p.epochs {
            self.history.push_epoch(e);
        }
        self.iteration = p.iteration;
    }
}

/// All parameters in `param_names` order (W1, b1, W2, …, gamma1, beta1, …), each row-major, in one array,
/// then the batch-norm layers' running means and variances (`Net::running_stats`): the side that receives
/// them must evaluate with the statistics the trainer gathered, not with fresh ones.
pub fn pack_weights(net: &Net) -> Vec<f32> {
    let mut v = Vec::new();
    for name in net.param_names() {
        if let Some(p) = net.param(&name) {
            v.extend(p.iter().copied());
        }
    }
    v.extend(net.running_stats());
    v
}

/// Put packed weights into a network of the same shape (an error, and no change, when the length differs).
pub fn unpack_weights(net: &mut Net, flat: &[f32]) -> Result<()> {
    let names = net.param_names();
    let shapes: Vec<Vec<usize>> = names
        .iter()
        .filter_map(|n| net.param(n).map(|p| p.shape().to_vec()))
        .collect();
    let n_params: usize = shapes.iter().map(|s| s.iter().product::<usize>()).sum();
    let want = n_params + net.running_stats().len();
    ensure(
        flat.len() == want,
        "err.shape",
        [
            "weights".to_string(),
            format!("{} values", flat.len()),
            net.sizes()
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join("-"),
            format!("{want} values"),
        ],
    )?;
    // The statistics are checked before any parameter changes (all or nothing).
    ensure(
        flat[n_params..].iter().all(|v| v.is_finite()),
        "err.finite",
        ["running_var", "NaN/inf"],
    )?;
    let mut at = 0;
    for (name, shape) in names.iter().zip(&shapes) {
        let n: usize = shape.iter().product();
        let view = ndarray::ArrayViewD::from_shape(ndarray::IxDyn(shape), &flat[at..at + n])
            .map_err(|_| Error::new("err.unknown", ["parameter", name.as_str()]))?;
        net.set_param(name, view)?;
        at += n;
    }
    net.set_running_stats(&flat[n_params..])
}

/// The settings as text for the worker (the URL form, which already round-trips every field).
pub fn config_text(cfg: &MnistLabConfig) -> String {
    let mut r = Route::new("mnist");
    cfg.write(&mut r);
    r.to_hash()
}

pub fn config_from_text(text: &str) -> MnistLabConfig {
    MnistLabConfig::read(&Route::parse(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::NetConfig;

    fn progress() -> Progress {
        Progress {
            gen: 3,
            iteration: 160,
            state: RunState::Running,
            ms_per_batch: 0.75,
            bad_loss: f32::NAN,
            busy: 0.95,
            eval_share: 0.2,
            losses: vec![2.3, 2.25, 0.1234567],
            epochs: vec![
                EpochInfo {
                    epoch: 1,
                    iteration: 80,
                    train_acc: 0.8125,
                    test_acc: Some(0.79),
                },
                EpochInfo {
                    epoch: 2,
                    iteration: 160,
                    train_acc: 0.9,
                    test_acc: None,
                },
            ],
        }
    }

    #[test]
    fn progress_round_trips_and_junk_is_refused() {
        let p = progress();
        let v = p.encode();
        let back = Progress::decode(&v).unwrap();
        assert_eq!(
            (back.gen, back.iteration, back.state),
            (3, 160, RunState::Running)
        );
        assert_eq!(back.losses, p.losses);
        assert_eq!((back.busy, back.eval_share), (0.95, 0.2));
        assert_eq!(back.epochs, p.epochs);
        assert!(back.bad_loss.is_nan() && back.error().is_none());
        assert!(Progress::decode(&v[..v.len() - 1]).is_none());
        assert!(Progress::decode(&[]).is_none());
        let mut bad = v.clone();
        bad[3] = 9.0;
        assert!(Progress::decode(&bad).is_none());
        bad = v;
        bad[8] = -1.0;
        assert!(Progress::decode(&bad).is_none());
        let d = Progress {
            state: RunState::Diverged,
            bad_loss: f32::INFINITY,
            ..progress()
        };
        let e = Progress::decode(&d.encode()).unwrap().error().unwrap();
        assert_eq!((e.key, e.args[0].as_str()), ("err.not_finite_loss", "inf"));
    }

    #[test]
    fn the_mirror_replays_the_workers_history_exactly() {
        let mut worker = History::default();
        let mut mirror = Mirror::default();
        let mut outbox = Outbox::default();
        for i in 0..5_000usize {
            let step = StepInfo {
                iteration: i + 1,
                loss: (i as f32 * 0.37).sin().abs(),
                lr: 0.1,
                epoch_end: (i % 80 == 79).then_some(EpochInfo {
                    epoch: i / 80 + 1,
                    iteration: i + 1,
                    train_acc: 0.5,
                    test_acc: Some(0.4),
                }),
            };
            worker.push_loss(step.loss);
            if let Some(e) = step.epoch_end {
                worker.push_epoch(e);
            }
            outbox.record(&step);
            if i % 37 == 0 {
                let msg = outbox.take(1, i + 1, RunState::Running, 1.0).encode();
                mirror.apply(&Progress::decode(&msg).unwrap());
            }
        }
        mirror.apply(&outbox.take(1, 5_000, RunState::Paused, 1.0));
        assert_eq!(mirror.iteration, 5_000);
        assert_eq!(mirror.history.losses(), worker.losses());
        assert_eq!(mirror.history.stride(), worker.stride());
        assert_eq!(mirror.history.epochs(), worker.epochs());
        assert_eq!(mirror.history.last_loss(), worker.last_loss());
    }

    #[test]
    fn weights_pack_and_unpack_into_a_network_of_the_same_shape() {
        let cfg = |seed| NetConfig {
            hidden: vec![20, 12],
            seed,
            ..Default::default()
        };
        let a = cfg(1).build().unwrap();
        let mut b = cfg(2).build().unwrap();
        let flat = pack_weights(&a);
        assert_eq!(flat.len(), 784 * 20 + 20 + 20 * 12 + 12 + 12 * 10 + 10);
        assert_ne!(a.param("W2"), b.param("W2"));
        unpack_weights(&mut b, &flat).unwrap();
        for n in a.param_names() {
            assert_eq!(a.param(&n), b.param(&n), "{n}");
        }
        let before = pack_weights(&b);
        assert!(unpack_weights(&mut b, &flat[1..]).is_err());
        assert_eq!(pack_weights(&b), before, "a refused array changes nothing");
    }

    #[test]
    fn a_network_crosses_as_its_description_and_weights() {
        // The worker rebuilds the page's network from its description (imported or built alike), then its weights.
        use crate::activation::Activation;
        use crate::data::netdesc;
        use crate::labs::mnist::weights::{from_tensors, to_tensors};
        let cfg = MnistLabConfig {
            hidden: vec![30],
            activation: "sigmoid",
            dropout: 0.3,
            weight_decay: 0.1,
            seed: 5,
            ..Default::default()
        };
        let trained = cfg.net_config().build().unwrap();
        let imported = from_tensors(&to_tensors(&trained), Activation::Tanh).unwrap();
        for net in [&trained, &imported] {
            let text = netdesc::to_text(net.config());
            let mut rebuilt = netdesc::from_text(&text).unwrap().build().unwrap();
            assert_eq!(rebuilt.config(), net.config());
            unpack_weights(&mut rebuilt, &pack_weights(net)).unwrap();
            assert_eq!(pack_weights(&rebuilt), pack_weights(net));
        }
    }

    #[test]
    fn the_settings_cross_as_text() {
        let c = MnistLabConfig {
            hidden: vec![100, 30],
            lr: 0.05,
            seed: 9,
            ..Default::default()
        };
        assert_eq!(config_from_text(&config_text(&c)), c);
    }
}
