//! The non-linearity panel: editable W1, b1, W2, b2 and x; two linear layers W2(W1x + b1) + b2 computed
//! step by step beside the one composed layer (W2W1)x + (W2b1 + b2), then ReLU between them breaking it.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, Event, HtmlInputElement};

use super::update_route;
use crate::i18n::{self, Lang};
use crate::labs::linear_compose::{
    mathml_mat, mathml_vec, LinearComposeConfig, FORMULA_COMPOSE, FORMULA_RELU, RANGE,
};
use crate::urlstate::Route;
use crate::web::dom::{self, child, on, set_attr, text_el};
use crate::web::lab::Ctx;
use crate::web::vector_field::VectorField;

pub struct LinearPanel {
    ctx: Ctx,
    /// W1, b1, W2, b2, x in that order.
    fields: Vec<VectorField>,
    relu: HtmlInputElement,
    out: Element,
    cfg: RefCell<LinearComposeConfig>,
}

/// Entries by position (the field's label names the matrix or vector): 11 … 22, or 1, 2.
fn items(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

impl LinearPanel {
    pub fn mount(parent: &Element, ctx: &Ctx) -> Rc<LinearPanel> {
        let sec = child(parent, "section", "panel linear-panel");
        text_el(&sec, "h3", "", "act.lin.title");
        text_el(&sec, "p", "intro", "act.lin.intro");
        let grid = child(&sec, "div", "lin-grid");
        let range = (RANGE.0 as f64, RANGE.1 as f64);
        let (mat, vec) = (items(&["11", "12", "21", "22"]), items(&["1", "2"]));
        let fields = vec![
            VectorField::new(&grid, "act.lin.w1", mat.clone(), 2, range, 0.5),
            VectorField::new(&grid, "act.lin.b1", vec.clone(), 1, range, 0.5),
            VectorField::new(&grid, "act.lin.w2", mat.clone(), 2, range, 0.5),
            VectorField::new(&grid, "act.lin.b2", vec.clone(), 1, range, 0.5),
            VectorField::new(&grid, "act.lin.x", vec.clone(), 1, range, 0.5),
        ];
        let rl = child(&sec, "label", "check");
        let relu = dom::input(&rl, "checkbox", "");
        set_attr(&relu, "data-role", "relu");
        text_el(&rl, "span", "", "act.lin.relu");
        let out = child(&sec, "div", "lin-out");
        set_attr(&out, "aria-live", "polite");

        let p = Rc::new(LinearPanel {
            ctx: ctx.clone(),
            fields,
            relu,
            out,
            cfg: RefCell::new(LinearComposeConfig::default()),
        });
        for i in 0..p.fields.len() {
            let p2 = p.clone();
            p.fields[i].on_input(move || p2.field_changed(i));
        }
        let p2 = p.clone();
        on(&p.relu, "change", move |_: Event| {
            p2.cfg.borrow_mut().relu = p2.relu.checked();
            p2.changed();
        });
        p
    }

    fn field_changed(&self, i: usize) {
        let Some(v) = self.fields[i].read(self.ctx.lang()) else {
            return;
        };
        {
            let mut c = self.cfg.borrow_mut();
            let target: &mut [f32] = match i {
                0 => &mut c.w1,
                1 => &mut c.b1,
                2 => &mut c.w2,
                3 => &mut c.b2,
                _ => &mut c.x,
            };
            if v.len() != target.len() {
                return;
            }
            target.copy_from_slice(&v);
        }
        self.changed();
    }

    fn changed(&self) {
        let cfg = self.cfg.borrow().clone();
        update_route(&self.ctx, "activation", |r| cfg.write(r));
        self.render();
    }

    pub fn show(&self, route: &Route) {
        let c = LinearComposeConfig::read(route);
        for (f, v) in self
            .fields
            .iter()
            .zip([&c.w1[..], &c.b1, &c.w2, &c.b2, &c.x])
        {
            f.set(v);
        }
        self.relu.set_checked(c.relu);
        *self.cfg.borrow_mut() = c;
        self.render();
    }

    pub fn render(&self) {
        let lang = self.ctx.lang();
        for f in &self.fields {
            f.relabel(lang);
        }
        let c = self.cfg.borrow().clone();
        let r = c.compute();
        let mi = |s: &str| format!("<msub><mi>{}</mi><mn>{}</mn></msub>", &s[..1], &s[1..]);
        let row = |math: String| format!("<div class=\"lin-row\"><math>{math}</math></div>");
        let h_name = if c.relu { "h" } else { "" };
        let mut h = String::new();
        h.push_str(&format!(
            "<div class=\"formula\">{}</div>",
            if c.relu {
                FORMULA_RELU
            } else {
                FORMULA_COMPOSE
            }
        ));
        h.push_str(&format!("<h4>{}</h4>", i18n::t(lang, "act.lin.two_layers")));
        h.push_str(&row(format!(
            "{}<mo>=</mo>{}<mi>x</mi><mo>+</mo>{}<mo>=</mo>{}{}<mo>+</mo>{}<mo>=</mo>{}",
            mi("a1"),
            mi("W1"),
            mi("b1"),
            mathml_mat(&c.w1),
            mathml_vec(&c.x),
            mathml_vec(&c.b1),
            mathml_vec(&r.a1)
        )));
        if c.relu {
            h.push_str(&row(format!(
                "{}<mo>=</mo><mi>{h_name}</mi><mo>(</mo>{}<mo>)</mo><mo>=</mo>{}",
                mi("z1"),
                mi("a1"),
                mathml_vec(&r.z1)
            )));
        }
        let z = if c.relu { mi("z1") } else { mi("a1") };
        h.push_str(&row(format!(
            "<mi>y</mi><mo>=</mo>{}{z}<mo>+</mo>{}<mo>=</mo>{}",
            mi("W2"),
            mi("b2"),
            mathml_vec(&r.y_layers)
        )));
        h.push_str(&format!("<h4>{}</h4>", i18n::t(lang, "act.lin.one_layer")));
        h.push_str(&row(
            format!(
                "<mi>W</mi><mo>=</mo>{}{}<mo>=</mo>{}<mo>,</mo><mspace width=\"0.8em\"/><mi>b</mi><mo>=</mo>{}{}<mo>+</mo>{}<mo>=</mo>{}",
                mi("W2"),
                mi("W1"),
                mathml_mat(&r.w),
                mi("W2"),
                mi("b1"),
                mi("b2"),
                mathml_vec(&r.b)
            ),
        ));
        h.push_str(&row(
            format!(
                "<mi>y</mi><mo>=</mo><mi>W</mi><mi>x</mi><mo>+</mo><mi>b</mi><mo>=</mo>{}{}<mo>+</mo>{}<mo>=</mo>{}",
                mathml_mat(&r.w),
                mathml_vec(&c.x),
                mathml_vec(&r.b),
                mathml_vec(&r.y_one)
            ),
        ));
        let (state, key) = match (r.agrees(), c.relu) {
            (true, false) => ("same", "act.lin.same"),
            (true, true) => ("same", "act.lin.same_relu"),
            (false, _) => ("differ", "act.lin.differ"),
        };
        h.push_str(&format!(
            "<p class=\"verdict\" data-state=\"{state}\">{}</p>",
            i18n::t(lang, key)
        ));
        self.out.set_inner_html(&h);
    }

    pub fn relabel(&self, _lang: Lang) {
        self.render();
    }
}
