//! The micro-kernel: one MR × NR = 4 × 8 tile of A·B over k steps, acc[i][·] += A[i][p] · B[p][·], held in
//! eight four-lane accumulators.
//!
//! Sized for V8 on x86-64, which has 16 xmm registers for SIMD128 (one kept as scratch): 8 accumulators, two
//! vectors of B, one broadcast A value and one product fit without spilling (matrixmultiply's 8 × 8 tile needs
//! 16 accumulators alone, and spills). A is read where it lies, one `load32_splat` per value, so it needs no
//! packing whatever its strides (the transposed views of backprop included); B is read in place when its rows
//! are contiguous, packed otherwise (`pack.rs`).

use super::vec4::V4;

/// Rows of a tile.
pub const MR: usize = 4;
/// Columns of a tile (two vectors).
pub const NR: usize = 8;

/// The accumulators of one tile: `acc[i][h]` holds columns 4h..4h+4 of row i.
pub type Tile = [[V4; 2]; MR];

/// Σₚ A[i][p] · Bp[p][·] for p in 0..k, for the four rows that start at `rows[i]` (each stepping `a_cs`
/// between p and p+1), and the panel `b`: k rows of NR contiguous values, `b_rs` apart (NR when packed, B's
/// row stride when read in place). The products are added in
/// the order p = 0, 1, …, so every entry is the same sum whatever tile it falls in.
///
/// Safety: every `rows[i] + p·a_cs` and `b + p·b_rs .. + NR` for p < k must be readable.
#[inline(always)]
pub unsafe fn tile(
    k: usize,
    rows: [*const f32; MR],
    a_cs: isize,
    mut b: *const f32,
    b_rs: isize,
) -> Tile {
    let [mut r0, mut r1, mut r2, mut r3] = rows;
    let z = V4::zero();
    let (mut c00, mut c01, mut c10, mut c11) = (z, z, z, z);
    let (mut c20, mut c21, mut c30, mut c31) = (z, z, z, z);
    for _ in 0..k {
        let b0 = V4::load(b);
        let b1 = V4::load(b.add(4));
        let x = V4::load_splat(r0);
        c00 = V4::madd(x, b0, c00);
        c01 = V4::madd(x, b1, c01);
        let x = V4::load_splat(r1);
        c10 = V4::madd(x, b0, c10);
        c11 = V4::madd(x, b1, c11);
        let x = V4::load_splat(r2);
        c20 = V4::madd(x, b0, c20);
        c21 = V4::madd(x, b1, c21);
        let x = V4::load_splat(r3);
        c30 = V4::madd(x, b0, c30);
        c31 = V4::madd(x, b1, c31);
        r0 = r0.offset(a_cs);
        r1 = r1.offset(a_cs);
        r2 = r2.offset(a_cs);
        r3 = r3.offset(a_cs);
        b = b.offset(b_rs);
    }
    [[c00, c01], [c10, c11], [c20, c21], [c30, c31]]
}
