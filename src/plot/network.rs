//! The network diagram drawn with plotters: every weight an edge coloured by its sign (blue w > 0, orange
//! w < 0, as on the diverging heat maps) and as thick as |w| relative to the largest; node boxes outlined
//! (the web layer puts each hidden neuron's heat map inside its box), the selected edge highlighted, and a "BN"
//! band before each batch-normalized layer (Affine → BatchNorm → activation: the band sits where the edges end).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::ChartStyle;
use crate::labs::playground::diagram::Diagram;

pub const POSITIVE: RGBColor = RGBColor(0, 114, 178);
pub const NEGATIVE: RGBColor = RGBColor(230, 159, 0);
/// The batch-norm band: the Okabe–Ito reddish purple, apart from both edge colours.
pub const BN: RGBColor = RGBColor(204, 121, 167);

/// Draw edges and node outlines; `selected` is an index into `d.edges`.
pub fn draw_network<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &Diagram,
    selected: Option<usize>,
    style: &ChartStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let max_px = style.px(6.0) as f64;
    let p = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
    for (k, e) in d.edges.iter().enumerate() {
        if Some(k) == selected {
            continue;
        }
        let color = if e.w >= 0.0 { POSITIVE } else { NEGATIVE };
        let width = d.line_width(e, max_px).round().max(1.0) as u32;
        root.draw(&PathElement::new(
            vec![p(e.from), p(e.to)],
            ShapeStyle::from(color.mix(0.85)).stroke_width(width),
        ))?;
    }
    // The selected edge last, on top, in ink with a halo.
    if let Some(e) = selected.and_then(|k| d.edges.get(k)) {
        let width = d.line_width(e, max_px).round().max(1.0) as u32 + style.px(3.0);
        root.draw(&PathElement::new(
            vec![p(e.from), p(e.to)],
            ShapeStyle::from(style.ink).stroke_width(width),
        ))?;
    }
    let font = style.text();
    for &l in &d.bn_layers {
        let column: Vec<_> = d.nodes.iter().filter(|n| n.layer == l).collect();
        let (Some(first), Some(last)) = (column.first(), column.last()) else {
            continue;
        };
        let s = first.size;
        let x1 = (first.x - 0.12 * s).round() as i32;
        let x0 = x1 - (0.22 * s).round().max(style.px(3.0) as f64) as i32;
        let (y0, y1) = (first.y.round() as i32, (last.y + last.size).round() as i32);
        root.draw(&Rectangle::new([(x0, y0), (x1, y1)], BN.mix(0.85).filled()))?;
        // The tag above the band when there is room, else below it.
        let tag_h = style.font_size() as i32;
        let y = if y0 - tag_h - 2 >= 0 {
            y0 - tag_h - 2
        } else {
            y1 + 2
        };
        let x = (x0 + x1) / 2 - tag_h * 2 / 3;
        root.draw(&Text::new("BN", (x, y), font.clone()))?;
    }
    for n in &d.nodes {
        let (x0, y0) = (n.x.round() as i32, n.y.round() as i32);
        let s = n.size.round() as i32;
        if n.layer == 0 {
            // The inputs x1, x2 are named, not mapped.
            let name = if n.j == 0 { "x₁" } else { "x₂" };
            root.draw(&Text::new(name, (x0 + s / 5, y0 + s / 4), font.clone()))?;
        }
        root.draw(&Rectangle::new(
            [(x0 - 1, y0 - 1), (x0 + s, y0 + s)],
            ShapeStyle::from(style.axis).stroke_width(style.px(1.0)),
        ))?;
    }
    Ok(())
}
