//! Decision plots in a square frame: points of two classes (class 1 a filled circle, class 0 a cross, and
//! in different colours), decision lines w1x + w2y + b = 0 clipped to the frame, and the region where the
//! model outputs 1 shaded (every given half-plane w1x + w2y + b > 0 at once: one perceptron, or AND of two).
//!
//! The geometry is exact and pure: a line meets the frame where w1x + w2y + b changes sign along an edge,
//! and a half-plane cuts the frame polygon by Sutherland–Hodgman. So w2 = 0 (a vertical line) needs no
//! special case, and w1 = w2 = 0 gives no line and a frame that is all one side.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{palette, ChartStyle, PlotFrame};

/// A line or half-plane: w1·x + w2·y + b (the perceptron's a, with x1, x2 as x, y).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    pub w1: f64,
    pub w2: f64,
    pub b: f64,
}

impl Linear {
    pub fn at(&self, p: (f64, f64)) -> f64 {
        self.w1 * p.0 + self.w2 * p.1 + self.b
    }
}

/// The square frame [lo, hi]² as a polygon, counter-clockwise from the bottom left.
pub fn frame_polygon(lo: f64, hi: f64) -> Vec<(f64, f64)> {
    vec![(lo, lo), (hi, lo), (hi, hi), (lo, hi)]
}

/// Where the segment p→q crosses f = 0, given f(p) and f(q) of opposite signs.
fn crossing(p: (f64, f64), q: (f64, f64), fp: f64, fq: f64) -> (f64, f64) {
    let t = fp / (fp - fq);
    (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1))
}

/// The part of a convex polygon where f > 0 (Sutherland–Hodgman against one half-plane). Points on the
/// line count as inside, so a region's edge lies on the line; an empty result means no part is positive.
pub fn clip_half_plane(poly: &[(f64, f64)], f: &Linear) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(poly.len() + 1);
    for i in 0..poly.len() {
        let (p, q) = (poly[i], poly[(i + 1) % poly.len()]);
        let (fp, fq) = (f.at(p), f.at(q));
        if fp >= 0.0 {
            out.push(p);
        }
        if (fp > 0.0 && fq < 0.0) || (fp < 0.0 && fq > 0.0) {
            out.push(crossing(p, q, fp, fq));
        }
    }
    // A polygon that only touches the line (all f ≤ 0 with some = 0) has no area on the positive side.
    if out.len() < 3 || poly.iter().all(|&p| f.at(p) <= 0.0) {
        return Vec::new();
    }
    out
}

/// The segment of the line f = 0 inside the polygon (convex), or `None` when the line misses it, only
/// touches a corner, or is not a line at all (w1 = w2 = 0).
pub fn line_in_polygon(poly: &[(f64, f64)], f: &Linear) -> Option<((f64, f64), (f64, f64))> {
    if f.w1 == 0.0 && f.w2 == 0.0 {
        return None;
    }
    let mut pts: Vec<(f64, f64)> = Vec::new();
    for i in 0..poly.len() {
        let (p, q) = (poly[i], poly[(i + 1) % poly.len()]);
        let (fp, fq) = (f.at(p), f.at(q));
        let hit = if fp == 0.0 {
            Some(p)
        } else if (fp > 0.0 && fq < 0.0) || (fp < 0.0 && fq > 0.0) {
            Some(crossing(p, q, fp, fq))
        } else {
            None
        };
        if let Some(h) = hit {
            let near = |a: &(f64, f64)| (a.0 - h.0).abs() < 1e-12 && (a.1 - h.1).abs() < 1e-12;
            if !pts.iter().any(near) {
                pts.push(h);
            }
        }
    }
    match pts.as_slice() {
        [a, b, ..] => Some((*a, *b)),
        _ => None,
    }
}

/// The region of the frame where every half-plane is positive (the model's output-1 region).
pub fn positive_region(lo: f64, hi: f64, all: &[Linear]) -> Vec<(f64, f64)> {
    let mut poly = frame_polygon(lo, hi);
    for f in all {
        if poly.is_empty() {
            break;
        }
        poly = clip_half_plane(&poly, f);
    }
    poly
}

/// One labelled point.
#[derive(Clone, Debug, PartialEq)]
pub struct PlotPoint {
    pub x: f64,
    pub y: f64,
    /// The true class (the target's output): 1 is a filled circle, 0 a cross.
    pub class: u8,
    /// The model gets it wrong: drawn with a ring.
    pub wrong: bool,
    /// Text beside the point, e.g. `(0, 1)`.
    pub label: String,
}

/// What to draw.
#[derive(Clone, Debug)]
pub struct DecisionPlot<'a> {
    /// Both axes span [lo, hi].
    pub range: (f64, f64),
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// The output-1 region is where all of these are > 0 (shaded in class 1's tint, the rest in class 0's).
    pub positive: &'a [Linear],
    /// Lines to draw, each with a colour.
    pub lines: &'a [(Linear, RGBColor)],
    pub points: &'a [PlotPoint],
}

/// Class 1's colour (Okabe–Ito blue) and class 0's (vermillion).
pub fn class_color(class: u8) -> RGBColor {
    if class == 1 {
        palette::color(0)
    } else {
        palette::color(1)
    }
}

/// A light tint of a class colour, for its half-plane: `c` mixed with white.
pub fn tint(c: RGBColor, amount: f64) -> RGBColor {
    let mix = |v: u8| (255.0 - (255.0 - v as f64) * amount).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// The tint strength of the shaded half-planes: light enough that points and lines stay clear.
pub const TINT: f64 = 0.16;

/// Draw the plot filling `root` (square data frame); returns where the plotting area is.
pub fn draw_decision<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    plot: &DecisionPlot,
    style: &ChartStyle,
) -> Result<PlotFrame, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let (lo, hi) = plot.range;
    let font = style.text();
    // Room on top for the y axis name, written upright (a rotated "x₂" loses its subscript).
    let mut ctx = style
        .builder(root, 44.0, 52.0)
        .margin_top(style.px(30.0))
        .build_cartesian_2d(lo..hi, lo..hi)?;

    // Shading first, under the grid: the whole frame in class 0's tint, the output-1 region in class 1's.
    let frame = frame_polygon(lo, hi);
    ctx.draw_series([Polygon::new(
        frame.clone(),
        tint(class_color(0), TINT).filled(),
    )])?;
    let region = positive_region(lo, hi, plot.positive);
    if !region.is_empty() {
        ctx.draw_series([Polygon::new(region, tint(class_color(1), TINT).filled())])?;
    }

    ctx.configure_mesh()
        .x_desc(plot.x_label)
        .label_style(font.clone())
        .axis_desc_style(font.clone())
        .light_line_style(style.grid.mix(0.0))
        .bold_line_style(style.grid.mix(0.9))
        .axis_style(style.axis)
        .x_labels(5)
        .y_labels(5)
        .draw()?;
    let axis = ShapeStyle::from(style.axis).stroke_width(style.px(1.5));
    ctx.draw_series(LineSeries::new([(lo, 0.0), (hi, 0.0)], axis))?;
    ctx.draw_series(LineSeries::new([(0.0, lo), (0.0, hi)], axis))?;

    for (f, color) in plot.lines {
        if let Some((a, b)) = line_in_polygon(&frame, f) {
            let s = ShapeStyle::from(*color).stroke_width(style.px(3.5));
            ctx.draw_series(LineSeries::new([a, b], s))?;
        }
    }

    let r = style.px(9.0) as i32;
    let stroke = style.px(4.0);
    let label_font = font.color(&style.ink);
    for p in plot.points {
        let c = class_color(p.class);
        if p.wrong {
            let ring = ShapeStyle::from(style.ink).stroke_width(style.px(2.5));
            ctx.draw_series([Circle::new((p.x, p.y), r + style.px(6.0) as i32, ring)])?;
        }
        if p.class == 1 {
            ctx.draw_series([Circle::new((p.x, p.y), r, c.filled())])?;
        } else {
            let s = ShapeStyle::from(c).stroke_width(stroke);
            ctx.draw_series([Cross::new((p.x, p.y), r, s)])?;
        }
        if !p.label.is_empty() {
            // Labels sit up and outwards from the point: left of points in the right half, so they stay
            // inside the frame.
            let off = r + style.px(8.0) as i32;
            let (dx, h) = if p.x > (lo + hi) / 2.0 {
                (-off, HPos::Right)
            } else {
                (off, HPos::Left)
            };
            let f = label_font.pos(Pos::new(h, VPos::Bottom));
            ctx.draw_series([
                EmptyElement::at((p.x, p.y)) + Text::new(p.label.clone(), (dx, -off / 2), f)
            ])?;
        }
    }

    let (xs, ys) = ctx.plotting_area().get_pixel_range();
    let y_name = font.pos(Pos::new(HPos::Center, VPos::Bottom));
    root.draw(&Text::new(
        plot.y_label.to_string(),
        (xs.start, ys.start - style.px(8.0) as i32),
        y_name,
    ))?;
    Ok(PlotFrame {
        left: xs.start as f64,
        right: xs.end as f64,
        top: ys.start as f64,
        bottom: ys.end as f64,
        x_range: (lo, hi),
        y_range: (lo, hi),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: (f64, f64) = (-0.5, 1.5);

    fn area(poly: &[(f64, f64)]) -> f64 {
        let n = poly.len();
        (0..n)
            .map(|i| {
                let (p, q) = (poly[i], poly[(i + 1) % n]);
                p.0 * q.1 - q.0 * p.1
            })
            .sum::<f64>()
            .abs()
            / 2.0
    }

    fn frame() -> Vec<(f64, f64)> {
        frame_polygon(F.0, F.1)
    }

    #[test]
    fn the_and_line_is_clipped_to_the_frame() {
        // 0.5x + 0.5y − 0.7 = 0 → y = 1.4 − x: meets y = 1.5 at x = −0.1 and y = −0.5 at x = 1.9 (outside),
        // so x = 1.5 at y = −0.1.
        let f = Linear {
            w1: 0.5,
            w2: 0.5,
            b: -0.7,
        };
        let (a, b) = line_in_polygon(&frame(), &f).unwrap();
        let mut ends = [a, b];
        ends.sort_by(|p, q| p.0.partial_cmp(&q.0).unwrap());
        assert!(
            (ends[0].0 + 0.1).abs() < 1e-12 && (ends[0].1 - 1.5).abs() < 1e-12,
            "{ends:?}"
        );
        assert!(
            (ends[1].0 - 1.5).abs() < 1e-12 && (ends[1].1 + 0.1).abs() < 1e-12,
            "{ends:?}"
        );
        // The positive side is the corner above the line: a triangle of legs 1.6, area 1.28.
        let region = positive_region(F.0, F.1, &[f]);
        assert!((area(&region) - 1.28).abs() < 1e-9, "{region:?}");
        assert!(region.iter().all(|&p| f.at(p) >= -1e-12));
    }

    #[test]
    fn w2_zero_gives_a_vertical_line() {
        // 1·x + 0·y − 0.5 = 0 → x = 0.5.
        let f = Linear {
            w1: 1.0,
            w2: 0.0,
            b: -0.5,
        };
        let (a, b) = line_in_polygon(&frame(), &f).unwrap();
        assert_eq!((a.0, b.0), (0.5, 0.5));
        assert_eq!((a.1.min(b.1), a.1.max(b.1)), (F.0, F.1));
        // The positive side is x > 0.5: area 1 × 2.
        assert!((area(&positive_region(F.0, F.1, &[f])) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn w1_w2_zero_gives_no_line_and_one_side_everywhere() {
        let pos = Linear {
            w1: 0.0,
            w2: 0.0,
            b: 0.3,
        };
        let neg = Linear {
            w1: 0.0,
            w2: 0.0,
            b: -0.3,
        };
        let zero = Linear {
            w1: 0.0,
            w2: 0.0,
            b: 0.0,
        };
        for f in [pos, neg, zero] {
            assert!(line_in_polygon(&frame(), &f).is_none());
        }
        assert!((area(&positive_region(F.0, F.1, &[pos])) - 4.0).abs() < 1e-12);
        assert!(positive_region(F.0, F.1, &[neg]).is_empty());
        // a = 0 everywhere: y = 1 needs a > 0, so nothing is positive.
        assert!(positive_region(F.0, F.1, &[zero]).is_empty());
    }

    #[test]
    fn a_line_outside_the_frame_or_through_a_corner_only() {
        // x + y + 5 = 0 is far below-left: no line, all positive.
        let far = Linear {
            w1: 1.0,
            w2: 1.0,
            b: 5.0,
        };
        assert!(line_in_polygon(&frame(), &far).is_none());
        assert!((area(&positive_region(F.0, F.1, &[far])) - 4.0).abs() < 1e-12);
        // x + y + 1 = 0 touches only the corner (−0.5, −0.5).
        let corner = Linear {
            w1: 1.0,
            w2: 1.0,
            b: 1.0,
        };
        assert!(line_in_polygon(&frame(), &corner).is_none());
        // A diagonal through two corners: y = x.
        let diag = Linear {
            w1: 1.0,
            w2: -1.0,
            b: 0.0,
        };
        let (a, b) = line_in_polygon(&frame(), &diag).unwrap();
        assert!(a != b);
        assert!((area(&positive_region(F.0, F.1, &[diag])) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn two_half_planes_give_the_xor_band() {
        // NAND (−0.5x − 0.5y + 0.7 > 0) and OR (0.5x + 0.5y − 0.3 > 0): the band 0.6 < x + y < 1.4.
        let nand = Linear {
            w1: -0.5,
            w2: -0.5,
            b: 0.7,
        };
        let or = Linear {
            w1: 0.5,
            w2: 0.5,
            b: -0.3,
        };
        let band = positive_region(F.0, F.1, &[nand, or]);
        for &p in &band {
            assert!(nand.at(p) >= -1e-12 && or.at(p) >= -1e-12, "{p:?}");
        }
        // The frame minus two corner triangles: the AND one (legs 1.6) and the one below x + y = 0.6 (legs 1.6).
        assert!(
            (area(&band) - (4.0 - 1.28 - 1.28)).abs() < 1e-9,
            "{}",
            area(&band)
        );
    }

    #[test]
    fn draws_points_lines_and_shading_into_svg() {
        let mut svg = String::new();
        let f = Linear {
            w1: 0.5,
            w2: 0.5,
            b: -0.7,
        };
        let points: Vec<PlotPoint> = [(0.0, 0.0, 0), (1.0, 1.0, 1)]
            .map(|(x, y, class)| PlotPoint {
                x,
                y,
                class,
                wrong: class == 0,
                label: "(0, 0)".into(),
            })
            .to_vec();
        let frame = {
            let root = SVGBackend::with_string(&mut svg, (500, 500)).into_drawing_area();
            let plot = DecisionPlot {
                range: F,
                x_label: "x1",
                y_label: "x2",
                positive: &[f],
                lines: &[(f, RGBColor(0, 0, 0))],
                points: &points,
            };
            let fr = draw_decision(&root, &plot, &ChartStyle::default()).unwrap();
            root.present().unwrap();
            fr
        };
        assert!(svg.contains("<polygon"), "no shading");
        assert!(svg.contains("(0, 0)"), "no label");
        // The tints of both classes are there.
        for c in [tint(class_color(0), TINT), tint(class_color(1), TINT)] {
            let hex = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
            assert!(svg.to_uppercase().contains(&hex), "{hex} missing");
        }
        assert!(frame.left < frame.right && frame.top < frame.bottom);
    }
}
