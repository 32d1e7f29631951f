//! Convolution arithmetic: input, filter, pad and stride give OH = (H + 2P − FH)/S + 1; a window steps over
//! the (padded) input, and the numbers box shows the multiply-add of the current position and the output cell
//! it fills (the book's figures 7-4 to 7-8; the math is `labs::cnn::arith`).

use std::rc::Rc;

use web_sys::{Element, MouseEvent};

use super::example;
use super::grid::{self, Cell as GCell, Grid};
use super::shell::Shell;
use super::window_view::{WindowDemo, WindowView};
use crate::i18n::{format, t, Lang};
use crate::labs::cnn::arith::{
    num, size_line, ConvArith, ConvArithConfig, Preset, BIAS_MAX, C_MAX, FILTER_MAX, FN_MAX,
    FORMULA_SIZE, FORMULA_SUM, PAD_MAX, SIDE_MAX, STRIDE_MAX,
};
use crate::urlstate::Route;
use crate::web::dom::{button, child, on, set_attr, text_el};
use crate::web::field::NumberField;
use crate::web::lab_parts::{Part, PartCtx};

const VIEW: &str = "arith";

/// The fields in the order of `values`: C, H, W, FH, FW, P, S, b, FN.
const FIELDS: [(&str, f64, f64); 9] = [
    ("cnn.f.c", 1.0, C_MAX as f64),
    ("cnn.f.h", 1.0, SIDE_MAX as f64),
    ("cnn.f.w", 1.0, SIDE_MAX as f64),
    ("cnn.f.fh", 1.0, FILTER_MAX as f64),
    ("cnn.f.fw", 1.0, FILTER_MAX as f64),
    ("cnn.f.p", 0.0, PAD_MAX as f64),
    ("cnn.f.s", 1.0, STRIDE_MAX as f64),
    ("cnn.f.b", -(BIAS_MAX as f64), BIAS_MAX as f64),
    ("cnn.f.fn", 1.0, FN_MAX as f64),
];

fn values(c: &ConvArithConfig) -> [f64; 9] {
    [
        c.c as f64,
        c.h as f64,
        c.w as f64,
        c.fh as f64,
        c.fw as f64,
        c.pad as f64,
        c.stride as f64,
        c.bias as f64,
        c.fnum as f64,
    ]
}

pub(crate) fn mount(parent: &Element, pctx: &PartCtx) -> Rc<dyn Part> {
    let shell = Shell::new(parent, VIEW, false, &[FORMULA_SIZE, FORMULA_SUM]);
    let controls = &shell.controls;
    let presets = child(controls, "div", "presets");
    text_el(&presets, "span", "field-label", "cnn.presets");
    // The step buttons sit under the presets, above the fields, so they stay near the figure.
    let steps = child(controls, "div", "");
    let set = child(controls, "fieldset", "cnn-fields");
    text_el(&set, "legend", "", "cnn.arith.settings");
    let fields: Vec<NumberField> = FIELDS
        .iter()
        .map(|&(key, lo, hi)| NumberField::new(&set, key, lo, hi, 1.0).integer())
        .collect();
    let first = ConvArith::new(ConvArithConfig::default()).expect("the default is figure 7-4");
    let p = WindowView::new(&shell, &steps, fields, "cnn.arith.scrub", first, pctx);
    for preset in Preset::ALL {
        let b = button(&presets, "small", &format!("cnn.preset.{}", preset.key()));
        set_attr(&b, "data-preset", preset.key());
        let p2 = p.clone();
        on(&b, "click", move |_: MouseEvent| {
            p2.pause();
            p2.apply(preset.config(), true);
        });
    }
    let p2 = p.clone();
    example::follow(VIEW, move |c| p2.apply(*c, false));
    p
}

impl WindowDemo for ConvArith {
    type Cfg = ConvArithConfig;

    fn build(cfg: ConvArithConfig) -> crate::Result<Self> {
        ConvArith::new(cfg)
    }

    fn cfg(&self) -> ConvArithConfig {
        self.cfg
    }

    fn with_cfg(self, cfg: ConvArithConfig) -> Self {
        ConvArith { cfg, ..self }
    }

    fn positions(&self) -> usize {
        ConvArith::positions(self)
    }

    fn at(cfg: ConvArithConfig, k: usize) -> ConvArithConfig {
        ConvArithConfig { at: k, ..cfg }
    }

    fn position(cfg: &ConvArithConfig) -> usize {
        cfg.at
    }

    fn fields(c: &ConvArithConfig) -> Vec<f64> {
        values(c).to_vec()
    }

    fn from_fields(v: &[f64]) -> ConvArithConfig {
        let n = |i: usize| v.get(i).map_or(0, |&x| x.max(0.0) as usize);
        ConvArithConfig {
            c: n(0),
            h: n(1),
            w: n(2),
            fh: n(3),
            fw: n(4),
            pad: n(5),
            stride: n(6),
            bias: v.get(7).map_or(0, |&x| x as i32),
            fnum: n(8),
            at: 0,
        }
    }

    fn read(r: &Route) -> ConvArithConfig {
        ConvArithConfig::read(r)
    }

    fn write(cfg: &ConvArithConfig, r: &mut Route) {
        cfg.write(r)
    }

    fn changed(cfg: &ConvArithConfig) {
        example::changed(VIEW, cfg);
    }

    fn figure(&self, lang: Lang) -> Vec<Grid> {
        figure(self, self.cfg.at, lang)
    }

    fn readout(&self, refused: bool, lang: Lang) -> String {
        readout_html(self, self.cfg.at, refused, lang)
    }
}

/// The figure: each channel of the padded input with the window outlined, the filter(s), and the output.
fn figure(a: &ConvArith, k: usize, lang: Lang) -> Vec<Grid> {
    let s = &a.shape;
    let win = a.window(k);
    let (ph, pw) = (s.h + 2 * s.pad, s.w + 2 * s.pad);
    let mut grids = Vec::new();
    for c in 0..s.c {
        let cells = (0..ph * pw)
            .map(|i| {
                let (y, x) = (i / pw, i % pw);
                let inside = y >= s.pad && y < s.pad + s.h && x >= s.pad && x < s.pad + s.w;
                let in_win = y >= win.corner.0
                    && y < win.corner.0 + s.fh
                    && x >= win.corner.1
                    && x < win.corner.1 + s.fw;
                let text = if inside {
                    num(a.cfg.x_at(c, y - s.pad, x - s.pad))
                } else {
                    "0".into()
                };
                let fill = match (in_win, inside) {
                    (true, _) => grid::WINDOW,
                    (false, false) => grid::PAD,
                    _ => grid::PLAIN,
                };
                GCell::new(text, fill)
            })
            .collect();
        grids.push(Grid {
            title: if s.c > 1 {
                format(lang, "cnn.fig.input_c", &[c.to_string()])
            } else {
                t(lang, "cnn.fig.input").into()
            },
            rows: ph,
            cols: pw,
            cells,
            outline: Some((win.corner.0, win.corner.1, s.fh, s.fw)),
            before: if c == 0 { "" } else { "," },
        });
    }
    for c in 0..s.c {
        let cells = (0..s.fh * s.fw)
            .map(|i| GCell::new(num(a.cfg.w_at(win.f, c, i / s.fw, i % s.fw)), grid::WINDOW))
            .collect();
        grids.push(Grid {
            title: match (a.cfg.fnum > 1, s.c > 1) {
                (true, _) => format(
                    lang,
                    "cnn.fig.filter_fc",
                    &[win.f.to_string(), c.to_string()],
                ),
                (false, true) => format(lang, "cnn.fig.filter_c", &[c.to_string()]),
                _ => t(lang, "cnn.fig.filter").into(),
            },
            rows: s.fh,
            cols: s.fw,
            cells,
            outline: None,
            before: if c == 0 { "⊛" } else { "," },
        });
    }
    grids.push(Grid {
        title: "b".into(),
        rows: 1,
        cols: 1,
        cells: vec![GCell::new(num(win.bias), grid::PLAIN)],
        outline: None,
        before: "+",
    });
    // One output map per filter (figure 7-10): the maps already filled, the current cell, the rest empty.
    let outs = a.outputs();
    let p = s.positions();
    for f in 0..a.cfg.fnum {
        let cells = (0..p)
            .map(|q| {
                let i = f * p + q;
                match i.cmp(&k) {
                    std::cmp::Ordering::Less => GCell::new(num(outs[i]), grid::DONE),
                    std::cmp::Ordering::Equal => GCell::new(num(outs[i]), grid::CURRENT),
                    std::cmp::Ordering::Greater => GCell::new(String::new(), grid::PLAIN),
                }
            })
            .collect();
        grids.push(Grid {
            title: if a.cfg.fnum > 1 {
                format(lang, "cnn.fig.output_f", &[f.to_string()])
            } else {
                t(lang, "cnn.fig.output").into()
            },
            rows: s.oh,
            cols: s.ow,
            cells,
            outline: (f == win.f).then_some((win.oy, win.ox, 1, 1)),
            before: if f == 0 { "=" } else { "," },
        });
    }
    grids
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

/// The numbers box: both output sizes with their numbers, the position, the multiply-add and the output cell.
fn readout_html(a: &ConvArith, k: usize, refused: bool, lang: Lang) -> String {
    let c = &a.cfg;
    let win = a.window(k);
    let lines: String = a
        .mul_add_lines(k)
        .iter()
        .map(|l| format!("<li>{}</li>", esc(l)))
        .collect();
    let stale = if refused {
        format!("<p class=\"cnn-stale\">{}</p>", t(lang, "cnn.stale"))
    } else {
        String::new()
    };
    format!(
        "{stale}<p data-role=\"oh\">{}</p><p data-role=\"ow\">{}</p>\
         <p data-role=\"position\">{}</p>\
         <ol class=\"cnn-muladd\" data-role=\"muladd\">{lines}</ol>\
         <p data-role=\"cell\"><strong>{}</strong></p>",
        esc(&size_line("H", c.h, c.fh, c.pad, c.stride)),
        esc(&size_line("W", c.w, c.fw, c.pad, c.stride)),
        if c.fnum > 1 {
            format(
                lang,
                "cnn.position_f",
                &[
                    (k + 1).to_string(),
                    a.positions().to_string(),
                    win.f.to_string(),
                    win.oy.to_string(),
                    win.ox.to_string(),
                ],
            )
        } else {
            format(
                lang,
                "cnn.position",
                &[
                    (k + 1).to_string(),
                    a.positions().to_string(),
                    win.oy.to_string(),
                    win.ox.to_string(),
                ],
            )
        },
        if c.fnum > 1 {
            format(
                lang,
                "cnn.cell_f",
                &[
                    win.f.to_string(),
                    win.oy.to_string(),
                    win.ox.to_string(),
                    num(win.out),
                ],
            )
        } else {
            format(
                lang,
                "cnn.cell",
                &[win.oy.to_string(), win.ox.to_string(), num(win.out)],
            )
        },
    )
}
