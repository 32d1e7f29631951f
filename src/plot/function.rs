//! A chart of functions y = f(x) on one pair of axes (activations, their derivatives, losses…):
//! solid lines for functions, dashed for derivatives, axes through the origin, and an optional marker.

use super::style::Axes;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::clip::clip_polyline;
use super::{ChartStyle, PlotFrame};

/// One curve: sampled points, a colour, and whether it is drawn dashed (a derivative).
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    pub color: RGBColor,
    pub dashed: bool,
    pub points: Vec<(f64, f64)>,
}

/// What to draw: curves in data ranges, axis captions, and highlighted points (a hover readout).
#[derive(Clone, Debug, Default)]
pub struct FunctionChart<'a> {
    pub curves: &'a [Curve],
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub markers: &'a [(f64, f64, RGBColor)],
    pub cursor_x: Option<f64>,
}

/// Draw the chart filling `root`; returns where the plotting area is, for pointer readouts.
pub fn draw_functions<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &FunctionChart,
    style: &ChartStyle,
) -> Result<PlotFrame, DrawingAreaErrorKind<DB::ErrorType>> {
    let (x0, x1) = chart.x_range;
    let (y0, y1) = chart.y_range;
    let mut ctx = style.xy_chart(
        root,
        &Axes::new(chart.x_range, chart.y_range, chart.x_label, chart.y_label),
    )?;

    let axis = ShapeStyle::from(style.axis).stroke_width(style.px(1.5));
    let rect = ((x0, x1), (y0, y1));
    if y0 < 0.0 && y1 > 0.0 {
        ctx.draw_series(LineSeries::new([(x0, 0.0), (x1, 0.0)], axis))?;
    }
    if x0 < 0.0 && x1 > 0.0 {
        ctx.draw_series(LineSeries::new([(0.0, y0), (0.0, y1)], axis))?;
    }
    if let Some(cx) = chart.cursor_x.filter(|cx| (x0..=x1).contains(cx)) {
        let s = ShapeStyle::from(style.axis.mix(0.8)).stroke_width(style.px(1.0));
        ctx.draw_series(LineSeries::new([(cx, y0), (cx, y1)], s))?;
    }

    for c in chart.curves {
        let line = ShapeStyle::from(c.color).stroke_width(style.line_width());
        for piece in clip_polyline(&c.points, rect) {
            if c.dashed {
                let (dash, gap) = (style.px(9.0), style.px(6.0));
                ctx.draw_series(DashedLineSeries::new(piece, dash, gap, line))?;
            } else {
                ctx.draw_series(LineSeries::new(piece, line))?;
            }
        }
    }
    for &(mx, my, color) in chart.markers {
        if (x0..=x1).contains(&mx) && (y0..=y1).contains(&my) {
            ctx.draw_series([Circle::new((mx, my), style.px(6.0), color.filled())])?;
        }
    }

    Ok(PlotFrame::from_pixel_range(
        ctx.plotting_area().get_pixel_range(),
        chart.x_range,
        chart.y_range,
    ))
}

/// Sample `f` at `n` evenly spaced points over `x_range` (both ends included).
pub fn sample(x_range: (f64, f64), n: usize, f: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    let n = n.max(2);
    (0..n)
        .map(|i| {
            let x = x_range.0 + (x_range.1 - x_range.0) * i as f64 / (n - 1) as f64;
            (x, f(x))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_curves_into_svg_and_reports_the_frame() {
        let mut svg = String::new();
        let curves = [
            Curve {
                color: super::super::palette::color(0),
                dashed: false,
                points: sample((-5.0, 5.0), 50, |x| x.tanh()),
            },
            Curve {
                color: super::super::palette::color(1),
                dashed: true,
                points: sample((-5.0, 5.0), 50, |x| 1.0 - x.tanh().powi(2)),
            },
        ];
        let frame = {
            let root = SVGBackend::with_string(&mut svg, (640, 400)).into_drawing_area();
            let chart = FunctionChart {
                curves: &curves,
                x_range: (-5.0, 5.0),
                y_range: (-1.5, 1.5),
                x_label: "x",
                y_label: "h(x)",
                ..Default::default()
            };
            let f = draw_functions(&root, &chart, &ChartStyle::default()).unwrap();
            root.present().unwrap();
            f
        };
        assert!(
            svg.contains("<polyline") || svg.contains("<path"),
            "no line drawn"
        );
        assert!(frame.left > 0.0 && frame.right <= 640.0 && frame.left < frame.right);
        // The middle of the frame is x = 0.
        let mid = (frame.left + frame.right) / 2.0;
        assert!(frame.x_at(mid).unwrap().abs() < 1e-9);
        // Tick labels read like the book's axes: "−4", "0.5", never "2.0" or an ASCII hyphen.
        let labels: Vec<&str> = svg
            .split('>')
            .filter_map(|s| s.split_once("</text").map(|p| p.0.trim()))
            .collect();
        assert!(
            labels.contains(&"−4") && labels.contains(&"0.5"),
            "tick labels {labels:?}"
        );
        assert!(
            labels
                .iter()
                .all(|l| !l.ends_with(".0") && !l.starts_with('-')),
            "tick labels {labels:?}"
        );
    }

    #[test]
    fn sample_includes_both_ends() {
        let s = sample((-1.0, 1.0), 3, |x| x * 2.0);
        assert_eq!(s, vec![(-1.0, -2.0), (0.0, 0.0), (1.0, 2.0)]);
    }
}
