//! Sizes shared by all charts, scaled by the device pixel ratio so that text and lines stay sharp and
//! readable on HiDPI screens and projectors (the canvas is CSS size × devicePixelRatio).

use plotters::chart::{ChartBuilder, ChartContext};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::prelude::{Cartesian2d, DrawingBackend};
use plotters::style::{Color, IntoFont, RGBColor, TextStyle, TRANSPARENT, WHITE};

/// A chart with two f64 axes, as `ChartStyle::xy_chart` returns it.
pub type XyChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// What `ChartStyle::xy_chart` draws around the data: axis titles, how many ticks, the fine grid or not.
#[derive(Clone, Copy, Debug)]
pub struct Axes<'a> {
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub ticks: (usize, usize),
    /// The y tick label area, CSS px.
    pub y_label_css: f64,
    /// Light grid lines between the labelled ones.
    pub fine_grid: bool,
}

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

impl<'a> Axes<'a> {
    /// Axes over the ranges with their titles: 9 × 7 ticks, a 56 px y label area and the fine grid (the function
    /// plots' defaults; other charts change a field with `..Axes::new(…)`).
    pub fn new(
        x_range: (f64, f64),
        y_range: (f64, f64),
        x_label: &'a str,
        y_label: &'a str,
    ) -> Axes<'a> {
        Axes {
            x_range,
            y_range,
            x_label,
            y_label,
            ticks: (9, 7),
            y_label_css: 56.0,
            fine_grid: true,
        }
    }
}

impl ChartStyle {
    /// The default style at a device pixel ratio (clamped: a broken ratio must not make giant text).
    pub fn with_scale(scale: f64) -> Self {
        let scale = if scale.is_finite() {
            scale.clamp(0.5, 8.0)
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

    /// A white chart over `root` with f64 axes, the book's tick labels ("−4", "0.5", "2k") and the grid:
    /// the preamble every x–y chart shares. Returns the context to draw the data into.
    pub fn xy_chart<'a, DB: DrawingBackend>(
        &self,
        root: &'a DrawingArea<DB, Shift>,
        axes: &Axes,
    ) -> Result<XyChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
        root.fill(&WHITE)?;
        let ((x0, x1), (y0, y1)) = (axes.x_range, axes.y_range);
        let font = self.text();
        let mut ctx = self
            .builder(root, 44.0, axes.y_label_css)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        let light = if axes.fine_grid {
            self.grid.mix(0.5)
        } else {
            TRANSPARENT
        };
        ctx.configure_mesh()
            .x_desc(axes.x_label)
            .y_desc(axes.y_label)
            .label_style(font.clone())
            .axis_desc_style(font)
            .light_line_style(light)
            .bold_line_style(self.grid)
            .axis_style(self.axis)
            .x_labels(axes.ticks.0)
            .y_labels(axes.ticks.1)
            .x_label_formatter(&|v| super::series::tick(*v))
            .y_label_formatter(&|v| super::series::tick(*v))
            .draw()?;
        Ok(ctx)
    }

    /// The chart text style: the family at `font_px`, in ink.
    pub fn text(&self) -> TextStyle<'static> {
        (self.font_family, self.font_size())
            .into_font()
            .color(&self.ink)
    }
}
