//! Gzip (RFC 1952) decompression with a size cap: header (1f 8b, method 8, optional extra/name/comment/crc
//! fields), a raw deflate stream (miniz_oxide), and the trailer CRC-32 and ISIZE checked against the output.
//! `peek` inflates only the start of a file, so a header can be checked before the whole file is read.

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

/// Where the deflate stream starts, after the header (1f 8b, method 8, flags, and the optional extra field,
/// file name, comment and header CRC). Needs only the first bytes of the file.
fn body_start(bytes: &[u8]) -> Result<usize> {
    let corrupt = |why: &str| Error::new("mnist.err.gzip", [why.to_string()]);
    ensure(is_gzip(bytes), "mnist.err.gzip", ["why.gzip_magic"])?;
    ensure(bytes.len() >= 10, "mnist.err.gzip", ["why.truncated"])?;
    ensure(bytes[2] == 8, "mnist.err.gzip", ["why.gzip_method"])?;
    let flags = bytes[3];
    ensure(flags & 0xe0 == 0, "mnist.err.gzip", ["why.gzip_flags"])?;
    let mut pos = 10usize;
    if flags & 0x04 != 0 {
        let xlen = bytes
            .get(pos..pos + 2)
            .ok_or_else(|| corrupt("why.truncated"))?;
        pos += 2 + u16::from_le_bytes([xlen[0], xlen[1]]) as usize;
    }
    for bit in [0x08, 0x10] {
        // A zero-terminated file name or comment.
        if flags & bit != 0 {
            let rest = bytes.get(pos..).ok_or_else(|| corrupt("why.truncated"))?;
            let end = rest
                .iter()
                .position(|&b| b == 0)
                .ok_or_else(|| corrupt("why.truncated"))?;
            pos += end + 1;
        }
    }
    if flags & 0x02 != 0 {
        pos += 2;
    }
    Ok(pos)
}

/// The first `n` inflated bytes of a gzip file, from only its first bytes (`prefix`, e.g. 64 KB): enough to
/// check an IDX header before the whole file is read. Fewer than `n` when the prefix holds less.
pub fn peek(prefix: &[u8], n: usize) -> Result<Vec<u8>> {
    use miniz_oxide::inflate::stream::{inflate, InflateState};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};
    let pos = body_start(prefix)?;
    let body = prefix
        .get(pos..)
        .ok_or_else(|| Error::new("mnist.err.gzip", ["why.truncated"]))?;
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let mut out = vec![0u8; n];
    let r = inflate(&mut state, body, &mut out, MZFlush::None);
    match r.status {
        Ok(MZStatus::Ok | MZStatus::StreamEnd) => {}
        // No progress: the prefix ended before any output (or n is 0).
        Err(miniz_oxide::MZError::Buf) => {}
        _ => return Err(Error::new("mnist.err.gzip", ["why.deflate"])),
    }
    out.truncate(r.bytes_written);
    Ok(out)
}

/// Decompress a single-member gzip file into at most `limit` bytes.
pub fn gunzip(bytes: &[u8], limit: usize) -> Result<Vec<u8>> {
    let corrupt = |why: &str| Error::new("mnist.err.gzip", [why.to_string()]);
    let pos = body_start(bytes)?;
    ensure(bytes.len() >= 18, "mnist.err.gzip", ["why.truncated"])?;
    ensure(pos + 8 <= bytes.len(), "mnist.err.gzip", ["why.truncated"])?;
    let body = &bytes[pos..bytes.len() - 8];
    let out = decompress_to_vec_with_limit(body, limit).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => Error::new("mnist.err.too_large", [limit / (1 << 20)]),
        TINFLStatus::FailedCannotMakeProgress => corrupt("why.truncated"),
        _ => corrupt("why.deflate"),
    })?;
    let t = &bytes[bytes.len() - 8..];
    let want_crc = u32::from_le_bytes([t[0], t[1], t[2], t[3]]);
    let want_len = u32::from_le_bytes([t[4], t[5], t[6], t[7]]);
    ensure(crc32(&out) == want_crc, "mnist.err.gzip", ["why.crc"])?;
    ensure(
        out.len() as u32 == want_len,
        "mnist.err.gzip",
        ["why.length"],
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
