//! The book's simpleNet (ch4.4.2): W (2×3), predict z = x·W, loss L = cross_entropy_error(softmax(z), t)
//! with x = [0.6, 0.9] and t = class 2, its numerical gradient dW = ∂L/∂W, and one step W ← W − lr·dW.
//! A teaching calculator: it computes in f64, as NumPy does, so every digit can be checked against the book
//! (in f32 the central difference with h = 1e-4 is off in the fourth digit: 0.21937408 for 0.21924763).
//! The book printed its simpleNet numbers from a cross_entropy_error without δ (its loss 0.92806853663 and
//! dW 0.21924763… are −log y₂ exactly); with today's `+ 1e-7` every dW shifts by δ/y₂ ≈ 2.5e-7 of itself
//! (0.21924757). This calculator follows the printed page, and the panel says so.

use ndarray::{arr2, Array2};

use crate::diff::{numerical_gradient, H};
use crate::error::{Error, Result};
use crate::rng::Rng;

/// The book's input x and label t (class 2, one-hot [0, 0, 1]).
pub const X: [f64; 2] = [0.6, 0.9];
pub const T: [f64; 3] = [0.0, 0.0, 1.0];

/// The W the book prints (from its np.random.randn), so a reader can check every number against the page.
pub const BOOK_W: [[f64; 3]; 2] = [
    [0.473_552_32, 0.997_739_3, 0.846_680_94],
    [0.855_574_11, 0.035_636_61, 0.694_220_93],
];

/// What one look at the network gives: z = x·W, y = softmax(z), the loss, and dW.
#[derive(Clone, Debug, PartialEq)]
pub struct NetState {
    pub w: Array2<f64>,
    pub z: Vec<f64>,
    pub y: Vec<f64>,
    pub loss: f64,
    pub dw: Array2<f64>,
}

/// z = x·W.
pub fn predict(w: &Array2<f64>) -> Vec<f64> {
    (0..3)
        .map(|j| X[0] * w[[0, j]] + X[1] * w[[1, j]])
        .collect()
}

/// The book's softmax: exp(zₖ − max z)/Σ exp(zᵢ − max z), in f64.
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let max = z.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let e: Vec<f64> = z.iter().map(|v| (v - max).exp()).collect();
    let sum: f64 = e.iter().sum();
    e.iter().map(|v| v / sum).collect()
}

/// Cross entropy as the book's simpleNet numbers were printed: −Σₖ tₖ log yₖ, in f64 (no δ: see above; yₖ > 0
/// for every W a user may type, since |zᵢ − zⱼ| ≤ 150 keeps e^(zₖ − max z) far above f64's smallest number).
pub fn cross_entropy(y: &[f64], t: &[f64]) -> f64 {
    -y.iter()
        .zip(t)
        .filter(|(_, &t)| t != 0.0)
        .map(|(y, t)| t * y.ln())
        .sum::<f64>()
}

/// L = cross_entropy_error(softmax(x·W), t).
pub fn loss(w: &Array2<f64>) -> f64 {
    cross_entropy(&softmax(&predict(w)), &T)
}

/// Look at the network with weights `w`: predict, loss and the numerical gradient (h = 1e-4, central
/// difference, one weight at a time: the book's `numerical_gradient(f, net.W)`).
pub fn evaluate(w: &Array2<f64>) -> NetState {
    let flat: Vec<f64> = w.iter().copied().collect();
    let g = numerical_gradient(
        |v: &[f64]| loss(&Array2::from_shape_vec((2, 3), v.to_vec()).expect("six weights")),
        &flat,
        H,
    );
    let dw = Array2::from_shape_vec((2, 3), g).expect("six weights");
    let z = predict(w);
    let y = softmax(&z);
    NetState {
        w: w.clone(),
        loss: cross_entropy(&y, &T),
        z,
        y,
        dw,
    }
}

/// The analytic gradient ∂L/∂W = xᵀ(y − t) (chapter 5's Softmax-with-Loss), to check dW against.
pub fn analytic_grad(w: &Array2<f64>) -> Array2<f64> {
    let y = softmax(&predict(w));
    Array2::from_shape_fn((2, 3), |(i, j)| X[i] * (y[j] - T[j]))
}

/// One gradient-descent step W ← W − lr·dW.
pub fn step(state: &NetState, lr: f64) -> Array2<f64> {
    &state.w - &(&state.dw * lr)
}

/// W (2×3) from a seed, like np.random.randn(2, 3) (standard normal, row by row). The generator draws f32
/// normals; they are exact in f64.
pub fn w_from_seed(seed: u64) -> Array2<f64> {
    let mut rng = Rng::new(seed);
    Array2::from_shape_fn((2, 3), |_| rng.normal() as f64)
}

pub fn book_w() -> Array2<f64> {
    arr2(&BOOK_W)
}

/// Weights a user may type: |w| ≤ 100 (beyond that softmax is one-hot and the lesson is lost).
pub const W_LIMIT: f64 = 100.0;

/// Parse six numbers typed or pasted as NumPy prints them, e.g. `[[0.47, 0.99, 0.84], [0.85, 0.03, 0.69]]`:
/// brackets, commas and whitespace all separate; exactly six finite numbers within ±`W_LIMIT`.
pub fn parse_w(text: &str) -> Result<Array2<f64>> {
    let parts: Vec<&str> = text
        .split(|c: char| c == '[' || c == ']' || c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(Error::new("input.empty", ["grad.w"]));
    }
    let mut v = Vec::with_capacity(6);
    for p in &parts {
        let x = crate::input::parse_value(p, "grad.w")?;
        if x.abs() > W_LIMIT {
            return Err(Error::new(
                "input.range",
                [
                    "grad.w".to_string(),
                    crate::numfmt::decimal(-W_LIMIT),
                    crate::numfmt::decimal(W_LIMIT),
                    p.to_string(),
                ],
            ));
        }
        v.push(x);
    }
    if v.len() != 6 {
        return Err(Error::new("grad.err.w_count", [v.len()]));
    }
    Array2::from_shape_vec((2, 3), v).map_err(|_| Error::new("grad.err.w_count", [parts.len()]))
}

/// W as NumPy would accept it back: `[[a, b, c], [d, e, f]]` with f64's shortest round-trip digits.
pub fn format_w(w: &Array2<f64>) -> String {
    let row = |i: usize| {
        (0..3)
            .map(|j| format!("{}", w[[i, j]]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("[[{}], [{}]]", row(0), row(1))
}

/// The formulas of simpleNet as MathML.
pub const FORMULA: [&str; 4] = ["<math><mi mathvariant=\"bold\">z</mi><mo>=</mo><mi mathvariant=\"bold\">x</mi><mi mathvariant=\"bold\">W</mi></math>", "<math><mi mathvariant=\"bold\">y</mi><mo>=</mo><mi>softmax</mi><mo>(</mo><mi mathvariant=\"bold\">z</mi><mo>)</mo></math>", "<math><mi>L</mi><mo>=</mo><mo>−</mo><munder><mo>∑</mo><mi>k</mi></munder><msub><mi>t</mi><mi>k</mi></msub><mi>log</mi><msub><mi>y</mi><mi>k</mi></msub></math>", "<math><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi mathvariant=\"bold\">W</mi></mrow></mfrac><mo>=</mo><mrow><mo>(</mo><mtable><mtr><mtd><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>w</mi><mn>11</mn></msub></mrow></mfrac></mtd><mtd><mo>⋯</mo></mtd><mtd><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>w</mi><mn>13</mn></msub></mrow></mfrac></mtd></mtr><mtr><mtd><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>w</mi><mn>21</mn></msub></mrow></mfrac></mtd><mtd><mo>⋯</mo></mtd><mtd><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>w</mi><mn>23</mn></msub></mrow></mfrac></mtd></mtr></mtable><mo>)</mo></mrow></math>"];

/// W ← W − η ∂L/∂W as MathML.
pub const UPDATE: &str = "<math><mi mathvariant=\"bold\">W</mi><mo>←</mo><mi mathvariant=\"bold\">W</mi><mo>−</mo><mi>η</mi><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi mathvariant=\"bold\">W</mi></mrow></mfrac></math>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_printed_example() {
        let s = evaluate(&book_w());
        // The book: p = [1.05414809, 0.63071653, 1.1328074], loss 0.92806853663411326.
        for (got, want) in s.z.iter().zip([1.054_148_09, 0.630_716_53, 1.132_807_4]) {
            assert!((got - want).abs() < 1e-8, "{got} vs {want}");
        }
        // W is printed to 8 digits, so the loss from it differs from the book's in the 9th digit.
        assert!(
            (s.loss - 0.928_068_536_634_113_3).abs() < 1e-8,
            "{}",
            s.loss
        );
        // The book's dW, digit for digit as printed (8 significant digits), as the panel shows it.
        let want = [
            ["0.21924763", "0.14356247", "−0.36281009"],
            ["0.32887144", "0.2153437", "−0.54421514"],
        ];
        for (i, row) in want.iter().enumerate() {
            for (j, w) in row.iter().enumerate() {
                assert_eq!(crate::numfmt::sig(s.dw[[i, j]], 8), *w, "dW[{i},{j}]");
            }
        }
        // And dW agrees with the analytic xᵀ(y − t) to the central difference's O(h²).
        let a = analytic_grad(&book_w());
        assert!(
            (&a - &s.dw).iter().all(|d| d.abs() < 1e-8),
            "{a} vs {}",
            s.dw
        );
    }

    #[test]
    fn one_step_lowers_the_loss() {
        let s = evaluate(&book_w());
        let w2 = step(&s, 0.1);
        // W changes by exactly −lr·dW.
        assert!((w2[[1, 2]] - (s.w[[1, 2]] - 0.1 * s.dw[[1, 2]])).abs() < 1e-15);
        assert!(loss(&w2) < s.loss, "{} !< {}", loss(&w2), s.loss);
    }

    #[test]
    fn seeds_reproduce_and_differ() {
        assert_eq!(w_from_seed(42), w_from_seed(42));
        assert_ne!(w_from_seed(42), w_from_seed(43));
        let w = w_from_seed(7);
        assert!(w.iter().all(|v| v.is_finite() && v.abs() < 6.0));
    }

    #[test]
    fn typed_w_is_parsed_like_numpy_prints_it_and_bad_text_is_named() {
        let w =
            parse_w("[[0.47355232 0.9977393  0.84668094]\n [0.85557411 0.03563661 0.69422093]]")
                .unwrap();
        assert_eq!(w, book_w());
        assert_eq!(parse_w(&format_w(&w)).unwrap(), w);
        assert_eq!(parse_w("").unwrap_err().key, "input.empty");
        assert_eq!(parse_w("1 2 3 4 5").unwrap_err().key, "grad.err.w_count");
        assert_eq!(parse_w("1 2 3 4 5 x").unwrap_err().key, "input.nan");
        assert_eq!(parse_w("1 2 3 4 5 NaN").unwrap_err().key, "input.nan");
        assert_eq!(parse_w("1 2 3 4 5 1e9").unwrap_err().key, "input.range");
    }
}
