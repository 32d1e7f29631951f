//! Interop with real NumPy (run by `make test`, which installs numpy; ignored by a bare `cargo test`):
//! `np.load` reads the .npz nnlab exports, and nnlab reads what NumPy writes: `np.savez`,
//! `np.savez_compressed`, and `pickle.dump` of a dict of float32 arrays (the book's sample_weight.pkl format)
//! at protocols 2 to 5 (protocol 5, NumPy 2's form, reduces arrays through `numpy._core.numeric._frombuffer`).
//! Every array must come back bit-identical.

use std::path::PathBuf;
use std::process::Command;

use nnlab::data::npy::Tensor;
use nnlab::data::{npz, pickle};
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
    std::fs::write(dir.join("ours.npz"), npz::write(&ours)).unwrap();

    // NumPy loads our file (dtype and shapes checked there) and writes it back in every format we read.
    let script = r#"
import sys, pickle, numpy as np
d = sys.argv[1]
a = np.load(d + '/ours.npz')
net = {k: a[k] for k in a.files}
assert all(v.dtype == np.float32 for v in net.values()), 'dtype'
assert net['W1'].shape == (784, 50) and net['b3'].shape == (10,), 'shapes'
np.savez(d + '/savez.npz', **net)
np.savez_compressed(d + '/savez_compressed.npz', **net)
for p in (2, 3, 4, 5):
    with open(d + '/p%d.pkl' % p, 'wb') as f:
        pickle.dump(net, f, protocol=p)
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

    for f in ["savez.npz", "savez_compressed.npz"] {
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
