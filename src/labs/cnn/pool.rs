//! Max pooling, one window at a time (the book's `Pooling`, figure 7-14's 2 × 2 window with stride 2):
//! y[i, j] = max over the PH × PW window at (i·S, j·S); backward sends dout[i, j] to the window's argmax
//! (the first maximum on ties) and 0 elsewhere, summing where windows overlap: dx = Σ dout routed by argmax.
//!
//! The numbers: a fixed 4 × 4 example tiled to the chosen size (our numbers, not the book's), and dout = 1, 2,
//! 3, … so that each routed gradient can be told apart.

use ndarray::Array2;

use crate::layer::{ConvShape, Layer, Pooling};
use crate::urlstate::Route;
use crate::Result;

/// The example input (4 × 4), tiled when the grid is larger.
pub const EXAMPLE: [[f32; 4]; 4] = [
    [1.0, 2.0, 1.0, 0.0],
    [0.0, 1.0, 2.0, 3.0],
    [3.0, 0.0, 1.0, 2.0],
    [2.0, 4.0, 0.0, 1.0],
];

pub const SIDE_MAX: usize = 8;
pub const WINDOW_MAX: usize = 4;
pub const STRIDE_MAX: usize = 4;

/// The settings of the pooling view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolViewConfig {
    pub h: usize,
    pub w: usize,
    /// The window PH = PW.
    pub size: usize,
    pub stride: usize,
    /// The window shown: output position k = i·OW + j.
    pub at: usize,
}

impl Default for PoolViewConfig {
    /// The book's pooling: 2 × 2 windows, stride 2, on a 4 × 4 input.
    fn default() -> Self {
        PoolViewConfig {
            h: 4,
            w: 4,
            size: 2,
            stride: 2,
            at: 0,
        }
    }
}

impl PoolViewConfig {
    pub fn shape(&self) -> Result<ConvShape> {
        ConvShape::new((1, self.h, self.w), (self.size, self.size), self.stride, 0)
    }

    pub fn x_at(&self, y: usize, x: usize) -> f32 {
        EXAMPLE[y % 4][x % 4]
    }

    pub fn input(&self) -> Array2<f32> {
        Array2::from_shape_fn((1, self.h * self.w), |(_, i)| {
            self.x_at(i / self.w, i % self.w)
        })
    }

    pub fn write(&self, r: &mut Route) {
        r.set("ph", self.h);
        r.set("pw", self.w);
        r.set("pp", self.size);
        r.set("ps", self.stride);
        r.set("pk", self.at);
    }

    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let int = |key: &str, lo: usize, hi: usize, def: usize| r.usize_in(key, lo, hi, def);
        let mut c = PoolViewConfig {
            h: int("ph", 1, SIDE_MAX, d.h),
            w: int("pw", 1, SIDE_MAX, d.w),
            size: int("pp", 1, WINDOW_MAX, d.size),
            stride: int("ps", 1, STRIDE_MAX, d.stride),
            at: 0,
        };
        let positions = c.shape().map(|s| s.positions()).unwrap_or(1);
        c.at = int("pk", 0, positions - 1, 0);
        c
    }
}

/// One window: its cells (row, column, value), the maximum and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolWindow {
    pub oy: usize,
    pub ox: usize,
    pub cells: Vec<(usize, usize, f32)>,
    pub max: f32,
    /// The input cell (row, column) of the first maximum.
    pub argmax: (usize, usize),
}

/// The pooling example: forward window by window, and the routing of dout.
#[derive(Clone, Debug)]
pub struct PoolDemo {
    pub cfg: PoolViewConfig,
    pub shape: ConvShape,
}

impl PoolDemo {
    pub fn new(cfg: PoolViewConfig) -> Result<PoolDemo> {
        Ok(PoolDemo {
            shape: cfg.shape()?,
            cfg,
        })
    }

    pub fn positions(&self) -> usize {
        self.shape.positions()
    }

    pub fn window(&self, k: usize) -> PoolWindow {
        let s = &self.shape;
        let k = k % s.positions();
        let (oy, ox) = (k / s.ow, k % s.ow);
        let mut cells = Vec::with_capacity(s.fh * s.fw);
        let mut best: Option<(f32, (usize, usize))> = None;
        for fy in 0..s.fh {
            for fx in 0..s.fw {
                let (y, x) = (oy * s.stride + fy, ox * s.stride + fx);
                let v = self.cfg.x_at(y, x);
                cells.push((y, x, v));
                // Row-major, keeping the first maximum (np.argmax).
                if best.is_none_or(|(m, _)| v > m) {
                    best = Some((v, (y, x)));
                }
            }
        }
        let (max, argmax) = best.expect("a window has at least one cell");
        PoolWindow {
            oy,
            ox,
            cells,
            max,
            argmax,
        }
    }

    /// The output, row by row.
    pub fn outputs(&self) -> Vec<f32> {
        (0..self.positions()).map(|k| self.window(k).max).collect()
    }

    /// dout[k] = k + 1.
    pub fn dout(&self) -> Vec<f32> {
        (1..=self.positions()).map(|v| v as f32).collect()
    }

    /// dx (H × W, row by row): each dout sent to its window's argmax, summed where windows share one.
    pub fn dx(&self) -> Vec<f32> {
        let mut dx = vec![0.0f32; self.cfg.h * self.cfg.w];
        for (k, g) in self.dout().into_iter().enumerate() {
            let (y, x) = self.window(k).argmax;
            dx[y * self.cfg.w + x] += g;
        }
        dx
    }

    /// Where each dout goes: (output position, input cell).
    pub fn routes(&self) -> Vec<(usize, (usize, usize))> {
        (0..self.positions())
            .map(|k| (k, self.window(k).argmax))
            .collect()
    }

    /// The engine's Pooling forward and backward (with the same dout) on the same input.
    pub fn engine(&self) -> Result<(Vec<f32>, Vec<f32>)> {
        let c = &self.cfg;
        let mut p = Pooling::new((1, c.h, c.w), (c.size, c.size), c.stride, 0)?;
        let out = p.forward(&c.input()).iter().copied().collect();
        let dout = Array2::from_shape_vec((1, self.positions()), self.dout())
            .expect("dout has one value per output cell");
        let dx = p.backward(&dout).iter().copied().collect();
        Ok((out, dx))
    }
}

/// y[i, j] = max over the window, and the backward routing, as MathML.
pub const FORMULA: &str = "<math display=\"block\"><msub><mi>y</mi><mrow><mi>i</mi><mo>,</mo><mi>j</mi></mrow></msub><mo>=</mo><munder><mi>max</mi><mrow><mn>0</mn><mo>≤</mo><mi>p</mi><mo>,</mo><mi>q</mi><mo>&lt;</mo><mi>PH</mi></mrow></munder><msub><mi>x</mi><mrow><mi>i</mi><mi>S</mi><mo>+</mo><mi>p</mi><mo>,</mo><mi>j</mi><mi>S</mi><mo>+</mo><mi>q</mi></mrow></msub><mo>,</mo><mspace width=\"1em\"/><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>x</mi><mrow><mi>a</mi><mo>,</mo><mi>b</mi></mrow></msub></mrow></mfrac><mo>=</mo><munder><mo>∑</mo><mrow><mo>(</mo><mi>i</mi><mo>,</mo><mi>j</mi><mo>)</mo><mo>:</mo><mi>argmax</mi><mo>=</mo><mo>(</mo><mi>a</mi><mo>,</mo><mi>b</mi><mo>)</mo></mrow></munder><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>y</mi><mrow><mi>i</mi><mo>,</mo><mi>j</mi></mrow></msub></mrow></mfrac></math>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_example() {
        let d = PoolDemo::new(PoolViewConfig::default()).unwrap();
        assert_eq!(d.outputs(), vec![2.0, 3.0, 4.0, 2.0]);
        assert_eq!(d.window(1).argmax, (1, 3));
        assert_eq!(d.window(2).argmax, (3, 1));
        // Ties keep the first maximum: window 3 holds 1, 2, 0, 1 → (2, 3).
        assert_eq!(d.window(3).argmax, (2, 3));
    }

    #[test]
    fn forward_and_backward_routing_equal_the_engines_pooling() {
        for (h, w, size, stride) in [
            (4, 4, 2, 2),
            (5, 5, 3, 1),
            (8, 6, 2, 2),
            (7, 7, 3, 2),
            (1, 1, 1, 1),
            (8, 8, 4, 4),
        ] {
            let cfg = PoolViewConfig {
                h,
                w,
                size,
                stride,
                at: 0,
            };
            let d = PoolDemo::new(cfg).unwrap();
            let (out, dx) = d.engine().unwrap();
            assert_eq!(d.outputs(), out, "{cfg:?}");
            assert_eq!(d.dx(), dx, "{cfg:?}");
            // Every dout lands somewhere: dx sums to Σ dout.
            assert_eq!(dx.iter().sum::<f32>(), d.dout().iter().sum::<f32>());
        }
    }

    #[test]
    fn bad_sizes_are_refused_and_links_round_trip() {
        let cfg = PoolViewConfig {
            h: 5,
            ..Default::default()
        };
        assert_eq!(PoolDemo::new(cfg).unwrap_err().key, "err.conv_not_integer");
        let cfg = PoolViewConfig {
            h: 6,
            at: 5,
            ..Default::default()
        };
        let mut r = Route::new("cnn");
        cfg.write(&mut r);
        assert_eq!(PoolViewConfig::read(&r), cfg);
        assert_eq!(PoolViewConfig::read(&Route::parse("#cnn?pk=99&pp=0")).at, 0);
    }
}
