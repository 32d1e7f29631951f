//! MathML for the backprop lab: note 001's formulas (a = Wz + b, z = h(a), δ⁽ᴸ⁾, δ⁽ˡ⁻¹⁾ = h'(a⁽ˡ⁻¹⁾) ⊙ (W⁽ˡ⁾ᵀδ⁽ˡ⁾),
//! ∂C/∂w = δz, ∂C/∂b = δ, w ← w − lr·∂C/∂w), the graph nodes' backward rules, and matrices of numbers.

use crate::numfmt::sig;

/// Wrap MathML content in `<math>`.
pub fn math(inner: &str) -> String {
    format!("<math>{inner}</math>")
}

/// `base` with a superscript layer index in parentheses: a⁽ˡ⁾.
fn sup_l(base: &str, l: &str) -> String {
    format!("<msup><mi>{base}</mi><mrow><mo>(</mo><mn>{l}</mn><mo>)</mo></mrow></msup>")
}

/// A number as `<mn>` (negative numbers with a real minus sign).
pub fn num(v: f64) -> String {
    let s = sig(v, 4);
    match s.strip_prefix('−') {
        Some(abs) => format!("<mrow><mo>−</mo><mn>{abs}</mn></mrow>"),
        None => format!("<mn>{s}</mn>"),
    }
}

/// A matrix of numbers in brackets (rows × cols), with an optional shape below it ("N×2").
pub fn matrix(rows: &[Vec<f64>]) -> String {
    let mut s = String::from("<mrow><mo>[</mo><mtable>");
    for r in rows {
        s.push_str("<mtr>");
        for &v in r {
            s.push_str(&format!("<mtd>{}</mtd>", num(v)));
        }
        s.push_str("</mtr>");
    }
    s.push_str("</mtable><mo>]</mo></mrow>");
    s
}

/// Rows of an ndarray view as `Vec<Vec<f64>>`.
pub fn rows_of(a: ndarray::ArrayView2<f32>) -> Vec<Vec<f64>> {
    a.rows()
        .into_iter()
        .map(|r| r.iter().map(|&v| v as f64).collect())
        .collect()
}

/// `name = matrix` with the shape as an under-script, e.g. X (2×2).
pub fn named_matrix(name: &str, rows: &[Vec<f64>]) -> String {
    let shape = format!("{}×{}", rows.len(), rows.first().map_or(0, Vec::len));
    math(&format!(
        "<munder><mi>{name}</mi><mtext>{shape}</mtext></munder><mo>=</mo>{}",
        matrix(rows)
    ))
}

/// Forward, layer l: a⁽ˡ⁾ = W⁽ˡ⁾z⁽ˡ⁻¹⁾ + b⁽ˡ⁾, z⁽ˡ⁾ = h(a⁽ˡ⁾) (for the output: σ or softmax).
pub fn forward(l: usize, out: &str) -> String {
    let (ls, lp) = (l.to_string(), (l - 1).to_string());
    let h = if out.is_empty() { "h" } else { out };
    math(&format!(
        "{}<mo>=</mo>{}{}<mo>+</mo>{}<mo>,</mo><mspace width=\"0.6em\"/>{}<mo>=</mo><mi>{h}</mi><mo>(</mo>{}<mo>)</mo>",
        sup_l("a", &ls),
        sup_l("W", &ls),
        sup_l("z", &lp),
        sup_l("b", &ls),
        sup_l("z", &ls),
        sup_l("a", &ls)
    ))
}

/// δ⁽ᴸ⁾ = (z⁽ᴸ⁾ − t)/N.
pub fn delta_out(l: usize) -> String {
    let ls = l.to_string();
    math(&format!(
        "{}<mo>=</mo><mfrac><mrow>{}<mo>−</mo><mi>t</mi></mrow><mi>N</mi></mfrac>",
        sup_l("δ", &ls),
        sup_l("z", &ls)
    ))
}

/// δ⁽ˡ⁾ = h'(a⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾).
pub fn delta_hidden(l: usize) -> String {
    let (ls, ln) = (l.to_string(), (l + 1).to_string());
    math(&format!(
        "{}<mo>=</mo><msup><mi>h</mi><mo>′</mo></msup><mo>(</mo>{}<mo>)</mo><mo>⊙</mo><mo>(</mo><msup>{}<mi>T</mi></msup>{}<mo>)</mo>",
        sup_l("δ", &ls),
        sup_l("a", &ls),
        sup_l("W", &ln),
        sup_l("δ", &ln)
    ))
}

/// ∂C/∂w⁽ˡ⁾_{j,i} = Σₙ δ⁽ˡ⁾_j z⁽ˡ⁻¹⁾_i and ∂C/∂b⁽ˡ⁾_j = Σₙ δ⁽ˡ⁾_j.
pub fn grads(l: usize) -> String {
    let (ls, lp) = (l.to_string(), (l - 1).to_string());
    let w = format!(
        "<msubsup><mi>w</mi><mrow><mi>j</mi><mo>,</mo><mi>i</mi></mrow><mrow><mo>(</mo><mn>{ls}</mn><mo>)</mo></mrow></msubsup>"
    );
    let d = format!(
        "<msubsup><mi>δ</mi><mi>j</mi><mrow><mo>(</mo><mn>{ls}</mn><mo>)</mo></mrow></msubsup>"
    );
    let z = format!(
        "<msubsup><mi>z</mi><mi>i</mi><mrow><mo>(</mo><mn>{lp}</mn><mo>)</mo></mrow></msubsup>"
    );
    let b = format!(
        "<msubsup><mi>b</mi><mi>j</mi><mrow><mo>(</mo><mn>{ls}</mn><mo>)</mo></mrow></msubsup>"
    );
    let sum = "<munder><mo>∑</mo><mi>n</mi></munder>";
    math(&format!(
        "<mfrac><mrow><mo>∂</mo><mi>C</mi></mrow><mrow><mo>∂</mo>{w}</mrow></mfrac><mo>=</mo>{sum}{d}{z}<mo>,</mo><mspace width=\"0.6em\"/><mfrac><mrow><mo>∂</mo><mi>C</mi></mrow><mrow><mo>∂</mo>{b}</mrow></mfrac><mo>=</mo>{sum}{d}"
    ))
}

/// w ← w − lr·∂C/∂w.
pub fn update() -> String {
    math("<mi>w</mi><mo>←</mo><mi>w</mi><mo>−</mo><mi>lr</mi><mo>·</mo><mfrac><mrow><mo>∂</mo><mi>C</mi></mrow><mrow><mo>∂</mo><mi>w</mi></mrow></mfrac>")
}

/// The backward rule of a graph node, by its i18n rule key (`graph::Op::rule_key`).
pub fn rule(key: &str) -> String {
    let dz = "<mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>z</mi></mrow></mfrac>";
    let dx = "<mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>x</mi></mrow></mfrac>";
    let dy = "<mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>y</mi></mrow></mfrac>";
    math(&match key {
        "bp.rule.mul" => format!(
            "<mi>z</mi><mo>=</mo><mi>x</mi><mi>y</mi><mo>:</mo><mspace width=\"0.5em\"/>{dx}<mo>=</mo>{dz}<mo>·</mo><mi>y</mi><mo>,</mo><mspace width=\"0.5em\"/>{dy}<mo>=</mo>{dz}<mo>·</mo><mi>x</mi>"
        ),
        "bp.rule.add" => format!(
            "<mi>z</mi><mo>=</mo><mi>x</mi><mo>+</mo><mi>y</mi><mo>:</mo><mspace width=\"0.5em\"/>{dx}<mo>=</mo>{dy}<mo>=</mo>{dz}<mo>·</mo><mn>1</mn>"
        ),
        "bp.rule.scale" => format!(
            "<mi>z</mi><mo>=</mo><mo>−</mo><mi>x</mi><mo>:</mo><mspace width=\"0.5em\"/>{dx}<mo>=</mo>{dz}<mo>·</mo><mo>(</mo><mo>−</mo><mn>1</mn><mo>)</mo>"
        ),
        "bp.rule.exp" => format!(
            "<mi>z</mi><mo>=</mo><msup><mi>e</mi><mi>x</mi></msup><mo>:</mo><mspace width=\"0.5em\"/>{dx}<mo>=</mo>{dz}<mo>·</mo><msup><mi>e</mi><mi>x</mi></msup>"
        ),
        "bp.rule.addconst" => format!(
            "<mi>z</mi><mo>=</mo><mi>x</mi><mo>+</mo><mn>1</mn><mo>:</mo><mspace width=\"0.5em\"/>{dx}<mo>=</mo>{dz}"
        ),
        "bp.rule.recip" => format!(
            "<mi>z</mi><mo>=</mo><mfrac><mn>1</mn><mi>x</mi></mfrac><mo>:</mo><mspace width=\"0.5em\"/>{dx}<mo>=</mo>{dz}<mo>·</mo><mo>(</mo><mo>−</mo><mfrac><mn>1</mn><msup><mi>x</mi><mn>2</mn></msup></mfrac><mo>)</mo><mo>=</mo><mo>−</mo>{dz}<msup><mi>z</mi><mn>2</mn></msup>"
        ),
        // The sigmoid's whole backward pass, what the four nodes multiply out to.
        "bp.rule.sigmoid" => format!(
            "{dx}<mo>=</mo>{dy}<mfrac><msup><mi>e</mi><mrow><mo>−</mo><mi>x</mi></mrow></msup><msup><mrow><mo>(</mo><mn>1</mn><mo>+</mo><msup><mi>e</mi><mrow><mo>−</mo><mi>x</mi></mrow></msup><mo>)</mo></mrow><mn>2</mn></msup></mfrac><mo>=</mo>{dy}<mi>y</mi><mo>(</mo><mn>1</mn><mo>−</mo><mi>y</mi><mo>)</mo>"
        ),
        _ => "<mi>z</mi><mo>=</mo><mi>x</mi>".to_string(),
    })
}

/// Affine: Y = X·W + B; dX = dY·Wᵀ, dW = Xᵀ·dY, dB = Σₙ dY.
pub fn affine() -> String {
    math("<mi>Y</mi><mo>=</mo><mi>X</mi><mo>·</mo><mi>W</mi><mo>+</mo><mi>B</mi><mo>,</mo><mspace width=\"0.5em\"/><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>X</mi></mrow></mfrac><mo>=</mo><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>Y</mi></mrow></mfrac><mo>·</mo><msup><mi>W</mi><mi>T</mi></msup><mo>,</mo><mspace width=\"0.5em\"/><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>W</mi></mrow></mfrac><mo>=</mo><msup><mi>X</mi><mi>T</mi></msup><mo>·</mo><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>Y</mi></mrow></mfrac><mo>,</mo><mspace width=\"0.5em\"/><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>B</mi></mrow></mfrac><mo>=</mo><munder><mo>∑</mo><mi>n</mi></munder><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>Y</mi></mrow></mfrac>")
}

/// Softmax-with-Loss: y = softmax(a), L = −Σ t log y, ∂L/∂a = y − t.
pub fn softmax_loss() -> String {
    math("<mi>y</mi><mo>=</mo><mi>softmax</mi><mo>(</mo><mi>a</mi><mo>)</mo><mo>,</mo><mspace width=\"0.5em\"/><mi>L</mi><mo>=</mo><mo>−</mo><munder><mo>∑</mo><mi>k</mi></munder><msub><mi>t</mi><mi>k</mi></msub><mi>log</mi><msub><mi>y</mi><mi>k</mi></msub><mo>,</mo><mspace width=\"0.5em\"/><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>a</mi></mrow></mfrac><mo>=</mo><mi>y</mi><mo>−</mo><mi>t</mi>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_math_elements_and_numbers_use_a_real_minus() {
        for f in [
            forward(1, ""),
            delta_out(2),
            delta_hidden(1),
            grads(2),
            update(),
            affine(),
            softmax_loss(),
        ] {
            assert!(f.starts_with("<math>") && f.ends_with("</math>"), "{f}");
        }
        for k in [
            "bp.rule.mul",
            "bp.rule.add",
            "bp.rule.recip",
            "bp.rule.sigmoid",
        ] {
            assert!(rule(k).contains("∂"), "{k}");
        }
        assert_eq!(num(-0.5), "<mrow><mo>−</mo><mn>0.5</mn></mrow>");
        let m = named_matrix("X", &[vec![1.0, 2.0], vec![3.0, 4.0], vec![5.0, 6.0]]);
        assert!(m.contains("3×2") && m.matches("<mtr>").count() == 3, "{m}");
    }
}
