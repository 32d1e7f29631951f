//! Histograms side by side (one per layer, as in the book's activation-histogram figure): each panel has its
//! title and bars over its own value range, all panels share one y scale so they can be compared, and the
//! panels wrap into rows when the area is narrow (a phone).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::series::tick;
use super::{palette, ChartStyle};

/// One histogram: bin counts over `range`, a title, and an optional note under it (e.g. values left out).
#[derive(Clone, Debug, Default)]
pub struct HistPanel<'a> {
    pub title: &'a str,
    pub counts: &'a [usize],
    pub range: (f64, f64),
    pub note: Option<&'a str>,
}

#[derive(Clone, Debug, Default)]
pub struct HistGrid<'a> {
    pub panels: &'a [HistPanel<'a>],
    /// The shared y axis runs 0..y_max (0 or less: the largest count).
    pub y_max: f64,
    /// Panels per row (at least 1).
    pub cols: usize,
}

/// The bar colour.
pub const BAR: RGBColor = palette::OKABE_ITO[0];

/// How many panels fit in a row of `css_width` pixels (each wants about 150).
pub fn columns_for(css_width: f64, panels: usize) -> usize {
    ((css_width / 150.0).floor() as usize).clamp(1, panels.max(1))
}

pub fn draw_hist_grid<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    grid: &HistGrid,
    style: &ChartStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let n = grid.panels.len();
    if n == 0 {
        return Ok(());
    }
    let cols = grid.cols.clamp(1, n);
    let rows = n.div_ceil(cols);
    let y_max = if grid.y_max > 0.0 {
        grid.y_max
    } else {
        let m = grid
            .panels
            .iter()
            .flat_map(|p| p.counts.iter())
            .copied()
            .max()
            .unwrap_or(0);
        (m.max(1) as f64) * 1.05
    };
    let areas = root.split_evenly((rows, cols));
    let font = style.text();
    for (p, area) in grid.panels.iter().zip(areas.iter()) {
        let (lo, hi) = p.range;
        let mut b = ChartBuilder::on(area);
        b.margin(style.px(6.0))
            .margin_right(style.px(16.0))
            .caption(p.title, font.clone())
            .x_label_area_size(style.px(if p.note.is_some() { 52.0 } else { 30.0 }))
            .y_label_area_size(style.px(44.0));
        let mut ctx = b.build_cartesian_2d(lo..hi, 0.0..y_max)?;
        let note = p.note.unwrap_or("");
        ctx.configure_mesh()
            .disable_x_mesh()
            .x_labels(3)
            .y_labels(4)
            .x_desc(note)
            .label_style(font.clone())
            .axis_desc_style(font.clone())
            .light_line_style(style.grid.mix(0.0))
            .bold_line_style(style.grid)
            .axis_style(style.axis)
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .draw()?;
        let bins = p.counts.len().max(1);
        let w = (hi - lo) / bins as f64;
        ctx.draw_series(
            p.counts
                .iter()
                .enumerate()
                .filter(|(_, &c)| c > 0)
                .map(|(i, &c)| {
                    let x0 = lo + i as f64 * w;
                    Rectangle::new([(x0, 0.0), (x0 + w * 0.92, c as f64)], BAR.filled())
                }),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_non_empty_bin_in_every_panel() {
        let a = [0, 5, 9, 0, 2];
        let b = [1, 1, 0, 0, 7];
        let panels = [
            HistPanel {
                title: "1-layer",
                counts: &a,
                range: (0.0, 1.0),
                note: None,
            },
            HistPanel {
                title: "2-layer",
                counts: &b,
                range: (-1.0, 1.0),
                note: Some("z = 0: 50%"),
            },
        ];
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (500, 240)).into_drawing_area();
            let grid = HistGrid {
                panels: &panels,
                y_max: 0.0,
                cols: 2,
            };
            draw_hist_grid(&root, &grid, &ChartStyle::default()).unwrap();
            root.present().unwrap();
        }
        let bar = format!("#{:02X}{:02X}{:02X}", BAR.0, BAR.1, BAR.2);
        assert_eq!(svg.to_uppercase().matches(&bar).count(), 6, "3 + 3 bars");
        assert!(svg.contains("1-layer") && svg.contains("2-layer") && svg.contains("z = 0: 50%"));
        assert_eq!(columns_for(900.0, 5), 5);
        assert_eq!(columns_for(360.0, 5), 2);
        assert_eq!(columns_for(800.0, 5), 5);
        assert_eq!(columns_for(10.0, 5), 1);
    }
}
