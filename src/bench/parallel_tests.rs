//! Tests of the data-parallel spike (`parallel.rs`): split gradients equal the whole batch's, replicas stay equal.

use super::*;
use crate::bench::{batch_order, init_matrices, Contest};

const SGD: SgdConfig = SgdConfig { lr: 0.1 };

/// 60 rows of a learnable toy problem: class = which tenth of the row is bright.
fn data(n: usize, width: usize) -> (Array2<f32>, Vec<u8>) {
    let labels: Vec<u8> = (0..n).map(|i| (i * 7 % 10) as u8).collect();
    let x = Array2::from_shape_fn((n, width), |(i, p)| {
        let band = p * 10 / width;
        if band == labels[i] as usize {
            0.9
        } else {
            ((i * 31 + p * 17) % 13) as f32 / 130.0
        }
    });
    (x, labels)
}

fn mlp(width: usize) -> (Net, Vec<Vec<f32>>) {
    let w = init_matrices(3, &[(width, 20), (20, 10)], &[0.1, 0.1]);
    let refs: Vec<&[f32]> = w.iter().map(|v| &v[..]).collect();
    (bench_mlp(width, 20, Activation::Relu, &refs).unwrap(), w)
}

fn rel(a: &[f32], b: &[f32]) -> f32 {
    let d: f32 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum();
    let s: f32 = a.iter().map(|x| x * x).sum::<f32>() + b.iter().map(|x| x * x).sum::<f32>();
    d.sqrt() / s.sqrt()
}

#[test]
fn two_halves_give_the_whole_batchs_gradient() {
    let (x, labels) = data(60, 50);
    let t = targets(&x, &labels).unwrap();
    let (net, _) = mlp(50);
    let rows: Vec<usize> = (0..60).rev().collect();
    let mut whole = Replica::new(net.clone(), SGD).unwrap();
    let loss = whole.backprop_rows(&x, &t, &rows).unwrap();
    let parts = split(&rows, 2);
    assert_eq!((parts[0].len(), parts[1].len()), (30, 30));
    let mut halves = [
        Replica::new(net.clone(), SGD).unwrap(),
        Replica::new(net, SGD).unwrap(),
    ];
    let l0 = halves[0].backprop_rows(&x, &t, parts[0]).unwrap();
    let l1 = halves[1].backprop_rows(&x, &t, parts[1]).unwrap();
    // The halves really differ, so agreeing with the whole is not a coincidence.
    assert!(rel(halves[0].grads(), halves[1].grads()) > 1e-2);
    let mut sum = vec![0.0; whole.grads().len()];
    combine(
        &[halves[0].grads(), halves[1].grads()],
        &part_weights(&parts),
        &mut sum,
    );
    let e = rel(&sum, whole.grads());
    assert!(e < 1e-5, "relative error {e}");
    assert!(
        ((l0 + l1) / 2.0 - loss).abs() < 1e-5 * loss,
        "{l0} {l1} {loss}"
    );
}

#[test]
fn uneven_parts_weigh_by_their_rows() {
    let rows: Vec<usize> = (0..7).collect();
    let parts = split(&rows, 3);
    assert_eq!(parts, vec![&[0, 1, 2][..], &[3, 4], &[5, 6]]);
    assert_eq!(part_weights(&parts), vec![3.0 / 7.0, 2.0 / 7.0, 2.0 / 7.0]);
    let mut out = [0.0; 2];
    combine(&[&[1.0, 2.0], &[3.0, 4.0]], &[0.5, 0.5], &mut out);
    assert_eq!(out, [2.0, 3.0]);
}

#[test]
fn one_thread_is_the_trainers_step_bit_for_bit() {
    let (x, labels) = data(60, 50);
    let (net, w) = mlp(50);
    let t = targets(&x, &labels).unwrap();
    let mut dp = DataParallel::new(net, SGD, x.clone(), t, 1).unwrap();
    let mut c = Contest::new(x, &labels, 20, Activation::Relu, [&w[0], &w[1]]).unwrap();
    let order = batch_order(5, 60, 20, 12);
    assert_eq!(
        dp.run(&order, 20, 12).unwrap(),
        c.run(&order, 20, 12).unwrap()
    );
}

#[test]
fn two_threads_learn_like_one_and_keep_the_replicas_identical() {
    let (x, labels) = data(60, 50);
    let (net, w) = mlp(50);
    let t = targets(&x, &labels).unwrap();
    let mut dp = DataParallel::new(net, SGD, x.clone(), t, 2).unwrap();
    let mut c = Contest::new(x, &labels, 20, Activation::Relu, [&w[0], &w[1]]).unwrap();
    let order = batch_order(5, 60, 20, 30);
    let two = dp.run(&order, 20, 30).unwrap();
    let one = c.run(&order, 20, 30).unwrap();
    assert!(two[29] < two[0] - 0.1, "it learns: {two:?}");
    for (a, b) in two.iter().zip(&one) {
        assert!(
            (a - b).abs() < 1e-4 * b.abs().max(1.0),
            "{two:?} vs {one:?}"
        );
    }
    dp.finish().unwrap();
    let r = dp.replicas_mut();
    let h0 = r[0].params_hash();
    assert_eq!(h0, r[1].params_hash());
    // Starting again from the same weights gives the same run.
    let refs: Vec<&[f32]> = w.iter().map(|v| &v[..]).collect();
    dp.set_weights(&refs).unwrap();
    assert_eq!(dp.run(&order, 20, 30).unwrap(), two);
}

#[test]
fn the_cnn_splits_too() {
    let (x, labels) = data(8, 784);
    let cfg = ConvNetConfig::default();
    let shapes = crate::bench::conv_weight_shapes(&cfg).unwrap();
    let stds = crate::bench::conv_init_stds(&shapes);
    let w = init_matrices(1, &shapes, &stds);
    let refs: Vec<&[f32]> = w.iter().map(|v| &v[..]).collect();
    let net = bench_conv(&refs).unwrap();
    let t = targets(&x, &labels).unwrap();
    let rows: Vec<usize> = (0..8).collect();
    let mut whole = Replica::new(net.clone(), SGD).unwrap();
    whole.backprop_rows(&x, &t, &rows).unwrap();
    let mut dp = DataParallel::new(net, SGD, x, t, 2).unwrap();
    dp.step(&rows).unwrap();
    let e = rel(&dp.sum, whole.grads());
    assert!(e < 1e-5, "relative error {e}");
    assert!(
        dp.step(&rows[..1]).is_err(),
        "one row cannot feed two replicas"
    );
}
