//! A chart of a function of two variables: contour lines of f(x0, x1), an optional field of arrows (−∇f,
//! the book's figure 4-9), and paths (gradient descent, optimizers racing) each with its colour and marker shape.

use super::style::Axes;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::clip::clip_polyline;
use super::contour::Segment;
use super::marker::{draw_marker, Marker};
use super::{ChartStyle, PlotFrame};

/// One path over the contours: its points in order, drawn as a line with a marker at each point
/// (markers thin out on long paths so the line stays readable).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldPath {
    pub color: RGBColor,
    pub marker: Marker,
    pub points: Vec<(f64, f64)>,
}

/// What to draw.
#[derive(Clone, Debug, Default)]
pub struct FieldChart<'a> {
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// Contour segments (all levels together), drawn thin and grey.
    pub contours: &'a [Segment],
    /// Arrows (x, y, dx, dy) in data units, already scaled by the caller.
    pub arrows: &'a [(f64, f64, f64, f64)],
    pub paths: &'a [FieldPath],
    /// A highlighted point (the minimum, a start point, a hovered point).
    pub marks: &'a [(f64, f64, RGBColor, Marker)],
}

/// Draw the chart filling `root`; returns where the plotting area is, for pointer input.
pub fn draw_field<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &FieldChart,
    style: &ChartStyle,
) -> Result<PlotFrame, DrawingAreaErrorKind<DB::ErrorType>> {
    let (x0, x1) = chart.x_range;
    let (y0, y1) = chart.y_range;
    let mut ctx = style.xy_chart(
        root,
        &Axes {
            fine_grid: false,
            ..Axes::new(chart.x_range, chart.y_range, chart.x_label, chart.y_label)
        },
    )?;
    let rect = ((x0, x1), (y0, y1));

    let contour_style = ShapeStyle::from(RGBColor(0x9a, 0xa5, 0xb1)).stroke_width(style.px(1.2));
    let inside = |p: &(f64, f64)| (x0..=x1).contains(&p.0) && (y0..=y1).contains(&p.1);
    ctx.draw_series(
        chart
            .contours
            .iter()
            .filter(|(a, b)| inside(a) && inside(b))
            .map(|&(a, b)| PathElement::new(vec![a, b], contour_style)),
    )?;

    let arrow_style = ShapeStyle::from(style.ink.mix(0.55)).stroke_width(style.px(1.4));
    for &(x, y, dx, dy) in chart.arrows {
        if !(dx.is_finite() && dy.is_finite() && inside(&(x, y))) {
            continue;
        }
        let tip = (x + dx, y + dy);
        // The head: two short strokes at ±25° back from the tip, 30% of the shaft.
        let (len, ang) = ((dx * dx + dy * dy).sqrt(), dy.atan2(dx));
        let head = |da: f64| {
            (
                tip.0 - 0.3 * len * (ang + da).cos(),
                tip.1 - 0.3 * len * (ang + da).sin(),
            )
        };
        for piece in clip_polyline(&[(x, y), tip], rect) {
            ctx.draw_series([PathElement::new(piece, arrow_style)])?;
        }
        if inside(&tip) {
            ctx.draw_series([PathElement::new(
                vec![head(0.45), tip, head(-0.45)],
                arrow_style,
            )])?;
        }
    }

    for p in chart.paths {
        let line = ShapeStyle::from(p.color).stroke_width(style.px(2.5));
        for piece in clip_polyline(&p.points, rect) {
            ctx.draw_series([PathElement::new(piece, line)])?;
        }
        let every = (p.points.len() / 40).max(1);
        for (k, &pt) in p.points.iter().enumerate() {
            if (k % every == 0 || k + 1 == p.points.len()) && inside(&pt) {
                let px = ctx.backend_coord(&pt);
                draw_marker(root, px, p.marker, p.color, style.px(4.5) as i32)?;
            }
        }
    }
    for &(x, y, color, marker) in chart.marks {
        if inside(&(x, y)) {
            let px = ctx.backend_coord(&(x, y));
            draw_marker(root, px, marker, color, style.px(8.0) as i32)?;
        }
    }

    Ok(PlotFrame::from_pixel_range(
        ctx.plotting_area().get_pixel_range(),
        chart.x_range,
        chart.y_range,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::contour::Grid;
    use crate::plot::palette;

    #[test]
    fn draws_contours_arrows_and_a_path_into_svg() {
        let g = Grid::sample((-4.0, 4.0), (-4.0, 4.0), 40, 40, |x, y| x * x + y * y);
        let contours: Vec<Segment> = g.levels(6).iter().flat_map(|&l| g.contour(l)).collect();
        let path = FieldPath {
            color: palette::color(1),
            marker: Marker::Triangle,
            points: vec![(-3.0, 3.0), (-1.0, 1.0), (9.0, 9.0)],
        };
        let mut svg = String::new();
        let frame = {
            let root = SVGBackend::with_string(&mut svg, (500, 500)).into_drawing_area();
            let chart = FieldChart {
                x_range: (-4.0, 4.0),
                y_range: (-4.0, 4.0),
                contours: &contours,
                arrows: &[(1.0, 1.0, -0.5, -0.5)],
                paths: std::slice::from_ref(&path),
                marks: &[(0.0, 0.0, palette::color(0), Marker::Star)],
                ..Default::default()
            };
            let f = draw_field(&root, &chart, &ChartStyle::default()).unwrap();
            root.present().unwrap();
            f
        };
        assert!(
            svg.matches("<polyline").count() > contours.len() / 2,
            "contours missing"
        );
        assert!(
            svg.contains(&palette::css(palette::color(1)).to_uppercase())
                || svg.contains(&palette::css(palette::color(1))),
            "path colour missing"
        );
        let (px, py) = frame.to_px(0.0, 0.0);
        assert!(frame.x_at(px).unwrap().abs() < 1e-9 && frame.y_at(py).unwrap().abs() < 1e-9);
    }
}
