//! View 6, MLP vs CNN: the book's MLP and SimpleConvNet trained in the worker on the same digits for the same
//! time each (`labs::cnn::race`), test accuracy against seconds of training as a chart and as text, side by side.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, HtmlElement, HtmlSelectElement, MouseEvent};

use super::model::{model, Change};
use crate::i18n::{self, Lang};
use crate::labs::cnn::race::{RaceConfig, RaceProgress, BUDGET_RANGE, CNN, MLP, MLPS, RACE_TEST};
use crate::labs::cnn::train_config::CnnTrainConfig;
use crate::numfmt::sig;
use crate::plot::series::{Series, SeriesChart};
use crate::urlstate::Route;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{self, button, child, on, set_attr, set_text, text_el};
use crate::web::field::NumberField;
use crate::web::lab_parts::{Part, PartCtx};
use crate::web::stage;

struct RacePart {
    pctx: PartCtx,
    budget: NumberField,
    mlp: HtmlSelectElement,
    start: HtmlElement,
    chart: HiDpiCanvas,
    state: Element,
    table: Element,
    shown: RefCell<Option<RaceConfig>>,
}

pub(crate) fn mount(parent: &Element, pctx: &PartCtx) -> Rc<dyn Part> {
    let p = child(parent, "section", "panel cnn-panel cnn-race");
    set_attr(&p, "data-role", "cnn-race");
    text_el(&p, "h3", "", "cnn.race.title");
    let intro = text_el(&p, "p", "hint", "cnn.race.intro");
    stage::long_text(&intro);
    let grid = child(&p, "div", "lab-grid");
    let side = child(&grid, "div", "controls");
    let budget = NumberField::new(
        &side,
        "cnn.race.budget",
        BUDGET_RANGE.0 as f64,
        BUDGET_RANGE.1 as f64,
        1.0,
    )
    .integer();
    set_attr(&budget.input, "data-role", "race-budget");
    let mlp = crate::web::mnist::select(
        &side,
        "cnn.race.mlp",
        &[
            ("100", "cnn.race.mlp_100"),
            ("50-100", "cnn.race.mlp_50_100"),
        ],
    );
    set_attr(&mlp, "data-role", "race-mlp");
    let limits = text_el(&side, "p", "hint", "cnn.race.limits");
    stage::long_text(&limits);
    let buttons = child(&side, "div", "cnn-buttons");
    let start = button(&buttons, "primary", "cnn.race.start");
    set_attr(&start, "data-role", "race-start");
    stage::key_action(&start, "play");
    let figure = child(&grid, "figure", "");
    let chart = HiDpiCanvas::new(&figure, "plot cnn-chart", "cnn.race.chart");
    set_attr(&chart.el, "data-role", "race-chart");
    text_el(&figure, "figcaption", "hint", "cnn.race.legend");
    let state = dom::el("p", "cnn-state");
    set_attr(&state, "data-role", "race-state");
    set_attr(&state, "aria-live", "polite");
    let table = dom::el("div", "cnn-table");
    set_attr(&table, "data-role", "race-table");
    stage::mount(&p, &figure, &[&state, &table]);
    let part = Rc::new(RacePart {
        pctx: pctx.clone(),
        budget,
        mlp,
        start,
        chart,
        state,
        table,
        shown: RefCell::new(None),
    });
    let q = part.clone();
    on(&part.start, "click", move |_: MouseEvent| q.toggle());
    let w = Rc::downgrade(&part);
    model().listen(move |c| {
        if let (Some(p), Change::Progress) = (w.upgrade(), c) {
            p.render();
        }
    });
    part
}

impl RacePart {
    fn lang(&self) -> Lang {
        self.pctx.lang()
    }

    fn read(&self) -> Option<RaceConfig> {
        let budget_s = self.budget.read(self.lang())? as usize;
        let key = self.mlp.value();
        let hidden = MLPS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(vec![100], |(_, h)| h.to_vec());
        Some(RaceConfig { budget_s, hidden })
    }

    fn toggle(&self) {
        let m = model();
        if m.racing.get() {
            m.stop_race();
            return;
        }
        let Some(cfg) = self.read() else { return };
        if !m.loaded() {
            let e = crate::Error::new("cnn.state.loading", [""; 0]);
            self.pctx.ctx.messages.show(e, self.lang());
            return;
        }
        self.pctx.ctx.messages.clear();
        self.pctx.write(|r| cfg.write(r));
        *self.shown.borrow_mut() = Some(cfg.clone());
        m.start_race(&cfg);
        self.render();
    }

    fn render(&self) {
        let lang = self.lang();
        self.budget.relabel(lang);
        let m = model();
        let racing = m.racing.get();
        let key = if racing {
            "cnn.race.stop"
        } else {
            "cnn.race.start"
        };
        set_attr(&self.start, "data-i18n", key);
        set_text(&self.start, i18n::t(lang, key));
        let race = m.race.borrow().clone();
        let (code, text) = match (&race, racing) {
            (_, true) => ("running", i18n::t(lang, "cnn.race.running").to_string()),
            (Some(r), false) if r.done => ("done", i18n::t(lang, "cnn.race.done").to_string()),
            (Some(_), false) => ("stopped", i18n::t(lang, "cnn.race.stopped").to_string()),
            (None, false) => ("idle", i18n::t(lang, "cnn.race.idle").to_string()),
        };
        set_attr(&self.state, "data-state", code);
        set_text(&self.state, &text);
        self.render_table(race.as_ref(), lang);
        self.draw(race.as_ref(), lang);
    }

    /// One row per network: its shape, parameters, time, steps, samples/s, accuracy at the end, and the curve.
    fn render_table(&self, race: Option<&RaceProgress>, lang: Lang) {
        let Some(race) = race else {
            self.table.set_inner_html("");
            return;
        };
        let cfg = self.shown.borrow().clone().unwrap_or_default();
        let cnn = m_cfg();
        let mlp_name = format!(
            "MLP 784-{}-10",
            crate::labs::mnist::config::hidden_text(&cfg.hidden)
        );
        let cnn_name = format!(
            "SimpleConvNet ({} × {}×{})",
            cnn.filter_num, cnn.filter_size, cnn.filter_size
        );
        let mut html = format!(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            i18n::t(lang, "cnn.race.col.net"),
            i18n::t(lang, "cnn.race.col.params"),
            i18n::t(lang, "cnn.race.col.time"),
            i18n::t(lang, "cnn.race.col.steps"),
            i18n::t(lang, "cnn.race.col.speed"),
            i18n::format(lang, "cnn.race.col.acc", &[RACE_TEST.to_string()]),
        );
        for (i, (net, name)) in [(MLP, ("mlp", mlp_name)), (CNN, ("cnn", cnn_name))] {
            let r = &race.racers[i];
            let acc = r.curve.last().map(|p| p.1).unwrap_or(f32::NAN);
            html.push_str(&format!(
                "<tr data-net=\"{net}\" data-acc=\"{acc}\" data-steps=\"{}\"><td>{name}</td><td>{}</td><td>{} s</td><td>{}</td><td>{:.0}</td><td>{}</td></tr>",
                r.steps,
                r.params,
                sig(r.spent_s, 3),
                r.steps,
                r.samples_per_s,
                sig(acc as f64, 4),
            ));
        }
        html.push_str("</tbody></table>");
        // The curves as text: (seconds, accuracy) at each tenth of the budget.
        for (i, label) in [(MLP, "MLP"), (CNN, "CNN")] {
            let pts: Vec<String> = race.racers[i]
                .curve
                .iter()
                .map(|(t, a)| format!("{} s: {}", sig(*t, 3), sig(*a as f64, 3)))
                .collect();
            html.push_str(&format!(
                "<p class=\"cnn-mono\" data-role=\"race-curve-{}\">{label}: {}</p>",
                label.to_lowercase(),
                pts.join(" · ")
            ));
        }
        self.table.set_inner_html(&html);
    }

    fn draw(&self, race: Option<&RaceProgress>, lang: Lang) {
        let budget = race.map_or_else(
            || self.read().map_or(20.0, |c| c.budget_s as f64),
            |r| r.budget_s,
        );
        let series: Vec<Series> = [MLP, CNN]
            .into_iter()
            .map(|i| Series {
                points: race.map_or_else(Vec::new, |r| {
                    r.racers[i]
                        .curve
                        .iter()
                        .map(|&(t, a)| (t, a as f64))
                        .collect()
                }),
                index: i,
                every_point: true,
            })
            .collect();
        self.chart.draw_series(
            &SeriesChart {
                series: &series,
                x_range: (0.0, budget.max(1.0)),
                y_range: (0.0, 1.0),
                x_label: i18n::t(lang, "cnn.race.seconds"),
                y_label: i18n::t(lang, "cnn.chart.acc_axis"),
            },
            "cnn race chart",
        );
    }
}

/// The SimpleConvNet settings the race uses: the training view's current ones.
fn m_cfg() -> CnnTrainConfig {
    model().cfg.borrow().clone().unwrap_or_default()
}

impl Part for RacePart {
    fn show(&self, route: &Route) {
        let cfg = RaceConfig::read(route);
        if self.shown.borrow().as_ref() != Some(&cfg) {
            self.budget.set(cfg.budget_s as f64);
            let key = MLPS
                .iter()
                .find(|(_, h)| *h == cfg.hidden.as_slice())
                .map_or("100", |(k, _)| k);
            self.mlp.set_value(key);
            *self.shown.borrow_mut() = Some(cfg);
        }
        self.render();
    }

    fn hide(&self) {
        if model().racing.get() {
            model().stop_race();
        }
    }

    fn relabel(&self, _lang: Lang) {
        self.render();
    }
}
