//! A computational graph drawn with plotters (ch5, note 002): nodes as circles with their operation, leaves as
//! names, and on each edge the forward value above (blue) and the gradient ∂L/∂value below (vermillion);
//! the node of the current step is highlighted, with the edges it just filled in drawn thick.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{palette, ChartStyle};
use crate::labs::backprop::graph::{Graph, Op, Phase, StepView};
use crate::numfmt::sig;

/// Forward values and gradients are told apart by colour and by place (above / below the edge).
pub const VALUE_COLOR: RGBColor = palette::OKABE_ITO[0];
pub const GRAD_COLOR: RGBColor = palette::OKABE_ITO[1];

/// (input node, from, to, drawn thick): one edge in device pixels.
type Edge = (usize, (i32, i32), (i32, i32), bool);

/// Device-pixel layout of a graph on an area of `size`.
struct Layout {
    left: f64,
    top: f64,
    dx: f64,
    dy: f64,
    single_row: bool,
    h: f64,
}

/// Below this canvas width (CSS px) the graph uses phone-sized type; the desktop layout (about 520 px)
/// must stay above it so the numbers are readable on a projector.
const NARROW_CSS_PX: f64 = 450.0;

impl Layout {
    fn new(g: &Graph, size: (u32, u32), style: &ChartStyle) -> Layout {
        let max_col = g.nodes.iter().map(|n| n.col).fold(0.0, f64::max) + 1.0;
        let max_row = g.nodes.iter().map(|n| n.row).fold(0.0, f64::max);
        let (w, h) = (size.0 as f64, size.1 as f64);
        let s = style.scale;
        // Leaf names need room on the left and the output's name on the right; less on a phone.
        let narrow = w / s < NARROW_CSS_PX;
        let (left, right) = if narrow {
            (86.0 * s, 52.0 * s)
        } else {
            (110.0 * s, 80.0 * s)
        };
        let (top, bottom) = (34.0 * s, 34.0 * s);
        Layout {
            left,
            top,
            dx: (w - left - right).max(1.0) / max_col,
            dy: (h - top - bottom).max(1.0) / max_row.max(1.0),
            single_row: max_row == 0.0,
            h,
        }
    }

    fn at(&self, col: f64, row: f64) -> (i32, i32) {
        let y = if self.single_row {
            self.h / 2.0
        } else {
            self.top + row * self.dy
        };
        ((self.left + col * self.dx).round() as i32, y.round() as i32)
    }
}

/// Draw `g` as the stepper shows it at `view`.
pub fn draw_graph<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    g: &Graph,
    view: &StepView,
    style: &ChartStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let lay = Layout::new(g, root.dim_in_pixel(), style);
    // A phone-sized canvas gets smaller type and nodes, so that the labels of converging edges stay apart.
    let narrow = root.dim_in_pixel().0 as f64 / style.scale < NARROW_CSS_PX;
    let small = ChartStyle {
        font_px: 13.0,
        ..style.clone()
    };
    let style = if narrow { &small } else { style };
    let r = style.px(if narrow { 17.0 } else { 24.0 }) as i32;
    let font = |color: RGBColor, h: HPos, v: VPos| {
        (style.font_family, style.font_size())
            .into_font()
            .color(&color)
            .pos(Pos::new(h, v))
    };
    let is_leaf = |i: usize| matches!(g.nodes[i].op, Op::Input(_));
    let current = view.current;
    // Edges: input j → node i, then the output edge.
    let last = g.nodes.len() - 1;
    let mut edges: Vec<Edge> = Vec::new();
    for (i, node) in g.nodes.iter().enumerate() {
        let to = lay.at(node.col, node.row);
        for &j in &node.inputs {
            let from = lay.at(g.nodes[j].col, g.nodes[j].row);
            let hot = current.is_some_and(|(c, p)| match p {
                Phase::Forward => c == j,
                Phase::Backward => c == i,
            });
            edges.push((j, from, to, hot));
        }
    }
    let out_from = lay.at(g.nodes[last].col, g.nodes[last].row);
    let out_to = (out_from.0 + lay.dx as i32, out_from.1);
    let out_hot = current.is_some_and(|(c, p)| p == Phase::Forward && c == last);
    edges.push((last, out_from, out_to, out_hot));

    let mut labels: Vec<(String, (i32, i32), RGBColor, VPos)> = Vec::new();
    for &(j, from, to, hot) in &edges {
        let width = if hot { style.px(5.0) } else { style.px(2.0) };
        let color = match current {
            Some((_, Phase::Backward)) if hot => GRAD_COLOR,
            _ if hot => VALUE_COLOR,
            _ => style.axis,
        };
        // Start at a leaf's point, or at the edge of the node circle; end at the next circle (or the end).
        let shorten = |p: (i32, i32), q: (i32, i32), by: i32| {
            let (vx, vy) = ((q.0 - p.0) as f64, (q.1 - p.1) as f64);
            let len = (vx * vx + vy * vy).sqrt().max(1.0);
            (
                p.0 + (vx / len * by as f64) as i32,
                p.1 + (vy / len * by as f64) as i32,
            )
        };
        let a = if is_leaf(j) {
            from
        } else {
            shorten(from, to, r)
        };
        let b = if to == out_to {
            to
        } else {
            shorten(to, from, r)
        };
        root.draw(&PathElement::new(vec![a, b], color.stroke_width(width)))?;
        // An arrow head, so the forward direction reads at a glance.
        let head = style.px(9.0) as i32;
        let (ux, uy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
        let len = (ux * ux + uy * uy).sqrt().max(1.0);
        let (ux, uy) = (ux / len, uy / len);
        let base = (b.0 as f64 - ux * head as f64, b.1 as f64 - uy * head as f64);
        let side = (-uy * head as f64 * 0.5, ux * head as f64 * 0.5);
        root.draw(&Polygon::new(
            vec![
                b,
                ((base.0 + side.0) as i32, (base.1 + side.1) as i32),
                ((base.0 - side.0) as i32, (base.1 - side.1) as i32),
            ],
            color.filled(),
        ))?;
        if is_leaf(j) {
            root.draw(&Text::new(
                g.nodes[j].name.to_string(),
                (a.0 - style.px(6.0) as i32, a.1),
                font(style.ink, HPos::Right, VPos::Center),
            ))?;
        }
        if to == out_to {
            root.draw(&Text::new(
                g.output.to_string(),
                (b.0 + style.px(6.0) as i32, b.1),
                font(style.ink, HPos::Left, VPos::Center),
            ))?;
        }
        // Values at the middle of the edge: forward above, gradient below.
        let mid = ((a.0 + b.0) / 2, (a.1 + b.1) / 2);
        let gap = style.px(4.0) as i32;
        if view.known[j] {
            labels.push((
                sig(g.value[j], 5),
                (mid.0, mid.1 - gap),
                VALUE_COLOR,
                VPos::Bottom,
            ));
        }
        if view.has_grad[j] {
            labels.push((
                sig(g.grad[j], 5),
                (mid.0, mid.1 + gap),
                GRAD_COLOR,
                VPos::Top,
            ));
        }
    }
    // Labels last, each on a white patch, so that no edge runs through a number; a label too wide for its
    // edge (the sigmoid graph's short edges) moves above or below the node circles it would run under.
    let centers: Vec<(i32, i32)> = (0..g.nodes.len())
        .filter(|&i| !is_leaf(i))
        .map(|i| lay.at(g.nodes[i].col, g.nodes[i].row))
        .collect();
    for (text, at, color, v) in labels {
        let f = font(color, HPos::Center, v);
        let (w, h) = root.estimate_text_size(&text, &f)?;
        let (w, h, pad) = (w as i32, h as i32, style.px(2.0) as i32);
        let above = matches!(v, VPos::Bottom);
        let at = (
            at.0,
            clear_of_nodes(at, (w + 2 * pad, h + pad), above, &centers, r + pad),
        );
        let (top, bottom) = if above {
            (at.1 - h - pad, at.1)
        } else {
            (at.1, at.1 + h + pad)
        };
        root.draw(&Rectangle::new(
            [(at.0 - w / 2 - pad, top), (at.0 + w / 2 + pad, bottom)],
            WHITE.mix(0.85).filled(),
        ))?;
        root.draw(&Text::new(text, at, f))?;
    }

    for (i, node) in g.nodes.iter().enumerate() {
        if is_leaf(i) {
            continue;
        }
        let c = lay.at(node.col, node.row);
        let is_current = current.is_some_and(|(k, _)| k == i);
        let (fill, border, width) = if is_current {
            let color = match current {
                Some((_, Phase::Backward)) => GRAD_COLOR,
                _ => VALUE_COLOR,
            };
            (RGBColor(0xff, 0xf4, 0xc2), color, style.px(5.0))
        } else {
            (WHITE, style.ink, style.px(2.0))
        };
        root.draw(&Circle::new(c, r, fill.filled()))?;
        root.draw(&Circle::new(c, r, border.stroke_width(width)))?;
        root.draw(&Text::new(
            node.op.symbol(),
            c,
            font(style.ink, HPos::Center, VPos::Center),
        ))?;
    }
    Ok(())
}

/// The y of a label anchored at `at` (its bottom when `above`, else its top) of `size` (w, h), moved up (or
/// down) just far enough that it covers no node circle (centre, radius `r`) it would otherwise overlap.
fn clear_of_nodes(
    at: (i32, i32),
    size: (i32, i32),
    above: bool,
    centers: &[(i32, i32)],
    r: i32,
) -> i32 {
    let (w, h) = size;
    let mut y = at.1;
    for &(cx, cy) in centers {
        let (top, bottom) = if above { (y - h, y) } else { (y, y + h) };
        let hits_x = (at.0 - cx).abs() < w / 2 + r;
        let hits_y = top < cy + r && bottom > cy - r;
        if hits_x && hits_y {
            y = if above { cy - r } else { cy + r };
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SVG with every `<text>` body wrapped as `>text<` (plotters puts them on their own lines).
    fn svg(g: &Graph, step: usize) -> String {
        let mut s = String::new();
        {
            let root = SVGBackend::with_string(&mut s, (900, 420)).into_drawing_area();
            draw_graph(&root, g, &g.at(step), &ChartStyle::default()).unwrap();
            root.present().unwrap();
        }
        s.replace(">\n", ">").replace("\n<", "<")
    }

    #[test]
    fn values_appear_forward_and_gradients_backward() {
        let g = Graph::fruit();
        let start = svg(&g, 0);
        // Leaves and their values are there from the start; 715 and the gradients are not.
        assert!(start.contains(">apple_num<") && start.contains(">150<"));
        assert!(!start.contains(">715<") && !start.contains(">165<"));
        let forward = svg(&g, 4);
        assert!(forward.contains(">715<") && forward.contains(">650<"));
        assert!(!forward.contains(">165<"));
        let done = svg(&g, g.step_count());
        for v in [">2.2<", ">110<", ">3.3<", ">165<", ">650<", ">1.1<"] {
            assert!(done.contains(v), "missing {v}");
        }
        assert_eq!(
            done.matches("<circle").count() % 2,
            0,
            "fill + border per node"
        );
    }

    #[test]
    fn labels_move_clear_of_the_nodes_they_would_cover() {
        let nodes = [(100, 200), (160, 200)];
        // A value label above a short edge between two nodes: lifted to the circles' top.
        let y = clear_of_nodes((130, 196), (90, 20), true, &nodes, 24);
        assert_eq!(y, 176);
        // A gradient label below: pushed to their bottom.
        assert_eq!(clear_of_nodes((130, 204), (90, 20), false, &nodes, 24), 224);
        // A label on a long edge, away from every node, stays.
        assert_eq!(clear_of_nodes((400, 196), (90, 20), true, &nodes, 24), 196);
    }

    /// The sigmoid graph's edge values (0.36788 after exp, −0.53445 … ) are drawn above or below the exp,
    /// +1 and ÷ circles, never inside them: every text's anchor is outside every circle's vertical span.
    #[test]
    fn the_sigmoid_graph_labels_are_not_under_its_nodes() {
        let g = Graph::sigmoid(1.0, 1.0);
        // A small canvas: the edges are shorter than their numbers, as on a phone or a 1140 px canvas
        // with projector-sized type.
        let mut s = String::new();
        {
            let root = SVGBackend::with_string(&mut s, (520, 300)).into_drawing_area();
            draw_graph(&root, &g, &g.at(g.step_count()), &ChartStyle::default()).unwrap();
            root.present().unwrap();
        }
        let s = s.replace(">\n", ">").replace("\n<", "<");
        let num = |tag: &str, attr: &str| -> Vec<f64> {
            s.split(tag)
                .skip(1)
                .filter_map(|t| {
                    let i = t.find(&format!(" {attr}=\""))? + attr.len() + 3;
                    t[i..].split('"').next()?.parse().ok()
                })
                .collect()
        };
        let (cx, cy, r) = (
            num("<circle", "cx"),
            num("<circle", "cy"),
            num("<circle", "r"),
        );
        assert!(!cy.is_empty());
        assert!(s.contains(">0.36788<"), "no exp value");
        // Texts of numbers (not the node symbols, which sit on the centre line by design) that reach over a
        // node horizontally (5 px a character: narrower than any real glyph, so no overlap is missed) must
        // lie above or below it.
        let mut moved = 0;
        for t in s.split("<text").skip(1) {
            let body = t
                .split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("");
            // ("+1" is the node's symbol, not a value.)
            if body.starts_with('+') || (body.parse::<f64>().is_err() && !body.starts_with('−')) {
                continue;
            }
            let attr = |a: &str| -> f64 {
                t.split(&format!(" {a}=\""))
                    .nth(1)
                    .and_then(|v| v.split('"').next())
                    .and_then(|v| v.parse().ok())
                    .unwrap()
            };
            let (x, y) = (attr("x"), attr("y"));
            let half = 2.5 * body.chars().count() as f64;
            for ((cx, cy), r) in cx.iter().zip(&cy).zip(&r) {
                if (x - cx).abs() < half + r {
                    moved += 1;
                    assert!(
                        (y - cy).abs() >= r - 1.0,
                        "{body} at ({x}, {y}) inside a node at ({cx}, {cy}) ± {r}"
                    );
                }
            }
        }
        assert!(
            moved >= 4,
            "only {moved} labels reach over a node: the test draws too wide"
        );
    }

    #[test]
    fn the_sigmoid_graph_draws_its_four_nodes() {
        let g = Graph::sigmoid(1.0, 1.0);
        let s = svg(&g, 8);
        for sym in [">×−1<", ">exp<", ">+1<", ">/<"] {
            assert!(s.contains(sym), "missing {sym}");
        }
        // ∂L/∂x = y(1 − y) at x = 1: 0.19661.
        assert!(s.contains(">0.19661<"), "no σ(1 − σ) on the x edge");
    }
}
