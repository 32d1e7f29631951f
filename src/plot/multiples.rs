//! Small multiples of accuracy curves: a grid of panels (the book's 4 × 4 weight scales, its 4 × 5 best trials),
//! each with a title and a few curves over epochs on a shared y axis 0–1, solid or dashed, so panels compare at a
//! glance. Empty panels (runs not finished yet) are drawn as a frame with their title, so the grid fills in.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::ChartStyle;

/// One curve: a value per epoch.
#[derive(Clone, Debug)]
pub struct Curve<'a> {
    pub values: &'a [f32],
    pub color: RGBColor,
    pub dashed: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Panel<'a> {
    pub title: &'a str,
    pub curves: Vec<Curve<'a>>,
}

#[derive(Clone, Debug, Default)]
pub struct Multiples<'a> {
    pub panels: &'a [Panel<'a>],
    /// Panels per row (at least 1).
    pub cols: usize,
    /// The x axis runs over epochs 0 … epochs − 1.
    pub epochs: usize,
}

/// How many panels fit in a row of `css_width` pixels (each wants about 110), at most `max`.
pub fn columns_for(css_width: f64, max: usize) -> usize {
    ((css_width / 110.0).floor() as usize).clamp(1, max.max(1))
}

pub fn draw_multiples<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    m: &Multiples,
    style: &ChartStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let n = m.panels.len();
    if n == 0 {
        return Ok(());
    }
    let cols = m.cols.clamp(1, n);
    let rows = n.div_ceil(cols);
    let x_max = (m.epochs.max(2) - 1) as f64;
    let areas = root.split_evenly((rows, cols));
    let font = style.text();
    for (i, (p, area)) in m.panels.iter().zip(areas.iter()).enumerate() {
        let left = i % cols == 0;
        let bottom = i / cols == rows - 1 || i + cols >= n;
        let mut b = ChartBuilder::on(area);
        b.margin(style.px(4.0))
            .margin_right(style.px(10.0))
            .caption(p.title, font.clone())
            .x_label_area_size(style.px(if bottom { 26.0 } else { 6.0 }))
            .y_label_area_size(style.px(if left { 36.0 } else { 6.0 }));
        let mut ctx = b.build_cartesian_2d(0.0..x_max, 0.0..1.0)?;
        let mut mesh = ctx.configure_mesh();
        mesh.disable_x_mesh()
            .label_style(font.clone())
            .light_line_style(style.grid.mix(0.0))
            .bold_line_style(style.grid)
            .axis_style(style.axis)
            .x_labels(if bottom { 3 } else { 0 })
            .y_labels(if left { 3 } else { 0 })
            .x_label_formatter(&|v| format!("{}", v.round() as i64))
            .y_label_formatter(&|v| format!("{v:.1}"));
        mesh.draw()?;
        for c in &p.curves {
            let pts: Vec<(f64, f64)> = c
                .values
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_finite())
                .map(|(k, &v)| (k as f64, v.clamp(0.0, 1.0) as f64))
                .collect();
            let line = ShapeStyle::from(c.color).stroke_width(style.px(2.0));
            if c.dashed {
                ctx.draw_series(DashedLineSeries::new(
                    pts,
                    style.px(6.0),
                    style.px(4.0),
                    line,
                ))?;
            } else {
                ctx.draw_series(LineSeries::new(pts, line))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_grid_with_empty_panels_to_svg() {
        let a = [0.1f32, 0.5, 0.9];
        let panels = vec![
            Panel {
                title: "W:1",
                curves: vec![Curve {
                    values: &a,
                    color: RED,
                    dashed: true,
                }],
            },
            Panel {
                title: "W:0.5",
                curves: Vec::new(),
            },
        ];
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (400, 200)).into_drawing_area();
            let m = Multiples {
                panels: &panels,
                cols: 2,
                epochs: 3,
            };
            draw_multiples(&root, &m, &ChartStyle::default()).unwrap();
        }
        assert!(svg.contains("W:0.5") && svg.contains("W:1"));
    }
}
