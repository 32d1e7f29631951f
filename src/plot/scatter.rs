//! A log–log scatter of trials (the random search's lr against weight decay), each point coloured by its value
//! (validation accuracy, 0 → orange, 1 → blue, through grey, with a dark outline so every point shows on white),
//! the best ones ringed, and an optional rectangle (the narrowed region). Axes are in log10 with decade labels.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::ChartStyle;

/// A point at (x, y) (positive; drawn at log10), its value in [0, 1], and whether to ring it.
#[derive(Clone, Copy, Debug)]
pub struct ScatterPoint {
    pub x: f64,
    pub y: f64,
    pub value: f32,
    pub ring: bool,
}

#[derive(Clone, Debug, Default)]
pub struct LogScatter<'a> {
    pub points: &'a [ScatterPoint],
    /// log10 ranges of the axes.
    pub x_log: (f64, f64),
    pub y_log: (f64, f64),
    /// A log10 rectangle ((x0, x1), (y0, y1)) to outline, if any.
    pub region: Option<((f64, f64), (f64, f64))>,
    pub x_label: &'a str,
    pub y_label: &'a str,
}

/// The colour of a value in [0, 1]: Okabe–Ito orange to blue.
pub fn value_color(v: f32) -> RGBColor {
    let t = if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        0.0
    } as f64;
    let (a, b) = ((230.0, 159.0, 0.0), (0.0, 114.0, 178.0));
    let m = |p: f64, q: f64| (p + (q - p) * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

fn decade(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("1e{}", v.round() as i64)
    } else {
        String::new()
    }
}

pub fn draw_log_scatter<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: &LogScatter,
    style: &ChartStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let font = style.text();
    let (x0, x1) = s.x_log;
    let (y0, y1) = s.y_log;
    let mut ctx = style
        .builder(root, 44.0, 60.0)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    let xt = ((x1 - x0).round() as usize + 1).clamp(2, 12);
    let yt = ((y1 - y0).round() as usize + 1).clamp(2, 12);
    ctx.configure_mesh()
        .x_desc(s.x_label)
        .y_desc(s.y_label)
        .label_style(font.clone())
        .axis_desc_style(font.clone())
        .light_line_style(style.grid.mix(0.0))
        .bold_line_style(style.grid)
        .axis_style(style.axis)
        .x_labels(xt)
        .y_labels(yt)
        .x_label_formatter(&decade)
        .y_label_formatter(&decade)
        .draw()?;
    if let Some(((a0, a1), (b0, b1))) = s.region {
        let st = ShapeStyle::from(style.ink).stroke_width(style.px(2.0));
        ctx.draw_series(DashedLineSeries::new(
            [(a0, b0), (a1, b0), (a1, b1), (a0, b1), (a0, b0)],
            style.px(6.0),
            style.px(4.0),
            st,
        ))?;
    }
    let r = style.px(5.0) as i32;
    for p in s.points {
        let at = (p.x.log10(), p.y.log10());
        if !(at.0.is_finite() && at.1.is_finite()) {
            continue;
        }
        ctx.draw_series(std::iter::once(Circle::new(
            at,
            r,
            value_color(p.value).filled(),
        )))?;
        ctx.draw_series(std::iter::once(Circle::new(
            at,
            r,
            ShapeStyle::from(style.ink).stroke_width(style.px(1.0)),
        )))?;
        if p.ring {
            ctx.draw_series(std::iter::once(Circle::new(
                at,
                r + style.px(4.0) as i32,
                ShapeStyle::from(style.ink).stroke_width(style.px(2.0)),
            )))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_run_from_orange_to_blue() {
        assert_eq!(value_color(0.0), RGBColor(230, 159, 0));
        assert_eq!(value_color(1.0), RGBColor(0, 114, 178));
        assert_eq!(value_color(f32::NAN), value_color(0.0));
    }
}
