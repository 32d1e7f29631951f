//! Data-parallel training, a spike for issue #17 item 3 (the cores): k replicas of one network each backprop
//! 1/k of a mini-batch on its own thread, their gradients are combined, and every replica applies the same
//! optimizer step, so the replicas stay bit-identical.
//!
//! The loss is the batch mean, L = (1/N)·Σₙ ℓₙ = Σᵢ (Nᵢ/N)·Lᵢ with Lᵢ the mean over part i (Nᵢ rows), so
//! ∂L/∂W = Σᵢ (Nᵢ/N)·∂Lᵢ/∂W: for two halves, the mean of the halves' gradients. The same math as one thread,
//! summed in another order (f32 rounding differs, nothing else). Weight decay adds λW to every part, and
//! Σᵢ Nᵢ/N = 1 keeps it λW. Batch norm (statistics per part, not per batch) and dropout (masks per replica)
//! would change the math: the spike is for networks without them (the 784-100-10 MLP and SimpleConvNet).
//!
//! The combined gradient is applied lazily, at the start of the next step on each replica's own thread (the
//! browser's workers do the same with one message a step): `finish` applies the last one.

use ndarray::{Array2, ArrayView};

use crate::activation::Activation;
use crate::error::ensure;
use crate::net::{ConvNetConfig, Net, NetConfig, Output};
use crate::optim::{OptimConfig, Optimizer, Sgd, SgdConfig};
use crate::train::split as sp;
pub use crate::train::split::{combine, part_weights, split};
use crate::{Error, Result};

/// One replica: a network, its own optimizer (the same settings in every replica, so the same state), its
/// batch buffers and the flat gradient of its last part (parameters in `Net::param_names` order).
///
/// SGD only: a replica crosses threads, and `Box<dyn Optimizer>` is not `Send` (the trait would need a `Send`
/// bound for Momentum or Adam here; their state would stay identical across replicas just the same).
pub struct Replica {
    net: Net,
    optimizer: Sgd,
    x_batch: Array2<f32>,
    t_batch: Array2<f32>,
    grads: Vec<f32>,
}

impl Replica {
    pub fn new(mut net: Net, optim: SgdConfig) -> Result<Replica> {
        OptimConfig::Sgd(optim).validate()?;
        let optimizer = Sgd::new(optim);
        let len = sp::param_len(&mut net);
        Ok(Replica {
            net,
            optimizer,
            x_batch: Array2::zeros((0, 0)),
            t_batch: Array2::zeros((0, 0)),
            grads: vec![0.0; len],
        })
    }

    pub fn net(&self) -> &Net {
        &self.net
    }

    pub fn net_mut(&mut self) -> &mut Net {
        &mut self.net
    }

    /// The flat gradient of the last `backprop_rows` (every parameter, `param_names` order).
    pub fn grads(&self) -> &[f32] {
        &self.grads
    }

    /// Backprop on the rows `rows` of (x, t) in training mode: its mean loss over those rows; the gradient goes
    /// to `grads`. A non-finite loss or gradient is `err.not_finite_loss`.
    pub fn backprop_rows(
        &mut self,
        x: &Array2<f32>,
        t: &Array2<f32>,
        rows: &[usize],
    ) -> Result<f32> {
        let loss = sp::backprop_rows(
            &mut self.net,
            (x, t),
            rows,
            (&mut self.x_batch, &mut self.t_batch),
        )?;
        sp::flat_grads(&mut self.net, &mut self.grads);
        Ok(loss)
    }

    /// One optimizer step with the flat gradient `g` (`grads` layout), as `sp::apply_flat`.
    pub fn apply(&mut self, g: &[f32]) -> Result<()> {
        sp::apply_flat(&mut self.net, &mut self.optimizer, g)
    }

    /// FNV-1a over the bits of every parameter: equal for replicas that stayed identical.
    pub fn params_hash(&mut self) -> u32 {
        let mut h: u32 = 0x811c_9dc5;
        for (_, p, _) in self.net.params_and_grads_mut() {
            for v in p.iter() {
                h = (h ^ v.to_bits()).wrapping_mul(0x0100_0193);
            }
        }
        h
    }
}

/// k replicas of one network trained together, one thread each (`std::thread::scope`; replica 0 on the
/// caller's thread), on training data they share.
pub struct DataParallel {
    replicas: Vec<Replica>,
    x: Array2<f32>,
    t: Array2<f32>,
    sum: Vec<f32>,
    pending: bool,
    idx: Vec<usize>,
}

impl DataParallel {
    /// `threads` replicas of `net`, each with an optimizer built from `optim`. Errors: threads 0, data that
    /// does not fit the network, a bad optimizer setting.
    pub fn new(
        net: Net,
        optim: SgdConfig,
        x: Array2<f32>,
        t: Array2<f32>,
        threads: usize,
    ) -> Result<DataParallel> {
        ensure(threads >= 1, "err.min", ["threads", "1", "0"])?;
        net.check_xt(&x, &t)?;
        let replicas = (0..threads)
            .map(|_| Replica::new(net.clone(), optim))
            .collect::<Result<Vec<_>>>()?;
        let len = replicas[0].grads.len();
        Ok(DataParallel {
            replicas,
            x,
            t,
            sum: vec![0.0; len],
            pending: false,
            idx: Vec::new(),
        })
    }

    pub fn threads(&self) -> usize {
        self.replicas.len()
    }

    /// One step on the batch `rows`: apply the previous step's combined gradient, backprop part i of the batch
    /// on replica i (in parallel), combine. Returns the batch's loss Σᵢ (Nᵢ/N)·Lᵢ. A non-finite loss or
    /// gradient is `err.not_finite_loss`, and this step then updates nothing.
    pub fn step(&mut self, rows: &[usize]) -> Result<f32> {
        let k = self.replicas.len();
        ensure(
            rows.len() >= k,
            "err.min",
            [
                "batch_size".to_string(),
                k.to_string(),
                rows.len().to_string(),
            ],
        )?;
        let parts = split(rows, k);
        let weights = part_weights(&parts);
        let DataParallel {
            replicas,
            x,
            t,
            sum,
            pending,
            ..
        } = self;
        let pending_sum = (*pending).then_some(&sum[..]);
        let (x, t) = (&*x, &*t);
        let work = move |r: &mut Replica, part: &[usize]| -> Result<f32> {
            if let Some(g) = pending_sum {
                r.apply(g)?;
            }
            r.backprop_rows(x, t, part)
        };
        let losses: Vec<Result<f32>> = std::thread::scope(|s| {
            let (first, rest) = replicas.split_first_mut().expect("threads >= 1");
            let handles: Vec<_> = rest
                .iter_mut()
                .zip(&parts[1..])
                .map(|(r, part)| s.spawn(move || work(r, part)))
                .collect();
            let mut out = vec![work(first, parts[0])];
            out.extend(handles.into_iter().map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }));
            out
        });
        // The previous gradient is in every replica now, whatever this step gives.
        self.pending = false;
        let losses = losses.into_iter().collect::<Result<Vec<f32>>>()?;
        let grads: Vec<&[f32]> = self.replicas.iter().map(|r| r.grads()).collect();
        combine(&grads, &weights, &mut self.sum);
        self.pending = true;
        Ok(losses.iter().zip(&weights).map(|(l, w)| l * w).sum())
    }

    /// `steps` steps, step k on rows `order[k·batch_size ..][..batch_size]` (as `Contest::run`); each loss.
    pub fn run(&mut self, order: &[u32], batch_size: usize, steps: usize) -> Result<Vec<f32>> {
        let mut idx = std::mem::take(&mut self.idx);
        let losses = super::each_batch(&mut idx, order, batch_size, steps, |rows| self.step(rows));
        self.idx = idx;
        losses
    }

    /// Apply the last step's gradient to every replica (then all of them hold the trained weights).
    pub fn finish(&mut self) -> Result<()> {
        if self.pending {
            for r in &mut self.replicas {
                r.apply(&self.sum)?;
            }
            self.pending = false;
        }
        Ok(())
    }

    /// The replicas (call `finish` first to see the last step's update in them).
    pub fn replicas_mut(&mut self) -> &mut [Replica] {
        &mut self.replicas
    }

    /// Start again from these parameters in every replica (weights flat as `set_flat_weights` takes them),
    /// forgetting any pending gradient.
    pub fn set_weights(&mut self, weights: &[&[f32]]) -> Result<()> {
        self.pending = false;
        for r in &mut self.replicas {
            set_flat_weights(r.net_mut(), weights)?;
            r.optimizer.reset();
        }
        Ok(())
    }
}

/// Set W1, W2, … from flat row-major values in the net's own shapes (the filters FN × C·FH·FW as FN × C × FH ×
/// FW), and every b to 0: the bench's starting point.
pub fn set_flat_weights(net: &mut Net, weights: &[&[f32]]) -> Result<()> {
    for (l, w) in weights.iter().enumerate() {
        let name = format!("W{}", l + 1);
        let shape = net
            .param(&name)
            .map(|p| p.shape().to_vec())
            .ok_or_else(|| Error::new("err.unknown", ["parameter", &name]))?;
        let view = ArrayView::from_shape(shape.clone(), w).map_err(|_| {
            let want: usize = shape.iter().product();
            Error::new(
                "err.shape",
                [
                    name.clone(),
                    want.to_string(),
                    "weights".into(),
                    w.len().to_string(),
                ],
            )
        })?;
        net.set_param(&name, view)?;
        let b_name = format!("b{}", l + 1);
        let b_len = net.param(&b_name).map_or(0, |b| b.len());
        net.set_param(&b_name, ndarray::ArrayD::zeros(vec![b_len]).view())?;
    }
    Ok(())
}

/// The bench's in-H-10 MLP (softmax with cross-entropy) with the given weights (W1, W2 flat), biases 0.
pub fn bench_mlp(
    input: usize,
    hidden: usize,
    activation: Activation,
    weights: &[&[f32]],
) -> Result<Net> {
    let mut net = NetConfig {
        input,
        hidden: vec![hidden],
        activation: vec![activation],
        output: super::CLASSES,
        output_kind: Output::Softmax,
        ..NetConfig::default()
    }
    .build()?;
    set_flat_weights(&mut net, weights)?;
    Ok(net)
}

/// The book's SimpleConvNet (`ConvNetConfig::default`) with the given weights (W1, W2, W3 flat), biases 0.
pub fn bench_conv(weights: &[&[f32]]) -> Result<Net> {
    let mut net = ConvNetConfig::default().build()?;
    set_flat_weights(&mut net, weights)?;
    Ok(net)
}

/// One-hot targets for class labels 0–9, one per row of `x` (the bench's `one_hot`).
pub fn targets(x: &Array2<f32>, labels: &[u8]) -> Result<Array2<f32>> {
    super::one_hot(x, labels)
}

#[cfg(test)]
#[path = "parallel_tests.rs"]
mod tests;
