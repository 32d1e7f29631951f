//! Any activation as a layer: out = h(x), backward dx = dout · h'(x). Used for step and identity.
//!
//! The step function's h'(x) = 0 everywhere, so no gradient flows through it: the lab uses this to show why
//! the perceptron's step had to be replaced by a smooth activation before gradient descent could work.

use ndarray::{Array2, Zip};

use super::Layer;
use crate::activation::Activation;

/// A layer for an arbitrary `Activation`, computed from `f` and `df` (keeps its input x).
#[derive(Clone, Debug)]
pub struct Elementwise {
    pub act: Activation,
    x: Option<Array2<f32>>,
}

impl Elementwise {
    pub fn new(act: Activation) -> Elementwise {
        Elementwise { act, x: None }
    }
}

impl Layer for Elementwise {
    fn forward(&mut self, x: &Array2<f32>) -> Array2<f32> {
        self.x = Some(x.clone());
        self.act.apply(x)
    }

    fn backward(&mut self, dout: &Array2<f32>) -> Array2<f32> {
        let x = self
            .x
            .as_ref()
            .expect("Elementwise::backward before forward");
        let act = self.act;
        let mut dx = dout.clone();
        Zip::from(&mut dx).and(x).for_each(|d, &v| *d *= act.df(v));
        dx
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
