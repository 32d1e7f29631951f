//! Contour lines of f(x, y) by marching squares: sample f on a grid, and in every cell where f − level
//! changes sign along an edge, join the linearly interpolated crossings p = a + (level − f(a)) / (f(b) − f(a)) · (b − a).

/// A contour segment in data coordinates.
pub type Segment = ((f64, f64), (f64, f64));

/// f sampled on an (nx + 1) × (ny + 1) grid over a rectangle.
#[derive(Clone, Debug)]
pub struct Grid {
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub nx: usize,
    pub ny: usize,
    /// Row-major: `values[j * (nx + 1) + i]` is f(x_i, y_j).
    pub values: Vec<f64>,
}

impl Grid {
    pub fn sample(
        x_range: (f64, f64),
        y_range: (f64, f64),
        nx: usize,
        ny: usize,
        f: impl Fn(f64, f64) -> f64,
    ) -> Grid {
        let (nx, ny) = (nx.max(1), ny.max(1));
        let mut values = Vec::with_capacity((nx + 1) * (ny + 1));
        for j in 0..=ny {
            for i in 0..=nx {
                let (x, y) = (Self::at(x_range, nx, i), Self::at(y_range, ny, j));
                values.push(f(x, y));
            }
        }
        Grid {
            x_range,
            y_range,
            nx,
            ny,
            values,
        }
    }

    fn at(r: (f64, f64), n: usize, i: usize) -> f64 {
        r.0 + (r.1 - r.0) * i as f64 / n as f64
    }

    fn v(&self, i: usize, j: usize) -> f64 {
        self.values[j * (self.nx + 1) + i]
    }

    /// The finite minimum and maximum of the samples (None if none is finite).
    pub fn min_max(&self) -> Option<(f64, f64)> {
        let finite = self.values.iter().copied().filter(|v| v.is_finite());
        let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        (lo <= hi).then_some((lo, hi))
    }

    /// `n` levels between min and max, denser near the minimum (quadratic spacing), as bowls want.
    pub fn levels(&self, n: usize) -> Vec<f64> {
        let Some((lo, hi)) = self.min_max() else {
            return Vec::new();
        };
        (1..=n)
            .map(|k| lo + (hi - lo) * (k as f64 / (n + 1) as f64).powi(2))
            .collect()
    }

    /// The segments of the contour f = level.
    pub fn contour(&self, level: f64) -> Vec<Segment> {
        let mut out = Vec::new();
        for j in 0..self.ny {
            for i in 0..self.nx {
                let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
                let vals = corners.map(|(a, b)| self.v(a, b));
                if vals.iter().any(|v| !v.is_finite()) {
                    continue;
                }
                let mut pts = Vec::with_capacity(4);
                for e in 0..4 {
                    let (ca, cb) = (corners[e], corners[(e + 1) % 4]);
                    let (fa, fb) = (vals[e], vals[(e + 1) % 4]);
                    if (fa < level) != (fb < level) {
                        let s = (level - fa) / (fb - fa);
                        let (xa, ya) = (
                            Self::at(self.x_range, self.nx, ca.0),
                            Self::at(self.y_range, self.ny, ca.1),
                        );
                        let (xb, yb) = (
                            Self::at(self.x_range, self.nx, cb.0),
                            Self::at(self.y_range, self.ny, cb.1),
                        );
                        pts.push((xa + s * (xb - xa), ya + s * (yb - ya)));
                    }
                }
                // Two crossings: one segment; four (a saddle cell): pair them in order, which is one of the
                // two consistent choices and invisible at the grid sizes drawn here.
                for pair in pts.chunks_exact(2) {
                    out.push((pair[0], pair[1]));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contour_of_a_bowl_is_a_circle_of_the_right_radius() {
        let g = Grid::sample((-5.0, 5.0), (-5.0, 5.0), 80, 80, |x, y| x * x + y * y);
        let segs = g.contour(9.0);
        assert!(segs.len() > 40, "{}", segs.len());
        for (a, b) in segs {
            for p in [a, b] {
                let r = (p.0 * p.0 + p.1 * p.1).sqrt();
                assert!((r - 3.0).abs() < 0.05, "point {p:?} at radius {r}");
            }
        }
    }

    #[test]
    fn levels_lie_between_min_and_max_and_rise() {
        let g = Grid::sample((-1.0, 1.0), (-1.0, 1.0), 10, 10, |x, y| {
            x * x / 20.0 + y * y
        });
        let l = g.levels(5);
        assert_eq!(l.len(), 5);
        let (lo, hi) = g.min_max().unwrap();
        assert!(l.windows(2).all(|w| w[0] < w[1]) && l[0] > lo && l[4] < hi);
        // No level outside the data: no contour.
        assert!(g.contour(hi + 1.0).is_empty());
    }

    #[test]
    fn non_finite_cells_are_skipped() {
        let g = Grid::sample((-1.0, 1.0), (-1.0, 1.0), 4, 4, |x, _| {
            if x > 0.0 {
                f64::NAN
            } else {
                x
            }
        });
        assert!(g
            .contour(-0.4)
            .iter()
            .all(|(a, b)| a.0 <= 0.0 && b.0 <= 0.0));
    }
}
