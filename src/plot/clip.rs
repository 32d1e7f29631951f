//! Clipping polylines to a data rectangle (Liang–Barsky per segment), splitting at non-finite points.
//!
//! plotters does not clip series to the plotting area, and a diverging curve (say sigmoid's derivative at
//! a huge y range, or a NaN loss) must be drawn as broken pieces inside the frame, never as a stray line.

/// A rectangle in data coordinates: (x_min, x_max), (y_min, y_max).
pub type Rect = ((f64, f64), (f64, f64));

/// Clip the segment p→q to `r`; `None` if it lies wholly outside.
pub fn clip_segment(p: (f64, f64), q: (f64, f64), r: Rect) -> Option<((f64, f64), (f64, f64))> {
    let ((x0, x1), (y0, y1)) = r;
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (pk, qk) in [
        (-dx, p.0 - x0),
        (dx, x1 - p.0),
        (-dy, p.1 - y0),
        (dy, y1 - p.1),
    ] {
        if pk == 0.0 {
            if qk < 0.0 {
                return None;
            }
        } else {
            let t = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((
        (p.0 + t0 * dx, p.1 + t0 * dy),
        (p.0 + t1 * dx, p.1 + t1 * dy),
    ))
}

/// The visible pieces of a polyline: runs of clipped, connected segments. Non-finite points break the line.
pub fn clip_polyline(points: &[(f64, f64)], r: Rect) -> Vec<Vec<(f64, f64)>> {
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let finite = |p: &(f64, f64)| p.0.is_finite() && p.1.is_finite();
    for w in points.windows(2) {
        let seg = if finite(&w[0]) && finite(&w[1]) {
            clip_segment(w[0], w[1], r)
        } else {
            None
        };
        match seg {
            Some((a, b)) => {
                // A segment continues the current piece only if it starts where the last one ended.
                if current.last() != Some(&a) && !current.is_empty() {
                    pieces.push(std::mem::take(&mut current));
                }
                if current.is_empty() {
                    current.push(a);
                }
                current.push(b);
            }
            None => {
                if !current.is_empty() {
                    pieces.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: Rect = ((0.0, 10.0), (0.0, 10.0));

    #[test]
    fn a_segment_crossing_the_edge_is_cut_at_the_edge() {
        let (a, b) = clip_segment((5.0, 5.0), (15.0, 5.0), R).unwrap();
        assert_eq!(a, (5.0, 5.0));
        assert_eq!(b, (10.0, 5.0));
        assert!(clip_segment((11.0, 0.0), (12.0, 5.0), R).is_none());
    }

    #[test]
    fn a_curve_that_leaves_and_returns_gives_two_pieces() {
        let pts = [(1.0, 1.0), (2.0, 20.0), (3.0, 1.0), (4.0, 2.0)];
        let pieces = clip_polyline(&pts, R);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert!(pieces.iter().flatten().all(|p| p.1 <= 10.0 + 1e-12));
    }

    #[test]
    fn nan_breaks_the_line() {
        let pts = [
            (1.0, 1.0),
            (2.0, 2.0),
            (3.0, f64::NAN),
            (4.0, 4.0),
            (5.0, 5.0),
        ];
        let pieces = clip_polyline(&pts, R);
        assert_eq!(
            pieces,
            vec![vec![(1.0, 1.0), (2.0, 2.0)], vec![(4.0, 4.0), (5.0, 5.0)]]
        );
    }
}
