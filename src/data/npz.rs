//! `.npz` weight files as `np.savez(file, W1=…, b1=…)` writes them: a ZIP of `W1.npy`, `b1.npy`, …, each a
//! float32 `.npy`. `np.load(file)["W1"]` reads what `write` produces; `read` takes what NumPy writes.

use super::npy::{self, Tensor};
use super::zip;
use crate::error::ensure;
use crate::Result;

/// An `.npz` archive of named float32 arrays, in the order given.
pub fn write(arrays: &[(String, Tensor)]) -> Vec<u8> {
    let entries: Vec<(String, Vec<u8>)> = arrays
        .iter()
        .map(|(name, t)| (format!("{name}.npy"), npy::write(t)))
        .collect();
    zip::write(&entries)
}

/// The named arrays of an `.npz` archive (names without `.npy`).
pub fn read(bytes: &[u8]) -> Result<Vec<(String, Tensor)>> {
    let entries = zip::read(bytes)?;
    ensure(!entries.is_empty(), "mnist.err.no_arrays", [""; 0])?;
    entries
        .into_iter()
        .map(|(name, data)| {
            let name = name.strip_suffix(".npy").unwrap_or(&name).to_string();
            Ok((name, npy::read(&data)?))
        })
        .collect()
}
