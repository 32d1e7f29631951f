//! Slice kernels of the training step that are not matrix products: y ← y + a·x (the SGD update
//! W ← W − lr·∂L/∂W), "is every value finite", and ReLU forward/backward (out = max(0, x); dx = dout where
//! out > 0).
//!
//! In the browser build they use WebAssembly SIMD128 (four f32 lanes) explicitly, because that build is
//! optimized for size (`opt-level = "z"`, see Cargo.toml), which turns off LLVM's loop vectorizer; natively the
//! plain loops are vectorized by the compiler. Both paths compute the same values (tested natively; the wasm
//! path is covered by the browser tests and every gradient check there).

/// y ← y + a·x over the common length.
pub fn axpy(a: f32, x: &[f32], y: &mut [f32]) {
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &mut y[..n]);
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = wasm::axpy(a, x, y);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    for (y, &x) in y[done..].iter_mut().zip(&x[done..]) {
        *y += a * x;
    }
}

/// Whether no value is NaN or ±∞. (0·v is ±0 for every finite v and NaN otherwise, so the sum of those
/// products is 0 exactly when all are finite; eight partial sums let the compiler vectorize it.)
pub fn all_finite(x: &[f32]) -> bool {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let (ok, done) = wasm::all_finite(x);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let (ok, done) = (true, 0);
    let mut acc = [0.0f32; 8];
    let rest = &x[done..];
    let mut chunks = rest.chunks_exact(8);
    for c in &mut chunks {
        for (a, &v) in acc.iter_mut().zip(c) {
            *a += v * 0.0;
        }
    }
    let tail: f32 = chunks.remainder().iter().map(|&v| v * 0.0).sum();
    ok && acc.iter().sum::<f32>() + tail == 0.0
}

/// out = max(0, x) elementwise (0 where x ≤ 0; NaN stays NaN).
pub fn relu(x: &[f32], out: &mut [f32]) {
    let n = x.len().min(out.len());
    let (x, out) = (&x[..n], &mut out[..n]);
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = wasm::relu(x, out);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    for (o, &v) in out[done..].iter_mut().zip(&x[done..]) {
        *o = if v <= 0.0 { 0.0 } else { v };
    }
}

/// dx = dout where out > 0 (more exactly: where out ≤ 0 is false), 0 elsewhere: ReLU's backward from its output.
pub fn relu_backward(out: &[f32], dout: &[f32], dx: &mut [f32]) {
    let n = out.len().min(dout.len()).min(dx.len());
    let (out, dout, dx) = (&out[..n], &dout[..n], &mut dx[..n]);
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = wasm::relu_backward(out, dout, dx);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    for ((d, &g), &o) in dx[done..].iter_mut().zip(&dout[done..]).zip(&out[done..]) {
        *d = if o <= 0.0 { 0.0 } else { g };
    }
}

/// The SIMD128 bodies: each handles the longest multiple of four and returns how many values it did.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm {
    use core::arch::wasm32::*;

    // SAFETY (all loads and stores below): each pointer comes from a `chunks_exact(4)` chunk of a live slice,
    // so it addresses four valid f32s; WebAssembly's v128 loads and stores need no alignment.
    fn load(c: &[f32]) -> v128 {
        unsafe { v128_load(c.as_ptr() as *const v128) }
    }

    fn store(c: &mut [f32], v: v128) {
        unsafe { v128_store(c.as_mut_ptr() as *mut v128, v) }
    }

    pub fn axpy(a: f32, x: &[f32], y: &mut [f32]) -> usize {
        let av = f32x4_splat(a);
        for (yc, xc) in y.chunks_exact_mut(4).zip(x.chunks_exact(4)) {
            let v = f32x4_add(load(yc), f32x4_mul(av, load(xc)));
            store(yc, v);
        }
        x.len() / 4 * 4
    }

    pub fn all_finite(x: &[f32]) -> (bool, usize) {
        let zero = f32x4_splat(0.0);
        let mut acc = zero;
        for c in x.chunks_exact(4) {
            let v = load(c);
            acc = f32x4_add(acc, f32x4_mul(v, zero));
        }
        // All lanes are 0 exactly when every value was finite.
        let ok = f32x4_extract_lane::<0>(acc) == 0.0
            && f32x4_extract_lane::<1>(acc) == 0.0
            && f32x4_extract_lane::<2>(acc) == 0.0
            && f32x4_extract_lane::<3>(acc) == 0.0;
        (ok, x.len() / 4 * 4)
    }

    pub fn relu(x: &[f32], out: &mut [f32]) -> usize {
        let zero = f32x4_splat(0.0);
        for (oc, xc) in out.chunks_exact_mut(4).zip(x.chunks_exact(4)) {
            let v = load(xc);
            // Keep v where v ≤ 0 is false (so NaN passes, as in the scalar loop), else 0.
            store(oc, v128_andnot(v, f32x4_le(v, zero)));
        }
        x.len() / 4 * 4
    }

    pub fn relu_backward(out: &[f32], dout: &[f32], dx: &mut [f32]) -> usize {
        let zero = f32x4_splat(0.0);
        for ((dc, gc), oc) in dx
            .chunks_exact_mut(4)
            .zip(dout.chunks_exact(4))
            .zip(out.chunks_exact(4))
        {
            store(dc, v128_andnot(load(gc), f32x4_le(load(oc), zero)));
        }
        out.len() / 4 * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axpy_adds_a_times_x_over_the_common_length() {
        let x: Vec<f32> = (0..11).map(|i| i as f32).collect();
        let mut y = vec![1.0f32; 11];
        axpy(-0.5, &x, &mut y);
        for (i, v) in y.iter().enumerate() {
            assert_eq!(*v, 1.0 - 0.5 * i as f32);
        }
    }

    #[test]
    fn all_finite_finds_one_nan_or_infinity_anywhere() {
        let mut x = vec![1.5f32; 37];
        assert!(all_finite(&x));
        assert!(all_finite(&[]));
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            for at in [0, 5, 32, 36] {
                x[at] = bad;
                assert!(!all_finite(&x), "{bad} at {at}");
                x[at] = -2.0;
            }
        }
        assert!(all_finite(&[f32::MAX, f32::MIN, 0.0, -0.0]));
    }

    #[test]
    fn relu_and_its_backward_follow_the_books_mask() {
        let x = [-1.0f32, 0.0, -0.0, 2.0, 3.5, f32::NAN, -7.0];
        let mut out = [9.0f32; 7];
        relu(&x, &mut out);
        assert_eq!(&out[..5], &[0.0, 0.0, 0.0, 2.0, 3.5]);
        assert!(out[5].is_nan());
        assert_eq!(out[6], 0.0);
        let dout = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
        let mut dx = [9.0f32; 7];
        relu_backward(&out, &dout, &mut dx);
        assert_eq!(dx, [0.0, 0.0, 0.0, 4.0, 5.0, 6.0, 0.0]);
    }
}
