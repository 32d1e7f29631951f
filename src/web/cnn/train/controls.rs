//! The training view's controls: the architecture fields within their stated limits, Build (a bad combination
//! refused with the formula that fails), Train/Pause (refused when the time estimate passes the limit), Step,
//! Reset, and the import/export of trained parameters (SimpleConvNet or DeepConvNet).

use std::rc::Rc;

use web_sys::{Element, HtmlElement, MouseEvent};

use super::{Change, TrainPart};
use crate::i18n::{self, Lang};
use crate::labs::cnn::import::CnnKind;
use crate::labs::cnn::session::Progress;
use crate::labs::cnn::train_config::CnnTrainConfig;
use crate::train::estimate::{RunCost, ASSUMED_GFLOPS, MAX_RUN_SECONDS};
use crate::web::cnn::model::model;
use crate::web::dom::{on, set_attr, set_text};
use crate::web::field::NumberField;

pub(super) struct Fields {
    pub(super) filters: NumberField,
    pub(super) size: NumberField,
    pub(super) pad: NumberField,
    pub(super) stride: NumberField,
    pub(super) hidden: NumberField,
    pub(super) epochs: NumberField,
    pub(super) n_train: NumberField,
    pub(super) seed: NumberField,
    pub(super) workers: NumberField,
}

impl Fields {
    pub(super) fn all(&self) -> [&NumberField; 9] {
        [
            &self.filters,
            &self.size,
            &self.pad,
            &self.stride,
            &self.hidden,
            &self.epochs,
            &self.n_train,
            &self.seed,
            &self.workers,
        ]
    }

    pub(super) fn set(&self, c: &CnnTrainConfig) {
        let v = [
            c.filter_num,
            c.filter_size,
            c.pad,
            c.stride,
            c.hidden_size,
            c.epochs,
            c.n_train,
            c.seed as usize,
            c.workers,
        ];
        for (f, v) in self.all().iter().zip(v) {
            f.set(v as f64);
        }
    }

    /// The settings typed in, or None (each bad field says why beside itself).
    pub(super) fn read(&self, lang: Lang, digit: usize) -> Option<CnnTrainConfig> {
        let v: Vec<Option<f64>> = self.all().iter().map(|f| f.read(lang)).collect();
        let v: Vec<usize> = v
            .into_iter()
            .collect::<Option<Vec<f64>>>()?
            .into_iter()
            .map(|x| x as usize)
            .collect();
        Some(CnnTrainConfig {
            filter_num: v[0],
            filter_size: v[1],
            pad: v[2],
            stride: v[3],
            hidden_size: v[4],
            epochs: v[5],
            n_train: v[6],
            seed: v[7] as u64,
            digit,
            workers: v[8],
        })
    }
}

pub(super) fn range_field(
    parent: &Element,
    key: &'static str,
    r: (usize, usize),
    role: &str,
) -> NumberField {
    let f = NumberField::new(parent, key, r.0 as f64, r.1 as f64, 1.0).integer();
    set_attr(&f.input, "data-role", role);
    f
}

pub(super) fn wire(part: &Rc<TrainPart>, run2: &HtmlElement) {
    let p = part.clone();
    on(&part.apply, "click", move |_: MouseEvent| p.apply());
    for f in part.fields.all() {
        let p = part.clone();
        on(&f.input, "keydown", move |e: web_sys::KeyboardEvent| {
            if e.key() == "Enter" {
                p.apply();
            }
        });
    }
    for b in [&part.run, run2] {
        let p = part.clone();
        on(b, "click", move |_: MouseEvent| p.toggle());
    }
    let p = part.clone();
    on(&part.step, "click", move |_: MouseEvent| {
        model().pause();
        model().step();
        p.render(Change::Progress);
    });
    let p = part.clone();
    on(&part.file, "change", move |_: web_sys::Event| p.import());
    on(&part.export, "click", move |_: MouseEvent| {
        if let Some(net) = model().net.borrow().as_ref() {
            let bytes = crate::data::npz::write(&net.to_tensors());
            crate::web::mnist::files::download_bytes(
                &bytes,
                if model().deep() {
                    "deep_convnet_params.npz"
                } else {
                    "simple_convnet_params.npz"
                },
                "application/zip",
            );
        }
    });
    let p = part.clone();
    on(&part.reset, "click", move |_: MouseEvent| {
        model().reset();
        p.render(Change::Weights);
    });
}

/// The work left in the run, the rate to estimate it at (GFLOP/s) and whether that rate was measured (else the
/// shared assumed rate of `train::estimate`).
pub(super) fn remaining(
    cfg: &CnnTrainConfig,
    prog: Option<&Progress>,
) -> Option<(RunCost, f64, bool)> {
    let cost = cfg.run_cost().ok()?;
    let done = prog.map_or(0, |p| p.iteration) as f64;
    let left = (cost.steps - done).max(0.0);
    let share = if cost.steps > 0.0 {
        left / cost.steps
    } else {
        0.0
    };
    let rest = RunCost {
        steps: left,
        eval_flops: cost.eval_flops * share,
        ..cost
    };
    match prog.and_then(|p| cost.measured_gflops(p.ms_per_step)) {
        Some(g) => Some((rest, g, true)),
        None => Some((rest, ASSUMED_GFLOPS, false)),
    }
}

impl TrainPart {
    /// Read the fields; refuse a bad architecture with the formula that fails; else a new run, in the link.
    fn apply(&self) {
        let lang = self.lang();
        let Some(cfg) = self.fields.read(lang, self.digit.get()) else {
            return;
        };
        if let Err(e) = cfg.validate() {
            self.pctx.ctx.messages.show(e, lang);
            self.render_formula(&cfg);
            return;
        }
        self.pctx.ctx.messages.clear();
        self.pctx.write(|r| cfg.write(r));
        *self.shown.borrow_mut() = Some(cfg.clone());
        // Build even when only the seed changed: the button says "build this network".
        *model().cfg.borrow_mut() = None;
        model().use_config(&cfg);
        self.render(Change::Weights);
    }

    /// Read the picked file in the parse worker; on success the run continues from its weights.
    fn import(self: &Rc<Self>) {
        let Some(file) = self.file.files().and_then(|f| f.get(0)) else {
            return;
        };
        let lang = self.lang();
        if !model().loaded() {
            self.pctx
                .ctx
                .messages
                .show(crate::Error::new("cnn.state.loading", [""; 0]), lang);
            return;
        }
        let name = file.name();
        let _ = self.imported.remove_attribute("data-acc");
        self.imported
            .set_text_content(Some(&i18n::format(lang, "cnn.import.reading", &[&name])));
        let p = self.clone();
        crate::web::mnist::files::spawn(async move {
            let base = model().cfg.borrow().clone().unwrap_or_default();
            let pw = crate::web::mnist::parse::ParseWorker::start().await;
            let r = crate::web::mnist::parse::cnn_file(&file, &base, pw.as_ref()).await;
            drop(pw);
            p.file.set_value("");
            match r {
                Ok((kind, cfg, net)) => {
                    p.pctx.ctx.messages.clear();
                    // A DeepConvNet leaves the SimpleConvNet settings (and the link) as they are.
                    if kind == CnnKind::Simple {
                        p.pctx.write(|r| cfg.write(r));
                        p.fields.set(&cfg);
                        *p.shown.borrow_mut() = Some(cfg.clone());
                    }
                    model().load(kind, cfg, net, &name);
                    p.render(Change::Weights);
                }
                Err(e) => {
                    set_text(&p.imported, "");
                    p.pctx.ctx.messages.show(e, p.lang());
                }
            }
        });
    }

    fn toggle(&self) {
        let m = model();
        if m.running.get() {
            m.pause();
        } else if m.deep() {
            let e = crate::Error::new("cnn.err.deep_train", [""; 0]);
            self.pctx.ctx.messages.show(e, self.lang());
        } else {
            // Refused before it starts when the estimate is over the limit (ten times over on the assumed rate,
            // which errs long; the measured rate then decides).
            let cfg = m.cfg.borrow().clone();
            let prog = m.progress.borrow().clone();
            if let Some((cost, gflops, measured)) =
                cfg.as_ref().and_then(|c| remaining(c, prog.as_ref()))
            {
                let limit = if measured {
                    MAX_RUN_SECONDS
                } else {
                    10.0 * MAX_RUN_SECONDS
                };
                if let Err(e) = cost.check(gflops, limit) {
                    self.pctx.ctx.messages.show(e, self.lang());
                    return;
                }
            }
            m.play();
        }
        self.render(Change::Progress);
    }
}
