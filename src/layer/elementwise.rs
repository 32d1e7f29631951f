//! Any activation as a layer: out = h(x), backward dx = dout · h'(x). Used for step and identity.
//!
//! The step function's h'(x) = 0 everywhere, so no gradient flows through it: the lab uses this to show why
//! the perceptron's step had to be replaced by a smooth activation before gradient descent could work.

use ndarray::{Array2, Zip};

use super::{reuse, Layer};
use crate::activation::Activation;

/// A layer for an arbitrary `Activation`, computed from `f` and `df` (keeps its input x).
#[derive(Clone, Debug)]
pub struct Elementwise {
    pub act: Activation,
    x: Array2<f32>,
    out: Array2<f32>,
    dx: Array2<f32>,
}

impl Elementwise {
    pub fn new(act: Activation) -> Elementwise {
        Elementwise {
            act,
            x: Array2::zeros((0, 0)),
            out: Array2::zeros((0, 0)),
            dx: Array2::zeros((0, 0)),
        }
    }
}

impl Layer for Elementwise {
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        reuse(&mut self.x, x.dim()).assign(x);
        self.infer(x)
    }

    fn infer(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        let act = self.act;
        let out = reuse(&mut self.out, x.dim());
        Zip::from(out).and(x).for_each(|o, &v| *o = act.f(v));
        &self.out
    }

    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        assert_eq!(
            self.x.dim(),
            dout.dim(),
            "Elementwise::backward before forward"
        );
        let act = self.act;
        let dx = reuse(&mut self.dx, dout.dim());
        Zip::from(dx)
            .and(dout)
            .and(&self.x)
            .for_each(|d, &g, &v| *d = g * act.df(v));
        &self.dx
    }

    fn name(&self) -> &'static str {
        match self.act {
            Activation::Step => "Step",
            Activation::Identity => "Identity",
            Activation::Sigmoid => "Sigmoid",
            Activation::Tanh => "Tanh",
            Activation::Relu => "Relu",
            Activation::LeakyRelu(_) => "LeakyRelu",
        }
    }
}
