//! The simpleNet panel: W (2×3) from a seed, the book's printed W, or typed as NumPy prints it; z = x·W,
//! y = softmax(z), the loss, the numerical dW = ∂L/∂W (with the analytic xᵀ(y − t) beside it), and one step
//! W ← W − lr·dW.

use std::cell::RefCell;
use std::rc::Rc;

use ndarray::Array2;
use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent};

use super::{action, formulas_html, Env, Panel};
use crate::i18n::{self, t};
use crate::labs::gradient::simplenet::{
    analytic_grad, book_w, evaluate, format_w, loss, parse_w, step, FORMULA, UPDATE, X,
};
use crate::labs::gradient::{NET_LR_RANGE, SEED_RANGE};
use crate::numfmt::sig;
use crate::web::dom::{child, on, set_attr, set_text, text_el};
use crate::web::field::NumberField;

pub(crate) struct NetPanel {
    env: Rc<Env>,
    seed: NumberField,
    lr: NumberField,
    w_text: HtmlInputElement,
    w_error: Element,
    out: Element,
    last_step: Element,
    formula: Element,
    /// The loss before and after the last update step, for the sentence under the numbers.
    stepped: RefCell<Option<(f64, f64)>>,
}

impl NetPanel {
    pub fn mount(parent: &Element, env: &Rc<Env>) -> Rc<NetPanel> {
        text_el(parent, "p", "grad-intro", "grad.net.intro");
        let grid = child(parent, "div", "lab-grid");
        let controls = child(&grid, "div", "controls");
        // Whole numbers only: 2.5 is refused with a word beside the field, never rounded to 2.
        let seed =
            NumberField::new(&controls, "grad.seed", SEED_RANGE.0, SEED_RANGE.1, 1.0).integer();
        let row = child(&controls, "div", "button-row");
        let wl = child(&controls, "label", "field");
        text_el(&wl, "span", "field-label", "grad.w");
        // A text input: the whole W pastes in one go (line breaks become spaces), as NumPy prints it.
        let w_text = crate::web::dom::input(&wl, "text", "grad-w");
        set_attr(&w_text, "spellcheck", "false");
        set_attr(&w_text, "autocomplete", "off");
        text_el(&wl, "small", "limits", "grad.w.limits");
        let w_error = child(&wl, "span", "field-error grad-w-error");
        set_attr(&w_error, "role", "alert");
        let lr = NumberField::new(
            &controls,
            "grad.net_lr",
            NET_LR_RANGE.0,
            NET_LR_RANGE.1,
            0.1,
        );
        let row2 = child(&controls, "div", "button-row");

        let outcol = child(&grid, "div", "grad-net-out");
        let out = child(&outcol, "div", "readout");
        set_attr(&out, "aria-live", "polite");
        let last_step = child(&outcol, "p", "grad-status");
        crate::web::stage::mount(&grid, &out, &[&last_step]);
        let formula = child(parent, "div", "formulas");
        let p = Rc::new(NetPanel {
            env: env.clone(),
            seed,
            lr,
            w_text,
            w_error,
            out,
            last_step,
            formula,
            stepped: RefCell::new(None),
        });

        let p2 = p.clone();
        let b = action(&row, "small", "grad.from_seed", move |_| {
            let Some(s) = p2.seed.read(p2.env.lang()) else {
                return;
            };
            let w = crate::labs::gradient::simplenet::w_from_seed(s as u64);
            p2.set_w(w, Some(s as u64));
        });
        set_attr(&b, "data-role", "from-seed");
        // Typing marks a bad seed ("", "abc", "1e999", "NaN", "0x10", 2.5) at once; Enter applies a good one.
        let p2 = p.clone();
        on(&p.seed.input, "input", move |_: Event| {
            p2.seed.read(p2.env.lang());
        });
        let p2 = p.clone();
        on(&p.seed.input, "keydown", move |ev: KeyboardEvent| {
            if ev.key() != "Enter" {
                return;
            }
            ev.prevent_default();
            if let Some(s) = p2.seed.read(p2.env.lang()) {
                let w = crate::labs::gradient::simplenet::w_from_seed(s as u64);
                p2.set_w(w, Some(s as u64));
            }
        });
        let p2 = p.clone();
        let b = action(&row, "small", "grad.book_w", move |_| {
            p2.set_w(book_w(), None)
        });
        set_attr(&b, "data-role", "book-w");
        let p2 = p.clone();
        let b = action(&row2, "primary", "grad.update", move |_| p2.update_step());
        set_attr(&b, "data-role", "update");
        crate::web::stage::key_action(&b, "step");

        let p2 = p.clone();
        on(&p.w_text, "input", move |_: Event| {
            match parse_w(&p2.w_text.value()) {
                Ok(w) => {
                    p2.mark_w(None);
                    *p2.stepped.borrow_mut() = None;
                    p2.env.update(|c| c.net.w = w);
                    p2.redraw();
                }
                Err(e) => p2.mark_w(Some(e.message(p2.env.lang()))),
            }
        });
        let p2 = p.clone();
        on(&p.lr.input, "input", move |_: Event| {
            if let Some(v) = p2.lr.read(p2.env.lang()) {
                p2.env.update(|c| c.net.lr = v);
            }
        });
        p
    }

    fn mark_w(&self, msg: Option<String>) {
        match msg {
            Some(m) => {
                set_text(&self.w_error, &m);
                set_attr(&self.w_text, "aria-invalid", "true");
            }
            None => {
                self.w_error.set_text_content(None);
                let _ = self.w_text.remove_attribute("aria-invalid");
            }
        }
    }

    fn set_w(&self, w: Array2<f64>, seed: Option<u64>) {
        *self.stepped.borrow_mut() = None;
        self.env.update(|c| {
            c.net.w = w;
            if let Some(s) = seed {
                c.net.seed = s;
            }
        });
        self.sync();
        self.redraw();
    }

    fn update_step(&self) {
        let (w, lr) = {
            let c = self.env.cfg.borrow();
            (c.net.w.clone(), c.net.lr)
        };
        let s = evaluate(&w);
        let w2 = step(&s, lr);
        *self.stepped.borrow_mut() = Some((s.loss, loss(&w2)));
        self.env.update(|c| c.net.w = w2);
        self.w_text
            .set_value(&format_w(&self.env.cfg.borrow().net.w));
        self.mark_w(None);
        self.redraw();
    }
}

/// A 2×3 (or 1×3) matrix as an HTML table with 8 significant digits, like NumPy's print.
fn matrix(rows: &[Vec<f64>], role: &str) -> String {
    let mut s = format!("<table class=\"matrix\" data-role=\"{role}\"><tbody>");
    for r in rows {
        s.push_str("<tr>");
        for v in r {
            s.push_str(&format!("<td>{}</td>", sig(*v, 8)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

fn rows(a: &Array2<f64>) -> Vec<Vec<f64>> {
    a.outer_iter().map(|r| r.to_vec()).collect()
}

impl Panel for NetPanel {
    fn sync(&self) {
        let c = self.env.cfg.borrow().net.clone();
        self.seed.set(c.seed as f64);
        self.lr.set(c.lr);
        self.w_text.set_value(&format_w(&c.w));
        self.mark_w(None);
    }

    fn redraw(&self) {
        let lang = self.env.lang();
        let w = self.env.cfg.borrow().net.w.clone();
        let s = evaluate(&w);
        let a = analytic_grad(&w);
        let item = |key: &str, body: String| {
            format!(
                "<div class=\"grad-item\"><h4>{}</h4>{}</div>",
                t(lang, key),
                body
            )
        };
        let html = [
            item(
                "grad.net.x",
                format!("x = [{}, {}], t = [0, 0, 1]", X[0], X[1]),
            ),
            item("grad.net.w", matrix(&rows(&s.w), "W")),
            item("grad.net.z", matrix(std::slice::from_ref(&s.z), "z")),
            item("grad.net.y", matrix(std::slice::from_ref(&s.y), "y")),
            item(
                "grad.net.loss",
                format!(
                    "<span class=\"big\" data-role=\"loss\">{}</span>",
                    sig(s.loss, 8)
                ),
            ),
            item("grad.net.dw", matrix(&rows(&s.dw), "dW")),
            item("grad.net.analytic", matrix(&rows(&a), "dW-analytic")),
            format!("<p class=\"hint\">{}</p>", t(lang, "grad.net.delta_note")),
        ]
        .concat();
        self.out
            .set_inner_html(&format!("<div class=\"grad-net-grid\">{html}</div>"));
        let stepped = *self.stepped.borrow();
        set_text(
            &self.last_step,
            &match stepped {
                Some((l0, l1)) => i18n::format(lang, "grad.net.stepped", &[sig(l0, 8), sig(l1, 8)]),
                None => String::new(),
            },
        );
        self.formula.set_inner_html(&formulas_html(
            lang,
            &[FORMULA[0], FORMULA[1], FORMULA[2], FORMULA[3], UPDATE],
        ));
        self.seed.relabel(lang);
        self.lr.relabel(lang);
    }
}
