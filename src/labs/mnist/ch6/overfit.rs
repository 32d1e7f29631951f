//! The book's `overfit_weight_decay.py` and `overfit_dropout.py`: 300 training samples and a deep network,
//! 784-100-100-100-100-100-100-10 ReLU (He init), SGD lr 0.01, batch 100, train and test accuracy after every
//! epoch (3 iterations). Without help the train accuracy reaches 1 while the test accuracy stays far below:
//! overfitting. Weight decay adds ½λΣ‖W‖² to the loss (λ = 0.1); dropout zeroes a share of hidden units per
//! step (ratio 0.2, as in `overfit_dropout.py`; the notes mention about half). Both shrink the gap.

use super::batch;
use crate::activation::Activation;
use crate::data::mnist::Mnist;
use crate::error::ensure;
use crate::init::Init;
use crate::net::NetConfig;
use crate::optim::{OptimConfig, SgdConfig};
use crate::train::{EpochInfo, TrainConfig, Trainer};
use crate::Result;

/// Which regularisation a run uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Variant {
    None,
    WeightDecay,
    Dropout,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::None, Variant::WeightDecay, Variant::Dropout];

    /// A stable key for URLs and i18n.
    pub fn key(self) -> &'static str {
        match self {
            Variant::None => "none",
            Variant::WeightDecay => "decay",
            Variant::Dropout => "dropout",
        }
    }
}

/// The settings. `Default` is the book's: 300 samples, 6 × 100 hidden, lr 0.01, batch 100, 201 epochs
/// (`overfit_weight_decay.py`; 301 with dropout, as in `overfit_dropout.py`, which learns more slowly),
/// λ = 0.1, dropout ratio 0.2; accuracy on at most 1,000 test samples per epoch (the book uses all 10,000).
#[derive(Clone, Debug, PartialEq)]
pub struct OverfitConfig {
    pub n_train: usize,
    pub hidden: Vec<usize>,
    pub lr: f32,
    pub batch_size: usize,
    pub epochs: usize,
    pub dropout_epochs: usize,
    pub weight_decay: f32,
    pub dropout: f32,
    pub eval_limit: usize,
    pub seed: u64,
}

impl Default for OverfitConfig {
    fn default() -> Self {
        OverfitConfig {
            n_train: 300,
            hidden: vec![100; 6],
            lr: 0.01,
            batch_size: 100,
            epochs: 201,
            dropout_epochs: 301,
            weight_decay: 0.1,
            dropout: 0.2,
            eval_limit: 1_000,
            seed: 42,
        }
    }
}

impl OverfitConfig {
    /// The network of one variant (the same initial weights for all three: one seed).
    pub fn net_config(&self, v: Variant) -> NetConfig {
        NetConfig {
            hidden: self.hidden.clone(),
            activation: vec![Activation::Relu],
            init: Init::He,
            weight_decay: if v == Variant::WeightDecay {
                self.weight_decay
            } else {
                0.0
            },
            dropout: if v == Variant::Dropout {
                self.dropout
            } else {
                0.0
            },
            seed: self.seed,
            ..NetConfig::default()
        }
    }

    /// The planned epochs of a variant.
    pub fn epochs_for(&self, v: Variant) -> usize {
        if v == Variant::Dropout {
            self.dropout_epochs
        } else {
            self.epochs
        }
    }

    /// Iterations per epoch: ⌊n_train / batch_size⌋ (3 for the book's settings).
    pub fn iters_per_epoch(&self) -> usize {
        (self.n_train / self.batch_size.max(1)).max(1)
    }
}

/// One variant's run.
pub struct OverfitRun {
    pub variant: Variant,
    pub trainer: Trainer,
    epochs: usize,
}

impl OverfitRun {
    /// The first `n_train` training samples, and the first `eval_limit` test samples for the test accuracy.
    pub fn new(
        cfg: &OverfitConfig,
        variant: Variant,
        train: &Mnist,
        test: &Mnist,
    ) -> Result<OverfitRun> {
        let epochs = cfg.epochs_for(variant);
        ensure(epochs >= 1, "err.min", ["epochs", "1", "0"])?;
        ensure(cfg.n_train >= 1, "err.min", ["mnist.n_train", "1", "0"])?;
        ensure(
            cfg.n_train <= train.len(),
            "mnist.err.split",
            [cfg.n_train, 0, train.len()],
        )?;
        ensure(!test.is_empty(), "err.empty", ["test data"])?;
        let net = cfg.net_config(variant).build()?;
        let all: Vec<usize> = (0..cfg.n_train).collect();
        let test_idx: Vec<usize> = (0..test.len().min(cfg.eval_limit.max(1))).collect();
        let tc = TrainConfig {
            optim: OptimConfig::Sgd(SgdConfig { lr: cfg.lr }),
            batch_size: cfg.batch_size,
            iters: epochs * cfg.iters_per_epoch(),
            seed: cfg.seed.wrapping_add(1),
            eval_limit: cfg.eval_limit.max(1),
            ..TrainConfig::default()
        };
        let trainer = Trainer::new(net, batch(train, &all), Some(batch(test, &test_idx)), tc)?;
        Ok(OverfitRun {
            variant,
            trainer,
            epochs,
        })
    }

    /// One mini-batch step; `Some` at an epoch end, with that epoch's accuracies.
    pub fn step(&mut self) -> Result<Option<EpochInfo>> {
        Ok(self.trainer.step()?.epoch_end)
    }

    pub fn is_done(&self) -> bool {
        self.trainer.is_done()
    }

    pub fn epochs(&self) -> &[EpochInfo] {
        self.trainer.history().epochs()
    }

    /// The planned epochs.
    pub fn planned_epochs(&self) -> usize {
        self.epochs
    }

    /// Train minus test accuracy, averaged over the last `k` epochs (None before the first epoch).
    pub fn gap(&self, k: usize) -> Option<f32> {
        let e = self.epochs();
        let tail = &e[e.len().saturating_sub(k)..];
        if tail.is_empty() {
            return None;
        }
        let s: f32 = tail
            .iter()
            .map(|e| e.train_acc - e.test_acc.unwrap_or(0.0))
            .sum();
        Some(s / tail.len() as f32)
    }
}
