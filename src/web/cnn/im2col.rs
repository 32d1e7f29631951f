//! im2col: the convolution example of the arithmetic view unrolled by the engine's own `im2col`: each window's
//! patch becomes one row of col, the filter one column W_col, one matrix product col·W_col + b gives every
//! output, and a reshape puts them back as OH × OW. Every matrix's size is printed (`labs::cnn::im2col`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::{Element, Event};

use super::example;
use super::grid::{self, Cell as GCell, Grid};
use super::shell::Shell;
use super::stepper::Stepper;
use crate::i18n::{format, t, Lang};
use crate::labs::cnn::arith::{num, ConvArith, ConvArithConfig};
use crate::labs::cnn::im2col::{Im2colDemo, FORMULA};
use crate::urlstate::Route;
use crate::web::canvas::HiDpiCanvas;
use crate::web::dom::{on, text_el, window};
use crate::web::lab_parts::{Part, PartCtx};

const VIEW: &str = "im2col";

pub(crate) struct Im2colPart {
    pctx: PartCtx,
    canvas: HiDpiCanvas,
    readout: Element,
    cfg: Cell<ConvArithConfig>,
    demo: RefCell<Option<(ConvArith, Im2colDemo)>>,
    stepper: RefCell<Option<Rc<Stepper>>>,
}

pub(crate) fn mount(parent: &Element, pctx: &PartCtx) -> Rc<dyn Part> {
    let shell = Shell::new(parent, VIEW, true, &[FORMULA]);
    text_el(&shell.controls, "p", "hint", "cnn.im2col.same");
    let p = Rc::new(Im2colPart {
        pctx: pctx.clone(),
        canvas: shell.canvas.clone(),
        readout: shell.readout.clone(),
        cfg: Cell::new(ConvArithConfig::default()),
        demo: RefCell::new(None),
        stepper: RefCell::new(None),
    });
    let weak = Rc::downgrade(&p);
    let stepper = Stepper::new(
        &shell.controls,
        "cnn.im2col.scrub",
        pctx.ctx.lang.clone(),
        move |k| {
            if let Some(p) = weak.upgrade() {
                p.go_to(k);
            }
        },
    );
    *p.stepper.borrow_mut() = Some(stepper);
    let (p2, p3) = (p.clone(), p.clone());
    shell.arrow_keys(
        move || (p2.cfg.get().at, p2.positions()),
        move |k| p3.go_to(k),
    );
    let p2 = p.clone();
    example::follow(VIEW, move |c| p2.set(*c));
    let p2 = p.clone();
    on(&window(), "resize", move |_: Event| p2.draw());
    p
}

impl Im2colPart {
    fn positions(&self) -> usize {
        self.demo
            .borrow()
            .as_ref()
            .map_or(1, |(a, _)| a.positions())
    }

    fn set(&self, cfg: ConvArithConfig) {
        self.cfg.set(cfg);
        *self.demo.borrow_mut() = ConvArith::new(cfg)
            .ok()
            .and_then(|a| Im2colDemo::new(&a).ok().map(|d| (a, d)));
        self.render();
    }

    fn go_to(&self, k: usize) {
        let cfg = ConvArithConfig {
            at: k.min(self.positions() - 1),
            ..self.cfg.get()
        };
        self.pctx.write(|r| cfg.write(r));
        example::changed(VIEW, &cfg);
        self.set(cfg);
    }

    fn render(&self) {
        let lang = self.pctx.lang();
        let k = self.cfg.get().at;
        if let Some(s) = self.stepper.borrow().as_ref() {
            s.set(k, self.positions());
        }
        let html = match self.demo.borrow().as_ref() {
            Some((a, d)) => readout_html(a, d, k, lang),
            None => String::new(),
        };
        self.readout.set_inner_html(&html);
        self.draw();
    }

    fn draw(&self) {
        let lang = self.pctx.lang();
        let k = self.cfg.get().at;
        let grids = match self.demo.borrow().as_ref() {
            Some((_, d)) => figure(d, k, lang),
            None => Vec::new(),
        };
        grid::draw(&self.canvas, &grids);
    }
}

/// Three lines: col with the current row outlined; W_col transposed (one row per filter); the product and
/// the reshaped maps.
fn figure(d: &Im2colDemo, k: usize, lang: Lang) -> Vec<Vec<Grid>> {
    let (rows, cols) = d.col.dim();
    let fnum = d.filters();
    let (p, f) = (k % rows, k / rows);
    let col = Grid {
        title: format!("col ({rows}×{cols})"),
        rows,
        cols,
        cells: d
            .col
            .indexed_iter()
            .map(|((r, _), &v)| GCell::new(num(v), if r == p { grid::WINDOW } else { grid::PLAIN }))
            .collect(),
        outline: Some((p, 0, 1, cols)),
        before: "",
    };
    // W_col drawn transposed, under col: each filter's weights line up with the patch values they multiply.
    let w = Grid {
        title: format!("W_colᵀ ({fnum}×{cols})"),
        rows: fnum,
        cols,
        cells: d
            .w_col
            .t()
            .indexed_iter()
            .map(|((r, _), &v)| GCell::new(num(v), if r == f { grid::WINDOW } else { grid::PLAIN }))
            .collect(),
        outline: Some((f, 0, 1, cols)),
        before: "",
    };
    let prod = Grid {
        title: format!("col·W_col + b ({rows}×{fnum})"),
        rows,
        cols: fnum,
        cells: d
            .prod
            .indexed_iter()
            .map(|((r, c), &v)| {
                GCell::new(
                    num(v),
                    if (r, c) == (p, f) {
                        grid::CURRENT
                    } else {
                        grid::DONE
                    },
                )
            })
            .collect(),
        outline: Some((p, f, 1, 1)),
        before: "",
    };
    let mut grids = vec![prod];
    let out = d.reshaped();
    for m in 0..fnum {
        grids.push(Grid {
            title: if fnum > 1 {
                format!("y[{m}]")
            } else {
                format!("{} ({}×{})", t(lang, "cnn.fig.reshape"), d.oh, d.ow)
            },
            rows: d.oh,
            cols: d.ow,
            cells: (0..rows)
                .map(|q| {
                    let i = m * rows + q;
                    GCell::new(num(out[i]), if i == k { grid::CURRENT } else { grid::DONE })
                })
                .collect(),
            outline: (m == f).then_some((p / d.ow, p % d.ow, 1, 1)),
            before: if m == 0 { "→" } else { "," },
        });
    }
    vec![vec![col], vec![w], grids]
}

fn readout_html(a: &ConvArith, d: &Im2colDemo, k: usize, lang: Lang) -> String {
    let sizes: String = d
        .sizes(a)
        .iter()
        .map(|s| format!("<tr><th>{}</th><td>{}</td></tr>", s.name, s.dims))
        .collect();
    let win = a.window(k);
    let p = k % d.col.nrows();
    let row: Vec<String> = d.col.row(p).iter().map(|&v| num(v)).collect();
    let dot: Vec<String> = d
        .col
        .row(p)
        .iter()
        .zip(d.w_col.column(win.f))
        .map(|(&x, &w)| format!("{}·{}", num(x), num(w)))
        .collect();
    format!(
        "<table class=\"data-table\" data-role=\"sizes\"><tbody>{sizes}</tbody></table>\
         <p data-role=\"row\">{}</p><p class=\"cnn-mono\">[{}]</p>\
         <p class=\"cnn-mono\" data-role=\"rowdot\">{} + {} = {}</p>\
         <p data-role=\"reshape\">{}</p>",
        format(
            lang,
            "cnn.im2col.row",
            &[p.to_string(), win.oy.to_string(), win.ox.to_string()]
        ),
        row.join(", "),
        dot.join(" + "),
        num(d.bias),
        num(d.prod[[p, win.f]]),
        format(
            lang,
            "cnn.im2col.reshape_at",
            &[
                p.to_string(),
                win.f.to_string(),
                win.oy.to_string(),
                win.ox.to_string()
            ]
        ),
    )
}

impl Part for Im2colPart {
    fn show(&self, route: &Route) {
        self.set(ConvArithConfig::read(route));
    }

    fn hide(&self) {
        if let Some(s) = self.stepper.borrow().as_ref() {
            s.pause();
        }
    }

    fn relabel(&self, _lang: Lang) {
        self.render();
    }
}
