//! Gzip (RFC 1952) decompression with a size cap: header (1f 8b, method 8, optional extra/name/comment/crc
//! fields), a raw deflate stream (miniz_oxide), and the trailer CRC-32 and ISIZE checked against the output.

use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};

use super::crc32::crc32;
use crate::error::ensure;
use crate::{Error, Result};

/// The most bytes a file may inflate to: the official training images are 47 MB, so 64 MB is enough,
/// and a "gzip bomb" stops here instead of filling the browser's memory.
pub const MAX_INFLATED: usize = 64 << 20;

/// Whether `bytes` starts with the gzip magic 1f 8b.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
}

/// Decompress a single-member gzip file into at most `limit` bytes.
pub fn gunzip(bytes: &[u8], limit: usize) -> Result<Vec<u8>> {
    let corrupt = |why: &str| Error::new("mnist.err.gzip", [why.to_string()]);
    ensure(is_gzip(bytes), "mnist.err.gzip", ["no 1f 8b magic"])?;
    ensure(bytes.len() >= 18, "mnist.err.gzip", ["truncated"])?;
    ensure(bytes[2] == 8, "mnist.err.gzip", ["method is not deflate"])?;
    let flags = bytes[3];
    ensure(flags & 0xe0 == 0, "mnist.err.gzip", ["reserved flags set"])?;
    let mut pos = 10usize;
    if flags & 0x04 != 0 {
        let xlen = bytes
            .get(pos..pos + 2)
            .ok_or_else(|| corrupt("truncated"))?;
        pos += 2 + u16::from_le_bytes([xlen[0], xlen[1]]) as usize;
    }
    for bit in [0x08, 0x10] {
        // A zero-terminated file name or comment.
        if flags & bit != 0 {
            let rest = bytes.get(pos..).ok_or_else(|| corrupt("truncated"))?;
            let end = rest
                .iter()
                .position(|&b| b == 0)
                .ok_or_else(|| corrupt("truncated"))?;
            pos += end + 1;
        }
    }
    if flags & 0x02 != 0 {
        pos += 2;
    }
    ensure(pos + 8 <= bytes.len(), "mnist.err.gzip", ["truncated"])?;
    let body = &bytes[pos..bytes.len() - 8];
    let out = decompress_to_vec_with_limit(body, limit).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => Error::new("mnist.err.too_large", [limit / (1 << 20)]),
        TINFLStatus::FailedCannotMakeProgress => corrupt("truncated"),
        _ => corrupt("bad deflate data"),
    })?;
    let t = &bytes[bytes.len() - 8..];
    let want_crc = u32::from_le_bytes([t[0], t[1], t[2], t[3]]);
    let want_len = u32::from_le_bytes([t[4], t[5], t[6], t[7]]);
    ensure(crc32(&out) == want_crc, "mnist.err.gzip", ["CRC mismatch"])?;
    ensure(
        out.len() as u32 == want_len,
        "mnist.err.gzip",
        ["length mismatch"],
    )?;
    Ok(out)
}

/// `bytes` itself, or its decompression when it is gzip (detected by the magic, not the file name).
pub fn maybe_gunzip(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>> {
    if is_gzip(bytes) {
        Ok(std::borrow::Cow::Owned(gunzip(bytes, MAX_INFLATED)?))
    } else {
        Ok(std::borrow::Cow::Borrowed(bytes))
    }
}
