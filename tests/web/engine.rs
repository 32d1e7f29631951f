//! The engine's SIMD128 paths (src/simd.rs), which only the wasm build compiles: they must agree with the
//! scalar definitions, and a training step through them must still match backprop's gradient check.

use ndarray::Array2;
use nnlab::net::NetConfig;
use nnlab::simd;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn simd_kernels_match_their_scalar_definitions() {
    let x: Vec<f32> = (0..23).map(|i| (i as f32 - 11.0) * 0.37).collect();
    let mut y: Vec<f32> = (0..23).map(|i| i as f32).collect();
    let y0 = y.clone();
    simd::axpy(-0.1, &x, &mut y);
    for i in 0..23 {
        assert_eq!(y[i], y0[i] + -0.1 * x[i], "axpy at {i}");
    }
    let mut out = vec![5.0f32; 23];
    simd::relu(&x, &mut out);
    for i in 0..23 {
        assert_eq!(out[i], if x[i] <= 0.0 { 0.0 } else { x[i] }, "relu at {i}");
    }
    let mut dx = vec![5.0f32; 23];
    simd::relu_backward(&out, &y, &mut dx);
    for i in 0..23 {
        assert_eq!(
            dx[i],
            if out[i] <= 0.0 { 0.0 } else { y[i] },
            "relu' at {i}"
        );
    }
    let mut v = vec![1.0f32; 23];
    assert!(simd::all_finite(&v));
    for at in [0, 3, 4, 19, 22] {
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            v[at] = bad;
            assert!(!simd::all_finite(&v), "{bad} at {at}");
        }
        v[at] = 2.0;
    }
}

#[wasm_bindgen_test]
fn backprop_through_the_simd_paths_matches_numerical_gradients() {
    let mut net = NetConfig {
        input: 6,
        hidden: vec![7, 5],
        output: 3,
        seed: 3,
        init: nnlab::init::Init::Std(0.5),
        ..NetConfig::default()
    }
    .build()
    .unwrap();
    let x = Array2::from_shape_fn((4, 6), |(i, j)| ((i * 6 + j) as f32 * 0.7).sin());
    let t = Array2::from_shape_fn((4, 3), |(i, j)| if i % 3 == j { 1.0 } else { 0.0 });
    let bp = net.gradient(&x, &t).unwrap();
    let num = net.numerical_gradient(&x, &t).unwrap();
    let e = bp.relative_error(&num);
    assert!(e < 1e-2, "relative error {e}");
}
