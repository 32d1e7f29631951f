//! Chapter 6 experiment 2, the book's `weight_init_activation_histogram.py`: pick a weight init and an activation,
//! and see the histogram of each of the five layers' activations (computed in `labs::mnist::ch6`, redrawn at
//! once on every change; "New sample" draws new x and W).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::{Element, Event, HtmlElement, HtmlSelectElement, MouseEvent};

use super::ch6::experiment;
use super::{select, Lab};
use crate::activation::Activation;
use crate::i18n;
use crate::labs::mnist::ch6::init_histogram::{init_from_key, HistConfig, LayerHist, INITS};
use crate::labs::mnist::ch6::link::{Ch6Settings, HIST_ACTS};
use crate::numfmt::sig;
use crate::plot::histograms::{columns_for, draw_hist_grid, HistGrid, HistPanel};
use crate::plot::ChartStyle;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, button, child, on, set_attr, text_el};

pub(crate) struct InitPanel {
    init: HtmlSelectElement,
    activation: HtmlSelectElement,
    again: HtmlElement,
    canvas: HiDpiCanvas,
    table: Element,
    seed: Cell<u64>,
    /// The last settings computed and their histograms (recomputed only when they change).
    hists: RefCell<Option<(HistConfig, Vec<LayerHist>)>>,
}

impl InitPanel {
    pub fn new(parent: &Element) -> InitPanel {
        let p = experiment(parent, "mnist.ch6.init.title", "ch6-init");
        text_el(&p, "p", "hint", "mnist.ch6.init.hint");
        let bar = child(&p, "div", "mnist-buttons");
        let inits: Vec<(&str, String)> = INITS
            .iter()
            .map(|(k, _)| (*k, format!("mnist.ch6.init.{k}")))
            .collect();
        let inits: Vec<(&str, &str)> = inits.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let init = select(&bar, "mnist.init", &inits);
        set_attr(&init, "data-role", "hist-init");
        let activation = select(
            &bar,
            "mnist.activation",
            &[
                ("sigmoid", "act.sigmoid"),
                ("tanh", "act.tanh"),
                ("relu", "act.relu"),
            ],
        );
        set_attr(&activation, "data-role", "hist-act");
        let again = button(&bar, "primary", "mnist.ch6.init.again");
        set_attr(&again, "data-role", "hist-run");
        let fig = child(&p, "figure", "chart");
        let canvas = HiDpiCanvas::new(&fig, "plot ch6-hist", "mnist.ch6.init.chart");
        set_attr(&canvas.el, "data-role", "hist-chart");
        text_el(&fig, "figcaption", "hint", "mnist.ch6.init.ranges");
        let table = child(&p, "div", "readout");
        crate::web::stage::mount(&p, &fig, &[&table]);
        crate::web::stage::key_action(&again, "step");
        InitPanel {
            init,
            activation,
            again,
            canvas,
            table,
            seed: Cell::new(42),
            hists: RefCell::new(None),
        }
    }

    fn config(&self) -> HistConfig {
        HistConfig {
            init: init_from_key(&self.init.value()).unwrap_or(INITS[0].1),
            activation: Activation::from_key(&self.activation.value(), 0.01)
                .unwrap_or(Activation::Sigmoid),
            seed: self.seed.get(),
            ..HistConfig::default()
        }
    }
}

pub(crate) fn wire(lab: &Rc<Lab>) {
    let ui = &lab.ch6_init;
    for sel in [&ui.init, &ui.activation] {
        let l = lab.clone();
        on(sel, "change", move |_: Event| render(&l));
    }
    let l = lab.clone();
    on(&ui.again, "click", move |_: MouseEvent| {
        let ui = &l.ch6_init;
        ui.seed.set(ui.seed.get().wrapping_add(1));
        render(&l);
    });
}

/// Recompute if the settings changed, then draw the histograms and the per-layer table.
pub(crate) fn render(lab: &Rc<Lab>) {
    let ui = &lab.ch6_init;
    let lang = lab.lang();
    let cfg = ui.config();
    let stale = ui.hists.borrow().as_ref().is_none_or(|(c, _)| *c != cfg);
    if stale {
        match cfg.run() {
            Ok(h) => *ui.hists.borrow_mut() = Some((cfg, h)),
            Err(e) => return lab.error(e),
        }
    }
    let guard = ui.hists.borrow();
    let Some((_, hists)) = guard.as_ref() else {
        return;
    };
    let pct =
        |n: usize, h: &LayerHist| format!("{}%", sig(100.0 * n as f64 / h.total.max(1) as f64, 3));
    let titles: Vec<String> = (1..=hists.len())
        .map(|l| i18n::format(lang, "mnist.ch6.init.layer", &[l.to_string()]))
        .collect();
    let notes: Vec<String> = hists
        .iter()
        .map(|h| {
            let outside = h.below + h.above;
            if h.zeros > 0 {
                i18n::format(lang, "mnist.ch6.init.zeros", &[pct(h.zeros, h)])
            } else if outside > 0 {
                i18n::format(lang, "mnist.ch6.init.outside", &[pct(outside, h)])
            } else {
                String::new()
            }
        })
        .collect();
    let panels: Vec<HistPanel> = hists
        .iter()
        .zip(titles.iter().zip(&notes))
        .map(|(h, (t, n))| HistPanel {
            title: t,
            counts: &h.counts,
            range: (h.range.0 as f64, h.range.1 as f64),
            note: (!n.is_empty()).then_some(n.as_str()),
        })
        .collect();
    let rows: Vec<Vec<String>> = hists
        .iter()
        .enumerate()
        .map(|(l, h)| {
            vec![
                (l + 1).to_string(),
                sig(h.mean, 3),
                sig(h.std, 3),
                pct(h.zeros, h),
                pct(h.below + h.above, h),
            ]
        })
        .collect();
    dom::set_table(
        &ui.table,
        &[
            i18n::t(lang, "mnist.ch6.init.col.layer"),
            i18n::t(lang, "mnist.ch6.init.col.mean"),
            i18n::t(lang, "mnist.ch6.init.col.std"),
            i18n::t(lang, "mnist.ch6.init.col.zeros"),
            i18n::t(lang, "mnist.ch6.init.col.outside"),
        ],
        &rows,
    );
    // Five panels in a row on a wide screen, wrapping into rows on a phone: the height follows the rows.
    let css_width = ui.canvas.el.get_bounding_client_rect().width();
    let cols = columns_for(css_width, panels.len());
    let rows = panels.len().div_ceil(cols);
    set_attr(&ui.canvas.el, "style", &format!("height:{}px", rows * 210));
    let (Some(dpr), Some(area)) = (ui.canvas.fit(), ui.canvas.area()) else {
        return;
    };
    let grid = HistGrid {
        panels: &panels,
        y_max: 0.0,
        cols,
    };
    if let Err(e) = draw_hist_grid(&area, &grid, &ChartStyle::with_scale(dpr)) {
        dom::log_error(&format!("ch6 histograms: {e}"));
    }
    let _ = area.present();
}

// ---- the panel's settings in the lab's link (see `ch6_link`)

/// Put the panel's controls into `c`.
pub(crate) fn link_read(lab: &Lab, c: &mut Ch6Settings) {
    let ui = &lab.ch6_init;
    let v = ui.init.value();
    if let Some((k, _)) = INITS.iter().find(|(k, _)| *k == v) {
        c.hist_init = k;
    }
    let v = ui.activation.value();
    if let Some(k) = HIST_ACTS.iter().find(|k| **k == v) {
        c.hist_act = k;
    }
    c.hist_seed = ui.seed.get();
}

/// Set the panel's controls from `c`.
pub(crate) fn link_apply(lab: &Lab, c: &Ch6Settings) {
    let ui = &lab.ch6_init;
    ui.init.set_value(c.hist_init);
    ui.activation.set_value(c.hist_act);
    ui.seed.set(c.hist_seed);
}

/// `f` after any of the panel's settings changes.
pub(crate) fn link_listen(lab: &Lab, f: Rc<dyn Fn()>) {
    let ui = &lab.ch6_init;
    for sel in [&ui.init, &ui.activation] {
        let f = f.clone();
        on(sel, "change", move |_: Event| f());
    }
    on(&ui.again, "click", move |_: MouseEvent| f());
}
