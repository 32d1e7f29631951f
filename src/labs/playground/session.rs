//! One playground run: the data set, a `Trainer` built from the settings, the train/test loss and accuracy
//! per epoch (bounded), the stop rules, and edits made while it runs (points, a weight). The same settings
//! and seed always give the same initial weights, so a reset reproduces a run.

use ndarray::{Array1, Array2, ArrayD};

use super::settings::{PlaygroundConfig, StopRules};
use crate::data::toy2d::Dataset;
use crate::error::{ensure, Error, Result};
use crate::net::Net;
use crate::train::{TrainConfig, Trainer};

/// The most points kept on the metric curves; beyond it every other epoch is dropped.
pub const MAX_METRICS: usize = 1000;

/// Loss and accuracy measured at an epoch end (epoch 0: before training).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    pub epoch: usize,
    pub iteration: usize,
    pub train_loss: f32,
    pub test_loss: Option<f32>,
    pub train_acc: f32,
    pub test_acc: Option<f32>,
}

/// Why training stopped by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    Epochs,
    Loss,
    Accuracy,
}

impl Stop {
    /// The i18n key of the reason.
    pub fn key(self) -> &'static str {
        match self {
            Stop::Epochs => "pg.stop.epochs",
            Stop::Loss => "pg.stop.loss",
            Stop::Accuracy => "pg.stop.acc",
        }
    }
}

/// What one `step` did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub loss: f32,
    pub epoch_end: bool,
    pub stop: Option<Stop>,
}

/// x (N × 2) and t (N × outputs: a 0/1 column for one output unit, else one-hot).
fn tensors(data: &Dataset, test: bool, outputs: usize) -> Option<(Array2<f32>, Array2<f32>)> {
    let (x, labels) = data.split(test);
    if labels.is_empty() {
        return None;
    }
    let n = labels.len();
    let x = Array2::from_shape_vec((n, 2), x).ok()?;
    let mut t = Array2::zeros((n, outputs));
    for (i, &k) in labels.iter().enumerate() {
        if outputs == 1 {
            t[[i, 0]] = k as f32;
        } else if k < outputs {
            t[[i, k]] = 1.0;
        }
    }
    Some((x, t))
}

pub struct Session {
    cfg: PlaygroundConfig,
    data: Dataset,
    trainer: Trainer,
    train: (Array2<f32>, Array2<f32>),
    test: Option<(Array2<f32>, Array2<f32>)>,
    metrics: Vec<Metrics>,
    metric_stride: usize,
    /// Steps and epochs done before the last data edit (the trainer restarts its counters).
    iter_base: usize,
    epoch_base: usize,
    stopped: Option<Stop>,
}

impl Session {
    /// Build the network from `cfg` (seeded) and a trainer for `data`; errors name the bad setting.
    pub fn new(cfg: PlaygroundConfig, data: Dataset) -> Result<Session> {
        let net = cfg.net_config(data.classes)?.build()?;
        Self::with_net(cfg, data, net, Vec::new(), 0, 0)
    }

    fn with_net(
        cfg: PlaygroundConfig,
        data: Dataset,
        net: Net,
        metrics: Vec<Metrics>,
        iter_base: usize,
        epoch_base: usize,
    ) -> Result<Session> {
        let outputs = cfg.outputs(data.classes);
        ensure(
            data.classes <= outputs.max(2),
            "err.pg_sigmoid_classes",
            [data.classes],
        )?;
        let train = tensors(&data, false, outputs)
            .ok_or_else(|| Error::new("err.empty", ["pg.train_points"]))?;
        let test = tensors(&data, true, outputs);
        let n_train = train.0.nrows();
        let tc = TrainConfig {
            optim: cfg.optim(),
            batch_size: cfg.batch.clamp(1, n_train),
            iters: usize::MAX,
            seed: cfg.seed,
            ..Default::default()
        };
        let trainer = Trainer::new(net, train.clone(), test.clone(), tc)?;
        let mut s = Session {
            cfg,
            data,
            trainer,
            train,
            test,
            metrics,
            metric_stride: 1,
            iter_base,
            epoch_base,
            stopped: None,
        };
        if s.metrics.is_empty() {
            let m = s.measure(None)?;
            s.metrics.push(m);
        }
        Ok(s)
    }

    /// Back to the initial weights of this seed, with the same data; the curves start again.
    pub fn reset(&mut self) -> Result<()> {
        *self = Session::new(self.cfg.clone(), self.data.clone())?;
        Ok(())
    }

    /// Replace the points (clicked, removed or imported) and keep the weights and curves: the network
    /// goes on learning from the new data. More classes than the output can show is an error.
    pub fn set_data(&mut self, data: Dataset) -> Result<()> {
        let net = self.trainer.net().clone();
        ensure(
            self.cfg.outputs(data.classes) == net.config().output,
            "err.pg_classes_changed",
            [data.classes],
        )?;
        let metrics = std::mem::take(&mut self.metrics);
        let (iters, epochs) = (self.iteration(), self.epoch());
        match Session::with_net(self.cfg.clone(), data, net, metrics.clone(), iters, epochs) {
            Ok(s) => {
                *self = s;
                Ok(())
            }
            Err(e) => {
                self.metrics = metrics;
                Err(e)
            }
        }
    }

    /// One mini-batch step. A NaN or infinite loss is `err.not_finite_loss` (nothing changes: pause and reset).
    pub fn step(&mut self) -> Result<Outcome> {
        let info = self.trainer.step()?;
        let mut out = Outcome {
            loss: info.loss,
            epoch_end: false,
            stop: None,
        };
        if let Some(e) = info.epoch_end {
            out.epoch_end = true;
            let m = self.measure(Some((e.train_acc, e.test_acc)))?;
            self.push_metrics(m);
            out.stop = self.check_stop(&m);
            self.stopped = out.stop;
        }
        Ok(out)
    }

    /// Steps until the current epoch ends (or a stop rule fires).
    pub fn epoch_step(&mut self) -> Result<Outcome> {
        loop {
            let o = self.step()?;
            if o.epoch_end {
                return Ok(o);
            }
        }
    }

    fn check_stop(&self, m: &Metrics) -> Option<Stop> {
        let s = self.cfg.stop;
        if s.max_epochs > 0 && m.epoch >= s.max_epochs {
            Some(Stop::Epochs)
        } else if s.target_loss > 0.0 && m.train_loss <= s.target_loss {
            Some(Stop::Loss)
        } else if s.target_acc > 0.0 && m.train_acc >= s.target_acc {
            Some(Stop::Accuracy)
        } else {
            None
        }
    }

    /// Train and test loss (evaluation mode) now; accuracies measured here unless given.
    fn measure(&mut self, acc: Option<(f32, Option<f32>)>) -> Result<Metrics> {
        let (train_acc, test_acc) = match acc {
            Some(a) => a,
            None => self.trainer.evaluate()?,
        };
        let net = self.trainer.net_mut();
        let train_loss = net.loss(&self.train.0, &self.train.1)?;
        let test_loss = match &self.test {
            Some((x, t)) => Some(net.loss(x, t)?),
            None => None,
        };
        Ok(Metrics {
            epoch: self.epoch(),
            iteration: self.iteration(),
            train_loss,
            test_loss,
            train_acc,
            test_acc,
        })
    }

    fn push_metrics(&mut self, m: Metrics) {
        if !m.epoch.is_multiple_of(self.metric_stride) {
            return;
        }
        self.metrics.push(m);
        if self.metrics.len() >= MAX_METRICS {
            // Keep epoch 0 and every other later point: the curve keeps its shape, memory stays bounded.
            self.metric_stride *= 2;
            let s = self.metric_stride;
            self.metrics.retain(|m| m.epoch.is_multiple_of(s));
        }
    }

    /// Set one weight W{l}[i][j] (or bias b{l}[j] when `i` is None), e.g. from the network diagram.
    pub fn set_weight(&mut self, l: usize, i: Option<usize>, j: usize, v: f32) -> Result<()> {
        ensure(v.is_finite(), "err.finite", ["w", &v.to_string()])?;
        let net = self.trainer.net_mut();
        let affine = net
            .affine(l)
            .ok_or_else(|| Error::new("err.unknown", ["layer".to_string(), l.to_string()]))?;
        let (name, value) = match i {
            Some(i) => {
                let mut w: Array2<f32> = affine.W.clone();
                let cell = w
                    .get_mut((i, j))
                    .ok_or_else(|| Error::new("err.unknown", ["weight", &format!("{i},{j}")]))?;
                *cell = v;
                (format!("W{l}"), w.into_dyn())
            }
            None => {
                let mut b: Array1<f32> = affine.b.clone();
                let cell = b
                    .get_mut(j)
                    .ok_or_else(|| Error::new("err.unknown", ["bias", &j.to_string()]))?;
                *cell = v;
                (format!("b{l}"), b.into_dyn())
            }
        };
        let value: ArrayD<f32> = value;
        net.set_param(&name, value.view())?;
        // The loss and accuracy on screen describe the weights on screen: measure them again now, in place
        // of the last record when it is for this very step (an edit is not a training step).
        let m = self.measure(None)?;
        match self.metrics.last_mut() {
            Some(last) if last.iteration == m.iteration => *last = m,
            _ => self.metrics.push(m),
        }
        Ok(())
    }

    /// Change the stop rules without restarting (they are checked from the next epoch end).
    pub fn set_stop(&mut self, stop: StopRules) {
        self.cfg.stop = stop;
        self.stopped = None;
    }

    pub fn config(&self) -> &PlaygroundConfig {
        &self.cfg
    }

    pub fn data(&self) -> &Dataset {
        &self.data
    }

    pub fn net(&self) -> &Net {
        self.trainer.net()
    }

    pub fn net_mut(&mut self) -> &mut Net {
        self.trainer.net_mut()
    }

    pub fn metrics(&self) -> &[Metrics] {
        &self.metrics
    }

    pub fn last(&self) -> Metrics {
        *self
            .metrics
            .last()
            .expect("a session always has its epoch-0 metrics")
    }

    pub fn iteration(&self) -> usize {
        self.iter_base + self.trainer.iteration()
    }

    pub fn epoch(&self) -> usize {
        self.epoch_base + self.trainer.epoch()
    }

    pub fn batch_size(&self) -> usize {
        self.trainer.config().batch_size
    }

    pub fn stopped(&self) -> Option<Stop> {
        self.stopped
    }

    /// Whether training sits at chance (`crate::train::health`): the training loss at each epoch end near
    /// ln(classes) with the accuracy near 1/classes. Only where that is the chance loss: softmax with cross
    /// entropy, or one sigmoid output with binary cross entropy (ln 2); not the identity output's squared error.
    pub fn stuck_at_chance(&self, classes: usize) -> Option<crate::train::health::Stuck> {
        use crate::net::Output;
        let chance_defined = match self.cfg.output {
            Output::Softmax => true,
            Output::Sigmoid => classes <= 2,
            _ => false,
        };
        if !chance_defined {
            return None;
        }
        let pts = self.metrics.iter().map(|m| (m.iteration, m.train_loss));
        crate::train::health::stuck_at_chance(pts, Some(self.last().train_acc), classes)
    }
}
