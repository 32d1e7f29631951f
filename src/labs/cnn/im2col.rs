//! im2col, step by step (the book's `common/util.py` and `Convolution.forward`): the example of the arithmetic
//! view unrolled by the engine's own `im2col`. Row r = i·OW + j of col holds the patch of window (i, j) in
//! (c, fy, fx) order; each filter becomes one column of W_col = W.reshape(FN, −1)ᵀ; out = col·W_col + b is one
//! matrix product (column f: filter f's output map); reshaped to N × FN × OH × OW it is the convolution.

use ndarray::Array2;

use super::arith::ConvArith;
use crate::layer::im2col;
use crate::Result;

/// The matrices of the unrolled example (N = 1).
#[derive(Clone, Debug)]
pub struct Im2colDemo {
    /// N·OH·OW × C·FH·FW, from the engine's `im2col`.
    pub col: Array2<f32>,
    /// C·FH·FW × FN: the filter as a column.
    pub w_col: Array2<f32>,
    /// N·OH·OW × FN: col·W_col + b.
    pub prod: Array2<f32>,
    pub bias: f32,
    pub oh: usize,
    pub ow: usize,
}

/// A matrix's name and size, as the view prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Size {
    pub name: &'static str,
    /// The dimensions as the book writes them (N, C, H, W …) with their values.
    pub dims: String,
}

impl Im2colDemo {
    pub fn new(a: &ConvArith) -> Result<Im2colDemo> {
        let cfg = &a.cfg;
        let col = im2col(cfg.input().view(), &a.shape)?;
        let k = a.shape.patch_len();
        let w_col = cfg
            .filter()
            .into_shape_with_order((cfg.fnum, k))
            .expect("a fresh filter is contiguous")
            .reversed_axes();
        let bias = cfg.bias as f32;
        let prod = col.dot(&w_col) + bias;
        Ok(Im2colDemo {
            col,
            w_col,
            prod,
            bias,
            oh: a.shape.oh,
            ow: a.shape.ow,
        })
    }

    /// FN: the columns of W_col.
    pub fn filters(&self) -> usize {
        self.w_col.ncols()
    }

    /// The output after the reshape (and the book's transpose(0, 3, 1, 2)): FN maps of OH × OW, flat in
    /// FN, OH, OW order, as the engine's output row.
    pub fn reshaped(&self) -> Vec<f32> {
        let p = self.oh * self.ow;
        (0..self.filters() * p)
            .map(|i| self.prod[[i % p, i / p]])
            .collect()
    }

    /// The sizes of every matrix, in the order of the computation.
    pub fn sizes(&self, a: &ConvArith) -> Vec<Size> {
        let s = &a.shape;
        let (rows, k) = self.col.dim();
        vec![
            Size {
                name: "x",
                dims: format!("N × C × H × W = 1 × {} × {} × {}", s.c, s.h, s.w),
            },
            Size {
                name: "W",
                dims: format!(
                    "FN × C × FH × FW = {} × {} × {} × {}",
                    self.filters(),
                    s.c,
                    s.fh,
                    s.fw
                ),
            },
            Size {
                name: "col",
                dims: format!("(N·OH·OW) × (C·FH·FW) = {rows} × {k}"),
            },
            Size {
                name: "W_col",
                dims: format!(
                    "(C·FH·FW) × FN = {} × {}",
                    self.w_col.nrows(),
                    self.w_col.ncols()
                ),
            },
            Size {
                name: "col·W_col + b",
                dims: format!(
                    "(N·OH·OW) × FN = {} × {}",
                    self.prod.nrows(),
                    self.prod.ncols()
                ),
            },
            Size {
                name: "out",
                dims: format!(
                    "N × FN × OH × OW = 1 × {} × {} × {}",
                    self.filters(),
                    self.oh,
                    self.ow
                ),
            },
        ]
    }
}

/// col = im2col(x), out = col · W_col + b, reshaped to N × FN × OH × OW, as MathML.
pub const FORMULA: &str = "<math display=\"block\"><mi>col</mi><mo>=</mo><mi>im2col</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>,</mo><mspace width=\"0.8em\"/><mi>out</mi><mo>=</mo><mi>col</mi><mo>·</mo><msub><mi>W</mi><mi>col</mi></msub><mo>+</mo><mi>b</mi><mspace width=\"0.8em\"/><mo>→</mo><mspace width=\"0.4em\"/><mi>reshape</mi><mo>(</mo><mi>N</mi><mo>,</mo><mi>FN</mi><mo>,</mo><mi>OH</mi><mo>,</mo><mi>OW</mi><mo>)</mo></math>";

#[cfg(test)]
mod tests {
    use super::super::arith::{ConvArithConfig, Preset};
    use super::*;

    #[test]
    fn rows_are_windows_and_the_product_is_the_convolution() {
        for cfg in Preset::ALL
            .map(Preset::config)
            .into_iter()
            .chain([ConvArithConfig {
                c: 2,
                h: 6,
                w: 7,
                fh: 2,
                fw: 3,
                pad: 1,
                stride: 3,
                bias: -2,
                fnum: 3,
                at: 0,
            }])
        {
            let a = ConvArith::new(cfg).unwrap();
            let d = Im2colDemo::new(&a).unwrap();
            let p = a.shape.positions();
            assert_eq!(d.col.dim(), (p, a.shape.patch_len()));
            for k in 0..p {
                let xs: Vec<f32> = a.window(k).terms.iter().map(|t| t.x).collect();
                assert_eq!(d.col.row(k).to_vec(), xs, "{cfg:?} row {k}");
            }
            for f in 0..cfg.fnum {
                let ws: Vec<f32> = a.window(f * p).terms.iter().map(|t| t.w).collect();
                assert_eq!(d.w_col.column(f).to_vec(), ws, "filter {f}");
            }
            let flat = d.reshaped();
            assert_eq!(flat, a.engine_forward().unwrap(), "{cfg:?}");
            assert_eq!(flat, a.outputs());
        }
    }

    #[test]
    fn sizes_are_printed() {
        let a = ConvArith::new(Preset::Fig7_8.config()).unwrap();
        let d = Im2colDemo::new(&a).unwrap();
        let s = d.sizes(&a);
        assert_eq!(s[2].dims, "(N·OH·OW) × (C·FH·FW) = 4 × 27");
        assert_eq!(s[3].dims, "(C·FH·FW) × FN = 27 × 1");
        assert_eq!(s[5].dims, "N × FN × OH × OW = 1 × 1 × 2 × 2");
        let a = ConvArith::new(Preset::Fig7_10.config()).unwrap();
        let d = Im2colDemo::new(&a).unwrap();
        let s = d.sizes(&a);
        assert_eq!(s[3].dims, "(C·FH·FW) × FN = 27 × 2");
        assert_eq!(s[4].dims, "(N·OH·OW) × FN = 4 × 2");
        assert_eq!(s[5].dims, "N × FN × OH × OW = 1 × 2 × 2 × 2");
    }
}
