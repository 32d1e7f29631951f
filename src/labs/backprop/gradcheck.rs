//! The gradient check table: for every weight and bias, backprop's ∂C/∂w against the numerical gradient
//! (C(w + h) − C(w − h)) / 2h, with the relative error |a − b| / max(|a|, |b|, ε), passing below `TOLERANCE`.

use ndarray::Array2;

use crate::net::{Grads, Net};
use crate::Result;

/// The floor of the relative error's denominator: below it a difference is judged absolutely, since the f32
/// numerical gradient cannot resolve a gradient much smaller than its own rounding noise (about 1e-5).
pub const EPS: f32 = 1e-3;
/// A parameter passes when its relative error is below this.
pub const TOLERANCE: f32 = 1e-2;

/// One row: the parameter's name in the book's arrays ("W1[0][1]", "b2[0]") and the two gradients.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub name: String,
    pub backprop: f32,
    pub numerical: f32,
    pub rel_error: f32,
    pub pass: bool,
}

/// |a − b| / max(|a|, |b|, EPS).
pub fn relative_error(a: f32, b: f32) -> f32 {
    (a - b).abs() / a.abs().max(b.abs()).max(EPS)
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
            let rel_error = relative_error(ga, gb);
            out.push(Row {
                name: label,
                backprop: ga,
                numerical: gb,
                rel_error,
                pass: rel_error < TOLERANCE,
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
        assert!((r[0].rel_error - 0.001 / 0.501).abs() < 1e-5 && r[0].pass);
        // Both tiny: 1e-5 / EPS = 0.01 is not below the tolerance 0.01.
        assert!((r[1].rel_error - 1e-5 / EPS).abs() < 1e-6);
        // A wrong gradient (−2 vs −1): relative error 0.5, fails.
        assert!((r[2].rel_error - 0.5).abs() < 1e-6 && !r[2].pass);
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
                assert!(
                    r.pass,
                    "{h}-{o} {}: {} vs {}",
                    r.name, r.backprop, r.numerical
                );
            }
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
        assert!(rows(&bp, &num).iter().any(|r| !r.pass));
    }
}
