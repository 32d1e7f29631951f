//! Each hidden layer's activations with and without batch norm at one weight scale (computed by the job from
//! the digits, `labs::batchnorm::activations`), drawn with the MNIST lab's init-histogram grid: without batch
//! norm a small scale squeezes every layer into the first bin; with it every layer keeps its spread.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlSelectElement};

use super::runner::{runner, Runner};
use crate::i18n::{self, Lang};
use crate::labs::batchnorm::config::BatchnormLabConfig;
use crate::labs::batchnorm::scales::weight_scales;
use crate::labs::mnist::ch6::init_histogram::LayerHist;
use crate::numfmt::sig;
use crate::plot::histograms::{columns_for, draw_hist_grid, HistGrid, HistPanel};
use crate::plot::ChartStyle;
use crate::urlstate::Route;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, child, el, on, set_attr, set_text, text_el};
use crate::web::lab_parts::{Part, PartCtx};
use crate::web::mnist::worker::get;
use crate::web::stage;

pub(crate) struct HistPart {
    pctx: PartCtx,
    scale: HtmlSelectElement,
    canvases: [HiDpiCanvas; 2],
    table: Element,
    /// The scale asked for, and the histograms that came back (without, with).
    asked: RefCell<Option<usize>>,
    hists: RefCell<Option<(usize, [Vec<LayerHist>; 2])>>,
}

pub(crate) fn mount(parent: &Element, pctx: &PartCtx) -> Rc<dyn Part> {
    let sec = child(parent, "section", "panel bn-hists");
    set_attr(&sec, "data-role", "bn-hists");
    text_el(&sec, "h3", "", "bn.hist.title");
    let intro = text_el(&sec, "p", "intro", "bn.hist.intro");
    stage::long_text(&intro);
    let row = child(&sec, "div", "bn-params");
    let wrap = child(&row, "label", "field");
    text_el(&wrap, "span", "field-label", "bn.hist.scale");
    let scale: HtmlSelectElement = child(&wrap, "select", "").unchecked_into();
    set_attr(&scale, "data-role", "bn-hist-scale");
    for (i, w) in weight_scales().iter().enumerate() {
        let o = el("option", "");
        set_attr(&o, "value", &i.to_string());
        set_text(&o, &sig(*w as f64, 3));
        let _ = scale.append_child(&o);
    }
    let fig = child(&sec, "figure", "chart bn-hist-fig");
    let mk = |cap: &str, aria: &str, role: &str| {
        text_el(&fig, "figcaption", "hint", cap);
        let c = HiDpiCanvas::new(&fig, "plot ch6-hist", aria);
        set_attr(&c.el, "data-role", role);
        c
    };
    let canvases = [
        mk("bn.without", "bn.hist.chart_without", "bn-hist-without"),
        mk("bn.with", "bn.hist.chart_with", "bn-hist-with"),
    ];
    let table = child(&sec, "div", "readout");
    set_attr(&table, "data-role", "bn-hist-table");
    stage::mount(&sec, &fig, &[&table]);
    let part = Rc::new(HistPart {
        pctx: pctx.clone(),
        scale,
        canvases,
        table,
        asked: RefCell::new(None),
        hists: RefCell::new(None),
    });
    let p = part.clone();
    on(&part.scale, "change", move |_: Event| {
        let i = p.selected();
        p.pctx.write(|r: &mut Route| {
            let mut all = BatchnormLabConfig::read(r);
            all.hist_scale = i;
            all.write(r);
        });
        p.ask(i);
    });
    let p = Rc::downgrade(&part);
    runner().listen(move |m: &JsValue| {
        if let Some(p) = p.upgrade() {
            p.hear(m);
        }
    });
    part
}

/// Layers back from the job's flat array (see `job::BnJob::hist`).
fn unflatten(v: &[f64]) -> Vec<LayerHist> {
    const BINS: usize = 30;
    v.chunks_exact(6 + BINS)
        .map(|c| LayerHist {
            total: c[0] as usize,
            zeros: c[1] as usize,
            below: c[2] as usize,
            above: c[3] as usize,
            mean: c[4],
            std: c[5],
            counts: c[6..].iter().map(|&n| n as usize).collect(),
            range: (0.0, 4.0),
        })
        .collect()
}

impl HistPart {
    fn selected(&self) -> usize {
        self.scale
            .value()
            .parse::<usize>()
            .ok()
            .filter(|&i| i < 16)
            .unwrap_or(6)
    }

    fn ask(&self, i: usize) {
        if *self.asked.borrow() == Some(i) {
            return;
        }
        *self.asked.borrow_mut() = Some(i);
        runner().send(Runner::msg("bn-hist", &[("scale", i as f64)]));
    }

    fn hear(&self, m: &JsValue) {
        if get(m, "t").as_string().as_deref() != Some("bn-hist-result") {
            return;
        }
        let v = |k: &str| js_sys::Float64Array::new(&get(m, k)).to_vec();
        let i = get(m, "scale").as_f64().unwrap_or(0.0) as usize;
        *self.hists.borrow_mut() = Some((i, [unflatten(&v("plain")), unflatten(&v("bn"))]));
        self.render();
    }

    fn render(&self) {
        let lang = self.pctx.lang();
        let guard = self.hists.borrow();
        let Some((i, hs)) = guard.as_ref() else {
            return;
        };
        let titles: Vec<String> = (1..=5)
            .map(|l| i18n::format(lang, "mnist.ch6.init.layer", &[l.to_string()]))
            .collect();
        let pct = |n: usize, h: &LayerHist| {
            format!("{}%", sig(100.0 * n as f64 / h.total.max(1) as f64, 3))
        };
        for (c, layers) in self.canvases.iter().zip(hs.iter()) {
            let notes: Vec<String> = layers
                .iter()
                .map(|h| i18n::format(lang, "mnist.ch6.init.zeros", &[pct(h.zeros, h)]))
                .collect();
            let panels: Vec<HistPanel> = layers
                .iter()
                .zip(titles.iter().zip(&notes))
                .map(|(h, (t, n))| HistPanel {
                    title: t,
                    counts: &h.counts,
                    range: (0.0, 4.0),
                    note: Some(n.as_str()),
                })
                .collect();
            let cols = columns_for(c.el.get_bounding_client_rect().width(), panels.len());
            let rows = panels.len().div_ceil(cols);
            // Both grids and their captions share one screen: each takes at most a third of the window's height.
            let win = dom::window()
                .inner_height()
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(800.0);
            let row = ((0.32 * win / rows as f64) as usize).clamp(90, 190);
            set_attr(&c.el, "style", &format!("height:{}px", rows * row));
            if let (Some(dpr), Some(area)) = (c.fit(), c.area()) {
                let grid = HistGrid {
                    panels: &panels,
                    y_max: 0.0,
                    cols,
                };
                if let Err(e) = draw_hist_grid(&area, &grid, &ChartStyle::with_scale(dpr)) {
                    dom::log_error(&format!("bn histograms: {e}"));
                }
                let _ = area.present();
            }
        }
        let mut h = format!(
            "<table data-role=\"bn-hist-stats\" data-scale=\"{i}\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            i18n::format(lang, "bn.hist.caption", &[sig(weight_scales()[*i] as f64, 3)]),
            i18n::t(lang, "mnist.ch6.init.col.layer"),
            i18n::t(lang, "bn.without"),
            i18n::t(lang, "bn.with"),
        );
        for (l, (a, b)) in hs[0].iter().zip(&hs[1]).enumerate() {
            h.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                l + 1,
                sig(a.std, 3),
                sig(b.std, 3)
            ));
        }
        h.push_str("</tbody></table>");
        self.table.set_inner_html(&h);
    }
}

impl Part for HistPart {
    fn show(&self, route: &Route) {
        let i = BatchnormLabConfig::read(route).hist_scale;
        self.scale.set_value(&i.to_string());
        self.ask(i);
        self.render();
    }

    fn relabel(&self, _lang: Lang) {
        self.render();
    }
}
