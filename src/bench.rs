//! The training benchmark's pure core (`make bench`, issue #7): a `Contest` trains a 784-H-10 network from given
//! weights on given batches through `Trainer::train_batch` (the MNIST lab's own step), a seeded generator that
//! the page, this core and the NumPy script share bit for bit (mulberry32), and an sgemm load for the GFLOP/s
//! yardstick. No clock here: the callers (wasm with `performance.now()`, the native bench with `Instant`) time.
//!
//! SimpleConvNet's contest is in `bench/conv.rs`.
//!
//! FLOP per training sample of in-H-out: forward 2·(in·H + H·out), ∂W 2·(in·H + H·out), and ∂x only below
//! the output layer, 2·H·out (nothing needs ∂L/∂x of the input): 4·in·H + 6·H·out, 319,600 for 784-100-10.

use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView2};

use crate::gemm::gemm;

use crate::activation::Activation;
use crate::error::ensure;
use crate::net::{NetConfig, Output};
use crate::optim::{OptimConfig, SgdConfig};
use crate::train::{TrainConfig, Trainer};
use crate::{Error, Result};

mod conv;
/// Data-parallel training across threads (issue #17 item 3, a spike; `make bench-threads`).
pub mod parallel;
pub use conv::{
    conv_flops_per_sample, conv_init_stds, conv_weight_shapes, recipe_estimate, ConvContest,
    ConvStepProducts, CONV_LR,
};

/// Classes of the output layer (MNIST digits).
pub const CLASSES: usize = 10;

/// FLOP of one training sample (forward and backward, no update) of an in-H-out network: 4·in·H + 6·H·out.
pub fn flops_per_sample(input: usize, hidden: usize, output: usize) -> f64 {
    (4 * input * hidden + 6 * hidden * output) as f64
}

/// One contestant: an in-H-10 network (softmax + cross-entropy) with SGD lr 0.1, its data, and the batches.
pub struct Contest {
    trainer: Trainer,
    sizes: [usize; 3],
    /// The rows of one batch as `usize`, reused between steps.
    idx: Vec<usize>,
}

impl Contest {
    /// `x` has one sample per row; `labels` one class (0–9) per row. `weights` are W1 (in×H) and W2 (H×10),
    /// flat and row-major (W[i][j] at i·out + j), as a = z·W + b uses them; the biases start at 0.
    pub fn new(
        x: Array2<f32>,
        labels: &[u8],
        hidden: usize,
        activation: Activation,
        weights: [&[f32]; 2],
    ) -> Result<Contest> {
        let t = one_hot(&x, labels)?;
        let config = NetConfig {
            input: x.ncols(),
            hidden: vec![hidden],
            activation: vec![activation],
            output: CLASSES,
            output_kind: Output::Softmax,
            ..NetConfig::default()
        };
        let net = config.build()?;
        let train = TrainConfig {
            optim: OptimConfig::Sgd(SgdConfig { lr: 0.1 }),
            batch_size: 1,
            ..TrainConfig::default()
        };
        let mut contest = Contest {
            trainer: Trainer::new(net, (x, t), None, train)?,
            sizes: [config.input, hidden, CLASSES],
            idx: Vec::new(),
        };
        contest.set_weights(weights)?;
        Ok(contest)
    }

    /// `[in, H, 10]`.
    pub fn sizes(&self) -> [usize; 3] {
        self.sizes
    }

    /// Start again from these weights (W1, W2 flat row-major), biases 0: each round starts from the same point.
    pub fn set_weights(&mut self, weights: [&[f32]; 2]) -> Result<()> {
        let net = self.trainer.net_mut();
        for (l, w) in weights.iter().enumerate() {
            let (rows, cols) = (self.sizes[l], self.sizes[l + 1]);
            let w = ArrayView2::from_shape((rows, cols), w)
                .ok()
                .filter(|_| w.len() == rows * cols)
                .ok_or_else(|| {
                    Error::new(
                        "err.shape",
                        [
                            format!("W{}", l + 1),
                            format!("{rows}×{cols} = {}", rows * cols),
                            "weights".into(),
                            w.len().to_string(),
                        ],
                    )
                })?;
            net.set_param(&format!("W{}", l + 1), w.into_dyn())?;
            let b = ndarray::Array1::<f32>::zeros(cols);
            net.set_param(&format!("b{}", l + 1), b.view().into_dyn())?;
        }
        Ok(())
    }

    /// `steps` SGD steps: step k trains on rows `order[k·batch_size .. (k+1)·batch_size]`. Returns each step's
    /// loss, mean over the batch of −log softmax (+1e-7 inside the log, the book's δ). Errors: batch_size 0,
    /// `order` too short, a row out of range, a non-finite loss.
    pub fn run(&mut self, order: &[u32], batch_size: usize, steps: usize) -> Result<Vec<f32>> {
        run_batches(&mut self.trainer, &mut self.idx, order, batch_size, steps)
    }
}

/// The one-hot targets of `labels` (one class 0–9 per row of `x`). Errors: no rows, a count that differs, a
/// label out of range.
fn one_hot(x: &Array2<f32>, labels: &[u8]) -> Result<Array2<f32>> {
    let n = x.nrows();
    ensure(n > 0, "err.empty", ["x"])?;
    ensure(
        labels.len() == n,
        "err.shape",
        [
            "x".to_string(),
            format!("{n} rows"),
            "labels".into(),
            labels.len().to_string(),
        ],
    )?;
    if let Some(&bad) = labels.iter().find(|&&l| l as usize >= CLASSES) {
        return Err(Error::new("err.label_range", [bad as usize, CLASSES - 1]));
    }
    Ok(Array2::from_shape_fn((n, CLASSES), |(i, k)| {
        f32::from(labels[i] as usize == k)
    }))
}

/// `steps` steps of `trainer` (through `train_batch`): step k on rows `order[k·batch_size ..][..batch_size]`,
/// `idx` reused as the batch's rows. Errors: batch_size 0, `order` too short, a row out of range, a non-finite
/// loss.
fn run_batches(
    trainer: &mut Trainer,
    idx: &mut Vec<usize>,
    order: &[u32],
    batch_size: usize,
    steps: usize,
) -> Result<Vec<f32>> {
    each_batch(idx, order, batch_size, steps, |rows| {
        trainer.train_batch(rows)
    })
}

/// `steps` calls of `step`, call k on rows `order[k·batch_size ..][..batch_size]` (`idx` reused to hold them);
/// each call's loss. Errors: batch_size 0, `order` too short, or the first error of `step`.
pub(crate) fn each_batch(
    idx: &mut Vec<usize>,
    order: &[u32],
    batch_size: usize,
    steps: usize,
    mut step: impl FnMut(&[usize]) -> Result<f32>,
) -> Result<Vec<f32>> {
    ensure(batch_size >= 1, "err.min", ["batch_size", "1", "0"])?;
    let need = batch_size.saturating_mul(steps);
    ensure(
        order.len() >= need,
        "err.shape",
        [
            "order".to_string(),
            order.len().to_string(),
            "batch_size × steps".into(),
            need.to_string(),
        ],
    )?;
    let mut losses = Vec::with_capacity(steps);
    for batch in order[..need].chunks_exact(batch_size) {
        idx.clear();
        idx.extend(batch.iter().map(|&i| i as usize));
        losses.push(step(idx)?);
    }
    Ok(losses)
}

/// mulberry32 (Tommy Ettinger's 32-bit generator): tiny, and written the same in JS (`Math.imul`), Rust and
/// Python, so the page, the native bench and NumPy draw identical weights and batch orders from one seed.
#[derive(Clone, Debug)]
pub struct Mulberry32(u32);

impl Mulberry32 {
    pub fn new(seed: u32) -> Mulberry32 {
        Mulberry32(seed)
    }

    pub fn next_u32(&mut self) -> u32 {
        self.0 = self.0.wrapping_add(0x6D2B_79F5);
        let a = self.0;
        let mut t = (a ^ (a >> 15)).wrapping_mul(1 | a);
        t = t.wrapping_add((t ^ (t >> 7)).wrapping_mul(61 | t)) ^ t;
        t ^ (t >> 14)
    }

    /// Uniform in [0, 1): u32 / 2³² (exact in f64).
    pub fn uniform(&mut self) -> f64 {
        self.next_u32() as f64 / 4_294_967_296.0
    }

    /// N(0, 1) by Box–Muller, √(−2 ln u1)·cos(2π u2) with u1 in (0, 1); one value per two draws.
    pub fn normal(&mut self) -> f64 {
        let u1 = (self.next_u32() as f64 + 0.5) / 4_294_967_296.0;
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// Fisher–Yates, from the back: swap i with ⌊u·(i+1)⌋.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.uniform() * (i + 1) as f64) as usize;
            items.swap(i, j);
        }
    }
}

/// The bench's initial weights for layer sizes `sizes`: W1, W2, … drawn in that order, row-major, each
/// N(0, std²) as f32, from `Mulberry32::new(seed)`.
pub fn init_weights(seed: u32, sizes: &[usize], std: f64) -> Vec<Vec<f32>> {
    let shapes: Vec<(usize, usize)> = sizes.windows(2).map(|w| (w[0], w[1])).collect();
    init_matrices(seed, &shapes, &vec![std; shapes.len()])
}

/// Matrices of the given (rows, cols), drawn in that order from one `Mulberry32::new(seed)` stream, row-major,
/// matrix k's values N(0, stds[k]²) as f32 (std·z rounded once).
pub fn init_matrices(seed: u32, shapes: &[(usize, usize)], stds: &[f64]) -> Vec<Vec<f32>> {
    let mut rng = Mulberry32::new(seed);
    shapes
        .iter()
        .zip(stds)
        .map(|(&(rows, cols), &std)| {
            (0..rows * cols)
                .map(|_| (std * rng.normal()) as f32)
                .collect()
        })
        .collect()
}

/// The bench's batch order: epochs of a permutation of 0..n, reshuffled in place at each epoch start, each
/// epoch ⌊n / batch_size⌋ full batches (the rest dropped), until `steps` batches: `steps·batch_size` rows.
pub fn batch_order(seed: u32, n: usize, batch_size: usize, steps: usize) -> Vec<u32> {
    let mut rng = Mulberry32::new(seed);
    let mut perm: Vec<u32> = (0..n as u32).collect();
    let per_epoch = n / batch_size.max(1);
    let mut out = Vec::with_capacity(steps * batch_size);
    let mut left = steps;
    while left > 0 && per_epoch > 0 {
        rng.shuffle(&mut perm);
        let k = left.min(per_epoch);
        out.extend_from_slice(&perm[..k * batch_size]);
        left -= k;
    }
    out
}

/// GFLOP/s of `reps` calls of `run` (after one untimed call), each worth `flops`, timed as one with the
/// caller's clock `now_ms` (milliseconds): `performance.now()` in the page, `Instant` natively.
pub fn gflops(
    flops: f64,
    reps: u32,
    now_ms: impl Fn() -> f64,
    mut run: impl FnMut() -> f32,
) -> f64 {
    let mut sink = run();
    let t0 = now_ms();
    for _ in 0..reps {
        sink += run();
    }
    let ms = now_ms() - t0;
    std::hint::black_box(sink);
    flops * reps as f64 / (ms.max(1e-3) * 1e6)
}

/// C ← A·B for n×n f32 matrices through ndarray's `general_mat_mul` (matrixmultiply): the GFLOP/s yardstick,
/// kept on matrixmultiply so that numbers stay comparable across versions. `ours` times `crate::gemm` instead.
pub struct Sgemm {
    a: Array2<f32>,
    b: Array2<f32>,
    c: Array2<f32>,
    ours: bool,
}

impl Sgemm {
    pub fn new(n: usize) -> Sgemm {
        Sgemm::shaped(n, n, n, false, false)
    }

    /// C (m×n) ← A·B with A m×k and B k×n, each stored transposed (column-major) when asked, as the transposed
    /// views of backprop are; `crate::gemm` after `use_ours(true)`.
    pub fn shaped(m: usize, k: usize, n: usize, a_t: bool, b_t: bool) -> Sgemm {
        use ndarray::ShapeBuilder;
        let f = |(i, j): (usize, usize)| ((i * 7 + j * 13) % 17) as f32 / 17.0 - 0.5;
        Sgemm {
            a: Array2::from_shape_fn((m, k).set_f(a_t), f),
            b: Array2::from_shape_fn((k, n).set_f(b_t), |(i, j)| f((j, i))),
            c: Array2::zeros((m, n)),
            ours: false,
        }
    }

    /// Time `crate::gemm` (the engine's product) instead of matrixmultiply.
    pub fn use_ours(mut self, on: bool) -> Sgemm {
        self.ours = on;
        self
    }

    /// 2·m·k·n (2n³).
    pub fn flops(&self) -> f64 {
        2.0 * (self.a.nrows() * self.a.ncols() * self.b.ncols()) as f64
    }

    /// One product; returns c[0][0] so the work cannot be optimised away.
    pub fn run(&mut self) -> f32 {
        if self.ours {
            gemm(1.0, &self.a, &self.b, 0.0, &mut self.c);
        } else {
            general_mat_mul(1.0, &self.a, &self.b, 0.0, &mut self.c);
        }
        self.c[[0, 0]]
    }
}

/// The five matrix products of one training step of in-H-out at batch B, with the engine's shapes and
/// transposes: x·W1, z1·W2 (forward); z1ᵀ·δ2, δ2·W2ᵀ, xᵀ·δ1 (backward). Timing them alone against a whole
/// `Contest` step shows how much of the step is the kernel and how much everything around it.
pub struct StepProducts {
    x: Array2<f32>,
    w1: Array2<f32>,
    w2: Array2<f32>,
    z1: Array2<f32>,
    a2: Array2<f32>,
    dw1: Array2<f32>,
    dw2: Array2<f32>,
    dz1: Array2<f32>,
}

impl StepProducts {
    pub fn new(input: usize, hidden: usize, output: usize, batch: usize) -> StepProducts {
        let f = |(i, j): (usize, usize)| ((i * 7 + j * 13) % 17) as f32 / 170.0;
        StepProducts {
            x: Array2::from_shape_fn((batch, input), f),
            w1: Array2::from_shape_fn((input, hidden), f),
            w2: Array2::from_shape_fn((hidden, output), f),
            z1: Array2::zeros((batch, hidden)),
            a2: Array2::zeros((batch, output)),
            dw1: Array2::zeros((input, hidden)),
            dw2: Array2::zeros((hidden, output)),
            dz1: Array2::zeros((batch, hidden)),
        }
    }

    /// FLOP of one `run`: B · (4·in·H + 6·H·out).
    pub fn flops(&self) -> f64 {
        let (b, i) = self.x.dim();
        let (h, o) = self.w2.dim();
        b as f64 * flops_per_sample(i, h, o)
    }

    /// The five products once (δ2 stands in as a2 and δ1 as dz1: the shapes are what matter).
    pub fn run(&mut self) -> f32 {
        gemm(1.0, &self.x, &self.w1, 0.0, &mut self.z1);
        gemm(1.0, &self.z1, &self.w2, 0.0, &mut self.a2);
        gemm(1.0, &self.z1.t(), &self.a2, 0.0, &mut self.dw2);
        gemm(1.0, &self.a2, &self.w2.t(), 0.0, &mut self.dz1);
        gemm(1.0, &self.x.t(), &self.dz1, 0.0, &mut self.dw1);
        self.dw1[[0, 0]]
    }
}
