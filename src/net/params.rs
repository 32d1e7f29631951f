//! Parameters by the book's names (W1, b1, W2, …, then gamma1, beta1, … of the BatchNormalization layers, the
//! order of the book's `MultiLayerNetExtend.params`), their gradients, the numerical gradient
//! ∂L/∂w ≈ (L(w + h) − L(w − h)) / 2h for gradient checks, and one optimizer step over all of them.

use ndarray::{Array2, ArrayD, ArrayViewD, IxDyn};

use super::{Net, NetLayer};
use crate::error::ensure;
use crate::optim::Optimizer;
use crate::{Error, Result};

/// h for the network's numerical gradient. The loss is computed in f32, so the book's 1e-4 would drown in
/// rounding; 1e-2 keeps the truncation error (∝ h²) and the rounding error (∝ ε/h) both near 1e-5 relative.
pub const CHECK_H: f32 = 1e-2;

/// Named arrays ("W1", "b1", …) with the loss they were computed at: a gradient from `gradient` or
/// `numerical_gradient`. W arrays are 2-D (in × out) or 4-D (FN × C × FH × FW), b arrays 1-D.
#[derive(Clone, Debug, PartialEq)]
pub struct Grads {
    pub entries: Vec<(String, ArrayD<f32>)>,
    pub loss: f32,
}

impl Grads {
    pub fn get(&self, name: &str) -> Option<&ArrayD<f32>> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }

    pub fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// The book's `gradient_check.py` readout: mean |a − b| per parameter, by name.
    pub fn mean_abs_diff(&self, other: &Grads) -> Vec<(String, f32)> {
        self.entries
            .iter()
            .filter_map(|(n, a)| {
                let b = other.get(n)?;
                let s: f64 = a
                    .iter()
                    .zip(b.iter())
                    .map(|(x, y)| (x - y).abs() as f64)
                    .sum();
                Some((n.clone(), (s / a.len().max(1) as f64) as f32))
            })
            .collect()
    }

    /// The largest relative error over the parameters, ‖a − b‖ / (‖a‖ + ‖b‖) (0 when both are 0).
    /// Below about 1e-3 in f32 means backprop and the numerical gradient agree.
    pub fn relative_error(&self, other: &Grads) -> f32 {
        let mut worst = 0.0f64;
        for (n, a) in &self.entries {
            let Some(b) = other.get(n) else {
                return f32::INFINITY;
            };
            let norm = |it: &mut dyn Iterator<Item = f64>| it.map(|v| v * v).sum::<f64>().sqrt();
            let diff = norm(&mut a.iter().zip(b.iter()).map(|(x, y)| (x - y) as f64));
            let scale =
                norm(&mut a.iter().map(|&x| x as f64)) + norm(&mut b.iter().map(|&x| x as f64));
            if scale > 0.0 {
                worst = worst.max(diff / scale);
            }
        }
        worst as f32
    }
}

/// Parse "W3" / "b3" / "gamma2" / "beta2" into (parameter group 0-based, first of its pair). Groups are the
/// `depth` parametrised layers (W, b) followed by the `norms` BatchNormalization layers (γ, β).
fn parse_name(name: &str, depth: usize, norms: usize) -> Option<(usize, bool)> {
    let (first, offset, count, digits) = if let Some(d) = name.strip_prefix("gamma") {
        (true, depth, norms, d)
    } else if let Some(d) = name.strip_prefix("beta") {
        (false, depth, norms, d)
    } else if let Some(d) = name.strip_prefix('W') {
        (true, 0, depth, d)
    } else if let Some(d) = name.strip_prefix('b') {
        (false, 0, depth, d)
    } else {
        return None;
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let l: usize = digits.parse().ok()?;
    (1..=count).contains(&l).then_some((offset + l - 1, first))
}

/// The names of group `g` (see `parse_name`).
fn group_names(g: usize, depth: usize) -> [String; 2] {
    if g < depth {
        [format!("W{}", g + 1), format!("b{}", g + 1)]
    } else {
        let k = g - depth + 1;
        [format!("gamma{k}"), format!("beta{k}")]
    }
}

impl Net {
    /// The parameter groups in order: the parametrised layers (Affine, Convolution; W1, b1 belong to the first),
    /// then the BatchNormalization layers (gamma1, beta1 belong to the first).
    fn param_layers(&self) -> impl Iterator<Item = &NetLayer> + '_ {
        let norms = self.layers.iter().filter(|l| l.batch_norm().is_some());
        self.layers.iter().filter(|l| l.has_params()).chain(norms)
    }

    /// `param_layers`, mutable.
    fn param_layers_mut(&mut self) -> impl Iterator<Item = &mut NetLayer> + '_ {
        let (mut main, mut norms) = (Vec::new(), Vec::new());
        for l in self.layers.iter_mut() {
            if l.batch_norm().is_some() {
                norms.push(l);
            } else if l.has_params() {
                main.push(l);
            }
        }
        main.into_iter().chain(norms)
    }

    /// The number of BatchNormalization layers (gamma1 … gammaK).
    pub fn norm_count(&self) -> usize {
        self.layers
            .iter()
            .filter(|l| l.batch_norm().is_some())
            .count()
    }

    /// "W1", "b1", "W2", "b2", … in layer order, then "gamma1", "beta1", … (the book's order).
    pub fn param_names(&self) -> Vec<String> {
        let depth = self.depth();
        (0..depth + self.norm_count())
            .flat_map(|g| group_names(g, depth))
            .collect()
    }

    /// A parameter by name: an Affine's W as a 2-D view (in × out), a Convolution's as 4-D (FN × C × FH × FW),
    /// b as 1-D.
    pub fn param(&self, name: &str) -> Option<ArrayViewD<'_, f32>> {
        let (l, is_w) = parse_name(name, self.depth(), self.norm_count())?;
        let (w, b) = self.param_layers().nth(l)?.params()?;
        Some(if is_w { w } else { b })
    }

    /// The gradient of a parameter from the last `backprop` (zeros before the first).
    pub fn grad(&self, name: &str) -> Option<ArrayViewD<'_, f32>> {
        let (l, is_w) = parse_name(name, self.depth(), self.norm_count())?;
        let (w, b) = self.param_layers().nth(l)?.grads()?;
        Some(if is_w { w } else { b })
    }

    /// Replace a parameter (e.g. weights loaded from a file). The shape must match exactly.
    pub fn set_param(&mut self, name: &str, value: ArrayViewD<'_, f32>) -> Result<()> {
        let want = self
            .param(name)
            .ok_or_else(|| Error::new("err.unknown", ["parameter", name]))?
            .shape()
            .to_vec();
        ensure(
            value.shape() == want.as_slice(),
            "err.shape",
            [
                name.to_string(),
                fmt_shape(&want),
                "file".into(),
                fmt_shape(value.shape()),
            ],
        )?;
        ensure(
            value.iter().all(|v| v.is_finite()),
            "err.finite",
            [name, "NaN/inf"],
        )?;
        let (l, is_w) =
            parse_name(name, self.depth(), self.norm_count()).expect("checked by param");
        let p = self
            .param_layers_mut()
            .nth(l)
            .and_then(NetLayer::param_slices)
            .expect("checked by param");
        let dst = if is_w { p.w } else { p.b };
        // Both sides in row-major (C) order: the view's logical order is NumPy's.
        for (d, &v) in dst.iter_mut().zip(value.iter()) {
            *d = v;
        }
        Ok(())
    }

    /// Every parameter with its current gradient as flat slices, in `param_names` order:
    /// `(name, param, grad)`. The slices follow the arrays' row-major order (W is in × out, or FN × C × FH × FW).
    pub fn params_and_grads_mut(
        &mut self,
    ) -> impl Iterator<Item = (String, &mut [f32], &[f32])> + '_ {
        let depth = self.depth();
        self.param_layers_mut()
            .filter_map(NetLayer::param_slices)
            .enumerate()
            .flat_map(move |(i, p)| {
                let [w, b] = group_names(i, depth);
                [(w, p.w, p.dw), (b, p.b, p.db)]
            })
    }

    /// Apply one optimizer step with the gradients of the last `backprop`: `next_step`, then `update` for each
    /// parameter, whose index is its position in `param_names` (so optimizer state stays with its parameter).
    pub fn apply(&mut self, optimizer: &mut dyn Optimizer) {
        optimizer.next_step();
        // The same order as `params_and_grads_mut` (W1, b1, W2, …, gamma1, beta1, …), without building the
        // names or a list: one pass for the W and b, one for γ and β.
        let mut i = 0;
        for bn in [false, true] {
            for p in self
                .layers
                .iter_mut()
                .filter(|l| l.batch_norm().is_some() == bn)
                .filter_map(NetLayer::param_slices)
            {
                optimizer.update(2 * i, p.w, p.dw);
                optimizer.update(2 * i + 1, p.b, p.db);
                i += 1;
            }
        }
    }

    /// Whether every dW and db of the last `backprop` is finite (a NaN gradient must not reach the weights).
    pub fn grads_are_finite(&self) -> bool {
        self.param_layers().all(|l| {
            l.grads().is_some_and(|(dw, db)| {
                let all = |a: ArrayViewD<'_, f32>| match a.to_slice() {
                    Some(s) => crate::simd::all_finite(s),
                    None => a.iter().all(|v| v.is_finite()),
                };
                all(dw) && all(db)
            })
        })
    }

    /// The total number of weights and biases.
    pub fn param_count(&self) -> usize {
        self.param_layers()
            .filter_map(NetLayer::params)
            .map(|(w, b)| w.len() + b.len())
            .sum()
    }

    pub(super) fn grads(&self, loss: f32) -> Grads {
        let depth = self.depth();
        let entries = self
            .param_layers()
            .filter_map(NetLayer::grads)
            .enumerate()
            .flat_map(|(i, (dw, db))| {
                let [w, b] = group_names(i, depth);
                [(w, dw.to_owned()), (b, db.to_owned())]
            })
            .collect();
        Grads { entries, loss }
    }

    /// The gradient by central differences with h = `CHECK_H`, for checking `gradient` (the book's
    /// `numerical_gradient`, one parameter at a time; slow: 2 forward passes per parameter).
    /// Runs in evaluation mode, so it matches backprop only when dropout is 0 — except for a network with
    /// BatchNormalization and no dropout, which it runs in training mode (batch statistics), as the book's
    /// `MultiLayerNetExtend.numerical_gradient` does (`train_flg=True`); the running statistics are restored.
    pub fn numerical_gradient(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> Result<Grads> {
        self.numerical_gradient_h(x, t, CHECK_H)
    }

    /// `numerical_gradient` with a chosen h.
    pub fn numerical_gradient_h(
        &mut self,
        x: &Array2<f32>,
        t: &Array2<f32>,
        h: f32,
    ) -> Result<Grads> {
        self.check_xt(x, t)?;
        crate::error::ensure(
            h.is_finite() && h > 0.0,
            "err.positive",
            ["h", &h.to_string()],
        )?;
        let train = self.norm_count() > 0
            && !self
                .layers
                .iter()
                .any(|l| matches!(l, NetLayer::Dropout(_)));
        // Training-mode forwards move the running statistics: keep them to put back.
        let saved: Vec<NetLayer> = if train {
            self.layers.clone()
        } else {
            Vec::new()
        };
        self.set_mode(train);
        let loss = self.loss_unchecked(x, t);
        let mut entries = Vec::new();
        let depth = self.depth();
        for l in 0..depth + self.norm_count() {
            for (name, is_w) in group_names(l, depth).into_iter().zip([true, false]) {
                let shape = self.param(&name).expect("l < depth").shape().to_vec();
                let n = shape.iter().product();
                let mut g = vec![0.0f32; n];
                for (k, gk) in g.iter_mut().enumerate() {
                    *gk = self.central_at(x, t, h, (l, is_w, k));
                }
                entries.push((
                    name,
                    ArrayD::from_shape_vec(IxDyn(&shape), g).expect("n elements"),
                ));
            }
        }
        if train {
            for (l, s) in self.layers.iter_mut().zip(saved) {
                if let (NetLayer::BatchNorm(now), NetLayer::BatchNorm(before)) = (l, s) {
                    now.running_mean = before.running_mean;
                    now.running_var = before.running_var;
                }
            }
        }
        Ok(Grads { entries, loss })
    }
}

impl Net {
    /// Element k (row-major) of W(l+1) or b(l+1).
    fn value_mut(&mut self, (l, is_w, k): (usize, bool, usize)) -> &mut f32 {
        let p = self
            .param_layers_mut()
            .nth(l)
            .and_then(NetLayer::param_slices)
            .expect("l < depth");
        let super::layers::ParamSlices { w, b, .. } = p;
        if is_w {
            &mut w[k]
        } else {
            &mut b[k]
        }
    }

    /// (L(w + h) − L(w − h)) / 2h for the one parameter `at`, restored bit-exactly afterwards.
    fn central_at(
        &mut self,
        x: &Array2<f32>,
        t: &Array2<f32>,
        h: f32,
        at: (usize, bool, usize),
    ) -> f32 {
        let tmp = *self.value_mut(at);
        *self.value_mut(at) = tmp + h;
        let f1 = self.loss_unchecked(x, t) as f64;
        *self.value_mut(at) = tmp - h;
        let f2 = self.loss_unchecked(x, t) as f64;
        *self.value_mut(at) = tmp;
        // The step actually taken, since tmp ± h is rounded to f32.
        let step = (tmp + h) as f64 - (tmp - h) as f64;
        ((f1 - f2) / step) as f32
    }
}

fn fmt_shape(s: &[usize]) -> String {
    s.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("×")
}
