//! A HiDPI-correct canvas: its bitmap is CSS size × devicePixelRatio, so lines and text stay sharp on
//! retina screens and projectors. Charts draw through plotters-canvas; RGBA buffers go in with one putImageData.
//! The ratio can change without a resize (a window moved to another monitor, browser zoom): one watcher,
//! armed by the first canvas, turns that into the window `resize` event every canvas owner already redraws on.
//! It listens to `matchMedia("(resolution: Rdppx)")`, and checks the ratio once a second as well, because not
//! every browser path fires that query's `change` (Chromium's device emulation updates the query silently).

use std::cell::{Cell, RefCell};

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d, Element, Event, HtmlCanvasElement, ImageData, MediaQueryList,
};

use super::dom::{self, child, set_attr};

#[derive(Clone)]
pub struct HiDpiCanvas {
    pub el: HtmlCanvasElement,
}

impl HiDpiCanvas {
    /// A focusable canvas (role img) labelled by the i18n key `aria_key`.
    pub fn new(parent: &Element, class: &str, aria_key: &str) -> HiDpiCanvas {
        let el = child(parent, "canvas", class);
        set_attr(&el, "role", "img");
        set_attr(&el, "tabindex", "0");
        set_attr(&el, "data-i18n-aria", aria_key);
        watch_device_pixel_ratio();
        HiDpiCanvas {
            el: el.unchecked_into(),
        }
    }

    pub fn dpr() -> f64 {
        let r = dom::window().device_pixel_ratio();
        if r.is_finite() && r > 0.0 {
            r
        } else {
            1.0
        }
    }

    /// Size the bitmap to the element's CSS box × devicePixelRatio. Returns the drawing scale (device pixels
    /// per chart pixel: the ratio × `chart_zoom`, so chart text, lines and markers grow with the canvas), or
    /// `None` while the canvas is not laid out (a hidden lab), when there is nothing to draw.
    pub fn fit(&self) -> Option<f64> {
        let rect = self.el.get_bounding_client_rect();
        if rect.width() < 1.0 || rect.height() < 1.0 {
            return None;
        }
        let dpr = Self::dpr();
        let zoom = chart_zoom(rect.width(), rect.height());
        let (w, h) = (
            (rect.width() * dpr).round() as u32,
            (rect.height() * dpr).round() as u32,
        );
        if self.el.width() != w || self.el.height() != h {
            self.el.set_width(w);
            self.el.set_height(h);
        }
        Some(dpr * zoom)
    }

    /// A plotters drawing area over the whole canvas (call `fit` first).
    /// Draw a line chart sized to the canvas (fit, draw, present); a plotting error is logged under `what`.
    pub fn draw_series(&self, chart: &crate::plot::series::SeriesChart, what: &str) {
        let (Some(dpr), Some(area)) = (self.fit(), self.area()) else {
            return;
        };
        let style = crate::plot::ChartStyle::with_scale(dpr);
        if let Err(e) = crate::plot::series::draw_series(&area, chart, &style) {
            dom::log_error(&format!("{what}: {e}"));
        }
        let _ = area.present();
    }

    pub fn area(&self) -> Option<DrawingArea<CanvasBackend, plotters::coord::Shift>> {
        CanvasBackend::with_canvas_object(self.el.clone()).map(|b| b.into_drawing_area())
    }

    pub fn context(&self) -> Option<CanvasRenderingContext2d> {
        self.el.get_context("2d").ok().flatten()?.dyn_into().ok()
    }

    /// Put an RGBA buffer (`w × h × 4` bytes) at (x, y) in canvas pixels, with one putImageData. The ImageData
    /// of each recent size is kept and refilled in place: a new one per call (the playground puts ~200 a
    /// redraw) left megabytes a second of garbage that the page's small JS heap rarely collects, which the
    /// hour-long soak saw as the tab's resident memory creeping up.
    pub fn put_rgba(&self, rgba: &[u8], w: u32, h: u32, x: f64, y: f64) -> bool {
        let Some(ctx) = self.context() else {
            return false;
        };
        if rgba.len() != (w as usize) * (h as usize) * 4 {
            return false;
        }
        match reusable_image(w, h, rgba) {
            Some(img) => ctx.put_image_data(&img, x, y).is_ok(),
            None => false,
        }
    }

    /// A pointer event's position in canvas (device) pixels.
    pub fn device_xy(&self, client_x: f64, client_y: f64) -> (f64, f64) {
        let rect = self.el.get_bounding_client_rect();
        let sx = self.el.width() as f64 / rect.width().max(1.0);
        let sy = self.el.height() as f64 / rect.height().max(1.0);
        ((client_x - rect.left()) * sx, (client_y - rect.top()) * sy)
    }
}

/// Image buffers kept for reuse, by size (a few sizes: the boundary, the neuron thumbnails, heat maps).
const KEPT_IMAGES: usize = 8;

thread_local! {
    static IMAGES: RefCell<Vec<((u32, u32), ImageData)>> = const { RefCell::new(Vec::new()) };
}

/// An ImageData of `w × h` holding `rgba`: a kept one refilled in place (its `data` is a live
/// Uint8ClampedArray), else a new one, which is then kept (the oldest size dropped past `KEPT_IMAGES`).
fn reusable_image(w: u32, h: u32, rgba: &[u8]) -> Option<ImageData> {
    IMAGES.with(|kept| {
        let mut kept = kept.borrow_mut();
        let img = match kept.iter().position(|(size, _)| *size == (w, h)) {
            Some(i) => kept.remove(i).1,
            // Its own zeroed buffer: one made from a wasm slice can be a view into wasm memory, which a
            // memory growth detaches.
            None => ImageData::new_with_sw(w, h).ok()?,
        };
        let data = js_sys::Reflect::get(&img, &"data".into()).ok()?;
        let data = data.dyn_ref::<js_sys::Uint8ClampedArray>()?;
        if data.length() as usize != rgba.len() {
            return None;
        }
        data.copy_from(rgba);
        if kept.len() >= KEPT_IMAGES {
            kept.remove(0);
        }
        kept.push(((w, h), img.clone()));
        Some(img)
    })
}

/// How much larger than their base size chart text and markers are drawn on a canvas of this CSS size: 1 up
/// to a 640 × 400 canvas, then in proportion to the smaller of the two ratios, at most 2 (a 1140 px wide chart
/// on a projector draws its 16 px labels at about 28 px; a phone's chart keeps them at 16 px).
pub fn chart_zoom(css_w: f64, css_h: f64) -> f64 {
    let z = (css_w / 640.0).min(css_h / 400.0);
    if z.is_finite() {
        z.clamp(1.0, 2.0)
    } else {
        1.0
    }
}

thread_local! {
    /// The media query that matches the current ratio, and the listener it carries (one for the page).
    static DPR_WATCH: RefCell<Option<(MediaQueryList, js_sys::Function)>> = const { RefCell::new(None) };
    /// The ratio the canvases were last told about.
    static DPR_SEEN: Cell<f64> = const { Cell::new(0.0) };
}

/// Watch devicePixelRatio (once per page; later calls do nothing): `matchMedia("(resolution: Rdppx)")` for the
/// current ratio R fires `change` when the ratio leaves R; the watcher then re-arms itself for the new ratio and
/// dispatches a window `resize`, so each lab refits its canvases (`HiDpiCanvas::fit`) and redraws.
pub fn watch_device_pixel_ratio() {
    if DPR_WATCH.with(|w| w.borrow().is_some()) {
        return;
    }
    let f: js_sys::Function = Closure::<dyn FnMut(Event)>::new(|_: Event| dpr_changed())
        .into_js_value()
        .unchecked_into();
    DPR_SEEN.with(|d| d.set(HiDpiCanvas::dpr()));
    if let Some(mql) = arm(&f) {
        DPR_WATCH.with(|w| *w.borrow_mut() = Some((mql, f)));
    }
    // The once-a-second check: a comparison of two numbers, nothing is drawn unless the ratio changed.
    let poll: js_sys::Function = Closure::<dyn FnMut()>::new(|| {
        if DPR_SEEN.with(|d| d.get()) != HiDpiCanvas::dpr() {
            dpr_changed();
        }
    })
    .into_js_value()
    .unchecked_into();
    let _ = dom::window().set_interval_with_callback_and_timeout_and_arguments_0(&poll, 1000);
}

/// A media query for the ratio now, carrying `f` as its change listener.
fn arm(f: &js_sys::Function) -> Option<MediaQueryList> {
    let query = format!("(resolution: {}dppx)", HiDpiCanvas::dpr());
    let mql = dom::window().match_media(&query).ok().flatten()?;
    mql.set_onchange(Some(f));
    Some(mql)
}

fn dpr_changed() {
    DPR_SEEN.with(|d| d.set(HiDpiCanvas::dpr()));
    // Move the listener from the old query to one for the new ratio (the old one would fire again only when
    // the ratio came back, and then for the wrong reason).
    let old = DPR_WATCH.with(|w| w.borrow_mut().take());
    if let Some((old_mql, f)) = old {
        old_mql.set_onchange(None);
        if let Some(mql) = arm(&f) {
            DPR_WATCH.with(|w| *w.borrow_mut() = Some((mql, f)));
        }
    }
    if let Ok(ev) = Event::new("resize") {
        let _ = dom::window().dispatch_event(&ev);
    }
}
