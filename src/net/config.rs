//! `NetConfig`: the shape of a multi-layer network (input → hidden… → output), checked before it is built.
//! Layer l computes a⁽ˡ⁾ = z⁽ˡ⁻¹⁾·Wˡ + bˡ and z⁽ˡ⁾ = h(a⁽ˡ⁾), with z⁽⁰⁾ = x; the last layer feeds `Output`.

use crate::activation::Activation;
use crate::error::ensure;
use crate::init::Init;
use crate::{Error, Result};

/// The most units in any one layer (input included): enough for MNIST's 784, small enough for a browser.
pub const MAX_UNITS: usize = 4096;
/// The most hidden layers.
pub const MAX_HIDDEN_LAYERS: usize = 16;
/// The most weights and biases in one network (80 MB of f32, plus as much again for gradients).
pub const MAX_PARAMS: usize = 20_000_000;

/// The output layer and the loss it is trained with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// Softmax probabilities with cross-entropy loss (classification; t is one-hot).
    Softmax,
    /// Sigmoid values with binary cross-entropy (two classes: one output unit, t ∈ {0, 1}).
    Sigmoid,
    /// The scores themselves with ½-sum-of-squares loss, averaged over the batch (regression).
    Identity,
}

impl Output {
    /// A stable key for URLs and i18n.
    pub fn key(self) -> &'static str {
        match self {
            Output::Softmax => "softmax",
            Output::Sigmoid => "sigmoid",
            Output::Identity => "identity",
        }
    }

    pub fn from_key(key: &str) -> Result<Output> {
        match key {
            "softmax" => Ok(Output::Softmax),
            "sigmoid" => Ok(Output::Sigmoid),
            "identity" => Ok(Output::Identity),
            _ => Err(Error::new("err.unknown", ["output", key])),
        }
    }
}

/// A network's settings. `Default` is the book's chapter 5 `TwoLayerNet`: 784-50-10, ReLU, softmax,
/// weight_init_std 0.01, no dropout, no weight decay (seed 42).
#[derive(Clone, Debug, PartialEq)]
pub struct NetConfig {
    /// Input size (784 for MNIST, 2 for the playground).
    pub input: usize,
    /// Hidden layer sizes, first to last. Empty is allowed: a single affine layer (logistic / softmax regression).
    pub hidden: Vec<usize>,
    /// One activation for every hidden layer, or one per hidden layer.
    pub activation: Vec<Activation>,
    pub output: usize,
    pub output_kind: Output,
    pub init: Init,
    /// Dropout ratio after each hidden activation, in [0, 1); 0 means no dropout layers.
    pub dropout: f32,
    /// BatchNormalization after each hidden Affine, before its activation (the book's
    /// `MultiLayerNetExtend(use_batchnorm=True)`; γ = 1, β = 0 to start).
    pub batchnorm: bool,
    /// L2 weight decay λ (the book's `weight_decay_lambda`): the loss gains ½λΣ‖Wˡ‖², each dW gains λW.
    pub weight_decay: f32,
    pub seed: u64,
}

impl Default for NetConfig {
    fn default() -> Self {
        NetConfig {
            input: 784,
            hidden: vec![50],
            activation: vec![Activation::Relu],
            output: 10,
            output_kind: Output::Softmax,
            init: Init::default(),
            dropout: 0.0,
            batchnorm: false,
            weight_decay: 0.0,
            seed: 42,
        }
    }
}

impl NetConfig {
    /// Layer sizes from input to output: `[input, hidden…, output]`.
    pub fn sizes(&self) -> Vec<usize> {
        let mut s = Vec::with_capacity(self.hidden.len() + 2);
        s.push(self.input);
        s.extend_from_slice(&self.hidden);
        s.push(self.output);
        s
    }

    /// The activation of hidden layer `l` (0-based); call after `validate`.
    pub fn activation_of(&self, l: usize) -> Activation {
        if self.activation.len() == 1 {
            self.activation[0]
        } else {
            self.activation[l]
        }
    }

    /// The number of weights and biases, Σ (nₗ₋₁·nₗ + nₗ), plus 2nₗ for γ and β of each hidden layer with
    /// batch norm.
    pub fn param_count(&self) -> usize {
        let wb: usize = self
            .sizes()
            .windows(2)
            .map(|w| w[0].saturating_mul(w[1]).saturating_add(w[1]))
            .sum();
        let gb: usize = if self.batchnorm {
            self.hidden.iter().map(|n| 2 * n).sum()
        } else {
            0
        };
        wb.saturating_add(gb)
    }

    /// Every check `build` makes, with a readable error for the first one that fails.
    pub fn validate(&self) -> Result<()> {
        ensure(
            self.hidden.len() <= MAX_HIDDEN_LAYERS,
            "err.too_many_layers",
            [self.hidden.len(), MAX_HIDDEN_LAYERS],
        )?;
        let hidden = self
            .hidden
            .iter()
            .enumerate()
            .map(|(i, &n)| (format!("hidden[{}]", i + 1), n));
        let named = [
            ("input".to_string(), self.input),
            ("output".to_string(), self.output),
        ];
        for (name, n) in named.into_iter().chain(hidden) {
            ensure(n >= 1, "err.min", [name.clone(), "1".into(), n.to_string()])?;
            ensure(
                n <= MAX_UNITS,
                "err.too_big",
                [name, n.to_string(), MAX_UNITS.to_string()],
            )?;
        }
        let count = self.param_count();
        ensure(
            count <= MAX_PARAMS,
            "err.too_many_params",
            [count, MAX_PARAMS],
        )?;
        if !self.hidden.is_empty() {
            let n = self.activation.len();
            ensure(
                n == 1 || n == self.hidden.len(),
                "err.activation_count",
                [n, self.hidden.len()],
            )?;
        }
        for act in &self.activation {
            if let Activation::LeakyRelu(a) = act {
                ensure(a.is_finite(), "err.finite", ["a", &a.to_string()])?;
            }
        }
        self.init.validate()?;
        let d = self.dropout;
        ensure(
            d.is_finite() && (0.0..1.0).contains(&d),
            "err.range_open",
            ["dropout_ratio", "0", "1", &d.to_string()],
        )?;
        let wd = self.weight_decay;
        ensure(
            wd.is_finite() && wd >= 0.0,
            "err.nonnegative",
            ["weight_decay_lambda", &wd.to_string()],
        )?;
        Ok(())
    }
}
