//! Labelled 2-D points drawn over a heat map: each class its colour AND marker shape (class 0 circle,
//! 1 square, 2 triangle), test points hollow (a white centre), and an optional keyboard cursor (a crosshair).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::marker::{draw_marker, Marker};

/// Marker shape per class.
pub const CLASS_MARKERS: [Marker; 3] = [Marker::Circle, Marker::Square, Marker::Triangle];

/// One point to draw, already in backend pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PixelPoint {
    pub at: (i32, i32),
    pub class: usize,
    pub test: bool,
}

pub fn draw_points<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[PixelPoint],
    colors: &[RGBColor; 3],
    r: i32,
    cursor: Option<(i32, i32)>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for p in points {
        let c = p.class % 3;
        draw_marker(area, p.at, CLASS_MARKERS[c], colors[c], r)?;
        if p.test {
            draw_marker(area, p.at, CLASS_MARKERS[c], WHITE, (r * 2 / 5).max(1))?;
        }
    }
    if let Some((x, y)) = cursor {
        let s = ShapeStyle::from(BLACK).stroke_width((r / 3).max(1) as u32);
        let k = r * 2;
        area.draw(&PathElement::new(vec![(x - k, y), (x + k, y)], s))?;
        area.draw(&PathElement::new(vec![(x, y - k), (x, y + k)], s))?;
    }
    Ok(())
}

/// The RGB colour of class `k` as a plotters colour.
pub fn class_color(rgb: [u8; 3]) -> RGBColor {
    RGBColor(rgb[0], rgb[1], rgb[2])
}
