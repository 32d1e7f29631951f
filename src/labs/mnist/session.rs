//! One training run of the lab: the data (train and test sets), a `Trainer` over them, the step counter against
//! the planned iterations, and a pause-on-divergence flag. Epochs as in the book: iter_per_epoch = N / batch_size.
//! A run also knows where its network came from (random from the settings, or a file) and how many steps it had
//! trained before, so a change of data keeps the network and every panel can say what it is. Its history is
//! written as two CSV files that `pandas.read_csv` reads: the loss per iteration, and the accuracy per epoch
//! with the number of digits each accuracy was measured on.

use ndarray::Array2;

use super::analysis::{self, Report};
use super::config::MnistLabConfig;
use super::remote::Mirror;
use crate::data::mnist::Mnist;
use crate::net::Net;
use crate::train::{History, StepInfo, Trainer};
use crate::Result;

/// The sets a run uses: x = byte/255 (normalize=True, flatten=True), t one-hot.
pub struct Data {
    pub train: Mnist,
    pub test: Mnist,
    pub x_test: Array2<f32>,
    pub test_labels: Vec<usize>,
}

impl Data {
    pub fn new(train: Mnist, test: Mnist) -> Data {
        let x_test = test.x(true);
        let test_labels = test.labels_usize();
        Data {
            train,
            test,
            x_test,
            test_labels,
        }
    }

    /// The bundled digits split with the lab's seed: `n_train` to train, the next ≤ 2,000 to test.
    pub fn bundled(all: &Mnist, n_train: usize, seed: u64) -> Result<Data> {
        let n_test = 2_000.min(all.len().saturating_sub(n_train));
        let (train, test) = all.split(n_train, n_test, seed)?;
        Ok(Data::new(train, test))
    }
}

/// Where a run's network came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// Drawn from the settings (init and seed).
    Random,
    /// Read from a file (its name).
    Imported(String),
}

/// A network being trained.
pub struct Session {
    pub origin: Origin,
    /// Steps the network trained in earlier runs (the data changed since, and the network was kept).
    pub prior_steps: usize,
    pub trainer: Trainer,
    /// Set when a step's loss was not finite: the run is paused and the message explains why.
    pub diverged: bool,
    /// Set when the run trains elsewhere (a Web Worker): its step counter and history, while `trainer` only
    /// holds the network with the weights last received.
    pub mirror: Option<Mirror>,
}

impl Session {
    /// A fresh network from the settings.
    pub fn new(cfg: &MnistLabConfig, data: &Data, eval_limit: usize) -> Result<Session> {
        let net = cfg.net_config().build()?;
        Session::with_net(net, cfg, data, eval_limit)
    }

    /// Train a given network (e.g. imported weights) with the settings' optimizer and batches.
    pub fn with_net(
        net: Net,
        cfg: &MnistLabConfig,
        data: &Data,
        eval_limit: usize,
    ) -> Result<Session> {
        let train = (data.train.x(true), data.train.t_one_hot());
        let test = (data.x_test.clone(), data.test.t_one_hot());
        let trainer = Trainer::new(net, train, Some(test), cfg.train_config(eval_limit))?;
        Ok(Session {
            origin: Origin::Random,
            prior_steps: 0,
            trainer,
            diverged: false,
            mirror: None,
        })
    }

    /// A network read from file `name`.
    pub fn imported(
        net: Net,
        name: &str,
        cfg: &MnistLabConfig,
        data: &Data,
        eval_limit: usize,
    ) -> Result<Session> {
        let mut s = Session::with_net(net, cfg, data, eval_limit)?;
        s.origin = Origin::Imported(name.to_string());
        Ok(s)
    }

    /// The same network (weights as they are now) in a new run on other data: the data changed, the network
    /// did not. Its origin and the steps it has trained stay known.
    pub fn carry_over(
        &self,
        cfg: &MnistLabConfig,
        data: &Data,
        eval_limit: usize,
    ) -> Result<Session> {
        let mut s = Session::with_net(self.trainer.net().clone(), cfg, data, eval_limit)?;
        s.origin = self.origin.clone();
        s.prior_steps = self.prior_steps + self.iteration();
        Ok(s)
    }

    /// Whether the network still has the random weights it was built with (nothing trained or imported).
    pub fn untrained(&self) -> bool {
        self.origin == Origin::Random && self.prior_steps == 0 && self.iteration() == 0
    }

    /// How many digits the epoch-end accuracies are measured on: the first (train, test) ones.
    pub fn eval_counts(&self, data: &Data) -> (usize, usize) {
        let limit = self.trainer.config().eval_limit;
        (data.train.len().min(limit), data.test.len().min(limit))
    }

    /// One mini-batch step; a non-finite loss sets `diverged` and returns the engine's explanation.
    pub fn step(&mut self) -> Result<StepInfo> {
        let r = self.trainer.step();
        if r.is_err() {
            self.diverged = true;
        }
        r
    }

    /// Steps completed (here or, for a mirrored run, in the worker).
    pub fn iteration(&self) -> usize {
        self.mirror
            .as_ref()
            .map_or(self.trainer.iteration(), |m| m.iteration)
    }

    /// The loss and accuracy history (here or, for a mirrored run, the worker's).
    pub fn history(&self) -> &History {
        self.mirror
            .as_ref()
            .map_or(self.trainer.history(), |m| &m.history)
    }

    /// Whether the planned iterations are done.
    pub fn is_done(&self) -> bool {
        self.iteration() >= self.trainer.config().iters
    }

    /// The epoch as a fraction: iteration / iter_per_epoch.
    pub fn epoch_float(&self) -> f64 {
        self.iteration() as f64 / self.trainer.iters_per_epoch().max(1) as f64
    }

    /// The test-set report of the current network.
    pub fn report(&mut self, data: &Data) -> Result<Report> {
        analysis::report(
            self.trainer.net_mut(),
            data.x_test.view(),
            &data.test_labels,
        )
    }

    /// The loss history as CSV, one row per point: `iteration,loss,steps`, where loss is the mean over the
    /// `steps` iterations up to `iteration` (1 until a long run is decimated). f32 values are written in Rust's
    /// shortest round-trip form, so `pandas.read_csv` gives back the very same float32.
    pub fn loss_csv(&self) -> String {
        let h = self.history();
        let mut s = String::from("iteration,loss,steps\n");
        for (it, l) in h.loss_points() {
            s.push_str(&format!("{it},{l},{}\n", h.stride()));
        }
        s
    }

    /// The accuracy per epoch as CSV: `epoch,iteration,train_acc,test_acc,train_digits,test_digits`, where the
    /// accuracies are measured on the first `train_digits` training and `test_digits` test digits.
    pub fn accuracy_csv(&self, data: &Data) -> String {
        let (n_train, n_test) = self.eval_counts(data);
        let mut s = String::from("epoch,iteration,train_acc,test_acc,train_digits,test_digits\n");
        for e in self.history().epochs() {
            let test = e.test_acc.map(|a| a.to_string()).unwrap_or_default();
            s.push_str(&format!(
                "{},{},{},{test},{n_train},{n_test}\n",
                e.epoch, e.iteration, e.train_acc
            ));
        }
        s
    }
}
