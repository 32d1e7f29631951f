//! `.npz` weight files as `np.savez(file, W1=…, b1=…)` writes them: a ZIP of `W1.npy`, `b1.npy`, …, each a
//! float32 `.npy`, plus, in the files nnlab writes, `network.npy`: a 0-d unicode array holding the network
//! description (JSON, see `netdesc`), so `json.loads(str(np.load(f)['network']))` reads it in NumPy.
//! `np.load(file)["W1"]` reads what `write` produces; `read` takes what NumPy writes (C or Fortran order).

use super::npy::{self, Array, Tensor};
use super::zip;
use crate::error::ensure;
use crate::Result;

/// The member that holds the network description.
pub const NETWORK: &str = "network";

/// The contents of an `.npz`: float arrays by name, and text members (the network description) by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Npz {
    pub arrays: Vec<(String, Tensor)>,
    pub texts: Vec<(String, String)>,
}

impl Npz {
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    }
}

/// An `.npz` archive of named float32 arrays, in the order given.
pub fn write(arrays: &[(String, Tensor)]) -> Vec<u8> {
    write_all(&Npz {
        arrays: arrays.to_vec(),
        texts: Vec::new(),
    })
}

/// An `.npz` archive of the arrays, then the texts (each a 0-d unicode array).
pub fn write_all(npz: &Npz) -> Vec<u8> {
    let arrays = npz
        .arrays
        .iter()
        .map(|(name, t)| (format!("{name}.npy"), npy::write(t)));
    let texts = npz
        .texts
        .iter()
        .map(|(name, t)| (format!("{name}.npy"), npy::write_text(t)));
    zip::write(&arrays.chain(texts).collect::<Vec<_>>())
}

/// The float arrays of an `.npz` archive (names without `.npy`); text members are skipped.
pub fn read(bytes: &[u8]) -> Result<Vec<(String, Tensor)>> {
    Ok(read_all(bytes)?.arrays)
}

/// Every member of an `.npz` archive: float arrays and 0-d unicode texts.
pub fn read_all(bytes: &[u8]) -> Result<Npz> {
    let entries = zip::read(bytes)?;
    let mut out = Npz::default();
    for (name, data) in entries {
        let name = name.strip_suffix(".npy").unwrap_or(&name).to_string();
        match npy::read_any(&name, &data)? {
            Array::Float(t) => out.arrays.push((name, t)),
            Array::Text(t) => out.texts.push((name, t)),
        }
    }
    ensure(!out.arrays.is_empty(), "mnist.err.no_arrays", [""; 0])?;
    Ok(out)
}
