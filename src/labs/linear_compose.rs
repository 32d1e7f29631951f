//! Why the activation must be non-linear: two linear layers y = W2(W1x + b1) + b2 are one linear layer
//! y = (W2W1)x + (W2b1 + b2) = Wx + b. With ReLU between them, y = W2 h(W1x + b1) + b2 is no longer Wx + b.

use crate::labs::route_vec::{read_array, write_list};
use crate::numfmt::sig;
use crate::urlstate::Route;

/// A 2×2 matrix, row by row: [w11, w12, w21, w22].
pub type Mat2 = [f32; 4];
pub type Vec2 = [f32; 2];

/// Limits stated in the UI for every weight, bias and input.
pub const RANGE: (f32, f32) = (-10.0, 10.0);

/// The demonstration's settings: both layers, the input x, and whether h = ReLU sits between them.
#[derive(Clone, Debug, PartialEq)]
pub struct LinearComposeConfig {
    pub w1: Mat2,
    pub b1: Vec2,
    pub w2: Mat2,
    pub b2: Vec2,
    pub x: Vec2,
    pub relu: bool,
}

impl Default for LinearComposeConfig {
    /// Small integer-like weights that are easy to multiply by hand; x makes one a1 negative, so ReLU
    /// visibly breaks the composition when it is switched on.
    fn default() -> Self {
        LinearComposeConfig {
            w1: [1.0, -1.0, 2.0, 0.5],
            b1: [0.5, -1.0],
            w2: [1.0, 1.0, -1.0, 2.0],
            b2: [0.0, 1.0],
            x: [1.0, 2.0],
            relu: false,
        }
    }
}

pub fn mat_vec(m: &Mat2, v: &Vec2) -> Vec2 {
    [m[0] * v[0] + m[1] * v[1], m[2] * v[0] + m[3] * v[1]]
}

pub fn mat_mul(a: &Mat2, b: &Mat2) -> Mat2 {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
    ]
}

fn add(a: Vec2, b: Vec2) -> Vec2 {
    [a[0] + b[0], a[1] + b[1]]
}

/// Both ways of computing y, and the composed weights.
#[derive(Clone, Debug, PartialEq)]
pub struct Composition {
    /// a1 = W1x + b1 and z1 = h(a1) (h = identity or ReLU).
    pub a1: Vec2,
    pub z1: Vec2,
    /// y through the two layers: W2 z1 + b2.
    pub y_layers: Vec2,
    /// The composed layer W = W2W1, b = W2b1 + b2, and y = Wx + b.
    pub w: Mat2,
    pub b: Vec2,
    pub y_one: Vec2,
}

impl Composition {
    /// Whether the one composed layer gives the same y (up to f32 rounding).
    pub fn agrees(&self) -> bool {
        self.y_layers
            .iter()
            .zip(&self.y_one)
            .all(|(p, q)| (p - q).abs() <= 1e-4 * (1.0 + p.abs().max(q.abs())))
    }
}

impl LinearComposeConfig {
    pub fn compute(&self) -> Composition {
        let a1 = add(mat_vec(&self.w1, &self.x), self.b1);
        let z1 = if self.relu {
            a1.map(|v| v.max(0.0))
        } else {
            a1
        };
        let y_layers = add(mat_vec(&self.w2, &z1), self.b2);
        let w = mat_mul(&self.w2, &self.w1);
        let b = add(mat_vec(&self.w2, &self.b1), self.b2);
        let y_one = add(mat_vec(&w, &self.x), b);
        Composition {
            a1,
            z1,
            y_layers,
            w,
            b,
            y_one,
        }
    }

    pub fn write(&self, r: &mut Route) {
        write_list(r, "W1", &self.w1);
        write_list(r, "b1", &self.b1);
        write_list(r, "W2", &self.w2);
        write_list(r, "b2", &self.b2);
        write_list(r, "lx", &self.x);
        r.set("relu", u8::from(self.relu));
    }

    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let (lo, hi) = RANGE;
        LinearComposeConfig {
            w1: read_array(r, "W1", lo, hi, d.w1),
            b1: read_array(r, "b1", lo, hi, d.b1),
            w2: read_array(r, "W2", lo, hi, d.w2),
            b2: read_array(r, "b2", lo, hi, d.b2),
            x: read_array(r, "lx", lo, hi, d.x),
            relu: r.flag("relu", d.relu),
        }
    }
}

/// A 2×2 matrix as MathML, numbers to 4 significant digits.
pub fn mathml_mat(m: &Mat2) -> String {
    format!(
        "<mrow><mo>(</mo><mtable><mtr><mtd><mn>{}</mn></mtd><mtd><mn>{}</mn></mtd></mtr><mtr><mtd><mn>{}</mn></mtd><mtd><mn>{}</mn></mtd></mtr></mtable><mo>)</mo></mrow>",
        sig(m[0] as f64, 4),
        sig(m[1] as f64, 4),
        sig(m[2] as f64, 4),
        sig(m[3] as f64, 4)
    )
}

/// A column vector as MathML.
pub fn mathml_vec(v: &Vec2) -> String {
    format!(
        "<mrow><mo>(</mo><mtable><mtr><mtd><mn>{}</mn></mtd></mtr><mtr><mtd><mn>{}</mn></mtd></mtr></mtable><mo>)</mo></mrow>",
        sig(v[0] as f64, 4),
        sig(v[1] as f64, 4)
    )
}

/// The algebra, as MathML: W2(W1x + b1) + b2 = (W2W1)x + (W2b1 + b2).
pub const FORMULA_COMPOSE: &str = "<math><msub><mi>W</mi><mn>2</mn></msub><mo>(</mo><msub><mi>W</mi><mn>1</mn></msub><mi>x</mi><mo>+</mo><msub><mi>b</mi><mn>1</mn></msub><mo>)</mo><mo>+</mo><msub><mi>b</mi><mn>2</mn></msub><mo>=</mo><munder><munder accentunder=\"true\"><mrow><mo>(</mo><msub><mi>W</mi><mn>2</mn></msub><msub><mi>W</mi><mn>1</mn></msub><mo>)</mo></mrow><mo>⏟</mo></munder><mi>W</mi></munder><mi>x</mi><mo>+</mo><munder><munder accentunder=\"true\"><mrow><mo>(</mo><msub><mi>W</mi><mn>2</mn></msub><msub><mi>b</mi><mn>1</mn></msub><mo>+</mo><msub><mi>b</mi><mn>2</mn></msub><mo>)</mo></mrow><mo>⏟</mo></munder><mi>b</mi></munder></math>";

/// With ReLU between the layers: y = W2 h(W1x + b1) + b2, h(a) = max(0, a).
pub const FORMULA_RELU: &str = "<math><mi>y</mi><mo>=</mo><msub><mi>W</mi><mn>2</mn></msub><mi>h</mi><mo>(</mo><msub><mi>W</mi><mn>1</mn></msub><mi>x</mi><mo>+</mo><msub><mi>b</mi><mn>1</mn></msub><mo>)</mo><mo>+</mo><msub><mi>b</mi><mn>2</mn></msub><mo>,</mo><mspace width=\"0.6em\"/><mi>h</mi><mo>(</mo><mi>a</mi><mo>)</mo><mo>=</mo><mi>max</mi><mo>(</mo><mn>0</mn><mo>,</mo><mi>a</mi><mo>)</mo></math>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_linear_layers_equal_the_composed_layer() {
        let c = LinearComposeConfig::default().compute();
        // W2W1 by hand: [[1·1 + 1·2, 1·(−1) + 1·0.5], [−1·1 + 2·2, −1·(−1) + 2·0.5]] = [[3, −0.5], [3, 2]].
        assert_eq!(c.w, [3.0, -0.5, 3.0, 2.0]);
        // W2b1 + b2 = [0.5 − 1, −0.5 − 2] + [0, 1] = [−0.5, −1.5].
        assert_eq!(c.b, [-0.5, -1.5]);
        assert!(c.agrees(), "{:?} vs {:?}", c.y_layers, c.y_one);
        assert_eq!(c.y_one, [1.5, 5.5]);
    }

    #[test]
    fn relu_between_the_layers_breaks_the_composition() {
        let cfg = LinearComposeConfig {
            relu: true,
            ..Default::default()
        };
        let c = cfg.compute();
        // a1 = [1 − 2 + 0.5, 2 + 1 − 1] = [−0.5, 2]: ReLU zeroes the first unit.
        assert_eq!(c.a1, [-0.5, 2.0]);
        assert_eq!(c.z1, [0.0, 2.0]);
        assert!(!c.agrees());
        assert_eq!(c.y_layers, [2.0, 5.0]);
        // Where every a1 is positive, ReLU is the identity and the two agree again.
        let c = LinearComposeConfig {
            relu: true,
            x: [3.0, 1.0],
            ..Default::default()
        }
        .compute();
        assert!(c.a1.iter().all(|&v| v > 0.0) && c.agrees());
    }

    #[test]
    fn settings_round_trip_and_mathml_is_well_formed() {
        let c = LinearComposeConfig {
            w1: [0.5, 0.0, -2.0, 3.0],
            relu: true,
            ..Default::default()
        };
        let mut r = Route::new("activation");
        c.write(&mut r);
        assert_eq!(LinearComposeConfig::read(&Route::parse(&r.to_hash())), c);
        let bad = LinearComposeConfig::read(&Route::parse("#activation?W1=1,2,3&b2=99,0"));
        assert_eq!(bad, LinearComposeConfig::default());
        let m = mathml_mat(&[1.0, -0.5, 3.0, 2.0]);
        assert!(m.contains("<mn>−0.5</mn>") && m.matches("<mtd>").count() == 4);
        assert_eq!(mathml_vec(&[1.0, 2.0]).matches("<mtr>").count(), 2);
    }
}
