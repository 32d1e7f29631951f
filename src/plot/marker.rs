//! Marker shapes, so that series and classes differ by shape as well as colour (colour-blind safety):
//! circle, triangle, square, diamond, cross, star, plus; drawn at a backend pixel with radius r.

use plotters::coord::Shift;
use plotters::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Triangle,
    Square,
    Diamond,
    Cross,
    Star,
    Plus,
}

impl Marker {
    pub const ALL: [Marker; 7] = [
        Marker::Circle,
        Marker::Triangle,
        Marker::Square,
        Marker::Diamond,
        Marker::Cross,
        Marker::Star,
        Marker::Plus,
    ];

    /// The i-th marker, cycling (pairs with `palette::color(i)`).
    pub fn nth(i: usize) -> Marker {
        Self::ALL[i % Self::ALL.len()]
    }

    /// A Unicode glyph for the same shape, for HTML legends and tables.
    pub fn glyph(self) -> &'static str {
        match self {
            Marker::Circle => "●",
            Marker::Triangle => "▲",
            Marker::Square => "■",
            Marker::Diamond => "◆",
            Marker::Cross => "✕",
            Marker::Star => "★",
            Marker::Plus => "✚",
        }
    }
}

/// Draw `m` centred at backend pixel `c` with radius `r`, outlined in white so it reads over lines.
pub fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: (i32, i32),
    m: Marker,
    color: RGBColor,
    r: i32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    // The area may be a sub-area: convert from backend to area-relative pixels.
    let (ox, oy) = (area.get_base_pixel().0, area.get_base_pixel().1);
    let (x, y) = (c.0 - ox, c.1 - oy);
    let fill = color.filled();
    let edge = ShapeStyle::from(WHITE).stroke_width((r / 4).max(1) as u32);
    let poly = |pts: Vec<(i32, i32)>| -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        area.draw(&Polygon::new(pts.clone(), fill))?;
        let mut closed = pts.clone();
        closed.push(pts[0]);
        area.draw(&PathElement::new(closed, edge))
    };
    let star = |n: usize, inner: f64| -> Vec<(i32, i32)> {
        (0..2 * n)
            .map(|k| {
                let rad = if k % 2 == 0 {
                    r as f64
                } else {
                    r as f64 * inner
                };
                let a = std::f64::consts::PI * k as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
                (
                    x + (rad * a.cos()).round() as i32,
                    y + (rad * a.sin()).round() as i32,
                )
            })
            .collect()
    };
    match m {
        Marker::Circle => {
            area.draw(&Circle::new((x, y), r, fill))?;
            area.draw(&Circle::new((x, y), r, edge))
        }
        Marker::Triangle => poly(vec![
            (x, y - r),
            (x + r, y + r * 4 / 5),
            (x - r, y + r * 4 / 5),
        ]),
        Marker::Square => poly(vec![
            (x - r * 4 / 5, y - r * 4 / 5),
            (x + r * 4 / 5, y - r * 4 / 5),
            (x + r * 4 / 5, y + r * 4 / 5),
            (x - r * 4 / 5, y + r * 4 / 5),
        ]),
        Marker::Diamond => poly(vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)]),
        Marker::Star => poly(star(5, 0.45)),
        Marker::Cross | Marker::Plus => {
            let w = (r / 2).max(2) as u32;
            let s = ShapeStyle::from(color).stroke_width(w);
            let (a, b) = if m == Marker::Cross {
                ((r, r), (r, -r))
            } else {
                ((r, 0), (0, r))
            };
            area.draw(&PathElement::new(
                vec![(x - a.0, y - a.1), (x + a.0, y + a.1)],
                s,
            ))?;
            area.draw(&PathElement::new(
                vec![(x - b.0, y - b.1), (x + b.0, y + b.1)],
                s,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_marker_draws_something_distinct() {
        let mut seen = std::collections::HashSet::new();
        for m in Marker::ALL {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (40, 40)).into_drawing_area();
                draw_marker(&root, (20, 20), m, RGBColor(0, 114, 178), 10).unwrap();
                root.present().unwrap();
            }
            assert!(svg.len() > 100, "{m:?} drew nothing");
            assert!(seen.insert(svg), "{m:?} looks like another marker");
            assert!(!m.glyph().is_empty());
        }
    }
}
