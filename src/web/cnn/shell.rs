//! The frame each CNN view (arithmetic, im2col, pooling) is built in: a section with its title and intro (long
//! text, hidden when presenting), a lab grid of controls beside a figure (one HiDPI canvas of number grids)
//! that is a stage with its numbers box, the formulas (MathML) below, and ← → on the figure to move the window.

use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};

use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{child, on, set_attr, text_el};
use crate::web::stage;

pub(crate) struct Shell {
    pub controls: Element,
    pub canvas: HiDpiCanvas,
    pub readout: Element,
}

impl Shell {
    /// The view `name` (its keys are cnn.NAME.title, .intro, .chart and .hint; its section is #cnn-NAME).
    /// `wide`: a 2:1 figure instead of 9:5.
    pub fn new(parent: &Element, name: &str, wide: bool, formulas: &[&str]) -> Shell {
        let sec = child(parent, "section", &format!("panel cnn-part cnn-{name}"));
        set_attr(&sec, "id", &format!("cnn-{name}"));
        text_el(&sec, "h3", "", &format!("cnn.{name}.title"));
        let intro = text_el(&sec, "p", "intro", &format!("cnn.{name}.intro"));
        stage::long_text(&intro);
        let grid = child(&sec, "div", "lab-grid");
        let controls = child(&grid, "div", "controls");
        let fig = child(&grid, "figure", "chart");
        let class = if wide {
            "plot cnn-grid cnn-wide"
        } else {
            "plot cnn-grid"
        };
        let canvas = HiDpiCanvas::new(&fig, class, &format!("cnn.{name}.chart"));
        text_el(&fig, "figcaption", "hint", &format!("cnn.{name}.hint"));
        let readout = child(&controls, "div", "readout cnn-readout");
        set_attr(&readout, "aria-live", "polite");
        set_attr(&readout, "data-role", &format!("{name}-readout"));
        stage::mount(&grid, &fig, &[&readout]);
        let html: String = formulas
            .iter()
            .map(|m| format!("<div class=\"formula\">{m}</div>"))
            .collect();
        child(&sec, "div", "formulas").set_inner_html(&html);
        Shell {
            controls,
            canvas,
            readout,
        }
    }

    /// ← / ↑ and → / ↓ on the figure: `at()` gives (position, count), `go(k)` moves there.
    pub fn arrow_keys(
        &self,
        at: impl Fn() -> (usize, usize) + 'static,
        go: impl Fn(usize) + 'static,
    ) {
        on(
            self.canvas.el.unchecked_ref(),
            "keydown",
            move |ev: KeyboardEvent| {
                let (k, n) = at();
                let next = match ev.key().as_str() {
                    "ArrowRight" | "ArrowDown" => (k + 1).min(n.saturating_sub(1)),
                    "ArrowLeft" | "ArrowUp" => k.saturating_sub(1),
                    _ => return,
                };
                ev.prevent_default();
                go(next);
            },
        );
    }
}
