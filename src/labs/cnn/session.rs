//! One live training run of SimpleConvNet on the bundled digits: a `Trainer` (Adam, batch 100) over the split
//! the settings ask for, and the progress it reports. The same run trains in the worker or, without one,
//! time-sliced on the page; either way the page reads a `Progress` (numbers as one f64 array, so it crosses
//! `postMessage` as one transferred buffer) and the weights packed W1, b1, W2, … (`remote::pack_weights`).

use super::train_config::CnnTrainConfig;
use crate::labs::mnist::remote::RunState;
use crate::labs::mnist::session::Data;
use crate::net::Net;
use crate::train::{EpochInfo, StepInfo, Trainer};
use crate::{Error, Result};

/// A SimpleConvNet being trained.
pub struct CnnRun {
    pub trainer: Trainer,
    /// The reason the run stopped on a non-finite loss (the step was not taken; see `train::health`).
    pub diverged: Option<Error>,
}

impl CnnRun {
    /// A fresh network from the settings on `data`. Errors: a refused architecture (the formula that fails).
    pub fn new(cfg: &CnnTrainConfig, data: &Data) -> Result<CnnRun> {
        let net = cfg.conv_config().build()?;
        CnnRun::with_net(net, cfg, data)
    }

    /// Train a given network (its weights as they are) with the settings' optimizer and batches.
    pub fn with_net(net: Net, cfg: &CnnTrainConfig, data: &Data) -> Result<CnnRun> {
        let train = (data.train.x(true), data.train.t_one_hot());
        let test = (data.x_test.clone(), data.test.t_one_hot());
        let trainer = Trainer::new(net, train, Some(test), cfg.train_config())?;
        Ok(CnnRun {
            trainer,
            diverged: None,
        })
    }

    /// One mini-batch step; a non-finite loss stops the run and keeps the engine's explanation.
    pub fn step(&mut self) -> Result<StepInfo> {
        let r = self.trainer.step();
        if let Err(e) = &r {
            self.diverged = Some(e.clone());
        }
        r
    }

    pub fn is_done(&self) -> bool {
        self.trainer.is_done()
    }

    /// What the page shows, with the state and measured ms per step given by the caller.
    pub fn progress(&self, gen: u32, state: RunState, ms_per_step: f64) -> Progress {
        let h = self.trainer.history();
        Progress {
            gen,
            iteration: self.trainer.iteration(),
            iters: self.trainer.config().iters,
            iters_per_epoch: self.trainer.iters_per_epoch(),
            state,
            ms_per_step,
            bad_loss: self
                .diverged
                .as_ref()
                .and_then(|e| e.args.first())
                .and_then(|a| a.parse().ok())
                .unwrap_or(f32::NAN),
            loss_stride: h.stride(),
            losses: h.losses().to_vec(),
            epochs: h.epochs().to_vec(),
            replicas: 1,
            wanted: 1,
        }
    }
}

/// A run's state as the page sees it: counters, speed, the (bounded, decimated) loss history and the epochs.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Which reset this belongs to (progress of older runs is dropped).
    pub gen: u32,
    pub iteration: usize,
    pub iters: usize,
    pub iters_per_epoch: usize,
    pub state: RunState,
    /// The measured time of one step (epoch ends excluded), 0 before any.
    pub ms_per_step: f64,
    /// The loss that stopped a diverged run (NaN otherwise).
    pub bad_loss: f32,
    /// Each stored loss is the mean of this many steps (1 until the history is decimated).
    pub loss_stride: usize,
    pub losses: Vec<f32>,
    pub epochs: Vec<EpochInfo>,
    /// Workers that split each mini-batch (1: one thread), and how many the settings asked for (more than
    /// `replicas` when the helpers could not start).
    pub replicas: usize,
    pub wanted: usize,
}

const HEAD: usize = 12;

fn state_code(s: RunState) -> f64 {
    match s {
        RunState::Running => 0.0,
        RunState::Paused => 1.0,
        RunState::Done => 2.0,
        RunState::Diverged => 3.0,
    }
}

impl Progress {
    /// [gen, iteration, iters, iters/epoch, state, ms, bad loss, stride, #losses, #epochs, replicas, wanted, losses…,
    /// (epoch, iteration, train acc, test acc or NaN)…].
    pub fn encode(&self) -> Vec<f64> {
        let mut v = vec![
            self.gen as f64,
            self.iteration as f64,
            self.iters as f64,
            self.iters_per_epoch as f64,
            state_code(self.state),
            self.ms_per_step,
            self.bad_loss as f64,
            self.loss_stride as f64,
            self.losses.len() as f64,
            self.epochs.len() as f64,
            self.replicas as f64,
            self.wanted as f64,
        ];
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

    /// The inverse of `encode`; `None` for an array of the wrong length or state.
    pub fn decode(v: &[f64]) -> Option<Progress> {
        if v.len() < HEAD {
            return None;
        }
        let n_loss = v[8] as usize;
        let n_ep = v[9] as usize;
        if v.len() != HEAD + n_loss + 4 * n_ep {
            return None;
        }
        let state = match v[4] as u8 {
            0 => RunState::Running,
            1 => RunState::Paused,
            2 => RunState::Done,
            3 => RunState::Diverged,
            _ => return None,
        };
        let losses = v[HEAD..HEAD + n_loss].iter().map(|&l| l as f32).collect();
        let epochs = v[HEAD + n_loss..]
            .chunks_exact(4)
            .map(|c| EpochInfo {
                epoch: c[0] as usize,
                iteration: c[1] as usize,
                train_acc: c[2] as f32,
                test_acc: (!c[3].is_nan()).then_some(c[3] as f32),
            })
            .collect();
        Some(Progress {
            gen: v[0] as u32,
            iteration: v[1] as usize,
            iters: v[2] as usize,
            iters_per_epoch: v[3] as usize,
            state,
            ms_per_step: v[5],
            bad_loss: v[6] as f32,
            loss_stride: (v[7] as usize).max(1),
            losses,
            epochs,
            replicas: (v[10] as usize).max(1),
            wanted: (v[11] as usize).max(1),
        })
    }

    /// (iteration, loss) points for the loss curve (each stored loss stands for the last of its `stride` steps).
    pub fn loss_points(&self) -> impl Iterator<Item = (usize, f32)> + '_ {
        let s = self.loss_stride;
        self.losses
            .iter()
            .enumerate()
            .map(move |(i, &l)| ((i + 1) * s, l))
    }

    /// samples/s from the measured step time (batch 100), or None before a step was measured.
    pub fn samples_per_s(&self) -> Option<f64> {
        (self.ms_per_step > 0.0)
            .then(|| super::train_config::BATCH as f64 * 1000.0 / self.ms_per_step)
    }

    /// Seconds left at the measured rate (None before a step was measured).
    pub fn seconds_left(&self) -> Option<f64> {
        (self.ms_per_step > 0.0)
            .then(|| self.iters.saturating_sub(self.iteration) as f64 * self.ms_per_step / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::mnist::Mnist;

    /// 300 synthetic "digits": class k is a bright bar at row 2 + 2k (learnable by a small CNN).
    pub(crate) fn bars(n: usize) -> Mnist {
        let mut pixels = vec![0u8; n * 784];
        let mut labels = Vec::with_capacity(n);
        for i in 0..n {
            let k = (i * 7) % 10;
            labels.push(k as u8);
            let row = 3 + 2 * k;
            for x in 4..24 {
                pixels[i * 784 + row * 28 + x] = 250;
                pixels[i * 784 + (row + 1) * 28 + x] = 120;
            }
        }
        Mnist { pixels, labels }
    }

    fn small() -> CnnTrainConfig {
        CnnTrainConfig {
            filter_num: 4,
            hidden_size: 20,
            epochs: 2,
            n_train: 200,
            ..Default::default()
        }
    }

    #[test]
    fn a_few_steps_lower_the_loss_with_a_fixed_seed() {
        let all = bars(300);
        let data = Data::bundled(&all, 200, 1).unwrap();
        let cfg = small();
        let mut run = CnnRun::new(&cfg, &data).unwrap();
        let first = run.step().unwrap().loss;
        // ln 10 at the start: weights of std 0.01 give nearly uniform softmax.
        assert!((first - 10f32.ln()).abs() < 0.05, "{first}");
        let losses: Vec<f32> = (0..79).map(|_| run.step().unwrap().loss).collect();
        let last = losses[69..].iter().sum::<f32>() / 10.0;
        assert!(last < 0.5 * first, "{first} → {last}");
        // The same seed gives the same run.
        let mut again = CnnRun::new(&cfg, &data).unwrap();
        assert_eq!(again.step().unwrap().loss, first);
        let p = run.progress(3, RunState::Paused, 12.5);
        assert_eq!(p.iteration, 80);
        assert_eq!(p.iters, 4);
        assert!(!p.epochs.is_empty());
        assert_eq!(p.samples_per_s(), Some(8000.0));
    }

    #[test]
    fn progress_round_trips_and_refuses_bad_arrays() {
        let p = Progress {
            gen: 2,
            iteration: 160,
            iters: 1600,
            iters_per_epoch: 80,
            state: RunState::Diverged,
            ms_per_step: 41.5,
            bad_loss: f32::INFINITY,
            loss_stride: 2,
            losses: vec![2.3, 1.1, 0.5],
            epochs: vec![
                EpochInfo {
                    epoch: 1,
                    iteration: 80,
                    train_acc: 0.9,
                    test_acc: Some(0.88),
                },
                EpochInfo {
                    epoch: 2,
                    iteration: 160,
                    train_acc: 0.95,
                    test_acc: None,
                },
            ],
            replicas: 2,
            wanted: 3,
        };
        let v = p.encode();
        assert_eq!(Progress::decode(&v), Some(p.clone()));
        assert_eq!(Progress::decode(&v[..v.len() - 1]), None);
        assert_eq!(
            p.loss_points().collect::<Vec<_>>(),
            vec![(2, 2.3), (4, 1.1), (6, 0.5)]
        );
        assert_eq!(p.seconds_left(), Some(1440.0 * 41.5 / 1000.0));
    }
}
