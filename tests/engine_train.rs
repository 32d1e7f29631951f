//! Training end to end: XOR, a small softmax classification through the Trainer, determinism per seed,
//! and bad settings or data returning errors instead of panicking.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::{array, Array2};
use nnlab::activation::Activation;
use nnlab::init::Init;
use nnlab::loss::one_hot;
use nnlab::net::{Net, NetConfig, Output};
use nnlab::optim::{AdamConfig, OptimConfig, OptimizerKind, SgdConfig};
use nnlab::rng::Rng;
use nnlab::train::{TrainConfig, Trainer};

fn xor() -> (Array2<f32>, Array2<f32>) {
    (
        array![[0.0f32, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]],
        array![[0.0f32], [1.0], [1.0], [0.0]],
    )
}

fn xor_net(hidden: usize, seed: u64) -> Net {
    NetConfig {
        input: 2,
        hidden: vec![hidden],
        activation: vec![Activation::Sigmoid],
        output: 1,
        output_kind: Output::Sigmoid,
        init: Init::Std(1.0),
        dropout: 0.0,
        batchnorm: false,
        weight_decay: 0.0,
        seed,
    }
    .build()
    .unwrap()
}

/// Full-batch SGD (lr 2) on the four XOR points; true when all four are right and the loss is small.
fn learns_xor(hidden: usize, seed: u64) -> bool {
    let (x, t) = xor();
    let cfg = TrainConfig {
        optim: OptimConfig::Sgd(SgdConfig { lr: 2.0 }),
        batch_size: 4,
        iters: 3000,
        seed,
        ..Default::default()
    };
    let mut tr = Trainer::new(xor_net(hidden, seed), (x.clone(), t.clone()), None, cfg).unwrap();
    let first = tr.step().unwrap().loss;
    let mut last = first;
    while !tr.is_done() {
        last = tr.step().unwrap().loss;
    }
    assert_eq!(tr.iteration(), 3000);
    // Every step is a whole epoch here (4 samples, batch 4).
    assert_eq!(tr.epoch(), 3000);
    let acc = tr.net_mut().accuracy(&x, &t).unwrap();
    assert_eq!(
        tr.net_mut().accuracy_labels(&x, &[0, 1, 1, 0]).unwrap(),
        acc
    );
    acc == 1.0 && last < 0.1 && last < first
}

#[test]
fn a_2_2_1_sigmoid_network_learns_xor() {
    // 2-2-1 has poor local minima: with N(0, 1) weights and lr 2, 13 of seeds 0–19 learn XOR in 3,000 steps
    // (checked once by hand); seed 0 is one of them. The seed is fixed, so this test is deterministic.
    assert!(learns_xor(2, 0));
    let (x, _) = xor();
    let mut net = xor_net(2, 0);
    let before = net.predict(&x).unwrap();
    assert!(before.iter().all(|&y| y > 0.0 && y < 1.0));
}

#[test]
fn a_2_3_1_network_learns_xor_for_most_seeds() {
    // One more hidden unit removes most bad minima: 9 of seeds 0–9 succeed (seed 6 does not).
    let wins = (0..10).filter(|&s| learns_xor(3, s)).count();
    assert!(wins >= 8, "only {wins} of 10 seeds learned XOR");
}

/// Three Gaussian blobs in 2-D, labels 0, 1, 2.
fn blobs(n_per: usize, seed: u64) -> (Array2<f32>, Vec<usize>) {
    let centers = [(0.0f32, 2.0f32), (-2.0, -1.0), (2.0, -1.0)];
    let mut rng = Rng::new(seed);
    let mut x = Array2::zeros((3 * n_per, 2));
    let mut labels = vec![];
    for i in 0..3 * n_per {
        let c = i % 3;
        x[[i, 0]] = centers[c].0 + 0.6 * rng.normal();
        x[[i, 1]] = centers[c].1 + 0.6 * rng.normal();
        labels.push(c);
    }
    (x, labels)
}

fn blob_trainer(net_seed: u64, train_seed: u64, optim: OptimConfig) -> Trainer {
    let (x, l) = blobs(100, 1);
    let (xt, lt) = blobs(50, 2);
    let net = NetConfig {
        input: 2,
        hidden: vec![16],
        output: 3,
        init: Init::He,
        seed: net_seed,
        ..Default::default()
    }
    .build()
    .unwrap();
    let cfg = TrainConfig {
        optim,
        batch_size: 30,
        iters: 300,
        seed: train_seed,
        ..Default::default()
    };
    Trainer::new(
        net,
        (x, one_hot(&l, 3).unwrap()),
        Some((xt, one_hot(&lt, 3).unwrap())),
        cfg,
    )
    .unwrap()
}

#[test]
fn softmax_classification_reaches_high_accuracy_through_the_trainer() {
    let mut tr = blob_trainer(3, 4, TrainConfig::default().optim);
    assert_eq!(tr.iters_per_epoch(), 10);
    let mut epochs = vec![];
    while !tr.is_done() {
        if let Some(e) = tr.step().unwrap().epoch_end {
            epochs.push(e);
        }
    }
    assert_eq!(epochs.len(), 30);
    assert_eq!(epochs[0].iteration, 10);
    let last = epochs.last().unwrap();
    assert!(
        last.train_acc > 0.95 && last.test_acc.unwrap() > 0.95,
        "{last:?}"
    );
    assert!(epochs[0].test_acc.unwrap() <= last.test_acc.unwrap());
    let h = tr.history();
    assert_eq!(h.losses().len(), 300);
    assert_eq!(h.epochs().len(), 30);
    let (early, late) = (
        h.losses()[..20].iter().sum::<f32>(),
        h.losses()[280..].iter().sum::<f32>(),
    );
    assert!(late < 0.5 * early, "loss should fall: {early} → {late}");
}

#[test]
fn every_optimizer_trains_the_small_classifier() {
    for kind in OptimizerKind::ALL {
        // The book's defaults, except SGD's 0.01 would need many more steps; all take lr 0.05 (Adam 0.01).
        let lr = if kind == OptimizerKind::Adam {
            0.01
        } else {
            0.05
        };
        let mut tr = blob_trainer(5, 6, OptimConfig::default_for(kind).with_lr(lr));
        let before = tr
            .net_mut()
            .loss(&blobs(100, 1).0, &one_hot(&blobs(100, 1).1, 3).unwrap())
            .unwrap();
        for _ in 0..200 {
            tr.step().unwrap();
        }
        let after = tr
            .net_mut()
            .loss(&blobs(100, 1).0, &one_hot(&blobs(100, 1).1, 3).unwrap())
            .unwrap();
        assert!(after < 0.5 * before, "{kind:?}: loss {before} → {after}");
    }
}

fn weights_after(net_seed: u64, train_seed: u64, dropout: f32, steps: usize) -> Vec<Vec<f32>> {
    let (x, l) = blobs(40, 1);
    let cfg = NetConfig {
        input: 2,
        hidden: vec![8, 8],
        output: 3,
        dropout,
        seed: net_seed,
        ..Default::default()
    };
    let optim = OptimConfig::Adam(AdamConfig::default());
    let tcfg = TrainConfig {
        optim,
        batch_size: 16,
        seed: train_seed,
        ..Default::default()
    };
    let mut tr = Trainer::new(
        cfg.build().unwrap(),
        (x, one_hot(&l, 3).unwrap()),
        None,
        tcfg,
    )
    .unwrap();
    for _ in 0..steps {
        tr.step().unwrap();
    }
    let net = tr.net();
    net.param_names()
        .iter()
        .map(|n| net.param(n).unwrap().iter().copied().collect())
        .collect()
}

#[test]
fn same_seeds_give_bit_identical_weights_and_different_seeds_differ() {
    let a = weights_after(1, 2, 0.2, 40);
    let b = weights_after(1, 2, 0.2, 40);
    let bits = |w: &Vec<Vec<f32>>| w.iter().flatten().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a), bits(&b));
    assert_ne!(
        bits(&a),
        bits(&weights_after(9, 2, 0.2, 40)),
        "another network seed"
    );
    assert_ne!(
        bits(&a),
        bits(&weights_after(1, 3, 0.2, 40)),
        "another batch order"
    );
    assert_ne!(
        bits(&a),
        bits(&weights_after(1, 2, 0.2, 0)),
        "training changed the weights"
    );
    // The same seed rebuilds the same initial weights (reset in the lab).
    let cfg = NetConfig {
        seed: 5,
        ..Default::default()
    };
    assert_eq!(
        cfg.build().unwrap().param("W1"),
        cfg.build().unwrap().param("W1")
    );
}

#[test]
fn default_net_is_the_books_two_layer_net() {
    let mut net = NetConfig::default().build().unwrap();
    assert_eq!(net.sizes(), vec![784, 50, 10]);
    assert_eq!(net.param_names(), vec!["W1", "b1", "W2", "b2"]);
    assert_eq!(net.param("W1").unwrap().shape(), &[784, 50]);
    assert_eq!(net.param("b2").unwrap().shape(), &[10]);
    assert_eq!(net.param_count(), 784 * 50 + 50 + 50 * 10 + 10);
    let w1 = net.param("W1").unwrap();
    let std = (w1.mapv(|w| (w * w) as f64).sum() / w1.len() as f64).sqrt();
    assert!((std - 0.01).abs() < 5e-4, "weight_init_std 0.01, got {std}");
    assert!(net.param("b1").unwrap().iter().all(|&b| b == 0.0));
    // A random batch: softmax rows sum to 1, and the initial loss is about ln 10.
    let mut rng = Rng::new(0);
    let x = Array2::from_shape_simple_fn((100, 784), || rng.uniform());
    let y = net.predict(&x).unwrap();
    assert!(y.rows().into_iter().all(|r| (r.sum() - 1.0).abs() < 1e-5));
    let t = one_hot(&(0..100).map(|i| i % 10).collect::<Vec<_>>(), 10).unwrap();
    assert!((net.loss(&x, &t).unwrap() - 10f32.ln()).abs() < 0.05);
}
