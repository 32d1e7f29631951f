//! The IDX format of the MNIST files: a big-endian header `00 00 08 ndim`, ndim u32 sizes, then the unsigned
//! bytes row-major. Images are idx3 (magic 0x00000803: count × 28 × 28), labels idx1 (0x00000801: count).
//! Raw or gzip (detected by the 1f 8b magic). Every check gives a readable error; nothing panics on bad bytes.

use super::gzip::maybe_gunzip;
use crate::error::ensure;
use crate::{Error, Result};

pub const IMAGES_MAGIC: u32 = 0x0000_0803;
pub const LABELS_MAGIC: u32 = 0x0000_0801;
/// MNIST images are 28 × 28.
pub const SIDE: usize = 28;
pub const PIXELS: usize = SIDE * SIDE;
/// More samples than the official 60,000 + 10,000 is not MNIST.
pub const MAX_COUNT: usize = 70_000;

/// Images: `count` × 28 × 28 grey bytes (0 = background, 255 = ink), row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Images {
    pub count: usize,
    pub pixels: Vec<u8>,
}

/// One parsed IDX file, recognised by its magic number.
#[derive(Clone, Debug, PartialEq)]
pub enum IdxFile {
    Images(Images),
    Labels(Vec<u8>),
}

impl IdxFile {
    pub fn count(&self) -> usize {
        match self {
            IdxFile::Images(i) => i.count,
            IdxFile::Labels(l) => l.len(),
        }
    }
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Parse an images or labels file (raw or gzip).
pub fn parse(bytes: &[u8]) -> Result<IdxFile> {
    ensure(!bytes.is_empty(), "mnist.err.empty_file", [""; 0])?;
    let data = maybe_gunzip(bytes)?;
    let b: &[u8] = &data;
    ensure(b.len() >= 8, "mnist.err.truncated", [b.len(), 8])?;
    let magic = be32(b, 0);
    ensure(
        magic == IMAGES_MAGIC || magic == LABELS_MAGIC,
        "mnist.err.magic",
        [format!("0x{magic:08x}")],
    )?;
    let count = be32(b, 4) as usize;
    ensure(count >= 1, "mnist.err.no_samples", [""; 0])?;
    ensure(count <= MAX_COUNT, "mnist.err.count", [count, MAX_COUNT])?;
    if magic == LABELS_MAGIC {
        let want = 8 + count;
        check_len(b.len(), want)?;
        let labels = b[8..].to_vec();
        if let Some((i, &l)) = labels.iter().enumerate().find(|(_, &l)| l > 9) {
            return Err(Error::new("mnist.err.label", [i, l as usize]));
        }
        return Ok(IdxFile::Labels(labels));
    }
    ensure(b.len() >= 16, "mnist.err.truncated", [b.len(), 16])?;
    let (rows, cols) = (be32(b, 8) as usize, be32(b, 12) as usize);
    ensure(rows == SIDE && cols == SIDE, "mnist.err.dims", [rows, cols])?;
    let want = 16 + count * PIXELS;
    check_len(b.len(), want)?;
    Ok(IdxFile::Images(Images {
        count,
        pixels: b[16..].to_vec(),
    }))
}

fn check_len(got: usize, want: usize) -> Result<()> {
    ensure(got >= want, "mnist.err.truncated", [got, want])?;
    ensure(got == want, "mnist.err.oversized", [got, want])
}

/// Write an IDX file (raw), for tests and for saving a drawn set.
pub fn write(file: &IdxFile) -> Vec<u8> {
    let mut out = Vec::new();
    match file {
        IdxFile::Images(im) => {
            out.extend_from_slice(&IMAGES_MAGIC.to_be_bytes());
            for v in [im.count, SIDE, SIDE] {
                out.extend_from_slice(&(v as u32).to_be_bytes());
            }
            out.extend_from_slice(&im.pixels);
        }
        IdxFile::Labels(l) => {
            out.extend_from_slice(&LABELS_MAGIC.to_be_bytes());
            out.extend_from_slice(&(l.len() as u32).to_be_bytes());
            out.extend_from_slice(l);
        }
    }
    out
}
