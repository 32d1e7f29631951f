//! The NumPy `.npy` format: `\x93NUMPY`, version (1.0 written; 1.0/2.0/3.0 read), a little-endian header length,
//! then a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (784, 50), }` padded with spaces
//! to a multiple of 64 bytes and ended by `\n`, then the raw array data: in C order (last axis fastest), or in
//! Fortran order (first axis fastest) when `fortran_order` is True, as `np.savez` writes a Fortran-ordered array
//! (the book's sample_weight.pkl holds W1, W2, W3 that way); those are reordered to C order here. Besides float
//! arrays, a 0-d unicode array (`'<U…'`, UTF-32LE code points) carries text: our .npz's network description.
//! Every error names the array it is about.

use crate::error::ensure;
use crate::{Error, Result};

const MAGIC: &[u8] = b"\x93NUMPY";
/// The most elements one array may have (a 4096 × 4096 layer).
pub const MAX_ELEMENTS: usize = 1 << 24;
/// The most characters of a text (unicode) array: a network description is a few kilobytes.
pub const MAX_TEXT_CHARS: usize = 1 << 16;

/// An f32 array with its shape (C order), as NumPy and the book name them (W1 is 784 × 50, b1 is 50).
#[derive(Clone, Debug, PartialEq)]
pub struct Tensor {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

impl Tensor {
    pub fn shape_text(&self) -> String {
        shape_text(&self.shape)
    }
}

/// A shape as Python prints it: `(784, 50)`, `(50,)`, `()`.
pub fn shape_text(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => {
            let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
            format!("({})", dims.join(", "))
        }
    }
}

/// One array of a `.npy`: numbers (as f32) or a 0-d unicode string.
#[derive(Clone, Debug, PartialEq)]
pub enum Array {
    Float(Tensor),
    Text(String),
}

/// The number of elements of a shape, or None on overflow or when it passes `MAX_ELEMENTS`.
pub fn element_count(shape: &[usize]) -> Option<usize> {
    shape
        .iter()
        .try_fold(1usize, |n, &d| n.checked_mul(d))
        .filter(|&n| n <= MAX_ELEMENTS)
}

/// Reorder column-major (Fortran) data to row-major (C): element (i₀, …, iₖ) sits at Σ iⱼ·∏ₗ<ⱼ dₗ in `f`.
/// Shared by the `.npy` reader and the pickle reader (NumPy pickles Fortran-ordered arrays as they are).
pub fn fortran_to_c(shape: &[usize], f: &[f32]) -> Vec<f32> {
    if shape.len() < 2 {
        return f.to_vec();
    }
    let mut strides = vec![1usize; shape.len()];
    for j in 1..shape.len() {
        strides[j] = strides[j - 1] * shape[j - 1];
    }
    let mut idx = vec![0usize; shape.len()];
    let mut out = Vec::with_capacity(f.len());
    for _ in 0..f.len() {
        let at: usize = idx.iter().zip(&strides).map(|(i, s)| i * s).sum();
        out.push(f[at]);
        // The next C-order index: the last axis moves fastest.
        for j in (0..shape.len()).rev() {
            idx[j] += 1;
            if idx[j] < shape[j] {
                break;
            }
            idx[j] = 0;
        }
    }
    out
}

/// Header (magic, version 1.0, padded dict) followed by `body`.
fn with_header(dict: &str, body: &[u8]) -> Vec<u8> {
    let mut header = dict.to_string();
    // Pad so that magic (6) + version (2) + length (2) + header is a multiple of 64, ending in '\n'.
    let total = 10 + header.len() + 1;
    header.push_str(&" ".repeat((64 - total % 64) % 64));
    header.push('\n');
    let mut out = Vec::with_capacity(10 + header.len() + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(body);
    out
}

/// `.npy` bytes of a float32 array, as `np.save` writes them.
pub fn write(t: &Tensor) -> Vec<u8> {
    let dict = format!(
        "{{'descr': '<f4', 'fortran_order': False, 'shape': {}, }}",
        t.shape_text()
    );
    let body: Vec<u8> = t.data.iter().flat_map(|v| v.to_le_bytes()).collect();
    with_header(&dict, &body)
}

/// `.npy` bytes of a 0-d unicode array holding `text`, as `np.save(f, np.array(text))` writes it: `'<U{n}'`
/// with n code points in UTF-32LE. `str(np.load(f))` gives the text back.
pub fn write_text(text: &str) -> Vec<u8> {
    let n = text.chars().count().max(1);
    let dict = format!("{{'descr': '<U{n}', 'fortran_order': False, 'shape': (), }}");
    let mut body: Vec<u8> = text
        .chars()
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect();
    body.resize(4 * n, 0);
    with_header(&dict, &body)
}

/// An error about array `name`: `reason` is an i18n key (so the whole message follows the language).
fn bad(name: &str, reason: &str) -> Error {
    Error::new("mnist.err.npy", [name, reason])
}

/// Read a float32 or float64 (converted to f32) `.npy`, C or Fortran order.
pub fn read(bytes: &[u8]) -> Result<Tensor> {
    read_named(".npy", bytes)
}

/// `read`, with the array's name (W1, b1, …) for the messages.
pub fn read_named(name: &str, bytes: &[u8]) -> Result<Tensor> {
    match read_any(name, bytes)? {
        Array::Float(t) => Ok(t),
        Array::Text(_) => Err(Error::new("mnist.err.dtype", [format!("{name}: <U")])),
    }
}

/// Read a `.npy` of little-endian float32/float64 (any order) or a 0-d unicode array.
pub fn read_any(name: &str, bytes: &[u8]) -> Result<Array> {
    ensure(
        bytes.len() >= 10 && &bytes[..6] == MAGIC,
        "mnist.err.npy",
        [name, "why.npy_magic"],
    )?;
    let (hlen, start): (usize, usize) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 => {
            let b = bytes.get(8..12).ok_or_else(|| bad(name, "why.truncated"))?;
            (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize, 12)
        }
        v => {
            return Err(Error::new(
                "mnist.err.npy_version",
                [name.to_string(), v.to_string()],
            ))
        }
    };
    let header = bytes
        .get(start..start.saturating_add(hlen))
        .ok_or_else(|| bad(name, "why.truncated"))?;
    let header = std::str::from_utf8(header).map_err(|_| bad(name, "why.npy_header"))?;
    let descr = dict_value(header, "descr").ok_or_else(|| bad(name, "why.npy_header"))?;
    let fortran = dict_value(header, "fortran_order").ok_or_else(|| bad(name, "why.npy_header"))?;
    let fortran = if fortran.starts_with("True") {
        true
    } else if fortran.starts_with("False") {
        false
    } else {
        return Err(bad(name, "why.npy_header"));
    };
    let shape = dict_value(header, "shape").ok_or_else(|| bad(name, "why.npy_header"))?;
    let inner = shape
        .strip_prefix('(')
        .and_then(|s| s.split(')').next())
        .ok_or_else(|| bad(name, "why.npy_header"))?;
    let shape: Vec<usize> = inner
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>().map_err(|_| bad(name, "why.npy_header")))
        .collect::<Result<_>>()?;
    let n = element_count(&shape).ok_or_else(|| {
        Error::new(
            "mnist.err.npy_too_big",
            [name.to_string(), MAX_ELEMENTS.to_string()],
        )
    })?;
    let body = &bytes[start + hlen..];
    let dtype = descr
        .strip_prefix('\'')
        .and_then(|d| d.split('\'').next())
        .unwrap_or(descr);
    if let Some(chars) = dtype.strip_prefix("<U") {
        let chars: usize = chars.parse().map_err(|_| bad(name, "why.npy_header"))?;
        ensure(
            shape.is_empty() && chars <= MAX_TEXT_CHARS,
            "mnist.err.dtype",
            [format!("{name}: {dtype} {}", shape_text(&shape))],
        )?;
        check_size(name, body.len(), 1, 4 * chars)?;
        let text: String = body
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .take_while(|&u| u != 0)
            .map(|u| char::from_u32(u).ok_or_else(|| bad(name, "why.npy_text")))
            .collect::<Result<_>>()?;
        return Ok(Array::Text(text));
    }
    let item = match dtype {
        "<f4" => 4,
        "<f8" => 8,
        _ => return Err(Error::new("mnist.err.dtype", [format!("{name}: {dtype}")])),
    };
    check_size(name, body.len(), n, n * item)?;
    let data: Vec<f32> = if item == 4 {
        body.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    } else {
        body.chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])) as f32)
            .collect()
    };
    let data = if fortran {
        fortran_to_c(&shape, &data)
    } else {
        data
    };
    Ok(Array::Float(Tensor { shape, data }))
}

fn check_size(name: &str, got: usize, values: usize, want: usize) -> Result<()> {
    ensure(
        got == want,
        "mnist.err.npy_size",
        [name.to_string(), got.to_string(), values.to_string()],
    )
}

/// The text after `'key':` in a Python dict literal (up to the end; callers read its start).
fn dict_value<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let at = header.find(&format!("'{key}'"))?;
    let rest = &header[at + key.len() + 2..];
    Some(rest.trim_start().strip_prefix(':')?.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2 × 3 array written in Fortran order, as `np.save(f, np.asfortranarray(a))` does.
    #[test]
    fn fortran_order_is_read_into_c_order() {
        let c = Tensor {
            shape: vec![2, 3],
            data: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        };
        let mut bytes = write(&c);
        let at = bytes.windows(5).position(|w| w == b"False").unwrap();
        bytes.splice(at..at + 5, b"True ".iter().copied());
        // Column-major: a[0,0], a[1,0], a[0,1], a[1,1], a[0,2], a[1,2].
        let start = bytes.len() - 24;
        let f: Vec<u8> = [1.0f32, 4.0, 2.0, 5.0, 3.0, 6.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        bytes[start..].copy_from_slice(&f);
        assert_eq!(read_named("W1", &bytes).unwrap(), c);
        assert_eq!(fortran_to_c(&[3], &[1.0, 2.0, 3.0]), vec![1.0, 2.0, 3.0]);
    }

    #[test]
    fn text_arrays_round_trip_and_errors_name_the_array() {
        let text = "{\"layers\": [\"한국어\"]}";
        let b = write_text(text);
        assert_eq!((b.len() - 4 * text.chars().count()) % 64, 0);
        assert_eq!(read_any("network", &b).unwrap(), Array::Text(text.into()));
        let e = read_named("W2", &b).unwrap_err();
        assert_eq!((e.key, e.args[0].as_str()), ("mnist.err.dtype", "W2: <U"));
        let t = Tensor {
            shape: vec![2],
            data: vec![1.0, 2.0],
        };
        let w = write(&t);
        let e = read_named("b3", &w[..w.len() - 1]).unwrap_err();
        assert_eq!((e.key, e.args[0].as_str()), ("mnist.err.npy_size", "b3"));
        let e = read_named("W3", b"nope").unwrap_err();
        assert_eq!(e.args, ["W3", "why.npy_magic"]);
        // The Korean message is Korean throughout: the reason is a key, translated with it.
        let ko = e.message(crate::i18n::Lang::Ko);
        assert!(ko.contains("W3") && !ko.contains("magic"), "{ko}");
    }
}
