//! The book's convolution arithmetic (`conv_output_size` in `common/util.py`): OH = (H + 2P − FH)/S + 1 and
//! OW = (W + 2P − FW)/S + 1, checked instead of floored.
//!
//! The book's `im2col` floors the division (`//`), silently dropping the last rows or columns of the input when
//! S does not divide H + 2P − FH. Here such a combination is refused with the formula and its numbers, so the
//! lab can say exactly which setting to change.

use crate::error::ensure;
use crate::{Error, Result};

/// The largest filter side, stride and pad: far beyond MNIST's 28 × 28, small enough that the sizes below
/// cannot overflow.
pub const MAX_SIDE: usize = 4096;

/// One output side: (in + 2·pad − filter)/stride + 1, or an error naming the formula that fails.
/// `axis` is "H" or "W" (the message then speaks of OH = (H + 2P − FH)/S + 1 or OW = (W + 2P − FW)/S + 1).
pub fn conv_output_size(
    axis: &str,
    input: usize,
    filter: usize,
    stride: usize,
    pad: usize,
) -> Result<usize> {
    let formula = format!("O{axis} = ({axis} + 2P − F{axis})/S + 1");
    for (name, v) in [
        (format!("F{axis}"), filter),
        ("S".to_string(), stride),
        ("P".to_string(), pad),
        (axis.to_string(), input),
    ] {
        ensure(
            v <= MAX_SIDE,
            "err.too_big",
            [name, v.to_string(), MAX_SIDE.to_string()],
        )?;
    }
    ensure(stride >= 1, "err.conv_stride", [formula.as_str()])?;
    ensure(
        filter >= 1,
        "err.conv_filter_zero",
        [formula.as_str(), &format!("F{axis}")],
    )?;
    ensure(input >= 1, "err.min", [axis, "1", "0"])?;
    let padded = input + 2 * pad;
    let numbers = format!("({input} + 2·{pad} − {filter})/{stride} + 1");
    if filter > padded {
        return Err(Error::new(
            "err.conv_filter_too_big",
            [
                formula,
                numbers,
                format!("F{axis} = {filter}"),
                format!("{axis} + 2P = {padded}"),
            ],
        ));
    }
    let span = padded - filter;
    ensure(
        span.is_multiple_of(stride),
        "err.conv_not_integer",
        [
            formula,
            numbers,
            format!("{span}/{stride}"),
            stride.to_string(),
        ],
    )?;
    Ok(span / stride + 1)
}

/// The geometry of one convolution or pooling over a C × H × W input: filter FH × FW, stride S, pad P, and the
/// output OH × OW it gives. Built only through `new`, so OH and OW are always whole and ≥ 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvShape {
    pub c: usize,
    pub h: usize,
    pub w: usize,
    pub fh: usize,
    pub fw: usize,
    pub stride: usize,
    pub pad: usize,
    pub oh: usize,
    pub ow: usize,
}

impl ConvShape {
    /// Check the arithmetic for input (C, H, W), filter (FH, FW), stride and pad.
    pub fn new(
        (c, h, w): (usize, usize, usize),
        (fh, fw): (usize, usize),
        stride: usize,
        pad: usize,
    ) -> Result<ConvShape> {
        ensure(c >= 1, "err.min", ["C", "1", "0"])?;
        ensure(
            c <= MAX_SIDE,
            "err.too_big",
            ["C".to_string(), c.to_string(), MAX_SIDE.to_string()],
        )?;
        let oh = conv_output_size("H", h, fh, stride, pad)?;
        let ow = conv_output_size("W", w, fw, stride, pad)?;
        Ok(ConvShape {
            c,
            h,
            w,
            fh,
            fw,
            stride,
            pad,
            oh,
            ow,
        })
    }

    /// C·H·W: one sample's input width as a row of the batch.
    pub fn in_len(&self) -> usize {
        self.c * self.h * self.w
    }

    /// C·FH·FW: one im2col row (one patch), the width of a filter as a column of the product.
    pub fn patch_len(&self) -> usize {
        self.c * self.fh * self.fw
    }

    /// OH·OW: output positions per sample and channel.
    pub fn positions(&self) -> usize {
        self.oh * self.ow
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_examples() {
        // Figure 7-6: 4×4 input, 3×3 filter, pad 1, stride 1 → 4×4; figure 7-7: 7×7, 3×3, stride 2 → 3×3.
        assert_eq!(conv_output_size("H", 4, 3, 1, 1).unwrap(), 4);
        assert_eq!(conv_output_size("H", 7, 3, 2, 0).unwrap(), 3);
        // SimpleConvNet: 28 − 5 + 1 = 24, pooled 2×2 stride 2 → 12.
        assert_eq!(conv_output_size("H", 28, 5, 1, 0).unwrap(), 24);
        assert_eq!(conv_output_size("H", 24, 2, 2, 0).unwrap(), 12);
        // DeepConvNet's conv 4: 14 + 2·2 − 3 + 1 = 16.
        assert_eq!(conv_output_size("H", 14, 3, 1, 2).unwrap(), 16);
    }

    #[test]
    fn bad_arguments_name_the_formula() {
        let e = conv_output_size("H", 28, 5, 2, 0).unwrap_err();
        assert_eq!(e.key, "err.conv_not_integer");
        let msg = e.to_string();
        assert!(msg.contains("OH = (H + 2P − FH)/S + 1"), "{msg}");
        assert!(msg.contains("(28 + 2·0 − 5)/2 + 1"), "{msg}");
        let e = conv_output_size("W", 4, 7, 1, 1).unwrap_err();
        assert_eq!(e.key, "err.conv_filter_too_big");
        assert!(e.to_string().contains("OW = (W + 2P − FW)/S + 1"));
        assert_eq!(
            conv_output_size("H", 4, 3, 0, 0).unwrap_err().key,
            "err.conv_stride"
        );
        assert_eq!(
            conv_output_size("H", 4, 0, 1, 0).unwrap_err().key,
            "err.conv_filter_zero"
        );
        assert_eq!(
            ConvShape::new((0, 4, 4), (3, 3), 1, 0).unwrap_err().key,
            "err.min"
        );
        let s = ConvShape::new((3, 7, 5), (3, 3), 2, 0).unwrap();
        assert_eq!((s.oh, s.ow, s.patch_len(), s.in_len()), (3, 2, 27, 105));
    }
}
