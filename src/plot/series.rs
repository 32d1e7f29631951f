//! Line charts of series over x (loss per iteration, accuracy per epoch, optimizer curves): each series has an
//! Okabe–Ito colour and a marker shape, so series differ by shape as well as colour; y can be log-scaled.

use super::style::Axes;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::marker::{draw_marker, Marker};
use super::{palette, ChartStyle, PlotFrame};

/// One series: points (x, y) with its colour/marker index.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub points: Vec<(f64, f64)>,
    pub index: usize,
    /// Draw a marker on every point (few points, e.g. per epoch), or only on the last one.
    pub every_point: bool,
}

#[derive(Clone, Debug, Default)]
pub struct SeriesChart<'a> {
    pub series: &'a [Series],
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub x_label: &'a str,
    pub y_label: &'a str,
}

/// Draw the chart filling `root`; returns the plotting frame for readouts.
pub fn draw_series<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &SeriesChart,
    style: &ChartStyle,
) -> Result<PlotFrame, DrawingAreaErrorKind<DB::ErrorType>> {
    let (y0, y1) = chart.y_range;
    let mut ctx = style.xy_chart(
        root,
        &Axes {
            ticks: (5, 6),
            y_label_css: 60.0,
            ..Axes::new(chart.x_range, chart.y_range, chart.x_label, chart.y_label)
        },
    )?;
    for s in chart.series {
        let color = palette::color(s.index);
        let line = ShapeStyle::from(color).stroke_width(style.px(2.0));
        let pts: Vec<(f64, f64)> = s
            .points
            .iter()
            .map(|&(x, y)| (x, y.clamp(y0, y1)))
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        ctx.draw_series(LineSeries::new(pts.iter().copied(), line))?;
        let marked: Vec<(f64, f64)> = if s.every_point {
            pts.clone()
        } else {
            pts.last().copied().into_iter().collect()
        };
        for p in marked {
            let c = ctx.backend_coord(&p);
            draw_marker(root, c, Marker::nth(s.index), color, style.px(5.0) as i32)?;
        }
    }
    Ok(PlotFrame::from_pixel_range(
        ctx.plotting_area().get_pixel_range(),
        chart.x_range,
        chart.y_range,
    ))
}

/// A short tick label: 2000 → "2k", 50 → "50", 0.25 → "0.25", so labels never run into each other on a phone.
pub fn tick(v: f64) -> String {
    if v.abs() >= 1000.0 {
        format!("{}k", crate::numfmt::sig(v / 1000.0, 3))
    } else if v.fract() == 0.0 {
        format!("{v:.0}").replace('-', "−")
    } else {
        crate::numfmt::sig(v, 3)
    }
}

/// A y range [0, max·1.05] that holds every finite value (1 when there is none).
pub fn y_max(series: &[Series]) -> f64 {
    let m = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    if m > 0.0 {
        m * 1.05
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_lines_and_markers() {
        let s = [
            Series {
                points: vec![(1.0, 0.5), (2.0, 0.8), (3.0, 0.9)],
                index: 0,
                every_point: true,
            },
            Series {
                points: vec![(1.0, 0.4), (2.0, 0.7)],
                index: 1,
                every_point: true,
            },
        ];
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
            let chart = SeriesChart {
                series: &s,
                x_range: (0.0, 4.0),
                y_range: (0.0, 1.0),
                x_label: "epoch",
                y_label: "accuracy",
            };
            draw_series(&root, &chart, &ChartStyle::default()).unwrap();
            root.present().unwrap();
        }
        assert!(svg.contains("<polyline") || svg.contains("<path"));
        assert!(
            svg.contains("#0072B2") || svg.to_lowercase().contains("#0072b2"),
            "series colour missing"
        );
        assert!((y_max(&s) - 0.945).abs() < 1e-9);
        assert_eq!(
            (tick(2000.0), tick(50.0), tick(0.25)),
            ("2k".to_string(), "50".to_string(), "0.25".to_string())
        );
    }
}
