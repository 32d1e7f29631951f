//! Sizes shared by all charts, scaled by the device pixel ratio so that text and lines stay sharp and
//! readable on HiDPI screens and projectors (the canvas is CSS size × devicePixelRatio).

use plotters::chart::ChartBuilder;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::{IntoFont, RGBColor, TextStyle};

/// How a chart is drawn. `scale` is the device pixel ratio: every size below is in CSS pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartStyle {
    pub scale: f64,
    pub font_px: f64,
    pub line_px: f64,
    pub font_family: &'static str,
    pub ink: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
}

impl Default for ChartStyle {
    fn default() -> Self {
        ChartStyle {
            scale: 1.0,
            font_px: 16.0,
            line_px: 3.0,
            font_family: "sans-serif",
            ink: RGBColor(0x1d, 0x23, 0x2b),
            grid: RGBColor(0xe3, 0xe7, 0xec),
            axis: RGBColor(0x8a, 0x94, 0xa0),
        }
    }
}

impl ChartStyle {
    /// The default style at a device pixel ratio (clamped: a broken ratio must not make giant text).
    pub fn with_scale(scale: f64) -> Self {
        let scale = if scale.is_finite() {
            scale.clamp(0.5, 4.0)
        } else {
            1.0
        };
        ChartStyle {
            scale,
            ..Default::default()
        }
    }

    /// A CSS-pixel length in device pixels.
    pub fn px(&self, css_px: f64) -> u32 {
        (css_px * self.scale).round().max(1.0) as u32
    }

    pub fn font_size(&self) -> u32 {
        self.px(self.font_px)
    }

    pub fn line_width(&self) -> u32 {
        self.px(self.line_px)
    }

    /// A chart builder with nnlab's margins and label areas (`y_label_css` wide for the y tick labels).
    /// The right margin leaves room for half of the last x tick label, which is centred on the frame's edge.
    pub fn builder<'a, 'b, DB: DrawingBackend>(
        &self,
        root: &'a DrawingArea<DB, Shift>,
        x_label_css: f64,
        y_label_css: f64,
    ) -> ChartBuilder<'a, 'b, DB> {
        let mut b = ChartBuilder::on(root);
        b.margin(self.px(12.0))
            .margin_right(self.px(28.0))
            .x_label_area_size(self.px(x_label_css))
            .y_label_area_size(self.px(y_label_css));
        b
    }

    /// The chart text style: the family at `font_px`, in ink.
    pub fn text(&self) -> TextStyle<'static> {
        (self.font_family, self.font_size())
            .into_font()
            .color(&self.ink)
    }
}
