//! A log–log chart of positive series y(x) (numerical-differentiation error against h, and any other
//! quantity spanning decades): points are drawn at (log10 x, log10 y), axes are labelled 1eN at whole decades.
//! Non-positive or non-finite values break the line (log 0 is −∞: a gap, never an invented value).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::clip::clip_polyline;
use super::marker::{draw_marker, Marker};
use super::{ChartStyle, PlotFrame};

/// One series: its colour, marker shape and (x, y) points in data units (not logs).
#[derive(Clone, Debug, PartialEq)]
pub struct LogSeries {
    pub color: RGBColor,
    pub marker: Marker,
    pub dashed: bool,
    pub points: Vec<(f64, f64)>,
}

/// What to draw. Ranges are in data units and must be positive.
#[derive(Clone, Debug, Default)]
pub struct LogLogChart<'a> {
    pub series: &'a [LogSeries],
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// Vertical lines at these x (a chosen h, the book's h = 1e-4).
    pub vlines: &'a [(f64, RGBColor)],
    /// Draw markers on every `marker_every`-th point (0 = none).
    pub marker_every: usize,
}

/// (log10 x, log10 y), or NaN where a value is not positive and finite (to break the line there).
pub fn to_log(p: (f64, f64)) -> (f64, f64) {
    let l = |v: f64| {
        if v > 0.0 && v.is_finite() {
            v.log10()
        } else {
            f64::NAN
        }
    };
    (l(p.0), l(p.1))
}

/// A tick label: `1eN` at whole decades, nothing between.
fn decade_label(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("1e{}", v.round() as i64)
    } else {
        String::new()
    }
}

/// Draw the chart filling `root`. The returned frame's ranges are in log10 units, so
/// `10^frame.x_at(px)` is the x under a pointer.
pub fn draw_loglog<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &LogLogChart,
    style: &ChartStyle,
) -> Result<PlotFrame, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let lx = (chart.x_range.0.log10(), chart.x_range.1.log10());
    let ly = (chart.y_range.0.log10(), chart.y_range.1.log10());
    let font = style.text();
    let mut ctx = style
        .builder(root, 44.0, 64.0)
        .build_cartesian_2d(lx.0..lx.1, ly.0..ly.1)?;
    // One label per decade, but no more than fit (about 60 CSS px each), so labels never crowd on a phone.
    let (w, h) = root.dim_in_pixel();
    let fit = |len: u32| (len / style.px(60.0)).max(2) as usize;
    let decades = |r: (f64, f64)| (r.1 - r.0).abs().round() as usize + 1;
    ctx.configure_mesh()
        .x_desc(chart.x_label)
        .y_desc(chart.y_label)
        .label_style(font.clone())
        .axis_desc_style(font)
        .light_line_style(TRANSPARENT)
        .bold_line_style(style.grid)
        .axis_style(style.axis)
        .x_labels(decades(lx).min(fit(w)))
        .y_labels(decades(ly).min(fit(h) * 2))
        .x_label_formatter(&decade_label)
        .y_label_formatter(&decade_label)
        .draw()?;
    let rect = ((lx.0.min(lx.1), lx.0.max(lx.1)), (ly.0, ly.1));

    for &(x, color) in chart.vlines {
        let v = to_log((x, 1.0)).0;
        // A line outside the x range would be drawn over the labels: leave it out.
        if v.is_finite() && (rect.0 .0..=rect.0 .1).contains(&v) {
            let s = ShapeStyle::from(color).stroke_width(style.px(1.5));
            ctx.draw_series(DashedLineSeries::new(
                [(v, ly.0), (v, ly.1)],
                style.px(6.0),
                style.px(5.0),
                s,
            ))?;
        }
    }
    for s in chart.series {
        let pts: Vec<(f64, f64)> = s.points.iter().map(|&p| to_log(p)).collect();
        let line = ShapeStyle::from(s.color).stroke_width(style.line_width());
        for piece in clip_polyline(&pts, rect) {
            if s.dashed {
                ctx.draw_series(DashedLineSeries::new(
                    piece,
                    style.px(9.0),
                    style.px(6.0),
                    line,
                ))?;
            } else {
                ctx.draw_series(LineSeries::new(piece, line))?;
            }
        }
        if chart.marker_every > 0 {
            for (k, &p) in pts.iter().enumerate() {
                let inside = (rect.0 .0..=rect.0 .1).contains(&p.0)
                    && (rect.1 .0..=rect.1 .1).contains(&p.1);
                if k % chart.marker_every == 0 && inside {
                    let px = ctx.backend_coord(&p);
                    draw_marker(root, px, s.marker, s.color, style.px(5.0) as i32)?;
                }
            }
        }
    }

    Ok(PlotFrame::from_pixel_range(
        ctx.plotting_area().get_pixel_range(),
        lx,
        ly,
    ))
}

/// A y range (in data units, whole decades) that holds every positive finite y of the series, within
/// [floor, ceil] so one absurd value cannot squash the rest.
pub fn y_range_of(series: &[LogSeries], floor: f64, ceil: f64) -> (f64, f64) {
    let ys = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .filter(|y| *y > 0.0 && y.is_finite());
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
        (lo.min(y), hi.max(y))
    });
    if lo > hi {
        return (floor.max(1e-300), ceil);
    }
    let lo = 10f64.powf(lo.log10().floor()).max(floor);
    let hi = 10f64.powf(hi.log10().ceil()).min(ceil);
    if hi > lo {
        (lo, hi)
    } else {
        (lo, lo * 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::palette;

    #[test]
    fn draws_series_on_log_axes_with_decade_labels_and_gaps_at_zero() {
        let series = [LogSeries {
            color: palette::color(2),
            marker: Marker::Diamond,
            dashed: false,
            // y = x² over 1e-6..1e-1, with one exact zero that must break the line.
            points: (0..=20)
                .map(|k| {
                    let x = 10f64.powf(-1.0 - k as f64 / 4.0);
                    (x, if k == 10 { 0.0 } else { x * x })
                })
                .collect(),
        }];
        let mut svg = String::new();
        let frame = {
            let root = SVGBackend::with_string(&mut svg, (600, 400)).into_drawing_area();
            let chart = LogLogChart {
                series: &series,
                x_range: (1e-6, 1e-1),
                y_range: y_range_of(&series, 1e-20, 1.0),
                x_label: "h",
                y_label: "error",
                vlines: &[(1e-4, palette::color(0))],
                marker_every: 4,
            };
            let f = draw_loglog(&root, &chart, &ChartStyle::default()).unwrap();
            root.present().unwrap();
            f
        };
        assert!(svg.contains("\n1e-4\n"), "no decade label 1e-4");
        assert!(svg.contains("\n1e-12\n"), "no y decade 1e-12");
        // The zero splits the line into two polylines in the series colour.
        let colour = palette::css(palette::color(2)).to_uppercase();
        let lines = svg
            .lines()
            .filter(|l| l.contains("<polyline") && l.to_uppercase().contains(&colour))
            .count();
        assert_eq!(lines, 2, "{svg}");
        // The frame maps pixels to log10 units.
        let (px, py) = frame.to_px(-4.0, -8.0);
        assert!((frame.x_at(px).unwrap() + 4.0).abs() < 1e-9);
        assert!((frame.y_at(py).unwrap() + 8.0).abs() < 1e-9);
    }

    #[test]
    fn a_narrow_chart_labels_fewer_decades() {
        let labels = |w: u32| {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (w, 300)).into_drawing_area();
                let chart = LogLogChart {
                    x_range: (1e-12, 1e-1),
                    y_range: (1e-16, 1.0),
                    ..Default::default()
                };
                draw_loglog(&root, &chart, &ChartStyle::default()).unwrap();
                root.present().unwrap();
            }
            svg.lines().filter(|l| l.starts_with("1e-")).count()
        };
        let (wide, narrow) = (labels(1200), labels(300));
        assert!(narrow < wide && narrow >= 4, "{narrow} vs {wide}");
    }

    #[test]
    fn y_range_spans_whole_decades_within_limits() {
        let s = [LogSeries {
            color: palette::color(0),
            marker: Marker::Circle,
            dashed: false,
            points: vec![(1.0, 3e-9), (2.0, 0.02), (3.0, 0.0), (4.0, f64::NAN)],
        }];
        let (lo, hi) = y_range_of(&s, 1e-20, 1e3);
        assert!(
            (lo / 1e-9 - 1.0).abs() < 1e-9 && (hi / 0.1 - 1.0).abs() < 1e-9,
            "{lo} {hi}"
        );
        assert_eq!(y_range_of(&[], 1e-5, 1.0), (1e-5, 1.0));
        assert!(to_log((0.0, 1.0)).0.is_nan());
    }
}
