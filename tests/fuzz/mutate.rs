//! A small mutation engine for the fuzz harness (no coverage instrumentation: it runs on stable Rust). Each
//! round applies 1–4 edits to a corpus input: flip a bit, set a byte to an edge value, write an edge integer
//! (lengths like 0xffffffff or 1 MiB, in both byte orders), insert, delete or repeat a span (repetition is what
//! found the pickle blow-ups), splice a token of the format, splice part of another input, or cut the tail.

/// xorshift64*: fast, seedable, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const EDGE_BYTES: [u8; 8] = [0, 1, 0x7f, 0x80, 0xfe, 0xff, b'0', b'\n'];
const EDGE_INTS: [u64; 10] = [
    0,
    1,
    0x7f,
    0xff,
    0xffff,
    0x7fff_ffff,
    0xffff_ffff,
    1 << 20,
    1 << 30,
    u64::MAX,
];
/// Inputs stay below this, so one mutated input cannot be huge by itself.
pub const MAX_LEN: usize = 1 << 20;

/// A mutated copy of `input`.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8], tokens: &[&[u8]]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        edit(rng, &mut b, other, tokens);
    }
    b.truncate(MAX_LEN);
    b
}

fn edit(rng: &mut Rng, b: &mut Vec<u8>, other: &[u8], tokens: &[&[u8]]) {
    let at = rng.below(b.len() + 1);
    match rng.below(10) {
        0 if !b.is_empty() => {
            let i = rng.below(b.len());
            b[i] ^= 1 << rng.below(8);
        }
        1 if !b.is_empty() => {
            let i = rng.below(b.len());
            b[i] = EDGE_BYTES[rng.below(EDGE_BYTES.len())];
        }
        2 => {
            let v = EDGE_INTS[rng.below(EDGE_INTS.len())];
            let width = [1, 2, 4, 8][rng.below(4)];
            let bytes = if rng.below(2) == 0 {
                v.to_le_bytes()[..width].to_vec()
            } else {
                v.to_be_bytes()[8 - width..].to_vec()
            };
            let end = (at + width).min(b.len());
            b.splice(at..end, bytes);
        }
        3 => {
            let n = 1 + rng.below(16);
            let fill: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            b.splice(at..at, fill);
        }
        4 if !b.is_empty() => {
            let start = rng.below(b.len());
            let n = 1 + rng.below((b.len() - start).min(64));
            b.drain(start..start + n);
        }
        5 if !b.is_empty() => {
            // Repeat a short span many times: runs of an opcode or a separator.
            let start = rng.below(b.len());
            let n = 1 + rng.below((b.len() - start).min(16));
            let span = b[start..start + n].to_vec();
            let most = if rng.below(4) == 0 { 5000 } else { 16 };
            let times = 1 + rng.below(most);
            let run: Vec<u8> = span.iter().copied().cycle().take(n * times).collect();
            b.splice(start..start, run);
        }
        6 | 7 if !tokens.is_empty() => {
            let t = tokens[rng.below(tokens.len())];
            let times = if rng.below(8) == 0 {
                1 + rng.below(2000)
            } else {
                1
            };
            let run: Vec<u8> = t.iter().copied().cycle().take(t.len() * times).collect();
            if rng.below(2) == 0 {
                b.splice(at..at, run);
            } else {
                let end = (at + run.len()).min(b.len());
                b.splice(at..end, run);
            }
        }
        8 if !other.is_empty() => {
            let start = rng.below(other.len());
            let n = 1 + rng.below((other.len() - start).min(256));
            b.splice(at..at, other[start..start + n].iter().copied());
        }
        _ => b.truncate(at),
    }
}
