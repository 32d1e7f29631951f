//! The network diagram's layout: one column of nodes per layer (inputs x1, x2, hidden neurons, outputs), an
//! edge for every weight w⁽ˡ⁾ᵢⱼ of Wˡ from node i of layer l − 1 to node j of layer l, and hit-testing of a
//! pointer against the edges (the distance from a point to a segment), for the hover readout and editing.

use crate::net::Net;

/// A node's box: top-left corner and side, in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node {
    /// 0 = inputs, 1..=hidden layers, last = outputs.
    pub layer: usize,
    pub j: usize,
    pub x: f64,
    pub y: f64,
    pub size: f64,
}

impl Node {
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.size / 2.0, self.y + self.size / 2.0)
    }
}

/// One weight: W{l}[i][j], drawn from `from` to `to`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub l: usize,
    pub i: usize,
    pub j: usize,
    pub w: f32,
    pub from: (f64, f64),
    pub to: (f64, f64),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// max |w| over all edges (for line widths).
    pub w_max: f32,
    /// The hidden layers whose Affine output is batch-normalized before the activation (1-based, as `Node::layer`).
    pub bn_layers: Vec<usize>,
}

/// Lay out `net` in a w × h pixel box; nodes are squares of at most `max_node` pixels.
pub fn layout(net: &Net, w: f64, h: f64, max_node: f64) -> Diagram {
    layout_below(net, w, h, max_node, 0.0)
}

/// `layout` with the top `top` pixels left free (for the "BN" tags over batch-normalized layers).
pub fn layout_below(net: &Net, w: f64, h: f64, max_node: f64, top: f64) -> Diagram {
    let mut d = layout_in(net, w, (h - top).max(1.0), max_node);
    for n in &mut d.nodes {
        n.y += top;
    }
    for e in &mut d.edges {
        e.from.1 += top;
        e.to.1 += top;
    }
    d
}

fn layout_in(net: &Net, w: f64, h: f64, max_node: f64) -> Diagram {
    let sizes = net.sizes();
    let cols = sizes.len();
    let tallest = sizes.iter().copied().max().unwrap_or(1) as f64;
    let pad = 4.0;
    // Leave at least as much width for edges as for node boxes, and a gap of ¼ box between nodes.
    let size = (((h - 2.0 * pad) / (tallest * 1.25)).min(w / (2.0 * cols as f64)))
        .min(max_node)
        .max(2.0);
    let col_x = |c: usize| {
        if cols <= 1 {
            pad
        } else {
            pad + c as f64 * (w - 2.0 * pad - size) / (cols - 1) as f64
        }
    };
    let mut nodes = Vec::new();
    for (c, &n) in sizes.iter().enumerate() {
        let gap = size * 0.25;
        let total = n as f64 * size + (n.saturating_sub(1)) as f64 * gap;
        let top = (h - total) / 2.0;
        for j in 0..n {
            nodes.push(Node {
                layer: c,
                j,
                x: col_x(c),
                y: top + j as f64 * (size + gap),
                size,
            });
        }
    }
    let find = |layer: usize, j: usize| nodes.iter().find(|n| n.layer == layer && n.j == j);
    let mut edges = Vec::new();
    let mut w_max = 0.0f32;
    for l in 1..cols {
        let Some(affine) = net.affine(l) else {
            continue;
        };
        for ((i, j), &wv) in affine.W.indexed_iter() {
            if let (Some(a), Some(b)) = (find(l - 1, i), find(l, j)) {
                w_max = w_max.max(wv.abs());
                edges.push(Edge {
                    l,
                    i,
                    j,
                    w: wv,
                    from: (a.x + a.size, a.center().1),
                    to: (b.x, b.center().1),
                });
            }
        }
    }
    let bn_layers = if net.config().batchnorm {
        (1..=net.config().hidden.len()).collect()
    } else {
        Vec::new()
    };
    Diagram {
        nodes,
        edges,
        w_max,
        bn_layers,
    }
}

/// The distance from p to the segment a–b.
pub fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
}

impl Diagram {
    /// The edge nearest to p within `tol` pixels.
    pub fn edge_at(&self, p: (f64, f64), tol: f64) -> Option<usize> {
        self.edges
            .iter()
            .enumerate()
            .map(|(k, e)| (k, segment_distance(p, e.from, e.to)))
            .filter(|(_, d)| *d <= tol)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(k, _)| k)
    }

    /// An edge's line width: 0.5 px for w = 0 up to `max_px` for the largest |w|.
    pub fn line_width(&self, e: &Edge, max_px: f64) -> f64 {
        let f = if self.w_max > 0.0 {
            (e.w.abs() / self.w_max) as f64
        } else {
            0.0
        };
        0.5 + f * (max_px - 0.5)
    }
}
