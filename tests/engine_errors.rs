//! Bad settings and bad data return readable errors (i18n keys) instead of panicking, and a diverging run
//! stops with `err.not_finite_loss` without touching the weights.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::{array, Array2};
use nnlab::activation::Activation;
use nnlab::init::Init;
use nnlab::net::{Net, NetConfig, Output};
use nnlab::optim::{OptimConfig, SgdConfig};
use nnlab::rng::Rng;
use nnlab::train::{TrainConfig, Trainer};

fn xor() -> (Array2<f32>, Array2<f32>) {
    (
        array![[0.0f32, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]],
        array![[0.0f32], [1.0], [1.0], [0.0]],
    )
}

fn xor_net() -> Net {
    NetConfig {
        input: 2,
        hidden: vec![2],
        activation: vec![Activation::Sigmoid],
        output: 1,
        output_kind: Output::Sigmoid,
        init: Init::Std(1.0),
        ..Default::default()
    }
    .build()
    .unwrap()
}

#[test]
fn bad_networks_are_errors() {
    let ok = NetConfig::default();
    let cases: Vec<(NetConfig, &str)> = vec![
        (
            NetConfig {
                input: 0,
                ..ok.clone()
            },
            "err.min",
        ),
        (
            NetConfig {
                output: 0,
                ..ok.clone()
            },
            "err.min",
        ),
        (
            NetConfig {
                hidden: vec![50, 0],
                ..ok.clone()
            },
            "err.min",
        ),
        (
            NetConfig {
                hidden: vec![5000],
                ..ok.clone()
            },
            "err.too_big",
        ),
        (
            NetConfig {
                hidden: vec![4; 17],
                ..ok.clone()
            },
            "err.too_many_layers",
        ),
        (
            NetConfig {
                input: 4096,
                hidden: vec![4096, 4096],
                ..ok.clone()
            },
            "err.too_many_params",
        ),
        (
            NetConfig {
                hidden: vec![4, 4, 4],
                activation: vec![Activation::Relu; 2],
                ..ok.clone()
            },
            "err.activation_count",
        ),
        (
            NetConfig {
                activation: vec![Activation::LeakyRelu(f32::NAN)],
                ..ok.clone()
            },
            "err.finite",
        ),
        (
            NetConfig {
                init: Init::Std(f32::NAN),
                ..ok.clone()
            },
            "err.nonnegative",
        ),
        (
            NetConfig {
                init: Init::Std(-0.1),
                ..ok.clone()
            },
            "err.nonnegative",
        ),
        (
            NetConfig {
                dropout: 1.0,
                ..ok.clone()
            },
            "err.range_open",
        ),
        (
            NetConfig {
                dropout: -0.1,
                ..ok.clone()
            },
            "err.range_open",
        ),
        (
            NetConfig {
                weight_decay: f32::INFINITY,
                ..ok.clone()
            },
            "err.nonnegative",
        ),
        (
            NetConfig {
                weight_decay: -1.0,
                ..ok.clone()
            },
            "err.nonnegative",
        ),
    ];
    for (cfg, key) in cases {
        let err = cfg
            .build()
            .err()
            .unwrap_or_else(|| panic!("accepted {cfg:?}"));
        assert_eq!(err.key, key, "{cfg:?}");
        // Every message renders in both languages with its placeholders filled.
        for lang in [nnlab::i18n::Lang::Ko, nnlab::i18n::Lang::En] {
            let msg = err.message(lang);
            assert!(!msg.contains('{') && msg != key, "{msg}");
        }
    }
    // Zero std (all weights equal) is allowed: the lab shows why it cannot learn.
    assert!(NetConfig {
        init: Init::Std(0.0),
        ..ok
    }
    .build()
    .is_ok());
}

#[test]
fn bad_data_and_training_settings_are_errors() {
    let (x, t) = xor();
    let tc = |batch_size| TrainConfig {
        batch_size,
        ..Default::default()
    };
    let err = |r: Result<Trainer, nnlab::Error>| r.err().expect("accepted").key;
    assert_eq!(
        err(Trainer::new(xor_net(), (x.clone(), t.clone()), None, tc(5))),
        "err.batch_too_big"
    );
    assert_eq!(
        err(Trainer::new(xor_net(), (x.clone(), t.clone()), None, tc(0))),
        "err.min"
    );
    assert_eq!(
        err(Trainer::new(
            xor_net(),
            (Array2::zeros((0, 2)), Array2::zeros((0, 1))),
            None,
            tc(1)
        )),
        "err.empty"
    );
    assert_eq!(
        err(Trainer::new(
            xor_net(),
            (x.clone(), Array2::zeros((3, 1))),
            None,
            tc(2)
        )),
        "err.shape"
    );
    assert_eq!(
        err(Trainer::new(
            xor_net(),
            (Array2::zeros((4, 3)), t.clone()),
            None,
            tc(2)
        )),
        "err.shape"
    );
    let bad_test = Some((Array2::zeros((2, 2)), Array2::zeros((2, 2))));
    assert_eq!(
        err(Trainer::new(
            xor_net(),
            (x.clone(), t.clone()),
            bad_test,
            tc(2)
        )),
        "err.shape"
    );
    for lr in [f32::NAN, 0.0, -1.0] {
        let cfg = TrainConfig {
            optim: OptimConfig::Sgd(SgdConfig { lr }),
            batch_size: 2,
            ..Default::default()
        };
        assert_eq!(
            err(Trainer::new(xor_net(), (x.clone(), t.clone()), None, cfg)),
            "err.positive"
        );
    }
    let mut tr = Trainer::new(xor_net(), (x.clone(), t.clone()), None, tc(2)).unwrap();
    assert_eq!(tr.set_lr(f32::NAN).unwrap_err().key, "err.positive");

    let mut net = xor_net();
    assert_eq!(
        net.predict(&Array2::zeros((3, 5))).unwrap_err().key,
        "err.shape"
    );
    assert_eq!(
        net.predict(&Array2::zeros((0, 2))).unwrap_err().key,
        "err.shape"
    );
    assert_eq!(
        net.loss(&x, &Array2::zeros((4, 2))).unwrap_err().key,
        "err.shape"
    );
    assert_eq!(
        net.gradient(&x, &Array2::zeros((2, 1))).unwrap_err().key,
        "err.shape"
    );
    assert_eq!(
        net.accuracy_labels(&x, &[0, 1, 2, 0]).unwrap_err().key,
        "err.label_range"
    );
    assert_eq!(
        net.set_param("W9", ndarray::ArrayD::zeros(vec![2, 2]).view())
            .unwrap_err()
            .key,
        "err.unknown"
    );
    assert_eq!(
        net.set_param("W1", ndarray::ArrayD::zeros(vec![3, 2]).view())
            .unwrap_err()
            .key,
        "err.shape"
    );
    let w = ndarray::ArrayD::from_elem(vec![2, 2], 0.5f32);
    net.set_param("W1", w.view()).unwrap();
    assert_eq!(net.param("W1").unwrap(), w.view());
}

#[test]
fn a_diverging_run_stops_with_an_error_and_stays_paused() {
    // Regression with an absurd lr: the loss overflows to inf within a few steps.
    let mut rng = Rng::new(1);
    let x = Array2::from_shape_simple_fn((20, 3), || rng.normal());
    let t = Array2::from_shape_simple_fn((20, 2), || 10.0 * rng.normal());
    let net = NetConfig {
        input: 3,
        hidden: vec![8],
        output: 2,
        output_kind: Output::Identity,
        activation: vec![Activation::Identity],
        init: Init::Std(1.0),
        ..Default::default()
    };
    let cfg = TrainConfig {
        optim: OptimConfig::Sgd(SgdConfig { lr: 1e3 }),
        batch_size: 20,
        ..Default::default()
    };
    let mut tr = Trainer::new(net.build().unwrap(), (x, t), None, cfg).unwrap();
    let mut failed = None;
    for _ in 0..50 {
        if let Err(e) = tr.step() {
            failed = Some(e);
            break;
        }
    }
    let e = failed.expect("lr 1e3 should blow up");
    assert_eq!(e.key, "err.not_finite_loss");
    assert!(
        e.to_string().contains('∞') || e.to_string().contains("NaN"),
        "{e}"
    );
    let (it, w) = (tr.iteration(), tr.net().param("W1").unwrap().to_owned());
    let points = tr.history().losses().len();
    assert_eq!(
        tr.step().unwrap_err().key,
        "err.not_finite_loss",
        "stays stopped"
    );
    assert_eq!(tr.iteration(), it);
    assert_eq!(tr.history().losses().len(), points);
    let same = tr
        .net()
        .param("W1")
        .unwrap()
        .iter()
        .zip(w.iter())
        .all(|(a, b)| a.to_bits() == b.to_bits());
    assert!(same, "the failing step must not touch the weights");
}
