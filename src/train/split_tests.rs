//! Tests of data-parallel training (`split.rs`): a split step is the whole batch's step up to f32 rounding (bit
//! for bit with one part), the coordinator's bookkeeping drops stale answers, and unsplittable nets are refused.

use super::*;
use crate::activation::Activation;
use crate::labs::mnist::remote::{pack_weights, unpack_weights};
use crate::net::{ConvNetConfig, NetConfig, Output};
use crate::optim::{AdamConfig, OptimConfig};
use crate::train::{TrainConfig, Trainer};

/// n rows of a learnable toy problem (class = which tenth of the row is bright), one-hot targets.
fn data(n: usize, width: usize) -> (Array2<f32>, Array2<f32>) {
    let labels: Vec<usize> = (0..n).map(|i| i * 7 % 10).collect();
    let x = Array2::from_shape_fn((n, width), |(i, p)| {
        if p * 10 / width == labels[i] {
            0.9
        } else {
            ((i * 31 + p * 17) % 13) as f32 / 130.0
        }
    });
    let t = Array2::from_shape_fn((n, 10), |(i, k)| f32::from(labels[i] == k));
    (x, t)
}

fn mlp() -> Net {
    NetConfig {
        input: 50,
        hidden: vec![20],
        activation: vec![Activation::Relu],
        output: 10,
        output_kind: Output::Softmax,
        ..NetConfig::default()
    }
    .build()
    .unwrap()
}

fn small_conv() -> Net {
    ConvNetConfig {
        filter_num: 4,
        hidden_size: 20,
        ..ConvNetConfig::default()
    }
    .build()
    .unwrap()
}

fn trainer(net: Net, (x, t): (Array2<f32>, Array2<f32>), batch_size: usize) -> Trainer {
    let config = TrainConfig {
        optim: OptimConfig::Adam(AdamConfig::default()),
        batch_size,
        iters: 1_000,
        eval_limit: 10,
        ..TrainConfig::default()
    };
    Trainer::new(net, (x, t), None, config).unwrap()
}

/// `steps` split steps: part 0 on the trainer's own network, part i on `helpers[i − 1]`, which get the
/// trainer's weights before each step (as the workers do). Each step's loss.
fn split_steps(tr: &mut Trainer, helpers: &mut [Part], steps: usize) -> Vec<f32> {
    let k = helpers.len() + 1;
    let mut st = SplitStep::default();
    let mut own = Vec::new();
    let mut losses = Vec::new();
    for _ in 0..steps {
        let rows = tr.next_rows().to_vec();
        let parts = st.begin(&rows, k).unwrap();
        let seq = st.seq;
        let w = pack_weights(tr.net());
        let mut hl = Vec::new();
        for (h, part) in helpers.iter_mut().zip(&parts[1..]) {
            unpack_weights(h.net_mut(), &w).unwrap();
            hl.push(h.backprop(part).unwrap());
        }
        let l0 = tr.backprop_rows(parts[0]).unwrap();
        flat_grads(tr.net_mut(), &mut own);
        // Answers arrive in any order; the sum is still taken in part order.
        for (i, h) in helpers.iter().enumerate().rev() {
            assert!(st.receive(seq, i + 1, hl[i], h.grads().to_vec()).unwrap());
        }
        assert!(!st.complete());
        assert!(st.receive(seq, 0, l0, own.clone()).unwrap());
        let (loss, g) = st.finish().unwrap();
        let g = g.to_vec();
        tr.apply_flat(&g).unwrap();
        tr.finish_step(loss).unwrap();
        losses.push(loss);
    }
    losses
}

fn helpers(net: &Net, d: &(Array2<f32>, Array2<f32>), n: usize) -> Vec<Part> {
    (0..n)
        .map(|_| Part::new(net.clone(), d.0.clone(), d.1.clone()).unwrap())
        .collect()
}

#[test]
fn parts_cover_the_batch_and_weigh_by_size() {
    let rows: Vec<usize> = (0..100).collect();
    let parts = split(&rows, 3);
    assert_eq!(
        parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
        [34, 33, 33]
    );
    assert_eq!(parts.concat(), rows);
    let w = part_weights(&parts);
    assert_eq!(w, [0.34, 0.33, 0.33]);
    assert_eq!(split(&rows, 0).len(), 1);
}

#[test]
fn one_part_is_the_trainers_own_step_bit_for_bit() {
    let d = data(60, 50);
    let mut whole = trainer(mlp(), d.clone(), 20);
    let mut split1 = trainer(mlp(), d, 20);
    let want: Vec<f32> = (0..12).map(|_| whole.step().unwrap().loss).collect();
    let got = split_steps(&mut split1, &mut [], 12);
    assert_eq!(got, want);
    assert_eq!(pack_weights(split1.net()), pack_weights(whole.net()));
    // Three epochs of 3 steps went by, with their accuracy.
    assert_eq!(split1.epoch(), 4);
    assert_eq!(split1.history().epochs(), whole.history().epochs());
}

#[test]
fn two_and_three_parts_follow_the_whole_batch_with_adam() {
    for (net, d, bs) in [(mlp(), data(60, 50), 20), (small_conv(), data(40, 784), 10)] {
        let mut whole = trainer(net.clone(), d.clone(), bs);
        let want: Vec<f32> = (0..8).map(|_| whole.step().unwrap().loss).collect();
        for k in [2, 3] {
            let mut tr = trainer(net.clone(), d.clone(), bs);
            let mut hs = helpers(&net, &d, k - 1);
            let got = split_steps(&mut tr, &mut hs, 8);
            for (s, (a, b)) in got.iter().zip(&want).enumerate() {
                assert!(
                    (a - b).abs() <= 1e-3 * b.abs(),
                    "k={k} step {s}: {a} vs {b}"
                );
            }
            // Rounding differs (another summation order), so the runs are not the same bits…
            let (a, b) = (pack_weights(tr.net()), pack_weights(whole.net()));
            let diff = a
                .iter()
                .zip(&b)
                .map(|(x, y)| (x - y).abs())
                .fold(0.0, f32::max);
            assert!(diff < 1e-3, "k={k}: weights differ by {diff}");
        }
    }
}

#[test]
fn the_combined_gradient_is_the_whole_batchs() {
    let d = data(60, 50);
    let net = mlp();
    let rows: Vec<usize> = (0..60).rev().collect();
    let mut whole = Part::new(net.clone(), d.0.clone(), d.1.clone()).unwrap();
    let lw = whole.backprop(&rows).unwrap();
    let mut st = SplitStep::default();
    let parts = st.begin(&rows, 2).unwrap();
    let mut hs = helpers(&net, &d, 2);
    let l: Vec<f32> = hs
        .iter_mut()
        .zip(&parts)
        .map(|(h, p)| h.backprop(p).unwrap())
        .collect();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    let gap: Vec<f32> = hs[0]
        .grads()
        .iter()
        .zip(hs[1].grads())
        .map(|(a, b)| a - b)
        .collect();
    // The halves really differ, so agreeing with the whole is not a coincidence.
    assert!(norm(&gap) > 1e-2 * norm(whole.grads()));
    for (i, h) in hs.iter().enumerate() {
        st.receive(st.seq, i, l[i], h.grads().to_vec()).unwrap();
    }
    let (loss, g) = st.finish().unwrap();
    assert!((loss - lw).abs() < 1e-6 * lw.abs());
    let err: Vec<f32> = g.iter().zip(whole.grads()).map(|(a, b)| a - b).collect();
    assert!(norm(&err) < 1e-5 * norm(whole.grads()), "{}", norm(&err));
    assert!(!st.waiting());
}

#[test]
fn stale_duplicate_and_misshapen_answers() {
    let rows: Vec<usize> = (0..10).collect();
    let mut st = SplitStep::default();
    assert!(!st.waiting());
    st.begin(&rows, 2).unwrap();
    let old = st.seq;
    st.abandon();
    st.begin(&rows, 2).unwrap();
    assert_ne!(st.seq, old);
    // An answer to the abandoned step is dropped.
    assert!(!st.receive(old, 1, 1.0, vec![1.0; 4]).unwrap());
    assert!(st.receive(st.seq, 1, 1.0, vec![1.0; 4]).unwrap());
    assert!(!st.receive(st.seq, 1, 9.0, vec![9.0; 4]).unwrap());
    let e = st.receive(st.seq, 0, 1.0, vec![1.0; 3]).unwrap_err();
    assert_eq!(e.key, "err.shape");
    assert!(st.receive(st.seq, 2, 1.0, vec![1.0; 4]).is_err());
    assert!(st.finish().is_none());
    assert!(st.receive(st.seq, 0, 3.0, vec![3.0; 4]).unwrap());
    let (loss, g) = st.finish().unwrap();
    assert_eq!((loss, g), (2.0, &[2.0; 4][..]));
    // More replicas than rows is refused.
    assert!(st.begin(&rows[..1], 2).is_err());
}

#[test]
fn batch_norm_and_dropout_are_not_split() {
    let bn = NetConfig {
        batchnorm: true,
        ..NetConfig::default()
    }
    .build()
    .unwrap();
    assert_eq!(split_blocker(&bn), Some("err.split_batch_norm"));
    let dropout = NetConfig {
        dropout: 0.5,
        ..NetConfig::default()
    }
    .build()
    .unwrap();
    assert_eq!(split_blocker(&dropout), Some("err.split_dropout"));
    assert_eq!(split_blocker(&small_conv()), None);
    let d = data(4, 784);
    assert!(Part::new(dropout, d.0, d.1).is_err());
}

#[test]
fn a_gradient_of_the_wrong_length_changes_nothing() {
    let mut net = mlp();
    let before = pack_weights(&net);
    let mut opt = OptimConfig::Adam(AdamConfig::default()).build().unwrap();
    assert!(apply_flat(&mut net, opt.as_mut(), &[0.5; 7]).is_err());
    assert_eq!(pack_weights(&net), before);
    let n = param_len(&mut net);
    apply_flat(&mut net, opt.as_mut(), &vec![0.5; n]).unwrap();
    assert_ne!(pack_weights(&net), before);
}

#[test]
fn replicas_by_cores() {
    let got: Vec<usize> = [0, 1, 2, 3, 4, 8, 16].map(default_replicas).to_vec();
    assert_eq!(got, [1, 1, 1, 2, 3, 4, 4]);
}
