//! The computational-graph stepper panel: choose a graph, step forward through the nodes and back, or play;
//! the canvas shows values above the edges and gradients below, the readout names the rule of the step.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::{Element, Event, HtmlElement, HtmlSelectElement, MouseEvent};

use super::{keys_hint, select, Shared};
use crate::i18n::{self, Lang};
use crate::labs::backprop::graph::{Graph, GRAPHS};
use crate::labs::backprop::{render_graph, SIGMOID_X_RANGE};
use crate::plot::compgraph::draw_graph;
use crate::plot::ChartStyle;
use crate::web::anim::{AnimLoop, Budget};
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, button, child, on, set_attr, set_text, text_el};
use crate::web::field::NumberField;
use crate::web::timeline::Timeline;

/// Milliseconds between steps while playing: slow enough to read each rule.
const PLAY_MS: f64 = 900.0;

pub(crate) struct GraphPanel {
    shared: Rc<Shared>,
    which: HtmlSelectElement,
    sig_x: NumberField,
    play_btn: HtmlElement,
    timeline: Timeline,
    canvas: HiDpiCanvas,
    readout: Element,
    graph: RefCell<Graph>,
    step: Cell<usize>,
    anim: RefCell<Option<AnimLoop>>,
}

impl GraphPanel {
    pub fn mount(section: &Element, shared: &Rc<Shared>) -> Rc<GraphPanel> {
        let panel = child(section, "section", "bp-panel bp-graph");
        // Focusable by a click anywhere in it, so that the keys then act on this panel.
        set_attr(&panel, "tabindex", "-1");
        text_el(&panel, "h3", "", "bp.graph.title");
        text_el(&panel, "p", "", "bp.graph.intro");
        let grid = child(&panel, "div", "lab-grid");
        let controls = child(&grid, "div", "controls");
        let opts: Vec<(&str, String)> = GRAPHS
            .iter()
            .map(|g| (*g, format!("bp.graph.{g}")))
            .collect();
        let opts: Vec<(&str, Option<&str>)> =
            opts.iter().map(|(v, k)| (*v, Some(k.as_str()))).collect();
        let which = select(&controls, "bp.graph.choose", &opts);
        let sig_x = NumberField::new(
            &controls,
            "bp.graph.x",
            SIGMOID_X_RANGE.0 as f64,
            SIGMOID_X_RANGE.1 as f64,
            0.5,
        );
        let row = child(&controls, "div", "buttons");
        let prev = button(&row, "", "bp.prev");
        let next = button(&row, "primary", "bp.step");
        set_attr(&next, "data-role", "graph-step");
        let play_btn = button(&row, "", "bp.play");
        set_attr(&play_btn, "data-role", "graph-play");
        let reset = button(&row, "", "bp.reset");
        let line = child(&controls, "div", "timeline");
        let timeline = Timeline::with_back(&line, "timeline.graph", prev.clone());
        keys_hint(&controls);

        let fig = child(&grid, "figure", "chart bp-canvas");
        let canvas = HiDpiCanvas::new(&fig, "plot", "bp.graph.canvas");
        text_el(&fig, "figcaption", "hint", "bp.graph.legend");
        let readout = child(&panel, "div", "readout bp-readout");
        set_attr(&readout, "aria-live", "polite");
        crate::web::stage::mount(&panel, &fig, &[&readout]);
        for (b, action) in [
            (&prev, "back"),
            (&next, "step"),
            (&play_btn, "play"),
            (&reset, "reset"),
        ] {
            crate::web::stage::key_action(b, action);
        }

        let p = Rc::new(GraphPanel {
            shared: shared.clone(),
            which,
            sig_x,
            play_btn,
            timeline,
            canvas,
            readout,
            graph: RefCell::new(Graph::apple()),
            step: Cell::new(0),
            anim: RefCell::new(None),
        });
        let weak = Rc::downgrade(&p);
        let mut last = 0.0;
        let anim = AnimLoop::new(4.0, move |_b: &Budget| {
            let Some(p) = weak.upgrade() else {
                return false;
            };
            let now = Budget::now();
            if now - last < PLAY_MS {
                return true;
            }
            last = now;
            let go_on = p.step.get() < p.graph.borrow().step_count();
            if go_on {
                p.go(1);
            } else {
                p.sync_play(false);
                p.write_at();
            }
            go_on
        });
        *p.anim.borrow_mut() = Some(anim);
        let p2 = p.clone();
        on(&prev, "click", move |_: MouseEvent| p2.go(-1));
        let p2 = p.clone();
        on(&next, "click", move |_: MouseEvent| p2.go(1));
        let p2 = p.clone();
        on(&p.play_btn, "click", move |_: MouseEvent| p2.toggle_play());
        let p2 = p.clone();
        on(&reset, "click", move |_: MouseEvent| p2.reset());
        let p2 = p.clone();
        p.timeline.on_seek(move |k| {
            p2.pause();
            p2.step.set(k.min(p2.graph.borrow().step_count()));
            p2.redraw();
            p2.write_at();
        });
        let p2 = p.clone();
        on(&p.which, "change", move |_: Event| {
            let v = p2.which.value();
            if let Some(g) = GRAPHS.iter().find(|g| **g == v) {
                p2.shared.cfg.borrow_mut().graph = g;
                p2.shared.changed();
                p2.rebuild();
            }
        });
        let p2 = p.clone();
        on(&p.sig_x.input, "input", move |_: Event| {
            if let Some(v) = p2.sig_x.read(p2.shared.ctx.lang()) {
                p2.shared.cfg.borrow_mut().sigmoid_x = v as f32;
                p2.shared.changed();
                p2.rebuild();
            }
        });
        p
    }

    /// The settings changed from the URL: controls and graph follow.
    pub fn apply_cfg(&self) {
        let cfg = self.shared.cfg.borrow().clone();
        self.which.set_value(cfg.graph);
        self.sig_x.set(cfg.sigmoid_x as f64);
        self.step.set(cfg.at.graph_step);
        self.rebuild();
    }

    /// The link says where the stepper stands (not while playing: see `pause`).
    fn write_at(&self) {
        let k = self.step.get();
        if self.shared.cfg.borrow().at.graph_step != k {
            self.shared.cfg.borrow_mut().at.graph_step = k;
            self.shared.changed();
        }
    }

    fn rebuild(&self) {
        let cfg = self.shared.cfg.borrow().clone();
        let g = Graph::by_key(cfg.graph, cfg.sigmoid_x as f64);
        // Keep the step when only x changed, so the effect of x on every edge shows at once.
        let step = self.step.get().min(g.step_count());
        *self.graph.borrow_mut() = g;
        self.step.set(step);
        self.redraw();
        self.write_at();
    }

    fn go(&self, by: i32) {
        let max = self.graph.borrow().step_count() as i32;
        self.step
            .set((self.step.get() as i32 + by).clamp(0, max) as usize);
        self.redraw();
        if !self.running() {
            self.write_at();
        }
    }

    fn running(&self) -> bool {
        self.anim.borrow().as_ref().is_some_and(|a| a.is_running())
    }

    fn reset(&self) {
        self.pause();
        self.step.set(0);
        self.redraw();
        self.write_at();
    }

    fn toggle_play(&self) {
        let running = self.anim.borrow().as_ref().is_some_and(|a| a.is_running());
        if running {
            self.pause();
        } else {
            if self.step.get() >= self.graph.borrow().step_count() {
                self.step.set(0);
                self.redraw();
            }
            if let Some(a) = self.anim.borrow().as_ref() {
                a.play();
            }
            self.sync_play(true);
        }
    }

    pub fn pause(&self) {
        let was_running = self.running();
        if let Some(a) = self.anim.borrow().as_ref() {
            a.pause();
        }
        self.sync_play(false);
        if was_running {
            self.write_at();
        }
    }

    fn sync_play(&self, running: bool) {
        set_attr(
            &self.play_btn,
            "data-i18n",
            if running { "bp.pause" } else { "bp.play" },
        );
        set_attr(
            &self.play_btn,
            "aria-pressed",
            if running { "true" } else { "false" },
        );
        set_text(
            &self.play_btn,
            i18n::t(
                self.shared.ctx.lang(),
                if running { "bp.pause" } else { "bp.play" },
            ),
        );
    }

    /// Space, s, r; returns whether the key was one of them.
    pub fn key(&self, key: &str) -> bool {
        match key {
            " " => self.toggle_play(),
            "s" | "S" => self.go(1),
            "r" | "R" => self.reset(),
            _ => return false,
        }
        true
    }

    pub fn redraw(&self) {
        let g = self.graph.borrow();
        self.timeline.set(self.step.get(), g.step_count());
        let view = g.at(self.step.get());
        if let (Some(dpr), Some(area)) = (self.canvas.fit(), self.canvas.area()) {
            if let Err(e) = draw_graph(&area, &g, &view, &ChartStyle::with_scale(dpr)) {
                dom::log_error(&format!("graph: {e}"));
            }
            let _ = area.present();
        }
        self.readout.set_inner_html(&render_graph::graph_readout(
            &g,
            &view,
            self.shared.ctx.lang(),
        ));
    }

    pub fn relabel(&self, lang: Lang) {
        self.sig_x.relabel(lang);
        let running = self.anim.borrow().as_ref().is_some_and(|a| a.is_running());
        self.sync_play(running);
        self.redraw();
    }
}
