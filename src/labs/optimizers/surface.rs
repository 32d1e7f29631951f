//! The surfaces the optimizers race on, each with its analytic gradient ∇f = (∂f/∂x, ∂f/∂y):
//! the book's f = x²/20 + y² (figure 6-8), a rotated ill-conditioned quadratic f = (x + y)²/100 + (x − y)²/2,
//! the Rosenbrock valley f = (1 − x)² + 100(y − x²)², and the saddle f = x² − y².

use crate::plot::contour::Grid;

/// Which function f(x, y) is minimised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    /// The book's f(x, y) = x²/20 + y² (ch6.1, figure 6-8): steep in y, nearly flat in x.
    Book,
    /// f = (x + y)²/100 + (x − y)²/2: a valley 50× steeper across than along, turned 45° so that
    /// per-coordinate methods (AdaGrad, RMSProp, Adam) lose the advantage an axis-aligned valley gives them.
    Rotated,
    /// Rosenbrock's banana valley with a = 1, b = 100: the minimum (1, 1) lies at the end of a curved, flat floor.
    Rosenbrock,
    /// f = x² − y²: a saddle at (0, 0); from a start just off the ridge, who escapes downhill?
    Saddle,
}

impl Surface {
    pub const ALL: [Surface; 4] = [
        Surface::Book,
        Surface::Rotated,
        Surface::Rosenbrock,
        Surface::Saddle,
    ];

    /// A stable key for URLs and i18n (`opt.surface.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Surface::Book => "book",
            Surface::Rotated => "rotated",
            Surface::Rosenbrock => "rosenbrock",
            Surface::Saddle => "saddle",
        }
    }

    pub fn from_key(key: &str) -> Option<Surface> {
        Surface::ALL.into_iter().find(|s| s.key() == key)
    }

    /// f(x, y).
    pub fn f(self, x: f64, y: f64) -> f64 {
        match self {
            Surface::Book => x * x / 20.0 + y * y,
            Surface::Rotated => (x + y).powi(2) / 100.0 + (x - y).powi(2) / 2.0,
            Surface::Rosenbrock => (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
            Surface::Saddle => x * x - y * y,
        }
    }

    /// ∇f(x, y), worked out by hand (checked against `diff::numerical_gradient` in the tests).
    pub fn grad(self, x: f64, y: f64) -> (f64, f64) {
        match self {
            Surface::Book => (x / 10.0, 2.0 * y),
            Surface::Rotated => {
                let (u, v) = ((x + y) / 50.0, x - y);
                (u + v, u - v)
            }
            Surface::Rosenbrock => {
                let r = y - x * x;
                (-2.0 * (1.0 - x) - 400.0 * x * r, 200.0 * r)
            }
            Surface::Saddle => (2.0 * x, -2.0 * y),
        }
    }

    /// The race's usual start (the book's (−7, 2) on its own surface).
    pub fn default_start(self) -> (f32, f32) {
        match self {
            Surface::Book => (-7.0, 2.0),
            Surface::Rotated => (-7.0, -3.0),
            Surface::Rosenbrock => (-1.5, 2.0),
            Surface::Saddle => (-4.0, 0.01),
        }
    }

    /// The plotted window ((x_min, x_max), (y_min, y_max)); about 2:1 like the 16:10 canvas.
    pub fn view(self) -> ((f64, f64), (f64, f64)) {
        match self {
            Surface::Book | Surface::Rotated => ((-10.0, 10.0), (-5.0, 5.0)),
            Surface::Rosenbrock => ((-2.0, 2.0), (-1.0, 3.0)),
            Surface::Saddle => ((-5.0, 5.0), (-3.0, 3.0)),
        }
    }

    /// The minimum (for the plot's star), if f has one.
    pub fn minimum(self) -> Option<(f64, f64)> {
        match self {
            Surface::Book | Surface::Rotated => Some((0.0, 0.0)),
            Surface::Rosenbrock => Some((1.0, 1.0)),
            Surface::Saddle => None,
        }
    }

    /// Whether f ≥ 0 everywhere, so the loss chart can use a log scale.
    pub fn nonnegative(self) -> bool {
        self != Surface::Saddle
    }

    /// A point has escaped the saddle once it has left the ridge y ≈ 0 (|y| ≥ 1); other surfaces have no saddle.
    pub fn escaped(self, _x: f64, y: f64) -> bool {
        self == Surface::Saddle && y.abs() >= 1.0
    }

    /// f sampled over the view for contouring.
    pub fn grid(self, n: usize) -> Grid {
        let (xr, yr) = self.view();
        let ny = (n as f64 * (yr.1 - yr.0) / (xr.1 - xr.0)).round().max(8.0) as usize;
        Grid::sample(xr, yr, n, ny, |x, y| self.f(x, y))
    }

    /// Contour levels: log-spaced where f spans decades (Rosenbrock, where linear levels would all crowd
    /// the walls), evenly spaced through zero for the saddle, the grid's quadratic spacing for the bowls.
    pub fn levels(self, grid: &Grid, n: usize) -> Vec<f64> {
        match self {
            Surface::Rosenbrock => {
                let (lo, hi) = (-1.0f64, grid.min_max().map_or(3.0, |m| m.1.log10()));
                (0..n)
                    .map(|k| 10f64.powf(lo + (hi - lo) * k as f64 / n as f64))
                    .collect()
            }
            Surface::Saddle => {
                let Some((lo, hi)) = grid.min_max() else {
                    return Vec::new();
                };
                (1..=n)
                    .map(|k| lo + (hi - lo) * k as f64 / (n + 1) as f64)
                    .collect()
            }
            _ => grid.levels(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::numerical_gradient;

    #[test]
    fn analytic_gradients_match_numerical_gradients() {
        let points = [
            (-7.0, 2.0),
            (-1.5, 2.0),
            (0.3, -0.7),
            (1.0, 1.0),
            (2.5, 0.01),
        ];
        for s in Surface::ALL {
            for &(x, y) in &points {
                let (gx, gy) = s.grad(x, y);
                let num = numerical_gradient(|p: &[f64]| s.f(p[0], p[1]), &[x, y], 1e-5);
                let tol = 1e-5 * (1.0 + gx.abs().max(gy.abs()));
                assert!(
                    (gx - num[0]).abs() < tol && (gy - num[1]).abs() < tol,
                    "{s:?} at ({x}, {y}): analytic ({gx}, {gy}), numerical {num:?}"
                );
            }
        }
    }

    #[test]
    fn the_gradient_vanishes_at_each_minimum_and_at_the_saddle() {
        for s in Surface::ALL {
            let (x, y) = s.minimum().unwrap_or((0.0, 0.0));
            assert_eq!(s.grad(x, y), (0.0, 0.0), "{s:?}");
            assert_eq!(Surface::from_key(s.key()), Some(s));
        }
        // The book's gradient at its start (−7, 2): (2x/20, 2y) = (−0.7, 4).
        let (gx, gy) = Surface::Book.grad(-7.0, 2.0);
        assert!((gx + 0.7).abs() < 1e-12 && (gy - 4.0).abs() < 1e-12);
    }

    #[test]
    fn rosenbrock_levels_are_log_spaced_and_the_saddle_levels_cross_zero() {
        let g = Surface::Rosenbrock.grid(60);
        let l = Surface::Rosenbrock.levels(&g, 12);
        assert_eq!(l.len(), 12);
        let ratios: Vec<f64> = l.windows(2).map(|w| w[1] / w[0]).collect();
        assert!(
            ratios
                .iter()
                .all(|r| (r - ratios[0]).abs() < 1e-9 && *r > 1.0),
            "{ratios:?}"
        );
        let g = Surface::Saddle.grid(60);
        let l = Surface::Saddle.levels(&g, 9);
        assert!(l.iter().any(|&v| v < 0.0) && l.iter().any(|&v| v > 0.0));
        assert!(Surface::Saddle.escaped(0.0, -1.5) && !Surface::Book.escaped(0.0, 9.0));
    }
}
