//! The optimizers lab view: presets, surface, start point, steps, play/step/reset with a speed, lr decay,
//! one fieldset of hyperparameters per optimizer, the contour plot with the racing paths (click or drag to
//! move the start), the loss chart, the results table and the update rules. All the racing is `labs::optimizers`.

mod draw;
mod wire;

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, HtmlElement, HtmlInputElement};

use super::anim::{AnimLoop, Budget};
use super::canvas::HiDpiCanvas;
use super::dom::{self, button, child, set_attr, set_text, text_el};
use super::field::NumberField;
use super::lab::{Ctx, LabView};
use crate::i18n::Lang;
use crate::labs::optimizers::config::{
    extras, with_extra, DECAY_RANGE, LR_RANGE, RATE_RANGE, SPEED_RANGE, START_RANGE, STEPS_RANGE,
};
use crate::labs::optimizers::{formula, OptimizersLabConfig, Race, Surface};
use crate::optim::OptimizerKind;
use crate::plot::contour::Segment;
use crate::plot::PlotFrame;
use crate::urlstate::Route;
use crate::web::stage::key_action;
use crate::web::timeline::Timeline;

struct State {
    cfg: OptimizersLabConfig,
    race: Option<Race>,
    contours: Option<(Surface, Vec<Segment>)>,
    frame: Option<PlotFrame>,
    dragging: bool,
    /// Where playing started (ms, step), so steps follow the speed whatever the frame rate.
    play_from: (f64, usize),
}

/// One optimizer's controls.
struct RacerControls {
    enabled: HtmlInputElement,
    lr: NumberField,
    extras: Vec<(&'static str, NumberField)>,
}

struct Parts {
    ctx: Ctx,
    plot: HiDpiCanvas,
    loss: HiDpiCanvas,
    surfaces: Vec<HtmlInputElement>,
    about: Element,
    surface_formula: Element,
    start_x: NumberField,
    start_y: NumberField,
    steps: NumberField,
    speed: NumberField,
    play: HtmlElement,
    timeline: Timeline,
    progress: Element,
    decay_on: HtmlInputElement,
    decay: NumberField,
    racers: Vec<RacerControls>,
    legend: Element,
    results: Element,
    path_table: Element,
    anim: RefCell<Option<AnimLoop>>,
    state: RefCell<State>,
}

pub struct OptimizersView {
    section: Element,
    parts: Rc<Parts>,
}

fn field(parent: &Element, key: &'static str, r: (f32, f32), step: f64) -> NumberField {
    NumberField::new_f32(parent, key, r, step)
}

impl OptimizersView {
    pub fn mount(section: Element, ctx: &Ctx) -> OptimizersView {
        let grid = child(&section, "div", "lab-grid");
        let controls = child(&grid, "div", "controls");

        let set = child(&controls, "fieldset", "opt-presets");
        text_el(&set, "legend", "", "opt.presets");
        let book = button(&set, "", "opt.preset.book");
        set_attr(&book, "data-preset", "book");
        let engine = button(&set, "", "opt.preset.engine");
        set_attr(&engine, "data-preset", "engine");
        text_el(&set, "p", "hint", "opt.preset.note");

        let set = child(&controls, "fieldset", "");
        text_el(&set, "legend", "", "opt.surface");
        let mut surfaces = Vec::new();
        for s in Surface::ALL {
            let label = child(&set, "label", "check");
            let rb = dom::input(&label, "radio", "");
            set_attr(&rb, "name", "opt-surface");
            set_attr(&rb, "data-surface", s.key());
            text_el(&label, "span", "", &format!("opt.surface.{}", s.key()));
            surfaces.push(rb);
        }
        let surface_formula = child(&set, "div", "formula");
        let about = child(&set, "p", "hint");

        let start_x = field(&controls, "opt.start_x", START_RANGE, 0.5);
        let start_y = field(&controls, "opt.start_y", START_RANGE, 0.5);
        let steps = field(
            &controls,
            "opt.steps",
            (STEPS_RANGE.0 as f32, STEPS_RANGE.1 as f32),
            10.0,
        );

        let set = child(&controls, "fieldset", "opt-run");
        text_el(&set, "legend", "", "opt.run");
        let row = child(&set, "div", "button-row");
        let play = button(&row, "", "opt.play");
        set_attr(&play, "data-role", "play");
        let step = button(&row, "", "opt.step");
        set_attr(&step, "data-role", "step");
        let reset = button(&row, "", "opt.reset");
        set_attr(&reset, "data-role", "reset");
        key_action(&play, "play");
        key_action(&step, "step");
        key_action(&reset, "reset");
        let timeline = Timeline::new(&set, "timeline.race");
        let progress = child(&set, "p", "progress");
        set_attr(&progress, "aria-live", "polite");
        let speed = field(&set, "opt.speed", SPEED_RANGE, 5.0);

        let set = child(&controls, "fieldset", "");
        text_el(&set, "legend", "", "opt.decay.legend");
        let label = child(&set, "label", "check");
        let decay_on = dom::input(&label, "checkbox", "");
        set_attr(&decay_on, "data-role", "decay");
        text_el(&label, "span", "", "opt.decay_on");
        let decay = field(&set, "opt.decay", DECAY_RANGE, 0.01);
        child(&set, "div", "formula").set_inner_html(&formula::decay_rule());
        text_el(&set, "p", "hint", "opt.decay.note");

        let fig = child(&grid, "figure", "chart");
        let plot = HiDpiCanvas::new(&fig, "plot", "opt.chart");
        let legend = child(&fig, "div", "opt-legend");
        text_el(&fig, "figcaption", "hint", "opt.hint");
        let loss_title = text_el(&fig, "h3", "opt-loss-title", "opt.loss_title");
        let loss = HiDpiCanvas::new(&fig, "plot opt-loss", "opt.loss_chart");

        let sec = child(&section, "div", "opt-racers");
        text_el(&sec, "h3", "", "opt.optimizers");
        text_el(&sec, "p", "hint", "opt.formula.note");
        let list = child(&sec, "div", "opt-racer-list");
        let mut racers = Vec::new();
        for (i, kind) in OptimizerKind::ALL.into_iter().enumerate() {
            racers.push(Self::racer_controls(&list, i, kind));
        }

        let res = child(&section, "div", "opt-results");
        text_el(&res, "h3", "", "opt.results");
        let results = child(&res, "div", "readout opt-results");
        set_attr(&results, "aria-live", "polite");
        // Wide tables scroll sideways: focusable, so the keyboard can scroll them.
        set_attr(&results, "tabindex", "0");
        let details = child(&res, "details", "");
        text_el(&details, "summary", "", "opt.path_table");
        let path_table = child(&details, "div", "readout opt-path-table");
        set_attr(&path_table, "tabindex", "0");
        // The contour race and its numbers on one screen: progress, then the results table.
        // The loss chart follows the results: beside the contours on a wide screen, in the numbers' scroll box
        // on a narrow one.
        crate::web::stage::mount(&grid, &fig, &[&progress, &results, &loss_title, &loss.el]);
        for (b, action) in [(&play, "play"), (&step, "step"), (&reset, "reset")] {
            crate::web::stage::key_action(b, action);
        }

        let parts = Rc::new(Parts {
            ctx: ctx.clone(),
            plot,
            loss,
            surfaces,
            about,
            surface_formula,
            start_x,
            start_y,
            steps,
            speed,
            play,
            timeline,
            progress,
            decay_on,
            decay,
            racers,
            legend,
            results,
            path_table,
            anim: RefCell::new(None),
            state: RefCell::new(State {
                cfg: OptimizersLabConfig::default(),
                race: None,
                contours: None,
                frame: None,
                dragging: false,
                play_from: (0.0, 0),
            }),
        });
        let weak = Rc::downgrade(&parts);
        let anim = AnimLoop::new(8.0, move |budget: &Budget| {
            weak.upgrade().is_some_and(|p| p.tick(budget))
        });
        *parts.anim.borrow_mut() = Some(anim);
        wire::all(&parts, &book, &engine, &step, &reset);
        OptimizersView { section, parts }
    }

    fn racer_controls(list: &Element, i: usize, kind: OptimizerKind) -> RacerControls {
        let set = child(list, "fieldset", "opt-racer");
        let legend = child(&set, "legend", "");
        let label = child(&legend, "label", "check");
        let enabled = dom::input(&label, "checkbox", "");
        set_attr(&enabled, "data-kind", kind.key());
        let (color, marker) = crate::labs::optimizers::chart_data::style_of(i);
        let glyph = child(&label, "span", "glyph");
        set_attr(
            &glyph,
            "style",
            &format!("color:{}", crate::plot::palette::css(color)),
        );
        set_text(&glyph, marker.glyph());
        text_el(&label, "span", "", &format!("opt.kind.{}", kind.key()));
        let lr = field(&set, "opt.lr", LR_RANGE, 0.01);
        let extras = extras(&crate::optim::OptimConfig::default_for(kind))
            .into_iter()
            .map(|(name, _)| {
                let key = match name {
                    "momentum" => "opt.momentum",
                    "decay_rate" => "opt.decay_rate",
                    "beta1" => "opt.beta1",
                    _ => "opt.beta2",
                };
                (name, field(&set, key, RATE_RANGE, 0.01))
            })
            .collect();
        child(&set, "div", "formula").set_inner_html(&formula::update_rule(kind));
        RacerControls {
            enabled,
            lr,
            extras,
        }
    }
}

impl Parts {
    fn lang(&self) -> Lang {
        self.ctx.lang()
    }

    /// Settings changed by a control: rebuild the race at the same step (the end if it had finished),
    /// write the URL and redraw.
    fn changed(&self) {
        let mut route = Route::new("optimizers");
        self.state.borrow().cfg.write(&mut route);
        (self.ctx.set_route)(&route);
        self.rebuild(false);
        self.redraw();
    }

    /// A preset or a new surface: the whole race at once, as the book's figure shows it.
    fn changed_to_end(&self) {
        self.state.borrow_mut().cfg.at = None;
        let mut route = Route::new("optimizers");
        self.state.borrow().cfg.write(&mut route);
        (self.ctx.set_route)(&route);
        self.rebuild(true);
        self.redraw();
    }

    /// A new race for the settings; `to_end` runs it to the end, otherwise to the step the old one had reached.
    fn rebuild(&self, to_end: bool) {
        let mut st = self.state.borrow_mut();
        let target = match &st.race {
            Some(r) if !to_end && !r.done() => r.step,
            // A link's timeline position (none after a preset: the whole race).
            _ => st.cfg.at.unwrap_or(usize::MAX),
        };
        match Race::new(&st.cfg) {
            Ok(mut race) => {
                race.run_to(target);
                st.race = Some(race);
                self.ctx.messages.clear();
            }
            Err(e) => {
                st.race = None;
                self.ctx.messages.show(e, self.lang());
            }
        }
    }

    fn pause(&self) {
        let was_running = self.anim.borrow().as_ref().is_some_and(|a| a.is_running());
        if let Some(a) = self.anim.borrow().as_ref() {
            a.pause();
        }
        self.set_play_label(false);
        if was_running {
            self.write_at();
        }
    }

    /// The race after k steps (back by replaying from the start), then the link and the plot follow.
    fn go_to(&self, k: usize) {
        if let Some(r) = self.state.borrow_mut().race.as_mut() {
            r.seek(k);
        }
        self.write_at();
        self.redraw();
    }

    /// The link says where the timeline stands (nothing once the race is complete). Not while playing:
    /// a link written every frame would be throttled by the browser.
    fn write_at(&self) {
        let at = {
            let mut st = self.state.borrow_mut();
            let at = st.race.as_ref().and_then(|r| (!r.done()).then_some(r.step));
            if st.cfg.at == at {
                return;
            }
            st.cfg.at = at;
            at
        };
        let _ = at;
        let mut route = Route::new("optimizers");
        self.state.borrow().cfg.write(&mut route);
        (self.ctx.set_route)(&route);
    }

    fn set_play_label(&self, playing: bool) {
        let key = if playing { "opt.pause" } else { "opt.play" };
        set_attr(&self.play, "data-i18n", key);
        self.play
            .set_text_content(Some(crate::i18n::t(self.lang(), key)));
        set_attr(
            &self.play,
            "aria-pressed",
            if playing { "true" } else { "false" },
        );
    }

    fn toggle_play(&self) {
        let running = self.anim.borrow().as_ref().is_some_and(|a| a.is_running());
        if running {
            self.pause();
            return;
        }
        {
            let mut st = self.state.borrow_mut();
            let Some(race) = st.race.as_mut() else { return };
            if race.done() {
                race.reset();
            }
            let k = race.step;
            st.play_from = (Budget::now(), k);
        }
        if let Some(a) = self.anim.borrow().as_ref() {
            a.play();
        }
        self.set_play_label(true);
        self.redraw();
    }

    /// One animation frame: the steps due at the chosen speed (within the frame's budget), then a redraw.
    fn tick(&self, budget: &Budget) -> bool {
        let go_on = {
            let mut st = self.state.borrow_mut();
            let (t0, k0) = st.play_from;
            let speed = st.cfg.speed as f64;
            let Some(race) = st.race.as_mut() else {
                return false;
            };
            let due = k0 + 1 + ((Budget::now() - t0) / 1000.0 * speed) as usize;
            while race.step < due && budget.has_time() && race.step() {}
            !race.done()
        };
        self.redraw();
        if !go_on {
            self.set_play_label(false);
            self.write_at();
        }
        go_on
    }

    fn move_start(&self, x: f64, y: f64) {
        let (lo, hi) = (START_RANGE.0 as f64, START_RANGE.1 as f64);
        let (x, y) = (x.clamp(lo, hi), y.clamp(lo, hi));
        // Rounded so the URL and the fields stay short.
        let r = |v: f64| ((v * 1000.0).round() / 1000.0) as f32;
        self.state.borrow_mut().cfg.start = (r(x), r(y));
        self.start_x.set(r(x) as f64);
        self.start_y.set(r(y) as f64);
        self.changed();
    }

    fn sync_controls(&self) {
        let st = self.state.borrow();
        let c = &st.cfg;
        for (rb, s) in self.surfaces.iter().zip(Surface::ALL) {
            rb.set_checked(s == c.surface);
        }
        self.start_x.set(c.start.0 as f64);
        self.start_y.set(c.start.1 as f64);
        self.steps.set(c.steps as f64);
        self.speed.set(c.speed as f64);
        self.decay_on.set_checked(c.decay_on);
        self.decay.set(c.decay as f64);
        for (rc, ctl) in c.racers.iter().zip(&self.racers) {
            ctl.enabled.set_checked(rc.enabled);
            ctl.lr.set(rc.optim.lr() as f64);
            for ((_, f), (_, v)) in ctl.extras.iter().zip(extras(&rc.optim)) {
                f.set(v as f64);
            }
        }
    }

    /// Apply a hyperparameter typed into racer `i`'s field `name` ("lr" or one of `extras`).
    fn set_hyper(&self, i: usize, name: &str, v: f32) {
        {
            let mut st = self.state.borrow_mut();
            let o = st.cfg.racers[i].optim;
            st.cfg.racers[i].optim = if name == "lr" {
                o.with_lr(v)
            } else {
                with_extra(o, name, v)
            };
        }
        self.changed();
    }
}

impl LabView for OptimizersView {
    fn section(&self) -> &Element {
        &self.section
    }

    fn show(&self, route: &Route) {
        self.parts.pause();
        self.parts.state.borrow_mut().cfg = OptimizersLabConfig::read(route);
        self.parts.sync_controls();
        self.parts.rebuild(true);
        self.parts.redraw();
    }

    fn hide(&self) {
        self.parts.pause();
    }

    fn relabel(&self, lang: Lang) {
        self.parts.set_play_label(
            self.parts
                .anim
                .borrow()
                .as_ref()
                .is_some_and(|a| a.is_running()),
        );
        let _ = lang;
        self.parts.redraw();
    }
}
