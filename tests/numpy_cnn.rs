//! The book's pretrained-CNN pickles, made by real NumPy (run by `make test-native`, which installs numpy;
//! ignored by a bare `cargo test`): dicts {'W1': ndarray, 'b1': …} shaped like `ch07/params.pkl`
//! (SimpleConvNet: W1 30×1×5×5 … W3 100×10) and `ch08/deep_convnet_params.pkl` (DeepConvNet: W1 16×1×3×3 …
//! W8 50×10), pickled at protocols 2 to 5 in float64 (the book's) and float32, one with a Fortran-order W1.
//! nnlab loads each into its net and must predict what the book's own algorithm (im2col convolution, max
//! pooling, test-time Dropout × (1 − ratio), written below in NumPy) predicts for the same digits.
//! The lab's import (`labs::cnn::import::read_cnn`) reads each as its kind (SimpleConvNet or DeepConvNet).
//! A file with a wrong shape is refused with a message naming the array.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;

use nnlab::data::{npy, pickle};
use nnlab::labs::cnn::import::{read_cnn, CnnKind};
use nnlab::labs::cnn::train_config::CnnTrainConfig;
use nnlab::net::{cnn_from_tensors, Arch};

const SCRIPT: &str = r#"
import sys, pickle, numpy as np
d = sys.argv[1]
rng = np.random.RandomState(0)

def im2col(x, fh, fw, stride, pad):
    n, c, h, w = x.shape
    oh = (h + 2 * pad - fh) // stride + 1
    ow = (w + 2 * pad - fw) // stride + 1
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], 'constant')
    col = np.zeros((n, c, fh, fw, oh, ow))
    for y in range(fh):
        for xx in range(fw):
            col[:, :, y, xx, :, :] = img[:, :, y:y + stride * oh:stride, xx:xx + stride * ow:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1), oh, ow

def conv(x, W, b, stride=1, pad=0):
    fn = W.shape[0]
    col, oh, ow = im2col(x, W.shape[2], W.shape[3], stride, pad)
    out = col @ W.reshape(fn, -1).T + b
    return out.reshape(x.shape[0], oh, ow, -1).transpose(0, 3, 1, 2)

def pool(x, p=2, stride=2):
    n, c = x.shape[:2]
    col, oh, ow = im2col(x, p, p, stride, 0)
    out = col.reshape(-1, p * p).max(axis=1)
    return out.reshape(n, oh, ow, c).transpose(0, 3, 1, 2)

relu = lambda v: np.maximum(v, 0)

def softmax(a):
    a = a - a.max(axis=1, keepdims=True)
    e = np.exp(a)
    return e / e.sum(axis=1, keepdims=True)

def simple(x, p):
    h = pool(relu(conv(x, p['W1'], p['b1'])))
    h = relu(h.reshape(x.shape[0], -1) @ p['W2'] + p['b2'])
    return softmax(h @ p['W3'] + p['b3'])

def deep(x, p):
    pads = [1, 1, 1, 2, 1, 1]
    h = x
    for i in range(6):
        h = relu(conv(h, p['W%d' % (i + 1)], p['b%d' % (i + 1)], 1, pads[i]))
        if i % 2 == 1:
            h = pool(h)
    h = relu(h.reshape(x.shape[0], -1) @ p['W7'] + p['b7']) * 0.5
    return softmax((h @ p['W8'] + p['b8']) * 0.5)

sp = {'W1': 0.3 * rng.randn(30, 1, 5, 5), 'b1': 0.1 * rng.randn(30),
      'W2': 0.05 * rng.randn(4320, 100), 'b2': 0.1 * rng.randn(100),
      'W3': 0.3 * rng.randn(100, 10), 'b3': 0.1 * rng.randn(10)}
dp = {}
c = 1
for i, f in enumerate([16, 16, 32, 32, 64, 64]):
    dp['W%d' % (i + 1)] = np.sqrt(2.0 / (c * 9)) * rng.randn(f, c, 3, 3)
    dp['b%d' % (i + 1)] = 0.1 * rng.randn(f)
    c = f
dp['W7'] = np.sqrt(2.0 / 1024) * rng.randn(1024, 50); dp['b7'] = 0.1 * rng.randn(50)
dp['W8'] = np.sqrt(2.0 / 50) * rng.randn(50, 10); dp['b8'] = 0.1 * rng.randn(10)
# Round the parameters through float32 so that the float32 and float64 files describe the same net.
sp = {k: v.astype(np.float32).astype(np.float64) for k, v in sp.items()}
dp = {k: v.astype(np.float32).astype(np.float64) for k, v in dp.items()}
x = rng.rand(6, 1, 28, 28).astype(np.float32).astype(np.float64)
np.save(d + '/x.npy', x.reshape(6, -1).astype(np.float32))
np.save(d + '/y_simple.npy', simple(x, sp))
np.save(d + '/y_deep.npy', deep(x, dp))
for name, params in (('simple', sp), ('deep', dp)):
    for proto in (2, 3, 4, 5):
        for dt in ('float64', 'float32'):
            with open('%s/%s_p%d_%s.pkl' % (d, name, proto, dt), 'wb') as f:
                pickle.dump({k: v.astype(dt) for k, v in params.items()}, f, protocol=proto)
fortran = dict(sp); fortran['W1'] = np.asfortranarray(sp['W1'])
with open(d + '/simple_fortran.pkl', 'wb') as f:
    pickle.dump(fortran, f, protocol=4)
bad = dict(dp); bad['W7'] = dp['W7'][:1000]
with open(d + '/deep_bad.pkl', 'wb') as f:
    pickle.dump(bad, f, protocol=4)
print('numpy', np.__version__)
"#;

#[test]
#[ignore = "needs python3 with numpy; `make test-native` runs this"]
fn the_books_cnn_pickles_load_and_predict_as_numpy_does() {
    let dir: PathBuf = std::env::temp_dir().join(format!("nnlab-numpy-cnn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(&dir)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "numpy could not write the pickles:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    let x = npy::read(&read("x.npy")).unwrap();
    let x = ndarray::Array2::from_shape_vec((x.shape[0], x.shape[1]), x.data).unwrap();
    let mut files: Vec<String> = Vec::new();
    for name in ["simple", "deep"] {
        for p in [2, 3, 4, 5] {
            for dt in ["float64", "float32"] {
                files.push(format!("{name}_p{p}_{dt}.pkl"));
            }
        }
    }
    files.push("simple_fortran.pkl".into());
    for f in &files {
        let arrays = pickle::read_weights(&read(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        let mut net = cnn_from_tensors(&arrays).unwrap_or_else(|e| panic!("{f}: {e}"));
        let deep = f.starts_with("deep");
        assert_eq!(matches!(net.arch(), Arch::DeepConv(_)), deep, "{f}");
        let want = npy::read(&read(if deep { "y_deep.npy" } else { "y_simple.npy" })).unwrap();
        let y = net.predict(&x).unwrap();
        let worst = y
            .iter()
            .zip(&want.data)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        assert!(worst < 1e-4, "{f}: |y − NumPy's y| up to {worst}");
        // The outputs are not trivially uniform: the check compares real predictions.
        let spread = want.data.iter().fold(0.0f32, |m, &v| m.max(v)) - 0.1;
        assert!(spread > 0.05, "{f}: {spread}");
        // The lab's import (the same path the page and the parse worker take) gives the same net, and its kind.
        let (kind, _, mut lab_net) =
            read_cnn(&read(f), &CnnTrainConfig::default()).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert_eq!(kind == CnnKind::Deep, deep, "{f}");
        assert_eq!(lab_net.predict(&x).unwrap(), y, "{f}");
    }
    let e = read_cnn(&read("deep_bad.pkl"), &CnnTrainConfig::default()).unwrap_err();
    assert!(e.to_string().contains("W7"), "{e}");
    let e = cnn_from_tensors(&pickle::read_weights(&read("deep_bad.pkl")).unwrap()).unwrap_err();
    assert_eq!(e.key, "err.param_shape");
    assert!(
        e.to_string().contains("W7") && e.to_string().contains("(1000, 50)"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
