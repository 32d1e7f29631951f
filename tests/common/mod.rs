//! What several native test crates share: the bundled MNIST digits (www/data/, 10,000 of the official set).

use nnlab::data::mnist::Mnist;

/// The bundled digits, as the labs load them.
pub fn bundled() -> Mnist {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/");
    let im = std::fs::read(format!("{dir}mnist-images-idx3-ubyte.gz")).expect("bundled images");
    let lb = std::fs::read(format!("{dir}mnist-labels-idx1-ubyte.gz")).expect("bundled labels");
    Mnist::from_idx(&im, &lb).expect("bundled digits parse")
}
