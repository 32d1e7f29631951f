//! Parameters by the book's names (W1, b1, W2, …), their gradients, the numerical gradient
//! ∂L/∂w ≈ (L(w + h) − L(w − h)) / 2h for gradient checks, and one optimizer step over all of them.

use ndarray::{Array2, ArrayD, ArrayViewD, IxDyn};

use super::Net;
use crate::error::ensure;
use crate::optim::Optimizer;
use crate::{Error, Result};

/// h for the network's numerical gradient. The loss is computed in f32, so the book's 1e-4 would drown in
/// rounding; 1e-2 keeps the truncation error (∝ h²) and the rounding error (∝ ε/h) both near 1e-5 relative.
pub const CHECK_H: f32 = 1e-2;

/// Named arrays ("W1", "b1", …) with the loss they were computed at: a gradient from `gradient` or
/// `numerical_gradient`. W arrays are 2-D (in × out), b arrays 1-D.
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

/// Parse "W3" / "b3" into (layer index 0-based, is_weight).
fn parse_name(name: &str, depth: usize) -> Option<(usize, bool)> {
    let is_w = match name.as_bytes().first()? {
        b'W' => true,
        b'b' => false,
        _ => return None,
    };
    let l: usize = name[1..].parse().ok()?;
    (1..=depth).contains(&l).then_some((l - 1, is_w))
}

impl Net {
    /// "W1", "b1", "W2", "b2", … in layer order.
    pub fn param_names(&self) -> Vec<String> {
        (1..=self.affines.len())
            .flat_map(|l| [format!("W{l}"), format!("b{l}")])
            .collect()
    }

    /// A parameter by name: W as a 2-D view (in × out), b as 1-D.
    pub fn param(&self, name: &str) -> Option<ArrayViewD<'_, f32>> {
        let (l, is_w) = parse_name(name, self.affines.len())?;
        let a = &self.affines[l];
        Some(if is_w {
            a.W.view().into_dyn()
        } else {
            a.b.view().into_dyn()
        })
    }

    /// The gradient of a parameter from the last `backprop` (zeros before the first).
    pub fn grad(&self, name: &str) -> Option<ArrayViewD<'_, f32>> {
        let (l, is_w) = parse_name(name, self.affines.len())?;
        let a = &self.affines[l];
        Some(if is_w {
            a.dW.view().into_dyn()
        } else {
            a.db.view().into_dyn()
        })
    }

    /// Replace a parameter (e.g. weights loaded from a file). The shape must match exactly.
    pub fn set_param(&mut self, name: &str, value: ArrayViewD<'_, f32>) -> Result<()> {
        let (l, is_w) = parse_name(name, self.affines.len())
            .ok_or_else(|| Error::new("err.unknown", ["parameter", name]))?;
        let a = &mut self.affines[l];
        let want = if is_w {
            a.W.shape().to_vec()
        } else {
            a.b.shape().to_vec()
        };
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
        if is_w {
            a.W.assign(
                &value
                    .into_dimensionality::<ndarray::Ix2>()
                    .expect("shape checked"),
            );
        } else {
            a.b.assign(
                &value
                    .into_dimensionality::<ndarray::Ix1>()
                    .expect("shape checked"),
            );
        }
        Ok(())
    }

    /// Every parameter with its current gradient as flat slices, in `param_names` order:
    /// `(name, param, grad)`. The slices follow the arrays' row-major order (W is in × out).
    pub fn params_and_grads_mut(
        &mut self,
    ) -> impl Iterator<Item = (String, &mut [f32], &[f32])> + '_ {
        self.affines.iter_mut().enumerate().flat_map(|(i, a)| {
            let crate::layer::Affine { W, b, dW, db, .. } = a;
            let contiguous = "parameters are built contiguous and only assigned in place";
            [
                (
                    format!("W{}", i + 1),
                    W.as_slice_mut().expect(contiguous),
                    dW.as_slice().expect(contiguous),
                ),
                (
                    format!("b{}", i + 1),
                    b.as_slice_mut().expect(contiguous),
                    db.as_slice().expect(contiguous),
                ),
            ]
        })
    }

    /// Apply one optimizer step with the gradients of the last `backprop`: `next_step`, then `update` for each
    /// parameter, whose index is its position in `param_names` (so optimizer state stays with its parameter).
    pub fn apply(&mut self, optimizer: &mut dyn Optimizer) {
        optimizer.next_step();
        let contiguous = "parameters are built contiguous and only assigned in place";
        // The same order as `params_and_grads_mut` (W1, b1, W2, …), without building the names.
        for (i, a) in self.affines.iter_mut().enumerate() {
            let crate::layer::Affine { W, b, dW, db, .. } = a;
            let w = W.as_slice_mut().expect(contiguous);
            optimizer.update(2 * i, w, dW.as_slice().expect(contiguous));
            let b = b.as_slice_mut().expect(contiguous);
            optimizer.update(2 * i + 1, b, db.as_slice().expect(contiguous));
        }
    }

    /// Whether every dW and db of the last `backprop` is finite (a NaN gradient must not reach the weights).
    pub fn grads_are_finite(&self) -> bool {
        let contiguous = "gradients are built contiguous";
        self.affines.iter().all(|a| {
            crate::simd::all_finite(a.dW.as_slice().expect(contiguous))
                && crate::simd::all_finite(a.db.as_slice().expect(contiguous))
        })
    }

    /// The total number of weights and biases.
    pub fn param_count(&self) -> usize {
        self.affines.iter().map(|a| a.W.len() + a.b.len()).sum()
    }

    pub(super) fn grads(&self, loss: f32) -> Grads {
        let entries = self
            .affines
            .iter()
            .enumerate()
            .flat_map(|(i, a)| {
                [
                    (format!("W{}", i + 1), a.dW.clone().into_dyn()),
                    (format!("b{}", i + 1), a.db.clone().into_dyn()),
                ]
            })
            .collect();
        Grads { entries, loss }
    }

    /// The gradient by central differences with h = `CHECK_H`, for checking `gradient` (the book's
    /// `numerical_gradient`, one parameter at a time; slow: 2 forward passes per parameter).
    /// Runs in evaluation mode, so it matches backprop only when dropout is 0.
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
        self.set_mode(false);
        let loss = self.loss_unchecked(x, t);
        let mut entries = Vec::new();
        for l in 0..self.affines.len() {
            for is_w in [true, false] {
                let n = if is_w {
                    self.affines[l].W.len()
                } else {
                    self.affines[l].b.len()
                };
                let mut g = vec![0.0f32; n];
                for (k, gk) in g.iter_mut().enumerate() {
                    *gk = self.central_at(x, t, h, (l, is_w, k));
                }
                let shape = if is_w {
                    self.affines[l].W.shape().to_vec()
                } else {
                    vec![n]
                };
                let name = format!("{}{}", if is_w { 'W' } else { 'b' }, l + 1);
                entries.push((
                    name,
                    ArrayD::from_shape_vec(IxDyn(&shape), g).expect("n elements"),
                ));
            }
        }
        Ok(Grads { entries, loss })
    }
}

impl Net {
    /// Element k (row-major) of W(l+1) or b(l+1).
    fn value_mut(&mut self, (l, is_w, k): (usize, bool, usize)) -> &mut f32 {
        let a = &mut self.affines[l];
        let s = if is_w {
            a.W.as_slice_mut()
        } else {
            a.b.as_slice_mut()
        };
        &mut s.expect("parameters are contiguous")[k]
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
