//! A small seeded PRNG of our own: xoshiro256** (Blackman & Vigna) seeded through SplitMix64.
//!
//! Every random thing in nnlab (initial weights, mini-batch order, dropout masks, data sets) draws from an
//! `Rng` built from a seed, so the same seed gives bit-identical results (no `getrandom`, no clock).
//! `normal()` uses the Box–Muller transform: z = √(−2 ln u1) · cos(2π u2), with the sine half kept for the next call.

/// Seeded pseudo-random generator (xoshiro256**). Cheap to clone: a clone continues the same stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Rng {
    s: [u64; 4],
    /// The second Box–Muller value, returned by the next `normal()` call.
    spare: Option<f64>,
}

/// SplitMix64: spreads one `u64` seed into well-mixed state words (the seeding xoshiro's authors recommend).
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator for `seed`. Any seed is fine, 0 included (SplitMix64 never yields an all-zero state).
    pub fn new(seed: u64) -> Rng {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Rng { s, spare: None }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// The next 32 random bits (the high half: xoshiro's best bits).
    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// Uniform in [0, 1) with 24 random bits: every value is an exact f32, 1.0 is never returned.
    pub fn uniform(&mut self) -> f32 {
        (self.next_u32() >> 8) as f32 * (1.0 / (1u32 << 24) as f32)
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub fn uniform_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [lo, hi) (or [hi, lo) when hi < lo).
    pub fn uniform_range(&mut self, lo: f32, hi: f32) -> f32 {
        // Computed in f64 so that rounding cannot land exactly on `hi` for narrow ranges.
        let v = lo as f64 + (hi as f64 - lo as f64) * self.uniform_f64();
        let v = v as f32;
        if v == hi && hi != lo {
            lo
        } else {
            v
        }
    }

    /// A standard normal sample N(0, 1) in f64 (Box–Muller; the spare value is cached).
    pub fn normal_f64(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        // u1 in (0, 1] so that ln(u1) is finite.
        let u1 = 1.0 - self.uniform_f64();
        let u2 = self.uniform_f64();
        let r = (-2.0 * u1.ln()).sqrt();
        let theta = 2.0 * std::f64::consts::PI * u2;
        self.spare = Some(r * theta.sin());
        r * theta.cos()
    }

    /// A standard normal sample N(0, 1), like `np.random.randn()`.
    pub fn normal(&mut self) -> f32 {
        self.normal_f64() as f32
    }

    /// A uniform integer in 0..n (unbiased: Lemire's multiply-shift with rejection). `n == 0` returns 0.
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let n = n as u64;
        // Reject the few low products that would make some results one count more likely.
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = (self.next_u64() as u128) * (n as u128);
            if (m as u64) >= threshold {
                return (m >> 64) as usize;
            }
        }
    }

    /// Shuffle in place (Fisher–Yates), every order equally likely.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// `k` distinct indices out of `0..n` in random order, like `np.random.choice(n, k, replace=False)`.
    /// `k` larger than `n` is clamped to `n` (all indices, shuffled).
    pub fn choice(&mut self, n: usize, k: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut idx: Vec<usize> = (0..n).collect();
        // A partial Fisher–Yates: only the first k places need to be drawn.
        for i in 0..k {
            let j = i + self.below(n - i);
            idx.swap(i, j);
        }
        idx.truncate(k);
        idx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_different_seeds_differ() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let mut c = Rng::new(43);
        let xa: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..8).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn uniform_and_normal_have_the_right_moments() {
        let mut r = Rng::new(1);
        let n = 100_000;
        let u: Vec<f32> = (0..n).map(|_| r.uniform()).collect();
        assert!(u.iter().all(|&v| (0.0..1.0).contains(&v)));
        let mean = u.iter().map(|&v| v as f64).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.01, "uniform mean {mean}");
        let z: Vec<f64> = (0..n).map(|_| r.normal_f64()).collect();
        let m = z.iter().sum::<f64>() / n as f64;
        let var = z.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n as f64;
        assert!(
            m.abs() < 0.02 && (var - 1.0).abs() < 0.03,
            "normal mean {m} var {var}"
        );
        for _ in 0..1000 {
            let v = r.uniform_range(-2.0, 3.0);
            assert!((-2.0..3.0).contains(&v));
        }
    }

    #[test]
    fn below_shuffle_and_choice_are_permutations() {
        let mut r = Rng::new(7);
        let mut counts = [0usize; 3];
        for _ in 0..30_000 {
            counts[r.below(3)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_000..11_000).contains(&c)),
            "{counts:?}"
        );
        let mut v: Vec<usize> = (0..50).collect();
        r.shuffle(&mut v);
        assert_ne!(v, (0..50).collect::<Vec<_>>());
        v.sort_unstable();
        assert_eq!(v, (0..50).collect::<Vec<_>>());
        let mut c = r.choice(100, 10);
        assert_eq!(c.len(), 10);
        c.sort_unstable();
        c.dedup();
        assert_eq!(c.len(), 10, "choice must not repeat");
        assert!(c.iter().all(|&i| i < 100));
        assert_eq!(r.choice(3, 10).len(), 3);
        assert_eq!(r.below(0), 0);
    }
}
