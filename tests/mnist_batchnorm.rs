//! The MNIST lab's "batch norm after each Affine" switch (the book's `MultiLayerNetExtend(use_batchnorm=True)`):
//! at a small weight scale (std 0.01, four hidden layers) the loss falls with batch norm and stays at ln 10
//! without it (fixed seed); evaluation uses the running mean and variance; the `.npz` export and the worker's
//! packed weights carry γ, β and the running statistics, so the other side evaluates exactly alike.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::activation::Activation;
use nnlab::labs::mnist::remote::{pack_weights, unpack_weights};
use nnlab::labs::mnist::session::{Data, Session};
use nnlab::labs::mnist::weights::{export_npz, import};
use nnlab::labs::mnist::MnistLabConfig;
use nnlab::net::Net;
use nnlab::urlstate::Route;

mod common;
use common::bundled;

/// 784-100-100-100-100-10 ReLU at the book's std 0.01, SGD lr 0.1, batch 100, 1,000 training digits, 300 steps.
fn cfg(batchnorm: bool) -> MnistLabConfig {
    MnistLabConfig {
        hidden: vec![100; 4],
        iters: 300,
        n_train: 1_000,
        batchnorm,
        seed: 3,
        ..Default::default()
    }
}

fn mean(v: &[f32]) -> f32 {
    v.iter().sum::<f32>() / v.len() as f32
}

/// Train a session to its end; the loss of its first step and the mean loss of its last 30.
fn train(s: &mut Session) -> (f32, f32) {
    let mut losses = Vec::new();
    while !s.is_done() {
        losses.push(s.step().unwrap().loss);
    }
    (losses[0], mean(&losses[losses.len() - 30..]))
}

/// The names of the arrays (parameters and running statistics) that differ between two networks.
fn differing(a: &Net, b: &Net) -> Vec<String> {
    let (ta, tb) = (a.to_tensors(), b.to_tensors());
    assert_eq!(ta.len(), tb.len());
    ta.iter()
        .zip(&tb)
        .filter(|(x, y)| x != y)
        .map(|(x, _)| x.0.clone())
        .collect()
}

#[test]
fn batch_norm_trains_a_deep_net_at_a_small_weight_scale_where_the_plain_net_stalls() {
    let all = bundled();
    let data = Data::bundled(&all, 1_000, 3).unwrap();
    let mut plain = Session::new(&cfg(false), &data, 1_000).unwrap();
    let mut bn = Session::new(&cfg(true), &data, 1_000).unwrap();
    assert_eq!(plain.trainer.net().norm_count(), 0);
    assert_eq!(bn.trainer.net().norm_count(), 4);
    let (p0, p1) = train(&mut plain);
    let (b0, b1) = train(&mut bn);
    let (rp, rb) = (plain.report(&data).unwrap(), bn.report(&data).unwrap());
    println!(
        "loss first step → last 30 steps: without BN {p0:.3} → {p1:.3} (test acc {}), with BN {b0:.3} → {b1:.3} (test acc {})",
        rp.accuracy, rb.accuracy
    );
    // Without batch norm the signal vanishes through four layers of std-0.01 weights: the loss stays at ln 10.
    assert!((p1 - 10f32.ln()).abs() < 0.05, "without BN: {p1}");
    assert!(
        rp.accuracy < 0.25,
        "without BN the net guesses: {}",
        rp.accuracy
    );
    // With it the same net learns.
    assert!(
        (b0 - 10f32.ln()).abs() < 0.1 && b1 < 0.5,
        "with BN the loss falls: {b0} → {b1}"
    );
    assert!(rb.accuracy > 0.75, "with BN: test accuracy {}", rb.accuracy);
}

#[test]
fn evaluation_uses_the_running_statistics_and_both_export_and_the_worker_carry_them() {
    let all = bundled();
    let data = Data::bundled(&all, 1_000, 3).unwrap();
    let c = MnistLabConfig {
        iters: 100,
        ..cfg(true)
    };
    let mut s = Session::new(&c, &data, 1_000).unwrap();
    let untrained = s.trainer.net().clone();
    while !s.is_done() {
        s.step().unwrap();
    }
    let acc = s.report(&data).unwrap().accuracy;
    let net = s.trainer.net().clone();
    let stats = net.running_stats();
    assert_eq!(stats.len(), 2 * 4 * 100);
    assert_ne!(
        stats,
        untrained.running_stats(),
        "training moved the running statistics"
    );

    // Evaluation reads them: the trained γ, β and W with fresh statistics (mean 0, variance 1) score differently.
    let mut fresh = untrained.clone();
    let params_only = pack_weights(&net)[..pack_weights(&net).len() - stats.len()].to_vec();
    let mut with_fresh = params_only.clone();
    with_fresh.extend(untrained.running_stats());
    unpack_weights(&mut fresh, &with_fresh).unwrap();
    let mut s_fresh = Session::imported(fresh, "fresh", &c, &data, 1_000).unwrap();
    let acc_fresh = s_fresh.report(&data).unwrap().accuracy;
    println!("test accuracy with the running statistics {acc}, with fresh ones {acc_fresh}");
    assert!(
        (acc - acc_fresh).abs() > 0.02,
        "{acc} vs {acc_fresh}: evaluation ignores the running statistics"
    );

    // The worker's packed weights: a network built from the same settings gets every γ, β and statistic.
    let mut page = c.net_config().build().unwrap();
    unpack_weights(&mut page, &pack_weights(&net)).unwrap();
    assert_eq!(differing(&page, &net), Vec::<String>::new());
    assert!(
        unpack_weights(&mut page, &params_only).is_err(),
        "weights without statistics are refused"
    );

    // The .npz export: γ, β and the running statistics come back by name, and the network is described as BN.
    let bytes = export_npz(&net);
    let back = import(&bytes, Activation::Sigmoid).unwrap();
    assert!(back.described && back.net.config().batchnorm);
    let names: Vec<String> = back.net.to_tensors().into_iter().map(|(n, _)| n).collect();
    for n in ["gamma1", "beta4", "running_mean1", "running_var4"] {
        assert!(names.iter().any(|m| m == n), "{n} in {names:?}");
    }
    assert_eq!(differing(&back.net, &net), Vec::<String>::new());
    let mut s_back = Session::imported(back.net, "bn.npz", &c, &data, 1_000).unwrap();
    assert_eq!(s_back.report(&data).unwrap().accuracy, acc);
}

#[test]
fn the_switch_rides_in_the_link_and_builds_the_layers() {
    let mut r = Route::new("mnist");
    cfg(true).write(&mut r);
    let back = MnistLabConfig::read(&Route::parse(&r.to_hash()));
    assert!(back.batchnorm && back.net_config().batchnorm);
    assert!(
        !MnistLabConfig::default().batchnorm,
        "off by default, as in the book's ch5 net"
    );
    let net = back.net_config().build().unwrap();
    assert_eq!(
        net.param_names()[8..],
        ["W5", "b5", "gamma1", "beta1", "gamma2", "beta2", "gamma3", "beta3", "gamma4", "beta4"]
    );
}
