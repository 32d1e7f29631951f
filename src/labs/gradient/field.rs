//! Partial derivatives and the gradient (ch4.4): f(x0, x1) = x0² + x1², its gradient ∇f = (∂f/∂x0, ∂f/∂x1)
//! = (2x0, 2x1) analytically and by `diff::numerical_gradient`, and the field of −∇f arrows (the book's
//! figure 4-9) over the contours.

use crate::diff::{numerical_gradient, H};
use crate::plot::contour::{Grid, Segment};

/// f(x0, x1) = x0² + x1² (the book's `function_2`).
pub fn function_2(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum()
}

/// ∇f by central differences with the book's h = 1e-4.
pub fn numeric_grad(x0: f64, x1: f64) -> (f64, f64) {
    let g = numerical_gradient(function_2, &[x0, x1], H);
    (g[0], g[1])
}

/// ∇f = (2x0, 2x1).
pub fn analytic_grad(x0: f64, x1: f64) -> (f64, f64) {
    (2.0 * x0, 2.0 * x1)
}

/// The book's three points: ∇f = (6, 8), (0, 4), (6, 0).
pub const BOOK_POINTS: [(f64, f64); 3] = [(3.0, 4.0), (0.0, 2.0), (3.0, 0.0)];

/// Both axes of the contour plots span −R..R (so (3, 4) and the descent start (−3, 4) are inside).
pub const R: f64 = 4.5;

/// Contour lines of function_2 over the plot.
pub fn contours(levels: usize) -> Vec<Segment> {
    let g = Grid::sample((-R, R), (-R, R), 90, 90, |a, b| function_2(&[a, b]));
    g.levels(levels)
        .iter()
        .flat_map(|&l| g.contour(l))
        .collect()
}

/// Arrows (x, y, dx, dy) of −∇f on an n × n lattice. Lengths are proportional to |∇f| (as the book's
/// quiver plot), scaled so the longest arrow is 0.9 of the lattice spacing and none overlap.
pub fn arrows(n: usize) -> Vec<(f64, f64, f64, f64)> {
    let n = n.max(2);
    let step = 2.0 * R / n as f64;
    let pts: Vec<(f64, f64)> = (0..n)
        .flat_map(|i| {
            (0..n).map(move |j| (-R + step * (i as f64 + 0.5), -R + step * (j as f64 + 0.5)))
        })
        .collect();
    let grads: Vec<(f64, f64)> = pts.iter().map(|&(a, b)| numeric_grad(a, b)).collect();
    let longest = grads.iter().map(|g| g.0.hypot(g.1)).fold(0.0, f64::max);
    let k = if longest > 0.0 {
        0.9 * step / longest
    } else {
        0.0
    };
    pts.iter()
        .zip(grads)
        .map(|(&(a, b), (g0, g1))| (a, b, -g0 * k, -g1 * k))
        .collect()
}

/// The point shown in the readout, moved by the keyboard in steps of `STEP` and kept inside the plot.
pub const STEP: f64 = 0.25;

pub fn clamp_point(p: (f64, f64)) -> (f64, f64) {
    (p.0.clamp(-R, R), p.1.clamp(-R, R))
}

/// x0² + x1² as MathML, with its gradient.
pub const FORMULA: [&str; 2] = ["<math><mi>f</mi><mo>(</mo><msub><mi>x</mi><mn>0</mn></msub><mo>,</mo><msub><mi>x</mi><mn>1</mn></msub><mo>)</mo><mo>=</mo><msubsup><mi>x</mi><mn>0</mn><mn>2</mn></msubsup><mo>+</mo><msubsup><mi>x</mi><mn>1</mn><mn>2</mn></msubsup></math>", "<math><mo>∇</mo><mi>f</mi><mo>=</mo><mrow><mo>(</mo><mfrac><mrow><mo>∂</mo><mi>f</mi></mrow><mrow><mo>∂</mo><msub><mi>x</mi><mn>0</mn></msub></mrow></mfrac><mo>,</mo><mfrac><mrow><mo>∂</mo><mi>f</mi></mrow><mrow><mo>∂</mo><msub><mi>x</mi><mn>1</mn></msub></mrow></mfrac><mo>)</mo></mrow><mo>=</mo><mrow><mo>(</mo><mn>2</mn><msub><mi>x</mi><mn>0</mn></msub><mo>,</mo><mn>2</mn><msub><mi>x</mi><mn>1</mn></msub><mo>)</mo></mrow></math>"];

/// The numerical partial derivative as MathML (what `numerical_gradient` does per coordinate).
pub const PARTIAL: &str = "<math><mfrac><mrow><mo>∂</mo><mi>f</mi></mrow><mrow><mo>∂</mo><msub><mi>x</mi><mi>i</mi></msub></mrow></mfrac><mo>≈</mo><mfrac><mrow><mi>f</mi><mo>(</mo><mo>…</mo><mo>,</mo><msub><mi>x</mi><mi>i</mi></msub><mo>+</mo><mi>h</mi><mo>,</mo><mo>…</mo><mo>)</mo><mo>−</mo><mi>f</mi><mo>(</mo><mo>…</mo><mo>,</mo><msub><mi>x</mi><mi>i</mi></msub><mo>−</mo><mi>h</mi><mo>,</mo><mo>…</mo><mo>)</mo></mrow><mrow><mn>2</mn><mi>h</mi></mrow></mfrac></math>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_three_gradients() {
        let want = [(6.0, 8.0), (0.0, 4.0), (6.0, 0.0)];
        for (&(a, b), &(g0, g1)) in BOOK_POINTS.iter().zip(&want) {
            let n = numeric_grad(a, b);
            assert!(
                (n.0 - g0).abs() < 1e-6 && (n.1 - g1).abs() < 1e-6,
                "({a}, {b}): {n:?}"
            );
            assert_eq!(analytic_grad(a, b), (g0, g1));
        }
    }

    #[test]
    fn arrows_point_downhill_towards_the_minimum_and_fit_their_cells() {
        let n = 9;
        let a = arrows(n);
        assert_eq!(a.len(), n * n);
        let step = 2.0 * R / n as f64;
        for &(x, y, dx, dy) in &a {
            let len = dx.hypot(dy);
            assert!(len <= 0.9 * step + 1e-12, "arrow too long at ({x}, {y})");
            // −∇f points at the origin: it is anti-parallel to (x, y).
            if x.hypot(y) > 0.1 {
                let cos = -(x * dx + y * dy) / (x.hypot(y) * len);
                assert!(cos > 0.999, "({x}, {y}) → ({dx}, {dy})");
            }
        }
        // Longer far from the minimum, as in the book's figure.
        let len_at = |i: usize| a[i].2.hypot(a[i].3);
        assert!(len_at(0) > 3.0 * len_at(n * n / 2 + 1));
    }

    #[test]
    fn contours_are_circles_around_the_origin() {
        let c = contours(6);
        assert!(c.len() > 100);
        // Every segment end lies within the plot.
        assert!(c.iter().all(|(p, q)| p.0.abs() <= R && q.1.abs() <= R));
        assert_eq!(clamp_point((9.0, -9.0)), (R, -R));
    }
}
