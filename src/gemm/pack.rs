//! Packing B (k × n, any strides) into panels of NR columns, the layout the micro-kernel reads: panel j holds
//! B[p][j·NR + c] at `j·k·NR + p·NR + c`, zero where j·NR + c ≥ n, so every panel is k rows of NR contiguous
//! values and the kernel never needs a ragged edge.

use ndarray::ArrayView2;

use super::kernel::NR;

/// Panels of NR columns needed for `n` columns.
pub fn panels(n: usize) -> usize {
    n.div_ceil(NR)
}

/// Packs `b` into `out` (resized to `panels(n)·k·NR`; its earlier contents are overwritten).
pub fn pack_b(b: &ArrayView2<f32>, out: &mut Vec<f32>) {
    let (k, n) = b.dim();
    let len = panels(n) * k * NR;
    out.clear();
    out.resize(len, 0.0);
    let (rs, cs) = (b.strides()[0], b.strides()[1]);
    let src = b.as_ptr();
    for (j, panel) in out.chunks_exact_mut((k * NR).max(1)).enumerate().take(panels(n)) {
        let c0 = j * NR;
        let width = NR.min(n - c0);
        if cs == 1 {
            // Row-major B (W of x·W): NR values of a row are contiguous.
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
