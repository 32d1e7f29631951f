//! The loss lab's mini-batch panel: N examples (the example above plus fixed ones with a label picker each),
//! their CEE Eₙ and the book's mean E = (1/N) Σₙ Eₙ.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlSelectElement};

use super::Parts;
use crate::i18n::{self, Lang};
use crate::labs::loss::batch::{EXTRA, MAX_SIZE};
use crate::labs::loss::terms::FORMULA_BATCH;
use crate::labs::loss::{LossLabConfig, K};
use crate::numfmt::sig;
use crate::web::dom::{child, on, set_attr, set_text, text_el};

pub struct BatchPanel {
    size: HtmlSelectElement,
    labels: Vec<HtmlSelectElement>,
    rows: Vec<Element>,
    /// Per row: the y, y_t, E_n and right/wrong cells.
    cells: Vec<[Element; 5]>,
    mean: Element,
}

fn select(parent: &Element, values: impl Iterator<Item = usize>) -> HtmlSelectElement {
    let s = child(parent, "select", "");
    for v in values {
        let o = child(&s, "option", "");
        set_attr(&o, "value", &v.to_string());
        set_text(&o, &v.to_string());
    }
    s.unchecked_into()
}

impl BatchPanel {
    pub fn mount(parent: &Element) -> BatchPanel {
        let sec = child(parent, "section", "panel loss-batch");
        text_el(&sec, "h3", "", "loss.batch.title");
        text_el(&sec, "p", "intro", "loss.batch.intro");
        let lab = child(&sec, "label", "inline-field");
        text_el(&lab, "span", "field-label", "loss.batch.size");
        let size = select(&lab, 1..=MAX_SIZE);
        set_attr(&size, "data-role", "batch-size");

        let wrap = child(&sec, "div", "table-wrap");
        let table = child(&wrap, "table", "data-table batch-table");
        let head = child(&child(&table, "thead", ""), "tr", "");
        for key in [
            "loss.batch.n",
            "loss.batch.y",
            "loss.batch.t",
            "loss.batch.yt",
            "loss.batch.e",
            "loss.batch.right",
        ] {
            let th = text_el(&head, "th", "", key);
            // The tₙ selects are labelled by this header and their row's n (aria-labelledby: both languages).
            if key == "loss.batch.t" {
                set_attr(&th, "id", "loss-batch-t");
            }
        }
        let body = child(&table, "tbody", "");
        let mut rows = Vec::new();
        let mut cells = Vec::new();
        let mut labels = Vec::new();
        for n in 0..MAX_SIZE {
            let tr = child(&body, "tr", "");
            let n_cell = child(&tr, "td", "");
            set_text(&n_cell, &(n + 1).to_string());
            set_attr(&n_cell, "id", &format!("loss-batch-n{n}"));
            let y = child(&tr, "td", "y-list");
            let t = child(&tr, "td", "");
            if n == 0 {
                text_el(&t, "span", "", "loss.batch.from_above");
            } else {
                let s = select(&t, 0..K);
                set_attr(&s, "data-row", &n.to_string());
                set_attr(
                    &s,
                    "aria-labelledby",
                    &format!("loss-batch-t loss-batch-n{n}"),
                );
                labels.push(s);
            }
            let t_text = child(&t, "span", "t-text");
            let yt = child(&tr, "td", "");
            let e = child(&tr, "td", "e-n");
            let right = child(&tr, "td", "");
            rows.push(tr);
            cells.push([y, t_text, yt, e, right]);
        }
        let mean = child(&sec, "div", "batch-mean");
        set_attr(&mean, "aria-live", "polite");
        crate::web::stage::mount(&sec, &wrap, &[&mean]);
        BatchPanel {
            size,
            labels,
            rows,
            cells,
            mean,
        }
    }

    pub fn sync(&self, cfg: &LossLabConfig) {
        self.size.set_value(&cfg.batch.size.to_string());
        for (s, l) in self.labels.iter().zip(cfg.batch.labels) {
            s.set_value(&l.to_string());
        }
    }

    pub fn render(&self, cfg: &LossLabConfig, lang: Lang) {
        let b = cfg.batch.compute(&cfg.y_effective(), cfg.t);
        for (n, tr) in self.rows.iter().enumerate() {
            let Some(row) = b.rows.get(n) else {
                let _ = tr.set_attribute("hidden", "");
                continue;
            };
            let _ = tr.remove_attribute("hidden");
            let c = &self.cells[n];
            let ys: Vec<String> = row.y.iter().map(|&v| sig(v as f64, 2)).collect();
            set_text(&c[0], &format!("[{}]", ys.join(", ")));
            c[1].set_text_content(Some(&if n == 0 {
                format!(" = {}", row.label)
            } else {
                String::new()
            }));
            set_text(&c[2], &sig(row.y_true as f64, 4));
            set_text(&c[3], &sig(row.cee as f64, 4));
            c[4].set_text_content(Some(i18n::t(
                lang,
                if row.correct {
                    "loss.batch.yes"
                } else {
                    "loss.batch.no"
                },
            )));
        }
        let parts: Vec<String> = b.rows.iter().map(|r| sig(r.cee as f64, 4)).collect();
        let n = b.rows.len();
        let html = format!(
            "<div class=\"formula\">{FORMULA_BATCH}</div><div class=\"formula result\" data-loss=\"batch\"><math><mi>E</mi><mo>=</mo><mfrac><mrow><mn>{}</mn></mrow><mn>{n}</mn></mfrac><mo>=</mo><mn>{}</mn></math></div><p>{}</p>",
            parts.join("</mn><mo>+</mo><mn>"),
            sig(b.mean_cee as f64, 4),
            i18n::format(
                lang,
                "loss.batch.summary",
                &[sig(b.mean_cee as f64, 4), sig(b.mean_sse as f64, 4), sig(b.accuracy as f64 * 100.0, 3)]
            )
        );
        self.mean.set_inner_html(&html);
    }
}

pub(super) fn wire(p: &Rc<Parts>) {
    let p2 = p.clone();
    on(&p.batch.size, "change", move |_: Event| {
        let v = p2
            .batch
            .size
            .value()
            .parse::<usize>()
            .unwrap_or(1)
            .clamp(1, MAX_SIZE);
        p2.cfg.borrow_mut().batch.size = v;
        p2.changed();
    });
    for i in 0..EXTRA {
        let p2 = p.clone();
        on(&p.batch.labels[i], "change", move |_: Event| {
            let v = p2.batch.labels[i]
                .value()
                .parse::<usize>()
                .unwrap_or(0)
                .min(K - 1);
            p2.cfg.borrow_mut().batch.labels[i] = v;
            p2.changed();
        });
    }
}
