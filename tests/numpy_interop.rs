//! Interop with real NumPy (run by `make test`, which installs numpy; ignored by a bare `cargo test`):
//! `np.load` reads the .npz nnlab exports, and nnlab reads what NumPy writes: `np.savez`,
//! `np.savez_compressed`, and `pickle.dump` of a dict of float32 arrays (the book's sample_weight.pkl format)
//! at protocols 2 to 5 (protocol 5, NumPy 2's form, reduces arrays through `numpy._core.numeric._frombuffer`).
//! Every array must come back bit-identical. Also: NumPy reads the network description in our .npz
//! (`json.loads(str(np.load(f)['network']))`), `np.savez` of Fortran-ordered arrays (as the book's
//! sample_weight.pkl holds W1, W2, W3) imports, and pandas reads every CSV the app writes (the MNIST loss and
//! accuracy histories, the playground's points) with the right columns and the very same float32 values.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;

use nnlab::activation::Activation;
use nnlab::data::mnist::Mnist;
use nnlab::data::npy::Tensor;
use nnlab::data::toy2d::ToyConfig;
use nnlab::data::{npz, pickle, points_csv};
use nnlab::labs::mnist::session::{Data, Session};
use nnlab::labs::mnist::weights::{export_npz, from_tensors, import};
use nnlab::labs::mnist::MnistLabConfig;
use nnlab::rng::Rng;

/// The book's 784-50-100-10 shapes, filled with seeded normal values.
fn weights() -> Vec<(String, Tensor)> {
    let mut rng = Rng::new(7);
    let shapes: [(&str, Vec<usize>); 6] = [
        ("W1", vec![784, 50]),
        ("b1", vec![50]),
        ("W2", vec![50, 100]),
        ("b2", vec![100]),
        ("W3", vec![100, 10]),
        ("b3", vec![10]),
    ];
    shapes
        .into_iter()
        .map(|(n, shape)| {
            let len = shape.iter().product();
            (
                n.to_string(),
                Tensor {
                    shape,
                    data: (0..len).map(|_| rng.normal()).collect(),
                },
            )
        })
        .collect()
}

fn same(a: &[(String, Tensor)], b: &[(String, Tensor)], what: &str) {
    let mut a: Vec<_> = a.iter().collect();
    let mut b: Vec<_> = b.iter().collect();
    a.sort_by(|x, y| x.0.cmp(&y.0));
    b.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(a.len(), b.len(), "{what}: array count");
    for ((na, ta), (nb, tb)) in a.iter().zip(&b) {
        assert_eq!(na, nb, "{what}: names");
        assert_eq!(ta.shape, tb.shape, "{what}: shape of {na}");
        let bits = |t: &Tensor| t.data.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert!(bits(ta) == bits(tb), "{what}: values of {na} differ");
    }
}

#[test]
#[ignore = "needs python3 with numpy; `make test` installs numpy and runs this"]
fn numpy_loads_our_npz_and_we_load_what_numpy_writes() {
    let dir: PathBuf = std::env::temp_dir().join(format!("nnlab-numpy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ours = weights();
    // Our export: the arrays and the network description.
    let net = from_tensors(&ours, Activation::Sigmoid).unwrap();
    std::fs::write(dir.join("ours.npz"), export_npz(&net)).unwrap();

    // NumPy loads our file (dtype and shapes checked there) and writes it back in every format we read.
    let script = r#"
import sys, pickle, numpy as np
d = sys.argv[1]
import json
a = np.load(d + '/ours.npz')
desc = json.loads(str(a['network']))
assert desc['format'] == 'nnlab-network' and desc['input_dim'] == [784], desc
assert [l['type'] for l in desc['layers']] == ['Affine', 'Sigmoid', 'Affine', 'Sigmoid', 'Affine', 'SoftmaxWithLoss'], desc
assert [l.get('out') for l in desc['layers'] if l['type'] == 'Affine'] == [50, 100, 10], desc
net = {k: a[k] for k in a.files if k != 'network'}
assert all(v.dtype == np.float32 for v in net.values()), 'dtype'
assert net['W1'].shape == (784, 50) and net['b3'].shape == (10,), 'shapes'
np.savez(d + '/savez.npz', **net)
np.savez_compressed(d + '/savez_compressed.npz', **net)
for p in (2, 3, 4, 5):
    with open(d + '/p%d.pkl' % p, 'wb') as f:
        pickle.dump(net, f, protocol=p)
# Fortran order, as np.savez writes the book's W1, W2, W3 (Fortran-ordered in sample_weight.pkl).
np.savez(d + '/fortran.npz', **{k: np.asfortranarray(v) for k, v in net.items()})
with open(d + '/fortran.npz', 'rb') as f:
    assert b"'fortran_order': True" in f.read(), 'not written in Fortran order'
print('numpy', np.__version__)
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&dir)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "numpy could not load our .npz or write its files:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    for f in ["savez.npz", "savez_compressed.npz", "fortran.npz"] {
        let back =
            npz::read(&std::fs::read(dir.join(f)).unwrap()).unwrap_or_else(|e| panic!("{f}: {e}"));
        same(&ours, &back, f);
    }
    for p in [2, 3, 4, 5] {
        let f = format!("p{p}.pkl");
        let back = pickle::read_weights(&std::fs::read(dir.join(&f)).unwrap())
            .unwrap_or_else(|e| panic!("{f}: {e}"));
        same(&ours, &back, &f);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue #12 item 12: every CSV the app writes is one table that `pandas.read_csv` reads, with the columns and
/// the float32 values we wrote (their bits, compared in Python).
#[test]
#[ignore = "needs python3 with numpy and pandas; `make test` installs them and runs this"]
fn pandas_reads_every_csv_we_write() {
    let dir: PathBuf = std::env::temp_dir().join(format!("nnlab-pandas-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let all = Mnist::from_idx(
        include_bytes!("../www/data/mnist-images-idx3-ubyte.gz"),
        include_bytes!("../www/data/mnist-labels-idx1-ubyte.gz"),
    )
    .unwrap();
    let data = Data::bundled(&all, 1_000, 42).unwrap();
    let cfg = MnistLabConfig {
        hidden: vec![20],
        batch_size: 50,
        ..Default::default()
    };
    let mut s = Session::new(&cfg, &data, 2_000).unwrap();
    for _ in 0..100 {
        s.step().unwrap();
    }
    let points = ToyConfig::default().generate().points;
    let bits = |v: Vec<f32>| {
        v.iter()
            .map(|x| x.to_bits().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let h = s.history();
    let files = [
        (
            "loss.csv",
            s.loss_csv(),
            "iteration,loss,steps",
            bits(h.losses().to_vec()),
            "loss",
        ),
        (
            "accuracy.csv",
            s.accuracy_csv(&data),
            "epoch,iteration,train_acc,test_acc,train_digits,test_digits",
            bits(h.epochs().iter().map(|e| e.train_acc).collect()),
            "train_acc",
        ),
        (
            "points.csv",
            points_csv::export(&points),
            "x1,x2,t,split",
            bits(points.iter().map(|p| p.x[0]).collect()),
            "x1",
        ),
    ];
    let mut checks = String::new();
    for (name, text, columns, bits, col) in &files {
        std::fs::write(dir.join(name), text).unwrap();
        checks.push_str(&format!(
            "check('{name}', '{columns}', '{bits}', '{col}')\n"
        ));
    }
    let script = format!(
        r#"
import sys, numpy as np, pandas as pd
d = sys.argv[1]
def check(name, columns, bits, col):
    df = pd.read_csv(d + '/' + name)
    assert list(df.columns) == columns.split(','), (name, list(df.columns))
    assert not df.duplicated().any(), (name, 'a repeated row')
    want = np.array([int(b) for b in bits.split()], dtype=np.uint32)
    got = df[col].to_numpy(dtype=np.float64).astype(np.float32).view(np.uint32)
    assert len(got) == len(want) and (got == want).all(), (name, col, df[col].head())
{checks}
acc = pd.read_csv(d + '/accuracy.csv')
assert acc.epoch.is_unique and (acc.epoch == range(1, len(acc) + 1)).all(), acc
assert (acc.train_digits == 1000).all() and (acc.test_digits == 2000).all(), acc
print('pandas', pd.__version__)
"#
    );
    let out = Command::new("python3")
        .arg("-c")
        .arg(&script)
        .arg(&dir)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "pandas could not read our CSVs:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Item 7 with NumPy in the loop: our file, loaded and saved again by NumPy with the description kept, still
/// imports as the described network.
#[test]
#[ignore = "needs python3 with numpy; `make test` installs numpy and runs this"]
fn a_description_kept_by_numpy_still_imports() {
    let dir: PathBuf = std::env::temp_dir().join(format!("nnlab-desc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let net = from_tensors(&weights(), Activation::Tanh).unwrap();
    std::fs::write(dir.join("ours.npz"), export_npz(&net)).unwrap();
    let script = r#"
import sys, numpy as np
d = sys.argv[1]
a = np.load(d + '/ours.npz')
np.savez(d + '/again.npz', **{k: a[k] for k in a.files})
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&dir)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back = import(
        &std::fs::read(dir.join("again.npz")).unwrap(),
        Activation::Relu,
    )
    .unwrap();
    assert!(back.described);
    assert_eq!(back.net.config().activation, vec![Activation::Tanh]);
    let _ = std::fs::remove_dir_all(&dir);
}
