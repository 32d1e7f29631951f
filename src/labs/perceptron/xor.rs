//! XOR as two layers of perceptrons (notes 004): s1 = NAND(x1, x2), s2 = OR(x1, x2), y = AND(s1, s2),
//! each with the notes' parameters. In (s1, s2) space the four inputs land on three points that the AND
//! line 0.5s1 + 0.5s2 − 0.7 = 0 separates, which no line could do in (x1, x2) space.

use super::gate::{Gate, Perceptron, INPUTS};
use crate::numfmt::sig;

/// The three perceptrons: (first layer NAND, first layer OR, second layer AND).
pub fn layers() -> (Perceptron, Perceptron, Perceptron) {
    let p = |g: Gate| g.preset().unwrap_or(Perceptron::new(0.0, 0.0, 0.0));
    (p(Gate::Nand), p(Gate::Or), p(Gate::And))
}

/// One row of the table x1, x2, s1, s2, y.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XorRow {
    pub x1: u8,
    pub x2: u8,
    pub s1: u8,
    pub s2: u8,
    pub y: u8,
}

impl XorRow {
    /// y agrees with the XOR truth table.
    pub fn correct(&self) -> bool {
        self.y == Gate::Xor.truth(self.x1, self.x2)
    }
}

/// The network's forward pass for the four inputs.
pub fn rows() -> [XorRow; 4] {
    let (nand, or, and) = layers();
    INPUTS.map(|(x1, x2)| {
        let (f1, f2) = (x1 as f64, x2 as f64);
        let s1 = nand.output(f1, f2);
        let s2 = or.output(f1, f2);
        let y = and.output(s1 as f64, s2 as f64);
        XorRow { x1, x2, s1, s2, y }
    })
}

/// A point of (s1, s2) space and the inputs (x1, x2) that land on it.
pub type HiddenPoint = ((u8, u8), Vec<(u8, u8)>);

/// The distinct points of (s1, s2) space, each with the inputs that land there, e.g. (1, 1) ← (0,1), (1,0).
pub fn hidden_points() -> Vec<HiddenPoint> {
    let mut out: Vec<HiddenPoint> = Vec::new();
    for r in rows() {
        match out.iter_mut().find(|(s, _)| *s == (r.s1, r.s2)) {
            Some((_, from)) => from.push((r.x1, r.x2)),
            None => out.push(((r.s1, r.s2), vec![(r.x1, r.x2)])),
        }
    }
    out
}

/// A small SVG of the network: inputs x1, x2 → NAND (s1) and OR (s2) → AND (y), with each weight on its
/// edge and each bias under its node. Language-neutral (symbols and gate names only); the page gives it a
/// translated label and caption. `colors` are CSS colours for the NAND, OR and AND nodes.
pub fn diagram_svg(colors: [&str; 3]) -> String {
    let (nand, or, and) = layers();
    let num = |v: f64| sig(v, 3);
    let nodes = [
        ("x1", "x₁", 70.0, 80.0, "#ffffff", None),
        ("x2", "x₂", 70.0, 220.0, "#ffffff", None),
        ("s1", "s₁", 290.0, 80.0, colors[0], Some(("NAND", nand.b))),
        ("s2", "s₂", 290.0, 220.0, colors[1], Some(("OR", or.b))),
        ("y", "y", 510.0, 150.0, colors[2], Some(("AND", and.b))),
    ];
    let pos = |id: &str| {
        let n = nodes.iter().find(|n| n.0 == id).map(|n| (n.2, n.3));
        n.unwrap_or((0.0, 0.0))
    };
    // (from, to, weight, where along the edge the label sits, label offset (x, y)). The crossing edges
    // are labelled near their sources, where they are still far apart.
    let edges = [
        ("x1", "s1", nand.w1, 0.5, (0.0, -12.0)),
        ("x2", "s1", nand.w2, 0.2, (-14.0, -10.0)),
        ("x1", "s2", or.w1, 0.2, (-14.0, 24.0)),
        ("x2", "s2", or.w2, 0.5, (0.0, 26.0)),
        ("s1", "y", and.w1, 0.5, (0.0, -12.0)),
        ("s2", "y", and.w2, 0.5, (0.0, 28.0)),
    ];
    let r: f64 = 30.0;
    let mut s = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 600 300\" class=\"net-diagram\" \
         font-family=\"system-ui, sans-serif\" font-size=\"20\">",
    );
    s.push_str(
        "<defs><marker id=\"pct-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" \
         markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#4a5563\"/>\
         </marker></defs>",
    );
    for (a, b, w, t, (dx, dy)) in edges {
        let ((x0, y0), (x1, y1)): ((f64, f64), (f64, f64)) = (pos(a), pos(b));
        let len = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
        let (ux, uy) = ((x1 - x0) / len, (y1 - y0) / len);
        let (sx, sy, ex, ey) = (
            x0 + ux * r,
            y0 + uy * r,
            x1 - ux * (r + 2.0),
            y1 - uy * (r + 2.0),
        );
        s.push_str(&format!(
            "<line x1=\"{sx:.1}\" y1=\"{sy:.1}\" x2=\"{ex:.1}\" y2=\"{ey:.1}\" stroke=\"#4a5563\" \
             stroke-width=\"2.5\" marker-end=\"url(#pct-arrow)\"/>"
        ));
        let (lx, ly) = (x0 + (x1 - x0) * t + dx, y0 + (y1 - y0) * t + dy);
        s.push_str(&format!(
            "<text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\" fill=\"#1d232b\" \
             data-weight=\"{a}-{b}\">{}</text>",
            num(w)
        ));
    }
    for (id, label, x, y, fill, gate) in nodes {
        s.push_str(&format!(
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" fill=\"{fill}\" stroke=\"#1d232b\" stroke-width=\"2.5\" \
             data-node=\"{id}\"/>\
             <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"700\" fill=\"#1d232b\">{label}</text>",
            y + 7.0
        ));
        if let Some((name, b)) = gate {
            s.push_str(&format!(
                "<text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"700\" fill=\"#1d232b\">{name}</text>\
                 <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" fill=\"#1d232b\">b = {}</text>",
                y - r - 10.0,
                y + r + 24.0,
                num(b)
            ));
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nand_or_and_compose_to_xor() {
        let rows = rows();
        assert!(rows.iter().all(XorRow::correct), "{rows:?}");
        let cols: Vec<_> = rows.iter().map(|r| (r.s1, r.s2, r.y)).collect();
        // The notes' table: s1 = NAND, s2 = OR, y = AND(s1, s2).
        assert_eq!(cols, vec![(1, 0, 0), (1, 1, 1), (1, 1, 1), (0, 1, 0)]);
    }

    #[test]
    fn in_hidden_space_three_points_and_the_and_line_separates_them() {
        let pts = hidden_points();
        assert_eq!(pts.len(), 3);
        let merged = pts.iter().find(|(s, _)| *s == (1, 1)).unwrap();
        assert_eq!(merged.1, vec![(0, 1), (1, 0)]);
        let (_, _, and) = layers();
        for (s, from) in &pts {
            let y = and.output(s.0 as f64, s.1 as f64);
            for &(x1, x2) in from {
                assert_eq!(y, Gate::Xor.truth(x1, x2));
            }
        }
    }

    #[test]
    fn the_diagram_names_every_node_and_weight() {
        let svg = diagram_svg(["#a", "#b", "#c"]);
        for id in ["x1", "x2", "s1", "s2", "y"] {
            assert!(svg.contains(&format!("data-node=\"{id}\"")), "{id}");
        }
        assert_eq!(svg.matches("data-weight=").count(), 6);
        for name in [
            "NAND",
            "OR",
            "AND",
            "b = 0.7",
            "b = −0.3",
            "b = −0.7",
            ">−0.5<",
            ">0.5<",
        ] {
            assert!(svg.contains(name), "{name}");
        }
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
