//! The book's figure 6-19 (`ch06/batch_norm_test.py`): for each weight scale w in logspace(0, −4, 16), train two
//! 784-100-100-100-100-100-10 ReLU networks with W = w·N(0, 1), one with batch norm after each hidden Affine and
//! one without, on the same mini-batches (1,000 training digits, SGD lr 0.01, batch 100 drawn with replacement
//! as `np.random.choice`), and record both training accuracies every epoch (every 10 iterations, from
//! iteration 0) for 20 epochs. Without batch norm a small scale leaves the signal vanishing and the network
//! stuck near chance (the book's run: 0.116 at w = 0.025); with it, training goes on (0.99).

use ndarray::{Array2, Axis};

use crate::activation::Activation;
use crate::data::mnist::Mnist;
use crate::error::{ensure, ensure_in};
use crate::init::Init;
use crate::net::{Net, NetConfig};
use crate::optim::{Optimizer, Sgd, SgdConfig};
use crate::rng::Rng;
use crate::Result;

/// Limits the page states: the scale count, epochs and training digits a reader may pick.
pub const SCALES_RANGE: (usize, usize) = (1, 16);
pub const EPOCHS_RANGE: (usize, usize) = (1, 50);
pub const N_TRAIN_RANGE: (usize, usize) = (100, 5_000);

/// The experiment's settings. `Default` is the book's: 1,000 digits, 5 × 100 hidden, lr 0.01, batch 100,
/// 20 epochs, 16 scales.
#[derive(Clone, Debug, PartialEq)]
pub struct ScalesConfig {
    pub n_train: usize,
    pub hidden: Vec<usize>,
    pub lr: f32,
    pub batch_size: usize,
    pub epochs: usize,
    /// Which of the 16 scales of logspace(0, −4, 16) to run, by index, in order (all 16 by default).
    pub pick: Vec<usize>,
    pub seed: u64,
}

impl Default for ScalesConfig {
    fn default() -> Self {
        ScalesConfig {
            n_train: 1_000,
            hidden: vec![100; 5],
            lr: 0.01,
            batch_size: 100,
            epochs: 20,
            pick: (0..16).collect(),
            seed: 42,
        }
    }
}

/// `count` indices spread evenly over the 16 scales, both ends included (16 gives all; 1 gives the book's
/// example, w ≈ 0.025, index 6).
pub fn evenly(count: usize) -> Vec<usize> {
    match count {
        0 => Vec::new(),
        1 => vec![6],
        c => {
            let c = c.min(16);
            (0..c).map(|k| (k * 15 + (c - 1) / 2) / (c - 1)).collect()
        }
    }
}

/// The book's weight scales: logspace(0, −4, 16), that is 10^(−4k/15) for k = 0 … 15.
pub fn weight_scales() -> [f32; 16] {
    std::array::from_fn(|k| 10f64.powf(-4.0 * k as f64 / 15.0) as f32)
}

impl ScalesConfig {
    pub fn validate(&self) -> Result<()> {
        // A bad index is named in its error (the link's `sn` only picks counts, but a config can be built by hand).
        for &i in &self.pick {
            ensure_in("scale", i, (0, 15))?;
        }
        ensure_in("scales", self.pick.len(), SCALES_RANGE)?;
        ensure_in("epochs", self.epochs, EPOCHS_RANGE)?;
        ensure_in("n_train", self.n_train, N_TRAIN_RANGE)?;
        ensure(self.batch_size >= 1, "err.min", ["batch_size", "1", "0"])?;
        Ok(())
    }

    /// Iterations per epoch, the book's max(train_size / batch_size, 1) (10 here).
    pub fn iters_per_epoch(&self) -> usize {
        (self.n_train / self.batch_size.max(1)).max(1)
    }

    /// The network for weight scale `w`, with or without batch norm (the same seed, so the same W).
    pub fn net_config(&self, w: f32, batchnorm: bool, scale_index: usize) -> NetConfig {
        NetConfig {
            hidden: self.hidden.clone(),
            activation: vec![Activation::Relu],
            init: Init::Std(w),
            batchnorm,
            seed: self.seed.wrapping_add(scale_index as u64),
            ..NetConfig::default()
        }
    }
}

/// Training digits as the book loads them: x normalized to [0, 1], t one-hot, the first `n`.
pub struct Digits {
    pub x: Array2<f32>,
    pub t: Array2<f32>,
}

impl Digits {
    /// The first `n` digits of `m` (an error when it has fewer).
    pub fn first(m: &Mnist, n: usize) -> Result<Digits> {
        ensure(n <= m.len(), "mnist.err.split", [n, 0, m.len()])?;
        let h = m.head(n);
        Ok(Digits {
            x: h.x(true),
            t: h.t_one_hot(),
        })
    }

    pub fn len(&self) -> usize {
        self.x.nrows()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rows `idx` of x and t.
    pub fn batch(&self, idx: &[usize]) -> (Array2<f32>, Array2<f32>) {
        (self.x.select(Axis(0), idx), self.t.select(Axis(0), idx))
    }
}

/// One finished weight scale: the training accuracy after each epoch, without and with batch norm.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleResult {
    pub index: usize,
    pub scale: f32,
    pub plain: Vec<f32>,
    pub bn: Vec<f32>,
}

impl ScaleResult {
    pub fn last_plain(&self) -> f32 {
        self.plain.last().copied().unwrap_or(0.0)
    }
    pub fn last_bn(&self) -> f32 {
        self.bn.last().copied().unwrap_or(0.0)
    }
}

/// The scale being trained: both networks and what they recorded so far.
struct Current {
    index: usize,
    plain: Net,
    bn: Net,
    iter: usize,
    acc_plain: Vec<f32>,
    acc_bn: Vec<f32>,
}

/// The whole experiment, advanced one iteration at a time (the page or the worker decides how many per chunk).
pub struct ScalesRun {
    pub cfg: ScalesConfig,
    data: Digits,
    rng: Rng,
    opt: Sgd,
    current: Option<Current>,
    pub results: Vec<ScaleResult>,
}

impl ScalesRun {
    /// A run on the first `cfg.n_train` digits of `m`.
    pub fn new(cfg: ScalesConfig, m: &Mnist) -> Result<ScalesRun> {
        cfg.validate()?;
        let data = Digits::first(m, cfg.n_train)?;
        Ok(ScalesRun {
            rng: Rng::new(cfg.seed),
            opt: Sgd::new(SgdConfig { lr: cfg.lr }),
            data,
            cfg,
            current: None,
            results: Vec::new(),
        })
    }

    pub fn is_done(&self) -> bool {
        self.results.len() >= self.cfg.pick.len()
    }

    /// Iterations of the whole experiment done so far and planned (for a progress bar). Each epoch record
    /// comes after its iteration, as in the book, so a scale takes (epochs − 1)·iters_per_epoch + 1 iterations.
    pub fn progress(&self) -> (usize, usize) {
        let per = (self.cfg.epochs - 1) * self.cfg.iters_per_epoch() + 1;
        let now = self.current.as_ref().map_or(0, |c| c.iter);
        (self.results.len() * per + now, self.cfg.pick.len() * per)
    }

    /// The scale being trained and its curves so far (for a live panel).
    pub fn partial(&self) -> Option<ScaleResult> {
        self.current.as_ref().map(|c| ScaleResult {
            index: c.index,
            scale: weight_scales()[c.index],
            plain: c.acc_plain.clone(),
            bn: c.acc_bn.clone(),
        })
    }

    /// One iteration: both networks learn from the same mini-batch; at each epoch boundary both are scored on
    /// all training digits (evaluation mode: batch norm uses its running statistics). Returns a scale that
    /// just finished. Does nothing once done.
    pub fn step(&mut self) -> Result<Option<ScaleResult>> {
        if self.is_done() {
            return Ok(None);
        }
        if self.current.is_none() {
            let index = self.cfg.pick[self.results.len()];
            let w = weight_scales()[index];
            self.current = Some(Current {
                index,
                plain: self.cfg.net_config(w, false, index).build()?,
                bn: self.cfg.net_config(w, true, index).build()?,
                iter: 0,
                acc_plain: Vec::new(),
                acc_bn: Vec::new(),
            });
        }
        let n = self.data.len();
        let idx: Vec<usize> = (0..self.cfg.batch_size)
            .map(|_| self.rng.below(n))
            .collect();
        let (xb, tb) = self.data.batch(&idx);
        let cur = self.current.as_mut().expect("set above");
        for net in [&mut cur.bn, &mut cur.plain] {
            net.backprop(&xb, &tb)?;
            // A diverged gradient must not reach the weights; the run goes on with the last good ones.
            if net.grads_are_finite() {
                net.apply(&mut self.opt as &mut dyn Optimizer);
            }
        }
        if cur.iter.is_multiple_of(self.cfg.iters_per_epoch()) {
            cur.acc_plain
                .push(cur.plain.accuracy(&self.data.x, &self.data.t)?);
            cur.acc_bn
                .push(cur.bn.accuracy(&self.data.x, &self.data.t)?);
        }
        cur.iter += 1;
        if cur.acc_plain.len() >= self.cfg.epochs {
            let c = self.current.take().expect("just used");
            let r = ScaleResult {
                index: c.index,
                scale: weight_scales()[c.index],
                plain: c.acc_plain,
                bn: c.acc_bn,
            };
            self.results.push(r.clone());
            return Ok(Some(r));
        }
        Ok(None)
    }
}
