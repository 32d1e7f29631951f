//! The analysis panel: test accuracy, the confusion matrix as a coloured table (numbers readable as text), the
//! misclassified digits with their predicted probabilities, and W1's columns drawn as 28 × 28 images on a
//! diverging colormap (orange negative, white 0, blue positive) with a symmetric range.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement};

use super::data_panel::{digit_values, put_digit};
use super::{panel, Lab};
use crate::i18n;
use crate::labs::mnist::analysis::first_layer_images;
use crate::numfmt::sig;
use crate::plot::contrast::shaded_cell;
use crate::plot::heatmap::{symmetric_range, Colormap};
use crate::plot::palette;
use crate::plot::tiles::tiles;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{child, set_attr, set_text, text_el};

/// Misclassified digits shown.
const WRONG: usize = 24;

pub(crate) struct AnalysisPanel {
    pub(super) accuracy: Element,
    confusion: Element,
    wrong: Element,
    weights: HiDpiCanvas,
    weights_note: Element,
}

impl AnalysisPanel {
    pub fn new(parent: &Element) -> AnalysisPanel {
        let p = panel(parent, "mnist.analysis.title");
        let accuracy = child(&p, "p", "mnist-accuracy");
        set_attr(&accuracy, "aria-live", "polite");
        text_el(&p, "h4", "", "mnist.confusion.title");
        text_el(&p, "p", "hint", "mnist.confusion.hint");
        let confusion = child(&p, "div", "mnist-confusion");
        crate::web::stage::mount(&p, &confusion, &[&accuracy]);
        text_el(&p, "h4", "", "mnist.wrong.title");
        let wrong = child(&p, "div", "mnist-gallery mnist-wrong");
        text_el(&p, "h4", "", "mnist.weights_img.title");
        let weights_note = child(&p, "p", "hint");
        let fig = child(&p, "figure", "chart");
        let weights = HiDpiCanvas::new(&fig, "mnist-weights", "mnist.weights_img.title");
        set_attr(&weights.el, "data-role", "weights-canvas");
        AnalysisPanel {
            accuracy,
            confusion,
            wrong,
            weights,
            weights_note,
        }
    }
}

pub(crate) fn wire(_lab: &Rc<Lab>) {}

pub(crate) fn render(lab: &Rc<Lab>) {
    let ui = &lab.analysis_ui;
    let lang = lab.lang();
    let report = lab.report.borrow();
    let data = lab.data.borrow();
    let (Some(r), Some(d)) = (report.as_ref(), data.as_ref()) else {
        ui.accuracy
            .set_text_content(Some(i18n::t(lang, "mnist.analysis.none")));
        ui.confusion.set_inner_html("");
        ui.wrong.set_inner_html("");
        draw_weights(lab);
        return;
    };
    let n = d.test_labels.len();
    let right = (r.accuracy * n as f32).round() as usize;
    let all = i18n::format(lang, "mnist.analysis.all", &[n.to_string()]);
    let acc = i18n::format(
        lang,
        "mnist.analysis.accuracy",
        &[sig(r.accuracy as f64, 4), right.to_string(), n.to_string()],
    );
    set_text(&ui.accuracy, &format!("{acc} {all}"));

    // Confusion matrix: rows t (true), columns y (predicted); the cell shade is the row fraction.
    let mut html = format!(
        "<table class=\"confusion\"><caption>{}</caption><thead><tr><th scope=\"col\">t \\ y</th>",
        i18n::t(lang, "mnist.confusion.caption")
    );
    for y in 0..10 {
        html.push_str(&format!("<th scope=\"col\">{y}</th>"));
    }
    html.push_str(&format!(
        "<th scope=\"col\">{}</th></tr></thead><tbody>",
        i18n::t(lang, "mnist.confusion.recall")
    ));
    for t in 0..10 {
        let row: usize = r.confusion[t].iter().sum();
        html.push_str(&format!("<tr><th scope=\"row\">{t}</th>"));
        for y in 0..10 {
            let c = r.confusion[t][y];
            let f = c as f64 / row.max(1) as f64;
            // Black or white text, whichever is readable (AA 4.5:1) on the shade.
            let (bg, fg) = if t == y {
                shaded_cell(palette::color(0), f)
            } else {
                shaded_cell(palette::color(1), f * 4.0)
            };
            let (bg, fg) = (palette::css(bg), palette::css(fg));
            let cls = if t == y { " class=\"diag\"" } else { "" };
            html.push_str(&format!(
                "<td{cls} style=\"background:{bg};color:{fg}\">{c}</td>"
            ));
        }
        html.push_str(&format!("<td>{}</td></tr>", sig(r.recall(t) as f64, 3)));
    }
    html.push_str("</tbody></table>");
    ui.confusion.set_inner_html(&html);

    ui.wrong.set_inner_html("");
    for i in r.misclassified(&d.test_labels, WRONG) {
        let fig = child(&ui.wrong, "figure", "mnist-digit");
        let c: HtmlCanvasElement = child(&fig, "canvas", "").unchecked_into();
        put_digit(&c, &digit_values(d.test.image(i)));
        let cap = child(&fig, "figcaption", "");
        // The top three probabilities, as the readable text of the figure.
        let mut top: Vec<(usize, f32)> = (0..10).map(|k| (k, r.probs[[i, k]])).collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1));
        let probs: Vec<String> = top
            .iter()
            .take(3)
            .map(|(k, p)| format!("{k}: {}", sig(*p as f64, 2)))
            .collect();
        set_text(
            &cap,
            &i18n::format(
                lang,
                "mnist.wrong.caption",
                &[
                    d.test_labels[i].to_string(),
                    r.preds[i].to_string(),
                    probs.join(", "),
                ],
            ),
        );
    }
    drop(report);
    drop(data);
    draw_weights(lab);
}

fn draw_weights(lab: &Rc<Lab>) {
    let ui = &lab.analysis_ui;
    let lang = lab.lang();
    let s = lab.session.borrow();
    let Some(w1) = s.as_ref().and_then(|s| s.trainer.net().param("W1")) else {
        return;
    };
    let Ok(w1) = w1.into_dimensionality::<ndarray::Ix2>() else {
        return;
    };
    let images = first_layer_images(w1.view());
    let all: Vec<f32> = images.iter().flatten().copied().collect();
    let range = symmetric_range(&all);
    set_text(
        &ui.weights_note,
        &i18n::format(
            lang,
            "mnist.weights_img.hint",
            &[images.len().to_string(), sig(range.1 as f64, 3)],
        ),
    );
    let Some(_) = ui.weights.fit() else { return };
    let width = ui.weights.el.width() as usize;
    let cols = if images.len() <= 10 {
        images.len().max(1)
    } else {
        10
    };
    let gap = 4usize;
    let cell = ((width.saturating_sub((cols - 1) * gap)) / cols).max(8);
    let refs: Vec<&[f32]> = images.iter().map(|v| v.as_slice()).collect();
    let t = tiles(&refs, 28, range, Colormap::Diverging, cols, cell, gap);
    // The canvas height follows the number of rows.
    let css_w = ui.weights.el.get_bounding_client_rect().width().max(1.0);
    let ratio = t.h as f64 / t.w.max(1) as f64;
    let _ = ui
        .weights
        .el
        .style()
        .set_property("height", &format!("{}px", (css_w * ratio).round()));
    ui.weights.fit();
    if let Some(ctx) = ui.weights.context() {
        ctx.clear_rect(
            0.0,
            0.0,
            ui.weights.el.width() as f64,
            ui.weights.el.height() as f64,
        );
    }
    ui.weights
        .put_rgba(&t.rgba, t.w as u32, t.h as u32, 0.0, 0.0);
}
