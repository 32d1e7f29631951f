//! A multi-layer network (the book's `MultiLayerNetExtend`): [Affine → activation → (Dropout)] × hidden,
//! then Affine → output-with-loss. Forward: a⁽ˡ⁾ = z⁽ˡ⁻¹⁾·Wˡ + bˡ, z⁽ˡ⁾ = h(a⁽ˡ⁾). Backward: δ⁽ᴸ⁾ = (y − t)/N,
//! δ⁽ˡ⁻¹⁾ = h'(a⁽ˡ⁻¹⁾) ⊙ (δ⁽ˡ⁾·Wˡᵀ), ∂L/∂Wˡ = z⁽ˡ⁻¹⁾ᵀ·δ⁽ˡ⁾ (+ λWˡ with weight decay), ∂L/∂bˡ = Σₙ δ⁽ˡ⁾.
//!
//! Every method that takes user data returns `Result`: a batch of the wrong width or a `t` of the wrong shape
//! is an `err.shape` error, never a panic. `predict`, `loss` and `accuracy` run in evaluation mode
//! (dropout scales by 1 − ratio); `backprop`/`gradient` run in training mode (dropout masks), as in the book.

mod config;
mod params;

pub use config::{NetConfig, Output, MAX_HIDDEN_LAYERS, MAX_PARAMS, MAX_UNITS};
pub use params::Grads;

use ndarray::Array2;

use crate::activation::{sigmoid, softmax};
use crate::error::ensure;
use crate::layer::{
    ActivationLayer, Affine, Dropout, IdentityWithLoss, Layer, LossLayer, SigmoidWithLoss,
    SoftmaxWithLoss,
};
use crate::loss::argmax_rows;
use crate::rng::Rng;
use crate::Result;

/// The output layer with its loss.
#[derive(Clone, Debug)]
enum OutputLayer {
    Softmax(SoftmaxWithLoss),
    Sigmoid(SigmoidWithLoss),
    Identity(IdentityWithLoss),
}

impl OutputLayer {
    fn inner(&mut self) -> &mut dyn LossLayer {
        match self {
            OutputLayer::Softmax(l) => l,
            OutputLayer::Sigmoid(l) => l,
            OutputLayer::Identity(l) => l,
        }
    }
}

/// What one layer computed in the last `trace`: a = z_prev·W + b, z = h(a) (after dropout, if any),
/// and δ = ∂L/∂a. For the output layer z is y (softmax/sigmoid/identity of a) and δ = (y − t)/N.
#[derive(Clone, Debug)]
pub struct LayerTrace {
    pub a: Array2<f32>,
    pub z: Array2<f32>,
    pub delta: Array2<f32>,
}

/// A whole forward and backward pass, for the backprop inspector. `layers[l]` is layer l + 1 (W(l+1), b(l+1)).
#[derive(Clone, Debug)]
pub struct Trace {
    pub layers: Vec<LayerTrace>,
    pub loss: f32,
    pub grads: Grads,
}

/// A built network. Build one with `NetConfig::build`.
#[derive(Clone, Debug)]
pub struct Net {
    config: NetConfig,
    /// Affine layers 1..=L; `affines[l]` holds W(l+1), b(l+1).
    affines: Vec<Affine>,
    acts: Vec<ActivationLayer>,
    dropouts: Vec<Option<Dropout>>,
    out: OutputLayer,
    train: bool,
}

impl NetConfig {
    /// Validate and build: W drawn by `init` from `Rng::new(seed)` layer by layer, biases 0, and each dropout
    /// layer seeded from the same stream (so one seed fixes everything).
    pub fn build(&self) -> Result<Net> {
        self.validate()?;
        let mut rng = Rng::new(self.seed);
        let sizes = self.sizes();
        let affines: Vec<Affine> = sizes
            .windows(2)
            .map(|w| {
                Affine::new(
                    self.init.weights(w[0], w[1], &mut rng),
                    ndarray::Array1::zeros(w[1]),
                )
            })
            .collect();
        let acts = (0..self.hidden.len())
            .map(|l| ActivationLayer::new(self.activation_of(l)))
            .collect();
        let dropouts = (0..self.hidden.len())
            .map(|_| {
                let seed = rng.next_u64();
                (self.dropout > 0.0).then(|| Dropout::new(self.dropout, seed))
            })
            .collect();
        let out = match self.output_kind {
            Output::Softmax => OutputLayer::Softmax(SoftmaxWithLoss::default()),
            Output::Sigmoid => OutputLayer::Sigmoid(SigmoidWithLoss::default()),
            Output::Identity => OutputLayer::Identity(IdentityWithLoss::default()),
        };
        Ok(Net {
            config: self.clone(),
            affines,
            acts,
            dropouts,
            out,
            // Dropout layers start in training mode, so the network does too: the first `predict` then switches
            // them to evaluation. With `false` here a fresh network's first predictions used random masks (an
            // imported dropout network scored 0.81 instead of its 0.88; issue #12 item 7).
            train: true,
        })
    }
}

impl Net {
    pub fn config(&self) -> &NetConfig {
        &self.config
    }

    /// `[input, hidden…, output]`.
    pub fn sizes(&self) -> Vec<usize> {
        self.config.sizes()
    }

    /// The number of affine layers L (hidden layers + 1).
    pub fn depth(&self) -> usize {
        self.affines.len()
    }

    /// The affine layer l (1-based, as in W1), for diagrams and the inspector.
    pub fn affine(&self, l: usize) -> Option<&Affine> {
        l.checked_sub(1).and_then(|i| self.affines.get(i))
    }

    pub(crate) fn check_x(&self, x: &Array2<f32>) -> Result<()> {
        let (n, c) = x.dim();
        let want = format!("N×{}", self.config.input);
        ensure(
            n > 0 && c == self.config.input,
            "err.shape",
            ["x".to_string(), format!("{n}×{c}"), "input".into(), want],
        )
    }

    pub(crate) fn check_xt(&self, x: &Array2<f32>, t: &Array2<f32>) -> Result<()> {
        self.check_x(x)?;
        let want = format!("{}×{}", x.nrows(), self.config.output);
        let got = format!("{}×{}", t.nrows(), t.ncols());
        ensure(
            t.dim() == (x.nrows(), self.config.output),
            "err.shape",
            ["t".to_string(), got, "y".into(), want],
        )
    }

    fn set_mode(&mut self, train: bool) {
        if self.train != train {
            self.train = train;
            for d in self.dropouts.iter_mut().flatten() {
                d.set_train(train);
            }
        }
    }

    /// ½λΣₗ‖Wˡ‖², the weight-decay term of the loss (0 when λ = 0).
    fn decay_term(&self) -> f32 {
        decay_term(&self.affines, self.config.weight_decay)
    }

    /// y for a batch: softmax probabilities, sigmoid values, or the raw scores (identity), in evaluation mode.
    pub fn predict(&mut self, x: &Array2<f32>) -> Result<Array2<f32>> {
        self.check_x(x)?;
        self.set_mode(false);
        let kind = self.config.output_kind;
        let scores = self.forward_scores(x, None);
        Ok(match kind {
            Output::Softmax => softmax(scores.view()),
            Output::Sigmoid => scores.mapv(sigmoid),
            Output::Identity => scores.clone(),
        })
    }

    fn loss_unchecked(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> f32 {
        let Net {
            affines,
            acts,
            dropouts,
            out,
            ..
        } = self;
        let scores = forward_scores(affines, acts, dropouts, x, None);
        let loss = out.inner().forward(scores, t);
        loss + self.decay_term()
    }

    /// The output layer's input a⁽ᴸ⁾ (scores), a buffer of the last Affine layer.
    fn forward_scores(
        &mut self,
        x: &Array2<f32>,
        record: Option<&mut Vec<LayerTrace>>,
    ) -> &Array2<f32> {
        forward_scores(
            &mut self.affines,
            &mut self.acts,
            &mut self.dropouts,
            x,
            record,
        )
    }

    /// The loss for targets `t` (one-hot for softmax; 0/1 for sigmoid), mean over the batch, plus ½λΣ‖W‖².
    pub fn loss(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> Result<f32> {
        self.check_xt(x, t)?;
        self.set_mode(false);
        Ok(self.loss_unchecked(x, t))
    }

    /// The fraction of rows predicted right. Softmax/identity with K > 1: argmax y == argmax t (the book's);
    /// a single output unit: (y > ½) == (t > ½).
    pub fn accuracy(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> Result<f32> {
        self.check_xt(x, t)?;
        let y = self.predict(x)?;
        let right = if self.config.output == 1 {
            y.iter()
                .zip(t.iter())
                .filter(|(&y, &t)| (y > 0.5) == (t > 0.5))
                .count()
        } else {
            argmax_rows(y.view())
                .iter()
                .zip(argmax_rows(t.view()))
                .filter(|(a, b)| **a == *b)
                .count()
        };
        Ok(right as f32 / x.nrows() as f32)
    }

    /// Accuracy against label indices (class k; for one sigmoid unit, label 0 or 1).
    pub fn accuracy_labels(&mut self, x: &Array2<f32>, labels: &[usize]) -> Result<f32> {
        let classes = self.config.output.max(2);
        let mut t = crate::loss::one_hot(labels, classes)?;
        if self.config.output == 1 {
            t = t.slice(ndarray::s![.., 1..2]).to_owned();
        }
        self.accuracy(x, &t)
    }

    /// Backpropagation in training mode: fills every layer's dW and db (read them with `grad` or
    /// `params_and_grads_mut`) and returns the loss. This is what a training step calls.
    pub fn backprop(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> Result<f32> {
        self.check_xt(x, t)?;
        self.set_mode(true);
        Ok(self.forward_backward(x, t, None))
    }

    fn forward_backward(
        &mut self,
        x: &Array2<f32>,
        t: &Array2<f32>,
        mut record: Option<&mut Vec<LayerTrace>>,
    ) -> f32 {
        let lambda = self.config.weight_decay;
        let Net {
            affines,
            acts,
            dropouts,
            out,
            ..
        } = self;
        let scores = forward_scores(affines, acts, dropouts, x, record.as_deref_mut());
        let out = out.inner();
        let loss = out.forward(scores, t);
        // For the inspector: a⁽ᴸ⁾ and y before the buffers move on.
        let output_trace = record
            .is_some()
            .then(|| (scores.clone(), out.output().clone()));
        // δ of the output layer: (y − t)/N.
        let mut delta = out.backward(1.0);
        if let (Some(r), Some((a, z))) = (record.as_deref_mut(), output_trace) {
            r.push(LayerTrace {
                a,
                z,
                delta: delta.clone(),
            });
        }
        for l in (1..affines.len()).rev() {
            let dz = affines[l].backward(delta);
            let dz = match &mut dropouts[l - 1] {
                Some(d) => d.backward(dz),
                None => dz,
            };
            delta = acts[l - 1].backward(dz);
            if let Some(r) = record.as_deref_mut() {
                r[l - 1].delta = delta.clone();
            }
        }
        // The first layer's ∂L/∂x would be the gradient for the data itself: only dW1 and db1 are needed.
        // Its input is the batch x itself, which it did not copy (see `forward_scores`).
        affines[0].backward_params_with(x, delta);
        if lambda > 0.0 {
            for a in affines.iter_mut() {
                a.dW.scaled_add(lambda, &a.W);
            }
        }
        loss + decay_term(affines, lambda)
    }

    /// The gradient of the loss by backpropagation (training mode), as named arrays dW1, db1, … → "W1", "b1", ….
    pub fn gradient(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> Result<Grads> {
        let loss = self.backprop(x, t)?;
        Ok(self.grads(loss))
    }

    /// One forward and backward pass in evaluation mode (deterministic even with dropout), keeping a, z and δ
    /// of every layer and the gradients, for the backprop inspector.
    pub fn trace(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> Result<Trace> {
        self.check_xt(x, t)?;
        self.set_mode(false);
        let mut layers = Vec::with_capacity(self.affines.len());
        let loss = self.forward_backward(x, t, Some(&mut layers));
        Ok(Trace {
            layers,
            loss,
            grads: self.grads(loss),
        })
    }

    /// Which class each row is predicted to be (argmax of y; for one sigmoid unit, 1 when y > ½).
    pub fn classify(&mut self, x: &Array2<f32>) -> Result<Vec<usize>> {
        let y = self.predict(x)?;
        Ok(if self.config.output == 1 {
            y.iter().map(|&v| usize::from(v > 0.5)).collect()
        } else {
            argmax_rows(y.view())
        })
    }
}

/// The forward pass through [Affine → activation → (Dropout)] × hidden and the last Affine, each layer reading
/// the previous one's buffer. Returns the scores a⁽ᴸ⁾ and optionally records each hidden layer's a and z.
fn forward_scores<'a>(
    affines: &'a mut [Affine],
    acts: &'a mut [ActivationLayer],
    dropouts: &'a mut [Option<Dropout>],
    x: &Array2<f32>,
    mut record: Option<&mut Vec<LayerTrace>>,
) -> &'a Array2<f32> {
    let last = affines.len() - 1;
    let (hidden, output) = affines.split_at_mut(last);
    let mut z = x;
    for (l, ((affine, act), dropout)) in hidden.iter_mut().zip(acts).zip(dropouts).enumerate() {
        // Layer 1 reads the batch x, which the caller keeps: no copy of it (see `forward_backward`).
        let a = if l == 0 {
            affine.forward_keeping_nothing(z)
        } else {
            affine.forward(z)
        };
        let mut zl = act.forward(a);
        if let Some(d) = dropout {
            zl = d.forward(zl);
        }
        if let Some(r) = record.as_deref_mut() {
            r.push(LayerTrace {
                a: a.clone(),
                z: zl.clone(),
                delta: Array2::zeros((0, 0)),
            });
        }
        z = zl;
    }
    if last == 0 {
        output[0].forward_keeping_nothing(z)
    } else {
        output[0].forward(z)
    }
}

/// ½λΣₗ‖Wˡ‖² (0 when λ = 0), summed in f64.
fn decay_term(affines: &[Affine], lambda: f32) -> f32 {
    if lambda == 0.0 {
        return 0.0;
    }
    let sum: f64 = affines
        .iter()
        .flat_map(|a| a.W.iter())
        .map(|&w| (w as f64) * (w as f64))
        .sum();
    (0.5 * lambda as f64 * sum) as f32
}
