//! A bar chart of a small count per epoch (the perceptron's errors per epoch, 0 to 4): one bar per epoch,
//! an epoch with no errors marked by a dot on the axis, and an optional run of epochs bracketed above
//! (the repeating cycle on XOR).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{palette, ChartStyle};

/// What to draw.
#[derive(Clone, Debug, Default)]
pub struct EpochChart<'a> {
    /// The count of epoch i + 1.
    pub counts: &'a [usize],
    /// The y axis runs 0..=y_max.
    pub y_max: usize,
    /// At least this many epochs fit on the x axis (it grows with the data).
    pub min_epochs: usize,
    /// Epochs (1-based, inclusive) to bracket, with a caption.
    pub bracket: Option<(usize, usize, &'a str)>,
    pub x_label: &'a str,
    pub y_label: &'a str,
}

/// Bars for non-zero counts, and the colour of the zero-count dot.
pub const BAR: RGBColor = palette::OKABE_ITO[1];
pub const ZERO: RGBColor = palette::OKABE_ITO[2];
pub const BRACKET: RGBColor = palette::OKABE_ITO[3];

pub fn draw_epochs<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &EpochChart,
    style: &ChartStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let n = chart.counts.len().max(chart.min_epochs).max(1);
    let y_max = chart.y_max as f64;
    // Room above the highest bar for the bracket and its caption.
    let top = chart.y_max as f64 + 1.3;
    let font = style.text();
    let mut ctx = style
        .builder(root, 40.0, 44.0)
        .build_cartesian_2d(0.5..n as f64 + 0.5, 0.0..top)?;
    ctx.configure_mesh()
        .x_desc(chart.x_label)
        .y_desc(chart.y_label)
        .label_style(font.clone())
        .axis_desc_style(font.clone())
        .disable_x_mesh()
        .light_line_style(style.grid.mix(0.0))
        .bold_line_style(style.grid)
        .axis_style(style.axis)
        .y_labels(chart.y_max + 2)
        .x_labels(10.min(n))
        .x_label_formatter(&|v| format!("{}", v.round() as i64))
        .y_label_formatter(&|v| {
            // Whole counts only, and none above the largest possible count.
            if (v - v.round()).abs() < 1e-9 && v.round() <= y_max {
                format!("{}", v.round() as i64)
            } else {
                String::new()
            }
        })
        .draw()?;

    let half = 0.38;
    for (i, &c) in chart.counts.iter().enumerate() {
        let x = (i + 1) as f64;
        if c == 0 {
            ctx.draw_series([Circle::new((x, 0.0), style.px(6.0), ZERO.filled())])?;
        } else {
            ctx.draw_series([Rectangle::new(
                [(x - half, 0.0), (x + half, c as f64)],
                BAR.filled(),
            )])?;
        }
    }
    if let Some((a, b, caption)) = chart.bracket {
        let y = chart.y_max as f64 + 0.45;
        let s = ShapeStyle::from(BRACKET).stroke_width(style.px(3.0));
        let (x0, x1) = (a as f64 - half, b as f64 + half);
        ctx.draw_series(LineSeries::new(
            [(x0, y - 0.25), (x0, y), (x1, y), (x1, y - 0.25)],
            s,
        ))?;
        let f = font.color(&BRACKET).pos(Pos::new(HPos::Left, VPos::Bottom));
        ctx.draw_series([Text::new(caption.to_string(), (x0, y + 0.1), f)])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_bars_a_zero_dot_and_a_bracket() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (600, 240)).into_drawing_area();
            let chart = EpochChart {
                counts: &[2, 3, 1, 0],
                y_max: 4,
                min_epochs: 10,
                bracket: Some((2, 3, "cycle")),
                x_label: "epoch",
                y_label: "errors",
            };
            draw_epochs(&root, &chart, &ChartStyle::default()).unwrap();
            root.present().unwrap();
        }
        let bar = format!("#{:02X}{:02X}{:02X}", BAR.0, BAR.1, BAR.2);
        assert_eq!(svg.to_uppercase().matches(&bar).count(), 3, "three bars");
        assert!(svg.contains("cycle"));
        let zero = format!("#{:02X}{:02X}{:02X}", ZERO.0, ZERO.1, ZERO.2);
        assert!(svg.to_uppercase().contains(&zero));
    }
}
