//! SimpleConvNet in `make bench` (issue #15): a `ConvContest` trains the book's SimpleConvNet (conv 30 × 5×5,
//! stride 1, pad 0 → ReLU → pool 2×2 stride 2 → Affine 4320→100 → ReLU → Affine 100→10 → softmax with loss) from
//! given weights on given batches through `Trainer::train_batch`, the step the CNN lab's training run takes.
//! SGD (momentum 0) at lr 0.05, because ConvNetJS (0.3.0 has no Adam), TF.js and the book all mean the same thing
//! by it; He weights (√(2/fan-in), the book's ch6 scale), so that 20 steps already take the loss from 2.7 to about
//! 1 and the losses compared across contestants say something about the gradients (with the book's std 0.01 and
//! SGD the loss stays at ln 10 ± 0.001 for the first hundred steps, whatever the gradients are).
//!
//! Useful FLOP per training sample (multiply-adds × 2; ReLU, pooling, softmax and the update left out):
//! conv forward col·W_colᵀ 2·(OH·OW)·(C·FH·FW)·FN and dW = doutᵀ·col as much again, no dcol/col2im for the first
//! layer (nothing needs ∂L/∂x of the data); each Affine in×out forward, ∂W and ∂x 3·2·in·out.
//! For the book's net: 2·2·576·25·30 + 6·4320·100 + 6·100·10 = 1,728,000 + 2,592,000 + 6,000 = 4,326,000.

use crate::gemm::gemm;
use ndarray::{Array1, Array2, ArrayView};

use super::{one_hot, run_batches};
use crate::labs::cnn::train_config::CnnTrainConfig;
use crate::net::ConvNetConfig;
use crate::optim::{OptimConfig, SgdConfig};
use crate::train::{TrainConfig, Trainer};
use crate::{Error, Result};

/// Useful FLOP of one training sample of a valid SimpleConvNet `cfg` (see the file's formula).
pub fn conv_flops_per_sample(cfg: &ConvNetConfig) -> Result<f64> {
    let s = cfg.validate()?;
    let (c, fs, fnum) = (cfg.input_dim.0, cfg.filter_size, cfg.filter_num);
    let conv = 2.0 * 2.0 * (s.conv.0 * s.conv.1 * c * fs * fs * fnum) as f64;
    let (h, o) = (cfg.hidden_size, cfg.output_size);
    let affine = 6.0 * (s.flat * h + h * o) as f64;
    Ok(conv + affine)
}

/// The weight matrices of SimpleConvNet as the bench draws them, row-major: W1 as FN × (C·FH·FW) (the same
/// numbers as the book's FN × C × FH × FW), W2 flat × hidden, W3 hidden × output.
pub fn conv_weight_shapes(cfg: &ConvNetConfig) -> Result<[(usize, usize); 3]> {
    let s = cfg.validate()?;
    let fan = cfg.input_dim.0 * cfg.filter_size * cfg.filter_size;
    Ok([
        (cfg.filter_num, fan),
        (s.flat, cfg.hidden_size),
        (cfg.hidden_size, cfg.output_size),
    ])
}

/// The bench's SGD learning rate for SimpleConvNet.
pub const CONV_LR: f32 = 0.05;

/// He scales √(2/fan-in) of the three weight matrices of `conv_weight_shapes`: fan-in C·FH·FW for the filters
/// (their columns), the rows for the Affine layers.
pub fn conv_init_stds(shapes: &[(usize, usize); 3]) -> [f64; 3] {
    let he = |fan: usize| (2.0 / fan as f64).sqrt();
    [he(shapes[0].1), he(shapes[1].0), he(shapes[2].0)]
}

/// The book's recipe in the CNN lab (20 epochs of 80 batches of 100 on 8,000 bundled digits, epoch-end
/// accuracy on ≤ 1,000 train and test digits) at a measured `ms_per_step`: `(steps, seconds)`, with the
/// evaluations costed by the lab's own model (`CnnTrainConfig::run_cost`) at the step's FLOP rate.
pub fn recipe_estimate(ms_per_step: f64) -> Result<(f64, f64)> {
    let cost = CnnTrainConfig::default().run_cost()?;
    let gflops = cost
        .measured_gflops(ms_per_step)
        .ok_or_else(|| Error::new("err.positive", ["ms_per_step", &ms_per_step.to_string()]))?;
    Ok((cost.steps, cost.seconds(gflops)))
}

/// One SimpleConvNet contestant: the book's defaults (`ConvNetConfig::default`), its data and SGD at `lr`.
pub struct ConvContest {
    trainer: Trainer,
    shapes: [(usize, usize); 3],
    flops: f64,
    idx: Vec<usize>,
}

impl ConvContest {
    /// `x`: one 28 × 28 digit per row (784 values, row-major); `labels` one class per row; `weights` W1, W2, W3
    /// flat in `conv_weight_shapes` order. Biases start at 0.
    pub fn new(
        x: Array2<f32>,
        labels: &[u8],
        weights: [&[f32]; 3],
        lr: f32,
    ) -> Result<ConvContest> {
        let cfg = ConvNetConfig::default();
        let t = one_hot(&x, labels)?;
        let train = TrainConfig {
            optim: OptimConfig::Sgd(SgdConfig { lr }),
            batch_size: 1,
            ..TrainConfig::default()
        };
        let mut contest = ConvContest {
            trainer: Trainer::new(cfg.build()?, (x, t), None, train)?,
            shapes: conv_weight_shapes(&cfg)?,
            flops: conv_flops_per_sample(&cfg)?,
            idx: Vec::new(),
        };
        contest.set_weights(weights)?;
        Ok(contest)
    }

    /// Useful FLOP of one training sample (4,326,000).
    pub fn flops_per_sample(&self) -> f64 {
        self.flops
    }

    /// Start again from these weights (W1, W2, W3 flat), biases 0: each round starts from the same point.
    pub fn set_weights(&mut self, weights: [&[f32]; 3]) -> Result<()> {
        let net = self.trainer.net_mut();
        for (l, (w, &(rows, cols))) in weights.iter().zip(&self.shapes).enumerate() {
            let name = format!("W{}", l + 1);
            if w.len() != rows * cols {
                return Err(Error::new(
                    "err.shape",
                    [
                        name,
                        format!("{rows}×{cols} = {}", rows * cols),
                        "weights".into(),
                        w.len().to_string(),
                    ],
                ));
            }
            // The net's own shape (4-D for the filters): the flat values are in the same row-major order.
            let shape = net
                .param(&name)
                .map(|p| p.shape().to_vec())
                .ok_or_else(|| Error::new("err.unknown", ["parameter", &name]))?;
            let view = ArrayView::from_shape(shape, w).map_err(|e| {
                Error::new(
                    "err.shape",
                    [
                        name.clone(),
                        e.to_string(),
                        "weights".into(),
                        w.len().to_string(),
                    ],
                )
            })?;
            net.set_param(&name, view)?;
            let b = Array1::<f32>::zeros(if l == 0 { rows } else { cols });
            net.set_param(&format!("b{}", l + 1), b.view().into_dyn())?;
        }
        Ok(())
    }

    /// `steps` SGD steps on `order` as `Contest::run` takes them; each step's loss.
    pub fn run(&mut self, order: &[u32], batch_size: usize, steps: usize) -> Result<Vec<f32>> {
        run_batches(&mut self.trainer, &mut self.idx, order, batch_size, steps)
    }
}

/// The matrix products of one SimpleConvNet step at batch B, with the engine's shapes and transposes: the
/// convolution's col·W_colᵀ (B·576 × 25 by 25 × 30) and dW = doutᵀ·col; each Affine's x·W, xᵀ·δ and δ·Wᵀ.
/// Timing them alone against a whole `ConvContest` step shows how much of the step is the kernel and how much
/// im2col, the layout shuffles, ReLU, pooling, softmax and the update.
pub struct ConvStepProducts {
    col: Array2<f32>,
    w_col: Array2<f32>,
    prod: Array2<f32>,
    dw_col: Array2<f32>,
    flat: Array2<f32>,
    w2: Array2<f32>,
    dw2: Array2<f32>,
    dflat: Array2<f32>,
    h: Array2<f32>,
    w3: Array2<f32>,
    dw3: Array2<f32>,
    y: Array2<f32>,
    dh: Array2<f32>,
}

impl ConvStepProducts {
    /// The book's SimpleConvNet at batch `batch`.
    pub fn new(batch: usize) -> ConvStepProducts {
        let f = |(i, j): (usize, usize)| ((i * 7 + j * 13) % 17) as f32 / 170.0;
        let (rows, k, fnum) = (batch * 576, 25, 30);
        ConvStepProducts {
            col: Array2::from_shape_fn((rows, k), f),
            w_col: Array2::from_shape_fn((fnum, k), f),
            prod: Array2::zeros((rows, fnum)),
            dw_col: Array2::zeros((fnum, k)),
            flat: Array2::from_shape_fn((batch, 4320), f),
            w2: Array2::from_shape_fn((4320, 100), f),
            dw2: Array2::zeros((4320, 100)),
            dflat: Array2::zeros((batch, 4320)),
            h: Array2::zeros((batch, 100)),
            w3: Array2::from_shape_fn((100, 10), f),
            dw3: Array2::zeros((100, 10)),
            y: Array2::zeros((batch, 10)),
            dh: Array2::zeros((batch, 100)),
        }
    }

    /// FLOP of one `run`: B · 4,326,000.
    pub fn flops(&self) -> f64 {
        self.flat.nrows() as f64
            * conv_flops_per_sample(&ConvNetConfig::default()).expect("the book's net is valid")
    }

    /// The products once (the forward outputs stand in for the deltas: the shapes are what matter).
    pub fn run(&mut self) -> f32 {
        gemm(1.0, &self.col, &self.w_col.t(), 0.0, &mut self.prod);
        gemm(1.0, &self.flat, &self.w2, 0.0, &mut self.h);
        gemm(1.0, &self.h, &self.w3, 0.0, &mut self.y);
        gemm(1.0, &self.h.t(), &self.y, 0.0, &mut self.dw3);
        gemm(1.0, &self.y, &self.w3.t(), 0.0, &mut self.dh);
        gemm(1.0, &self.flat.t(), &self.dh, 0.0, &mut self.dw2);
        gemm(1.0, &self.dh, &self.w2.t(), 0.0, &mut self.dflat);
        gemm(1.0, &self.prod.t(), &self.col, 0.0, &mut self.dw_col);
        self.dw_col[[0, 0]] + self.dflat[[0, 0]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::{batch_order, init_matrices};

    #[test]
    fn the_books_net_costs_4_326_000_flop_a_sample() {
        let cfg = ConvNetConfig::default();
        assert_eq!(conv_flops_per_sample(&cfg).unwrap(), 4_326_000.0);
        assert_eq!(
            conv_weight_shapes(&cfg).unwrap(),
            [(30, 25), (4320, 100), (100, 10)]
        );
    }

    #[test]
    fn the_products_alone_count_the_same_flops() {
        let mut p = ConvStepProducts::new(2);
        assert_eq!(p.flops(), 2.0 * 4_326_000.0);
        assert!(p.run().is_finite());
    }

    #[test]
    fn the_recipe_is_1600_steps_and_its_time_grows_with_the_step() {
        let (steps, s20) = recipe_estimate(20.0).unwrap();
        let (_, s40) = recipe_estimate(40.0).unwrap();
        assert_eq!(steps, 1600.0);
        // 1,600 steps at 20 ms are 32 s, plus the evaluations.
        assert!(s20 > 32.0 && s20 < 40.0, "{s20}");
        assert!((s40 / s20 - 2.0).abs() < 1e-9);
        assert!(recipe_estimate(0.0).is_err());
    }

    #[test]
    fn a_contest_learns_and_restarts_from_the_same_weights() {
        // 200 random "digits" of two kinds: bright top half (class 0) or bright bottom half (class 1).
        let n = 200;
        let labels: Vec<u8> = (0..n).map(|i| (i % 2) as u8).collect();
        let x = Array2::from_shape_fn((n, 784), |(i, p)| {
            let top = p < 392;
            if (labels[i] == 0) == top {
                0.9
            } else {
                0.05
            }
        });
        let shapes = conv_weight_shapes(&ConvNetConfig::default()).unwrap();
        let stds = conv_init_stds(&shapes);
        assert_eq!(stds[0], (2.0f64 / 25.0).sqrt());
        let w = init_matrices(1, &shapes, &stds);
        let refs = [&w[0][..], &w[1][..], &w[2][..]];
        let mut c = ConvContest::new(x, &labels, refs, CONV_LR).unwrap();
        let order = batch_order(2, n, 20, 30);
        let first = c.run(&order, 20, 30).unwrap();
        assert!(first[29] < 0.5 * first[0], "{first:?}");
        c.set_weights(refs).unwrap();
        assert_eq!(c.run(&order, 20, 30).unwrap(), first);
        assert_eq!(
            c.set_weights([&w[0][..1], refs[1], refs[2]])
                .unwrap_err()
                .key,
            "err.shape"
        );
    }
}
