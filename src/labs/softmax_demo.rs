//! The softmax panel of the activation lab: yₖ = exp(aₖ)/Σᵢ exp(aᵢ) computed as written (naive) and with
//! the largest input subtracted first, yₖ = exp(aₖ − C)/Σᵢ exp(aᵢ − C), C = max a (the same value, no overflow).

use crate::activation::{softmax_naive, softmax_stable};
use crate::labs::route_vec::{read_array, write_list};
use crate::urlstate::Route;

/// How many inputs the panel edits (the book's examples have three).
pub const N: usize = 3;
/// Limits stated in the UI: wide enough for the book's overflow example [1010, 1000, 990].
pub const A_RANGE: (f32, f32) = (-2000.0, 2000.0);
/// The book's two examples: an ordinary vector, and one whose exp overflows.
pub const PRESETS: [(&str, [f32; N]); 2] = [
    ("book", [0.3, 2.9, 4.0]),
    ("overflow", [1010.0, 1000.0, 990.0]),
];

/// The panel's settings: the input vector a.
#[derive(Clone, Debug, PartialEq)]
pub struct SoftmaxDemoConfig {
    pub a: [f32; N],
}

impl Default for SoftmaxDemoConfig {
    /// The book's first example, a = [0.3, 2.9, 4.0].
    fn default() -> Self {
        SoftmaxDemoConfig { a: PRESETS[0].1 }
    }
}

/// Everything the panel shows, for both forms.
#[derive(Clone, Debug, PartialEq)]
pub struct SoftmaxDemo {
    /// exp(aₖ): may be ∞ in f32 (exp(x) overflows above x ≈ 88.7).
    pub exp_naive: Vec<f32>,
    pub sum_exp_naive: f32,
    pub naive: Vec<f32>,
    /// C = max a, and exp(aₖ − C) ≤ 1.
    pub c: f32,
    pub exp_stable: Vec<f32>,
    pub sum_exp_stable: f32,
    pub stable: Vec<f32>,
    /// Σ yₖ of each form (NaN for the naive form once it overflowed).
    pub sum_naive: f32,
    pub sum_stable: f32,
    /// argmax of the input and of the stable output: softmax keeps the order (exp is increasing).
    pub argmax_in: usize,
    pub argmax_out: usize,
}

impl SoftmaxDemo {
    /// True when exp overflowed to ∞ and the naive form produced NaN (∞/∞).
    pub fn naive_overflowed(&self) -> bool {
        self.exp_naive.iter().any(|v| v.is_infinite()) || self.naive.iter().any(|v| v.is_nan())
    }
}

impl SoftmaxDemoConfig {
    pub fn compute(&self) -> SoftmaxDemo {
        let a = &self.a;
        let exp_naive: Vec<f32> = a.iter().map(|v| v.exp()).collect();
        let c = a.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        let exp_stable: Vec<f32> = a.iter().map(|v| (v - c).exp()).collect();
        let naive = softmax_naive(a);
        let stable = softmax_stable(a);
        SoftmaxDemo {
            sum_exp_naive: exp_naive.iter().sum(),
            sum_exp_stable: exp_stable.iter().sum(),
            sum_naive: naive.iter().sum(),
            sum_stable: stable.iter().sum(),
            argmax_in: argmax(a),
            argmax_out: argmax(&stable),
            exp_naive,
            naive,
            c,
            exp_stable,
            stable,
        }
    }

    pub fn write(&self, r: &mut Route) {
        write_list(r, "sm", &self.a);
    }

    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        SoftmaxDemoConfig {
            a: read_array(r, "sm", A_RANGE.0, A_RANGE.1, d.a),
        }
    }
}

/// The first index of the largest value (NaN never wins).
pub fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (k, &x) in v.iter().enumerate() {
        if x > v[best] || v[best].is_nan() {
            best = k;
        }
    }
    best
}

/// yₖ = exp(aₖ) / Σᵢ exp(aᵢ), as MathML.
pub const FORMULA_NAIVE: &str = "<math><msub><mi>y</mi><mi>k</mi></msub><mo>=</mo><mfrac><mrow><mi>exp</mi><mo>(</mo><msub><mi>a</mi><mi>k</mi></msub><mo>)</mo></mrow><mrow><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><mi>exp</mi><mo>(</mo><msub><mi>a</mi><mi>i</mi></msub><mo>)</mo></mrow></mfrac></math>";

/// yₖ = exp(aₖ − C) / Σᵢ exp(aᵢ − C), C = max a, as MathML.
pub const FORMULA_STABLE: &str = "<math><msub><mi>y</mi><mi>k</mi></msub><mo>=</mo><mfrac><mrow><mi>exp</mi><mo>(</mo><msub><mi>a</mi><mi>k</mi></msub><mo>−</mo><mi>C</mi><mo>)</mo></mrow><mrow><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><mi>exp</mi><mo>(</mo><msub><mi>a</mi><mi>i</mi></msub><mo>−</mo><mi>C</mi><mo>)</mo></mrow></mfrac><mo>,</mo><mspace width=\"0.6em\"/><mi>C</mi><mo>=</mo><mi>max</mi><mo>(</mo><mi>a</mi><mo>)</mo></math>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_example_matches_and_sums_to_one() {
        let d = SoftmaxDemoConfig::default().compute();
        // The book prints [0.01821127 0.24519181 0.73659691].
        for (y, want) in d
            .stable
            .iter()
            .zip([0.018_211_27, 0.245_191_81, 0.736_596_9])
        {
            assert!((y - want).abs() < 1e-6, "{y} vs {want}");
        }
        for (n, s) in d.naive.iter().zip(&d.stable) {
            assert!((n - s).abs() < 1e-6, "both forms agree without overflow");
        }
        assert!((d.sum_stable - 1.0).abs() < 1e-6 && (d.sum_naive - 1.0).abs() < 1e-6);
        assert!(!d.naive_overflowed());
        assert_eq!((d.argmax_in, d.argmax_out), (2, 2));
    }

    #[test]
    fn the_overflow_preset_gives_nan_naively_and_the_right_values_stably() {
        let d = SoftmaxDemoConfig { a: PRESETS[1].1 }.compute();
        assert!(d.exp_naive[0].is_infinite() && d.sum_exp_naive.is_infinite());
        assert!(d.naive.iter().all(|v| v.is_nan()), "{:?}", d.naive);
        assert!(d.naive_overflowed() && d.sum_naive.is_nan());
        assert_eq!(d.c, 1010.0);
        assert!((d.stable[0] - 0.999_954_6).abs() < 1e-6);
        assert!(
            (d.stable[1] / 4.54e-5 - 1.0).abs() < 1e-2,
            "{}",
            d.stable[1]
        );
        assert!(
            (d.stable[2] / 2.06e-9 - 1.0).abs() < 1e-2,
            "{}",
            d.stable[2]
        );
        assert!((d.sum_stable - 1.0).abs() < 1e-6);
        assert_eq!((d.argmax_in, d.argmax_out), (0, 0));
    }

    #[test]
    fn order_is_kept_for_any_input() {
        let d = SoftmaxDemoConfig {
            a: [-3.0, 7.5, 2.0],
        }
        .compute();
        assert_eq!((d.argmax_in, d.argmax_out), (1, 1));
        assert!(d.stable[0] < d.stable[2] && d.stable[2] < d.stable[1]);
        assert_eq!(argmax(&[f32::NAN, 1.0, 0.5]), 1);
    }

    #[test]
    fn settings_round_trip_through_the_url() {
        let c = SoftmaxDemoConfig {
            a: [1010.0, 1000.0, 990.0],
        };
        let mut r = Route::new("activation");
        c.write(&mut r);
        assert_eq!(SoftmaxDemoConfig::read(&Route::parse(&r.to_hash())), c);
        assert_eq!(
            SoftmaxDemoConfig::read(&Route::parse("#activation?sm=1,2,1e9")),
            SoftmaxDemoConfig::default()
        );
    }
}
