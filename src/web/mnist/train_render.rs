//! The training panel's output: the progress bar and text (iteration, epoch), the speed readout (samples/s,
//! ms per mini-batch), the run state, the last epochs as a text table, and the two charts (loss per iteration,
//! train and test accuracy per epoch), drawn with plotters on HiDPI canvases.

use std::rc::Rc;

use wasm_bindgen::JsCast;

use super::Lab;
use crate::i18n::{self, Lang};
use crate::numfmt::sig;
use crate::plot::series::{y_max, Series, SeriesChart};
use crate::train::EpochInfo;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{set_attr, set_table, set_text};

pub(crate) fn render(lab: &Rc<Lab>) {
    let ui = &lab.train_ui;
    let lang = lab.lang();
    for f in [
        &ui.std,
        &ui.lr,
        &ui.batch,
        &ui.iters,
        &ui.dropout,
        &ui.decay,
        &ui.seed,
        &ui.n_train,
    ] {
        f.relabel(lang);
    }
    crate::web::dom::apply_lang(&ui.run.clone().unchecked_into(), lang);
    super::run_estimate::recheck(lab);
    super::run_estimate::update(lab);
    let guard = lab.session.borrow();
    let Some(s) = guard.as_ref() else { return };
    let t = &s.trainer;
    let planned = t.config().iters.max(1);
    set_attr(
        &ui.progress,
        "value",
        &format!("{}", (s.iteration() as f64 / planned as f64).min(1.0)),
    );
    set_text(
        &ui.progress_text,
        &i18n::format(
            lang,
            "mnist.train.progress_text",
            &[
                s.iteration().to_string(),
                planned.to_string(),
                sig(s.epoch_float(), 3),
                t.iters_per_epoch().to_string(),
                network_text(&lab.cfg.borrow(), lang),
            ],
        ),
    );
    let ms = ui.ms_per_batch.get();
    let speed = if ms > 0.0 {
        let bs = t.config().batch_size as f64;
        i18n::format(
            lang,
            "mnist.train.speed",
            &[
                format!("{:.0}", bs * 1000.0 / ms),
                sig(ms, 3),
                sig(s.history().last_loss().unwrap_or(f32::NAN) as f64, 4),
            ],
        )
    } else {
        i18n::t(lang, "mnist.train.speed_none").to_string()
    };
    // Where the run trains (a Web Worker, or time-sliced on the page when no worker could start).
    let place = if s.mirror.is_some() {
        "mnist.train.in_worker"
    } else {
        "mnist.train.in_page"
    };
    let mut line = format!("{speed} · {}", i18n::t(lang, place));
    // A run that sits at ln 10 with chance accuracy says so (the shared check in train::health).
    if let Some(stuck) = crate::train::health::stuck_in_history(s.history(), 10) {
        line = format!("{line} · {}", stuck.message().message(lang));
    }
    set_text(&ui.speed, &line);
    if !lab.is_running() && !s.diverged {
        let key = if s.is_done() {
            "mnist.state.done"
        } else if s.iteration() == 0 {
            "mnist.state.ready"
        } else {
            "mnist.state.paused"
        };
        ui.set_state(key, lang);
    }
    // The accuracy table: the last epochs as text.
    let rows: Vec<Vec<String>> = s
        .history()
        .epochs()
        .iter()
        .rev()
        .take(5)
        .map(|e| {
            vec![
                e.epoch.to_string(),
                e.iteration.to_string(),
                sig(e.train_acc as f64, 4),
                e.test_acc.map_or("–".into(), |a| sig(a as f64, 4)),
            ]
        })
        .collect();
    set_table(
        &ui.acc_table,
        &[
            i18n::t(lang, "mnist.col.epoch"),
            i18n::t(lang, "mnist.col.iteration"),
            i18n::t(lang, "mnist.chart.train_acc"),
            i18n::t(lang, "mnist.chart.test_acc"),
        ],
        &rows,
    );
    // Which digits the epoch accuracies are measured on (issue #12 item 10: they differed from the analysis).
    if let Some(d) = lab.data.borrow().as_ref() {
        let (n_train, n_test) = s.eval_counts(d);
        set_text(
            &ui.measured,
            &i18n::format(
                lang,
                "mnist.chart.measured",
                &[n_train, d.train.len(), n_test, d.test.len()].map(|n| n.to_string()),
            ),
        );
    }
    drop(guard);
    draw_charts(lab);
}

pub(super) fn draw_charts(lab: &Rc<Lab>) {
    let ui = &lab.train_ui;
    let lang = lab.lang();
    let s = lab.session.borrow();
    let Some(s) = s.as_ref() else { return };
    let t = &s.trainer;
    let h = s.history();
    let planned = t.config().iters.max(s.iteration()).max(1) as f64;
    let loss = [Series {
        points: h.loss_points().map(|(i, l)| (i as f64, l as f64)).collect(),
        index: 0,
        every_point: false,
    }];
    ui.loss.draw_series(
        &SeriesChart {
            series: &loss,
            x_range: (0.0, planned),
            y_range: (0.0, y_max(&loss).max(0.1)),
            x_label: i18n::t(lang, "mnist.col.iteration"),
            y_label: i18n::t(lang, "mnist.chart.loss_axis"),
        },
        "mnist loss chart",
    );
    let epochs = (planned / t.iters_per_epoch().max(1) as f64)
        .ceil()
        .max(1.0);
    draw_accuracy(&ui.acc, h.epochs(), epochs, lab.lang());
}

/// Train and test accuracy per epoch (the book's figure) on `canvas`, the x axis 0..x_max epochs.
pub(super) fn draw_accuracy(canvas: &HiDpiCanvas, epochs: &[EpochInfo], x_max: f64, lang: Lang) {
    let few = epochs.len() <= 60;
    let acc = [
        Series {
            points: epochs
                .iter()
                .map(|e| (e.epoch as f64, e.train_acc as f64))
                .collect(),
            index: 0,
            every_point: few,
        },
        Series {
            points: epochs
                .iter()
                .filter_map(|e| Some((e.epoch as f64, e.test_acc? as f64)))
                .collect(),
            index: 1,
            every_point: few,
        },
    ];
    canvas.draw_series(
        &SeriesChart {
            series: &acc,
            x_range: (0.0, x_max),
            y_range: (0.0, 1.0),
            x_label: i18n::t(lang, "mnist.col.epoch"),
            y_label: i18n::t(lang, "mnist.chart.acc_axis"),
        },
        "mnist accuracy chart",
    );
}

/// "784-50-10", with "+ batch norm" when each hidden Affine is followed by a BatchNormalization.
pub(super) fn network_text(
    c: &crate::labs::mnist::MnistLabConfig,
    lang: crate::i18n::Lang,
) -> String {
    let shape = c.shape_text();
    if c.batchnorm {
        format!("{shape} {}", i18n::t(lang, "mnist.with_bn"))
    } else {
        shape
    }
}
