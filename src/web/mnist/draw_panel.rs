//! Draw a digit: a canvas for mouse, pen and touch (pointer events), preprocessed in the core like MNIST (box to
//! 20 × 20, centred by mass in 28 × 28), shown as the network sees it, with live softmax bars y_k. Keyboard users
//! pick a digit from the gallery instead (stated in the panel).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use ndarray::Array2;
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlElement, MouseEvent, PointerEvent,
};

use super::data_panel::put_digit;
use super::{panel, Lab};
use crate::i18n;
use crate::labs::mnist::draw::{ink_from_rgba, to_mnist};
use crate::numfmt::sig;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{button, child, on, set_attr, set_text, text_el};

pub(crate) struct DrawPanel {
    pad: HiDpiCanvas,
    seen: HtmlCanvasElement,
    bars: Element,
    clear: HtmlElement,
    source: Element,
    /// The network's input (28 × 28 in [0, 1]) and whether it came from the gallery.
    input: RefCell<Option<(Vec<f32>, bool)>>,
    last: Cell<Option<(f64, f64)>>,
    drawing: Cell<bool>,
}

impl DrawPanel {
    pub fn new(parent: &Element) -> DrawPanel {
        let p = panel(parent, "mnist.draw.title");
        text_el(&p, "p", "hint", "mnist.draw.keyboard");
        let row = child(&p, "div", "mnist-draw");
        let left = child(&row, "div", "mnist-pad-box");
        let pad = HiDpiCanvas::new(&left, "mnist-pad", "mnist.draw.pad");
        set_attr(&pad.el, "data-role", "draw-pad");
        let clear = button(&left, "", "mnist.draw.clear");
        set_attr(&clear, "data-role", "clear");
        let mid = child(&row, "figure", "mnist-seen-box");
        let seen: HtmlCanvasElement = child(&mid, "canvas", "mnist-seen").unchecked_into();
        set_attr(&seen, "role", "img");
        set_attr(&seen, "data-i18n-aria", "mnist.draw.seen");
        text_el(&mid, "figcaption", "hint", "mnist.draw.seen");
        let right = child(&row, "div", "mnist-bars-box");
        let source = child(&right, "p", "hint");
        let bars = child(&right, "div", "mnist-bars");
        set_attr(&bars, "aria-live", "polite");
        crate::web::stage::mount(&p, &row, &[]);
        DrawPanel {
            pad,
            seen,
            bars,
            clear,
            source,
            input: RefCell::new(None),
            last: Cell::new(None),
            drawing: Cell::new(false),
        }
    }

    fn ctx(&self) -> Option<CanvasRenderingContext2d> {
        self.pad.context()
    }

    /// White paper, sized to the element × devicePixelRatio.
    fn clear_pad(&self) {
        self.pad.fit();
        if let Some(c) = self.ctx() {
            c.set_fill_style_str("#fff");
            c.fill_rect(
                0.0,
                0.0,
                self.pad.el.width() as f64,
                self.pad.el.height() as f64,
            );
        }
    }
}

pub(crate) fn wire(lab: &Rc<Lab>) {
    let ui = &lab.draw_ui;
    let l = lab.clone();
    on(&ui.pad.el, "pointerdown", move |e: PointerEvent| {
        e.prevent_default();
        let ui = &l.draw_ui;
        if ui.input.borrow().as_ref().is_some_and(|(_, g)| *g) || ui.pad.el.width() == 0 {
            ui.clear_pad();
        }
        let _ = ui.pad.el.set_pointer_capture(e.pointer_id());
        ui.drawing.set(true);
        let p = ui.pad.device_xy(e.client_x() as f64, e.client_y() as f64);
        ui.last.set(Some(p));
        stroke(ui, p, p);
        classify_pad(&l);
    });
    let l = lab.clone();
    on(&ui.pad.el, "pointermove", move |e: PointerEvent| {
        let ui = &l.draw_ui;
        if !ui.drawing.get() {
            return;
        }
        e.prevent_default();
        let p = ui.pad.device_xy(e.client_x() as f64, e.client_y() as f64);
        if let Some(from) = ui.last.get() {
            stroke(ui, from, p);
        }
        ui.last.set(Some(p));
        classify_pad(&l);
    });
    for ev in ["pointerup", "pointercancel", "pointerleave"] {
        let l = lab.clone();
        on(&ui.pad.el, ev, move |_: PointerEvent| {
            l.draw_ui.drawing.set(false);
            l.draw_ui.last.set(None);
        });
    }
    let l = lab.clone();
    on(&ui.clear, "click", move |_: MouseEvent| {
        l.draw_ui.clear_pad();
        *l.draw_ui.input.borrow_mut() = None;
        render(&l);
    });
}

/// A round pen stroke; its width is a fixed fraction of the pad, so a digit drawn edge to edge looks like MNIST.
fn stroke(ui: &DrawPanel, from: (f64, f64), to: (f64, f64)) {
    let Some(c) = ui.ctx() else { return };
    c.set_stroke_style_str("#000");
    c.set_line_width(ui.pad.el.width() as f64 / 14.0);
    c.set_line_cap("round");
    c.set_line_join("round");
    c.begin_path();
    c.move_to(from.0, from.1);
    c.line_to(to.0 + 0.01, to.1);
    c.stroke();
}

/// Read the pad, preprocess it like MNIST, and classify.
fn classify_pad(lab: &Rc<Lab>) {
    let ui = &lab.draw_ui;
    let (w, h) = (ui.pad.el.width(), ui.pad.el.height());
    let Some(c) = ui.ctx() else { return };
    let Ok(img) = c.get_image_data(0.0, 0.0, w as f64, h as f64) else {
        return;
    };
    let ink = ink_from_rgba(&img.data(), w as usize, h as usize);
    *ui.input.borrow_mut() = to_mnist(&ink, w as usize, h as usize).map(|v| (v, false));
    render(lab);
}

/// Classify a 28 × 28 input from elsewhere (the gallery).
pub(crate) fn set_input(lab: &Rc<Lab>, img: Vec<f32>, from_gallery: bool) {
    *lab.draw_ui.input.borrow_mut() = Some((img, from_gallery));
    render(lab);
}

pub(crate) fn render(lab: &Rc<Lab>) {
    let ui = &lab.draw_ui;
    let lang = lab.lang();
    // A pad that is not yet sized (or was resized) gets fresh paper, unless it holds a drawing in use.
    let css_w = ui.pad.el.get_bounding_client_rect().width();
    let needs_paper =
        ui.pad.el.width() == 0 || ui.pad.el.width() as f64 != (css_w * HiDpiCanvas::dpr()).round();
    if needs_paper && ui.input.borrow().as_ref().is_none_or(|(_, g)| *g) {
        ui.clear_pad();
    }
    let input = ui.input.borrow().clone();
    let Some((x, from_gallery)) = input else {
        put_digit(&ui.seen, &[0.0; 784]);
        ui.source
            .set_text_content(Some(i18n::t(lang, "mnist.draw.empty")));
        ui.bars.set_inner_html("");
        return;
    };
    put_digit(&ui.seen, &x);
    set_text(
        &ui.source,
        i18n::t(
            lang,
            if from_gallery {
                "mnist.draw.from_gallery"
            } else {
                "mnist.draw.from_pad"
            },
        ),
    );
    let (y, untrained) = {
        let mut s = lab.session.borrow_mut();
        let Some(s) = s.as_mut() else { return };
        let untrained = s.untrained();
        let Ok(x) = Array2::from_shape_vec((1, 784), x) else {
            return;
        };
        match s.trainer.net_mut().predict(&x) {
            Ok(y) => (y.row(0).to_vec(), untrained),
            Err(e) => return lab.error(e),
        }
    };
    let best = y
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(k, _)| k);
    // Random weights give about 0.1 to every digit: say so, or the guess reads like an answer (#12 item 13).
    let warn = if untrained {
        format!(
            "<p class=\"hint mnist-untrained\" data-role=\"untrained\">{}</p>",
            i18n::t(lang, "mnist.draw.untrained")
        )
    } else {
        String::new()
    };
    let mut html = format!(
        "{warn}<p class=\"mnist-guess\">{}</p><table class=\"bars\"><tbody>",
        i18n::format(
            lang,
            "mnist.draw.guess",
            &[best.to_string(), sig(y[best] as f64, 3)]
        )
    );
    for (k, p) in y.iter().enumerate() {
        let cls = if k == best { " class=\"best\"" } else { "" };
        html.push_str(&format!(
            "<tr{cls}><th scope=\"row\">{k}</th><td class=\"bar\"><span style=\"width:{:.1}%\"></span></td><td>{}</td></tr>",
            (p * 100.0).clamp(0.0, 100.0),
            sig(*p as f64, 3)
        ));
    }
    html.push_str("</tbody></table>");
    ui.bars.set_inner_html(&html);
}
