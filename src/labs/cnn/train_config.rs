//! The CNN training view's settings, one struct that round-trips through the lab's link: SimpleConvNet's
//! architecture (filters FN, filter size FS, pad P, stride S, hidden size) within stated limits, the epochs, the
//! training digits and the seed. `Default` is the book's ch07/train_convnet.py: 30 filters of 5 × 5, stride 1,
//! pad 0, hidden 100, weight_init_std 0.01, Adam lr 0.001, batch 100, 20 epochs (here on 8,000 bundled digits).
//! A run is max_epochs × ⌊N / batch⌋ steps; its time is about steps × ms per step.

use crate::init::Init;
use crate::net::{ConvNetConfig, ConvNetSizes};
use crate::optim::{AdamConfig, OptimConfig};
use crate::train::estimate::RunCost;
use crate::train::TrainConfig;
use crate::urlstate::Route;
use crate::Result;

/// The book's mini-batch (train_convnet.py: `mini_batch_size=100`).
pub const BATCH: usize = 100;
/// The book's Adam learning rate (`optimizer_param={'lr': 0.001}`).
pub const LR: f32 = 0.001;
/// Limits stated in the UI (smaller than the engine's, to keep a run in a browser tab within minutes).
pub const FILTERS_RANGE: (usize, usize) = (1, 64);
pub const FILTER_SIZE_RANGE: (usize, usize) = (1, 13);
pub const PAD_RANGE: (usize, usize) = (0, 6);
pub const STRIDE_RANGE: (usize, usize) = (1, 4);
pub const HIDDEN_RANGE: (usize, usize) = (1, 400);
pub const EPOCHS_RANGE: (usize, usize) = (1, 50);
pub const TRAIN_RANGE: (usize, usize) = (200, 9_000);
pub const DIGIT_RANGE: (usize, usize) = (0, 1_999);
pub const SEED_RANGE: (usize, usize) = (0, 4_294_967_295);
/// Workers that share each mini-batch; 0 is automatic (`train::split::default_replicas` of the cores).
pub const WORKERS_RANGE: (usize, usize) = (0, crate::train::split::MAX_REPLICAS);
/// At most this many test digits are taken from picked files (the official test set has 10,000).
pub const FILES_TEST_MAX: usize = 10_000;
/// Epoch-end accuracy is measured on at most this many train and test digits (a CNN's forward is dear).
pub const EVAL_LIMIT: usize = 1_000;

/// The training view's settings (keys `cf`, `cs`, `cp`, `cst`, `ch`, `cep`, `cn`, `cseed`, `cdig`, `cw` in the
/// link).
#[derive(Clone, Debug, PartialEq)]
pub struct CnnTrainConfig {
    pub filter_num: usize,
    pub filter_size: usize,
    pub pad: usize,
    pub stride: usize,
    pub hidden_size: usize,
    pub epochs: usize,
    /// Training digits of the bundled 10,000 (the next ≤ 2,000 are the test set).
    pub n_train: usize,
    pub seed: u64,
    /// The test digit whose feature maps are shown (an index into the test set).
    pub digit: usize,
    /// Workers that split each mini-batch (data-parallel, `train::split`); 0 picks by the cores. The sums'
    /// order depends on it, so a link that must give the same bits carries it.
    pub workers: usize,
}

impl Default for CnnTrainConfig {
    fn default() -> Self {
        let c = ConvNetConfig::default();
        CnnTrainConfig {
            filter_num: c.filter_num,
            filter_size: c.filter_size,
            pad: c.pad,
            stride: c.stride,
            hidden_size: c.hidden_size,
            epochs: 20,
            n_train: 8_000,
            seed: c.seed,
            digit: 0,
            workers: 0,
        }
    }
}

impl CnnTrainConfig {
    /// SimpleConvNet for 1 × 28 × 28 digits with these settings (weight_init_std 0.01, as the book).
    pub fn conv_config(&self) -> ConvNetConfig {
        ConvNetConfig {
            filter_num: self.filter_num,
            filter_size: self.filter_size,
            pad: self.pad,
            stride: self.stride,
            hidden_size: self.hidden_size,
            init: Init::Std(0.01),
            seed: self.seed,
            ..ConvNetConfig::default()
        }
    }

    /// The sizes, or the engine's refusal naming the formula that fails (OH = (H + 2P − FH)/S + 1, the pooling).
    pub fn validate(&self) -> Result<ConvNetSizes> {
        self.conv_config().validate()
    }

    /// Steps per epoch: ⌊n_train / batch⌋ (the book's iter_per_epoch).
    pub fn iters_per_epoch(&self) -> usize {
        (self.n_train / BATCH).max(1)
    }

    /// The planned steps: epochs × iter_per_epoch.
    pub fn iters(&self) -> usize {
        self.epochs * self.iters_per_epoch()
    }

    /// Adam lr 0.001, batch 100, the planned steps; the batch order has its own seed (seed + 1).
    pub fn train_config(&self) -> TrainConfig {
        TrainConfig {
            optim: OptimConfig::Adam(AdamConfig {
                lr: LR,
                ..AdamConfig::default()
            }),
            batch_size: BATCH,
            iters: self.iters(),
            seed: self.seed.wrapping_add(1),
            eval_limit: EVAL_LIMIT,
            ..TrainConfig::default()
        }
    }

    /// Multiply-adds of one sample's forward pass for a valid config: conv FN·C·FS²·OH·OW and the two Affine
    /// layers (pooling and ReLU are O(units) and left out, as `train::estimate` does).
    pub fn macs_per_sample(&self) -> Result<f64> {
        let s = self.validate()?;
        let conv =
            (self.filter_num * self.filter_size * self.filter_size * s.conv.0 * s.conv.1) as f64;
        let affine = (s.flat * self.hidden_size + self.hidden_size * 10) as f64;
        Ok(conv + affine)
    }

    /// The run's work for the shared estimate (`train::estimate`): a step is forward and backward (twice the
    /// forward) on a batch, 6·batch·MACs FLOPs; each epoch end evaluates ≤ EVAL_LIMIT train and test digits.
    pub fn run_cost(&self) -> Result<RunCost> {
        let macs = self.macs_per_sample()?;
        Ok(RunCost {
            step_flops: 6.0 * BATCH as f64 * macs,
            steps: self.iters() as f64,
            eval_flops: self.epochs as f64 * 2.0 * (2 * EVAL_LIMIT) as f64 * macs,
        })
    }

    /// The workers to split each batch among with `cores` logical cores: the setting, or automatic.
    pub fn replicas(&self, cores: usize) -> usize {
        match self.workers {
            0 => crate::train::split::default_replicas(cores),
            k => k.min(crate::train::split::MAX_REPLICAS),
        }
    }

    pub fn write(&self, r: &mut Route) {
        r.set("cf", self.filter_num);
        r.set("cs", self.filter_size);
        r.set("cp", self.pad);
        r.set("cst", self.stride);
        r.set("ch", self.hidden_size);
        r.set("cep", self.epochs);
        r.set("cn", self.n_train);
        r.set("cseed", self.seed);
        r.set("cdig", self.digit);
        r.set("cw", self.workers);
    }

    /// Read from a link; a value out of its range falls back to the default (the link check names it).
    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let int = |key: &str, (lo, hi): (usize, usize), def: usize| r.usize_in(key, lo, hi, def);
        CnnTrainConfig {
            filter_num: int("cf", FILTERS_RANGE, d.filter_num),
            filter_size: int("cs", FILTER_SIZE_RANGE, d.filter_size),
            pad: int("cp", PAD_RANGE, d.pad),
            stride: int("cst", STRIDE_RANGE, d.stride),
            hidden_size: int("ch", HIDDEN_RANGE, d.hidden_size),
            epochs: int("cep", EPOCHS_RANGE, d.epochs),
            n_train: int("cn", TRAIN_RANGE, d.n_train),
            seed: int("cseed", SEED_RANGE, d.seed as usize) as u64,
            digit: int("cdig", DIGIT_RANGE, d.digit),
            workers: int("cw", WORKERS_RANGE, d.workers),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_books_and_round_trip() {
        let c = CnnTrainConfig::default();
        assert_eq!(c.conv_config(), ConvNetConfig::default());
        assert_eq!(c.iters(), 20 * 80);
        let t = c.train_config();
        assert_eq!(t.batch_size, 100);
        assert_eq!(t.optim.lr(), 0.001);
        let mut r = Route::new("cnn");
        c.write(&mut r);
        assert_eq!(CnnTrainConfig::read(&r), c);
        // Workers: automatic by the cores unless the link says; out of range falls back to automatic.
        assert_eq!((c.replicas(2), c.replicas(8)), (1, 4));
        let w = CnnTrainConfig::read(&Route::parse("#cnn?cw=1"));
        assert_eq!((w.workers, w.replicas(16)), (1, 1));
        assert_eq!(CnnTrainConfig::read(&Route::parse("#cnn?cw=9")).workers, 0);
    }

    #[test]
    fn out_of_range_falls_back_and_bad_combinations_name_the_formula() {
        let r = Route::parse("#cnn?cf=999&cs=4&cep=0");
        let c = CnnTrainConfig::read(&r);
        assert_eq!(c.filter_num, 30);
        assert_eq!(c.epochs, 20);
        assert_eq!(c.filter_size, 4);
        let e = c.validate().unwrap_err();
        assert!(e.to_string().contains("(25 + 2·0 − 2)/2 + 1"), "{e}");
        // A stride of 3 with pad 1: (28 + 2 − 5)/3 + 1 is not whole.
        let c = CnnTrainConfig {
            stride: 3,
            pad: 1,
            ..Default::default()
        };
        assert!(c.validate().unwrap_err().to_string().contains("/3 + 1"));
        assert!(c.run_cost().is_err());
        // The book's net: 432,000 conv + 433,000 Affine multiply-adds per digit; a step of 100 is 6·100 of them.
        let d = CnnTrainConfig::default();
        assert_eq!(d.macs_per_sample().unwrap(), 432_000.0 + 433_000.0);
        let cost = d.run_cost().unwrap();
        assert_eq!(cost.step_flops, 600.0 * 865_000.0);
        assert_eq!(cost.steps, 1600.0);
    }
}
