//! The chapter 6 experiments on the bundled digits: the optimizer comparison (same start, same batches; the
//! adaptive methods and momentum beat plain SGD) and overfitting on 300 samples (a large train–test gap that
//! weight decay shrinks). The init histograms are tested beside their code. Also a timing run (ignored):
//! `cargo test --release --test mnist_ch6 -- --ignored --nocapture`.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use nnlab::labs::mnist::ch6::optimizer_compare::{Compare, CompareConfig};
use nnlab::labs::mnist::ch6::overfit::{OverfitConfig, OverfitRun, Variant};
use nnlab::labs::mnist::session::Data;
use nnlab::optim::{OptimConfig, OptimizerKind, SgdConfig};

mod common;
use common::bundled;

fn data() -> Data {
    Data::bundled(&bundled(), 8_000, 42).unwrap()
}

#[test]
fn optimizers_start_together_and_sgd_falls_behind() {
    let d = data();
    let train = d.train.head(2_000);
    let cfg = CompareConfig {
        iters: 100,
        ..CompareConfig::default()
    };
    let mut c = Compare::new(cfg, &train).unwrap();
    let kinds: Vec<OptimizerKind> = c.contestants.iter().map(|c| c.kind).collect();
    use OptimizerKind::*;
    assert_eq!(kinds, vec![Sgd, Momentum, AdaGrad, Adam]);
    while !c.is_done() {
        assert!(c.step().is_none(), "no contestant diverges");
    }
    let first: Vec<u32> = c
        .contestants
        .iter()
        .map(|c| c.losses[0].to_bits())
        .collect();
    assert!(
        first.iter().all(|&b| b == first[0]),
        "identical weights and batch give identical first losses: {first:?}"
    );
    let recent: Vec<f32> = c.contestants.iter().map(|c| c.recent_loss(20)).collect();
    println!(
        "mean loss of the last 20 of 100 iterations (SGD, Momentum, AdaGrad, Adam): {recent:?}"
    );
    for (k, l) in kinds.iter().zip(&recent).skip(1) {
        assert!(
            *l < 0.8 * recent[0],
            "{k:?} {l} is not well below SGD {}",
            recent[0]
        );
    }
    let smooth = c.contestants[0].curve(true);
    assert_eq!(smooth.len(), 100);
    let acc = c.accuracies(&d.x_test, &d.test_labels, 500);
    assert!(acc[3] > acc[0], "Adam {acc:?} beats SGD on held-out digits");
}

#[test]
fn bad_comparison_settings_are_errors() {
    let train = data().train.head(100);
    let bad = [
        CompareConfig {
            iters: 0,
            ..CompareConfig::default()
        },
        CompareConfig {
            batch_size: 128,
            ..CompareConfig::default()
        },
        CompareConfig {
            optimizers: vec![],
            ..CompareConfig::default()
        },
        CompareConfig {
            optimizers: vec![OptimConfig::Sgd(SgdConfig { lr: -1.0 })],
            batch_size: 10,
            ..CompareConfig::default()
        },
        CompareConfig {
            hidden: vec![0],
            batch_size: 10,
            ..CompareConfig::default()
        },
    ];
    for cfg in bad {
        assert!(Compare::new(cfg.clone(), &train).is_err(), "{cfg:?}");
    }
}

fn run_overfit(v: Variant, cfg: &OverfitConfig, d: &Data) -> OverfitRun {
    let mut r = OverfitRun::new(cfg, v, &d.train, &d.test).unwrap();
    while !r.is_done() {
        r.step().unwrap();
    }
    r
}

#[test]
fn three_hundred_samples_overfit_and_weight_decay_narrows_the_gap() {
    let d = data();
    let cfg = OverfitConfig {
        epochs: 100,
        eval_limit: 500,
        ..OverfitConfig::default()
    };
    let none = run_overfit(Variant::None, &cfg, &d);
    let decay = run_overfit(Variant::WeightDecay, &cfg, &d);
    let last = |r: &OverfitRun| *r.epochs().last().unwrap();
    let (n, w) = (last(&none), last(&decay));
    println!(
        "epoch {}: none train {} test {:?}; decay train {} test {:?}",
        n.epoch, n.train_acc, n.test_acc, w.train_acc, w.test_acc
    );
    assert_eq!(none.epochs().len(), 100);
    assert!(
        n.train_acc > 0.97,
        "300 samples are learnt by heart: {}",
        n.train_acc
    );
    let (gn, gw) = (none.gap(10).unwrap(), decay.gap(10).unwrap());
    assert!(gn > 0.15, "train ≫ test without regularisation: gap {gn}");
    assert!(gw < gn - 0.03, "weight decay narrows the gap: {gw} vs {gn}");
}

#[test]
fn bad_overfit_settings_are_errors() {
    let d = data();
    let bad = [
        OverfitConfig {
            epochs: 0,
            ..OverfitConfig::default()
        },
        OverfitConfig {
            n_train: 0,
            ..OverfitConfig::default()
        },
        OverfitConfig {
            n_train: 9_000,
            ..OverfitConfig::default()
        },
        OverfitConfig {
            batch_size: 500,
            ..OverfitConfig::default()
        },
        OverfitConfig {
            dropout: 1.5,
            ..OverfitConfig::default()
        },
        OverfitConfig {
            dropout_epochs: 0,
            ..OverfitConfig::default()
        },
        OverfitConfig {
            weight_decay: f32::NAN,
            ..OverfitConfig::default()
        },
        OverfitConfig {
            lr: 0.0,
            ..OverfitConfig::default()
        },
    ];
    for (cfg, v) in bad.iter().zip([
        Variant::None,
        Variant::None,
        Variant::None,
        Variant::None,
        Variant::Dropout,
        Variant::Dropout,
        Variant::WeightDecay,
        Variant::None,
    ]) {
        assert!(
            OverfitRun::new(cfg, v, &d.train, &d.test).is_err(),
            "{cfg:?}"
        );
    }
}

#[test]
#[ignore = "timing, not a check: run with --ignored --nocapture"]
fn timing_of_the_default_runs() {
    let d = data();
    let t0 = Instant::now();
    let mut c = Compare::new(CompareConfig::default(), &d.train).unwrap();
    while !c.is_done() {
        c.step();
    }
    let ms = t0.elapsed().as_secs_f64() * 1e3;
    println!(
        "optimizer comparison, {} iterations × 4: {ms:.0} ms ({:.2} ms per iteration)",
        c.iteration,
        ms / c.iteration as f64
    );
    for v in Variant::ALL {
        let t0 = Instant::now();
        let r = run_overfit(v, &OverfitConfig::default(), &d);
        let e = r.epochs().last().unwrap();
        println!(
            "overfit {:?}: {} epochs in {:.0} ms; last train {} test {:?}, gap(10) {:?}",
            v,
            r.planned_epochs(),
            t0.elapsed().as_secs_f64() * 1e3,
            e.train_acc,
            e.test_acc,
            r.gap(10)
        );
    }
}
