//! The evaluation path (issue #17 item 2): `Net::infer_scores` and `Net::count_right` give the forward's numbers
//! bit for bit while keeping no backward caches and copying no data; the epoch-end accuracy in chunks counts
//! exactly what `Net::accuracy` counts on the whole set; and a layer's buffers keep their memory when the batch
//! size switches between training batches and evaluation chunks.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::{s, Array1, Array2};
use nnlab::activation::Activation;
use nnlab::layer::{Affine, Convolution, Layer, Pooling, Relu};
use nnlab::net::{ConvNetConfig, Net, NetConfig, Output};
use nnlab::optim::{OptimConfig, SgdConfig};
use nnlab::rng::Rng;
use nnlab::train::{chunked_accuracy, TrainConfig, Trainer};

mod common;
use common::bundled;

/// A net trained for a few steps on the first 1,200 digits (so its scores are not all alike), and those digits
/// with their targets (one-hot, or "is it a 0" as one 0/1 column for a single sigmoid unit).
fn trained(net: Net, lr: f32) -> (Net, Array2<f32>, Array2<f32>) {
    let m = bundled().head(1_200);
    let mut t = m.t_one_hot();
    if net.config().output == 1 {
        t = t.slice(s![.., 0..1]).to_owned();
    }
    let x = m.x(true);
    let cfg = TrainConfig {
        optim: OptimConfig::Sgd(SgdConfig { lr }),
        batch_size: 100,
        iters: 6,
        eval_limit: 1_200,
        ..Default::default()
    };
    let mut tr = Trainer::new(net, (x.clone(), t.clone()), None, cfg).unwrap();
    while !tr.is_done() {
        tr.step().unwrap();
    }
    (tr.into_net(), x, t)
}

fn mlp(cfg: NetConfig) -> (Net, Array2<f32>, Array2<f32>) {
    trained(cfg.build().unwrap(), 0.1)
}

#[test]
fn evaluation_gives_the_forwards_scores_bit_for_bit() {
    let small_cnn = ConvNetConfig {
        filter_num: 4,
        hidden_size: 20,
        ..Default::default()
    };
    let nets = [
        ("784-50-10", mlp(NetConfig::default())),
        (
            "784-30-20-10 tanh/sigmoid",
            mlp(NetConfig {
                hidden: vec![30, 20],
                activation: vec![Activation::Tanh, Activation::Sigmoid],
                ..Default::default()
            }),
        ),
        (
            "SimpleConvNet (4 filters)",
            trained(small_cnn.build().unwrap(), 0.1),
        ),
    ];
    for (name, (mut net, x, _)) in nets {
        // Rows 250..650 of the data, borrowed: the evaluation reads a block of the set.
        let block = x.slice(s![250..650, ..]);
        let scores = net.infer_scores(block).unwrap().clone();
        // Without dropout or batch norm the training forward computes the same: compare with it too.
        let train_outs = net.forward_all_train(&block.to_owned()).unwrap();
        assert_eq!(
            &scores,
            train_outs.last().unwrap(),
            "{name}: infer vs the training forward"
        );
        let eval_outs = net.forward_all(&block.to_owned()).unwrap();
        assert_eq!(
            &scores,
            eval_outs.last().unwrap(),
            "{name}: infer vs forward_all"
        );
        // predict goes the same way, and each row's result does not depend on the rows beside it.
        let y = net.predict(&block.to_owned()).unwrap();
        assert_eq!(y, net.output_of(&scores), "{name}: predict");
        let one = net.predict(&x.slice(s![300..301, ..]).to_owned()).unwrap();
        assert_eq!(one.row(0), y.row(50), "{name}: one row alone");
    }
}

#[test]
fn evaluation_with_dropout_and_batch_norm_is_the_eval_mode_forward() {
    let (mut net, x, _) = mlp(NetConfig {
        hidden: vec![40, 40],
        dropout: 0.3,
        batchnorm: true,
        ..Default::default()
    });
    let block = x.slice(s![0..300, ..]);
    let scores = net.infer_scores(block).unwrap().clone();
    let outs = net.forward_all(&block.to_owned()).unwrap();
    assert_eq!(&scores, outs.last().unwrap());
    // The training forward draws dropout masks and uses the batch's statistics: it must differ.
    let train = net.forward_all_train(&block.to_owned()).unwrap();
    assert_ne!(&scores, train.last().unwrap());
    // That pass moved batch norm's running statistics; evaluation follows them as the eval forward does.
    let again = net.forward_all(&block.to_owned()).unwrap();
    assert_ne!(again.last().unwrap(), &scores);
    assert_eq!(net.infer_scores(block).unwrap(), again.last().unwrap());
}

#[test]
fn chunked_epoch_accuracy_counts_what_accuracy_counts_on_the_whole_set() {
    let cases = [
        ("softmax MLP", mlp(NetConfig::default()), 1_150),
        (
            "one sigmoid unit",
            mlp(NetConfig {
                output: 1,
                output_kind: Output::Sigmoid,
                ..Default::default()
            }),
            1_200,
        ),
        (
            "SimpleConvNet (2 filters)",
            trained(
                ConvNetConfig {
                    filter_num: 2,
                    hidden_size: 10,
                    ..Default::default()
                }
                .build()
                .unwrap(),
                0.1,
            ),
            1_000,
        ),
    ];
    for (name, (mut net, x, t), limit) in cases {
        let chunk = net.eval_rows();
        assert!(
            chunk < limit,
            "{name}: {chunk} rows a chunk, so that {limit} take several"
        );
        let chunked = chunked_accuracy(&mut net, &x, &t, limit).unwrap();
        let (xs, ts) = (
            x.slice(s![..limit, ..]).to_owned(),
            t.slice(s![..limit, ..]).to_owned(),
        );
        let whole = net.accuracy(&xs, &ts).unwrap();
        assert_eq!(chunked, whole, "{name}");
        let right = net
            .count_right(x.slice(s![..limit, ..]), t.slice(s![..limit, ..]))
            .unwrap();
        assert_eq!(right as f32 / limit as f32, whole, "{name}");
        assert!(
            right > 0 && right < limit,
            "{name}: {right} of {limit} is not a useful check"
        );
    }
}

/// The address of a layer's output for a batch of `n` rows.
fn out_at(layer: &mut dyn Layer, x: &Array2<f32>, n: usize) -> *const f32 {
    layer.forward(&x.slice(s![..n, ..]).to_owned()).as_ptr()
}

#[test]
fn buffers_keep_their_memory_when_the_batch_size_switches() {
    let mut rng = Rng::new(3);
    let x = Array2::from_shape_simple_fn((126, 784), || rng.normal());
    let w = Array2::from_shape_simple_fn((784, 20), || 0.1 * rng.normal());
    let f = ndarray::Array4::from_shape_simple_fn((3, 1, 5, 5), || 0.1 * rng.normal());
    let mut layers: Vec<(&str, Box<dyn Layer>)> = vec![
        ("Affine", Box::new(Affine::new(w, Array1::zeros(20)))),
        ("Relu", Box::new(Relu::default())),
        (
            "Convolution",
            Box::new(Convolution::new(f, Array1::zeros(3), (1, 28, 28), 1, 0).unwrap()),
        ),
        (
            "Pooling",
            Box::new(Pooling::new((1, 28, 28), (2, 2), 2, 0).unwrap()),
        ),
    ];
    for (name, layer) in &mut layers {
        // A training batch of 100, an evaluation chunk of 126 (SimpleConvNet's), then back and forth.
        out_at(layer.as_mut(), &x, 100);
        let big = out_at(layer.as_mut(), &x, 126);
        let back = out_at(layer.as_mut(), &x, 100);
        assert_eq!(
            back, big,
            "{name}: the 100-row batch reuses the memory of the 126-row chunk"
        );
        assert_eq!(out_at(layer.as_mut(), &x, 126), big, "{name}");
        assert_eq!(
            out_at(layer.as_mut(), &x, 7),
            big,
            "{name}: a short last chunk"
        );
        // And the numbers are those of a fresh layer: nothing stale from the larger batch shows.
        let out = layer.forward(&x.slice(s![..100, ..]).to_owned()).clone();
        assert_eq!(out.nrows(), 100, "{name}");
    }
    let mut fresh = Affine::new(
        Array2::from_shape_simple_fn((784, 20), || 0.1 * rng.normal()),
        Array1::zeros(20),
    );
    let mut used = fresh.clone();
    used.forward(&x);
    let small = x.slice(s![..50, ..]).to_owned();
    assert_eq!(used.forward(&small), fresh.forward(&small));
    // backward after a switch gives what a layer that never saw the big batch gives.
    let dout = Array2::from_elem((50, 20), 0.5f32);
    assert_eq!(used.backward(&dout), fresh.backward(&dout));
    assert_eq!(used.dW, fresh.dW);
}
