//! Mini-batch training one step at a time (the book's `train_neuralnet.py` loop, unrolled so the web layer can
//! run as many steps as fit in a frame): pick a batch, backprop, W ← optimizer(W, ∂L/∂W), record the loss.
//!
//! Batches come from shuffled epochs: each epoch visits every sample in a fresh random order, batch_size at a
//! time, and drops the last partial batch, so an epoch is ⌊N / batch_size⌋ steps (the book's iter_per_epoch).
//! This differs from the book's `np.random.choice` per step (sampling with replacement across steps) only in
//! that no sample is seen twice within an epoch. At each epoch end, train and test accuracy are measured
//! (on at most `eval_limit` samples of each, the first ones, to keep a browser frame short).

pub mod estimate;
pub mod health;
mod history;
pub mod split;

pub use history::{EpochInfo, History, MAX_POINTS};

use ndarray::{s, Array2};

use crate::error::ensure;
use crate::net::Net;
use crate::optim::{LrSchedule, OptimConfig, Optimizer, SgdConfig};
use crate::rng::Rng;
use crate::Result;

/// Training settings. `Default` is the book's chapter 5 run: SGD with lr 0.1, batch_size 100, 10,000 iterations.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainConfig {
    pub optim: OptimConfig,
    pub schedule: LrSchedule,
    pub batch_size: usize,
    /// The planned number of steps (`is_done` after it; `step` itself does not stop).
    pub iters: usize,
    /// Seeds the batch order (the network has its own seed).
    pub seed: u64,
    /// Accuracy at an epoch end is measured on at most this many train (and test) samples.
    pub eval_limit: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            optim: OptimConfig::Sgd(SgdConfig { lr: 0.1 }),
            schedule: LrSchedule::Constant,
            batch_size: 100,
            iters: 10_000,
            seed: 42,
            eval_limit: 10_000,
        }
    }
}

/// What one `step` did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepInfo {
    /// Steps completed, this one included.
    pub iteration: usize,
    pub loss: f32,
    /// The lr this step used.
    pub lr: f32,
    /// Set when this step finished an epoch.
    pub epoch_end: Option<EpochInfo>,
}

/// A network, its optimizer, the data and the batch order: everything one training run needs.
pub struct Trainer {
    net: Net,
    optimizer: Box<dyn Optimizer>,
    x_train: Array2<f32>,
    t_train: Array2<f32>,
    test: Option<(Array2<f32>, Array2<f32>)>,
    config: TrainConfig,
    rng: Rng,
    order: Vec<usize>,
    pos: usize,
    iteration: usize,
    epoch: usize,
    history: History,
    x_batch: Array2<f32>,
    t_batch: Array2<f32>,
}

impl Trainer {
    /// A trainer with the optimizer `config.optim` (and `config.schedule`). `train` and `test` are (x, t) with
    /// one sample per row; t is one-hot for softmax outputs. Errors: empty data, shapes that do not fit the
    /// network, batch_size 0 or larger than the training data, a bad optimizer setting.
    pub fn new(
        net: Net,
        train: (Array2<f32>, Array2<f32>),
        test: Option<(Array2<f32>, Array2<f32>)>,
        config: TrainConfig,
    ) -> Result<Trainer> {
        let optimizer = config.optim.build_scheduled(config.schedule)?;
        Trainer::with_optimizer(net, optimizer, train, test, config)
    }

    /// Like `new`, with an optimizer built elsewhere (`config.optim` and `config.schedule` are ignored).
    pub fn with_optimizer(
        net: Net,
        optimizer: Box<dyn Optimizer>,
        train: (Array2<f32>, Array2<f32>),
        test: Option<(Array2<f32>, Array2<f32>)>,
        config: TrainConfig,
    ) -> Result<Trainer> {
        let (x_train, t_train) = train;
        let n = x_train.nrows();
        ensure(n > 0, "err.empty", ["training data"])?;
        net.check_xt(&x_train, &t_train)?;
        if let Some((x, t)) = &test {
            ensure(x.nrows() > 0, "err.empty", ["test data"])?;
            net.check_xt(x, t)?;
        }
        ensure(config.batch_size >= 1, "err.min", ["batch_size", "1", "0"])?;
        ensure(
            config.batch_size <= n,
            "err.batch_too_big",
            [config.batch_size, n],
        )?;
        ensure(config.eval_limit >= 1, "err.min", ["eval_limit", "1", "0"])?;
        let mut rng = Rng::new(config.seed);
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        Ok(Trainer {
            net,
            optimizer,
            x_train,
            t_train,
            test,
            config,
            rng,
            order,
            pos: 0,
            iteration: 0,
            epoch: 0,
            history: History::default(),
            x_batch: Array2::zeros((0, 0)),
            t_batch: Array2::zeros((0, 0)),
        })
    }

    /// One mini-batch step. A non-finite loss (or gradient) returns `err.not_finite_loss` before the update:
    /// this step changes no weight, counter or history, and calling `step` again gives the same error, so the
    /// caller simply pauses. The weights are whatever the previous, finite step left (possibly huge after a
    /// too-large lr); the usual remedy is a reset with a smaller lr.
    pub fn step(&mut self) -> Result<StepInfo> {
        let bs = self.config.batch_size;
        let idx = std::mem::take(&mut self.order);
        let r = self.train_batch(&idx[self.pos..self.pos + bs]);
        self.order = idx;
        self.finish_step(r?)
    }

    /// The rows of the next step's batch (`step` takes exactly these), for a caller that splits the batch
    /// among replicas (`split`): each backprops its part, and `apply_flat` then `finish_step` end the step.
    pub fn next_rows(&self) -> &[usize] {
        &self.order[self.pos..self.pos + self.config.batch_size]
    }

    /// Backprop on the training rows `idx` without an update: the loss; the gradient stays in the layers
    /// (`split::flat_grads` reads it). Errors as `train_batch`.
    pub fn backprop_rows(&mut self, idx: &[usize]) -> Result<f32> {
        split::backprop_rows(
            &mut self.net,
            (&self.x_train, &self.t_train),
            idx,
            (&mut self.x_batch, &mut self.t_batch),
        )
    }

    /// One optimizer step with a flat gradient (the parts' combined gradient, `split::combine`).
    pub fn apply_flat(&mut self, g: &[f32]) -> Result<()> {
        split::apply_flat(&mut self.net, self.optimizer.as_mut(), g)
    }

    /// The end of a step whose update is done, with its batch loss: counters, history, the next batch, and at
    /// an epoch end the accuracy.
    pub fn finish_step(&mut self, loss: f32) -> Result<StepInfo> {
        let bs = self.config.batch_size;
        let lr = self.optimizer.lr();
        self.iteration += 1;
        self.pos += bs;
        self.history.push_loss(loss);
        let mut epoch_end = None;
        if self.pos + bs > self.order.len() {
            self.epoch += 1;
            self.pos = 0;
            self.rng.shuffle(&mut self.order);
            let (train_acc, test_acc) = self.evaluate()?;
            let info = EpochInfo {
                epoch: self.epoch,
                iteration: self.iteration,
                train_acc,
                test_acc,
            };
            self.history.push_epoch(info);
            epoch_end = Some(info);
        }
        Ok(StepInfo {
            iteration: self.iteration,
            loss,
            lr,
            epoch_end,
        })
    }

    /// The heart of `step`: backprop on the training rows `idx` (in that order) and one optimizer update.
    /// Returns the loss. Counters, batch order and history are left alone, so a benchmark can feed every
    /// contestant the same batches through exactly the code path the labs use. A non-finite loss or gradient
    /// is `err.not_finite_loss`, and no weight changes. Rows out of range are an `err.shape` error.
    pub fn train_batch(&mut self, idx: &[usize]) -> Result<f32> {
        let loss = self.backprop_rows(idx)?;
        self.net.apply(self.optimizer.as_mut());
        Ok(loss)
    }

    /// Train and test accuracy now, each on at most `eval_limit` samples (the first ones).
    pub fn evaluate(&mut self) -> Result<(f32, Option<f32>)> {
        let limit = self.config.eval_limit;
        let train_acc = chunked_accuracy(&mut self.net, &self.x_train, &self.t_train, limit)?;
        let test_acc = match &self.test {
            Some((x, t)) => Some(chunked_accuracy(&mut self.net, x, t, limit)?),
            None => None,
        };
        Ok((train_acc, test_acc))
    }

    /// Replace lr (checked: finite and > 0). Optimizer state such as momentum is kept.
    pub fn set_lr(&mut self, lr: f32) -> Result<()> {
        ensure(
            lr.is_finite() && lr > 0.0,
            "err.positive",
            ["lr", &lr.to_string()],
        )?;
        self.optimizer.set_lr(lr);
        Ok(())
    }

    pub fn net(&self) -> &Net {
        &self.net
    }

    pub fn net_mut(&mut self) -> &mut Net {
        &mut self.net
    }

    pub fn into_net(self) -> Net {
        self.net
    }

    pub fn optimizer(&self) -> &dyn Optimizer {
        self.optimizer.as_ref()
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    /// Steps completed.
    pub fn iteration(&self) -> usize {
        self.iteration
    }

    /// Epochs completed.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Steps per epoch: ⌊N / batch_size⌋.
    pub fn iters_per_epoch(&self) -> usize {
        self.order.len() / self.config.batch_size
    }

    /// Whether the planned `iters` steps are done.
    pub fn is_done(&self) -> bool {
        self.iteration >= self.config.iters
    }

    pub fn train_len(&self) -> usize {
        self.x_train.nrows()
    }
}

/// One training update on a batch: backprop, then W ← optimizer(W, ∂L/∂W). Returns the loss. A non-finite loss
/// or gradient is `err.not_finite_loss` and changes no weight. `Trainer` and the optimizer comparison share it.
pub fn update(
    net: &mut Net,
    optimizer: &mut dyn Optimizer,
    x: &Array2<f32>,
    t: &Array2<f32>,
) -> Result<f32> {
    let loss = net.backprop(x, t)?;
    health::check_step(loss, loss.is_finite() && net.grads_are_finite())?;
    net.apply(optimizer);
    Ok(loss)
}

/// Accuracy on the first `limit` rows, `Net::eval_rows` rows at a time (1,000 for an MLP, fewer for a CNN)
/// so that the hidden activations stay small. The rows are borrowed, not copied, and go through the
/// inference path (`Net::count_right`). Whole counts are summed, so the result is right / n exactly as
/// rounded once (summing per-chunk f32 fractions left noise such as 0.84300005: issue #12 item 12).
pub fn chunked_accuracy(
    net: &mut Net,
    x: &Array2<f32>,
    t: &Array2<f32>,
    limit: usize,
) -> Result<f32> {
    let n = x.nrows().min(limit);
    let chunk = net.eval_rows();
    let mut right = 0usize;
    for start in (0..n).step_by(chunk) {
        let end = (start + chunk).min(n);
        right += net.count_right(x.slice(s![start..end, ..]), t.slice(s![start..end, ..]))?;
    }
    Ok((right as f64 / n.max(1) as f64) as f32)
}
