//! One training run of the lab: the data (train and test sets), a `Trainer` over them, the step counter against
//! the planned iterations, and a pause-on-divergence flag. Epochs as in the book: iter_per_epoch = N / batch_size.

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

/// A network being trained.
pub struct Session {
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
            trainer,
            diverged: false,
            mirror: None,
        })
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

    /// The loss and accuracy history as CSV: `iteration,loss` rows, then `epoch,iteration,train_acc,test_acc`.
    pub fn history_csv(&self) -> String {
        let h = self.history();
        let mut s = String::from("iteration,loss\n");
        for (it, l) in h.loss_points() {
            s.push_str(&format!("{it},{l}\n"));
        }
        s.push_str("\nepoch,iteration,train_acc,test_acc\n");
        for e in h.epochs() {
            let test = e.test_acc.map(|a| a.to_string()).unwrap_or_default();
            s.push_str(&format!(
                "{},{},{},{}\n",
                e.epoch, e.iteration, e.train_acc, test
            ));
        }
        s
    }
}
