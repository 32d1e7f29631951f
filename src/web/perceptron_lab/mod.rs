//! The perceptron and logic-gates lab view (ch2), in three parts: (1) w1, w2, b and θ as sliders and
//! fields, presets, a target gate, the decision plot, formulas and the live truth table; (2) the perceptron
//! learning rule with play, step and reset; (3) XOR from NAND + OR → AND. All logic is in
//! `crate::labs::perceptron`; this layer builds the DOM, wires events and draws (see `render`).

mod actions;
mod render;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlSelectElement, MouseEvent};

use super::anim::{AnimLoop, Budget};
use super::canvas::HiDpiCanvas;
use super::dom::{self, button, child, on, set_attr, set_text, text_el};
use super::field::NumberField;
use super::lab::{Ctx, LabView};
use super::slider::SliderField;
use super::stage;
use crate::i18n::Lang;
use crate::labs::perceptron::gate::Gate;
use crate::labs::perceptron::learn::{Learner, ETA_RANGE, MAX_EPOCHS_RANGE};
use crate::labs::perceptron::{PerceptronLabConfig, SEED_RANGE, SPEEDS, W_RANGE};
use crate::urlstate::Route;
use crate::web::stage::key_action;
use crate::web::timeline::Timeline;

/// The lab's settings and the learner they describe (`cfg.p` is always the learner's current weights).
struct State {
    cfg: PerceptronLabConfig,
    learner: Learner,
    /// When the last epoch ran while playing (ms, the page clock).
    last_step: f64,
    /// The last epoch this run reached: the end of the timeline's scrubber (going back keeps it).
    furthest: usize,
}

/// Which weight control changed.
#[derive(Clone, Copy)]
enum Knob {
    W1,
    W2,
    B,
    Theta,
}

struct Parts {
    ctx: Ctx,
    // Part 1.
    targets: Vec<HtmlSelectElement>,
    w1: SliderField,
    w2: SliderField,
    b: SliderField,
    theta: SliderField,
    plot: HiDpiCanvas,
    line_note: Element,
    formulas: Element,
    truth: Element,
    verdict: Element,
    // Part 2.
    eta: NumberField,
    seed: NumberField,
    max_epochs: NumberField,
    speed: HtmlSelectElement,
    play: HtmlElement,
    step: HtmlElement,
    timeline: Timeline,
    learn_plot: HiDpiCanvas,
    epochs_chart: HiDpiCanvas,
    status: Element,
    rule: Element,
    last_epoch: Element,
    history: Element,
    // Part 3.
    xor_x: HiDpiCanvas,
    xor_s: HiDpiCanvas,
    xor_table: Element,
    proof: Element,
    state: RefCell<State>,
    anim: RefCell<Option<AnimLoop>>,
    rendered_lang: Cell<Option<Lang>>,
}

pub struct PerceptronView {
    section: Element,
    parts: Rc<Parts>,
}

/// A `<select>` with a translated label; `options` are (value, text, i18n key for the text or "").
fn select(
    parent: &Element,
    label: &str,
    role: &str,
    options: &[(String, String, &str)],
) -> HtmlSelectElement {
    let wrap = child(parent, "label", "field");
    text_el(&wrap, "span", "field-label", label);
    let sel = child(&wrap, "select", "");
    set_attr(&sel, "data-role", role);
    for (value, text, key) in options {
        let o = child(&sel, "option", "");
        set_attr(&o, "value", value);
        if key.is_empty() {
            set_text(&o, text);
        } else {
            set_attr(&o, "data-i18n", key);
            set_attr(&o, "data-i18n-arg", text);
        }
    }
    sel.unchecked_into()
}

fn target_select(parent: &Element, part: &str) -> HtmlSelectElement {
    let opts: Vec<_> = Gate::ALL
        .iter()
        .map(|g| (g.id().to_string(), g.name().to_string(), ""))
        .collect();
    let s = select(parent, "pct.target", "target", &opts);
    set_attr(&s, "data-part", part);
    s
}

/// A canvas that only shows (it takes no keys, so it is not a tab stop).
fn plot_canvas(parent: &Element, class: &str, aria: &str) -> HiDpiCanvas {
    let c = HiDpiCanvas::new(parent, class, aria);
    let _ = c.el.remove_attribute("tabindex");
    c
}

fn part(section: &Element, id: &str, title: &str, intro: &str) -> Element {
    let p = child(section, "section", "pct-part");
    set_attr(&p, "id", id);
    text_el(&p, "h3", "", title);
    text_el(&p, "p", "intro", intro);
    p
}

impl PerceptronView {
    pub fn mount(section: Element, ctx: &Ctx) -> PerceptronView {
        // Part 1: weights, bias, presets, target; the plot, formulas and truth table.
        let p1 = part(&section, "pct-gates", "pct.sec.gates", "pct.gates.intro");
        let grid = child(&p1, "div", "lab-grid");
        let controls = child(&grid, "div", "controls");
        let presets = child(&controls, "fieldset", "presets");
        text_el(&presets, "legend", "", "pct.presets");
        let mut preset_buttons = Vec::new();
        for g in [Gate::And, Gate::Nand, Gate::Or] {
            let Some(p) = g.preset() else { continue };
            let b = dom::el("button", "preset");
            set_attr(&b, "type", "button");
            set_attr(&b, "data-gate", g.id());
            set_text(&b, &render::preset_label(g, &p));
            let _ = presets.append_child(&b);
            preset_buttons.push((g, b));
        }
        let target1 = target_select(&controls, "gates");
        let (lo, hi) = W_RANGE;
        let w1 = SliderField::new(&controls, "pct.w1", lo, hi, 0.01);
        let w2 = SliderField::new(&controls, "pct.w2", lo, hi, 0.01);
        let b = SliderField::new(&controls, "pct.b", lo, hi, 0.01);
        let theta = SliderField::new(&controls, "pct.theta", lo, hi, 0.01);
        for (s, knob) in [(&w1, "w1"), (&w2, "w2"), (&b, "b"), (&theta, "theta")] {
            set_attr(&s.field.input, "data-knob", knob);
            set_attr(&s.range, "data-knob", knob);
        }

        // Beside the controls: the plot and, under it, the truth table.
        let main1 = child(&grid, "div", "pct-main");
        let fig = child(&main1, "figure", "chart square");
        let plot = plot_canvas(&fig, "plot square", "pct.plot");
        let cap = child(&fig, "figcaption", "legend");
        render::legend(&cap);
        let truth_title = text_el(&main1, "h4", "", "pct.truth");
        let truth = child(&main1, "div", "truth-wrap");
        // Scrolls sideways on narrow screens: a labelled region the keyboard can reach.
        set_attr(&truth, "tabindex", "0");
        set_attr(&truth, "role", "region");
        set_attr(&truth, "data-i18n-aria", "pct.truth");
        let verdict = child(&main1, "p", "verdict");
        set_attr(&verdict, "aria-live", "polite");
        stage::mount(&p1, &fig, &[&truth_title, &truth, &verdict]);
        // Below, side by side when there is room: the decision line, and the two forms of the rule.
        let below = child(&p1, "div", "pct-below");
        let line_note = child(&below, "div", "line-note pct-col");
        set_attr(&line_note, "aria-live", "polite");
        let formulas = child(&below, "div", "formula-list pct-formulas pct-col");

        // Part 2: the learning rule.
        let p2 = part(&section, "pct-learn", "pct.sec.learn", "pct.learn.about");
        let grid2 = child(&p2, "div", "lab-grid");
        let controls2 = child(&grid2, "div", "controls");
        let target2 = target_select(&controls2, "learn");
        let eta = NumberField::new(&controls2, "pct.eta", ETA_RANGE.0, ETA_RANGE.1, 0.01);
        let seed =
            NumberField::new(&controls2, "pct.seed", SEED_RANGE.0, SEED_RANGE.1, 1.0).integer();
        let max_epochs = NumberField::new(
            &controls2,
            "pct.max_epochs",
            MAX_EPOCHS_RANGE.0 as f64,
            MAX_EPOCHS_RANGE.1 as f64,
            10.0,
        )
        .integer();
        for (f, role) in [(&eta, "eta"), (&seed, "seed"), (&max_epochs, "max-epochs")] {
            set_attr(&f.input, "data-role", role);
        }
        let speeds: Vec<_> = SPEEDS
            .iter()
            .map(|s| (s.to_string(), s.to_string(), "pct.speed.n"))
            .collect();
        let speed = select(&controls2, "pct.speed", "speed", &speeds);
        let buttons = child(&controls2, "div", "button-row");
        let play = button(&buttons, "primary", "pct.play");
        set_attr(&play, "data-role", "play");
        let step = button(&buttons, "", "pct.step");
        set_attr(&step, "data-role", "step");
        let reset = button(&buttons, "", "pct.reset");
        set_attr(&reset, "data-role", "reset");
        key_action(&play, "play");
        key_action(&step, "step");
        key_action(&reset, "reset");
        let timeline = Timeline::new(&controls2, "timeline.epoch");
        let status = child(&controls2, "div", "learn-status");
        set_attr(&status, "aria-live", "polite");
        for (b, action) in [(&play, "play"), (&step, "step"), (&reset, "reset")] {
            stage::key_action(b, action);
        }

        let fig2 = child(&grid2, "figure", "chart square");
        let learn_plot = plot_canvas(&fig2, "plot square", "pct.plot");
        let cap2 = child(&fig2, "figcaption", "legend");
        render::legend(&cap2);
        let rule = child(&p2, "div", "formula-list");
        let pair = child(&p2, "div", "pct-below wide-cols");
        let fig3 = child(&pair, "figure", "chart pct-col");
        let epochs_chart = plot_canvas(&fig3, "plot epochs", "pct.epochs.chart");
        text_el(&fig3, "figcaption", "hint", "pct.epochs.caption");
        let last_epoch = child(&pair, "div", "last-epoch pct-col");
        stage::mount(&p2, &fig2, &[&status, &last_epoch]);
        text_el(&p2, "h4", "", "pct.history");
        let history = child(&p2, "div", "history-wrap");
        set_attr(&history, "tabindex", "0");
        set_attr(&history, "data-i18n-aria", "pct.history");

        // Part 3: XOR as two layers.
        let p3 = part(&section, "pct-xor", "pct.sec.xor", "pct.xor.intro");
        let net = child(&p3, "div", "formula xor-net");
        net.set_inner_html(&crate::labs::perceptron::math::xor_network());
        let xgrid = child(&p3, "div", "xor-grid");
        let dfig = child(&xgrid, "figure", "diagram");
        let svg = child(&dfig, "div", "svg-wrap");
        set_attr(&svg, "role", "img");
        set_attr(&svg, "data-i18n-aria", "pct.xor.diagram");
        svg.set_inner_html(&render::diagram());
        text_el(&dfig, "figcaption", "hint", "pct.xor.diagram");
        let xor_table = child(&xgrid, "div", "truth-wrap");
        set_attr(&xor_table, "tabindex", "0");
        set_attr(&xor_table, "role", "region");
        set_attr(&xor_table, "data-i18n-aria", "pct.xor.table");
        let plots = child(&p3, "div", "chart-pair");
        let fx = child(&plots, "figure", "chart square");
        let xor_x = plot_canvas(&fx, "plot square", "pct.xor.plot_x");
        text_el(&fx, "figcaption", "hint", "pct.xor.plot_x");
        let fs = child(&plots, "figure", "chart square");
        let xor_s = plot_canvas(&fs, "plot square", "pct.xor.plot_s");
        text_el(&fs, "figcaption", "hint", "pct.xor.plot_s");
        text_el(&p3, "p", "hint", "pct.xor.legend_lines");
        stage::mount(&p3, &plots, &[&xor_table]);
        text_el(&p3, "h4", "", "pct.proof.title");
        let proof = child(&p3, "div", "proof");

        let cfg = PerceptronLabConfig::default();
        let learner = Learner::with_defaults(cfg.target, cfg.p);
        let parts = Rc::new(Parts {
            ctx: ctx.clone(),
            targets: vec![target1, target2],
            w1,
            w2,
            b,
            theta,
            plot,
            line_note,
            formulas,
            truth,
            verdict,
            eta,
            seed,
            max_epochs,
            speed,
            play,
            step,
            timeline,
            learn_plot,
            epochs_chart,
            status,
            rule,
            last_epoch,
            history,
            xor_x,
            xor_s,
            xor_table,
            proof,
            state: RefCell::new(State {
                cfg,
                learner,
                last_step: 0.0,
                furthest: 0,
            }),
            anim: RefCell::new(None),
            rendered_lang: Cell::new(None),
        });
        let weak = Rc::downgrade(&parts);
        *parts.anim.borrow_mut() =
            Some(AnimLoop::new(8.0, move |_b: &Budget| actions::tick(&weak)));
        Self::wire(&parts, preset_buttons, reset);
        PerceptronView { section, parts }
    }

    fn wire(p: &Rc<Parts>, presets: Vec<(Gate, Element)>, reset: HtmlElement) {
        for (g, btn) in presets {
            let p2 = p.clone();
            on(&btn, "click", move |_: MouseEvent| p2.preset(g));
        }
        for sel in &p.targets {
            let (p2, s) = (p.clone(), sel.clone());
            on(sel, "change", move |_: Event| {
                if let Some(g) = Gate::from_id(&s.value()) {
                    p2.settings(|c| c.target = g);
                }
            });
        }
        for (s, knob) in [
            (&p.w1, Knob::W1),
            (&p.w2, Knob::W2),
            (&p.b, Knob::B),
            (&p.theta, Knob::Theta),
        ] {
            let (p2, f) = (p.clone(), s.field.clone());
            on(&s.field.input, "input", move |_: Event| {
                if let Some(v) = f.read(p2.ctx.lang()) {
                    p2.knob(knob, v);
                }
            });
        }
        let (p2, f) = (p.clone(), p.eta.clone());
        on(&p.eta.input, "input", move |_: Event| {
            if let Some(v) = f.read(p2.ctx.lang()) {
                p2.settings(|c| c.eta = v);
            }
        });
        let (p2, f) = (p.clone(), p.max_epochs.clone());
        on(&p.max_epochs.input, "input", move |_: Event| {
            if let Some(v) = f.read(p2.ctx.lang()) {
                p2.settings(|c| c.max_epochs = v as usize);
            }
        });
        let (p2, f) = (p.clone(), p.seed.clone());
        on(&p.seed.input, "input", move |_: Event| {
            if let Some(v) = f.read(p2.ctx.lang()) {
                p2.state.borrow_mut().cfg.seed = v as u64;
                p2.reset();
            }
        });
        let (p2, s) = (p.clone(), p.speed.clone());
        on(&p.speed, "change", move |_: Event| {
            if let Ok(v) = s.value().parse::<u32>() {
                if SPEEDS.contains(&v) {
                    p2.state.borrow_mut().cfg.speed = v;
                    p2.write_url();
                }
            }
        });
        let p2 = p.clone();
        on(&p.play, "click", move |_: MouseEvent| p2.toggle_play());
        let p2 = p.clone();
        on(&p.step, "click", move |_: MouseEvent| {
            p2.pause();
            p2.step_epoch();
        });
        let p2 = p.clone();
        on(&reset, "click", move |_: MouseEvent| {
            p2.pause();
            p2.reset();
        });
        let p2 = p.clone();
        p.timeline.on_back(move || {
            p2.pause();
            let k = p2.state.borrow().learner.epoch();
            p2.go_to_epoch(k.saturating_sub(1));
        });
        let p2 = p.clone();
        p.timeline.on_seek(move |k| {
            p2.pause();
            p2.go_to_epoch(k);
        });
        let p2 = p.clone();
        on(&dom::window(), "resize", move |_: Event| p2.draw());
    }
}

impl LabView for PerceptronView {
    fn section(&self) -> &Element {
        &self.section
    }

    fn show(&self, route: &Route) {
        let p = &self.parts;
        p.pause();
        p.state.borrow_mut().cfg = PerceptronLabConfig::read(route);
        p.rebuild();
        p.sync_controls();
        p.render();
    }

    fn hide(&self) {
        self.parts.pause();
    }

    fn relabel(&self, _lang: Lang) {
        self.parts.render();
    }
}
