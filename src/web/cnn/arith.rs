//! Convolution arithmetic: input, filter, pad and stride give OH = (H + 2P − FH)/S + 1; a window steps over
//! the (padded) input, and the numbers box shows the multiply-add of the current position and the output cell
//! it fills (the book's figures 7-4 to 7-8; the math is `labs::cnn::arith`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::{Element, Event, MouseEvent};

use super::example;
use super::grid::{self, Cell as GCell, Grid};
use super::shell::Shell;
use super::stepper::Stepper;
use crate::i18n::{format, t, Lang};
use crate::labs::cnn::arith::{
    num, size_line, ConvArith, ConvArithConfig, Preset, BIAS_MAX, C_MAX, FILTER_MAX, FN_MAX,
    FORMULA_SIZE, FORMULA_SUM, PAD_MAX, SIDE_MAX, STRIDE_MAX,
};
use crate::urlstate::Route;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{button, child, on, set_attr, text_el, window};
use crate::web::field::NumberField;
use crate::web::lab_parts::{Part, PartCtx};

const VIEW: &str = "arith";

pub(crate) struct ArithPart {
    pctx: PartCtx,
    fields: Vec<NumberField>,
    canvas: HiDpiCanvas,
    readout: Element,
    cfg: Cell<ConvArithConfig>,
    /// The last combination the engine accepted (shown while a refused one is being fixed).
    good: RefCell<ConvArith>,
    refused: Cell<bool>,
    stepper: RefCell<Option<Rc<Stepper>>>,
}

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
    let cfg = ConvArithConfig::default();
    let p = Rc::new(ArithPart {
        pctx: pctx.clone(),
        fields,
        canvas: shell.canvas.clone(),
        readout: shell.readout.clone(),
        cfg: Cell::new(cfg),
        good: RefCell::new(ConvArith::new(cfg).expect("the default is figure 7-4")),
        refused: Cell::new(false),
        stepper: RefCell::new(None),
    });
    let weak = Rc::downgrade(&p);
    let stepper = Stepper::new(&steps, "cnn.arith.scrub", pctx.ctx.lang.clone(), move |k| {
        if let Some(p) = weak.upgrade() {
            p.go_to(k);
        }
    });
    *p.stepper.borrow_mut() = Some(stepper);
    for preset in Preset::ALL {
        let b = button(&presets, "small", &format!("cnn.preset.{}", preset.key()));
        set_attr(&b, "data-preset", preset.key());
        let p2 = p.clone();
        on(&b, "click", move |_: MouseEvent| {
            p2.pause();
            p2.apply(preset.config(), true);
        });
    }
    for f in &p.fields {
        let p2 = p.clone();
        on(&f.input, "input", move |_: Event| p2.read_fields());
    }
    let (p2, p3) = (p.clone(), p.clone());
    shell.arrow_keys(
        move || (p2.cfg.get().at, p2.good.borrow().positions()),
        move |k| p3.go_to(k),
    );
    let p2 = p.clone();
    example::follow(VIEW, move |c| p2.apply(*c, false));
    let p2 = p.clone();
    on(&window(), "resize", move |_: Event| p2.draw());
    p
}

impl ArithPart {
    fn lang(&self) -> Lang {
        self.pctx.lang()
    }

    fn pause(&self) {
        if let Some(s) = self.stepper.borrow().as_ref() {
            s.pause();
        }
    }

    /// Read every field; a bad value is marked at its field, a refused combination is shown beside it.
    fn read_fields(&self) {
        self.pause();
        let lang = self.lang();
        let vals: Vec<Option<f64>> = self.fields.iter().map(|f| f.read(lang)).collect();
        if vals.iter().any(Option::is_none) {
            return;
        }
        let v: Vec<usize> = vals
            .iter()
            .map(|v| v.unwrap_or(0.0).max(0.0) as usize)
            .collect();
        let cfg = ConvArithConfig {
            c: v[0],
            h: v[1],
            w: v[2],
            fh: v[3],
            fw: v[4],
            pad: v[5],
            stride: v[6],
            bias: vals[7].unwrap_or(0.0) as i32,
            fnum: v[8],
            at: 0,
        };
        self.apply(cfg, false);
    }

    /// Take new settings: fields (when they did not come from the fields), link, figure, numbers, the im2col view.
    fn apply(&self, cfg: ConvArithConfig, set_fields: bool) {
        if set_fields {
            for (f, v) in self.fields.iter().zip(values(&cfg)) {
                f.set(v);
            }
        }
        match ConvArith::new(cfg) {
            Ok(a) => {
                let at = cfg.at.min(a.positions() - 1);
                let cfg = ConvArithConfig { at, ..cfg };
                self.cfg.set(cfg);
                *self.good.borrow_mut() = ConvArith { cfg, ..a };
                if self.refused.replace(false) {
                    self.pctx.ctx.messages.clear();
                }
                self.pctx.write(|r| cfg.write(r));
                example::changed(VIEW, &cfg);
            }
            Err(e) => {
                self.refused.set(true);
                self.pctx.ctx.messages.show(e, self.lang());
            }
        }
        self.render();
    }

    fn go_to(&self, k: usize) {
        let cfg = ConvArithConfig {
            at: k,
            ..self.cfg.get()
        };
        if self.refused.get() {
            return;
        }
        self.apply(cfg, false);
    }

    fn render(&self) {
        let a = self.good.borrow();
        let k = a.cfg.at;
        if let Some(s) = self.stepper.borrow().as_ref() {
            s.set(k, a.positions());
        }
        self.readout
            .set_inner_html(&readout_html(&a, k, self.refused.get(), self.lang()));
        drop(a);
        self.draw();
    }

    fn draw(&self) {
        let a = self.good.borrow();
        grid::draw(&self.canvas, &[figure(&a, a.cfg.at, self.lang())]);
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

impl Part for ArithPart {
    fn show(&self, route: &Route) {
        let cfg = ConvArithConfig::read(route);
        self.refused.set(false);
        self.apply(cfg, true);
    }

    fn hide(&self) {
        self.pause();
    }

    fn relabel(&self, lang: Lang) {
        for f in &self.fields {
            f.relabel(lang);
        }
        self.render();
    }
}
