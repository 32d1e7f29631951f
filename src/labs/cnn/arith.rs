//! Convolution arithmetic (the book's figures 7-3 to 7-12), one window at a time: output y[i, j] =
//! Σ_c Σ_(fy, fx) x[c, i·S + fy − P, j·S + fx − P] · w[c, fy, fx] + b, with OH = (H + 2P − FH)/S + 1 and
//! OW = (W + 2P − FW)/S + 1 checked by the engine's `ConvShape` (a bad combination is refused with its formula).
//!
//! The numbers: the input of figure 7-4 (4 × 4) and its 3 × 3 filter, tiled when the input or the filter is
//! larger; further channels shift the rows by one and further filters the columns (our choice, so that they
//! differ; the book's figures 7-8 and 7-10 print other numbers). FN filters give FN output maps (figure 7-10),
//! each with the bias b added (figure 7-11's bias has one value per filter; here all FN share b).

use ndarray::{Array1, Array2, Array4};

use crate::layer::{ConvShape, Convolution, Layer};
use crate::urlstate::Route;
use crate::Result;

/// Figure 7-4's input (4 × 4).
pub const FIG_7_4_INPUT: [[f32; 4]; 4] = [
    [1.0, 2.0, 3.0, 0.0],
    [0.0, 1.0, 2.0, 3.0],
    [3.0, 0.0, 1.0, 2.0],
    [2.0, 3.0, 0.0, 1.0],
];

/// Figure 7-4's filter (3 × 3).
pub const FIG_7_4_FILTER: [[f32; 3]; 3] = [[2.0, 0.0, 1.0], [0.0, 1.0, 2.0], [1.0, 0.0, 2.0]];

/// Limits of the settings (inclusive): small enough that every number fits on a projector.
pub const C_MAX: usize = 3;
pub const FN_MAX: usize = 3;
pub const SIDE_MAX: usize = 9;
pub const FILTER_MAX: usize = 5;
pub const PAD_MAX: usize = 3;
pub const STRIDE_MAX: usize = 4;
pub const BIAS_MAX: i32 = 9;

/// The settings of the sliding-window view (and of the im2col view, which unrolls the same example).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvArithConfig {
    pub c: usize,
    pub h: usize,
    pub w: usize,
    pub fh: usize,
    pub fw: usize,
    pub pad: usize,
    pub stride: usize,
    pub bias: i32,
    /// FN: the number of filters (output channels).
    pub fnum: usize,
    /// The window shown: output position k = f·OH·OW + i·OW + j (filter f, row i, column j).
    pub at: usize,
}

impl Default for ConvArithConfig {
    /// Figure 7-4: a 4 × 4 input, a 3 × 3 filter, no padding, stride 1.
    fn default() -> Self {
        Preset::Fig7_4.config()
    }
}

/// The book's figures as presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// Figure 7-4: 4 × 4 input, 3 × 3 filter → 2 × 2 output (15, 16, 6, 15).
    Fig7_4,
    /// Figure 7-5: the same with bias 3 (18, 19, 9, 18).
    Fig7_5,
    /// Figure 7-6: padding 1 → 4 × 4 output.
    Fig7_6,
    /// Figure 7-7's shape: 7 × 7 input, 3 × 3 filter, stride 2 → 3 × 3.
    Fig7_7,
    /// Figure 7-8's shape: 3 channels, 4 × 4 input, 3 × 3 filter.
    Fig7_8,
    /// Figure 7-10/7-11's shape: 3 channels and FN = 2 filters give 2 output maps, each plus b.
    Fig7_10,
}

impl Preset {
    pub const ALL: [Preset; 6] = [
        Preset::Fig7_4,
        Preset::Fig7_5,
        Preset::Fig7_6,
        Preset::Fig7_7,
        Preset::Fig7_8,
        Preset::Fig7_10,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Preset::Fig7_4 => "fig7_4",
            Preset::Fig7_5 => "fig7_5",
            Preset::Fig7_6 => "fig7_6",
            Preset::Fig7_7 => "fig7_7",
            Preset::Fig7_8 => "fig7_8",
            Preset::Fig7_10 => "fig7_10",
        }
    }

    pub fn config(self) -> ConvArithConfig {
        let base = ConvArithConfig {
            c: 1,
            h: 4,
            w: 4,
            fh: 3,
            fw: 3,
            pad: 0,
            stride: 1,
            bias: 0,
            fnum: 1,
            at: 0,
        };
        match self {
            Preset::Fig7_4 => base,
            Preset::Fig7_5 => ConvArithConfig { bias: 3, ..base },
            Preset::Fig7_6 => ConvArithConfig { pad: 1, ..base },
            Preset::Fig7_7 => ConvArithConfig {
                h: 7,
                w: 7,
                stride: 2,
                ..base
            },
            Preset::Fig7_8 => ConvArithConfig { c: 3, ..base },
            Preset::Fig7_10 => ConvArithConfig {
                c: 3,
                fnum: 2,
                bias: 1,
                ..base
            },
        }
    }
}

impl ConvArithConfig {
    /// The engine's shape check: Err names the formula that fails.
    pub fn shape(&self) -> Result<ConvShape> {
        ConvShape::new(
            (self.c, self.h, self.w),
            (self.fh, self.fw),
            self.stride,
            self.pad,
        )
    }

    /// x[c, y, x]: figure 7-4's input tiled, channel c shifted down by c rows.
    pub fn x_at(&self, c: usize, y: usize, x: usize) -> f32 {
        FIG_7_4_INPUT[(y + c) % 4][x % 4]
    }

    /// w[f, c, fy, fx]: figure 7-4's filter tiled, channel c shifted down by c rows, filter f left by f columns.
    pub fn w_at(&self, f: usize, c: usize, fy: usize, fx: usize) -> f32 {
        FIG_7_4_FILTER[(fy + c) % 3][(fx + f) % 3]
    }

    /// The input as the engine takes it: one sample, a 1 × C·H·W row.
    pub fn input(&self) -> Array2<f32> {
        Array2::from_shape_fn((1, self.c * self.h * self.w), |(_, i)| {
            let (c, rest) = (i / (self.h * self.w), i % (self.h * self.w));
            self.x_at(c, rest / self.w, rest % self.w)
        })
    }

    /// The filters as the engine takes them: FN × C × FH × FW.
    pub fn filter(&self) -> Array4<f32> {
        Array4::from_shape_fn((self.fnum, self.c, self.fh, self.fw), |(f, c, fy, fx)| {
            self.w_at(f, c, fy, fx)
        })
    }

    /// FN·OH·OW windows (1 when the shape is refused).
    pub fn positions(&self) -> usize {
        self.shape().map_or(1, |s| s.positions() * self.fnum)
    }

    pub fn write(&self, r: &mut Route) {
        r.set("ac", self.c);
        r.set("ah", self.h);
        r.set("aw", self.w);
        r.set("afh", self.fh);
        r.set("afw", self.fw);
        r.set("ap", self.pad);
        r.set("as", self.stride);
        r.set("ab", self.bias);
        r.set("afn", self.fnum);
        r.set("ak", self.at);
    }

    /// Each value within its limits, else its default; `at` must be a position of the output (else 0).
    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let int = |key: &str, lo: usize, hi: usize, def: usize| r.usize_in(key, lo, hi, def);
        let mut c = ConvArithConfig {
            c: int("ac", 1, C_MAX, d.c),
            h: int("ah", 1, SIDE_MAX, d.h),
            w: int("aw", 1, SIDE_MAX, d.w),
            fh: int("afh", 1, FILTER_MAX, d.fh),
            fw: int("afw", 1, FILTER_MAX, d.fw),
            pad: int("ap", 0, PAD_MAX, d.pad),
            stride: int("as", 1, STRIDE_MAX, d.stride),
            bias: r
                .get("ab")
                .and_then(|v| v.parse::<i32>().ok())
                .filter(|v| (-BIAS_MAX..=BIAS_MAX).contains(v))
                .unwrap_or(d.bias),
            fnum: int("afn", 1, FN_MAX, d.fnum),
            at: 0,
        };
        c.at = int("ak", 0, c.positions() - 1, 0);
        c
    }
}

/// One product of the multiply-add: input cell (or padding) times filter cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub c: usize,
    pub fy: usize,
    pub fx: usize,
    /// The input cell (row, column) read, or None in the padding (x = 0).
    pub from: Option<(usize, usize)>,
    pub x: f32,
    pub w: f32,
}

/// The window at one output position: the products, their sum per channel, the bias and the output.
#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    /// The filter f (the output map).
    pub f: usize,
    pub oy: usize,
    pub ox: usize,
    /// The window's top-left corner in padded coordinates (row, column).
    pub corner: (usize, usize),
    pub terms: Vec<Term>,
    /// Σ x·w of each channel.
    pub channel_sums: Vec<f32>,
    pub bias: f32,
    /// Σ over channels + b: the output cell y[oy, ox].
    pub out: f32,
}

/// A checked example: its settings and shape.
#[derive(Clone, Debug)]
pub struct ConvArith {
    pub cfg: ConvArithConfig,
    pub shape: ConvShape,
}

impl ConvArith {
    pub fn new(cfg: ConvArithConfig) -> Result<ConvArith> {
        let shape = cfg.shape()?;
        Ok(ConvArith { cfg, shape })
    }

    /// FN·OH·OW: the number of windows (every filter visits every position).
    pub fn positions(&self) -> usize {
        self.shape.positions() * self.cfg.fnum
    }

    /// The window at output position k = f·OH·OW + i·OW + j (taken modulo the positions).
    pub fn window(&self, k: usize) -> Window {
        let s = &self.shape;
        let k = k % self.positions();
        let (f, p) = (k / s.positions(), k % s.positions());
        let (oy, ox) = (p / s.ow, p % s.ow);
        let (top, left) = (oy * s.stride, ox * s.stride);
        let mut terms = Vec::with_capacity(s.patch_len());
        let mut channel_sums = vec![0.0f32; s.c];
        for (c, sum) in channel_sums.iter_mut().enumerate() {
            for fy in 0..s.fh {
                for fx in 0..s.fw {
                    let iy = (top + fy).checked_sub(s.pad).filter(|&v| v < s.h);
                    let ix = (left + fx).checked_sub(s.pad).filter(|&v| v < s.w);
                    let from = iy.zip(ix);
                    let x = from.map_or(0.0, |(y, xx)| self.cfg.x_at(c, y, xx));
                    let w = self.cfg.w_at(f, c, fy, fx);
                    *sum += x * w;
                    terms.push(Term {
                        c,
                        fy,
                        fx,
                        from,
                        x,
                        w,
                    });
                }
            }
        }
        let bias = self.cfg.bias as f32;
        let out = channel_sums.iter().sum::<f32>() + bias;
        Window {
            f,
            oy,
            ox,
            corner: (top, left),
            terms,
            channel_sums,
            bias,
            out,
        }
    }

    /// Every output cell, window by window (FN·OH·OW values: map by map, row by row).
    pub fn outputs(&self) -> Vec<f32> {
        (0..self.positions()).map(|k| self.window(k).out).collect()
    }

    /// The engine's Convolution forward on the same input, filters and bias (FN·OH·OW values).
    pub fn engine_forward(&self) -> Result<Vec<f32>> {
        let cfg = &self.cfg;
        let mut conv = Convolution::new(
            cfg.filter(),
            Array1::from_elem(cfg.fnum, cfg.bias as f32),
            (cfg.c, cfg.h, cfg.w),
            cfg.stride,
            cfg.pad,
        )?;
        Ok(conv.forward(&cfg.input()).iter().copied().collect())
    }

    /// The multiply-add of window k as text, one line per channel and a last line with the bias and the
    /// output: "c0: 1·2 + 2·0 + … = 15", "15 + 3 = 18" (C = 1: "1·2 + … + 3 = 18").
    pub fn mul_add_lines(&self, k: usize) -> Vec<String> {
        let win = self.window(k);
        let per = self.shape.fh * self.shape.fw;
        let mut lines = Vec::new();
        for (c, chunk) in win.terms.chunks(per).enumerate() {
            let sum = chunk
                .iter()
                .map(|t| format!("{}·{}", num(t.x), num(t.w)))
                .collect::<Vec<_>>()
                .join(" + ");
            if self.shape.c == 1 {
                lines.push(format!("{sum} + {} = {}", signed(win.bias), num(win.out)));
            } else {
                lines.push(format!("c{c}: {sum} = {}", num(win.channel_sums[c])));
            }
        }
        if self.shape.c > 1 {
            let parts = win
                .channel_sums
                .iter()
                .map(|&v| num(v))
                .collect::<Vec<_>>()
                .join(" + ");
            lines.push(format!("{parts} + {} = {}", signed(win.bias), num(win.out)));
        }
        lines
    }
}

/// One output side with its numbers: "OH = (4 + 2·0 − 3)/1 + 1 = 2".
pub fn size_line(axis: &str, input: usize, filter: usize, pad: usize, stride: usize) -> String {
    let out = crate::layer::conv_output_size(axis, input, filter, stride, pad)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| "—".into());
    format!("O{axis} = ({input} + 2·{pad} − {filter})/{stride} + 1 = {out}")
}

/// A value as the figures print it: whole numbers without decimals, a real minus sign.
pub fn num(v: f32) -> String {
    if v.fract() == 0.0 && v.abs() < 1e7 {
        let s = format!("{}", v as i64);
        s.replace('-', "−")
    } else {
        crate::numfmt::sig(v as f64, 4)
    }
}

/// A bias in a sum: negative values in parentheses.
fn signed(v: f32) -> String {
    if v < 0.0 {
        format!("({})", num(v))
    } else {
        num(v)
    }
}

/// OH = (H + 2P − FH)/S + 1, OW = (W + 2P − FW)/S + 1 as MathML.
pub const FORMULA_SIZE: &str = "<math display=\"block\"><mi>OH</mi><mo>=</mo><mfrac><mrow><mi>H</mi><mo>+</mo><mn>2</mn><mi>P</mi><mo>−</mo><mi>FH</mi></mrow><mi>S</mi></mfrac><mo>+</mo><mn>1</mn><mo>,</mo><mspace width=\"1em\"/><mi>OW</mi><mo>=</mo><mfrac><mrow><mi>W</mi><mo>+</mo><mn>2</mn><mi>P</mi><mo>−</mo><mi>FW</mi></mrow><mi>S</mi></mfrac><mo>+</mo><mn>1</mn></math>";

/// y[i, j] = Σ_c Σ_fy Σ_fx x[c, i·S + fy − P, j·S + fx − P] · w[c, fy, fx] + b as MathML.
pub const FORMULA_SUM: &str = "<math display=\"block\"><msub><mi>y</mi><mrow><mi>i</mi><mo>,</mo><mi>j</mi></mrow></msub><mo>=</mo><munder><mo>∑</mo><mi>c</mi></munder><munder><mo>∑</mo><mrow><mi>f</mi><mi>y</mi><mo>,</mo><mi>f</mi><mi>x</mi></mrow></munder><msub><mi>x</mi><mrow><mi>c</mi><mo>,</mo><mi>i</mi><mi>S</mi><mo>+</mo><mi>f</mi><mi>y</mi><mo>−</mo><mi>P</mi><mo>,</mo><mi>j</mi><mi>S</mi><mo>+</mo><mi>f</mi><mi>x</mi><mo>−</mo><mi>P</mi></mrow></msub><mo>·</mo><msub><mi>w</mi><mrow><mi>c</mi><mo>,</mo><mi>f</mi><mi>y</mi><mo>,</mo><mi>f</mi><mi>x</mi></mrow></msub><mo>+</mo><mi>b</mi></math>";

#[cfg(test)]
#[path = "arith_tests.rs"]
mod tests;
