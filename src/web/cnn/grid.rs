//! The CNN views' figures: matrices of numbers drawn side by side on one HiDPI canvas (wrapped onto up to three
//! lines when that makes them larger), each with a title, an operator before it (⊛, =, →), shaded cells and an
//! outlined block (the window, the current row). The numbers
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

/// Gap before a grid, in cells (it holds the operator), and the height of a title line.
const GAP: f64 = 1.3;
const TITLE: f64 = 1.2;

impl Grid {
    /// Width in cells: the grid, or its title when that is wider (about 0.6 em a Latin letter, 1 em a Hangul
    /// syllable, at 0.42 of a cell).
    fn width(&self) -> f64 {
        let ems: f64 = self
            .title
            .chars()
            .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
            .sum();
        (self.cols as f64).max(ems * 0.42 + 0.2)
    }
}

/// Lines of grids as laid out: each line's grids (indices into its group) and its size in cells.
struct Line {
    group: usize,
    items: Vec<usize>,
    w: f64,
    rows: f64,
}

/// Split each group (a forced line) into `n` lines or fewer of about equal width.
fn wrap(groups: &[Vec<Grid>], n: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let widths: Vec<f64> = g.iter().map(Grid::width).collect();
        let total: f64 = widths.iter().sum::<f64>() + GAP * g.len().saturating_sub(1) as f64;
        let target = total / n as f64;
        let mut line = Line {
            group: gi,
            items: Vec::new(),
            w: 0.0,
            rows: 0.0,
        };
        for (k, gr) in g.iter().enumerate() {
            let add = widths[k] + if line.items.is_empty() { 0.0 } else { GAP };
            if !line.items.is_empty() && line.w + add > target * 1.08 {
                lines.push(line);
                line = Line {
                    group: gi,
                    items: Vec::new(),
                    w: 0.0,
                    rows: 0.0,
                };
            }
            let add = widths[k] + if line.items.is_empty() { 0.0 } else { GAP };
            line.w += add;
            line.rows = line.rows.max(gr.rows as f64);
            line.items.push(k);
        }
        if !line.items.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// Draw the groups of grids, each group on its own line (wrapped onto more lines when that gives larger
/// cells), scaled to fit the canvas, centred.
pub(crate) fn draw(canvas: &HiDpiCanvas, groups: &[Vec<Grid>]) {
    let Some(_) = canvas.fit() else {
        return;
    };
    let Some(ctx) = canvas.context() else {
        return;
    };
    let (w, h) = (canvas.el.width() as f64, canvas.el.height() as f64);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);
    if groups.iter().all(Vec::is_empty) {
        return;
    }
    // The wrapping that gives the largest cells.
    let size = |lines: &[Line]| {
        let lw = lines.iter().map(|l| l.w).fold(0.0, f64::max) + 0.6;
        let lh: f64 = lines.iter().map(|l| l.rows + TITLE).sum::<f64>() + 0.4;
        (w / lw).min(h / lh).min(h / 4.0)
    };
    let lines = (1..=3)
        .map(|n| wrap(groups, n))
        .max_by(|a, b| size(a).total_cmp(&size(b)))
        .unwrap_or_default();
    let cell = size(&lines);
    let total_h: f64 = lines.iter().map(|l| l.rows + TITLE).sum::<f64>() * cell;
    let mut top = (h - total_h) / 2.0;
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for line in &lines {
        top += TITLE * cell;
        let mut x = (w - line.w * cell) / 2.0;
        for (n, &k) in line.items.iter().enumerate() {
            let g = &groups[line.group][k];
            if n > 0 {
                ctx.set_fill_style_str(INK);
                ctx.set_font(&font(cell * 0.6, true));
                let _ = ctx.fill_text(g.before, x + GAP * cell / 2.0, top + line.rows * cell / 2.0);
                x += GAP * cell;
            }
            draw_grid(
                &ctx,
                g,
                x,
                top + (line.rows - g.rows as f64) * cell / 2.0,
                cell,
            );
            x += g.width() * cell;
        }
        top += line.rows * cell;
    }
}

/// One grid with its top-left cell at (x, y0), centred in its width.
fn draw_grid(ctx: &web_sys::CanvasRenderingContext2d, g: &Grid, x: f64, y0: f64, cell: f64) {
    let x = x + (g.width() - g.cols as f64) * cell / 2.0;
    ctx.set_fill_style_str(INK);
    let title_size = (cell * 0.42).max(11.0 * HiDpiCanvas::dpr()).min(cell * 1.0);
    ctx.set_font(&font(title_size, true));
    let _ = ctx.fill_text(&g.title, x + g.cols as f64 * cell / 2.0, y0 - 0.55 * cell);
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
}

fn font(px: f64, bold: bool) -> String {
    format!(
        "{}{:.0}px system-ui, -apple-system, 'Noto Sans KR', sans-serif",
        if bold { "600 " } else { "" },
        px.max(1.0)
    )
}
