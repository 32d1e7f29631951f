//! The XOR & 2-D playground view: the toolbar (play/pause, step, reset, keys), the settings, the decision
//! boundary with the points (click to add, shift-click or the remove tool to remove; arrows + Enter/Delete
//! on the keyboard), the network diagram with neuron maps (hover reads a weight, click selects it for
//! editing), loss and accuracy curves, and formulas. Training runs in an AnimLoop within ~8 ms a frame.

mod actions;
mod controls;
mod draw;
mod edits;
mod render;
mod settings;

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;

use super::anim::AnimLoop;
use super::canvas::HiDpiCanvas;
use super::dom::{button, child, set_attr, text_el};
use super::field::NumberField;
use super::lab::{Ctx, LabView};
use crate::data::toy2d::Dataset;
use crate::i18n::Lang;
use crate::labs::playground::diagram::Diagram;
use crate::labs::playground::grid::GridEval;
use crate::labs::playground::{PlaygroundConfig, Session};
use crate::urlstate::Route;
use controls::Controls;
use draw::Picture;

/// The frame budget for training steps (ms): leaves room for drawing and compositing in a 16.7 ms frame
/// (8 ms measured about 47 frames/s on a loaded 2-core machine without a GPU; 7 ms keeps 50+).
const BUDGET_MS: f64 = 7.0;
/// Redraw the heat maps, diagram and curves at most this often while training (ms).
const REDRAW_MS: f64 = 100.0;
/// Redraw the loss and accuracy curves and the tables at most this often while training (ms).
const CHARTS_MS: f64 = 400.0;

struct State {
    cfg: PlaygroundConfig,
    data: Dataset,
    /// None while the settings cannot build a network (the message says why).
    session: Option<Session>,
    grid: Option<GridEval>,
    picture: Option<Picture>,
    diagram: Option<Diagram>,
    last_draw: f64,
    /// The time between redraws while training (ms): REDRAW_MS, or longer when a redraw is costly.
    redraw_every: f64,
    last_charts: f64,
    cursor: Option<[f32; 2]>,
    hover_edge: Option<usize>,
    selected_edge: Option<usize>,
    /// (time, frames) at the last frames-per-second reading, and the reading.
    fps_mark: (f64, u64),
    fps: Option<f64>,
}

struct Parts {
    ctx: Ctx,
    section: Element,
    c: Controls,
    boundary: HiDpiCanvas,
    readout: Element,
    network: HiDpiCanvas,
    net_readout: Element,
    weight: NumberField,
    set_weight: web_sys::HtmlElement,
    weights_table: Element,
    loss: HiDpiCanvas,
    acc: HiDpiCanvas,
    metrics: Element,
    formulas: Element,
    anim: RefCell<Option<AnimLoop>>,
    state: RefCell<State>,
}

pub struct PlaygroundView {
    section: Element,
    parts: Rc<Parts>,
}

impl PlaygroundView {
    pub fn mount(section: Element, ctx: &Ctx) -> PlaygroundView {
        let bar = child(&section, "div", "pg-bar");
        let grid = child(&section, "div", "lab-grid pg-grid");
        let side = child(&grid, "div", "controls");
        let c = Controls::build(&bar, &side);
        let vis = child(&grid, "div", "pg-visuals");

        let fig = child(&vis, "figure", "chart pg-boundary-fig");
        text_el(&fig, "h3", "", "pg.boundary");
        let boundary = HiDpiCanvas::new(&fig, "plot pg-boundary", "pg.boundary.aria");
        text_el(&fig, "figcaption", "hint", "pg.boundary.hint");
        let readout = child(&fig, "div", "readout pg-readout");
        set_attr(&readout, "aria-live", "polite");

        let nfig = child(&vis, "figure", "chart pg-network-fig");
        text_el(&nfig, "h3", "", "pg.network");
        let network = HiDpiCanvas::new(&nfig, "plot pg-network", "pg.network.aria");
        text_el(&nfig, "figcaption", "hint", "pg.network.hint");
        let net_readout = child(&nfig, "div", "readout pg-net-readout");
        set_attr(&net_readout, "aria-live", "polite");
        let edit = child(&nfig, "div", "pg-row pg-edit");
        let weight = NumberField::new(&edit, "pg.weight", -100.0, 100.0, 0.1);
        let set_weight = button(&edit, "pg-set-weight", "pg.weight.set");
        let details = child(&nfig, "details", "pg-weights");
        text_el(&details, "summary", "", "pg.weights.table");
        let weights_table = child(&details, "div", "pg-weights-body");

        let cfig = child(&vis, "figure", "chart pg-curves");
        text_el(&cfig, "h3", "", "pg.curves");
        let loss = HiDpiCanvas::new(&cfig, "plot pg-loss", "pg.loss.aria");
        let acc = HiDpiCanvas::new(&cfig, "plot pg-acc", "pg.acc.aria");
        text_el(&cfig, "figcaption", "hint", "pg.curves.hint");
        let metrics = child(&cfig, "div", "readout pg-metrics");
        // The boundary with its loss and accuracy curves and the run's status, on one screen.
        super::stage::mount(&section, &fig, &[&c.status, &cfig]);
        for (b, action) in [(&c.play, "play"), (&c.step, "step"), (&c.reset, "reset")] {
            super::stage::key_action(b, action);
        }

        let fsec = child(&section, "div", "formulas");
        text_el(&fsec, "h3", "", "pg.formulas");
        let formulas = child(&fsec, "div", "formula-list");

        let cfg = PlaygroundConfig::default();
        let data = cfg.data.generate();
        let parts = Rc::new(Parts {
            ctx: ctx.clone(),
            section: section.clone(),
            c,
            boundary,
            readout,
            network,
            net_readout,
            weight,
            set_weight,
            weights_table,
            loss,
            acc,
            metrics,
            formulas,
            anim: RefCell::new(None),
            state: RefCell::new(State {
                cfg,
                data,
                session: None,
                grid: None,
                picture: None,
                diagram: None,
                last_draw: 0.0,
                redraw_every: REDRAW_MS,
                last_charts: 0.0,
                cursor: None,
                hover_edge: None,
                selected_edge: None,
                fps_mark: (0.0, 0),
                fps: None,
            }),
        });
        let weak = Rc::downgrade(&parts);
        let anim = AnimLoop::new(BUDGET_MS, move |budget| {
            weak.upgrade().is_some_and(|p| p.tick(budget))
        });
        *parts.anim.borrow_mut() = Some(anim);
        actions::wire(&parts);
        PlaygroundView { section, parts }
    }
}

impl LabView for PlaygroundView {
    fn section(&self) -> &Element {
        &self.section
    }

    fn show(&self, route: &Route) {
        let cfg = PlaygroundConfig::read(route);
        self.parts.c.sync(&cfg);
        self.parts.state.borrow_mut().cfg = cfg;
        self.parts.rebuild(true);
    }

    fn hide(&self) {
        self.parts.pause();
    }

    fn relabel(&self, lang: Lang) {
        self.parts.c.relabel(lang);
        self.parts.weight.relabel(lang);
        self.parts.redraw_all();
    }
}
