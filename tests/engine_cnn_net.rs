//! The CNNs as `Net`s: gradient checks of whole small CNNs, SimpleConvNet's and DeepConvNet's shapes, the
//! book's Dropout convention at test time, loading named arrays (the pickles' and .npz's W1, b1, …) with wrong
//! shapes refused by name, and a short fixed-seed SimpleConvNet run on bundled digits whose loss falls.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::Array2;
use nnlab::data::npz;
use nnlab::init::Init;
use nnlab::layer::Layer;
use nnlab::loss::one_hot;
use nnlab::net::{cnn_from_tensors, ConvNetConfig, DeepConvNetConfig, NetLayer};
use nnlab::optim::{AdamConfig, OptimConfig};
use nnlab::rng::Rng;
use nnlab::train::{TrainConfig, Trainer};

mod common;
use common::bundled;

/// A batch of `n` random images (C·H·W wide) kept away from 0 and one-hot targets over `k` classes.
fn batch(n: usize, width: usize, k: usize, rng: &mut Rng) -> (Array2<f32>, Array2<f32>) {
    let x = Array2::from_shape_simple_fn((n, width), || {
        let v = rng.normal();
        v + 0.2 * v.signum()
    });
    let labels: Vec<usize> = (0..n).map(|i| i % k).collect();
    (x, one_hot(&labels, k).unwrap())
}

#[test]
fn whole_small_cnns_backprop_matches_the_numerical_gradient() {
    // Conv → ReLU → Pool → Affine → ReLU → Affine → softmax, with and without pad and stride.
    let configs = [
        ConvNetConfig {
            input_dim: (1, 8, 8),
            filter_num: 3,
            filter_size: 3,
            pad: 1,
            stride: 1,
            hidden_size: 6,
            output_size: 4,
            init: Init::Std(0.3),
            seed: 5,
        },
        ConvNetConfig {
            input_dim: (2, 11, 11),
            filter_num: 4,
            filter_size: 3,
            pad: 1,
            stride: 2,
            hidden_size: 5,
            output_size: 3,
            init: Init::He,
            seed: 6,
        },
        ConvNetConfig {
            input_dim: (2, 7, 9),
            filter_num: 2,
            filter_size: 2,
            pad: 0,
            stride: 1,
            hidden_size: 4,
            output_size: 3,
            init: Init::He,
            seed: 7,
        },
    ];
    let mut rng = Rng::new(9);
    for cfg in configs {
        let mut net = cfg.build().unwrap();
        let (c, h, w) = cfg.input_dim;
        let (x, t) = batch(3, c * h * w, cfg.output_size, &mut rng);
        let bp = net.gradient(&x, &t).unwrap();
        let num = net.numerical_gradient_h(&x, &t, 1e-3).unwrap();
        assert_eq!(bp.names(), ["W1", "b1", "W2", "b2", "W3", "b3"]);
        assert_eq!(
            bp.get("W1").unwrap().shape(),
            &[cfg.filter_num, c, cfg.filter_size, cfg.filter_size]
        );
        let e = bp.relative_error(&num);
        assert!(
            e < 2e-2,
            "{cfg:?}: relative error {e:e}, mean |diff| {:?}",
            bp.mean_abs_diff(&num)
        );
        // A wrong gradient is caught: scale dW1 and the check fails.
        let mut wrong = bp.clone();
        wrong.entries[0].1 *= 1.5;
        assert!(wrong.relative_error(&num) > 0.1);
    }
}

#[test]
fn simple_convnet_has_the_books_shapes_and_433890_parameters() {
    let cfg = ConvNetConfig::default();
    assert_eq!(
        (
            cfg.filter_num,
            cfg.filter_size,
            cfg.pad,
            cfg.stride,
            cfg.hidden_size
        ),
        (30, 5, 0, 1, 100)
    );
    assert_eq!(cfg.init, Init::Std(0.01));
    let mut net = cfg.build().unwrap();
    assert_eq!(net.param_count(), 433_890);
    assert_eq!(net.param_names(), ["W1", "b1", "W2", "b2", "W3", "b3"]);
    // Std 0.01 weights give near-uniform softmax outputs: the first loss is about ln 10.
    let mut rng = Rng::new(1);
    let x = Array2::from_shape_simple_fn((4, 784), || rng.uniform());
    let t = one_hot(&[1, 2, 3, 4], 10).unwrap();
    let loss = net.loss(&x, &t).unwrap();
    assert!((loss - 10f32.ln()).abs() < 0.01, "{loss}");
    // Every layer's output, for the feature-map views: conv 30×24×24, pooled 30×12×12.
    let outs = net.forward_all(&x).unwrap();
    let widths: Vec<usize> = outs.iter().map(|o| o.ncols()).collect();
    assert_eq!(widths, [17_280, 17_280, 4_320, 100, 100, 10]);
    // A batch of the wrong width is refused.
    assert_eq!(
        net.predict(&Array2::zeros((2, 783))).unwrap_err().key,
        "err.shape"
    );
}

#[test]
fn deep_convnet_predicts_with_the_books_dropout_scaling() {
    let mut net = DeepConvNetConfig::default().build().unwrap();
    assert_eq!(net.depth(), 8);
    let mut rng = Rng::new(2);
    let x = Array2::from_shape_simple_fn((3, 784), || rng.uniform());
    let outs = net.forward_all(&x).unwrap();
    assert_eq!(outs.len(), 20);
    // Conv 4 has pad 2: 14 → 16, pooled to 8; the last pool gives 64·4·4 = 1,024.
    assert_eq!(outs[7].ncols(), 32 * 16 * 16);
    assert_eq!(outs[14].ncols(), 1024);
    // At test time Dropout multiplies by 1 − 0.5 (the book's, not inverted dropout).
    assert!(matches!(net.layers()[19], NetLayer::Dropout(_)));
    let halved = &outs[18] * 0.5;
    assert_eq!(outs[19], halved);
    assert_eq!(outs[17], &outs[16] * 0.5);
    let y = net.predict(&x).unwrap();
    for row in y.rows() {
        assert!((row.sum() - 1.0).abs() < 1e-5);
    }
    // Training mode drops units: a backprop step runs and gives finite gradients for all eight layers.
    let t = one_hot(&[0, 1, 2], 10).unwrap();
    let g = net.gradient(&x, &t).unwrap();
    assert_eq!(g.entries.len(), 16);
    assert!(net.grads_are_finite());
}

#[test]
fn weights_load_by_name_and_wrong_shapes_are_refused_naming_the_array() {
    let src = ConvNetConfig {
        seed: 3,
        ..Default::default()
    }
    .build()
    .unwrap();
    let arrays = src.to_tensors();
    assert_eq!(arrays[0].1.shape, vec![30, 1, 5, 5]);
    // Through .npz bytes and back into a net built from the shapes alone.
    let read = npz::read(&npz::write(&arrays)).unwrap();
    let mut net = cnn_from_tensors(&read).unwrap();
    for name in src.param_names() {
        assert_eq!(net.param(&name), src.param(&name), "{name}");
    }
    // W2 of the wrong shape: refused with its name, and nothing changed.
    let before = net.param("W1").unwrap().to_owned();
    let mut wrong = arrays.clone();
    wrong[2].1.shape = vec![100, 4320];
    let e = net.load_tensors(&wrong).unwrap_err();
    assert_eq!(e.key, "err.param_shape");
    assert!(
        e.to_string().contains("W2") && e.to_string().contains("(4320, 100)"),
        "{e}"
    );
    assert_eq!(net.param("W1").unwrap(), before.view());
    let missing: Vec<_> = arrays.iter().filter(|(n, _)| n != "b3").cloned().collect();
    assert_eq!(
        net.load_tensors(&missing).unwrap_err().key,
        "err.param_missing"
    );
    // The SimpleConvNet arrays do not fit a DeepConvNet: W1 is 30×1×5×5, not 16×1×3×3.
    let mut deep = DeepConvNetConfig::default().build().unwrap();
    let e = deep.load_tensors(&arrays).unwrap_err();
    assert!(e.to_string().contains("W1"), "{e}");
    // Extra W/b arrays are not silently ignored.
    let mut extra = arrays.clone();
    extra.push(("W4".into(), arrays[5].1.clone()));
    assert_eq!(net.load_tensors(&extra).unwrap_err().key, "err.param_extra");
    // A DeepConvNet's eight W's round-trip too.
    let deep_arrays = deep.to_tensors();
    let back = cnn_from_tensors(&deep_arrays).unwrap();
    assert!(matches!(back.arch(), nnlab::net::Arch::DeepConv(_)));
    assert_eq!(back.param("W7"), deep.param("W7"));
}

#[test]
fn simple_convnet_learns_bundled_digits() {
    let data = bundled().head(300);
    let x = data.x(true);
    let t = data.t_one_hot();
    let net = ConvNetConfig::default().build().unwrap();
    let cfg = TrainConfig {
        optim: OptimConfig::Adam(AdamConfig::default()),
        batch_size: 50,
        iters: 30,
        seed: 1,
        eval_limit: 300,
        ..Default::default()
    };
    let mut trainer = Trainer::new(net, (x, t), None, cfg).unwrap();
    let mut losses = Vec::new();
    while !trainer.is_done() {
        losses.push(trainer.step().unwrap().loss);
    }
    let first: f32 = losses[..3].iter().sum::<f32>() / 3.0;
    let last: f32 = losses[losses.len() - 3..].iter().sum::<f32>() / 3.0;
    println!("SimpleConvNet on 300 digits: loss {first:.3} → {last:.3}");
    assert!((first - 10f32.ln()).abs() < 0.1, "{first}");
    assert!(
        last < 0.6 * first,
        "the loss did not fall: {first} → {last}"
    );
    let epochs = trainer.history().epochs();
    assert_eq!(epochs.len(), 30 / 6);
    assert!(
        epochs.last().unwrap().train_acc > 0.6,
        "{:?}",
        epochs.last()
    );
    // The layers a view reads: the first layer is the convolution, with 30 filters.
    assert_eq!(
        trainer.net().layers()[0].convolution().unwrap().filters(),
        30
    );
    let _ = trainer.net().layers()[1].name();
}

/// The same check through our matrix product (src/gemm/), which the browser build uses for every layer.
#[test]
fn the_cnn_check_holds_through_our_matrix_product() {
    nnlab::gemm::use_ours_on_this_thread(true);
    whole_small_cnns_backprop_matches_the_numerical_gradient();
}
