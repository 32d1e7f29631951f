//! A bar chart of a few values per category (softmax outputs, a network output y₀…y₉): grouped bars, the
//! first series filled and the second drawn hollow (so they differ by shape, not only colour), NaN written
//! as text where its bar would be, and one category optionally marked (the true class).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{ChartStyle, PlotFrame};

/// One series of bars.
#[derive(Clone, Debug, PartialEq)]
pub struct BarSeries {
    pub color: RGBColor,
    pub values: Vec<f64>,
}

#[derive(Clone, Debug, Default)]
pub struct BarChart<'a> {
    /// One label per category, under its bars.
    pub labels: &'a [String],
    pub series: &'a [BarSeries],
    pub y_range: (f64, f64),
    pub y_label: &'a str,
    /// A category to mark with a band behind its bars.
    pub highlight: Option<usize>,
}

/// Draw the chart filling `root`; returns the plotting area (x is the category index, −0.5..n−0.5).
pub fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &BarChart,
    style: &ChartStyle,
) -> Result<PlotFrame, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let n = chart.labels.len().max(1);
    let x_range = (-0.5, n as f64 - 0.5);
    let (y0, y1) = chart.y_range;
    let font = style.text();
    let labels = chart.labels.to_vec();
    let mut ctx = style
        .builder(root, 36.0, 56.0)
        .build_cartesian_2d(x_range.0..x_range.1, y0..y1)?;
    ctx.configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&move |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_desc(chart.y_label)
        .label_style(font.clone())
        .axis_desc_style(font.clone())
        .light_line_style(style.grid.mix(0.5))
        .bold_line_style(style.grid)
        .axis_style(style.axis)
        .y_labels(6)
        .draw()?;

    if let Some(h) = chart.highlight.filter(|&h| h < n) {
        let band = RGBColor(0xe6, 0x9f, 0x00).mix(0.18).filled();
        let x = h as f64;
        ctx.draw_series([Rectangle::new([(x - 0.5, y0), (x + 0.5, y1)], band)])?;
    }
    let m = chart.series.len().max(1) as f64;
    let width = 0.8 / m;
    for (s, series) in chart.series.iter().enumerate() {
        for (i, &v) in series.values.iter().enumerate() {
            let left = i as f64 - 0.4 + s as f64 * width;
            let right = left + width * 0.92;
            if v.is_nan() {
                let pos = (left + width * 0.1, y0 + (y1 - y0) * 0.12);
                ctx.draw_series([Text::new("NaN", pos, font.clone().color(&series.color))])?;
                continue;
            }
            let top = v.clamp(y0, y1);
            let shape = if s == 0 {
                series.color.filled()
            } else {
                ShapeStyle::from(series.color).stroke_width(style.px(2.5))
            };
            ctx.draw_series([Rectangle::new(
                [(left, y0.max(0.0).min(y1)), (right, top)],
                shape,
            )])?;
        }
    }
    Ok(PlotFrame::from_pixel_range(
        ctx.plotting_area().get_pixel_range(),
        x_range,
        chart.y_range,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(values: Vec<f64>, second: Option<Vec<f64>>) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (500, 300)).into_drawing_area();
            let labels: Vec<String> = (0..values.len()).map(|i| i.to_string()).collect();
            let mut series = vec![BarSeries {
                color: super::super::palette::color(0),
                values,
            }];
            if let Some(v) = second {
                series.push(BarSeries {
                    color: super::super::palette::color(1),
                    values: v,
                });
            }
            let chart = BarChart {
                labels: &labels,
                series: &series,
                y_range: (0.0, 1.0),
                y_label: "y",
                highlight: Some(1),
            };
            let frame = draw_bars(&root, &chart, &ChartStyle::default()).unwrap();
            assert!(
                frame.left < frame.right && frame.x_at((frame.left + frame.right) / 2.0).is_some()
            );
            root.present().unwrap();
        }
        svg
    }

    #[test]
    fn bars_are_drawn_and_nan_is_written_as_text() {
        let plain = render(vec![0.1, 0.7, 0.2], None);
        let with_nan = render(vec![0.1, 0.7, 0.2], Some(vec![f64::NAN; 3]));
        assert!(!plain.contains("NaN"));
        assert_eq!(
            with_nan.matches("NaN").count(),
            3,
            "NaN labels missing: {with_nan}"
        );
        // Filled bars in the palette's blue.
        assert!(plain.to_lowercase().contains("#0072b2"), "no filled bar");
    }
}
