//! The MNIST lab's settings, one struct that round-trips through the URL. `Default` is the book's chapter 5
//! recipe: 784-50-10, ReLU, weight_init_std 0.01, SGD lr 0.1, batch_size 100, 10,000 iterations, on a seeded
//! 8,000 / 2,000 split of the bundled digits.

use crate::activation::Activation;
use crate::init::Init;
use crate::net::NetConfig;
use crate::optim::{OptimConfig, OptimizerKind};
use crate::train::estimate::RunCost;
use crate::train::TrainConfig;
use crate::urlstate::Route;
use crate::Result;

/// Hidden activations the lab offers.
pub const ACTIVATIONS: [&str; 3] = ["relu", "sigmoid", "tanh"];
/// Weight inits the lab offers: the book's std 0.01, Xavier, He.
pub const INITS: [&str; 3] = ["std", "xavier", "he"];

/// Limits stated in the UI.
pub const LR_RANGE: (f64, f64) = (1e-5, 10.0);
pub const BATCH_RANGE: (f64, f64) = (1.0, 1000.0);
pub const ITERS_RANGE: (f64, f64) = (1.0, 1_000_000.0);
pub const STD_RANGE: (f64, f64) = (0.0, 10.0);
pub const DROPOUT_RANGE: (f64, f64) = (0.0, 0.9);
pub const DECAY_RANGE: (f64, f64) = (0.0, 1.0);
pub const SEED_RANGE: (f64, f64) = (0.0, 4_294_967_295.0);
pub const TRAIN_RANGE: (f64, f64) = (100.0, 9_000.0);
/// Hidden layers: at most 6, each 1..=1024 units.
pub const MAX_HIDDEN: usize = 6;
pub const MAX_UNITS: usize = 1024;

#[derive(Clone, Debug, PartialEq)]
pub struct MnistLabConfig {
    pub hidden: Vec<usize>,
    pub activation: &'static str,
    pub init: &'static str,
    pub init_std: f32,
    pub optimizer: OptimizerKind,
    pub lr: f32,
    pub batch_size: usize,
    pub iters: usize,
    pub dropout: f32,
    pub weight_decay: f32,
    /// A BatchNormalization after each hidden Affine (the book's `MultiLayerNetExtend(use_batchnorm=True)`);
    /// off by default, as in the book's chapter 5 network.
    pub batchnorm: bool,
    pub seed: u64,
    /// Training samples of the bundled 10,000 (the rest, up to 2,000, are the test set).
    pub n_train: usize,
    /// The chapter 6 experiments' settings (they ride in the same link).
    pub ch6: super::ch6::link::Ch6Settings,
}

impl Default for MnistLabConfig {
    fn default() -> Self {
        MnistLabConfig {
            hidden: vec![50],
            activation: "relu",
            init: "std",
            init_std: 0.01,
            optimizer: OptimizerKind::Sgd,
            lr: 0.1,
            batch_size: 100,
            iters: 10_000,
            dropout: 0.0,
            weight_decay: 0.0,
            batchnorm: false,
            seed: 42,
            n_train: 8_000,
            ch6: Default::default(),
        }
    }
}

/// Parse "50" or "100, 100" or "" (no hidden layer) into sizes within the limits.
pub fn parse_hidden(text: &str) -> Result<Vec<usize>> {
    let bad = || {
        crate::Error::new(
            "mnist.err.hidden",
            [text.to_string(), MAX_UNITS.to_string()],
        )
    };
    let sizes: Vec<usize> = text
        .split([',', ' ', '-'])
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<usize>().map_err(|_| bad()))
        .collect::<Result<_>>()?;
    if sizes.len() > MAX_HIDDEN || sizes.iter().any(|&n| n == 0 || n > MAX_UNITS) {
        return Err(bad());
    }
    Ok(sizes)
}

pub fn hidden_text(sizes: &[usize]) -> String {
    let s: Vec<String> = sizes.iter().map(|n| n.to_string()).collect();
    s.join(", ")
}

impl MnistLabConfig {
    /// "784-50-10".
    pub fn shape_text(&self) -> String {
        let mut parts = vec!["784".to_string()];
        parts.extend(self.hidden.iter().map(|n| n.to_string()));
        parts.push("10".into());
        parts.join("-")
    }

    pub fn net_config(&self) -> NetConfig {
        NetConfig {
            hidden: self.hidden.clone(),
            activation: vec![
                Activation::from_key(self.activation, 0.01).unwrap_or(Activation::Relu)
            ],
            init: match self.init {
                "xavier" => Init::Xavier,
                "he" => Init::He,
                _ => Init::Std(self.init_std),
            },
            dropout: self.dropout,
            batchnorm: self.batchnorm,
            weight_decay: self.weight_decay,
            seed: self.seed,
            ..NetConfig::default()
        }
    }

    /// The work left in a run at these settings after `done` steps, evaluating `eval_samples` samples at each
    /// epoch end of `n_train` training samples (for the time estimate and the limit, `train::estimate`).
    pub fn run_cost(&self, done: usize, n_train: usize, eval_samples: usize) -> RunCost {
        let mut sizes = vec![784];
        sizes.extend(&self.hidden);
        sizes.push(10);
        let per_epoch = (n_train / self.batch_size.max(1)).max(1);
        RunCost::mlp(
            &sizes,
            self.batch_size,
            self.iters.saturating_sub(done),
            per_epoch,
            eval_samples,
        )
    }

    /// The training settings; accuracy at an epoch end is measured on at most `eval_limit` samples of each set.
    pub fn train_config(&self, eval_limit: usize) -> TrainConfig {
        TrainConfig {
            optim: OptimConfig::default_for(self.optimizer).with_lr(self.lr),
            batch_size: self.batch_size,
            iters: self.iters,
            seed: self.seed.wrapping_add(1),
            eval_limit,
            ..TrainConfig::default()
        }
    }

    pub fn write(&self, r: &mut Route) {
        r.set(
            "h",
            self.hidden
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(","),
        );
        r.set("act", self.activation);
        r.set("init", self.init);
        r.set("std", self.init_std);
        r.set("opt", self.optimizer.key());
        r.set("lr", self.lr);
        r.set("bs", self.batch_size);
        r.set("it", self.iters);
        r.set("drop", self.dropout);
        r.set("wd", self.weight_decay);
        r.set("bn", u8::from(self.batchnorm));
        r.set("seed", self.seed);
        r.set("ntr", self.n_train);
        self.ch6.write(r);
    }

    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let pick = |key: &str, list: &[&'static str], def: &'static str| {
            r.get(key)
                .and_then(|v| list.iter().find(|k| **k == v).copied())
                .unwrap_or(def)
        };
        // The ranges are f64 (they also bound the number fields); every bound is a whole number.
        let int = |key: &str, (lo, hi): (f64, f64), def: usize| {
            r.usize_in(key, lo.ceil() as usize, hi.floor() as usize, def)
        };
        let f = |key: &str, range: (f64, f64), def: f32| {
            r.f32_in(key, range.0 as f32, range.1 as f32, def)
        };
        MnistLabConfig {
            hidden: r
                .get("h")
                .and_then(|h| parse_hidden(h).ok())
                .unwrap_or(d.hidden),
            activation: pick("act", &ACTIVATIONS, d.activation),
            init: pick("init", &INITS, d.init),
            init_std: f("std", STD_RANGE, d.init_std),
            optimizer: r
                .get("opt")
                .and_then(|k| OptimizerKind::from_key(k).ok())
                .unwrap_or(d.optimizer),
            lr: f("lr", LR_RANGE, d.lr),
            batch_size: int("bs", BATCH_RANGE, d.batch_size),
            iters: int("it", ITERS_RANGE, d.iters),
            dropout: f("drop", DROPOUT_RANGE, d.dropout),
            weight_decay: f("wd", DECAY_RANGE, d.weight_decay),
            batchnorm: r.flag("bn", d.batchnorm),
            seed: int("seed", SEED_RANGE, d.seed as usize) as u64,
            n_train: int("ntr", TRAIN_RANGE, d.n_train),
            ch6: super::ch6::link::Ch6Settings::read(r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_books_recipe_and_round_trip() {
        let d = MnistLabConfig::default();
        assert_eq!(d.shape_text(), "784-50-10");
        assert_eq!(
            (d.lr, d.batch_size, d.iters, d.init_std),
            (0.1, 100, 10_000, 0.01)
        );
        let c = MnistLabConfig {
            hidden: vec![100, 100],
            activation: "tanh",
            init: "he",
            optimizer: OptimizerKind::Adam,
            lr: 0.001,
            dropout: 0.2,
            batchnorm: true,
            seed: 7,
            ..d
        };
        let mut r = Route::new("mnist");
        c.write(&mut r);
        assert_eq!(MnistLabConfig::read(&Route::parse(&r.to_hash())), c);
        let bad = MnistLabConfig::read(&Route::parse(
            "#mnist?h=0,x&lr=-1&act=evil&bs=0&drop=2&bn=maybe",
        ));
        assert_eq!(bad, MnistLabConfig::default());
    }

    #[test]
    fn hidden_sizes_parse_with_limits() {
        assert_eq!(parse_hidden("100, 100").unwrap(), vec![100, 100]);
        assert_eq!(parse_hidden("").unwrap(), Vec::<usize>::new());
        assert!(parse_hidden("0").is_err());
        assert!(parse_hidden("5000").is_err());
        assert!(parse_hidden("a").is_err());
        assert!(parse_hidden("1,1,1,1,1,1,1").is_err());
    }
}
