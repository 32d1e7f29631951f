//! The activation-functions lab (ch3): which functions h(x) are drawn, with or without h'(x), and their
//! formulas as MathML. Step, sigmoid 1/(1+e^−x) with σ' = σ(1−σ), tanh, ReLU max(0, x), leaky ReLU max(ax, x),
//! identity.

use crate::activation::Activation;
use crate::plot::function::{sample, Curve};
use crate::plot::palette;
use crate::urlstate::Route;

/// The functions in the order the lab lists them.
pub const KINDS: [&str; 6] = ["step", "sigmoid", "tanh", "relu", "leaky_relu", "identity"];

/// The lab's settings; they round-trip through the URL.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivationLabConfig {
    /// Which of `KINDS` are drawn.
    pub shown: [bool; 6],
    /// Draw h'(x) dashed beside each h(x).
    pub derivative: bool,
    /// Leaky ReLU's slope a for x ≤ 0.
    pub leaky_a: f32,
    /// The x axis spans −x_max..x_max.
    pub x_max: f32,
}

impl Default for ActivationLabConfig {
    /// The book's figure 3-8 pair (step and sigmoid), with ReLU (figure 3-9).
    fn default() -> Self {
        ActivationLabConfig {
            shown: [true, true, false, true, false, false],
            derivative: false,
            leaky_a: 0.1,
            x_max: 6.0,
        }
    }
}

/// Limits stated in the UI.
pub const LEAKY_A_RANGE: (f32, f32) = (0.0, 1.0);
pub const X_MAX_RANGE: (f32, f32) = (1.0, 50.0);

impl ActivationLabConfig {
    /// The activation for `KINDS[i]`, with this config's leaky slope.
    pub fn activation(&self, i: usize) -> Activation {
        match KINDS[i] {
            "step" => Activation::Step,
            "sigmoid" => Activation::Sigmoid,
            "tanh" => Activation::Tanh,
            "relu" => Activation::Relu,
            "leaky_relu" => Activation::LeakyRelu(self.leaky_a),
            _ => Activation::Identity,
        }
    }

    /// Indices of the shown functions.
    pub fn visible(&self) -> impl Iterator<Item = usize> + '_ {
        (0..KINDS.len()).filter(|&i| self.shown[i])
    }

    /// Sampled curves: h(x) solid, h'(x) dashed in the same colour.
    pub fn curves(&self, n: usize) -> Vec<Curve> {
        let x = (-(self.x_max as f64), self.x_max as f64);
        let mut out = Vec::new();
        for i in self.visible() {
            let act = self.activation(i);
            let color = palette::color(i);
            out.push(Curve {
                color,
                dashed: false,
                points: sample(x, n, |v| act.f(v as f32) as f64),
            });
            if self.derivative {
                out.push(Curve {
                    color,
                    dashed: true,
                    points: sample(x, n, |v| act.df(v as f32) as f64),
                });
            }
        }
        out
    }

    /// The function index (into `KINDS`) of each curve `curves` returns, in the same order: it picks the
    /// curve's marker shape, so curves differ by shape as well as colour.
    pub fn curve_kinds(&self) -> Vec<usize> {
        let per = if self.derivative { 2 } else { 1 };
        self.visible()
            .flat_map(|i| std::iter::repeat_n(i, per))
            .collect()
    }

    /// Samples for smooth curves on a plot `width_px` device pixels wide: one per pixel (at least 401), so
    /// no straight segment is long enough to show as a corner.
    pub fn samples_for(width_px: u32) -> usize {
        (width_px as usize).clamp(401, 4096)
    }

    /// A y range that shows the bounded functions well and the unbounded ones in part.
    pub fn y_range(&self) -> (f64, f64) {
        let unbounded = self
            .visible()
            .any(|i| matches!(KINDS[i], "relu" | "leaky_relu" | "identity"));
        if unbounded {
            let top = (self.x_max as f64 * 0.6).max(1.5);
            let bottom = if self.visible().any(|i| KINDS[i] == "identity") {
                -top
            } else {
                -1.5
            };
            (bottom, top)
        } else {
            (-1.5, 1.5)
        }
    }

    /// (kind, h(x), h'(x)) for each shown function at x, for the text readout.
    pub fn readout(&self, x: f32) -> Vec<(&'static str, f32, f32)> {
        self.visible()
            .map(|i| (KINDS[i], self.activation(i).f(x), self.activation(i).df(x)))
            .collect()
    }

    pub fn write(&self, r: &mut Route) {
        let fns: Vec<&str> = self.visible().map(|i| KINDS[i]).collect();
        r.set("fns", fns.join(","));
        r.set("d", u8::from(self.derivative));
        r.set("a", self.leaky_a);
        r.set("x", self.x_max);
    }

    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let shown = match r.list("fns") {
            Some(list) => {
                let mut s = [false; 6];
                for (i, k) in KINDS.iter().enumerate() {
                    s[i] = list.contains(k);
                }
                s
            }
            None => d.shown,
        };
        ActivationLabConfig {
            shown,
            derivative: r.flag("d", d.derivative),
            leaky_a: r.f32_in("a", LEAKY_A_RANGE.0, LEAKY_A_RANGE.1, d.leaky_a),
            x_max: r.f32_in("x", X_MAX_RANGE.0, X_MAX_RANGE.1, d.x_max),
        }
    }
}

/// The formula of h(x) as MathML (language-neutral), for `KINDS[i]`.
pub fn formula(kind: &str) -> &'static str {
    match kind {
        "step" => "<math><mi>h</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mrow><mo>{</mo><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mo>(</mo><mi>x</mi><mo>&gt;</mo><mn>0</mn><mo>)</mo></mtd></mtr><mtr><mtd><mn>0</mn></mtd><mtd><mo>(</mo><mi>x</mi><mo>≤</mo><mn>0</mn><mo>)</mo></mtd></mtr></mtable></mrow></math>",
        "sigmoid" => "<math><mi>σ</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mfrac><mn>1</mn><mrow><mn>1</mn><mo>+</mo><msup><mi>e</mi><mrow><mo>−</mo><mi>x</mi></mrow></msup></mrow></mfrac><mo>,</mo><mspace width=\"1em\"/><msup><mi>σ</mi><mo>′</mo></msup><mo>=</mo><mi>σ</mi><mo>(</mo><mn>1</mn><mo>−</mo><mi>σ</mi><mo>)</mo></math>",
        "tanh" => "<math><mi>tanh</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mfrac><mrow><msup><mi>e</mi><mi>x</mi></msup><mo>−</mo><msup><mi>e</mi><mrow><mo>−</mo><mi>x</mi></mrow></msup></mrow><mrow><msup><mi>e</mi><mi>x</mi></msup><mo>+</mo><msup><mi>e</mi><mrow><mo>−</mo><mi>x</mi></mrow></msup></mrow></mfrac><mo>,</mo><mspace width=\"1em\"/><msup><mi>h</mi><mo>′</mo></msup><mo>=</mo><mn>1</mn><mo>−</mo><msup><mi>tanh</mi><mn>2</mn></msup></math>",
        "relu" => "<math><mi>h</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>max</mi><mo>(</mo><mn>0</mn><mo>,</mo><mi>x</mi><mo>)</mo></math>",
        "leaky_relu" => "<math><mi>h</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>max</mi><mo>(</mo><mi>a</mi><mi>x</mi><mo>,</mo><mi>x</mi><mo>)</mo></math>",
        _ => "<math><mi>h</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mi>x</mi></math>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_the_url() {
        let c = ActivationLabConfig {
            shown: [false, true, true, false, true, false],
            derivative: true,
            leaky_a: 0.25,
            x_max: 10.0,
        };
        let mut r = Route::new("activation");
        c.write(&mut r);
        assert_eq!(ActivationLabConfig::read(&Route::parse(&r.to_hash())), c);
    }

    #[test]
    fn out_of_range_url_values_fall_back_to_defaults() {
        let c = ActivationLabConfig::read(&Route::parse("#activation?a=7&x=-3&d=maybe"));
        let d = ActivationLabConfig::default();
        assert_eq!(
            (c.leaky_a, c.x_max, c.derivative),
            (d.leaky_a, d.x_max, d.derivative)
        );
    }

    #[test]
    fn derivatives_add_dashed_curves_that_match_sigmoid_prime() {
        let c = ActivationLabConfig {
            shown: [false, true, false, false, false, false],
            derivative: true,
            ..Default::default()
        };
        let curves = c.curves(101);
        assert_eq!(curves.len(), 2);
        assert!(!curves[0].dashed && curves[1].dashed);
        // σ'(0) = σ(0)(1 − σ(0)) = 0.25: the middle sample of the dashed curve.
        let (x, y) = curves[1].points[50];
        assert!(x.abs() < 1e-9 && (y - 0.25).abs() < 1e-6, "{x} {y}");
        let r = c.readout(0.0);
        assert_eq!(r[0].0, "sigmoid");
        assert!((r[0].1 - 0.5).abs() < 1e-6);
    }

    #[test]
    fn every_kind_has_a_formula() {
        for k in KINDS {
            assert!(
                formula(k).starts_with("<math>") && formula(k).ends_with("</math>"),
                "{k}"
            );
        }
    }
}
