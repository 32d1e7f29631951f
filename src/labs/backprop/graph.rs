//! Computational graphs stepped forward and backward (ch5, note 002): the book's apple examples
//! (add node: ∂L/∂x = ∂L/∂z · 1 for both inputs; multiply node z = xy: ∂L/∂x = ∂L/∂z · y, ∂L/∂y = ∂L/∂z · x,
//! the inputs swapped) and the sigmoid split into ×(−1), exp, +1 and ÷ nodes, whose backward pass arrives at
//! ∂L/∂x = ∂L/∂y · y(1 − y).
//!
//! Computed in f64 so the book's numbers (220, 715, 2.2, 110, 3.3, 165, 650) come out exactly as printed.

/// What a node does to its inputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// A given value (a leaf: the apple's price, the tax, x …).
    Input(f64),
    /// z = x · y (the book's `MulLayer`).
    Mul,
    /// z = x + y (the book's `AddLayer`).
    Add,
    /// z = c · x; the sigmoid graph's ×(−1).
    Scale(f64),
    /// z = exp(x).
    Exp,
    /// z = x + c; the sigmoid graph's +1.
    AddConst(f64),
    /// z = 1/x; the sigmoid graph's ÷ node.
    Recip,
}

impl Op {
    /// The symbol drawn in the node.
    pub fn symbol(self) -> String {
        match self {
            Op::Input(_) => String::new(),
            Op::Mul => "×".into(),
            Op::Add => "+".into(),
            Op::Scale(c) => format!("×{}", crate::numfmt::sig(c, 3)),
            Op::Exp => "exp".into(),
            Op::AddConst(c) => format!("+{}", crate::numfmt::sig(c, 3)),
            Op::Recip => "/".into(),
        }
    }

    /// The i18n key of the backward rule this node uses (`bp.rule.*`).
    pub fn rule_key(self) -> &'static str {
        match self {
            Op::Input(_) => "bp.rule.input",
            Op::Mul => "bp.rule.mul",
            Op::Add => "bp.rule.add",
            Op::Scale(_) => "bp.rule.scale",
            Op::Exp => "bp.rule.exp",
            Op::AddConst(_) => "bp.rule.addconst",
            Op::Recip => "bp.rule.recip",
        }
    }
}

/// One node. `name` is the book's variable for its value (apple, apple_price …); `col`, `row` place it on a grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub name: &'static str,
    pub op: Op,
    pub inputs: Vec<usize>,
    pub col: f64,
    pub row: f64,
}

/// A graph with every value (forward) and every gradient ∂L/∂value (backward) worked out.
/// Nodes are in topological order; the last node is the output, whose gradient is `dout`.
#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    /// The name of the output (on its outgoing edge): "price", "y".
    pub output: &'static str,
    pub value: Vec<f64>,
    pub grad: Vec<f64>,
}

/// The examples, by URL key.
pub const GRAPHS: [&str; 3] = ["apple", "fruit", "sigmoid"];

fn leaf(name: &'static str, v: f64, col: f64, row: f64) -> Node {
    Node {
        name,
        op: Op::Input(v),
        inputs: vec![],
        col,
        row,
    }
}

fn op(name: &'static str, op: Op, inputs: &[usize], col: f64, row: f64) -> Node {
    Node {
        name,
        op,
        inputs: inputs.to_vec(),
        col,
        row,
    }
}

impl Graph {
    /// Figure 5-3 / 5-15: 2 apples at 100 each, tax 1.1.
    pub fn apple() -> Graph {
        let nodes = vec![
            leaf("apple", 100.0, 0.0, 0.0),
            leaf("apple_num", 2.0, 0.0, 1.0),
            op("apple_price", Op::Mul, &[0, 1], 1.0, 0.5),
            leaf("tax", 1.1, 1.0, 1.5),
            op("price", Op::Mul, &[2, 3], 2.0, 1.0),
        ];
        Graph::new(nodes, "price", 1.0)
    }

    /// Figure 5-17: 2 apples at 100 and 3 oranges at 150, tax 1.1.
    pub fn fruit() -> Graph {
        let nodes = vec![
            leaf("apple", 100.0, 0.0, 0.0),
            leaf("apple_num", 2.0, 0.0, 1.0),
            leaf("orange", 150.0, 0.0, 2.0),
            leaf("orange_num", 3.0, 0.0, 3.0),
            op("apple_price", Op::Mul, &[0, 1], 1.0, 0.5),
            op("orange_price", Op::Mul, &[2, 3], 1.0, 2.5),
            op("all_price", Op::Add, &[4, 5], 2.0, 1.5),
            leaf("tax", 1.1, 2.0, 3.0),
            op("price", Op::Mul, &[6, 7], 3.0, 2.0),
        ];
        Graph::new(nodes, "price", 1.0)
    }

    /// Figure 5-19 / 5-20: y = 1/(1 + exp(−x)) as ×(−1), exp, +1, ÷ nodes; backward from ∂L/∂y = `dout`.
    pub fn sigmoid(x: f64, dout: f64) -> Graph {
        let nodes = vec![
            leaf("x", x, 0.0, 0.0),
            op("−x", Op::Scale(-1.0), &[0], 1.0, 0.0),
            op("exp(−x)", Op::Exp, &[1], 2.0, 0.0),
            op("1 + exp(−x)", Op::AddConst(1.0), &[2], 3.0, 0.0),
            op("y", Op::Recip, &[3], 4.0, 0.0),
        ];
        Graph::new(nodes, "y", dout)
    }

    /// The example named `key` (one of `GRAPHS`; anything else is the apple), with the sigmoid's x.
    pub fn by_key(key: &str, sigmoid_x: f64) -> Graph {
        match key {
            "fruit" => Graph::fruit(),
            "sigmoid" => Graph::sigmoid(sigmoid_x, 1.0),
            _ => Graph::apple(),
        }
    }

    /// Run the whole forward pass, then the whole backward pass from `dout` at the output.
    pub fn new(nodes: Vec<Node>, output: &'static str, dout: f64) -> Graph {
        let n = nodes.len();
        let mut value = vec![0.0; n];
        for (i, node) in nodes.iter().enumerate() {
            let x = |k: usize| value[node.inputs[k]];
            value[i] = match node.op {
                Op::Input(v) => v,
                Op::Mul => x(0) * x(1),
                Op::Add => x(0) + x(1),
                Op::Scale(c) => c * x(0),
                Op::Exp => x(0).exp(),
                Op::AddConst(c) => x(0) + c,
                Op::Recip => 1.0 / x(0),
            };
        }
        let mut grad = vec![0.0; n];
        grad[n - 1] = dout;
        for i in (0..n).rev() {
            let node = &nodes[i];
            for (k, d) in local_grads(node, &value, i).into_iter().enumerate() {
                // += : a value used by two nodes collects both gradients (none of the book's examples does).
                grad[node.inputs[k]] += grad[i] * d;
            }
        }
        Graph {
            nodes,
            output,
            value,
            grad,
        }
    }

    /// The operation nodes in forward order (the steps of the stepper).
    pub fn ops(&self) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| !matches!(self.nodes[i].op, Op::Input(_)))
            .collect()
    }

    /// Forward steps + backward steps.
    pub fn step_count(&self) -> usize {
        2 * self.ops().len()
    }

    /// What the stepper has revealed after `step` steps (0 = nothing computed yet).
    pub fn at(&self, step: usize) -> StepView {
        let ops = self.ops();
        let f = ops.len();
        let step = step.min(2 * f);
        let is_leaf = |i: usize| matches!(self.nodes[i].op, Op::Input(_));
        // Forward: leaves are known from the start; op node ops[k] is known after step k + 1.
        let known: Vec<bool> = (0..self.nodes.len())
            .map(|i| is_leaf(i) || ops.iter().position(|&o| o == i).is_some_and(|k| k < step))
            .collect();
        // Backward: the output's gradient is known when the backward pass starts; step f + k + 1 runs the
        // node ops[f − 1 − k] and reveals the gradients of its inputs.
        let back_done = step.saturating_sub(f);
        let mut has_grad = vec![false; self.nodes.len()];
        if step >= f {
            has_grad[self.nodes.len() - 1] = true;
        }
        for k in 0..back_done {
            for &j in &self.nodes[ops[f - 1 - k]].inputs {
                has_grad[j] = true;
            }
        }
        let current = match step {
            0 => None,
            s if s <= f => Some((ops[s - 1], Phase::Forward)),
            s => Some((ops[f - 1 - (s - f - 1)], Phase::Backward)),
        };
        StepView {
            step,
            known,
            has_grad,
            current,
        }
    }
}

/// ∂(node's output)/∂(each input), at the forward values.
fn local_grads(node: &Node, value: &[f64], i: usize) -> Vec<f64> {
    let x = |k: usize| value[node.inputs[k]];
    match node.op {
        Op::Input(_) => vec![],
        // The multiply node swaps its inputs: ∂(xy)/∂x = y, ∂(xy)/∂y = x.
        Op::Mul => vec![x(1), x(0)],
        // The add node passes the gradient through unchanged.
        Op::Add => vec![1.0, 1.0],
        Op::Scale(c) => vec![c],
        // ∂exp(x)/∂x = exp(x): the node's own output.
        Op::Exp => vec![value[i]],
        Op::AddConst(_) => vec![1.0],
        // ∂(1/x)/∂x = −1/x² = −y².
        Op::Recip => vec![-value[i] * value[i]],
    }
}

/// Forward or backward.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Forward,
    Backward,
}

/// The stepper's state: which values and gradients are shown, and the node that the last step ran.
#[derive(Clone, Debug, PartialEq)]
pub struct StepView {
    pub step: usize,
    pub known: Vec<bool>,
    pub has_grad: Vec<bool>,
    pub current: Option<(usize, Phase)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    fn by_name(g: &Graph, name: &str) -> usize {
        g.nodes.iter().position(|n| n.name == name).unwrap()
    }

    #[test]
    fn apple_graph_gives_the_books_numbers() {
        let g = Graph::apple();
        let last = g.nodes.len() - 1;
        assert!(close(g.value[2], 200.0) && close(g.value[last], 220.0));
        // Book: dapple 2.2, dapple_num 110, dtax 200.
        assert!(close(g.grad[by_name(&g, "apple")], 2.2));
        assert!(close(g.grad[by_name(&g, "apple_num")], 110.0));
        assert!(close(g.grad[by_name(&g, "tax")], 200.0));
    }

    #[test]
    fn apple_and_orange_graph_gives_the_books_numbers() {
        let g = Graph::fruit();
        let last = g.nodes.len() - 1;
        // 100×2 = 200, 150×3 = 450, 200 + 450 = 650, 650 × 1.1 = 715.
        assert!(close(g.value[4], 200.0) && close(g.value[5], 450.0));
        assert!(close(g.value[6], 650.0) && close(g.value[last], 715.0));
        let want = [
            ("apple", 2.2),
            ("apple_num", 110.0),
            ("orange", 3.3),
            ("orange_num", 165.0),
            ("tax", 650.0),
        ];
        for (name, d) in want {
            let got = g.grad[by_name(&g, name)];
            assert!(close(got, d), "d{name} = {got}, want {d}");
        }
        // The add node passes 1.1 to both products.
        assert!(close(g.grad[4], 1.1) && close(g.grad[5], 1.1));
    }

    #[test]
    fn sigmoid_graph_backward_arrives_at_y_times_one_minus_y() {
        for x in [-3.0, -0.5, 0.0, 1.0, 4.0] {
            let dout = 0.7;
            let g = Graph::sigmoid(x, dout);
            let y = 1.0 / (1.0 + (-x).exp());
            assert!(close(g.value[4], y));
            // Each node's gradient, right to left (figure 5-20):
            let e = (-x).exp();
            assert!(close(g.grad[3], -dout / ((1.0 + e) * (1.0 + e))), "÷ node");
            assert!(close(g.grad[2], g.grad[3]), "+1 node passes it on");
            assert!(
                close(g.grad[1], g.grad[2] * e),
                "exp node multiplies by exp(−x)"
            );
            assert!(close(g.grad[0], dout * y * (1.0 - y)), "x: {}", g.grad[0]);
        }
    }

    #[test]
    fn the_stepper_reveals_values_then_gradients_one_node_at_a_time() {
        let g = Graph::fruit();
        let ops = g.ops();
        assert_eq!(ops, vec![4, 5, 6, 8]);
        assert_eq!(g.step_count(), 8);
        let s0 = g.at(0);
        assert!(s0.current.is_none() && !s0.known[4] && s0.known[0]);
        assert!(s0.has_grad.iter().all(|h| !h));
        let s2 = g.at(2);
        assert_eq!(s2.current, Some((5, Phase::Forward)));
        assert!(s2.known[5] && !s2.known[6]);
        // After the forward pass the output's gradient (dprice = 1) is there.
        let s4 = g.at(4);
        assert!(s4.known.iter().all(|&k| k) && s4.has_grad[8] && !s4.has_grad[6]);
        // The first backward step runs the last × node: the sum and the tax get gradients.
        let s5 = g.at(5);
        assert_eq!(s5.current, Some((8, Phase::Backward)));
        assert!(s5.has_grad[6] && s5.has_grad[7] && !s5.has_grad[4]);
        let s8 = g.at(8);
        assert_eq!(s8.current, Some((4, Phase::Backward)));
        assert!(s8.has_grad.iter().all(|&h| h));
        assert_eq!(g.at(99), s8, "past the end stays at the end");
    }
}
