//! A minimal ZIP archive (PKWARE APPNOTE), as `np.savez` writes it: local file headers (PK\3\4), a central
//! directory (PK\1\2) and its end record (PK\5\6). We write "stored" entries with CRC-32; we read stored and
//! deflated entries through the central directory, checking sizes, bounds and CRCs. No ZIP64, no encryption.

use miniz_oxide::inflate::decompress_to_vec_with_limit;

use super::crc32::crc32;
use super::gzip::MAX_INFLATED;
use crate::error::ensure;
use crate::{Error, Result};

/// At most this many entries (a network has 2 per layer).
pub const MAX_ENTRIES: usize = 256;

fn le16(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]) as usize)
}

fn le32(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
}

/// An archive of stored (uncompressed) entries.
pub fn write(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let fixed = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
            v.extend_from_slice(&0u16.to_le_bytes()); // flags
            v.extend_from_slice(&0u16.to_le_bytes()); // method: stored
            v.extend_from_slice(&0u16.to_le_bytes()); // time
            v.extend_from_slice(&0x21u16.to_le_bytes()); // date: 1980-01-01
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&(data.len() as u32).to_le_bytes());
            v.extend_from_slice(&(data.len() as u32).to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra length
        };
        out.extend_from_slice(b"PK\x03\x04");
        fixed(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        fixed(&mut central);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    out
}

/// Every entry of an archive: (name, bytes).
pub fn read(b: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    let bad = |why: &str| Error::new("mnist.err.zip", [why.to_string()]);
    ensure(
        b.len() >= 22 && &b[..2] == b"PK",
        "mnist.err.zip",
        ["not a ZIP (.npz) file"],
    )?;
    // The end record is in the last 22 + 65535 bytes (it may be followed by a comment).
    let from = b.len().saturating_sub(22 + 65_535);
    let eocd = (from..=b.len() - 22)
        .rev()
        .find(|&i| &b[i..i + 4] == b"PK\x05\x06")
        .ok_or_else(|| bad("why.zip_eocd"))?;
    let n = le16(b, eocd + 10).ok_or_else(|| bad("why.truncated"))?;
    ensure(n <= MAX_ENTRIES, "mnist.err.zip", ["why.zip_entries"])?;
    let mut p = le32(b, eocd + 16).ok_or_else(|| bad("why.truncated"))?;
    let mut out = Vec::with_capacity(n);
    let mut total = 0usize;
    for _ in 0..n {
        ensure(
            b.get(p..p + 4) == Some(b"PK\x01\x02"),
            "mnist.err.zip",
            ["why.zip_cd"],
        )?;
        let field = |at: usize, w: usize| {
            if w == 2 {
                le16(b, p + at)
            } else {
                le32(b, p + at)
            }
            .ok_or_else(|| bad("why.truncated"))
        };
        let (flags, method, crc) = (field(8, 2)?, field(10, 2)?, field(16, 4)?);
        let (csize, usize_) = (field(20, 4)?, field(24, 4)?);
        let (nlen, xlen, clen, local) =
            (field(28, 2)?, field(30, 2)?, field(32, 2)?, field(42, 4)?);
        let name = b
            .get(p + 46..p + 46 + nlen)
            .ok_or_else(|| bad("why.truncated"))?;
        let name = String::from_utf8_lossy(name).into_owned();
        p += 46 + nlen + xlen + clen;
        ensure(flags & 1 == 0, "mnist.err.zip", ["why.zip_encrypted"])?;
        ensure(
            csize != 0xFFFF_FFFF && usize_ != 0xFFFF_FFFF,
            "mnist.err.zip",
            ["why.zip64"],
        )?;
        total = total.saturating_add(usize_);
        ensure(
            total <= MAX_INFLATED,
            "mnist.err.too_large",
            [MAX_INFLATED >> 20],
        )?;
        ensure(
            b.get(local..local + 4) == Some(b"PK\x03\x04"),
            "mnist.err.zip",
            ["why.zip_local"],
        )?;
        let lname = le16(b, local + 26).ok_or_else(|| bad("why.truncated"))?;
        let lextra = le16(b, local + 28).ok_or_else(|| bad("why.truncated"))?;
        let start = local + 30 + lname + lextra;
        let raw = b
            .get(start..start.saturating_add(csize))
            .ok_or_else(|| bad("why.truncated"))?;
        let data = match method {
            0 => raw.to_vec(),
            8 => decompress_to_vec_with_limit(raw, usize_).map_err(|_| bad("why.deflate"))?,
            m => return Err(Error::new("mnist.err.zip_method", [m])),
        };
        ensure(data.len() == usize_, "mnist.err.zip", ["why.length"])?;
        ensure(crc32(&data) as usize == crc, "mnist.err.zip", ["why.crc"])?;
        out.push((name, data));
    }
    Ok(out)
}
