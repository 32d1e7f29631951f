//! The gradient check table: for every weight and bias, backprop's ∂C/∂w against the numerical gradient
//! (C(w + h) − C(w − h)) / 2h, with the relative error |a − b| / max(|a|, |b|, ε) (ε = `EPS`, the floor).
//! A row passes when that error is below `TOLERANCE` and the gradients are large enough to judge: when both
//! are below the floor (a numerical gradient of 0, say) the row is "too small to judge", never "pass".

use ndarray::Array2;

use crate::net::{Grads, Net};
use crate::Result;

/// The floor of the relative error's denominator, and the smallest gradient the check judges: the f32
/// numerical gradient (h = 0.01) carries rounding noise of about 1e-5, too big a part of anything below this.
pub const EPS: f32 = 1e-3;
/// A parameter passes when its relative error is below this.
pub const TOLERANCE: f32 = 1e-2;

/// What the check says about one parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    /// Both gradients are below `EPS` in size: the numerical gradient cannot confirm or refute backprop.
    TooSmall,
}

/// One row: the parameter's name in the book's arrays ("W1[0][1]", "b2[0]") and the two gradients.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub name: String,
    pub backprop: f32,
    pub numerical: f32,
    pub rel_error: f32,
    pub verdict: Verdict,
}

/// |a − b| / max(|a|, |b|, EPS).
pub fn relative_error(a: f32, b: f32) -> f32 {
    (a - b).abs() / a.abs().max(b.abs()).max(EPS)
}

/// The verdict for backprop's `a` against the numerical `b`.
pub fn judge(a: f32, b: f32) -> Verdict {
    let rel = relative_error(a, b);
    if rel.is_nan() || rel >= TOLERANCE {
        Verdict::Fail
    } else if a.abs().max(b.abs()) < EPS {
        Verdict::TooSmall
    } else {
        Verdict::Pass
    }
}

/// Rows for every element of every array in `backprop`, matched by name in `numerical`.
pub fn rows(backprop: &Grads, numerical: &Grads) -> Vec<Row> {
    let mut out = Vec::new();
    for (name, a) in &backprop.entries {
        let Some(b) = numerical.get(name) else {
            continue;
        };
        let cols = if a.ndim() == 2 { a.shape()[1] } else { 1 };
        for (k, (&ga, &gb)) in a.iter().zip(b.iter()).enumerate() {
            let label = if a.ndim() == 2 {
                format!("{name}[{}][{}]", k / cols, k % cols)
            } else {
                format!("{name}[{k}]")
            };
            out.push(Row {
                name: label,
                backprop: ga,
                numerical: gb,
                rel_error: relative_error(ga, gb),
                verdict: judge(ga, gb),
            });
        }
    }
    out
}

/// The whole table for a network on a batch (x, t): backprop first, then the numerical gradient.
pub fn check(net: &mut Net, x: &Array2<f32>, t: &Array2<f32>) -> Result<Vec<Row>> {
    let bp = net.gradient(x, t)?;
    let num = net.numerical_gradient(x, t)?;
    Ok(rows(&bp, &num))
}

#[cfg(test)]
mod tests {
    use ndarray::{arr1, arr2};

    use super::*;
    use crate::labs::backprop::inspector::Inspector;
    use crate::labs::backprop::BackpropLabConfig;

    fn grads(w: [[f32; 2]; 1], b: f32) -> Grads {
        Grads {
            entries: vec![
                ("W1".into(), arr2(&w).into_dyn()),
                ("b1".into(), arr1(&[b]).into_dyn()),
            ],
            loss: 0.0,
        }
    }

    #[test]
    fn rows_are_named_and_judged_by_relative_error() {
        let a = grads([[0.5, 1e-5]], -2.0);
        let b = grads([[0.501, 2e-5]], -1.0);
        let r = rows(&a, &b);
        let names: Vec<&str> = r.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["W1[0][0]", "W1[0][1]", "b1[0]"]);
        // 0.001 / 0.501 ≈ 0.002: passes.
        assert!((r[0].rel_error - 0.001 / 0.501).abs() < 1e-5);
        assert_eq!(r[0].verdict, Verdict::Pass);
        // Both below the floor: 1e-5 / EPS ≈ 0.01, and nothing can be judged at that size.
        assert!((r[1].rel_error - 1e-5 / EPS).abs() < 1e-6);
        assert_eq!(r[1].verdict, Verdict::TooSmall);
        // A wrong gradient (−2 vs −1): relative error 0.5, fails.
        assert!((r[2].rel_error - 0.5).abs() < 1e-6);
        assert_eq!(r[2].verdict, Verdict::Fail);
    }

    #[test]
    fn a_zero_gradient_never_passes() {
        // A numerical gradient of 0 (a saturated unit after training) against a tiny backprop value: the
        // relative error with its floor is small, but nothing was checked.
        assert_eq!(judge(2e-6, 0.0), Verdict::TooSmall);
        assert_eq!(judge(0.0, 0.0), Verdict::TooSmall);
        // Against a real gradient a zero fails.
        assert_eq!(judge(0.05, 0.0), Verdict::Fail);
        assert_eq!(judge(0.0, 0.05), Verdict::Fail);
        assert_eq!(judge(f32::NAN, 0.05), Verdict::Fail);
        assert_eq!(judge(0.05, 0.0501), Verdict::Pass);
    }

    #[test]
    fn every_parameter_of_each_inspector_network_passes() {
        for (h, o) in [(2, 1), (3, 1), (2, 2), (3, 2)] {
            let cfg = BackpropLabConfig {
                hidden: h,
                output: o,
                ..Default::default()
            };
            let mut ins = Inspector::new(&cfg).unwrap();
            let (x, t) = (ins.x.clone(), ins.t.clone());
            let table = check(&mut ins.net, &x, &t).unwrap();
            assert_eq!(table.len(), ins.net.param_count());
            for r in &table {
                assert_ne!(
                    r.verdict,
                    Verdict::Fail,
                    "{h}-{o} {}: {} vs {}",
                    r.name,
                    r.backprop,
                    r.numerical
                );
            }
            let passed = table.iter().filter(|r| r.verdict == Verdict::Pass).count();
            assert!(passed * 2 > table.len(), "{h}-{o}: only {passed} judged");
        }
    }

    #[test]
    fn a_broken_gradient_is_caught() {
        let cfg = BackpropLabConfig::default();
        let mut ins = Inspector::new(&cfg).unwrap();
        let (x, t) = (ins.x.clone(), ins.t.clone());
        let mut bp = ins.net.gradient(&x, &t).unwrap();
        let num = ins.net.numerical_gradient(&x, &t).unwrap();
        // A wrong W1 gradient (four times too big, as if h′(a) ≤ ¼ had been left out of δ⁽¹⁾) must fail.
        bp.entries[0].1.mapv_inplace(|g| g * 4.0);
        assert!(rows(&bp, &num).iter().any(|r| r.verdict == Verdict::Fail));
    }
}
