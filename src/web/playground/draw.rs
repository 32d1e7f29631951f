//! Drawing the playground: the boundary heat map (one putImageData) with the points on top, the network
//! diagram with each hidden neuron's map in its box, and the loss and accuracy curves (plotters).

use super::super::canvas::HiDpiCanvas;
use super::super::dom;
use crate::data::toy2d::Dataset;
use crate::labs::playground::diagram::{layout_below, Diagram};
use crate::labs::playground::grid::{GridEval, CLASS_RGB};
use crate::labs::playground::Metrics;
use crate::net::Net;
use crate::plot::function::{draw_functions, Curve, FunctionChart};
use crate::plot::network::draw_network;
use crate::plot::points::{class_color, draw_points, PixelPoint};
use crate::plot::{palette, ChartStyle, PlotFrame};

/// The boundary picture's frame: the whole canvas is the data square.
pub fn boundary_frame(canvas: &HiDpiCanvas, domain: (f32, f32)) -> PlotFrame {
    let (w, h) = (canvas.el.width() as f64, canvas.el.height() as f64);
    let d = (domain.0 as f64, domain.1 as f64);
    PlotFrame {
        left: 0.0,
        right: w,
        top: 0.0,
        bottom: h,
        x_range: d,
        y_range: d,
    }
}

/// The cached RGBA picture of the boundary and its size.
pub struct Picture {
    pub rgba: Vec<u8>,
    pub w: u32,
    pub h: u32,
}

/// Draw the boundary (rebuilding the cached picture when `fresh` or the size changed) and the points.
pub fn boundary(
    canvas: &HiDpiCanvas,
    grid: Option<&GridEval>,
    picture: &mut Option<Picture>,
    fresh: bool,
    data: &Dataset,
    cursor: Option<[f32; 2]>,
) {
    let Some(dpr) = canvas.fit() else { return };
    let (w, h) = (canvas.el.width(), canvas.el.height());
    let stale = fresh || picture.as_ref().is_none_or(|p| p.w != w || p.h != h);
    if stale {
        *picture = grid.map(|g| Picture {
            rgba: g.boundary_rgba(w as usize, h as usize),
            w,
            h,
        });
    }
    match picture {
        Some(p) => {
            canvas.put_rgba(&p.rgba, p.w, p.h, 0.0, 0.0);
        }
        None => {
            if let Some(ctx) = canvas.context() {
                ctx.set_fill_style_str("#ffffff");
                ctx.fill_rect(0.0, 0.0, w as f64, h as f64);
            }
        }
    }
    let frame = boundary_frame(canvas, data.domain);
    let to_px = |x: [f32; 2]| {
        let (px, py) = frame.to_px(x[0] as f64, x[1] as f64);
        (px.round() as i32, py.round() as i32)
    };
    let pts: Vec<PixelPoint> = data
        .points
        .iter()
        .map(|p| PixelPoint {
            at: to_px(p.x),
            class: p.label,
            test: p.test,
        })
        .collect();
    // Few points (XOR's four) large; hundreds small enough not to hide the boundary.
    let r_css = match pts.len() {
        0..=50 => 9.0,
        51..=300 => 6.0,
        _ => 4.5,
    };
    let colors = CLASS_RGB.map(class_color);
    if let Some(area) = canvas.area() {
        let r = (r_css * dpr).round() as i32;
        if let Err(e) = draw_points(&area, &pts, &colors, r, cursor.map(to_px)) {
            dom::log_error(&format!("playground points: {e:?}"));
        }
        let _ = area.present();
    }
}

/// Draw the network diagram with the neuron maps in the hidden nodes; returns the layout for hit-testing.
pub fn network(
    canvas: &HiDpiCanvas,
    net: &Net,
    grid: Option<&GridEval>,
    selected: Option<usize>,
) -> Option<Diagram> {
    let dpr = canvas.fit()?;
    let (w, h) = (canvas.el.width() as f64, canvas.el.height() as f64);
    let style = ChartStyle::with_scale(dpr);
    // Room above the columns for the "BN" tags of a batch-normalized network.
    let top = if net.config().batchnorm {
        style.font_size() as f64 + 4.0 * dpr
    } else {
        0.0
    };
    let d = layout_below(net, w, h, 56.0 * dpr, top);
    let area = canvas.area()?;
    if let Err(e) = draw_network(&area, &d, selected, &style) {
        dom::log_error(&format!("playground network: {e:?}"));
    }
    let _ = area.present();
    if let Some(g) = grid {
        let hidden = net.config().hidden.len();
        for n in d.nodes.iter().filter(|n| n.layer >= 1) {
            let s = (n.size.round() as usize).max(1);
            let rgba = if n.layer <= hidden {
                let act = net.config().activation_of(n.layer - 1);
                g.neuron_rgba(n.layer - 1, n.j, act, s, s)
            } else if n.j == 0 || g.y.ncols() <= 2 {
                // The output node shows the decision boundary itself.
                g.boundary_rgba(s, s)
            } else {
                continue;
            };
            canvas.put_rgba(&rgba, s as u32, s as u32, n.x.round(), n.y.round());
        }
    }
    Some(d)
}

/// Train and test curves of one metric (loss or accuracy) over epochs.
pub fn curves(canvas: &HiDpiCanvas, metrics: &[Metrics], acc: bool, x_label: &str, y_label: &str) {
    let Some(dpr) = canvas.fit() else { return };
    let Some(area) = canvas.area() else { return };
    let pick = |m: &Metrics, test: bool| -> Option<f64> {
        let v = match (acc, test) {
            (false, false) => Some(m.train_loss),
            (false, true) => m.test_loss,
            (true, false) => Some(m.train_acc),
            (true, true) => m.test_acc,
        };
        v.filter(|v| v.is_finite()).map(f64::from)
    };
    let mut out = Vec::new();
    for (test, color) in [(false, palette::color(0)), (true, palette::color(1))] {
        let points: Vec<(f64, f64)> = metrics
            .iter()
            .filter_map(|m| pick(m, test).map(|v| (m.epoch as f64, v)))
            .collect();
        if !points.is_empty() {
            out.push(Curve {
                color,
                dashed: test,
                points,
            });
        }
    }
    let x_max = metrics.last().map_or(1.0, |m| m.epoch as f64).max(1.0);
    let y_max = if acc {
        1.0
    } else {
        out.iter()
            .flat_map(|c| c.points.iter().map(|p| p.1))
            .fold(0.0f64, f64::max)
            .max(1e-3)
            * 1.05
    };
    let chart = FunctionChart {
        curves: &out,
        x_range: (0.0, x_max),
        y_range: (0.0, y_max),
        x_label,
        y_label,
        markers: &[],
        cursor_x: None,
    };
    if let Err(e) = draw_functions(&area, &chart, &ChartStyle::with_scale(dpr)) {
        dom::log_error(&format!("playground chart: {e:?}"));
    }
    let _ = area.present();
}
