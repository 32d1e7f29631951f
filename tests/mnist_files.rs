//! The MNIST lab's files, on the bundled digits (issue #12 items 7, 9, 12): our .npz carries the network's
//! description, so export → import gives back the very network (the same test accuracy, bit for bit, even when
//! the reader's activation choice is wrong and the network uses dropout); a file without a description keeps the
//! reader's choice; a data change keeps the network; the history CSVs are one table each, with no repeated row
//! and the accuracies as their exact fractions.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::activation::Activation;
use nnlab::data::mnist::Mnist;
use nnlab::data::npz;
use nnlab::labs::mnist::session::{Data, Origin, Session};
use nnlab::labs::mnist::weights::{export_npz, import, to_tensors};
use nnlab::labs::mnist::MnistLabConfig;

const IMAGES: &[u8] = include_bytes!("../www/data/mnist-images-idx3-ubyte.gz");
const LABELS: &[u8] = include_bytes!("../www/data/mnist-labels-idx1-ubyte.gz");

fn bundled(n_train: usize) -> Data {
    let all = Mnist::from_idx(IMAGES, LABELS).unwrap();
    Data::bundled(&all, n_train, 42).unwrap()
}

fn trained(cfg: &MnistLabConfig, data: &Data, steps: usize) -> Session {
    let mut s = Session::new(cfg, data, 2_000).unwrap();
    for _ in 0..steps {
        s.step().unwrap();
    }
    s
}

/// Item 7: a 0.93 ReLU network came back as 0.34, imported as sigmoid (the file did not say).
#[test]
fn our_npz_reimports_as_the_same_network_with_the_same_accuracy() {
    let data = bundled(8_000);
    let cfg = MnistLabConfig {
        hidden: vec![40, 20],
        init: "he",
        dropout: 0.2,
        ..Default::default()
    };
    let mut s = trained(&cfg, &data, 300);
    let before = s.report(&data).unwrap().accuracy;
    assert!(before > 0.6, "the network learned something: {before}");

    let bytes = export_npz(s.trainer.net());
    // The reader's choice says sigmoid; the file's description says ReLU with dropout 0.2.
    let back = import(&bytes, Activation::Sigmoid).unwrap();
    assert!(back.described);
    assert_eq!(back.net.config().activation, vec![Activation::Relu]);
    assert_eq!(back.net.config().dropout, 0.2);
    let mut s2 = Session::imported(back.net, "w.npz", &cfg, &data, 2_000).unwrap();
    let after = s2.report(&data).unwrap().accuracy;
    assert_eq!(after.to_bits(), before.to_bits(), "{before} → {after}");
    assert_eq!(s2.origin, Origin::Imported("w.npz".into()));
    assert!(!s2.untrained());

    // Without the description (as np.savez of the arrays writes it), the reader's choice is used.
    let plain = npz::write(&to_tensors(s.trainer.net()));
    let guessed = import(&plain, Activation::Sigmoid).unwrap();
    assert!(!guessed.described);
    assert_eq!(guessed.net.config().activation, vec![Activation::Sigmoid]);
}

/// Item 9: a data change keeps the network (its weights, its origin and the steps it trained).
#[test]
fn a_new_data_set_keeps_the_network() {
    let data = bundled(1_000);
    let cfg = MnistLabConfig {
        hidden: vec![30],
        init: "he",
        ..Default::default()
    };
    let s = trained(&cfg, &data, 60);
    assert!(!s.untrained());
    let other = bundled(3_000);
    let mut kept = s.carry_over(&cfg, &other, 2_000).unwrap();
    assert_eq!(kept.prior_steps, 60);
    assert_eq!(kept.iteration(), 0);
    for n in s.trainer.net().param_names() {
        assert_eq!(
            s.trainer.net().param(&n),
            kept.trainer.net().param(&n),
            "{n}"
        );
    }
    assert!(!kept.untrained());
    assert!(kept.report(&other).unwrap().accuracy > 0.3);
    assert!(Session::new(&cfg, &other, 2_000).unwrap().untrained());
}

/// Item 12: one table per file, no repeated epoch, and accuracies as exact fractions (no 0.84300005).
#[test]
fn the_history_csvs_are_single_tables_without_noise() {
    let data = bundled(1_000);
    let cfg = MnistLabConfig {
        hidden: vec![20],
        batch_size: 50,
        ..Default::default()
    };
    // 1,000 / 50 = 20 steps per epoch: 7 epochs.
    let s = trained(&cfg, &data, 140);
    let loss = s.loss_csv();
    let rows: Vec<&str> = loss.lines().collect();
    assert_eq!(rows[0], "iteration,loss,steps");
    assert_eq!(rows.len(), 141);
    assert!(
        rows[1..].iter().all(|r| r.split(',').count() == 3),
        "{loss}"
    );
    let acc = s.accuracy_csv(&data);
    let rows: Vec<Vec<&str>> = acc.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "epoch",
            "iteration",
            "train_acc",
            "test_acc",
            "train_digits",
            "test_digits"
        ]
    );
    assert_eq!(rows.len(), 8, "{acc}");
    for (e, r) in rows[1..].iter().enumerate() {
        assert_eq!(
            r[0],
            (e + 1).to_string(),
            "epochs in order, none repeated: {acc}"
        );
        assert_eq!((r[4], r[5]), ("1000", "2000"));
        for (col, n) in [(2, 1000.0), (3, 2000.0)] {
            let v: f32 = r[col].parse().unwrap();
            let right = (v as f64 * n).round();
            assert_eq!(r[col], ((right / n) as f32).to_string(), "{acc}");
        }
    }
}
