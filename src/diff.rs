//! Numerical differentiation: forward (f(x+h) − f(x))/h, backward (f(x) − f(x−h))/h,
//! central (f(x+h) − f(x−h))/2h, the gradient ∇f by central differences, and gradient descent x ← x − lr·∇f(x).
//!
//! Generic over f32 and f64 (the `Real` trait) because the numerical-differentiation lab switches precision to
//! show rounding error: with a tiny h, f(x+h) − f(x) cancels to nothing in f32 long before it does in f64.

use std::fmt::Debug;
use std::ops::{Add, Div, Mul, Neg, Sub};

use ndarray::{Array, Dimension};

/// The book's h = 1e-4: small enough for a good slope, large enough to survive rounding (in f64).
pub const H: f64 = 1e-4;

/// A float the calculators run in: f32 or f64.
pub trait Real:
    Copy
    + Debug
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
}

impl Real for f32 {
    fn from_f64(v: f64) -> Self {
        v as f32
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
}

impl Real for f64 {
    fn from_f64(v: f64) -> Self {
        v
    }
    fn to_f64(self) -> f64 {
        self
    }
}

/// (f(x + h) − f(x)) / h: error of order h.
pub fn forward_diff<T: Real>(f: impl Fn(T) -> T, x: T, h: T) -> T {
    (f(x + h) - f(x)) / h
}

/// (f(x) − f(x − h)) / h: error of order h.
pub fn backward_diff<T: Real>(f: impl Fn(T) -> T, x: T, h: T) -> T {
    (f(x) - f(x - h)) / h
}

/// (f(x + h) − f(x − h)) / 2h: the book's `numerical_diff`; error of order h², so it is the one used for checks.
pub fn central_diff<T: Real>(f: impl Fn(T) -> T, x: T, h: T) -> T {
    (f(x + h) - f(x - h)) / (T::from_f64(2.0) * h)
}

/// ∇f at x by central differences, one coordinate at a time (the book's `numerical_gradient`):
/// ∂f/∂xᵢ ≈ (f(…, xᵢ + h, …) − f(…, xᵢ − h, …)) / 2h.
pub fn numerical_gradient<T: Real>(mut f: impl FnMut(&[T]) -> T, x: &[T], h: T) -> Vec<T> {
    let mut x = x.to_vec();
    let two_h = T::from_f64(2.0) * h;
    (0..x.len())
        .map(|i| {
            let tmp = x[i];
            x[i] = tmp + h;
            let fxh1 = f(&x);
            x[i] = tmp - h;
            let fxh2 = f(&x);
            // Restore exactly, so the next coordinate sees the original point.
            x[i] = tmp;
            (fxh1 - fxh2) / two_h
        })
        .collect()
}

/// ∇f of an f32 array by central differences, perturbing `x` in place and restoring every element
/// (bit-exactly) before returning. This is the network gradient check: `f` evaluates the loss at the current `x`.
/// The difference f(x+h) − f(x−h) is taken in f64 so that only the loss itself carries f32 rounding.
pub fn numerical_gradient_array<D: Dimension>(
    x: &mut Array<f32, D>,
    h: f32,
    mut f: impl FnMut(&Array<f32, D>) -> f32,
) -> Array<f32, D> {
    if x.as_slice_memory_order().is_none() {
        // A strided view: work on a contiguous copy and write it back (values are restored anyway).
        let mut c = x.as_standard_layout().into_owned();
        let g = numerical_gradient_array(&mut c, h, f);
        x.assign(&c);
        return g;
    }
    // A clone has x's memory order, so index k means the same element in both.
    let mut grad = x.clone();
    grad.fill(0.0);
    let n = x.len();
    for k in 0..n {
        let tmp = set_at(x, k, None);
        set_at(x, k, Some(tmp + h));
        let fxh1 = f(x) as f64;
        set_at(x, k, Some(tmp - h));
        let fxh2 = f(x) as f64;
        set_at(x, k, Some(tmp));
        // Divide by the step actually taken: tmp ± h is rounded to f32.
        let step = ((tmp + h) as f64) - ((tmp - h) as f64);
        let g = grad
            .as_slice_memory_order_mut()
            .expect("a clone of a contiguous array");
        g[k] = ((fxh1 - fxh2) / step) as f32;
    }
    grad
}

/// Element `k` in memory order: set it to `v` (if given) and return the old value. `x` must be contiguous.
fn set_at<D: Dimension>(x: &mut Array<f32, D>, k: usize, v: Option<f32>) -> f32 {
    let s = x.as_slice_memory_order_mut().expect("checked contiguous");
    let old = s[k];
    if let Some(v) = v {
        s[k] = v;
    }
    old
}

/// Gradient descent as in the book's `gradient_descent`: repeat `step_num` times x ← x − lr·∇f(x), with ∇f by
/// `numerical_gradient` (h = 1e-4). Returns the final x and `x_history`, the point before each step
/// (so `x_history[0]` is `init_x` and it has `step_num` entries, like the book's ch4 plot code).
pub fn gradient_descent<T: Real>(
    mut f: impl FnMut(&[T]) -> T,
    init_x: &[T],
    lr: T,
    step_num: usize,
) -> (Vec<T>, Vec<Vec<T>>) {
    let mut x = init_x.to_vec();
    let mut x_history = Vec::with_capacity(step_num);
    let h = T::from_f64(H);
    for _ in 0..step_num {
        x_history.push(x.clone());
        let grad = numerical_gradient(&mut f, &x, h);
        for (xi, gi) in x.iter_mut().zip(grad) {
            *xi = *xi - lr * gi;
        }
    }
    (x, x_history)
}
