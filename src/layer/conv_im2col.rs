//! im2col and col2im (the book's `common/util.py`): unroll every FH × FW patch of a padded N × C × H × W batch
//! into one row, so that convolution becomes one matrix product, and fold rows back (summing overlaps).
//!
//! col has N·OH·OW rows, ordered (n, oy, ox), and C·FH·FW columns, ordered (c, fy, fx):
//! col[(n·OH + oy)·OW + ox, (c·FH + fy)·FW + fx] = x[n, c, oy·S + fy − P, ox·S + fx − P] (0 in the padding).
//! A batch is an N × (C·H·W) matrix, each row one sample in C, H, W order (NumPy's C order of x.reshape(N, -1)).

use ndarray::{Array2, ArrayView2};

use super::conv_shape::ConvShape;
use super::reuse;
use crate::error::ensure;
use crate::Result;

/// The input row (iy) or column (ix) a filter offset reads for output position `o`, or None in the padding.
#[inline]
fn source(o: usize, f: usize, s: &ConvShape, size: usize) -> Option<usize> {
    (o * s.stride + f).checked_sub(s.pad).filter(|&i| i < size)
}

fn check_batch(x: &ArrayView2<f32>, s: &ConvShape) -> Result<()> {
    ensure(
        x.ncols() == s.in_len(),
        "err.shape",
        [
            "x".to_string(),
            format!("N×{}", x.ncols()),
            "C×H×W".into(),
            format!("{}×{}×{} = {}", s.c, s.h, s.w, s.in_len()),
        ],
    )
}

/// The book's `im2col(input_data, FH, FW, stride, pad)` for a batch x (N × C·H·W).
pub fn im2col(x: ArrayView2<f32>, s: &ConvShape) -> Result<Array2<f32>> {
    check_batch(&x, s)?;
    let mut col = Array2::zeros((0, 0));
    im2col_into(x, s, &mut col);
    Ok(col)
}

/// The book's `col2im(col, input_shape, FH, FW, stride, pad)`: each col entry is added back to the input cell it
/// came from (cells under several patches get the sum), and the padding is dropped. Returns N × C·H·W.
pub fn col2im(col: ArrayView2<f32>, n: usize, s: &ConvShape) -> Result<Array2<f32>> {
    let want = (n * s.positions(), s.patch_len());
    ensure(
        col.dim() == want,
        "err.shape",
        [
            "col".to_string(),
            format!("{}×{}", col.nrows(), col.ncols()),
            "N·OH·OW × C·FH·FW".into(),
            format!("{}×{}", want.0, want.1),
        ],
    )?;
    let mut x = Array2::zeros((0, 0));
    col2im_into(col, n, s, &mut x);
    Ok(x)
}

/// `im2col` into a buffer kept between batches (reallocated only when the shape changes). Trusts x's width.
pub(crate) fn im2col_into(x: ArrayView2<f32>, s: &ConvShape, col: &mut Array2<f32>) {
    let n = x.nrows();
    let col = reuse(col, (n * s.positions(), s.patch_len()));
    let (fh, fw, ow) = (s.fh, s.fw, s.ow);
    let plane = s.h * s.w;
    let std = x.as_standard_layout();
    let x = std.as_slice().expect("standard layout");
    let dst = col.as_slice_mut().expect("col is built contiguous");
    for (r, row) in dst.chunks_exact_mut(s.patch_len()).enumerate() {
        let (img, p) = (r / s.positions(), r % s.positions());
        let (oy, ox) = (p / ow, p % ow);
        let sample = &x[img * s.in_len()..(img + 1) * s.in_len()];
        for (c, chan) in row.chunks_exact_mut(fh * fw).enumerate() {
            let src = &sample[c * plane..(c + 1) * plane];
            for (fy, out) in chan.chunks_exact_mut(fw).enumerate() {
                match source(oy, fy, s, s.h) {
                    None => out.fill(0.0),
                    Some(iy) => {
                        let line = &src[iy * s.w..(iy + 1) * s.w];
                        for (fx, o) in out.iter_mut().enumerate() {
                            *o = source(ox, fx, s, s.w).map_or(0.0, |ix| line[ix]);
                        }
                    }
                }
            }
        }
    }
}

/// `col2im` into a buffer kept between batches (N × C·H·W). Trusts col's shape.
pub(crate) fn col2im_into(col: ArrayView2<f32>, n: usize, s: &ConvShape, x: &mut Array2<f32>) {
    let x = reuse(x, (n, s.in_len()));
    x.fill(0.0);
    let (fh, fw, ow) = (s.fh, s.fw, s.ow);
    let plane = s.h * s.w;
    let std = col.as_standard_layout();
    let src = std.as_slice().expect("standard layout");
    let dst = x.as_slice_mut().expect("x is built contiguous");
    for (r, row) in src.chunks_exact(s.patch_len()).enumerate() {
        let (img, p) = (r / s.positions(), r % s.positions());
        let (oy, ox) = (p / ow, p % ow);
        let sample = &mut dst[img * s.in_len()..(img + 1) * s.in_len()];
        for (c, chan) in row.chunks_exact(fh * fw).enumerate() {
            let out = &mut sample[c * plane..(c + 1) * plane];
            for (fy, vals) in chan.chunks_exact(fw).enumerate() {
                let Some(iy) = source(oy, fy, s, s.h) else {
                    continue;
                };
                for (fx, &v) in vals.iter().enumerate() {
                    if let Some(ix) = source(ox, fx, s, s.w) {
                        out[iy * s.w + ix] += v;
                    }
                }
            }
        }
    }
}
