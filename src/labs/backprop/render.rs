//! The backprop lab's text as HTML: the inspector's numbers beside their formulas, the update, the XOR
//! progress, the gradient check table, the graph's edge readout, and the Affine / Softmax-with-Loss examples.
//! Pure string building (native-tested), so the web layer only puts it on the page.

use super::gradcheck::{Row, Verdict, EPS, TOLERANCE};
use super::inspector::{Inspector, Stage};
use super::mathml;
use crate::i18n::{format, t, Lang};
use crate::numfmt::sig;

fn n4(v: f32) -> String {
    sig(v as f64, 4)
}

/// A table of a batch × units array: one row per sample n, one column per unit j.
fn unit_table(caption: &str, a: &ndarray::Array2<f32>, prefix: &str) -> String {
    let mut s = format!("<table class=\"num\"><caption>{caption}</caption><thead><tr><th>n</th>");
    for j in 0..a.ncols() {
        s.push_str(&format!("<th>{prefix}<sub>{j}</sub></th>"));
    }
    s.push_str("</tr></thead><tbody>");
    for (n, row) in a.rows().into_iter().enumerate() {
        s.push_str(&format!("<tr><th>{n}</th>"));
        for v in row {
            s.push_str(&format!("<td>{}</td>", n4(*v)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

/// The stage names as buttons (a click goes to that stage), the current one marked.
fn stages(ins: &Inspector, lang: Lang) -> String {
    let l = ins.net.depth();
    let mut s = String::from("<ol class=\"bp-stages\">");
    for k in 0..ins.stage_count() {
        let name = match k {
            0 => t(lang, "bp.stage.input").to_string(),
            k if k <= l => format(lang, "bp.stage.forward", &[k.to_string()]),
            k if k <= 2 * l => format(lang, "bp.stage.backward", &[(2 * l + 1 - k).to_string()]),
            _ => t(lang, "bp.stage.update").to_string(),
        };
        let cur = if k == ins.stage {
            " class=\"current\" aria-current=\"step\""
        } else {
            ""
        };
        // A button: a click goes to that stage (the web layer listens on the list).
        s.push_str(&format!(
            "<li{cur}><button type=\"button\" class=\"bp-stage\" data-bp-stage=\"{k}\">{name}</button></li>"
        ));
    }
    s.push_str("</ol>");
    s
}

/// Everything the inspector has computed so far in this iteration, formula beside numbers.
pub fn inspector(ins: &Inspector, lang: Lang) -> String {
    let mut s = stages(ins, lang);
    let depth = ins.net.depth();
    s.push_str("<div class=\"bp-layer\">");
    s.push_str(&format!("<h4>{}</h4>", t(lang, "bp.input")));
    s.push_str(&unit_table(t(lang, "bp.x"), &ins.x, "x"));
    s.push_str(&unit_table(t(lang, "bp.t"), &ins.t, "t"));
    s.push_str("</div>");
    let out_fn = if ins.net.config().output == 1 {
        "σ"
    } else {
        "softmax"
    };
    for l in 1..=depth {
        let lv = &ins.layers[l - 1];
        let (fwd, bwd) = ins.shows(l);
        if !fwd {
            continue;
        }
        s.push_str("<div class=\"bp-layer\">");
        s.push_str(&format!(
            "<h4>{}</h4>",
            format(lang, "bp.layer", &[l.to_string()])
        ));
        s.push_str(&format!(
            "<div class=\"formula\">{}</div>",
            mathml::forward(l, if l == depth { out_fn } else { "" })
        ));
        s.push_str("<div class=\"tables\">");
        s.push_str(&unit_table(&format!("a<sup>({l})</sup>"), &lv.a, "a"));
        s.push_str(&unit_table(&format!("z<sup>({l})</sup>"), &lv.z, "z"));
        s.push_str("</div>");
        if bwd {
            if l == depth {
                s.push_str(&format!(
                    "<div class=\"formula\">{} <span class=\"note\">{}</span></div>",
                    mathml::delta_out(l),
                    format(lang, "bp.delta_out.note", &[ins.x.nrows().to_string()])
                ));
            } else {
                s.push_str(&format!(
                    "<div class=\"formula\">{}</div>",
                    mathml::delta_hidden(l)
                ));
            }
            s.push_str("<div class=\"tables\">");
            if let (Some(hp), Some(back)) = (&lv.hprime, &lv.back) {
                s.push_str(&unit_table(&format!("h′(a<sup>({l})</sup>)"), hp, "h′"));
                s.push_str(&unit_table(
                    &format!("W<sup>({})</sup>ᵀδ<sup>({})</sup>", l + 1, l + 1),
                    back,
                    "",
                ));
            }
            s.push_str(&unit_table(&format!("δ<sup>({l})</sup>"), &lv.delta, "δ"));
            s.push_str("</div>");
            s.push_str(&format!(
                "<div class=\"formula\">{}</div>",
                mathml::grads(l)
            ));
            s.push_str(&grad_table(l, lv, lang));
        }
        s.push_str("</div>");
    }
    if ins.current() == Stage::Update {
        s.push_str("<div class=\"bp-layer\">");
        s.push_str(&format!(
            "<h4>{}</h4><div class=\"formula\">{} <span class=\"note\">lr = {}</span></div>",
            t(lang, "bp.stage.update"),
            mathml::update(),
            sig(ins.cfg.lr as f64, 4)
        ));
        s.push_str(&update_table(ins, lang));
        s.push_str("</div>");
    }
    s
}

/// ∂C/∂w⁽ˡ⁾_{j,i} (note 001's names, with the book's array element W{l}[i][j]) and ∂C/∂b⁽ˡ⁾_j.
fn grad_table(l: usize, lv: &super::inspector::LayerView, lang: Lang) -> String {
    let mut s = format!(
        "<table class=\"num\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>∂C/∂·</th></tr></thead><tbody>",
        t(lang, "bp.col.param"),
        t(lang, "bp.col.array"),
        t(lang, "bp.col.value")
    );
    for j in 0..lv.W.ncols() {
        for i in 0..lv.W.nrows() {
            s.push_str(&format!(
                "<tr><th>w<sup>({l})</sup><sub>{j},{i}</sub></th><td>W{l}[{i}][{j}]</td><td>{}</td><td>{}</td></tr>",
                n4(lv.W[[i, j]]),
                n4(lv.dW[[i, j]])
            ));
        }
        s.push_str(&format!(
            "<tr><th>b<sup>({l})</sup><sub>{j}</sub></th><td>b{l}[{j}]</td><td>{}</td><td>{}</td></tr>",
            n4(lv.b[j]),
            n4(lv.db[j])
        ));
    }
    s.push_str("</tbody></table>");
    s
}

/// Old value, gradient and new value of every parameter after the update.
fn update_table(ins: &Inspector, lang: Lang) -> String {
    let mut s = format!(
        "<table class=\"num bp-update\"><thead><tr><th>{}</th><th>w</th><th>∂C/∂w</th><th>w − lr·∂C/∂w</th></tr></thead><tbody>",
        t(lang, "bp.col.array")
    );
    for (name, new) in &ins.updated {
        let l: usize = name[1..].parse().unwrap_or(1);
        let Some(lv) = ins.layers.get(l - 1) else {
            continue;
        };
        let (old, grad): (Vec<f32>, Vec<f32>) = if name.starts_with('W') {
            (
                lv.W.iter().copied().collect(),
                lv.dW.iter().copied().collect(),
            )
        } else {
            (lv.b.to_vec(), lv.db.to_vec())
        };
        let cols = if name.starts_with('W') {
            lv.W.ncols()
        } else {
            1
        };
        for (k, ((o, g), n)) in old.iter().zip(&grad).zip(new).enumerate() {
            let label = if cols > 1 || name.starts_with('W') {
                format!("{name}[{}][{}]", k / cols, k % cols)
            } else {
                format!("{name}[{k}]")
            };
            s.push_str(&format!(
                "<tr><th>{label}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                n4(*o),
                n4(*g),
                n4(*n)
            ));
        }
    }
    s.push_str("</tbody></table>");
    s
}

/// y for the four XOR inputs, the cost and the iteration count: is it learning?
pub fn xor_progress(y: &ndarray::Array2<f32>, cost: f32, iteration: usize, lang: Lang) -> String {
    let (x, labels) = super::inspector::xor();
    let mut s = format!(
        "<p class=\"bp-progress\">{}</p><table class=\"num\"><thead><tr><th>x<sub>1</sub></th><th>x<sub>2</sub></th><th>XOR</th>",
        format(lang, "bp.progress", &[iteration.to_string(), sig(cost as f64, 4)])
    );
    for k in 0..y.ncols() {
        s.push_str(&format!("<th>y<sub>{k}</sub></th>"));
    }
    s.push_str("</tr></thead><tbody>");
    for (n, &label) in labels.iter().enumerate() {
        // Right when the output (or the argmax of two) names the XOR class.
        let class = if y.ncols() == 1 {
            usize::from(y[[n, 0]] > 0.5)
        } else {
            usize::from(y[[n, 1]] > y[[n, 0]])
        };
        let mark = if class == label { "✓" } else { "✗" };
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{label}</td>",
            x[[n, 0]],
            x[[n, 1]]
        ));
        for k in 0..y.ncols() {
            s.push_str(&format!("<td>{}</td>", n4(y[[n, k]])));
        }
        s.push_str(&format!("<td class=\"mark\">{mark}</td></tr>"));
    }
    s.push_str("</tbody></table>");
    s
}

/// The gradient check table, each row marked pass or fail.
pub fn gradcheck(rows: &[Row], lang: Lang) -> String {
    let count = |v: Verdict| rows.iter().filter(|r| r.verdict == v).count();
    let (passed, fails, small) = (
        count(Verdict::Pass),
        count(Verdict::Fail),
        count(Verdict::TooSmall),
    );
    let mut s = format!(
        "<p class=\"bp-verdict {}\">{}</p><p class=\"bp-criterion\">{}</p>",
        if fails == 0 { "pass" } else { "fail" },
        format(
            lang,
            "bp.check.verdict3",
            &[
                passed.to_string(),
                rows.len().to_string(),
                fails.to_string(),
                small.to_string(),
            ]
        ),
        format(
            lang,
            "bp.check.criterion",
            &[sig(TOLERANCE as f64, 2), sig(EPS as f64, 2)]
        )
    );
    s.push_str(&format!(
        "<table class=\"num bp-check\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        t(lang, "bp.col.array"),
        t(lang, "bp.col.backprop"),
        t(lang, "bp.col.numerical"),
        t(lang, "bp.col.rel"),
        t(lang, "bp.col.verdict")
    ));
    for r in rows {
        let (class, word) = match r.verdict {
            Verdict::Pass => ("pass", t(lang, "bp.pass")),
            Verdict::Fail => ("fail", t(lang, "bp.fail")),
            Verdict::TooSmall => ("small", t(lang, "bp.too_small")),
        };
        s.push_str(&format!(
            "<tr class=\"{class}\"><th>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{word}</td></tr>",
            r.name,
            sig(r.backprop as f64, 6),
            sig(r.numerical as f64, 6),
            sig(r.rel_error as f64, 2)
        ));
    }
    s.push_str("</tbody></table>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::backprop::BackpropLabConfig;

    #[test]
    fn the_inspector_shows_more_numbers_stage_by_stage() {
        let mut ins = Inspector::new(&BackpropLabConfig::default()).unwrap();
        let mut last = 0;
        for _ in 0..ins.stage_count() - 1 {
            let html = inspector(&ins, Lang::En);
            assert!(html.matches("<td>").count() > last || last == 0);
            last = html.matches("<td>").count();
            ins.step().unwrap();
        }
        let html = inspector(&ins, Lang::En);
        assert!(html.contains("w − lr·∂C/∂w") && html.contains("W1[1][0]"));
        assert!(!html.contains("bp."), "an untranslated key");
    }
}
