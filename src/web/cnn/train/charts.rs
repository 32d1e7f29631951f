//! The training view's figures: the loss per mini-batch and the accuracy per epoch (plotters charts, redrawn at
//! most every few hundred ms while running), and the first-layer filters before training and now as gray images
//! (visualize_filter.py), with the mean change |W1 − W1_before|.

use web_sys::{Element, HtmlCanvasElement};

use super::TrainPart;
use crate::i18n;
use crate::labs::cnn::filters::{image_grid, NX};
use crate::labs::cnn::train_config::CnnTrainConfig;
use crate::numfmt::sig;
use crate::plot::series::{y_max, Series, SeriesChart};
use crate::web::canvas::HiDpiCanvas;
use crate::web::cnn::model::model;
use crate::web::dom::{child, set_attr, set_text, text_el};

pub(super) fn pixel_canvas(parent: &Element, caption: &str, role: &str) -> HtmlCanvasElement {
    let fig = child(parent, "figure", "cnn-filter-box");
    let c = child(&fig, "canvas", "cnn-pixels");
    set_attr(&c, "role", "img");
    set_attr(&c, "data-i18n-aria", "cnn.filters.canvas");
    set_attr(&c, "data-role", role);
    text_el(&fig, "figcaption", "hint", caption);
    wasm_bindgen::JsCast::unchecked_into(c)
}

/// Put a gray grid (filters or feature maps) on a canvas whose bitmap is the grid itself (CSS scales it up).
pub(crate) fn put_grid(canvas: &HtmlCanvasElement, g: &crate::labs::cnn::filters::ImageGrid) {
    canvas.set_width(g.width as u32);
    canvas.set_height(g.height as u32);
    let c = HiDpiCanvas { el: canvas.clone() };
    c.put_rgba(&g.rgba, g.width as u32, g.height as u32, 0.0, 0.0);
}

/// W1's first channel as FN images of FS × FS (the book shows `filters[i, 0]`).
fn filter_images(w1: &ndarray::ArrayD<f32>) -> Option<ndarray::Array3<f32>> {
    let s = w1.shape();
    if s.len() != 4 {
        return None;
    }
    let (fnum, fh, fw) = (s[0], s[2], s[3]);
    Some(ndarray::Array3::from_shape_fn(
        (fnum, fh, fw),
        |(k, y, x)| w1[[k, 0, y, x].as_slice()],
    ))
}

impl TrainPart {
    pub(super) fn draw_charts(&self, cfg: &CnnTrainConfig) {
        let lang = self.lang();
        let m = model();
        let prog = m.progress.borrow();
        let planned = cfg
            .iters()
            .max(prog.as_ref().map_or(0, |p| p.iteration))
            .max(1) as f64;
        let loss = [Series {
            points: prog
                .as_ref()
                .map(|p| p.loss_points().map(|(i, l)| (i as f64, l as f64)).collect())
                .unwrap_or_default(),
            index: 0,
            every_point: false,
        }];
        self.loss.draw_series(
            &SeriesChart {
                series: &loss,
                x_range: (0.0, planned),
                y_range: (0.0, y_max(&loss).max(2.5)),
                x_label: i18n::t(lang, "cnn.chart.iteration"),
                y_label: i18n::t(lang, "cnn.chart.loss_axis"),
            },
            "cnn loss chart",
        );
        let epochs = prog.as_ref().map(|p| p.epochs.clone()).unwrap_or_default();
        let acc = [
            Series {
                points: epochs
                    .iter()
                    .map(|e| (e.epoch as f64, e.train_acc as f64))
                    .collect(),
                index: 0,
                every_point: true,
            },
            Series {
                points: epochs
                    .iter()
                    .filter_map(|e| Some((e.epoch as f64, e.test_acc? as f64)))
                    .collect(),
                index: 1,
                every_point: true,
            },
        ];
        self.acc.draw_series(
            &SeriesChart {
                series: &acc,
                x_range: (0.0, cfg.epochs.max(1) as f64),
                y_range: (0.0, 1.0),
                x_label: i18n::t(lang, "cnn.chart.epoch"),
                y_label: i18n::t(lang, "cnn.chart.acc_axis"),
            },
            "cnn accuracy chart",
        );
    }

    pub(super) fn draw_filters(&self) {
        let m = model();
        let before = m.before.borrow();
        let net = m.net.borrow();
        let now = net
            .as_ref()
            .and_then(|n| n.param("W1"))
            .map(|w| w.to_owned());
        if let Some(b) = before.as_ref().and_then(filter_images) {
            put_grid(&self.before, &image_grid(b.view(), NX, 1));
        }
        if let Some(w) = now.as_ref().and_then(filter_images) {
            put_grid(&self.now, &image_grid(w.view(), NX, 1));
        }
        if let (Some(b), Some(w)) = (before.as_ref(), now.as_ref()) {
            if b.shape() == w.shape() {
                let n = w.len().max(1) as f64;
                let diff = w
                    .iter()
                    .zip(b.iter())
                    .map(|(a, b)| (a - b).abs() as f64)
                    .sum::<f64>()
                    / n;
                let mean = w.iter().map(|a| a.abs() as f64).sum::<f64>() / n;
                set_attr(&self.change, "data-change", &diff.to_string());
                set_text(
                    &self.change,
                    &i18n::format(
                        self.lang(),
                        "cnn.filters.change",
                        &[sig(diff, 3), sig(mean, 3)],
                    ),
                );
            }
        }
    }
}
