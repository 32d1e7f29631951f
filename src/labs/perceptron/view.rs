//! The lab's tables and status lines as HTML, in the current language: the live truth table with a
//! right/wrong mark per row, the learner's status, epoch history and last-epoch updates, and the XOR
//! network's table. Pure strings (numbers and translated text only), so they are tested natively.

use super::gate::{correct_count, Gate, Perceptron, TruthRow};
use super::learn::{Cycle, Learner, Status};
use super::math;
use super::xor::XorRow;
use crate::i18n::{format, t, Lang};
use crate::numfmt::sig;

/// A number for a table cell (4 significant digits, a real minus sign).
pub fn n(v: f64) -> String {
    sig(v, 4)
}

/// The mark of a row: a symbol (its shape, not only its colour, tells right from wrong) and the word for
/// screen readers and as a tooltip.
fn mark(lang: Lang, ok: bool) -> String {
    let (class, symbol, word) = if ok {
        ("ok", "✓", t(lang, "pct.right"))
    } else {
        ("wrong", "✗", t(lang, "pct.wrong"))
    };
    format!(
        "<td class=\"mark {class}\" title=\"{word}\"><span aria-hidden=\"true\">{symbol}</span>\
         <span class=\"visually-hidden\">{word}</span></td>"
    )
}

/// The live truth table of the weights, judged against the target.
pub fn truth_table(lang: Lang, p: &Perceptron, rows: &[TruthRow; 4], target: Gate) -> String {
    let mut s = format!(
        "<table class=\"data-table truth\"><thead><tr><th>(x₁, x₂)</th>\
         <th>w₁x₁ + w₂x₂</th><th>a</th><th>y</th><th>t ({})</th><th>{}</th></tr></thead><tbody>",
        target.name(),
        t(lang, "pct.col.check")
    );
    let theta = p.theta();
    for r in rows {
        let cmp = if r.weighted > theta { "&gt;" } else { "≤" };
        s.push_str(&format!(
            "<tr class=\"{}\"><td>({}, {})</td><td>{} {cmp} {}</td><td>{}</td><td class=\"y\">{}</td>\
             <td>{}</td>{}</tr>",
            if r.correct() { "ok" } else { "wrong" },
            r.x1,
            r.x2,
            n(r.weighted),
            n(theta),
            n(r.a),
            r.y,
            r.t,
            mark(lang, r.correct())
        ));
    }
    s.push_str("</tbody></table>");
    s
}

/// One line under the table: all right, or how many are wrong (and for XOR, that no weights can do it).
pub fn verdict(lang: Lang, rows: &[TruthRow; 4], target: Gate) -> String {
    let right = correct_count(rows);
    let mut s = if right == 4 {
        format(lang, "pct.verdict.all", &[target.name()])
    } else {
        format(
            lang,
            "pct.verdict.some",
            &[right.to_string(), target.name().to_string()],
        )
    };
    if target == Gate::Xor {
        s.push(' ');
        s.push_str(t(lang, "pct.verdict.xor"));
    }
    s
}

/// The learner's state in words.
pub fn learn_status(lang: Lang, l: &Learner, from_seed: Option<u64>) -> String {
    let epoch = l.epoch();
    let progress = format(
        lang,
        "pct.learn.progress",
        &[
            epoch.to_string(),
            l.max_epochs().to_string(),
            l.epochs()
                .last()
                .map_or("—".to_string(), |e| e.errors.to_string()),
        ],
    );
    let mut detail = match l.status() {
        Status::Running if epoch == 0 => {
            let s = l.start();
            let w = format!("w₁ = {}, w₂ = {}, b = {}", n(s.w1), n(s.w2), n(s.b));
            match from_seed {
                Some(seed) => format(lang, "pct.learn.ready_seed", &[w, seed.to_string()]),
                None => format(lang, "pct.learn.ready_weights", &[w]),
            }
        }
        Status::Running => t(lang, "pct.learn.running").to_string(),
        Status::Converged { at } => format(
            lang,
            "pct.learn.converged",
            &[at.to_string(), l.target().name().to_string()],
        ),
        Status::Limit => format(lang, "pct.learn.limit", &[l.max_epochs().to_string()]),
    };
    if let Some(Cycle { first, now }) = l.cycle() {
        detail.push(' ');
        detail.push_str(&format(
            lang,
            "pct.learn.cycling",
            &[now.to_string(), first.to_string()],
        ));
    }
    if l.target() == Gate::Xor && epoch > 0 {
        detail.push(' ');
        detail.push_str(t(lang, "pct.learn.why_xor"));
    }
    let class = match (l.status(), l.cycle()) {
        (Status::Converged { .. }, _) => "status converged",
        (Status::Limit, _) | (_, Some(_)) => "status stuck",
        _ => "status",
    };
    format!(
        "<p class=\"progress\">{progress}</p><p class=\"{class}\" data-status=\"{}\" data-cycle=\"{}\">{detail}</p>",
        status_id(l.status()),
        l.cycle().is_some()
    )
}

/// A stable id of the status, for tests and styling.
pub fn status_id(s: Status) -> &'static str {
    match s {
        Status::Running => "running",
        Status::Converged { .. } => "converged",
        Status::Limit => "limit",
    }
}

/// The weights after each epoch (epoch 0 = the start), the error count, and the epochs of a cycle marked.
pub fn history(lang: Lang, l: &Learner) -> String {
    let mut s = format!(
        "<table class=\"data-table history\"><thead><tr><th>{}</th><th>w₁</th><th>w₂</th><th>b</th>\
         <th>{}</th></tr></thead><tbody>",
        t(lang, "pct.col.epoch"),
        t(lang, "pct.col.errors")
    );
    let repeating = l.repeating_epochs();
    let first = l.cycle().map(|c| c.first);
    let row = |s: &mut String, number: usize, w: &Perceptron, errors: String| {
        let mut class = Vec::new();
        if repeating.as_ref().is_some_and(|c| c.contains(&number)) {
            class.push("repeat");
        }
        if first == Some(number) {
            class.push("repeat-first");
        }
        s.push_str(&format!(
            "<tr class=\"{}\"><td>{number}</td><td>{}</td><td>{}</td><td>{}</td><td>{errors}</td></tr>",
            class.join(" "),
            n(w.w1),
            n(w.w2),
            n(w.b)
        ));
    };
    row(&mut s, 0, &l.start(), "—".into());
    for e in l.epochs() {
        row(&mut s, e.number, &e.end, e.errors.to_string());
    }
    s.push_str("</tbody></table>");
    s
}

/// The last epoch, input by input: what the rule saw and the update it made, with its arithmetic.
pub fn last_epoch(lang: Lang, l: &Learner) -> String {
    let Some(e) = l.epochs().last() else {
        return format!("<p class=\"empty\">{}</p>", t(lang, "pct.learn.no_epoch"));
    };
    let mut s = format!(
        "<p class=\"caption\">{}</p><table class=\"data-table updates\"><thead><tr><th>x₁</th><th>x₂</th>\
         <th>a</th><th>y</th><th>t</th><th>t − y</th><th>{}</th></tr></thead><tbody>",
        format(lang, "pct.learn.last_epoch", &[e.number.to_string()]),
        t(lang, "pct.col.update")
    );
    for u in &e.updates {
        let change = if u.err == 0 {
            t(lang, "pct.no_change").to_string()
        } else {
            math::update(l.eta(), u.t, u.y, u.x1, u.x2)
        };
        s.push_str(&format!(
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{change}</td></tr>",
            if u.err == 0 { "ok" } else { "wrong" },
            u.x1,
            u.x2,
            n(u.a),
            u.y,
            u.t,
            n(u.err as f64)
        ));
    }
    s.push_str("</tbody></table>");
    s
}

/// The two-layer network's table: x1, x2, s1 = NAND, s2 = OR, y = AND(s1, s2), and XOR's expected value.
pub fn xor_table(lang: Lang, rows: &[XorRow; 4]) -> String {
    let mut s = format!(
        "<table class=\"data-table xor\"><thead><tr><th>x₁</th><th>x₂</th><th>s₁ (NAND)</th><th>s₂ (OR)</th>\
         <th>y (AND)</th><th>XOR</th><th>{}</th></tr></thead><tbody>",
        t(lang, "pct.col.check")
    );
    for r in rows {
        s.push_str(&format!(
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"y\">{}</td><td>{}</td>{}</tr>",
            if r.correct() { "ok" } else { "wrong" },
            r.x1,
            r.x2,
            r.s1,
            r.s2,
            r.y,
            Gate::Xor.truth(r.x1, r.x2),
            mark(lang, r.correct())
        ));
    }
    s.push_str("</tbody></table>");
    s
}

/// Why one perceptron cannot compute XOR: the four conditions and the contradiction, in words and MathML.
pub fn xor_proof(lang: Lang) -> String {
    let c = math::xor_conditions();
    let k = math::xor_contradiction();
    let inputs = ["(0, 0) → 0", "(0, 1) → 1", "(1, 0) → 1", "(1, 1) → 0"];
    let mut s = format!(
        "<p>{}</p><ul class=\"conditions\">",
        t(lang, "pct.proof.intro")
    );
    for (input, cond) in inputs.iter().zip(c.iter()) {
        s.push_str(&format!(
            "<li><span class=\"input\">{input}</span> {cond}</li>"
        ));
    }
    s.push_str("</ul>");
    s.push_str(&format(
        lang,
        "pct.proof.sum",
        &[k[0].clone(), k[1].clone()],
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::perceptron::gate::truth_table as table;
    use crate::labs::perceptron::learn::DEFAULT_ETA;
    use crate::labs::perceptron::xor;

    #[test]
    fn the_truth_table_marks_each_row_in_both_languages() {
        let and = Gate::And.preset().unwrap();
        for lang in [Lang::Ko, Lang::En] {
            let rows = table(&and, Gate::And);
            let html = truth_table(lang, &and, &rows, Gate::And);
            assert_eq!(html.matches("class=\"mark ok\"").count(), 4);
            assert!(html.contains("1 &gt; 0.7"), "{html}");
            let rows = table(&and, Gate::Xor);
            let html = truth_table(lang, &and, &rows, Gate::Xor);
            // AND gives 0, 0, 0, 1; XOR wants 0, 1, 1, 0: three rows are wrong.
            assert_eq!(html.matches("class=\"mark wrong\"").count(), 3);
            let v = verdict(lang, &rows, Gate::Xor);
            assert!(v.contains('1') && v.contains("XOR"), "{v}");
        }
        assert_ne!(
            verdict(Lang::Ko, &table(&and, Gate::And), Gate::And),
            verdict(Lang::En, &table(&and, Gate::And), Gate::And)
        );
    }

    #[test]
    fn the_status_says_converged_or_cycling() {
        let mut l = Learner::new(Gate::Or, DEFAULT_ETA, 100, Learner::random_start(3)).unwrap();
        assert!(learn_status(Lang::En, &l, Some(3)).contains("seed 3"));
        l.run();
        let s = learn_status(Lang::En, &l, Some(3));
        assert!(s.contains("data-status=\"converged\""), "{s}");
        let mut x = Learner::new(Gate::Xor, DEFAULT_ETA, 100, Learner::random_start(3)).unwrap();
        x.run();
        for lang in [Lang::Ko, Lang::En] {
            let s = learn_status(lang, &x, Some(3));
            assert!(
                s.contains("data-status=\"limit\" data-cycle=\"true\""),
                "{s}"
            );
            assert!(s.contains(t(lang, "pct.learn.why_xor")));
            let h = history(lang, &x);
            assert_eq!(h.matches("repeat-first").count(), 1, "{h}");
            let c = x.cycle().unwrap();
            assert_eq!(h.matches("class=\"repeat\"").count(), 100 - c.first, "{h}");
            let last = last_epoch(lang, &x);
            assert!(
                last.contains("<math"),
                "an update with errors shows its arithmetic"
            );
        }
    }

    #[test]
    fn the_xor_table_and_proof() {
        let html = xor_table(Lang::En, &xor::rows());
        assert_eq!(html.matches("class=\"mark ok\"").count(), 4);
        let p = xor_proof(Lang::Ko);
        assert_eq!(p.matches("<math>").count(), 6, "{p}");
    }
}
