//! Max pooling: a window and a stride over a small grid, the maximum of each window highlighted, and where
//! backward routes each dout (to the window's argmax; the math is `labs::cnn::pool`, checked against the
//! engine's `Pooling`).

use std::rc::Rc;

use web_sys::Element;

use super::grid::{self, Cell as GCell, Grid};
use super::shell::Shell;
use super::window_view::{WindowDemo, WindowView};
use crate::i18n::{format, t, Lang};
use crate::labs::cnn::arith::{num, size_line};
use crate::labs::cnn::pool::{PoolDemo, PoolViewConfig, FORMULA, SIDE_MAX, STRIDE_MAX, WINDOW_MAX};
use crate::urlstate::Route;
use crate::web::dom::{child, text_el};
use crate::web::field::NumberField;
use crate::web::lab_parts::{Part, PartCtx};

/// H, W, the window PH = PW, the stride S.
const FIELDS: [(&str, f64, f64); 4] = [
    ("cnn.f.h", 1.0, SIDE_MAX as f64),
    ("cnn.f.w", 1.0, SIDE_MAX as f64),
    ("cnn.f.pool", 1.0, WINDOW_MAX as f64),
    ("cnn.f.s", 1.0, STRIDE_MAX as f64),
];

pub(crate) fn mount(parent: &Element, pctx: &PartCtx) -> Rc<dyn Part> {
    let shell = Shell::new(parent, "pool", true, &[FORMULA]);
    let steps = child(&shell.controls, "div", "");
    let set = child(&shell.controls, "fieldset", "cnn-fields");
    text_el(&set, "legend", "", "cnn.pool.settings");
    let fields: Vec<NumberField> = FIELDS
        .iter()
        .map(|&(key, lo, hi)| NumberField::new(&set, key, lo, hi, 1.0).integer())
        .collect();
    let first = PoolDemo::new(PoolViewConfig::default()).expect("the book's 2×2, stride 2");
    WindowView::new(&shell, &steps, fields, "cnn.pool.scrub", first, pctx)
}

impl WindowDemo for PoolDemo {
    type Cfg = PoolViewConfig;

    fn build(cfg: PoolViewConfig) -> crate::Result<Self> {
        PoolDemo::new(cfg)
    }

    fn cfg(&self) -> PoolViewConfig {
        self.cfg
    }

    fn with_cfg(self, cfg: PoolViewConfig) -> Self {
        PoolDemo { cfg, ..self }
    }

    fn positions(&self) -> usize {
        PoolDemo::positions(self)
    }

    fn at(cfg: PoolViewConfig, k: usize) -> PoolViewConfig {
        PoolViewConfig { at: k, ..cfg }
    }

    fn position(cfg: &PoolViewConfig) -> usize {
        cfg.at
    }

    fn fields(c: &PoolViewConfig) -> Vec<f64> {
        [c.h, c.w, c.size, c.stride].map(|v| v as f64).to_vec()
    }

    fn from_fields(v: &[f64]) -> PoolViewConfig {
        let n = |i: usize| v.get(i).map_or(1, |&x| x.max(0.0) as usize);
        PoolViewConfig {
            h: n(0),
            w: n(1),
            size: n(2),
            stride: n(3),
            at: 0,
        }
    }

    fn read(r: &Route) -> PoolViewConfig {
        PoolViewConfig::read(r)
    }

    fn write(cfg: &PoolViewConfig, r: &mut Route) {
        cfg.write(r)
    }

    fn figure(&self, lang: Lang) -> Vec<Grid> {
        figure(self, lang)
    }

    fn readout(&self, refused: bool, lang: Lang) -> String {
        readout_html(self, refused, lang)
    }
}

/// Input with the window and its maximum, the output, then dout and the routed dx.
fn figure(d: &PoolDemo, lang: Lang) -> Vec<Grid> {
    let c = &d.cfg;
    let k = c.at;
    let win = d.window(k);
    let (h, w) = (c.h, c.w);
    let top = (win.oy * c.stride, win.ox * c.stride);
    let input = Grid {
        title: t(lang, "cnn.fig.input").into(),
        rows: h,
        cols: w,
        cells: (0..h * w)
            .map(|i| {
                let (y, x) = (i / w, i % w);
                let in_win = y >= top.0 && y < top.0 + c.size && x >= top.1 && x < top.1 + c.size;
                let fill = if (y, x) == win.argmax {
                    grid::MAX
                } else if in_win {
                    grid::WINDOW
                } else {
                    grid::PLAIN
                };
                GCell::new(num(c.x_at(y, x)), fill)
            })
            .collect(),
        outline: Some((top.0, top.1, c.size, c.size)),
        before: "",
    };
    let (oh, ow) = (d.shape.oh, d.shape.ow);
    let outs = d.outputs();
    let output = Grid {
        title: t(lang, "cnn.fig.output").into(),
        rows: oh,
        cols: ow,
        cells: outs
            .iter()
            .enumerate()
            .map(|(i, &v)| match i.cmp(&k) {
                std::cmp::Ordering::Less => GCell::new(num(v), grid::DONE),
                std::cmp::Ordering::Equal => GCell::new(num(v), grid::CURRENT),
                std::cmp::Ordering::Greater => GCell::new(String::new(), grid::PLAIN),
            })
            .collect(),
        outline: Some((win.oy, win.ox, 1, 1)),
        before: "→",
    };
    let dout = Grid {
        title: "dout".into(),
        rows: oh,
        cols: ow,
        cells: d
            .dout()
            .iter()
            .enumerate()
            .map(|(i, &v)| GCell::new(num(v), if i == k { grid::CURRENT } else { grid::PLAIN }))
            .collect(),
        outline: Some((win.oy, win.ox, 1, 1)),
        before: "│",
    };
    let dx = d.dx();
    let dx_grid = Grid {
        title: "dx".into(),
        rows: h,
        cols: w,
        cells: dx
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let fill = if (i / w, i % w) == win.argmax {
                    grid::MAX
                } else if v != 0.0 {
                    grid::DONE
                } else {
                    grid::PLAIN
                };
                GCell::new(num(v), fill)
            })
            .collect(),
        outline: Some((win.argmax.0, win.argmax.1, 1, 1)),
        before: "→",
    };
    vec![input, output, dout, dx_grid]
}

fn readout_html(d: &PoolDemo, refused: bool, lang: Lang) -> String {
    let c = &d.cfg;
    let k = c.at;
    let win = d.window(k);
    let vals: Vec<String> = win.cells.iter().map(|&(_, _, v)| num(v)).collect();
    let dx = d.dx();
    let dx_rows: String = dx
        .chunks(c.w)
        .map(|r| {
            let cells: Vec<String> = r.iter().map(|&v| num(v)).collect();
            format!("[{}]", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join("<br>");
    let stale = if refused {
        format!("<p class=\"cnn-stale\">{}</p>", t(lang, "cnn.stale"))
    } else {
        String::new()
    };
    format!(
        "{stale}<p data-role=\"oh\">{}</p><p data-role=\"ow\">{}</p>\
         <p data-role=\"position\">{}</p>\
         <p class=\"cnn-mono\" data-role=\"max\">max({}) = {}</p>\
         <p data-role=\"route\">{}</p>\
         <p>{}</p><p class=\"cnn-mono\" data-role=\"dx\">{dx_rows}</p>",
        size_line("H", c.h, c.size, 0, c.stride),
        size_line("W", c.w, c.size, 0, c.stride),
        format(
            lang,
            "cnn.position",
            &[
                (k + 1).to_string(),
                d.positions().to_string(),
                win.oy.to_string(),
                win.ox.to_string()
            ]
        ),
        vals.join(", "),
        num(win.max),
        format(
            lang,
            "cnn.pool.route",
            &[
                win.oy.to_string(),
                win.ox.to_string(),
                num(d.dout()[k]),
                win.argmax.0.to_string(),
                win.argmax.1.to_string()
            ]
        ),
        t(lang, "cnn.pool.dx"),
    )
}
