//! The MNIST lab view: it mounts the panels (data, training, analysis, draw a digit, weights, the chapter 6
//! experiments), holds the lab's
//! state (settings, data, the training session, the last test report) and loads the bundled digits on first
//! show. Each panel lives in its own file; all math and parsing is in `crate::labs::mnist` and `crate::data`.

mod analysis_panel;
mod ch6;
mod ch6_init;
mod ch6_link;
mod ch6_optim;
mod ch6_overfit;
pub(crate) mod data_panel;
mod draw_panel;
pub mod files;
pub(crate) mod parse;
mod report_job;
mod run_estimate;
mod train_panel;
mod train_render;
mod weights_panel;
pub(crate) mod worker;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::{Element, HtmlSelectElement};

use super::dom::{child, set_attr, set_text, text_el};
use super::lab::{Ctx, LabView};
use super::AnimLoop;
use crate::data::mnist::Mnist;
use crate::error::Error;
use crate::i18n::{self, Lang};
use crate::labs::mnist::analysis::Report;
use crate::labs::mnist::session::{Data, Session};
use crate::labs::mnist::MnistLabConfig;
use crate::plot::marker::Marker;
use crate::plot::palette;
use crate::urlstate::Route;

/// The bundled files, relative to the page (Trunk copies www/data into dist/data).
pub const IMAGES_URL: &str = "data/mnist-images-idx3-ubyte.gz";
pub const LABELS_URL: &str = "data/mnist-labels-idx1-ubyte.gz";
/// Epoch-end accuracy is measured on at most this many train and test samples, to keep that frame short.
pub const EVAL_LIMIT: usize = 2_000;

thread_local! {
    static PRELOADED: RefCell<Option<(Vec<u8>, Vec<u8>)>> = const { RefCell::new(None) };
}

/// Hand the bundled files' bytes in directly instead of fetching them (pages without the data folder, tests).
pub fn preload_bundled(images: Vec<u8>, labels: Vec<u8>) {
    PRELOADED.with(|p| *p.borrow_mut() = Some((images, labels)));
}

thread_local! {
    /// The mounted lab, so the CNN lab can train on the files picked here (one reader, one store).
    static MOUNTED: RefCell<std::rc::Weak<Lab>> = const { RefCell::new(std::rc::Weak::new()) };
}

/// The train and test digits of the MNIST lab with the names they came from, when at least one set comes from
/// files the user picked there (the official IDX files); None while both are the bundled digits.
pub(crate) fn picked_files() -> Option<(Mnist, Mnist, Sources)> {
    let lab = MOUNTED.with(|m| m.borrow().upgrade())?;
    let src = lab.sources.borrow().clone();
    let bundled = "mnist.data.bundled";
    if (src.train.is_empty() || src.train == bundled)
        && (src.test.is_empty() || src.test == bundled)
    {
        return None;
    }
    let d = lab.data.borrow();
    let d = d.as_ref()?;
    Some((d.train.clone(), d.test.clone(), src))
}

/// The bytes handed in by `preload_bundled`, if any (the batch norm and CNN labs read the same digits).
pub(crate) fn preloaded() -> Option<(Vec<u8>, Vec<u8>)> {
    PRELOADED.with(|p| p.borrow().clone())
}

/// Where the train and test sets came from, for the status line.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sources {
    pub train: String,
    pub test: String,
}

pub(crate) struct Lab {
    pub ctx: Ctx,
    pub cfg: RefCell<MnistLabConfig>,
    pub bundled: RefCell<Option<Mnist>>,
    pub loading: Cell<bool>,
    pub data: RefCell<Option<Data>>,
    /// Counts data changes (the training worker gets the data again when it changed).
    pub data_gen: Cell<u64>,
    pub sources: RefCell<Sources>,
    pub session: RefCell<Option<Session>>,
    pub report: RefCell<Option<Report>>,
    /// A test-set evaluation spread over frames (report_job.rs), and the request it answers.
    pub report_job: RefCell<Option<AnimLoop>>,
    pub report_gen: Cell<u32>,
    pub anim: RefCell<Option<AnimLoop>>,
    pub remote: RefCell<Option<worker::Remote>>,
    pub data_ui: data_panel::DataPanel,
    pub train_ui: train_panel::TrainPanel,
    pub analysis_ui: analysis_panel::AnalysisPanel,
    pub draw_ui: draw_panel::DrawPanel,
    pub weights_ui: weights_panel::WeightsPanel,
    pub ch6_optim: ch6_optim::OptimPanel,
    pub ch6_init: ch6_init::InitPanel,
    pub ch6_overfit: ch6_overfit::OverfitPanel,
}

pub struct MnistView {
    section: Element,
    lab: Rc<Lab>,
}

/// A `<label>` with a `<select>` of (value, i18n key) options.
pub(crate) fn select(parent: &Element, label: &str, options: &[(&str, &str)]) -> HtmlSelectElement {
    use wasm_bindgen::JsCast;
    let wrap = child(parent, "label", "field");
    text_el(&wrap, "span", "field-label", label);
    let sel = child(&wrap, "select", "");
    for (value, key) in options {
        let o = text_el(&sel, "option", "", key);
        set_attr(&o, "value", value);
    }
    sel.unchecked_into()
}

/// A legend under a chart: one item per (palette index, i18n key), with the series' colour and marker glyph.
pub(crate) fn legend(parent: &Element, items: &[(usize, &str)]) -> Element {
    let legend = child(parent, "figcaption", "hint");
    for &(i, key) in items {
        let s = child(&legend, "span", "legend-item");
        let g = child(&s, "span", "glyph");
        set_attr(
            &g,
            "style",
            &format!("color:{}", palette::css(palette::color(i))),
        );
        set_text(&g, Marker::nth(i).glyph());
        text_el(&s, "span", "", key);
    }
    legend
}

/// A panel: `<section class="mnist-panel">` with a heading.
pub(crate) fn panel(parent: &Element, heading: &str) -> Element {
    let p = child(parent, "section", "mnist-panel");
    text_el(&p, "h3", "", heading);
    p
}

impl MnistView {
    pub fn mount(section: Element, ctx: &Ctx) -> MnistView {
        let body = child(&section, "div", "mnist");
        let data_ui = data_panel::DataPanel::new(&body);
        let train_ui = train_panel::TrainPanel::new(&body);
        let analysis_ui = analysis_panel::AnalysisPanel::new(&body);
        let draw_ui = draw_panel::DrawPanel::new(&body);
        let weights_ui = weights_panel::WeightsPanel::new(&body);
        let ch6 = ch6::section(&body);
        let ch6_optim = ch6_optim::OptimPanel::new(&ch6);
        let ch6_init = ch6_init::InitPanel::new(&ch6);
        let ch6_overfit = ch6_overfit::OverfitPanel::new(&ch6);
        let lab = Rc::new(Lab {
            ctx: ctx.clone(),
            cfg: RefCell::new(MnistLabConfig::default()),
            bundled: RefCell::new(None),
            loading: Cell::new(false),
            data: RefCell::new(None),
            data_gen: Cell::new(0),
            sources: RefCell::new(Sources::default()),
            session: RefCell::new(None),
            report: RefCell::new(None),
            report_job: RefCell::new(None),
            report_gen: Cell::new(0),
            anim: RefCell::new(None),
            remote: RefCell::new(None),
            data_ui,
            train_ui,
            analysis_ui,
            draw_ui,
            weights_ui,
            ch6_optim,
            ch6_init,
            ch6_overfit,
        });
        data_panel::wire(&lab);
        train_panel::wire(&lab);
        analysis_panel::wire(&lab);
        draw_panel::wire(&lab);
        weights_panel::wire(&lab);
        ch6_link::wire(&lab);
        ch6_optim::wire(&lab);
        ch6_init::wire(&lab);
        ch6_overfit::wire(&lab);
        MOUNTED.with(|m| *m.borrow_mut() = Rc::downgrade(&lab));
        MnistView { section, lab }
    }

    /// The lab's state, for browser tests.
    pub fn iteration(&self) -> usize {
        self.lab
            .session
            .borrow()
            .as_ref()
            .map_or(0, |s| s.iteration())
    }
}

impl Lab {
    pub fn lang(&self) -> Lang {
        self.ctx.lang()
    }

    /// Show a core error in the page's message area.
    pub fn error(&self, e: Error) {
        self.ctx.messages.show(e, self.lang());
    }

    /// Write the settings into the URL.
    pub fn write_route(&self) {
        let mut r = Route::new("mnist");
        self.cfg.borrow().write(&mut r);
        (self.ctx.set_route)(&r);
    }

    /// Fetch (or take the preloaded) bundled digits once, then split them and start a session.
    pub fn ensure_data(self: &Rc<Self>) {
        if self.bundled.borrow().is_some() || self.loading.get() {
            return;
        }
        self.loading.set(true);
        worker::spawn(self);
        self.data_ui
            .set_status_key("mnist.data.loading", self.lang());
        let lab = self.clone();
        files::spawn(async move {
            let pre = PRELOADED.with(|p| p.borrow().clone());
            let bytes = match pre {
                Some(b) => Ok(b),
                None => match files::fetch_bytes(IMAGES_URL).await {
                    Ok(im) => files::fetch_bytes(LABELS_URL).await.map(|lb| (im, lb)),
                    Err(e) => Err(e),
                },
            };
            lab.loading.set(false);
            match bytes {
                Ok((im, lb)) => match Mnist::from_idx(&im, &lb) {
                    Ok(m) => {
                        *lab.bundled.borrow_mut() = Some(m);
                        lab.resplit();
                    }
                    Err(e) => lab.error(e),
                },
                Err(why) => {
                    super::dom::log_error(&format!("mnist: {why}"));
                    lab.error(Error::new("mnist.err.fetch", [why]));
                    lab.data_ui.set_status_key("mnist.data.failed", lab.lang());
                }
            }
        });
    }

    /// The bundled digits split with the settings' n_train and seed, for the sets that come from them: a set
    /// loaded from files stays (issue #12 item 9: a seed change swapped an official test set back).
    fn bundled_split(&self) -> Option<crate::Result<Data>> {
        let cfg = self.cfg.borrow().clone();
        let all = self.bundled.borrow();
        let all = all.as_ref()?;
        let src = self.sources.borrow();
        let bundled = "mnist.data.bundled";
        let split = match Data::bundled(all, cfg.n_train, cfg.seed) {
            Ok(d) => d,
            Err(e) => return Some(Err(e)),
        };
        let cur = self.data.borrow();
        let keep = |is_file: bool, mine: Option<&Mnist>, split: Mnist| match (is_file, mine) {
            (true, Some(m)) => m.clone(),
            _ => split,
        };
        let train = keep(
            src.train != bundled,
            cur.as_ref().map(|d| &d.train),
            split.train,
        );
        let test = keep(
            src.test != bundled,
            cur.as_ref().map(|d| &d.test),
            split.test,
        );
        Some(Ok(Data::new(train, test)))
    }

    /// Re-split the bundled digits (first load, or the split settings changed) and start a new run with fresh
    /// weights, as a settings change does.
    pub fn resplit(self: &Rc<Self>) {
        if self.sources.borrow().train.is_empty() {
            *self.sources.borrow_mut() = Sources {
                train: "mnist.data.bundled".into(),
                test: "mnist.data.bundled".into(),
            };
        }
        match self.bundled_split() {
            Some(Ok(d)) => {
                self.set_data(d);
                self.reset();
                ch6_optim::reset(self);
                ch6_overfit::reset(self);
            }
            Some(Err(e)) => self.error(e),
            None => {}
        }
    }

    /// "Back to the bundled digits": both sets from the bundled split; the network stays.
    pub fn use_bundled(self: &Rc<Self>) {
        let before = self.sources.replace(Sources {
            train: "mnist.data.bundled".into(),
            test: "mnist.data.bundled".into(),
        });
        match self.bundled_split() {
            Some(Ok(d)) => {
                self.set_data(d);
                self.new_data();
            }
            Some(Err(e)) => {
                *self.sources.borrow_mut() = before;
                self.error(e);
            }
            None => {}
        }
    }

    /// The data changed (files loaded, or back to the bundled digits): the network is kept, with a new training
    /// record on the new data; the experiments (which train on the same data) start over.
    pub fn new_data(self: &Rc<Self>) {
        self.pause();
        let cfg = self.cfg.borrow().clone();
        let next = {
            let s = self.session.borrow();
            let d = self.data.borrow();
            match (s.as_ref(), d.as_ref()) {
                (Some(s), Some(d)) => Some(s.carry_over(&cfg, d, EVAL_LIMIT)),
                (None, Some(d)) => Some(Session::new(&cfg, d, EVAL_LIMIT)),
                _ => None,
            }
        };
        match next {
            Some(Ok(s)) => {
                let fresh = s.untrained();
                *self.session.borrow_mut() = Some(s);
                *self.report.borrow_mut() = None;
                worker::sync(self);
                if !fresh {
                    // A trained or imported network: show what it does on the new data at once.
                    self.refresh_report();
                }
            }
            Some(Err(e)) => self.error(e),
            None => {}
        }
        ch6_optim::reset(self);
        ch6_overfit::reset(self);
        self.render_all();
    }

    /// Replace the train and test sets.
    pub fn set_data(&self, d: Data) {
        *self.data.borrow_mut() = Some(d);
        self.data_gen.set(self.data_gen.get() + 1);
    }

    /// Stop training and build a fresh network from the settings.
    pub fn reset(self: &Rc<Self>) {
        self.pause();
        let cfg = self.cfg.borrow().clone();
        let session = match self.data.borrow().as_ref() {
            Some(d) => Session::new(&cfg, d, EVAL_LIMIT),
            None => return,
        };
        match session {
            Ok(s) => *self.session.borrow_mut() = Some(s),
            Err(e) => {
                *self.session.borrow_mut() = None;
                self.error(e);
            }
        }
        *self.report.borrow_mut() = None;
        worker::sync(self);
        self.render_all();
    }

    pub fn pause(&self) {
        if let Some(a) = self.anim.borrow().as_ref() {
            a.pause();
        }
        worker::pause(self);
        self.train_ui.set_running(false, self.lang());
    }

    /// Pause the chapter 6 experiments.
    pub fn pause_experiments(&self) {
        ch6_optim::pause(self);
        ch6_overfit::pause(self);
    }

    /// Pause everything that runs: training and the experiments (the lab is hidden, or another run starts).
    pub fn pause_all(&self) {
        self.pause();
        self.pause_experiments();
    }

    pub fn is_running(&self) -> bool {
        self.anim.borrow().as_ref().is_some_and(|a| a.is_running()) || worker::is_running(self)
    }

    /// Recompute the test report (after training, a pause, or an import).
    /// Evaluate the network on the test set (at once, or over frames for a big one: report_job.rs).
    pub fn refresh_report(self: &Rc<Self>) {
        report_job::refresh(self, Box::new(|_, _| {}));
    }

    /// The same, then `then` with the lab and the evaluation's time (ms).
    pub fn refresh_report_then(self: &Rc<Self>, then: report_job::Then) {
        report_job::refresh(self, then);
    }

    /// Evaluate at once, on the page.
    pub fn refresh_report_now(&self) {
        let r = {
            let mut s = self.session.borrow_mut();
            let d = self.data.borrow();
            match (s.as_mut(), d.as_ref()) {
                (Some(s), Some(d)) => Some(s.report(d)),
                _ => None,
            }
        };
        match r {
            Some(Ok(r)) => *self.report.borrow_mut() = Some(r),
            Some(Err(e)) => self.error(e),
            None => {}
        }
    }

    pub fn render_all(self: &Rc<Self>) {
        data_panel::render(self);
        train_panel::render(self);
        analysis_panel::render(self);
        draw_panel::render(self);
        weights_panel::render(self);
        ch6_optim::render(self);
        ch6_init::render(self);
        ch6_overfit::render(self);
    }

    /// A translated source name (the bundled set's key, or a file name as is).
    pub fn source_name(&self, s: &str) -> String {
        i18n::t(self.lang(), s).to_string()
    }
}

impl LabView for MnistView {
    fn section(&self) -> &Element {
        &self.section
    }

    fn show(&self, route: &Route) {
        let cfg = MnistLabConfig::read(route);
        let changed = *self.lab.cfg.borrow() != cfg;
        *self.lab.cfg.borrow_mut() = cfg;
        train_panel::sync_controls(&self.lab);
        ch6_link::sync(&self.lab);
        if self.lab.bundled.borrow().is_none() {
            self.lab.ensure_data();
        } else if changed {
            self.lab.resplit();
        } else {
            self.lab.render_all();
        }
    }

    fn hide(&self) {
        self.lab.pause_all();
    }

    fn relabel(&self, _lang: Lang) {
        self.lab.render_all();
    }
}
