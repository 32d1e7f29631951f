//! Packing B (k × n, any strides) into panels of NR columns, the layout the micro-kernel reads: packed panel j
//! holds B[p][j·NR + c] at `(j − first)·k·NR + p·NR + c`, zero where j·NR + c ≥ n, so every panel is k rows of
//! NR contiguous values and the kernel never sees a ragged edge.
//!
//! A row-major B (W of x·W, col of doutᵀ·col) already has NR contiguous values in each row of a full panel: those
//! panels are read in place (`in_place`), and only the ragged last one is packed. Packing costs a pass over B,
//! which for doutᵀ·col (57,600 × 25) is as much memory traffic as the product itself.

use ndarray::ArrayView2;

use super::kernel::NR;

/// Panels of NR columns needed for `n` columns.
pub fn panels(n: usize) -> usize {
    n.div_ceil(NR)
}

/// Row stride (in values) up to which a row-major B is read in place. Wider rows put each panel row on its own
/// cache line, and strides of a power of two (256³) make those lines fight for the same L1 sets: measured in
/// Chromium, 256 × 256 in place ran at half the speed of packed, 57,600 × 25 faster in place.
const IN_PLACE_MAX_STRIDE: isize = 64;

/// The first panel that must be packed: the full panels of a narrow row-major B are read in place.
pub fn first_packed(b: &ArrayView2<f32>) -> usize {
    let (rs, cs) = (b.strides()[0], b.strides()[1]);
    if (cs == 1 || b.ncols() == 1) && (0..=IN_PLACE_MAX_STRIDE).contains(&rs) {
        b.ncols() / NR
    } else {
        0
    }
}

/// Packs panels `first_packed(b)..` of `b` into `out` (resized; its earlier contents are overwritten).
pub fn pack_b(b: &ArrayView2<f32>, out: &mut Vec<f32>) {
    let (k, n) = b.dim();
    let first = first_packed(b);
    let len = (panels(n) - first) * k * NR;
    out.clear();
    out.resize(len, 0.0);
    let (rs, cs) = (b.strides()[0], b.strides()[1]);
    let src = b.as_ptr();
    for (j, panel) in (first..panels(n)).zip(out.chunks_exact_mut((k * NR).max(1))) {
        let c0 = j * NR;
        let width = NR.min(n - c0);
        if cs == 1 {
            for (p, dst) in panel.chunks_exact_mut(NR).enumerate() {
                // SAFETY: p < k and c0 + width ≤ n index elements of `b`.
                let row = unsafe { src.offset(p as isize * rs + c0 as isize) };
                for (c, d) in dst[..width].iter_mut().enumerate() {
                    *d = unsafe { *row.add(c) };
                }
            }
        } else {
            // Column after column (Wᵀ of δ·Wᵀ walks W's rows contiguously this way).
            for c in 0..width {
                // SAFETY: as above.
                let col = unsafe { src.offset((c0 + c) as isize * cs) };
                for p in 0..k {
                    panel[p * NR + c] = unsafe { *col.offset(p as isize * rs) };
                }
            }
        }
    }
}
