//! One perceptron with two inputs, and the logic gates it is judged against (notes 004, ch2):
//! y = 1 when w1x1 + w2x2 > θ, else 0; with the bias b = −θ, y = 1 when a = w1x1 + w2x2 + b > 0.

/// The four inputs in the book's order: (0,0), (0,1), (1,0), (1,1).
pub const INPUTS: [(u8, u8); 4] = [(0, 0), (0, 1), (1, 0), (1, 1)];

/// A target gate: the truth table the current weights are judged against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gate {
    And,
    Nand,
    Or,
    Xor,
}

impl Gate {
    pub const ALL: [Gate; 4] = [Gate::And, Gate::Nand, Gate::Or, Gate::Xor];

    /// The gate's output for the inputs x1, x2 ∈ {0, 1}.
    pub fn truth(self, x1: u8, x2: u8) -> u8 {
        let (a, b) = (x1 != 0, x2 != 0);
        u8::from(match self {
            Gate::And => a && b,
            Gate::Nand => !(a && b),
            Gate::Or => a || b,
            Gate::Xor => a != b,
        })
    }

    /// The URL and DOM id: `and`, `nand`, `or`, `xor`.
    pub fn id(self) -> &'static str {
        match self {
            Gate::And => "and",
            Gate::Nand => "nand",
            Gate::Or => "or",
            Gate::Xor => "xor",
        }
    }

    /// The name as printed (the same in both languages).
    pub fn name(self) -> &'static str {
        match self {
            Gate::And => "AND",
            Gate::Nand => "NAND",
            Gate::Or => "OR",
            Gate::Xor => "XOR",
        }
    }

    pub fn from_id(id: &str) -> Option<Gate> {
        Gate::ALL.into_iter().find(|g| g.id() == id)
    }

    /// The notes' parameters (w1, w2, θ) for this gate; XOR has none (no single perceptron computes it).
    pub fn preset(self) -> Option<Perceptron> {
        match self {
            Gate::And => Some(Perceptron::from_theta(0.5, 0.5, 0.7)),
            Gate::Nand => Some(Perceptron::from_theta(-0.5, -0.5, -0.7)),
            Gate::Or => Some(Perceptron::from_theta(0.5, 0.5, 0.3)),
            Gate::Xor => None,
        }
    }
}

/// Weights and bias of one perceptron.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Perceptron {
    pub w1: f64,
    pub w2: f64,
    pub b: f64,
}

impl Perceptron {
    pub fn new(w1: f64, w2: f64, b: f64) -> Perceptron {
        Perceptron { w1, w2, b }
    }

    /// From the notes' form (w1, w2, θ): b = −θ.
    pub fn from_theta(w1: f64, w2: f64, theta: f64) -> Perceptron {
        Perceptron { w1, w2, b: -theta }
    }

    /// The threshold θ = −b.
    pub fn theta(&self) -> f64 {
        -self.b
    }

    /// The weighted sum w1x1 + w2x2 (compared with θ in the notes' first form).
    pub fn weighted(&self, x1: f64, x2: f64) -> f64 {
        self.w1 * x1 + self.w2 * x2
    }

    /// a = w1x1 + w2x2 + b.
    pub fn activation(&self, x1: f64, x2: f64) -> f64 {
        self.weighted(x1, x2) + self.b
    }

    /// y = 1 when a > 0 (equivalently w1x1 + w2x2 > θ), else 0.
    pub fn output(&self, x1: f64, x2: f64) -> u8 {
        u8::from(self.activation(x1, x2) > 0.0)
    }

    /// Whether all of w1, w2, b are finite (a user can never set anything else; this guards the core).
    pub fn is_finite(&self) -> bool {
        self.w1.is_finite() && self.w2.is_finite() && self.b.is_finite()
    }
}

/// One row of the live truth table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TruthRow {
    pub x1: u8,
    pub x2: u8,
    /// w1x1 + w2x2.
    pub weighted: f64,
    /// a = w1x1 + w2x2 + b.
    pub a: f64,
    /// The perceptron's output.
    pub y: u8,
    /// The target gate's output.
    pub t: u8,
}

impl TruthRow {
    pub fn correct(&self) -> bool {
        self.y == self.t
    }
}

/// The truth table of `p` for the four inputs, judged against `target`.
pub fn truth_table(p: &Perceptron, target: Gate) -> [TruthRow; 4] {
    INPUTS.map(|(x1, x2)| {
        let (f1, f2) = (x1 as f64, x2 as f64);
        TruthRow {
            x1,
            x2,
            weighted: p.weighted(f1, f2),
            a: p.activation(f1, f2),
            y: p.output(f1, f2),
            t: target.truth(x1, x2),
        }
    })
}

/// How many of the four rows are right.
pub fn correct_count(rows: &[TruthRow; 4]) -> usize {
    rows.iter().filter(|r| r.correct()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outputs(p: &Perceptron) -> [u8; 4] {
        INPUTS.map(|(a, b)| p.output(a as f64, b as f64))
    }

    #[test]
    fn the_gates_have_the_notes_truth_tables() {
        let col = |g: Gate| INPUTS.map(|(a, b)| g.truth(a, b));
        assert_eq!(col(Gate::And), [0, 0, 0, 1]);
        assert_eq!(col(Gate::Nand), [1, 1, 1, 0]);
        assert_eq!(col(Gate::Or), [0, 1, 1, 1]);
        assert_eq!(col(Gate::Xor), [0, 1, 1, 0]);
    }

    #[test]
    fn the_notes_presets_give_the_right_truth_tables() {
        // (w1, w2, θ) = AND (0.5, 0.5, 0.7), NAND (−0.5, −0.5, −0.7), OR (0.5, 0.5, 0.3); b = −θ.
        let and = Gate::And.preset().unwrap();
        assert_eq!((and.w1, and.w2, and.b, and.theta()), (0.5, 0.5, -0.7, 0.7));
        assert_eq!(outputs(&and), [0, 0, 0, 1]);
        let nand = Gate::Nand.preset().unwrap();
        assert_eq!((nand.w1, nand.w2, nand.b), (-0.5, -0.5, 0.7));
        assert_eq!(outputs(&nand), [1, 1, 1, 0]);
        let or = Gate::Or.preset().unwrap();
        assert_eq!((or.w1, or.w2, or.b), (0.5, 0.5, -0.3));
        assert_eq!(outputs(&or), [0, 1, 1, 1]);
        assert!(Gate::Xor.preset().is_none());
        for g in [Gate::And, Gate::Nand, Gate::Or] {
            let rows = truth_table(&g.preset().unwrap(), g);
            assert_eq!(correct_count(&rows), 4, "{g:?}");
        }
    }

    #[test]
    fn the_notes_other_and_parameters_also_work_and_the_threshold_is_strict() {
        // "(0.5, 0.5, 0.8) or (1.0, 1.0, 1.0) also satisfy AND" (notes 004).
        for p in [
            Perceptron::from_theta(0.5, 0.5, 0.8),
            Perceptron::from_theta(1.0, 1.0, 1.0),
        ] {
            assert_eq!(outputs(&p), [0, 0, 0, 1], "{p:?}");
        }
        // y = 1 only when the sum is strictly above θ: with θ = 1, the input (1,1) gives 1 > 1? No.
        assert_eq!(outputs(&Perceptron::from_theta(0.5, 0.5, 1.0)), [0; 4]);
    }

    #[test]
    fn the_table_shows_sums_and_marks_wrong_rows() {
        let rows = truth_table(&Gate::And.preset().unwrap(), Gate::Or);
        assert_eq!(rows[3].weighted, 1.0);
        assert!((rows[3].a - 0.3).abs() < 1e-12);
        // AND's weights judged as OR: (0,1) and (1,0) are wrong.
        let wrong: Vec<_> = rows
            .iter()
            .filter(|r| !r.correct())
            .map(|r| (r.x1, r.x2))
            .collect();
        assert_eq!(wrong, vec![(0, 1), (1, 0)]);
        assert_eq!(Gate::from_id("nand"), Some(Gate::Nand));
        assert_eq!(Gate::from_id("nope"), None);
    }
}
