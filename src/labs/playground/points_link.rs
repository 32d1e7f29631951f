//! The playground's own points (added by clicking or imported from CSV) in a link, compactly: a 9-byte header
//! (the square [lo, hi] as two f32, little-endian, and the number of classes), then 5 bytes a point: x₀ and x₁
//! quantised to u16 over [lo, hi] (q = round((x − lo)/(hi − lo)·65535)), and one byte with the class (bits
//! 0–6) and "test point" (bit 7). All of it in base64url without padding: 300 points take 2,012 characters.

use crate::data::toy2d::{Dataset, Point};

/// The most points a link carries (the UI states it); past it the link says the points were left out.
pub const LINK_POINTS: usize = 300;

const Q: f32 = 65535.0;

/// The points as link text, or `None` past `LINK_POINTS` (or for a degenerate square).
pub fn encode(data: &Dataset) -> Option<String> {
    let (lo, hi) = data.domain;
    if data.points.len() > LINK_POINTS || !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return None;
    }
    let mut bytes = Vec::with_capacity(9 + 5 * data.points.len());
    bytes.extend_from_slice(&lo.to_le_bytes());
    bytes.extend_from_slice(&hi.to_le_bytes());
    bytes.push(data.classes.min(127) as u8);
    for p in &data.points {
        for x in p.x {
            let q = ((x - lo) / (hi - lo) * Q).round().clamp(0.0, Q) as u16;
            bytes.extend_from_slice(&q.to_le_bytes());
        }
        bytes.push((p.label.min(127) as u8) | if p.test { 0x80 } else { 0 });
    }
    Some(base64url(&bytes))
}

/// Points from link text; `None` when it is not what `encode` writes (a bad or cut-off link).
pub fn decode(text: &str) -> Option<Dataset> {
    let bytes = from_base64url(text)?;
    if bytes.len() < 9 || (bytes.len() - 9) % 5 != 0 || (bytes.len() - 9) / 5 > LINK_POINTS {
        return None;
    }
    let f = |i: usize| f32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let (lo, hi) = (f(0), f(4));
    let classes = bytes[8] as usize;
    if !(lo.is_finite() && hi.is_finite() && hi > lo && (2..=3).contains(&classes)) {
        return None;
    }
    let x = |q: u16| lo + q as f32 / Q * (hi - lo);
    let mut points = Vec::with_capacity((bytes.len() - 9) / 5);
    for c in bytes[9..].chunks_exact(5) {
        let label = (c[4] & 0x7f) as usize;
        if label >= classes {
            return None;
        }
        points.push(Point {
            x: [
                x(u16::from_le_bytes([c[0], c[1]])),
                x(u16::from_le_bytes([c[2], c[3]])),
            ],
            label,
            test: c[4] & 0x80 != 0,
        });
    }
    // At least one training point, as the playground needs.
    if points.iter().all(|p| p.test) {
        return None;
    }
    Some(Dataset {
        points,
        classes,
        domain: (lo, hi),
    })
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..=c.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn from_base64url(s: &str) -> Option<Vec<u8>> {
    let vals: Option<Vec<u32>> = s
        .bytes()
        .map(|b| ALPHABET.iter().position(|&a| a == b).map(|v| v as u32))
        .collect();
    let vals = vals?;
    if vals.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(vals.len() * 3 / 4);
    for c in vals.chunks(4) {
        let n = c
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, v)| n | v << (18 - 6 * i));
        for i in 0..c.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::toy2d::{Kind, ToyConfig};

    fn data(n: usize) -> Dataset {
        ToyConfig {
            kind: Kind::Spiral3,
            n,
            ..Default::default()
        }
        .generate()
    }

    #[test]
    fn points_round_trip_within_the_quantum_and_stably() {
        let d = data(300);
        let text = encode(&d).unwrap();
        assert_eq!(text.len(), 2012);
        assert!(text.bytes().all(|b| ALPHABET.contains(&b)));
        let back = decode(&text).unwrap();
        assert_eq!((back.classes, back.domain), (d.classes, d.domain));
        let quantum = (d.domain.1 - d.domain.0) / Q;
        for (a, b) in d.points.iter().zip(&back.points) {
            assert_eq!((a.label, a.test), (b.label, b.test));
            for i in 0..2 {
                assert!((a.x[i] - b.x[i]).abs() <= quantum, "{a:?} {b:?}");
            }
        }
        // Written again, the decoded points give the same text: a reopened link stays the same link.
        assert_eq!(encode(&back).unwrap(), text);
    }

    #[test]
    fn the_limit_and_bad_text_are_refused() {
        assert!(encode(&data(LINK_POINTS + 1)).is_none());
        let text = encode(&data(20)).unwrap();
        assert!(decode(&text[..text.len() - 3]).is_none(), "cut off");
        assert!(decode("not*base64").is_none());
        assert!(decode("").is_none());
        let mut b = from_base64url(&text).unwrap();
        b[8] = 9; // nine classes
        assert!(decode(&base64url(&b)).is_none());
        for n in 0..8 {
            let bytes: Vec<u8> = (0..n as u8).collect();
            assert_eq!(from_base64url(&base64url(&bytes)).unwrap(), bytes);
        }
    }
}
