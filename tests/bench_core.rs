//! The benchmark core (`nnlab::bench`): a Contest's losses, its refusals of bad input, the generator that the
//! page and NumPy share (reference values computed with the page's JS code), the batch order and the sgemm load.
//! Speed is not asserted here: `make bench` measures it.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::Array2;
use nnlab::activation::Activation;
use nnlab::bench::{
    batch_order, flops_per_sample, init_weights, Contest, Mulberry32, Sgemm, StepProducts,
};
use nnlab::data::mnist::Mnist;

mod common;

/// The first 1,000 bundled digits.
fn first_digits() -> Mnist {
    common::bundled().head(1000)
}

fn labels(m: &Mnist) -> Vec<u8> {
    m.labels_usize().iter().map(|&l| l as u8).collect()
}

fn contest(m: &Mnist, hidden: usize, act: Activation, std: f64) -> Contest {
    let w = init_weights(1, &[784, hidden, 10], std);
    Contest::new(m.x(true), &labels(m), hidden, act, [&w[0], &w[1]]).unwrap()
}

#[test]
fn first_loss_is_ln_10_with_tiny_weights_and_falls_with_training() {
    let m = first_digits();
    let order = batch_order(2, m.len(), 100, 60);
    for act in [Activation::Relu, Activation::Sigmoid] {
        let mut c = contest(&m, 50, act, 1e-4);
        let losses = c.run(&order, 100, 60).unwrap();
        assert_eq!(losses.len(), 60);
        assert!(
            (losses[0] - 10f32.ln()).abs() < 1e-3,
            "{act:?}: {}",
            losses[0]
        );
    }
    // The book's std 0.01: ReLU leaves the ln 10 plateau within 60 steps.
    let losses = contest(&m, 50, Activation::Relu, 0.01)
        .run(&order, 100, 60)
        .unwrap();
    let late: f32 = losses[50..].iter().sum::<f32>() / 10.0;
    assert!(late < losses[0] - 0.1, "ReLU loss after 60 steps: {late}");
}

#[test]
fn set_weights_starts_the_same_run_again() {
    let m = first_digits();
    let w = init_weights(1, &[784, 100, 10], 0.01);
    let mut c = Contest::new(
        m.x(true),
        &labels(&m),
        100,
        Activation::Relu,
        [&w[0], &w[1]],
    )
    .unwrap();
    let order = batch_order(2, m.len(), 100, 20);
    let a = c.run(&order, 100, 20).unwrap();
    c.set_weights([&w[0], &w[1]]).unwrap();
    let b = c.run(&order, 100, 20).unwrap();
    assert_eq!(a, b);
    assert_eq!(c.sizes(), [784, 100, 10]);
}

#[test]
fn bad_input_is_an_error() {
    let m = first_digits();
    let w = init_weights(1, &[784, 50, 10], 0.01);
    let x = m.x(true);
    let ok = labels(&m);
    let new = |x: Array2<f32>, l: &[u8], w1: &[f32], w2: &[f32]| {
        Contest::new(x, l, 50, Activation::Relu, [w1, w2])
    };
    assert!(
        new(x.clone(), &ok[1..], &w[0], &w[1]).is_err(),
        "label count"
    );
    let mut bad = ok.clone();
    bad[3] = 10;
    assert_eq!(
        new(x.clone(), &bad, &w[0], &w[1]).err().unwrap().key,
        "err.label_range"
    );
    assert!(new(x.clone(), &ok, &w[0][1..], &w[1]).is_err(), "short W1");
    assert!(
        new(x.clone(), &ok, &w[0], &w[0]).is_err(),
        "W2 of W1's size"
    );
    let mut nan = w[0].clone();
    nan[0] = f32::NAN;
    assert!(new(x.clone(), &ok, &nan, &w[1]).is_err(), "NaN weight");
    assert!(
        new(Array2::zeros((0, 784)), &[], &w[0], &w[1]).is_err(),
        "no data"
    );

    let mut c = new(x, &ok, &w[0], &w[1]).unwrap();
    assert!(c.run(&[0; 99], 100, 1).is_err(), "order too short");
    assert!(c.run(&[0; 100], 0, 1).is_err(), "batch 0");
    assert!(c.run(&[1000; 100], 100, 1).is_err(), "row out of range");
    assert_eq!(c.run(&[], 100, 0).unwrap(), Vec::<f32>::new());
    let huge = init_weights(1, &[784, 50, 10], 1e30);
    c.set_weights([&huge[0], &huge[1]]).unwrap();
    assert_eq!(
        c.run(&[0; 100], 100, 1).err().unwrap().key,
        "err.not_finite_loss"
    );
}

#[test]
fn the_generator_matches_the_page() {
    // Values from tests/bench/bench.mjs's mulberry32, normal and shuffle, run in node.
    let mut r = Mulberry32::new(42);
    let got: Vec<u32> = (0..4).map(|_| r.next_u32()).collect();
    assert_eq!(got, [2581720956, 1925393290, 3661312704, 2876485805]);
    let w = init_weights(1, &[2, 2], 0.01);
    // The page's Math.fround values, exact as f64.
    let want = [
        0.009659740142524242f64,
        0.011231041513383389,
        -0.0004922786029055715,
        -0.0018089150544255972,
    ];
    assert_eq!(w[0], want.map(|v| v as f32));
    let mut p: Vec<u32> = (0..10).collect();
    Mulberry32::new(2).shuffle(&mut p);
    assert_eq!(p, [0, 9, 4, 1, 6, 5, 3, 8, 2, 7]);
}

#[test]
fn batch_order_is_a_permutation_per_epoch_and_wraps() {
    let o = batch_order(2, 1000, 100, 25);
    assert_eq!(o.len(), 2500);
    for e in 0..2 {
        let mut epoch = o[e * 1000..(e + 1) * 1000].to_vec();
        epoch.sort_unstable();
        assert_eq!(epoch, (0..1000).collect::<Vec<u32>>());
    }
    assert_ne!(o[..1000], o[1000..2000]);
    // 1050 rows: 10 full batches an epoch, the last 50 dropped.
    assert_eq!(batch_order(2, 1050, 100, 11).len(), 1100);
}

#[test]
fn sgemm_computes_the_product_and_counts_2n3() {
    let mut s = Sgemm::new(8);
    assert_eq!(s.flops(), 1024.0);
    let c00 = s.run();
    let f = |i: usize, j: usize| ((i * 7 + j * 13) % 17) as f32 / 17.0 - 0.5;
    let want: f32 = (0..8).map(|k| f(0, k) * f(0, k)).sum();
    assert!((c00 - want).abs() < 1e-5, "{c00} vs {want}");
    assert_eq!(flops_per_sample(784, 100, 10), 319_600.0);
    let mut p = StepProducts::new(784, 100, 10, 100);
    assert_eq!(p.flops(), 100.0 * 319_600.0);
    assert!(p.run().is_finite());
}
