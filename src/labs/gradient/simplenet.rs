//! The book's simpleNet (ch4.4.2): W (2×3), predict z = x·W, loss L = cross_entropy_error(softmax(z), t)
//! with x = [0.6, 0.9] and t = class 2, its numerical gradient dW = ∂L/∂W, and one step W ← W − lr·dW.

use ndarray::{arr2, Array2};

use crate::activation::softmax_stable;
use crate::diff::{numerical_gradient_array, H};
use crate::error::{Error, Result};
use crate::loss::cross_entropy;
use crate::rng::Rng;

/// The book's input x and label t (class 2, one-hot [0, 0, 1]).
pub const X: [f32; 2] = [0.6, 0.9];
pub const T: [f32; 3] = [0.0, 0.0, 1.0];

/// The W the book prints (from its np.random.randn), so a reader can check every number against the page.
/// Kept in f64 with the book's digits; the network itself is f32.
pub const BOOK_W: [[f64; 3]; 2] = [
    [0.473_552_32, 0.997_739_3, 0.846_680_94],
    [0.855_574_11, 0.035_636_61, 0.694_220_93],
];

/// What one look at the network gives: z = x·W, y = softmax(z), the loss, and dW.
#[derive(Clone, Debug, PartialEq)]
pub struct NetState {
    pub w: Array2<f32>,
    pub z: Vec<f32>,
    pub y: Vec<f32>,
    pub loss: f32,
    pub dw: Array2<f32>,
}

/// z = x·W.
pub fn predict(w: &Array2<f32>) -> Vec<f32> {
    (0..3)
        .map(|j| X[0] * w[[0, j]] + X[1] * w[[1, j]])
        .collect()
}

/// L = cross_entropy_error(softmax(x·W), t).
pub fn loss(w: &Array2<f32>) -> f32 {
    cross_entropy(&softmax_stable(&predict(w)), &T)
}

/// Look at the network with weights `w`: predict, loss and the numerical gradient (h = 1e-4).
pub fn evaluate(w: &Array2<f32>) -> NetState {
    let mut wm = w.clone();
    let dw = numerical_gradient_array(&mut wm, H as f32, loss);
    let z = predict(w);
    let y = softmax_stable(&z);
    NetState {
        w: w.clone(),
        loss: cross_entropy(&y, &T),
        z,
        y,
        dw,
    }
}

/// The analytic gradient ∂L/∂W = xᵀ(y − t) (chapter 5's Softmax-with-Loss), to check dW against.
pub fn analytic_grad(w: &Array2<f32>) -> Array2<f32> {
    let y = softmax_stable(&predict(w));
    Array2::from_shape_fn((2, 3), |(i, j)| X[i] * (y[j] - T[j]))
}

/// One gradient-descent step W ← W − lr·dW.
pub fn step(state: &NetState, lr: f32) -> Array2<f32> {
    &state.w - &(&state.dw * lr)
}

/// W (2×3) from a seed, like np.random.randn(2, 3) (standard normal, row by row).
pub fn w_from_seed(seed: u64) -> Array2<f32> {
    let mut rng = Rng::new(seed);
    Array2::from_shape_fn((2, 3), |_| rng.normal())
}

pub fn book_w() -> Array2<f32> {
    arr2(&BOOK_W).mapv(|v| v as f32)
}

/// Weights a user may type: |w| ≤ 100 (beyond that softmax is one-hot and the lesson is lost).
pub const W_LIMIT: f32 = 100.0;

/// Parse six numbers typed or pasted as NumPy prints them, e.g. `[[0.47, 0.99, 0.84], [0.85, 0.03, 0.69]]`:
/// brackets, commas and whitespace all separate; exactly six finite numbers within ±`W_LIMIT`.
pub fn parse_w(text: &str) -> Result<Array2<f32>> {
    let parts: Vec<&str> = text
        .split(|c: char| c == '[' || c == ']' || c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(Error::new("input.empty", ["grad.w"]));
    }
    let mut v = Vec::with_capacity(6);
    for p in &parts {
        let x: f32 = p
            .parse()
            .map_err(|_| Error::new("input.nan", ["grad.w", p]))?;
        if !x.is_finite() {
            return Err(Error::new("input.nan", ["grad.w", p]));
        }
        if x.abs() > W_LIMIT {
            return Err(Error::new(
                "input.range",
                [
                    "grad.w".to_string(),
                    (-W_LIMIT).to_string(),
                    W_LIMIT.to_string(),
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

/// W as NumPy would accept it back: `[[a, b, c], [d, e, f]]` with f32's shortest round-trip digits.
pub fn format_w(w: &Array2<f32>) -> String {
    let row = |i: usize| {
        (0..3)
            .map(|j| format!("{}", w[[i, j]]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("[[{}], [{}]]", row(0), row(1))
}

/// The formulas of simpleNet as MathML.
pub const FORMULA: [&str; 4] = ["<math><mi mathvariant=\"bold\">z</mi><mo>=</mo><mi mathvariant=\"bold\">x</mi><mi mathvariant=\"bold\">W</mi></math>", "<math><mi mathvariant=\"bold\">y</mi><mo>=</mo><mi>softmax</mi><mo>(</mo><mi mathvariant=\"bold\">z</mi><mo>)</mo></math>", "<math><mi>L</mi><mo>=</mo><mo>−</mo><munder><mo>∑</mo><mi>k</mi></munder><msub><mi>t</mi><mi>k</mi></msub><mi>log</mi><mo>(</mo><msub><mi>y</mi><mi>k</mi></msub><mo>+</mo><mi>δ</mi><mo>)</mo></math>", "<math><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi mathvariant=\"bold\">W</mi></mrow></mfrac><mo>=</mo><mrow><mo>(</mo><mtable><mtr><mtd><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>w</mi><mn>11</mn></msub></mrow></mfrac></mtd><mtd><mo>⋯</mo></mtd><mtd><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>w</mi><mn>13</mn></msub></mrow></mfrac></mtd></mtr><mtr><mtd><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>w</mi><mn>21</mn></msub></mrow></mfrac></mtd><mtd><mo>⋯</mo></mtd><mtd><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>w</mi><mn>23</mn></msub></mrow></mfrac></mtd></mtr></mtable><mo>)</mo></mrow></math>"];

/// W ← W − η ∂L/∂W as MathML.
pub const UPDATE: &str = "<math><mi mathvariant=\"bold\">W</mi><mo>←</mo><mi mathvariant=\"bold\">W</mi><mo>−</mo><mi>η</mi><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi mathvariant=\"bold\">W</mi></mrow></mfrac></math>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_printed_example() {
        let s = evaluate(&book_w());
        // The book: p = [1.05414809, 0.63071653, 1.1328074], loss 0.92806853663411326.
        for (got, want) in
            s.z.iter()
                .map(|&v| v as f64)
                .zip([1.054_148_09, 0.630_716_53, 1.132_807_4])
        {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
        // The book prints 0.92806853663411326 (float64); f32 holds about 7 digits of it.
        assert!(
            (s.loss as f64 - 0.928_068_536_634_113).abs() < 2e-6,
            "{}",
            s.loss
        );
        // The book's dW: [[0.21924763, 0.14356247, −0.36281009], [0.32887144, 0.2153437, −0.54421514]].
        // f32 loss, h = 1e-4: the central difference carries about 1e-3 of rounding.
        let want: [[f64; 3]; 2] = [
            [0.219_247_63, 0.143_562_47, -0.362_810_09],
            [0.328_871_44, 0.215_343_7, -0.544_215_14],
        ];
        for (i, row) in want.iter().enumerate() {
            for (j, w) in row.iter().enumerate() {
                let got = s.dw[[i, j]] as f64;
                assert!((got - w).abs() < 2e-3, "dW[{i},{j}] = {got}");
            }
        }
        // And dW agrees with the analytic xᵀ(y − t).
        let a = analytic_grad(&book_w());
        assert!(
            (&a - &s.dw).iter().all(|d| d.abs() < 2e-3),
            "{a} vs {}",
            s.dw
        );
    }

    #[test]
    fn one_step_lowers_the_loss() {
        let s = evaluate(&book_w());
        let w2 = step(&s, 0.1);
        // W changes by exactly −lr·dW.
        assert!((w2[[1, 2]] - (s.w[[1, 2]] - 0.1 * s.dw[[1, 2]])).abs() < 1e-7);
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
