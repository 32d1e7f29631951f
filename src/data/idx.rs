//! The IDX format of the MNIST files: a big-endian header `00 00 08 ndim`, ndim u32 sizes, then the unsigned
//! bytes row-major. Images are idx3 (magic 0x00000803: count × 28 × 28), labels idx1 (0x00000801: count).
//! Raw or gzip (detected by the 1f 8b magic). Every check gives a readable error; nothing panics on bad bytes.
//! `check_start` reads only a file's size and first bytes (`HEAD_BYTES`), so the page refuses an oversized or
//! wrong file before reading it whole; `parse` then makes every check again on the whole file.

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

/// The largest file accepted (raw or gzip): the official training images are 47 MB raw (16 + 60,000 × 784).
pub const MAX_FILE_BYTES: usize = super::gzip::MAX_INFLATED;
/// How many first bytes `check_start` needs: the raw header, or enough gzip to inflate it.
pub const HEAD_BYTES: usize = 64 << 10;

/// What an IDX header says: images or labels, the count, and the size in bytes of the whole (raw) file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub labels: bool,
    pub count: usize,
    pub len: usize,
}

/// Read the header (magic, count, and for images 28 × 28) from the first bytes of a raw IDX file.
pub fn header(b: &[u8]) -> Result<Header> {
    ensure(!b.is_empty(), "mnist.err.empty_file", [""; 0])?;
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
        return Ok(Header {
            labels: true,
            count,
            len: 8 + count,
        });
    }
    ensure(b.len() >= 16, "mnist.err.truncated", [b.len(), 16])?;
    let (rows, cols) = (be32(b, 8) as usize, be32(b, 12) as usize);
    ensure(rows == SIDE && cols == SIDE, "mnist.err.dims", [rows, cols])?;
    Ok(Header {
        labels: false,
        count,
        len: 16 + count * PIXELS,
    })
}

/// The checks that need only the file's size and its first `HEAD_BYTES` bytes: the size limit, then the header
/// (inflated from the start of a gzip file), and for a raw file the exact size its header implies.
pub fn check_start(size: usize, first: &[u8]) -> Result<Header> {
    ensure(
        size <= MAX_FILE_BYTES,
        "mnist.err.file_too_big",
        [size.div_ceil(1 << 20), MAX_FILE_BYTES >> 20],
    )?;
    if super::gzip::is_gzip(first) {
        return header(&super::gzip::peek(first, 16)?);
    }
    let h = header(first)?;
    check_len(size, h.len)?;
    Ok(h)
}

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
    ensure(
        bytes.len() <= MAX_FILE_BYTES,
        "mnist.err.file_too_big",
        [bytes.len().div_ceil(1 << 20), MAX_FILE_BYTES >> 20],
    )?;
    let data = maybe_gunzip(bytes)?;
    let b: &[u8] = &data;
    let h = header(b)?;
    check_len(b.len(), h.len)?;
    if h.labels {
        let labels = b[8..].to_vec();
        if let Some((i, &l)) = labels.iter().enumerate().find(|(_, &l)| l > 9) {
            return Err(Error::new("mnist.err.label", [i, l as usize]));
        }
        return Ok(IdxFile::Labels(labels));
    }
    Ok(IdxFile::Images(Images {
        count: h.count,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: usize) -> Vec<u8> {
        write(&IdxFile::Labels(vec![3; n]))
    }

    /// Issue #12 item 11: a 200 MB file is refused from its size alone, and a wrong or cut file from its first
    /// bytes, raw or gzip, before the page reads it whole.
    #[test]
    fn the_start_of_a_file_is_enough_to_refuse_it() {
        let key = |r: Result<Header>| r.unwrap_err().key;
        assert_eq!(
            key(check_start(200 << 20, &[0, 0, 8, 3])),
            "mnist.err.file_too_big"
        );
        assert_eq!(
            key(check_start(1000, b"PK\x03\x04 not idx")),
            "mnist.err.magic"
        );
        let lb = labels(5);
        assert_eq!(
            check_start(lb.len(), &lb[..8]).unwrap(),
            Header {
                labels: true,
                count: 5,
                len: 13
            }
        );
        // The header says 5 labels, the file is bigger or smaller than that.
        assert_eq!(
            key(check_start(lb.len() + 100, &lb[..8])),
            "mnist.err.oversized"
        );
        assert_eq!(
            key(check_start(lb.len() - 1, &lb[..8])),
            "mnist.err.truncated"
        );
        let im = write(&IdxFile::Images(Images {
            count: 2,
            pixels: vec![7; 2 * PIXELS],
        }));
        assert_eq!(check_start(im.len(), &im[..16]).unwrap().len, im.len());
        let mut bad = im.clone();
        bad[11] = 27;
        assert_eq!(key(check_start(bad.len(), &bad[..16])), "mnist.err.dims");
        // Gzip: the header is inflated from the first bytes only (this stream is far longer than its prefix).
        let mut x = 1u32;
        let noise = (0..3000 * PIXELS).map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        });
        let big = write(&IdxFile::Images(Images {
            count: 3000,
            pixels: noise.collect(),
        }));
        let gz = gzip_of(&big);
        assert!(gz.len() > HEAD_BYTES);
        let h = check_start(gz.len(), &gz[..HEAD_BYTES]).unwrap();
        assert_eq!((h.labels, h.count), (false, 3000));
        let gz_bad = gzip_of(b"\x00\x00\x08\x05whatever follows");
        assert_eq!(key(check_start(gz_bad.len(), &gz_bad)), "mnist.err.magic");
    }

    /// A gzip file of `data` (deflate level 1), for the tests.
    fn gzip_of(data: &[u8]) -> Vec<u8> {
        let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
        out.extend(miniz_oxide::deflate::compress_to_vec(data, 1));
        out.extend(super::super::crc32::crc32(data).to_le_bytes());
        out.extend((data.len() as u32).to_le_bytes());
        out
    }
}
