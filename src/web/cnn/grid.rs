//! The CNN views' figures: matrices of numbers drawn side by side on one HiDPI canvas, each with a title, an
//! operator before it (⊛, =, →), shaded cells and an outlined block (the window, the current row). The numbers
//! are drawn as text in the cells; the views also print them in their numbers box.

use crate::web::canvas::HiDpiCanvas;

/// Shades (Okabe–Ito based, light enough for black digits).
pub(crate) const PLAIN: &str = "#ffffff";
pub(crate) const PAD: &str = "#e9e9e9";
pub(crate) const WINDOW: &str = "#fbd79a";
pub(crate) const DONE: &str = "#d3eaf7";
pub(crate) const CURRENT: &str = "#7fc4ec";
pub(crate) const MAX: &str = "#e7a9cc";
const OUTLINE: &str = "#d55e00";
const INK: &str = "#1b1f24";
const LINE: &str = "#9aa3ad";

pub(crate) struct Cell {
    pub text: String,
    pub fill: &'static str,
}

impl Cell {
    pub fn new(text: String, fill: &'static str) -> Cell {
        Cell { text, fill }
    }
}

/// One matrix: rows × cols cells (row by row), a title above, an operator drawn before it.
pub(crate) struct Grid {
    pub title: String,
    pub rows: usize,
    pub cols: usize,
    pub cells: Vec<Cell>,
    /// Outlined block: (row, col, rows, cols).
    pub outline: Option<(usize, usize, usize, usize)>,
    pub before: &'static str,
}

/// Draw the grids left to right, scaled to fit the canvas, centred.
pub(crate) fn draw(canvas: &HiDpiCanvas, grids: &[Grid]) {
    let Some(_) = canvas.fit() else {
        return;
    };
    let Some(ctx) = canvas.context() else {
        return;
    };
    let (w, h) = (canvas.el.width() as f64, canvas.el.height() as f64);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);
    if grids.is_empty() {
        return;
    }
    // Widths in cell units: each grid, and a gap before every grid after the first (it holds the operator).
    const GAP: f64 = 1.3;
    const TITLE: f64 = 1.2;
    let units_w: f64 =
        grids.iter().map(|g| g.cols as f64).sum::<f64>() + GAP * (grids.len() - 1) as f64 + 0.4;
    let units_h = grids.iter().map(|g| g.rows).max().unwrap_or(1) as f64 + TITLE + 0.4;
    let cell = (w / units_w).min(h / units_h).min(h / 4.0);
    let total_w = units_w * cell;
    let mut x = (w - total_w) / 2.0 + 0.2 * cell;
    let top = (h - units_h * cell) / 2.0 + TITLE * cell;
    let max_rows = grids.iter().map(|g| g.rows).max().unwrap_or(1) as f64;
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for (i, g) in grids.iter().enumerate() {
        if i > 0 {
            ctx.set_fill_style_str(INK);
            ctx.set_font(&font(cell * 0.6, true));
            let _ = ctx.fill_text(g.before, x + GAP * cell / 2.0, top + max_rows * cell / 2.0);
            x += GAP * cell;
        }
        // Grids shorter than the tallest sit in the middle.
        let y0 = top + (max_rows - g.rows as f64) * cell / 2.0;
        ctx.set_fill_style_str(INK);
        let title_size = (cell * 0.42).max(11.0 * HiDpiCanvas::dpr()).min(cell * 1.0);
        ctx.set_font(&font(title_size, true));
        // A title wider than its grid stays inside the canvas.
        // (An estimate: about 0.6 em a Latin letter, 1 em a Hangul syllable.)
        let ems: f64 = g
            .title
            .chars()
            .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
            .sum();
        let half = ems * title_size / 2.0;
        let mid =
            (x + g.cols as f64 * cell / 2.0).clamp(half.min(w / 2.0), (w - half).max(w / 2.0));
        let _ = ctx.fill_text(&g.title, mid, y0 - 0.55 * cell);
        let digits = g
            .cells
            .iter()
            .map(|c| c.text.chars().count())
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let size = (cell * 0.5).min(cell * 1.5 / digits);
        ctx.set_font(&font(size, false));
        ctx.set_line_width((cell / 40.0).max(1.0));
        for (k, c) in g.cells.iter().enumerate().take(g.rows * g.cols) {
            let (r, col) = (k / g.cols, k % g.cols);
            let (cx, cy) = (x + col as f64 * cell, y0 + r as f64 * cell);
            ctx.set_fill_style_str(c.fill);
            ctx.fill_rect(cx, cy, cell, cell);
            ctx.set_stroke_style_str(LINE);
            ctx.stroke_rect(cx, cy, cell, cell);
            if !c.text.is_empty() && size >= 4.0 {
                ctx.set_fill_style_str(INK);
                let _ = ctx.fill_text(&c.text, cx + cell / 2.0, cy + cell / 2.0);
            }
        }
        if let Some((r, c, nr, nc)) = g.outline {
            ctx.set_stroke_style_str(OUTLINE);
            ctx.set_line_width((cell / 12.0).max(2.0));
            ctx.stroke_rect(
                x + c as f64 * cell,
                y0 + r as f64 * cell,
                nc as f64 * cell,
                nr as f64 * cell,
            );
        }
        x += g.cols as f64 * cell;
    }
}

fn font(px: f64, bold: bool) -> String {
    format!(
        "{}{:.0}px system-ui, -apple-system, 'Noto Sans KR', sans-serif",
        if bold { "600 " } else { "" },
        px.max(1.0)
    )
}
