//! The network evaluated on a res × res grid over the data square, in ONE batched forward pass (a res²×2
//! matrix): the output y at every grid point gives the decision-boundary heat map, and each hidden neuron's
//! z = h(a) gives its own small map. Row 0 of the grid is the top of the picture (largest x2).

use ndarray::Array2;

use crate::activation::Activation;
use crate::net::{Net, NetLayer, Output};
use crate::plot::heatmap::{self, Colormap};
use crate::Result;

/// The boundary grid resolution: 64 × 64 = 4,096 points in one predict call.
pub const GRID: usize = 64;
/// The class colours (Okabe–Ito orange, blue, bluish green): class 0 at the diverging map's low end and
/// class 1 at its high end, so points and regions agree.
pub const CLASS_RGB: [[u8; 3]; 3] = [[230, 159, 0], [0, 114, 178], [0, 158, 115]];
/// The diverging map spans y ∈ [−0.6, 1.6], so certain regions (y = 0 or 1) are a light tint and the
/// full-strength point colours still stand out on them.
pub const BOUNDARY_RANGE: (f32, f32) = (-0.6, 1.6);

/// The grid inputs: point (r, c) is x1 = lo + (c + ½)·step, x2 = hi − (r + ½)·step.
pub fn grid_inputs(domain: (f32, f32), res: usize) -> Array2<f32> {
    let (lo, hi) = domain;
    let step = (hi - lo) / res as f32;
    Array2::from_shape_fn((res * res, 2), |(k, d)| {
        let (r, c) = (k / res, k % res);
        if d == 0 {
            lo + (c as f32 + 0.5) * step
        } else {
            hi - (r as f32 + 0.5) * step
        }
    })
}

/// What the network computes over the grid.
#[derive(Clone, Debug)]
pub struct GridEval {
    pub res: usize,
    /// y for every grid point (res² × outputs).
    pub y: Array2<f32>,
    /// z of each hidden layer (res² × neurons), in evaluation mode.
    pub hidden: Vec<Array2<f32>>,
    pub output: Output,
}

impl GridEval {
    /// Run the network on the grid in one forward pass (`Net::forward_all`, evaluation mode): y from the last
    /// layer's scores as `Net::predict` gives it, and each hidden layer's z = h(a) (× (1 − dropout), as the
    /// engine does in evaluation) as the output just before the next Affine layer.
    pub fn new(net: &mut Net, domain: (f32, f32), res: usize) -> Result<GridEval> {
        let x = grid_inputs(domain, res);
        let mut outs = net.forward_all(&x)?;
        let scores = outs
            .pop()
            .ok_or_else(|| crate::Error::new("err.shape", ["net", "0", "layers", "1+"]))?;
        let y = net.output_of(&scores);
        let mut hidden = Vec::new();
        for (i, layer) in net.layers().iter().enumerate().skip(1) {
            if matches!(layer, NetLayer::Affine(_)) {
                if let Some(z) = outs.get_mut(i - 1) {
                    hidden.push(std::mem::take(z));
                }
            }
        }
        Ok(GridEval {
            res,
            y,
            hidden,
            output: net.config().output_kind,
        })
    }

    /// The class probabilities (or scores) at grid point k.
    pub fn y_at(&self, k: usize) -> Vec<f32> {
        self.y.row(k).to_vec()
    }

    /// The score of class 1 at every grid point when there is one output or two (P(t = 1 | x) for sigmoid
    /// and softmax); `None` for three classes.
    pub fn class1(&self) -> Option<Vec<f32>> {
        match self.y.ncols() {
            1 => Some(self.y.column(0).to_vec()),
            2 => Some(self.y.column(1).to_vec()),
            _ => None,
        }
    }

    /// The predicted class at every grid point.
    pub fn classes(&self) -> Vec<usize> {
        self.y
            .rows()
            .into_iter()
            .map(|r| {
                if r.len() == 1 {
                    usize::from(r[0] > 0.5)
                } else {
                    r.iter()
                        .enumerate()
                        .max_by(|a, b| a.1.total_cmp(b.1))
                        .map_or(0, |(i, _)| i)
                }
            })
            .collect()
    }

    /// The decision-boundary picture, w × h RGBA: two classes on the diverging map; three classes as the
    /// winning class's tint, stronger where the network is surer (max y from 1/K to 1).
    pub fn boundary_rgba(&self, w: usize, h: usize) -> Vec<u8> {
        heatmap::upscale(&self.boundary_colors(), self.res, self.res, w, h)
    }

    /// One colour per grid point (see `boundary_rgba`); colouring 4,096 cells and then copying blocks is
    /// much cheaper than colouring every pixel of a HiDPI canvas.
    pub fn boundary_colors(&self) -> Vec<[u8; 4]> {
        if let Some(v) = self.class1() {
            let (lo, hi) = BOUNDARY_RANGE;
            return v
                .iter()
                .map(|&y| Colormap::Diverging.at((y - lo) / (hi - lo)))
                .collect();
        }
        let k = self.y.ncols() as f32;
        self.y
            .rows()
            .into_iter()
            .zip(self.classes())
            .map(|(r, c)| {
                let sure = (r[c] - 1.0 / k) / (1.0 - 1.0 / k);
                Colormap::Tint {
                    rgb: CLASS_RGB[c % 3],
                    strength: 0.55,
                }
                .at(0.25 + 0.75 * sure)
            })
            .collect()
    }

    /// A hidden neuron's map: sigmoid on [0, 1], tanh on [−1, 1], (leaky) ReLU on ±max|z|; w × h RGBA.
    pub fn neuron_rgba(
        &self,
        layer: usize,
        j: usize,
        act: Activation,
        w: usize,
        h: usize,
    ) -> Vec<u8> {
        let Some(z) = self.hidden.get(layer).filter(|z| j < z.ncols()) else {
            return vec![0; w * h * 4];
        };
        let v = z.column(j).to_vec();
        let (lo, hi) = match act {
            Activation::Sigmoid | Activation::Step => (0.0, 1.0),
            Activation::Tanh => (-1.0, 1.0),
            _ => heatmap::symmetric_range(&v),
        };
        heatmap::sample_rgba(&v, self.res, self.res, w, h, |z| {
            Colormap::Diverging.at((z - lo) / (hi - lo))
        })
    }
}
