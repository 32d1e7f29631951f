//! The update rules as MathML, in the book's notation (W ← W − η ∂L/∂W; here W is the point (x, y) and
//! L is f(x, y)), plus the notes' lr decay μₖ₊₁ = μₖ/(1 + decay) and each surface's f(x, y).

use super::surface::Surface;
use crate::optim::OptimizerKind;

/// ∂L/∂W as MathML.
const DL: &str =
    "<mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>W</mi></mrow></mfrac>";

fn math(rows: &[String]) -> String {
    let rows: String = rows
        .iter()
        .map(|r| format!("<mtr><mtd columnalign=\"left\">{r}</mtd></mtr>"))
        .collect();
    format!("<math display=\"block\"><mtable>{rows}</mtable></math>")
}

fn assign(lhs: &str, rhs: &str) -> String {
    format!("{lhs}<mo>←</mo>{rhs}")
}

/// The update rule of `kind` (the engine's `optim::rules`), as MathML.
pub fn update_rule(kind: OptimizerKind) -> String {
    let w = "<mi>W</mi>";
    let eta = "<mi>η</mi>";
    let eps = "<msup><mn>10</mn><mrow><mo>−</mo><mn>7</mn></mrow></msup>";
    let g2 = format!("{DL}<mo>⊙</mo>{DL}");
    match kind {
        OptimizerKind::Sgd => math(&[assign(w, &format!("{w}<mo>−</mo>{eta}{DL}"))]),
        OptimizerKind::Momentum => math(&[
            assign("<mi>v</mi>", &format!("<mi>α</mi><mi>v</mi><mo>−</mo>{eta}{DL}")),
            assign(w, &format!("{w}<mo>+</mo><mi>v</mi>")),
        ]),
        OptimizerKind::Nesterov => math(&[
            assign("<mi>v</mi>", &format!("<mi>α</mi><mi>v</mi><mo>−</mo>{eta}{DL}")),
            assign(
                w,
                &format!(
                    "{w}<mo>+</mo><msup><mi>α</mi><mn>2</mn></msup><mi>v</mi><mo>−</mo><mo>(</mo><mn>1</mn><mo>+</mo><mi>α</mi><mo>)</mo>{eta}{DL}"
                ),
            ),
        ]),
        OptimizerKind::AdaGrad => math(&[
            assign("<mi>h</mi>", &format!("<mi>h</mi><mo>+</mo>{g2}")),
            assign(
                w,
                &format!("{w}<mo>−</mo>{eta}<mfrac><mn>1</mn><mrow><msqrt><mi>h</mi></msqrt><mo>+</mo>{eps}</mrow></mfrac>{DL}"),
            ),
        ]),
        OptimizerKind::RmsProp => math(&[
            assign(
                "<mi>h</mi>",
                &format!("<mi>ρ</mi><mi>h</mi><mo>+</mo><mo>(</mo><mn>1</mn><mo>−</mo><mi>ρ</mi><mo>)</mo>{g2}"),
            ),
            assign(
                w,
                &format!("{w}<mo>−</mo>{eta}<mfrac><mn>1</mn><mrow><msqrt><mi>h</mi></msqrt><mo>+</mo>{eps}</mrow></mfrac>{DL}"),
            ),
        ]),
        OptimizerKind::Adam => math(&[
            assign(
                "<mi>m</mi>",
                &format!("<mi>m</mi><mo>+</mo><mo>(</mo><mn>1</mn><mo>−</mo><msub><mi>β</mi><mn>1</mn></msub><mo>)</mo><mo>(</mo>{DL}<mo>−</mo><mi>m</mi><mo>)</mo>"),
            ),
            assign(
                "<mi>v</mi>",
                &format!("<mi>v</mi><mo>+</mo><mo>(</mo><mn>1</mn><mo>−</mo><msub><mi>β</mi><mn>2</mn></msub><mo>)</mo><mo>(</mo>{g2}<mo>−</mo><mi>v</mi><mo>)</mo>"),
            ),
            assign(
                w,
                &format!(
                    "{w}<mo>−</mo>{eta}<mfrac><msqrt><mn>1</mn><mo>−</mo><msubsup><mi>β</mi><mn>2</mn><mi>t</mi></msubsup></msqrt><mrow><mn>1</mn><mo>−</mo><msubsup><mi>β</mi><mn>1</mn><mi>t</mi></msubsup></mrow></mfrac><mfrac><mi>m</mi><mrow><msqrt><mi>v</mi></msqrt><mo>+</mo>{eps}</mrow></mfrac>"
                ),
            ),
        ]),
    }
}

/// The notes' lr decay: μₖ₊₁ = μₖ · 1/(1 + decay).
pub fn decay_rule() -> String {
    math(&["<msub><mi>μ</mi><mrow><mi>k</mi><mo>+</mo><mn>1</mn></mrow></msub><mo>=</mo><msub><mi>μ</mi><mi>k</mi></msub><mfrac><mn>1</mn><mrow><mn>1</mn><mo>+</mo><mtext>decay</mtext></mrow></mfrac>".to_string()])
}

/// f(x, y) of a surface.
pub fn surface(s: Surface) -> String {
    let x2 = "<msup><mi>x</mi><mn>2</mn></msup>";
    let y2 = "<msup><mi>y</mi><mn>2</mn></msup>";
    let rhs = match s {
        Surface::Book => format!("<mfrac><mn>1</mn><mn>20</mn></mfrac>{x2}<mo>+</mo>{y2}"),
        Surface::Rotated => "<mfrac><msup><mrow><mo>(</mo><mi>x</mi><mo>+</mo><mi>y</mi><mo>)</mo></mrow><mn>2</mn></msup><mn>100</mn></mfrac><mo>+</mo><mfrac><msup><mrow><mo>(</mo><mi>x</mi><mo>−</mo><mi>y</mi><mo>)</mo></mrow><mn>2</mn></msup><mn>2</mn></mfrac>".to_string(),
        Surface::Rosenbrock => format!("<msup><mrow><mo>(</mo><mn>1</mn><mo>−</mo><mi>x</mi><mo>)</mo></mrow><mn>2</mn></msup><mo>+</mo><mn>100</mn><msup><mrow><mo>(</mo><mi>y</mi><mo>−</mo>{x2}<mo>)</mo></mrow><mn>2</mn></msup>"),
        Surface::Saddle => format!("{x2}<mo>−</mo>{y2}"),
    };
    format!(
        "<math><mi>f</mi><mo>(</mo><mi>x</mi><mo>,</mo><mi>y</mi><mo>)</mo><mo>=</mo>{rhs}</math>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_and_surface_is_one_math_element() {
        let mut all: Vec<String> = OptimizerKind::ALL.into_iter().map(update_rule).collect();
        all.extend(Surface::ALL.into_iter().map(surface));
        all.push(decay_rule());
        for m in &all {
            assert!(m.starts_with("<math") && m.ends_with("</math>"), "{m}");
            assert_eq!(m.matches("<math").count(), 1);
            assert_eq!(m.matches("<mfrac>").count(), m.matches("</mfrac>").count());
        }
        // The rules differ (no copy-paste slip) and Adam carries its bias correction.
        let rules: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(rules.len(), all.len());
        assert!(
            update_rule(OptimizerKind::Adam).contains("<msubsup><mi>β</mi><mn>2</mn><mi>t</mi>")
        );
    }
}
