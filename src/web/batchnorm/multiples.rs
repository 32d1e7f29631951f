//! The lab's small multiples on a canvas (the 4 × 4 grid of figure 6-19 and the search's best-trials grid): as many
//! columns as the width allows (up to a maximum), rows tall enough to read yet all on one screen, then one draw.

use crate::plot::multiples::{columns_for, draw_multiples, Multiples, Panel};
use crate::plot::ChartStyle;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, set_attr};

/// The height of a row of small multiples: at most 150 px (320 px in present mode, where the figure has the
/// screen to itself and must read from the back of a room), and small enough that all rows fit in about 70% of
/// the window's height (a stage's figure must stay on one screen), but never below 80 px.
pub(crate) fn row_height(rows: usize) -> usize {
    let h = dom::window()
        .inner_height()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(800.0);
    // Present mode is the shell's class on <html> (the shell may live in the other wasm module).
    let presenting = dom::document()
        .document_element()
        .is_some_and(|e| e.class_list().contains("presenting"));
    let max = if presenting { 320 } else { 150 };
    ((0.7 * h / rows.max(1) as f64) as usize).clamp(80, max)
}

/// Size `canvas` for `panels` in at most `max_cols` columns and draw them over `epochs` epochs (`what` names the
/// grid in a logged error).
pub(crate) fn draw_grid(
    canvas: &HiDpiCanvas,
    panels: &[Panel],
    max_cols: usize,
    epochs: usize,
    what: &str,
) {
    let cols = columns_for(canvas.el.get_bounding_client_rect().width(), max_cols).max(1);
    let rows = panels.len().div_ceil(cols).max(1);
    set_attr(
        &canvas.el,
        "style",
        &format!("height:{}px", row_height(rows) * rows + 10),
    );
    let (Some(dpr), Some(area)) = (canvas.fit(), canvas.area()) else {
        return;
    };
    let m = Multiples {
        panels,
        cols,
        epochs,
    };
    if let Err(e) = draw_multiples(&area, &m, &ChartStyle::with_scale(dpr)) {
        dom::log_error(&format!("{what}: {e}"));
    }
    let _ = area.present();
}
