//! Loss functions: SSE E = ½Σₖ(yₖ − tₖ)², MSE (1/n)Σₖ(yₖ − tₖ)², CEE E = −Σₖ tₖ log(yₖ + δ) with δ = 1e-7,
//! and binary CEE E = −Σₖ [tₖ log(yₖ + δ) + (1 − tₖ) log(1 − yₖ + δ)].
//!
//! The slice versions take one sample (the book's 1-D examples). The `_batch` versions take a mini-batch, one
//! sample per row, and average over the N rows: E = −(1/N) Σₙ Σₖ tₙₖ log(yₙₖ + δ). Sums run in f64.
//! The `_grad` functions give ∂E/∂y of the batch losses (what the fused output layers simplify).
//! Lengths and shapes of `y` and `t` must agree (a programming error otherwise: these panic);
//! `Net` checks user data before it gets here.

use ndarray::{Array2, ArrayView2, Axis};

use crate::{Error, Result};

/// δ added inside the log so that log(0) = −∞ never happens (the notes' `delta = 1e-7`).
pub const CEE_DELTA: f32 = 1e-7;

fn same_len(y: &[f32], t: &[f32]) {
    assert_eq!(y.len(), t.len(), "y and t must have the same length");
}

fn same_shape(y: &ArrayView2<f32>, t: &ArrayView2<f32>) {
    assert_eq!(y.shape(), t.shape(), "y and t must have the same shape");
}

/// Sum of squares for error: ½Σₖ(yₖ − tₖ)².
pub fn sse(y: &[f32], t: &[f32]) -> f32 {
    same_len(y, t);
    let s: f64 = y
        .iter()
        .zip(t)
        .map(|(&y, &t)| ((y - t) as f64).powi(2))
        .sum();
    (0.5 * s) as f32
}

/// Mean squared error: (1/n)Σₖ(yₖ − tₖ)².
pub fn mse(y: &[f32], t: &[f32]) -> f32 {
    same_len(y, t);
    if y.is_empty() {
        return 0.0;
    }
    let s: f64 = y
        .iter()
        .zip(t)
        .map(|(&y, &t)| ((y - t) as f64).powi(2))
        .sum();
    (s / y.len() as f64) as f32
}

/// Cross entropy error: −Σₖ tₖ log(yₖ + δ).
pub fn cross_entropy(y: &[f32], t: &[f32]) -> f32 {
    same_len(y, t);
    let s: f64 = y
        .iter()
        .zip(t)
        .map(|(&y, &t)| t as f64 * ((y + CEE_DELTA) as f64).ln())
        .sum();
    (-s) as f32
}

/// Binary cross entropy for sigmoid outputs: −Σₖ [tₖ log(yₖ + δ) + (1 − tₖ) log(1 − yₖ + δ)].
pub fn binary_cross_entropy(y: &[f32], t: &[f32]) -> f32 {
    same_len(y, t);
    (-y.iter().zip(t).map(|(&y, &t)| bce_term(y, t)).sum::<f64>()) as f32
}

fn bce_term(y: f32, t: f32) -> f64 {
    let (y, t) = (y as f64, t as f64);
    let d = CEE_DELTA as f64;
    t * (y + d).ln() + (1.0 - t) * (1.0 - y + d).ln()
}

fn batch_rows(y: &ArrayView2<f32>) -> f64 {
    y.nrows().max(1) as f64
}

/// SSE of a mini-batch, averaged over the rows: (1/N) Σₙ ½Σₖ(yₙₖ − tₙₖ)².
pub fn sse_batch(y: ArrayView2<f32>, t: ArrayView2<f32>) -> f32 {
    same_shape(&y, &t);
    let s: f64 = y
        .iter()
        .zip(t.iter())
        .map(|(&y, &t)| ((y - t) as f64).powi(2))
        .sum();
    (0.5 * s / batch_rows(&y)) as f32
}

/// MSE of a mini-batch: the mean of (yₙₖ − tₙₖ)² over all N·K elements.
pub fn mse_batch(y: ArrayView2<f32>, t: ArrayView2<f32>) -> f32 {
    same_shape(&y, &t);
    if y.is_empty() {
        return 0.0;
    }
    let s: f64 = y
        .iter()
        .zip(t.iter())
        .map(|(&y, &t)| ((y - t) as f64).powi(2))
        .sum();
    (s / y.len() as f64) as f32
}

/// CEE of a mini-batch with one-hot `t`: −(1/N) Σₙ Σₖ tₙₖ log(yₙₖ + δ).
pub fn cross_entropy_batch(y: ArrayView2<f32>, t: ArrayView2<f32>) -> f32 {
    same_shape(&y, &t);
    // Terms with t = 0 add nothing (a NaN in y still shows: softmax spreads it over the whole row, and t = 1
    // somewhere in it); skipping them saves nine of every ten logarithms for one-hot targets.
    let s: f64 = y
        .iter()
        .zip(t.iter())
        .filter(|(_, &t)| t != 0.0)
        .map(|(&y, &t)| t as f64 * ((y + CEE_DELTA) as f64).ln())
        .sum();
    (-s / batch_rows(&y)) as f32
}

/// CEE of a mini-batch with label indices: −(1/N) Σₙ log(yₙ,labelₙ + δ) (the book's `t.size == y.size` else-branch).
pub fn cross_entropy_labels(y: ArrayView2<f32>, labels: &[usize]) -> Result<f32> {
    ensure_labels(labels, y.nrows(), y.ncols())?;
    let s: f64 = labels
        .iter()
        .enumerate()
        .map(|(n, &k)| ((y[[n, k]] + CEE_DELTA) as f64).ln())
        .sum();
    Ok((-s / batch_rows(&y)) as f32)
}

/// Binary CEE of a mini-batch, averaged over the rows.
pub fn binary_cross_entropy_batch(y: ArrayView2<f32>, t: ArrayView2<f32>) -> f32 {
    same_shape(&y, &t);
    let s: f64 = y.iter().zip(t.iter()).map(|(&y, &t)| bce_term(y, t)).sum();
    (-s / batch_rows(&y)) as f32
}

/// ∂E/∂y of `sse_batch`: (y − t)/N.
pub fn sse_batch_grad(y: ArrayView2<f32>, t: ArrayView2<f32>) -> Array2<f32> {
    same_shape(&y, &t);
    (&y - &t) / batch_rows(&y) as f32
}

/// ∂E/∂y of `mse_batch`: 2(y − t)/(N·K).
pub fn mse_batch_grad(y: ArrayView2<f32>, t: ArrayView2<f32>) -> Array2<f32> {
    same_shape(&y, &t);
    (&y - &t) * (2.0 / y.len().max(1) as f32)
}

/// ∂E/∂y of `cross_entropy_batch`: −t/((y + δ)·N).
pub fn cross_entropy_batch_grad(y: ArrayView2<f32>, t: ArrayView2<f32>) -> Array2<f32> {
    same_shape(&y, &t);
    let n = batch_rows(&y) as f32;
    ndarray::Zip::from(&y)
        .and(&t)
        .map_collect(|&y, &t| -t / ((y + CEE_DELTA) * n))
}

/// ∂E/∂y of `binary_cross_entropy_batch`: −(t/(y + δ) − (1 − t)/(1 − y + δ))/N.
pub fn binary_cross_entropy_batch_grad(y: ArrayView2<f32>, t: ArrayView2<f32>) -> Array2<f32> {
    same_shape(&y, &t);
    let n = batch_rows(&y) as f32;
    ndarray::Zip::from(&y)
        .and(&t)
        .map_collect(|&y, &t| -(t / (y + CEE_DELTA) - (1.0 - t) / (1.0 - y + CEE_DELTA)) / n)
}

fn ensure_labels(labels: &[usize], rows: usize, classes: usize) -> Result<()> {
    crate::error::ensure(
        labels.len() == rows,
        "err.shape",
        [
            "labels",
            &labels.len().to_string(),
            "y",
            &format!("{rows}×{classes}"),
        ],
    )?;
    match labels.iter().find(|&&k| k >= classes) {
        Some(&k) => Err(Error::new("err.label_range", [k, classes - 1])),
        None => Ok(()),
    }
}

/// Label indices → one-hot rows: label k of `classes` becomes a row with 1 at column k.
pub fn one_hot(labels: &[usize], classes: usize) -> Result<Array2<f32>> {
    crate::error::ensure(classes > 0, "err.min", ["classes", "1", "0"])?;
    ensure_labels(labels, labels.len(), classes)?;
    let mut t = Array2::zeros((labels.len(), classes));
    for (n, &k) in labels.iter().enumerate() {
        t[[n, k]] = 1.0;
    }
    Ok(t)
}

/// The column of the largest value in each row (`np.argmax(y, axis=1)`); the first one on ties.
pub fn argmax_rows(y: ArrayView2<f32>) -> Vec<usize> {
    y.axis_iter(Axis(0))
        .map(|row| {
            let mut best = 0;
            for (k, &v) in row.iter().enumerate() {
                if v > row[best] {
                    best = k;
                }
            }
            best
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn batch_means_equal_the_mean_of_single_losses() {
        let y = array![[0.1f32, 0.7, 0.2], [0.5, 0.25, 0.25]];
        let t = array![[0.0f32, 1.0, 0.0], [0.0, 0.0, 1.0]];
        let rows: Vec<(Vec<f32>, Vec<f32>)> = (0..2)
            .map(|n| (y.row(n).to_vec(), t.row(n).to_vec()))
            .collect();
        let mean =
            |f: fn(&[f32], &[f32]) -> f32| rows.iter().map(|(y, t)| f(y, t)).sum::<f32>() / 2.0;
        assert!((cross_entropy_batch(y.view(), t.view()) - mean(cross_entropy)).abs() < 1e-6);
        assert!((sse_batch(y.view(), t.view()) - mean(sse)).abs() < 1e-6);
        assert!(
            (binary_cross_entropy_batch(y.view(), t.view()) - mean(binary_cross_entropy)).abs()
                < 1e-6
        );
        let by_label = cross_entropy_labels(y.view(), &[1, 2]).unwrap();
        assert!((by_label - cross_entropy_batch(y.view(), t.view())).abs() < 1e-6);
        assert!((mse_batch(y.view(), t.view()) - mean(mse)).abs() < 1e-6);
    }

    #[test]
    fn one_hot_and_label_errors() {
        let t = one_hot(&[2, 0], 3).unwrap();
        assert_eq!(t, array![[0.0f32, 0.0, 1.0], [1.0, 0.0, 0.0]]);
        assert_eq!(argmax_rows(t.view()), vec![2, 0]);
        assert_eq!(one_hot(&[3], 3).unwrap_err().key, "err.label_range");
        let y = array![[0.5f32, 0.5]];
        assert_eq!(
            cross_entropy_labels(y.view(), &[0, 1]).unwrap_err().key,
            "err.shape"
        );
    }

    #[test]
    fn cee_never_gives_infinity_thanks_to_delta() {
        let e = cross_entropy(&[0.0, 1.0], &[1.0, 0.0]);
        assert!(e.is_finite() && (e - 16.118).abs() < 1e-2, "{e}");
        assert!(binary_cross_entropy(&[1.0], &[0.0]).is_finite());
    }
}
