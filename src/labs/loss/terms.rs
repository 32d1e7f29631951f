//! Every term of SSE E = ½Σₖ(yₖ − tₖ)² and CEE E = −Σₖ tₖ log(yₖ + δ) (δ = 1e-7) for one example, with the
//! formulas as MathML, and the curve −log(y + δ) of the true class's output (log 0 = −∞ without δ).

use crate::loss::{cross_entropy, sse, CEE_DELTA};
use crate::numfmt::sig;
use crate::plot::function::sample;

/// One row of the term table.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub k: usize,
    pub y: f32,
    pub t: f32,
    /// (yₖ − tₖ)²: SSE is half their sum.
    pub sq: f64,
    /// tₖ · log(yₖ + δ): CEE is minus their sum (only the true class is non-zero).
    pub tlog: f64,
}

/// Both losses of one example and their terms.
#[derive(Clone, Debug, PartialEq)]
pub struct Losses {
    pub terms: Vec<Term>,
    pub sse: f32,
    pub cee: f32,
    /// Σₖ yₖ: a softmax output sums to 1; typed values may not.
    pub sum_y: f32,
}

impl Losses {
    pub fn sums_to_one(&self) -> bool {
        (self.sum_y - 1.0).abs() <= 1e-3
    }
}

/// The losses of `y` against one-hot `t` (same length).
pub fn losses(y: &[f32], t: &[f32]) -> Losses {
    let terms = y
        .iter()
        .zip(t)
        .enumerate()
        .map(|(k, (&y, &t))| Term {
            k,
            y,
            t,
            sq: ((y - t) as f64).powi(2),
            tlog: t as f64 * ((y + CEE_DELTA) as f64).ln(),
        })
        .collect();
    Losses {
        terms,
        sse: sse(y, t),
        cee: cross_entropy(y, t),
        sum_y: y.iter().sum(),
    }
}

/// −log(y + δ), the CEE of an example whose true class got output y.
pub fn neg_log(y: f64) -> f64 {
    -(y + CEE_DELTA as f64).ln()
}

/// The curve −log(y + δ) for y in [0, 1].
pub fn neg_log_curve(n: usize) -> Vec<(f64, f64)> {
    sample((0.0, 1.0), n, neg_log)
}

/// A y range for the curve that shows the current value: at least 0..5, up to the δ cap 16.12 and a bit.
pub fn neg_log_y_max(current: f64) -> f64 {
    (neg_log(current) + 1.0).clamp(5.0, 17.0)
}

/// SSE as MathML.
pub const FORMULA_SSE: &str = "<math><mi>E</mi><mo>=</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><munder><mo>∑</mo><mi>k</mi></munder><msup><mrow><mo>(</mo><msub><mi>y</mi><mi>k</mi></msub><mo>−</mo><msub><mi>t</mi><mi>k</mi></msub><mo>)</mo></mrow><mn>2</mn></msup></math>";

/// CEE as MathML.
pub const FORMULA_CEE: &str = "<math><mi>E</mi><mo>=</mo><mo>−</mo><munder><mo>∑</mo><mi>k</mi></munder><msub><mi>t</mi><mi>k</mi></msub><mi>log</mi><mo>(</mo><msub><mi>y</mi><mi>k</mi></msub><mo>+</mo><mi>δ</mi><mo>)</mo><mo>,</mo><mspace width=\"0.6em\"/><mi>δ</mi><mo>=</mo><msup><mn>10</mn><mrow><mo>−</mo><mn>7</mn></mrow></msup></math>";

/// The mini-batch CEE as MathML: E = −(1/N) Σₙ Σₖ tₙₖ log(yₙₖ + δ).
pub const FORMULA_BATCH: &str = "<math><mi>E</mi><mo>=</mo><mo>−</mo><mfrac><mn>1</mn><mi>N</mi></mfrac><munder><mo>∑</mo><mi>n</mi></munder><munder><mo>∑</mo><mi>k</mi></munder><msub><mi>t</mi><mrow><mi>n</mi><mi>k</mi></mrow></msub><mi>log</mi><mo>(</mo><msub><mi>y</mi><mrow><mi>n</mi><mi>k</mi></mrow></msub><mo>+</mo><mi>δ</mi><mo>)</mo></math>";

/// CEE with the numbers in, as two MathML pieces so that a narrow screen can wrap between them:
/// E = −log(y_t + δ) and = −log(0.6 + 10⁻⁷) = 0.51083 (five digits: the book's 2.3026).
pub fn cee_with_numbers(t: usize, y_t: f32, cee: f32) -> String {
    format!(
        "<math><mi>E</mi><mo>=</mo><mo>−</mo><mi>log</mi><mo>(</mo><msub><mi>y</mi><mn>{t}</mn></msub><mo>+</mo><mi>δ</mi><mo>)</mo></math> <math><mo>=</mo><mo>−</mo><mi>log</mi><mo>(</mo><mn>{}</mn><mo>+</mo><msup><mn>10</mn><mrow><mo>−</mo><mn>7</mn></mrow></msup><mo>)</mo><mo>=</mo><mn>{}</mn></math>",
        sig(y_t as f64, 4),
        sig(cee as f64, 5)
    )
}

/// SSE with the numbers in: E = ½ · (sum of squares) = value.
pub fn sse_with_numbers(sum_sq: f64, sse: f32) -> String {
    format!(
        "<math><mi>E</mi><mo>=</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mo>×</mo><mn>{}</mn><mo>=</mo><mn>{}</mn></math>",
        sig(sum_sq, 5),
        sig(sse as f64, 5)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::loss::{LossLabConfig, BOOK_Y, BOOK_Y_WRONG};

    fn t2() -> [f32; 10] {
        LossLabConfig::default().t_one_hot()
    }

    #[test]
    fn the_books_numbers() {
        let l = losses(&BOOK_Y, &t2());
        assert!((l.sse - 0.0975).abs() < 1e-6, "{}", l.sse);
        assert!((l.cee - 0.5108).abs() < 1e-4, "{}", l.cee);
        let w = losses(&BOOK_Y_WRONG, &t2());
        assert!((w.sse - 0.5975).abs() < 1e-6, "{}", w.sse);
        assert!(
            (w.cee - std::f32::consts::LN_10).abs() < 1e-4, /* 2.3026 */
            "{}",
            w.cee
        );
        assert!(l.sums_to_one() && w.sums_to_one());
    }

    #[test]
    fn the_terms_add_up_to_the_losses() {
        let l = losses(&BOOK_Y_WRONG, &t2());
        assert_eq!(l.terms.len(), 10);
        let sq: f64 = l.terms.iter().map(|t| t.sq).sum();
        let tl: f64 = l.terms.iter().map(|t| t.tlog).sum();
        assert!((0.5 * sq - l.sse as f64).abs() < 1e-6);
        assert!((-tl - l.cee as f64).abs() < 1e-5);
        // Only the true class contributes to CEE.
        assert!(l.terms.iter().filter(|t| t.tlog != 0.0).all(|t| t.k == 2));
        // The class-7 term of SSE: (0.6 − 0)² = 0.36.
        assert!((l.terms[7].sq - 0.36).abs() < 1e-6);
    }

    #[test]
    fn delta_caps_minus_log_zero() {
        assert!((neg_log(0.0) - 16.118).abs() < 1e-3);
        assert!(neg_log(1.0).abs() < 1e-6);
        let y0 = [0.0f32, 1.0];
        let l = losses(&y0, &[1.0, 0.0]);
        assert!(
            l.cee.is_finite() && (l.cee - 16.118).abs() < 1e-2,
            "{}",
            l.cee
        );
        assert_eq!(neg_log_y_max(0.6), 5.0);
        assert!(neg_log_y_max(0.0) > 16.118);
        let c = neg_log_curve(11);
        assert_eq!(c.len(), 11);
        assert!(c.windows(2).all(|w| w[1].1 < w[0].1), "decreasing");
    }

    #[test]
    fn formulas_with_numbers_show_the_values() {
        let s = cee_with_numbers(2, 0.6, 0.510_825_6);
        assert!(
            s.contains("<mn>0.6</mn>") && s.contains("<mn>0.51083</mn>"),
            "{s}"
        );
        assert!(sse_with_numbers(0.195, 0.0975).contains("<mn>0.0975</mn>"));
    }
}
