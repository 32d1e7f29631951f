//! The graph panel's text as HTML: where the stepper is, the rule of the current node (add: pass through;
//! multiply: swap the inputs; …) with its MathML, every variable's value and ∂L/∂value, and the Affine
//! (dX = dY·Wᵀ, dW = Xᵀ·dY, dB = Σₙ dY) and Softmax-with-Loss (y − t) examples with their numbers.

use super::graph::{Graph, Op, Phase, StepView};
use super::{layers, mathml};
use crate::i18n::{format, t, Lang};
use crate::numfmt::sig;

/// The graph stepper's readout: where it is, the rule of the current node, and every edge's numbers.
pub fn graph_readout(g: &Graph, view: &StepView, lang: Lang) -> String {
    let f = g.ops().len();
    let status = match view.current {
        None => t(lang, "bp.g.start").to_string(),
        Some((_, Phase::Forward)) => format(
            lang,
            "bp.g.forward",
            &[view.step.to_string(), f.to_string()],
        ),
        Some((_, Phase::Backward)) => format(
            lang,
            "bp.g.backward",
            &[(view.step - f).to_string(), f.to_string()],
        ),
    };
    let mut s = format!("<p class=\"bp-status\">{status}</p>");
    if let Some((i, phase)) = view.current {
        let op = g.nodes[i].op;
        let key = if phase == Phase::Forward {
            "bp.rule.forward"
        } else {
            op.rule_key()
        };
        s.push_str(&format!(
            "<div class=\"bp-rule\"><strong>{}</strong> {}</div>",
            t(lang, key),
            if phase == Phase::Backward {
                mathml::rule(op.rule_key())
            } else {
                String::new()
            }
        ));
        if phase == Phase::Backward
            && view.step == 2 * f
            && matches!(g.nodes[0].op, Op::Input(_))
            && g.output == "y"
        {
            s.push_str(&format!(
                "<div class=\"bp-rule\"><strong>{}</strong> {}</div>",
                t(lang, "bp.rule.sigmoid"),
                mathml::rule("bp.rule.sigmoid")
            ));
        }
    }
    s.push_str(&format!(
        "<table class=\"num\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        t(lang, "bp.g.edge"),
        t(lang, "bp.g.value"),
        t(lang, "bp.g.grad")
    ));
    for (i, node) in g.nodes.iter().enumerate() {
        let name = node.name;
        let v = if view.known[i] {
            sig(g.value[i], 6)
        } else {
            "·".into()
        };
        let d = if view.has_grad[i] {
            sig(g.grad[i], 6)
        } else {
            "·".into()
        };
        let cur = if view.current.is_some_and(|(c, _)| c == i) {
            " class=\"current\""
        } else {
            ""
        };
        s.push_str(&format!(
            "<tr{cur}><th>{name}</th><td>{v}</td><td>{d}</td></tr>"
        ));
    }
    s.push_str("</tbody></table>");
    s
}

/// The Affine layer and Softmax-with-Loss, each with its formula and numbers.
pub fn layers_html(lang: Lang) -> String {
    let a = layers::affine_example();
    let r = |m: &ndarray::Array2<f32>| mathml::rows_of(m.view());
    let row = |v: &[f32]| vec![v.iter().map(|&x| x as f64).collect::<Vec<f64>>()];
    let mut s = format!(
        "<div class=\"bp-layer\"><h4>{}</h4><div class=\"formula\">{}</div><p>{}</p><div class=\"tables\">",
        t(lang, "bp.affine.title"),
        mathml::affine(),
        t(lang, "bp.affine.note")
    );
    for (name, m) in [
        ("X", r(&a.X)),
        ("W", r(&a.W)),
        ("B", row(&a.B.to_vec())),
        ("Y", r(&a.Y)),
        ("∂L/∂Y", r(&a.dY)),
        ("∂L/∂X", r(&a.dX)),
        ("∂L/∂W", r(&a.dW)),
        ("∂L/∂B", row(&a.dB.to_vec())),
    ] {
        s.push_str(&format!(
            "<div class=\"matrix\">{}</div>",
            mathml::named_matrix(name, &m)
        ));
    }
    s.push_str("</div></div>");
    let e = layers::softmax_example();
    s.push_str(&format!(
        "<div class=\"bp-layer\"><h4>{}</h4><div class=\"formula\">{}</div><div class=\"tables\">",
        t(lang, "bp.softmax.title"),
        mathml::softmax_loss()
    ));
    for (name, v) in [("a", &e.a), ("t", &e.t), ("y", &e.y), ("∂L/∂a", &e.da)] {
        s.push_str(&format!(
            "<div class=\"matrix\">{}</div>",
            mathml::named_matrix(name, &row(v))
        ));
    }
    s.push_str(&format!(
        "</div><p>{}</p></div>",
        format(lang, "bp.softmax.note", &[sig(e.loss as f64, 4)])
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_graph_readout_names_the_rule_of_the_step() {
        let g = Graph::fruit();
        let html = graph_readout(&g, &g.at(5), Lang::En);
        assert!(html.contains(t(Lang::En, "bp.rule.mul")) && html.contains(">650<"));
        let g = Graph::sigmoid(0.0, 1.0);
        let html = graph_readout(&g, &g.at(8), Lang::Ko);
        assert!(html.contains(t(Lang::Ko, "bp.rule.sigmoid")) && html.contains(">0.25<"));
        assert!(layers_html(Lang::Ko).contains("∂L/∂B"));
    }
}
