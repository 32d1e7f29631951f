//! A benchmark, not a test (ignored; prints, asserts only that both sides computed the same thing): one
//! SimpleConvNet training step (the book's defaults: conv 30 × 5×5 → ReLU → pool 2×2 → Affine 4320→100 → ReLU →
//! Affine 100→10 → softmax, Adam lr 0.001, batch 100) in nnlab against the book's own NumPy algorithm
//! (`common/layers.py` with im2col/col2im, float32, one BLAS thread), from the same initial weights on the same
//! batches of bundled digits. Run it with
//! `cargo test --release --test numpy_cnn_bench -- --ignored --nocapture` (python3 with numpy needed).
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;
use std::time::Instant;

use ndarray::{s, Array2};
use nnlab::data::npy::{self, Tensor};
use nnlab::data::npz;
use nnlab::net::ConvNetConfig;
use nnlab::optim::{AdamConfig, OptimConfig};
use nnlab::train::update;

mod common;

const BS: usize = 100;
const WARMUP: usize = 3;
const STEPS: usize = 30;

/// The book's SimpleConvNet in float32 NumPy (tests/bench/numpy_cnn.py, our transcription of common/layers.py and
/// common/util.py, shared with `make bench`) with the book's Adam (common/optimizer.py).
const SCRIPT: &str = r#"
import sys, json, time, numpy as np
d, warmup, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sys.path.insert(0, sys.argv[4])
from numpy_cnn import SimpleConvNet
f32 = np.float32
p = {k: v.astype(f32) for k, v in np.load(d + '/w.npz').items()}
X = np.load(d + '/x.npy').astype(f32).reshape(-1, 1, 28, 28)
T = np.load(d + '/t.npy').astype(f32)
net = SimpleConvNet(p)

class Adam:
    def __init__(s, lr=0.001, b1=0.9, b2=0.999):
        s.lr, s.b1, s.b2, s.it, s.m, s.v = lr, b1, b2, 0, None, None
    def update(s, params, grads):
        if s.m is None:
            s.m = {k: np.zeros_like(v) for k, v in params.items()}
            s.v = {k: np.zeros_like(v) for k, v in params.items()}
        s.it += 1
        lr_t = f32(s.lr * np.sqrt(1.0 - s.b2 ** s.it) / (1.0 - s.b1 ** s.it))
        for k in params:
            s.m[k] += f32(1 - s.b1) * (grads[k] - s.m[k])
            s.v[k] += f32(1 - s.b2) * (grads[k] ** 2 - s.v[k])
            params[k] -= lr_t * s.m[k] / (np.sqrt(s.v[k]) + f32(1e-7))

opt, losses, bs = Adam(), [], 100
nb = X.shape[0] // bs
for i in range(warmup + steps):
    if i == warmup:
        t0 = time.perf_counter()
    k = i % nb
    loss, g = net.gradient(X[k * bs:(k + 1) * bs], T[k * bs:(k + 1) * bs])
    losses.append(float(loss))
    opt.update(p, g)
secs = time.perf_counter() - t0
print(json.dumps({'numpy': np.__version__, 'seconds': secs, 'losses': losses}))
"#;

fn tensor(a: &Array2<f32>) -> Tensor {
    Tensor {
        shape: a.shape().to_vec(),
        data: a.iter().copied().collect(),
    }
}

#[test]
#[ignore = "a benchmark: prints ms per SimpleConvNet step for nnlab and the book's NumPy code"]
fn simple_convnet_step_vs_the_books_numpy() {
    let data = common::bundled().head(1000);
    let (x, t) = (data.x(true), data.t_one_hot());
    let mut net = ConvNetConfig::default().build().unwrap();

    let tmp = std::env::temp_dir().join(format!("nnlab-cnn-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("w.npz"), npz::write(&net.to_tensors())).unwrap();
    std::fs::write(tmp.join("x.npy"), npy::write(&tensor(&x))).unwrap();
    std::fs::write(tmp.join("t.npy"), npy::write(&tensor(&t))).unwrap();

    let mut opt = OptimConfig::Adam(AdamConfig::default()).build().unwrap();
    let nb = x.nrows() / BS;
    let batches: Vec<(Array2<f32>, Array2<f32>)> = (0..nb)
        .map(|k| {
            let r = s![k * BS..(k + 1) * BS, ..];
            (x.slice(r).to_owned(), t.slice(r).to_owned())
        })
        .collect();
    let mut losses = Vec::new();
    let mut t0 = Instant::now();
    for i in 0..WARMUP + STEPS {
        if i == WARMUP {
            t0 = Instant::now();
        }
        let (xb, tb) = &batches[i % nb];
        losses.push(update(&mut net, opt.as_mut(), xb, tb).unwrap());
    }
    let ours = t0.elapsed().as_secs_f64() * 1e3 / STEPS as f64;

    let out = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .args([
            tmp.to_str().unwrap(),
            &WARMUP.to_string(),
            &STEPS.to_string(),
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bench"),
        ])
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("OMP_NUM_THREADS", "1")
        .env("MKL_NUM_THREADS", "1")
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let secs: f64 = text
        .split("\"seconds\": ")
        .nth(1)
        .and_then(|s| s.split([',', '}']).next())
        .and_then(|s| s.trim().parse().ok())
        .expect("seconds");
    let np_losses: Vec<f32> = text
        .split("\"losses\": [")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .map(|s| s.split(',').filter_map(|v| v.trim().parse().ok()).collect())
        .unwrap_or_default();
    let theirs = secs * 1e3 / STEPS as f64;
    let version = text
        .split("\"numpy\": \"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("?");
    println!(
        "SimpleConvNet step, batch {BS}, Adam, one thread: nnlab {ours:.1} ms, NumPy {version} (the book's im2col code) {theirs:.1} ms: nnlab {:.2}× NumPy's speed",
        theirs / ours
    );
    println!(
        "losses: first {:.5} vs {:.5}, last {:.5} vs {:.5}",
        losses[0],
        np_losses[0],
        losses[losses.len() - 1],
        np_losses[np_losses.len() - 1]
    );
    assert_eq!(np_losses.len(), losses.len());
    assert!((losses[0] - np_losses[0]).abs() < 1e-4 * losses[0]);
    let (a, b) = (losses[losses.len() - 1], np_losses[np_losses.len() - 1]);
    assert!((a - b).abs() < 0.01 * b, "the runs diverged: {a} vs {b}");
}
