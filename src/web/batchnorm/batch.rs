//! One mini-batch through BatchNormalization with every number (computed in `labs::batchnorm::batch`): the
//! formulas in MathML, a table of one feature's 8 samples forward and backward, and per feature μ_B, σ²_B,
//! √(σ²_B + ε), γ, β and the parameter gradients. γ and β are editable; "New batch" draws another x and ∂L/∂y.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, Event, HtmlElement, HtmlSelectElement, MouseEvent};

use crate::i18n::{self, Lang};
use crate::labs::batchnorm::batch::{BatchDemo, BatchDemoConfig, D, N, PARAM_RANGE};
use crate::labs::batchnorm::config::BatchnormLabConfig;
use crate::numfmt::sig;
use crate::urlstate::Route;
use crate::web::dom::{button, child, el, on, set_attr, set_text, text_el};
use crate::web::field::NumberField;
use crate::web::lab_parts::{Part, PartCtx};
use crate::web::stage;

/// The forward formulas (the book's 6.7) and the backward ones, as MathML.
const FORMULAS: &str = concat!(
    "<math display=\"block\"><msub><mi>μ</mi><mi>B</mi></msub><mo>=</mo><mfrac><mn>1</mn><mi>m</mi></mfrac>",
    "<munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>m</mi></munderover><msub><mi>x</mi><mi>i</mi></msub></math>",
    "<math display=\"block\"><msubsup><mi>σ</mi><mi>B</mi><mn>2</mn></msubsup><mo>=</mo><mfrac><mn>1</mn><mi>m</mi></mfrac>",
    "<munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>m</mi></munderover><msup><mrow><mo>(</mo><msub><mi>x</mi><mi>i</mi></msub><mo>−</mo><msub><mi>μ</mi><mi>B</mi></msub><mo>)</mo></mrow><mn>2</mn></msup></math>",
    "<math display=\"block\"><msub><mover><mi>x</mi><mo>^</mo></mover><mi>i</mi></msub><mo>=</mo><mfrac><mrow><msub><mi>x</mi><mi>i</mi></msub><mo>−</mo><msub><mi>μ</mi><mi>B</mi></msub></mrow>",
    "<msqrt><msubsup><mi>σ</mi><mi>B</mi><mn>2</mn></msubsup><mo>+</mo><mi>ε</mi></msqrt></mfrac><mo>,</mo><mspace width=\"1em\"/>",
    "<msub><mi>y</mi><mi>i</mi></msub><mo>=</mo><mi>γ</mi><msub><mover><mi>x</mi><mo>^</mo></mover><mi>i</mi></msub><mo>+</mo><mi>β</mi></math>",
    "<math display=\"block\"><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>β</mi></mrow></mfrac><mo>=</mo>",
    "<munder><mo>∑</mo><mi>i</mi></munder><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>y</mi><mi>i</mi></msub></mrow></mfrac><mo>,</mo><mspace width=\"1em\"/>",
    "<mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>γ</mi></mrow></mfrac><mo>=</mo><munder><mo>∑</mo><mi>i</mi></munder>",
    "<mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>y</mi><mi>i</mi></msub></mrow></mfrac><msub><mover><mi>x</mi><mo>^</mo></mover><mi>i</mi></msub><mo>,</mo><mspace width=\"1em\"/>",
    "<mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mover><mi>x</mi><mo>^</mo></mover><mi>i</mi></msub></mrow></mfrac><mo>=</mo><mi>γ</mi>",
    "<mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>y</mi><mi>i</mi></msub></mrow></mfrac></math>",
    "<math display=\"block\"><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>x</mi><mi>i</mi></msub></mrow></mfrac><mo>=</mo>",
    "<mfrac><mrow><mo>∂</mo><mi>L</mi><mo>/</mo><mo>∂</mo><msub><mover><mi>x</mi><mo>^</mo></mover><mi>i</mi></msub></mrow><msqrt><msubsup><mi>σ</mi><mi>B</mi><mn>2</mn></msubsup><mo>+</mo><mi>ε</mi></msqrt></mfrac>",
    "<mo>+</mo><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msubsup><mi>σ</mi><mi>B</mi><mn>2</mn></msubsup></mrow></mfrac><mfrac><mrow><mn>2</mn><mo>(</mo><msub><mi>x</mi><mi>i</mi></msub><mo>−</mo><msub><mi>μ</mi><mi>B</mi></msub><mo>)</mo></mrow><mi>m</mi></mfrac>",
    "<mo>+</mo><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msub><mi>μ</mi><mi>B</mi></msub></mrow></mfrac><mfrac><mn>1</mn><mi>m</mi></mfrac></math>",
);

pub(crate) struct BatchPart {
    pctx: PartCtx,
    gamma: Vec<NumberField>,
    beta: Vec<NumberField>,
    feature: HtmlSelectElement,
    table: Element,
    numbers: Element,
    cfg: RefCell<BatchDemoConfig>,
}

fn f(v: f32) -> String {
    sig(v as f64, 4)
}

pub(crate) fn mount(parent: &Element, pctx: &PartCtx) -> Rc<dyn Part> {
    let sec = child(parent, "section", "panel bn-batch");
    set_attr(&sec, "data-role", "bn-batch");
    text_el(&sec, "h3", "", "bn.batch.title");
    let intro = text_el(&sec, "p", "intro", "bn.batch.intro");
    stage::long_text(&intro);
    let controls = child(&sec, "div", "bn-controls");
    let row = child(&controls, "div", "bn-params");
    let mut gamma = Vec::new();
    let mut beta = Vec::new();
    const G: [&str; D] = ["bn.gamma1", "bn.gamma2", "bn.gamma3"];
    const B: [&str; D] = ["bn.beta1", "bn.beta2", "bn.beta3"];
    for j in 0..D {
        let g = NumberField::new_f32(&row, G[j], PARAM_RANGE, 0.1);
        set_attr(&g.input, "data-role", &format!("bn-gamma-{}", j + 1));
        let b = NumberField::new_f32(&row, B[j], PARAM_RANGE, 0.1);
        set_attr(&b.input, "data-role", &format!("bn-beta-{}", j + 1));
        gamma.push(g);
        beta.push(b);
    }
    let bar = child(&controls, "div", "button-row");
    let wrap = child(&bar, "label", "field");
    text_el(&wrap, "span", "field-label", "bn.batch.feature");
    let feature: HtmlSelectElement = child(&wrap, "select", "").dyn_into_select();
    set_attr(&feature, "data-role", "bn-feature");
    for j in 0..D {
        let o = el("option", "");
        set_attr(&o, "value", &j.to_string());
        set_text(&o, &format!("{}", j + 1));
        let _ = feature.append_child(&o);
    }
    let again = button(&bar, "primary", "bn.batch.again");
    set_attr(&again, "data-role", "bn-again");
    let reset = button(&bar, "", "bn.batch.reset");
    set_attr(&reset, "data-role", "bn-reset");
    stage::key_action(&again, "step");
    stage::key_action(&reset, "reset");
    let fig = child(&sec, "figure", "bn-figure");
    let formulas = child(&fig, "div", "bn-formulas");
    formulas.set_inner_html(FORMULAS);
    let table = child(&fig, "div", "bn-table");
    set_attr(&table, "data-role", "bn-table");
    // It scrolls sideways on a phone: keyboard users must reach it (WCAG 2.1.1, axe's scrollable-region-focusable).
    set_attr(&table, "tabindex", "0");
    set_attr(&table, "role", "region");
    set_attr(&table, "data-i18n-aria", "bn.batch.title");
    let numbers = child(&sec, "div", "readout bn-numbers");
    set_attr(&numbers, "data-role", "bn-numbers");
    set_attr(&numbers, "aria-live", "polite");
    stage::mount(&sec, &fig, &[&numbers]);
    let part = Rc::new(BatchPart {
        pctx: pctx.clone(),
        gamma,
        beta,
        feature,
        table,
        numbers,
        cfg: RefCell::new(BatchDemoConfig::default()),
    });
    for fld in part.gamma.iter().chain(&part.beta) {
        let p = part.clone();
        on(&fld.input, "change", move |_: Event| p.edited());
    }
    let p = part.clone();
    on(&part.feature, "change", move |_: Event| p.render());
    let p = part.clone();
    on(&again, "click", move |_: MouseEvent| {
        let mut c = p.cfg.borrow().clone();
        c.seed = c.seed.wrapping_add(1) % 4_294_967_296;
        p.apply(c);
    });
    let p = part.clone();
    on(&reset, "click", move |_: MouseEvent| {
        let c = BatchDemoConfig {
            seed: p.cfg.borrow().seed,
            ..BatchDemoConfig::default()
        };
        p.apply(c);
    });
    let _: &HtmlElement = &again;
    part
}

/// `dyn_into` for the one select this part makes.
trait IntoSelect {
    fn dyn_into_select(self) -> HtmlSelectElement;
}

impl IntoSelect for Element {
    fn dyn_into_select(self) -> HtmlSelectElement {
        use wasm_bindgen::JsCast;
        self.unchecked_into()
    }
}

impl BatchPart {
    fn lang(&self) -> Lang {
        self.pctx.lang()
    }

    /// A field changed: take every field if all are valid (a bad one shows its message and changes nothing).
    fn edited(&self) {
        let lang = self.lang();
        let mut c = self.cfg.borrow().clone();
        let mut ok = true;
        for j in 0..D {
            match (self.gamma[j].read(lang), self.beta[j].read(lang)) {
                (Some(g), Some(b)) => {
                    c.gamma[j] = g as f32;
                    c.beta[j] = b as f32;
                }
                _ => ok = false,
            }
        }
        if ok {
            self.apply(c);
        }
    }

    /// Take new settings: fields, link and tables.
    fn apply(&self, c: BatchDemoConfig) {
        self.set_fields(&c);
        *self.cfg.borrow_mut() = c.clone();
        self.pctx.write(|r: &mut Route| {
            let mut all = BatchnormLabConfig::read(r);
            all.batch = c;
            all.write(r);
        });
        self.render();
    }

    fn set_fields(&self, c: &BatchDemoConfig) {
        for j in 0..D {
            self.gamma[j].set(c.gamma[j] as f64);
            self.beta[j].set(c.beta[j] as f64);
        }
    }

    fn render(&self) {
        let lang = self.lang();
        let d = self.cfg.borrow().compute();
        let j = self
            .feature
            .value()
            .parse::<usize>()
            .ok()
            .filter(|&j| j < D)
            .unwrap_or(0);
        self.table.set_inner_html(&samples_table(&d, j, lang));
        self.numbers
            .set_inner_html(&feature_table(&d, &self.cfg.borrow(), j, lang));
    }
}

/// Feature j's samples: forward and backward, with sums.
fn samples_table(d: &BatchDemo, j: usize, lang: Lang) -> String {
    let heads = [
        "i",
        "x<sub>i</sub>",
        "x<sub>i</sub> − μ<sub>B</sub>",
        "x̂<sub>i</sub>",
        "y<sub>i</sub>",
        "∂L/∂y<sub>i</sub>",
        "∂L/∂x̂<sub>i</sub>",
        "∂L/∂x<sub>i</sub>",
    ];
    let mut h = format!(
        "<table data-role=\"bn-samples\"><caption>{}</caption><thead><tr>",
        i18n::format(
            lang,
            "bn.batch.caption",
            &[(j + 1).to_string(), N.to_string()]
        )
    );
    for x in heads {
        h.push_str(&format!("<th scope=\"col\">{x}</th>"));
    }
    h.push_str("</tr></thead><tbody>");
    let mut sums = [0f64; 7];
    for i in 0..N {
        let vals = [
            d.x[[i, j]],
            d.x[[i, j]] - d.mu[j],
            d.x_hat[[i, j]],
            d.y[[i, j]],
            d.dy[[i, j]],
            d.dx_hat[[i, j]],
            d.dx[[i, j]],
        ];
        h.push_str(&format!("<tr><th scope=\"row\">{}</th>", i + 1));
        for (k, v) in vals.iter().enumerate() {
            sums[k] += *v as f64;
            h.push_str(&format!("<td>{}</td>", f(*v)));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody><tfoot><tr><th scope=\"row\">Σ</th>");
    for s in sums {
        // Sums that are 0 in exact arithmetic show f32 rounding: say 0 when they are that small.
        let v = if s.abs() < 1e-5 { 0.0 } else { s };
        h.push_str(&format!("<td>{}</td>", sig(v, 4)));
    }
    h.push_str("</tr></tfoot></table>");
    h
}

/// Per feature: the batch statistics, γ, β and the gradients that do not depend on i.
fn feature_table(d: &BatchDemo, c: &BatchDemoConfig, sel: usize, lang: Lang) -> String {
    let rows: [(&str, Vec<f32>); 9] = [
        ("μ<sub>B</sub>", d.mu.to_vec()),
        ("σ²<sub>B</sub>", d.var.to_vec()),
        ("√(σ²<sub>B</sub>+ε)", d.std.to_vec()),
        ("γ", c.gamma.to_vec()),
        ("β", c.beta.to_vec()),
        ("∂L/∂β", d.dbeta.to_vec()),
        (
            "∂L/∂γ = Σ ∂L/∂y<sub>i</sub> x̂<sub>i</sub>",
            d.dgamma.to_vec(),
        ),
        ("∂L/∂σ²<sub>B</sub>", d.dvar.to_vec()),
        ("∂L/∂μ<sub>B</sub>", d.dmu.to_vec()),
    ];
    let mut h = format!(
        "<table data-role=\"bn-stats\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>",
        i18n::t(lang, "bn.batch.stats"),
        i18n::t(lang, "bn.batch.feature")
    );
    for j in 0..D {
        let cls = if j == sel { " class=\"sel\"" } else { "" };
        h.push_str(&format!("<th scope=\"col\"{cls}>{}</th>", j + 1));
    }
    h.push_str("</tr></thead><tbody>");
    for (name, v) in rows {
        h.push_str(&format!("<tr><th scope=\"row\">{name}</th>"));
        for (j, x) in v.iter().enumerate() {
            let cls = if j == sel { " class=\"sel\"" } else { "" };
            h.push_str(&format!("<td{cls}>{}</td>", f(*x)));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    h.push_str(&format!(
        "<p class=\"note\">{}</p>",
        i18n::format(
            lang,
            "bn.batch.note",
            &[sig(crate::layer::BN_EPS as f64, 2)]
        )
    ));
    h
}

impl Part for BatchPart {
    fn show(&self, route: &Route) {
        let c = BatchnormLabConfig::read(route).batch;
        self.set_fields(&c);
        *self.cfg.borrow_mut() = c;
        self.render();
    }

    fn relabel(&self, lang: Lang) {
        for fld in self.gamma.iter().chain(&self.beta) {
            fld.relabel(lang);
        }
        self.render();
    }
}
