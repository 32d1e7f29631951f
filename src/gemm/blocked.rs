//! The blocked matrix product C ← α·A·B + β·C built on the 4 × 8 micro-kernel (`kernel.rs`): B read in place
//! or packed once into panels (`pack.rs`), the k dimension cut into blocks of KC so that one block of the packed B stays in
//! the L2 cache while every row block of A passes over it, and A read in place.
//!
//! Loop order: for each k block, for each 4-row block of A (its 4·KC values stay in L1), for each panel of B:
//! one tile. A ragged last row block repeats its last real row (computed, never stored); a ragged last panel
//! is zero-padded. The first k block writes α·AB + β·C, the later ones add α·AB to it: the same operations
//! in the same order for the same shapes, so the result is the same bits on every run of a build.

use std::cell::RefCell;

use ndarray::{ArrayView2, ArrayViewMut2};

use super::kernel::{tile, Tile, MR, NR};
use super::pack::{first_packed, pack_b, panels};
use super::vec4::V4;

/// k values per block: 256 rows of a 104-column packed B are 106 KB.
pub const KC: usize = 256;

thread_local! {
    /// The packed B, reused between calls (a training step calls this thousands of times).
    static PACKED: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// C ← α·A·B + β·C for f32 views of any strides (the contract of ndarray's `general_mat_mul`: β = 0 means C is
/// only written, never read, so a NaN in it does not survive). Panics when the shapes do not chain.
pub fn gemm_blocked(
    alpha: f32,
    a: &ArrayView2<f32>,
    b: &ArrayView2<f32>,
    beta: f32,
    c: &mut ArrayViewMut2<f32>,
) {
    let ((m, k), (k2, n)) = (a.dim(), b.dim());
    assert!(
        k == k2 && c.dim() == (m, n),
        "gemm: {m}×{k} · {k2}×{n} does not give {:?}",
        c.dim()
    );
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        scale(beta, c);
        return;
    }
    if transpose_pays(m, k, n) {
        // Cᵀ = Bᵀ·Aᵀ: the same products on views, with less of the tiles wasted on padding.
        return gemm_blocked(
            alpha,
            &b.t(),
            &a.t(),
            beta,
            &mut c.view_mut().reversed_axes(),
        );
    }
    PACKED.with(|cell| {
        let mut packed = cell.borrow_mut();
        pack_b(b, &mut packed);
        // SAFETY: the shapes were checked above, and `packed` holds panels(n)·k·NR values.
        unsafe { blocks(alpha, a, b, &packed, beta, c) };
    });
}

/// Whether computing Cᵀ = Bᵀ·Aᵀ wastes clearly less of the 4 × 8 tiles on padding, for a long k where the
/// strided stores of Cᵀ cost nothing next to the sums (the CNN's dW = doutᵀ·col: 30 × 57,600 · 57,600 × 25
/// fills 73% of its tiles, its transpose 84%).
fn transpose_pays(m: usize, k: usize, n: usize) -> bool {
    let padded = |rows: usize, cols: usize| rows.div_ceil(MR) * MR * cols.div_ceil(NR) * NR;
    k >= 8 * m.max(n) && 10 * padded(n, m) < 9 * padded(m, n)
}

/// C ← β·C (the k = 0 product), C ← 0 when β = 0.
fn scale(beta: f32, c: &mut ArrayViewMut2<f32>) {
    if beta == 0.0 {
        c.fill(0.0);
    } else {
        c.map_inplace(|v| *v *= beta);
    }
}

/// The loops over k blocks, row blocks and panels. Safety: `a` is m × k, `b` k × n, `c` m × n, `packed` =
/// pack_b(b).
unsafe fn blocks(
    alpha: f32,
    a: &ArrayView2<f32>,
    b: &ArrayView2<f32>,
    packed: &[f32],
    beta: f32,
    c: &mut ArrayViewMut2<f32>,
) {
    let (m, n) = c.dim();
    let k = a.ncols();
    let first = first_packed(b);
    let b_rs = b.strides()[0];
    let (a_rs, a_cs) = (a.strides()[0], a.strides()[1]);
    let (c_rs, c_cs) = (c.strides()[0], c.strides()[1]);
    let (ap, cp) = (a.as_ptr(), c.as_mut_ptr());
    let mut k0 = 0;
    while k0 < k {
        let kc = KC.min(k - k0);
        let beta_here = if k0 == 0 { beta } else { 1.0 };
        let mut i0 = 0;
        while i0 < m {
            let mr = MR.min(m - i0);
            // Rows past the end repeat the last real row: read, computed, never stored.
            let rows: [*const f32; MR] = core::array::from_fn(|i| {
                ap.offset((i0 + i.min(mr - 1)) as isize * a_rs + k0 as isize * a_cs)
            });
            for j in 0..panels(n) {
                let acc = if j < first {
                    let panel = b.as_ptr().offset(k0 as isize * b_rs + (j * NR) as isize);
                    tile(kc, rows, a_cs, panel, b_rs)
                } else {
                    let panel = packed.as_ptr().add((j - first) * k * NR + k0 * NR);
                    tile(kc, rows, a_cs, panel, NR as isize)
                };
                let nr = NR.min(n - j * NR);
                let corner = cp.offset(i0 as isize * c_rs + (j * NR) as isize * c_cs);
                store(&acc, alpha, beta_here, corner, c_rs, c_cs, mr, nr);
            }
            i0 += MR;
        }
        k0 += kc;
    }
}

/// C[i][j] ← α·acc[i][j] + β·C[i][j] for the mr × nr valid part of a tile (C not read when β = 0). Groups of
/// four columns of a row-major C go by vectors, the ragged rest by scalars: the same two roundings either way.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn store(
    acc: &Tile,
    alpha: f32,
    beta: f32,
    corner: *mut f32,
    c_rs: isize,
    c_cs: isize,
    mr: usize,
    nr: usize,
) {
    let (av, bv) = (V4::splat(alpha), V4::splat(beta));
    let vectors = if c_cs == 1 { nr / 4 } else { 0 };
    for (i, row) in acc.iter().enumerate().take(mr) {
        let dst = corner.offset(i as isize * c_rs);
        for (h, v) in row.iter().enumerate() {
            let out = v.mul(av);
            if h < vectors {
                let d = dst.add(4 * h);
                let out = if beta != 0.0 {
                    out.add(V4::load(d).mul(bv))
                } else {
                    out
                };
                out.store(d);
            } else if 4 * h < nr {
                let mut vals = [0.0f32; 4];
                out.store(vals.as_mut_ptr());
                for (j, &v) in vals.iter().enumerate().take(nr - 4 * h) {
                    let d = dst.offset((4 * h + j) as isize * c_cs);
                    *d = if beta != 0.0 { v + *d * beta } else { v };
                }
            }
        }
    }
}
