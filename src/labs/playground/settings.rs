//! The playground's settings in one struct, round-tripping through the URL: the data (set, N, noise, test
//! ratio, seed), the architecture (0–6 hidden layers of 1–32 neurons, an activation each), output and loss
//! (sigmoid + binary cross-entropy, softmax + cross-entropy, identity + ½Σ(y − t)²), init, optimizer and its
//! hyperparameters, batch size, L2 weight decay λ (L + ½λΣ‖W‖²), dropout, batch norm after each hidden Affine
//! (x̂ = (a − μ_B)/√(σ²_B + ε), y = γx̂ + β), the network seed and stop rules.

use super::points_link;
use crate::activation::Activation;
use crate::data::toy2d::{Dataset, Kind, ToyConfig};
use crate::error::{ensure, Result};
use crate::init::Init;
use crate::net::{NetConfig, Output};
use crate::optim::{
    AdaGradConfig, AdamConfig, MomentumConfig, NesterovConfig, OptimConfig, OptimizerKind,
    RmsPropConfig, SgdConfig,
};
use crate::urlstate::Route;

pub const MAX_HIDDEN: usize = 6;
pub const MAX_NEURONS: usize = 32;
/// Leaky ReLU's slope a for x ≤ 0 (the activation lab's default).
pub const LEAKY_A: f32 = 0.1;

/// Limits stated in the UI (and enforced on URL values): (lo, hi).
pub const N_RANGE: (f32, f32) = (10.0, 1000.0);
pub const NOISE_RANGE: (f32, f32) = (0.0, 1.0);
pub const TEST_RANGE: (f32, f32) = (0.0, 0.9);
pub const SEED_RANGE: (f32, f32) = (0.0, 999_999.0);
pub const LAYERS_RANGE: (f32, f32) = (0.0, MAX_HIDDEN as f32);
pub const NEURONS_RANGE: (f32, f32) = (1.0, MAX_NEURONS as f32);
pub const INIT_STD_RANGE: (f32, f32) = (0.0, 10.0);
pub const LR_RANGE: (f32, f32) = (1e-5, 10.0);
/// Momentum, RMSProp's decay rate and Adam's β1, β2 all lie in [0, 1).
pub const RATE_RANGE: (f32, f32) = (0.0, 0.9999);
pub const BATCH_RANGE: (f32, f32) = (1.0, 1000.0);
pub const L2_RANGE: (f32, f32) = (0.0, 1.0);
pub const DROPOUT_RANGE: (f32, f32) = (0.0, 0.9);
pub const EPOCHS_RANGE: (f32, f32) = (0.0, 1_000_000.0);
pub const TARGET_LOSS_RANGE: (f32, f32) = (0.0, 10.0);
pub const TARGET_ACC_RANGE: (f32, f32) = (0.0, 1.0);

/// The activations a hidden layer may use.
pub const ACTIVATIONS: [&str; 4] = ["sigmoid", "tanh", "relu", "leaky_relu"];
/// The output/loss pairs, by `Output::key`.
pub const OUTPUTS: [Output; 3] = [Output::Sigmoid, Output::Softmax, Output::Identity];
/// The init kinds, by `Init::key`.
pub const INITS: [&str; 3] = ["std", "xavier", "he"];

/// When training stops by itself (0 = that rule is off). Checked at each epoch end.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StopRules {
    pub max_epochs: usize,
    /// Stop when the training loss is at most this.
    pub target_loss: f32,
    /// Stop when the training accuracy is at least this.
    pub target_acc: f32,
}

/// Everything a link reproduces. `Default`: the book's XOR four points with a 2-2-1 sigmoid network,
/// N(0, 1) weights and full-batch SGD with lr 2 (the engine's XOR test: it learns in a few thousand steps).
#[derive(Clone, Debug, PartialEq)]
pub struct PlaygroundConfig {
    pub data: ToyConfig,
    /// How many of `sizes`/`acts` are used.
    pub layers: usize,
    pub sizes: [usize; MAX_HIDDEN],
    /// Keys from `ACTIVATIONS`.
    pub acts: [&'static str; MAX_HIDDEN],
    pub output: Output,
    /// A key from `INITS`; `init_std` is σ for "std".
    pub init: &'static str,
    pub init_std: f32,
    pub optimizer: OptimizerKind,
    pub lr: f32,
    pub momentum: f32,
    pub decay_rate: f32,
    pub beta1: f32,
    pub beta2: f32,
    /// Clipped to the number of training points when training starts.
    pub batch: usize,
    pub weight_decay: f32,
    pub dropout: f32,
    /// A BatchNormalization after each hidden Affine, before its activation (the book's
    /// `MultiLayerNetExtend(use_batchnorm=True)`).
    pub batchnorm: bool,
    /// Seeds the initial weights, dropout masks and batch order.
    pub seed: u64,
    pub stop: StopRules,
    /// Whether the step button runs a whole epoch (else one mini-batch).
    pub step_epoch: bool,
    /// Steps per animation frame while playing, one of `SPEEDS`; 0 = as many as fit in the frame budget.
    pub speed: usize,
    /// Points added by clicking or imported from CSV, in place of the generated set (`pts` in a link, up to
    /// `points_link::LINK_POINTS`).
    pub points: Option<Dataset>,
}

/// The speed choices: 1, 10 or 100 steps a frame (slow enough to watch XOR being learned), or full speed.
pub const SPEEDS: [usize; 4] = [1, 10, 100, 0];

impl Default for PlaygroundConfig {
    fn default() -> Self {
        PlaygroundConfig {
            data: ToyConfig::default(),
            layers: 1,
            sizes: [2, 4, 4, 4, 4, 4],
            acts: ["sigmoid"; MAX_HIDDEN],
            output: Output::Sigmoid,
            init: "std",
            init_std: 1.0,
            optimizer: OptimizerKind::Sgd,
            lr: 2.0,
            momentum: 0.9,
            decay_rate: 0.99,
            beta1: 0.9,
            beta2: 0.999,
            batch: 10,
            weight_decay: 0.0,
            dropout: 0.0,
            batchnorm: false,
            seed: 0,
            stop: StopRules {
                max_epochs: 0,
                target_loss: 0.0,
                target_acc: 0.0,
            },
            step_epoch: false,
            speed: 10,
            points: None,
        }
    }
}

impl PlaygroundConfig {
    /// Hidden layer sizes in use.
    pub fn hidden(&self) -> Vec<usize> {
        self.sizes[..self.layers.min(MAX_HIDDEN)].to_vec()
    }

    /// `2-8-8-1`, for headings.
    pub fn shape(&self, classes: usize) -> String {
        let mut s = vec![2];
        s.extend(self.hidden());
        s.push(self.outputs(classes));
        s.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Output units: one for sigmoid (and for identity with two classes, t ∈ {0, 1}), else one per class.
    pub fn outputs(&self, classes: usize) -> usize {
        match self.output {
            Output::Sigmoid => 1,
            Output::Identity if classes <= 2 => 1,
            _ => classes.max(2),
        }
    }

    pub fn init_kind(&self) -> Init {
        match self.init {
            "xavier" => Init::Xavier,
            "he" => Init::He,
            _ => Init::Std(self.init_std),
        }
    }

    pub fn optim(&self) -> OptimConfig {
        let lr = self.lr;
        match self.optimizer {
            OptimizerKind::Sgd => OptimConfig::Sgd(SgdConfig { lr }),
            OptimizerKind::Momentum => OptimConfig::Momentum(MomentumConfig {
                lr,
                momentum: self.momentum,
            }),
            OptimizerKind::Nesterov => OptimConfig::Nesterov(NesterovConfig {
                lr,
                momentum: self.momentum,
            }),
            OptimizerKind::AdaGrad => OptimConfig::AdaGrad(AdaGradConfig { lr }),
            OptimizerKind::RmsProp => OptimConfig::RmsProp(RmsPropConfig {
                lr,
                decay_rate: self.decay_rate,
            }),
            OptimizerKind::Adam => OptimConfig::Adam(AdamConfig {
                lr,
                beta1: self.beta1,
                beta2: self.beta2,
            }),
        }
    }

    /// The engine's network settings for a data set with `classes` classes. A sigmoid output cannot tell
    /// three classes apart: that is an error (`err.pg_sigmoid_classes`), not a silent change.
    pub fn net_config(&self, classes: usize) -> Result<NetConfig> {
        ensure(
            !(self.output == Output::Sigmoid && classes > 2),
            "err.pg_sigmoid_classes",
            [classes],
        )?;
        let activation = (0..self.layers.min(MAX_HIDDEN))
            .map(|l| Activation::from_key(self.acts[l], LEAKY_A))
            .collect::<Result<Vec<_>>>()?;
        let cfg = NetConfig {
            input: 2,
            hidden: self.hidden(),
            activation: if activation.is_empty() {
                vec![Activation::Sigmoid]
            } else {
                activation
            },
            output: self.outputs(classes),
            output_kind: self.output,
            init: self.init_kind(),
            dropout: self.dropout,
            batchnorm: self.batchnorm,
            weight_decay: self.weight_decay,
            seed: self.seed,
        };
        cfg.validate()?;
        self.optim().validate()?;
        Ok(cfg)
    }

    pub fn write(&self, r: &mut Route) {
        let d = &self.data;
        r.set("d", d.kind.key());
        r.set("n", d.n);
        r.set("nz", d.noise);
        r.set("tr", d.test_ratio);
        r.set("ds", d.seed);
        let h: Vec<String> = self.hidden().iter().map(|n| n.to_string()).collect();
        r.set(
            "h",
            if h.is_empty() {
                "0".into()
            } else {
                h.join(",")
            },
        );
        r.set("a", self.acts[..self.layers.min(MAX_HIDDEN)].join(","));
        r.set("o", self.output.key());
        r.set("i", self.init);
        r.set("is", self.init_std);
        r.set("opt", self.optimizer.key());
        r.set("lr", self.lr);
        r.set("m", self.momentum);
        r.set("rho", self.decay_rate);
        r.set("b1", self.beta1);
        r.set("b2", self.beta2);
        r.set("bs", self.batch);
        r.set("l2", self.weight_decay);
        r.set("dr", self.dropout);
        r.set("bn", u8::from(self.batchnorm));
        r.set("s", self.seed);
        r.set("me", self.stop.max_epochs);
        r.set("tl", self.stop.target_loss);
        r.set("ta", self.stop.target_acc);
        r.set("se", u8::from(self.step_epoch));
        r.set("sp", self.speed);
        if let Some(pts) = self.points.as_ref().and_then(points_link::encode) {
            r.set("pts", pts);
        }
    }

    /// Read a route; a missing or bad value keeps the default (a stale link still opens).
    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let num = |k: &str, range: (f32, f32), def: f32| r.f32_in(k, range.0, range.1, def);
        let int = |k: &str, range: (f32, f32), def: usize| {
            let v = num(k, range, def as f32);
            if v.fract() == 0.0 {
                v as usize
            } else {
                def
            }
        };
        let data = ToyConfig {
            kind: r.get("d").and_then(Kind::from_key).unwrap_or(d.data.kind),
            n: int("n", N_RANGE, d.data.n),
            noise: num("nz", NOISE_RANGE, d.data.noise),
            test_ratio: num("tr", TEST_RANGE, d.data.test_ratio),
            seed: int("ds", SEED_RANGE, d.data.seed as usize) as u64,
        };
        let mut sizes = d.sizes;
        let mut layers = d.layers;
        if let Some(list) = r.list("h") {
            let parsed: Option<Vec<usize>> = list
                .iter()
                .map(|s| {
                    s.parse::<usize>()
                        .ok()
                        .filter(|n| (1..=MAX_NEURONS).contains(n))
                })
                .collect();
            match parsed {
                _ if list == ["0"] => layers = 0,
                Some(v) if v.len() <= MAX_HIDDEN => {
                    layers = v.len();
                    sizes[..v.len()].copy_from_slice(&v);
                }
                _ => {}
            }
        }
        let mut acts = d.acts;
        if let Some(list) = r.list("a") {
            for (i, a) in list.iter().take(MAX_HIDDEN).enumerate() {
                if let Some(k) = ACTIVATIONS.iter().find(|k| *k == a) {
                    acts[i] = k;
                }
            }
        }
        PlaygroundConfig {
            data,
            layers,
            sizes,
            acts,
            output: r
                .get("o")
                .and_then(|k| Output::from_key(k).ok())
                .unwrap_or(d.output),
            init: r
                .get("i")
                .and_then(|k| INITS.iter().find(|i| **i == k).copied())
                .unwrap_or(d.init),
            init_std: num("is", INIT_STD_RANGE, d.init_std),
            optimizer: r
                .get("opt")
                .and_then(|k| OptimizerKind::from_key(k).ok())
                .unwrap_or(d.optimizer),
            lr: num("lr", LR_RANGE, d.lr),
            momentum: num("m", RATE_RANGE, d.momentum),
            decay_rate: num("rho", RATE_RANGE, d.decay_rate),
            beta1: num("b1", RATE_RANGE, d.beta1),
            beta2: num("b2", RATE_RANGE, d.beta2),
            batch: int("bs", BATCH_RANGE, d.batch),
            weight_decay: num("l2", L2_RANGE, d.weight_decay),
            dropout: num("dr", DROPOUT_RANGE, d.dropout),
            batchnorm: r.flag("bn", d.batchnorm),
            seed: int("s", SEED_RANGE, d.seed as usize) as u64,
            stop: StopRules {
                max_epochs: int("me", EPOCHS_RANGE, d.stop.max_epochs),
                target_loss: num("tl", TARGET_LOSS_RANGE, d.stop.target_loss),
                target_acc: num("ta", TARGET_ACC_RANGE, d.stop.target_acc),
            },
            step_epoch: r.flag("se", d.step_epoch),
            points: r.get("pts").and_then(points_link::decode),
            speed: r
                .get("sp")
                .and_then(|v| v.parse().ok())
                .filter(|v| SPEEDS.contains(v))
                .unwrap_or(d.speed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_the_url() {
        let c = PlaygroundConfig {
            data: ToyConfig {
                kind: Kind::Spiral,
                n: 500,
                noise: 0.25,
                test_ratio: 0.5,
                seed: 12,
            },
            layers: 3,
            sizes: [8, 8, 3, 4, 4, 4],
            acts: [
                "tanh",
                "relu",
                "leaky_relu",
                "sigmoid",
                "sigmoid",
                "sigmoid",
            ],
            output: Output::Softmax,
            init: "he",
            init_std: 0.5,
            optimizer: OptimizerKind::Adam,
            lr: 0.03,
            momentum: 0.8,
            decay_rate: 0.9,
            beta1: 0.85,
            beta2: 0.99,
            batch: 25,
            weight_decay: 0.001,
            dropout: 0.2,
            batchnorm: true,
            seed: 99,
            stop: StopRules {
                max_epochs: 300,
                target_loss: 0.05,
                target_acc: 0.95,
            },
            step_epoch: true,
            speed: 0,
            points: points_link::decode(
                &points_link::encode(
                    &ToyConfig {
                        n: 40,
                        ..Default::default()
                    }
                    .generate(),
                )
                .unwrap(),
            ),
        };
        let mut r = Route::new("playground");
        c.write(&mut r);
        assert_eq!(PlaygroundConfig::read(&Route::parse(&r.to_hash())), c);
        // No hidden layer round-trips too.
        let c0 = PlaygroundConfig {
            layers: 0,
            ..Default::default()
        };
        let mut r = Route::new("playground");
        c0.write(&mut r);
        assert_eq!(
            PlaygroundConfig::read(&Route::parse(&r.to_hash())).layers,
            0
        );
    }

    #[test]
    fn bad_url_values_fall_back_to_defaults() {
        let c = PlaygroundConfig::read(&Route::parse(
            "#playground?d=donut&n=5&h=8,99&a=swish&lr=-1&bs=2.5&o=cubic&opt=sgdx&dr=0.95&sp=7&bn=2",
        ));
        let d = PlaygroundConfig::default();
        assert_eq!(c, d);
    }

    #[test]
    fn outputs_follow_the_loss_and_classes() {
        let mut c = PlaygroundConfig::default();
        assert_eq!((c.outputs(2), c.shape(2)), (1, "2-2-1".to_string()));
        c.output = Output::Softmax;
        assert_eq!((c.outputs(2), c.outputs(3)), (2, 3));
        c.output = Output::Identity;
        assert_eq!((c.outputs(2), c.outputs(3)), (1, 3));
        let cfg = c.net_config(3).unwrap();
        assert_eq!(cfg.sizes(), vec![2, 2, 3]);
        c.output = Output::Sigmoid;
        assert_eq!(c.net_config(3).unwrap_err().key, "err.pg_sigmoid_classes");
        c.lr = 0.0;
        assert_eq!(c.net_config(2).unwrap_err().key, "err.positive");
    }
}
