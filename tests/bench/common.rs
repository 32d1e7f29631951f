//! What the native benches (`native.rs`, `threads.rs`) share: settings from the environment, the median, and the
//! bundled digits as every contestant gets them.

use nnlab::data::mnist::Mnist;

/// `name` from the environment as a whole number, else `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The median (the mean of the middle two for an even count).
pub fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let m = s.len() / 2;
    if !s.len().is_multiple_of(2) {
        s[m]
    } else {
        (s[m - 1] + s[m]) / 2.0
    }
}

/// The bundled digits: x (n × 784, byte / 255 rounded once to f32, exactly as the page's JS and NumPy compute it)
/// and the labels.
pub fn digits() -> (ndarray::Array2<f32>, Vec<u8>) {
    let top = env!("CARGO_MANIFEST_DIR");
    let read = |f: &str| std::fs::read(format!("{top}/www/data/{f}")).expect("bundled MNIST");
    let mnist = Mnist::from_idx(
        &read("mnist-images-idx3-ubyte.gz"),
        &read("mnist-labels-idx1-ubyte.gz"),
    )
    .expect("bundled MNIST parses");
    let n = mnist.len();
    let pixels: Vec<f32> = (0..n)
        .flat_map(|i| mnist.image(i).iter().map(|&b| (b as f64 / 255.0) as f32))
        .collect();
    let x = ndarray::Array2::from_shape_vec((n, 784), pixels).expect("n × 784");
    let labels: Vec<u8> = mnist.labels_usize().iter().map(|&l| l as u8).collect();
    (x, labels)
}
