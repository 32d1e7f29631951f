//! Numerical differentiation (ch4.3): forward (f(x+h) − f(x))/h, backward (f(x) − f(x−h))/h and central
//! (f(x+h) − f(x−h))/2h differences of a few functions, their error |approx − f′(x)| against the analytic
//! derivative, and that error as h shrinks from 1e-1 to 1e-12 in f32 and f64 (truncation falls, rounding rises).

use crate::diff::{backward_diff, central_diff, forward_diff, Real};
use crate::error::{Error, Result};

/// The functions the panel can differentiate, each with its analytic derivative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    /// The book's example: f(x) = 0.01x² + 0.1x, f′(x) = 0.02x + 0.1 (0.2 at x = 5, 0.3 at x = 10).
    Poly,
    Sin,
    Exp,
    Cube,
}

/// A float with the elementary functions the examples need (f32 and f64, like `diff::Real`).
pub trait Elem: Real {
    fn sin(self) -> Self;
    fn exp(self) -> Self;
}

impl Elem for f32 {
    fn sin(self) -> Self {
        f32::sin(self)
    }
    fn exp(self) -> Self {
        f32::exp(self)
    }
}

impl Elem for f64 {
    fn sin(self) -> Self {
        f64::sin(self)
    }
    fn exp(self) -> Self {
        f64::exp(self)
    }
}

impl Func {
    pub const ALL: [Func; 4] = [Func::Poly, Func::Sin, Func::Exp, Func::Cube];

    pub fn key(self) -> &'static str {
        match self {
            Func::Poly => "poly",
            Func::Sin => "sin",
            Func::Exp => "exp",
            Func::Cube => "cube",
        }
    }

    pub fn from_key(key: &str) -> Option<Func> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }

    /// f(x), computed in the precision T (so f32 rounding is real f32 rounding).
    pub fn f<T: Elem>(self, x: T) -> T {
        match self {
            Func::Poly => T::from_f64(0.01) * x * x + T::from_f64(0.1) * x,
            Func::Sin => x.sin(),
            Func::Exp => x.exp(),
            Func::Cube => x * x * x,
        }
    }

    /// The analytic derivative f′(x), in f64.
    pub fn df(self, x: f64) -> f64 {
        match self {
            Func::Poly => 0.02 * x + 0.1,
            Func::Sin => x.cos(),
            Func::Exp => x.exp(),
            Func::Cube => 3.0 * x * x,
        }
    }

    /// The x axis the function is drawn over (the book draws 0.01x² + 0.1x on 0..20).
    pub fn x_range(self) -> (f64, f64) {
        match self {
            Func::Poly => (0.0, 20.0),
            Func::Sin => (-4.0, 4.0),
            Func::Exp => (-3.0, 3.0),
            Func::Cube => (-3.0, 3.0),
        }
    }

    /// The point the panel starts at for this function (the book's x = 5 for its example).
    pub fn default_x(self) -> f64 {
        match self {
            Func::Poly => 5.0,
            Func::Sin => 1.0,
            Func::Exp => 1.0,
            Func::Cube => 1.0,
        }
    }

    /// f(x) and f′(x) as MathML (two pieces, so they wrap on a phone).
    pub fn formula(self) -> [&'static str; 2] {
        match self {
            Func::Poly => ["<math><mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mn>0.01</mn><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mn>0.1</mn><mi>x</mi></math>", "<math><msup><mi>f</mi><mo>′</mo></msup><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mn>0.02</mn><mi>x</mi><mo>+</mo><mn>0.1</mn></math>"],
            Func::Sin => ["<math><mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>sin</mi><mi>x</mi></math>", "<math><msup><mi>f</mi><mo>′</mo></msup><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>cos</mi><mi>x</mi></math>"],
            Func::Exp => ["<math><mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><msup><mi>e</mi><mi>x</mi></msup></math>", "<math><msup><mi>f</mi><mo>′</mo></msup><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><msup><mi>e</mi><mi>x</mi></msup></math>"],
            Func::Cube => ["<math><mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><msup><mi>x</mi><mn>3</mn></msup></math>", "<math><msup><mi>f</mi><mo>′</mo></msup><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mn>3</mn><msup><mi>x</mi><mn>2</mn></msup></math>"],
        }
    }
}

/// The three difference formulas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Formula {
    Forward,
    Backward,
    Central,
}

impl Formula {
    pub const ALL: [Formula; 3] = [Formula::Forward, Formula::Backward, Formula::Central];

    pub fn key(self) -> &'static str {
        match self {
            Formula::Forward => "forward",
            Formula::Backward => "backward",
            Formula::Central => "central",
        }
    }

    /// The engine's difference, in precision T.
    pub fn apply<T: Elem>(self, func: Func, x: T, h: T) -> T {
        let f = |v: T| func.f(v);
        match self {
            Formula::Forward => forward_diff(f, x, h),
            Formula::Backward => backward_diff(f, x, h),
            Formula::Central => central_diff(f, x, h),
        }
    }

    /// The formula as MathML.
    pub fn mathml(self) -> &'static str {
        match self {
            Formula::Forward => "<math><mfrac><mrow><mi>f</mi><mo>(</mo><mi>x</mi><mo>+</mo><mi>h</mi><mo>)</mo><mo>−</mo><mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo></mrow><mi>h</mi></mfrac></math>",
            Formula::Backward => "<math><mfrac><mrow><mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>−</mo><mi>f</mi><mo>(</mo><mi>x</mi><mo>−</mo><mi>h</mi><mo>)</mo></mrow><mi>h</mi></mfrac></math>",
            Formula::Central => "<math><mfrac><mrow><mi>f</mi><mo>(</mo><mi>x</mi><mo>+</mo><mi>h</mi><mo>)</mo><mo>−</mo><mi>f</mi><mo>(</mo><mi>x</mi><mo>−</mo><mi>h</mi><mo>)</mo></mrow><mrow><mn>2</mn><mi>h</mi></mrow></mfrac></math>",
        }
    }
}

/// f32 or f64: the calculator's precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    F32,
    F64,
}

impl Precision {
    pub fn key(self) -> &'static str {
        match self {
            Precision::F32 => "32",
            Precision::F64 => "64",
        }
    }

    /// A formula's value at (x, h) computed in this precision, returned as f64.
    pub fn diff(self, formula: Formula, func: Func, x: f64, h: f64) -> f64 {
        match self {
            Precision::F32 => formula.apply(func, x as f32, h as f32) as f64,
            Precision::F64 => formula.apply(func, x, h),
        }
    }
}

/// One formula's result at (x, h): its value and its error against the analytic derivative.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiffRow {
    pub formula: Formula,
    pub value: f64,
    pub error: f64,
}

/// Forward, backward and central differences of `func` at (x, h) with their errors |value − f′(x)|.
pub fn differences(func: Func, x: f64, h: f64, prec: Precision) -> [DiffRow; 3] {
    let exact = func.df(x);
    Formula::ALL.map(|formula| {
        let value = prec.diff(formula, func, x, h);
        DiffRow {
            formula,
            value,
            error: (value - exact).abs(),
        }
    })
}

/// The h values of the error plot: 10^−1 down to 10^−12, `per_decade` points per decade (both ends included).
pub fn h_values(per_decade: usize) -> Vec<f64> {
    let per = per_decade.max(1);
    (0..=11 * per)
        .map(|k| 10f64.powf(-1.0 - k as f64 / per as f64))
        .collect()
}

/// (h, |error|) of one formula at x for every h of `hs`. An error of exactly 0 is kept as 0 (the log plot
/// leaves a gap there rather than inventing a value).
pub fn error_curve(
    func: Func,
    x: f64,
    prec: Precision,
    formula: Formula,
    hs: &[f64],
) -> Vec<(f64, f64)> {
    let exact = func.df(x);
    hs.iter()
        .map(|&h| (h, (prec.diff(formula, func, x, h) - exact).abs()))
        .collect()
}

/// The h with the smallest error on a curve (ignoring exact zeros, which are luck, not accuracy).
pub fn best_h(curve: &[(f64, f64)]) -> Option<(f64, f64)> {
    curve
        .iter()
        .copied()
        .filter(|&(_, e)| e > 0.0 && e.is_finite())
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// The line through (x, f(x)) with `slope`, sampled at the ends of `x_range`.
pub fn tangent(func: Func, x: f64, slope: f64, x_range: (f64, f64)) -> Vec<(f64, f64)> {
    let y = func.f(x);
    [x_range.0, x_range.1]
        .into_iter()
        .map(|v| (v, y + slope * (v - x)))
        .collect()
}

/// The panel's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct DiffConfig {
    pub func: Func,
    pub x: f64,
    pub h: f64,
    pub precision: Precision,
}

impl Default for DiffConfig {
    /// The book's numerical_diff: 0.01x² + 0.1x at x = 5 with h = 1e-4, in f64 (NumPy's float64).
    fn default() -> Self {
        DiffConfig {
            func: Func::Poly,
            x: 5.0,
            h: crate::diff::H,
            precision: Precision::F64,
        }
    }
}

/// h is positive and at most 1; below 1e-15 every formula is rounding noise even in f64.
pub const H_RANGE: (f64, f64) = (1e-15, 1.0);

impl DiffConfig {
    /// The x range a user may choose for the current function.
    pub fn x_limits(&self) -> (f64, f64) {
        self.func.x_range()
    }

    /// Check a config built from user input (x inside the drawn range, h in `H_RANGE`).
    pub fn validate(&self) -> Result<()> {
        let (lo, hi) = self.x_limits();
        if !(self.x.is_finite() && (lo..=hi).contains(&self.x)) {
            return Err(Error::new(
                "err.range",
                [
                    "grad.x",
                    &lo.to_string(),
                    &hi.to_string(),
                    &self.x.to_string(),
                ],
            ));
        }
        if !(self.h.is_finite() && (H_RANGE.0..=H_RANGE.1).contains(&self.h)) {
            return Err(Error::new(
                "err.range",
                [
                    "grad.h",
                    &H_RANGE.0.to_string(),
                    &H_RANGE.1.to_string(),
                    &self.h.to_string(),
                ],
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_example_gives_0_2_and_0_3() {
        for (x, want) in [(5.0, 0.2), (10.0, 0.3)] {
            let rows = differences(Func::Poly, x, 1e-4, Precision::F64);
            let central = rows[2];
            assert_eq!(central.formula, Formula::Central);
            assert!(
                (central.value - want).abs() < 1e-9,
                "{x}: {}",
                central.value
            );
            // Forward and backward are off by about f″h/2 = 0.01·h = 1e-6, central by far less.
            assert!(
                rows[0].error > 1e-7 && rows[0].error < 2e-6,
                "{:?}",
                rows[0]
            );
            assert!(
                rows[1].error > 1e-7 && rows[1].error < 2e-6,
                "{:?}",
                rows[1]
            );
            assert!(central.error < rows[0].error / 100.0);
        }
    }

    #[test]
    fn analytic_derivatives_agree_with_central_differences() {
        for func in Func::ALL {
            for x in [-1.5, 0.3, 2.0] {
                let c = Formula::Central.apply(func, x, 1e-5);
                assert!(
                    (c - func.df(x)).abs() < 1e-6,
                    "{func:?} at {x}: {c} vs {}",
                    func.df(x)
                );
            }
        }
    }

    #[test]
    fn truncation_error_falls_then_rounding_error_rises() {
        let hs = h_values(1);
        assert_eq!(hs.len(), 12);
        assert!((hs[0] - 1e-1).abs() < 1e-15 && (hs[11] / 1e-12 - 1.0).abs() < 1e-9);
        // Central difference of sin at 1 in f64: O(h²) truncation, so 1e-1 → ~1e-3 error; at 1e-12 rounding
        // (ε/h ≈ 1e-4) dominates; the best h is in between, near the book's 1e-4..1e-6.
        let curve = error_curve(Func::Sin, 1.0, Precision::F64, Formula::Central, &hs);
        assert!(curve[0].1 > 1e-4 && curve[0].1 < 1e-2, "{:?}", curve[0]);
        assert!(curve[11].1 > 1e-6, "{:?}", curve[11]);
        let (h, e) = best_h(&curve).unwrap();
        assert!((1e-7..=1e-3).contains(&h) && e < 1e-9, "best {h} {e}");
    }

    #[test]
    fn f32_loses_the_derivative_long_before_f64() {
        // At h = 1e-4 f32 already carries rounding error ε·f/h ≈ 6e-8·0.75/1e-4 ≈ 5e-4; f64 does not.
        let r32 = differences(Func::Poly, 5.0, 1e-4, Precision::F32)[2];
        let r64 = differences(Func::Poly, 5.0, 1e-4, Precision::F64)[2];
        assert!(r32.error > 1e-5, "{r32:?}");
        assert!(r64.error < 1e-9, "{r64:?}");
        // At h = 1e-8, x + h rounds to x in f32 (ulp at 5 is 4.8e-7): the difference is exactly 0.
        let tiny = differences(Func::Poly, 5.0, 1e-8, Precision::F32)[2];
        assert_eq!(tiny.value, 0.0);
        // f32's best h is much larger than f64's.
        let hs = h_values(4);
        let b32 = best_h(&error_curve(
            Func::Exp,
            1.0,
            Precision::F32,
            Formula::Central,
            &hs,
        ))
        .unwrap();
        let b64 = best_h(&error_curve(
            Func::Exp,
            1.0,
            Precision::F64,
            Formula::Central,
            &hs,
        ))
        .unwrap();
        assert!(b32.0 > b64.0 * 10.0, "{b32:?} {b64:?}");
        assert!(b32.1 > b64.1 * 100.0, "{b32:?} {b64:?}");
    }

    #[test]
    fn the_tangent_passes_through_the_point_with_its_slope() {
        let t = tangent(Func::Poly, 5.0, 0.2, (0.0, 20.0));
        // f(5) = 0.75: at x = 0 the line is at 0.75 − 1 = −0.25, at 20 at 0.75 + 3 = 3.75.
        assert!(
            (t[0].1 + 0.25).abs() < 1e-12 && (t[1].1 - 3.75).abs() < 1e-12,
            "{t:?}"
        );
    }

    #[test]
    fn bad_settings_are_rejected_with_a_readable_error() {
        let ok = DiffConfig::default();
        assert!(ok.validate().is_ok());
        for bad in [
            DiffConfig {
                h: 0.0,
                ..ok.clone()
            },
            DiffConfig {
                h: f64::NAN,
                ..ok.clone()
            },
            DiffConfig {
                x: 99.0,
                ..ok.clone()
            },
        ] {
            let e = bad.validate().unwrap_err();
            assert_eq!(e.key, "err.range");
        }
        assert_eq!(Func::from_key("cube"), Some(Func::Cube));
        assert_eq!(Func::from_key("tan"), None);
    }
}
