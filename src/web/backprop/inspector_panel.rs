//! The inspector panel: a 2-2-1 … 2-3-2 network on XOR, stepped stage by stage (s), trained by play (space),
//! rebuilt from its seed (r); every a, z, δ, ∂C/∂w, ∂C/∂b beside its formula, and the gradient check table.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlSelectElement, MouseEvent};

use super::{keys_hint, select, Shared};
use crate::i18n::{self, Lang};
use crate::labs::backprop::inspector::Inspector;
use crate::labs::backprop::{gradcheck, render, Timelines, ARCHS, BATCH, LR_RANGE, SEED_RANGE};
use crate::web::anim::{AnimLoop, Budget};
use crate::web::dom::{button, child, on, set_attr, text_el};
use crate::web::field::NumberField;
use crate::web::stage::key_action;
use crate::web::timeline::Timeline;

/// Training steps between budget checks while playing.
const CHUNK: usize = 20;

pub(crate) struct InspectorPanel {
    shared: Rc<Shared>,
    arch: HtmlSelectElement,
    sample: HtmlSelectElement,
    lr: NumberField,
    seed: NumberField,
    play_btn: HtmlElement,
    timeline: Timeline,
    progress: Element,
    body: Element,
    check: Element,
    ins: RefCell<Option<Inspector>>,
    anim: RefCell<Option<AnimLoop>>,
}

impl InspectorPanel {
    pub fn mount(section: &Element, shared: &Rc<Shared>) -> Rc<InspectorPanel> {
        let panel = child(section, "section", "bp-panel bp-inspector");
        // Focusable by a click anywhere in it, so that the keys then act on this panel.
        set_attr(&panel, "tabindex", "-1");
        text_el(&panel, "h3", "", "bp.ins.title");
        text_el(&panel, "p", "", "bp.ins.intro");
        let grid = child(&panel, "div", "lab-grid");
        let controls = child(&grid, "div", "controls");
        let archs: Vec<(&str, Option<&str>)> = ARCHS.iter().map(|a| (*a, None)).collect();
        let arch = select(&controls, "bp.ins.arch", &archs);
        let samples = [
            ("0", Some("bp.sample.0")),
            ("1", Some("bp.sample.1")),
            ("2", Some("bp.sample.2")),
            ("3", Some("bp.sample.3")),
            ("4", Some("bp.sample.batch")),
        ];
        let sample = select(&controls, "bp.ins.sample", &samples);
        let lr = NumberField::new_f32(&controls, "bp.ins.lr", LR_RANGE, 0.1);
        let seed = NumberField::new_f32(&controls, "bp.ins.seed", SEED_RANGE, 1.0);
        let row = child(&controls, "div", "buttons");
        let step = button(&row, "primary", "bp.step");
        set_attr(&step, "data-role", "ins-step");
        let play_btn = button(&row, "", "bp.train");
        set_attr(&play_btn, "data-role", "ins-play");
        let reset = button(&row, "", "bp.reset");
        set_attr(&reset, "data-role", "ins-reset");
        key_action(&step, "step");
        key_action(&play_btn, "play");
        key_action(&reset, "reset");
        let timeline = Timeline::new(&controls, "timeline.stage");
        keys_hint(&controls);
        text_el(&controls, "p", "hint", "bp.ins.play_note");
        let side = child(&grid, "div", "bp-progress-box");
        let progress = child(&side, "div", "");
        set_attr(&progress, "aria-live", "polite");
        let body = child(&panel, "div", "bp-steps");
        crate::web::stage::mount(&panel, &side, &[&body]);
        for (b, action) in [(&step, "step"), (&play_btn, "play"), (&reset, "reset")] {
            crate::web::stage::key_action(b, action);
        }

        let csec = child(&panel, "div", "bp-check-box");
        text_el(&csec, "h3", "", "bp.check.title");
        text_el(&csec, "p", "", "bp.check.intro");
        let run = button(&csec, "", "bp.check.run");
        set_attr(&run, "data-role", "ins-check");
        let check = child(&csec, "div", "");

        let p = Rc::new(InspectorPanel {
            shared: shared.clone(),
            arch,
            sample,
            lr,
            seed,
            play_btn,
            timeline,
            progress,
            body,
            check,
            ins: RefCell::new(None),
            anim: RefCell::new(None),
        });
        let weak = Rc::downgrade(&p);
        let anim = AnimLoop::new(8.0, move |budget: &Budget| {
            let Some(p) = weak.upgrade() else {
                return false;
            };
            let mut ok = true;
            if let Some(ins) = p.ins.borrow_mut().as_mut() {
                while ok && budget.has_time() {
                    if let Err(e) = ins.train(CHUNK) {
                        p.shared.ctx.messages.show(e, p.shared.ctx.lang());
                        ok = false;
                    }
                }
            }
            p.render();
            if !ok {
                p.sync_play(false);
            }
            ok
        });
        *p.anim.borrow_mut() = Some(anim);

        let p2 = p.clone();
        on(&step, "click", move |_: MouseEvent| p2.step());
        let p2 = p.clone();
        on(&p.play_btn, "click", move |_: MouseEvent| p2.toggle_play());
        let p2 = p.clone();
        on(&reset, "click", move |_: MouseEvent| p2.reset());
        let p2 = p.clone();
        on(&run, "click", move |_: MouseEvent| p2.gradient_check());
        let p2 = p.clone();
        p.timeline.on_back(move || p2.travel(|ins| ins.back()));
        let p2 = p.clone();
        p.timeline
            .on_seek(move |k| p2.travel(|ins| ins.goto_stage(k)));
        // The stage pills are buttons: a click goes to that stage.
        let p2 = p.clone();
        on(&p.body, "click", move |ev: MouseEvent| {
            let stage = ev
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|e| e.closest("[data-bp-stage]").ok().flatten())
                .and_then(|e| e.get_attribute("data-bp-stage"))
                .and_then(|v| v.parse::<usize>().ok());
            if let Some(k) = stage {
                p2.travel(|ins| ins.goto_stage(k));
            }
        });
        let p2 = p.clone();
        on(&p.arch, "change", move |_: Event| {
            let v = p2.arch.value();
            let mut parts = v.split('-').skip(1).filter_map(|n| n.parse::<usize>().ok());
            if let (Some(h), Some(o)) = (parts.next(), parts.next()) {
                let mut cfg = p2.shared.cfg.borrow_mut();
                cfg.hidden = h;
                cfg.output = o;
            }
            p2.changed_rebuild();
        });
        let p2 = p.clone();
        on(&p.sample, "change", move |_: Event| {
            if let Ok(n) = p2.sample.value().parse::<usize>() {
                p2.shared.cfg.borrow_mut().sample = n.min(BATCH);
            }
            p2.changed_rebuild();
        });
        let p2 = p.clone();
        on(&p.lr.input, "input", move |_: Event| {
            if let Some(v) = p2.lr.read(p2.shared.ctx.lang()) {
                p2.shared.cfg.borrow_mut().lr = v as f32;
                if let Some(ins) = p2.ins.borrow_mut().as_mut() {
                    ins.cfg.lr = v as f32;
                }
                p2.shared.changed();
            }
        });
        let p2 = p.clone();
        on(&p.seed.input, "input", move |_: Event| {
            if let Some(v) = p2.seed.read(p2.shared.ctx.lang()) {
                p2.shared.cfg.borrow_mut().seed = v.round() as u64;
                p2.changed_rebuild();
            }
        });
        p
    }

    pub fn built(&self) -> bool {
        self.ins.borrow().is_some()
    }

    fn changed_rebuild(&self) {
        // New settings start a new network: its timeline starts at 0.
        {
            let mut cfg = self.shared.cfg.borrow_mut();
            cfg.at = Timelines {
                graph_step: cfg.at.graph_step,
                ..Timelines::default()
            };
        }
        self.shared.changed();
        self.rebuild();
    }

    /// Move along the timeline (back, a stage, a pill), then show it and put it in the link.
    fn travel(&self, f: impl FnOnce(&mut Inspector) -> crate::Result<()>) {
        self.pause();
        let r = self.ins.borrow_mut().as_mut().map(f);
        if let Some(Err(e)) = r {
            self.shared.ctx.messages.show(e, self.shared.ctx.lang());
        }
        self.render();
        self.write_at();
    }

    /// The link says where the inspector stands (not while training: see `pause`).
    fn write_at(&self) {
        let Some(at) = self.ins.borrow().as_ref().map(|i| i.timeline()) else {
            return;
        };
        let changed = {
            let mut cfg = self.shared.cfg.borrow_mut();
            let at = Timelines {
                graph_step: cfg.at.graph_step,
                ..at
            };
            let changed = cfg.at != at;
            cfg.at = at;
            changed
        };
        if changed {
            self.shared.changed();
        }
    }

    /// The settings changed from the URL: controls follow and the network is rebuilt.
    pub fn apply_cfg(&self) {
        let cfg = self.shared.cfg.borrow().clone();
        self.arch.set_value(&cfg.arch());
        self.sample.set_value(&cfg.sample.to_string());
        self.lr.set(cfg.lr as f64);
        self.seed.set(cfg.seed as f64);
        self.rebuild();
    }

    /// A fresh network from the seed (the same seed gives the same weights).
    fn rebuild(&self) {
        self.pause();
        let cfg = self.shared.cfg.borrow().clone();
        // A link's timeline position is replayed from the seed.
        match Inspector::replay(&cfg) {
            Ok(ins) => *self.ins.borrow_mut() = Some(ins),
            Err(e) => self.shared.ctx.messages.show(e, self.shared.ctx.lang()),
        }
        self.check.set_inner_html("");
        self.render();
    }

    fn step(&self) {
        self.travel(|i| i.step());
    }

    fn reset(&self) {
        {
            let mut cfg = self.shared.cfg.borrow_mut();
            cfg.at = Timelines {
                graph_step: cfg.at.graph_step,
                ..Timelines::default()
            };
        }
        self.rebuild();
        self.write_at();
    }

    fn toggle_play(&self) {
        let running = self.anim.borrow().as_ref().is_some_and(|a| a.is_running());
        if running {
            self.pause();
        } else {
            if let Some(a) = self.anim.borrow().as_ref() {
                a.play();
            }
            self.sync_play(true);
        }
    }

    pub fn pause(&self) {
        let was_running = self.anim.borrow().as_ref().is_some_and(|a| a.is_running());
        if let Some(a) = self.anim.borrow().as_ref() {
            a.pause();
        }
        self.sync_play(false);
        if was_running {
            self.write_at();
        }
    }

    fn sync_play(&self, running: bool) {
        let key = if running { "bp.pause" } else { "bp.train" };
        set_attr(&self.play_btn, "data-i18n", key);
        set_attr(
            &self.play_btn,
            "aria-pressed",
            if running { "true" } else { "false" },
        );
        self.play_btn
            .set_text_content(Some(i18n::t(self.shared.ctx.lang(), key)));
    }

    /// Space, s, r; returns whether the key was one of them.
    pub fn key(&self, key: &str) -> bool {
        match key {
            " " => self.toggle_play(),
            "s" | "S" => self.step(),
            "r" | "R" => self.reset(),
            _ => return false,
        }
        true
    }

    fn gradient_check(&self) {
        self.pause();
        let lang = self.shared.ctx.lang();
        let mut guard = self.ins.borrow_mut();
        let Some(ins) = guard.as_mut() else { return };
        let (x, t) = (ins.x.clone(), ins.t.clone());
        match gradcheck::check(&mut ins.net, &x, &t) {
            Ok(rows) => self.check.set_inner_html(&render::gradcheck(&rows, lang)),
            Err(e) => self.shared.ctx.messages.show(e, lang),
        }
    }

    fn render(&self) {
        let lang = self.shared.ctx.lang();
        let mut guard = self.ins.borrow_mut();
        let Some(ins) = guard.as_mut() else { return };
        match ins.xor_outputs() {
            Ok((y, cost)) => {
                self.progress
                    .set_inner_html(&render::xor_progress(&y, cost, ins.iteration, lang))
            }
            Err(e) => self.shared.ctx.messages.show(e, lang),
        }
        self.body.set_inner_html(&render::inspector(ins, lang));
        let last = ins.stage_count() - 1;
        self.timeline.set(ins.stage, last);
        self.timeline.enable_back(ins.can_go_back());
    }

    pub fn relabel(&self, lang: Lang) {
        self.lr.relabel(lang);
        self.seed.relabel(lang);
        let running = self.anim.borrow().as_ref().is_some_and(|a| a.is_running());
        self.sync_play(running);
        self.render();
        // A table from an earlier check is stale in the other language; it is cheap to clear.
        self.check.set_inner_html("");
    }
}
