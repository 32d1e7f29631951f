//! Our product against a naive f64 reference on many shapes (1 × 1, odd sizes, k = 0, more than one k block),
//! every layout of A, B and C (row-major, transposed, sliced with a step, negative strides), and α/β choices.

use ndarray::{s, Array2, ArrayView2, ArrayViewMut2, ShapeBuilder};

use super::blocked::KC;
use super::{gemm, gemm_blocked};

/// Deterministic values in [−1, 1) (a small LCG): no two shapes share a pattern.
fn values(len: usize, seed: u64) -> Vec<f32> {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        })
        .collect()
}

/// α·A·B + β·C in f64, and Σ|α·a·b| + |β·c| per entry (the scale of the rounding error).
fn reference(
    alpha: f32,
    a: &ArrayView2<f32>,
    b: &ArrayView2<f32>,
    beta: f32,
    c: &Array2<f32>,
) -> (Array2<f64>, Array2<f64>) {
    let (m, k) = a.dim();
    let n = b.ncols();
    let mut out = Array2::zeros((m, n));
    let mut mag = Array2::zeros((m, n));
    for i in 0..m {
        for j in 0..n {
            let (mut sum, mut abs) = (0.0f64, 0.0f64);
            for p in 0..k {
                let t = a[[i, p]] as f64 * b[[p, j]] as f64;
                sum += t;
                abs += t.abs();
            }
            let cv = if beta == 0.0 {
                0.0
            } else {
                beta as f64 * c[[i, j]] as f64
            };
            out[[i, j]] = alpha as f64 * sum + cv;
            mag[[i, j]] = (alpha as f64 * abs).abs() + cv.abs();
        }
    }
    (out, mag)
}

/// A matrix laid out one of four ways: 0 row-major, 1 column-major (a transposed view), 2 every other row
/// and column of a bigger array, 3 rows reversed (a negative stride).
fn laid_out(rows: usize, cols: usize, layout: u8, seed: u64) -> Array2<f32> {
    let v = values(4 * rows * cols + 4, seed);
    match layout {
        0 => Array2::from_shape_vec((rows, cols), v[..rows * cols].to_vec()).unwrap(),
        1 => Array2::from_shape_vec((rows, cols).f(), v[..rows * cols].to_vec()).unwrap(),
        _ => Array2::from_shape_vec((rows, cols), v[..rows * cols].to_vec()).unwrap(),
    }
}

fn check(m: usize, k: usize, n: usize, layouts: [u8; 3], alpha: f32, beta: f32) {
    let seed = (m * 1_000_003 + k * 1009 + n) as u64 + layouts[0] as u64 * 7;
    let a_own = laid_out(m, k, layouts[0], seed);
    let b_own = laid_out(k, n, layouts[1], seed + 1);
    // Layouts 2 and 3 are views of bigger or flipped storage: build them here so they borrow.
    let a_big = Array2::from_shape_vec(
        (2 * m + 1, 2 * k + 1),
        values((2 * m + 1) * (2 * k + 1), seed + 2),
    )
    .unwrap();
    let b_big = Array2::from_shape_vec(
        (2 * k + 1, 2 * n + 1),
        values((2 * k + 1) * (2 * n + 1), seed + 3),
    )
    .unwrap();
    let view =
        |own: &Array2<f32>, big: &Array2<f32>, layout: u8, r: usize, c: usize| -> Array2<f32> {
            // The values are what the reference reads; the layout is what `gemm_blocked` sees (below).
            match layout {
                2 => big.slice(s![..2 * r;2, ..2 * c;2]).to_owned(),
                3 => own.slice(s![..;-1, ..]).to_owned(),
                _ => own.clone(),
            }
        };
    let a_vals = view(&a_own, &a_big, layouts[0], m, k);
    let b_vals = view(&b_own, &b_big, layouts[1], k, n);
    let a = match layouts[0] {
        2 => a_big.slice(s![..2 * m;2, ..2 * k;2]),
        3 => a_own.slice(s![..;-1, ..]),
        _ => a_own.view(),
    };
    let b = match layouts[1] {
        2 => b_big.slice(s![..2 * k;2, ..2 * n;2]),
        3 => b_own.slice(s![..;-1, ..]),
        _ => b_own.view(),
    };
    assert_eq!(a, a_vals.view());
    assert_eq!(b, b_vals.view());
    let c0 = Array2::from_shape_vec((m, n), values(m * n, seed + 4)).unwrap();
    let (want, mag) = reference(alpha, &a, &b, beta, &c0);
    // C row-major, column-major, or every other column of a wider array.
    let mut c_store = match layouts[2] {
        1 => {
            let mut t = Array2::zeros((m, n).f());
            t.assign(&c0);
            t
        }
        2 => Array2::zeros((m, 2 * n + 1)),
        _ => c0.clone(),
    };
    if layouts[2] == 2 {
        c_store.slice_mut(s![.., ..2 * n;2]).assign(&c0);
    }
    let mut c: ArrayViewMut2<f32> = match layouts[2] {
        2 => c_store.slice_mut(s![.., ..2 * n;2]),
        _ => c_store.view_mut(),
    };
    if beta == 0.0 {
        // β = 0 must not read C: a NaN there must not come out.
        c.fill(f32::NAN);
    }
    gemm_blocked(alpha, &a, &b, beta, &mut c);
    for ((idx, &got), &w) in c.indexed_iter().zip(want.iter()) {
        let tol = 1e-6 * (k as f64 + 2.0) * mag[idx].max(1e-30);
        assert!(
            (got as f64 - w).abs() <= tol,
            "{m}×{k}·{k}×{n} layouts {layouts:?} α {alpha} β {beta} at {idx:?}: {got} vs {w}"
        );
    }
    // Columns 2j+1 of the wide C are not part of the view: untouched.
    if layouts[2] == 2 {
        assert!(c_store.slice(s![.., 1..;2]).iter().all(|&v| v == 0.0));
    }
}

#[test]
fn small_and_odd_shapes_in_every_layout_match_the_f64_reference() {
    let sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13, 17];
    for &m in &sizes {
        for &k in &[1, 2, 3, 9, 25] {
            for &n in &sizes {
                for la in 0..4 {
                    for lb in 0..4 {
                        check(m, k, n, [la, lb, (la + lb) % 3], 1.0, 0.0);
                    }
                }
            }
        }
    }
}

#[test]
fn alpha_and_beta_scale_the_product_and_the_old_c() {
    for &(alpha, beta) in &[
        (1.0, 1.0),
        (0.5, 0.0),
        (-2.0, 0.25),
        (0.0, 1.0),
        (1.0, -1.0),
        (0.0, 0.0),
    ] {
        for la in 0..4 {
            for lc in 0..3 {
                check(11, 19, 13, [la, 1, lc], alpha, beta);
                check(8, 300, 16, [la, 0, lc], alpha, beta);
            }
        }
    }
}

#[test]
fn the_training_shapes_and_more_than_one_k_block_match() {
    const { assert!(784 > 2 * KC) };
    // 784-100-10 at batch 20 (the shapes of batch 100, smaller): x·W1, xᵀ·δ, δ·W1ᵀ, and the conv's col·Wᵀ.
    check(20, 784, 100, [0, 0, 0], 1.0, 1.0);
    check(784, 20, 100, [1, 0, 0], 1.0, 0.0);
    check(20, 100, 784, [0, 1, 0], 1.0, 0.0);
    check(577, 25, 30, [0, 1, 0], 1.0, 1.0);
    check(30, 577, 25, [1, 0, 0], 1.0, 0.0);
}

#[test]
fn k_zero_scales_c_and_empty_shapes_do_nothing() {
    let a = Array2::<f32>::zeros((3, 0));
    let b = Array2::<f32>::zeros((0, 5));
    let mut c = Array2::from_elem((3, 5), 2.0f32);
    gemm_blocked(1.0, &a.view(), &b.view(), 0.5, &mut c.view_mut());
    assert!(c.iter().all(|&v| v == 1.0));
    c.fill(f32::NAN);
    gemm_blocked(1.0, &a.view(), &b.view(), 0.0, &mut c.view_mut());
    assert!(c.iter().all(|&v| v == 0.0));
    let mut empty = Array2::<f32>::zeros((0, 5));
    gemm_blocked(
        1.0,
        &Array2::zeros((0, 4)).view(),
        &Array2::zeros((4, 5)).view(),
        1.0,
        &mut empty.view_mut(),
    );
    assert_eq!(empty.dim(), (0, 5));
}

#[test]
fn the_same_inputs_give_the_same_bits_and_gemm_agrees_with_the_reference() {
    let a = laid_out(37, 300, 0, 5);
    let b = laid_out(300, 21, 1, 6);
    let run = || {
        let mut c = Array2::zeros((37, 21));
        gemm_blocked(1.0, &a.view(), &b.view(), 0.0, &mut c.view_mut());
        c
    };
    let first = run();
    assert_eq!(first.as_slice().unwrap(), run().as_slice().unwrap());
    let mut viag = Array2::zeros((37, 21));
    gemm(1.0, &a, &b, 0.0, &mut viag);
    let (want, _) = reference(1.0, &a.view(), &b.view(), 0.0, &viag);
    for (&g, &w) in viag.iter().zip(want.iter()) {
        assert!((g as f64 - w).abs() < 1e-3, "{g} vs {w}");
    }
}

#[test]
#[should_panic(expected = "does not give")]
fn shapes_that_do_not_chain_panic() {
    let mut c = Array2::<f32>::zeros((2, 2));
    gemm_blocked(
        1.0,
        &Array2::zeros((2, 3)).view(),
        &Array2::zeros((4, 2)).view(),
        0.0,
        &mut c.view_mut(),
    );
}

/// Not a test: GFLOP/s of our product (four plain f32 lanes natively) and matrixmultiply on the labs' shapes,
/// printed for the choice `gemm` makes natively. `cargo test --release --lib gemm::tests::native_speed --
/// --ignored --nocapture`. Speed is never asserted.
#[test]
#[ignore]
fn native_speed() {
    use std::time::Instant;
    let shapes = [
        ("256³", 256, 256, 256, 0, 0),
        ("x·W1 100×784·784×100", 100, 784, 100, 0, 0),
        ("xᵀ·δ 784×100·100×100", 784, 100, 100, 1, 0),
        ("δ·W1ᵀ 100×100·100×784", 100, 100, 784, 0, 1),
        ("col·Wᵀ 57600×25·25×30", 57600, 25, 30, 0, 1),
        ("doutᵀ·col 30×57600·57600×25", 30, 57600, 25, 1, 0),
        ("dprod·W 57600×30·30×25", 57600, 30, 25, 0, 0),
    ];
    for (name, m, k, n, la, lb) in shapes {
        let a = laid_out(m, k, la, 1);
        let b = laid_out(k, n, lb, 2);
        let mut c = Array2::zeros((m, n));
        let reps = (4e8 / (2.0 * (m * k * n) as f64)).ceil() as u32;
        let mut time = |ours: bool| {
            let t0 = Instant::now();
            for _ in 0..reps {
                if ours {
                    gemm_blocked(1.0, &a.view(), &b.view(), 0.0, &mut c.view_mut());
                } else {
                    ndarray::linalg::general_mat_mul(1.0, &a, &b, 0.0, &mut c);
                }
            }
            2.0 * (m * k * n) as f64 * reps as f64 / t0.elapsed().as_secs_f64() / 1e9
        };
        let (mut mm, mut ours) = (0.0f64, 0.0f64);
        for _ in 0..3 {
            mm = mm.max(time(false));
            ours = ours.max(time(true));
        }
        println!(
            "{name:30} matrixmultiply {mm:6.1}  ours {ours:6.1} GFLOP/s  ({:.2}×)",
            ours / mm
        );
    }
}
