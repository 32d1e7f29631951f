//! The book's `weight_init_activation_histogram.py`: x = N(0, 1) of 1,000 × 100, then five layers of 100 units,
//! a = z·W (W = scale · N(0, 1), no bias), z = h(a), and a 30-bin histogram of each layer's z. The scale is
//! std 1, std 0.01, Xavier √(1/n) or He √(2/n) (n = 100); h is sigmoid, tanh or ReLU.
//!
//! Ranges: sigmoid (0, 1) as in the book, tanh (−1, 1), ReLU (0, 4] with exact zeros counted apart (half of
//! ReLU's outputs are 0, and one bar for them would flatten every other bar); values outside are counted.

use ndarray::Array2;

use crate::activation::Activation;
use crate::error::ensure;
use crate::init::Init;
use crate::rng::Rng;
use crate::Result;

/// The inits the experiment compares, with their URL/i18n keys.
pub const INITS: [(&str, Init); 4] = [
    ("std1", Init::Std(1.0)),
    ("std001", Init::Std(0.01)),
    ("xavier", Init::Xavier),
    ("he", Init::He),
];
/// The activations it compares.
pub const ACTIVATIONS: [Activation; 3] = [Activation::Sigmoid, Activation::Tanh, Activation::Relu];

/// The settings. `Default` is the book's: 1,000 samples, 100 units, 5 layers, 30 bins, std 1, sigmoid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistConfig {
    pub init: Init,
    pub activation: Activation,
    pub samples: usize,
    pub units: usize,
    pub layers: usize,
    pub bins: usize,
    pub seed: u64,
}

impl Default for HistConfig {
    fn default() -> Self {
        HistConfig {
            init: Init::Std(1.0),
            activation: Activation::Sigmoid,
            samples: 1_000,
            units: 100,
            layers: 5,
            bins: 30,
            seed: 42,
        }
    }
}

/// The histogram range of an activation's output (see the module note).
pub fn range_for(act: Activation) -> (f32, f32) {
    match act {
        Activation::Tanh => (-1.0, 1.0),
        Activation::Relu => (0.0, 4.0),
        _ => (0.0, 1.0),
    }
}

/// One layer's z: bin counts over `range`, what fell outside, ReLU's exact zeros, and mean and std of all z.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerHist {
    pub counts: Vec<usize>,
    pub range: (f32, f32),
    pub below: usize,
    pub above: usize,
    /// Exact zeros left out of the bins (ReLU only; 0 otherwise).
    pub zeros: usize,
    pub total: usize,
    pub mean: f64,
    pub std: f64,
}

impl LayerHist {
    /// The share of all values in bins whose centres lie in [lo, hi].
    pub fn share_between(&self, lo: f32, hi: f32) -> f64 {
        let (a, b) = self.range;
        let w = (b - a) / self.counts.len() as f32;
        let n: usize = (0..self.counts.len())
            .filter(|&i| (lo..=hi).contains(&(a + (i as f32 + 0.5) * w)))
            .map(|i| self.counts[i])
            .sum();
        n as f64 / self.total.max(1) as f64
    }

    /// The standard deviation of the binned values (from bin centres), a spread that ignores ReLU's zeros.
    pub fn binned_std(&self) -> f64 {
        let (a, b) = self.range;
        let w = ((b - a) / self.counts.len() as f32) as f64;
        let n: usize = self.counts.iter().sum();
        if n == 0 {
            return 0.0;
        }
        let c = |i: usize| a as f64 + (i as f64 + 0.5) * w;
        let m = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, &k)| c(i) * k as f64)
            .sum::<f64>()
            / n as f64;
        let v = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, &k)| (c(i) - m).powi(2) * k as f64)
            .sum::<f64>()
            / n as f64;
        v.sqrt()
    }
}

impl HistConfig {
    pub fn validate(&self) -> Result<()> {
        for (name, v, max) in [
            ("samples", self.samples, 10_000),
            ("units", self.units, 1_000),
            ("layers", self.layers, 20),
            ("bins", self.bins, 200),
        ] {
            ensure(
                v >= 1,
                "err.min",
                [name.to_string(), "1".into(), v.to_string()],
            )?;
            ensure(
                v <= max,
                "err.too_big",
                [name.to_string(), v.to_string(), max.to_string()],
            )?;
        }
        ensure(
            ACTIVATIONS.contains(&self.activation),
            "err.unknown",
            ["activation", self.activation.key()],
        )?;
        self.init.validate()?;
        Ok(())
    }

    /// Run the forward passes and bin each layer's z.
    pub fn run(&self) -> Result<Vec<LayerHist>> {
        self.validate()?;
        let mut rng = Rng::new(self.seed);
        let mut z = Array2::from_shape_simple_fn((self.samples, self.units), || rng.normal());
        let mut out = Vec::with_capacity(self.layers);
        for _ in 0..self.layers {
            let w = self.init.weights(self.units, self.units, &mut rng);
            z = self.activation.apply(&z.dot(&w));
            out.push(self.histogram(z.iter().copied()));
        }
        Ok(out)
    }

    /// Bin values over the activation's range (ReLU's exact zeros apart), with their mean and std.
    pub fn histogram(&self, values: impl Iterator<Item = f32>) -> LayerHist {
        let range = range_for(self.activation);
        let relu = self.activation == Activation::Relu;
        let (lo, hi) = range;
        let mut h = LayerHist {
            counts: vec![0; self.bins],
            range,
            below: 0,
            above: 0,
            zeros: 0,
            total: 0,
            mean: 0.0,
            std: 0.0,
        };
        let (mut s, mut s2) = (0.0f64, 0.0f64);
        for v in values {
            h.total += 1;
            s += v as f64;
            s2 += (v as f64) * (v as f64);
            if relu && v == 0.0 {
                h.zeros += 1;
            } else if v.is_nan() || v < lo {
                h.below += 1;
            } else if v > hi {
                h.above += 1;
            } else {
                // numpy.histogram: half-open bins, the last one closed.
                let i = (((v - lo) / (hi - lo)) * self.bins as f32) as usize;
                h.counts[i.min(self.bins - 1)] += 1;
            }
        }
        let n = h.total.max(1) as f64;
        h.mean = s / n;
        h.std = (s2 / n - h.mean * h.mean).max(0.0).sqrt();
        h
    }
}

/// The init for a key of `INITS`.
pub fn init_from_key(key: &str) -> Option<Init> {
    INITS.iter().find(|(k, _)| *k == key).map(|(_, i)| *i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(init: Init, activation: Activation) -> Vec<LayerHist> {
        HistConfig {
            init,
            activation,
            ..HistConfig::default()
        }
        .run()
        .unwrap()
    }

    #[test]
    fn std1_sigmoid_piles_up_at_0_and_1() {
        for (l, h) in run(Init::Std(1.0), Activation::Sigmoid).iter().enumerate() {
            assert_eq!(h.counts.iter().sum::<usize>() + h.below + h.above, h.total);
            let ends = h.share_between(0.0, 0.1) + h.share_between(0.9, 1.0);
            let middle = h.share_between(0.3, 0.7);
            if l >= 1 {
                assert!(
                    ends > 0.6 && middle < 0.15,
                    "layer {}: ends {ends}, middle {middle}",
                    l + 1
                );
            }
        }
    }

    #[test]
    fn std001_sigmoid_collapses_near_half() {
        for h in run(Init::Std(0.01), Activation::Sigmoid).iter().skip(1) {
            assert!(
                (h.mean - 0.5).abs() < 0.01 && h.std < 0.02,
                "{} {}",
                h.mean,
                h.std
            );
            assert!(h.share_between(0.45, 0.55) > 0.99);
        }
    }

    #[test]
    fn xavier_spreads_sigmoid_and_tanh() {
        for act in [Activation::Sigmoid, Activation::Tanh] {
            let hs = run(Init::Xavier, act);
            // Layer 1 sees x ~ N(0, 1) itself, so tanh saturates some of it; from layer 2 on the spread holds.
            for h in hs.iter().skip(1) {
                let (lo, hi) = h.range;
                let edge = h.share_between(lo, lo + 0.05 * (hi - lo))
                    + h.share_between(hi - 0.05 * (hi - lo), hi);
                assert!(
                    h.std > 0.1 && edge < 0.05,
                    "{act:?}: std {}, at the edges {edge}",
                    h.std
                );
            }
        }
        // Compared with std 0.01 (collapse) and std 1 (saturation), Xavier keeps the last layer spread out.
        let x = &run(Init::Xavier, Activation::Sigmoid)[4];
        let small = &run(Init::Std(0.01), Activation::Sigmoid)[4];
        assert!(x.std > 10.0 * small.std);
    }

    #[test]
    fn he_keeps_relu_spread_and_std001_vanishes() {
        let he = run(Init::He, Activation::Relu);
        let first = he[0].binned_std();
        for h in &he {
            let zero_share = h.zeros as f64 / h.total as f64;
            assert!((0.3..0.7).contains(&zero_share), "{zero_share}");
            let s = h.binned_std();
            assert!(s > 0.5 * first && s < 2.0 * first, "{s} vs {first}");
            let above = h.above as f64 / h.total as f64;
            assert!(above < 0.05, "{above} above the range, std {}", h.std);
        }
        let small = run(Init::Std(0.01), Activation::Relu);
        assert!(small[4].std < 1e-3 * small[0].std.max(1e-12) || small[4].std < 1e-6);
        let big = run(Init::Std(1.0), Activation::Relu);
        assert!(
            big[4].above > big[0].above,
            "std 1 grows past the range layer by layer"
        );
    }

    #[test]
    fn bad_settings_are_errors() {
        let bad = [
            HistConfig {
                samples: 0,
                ..HistConfig::default()
            },
            HistConfig {
                bins: 1000,
                ..HistConfig::default()
            },
            HistConfig {
                init: Init::Std(f32::NAN),
                ..HistConfig::default()
            },
            HistConfig {
                activation: Activation::Step,
                ..HistConfig::default()
            },
        ];
        for c in bad {
            assert!(c.run().is_err(), "{c:?}");
        }
        assert_eq!(init_from_key("he"), Some(Init::He));
        assert_eq!(init_from_key("evil"), None);
    }
}
