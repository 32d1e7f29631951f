//! What the race looks like as chart input: contour segments of f, one coloured path (with its marker shape)
//! per racer, the start and minimum marks, and the loss-against-step curves (log₁₀ f where f ≥ 0).

use plotters::style::RGBColor;

use super::race::{Race, Racer};
use super::surface::Surface;
use crate::plot::contour::Segment;
use crate::plot::field::FieldPath;
use crate::plot::function::Curve;
use crate::plot::marker::Marker;
use crate::plot::palette;

/// Dark ink for the start handle and the minimum.
pub const INK: RGBColor = RGBColor(0x1d, 0x23, 0x2b);
/// log₁₀ of f below this is drawn at this floor (f reaches 0 exactly in f32 sometimes).
pub const LOG_FLOOR: f64 = 1e-12;

/// A racer's colour and marker: the same pair in the plot, the legend and the tables.
pub fn style_of(index: usize) -> (RGBColor, Marker) {
    (palette::color(index), Marker::nth(index))
}

/// Contour segments of `s` over its view (levels log-spaced on Rosenbrock).
pub fn contours(s: Surface) -> Vec<Segment> {
    let g = s.grid(120);
    s.levels(&g, 14)
        .iter()
        .flat_map(|&l| g.contour(l))
        .collect()
}

pub fn paths(race: &Race) -> Vec<FieldPath> {
    race.racers
        .iter()
        .map(|r| {
            let (color, marker) = style_of(r.index);
            FieldPath {
                color,
                marker,
                points: r.path.clone(),
            }
        })
        .collect()
}

/// The start (a dark circle, the drag handle) and the minimum (a dark plus), if any.
pub fn marks(race: &Race) -> Vec<(f64, f64, RGBColor, Marker)> {
    let mut m = vec![(
        race.start.0 as f64,
        race.start.1 as f64,
        INK,
        Marker::Circle,
    )];
    if let Some((x, y)) = race.surface.minimum() {
        m.push((x, y, INK, Marker::Plus));
    }
    m
}

/// The loss chart's y value for f: log₁₀ f on surfaces where f ≥ 0, f itself on the saddle.
pub fn loss_y(s: Surface, f: f64) -> f64 {
    if s.nonnegative() {
        f.max(LOG_FLOOR).log10()
    } else {
        f
    }
}

/// One curve per racer: (step, loss_y).
pub fn loss_curves(race: &Race) -> Vec<Curve> {
    race.racers
        .iter()
        .map(|r| Curve {
            color: style_of(r.index).0,
            dashed: false,
            points: r
                .losses
                .iter()
                .enumerate()
                .map(|(k, &f)| (k as f64, loss_y(race.surface, f)))
                .collect(),
        })
        .collect()
}

/// Ranges for the loss chart: all steps; y over the values, capped at f's largest value in the view
/// (on the saddle, f's range in the view, since escaping racers head for −∞).
pub fn loss_ranges(race: &Race) -> ((f64, f64), (f64, f64)) {
    let x = (0.0, race.total.max(1) as f64);
    let y = if race.surface.nonnegative() {
        let ys = race
            .racers
            .iter()
            .flat_map(|r| r.losses.iter().map(|&f| loss_y(race.surface, f)));
        let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        // A diverging racer would squash the others: the top is at most f's largest value in the view.
        let top = race
            .surface
            .grid(40)
            .min_max()
            .map(|m| loss_y(race.surface, m.1));
        let hi = top.map_or(hi, |t| hi.min(t.max(lo)));
        if lo <= hi {
            let pad = ((hi - lo) * 0.05).max(0.5);
            (lo - pad, hi + pad)
        } else {
            (-1.0, 1.0)
        }
    } else {
        let g = race.surface.grid(40);
        g.min_max().unwrap_or((-10.0, 10.0))
    };
    (x, y)
}

/// How a racer stands, as an i18n key and its argument (the step).
pub fn status(race: &Race, r: &Racer) -> (&'static str, Vec<String>) {
    use crate::numfmt::sig;
    use crate::train::health::Escape;
    if let Some(k) = r.diverged_at {
        // Say why, not only when: an overflow, or leaving the box while each step grew by a factor.
        match r.escape {
            Some(Escape::OutOfBounds { limit, growth }) if growth.is_finite() => (
                "opt.status.diverged_growth",
                vec![
                    k.to_string(),
                    format!("{limit:e}"),
                    sig(growth, 3),
                    crate::numfmt::decimal(crate::numfmt::f32_decimal(r.last_lr)),
                ],
            ),
            Some(Escape::Overflow) => ("opt.status.diverged_overflow", vec![k.to_string()]),
            _ => ("opt.status.diverged", vec![k.to_string()]),
        }
    } else if let Some(k) = r.escaped_at {
        ("opt.status.escaped", vec![k.to_string()])
    } else if race.done() {
        ("opt.status.done", vec![r.steps().to_string()])
    } else {
        ("opt.status.running", vec![r.steps().to_string()])
    }
}
