//! The Convolution layer (the book's `common/layers.py`): out[n, f] = Σ_c W[f, c] ⋆ x[n, c] + b[f], computed as
//! col·W_colᵀ + b with col = im2col(x) (N·OH·OW × C·FH·FW) and W_col = W.reshape(FN, −1).
//! Backward: with dout reshaped to N·OH·OW × FN, db = Σ_rows dout, dW = doutᵀ·col (reshaped to FN × C × FH × FW),
//! dcol = dout·W_col and dx = col2im(dcol).
//!
//! Batches are N × (C·H·W) matrices, as everywhere in the engine; the output is N × (FN·OH·OW) in FN, OH, OW
//! order, so a following Affine reads it exactly as the book's `x.reshape(N, −1)` does.

use crate::gemm::gemm;
use ndarray::{Array1, Array2, Array4, ArrayView2, ArrayViewMut2, Axis};

use super::conv_im2col::{col2im_into, im2col_into};
use super::conv_shape::ConvShape;
use super::{reuse, Layer};
use crate::Result;

/// A convolution with filters `W` (FN × C × FH × FW, the book's shape) and one bias per filter `b` (FN).
/// After `backward`, `dW` and `db` hold the gradients of the last mini-batch.
#[allow(non_snake_case)]
#[derive(Clone, Debug)]
pub struct Convolution {
    pub W: Array4<f32>,
    pub b: Array1<f32>,
    pub dW: Array4<f32>,
    pub db: Array1<f32>,
    shape: ConvShape,
    /// im2col of the last input: dW needs it.
    col: Array2<f32>,
    /// col·W_colᵀ + b, one row per output position (N·OH·OW × FN).
    prod: Array2<f32>,
    out: Array2<f32>,
    dprod: Array2<f32>,
    dcol: Array2<f32>,
    dx: Array2<f32>,
}

impl Convolution {
    /// A layer for inputs of shape `input` = (C, H, W), with the filters' C equal to the input's.
    /// Errors: a filter or bias of the wrong shape, or an output size that is not a whole number ≥ 1.
    #[allow(non_snake_case)]
    pub fn new(
        W: Array4<f32>,
        b: Array1<f32>,
        input: (usize, usize, usize),
        stride: usize,
        pad: usize,
    ) -> Result<Convolution> {
        let (fnum, c, fh, fw) = W.dim();
        let shape_of = |d: &[usize]| {
            d.iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join("×")
        };
        crate::error::ensure(
            c == input.0 && b.len() == fnum && fnum >= 1,
            "err.shape",
            [
                "W, b".to_string(),
                format!("{}, {}", shape_of(W.shape()), b.len()),
                "input C".into(),
                input.0.to_string(),
            ],
        )?;
        let shape = ConvShape::new(input, (fh, fw), stride, pad)?;
        let dW = Array4::zeros(W.raw_dim());
        let db = Array1::zeros(fnum);
        let empty = || Array2::zeros((0, 0));
        Ok(Convolution {
            W,
            b,
            dW,
            db,
            shape,
            col: empty(),
            prod: empty(),
            out: empty(),
            dprod: empty(),
            dcol: empty(),
            dx: empty(),
        })
    }

    /// The geometry: input C × H × W, filter, stride, pad and output OH × OW.
    pub fn shape(&self) -> &ConvShape {
        &self.shape
    }

    /// FN, the number of filters (output channels).
    pub fn filters(&self) -> usize {
        self.W.dim().0
    }

    /// FN·OH·OW: one sample's output width.
    pub fn out_len(&self) -> usize {
        self.filters() * self.shape.positions()
    }

    /// The im2col matrix of the last forward (N·OH·OW × C·FH·FW), for the im2col view.
    pub fn col(&self) -> &Array2<f32> {
        &self.col
    }

    /// The parameter half of `backward`: dW and db, without dx (col2im). The network's first layer needs
    /// nothing more, since no one wants ∂L/∂x of the data.
    pub fn backward_params(&mut self, dout: &Array2<f32>) {
        let (fnum, p) = (self.filters(), self.shape.positions());
        let n = dout.nrows();
        let dprod = reuse(&mut self.dprod, (n * p, fnum));
        // dout (N × FN·P) → N·P × FN: the book's dout.transpose(0, 2, 3, 1).reshape(−1, FN).
        let std = dout.as_standard_layout();
        let src = std.as_slice().expect("standard layout");
        let dst = dprod.as_slice_mut().expect("dprod is built contiguous");
        for (img, sample) in src.chunks_exact(fnum * p).enumerate() {
            for (f, chan) in sample.chunks_exact(p).enumerate() {
                for (q, &g) in chan.iter().enumerate() {
                    dst[(img * p + q) * fnum + f] = g;
                }
            }
        }
        self.db.fill(0.0);
        for row in self.dprod.axis_iter(Axis(0)) {
            self.db += &row;
        }
        let k = self.shape.patch_len();
        let mut dw: ArrayViewMut2<f32> = self
            .dW
            .view_mut()
            .into_shape_with_order((fnum, k))
            .expect("dW is built contiguous in C order");
        gemm(1.0, &self.dprod.t(), &self.col, 0.0, &mut dw);
    }
}

impl Layer for Convolution {
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        self.forward_view(x.view())
    }

    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        self.backward_all(dout)
    }

    fn name(&self) -> &'static str {
        "Convolution"
    }
}

impl Convolution {
    /// `forward` for a block of rows borrowed from the data (the evaluation reads the test set without copying
    /// it). col stays: it is the product's operand, and the last forward's col is what `backward` and the im2col
    /// view read.
    pub fn forward_view(&mut self, x: ArrayView2<f32>) -> &Array2<f32> {
        let s = self.shape;
        assert_eq!(x.ncols(), s.in_len(), "Convolution input is N × C·H·W");
        let n = x.nrows();
        let (fnum, p) = (self.filters(), s.positions());
        im2col_into(x, &s, &mut self.col);
        let prod = reuse(&mut self.prod, (n * p, fnum));
        let b = self.b.as_slice().expect("b is contiguous");
        for mut row in prod.rows_mut() {
            match row.as_slice_mut() {
                Some(dst) => dst.copy_from_slice(b),
                None => row.assign(&self.b),
            }
        }
        let k = s.patch_len();
        let w = self
            .W
            .view()
            .into_shape_with_order((fnum, k))
            .expect("W is built contiguous in C order");
        gemm(1.0, &self.col, &w.t(), 1.0, &mut self.prod);
        // N·P × FN → N × FN·P: the book's out.reshape(N, OH, OW, −1).transpose(0, 3, 1, 2).
        let out = reuse(&mut self.out, (n, fnum * p));
        for (img, mut dst) in out.axis_iter_mut(Axis(0)).enumerate() {
            let dst = dst
                .as_slice_mut()
                .expect("rows of a fresh array are contiguous");
            for q in 0..p {
                let src = self.prod.row(img * p + q);
                for (f, &v) in src.iter().enumerate() {
                    dst[f * p + q] = v;
                }
            }
        }
        &self.out
    }

    /// The `Layer` backward: dW and db (`backward_params`), then dx = col2im(dprod·W_col).
    fn backward_all(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        assert_eq!(
            dout.dim(),
            self.out.dim(),
            "Convolution::backward before forward"
        );
        self.backward_params(dout);
        let n = dout.nrows();
        let (fnum, k) = (self.filters(), self.shape.patch_len());
        let dcol = reuse(&mut self.dcol, (n * self.shape.positions(), k));
        let w = self
            .W
            .view()
            .into_shape_with_order((fnum, k))
            .expect("W is built contiguous in C order");
        gemm(1.0, &self.dprod, &w, 0.0, dcol);
        col2im_into(self.dcol.view(), n, &self.shape, &mut self.dx);
        &self.dx
    }
}
