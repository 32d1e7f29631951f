//! The lab's formulas as MathML (language-neutral), with the current numbers put in: the notes' two forms
//! y = 1 when w1x1 + w2x2 > θ and a = w1x1 + w2x2 + b > 0 with b = −θ, the decision line, the learning
//! rule, the XOR network, and why no single line computes XOR.

use super::gate::Perceptron;
use crate::numfmt::sig;

/// A number in MathML, its sign as an operator: `<mo>−</mo><mn>0.5</mn>`.
pub fn num(v: f64) -> String {
    let s = format!("<mn>{}</mn>", sig(v.abs(), 4));
    if v < 0.0 {
        format!("<mo>−</mo>{s}")
    } else {
        s
    }
}

/// An identifier with a subscript, e.g. `sub("w", "1")`.
pub fn sub(name: &str, index: &str) -> String {
    format!("<msub><mi>{name}</mi><mn>{index}</mn></msub>")
}

/// c1·v1 + c2·v2 + … + c0 with signs folded into the operators: `0.5x₁ − 0.5x₂ + 0.7`.
/// Every term is shown, zero coefficients included, so the numbers line up with the symbols above them.
/// The result is a row of MathML tokens, to be put inside a `<math>`.
pub fn linear(terms: &[(f64, &str)], constant: Option<f64>) -> String {
    let mut s = String::new();
    let mut first = true;
    let mut push = |v: f64, var: &str| {
        // 1·x is written x, as on paper.
        let mag = if v.abs() == 1.0 && !var.is_empty() {
            String::new()
        } else {
            format!("<mn>{}</mn>", sig(v.abs(), 4))
        };
        if first {
            if v < 0.0 {
                s.push_str("<mo>−</mo>");
            }
        } else {
            s.push_str(if v < 0.0 {
                "<mo>−</mo>"
            } else {
                "<mo>+</mo>"
            });
        }
        s.push_str(&mag);
        s.push_str(var);
        first = false;
    };
    for &(c, var) in terms {
        push(c, var);
    }
    if let Some(c) = constant {
        push(c, "");
    }
    s
}

fn x(i: &str) -> String {
    sub("x", i)
}

fn w(i: &str) -> String {
    sub("w", i)
}

/// The notes' threshold form, symbols then numbers: y = 1 (w1x1 + w2x2 > θ), 0 (≤ θ). Each formula
/// is its own `<math display="block">`, so a narrow screen stacks them instead of scrolling sideways.
pub fn threshold(p: &Perceptron) -> String {
    let sym = format!("{}{}<mo>+</mo>{}{}", w("1"), x("1"), w("2"), x("2"));
    let nums = linear(&[(p.w1, &x("1")), (p.w2, &x("2"))], None);
    let case = |lhs: &str, theta: &str| {
        format!(
            "<mrow><mo>{{</mo><mtable columnalign=\"left\">\
             <mtr><mtd><mn>1</mn></mtd><mtd><mo>(</mo>{lhs}<mo>&gt;</mo>{theta}<mo>)</mo></mtd></mtr>\
             <mtr><mtd><mn>0</mn></mtd><mtd><mo>(</mo>{lhs}<mo>≤</mo>{theta}<mo>)</mo></mtd></mtr>\
             </mtable></mrow>"
        )
    };
    format!(
        "<math display=\"block\"><mi>y</mi><mo>=</mo>{}</math><math display=\"block\"><mi>y</mi><mo>=</mo>{}</math>",
        case(&sym, "<mi>θ</mi>"),
        case(&nums, &num(p.theta()))
    )
}

/// The bias form: a = w1x1 + w2x2 + b with the numbers, b = −θ, and y = 1 when a > 0.
pub fn bias_form(p: &Perceptron) -> String {
    format!(
        "<math display=\"block\"><mi>a</mi><mo>=</mo>{}{}<mo>+</mo>{}{}<mo>+</mo><mi>b</mi><mo>=</mo>{}</math>\
         <math display=\"block\"><mi>b</mi><mo>=</mo><mo>−</mo><mi>θ</mi><mo>=</mo>{}\
         <mo>,</mo><mspace width=\"1em\"/><mi>y</mi><mo>=</mo><mn>1</mn><mo>⇔</mo><mi>a</mi><mo>&gt;</mo><mn>0</mn></math>",
        w("1"),
        x("1"),
        w("2"),
        x("2"),
        linear(&[(p.w1, &x("1")), (p.w2, &x("2"))], Some(p.b)),
        num(p.b)
    )
}

/// What the decision line looks like for these weights.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LineKind {
    /// w2 ≠ 0: x2 = m·x1 + c.
    Sloped { m: f64, c: f64 },
    /// w2 = 0, w1 ≠ 0: x1 = c.
    Vertical { c: f64 },
    /// w1 = w2 = 0: no line; every input gets `y`.
    None { y: u8 },
}

pub fn line_kind(p: &Perceptron) -> LineKind {
    if p.w2 != 0.0 {
        LineKind::Sloped {
            m: -p.w1 / p.w2,
            c: -p.b / p.w2,
        }
    } else if p.w1 != 0.0 {
        LineKind::Vertical { c: -p.b / p.w1 }
    } else {
        LineKind::None {
            y: u8::from(p.b > 0.0),
        }
    }
}

/// The decision line w1x1 + w2x2 + b = 0 with the numbers, solved for x2 (or x1 when w2 = 0).
/// `None` when w1 = w2 = 0 (there is no line; the page says so in words).
pub fn line(p: &Perceptron) -> Option<String> {
    let eq = linear(&[(p.w1, &x("1")), (p.w2, &x("2"))], Some(p.b));
    let solved = match line_kind(p) {
        LineKind::Sloped { m, c } => {
            format!("{}<mo>=</mo>{}", x("2"), linear(&[(m, &x("1"))], Some(c)))
        }
        LineKind::Vertical { c } => format!("{}<mo>=</mo>{}", x("1"), num(c)),
        LineKind::None { .. } => return None,
    };
    Some(format!(
        "<math display=\"block\">{}{}<mo>+</mo>{}{}<mo>+</mo><mi>b</mi><mo>=</mo><mn>0</mn></math>\
         <math display=\"block\">{eq}<mo>=</mo><mn>0</mn></math><math display=\"block\"><mo>⇔</mo><mspace width=\"0.5em\"/>{solved}</math>",
        w("1"),
        x("1"),
        w("2"),
        x("2"),
    ))
}

/// The perceptron learning rule, w_i ← w_i + η(t − y)x_i and b ← b + η(t − y), with η's value.
pub fn rule(eta: f64) -> String {
    let wi = "<msub><mi>w</mi><mi>i</mi></msub>";
    let xi = "<msub><mi>x</mi><mi>i</mi></msub>";
    let ety = "<mi>η</mi><mo>(</mo><mi>t</mi><mo>−</mo><mi>y</mi><mo>)</mo>";
    format!(
        "<math display=\"block\">{wi}<mo>←</mo>{wi}<mo>+</mo>{ety}{xi}<mo>,</mo><mspace width=\"1em\"/>\
         <mi>b</mi><mo>←</mo><mi>b</mi><mo>+</mo>{ety}</math>\
         <math display=\"block\"><mi>y</mi><mo>=</mo><mrow><mo>[</mo>{}{}<mo>+</mo>{}{}<mo>+</mo><mi>b</mi><mo>&gt;</mo><mn>0</mn><mo>]</mo></mrow>\
         <mo>,</mo><mspace width=\"1em\"/><mi>η</mi><mo>=</mo>{}</math>",
        w("1"),
        x("1"),
        w("2"),
        x("2"),
        num(eta)
    )
}

/// One update with its numbers, one `<math>` per line: Δw1 = η(t − y)x1 = …, Δw2 = …, Δb = η(t − y) = ….
pub fn update(eta: f64, t: u8, y: u8, x1: u8, x2: u8) -> String {
    let e = t as f64 - y as f64;
    let d = |xv: Option<u8>| {
        let xs = xv
            .map(|v| format!("<mo>·</mo><mn>{v}</mn>"))
            .unwrap_or_default();
        let val = eta * e * xv.map(f64::from).unwrap_or(1.0);
        format!(
            "{}<mo>(</mo><mn>{t}</mn><mo>−</mo><mn>{y}</mn><mo>)</mo>{xs}<mo>=</mo>{}",
            num(eta),
            num(val)
        )
    };
    format!(
        "<div><math><mi>Δ</mi>{}<mo>=</mo>{}</math></div><div><math><mi>Δ</mi>{}<mo>=</mo>{}</math></div>\
         <div><math><mi>Δ</mi><mi>b</mi><mo>=</mo>{}</math></div>",
        w("1"),
        d(Some(x1)),
        w("2"),
        d(Some(x2)),
        d(None)
    )
}

/// s1 = NAND(x1, x2), s2 = OR(x1, x2), y = AND(s1, s2), as three `<math>` elements.
pub fn xor_network() -> String {
    let call = |f: &str, a: &str, b: &str| {
        format!("<mi mathvariant=\"normal\">{f}</mi><mo>(</mo>{a}<mo>,</mo>{b}<mo>)</mo>")
    };
    let (x1, x2, s1, s2) = (x("1"), x("2"), sub("s", "1"), sub("s", "2"));
    // Three formulas side by side, so a narrow screen wraps them.
    format!(
        "<math>{s1}<mo>=</mo>{}</math><math>{s2}<mo>=</mo>{}</math><math><mi>y</mi><mo>=</mo>{}</math>",
        call("NAND", &x1, &x2),
        call("OR", &x1, &x2),
        call("AND", &s1, &s2)
    )
}

/// The four conditions XOR puts on one perceptron, one per input: (0,0): b ≤ 0; (0,1): w2 + b > 0;
/// (1,0): w1 + b > 0; (1,1): w1 + w2 + b ≤ 0.
pub fn xor_conditions() -> [String; 4] {
    let (w1, w2, b) = (w("1"), w("2"), "<mi>b</mi>".to_string());
    [
        format!("<math>{b}<mo>≤</mo><mn>0</mn></math>"),
        format!("<math>{w2}<mo>+</mo>{b}<mo>&gt;</mo><mn>0</mn></math>"),
        format!("<math>{w1}<mo>+</mo>{b}<mo>&gt;</mo><mn>0</mn></math>"),
        format!("<math>{w1}<mo>+</mo>{w2}<mo>+</mo>{b}<mo>≤</mo><mn>0</mn></math>"),
    ]
}

/// The two sums that contradict each other: w1 + w2 + 2b > 0 (from (0,1) and (1,0)) and ≤ 0 (from (0,0)
/// and (1,1)).
pub fn xor_contradiction() -> [String; 2] {
    let lhs = format!(
        "{}<mo>+</mo>{}<mo>+</mo><mn>2</mn><mi>b</mi>",
        w("1"),
        w("2")
    );
    [
        format!("<math>{lhs}<mo>&gt;</mo><mn>0</mn></math>"),
        format!("<math>{lhs}<mo>≤</mo><mn>0</mn></math>"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::perceptron::gate::Gate;

    #[test]
    fn numbers_carry_their_sign_as_an_operator() {
        assert_eq!(num(-0.7), "<mo>−</mo><mn>0.7</mn>");
        assert_eq!(num(0.3), "<mn>0.3</mn>");
        let l = linear(&[(-0.5, "a"), (0.5, "b")], Some(-0.7));
        assert_eq!(
            l,
            "<mo>−</mo><mn>0.5</mn>a<mo>+</mo><mn>0.5</mn>b<mo>−</mo><mn>0.7</mn>"
        );
    }

    #[test]
    fn the_and_preset_formulas_show_its_numbers() {
        let and = Gate::And.preset().unwrap();
        let t = threshold(&and);
        assert!(
            t.contains("<mi>θ</mi>") && t.contains("<mn>0.7</mn>"),
            "{t}"
        );
        let b = bias_form(&and);
        assert!(b.contains("<mo>−</mo><mn>0.7</mn>"), "{b}");
        // 0.5x1 + 0.5x2 − 0.7 = 0 ⇔ x2 = −x1 + 1.4.
        let l = line(&and).unwrap();
        assert!(
            l.contains(
                "<mo>=</mo><mo>−</mo><msub><mi>x</mi><mn>1</mn></msub><mo>+</mo><mn>1.4</mn>"
            ),
            "{l}"
        );
        for f in [t, b, l] {
            assert!(f.starts_with("<math") && f.ends_with("</math>"));
        }
    }

    #[test]
    fn the_line_is_vertical_when_w2_is_zero_and_absent_when_both_are() {
        assert_eq!(
            line_kind(&Perceptron::new(2.0, 0.0, -1.0)),
            LineKind::Vertical { c: 0.5 }
        );
        assert!(line(&Perceptron::new(2.0, 0.0, -1.0))
            .unwrap()
            .contains("<mn>0.5</mn>"));
        assert_eq!(
            line_kind(&Perceptron::new(0.0, 0.0, 0.2)),
            LineKind::None { y: 1 }
        );
        assert_eq!(
            line_kind(&Perceptron::new(0.0, 0.0, -0.2)),
            LineKind::None { y: 0 }
        );
        assert_eq!(
            line_kind(&Perceptron::new(0.0, 0.0, 0.0)),
            LineKind::None { y: 0 }
        );
        assert!(line(&Perceptron::new(0.0, 0.0, 1.0)).is_none());
    }

    #[test]
    fn an_update_shows_its_arithmetic() {
        // t = 1, y = 0 at (1, 1) with η = 0.1: every Δ is +0.1.
        let results = |u: &str| -> Vec<String> {
            // The value after the last "=" of each Δ.
            u.split("<mi>Δ</mi>")
                .skip(1)
                .map(|part| {
                    let part = part.split("</math>").next().unwrap_or("");
                    part.rsplit("<mo>=</mo>").next().unwrap_or("").to_string()
                })
                .collect()
        };
        let u = update(0.1, 1, 0, 1, 1);
        assert_eq!(results(&u), vec!["<mn>0.1</mn>"; 3], "{u}");
        // t = 0, y = 1 at (0, 1): Δw1 = 0, Δw2 = −0.1, Δb = −0.1.
        let u = update(0.1, 0, 1, 0, 1);
        assert_eq!(
            results(&u),
            vec![
                "<mn>0</mn>",
                "<mo>−</mo><mn>0.1</mn>",
                "<mo>−</mo><mn>0.1</mn>"
            ],
            "{u}"
        );
        assert!(rule(0.1).contains("<mi>η</mi><mo>=</mo><mn>0.1</mn>"));
    }
}
