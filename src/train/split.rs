//! Data-parallel training (issue #17 item 3): k replicas of one network each backprop 1/k of a mini-batch, their
//! gradients are combined in part order, and one optimizer step is taken with the sum.
//!
//! The loss is the batch mean, L = (1/N)·Σₙ ℓₙ = Σᵢ (Nᵢ/N)·Lᵢ with Lᵢ the mean over part i (Nᵢ rows), so
//! ∂L/∂W = Σᵢ (Nᵢ/N)·∂Lᵢ/∂W: the same math as one thread, summed in another order (f32 rounding differs, nothing
//! else). Weight decay adds λW to every part and Σᵢ Nᵢ/N = 1 keeps it λW. Batch norm (statistics per part, not
//! per batch) and dropout (masks per replica) would change the math, so such networks are refused
//! (`split_blocker`) and train on one thread.
//!
//! Here is the pure half: cutting a batch (`split`, `part_weights`), one part's backprop (`backprop_rows`), the
//! flat gradient (`flat_grads`), the sum (`combine`), the step with it (`apply_flat`), a helper's copy of the
//! network (`Part`) and the coordinator's bookkeeping of one step (`SplitStep`). The browser's workers
//! (src/web/cnn/job/coordinator.rs) and the native bench (src/bench/parallel.rs) use them.

use ndarray::Array2;

use crate::error::ensure;
use crate::net::Net;
use crate::optim::Optimizer;
use crate::train::health;
use crate::{Error, Result};

/// At most this many replicas share a batch (a part of 25 rows or more at the book's batch of 100).
pub const MAX_REPLICAS: usize = 4;

/// `rows` cut into `k` contiguous parts whose lengths differ by at most one (the first ones longer).
pub fn split(rows: &[usize], k: usize) -> Vec<&[usize]> {
    let k = k.max(1);
    let (base, extra) = (rows.len() / k, rows.len() % k);
    let mut parts = Vec::with_capacity(k);
    let mut at = 0;
    for i in 0..k {
        let len = base + usize::from(i < extra);
        parts.push(&rows[at..at + len]);
        at += len;
    }
    parts
}

/// The weight of each part in the batch mean: Nᵢ/N.
pub fn part_weights(parts: &[&[usize]]) -> Vec<f32> {
    let n: usize = parts.iter().map(|p| p.len()).sum();
    parts
        .iter()
        .map(|p| p.len() as f32 / n.max(1) as f32)
        .collect()
}

/// `out` = Σᵢ weights[i]·parts[i], accumulated in index order, so whoever computes it from the same parts gets
/// the same bits.
pub fn combine(parts: &[&[f32]], weights: &[f32], out: &mut [f32]) {
    for (k, (p, &w)) in parts.iter().zip(weights).enumerate() {
        if k == 0 {
            for (o, &g) in out.iter_mut().zip(p.iter()) {
                *o = w * g;
            }
        } else {
            for (o, &g) in out.iter_mut().zip(p.iter()) {
                *o += w * g;
            }
        }
    }
}

/// Why this network cannot be split (a message key), or None. Batch norm's statistics and dropout's masks
/// would be per part, which is not the same network.
pub fn split_blocker(net: &Net) -> Option<&'static str> {
    if net.norm_count() > 0 {
        Some("err.split_batch_norm")
    } else if net
        .layers()
        .iter()
        .any(|l| matches!(l, crate::net::NetLayer::Dropout(_)))
    {
        Some("err.split_dropout")
    } else {
        None
    }
}

/// How many replicas to use with `cores` logical cores when the settings leave it to us: one core is left for
/// the page, so one worker up to 2 cores, then cores − 1, at most `MAX_REPLICAS`. On this 2-core machine two
/// workers in the CNN lab gave only 1.10× from click to done (1.14× in the steps), below issue #17's bar of 1.6×,
/// because the page's own drawing takes a share of the same two cores (tests/bench/PERFORMANCE.md, "The cores").
pub fn default_replicas(cores: usize) -> usize {
    if cores <= 2 {
        1
    } else {
        (cores - 1).min(MAX_REPLICAS)
    }
}

/// `out` = the rows `idx` of `src`, in that order (in `out`'s memory; it grows only for a larger batch).
pub(crate) fn gather(src: &Array2<f32>, idx: &[usize], out: &mut Array2<f32>) {
    let out = crate::layer::reuse(out, (idx.len(), src.ncols()));
    for (mut row, &i) in out.axis_iter_mut(ndarray::Axis(0)).zip(idx) {
        // A plain memcpy (memory.copy in wasm) when both rows are contiguous, as they are in training.
        match (row.as_slice_mut(), src.row(i).to_slice()) {
            (Some(dst), Some(s)) => dst.copy_from_slice(s),
            _ => row.assign(&src.row(i)),
        }
    }
}

/// Backprop on the rows `rows` of (x, t) in training mode, gathered into the buffers `xb`, `tb`: the mean loss
/// over those rows; the gradient stays in the layers. Rows out of range are `err.shape`; a non-finite loss or
/// gradient is `err.not_finite_loss`.
pub fn backprop_rows(
    net: &mut Net,
    (x, t): (&Array2<f32>, &Array2<f32>),
    rows: &[usize],
    (xb, tb): (&mut Array2<f32>, &mut Array2<f32>),
) -> Result<f32> {
    let n = x.nrows().min(t.nrows());
    ensure(
        !rows.is_empty() && rows.iter().all(|&i| i < n),
        "err.shape",
        [
            "batch".to_string(),
            format!("{} rows", rows.len()),
            "training data".into(),
            format!("rows < {n}"),
        ],
    )?;
    gather(x, rows, xb);
    gather(t, rows, tb);
    let loss = net.backprop(xb, tb)?;
    health::check_step(loss, loss.is_finite() && net.grads_are_finite())?;
    Ok(loss)
}

/// The layers' gradient as one flat vector in `out` (every parameter in `Net::param_names` order, the order
/// `remote::pack_weights` packs the weights in).
pub fn flat_grads(net: &mut Net, out: &mut Vec<f32>) {
    out.clear();
    for (_, _, g) in net.params_and_grads_mut() {
        out.extend_from_slice(g);
    }
}

/// The number of parameters (the length of a flat gradient).
pub fn param_len(net: &mut Net) -> usize {
    net.params_and_grads_mut().map(|(_, p, _)| p.len()).sum()
}

/// One optimizer step with the flat gradient `g` (`flat_grads` layout): what `Net::apply` does with the layers'
/// own gradients, parameter index = position in `param_names` as there. A gradient of the wrong length is
/// `err.shape` and changes nothing.
pub fn apply_flat(net: &mut Net, optimizer: &mut dyn Optimizer, g: &[f32]) -> Result<()> {
    let len = param_len(net);
    ensure(
        g.len() == len,
        "err.shape",
        [
            "gradient".to_string(),
            g.len().to_string(),
            "parameters".into(),
            len.to_string(),
        ],
    )?;
    optimizer.next_step();
    let mut at = 0;
    for (i, (_, p, _)) in net.params_and_grads_mut().enumerate() {
        let n = p.len();
        optimizer.update(i, p, &g[at..at + n]);
        at += n;
    }
    Ok(())
}

/// A helper's copy of the network and the training data: it is handed the weights and a part of the batch,
/// and gives back that part's loss and flat gradient. It has no optimizer: the coordinator takes the step and
/// sends the new weights, so every copy holds the same bits whatever the optimizer.
pub struct Part {
    net: Net,
    x: Array2<f32>,
    t: Array2<f32>,
    xb: Array2<f32>,
    tb: Array2<f32>,
    grads: Vec<f32>,
}

impl Part {
    /// Errors: a network that cannot be split, data that does not fit it.
    pub fn new(net: Net, x: Array2<f32>, t: Array2<f32>) -> Result<Part> {
        if let Some(key) = split_blocker(&net) {
            return Err(Error::new(key, [""; 0]));
        }
        net.check_xt(&x, &t)?;
        Ok(Part {
            net,
            x,
            t,
            xb: Array2::zeros((0, 0)),
            tb: Array2::zeros((0, 0)),
            grads: Vec::new(),
        })
    }

    pub fn net_mut(&mut self) -> &mut Net {
        &mut self.net
    }

    /// Backprop the rows `rows`: their mean loss; the flat gradient is then `grads`.
    pub fn backprop(&mut self, rows: &[usize]) -> Result<f32> {
        let loss = backprop_rows(
            &mut self.net,
            (&self.x, &self.t),
            rows,
            (&mut self.xb, &mut self.tb),
        )?;
        flat_grads(&mut self.net, &mut self.grads);
        Ok(loss)
    }

    pub fn grads(&self) -> &[f32] {
        &self.grads
    }
}

/// The coordinator's side of one split step: the parts it handed out and what came back. Part 0 is the
/// coordinator's own. A step is complete when every part has its loss and gradient; then `finish` gives the
/// batch's loss Σᵢ (Nᵢ/N)·Lᵢ and the combined gradient.
#[derive(Debug, Default)]
pub struct SplitStep {
    /// Numbers each step, so an answer to an abandoned step (a reset came between) is recognised and dropped.
    pub seq: u32,
    weights: Vec<f32>,
    parts: Vec<Option<(f32, Vec<f32>)>>,
    sum: Vec<f32>,
}

impl SplitStep {
    /// Start step `seq + 1` with the batch `rows` cut into `k` parts; returns the parts (part i to replica i).
    /// Errors: fewer rows than replicas.
    pub fn begin<'r>(&mut self, rows: &'r [usize], k: usize) -> Result<Vec<&'r [usize]>> {
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
        self.seq = self.seq.wrapping_add(1);
        self.weights = part_weights(&parts);
        self.parts = vec![None; k];
        Ok(parts)
    }

    /// Whether a step is waiting for parts.
    pub fn waiting(&self) -> bool {
        !self.parts.is_empty()
    }

    /// Forget the step in progress (its late answers will not match `seq`).
    pub fn abandon(&mut self) {
        self.parts.clear();
        self.seq = self.seq.wrapping_add(1);
    }

    /// Part `i`'s answer to step `seq`. `Ok(false)` for a stale or duplicate answer (dropped), `Ok(true)` when
    /// it was taken. Errors: a part index out of range, a gradient of another length than part 0's.
    pub fn receive(&mut self, seq: u32, i: usize, loss: f32, grads: Vec<f32>) -> Result<bool> {
        if seq != self.seq || !self.waiting() {
            return Ok(false);
        }
        ensure(
            i < self.parts.len(),
            "err.shape",
            [
                "part".to_string(),
                i.to_string(),
                "parts".into(),
                self.parts.len().to_string(),
            ],
        )?;
        if let Some(len) = self.parts.iter().flatten().map(|(_, g)| g.len()).next() {
            ensure(
                grads.len() == len,
                "err.shape",
                [
                    "gradient".to_string(),
                    grads.len().to_string(),
                    "parameters".into(),
                    len.to_string(),
                ],
            )?;
        }
        if self.parts[i].is_some() {
            return Ok(false);
        }
        self.parts[i] = Some((loss, grads));
        Ok(true)
    }

    /// Whether every part has answered.
    pub fn complete(&self) -> bool {
        self.waiting() && self.parts.iter().all(Option::is_some)
    }

    /// The finished step's batch loss and combined gradient (None until `complete`); the step is over after it.
    pub fn finish(&mut self) -> Option<(f32, &[f32])> {
        if !self.complete() {
            return None;
        }
        let parts: Vec<(f32, Vec<f32>)> = self.parts.drain(..).flatten().collect();
        let grads: Vec<&[f32]> = parts.iter().map(|(_, g)| &g[..]).collect();
        self.sum.resize(grads[0].len(), 0.0);
        combine(&grads, &self.weights, &mut self.sum);
        let loss = parts.iter().zip(&self.weights).map(|(p, w)| p.0 * w).sum();
        Some((loss, &self.sum))
    }
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;
