//! The max Pooling layer (the book's `Pooling` in `common/layers.py`): out[n, c, oy, ox] is the largest x in the
//! PH × PW window at (oy·S − P, ox·S − P), padding counting as 0 as in the book's `np.pad`. Backward routes each
//! dout to the one input that was the maximum (the book's `arg_max`; the first one on ties, as `np.argmax`),
//! summing where windows overlap, and nothing to the padding.
//!
//! The book goes through im2col; reading the windows directly gives the same numbers without the copy.

use ndarray::Array2;

use super::conv_shape::ConvShape;
use super::{reuse, Layer};
use crate::Result;

/// Where a window's maximum came from: an index into one sample's C·H·W, or `PADDING`.
const PADDING: u32 = u32::MAX;

/// Max pooling over PH × PW windows with stride S and pad P. The book's defaults are stride 1, pad 0;
/// SimpleConvNet and DeepConvNet use 2 × 2 windows with stride 2.
#[derive(Clone, Debug)]
pub struct Pooling {
    shape: ConvShape,
    /// For each output cell (N × C·OH·OW), where its maximum was.
    arg_max: Array2<u32>,
    out: Array2<f32>,
    dx: Array2<f32>,
}

impl Pooling {
    /// Pooling of (C, H, W) inputs with `pool` = (PH, PW). Errors: a size that is not a whole number ≥ 1.
    pub fn new(
        input: (usize, usize, usize),
        pool: (usize, usize),
        stride: usize,
        pad: usize,
    ) -> Result<Pooling> {
        let shape = ConvShape::new(input, pool, stride, pad)?;
        crate::error::ensure(
            shape.in_len() < PADDING as usize,
            "err.too_big",
            [
                "C×H×W".to_string(),
                shape.in_len().to_string(),
                PADDING.to_string(),
            ],
        )?;
        Ok(Pooling {
            shape,
            arg_max: Array2::zeros((0, 0)),
            out: Array2::zeros((0, 0)),
            dx: Array2::zeros((0, 0)),
        })
    }

    pub fn shape(&self) -> &ConvShape {
        &self.shape
    }

    /// C·OH·OW: one sample's output width.
    pub fn out_len(&self) -> usize {
        self.shape.c * self.shape.positions()
    }

    /// For each output cell of the last forward, the index (in one sample's C·H·W) of the input it took, or
    /// None when the maximum was in the padding.
    pub fn arg_max(&self) -> impl Iterator<Item = Option<usize>> + '_ {
        self.arg_max
            .iter()
            .map(|&i| (i != PADDING).then_some(i as usize))
    }
}

impl Layer for Pooling {
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        let s = self.shape;
        assert_eq!(x.ncols(), s.in_len(), "Pooling input is N × C·H·W");
        let n = x.nrows();
        let out_len = self.out_len();
        let out = reuse(&mut self.out, (n, out_len));
        let arg = reuse(&mut self.arg_max, (n, out_len));
        let std = x.as_standard_layout();
        let x = std.as_slice().expect("standard layout");
        let out = out.as_slice_mut().expect("built contiguous");
        let arg = arg.as_slice_mut().expect("built contiguous");
        let plane = s.h * s.w;
        for (i, (o, a)) in out.iter_mut().zip(arg.iter_mut()).enumerate() {
            let (img, rest) = (i / out_len, i % out_len);
            let (c, q) = (rest / s.positions(), rest % s.positions());
            let (oy, ox) = (q / s.ow, q % s.ow);
            let base = img * s.in_len();
            let mut best = (f32::NEG_INFINITY, PADDING);
            let mut first = true;
            // Row-major over the window, keeping the first maximum (np.argmax over the book's im2col row).
            for fy in 0..s.fh {
                let iy = (oy * s.stride + fy).checked_sub(s.pad).filter(|&v| v < s.h);
                for fx in 0..s.fw {
                    let ix = (ox * s.stride + fx).checked_sub(s.pad).filter(|&v| v < s.w);
                    let (v, at) = match (iy, ix) {
                        (Some(iy), Some(ix)) => {
                            let at = c * plane + iy * s.w + ix;
                            (x[base + at], at as u32)
                        }
                        _ => (0.0, PADDING),
                    };
                    if first || v > best.0 {
                        best = (v, at);
                        first = false;
                    }
                }
            }
            *o = best.0;
            *a = best.1;
        }
        &self.out
    }

    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        assert_eq!(
            dout.dim(),
            self.arg_max.dim(),
            "Pooling::backward before forward"
        );
        let n = dout.nrows();
        let in_len = self.shape.in_len();
        let dx = reuse(&mut self.dx, (n, in_len));
        dx.fill(0.0);
        for ((mut dst, g), a) in dx
            .rows_mut()
            .into_iter()
            .zip(dout.rows())
            .zip(self.arg_max.rows())
        {
            for (&g, &a) in g.iter().zip(a.iter()) {
                if a != PADDING {
                    dst[a as usize] += g;
                }
            }
        }
        &self.dx
    }

    fn name(&self) -> &'static str {
        "Pooling"
    }
}
