//! Feature maps of a chosen test digit (the convolution's output x·W + b, after ReLU, after 2 × 2 max pooling,
//! one image per filter, from the network as it trains), and a digit drawn on a pad (prepared like MNIST by the
//! MNIST lab's draw core) classified by the CNN with its probabilities y_k; a drawing replaces the test digit
//! in the feature maps until another test digit is chosen.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::{Element, HtmlCanvasElement, HtmlElement, MouseEvent, PointerEvent};

use super::model::{model, Change};
use super::train::put_grid;
use crate::i18n::{self, Lang};
use crate::labs::cnn::features::feature_maps;
use crate::labs::cnn::filters::{image_grid, NX};
use crate::labs::cnn::train_config::{CnnTrainConfig, DIGIT_RANGE};
use crate::labs::mnist::draw::{ink_from_rgba, to_mnist};
use crate::numfmt::sig;
use crate::urlstate::Route;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, button, child, on, set_attr, set_text, text_el};
use crate::web::field::NumberField;
use crate::web::lab_parts::{Part, PartCtx};
use crate::web::mnist::data_panel::put_digit;
use crate::web::stage;

/// While training, the maps are recomputed at most this often (a forward pass of one digit).
const MAPS_EVERY_MS: f64 = 500.0;

struct FeaturesPart {
    pctx: PartCtx,
    digit: NumberField,
    prev: HtmlElement,
    next: HtmlElement,
    input: HtmlCanvasElement,
    conv: HtmlCanvasElement,
    relu: HtmlCanvasElement,
    pool: HtmlCanvasElement,
    answer: Element,
    sizes: Element,
    pad: HiDpiCanvas,
    clear: HtmlElement,
    seen: HtmlCanvasElement,
    bars: Element,
    /// The drawn digit (28 × 28), when the maps show it instead of a test digit.
    drawn: RefCell<Option<Vec<f32>>>,
    last: Cell<Option<(f64, f64)>>,
    drawing: Cell<bool>,
    last_maps: Cell<f64>,
}

fn map_canvas(parent: &Element, caption: &str, role: &str) -> HtmlCanvasElement {
    let fig = child(parent, "figure", "cnn-map-box");
    text_el(&fig, "figcaption", "", caption);
    let c = child(&fig, "canvas", "cnn-pixels");
    set_attr(&c, "role", "img");
    set_attr(&c, "data-i18n-aria", caption);
    set_attr(&c, "data-role", role);
    wasm_bindgen::JsCast::unchecked_into(c)
}

pub(crate) fn mount(parent: &Element, pctx: &PartCtx) -> Rc<dyn Part> {
    // Stage 3: feature maps.
    let p = child(parent, "section", "panel cnn-panel cnn-maps");
    set_attr(&p, "data-role", "cnn-maps");
    text_el(&p, "h3", "", "cnn.maps.title");
    let intro = text_el(&p, "p", "hint", "cnn.maps.intro");
    stage::long_text(&intro);
    let controls = child(&p, "div", "cnn-controls");
    let prev = button(&controls, "", "cnn.maps.prev");
    stage::key_action(&prev, "back");
    let digit = NumberField::new(
        &controls,
        "cnn.maps.digit",
        DIGIT_RANGE.0 as f64,
        DIGIT_RANGE.1 as f64,
        1.0,
    )
    .integer();
    set_attr(&digit.input, "data-role", "digit");
    let next = button(&controls, "", "cnn.maps.next");
    set_attr(&next, "data-role", "next-digit");
    stage::key_action(&next, "step");
    let figure = child(&p, "div", "cnn-maps-figure");
    let input = map_canvas(&figure, "cnn.maps.input", "map-input");
    let conv = map_canvas(&figure, "cnn.maps.conv", "map-conv");
    let relu = map_canvas(&figure, "cnn.maps.relu", "map-relu");
    let pool = map_canvas(&figure, "cnn.maps.pool", "map-pool");
    let answer = dom::el("p", "cnn-answer");
    set_attr(&answer, "data-role", "answer");
    set_attr(&answer, "aria-live", "polite");
    let sizes = dom::el("p", "hint");
    set_attr(&sizes, "data-role", "map-sizes");
    stage::mount(&p, &figure, &[&answer, &sizes]);
    // Stage 4: draw.
    let q = child(parent, "section", "panel cnn-panel cnn-draw");
    set_attr(&q, "data-role", "cnn-draw");
    text_el(&q, "h3", "", "cnn.draw.title");
    let hint = text_el(&q, "p", "hint", "cnn.draw.hint");
    stage::long_text(&hint);
    let row = child(&q, "div", "cnn-draw-row");
    let left = child(&row, "div", "cnn-pad-box");
    let pad = HiDpiCanvas::new(&left, "cnn-pad", "cnn.draw.pad");
    set_attr(&pad.el, "data-role", "draw-pad");
    let clear = button(&left, "", "cnn.draw.clear");
    set_attr(&clear, "data-role", "clear");
    stage::key_action(&clear, "reset");
    let seen: HtmlCanvasElement =
        wasm_bindgen::JsCast::unchecked_into(child(&row, "canvas", "cnn-seen cnn-pixels"));
    set_attr(&seen, "role", "img");
    set_attr(&seen, "data-i18n-aria", "cnn.maps.input");
    let bars = dom::el("div", "cnn-bars");
    set_attr(&bars, "data-role", "probs");
    set_attr(&bars, "aria-live", "polite");
    stage::mount(&q, &row, &[&bars]);

    let part = Rc::new(FeaturesPart {
        pctx: pctx.clone(),
        digit,
        prev,
        next,
        input,
        conv,
        relu,
        pool,
        answer,
        sizes,
        pad,
        clear,
        seen,
        bars,
        drawn: RefCell::new(None),
        last: Cell::new(None),
        drawing: Cell::new(false),
        last_maps: Cell::new(-1e9),
    });
    wire(&part);
    let w = Rc::downgrade(&part);
    model().listen(move |c| {
        if let Some(p) = w.upgrade() {
            if c == Change::Weights {
                p.render(false);
            }
        }
    });
    part
}

fn wire(part: &Rc<FeaturesPart>) {
    let p = part.clone();
    on(&part.prev, "click", move |_: MouseEvent| p.move_digit(-1));
    let p = part.clone();
    on(&part.next, "click", move |_: MouseEvent| p.move_digit(1));
    let p = part.clone();
    on(&part.digit.input, "change", move |_: web_sys::Event| {
        if let Some(v) = p.digit.read(p.pctx.lang()) {
            p.choose(v as usize);
        }
    });
    let p = part.clone();
    on(&part.pad.el, "pointerdown", move |e: PointerEvent| {
        e.prevent_default();
        if p.pad.el.width() == 0 {
            p.clear_pad();
        }
        let _ = p.pad.el.set_pointer_capture(e.pointer_id());
        p.drawing.set(true);
        let at = p.pad.device_xy(e.client_x() as f64, e.client_y() as f64);
        p.last.set(Some(at));
        p.stroke(at, at);
        p.read_pad();
    });
    let p = part.clone();
    on(&part.pad.el, "pointermove", move |e: PointerEvent| {
        if !p.drawing.get() {
            return;
        }
        e.prevent_default();
        let at = p.pad.device_xy(e.client_x() as f64, e.client_y() as f64);
        if let Some(from) = p.last.get() {
            p.stroke(from, at);
        }
        p.last.set(Some(at));
        p.read_pad();
    });
    for ev in ["pointerup", "pointercancel", "pointerleave"] {
        let p = part.clone();
        on(&part.pad.el, ev, move |_: PointerEvent| {
            p.drawing.set(false);
            p.last.set(None);
        });
    }
    let p = part.clone();
    on(&part.clear, "click", move |_: MouseEvent| {
        p.clear_pad();
        *p.drawn.borrow_mut() = None;
        p.render(true);
    });
}

impl FeaturesPart {
    fn lang(&self) -> Lang {
        self.pctx.lang()
    }

    fn current_digit(&self) -> usize {
        model().cfg.borrow().as_ref().map_or(0, |c| c.digit)
    }

    fn choose(&self, d: usize) {
        let n = model()
            .data
            .borrow()
            .as_ref()
            .map_or(1, |d| d.test.len().max(1));
        let d = d.min(n - 1).min(DIGIT_RANGE.1);
        if let Some(c) = model().cfg.borrow_mut().as_mut() {
            c.digit = d;
        }
        self.pctx.write(|r| r.set("cdig", d));
        self.digit.set(d as f64);
        *self.drawn.borrow_mut() = None;
        self.render(true);
    }

    fn move_digit(&self, by: isize) {
        let d = self.current_digit() as isize + by;
        self.choose(d.max(0) as usize);
    }

    fn clear_pad(&self) {
        self.pad.fit();
        if let Some(c) = self.pad.context() {
            c.set_fill_style_str("#fff");
            c.fill_rect(
                0.0,
                0.0,
                self.pad.el.width() as f64,
                self.pad.el.height() as f64,
            );
        }
    }

    /// A round pen stroke, as wide as the MNIST lab's pad draws it (a fixed fraction of the pad).
    fn stroke(&self, from: (f64, f64), to: (f64, f64)) {
        let Some(c) = self.pad.context() else { return };
        c.set_stroke_style_str("#000");
        c.set_line_width(self.pad.el.width() as f64 / 14.0);
        c.set_line_cap("round");
        c.set_line_join("round");
        c.begin_path();
        c.move_to(from.0, from.1);
        c.line_to(to.0 + 0.01, to.1);
        c.stroke();
    }

    fn read_pad(&self) {
        let (w, h) = (self.pad.el.width(), self.pad.el.height());
        let Some(c) = self.pad.context() else { return };
        let Ok(img) = c.get_image_data(0.0, 0.0, w as f64, h as f64) else {
            return;
        };
        let ink = ink_from_rgba(&img.data(), w as usize, h as usize);
        if let Some(x) = to_mnist(&ink, w as usize, h as usize) {
            *self.drawn.borrow_mut() = Some(x);
            self.render(true);
        }
    }

    /// The image the maps show: the drawing, else the chosen test digit (x = byte/255), with its label.
    fn image(&self) -> Option<(Vec<f32>, Option<u8>)> {
        if let Some(x) = self.drawn.borrow().clone() {
            return Some((x, None));
        }
        let m = model();
        let d = m.data.borrow();
        let d = d.as_ref()?;
        let i = self.current_digit().min(d.test.len().checked_sub(1)?);
        let x = d.test.image(i).iter().map(|&b| b as f32 / 255.0).collect();
        Some((x, Some(d.test.labels[i])))
    }

    /// Recompute and draw the maps (throttled while training unless `now`) and the pad's probabilities.
    fn render(&self, now: bool) {
        let lang = self.lang();
        self.digit.relabel(lang);
        let t = crate::web::anim::Budget::now();
        if !now && model().running.get() && t - self.last_maps.get() < MAPS_EVERY_MS {
            return;
        }
        self.last_maps.set(t);
        let css_w = self.pad.el.get_bounding_client_rect().width();
        if self.drawn.borrow().is_none()
            && (self.pad.el.width() == 0
                || self.pad.el.width() as f64 != (css_w * HiDpiCanvas::dpr()).round())
        {
            self.clear_pad();
        }
        let Some((x, label)) = self.image() else {
            self.answer
                .set_text_content(Some(i18n::t(lang, "cnn.maps.none")));
            return;
        };
        let m = model();
        let maps = {
            let mut net = m.net.borrow_mut();
            let Some(net) = net.as_mut() else { return };
            feature_maps(net, &x)
        };
        let maps = match maps {
            Ok(maps) => maps,
            Err(e) => {
                set_text(&self.answer, &e.message(lang));
                return;
            }
        };
        put_digit(&self.input, &x);
        for (c, a) in [
            (&self.conv, &maps.conv),
            (&self.relu, &maps.relu),
            (&self.pool, &maps.pool),
        ] {
            put_grid(c, &image_grid(a.view(), NX, 1));
        }
        let (best, p) = maps
            .probs
            .iter()
            .copied()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((0, 0.0));
        let label_text = label.map_or("–".to_string(), |l| l.to_string());
        set_text(
            &self.answer,
            &i18n::format(
                lang,
                "cnn.maps.answer",
                &[label_text, best.to_string(), sig(p as f64, 3)],
            ),
        );
        set_attr(&self.answer, "data-guess", &best.to_string());
        let (fnum, oh, ow) = maps.conv.dim();
        let (_, ph, pw) = maps.pool.dim();
        set_text(
            &self.sizes,
            &i18n::format(
                lang,
                "cnn.maps.sizes",
                &[fnum, oh, ow, ph, pw].map(|n| n.to_string()),
            ),
        );
        // The pad's side: what the CNN sees of the drawing and its probabilities.
        if self.drawn.borrow().is_none() {
            put_digit(&self.seen, &[0.0; 784]);
            self.bars
                .set_text_content(Some(i18n::t(lang, "cnn.draw.empty")));
            return;
        }
        put_digit(&self.seen, &x);
        let mut html = format!(
            "<p class=\"cnn-says\" data-role=\"says\" data-guess=\"{best}\">{}</p><p class=\"hint\">{}</p><table class=\"bars\"><tbody>",
            i18n::format(lang, "cnn.draw.says", &[best.to_string(), sig(p as f64, 3)]),
            i18n::t(lang, "cnn.draw.probs")
        );
        for (k, y) in maps.probs.iter().enumerate() {
            let cls = if k == best { " class=\"best\"" } else { "" };
            html.push_str(&format!(
                "<tr{cls}><th scope=\"row\">{k}</th><td class=\"bar\"><span style=\"width:{:.1}%\"></span></td><td>{}</td></tr>",
                (y * 100.0).clamp(0.0, 100.0),
                sig(*y as f64, 3)
            ));
        }
        html.push_str("</tbody></table>");
        self.bars.set_inner_html(&html);
    }
}

impl Part for FeaturesPart {
    fn show(&self, route: &Route) {
        let d = CnnTrainConfig::read(route).digit;
        self.digit.set(d as f64);
        self.render(true);
    }

    fn relabel(&self, _lang: Lang) {
        self.render(true);
    }
}
