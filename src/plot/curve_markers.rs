//! Shape markers along function curves, so that curves differ by more than colour (colour-blind safety):
//! curve i carries `Marker::nth(kind)` at `count` evenly spaced x, staggered by kind so that curves which
//! coincide (ReLU and leaky ReLU for x > 0, say) still show both shapes. y at a marker is interpolated
//! linearly between the curve's samples.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::function::Curve;
use super::marker::{draw_marker, Marker};
use super::{ChartStyle, PlotFrame};

/// The data points where a curve's markers go: `count` x positions across `x_range`, shifted by
/// `stagger` (0..1) of one spacing; points whose y is outside `y_range` or not finite are left out.
pub fn marker_points(
    points: &[(f64, f64)],
    x_range: (f64, f64),
    y_range: (f64, f64),
    count: usize,
    stagger: f64,
) -> Vec<(f64, f64)> {
    let step = (x_range.1 - x_range.0) / count.max(1) as f64;
    (0..count)
        .filter_map(|k| {
            let x = x_range.0 + step * (k as f64 + 0.15 + 0.7 * stagger.clamp(0.0, 1.0));
            let y = interpolate(points, x)?;
            (y.is_finite() && (y_range.0..=y_range.1).contains(&y)).then_some((x, y))
        })
        .collect()
}

/// y at x on the polyline through `points` (sorted by x), or `None` outside it.
fn interpolate(points: &[(f64, f64)], x: f64) -> Option<f64> {
    let i = points.partition_point(|p| p.0 < x);
    match (i.checked_sub(1).and_then(|j| points.get(j)), points.get(i)) {
        (_, Some(&(x1, y1))) if x1 == x => Some(y1),
        (Some(&(x0, y0)), Some(&(x1, y1))) => Some(y0 + (y1 - y0) * (x - x0) / (x1 - x0)),
        _ => None,
    }
}

/// Draw each curve's markers: `kinds[i]` picks curve i's shape and stagger (out of `n_kinds`).
pub fn draw_curve_markers<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &PlotFrame,
    curves: &[Curve],
    kinds: &[usize],
    n_kinds: usize,
    style: &ChartStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let r = style.px(6.0).max(3) as i32;
    for (c, &kind) in curves.iter().zip(kinds) {
        let stagger = kind as f64 / n_kinds.max(1) as f64;
        for (x, y) in marker_points(&c.points, frame.x_range, frame.y_range, 6, stagger) {
            let (px, py) = frame.to_px(x, y);
            draw_marker(
                root,
                (px.round() as i32, py.round() as i32),
                Marker::nth(kind),
                c.color,
                r,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::function::sample;

    #[test]
    fn markers_sit_on_the_curve_and_are_staggered() {
        let pts = sample((-6.0, 6.0), 101, |x| 2.0 * x + 1.0);
        let a = marker_points(&pts, (-6.0, 6.0), (-20.0, 20.0), 6, 0.0);
        let b = marker_points(&pts, (-6.0, 6.0), (-20.0, 20.0), 6, 0.5);
        assert_eq!(a.len(), 6);
        for &(x, y) in a.iter().chain(&b) {
            assert!(
                (y - (2.0 * x + 1.0)).abs() < 1e-9,
                "({x}, {y}) is off the line"
            );
        }
        assert!(a.iter().zip(&b).all(|(p, q)| (p.0 - q.0).abs() > 0.5));
    }

    #[test]
    fn markers_outside_the_y_range_are_left_out() {
        let pts = sample((-6.0, 6.0), 101, |x| x);
        let m = marker_points(&pts, (-6.0, 6.0), (-1.5, 1.5), 6, 0.0);
        assert!(m.iter().all(|p| p.1.abs() <= 1.5));
        assert!(m.len() < 6);
    }
}
