//! The book's chapter 5 recipe on the bundled digits: 784-50-10 ReLU, init std 0.01, SGD lr 0.1, batch 100,
//! seeded, trained on 8,000 and tested on the other 2,000. DESIGN.md: about 0.94. Also a throughput bench
//! (ignored; run with `cargo test --release --test mnist_train -- --ignored --nocapture`).
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use nnlab::labs::mnist::analysis;
use nnlab::labs::mnist::session::{Data, Session};
use nnlab::labs::mnist::MnistLabConfig;

mod common;
use common::bundled;

/// The book's 10,000 iterations (125 epochs of 80 steps).
const ITERS: usize = 10_000;

#[test]
fn the_books_recipe_reaches_093_on_the_held_out_digits() {
    let cfg = MnistLabConfig {
        iters: ITERS,
        ..Default::default()
    };
    let data = Data::bundled(&bundled(), cfg.n_train, cfg.seed).unwrap();
    let mut s = Session::new(&cfg, &data, 2_000).unwrap();
    let first = s.step().unwrap().loss;
    assert!(
        (first - 10f32.ln()).abs() < 0.05,
        "the first loss is ln 10 for std 0.01 weights: {first}"
    );
    while !s.trainer.is_done() {
        s.step().unwrap();
    }
    let r = s.report(&data).unwrap();
    let last = s.trainer.history().epochs().last().copied().unwrap();
    println!(
        "after {ITERS} iterations: test accuracy {} (train {})",
        r.accuracy, last.train_acc
    );
    assert!(r.accuracy >= 0.93, "test accuracy {}", r.accuracy);
    assert!(last.train_acc >= r.accuracy - 0.01);
    assert_eq!(s.trainer.epoch(), ITERS / 80);
    // The confusion matrix holds every test digit once.
    let total: usize = r.confusion.iter().flatten().sum();
    assert_eq!(total, 2_000);
    assert!(s.loss_csv().lines().count() > 100);
    assert_eq!(s.accuracy_csv(&data).lines().count(), ITERS / 80 + 1);
    assert!(
        analysis::first_layer_images(
            s.trainer
                .net()
                .param("W1")
                .unwrap()
                .into_dimensionality()
                .unwrap()
                .view()
        )
        .len()
            == 50
    );
}

#[test]
#[ignore = "a benchmark: prints samples per second"]
fn bench_samples_per_second() {
    let data = Data::bundled(&bundled(), 8_000, 42).unwrap();
    for hidden in [50, 100] {
        let cfg = MnistLabConfig {
            hidden: vec![hidden],
            ..Default::default()
        };
        let mut s = Session::new(&cfg, &data, 2_000).unwrap();
        for _ in 0..20 {
            s.step().unwrap();
        }
        let steps = 1_000;
        let t0 = Instant::now();
        for _ in 0..steps {
            s.step().unwrap();
        }
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "784-{hidden}-10, batch 100: {:.0} samples/s, {:.3} ms per mini-batch (epoch-end evaluations included)",
            steps as f64 * 100.0 / secs,
            secs * 1000.0 / steps as f64
        );
    }
}
