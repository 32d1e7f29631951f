//! The NumPy `.npy` format: `\x93NUMPY`, version (1.0 written; 1.0/2.0/3.0 read), a little-endian header length,
//! then a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (784, 50), }` padded with spaces
//! to a multiple of 64 bytes and ended by `\n`, then the raw array data in C order.

use crate::error::ensure;
use crate::{Error, Result};

const MAGIC: &[u8] = b"\x93NUMPY";
/// The most elements one array may have (a 4096 × 4096 layer).
pub const MAX_ELEMENTS: usize = 1 << 24;

/// An f32 array with its shape (C order), as NumPy and the book name them (W1 is 784 × 50, b1 is 50).
#[derive(Clone, Debug, PartialEq)]
pub struct Tensor {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

impl Tensor {
    pub fn shape_text(&self) -> String {
        let dims: Vec<String> = self.shape.iter().map(|d| d.to_string()).collect();
        format!("({})", dims.join(", "))
    }
}

/// The number of elements of a shape, or None on overflow or when it passes `MAX_ELEMENTS`.
pub fn element_count(shape: &[usize]) -> Option<usize> {
    shape
        .iter()
        .try_fold(1usize, |n, &d| n.checked_mul(d))
        .filter(|&n| n <= MAX_ELEMENTS)
}

/// `.npy` bytes of a float32 array, as `np.save` writes them.
pub fn write(t: &Tensor) -> Vec<u8> {
    let shape = match t.shape.len() {
        1 => format!("({},)", t.shape[0]),
        _ => t.shape_text(),
    };
    let mut header = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}");
    // Pad so that magic (6) + version (2) + length (2) + header is a multiple of 64, ending in '\n'.
    let total = 10 + header.len() + 1;
    header.push_str(&" ".repeat((64 - total % 64) % 64));
    header.push('\n');
    let mut out = Vec::with_capacity(10 + header.len() + 4 * t.data.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    for v in &t.data {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// Read a `.npy` of little-endian float32 or float64 (converted to f32), C order.
pub fn read(bytes: &[u8]) -> Result<Tensor> {
    let bad = |why: &str| Error::new("mnist.err.npy", [why.to_string()]);
    ensure(
        bytes.len() >= 10 && &bytes[..6] == MAGIC,
        "mnist.err.npy",
        ["no \\x93NUMPY magic"],
    )?;
    let (hlen, start): (usize, usize) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 => {
            let b = bytes.get(8..12).ok_or_else(|| bad("truncated"))?;
            (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize, 12)
        }
        v => return Err(bad(&format!("version {v}"))),
    };
    let header = bytes
        .get(start..start.saturating_add(hlen))
        .ok_or_else(|| bad("truncated header"))?;
    let header = std::str::from_utf8(header).map_err(|_| bad("header is not text"))?;
    let descr = dict_value(header, "descr").ok_or_else(|| bad("no descr"))?;
    let fortran = dict_value(header, "fortran_order").ok_or_else(|| bad("no fortran_order"))?;
    let shape = dict_value(header, "shape").ok_or_else(|| bad("no shape"))?;
    ensure(
        fortran.starts_with("False"),
        "mnist.err.npy",
        ["fortran_order arrays are not supported"],
    )?;
    let inner = shape
        .strip_prefix('(')
        .and_then(|s| s.split(')').next())
        .ok_or_else(|| bad("shape"))?;
    let shape: Vec<usize> = inner
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>().map_err(|_| bad("shape")))
        .collect::<Result<_>>()?;
    let n = element_count(&shape).ok_or_else(|| bad("array too large"))?;
    let item = if descr.starts_with("'<f4'") {
        4
    } else if descr.starts_with("'<f8'") {
        8
    } else {
        let d = descr.split(',').next().unwrap_or(descr);
        return Err(Error::new("mnist.err.dtype", [d.trim().to_string()]));
    };
    let body = &bytes[start + hlen..];
    ensure(
        body.len() == n * item,
        "mnist.err.npy",
        [format!("{} data bytes for {} values", body.len(), n)],
    )?;
    let data = if item == 4 {
        body.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    } else {
        body.chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])) as f32)
            .collect()
    };
    Ok(Tensor { shape, data })
}

/// The text after `'key':` in a Python dict literal (up to the end; callers read its start).
fn dict_value<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let at = header.find(&format!("'{key}'"))?;
    let rest = &header[at + key.len() + 2..];
    Some(rest.trim_start().strip_prefix(':')?.trim_start())
}
