//! A network as the book builds one: an ordered list of layers (its `OrderedDict`: Affine, activations,
//! Convolution, Pooling, BatchNormalization, Dropout) ending in an output layer with its loss. The MLP of `NetConfig` (the book's
//! `MultiLayerNetExtend`: [Affine → (BatchNorm) → activation → (Dropout)] × hidden, then Affine), `SimpleConvNet` (ch7) and
//! `DeepConvNet` (ch8) are all a `Net`, so one Trainer, one optimizer interface, one naming (W1, b1, … in the
//! order of the parametrised layers) and one weight import/export serve them all.
//! Forward: z⁽⁰⁾ = x, z⁽ⁱ⁾ = layerᵢ(z⁽ⁱ⁻¹⁾); backward: δ = (y − t)/N from the loss layer, then each layer's
//! backward in reverse (∂L/∂W = z⁽ˡ⁻¹⁾ᵀ·δ⁽ˡ⁾ (+ λW with weight decay) for Affine, via im2col for Convolution).
//!
//! Every method that takes user data returns `Result`: a batch of the wrong width or a `t` of the wrong shape
//! is an `err.shape` error, never a panic. `predict`, `loss` and `accuracy` run in evaluation mode
//! (dropout scales by 1 − ratio; batch norm uses its running mean and variance); `backprop`/`gradient` run in training mode (dropout masks), as in the book.

mod config;
mod conv_config;
mod deep_conv;
mod infer;
mod layers;
mod params;
mod tensors;

pub use config::{NetConfig, Output, MAX_HIDDEN_LAYERS, MAX_PARAMS, MAX_UNITS};
pub use conv_config::{
    ConvNetConfig, ConvNetSizes, MAX_FILTERS, MAX_FILTER_SIZE, MAX_INPUT_SIDE, MAX_PAD, POOL,
};
pub use deep_conv::{DeepConvNetConfig, CONVS, FILTER};
pub use layers::NetLayer;
pub use params::Grads;
pub use tensors::cnn_from_tensors;

use ndarray::{Array2, ArrayBase, Data, Ix2};

use crate::activation::{sigmoid, softmax};
use crate::error::ensure;
use crate::layer::{
    ActivationLayer, Affine, BatchNormalization, Dropout, IdentityWithLoss, Layer, LossLayer,
    SigmoidWithLoss, SoftmaxWithLoss,
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
    fn new(kind: Output) -> OutputLayer {
        match kind {
            Output::Softmax => OutputLayer::Softmax(SoftmaxWithLoss::default()),
            Output::Sigmoid => OutputLayer::Sigmoid(SigmoidWithLoss::default()),
            Output::Identity => OutputLayer::Identity(IdentityWithLoss::default()),
        }
    }

    fn inner(&mut self) -> &mut dyn LossLayer {
        match self {
            OutputLayer::Softmax(l) => l,
            OutputLayer::Sigmoid(l) => l,
            OutputLayer::Identity(l) => l,
        }
    }
}

/// What one parametrised layer computed in the last `trace`: a = its output (z_prev·W + b for Affine),
/// z = the output of the layers after it up to the next parametrised layer (h(a), after dropout if any), and
/// δ = ∂L/∂a. For the last one z is y (softmax/sigmoid/identity) and δ = (y − t)/N when it feeds the loss.
#[derive(Clone, Debug)]
pub struct LayerTrace {
    pub a: Array2<f32>,
    pub z: Array2<f32>,
    pub delta: Array2<f32>,
}

/// A whole forward and backward pass, for the backprop inspector. `layers[l]` is the parametrised layer l + 1
/// (W(l+1), b(l+1)).
#[derive(Clone, Debug)]
pub struct Trace {
    pub layers: Vec<LayerTrace>,
    pub loss: f32,
    pub grads: Grads,
}

/// Which kind of network a `Net` is, with the settings of its convolutional part.
#[derive(Clone, Debug, PartialEq)]
pub enum Arch {
    /// A multi-layer perceptron: `Net::config` describes all of it.
    Mlp,
    /// The book's `SimpleConvNet` (ch7).
    SimpleConv(ConvNetConfig),
    /// The book's `DeepConvNet` (ch8).
    DeepConv(DeepConvNetConfig),
}

/// A built network. Build one with `NetConfig::build`, `ConvNetConfig::build` or `DeepConvNetConfig::build`.
#[derive(Clone, Debug)]
pub struct Net {
    /// For an MLP, its whole description. For a CNN, what it shares with one: the input width (C·H·W), the
    /// hidden Affine sizes after the convolutional part, the output and its loss, init, dropout, weight
    /// decay and seed (`arch` holds the rest).
    config: NetConfig,
    arch: Arch,
    layers: Vec<NetLayer>,
    out: OutputLayer,
    train: bool,
    /// y of the last `count_right`, kept so that an evaluation allocates nothing.
    eval_y: Array2<f32>,
}

/// What `forward_backward` keeps for `trace`: every layer's output, and ∂L/∂(input) of layers 1.. (index i is
/// the gradient entering layer i's input; index 0 stays empty).
#[derive(Default)]
struct Recording {
    outs: Vec<Array2<f32>>,
    dins: Vec<Array2<f32>>,
    y: Array2<f32>,
    dscores: Array2<f32>,
}

impl NetConfig {
    /// Validate and build: W drawn by `init` from `Rng::new(seed)` layer by layer, biases 0, and each dropout
    /// layer seeded from the same stream (so one seed fixes everything).
    pub fn build(&self) -> Result<Net> {
        self.validate()?;
        let mut rng = Rng::new(self.seed);
        let sizes = self.sizes();
        let mut affines: Vec<Affine> = sizes
            .windows(2)
            .map(|w| {
                Affine::new(
                    self.init.weights(w[0], w[1], &mut rng),
                    ndarray::Array1::zeros(w[1]),
                )
            })
            .collect();
        let last = affines.pop().expect("at least one affine layer");
        // Dropout seeds follow every weight in the stream, as they always have (same seed, same net).
        let dropout_seeds: Vec<u64> = (0..self.hidden.len()).map(|_| rng.next_u64()).collect();
        let mut layers = Vec::with_capacity(4 * self.hidden.len() + 1);
        for (l, (affine, seed)) in affines.into_iter().zip(dropout_seeds).enumerate() {
            let width = affine.W.ncols();
            layers.push(NetLayer::Affine(affine));
            if self.batchnorm {
                layers.push(NetLayer::BatchNorm(BatchNormalization::new(width)));
            }
            layers.push(NetLayer::Activation(ActivationLayer::new(
                self.activation_of(l),
            )));
            if self.dropout > 0.0 {
                layers.push(NetLayer::Dropout(Dropout::new(self.dropout, seed)));
            }
        }
        layers.push(NetLayer::Affine(last));
        Ok(Net::from_layers(self.clone(), Arch::Mlp, layers))
    }
}

impl Net {
    /// A network from its layers in order (the output layer is `config.output_kind`). The builders check
    /// that the widths chain; `Net` trusts them.
    pub(crate) fn from_layers(config: NetConfig, arch: Arch, layers: Vec<NetLayer>) -> Net {
        let out = OutputLayer::new(config.output_kind);
        let mut net = Net {
            config,
            arch,
            layers,
            out,
            train: true,
            eval_y: Array2::zeros((0, 0)),
        };
        net.set_mode(false);
        net
    }

    /// For an MLP its whole description; for a CNN the part it shares with one (see `arch`).
    pub fn config(&self) -> &NetConfig {
        &self.config
    }

    /// Which kind of network this is, with the settings of a CNN's convolutional part.
    pub fn arch(&self) -> &Arch {
        &self.arch
    }

    /// The layers in order, the output layer excepted.
    pub fn layers(&self) -> &[NetLayer] {
        &self.layers
    }

    /// The input width followed by each parametrised layer's output width: `[input, hidden…, output]` for an
    /// MLP, `[784, 30·24·24, 100, 10]` for SimpleConvNet.
    pub fn sizes(&self) -> Vec<usize> {
        let mut s = vec![self.config.input];
        s.extend(self.layers.iter().filter_map(|l| match l {
            NetLayer::Affine(a) => Some(a.W.ncols()),
            NetLayer::Convolution(c) => Some(c.out_len()),
            _ => None,
        }));
        s
    }

    /// The number of parametrised layers (Affine and Convolution): L, with parameters W1, b1 … WL, bL.
    pub fn depth(&self) -> usize {
        self.layers.iter().filter(|l| l.has_params()).count()
    }

    /// The parametrised layer l (1-based, as in W1), if it is an Affine layer.
    pub fn affine(&self, l: usize) -> Option<&Affine> {
        self.param_layer(l).and_then(NetLayer::affine)
    }

    /// The parametrised layer l (1-based, as in W1).
    pub fn param_layer(&self, l: usize) -> Option<&NetLayer> {
        let i = l.checked_sub(1)?;
        self.layers.iter().filter(|l| l.has_params()).nth(i)
    }

    /// How many rows to evaluate at once so that no layer's buffers pass about 16 MB (at most 1,000, the MLP's
    /// chunk; about 200 for SimpleConvNet, whose convolution keeps 30·24·24 outputs and 24·24 patches a row).
    pub fn eval_rows(&self) -> usize {
        let widest = self
            .layers
            .iter()
            .map(|l| match l {
                NetLayer::Convolution(c) => {
                    c.out_len() + c.shape().positions() * c.shape().patch_len()
                }
                NetLayer::Affine(a) => a.W.ncols(),
                NetLayer::Pooling(p) => p.out_len(),
                _ => 0,
            })
            .max()
            .unwrap_or(1)
            .max(1);
        (4_000_000 / widest).clamp(1, 1000)
    }

    pub(crate) fn check_x<S: Data<Elem = f32>>(&self, x: &ArrayBase<S, Ix2>) -> Result<()> {
        let (n, c) = x.dim();
        let want = format!("N×{}", self.config.input);
        ensure(
            n > 0 && c == self.config.input,
            "err.shape",
            ["x".to_string(), format!("{n}×{c}"), "input".into(), want],
        )
    }

    pub(crate) fn check_xt<S: Data<Elem = f32>, T: Data<Elem = f32>>(
        &self,
        x: &ArrayBase<S, Ix2>,
        t: &ArrayBase<T, Ix2>,
    ) -> Result<()> {
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
            for l in &mut self.layers {
                l.set_train(train);
            }
        }
    }

    /// ½λΣₗ‖Wˡ‖², the weight-decay term of the loss (0 when λ = 0).
    fn decay_term(&self) -> f32 {
        decay_term(&self.layers, self.config.weight_decay)
    }

    /// y for a batch: softmax probabilities, sigmoid values, or the raw scores (identity), in evaluation mode
    /// (the inference path of `infer.rs`).
    pub fn predict(&mut self, x: &Array2<f32>) -> Result<Array2<f32>> {
        let kind = self.config.output_kind;
        Ok(apply_output(kind, self.infer_scores(x.view())?))
    }

    /// y from the last layer's scores: softmax, sigmoid or identity, as `predict` gives it (for a caller that
    /// has the scores from `forward_all`).
    pub fn output_of(&self, scores: &Array2<f32>) -> Array2<f32> {
        apply_output(self.config.output_kind, scores)
    }

    /// Every layer's output for a batch, in evaluation mode (the book's layers one by one; candle's
    /// `forward_all`): what feature-map and activation views draw. Entry i is layer i's output (N × width).
    pub fn forward_all(&mut self, x: &Array2<f32>) -> Result<Vec<Array2<f32>>> {
        self.check_x(x)?;
        self.set_mode(false);
        let mut rec = Recording::default();
        forward_scores(&mut self.layers, x, Some(&mut rec));
        Ok(rec.outs)
    }

    /// `forward_all` in training mode: batch norm normalizes with the batch's own mean and variance (and moves
    /// its running statistics), dropout draws masks. What a freshly built network's activations look like while
    /// it learns.
    pub fn forward_all_train(&mut self, x: &Array2<f32>) -> Result<Vec<Array2<f32>>> {
        self.check_x(x)?;
        self.set_mode(true);
        let mut rec = Recording::default();
        forward_scores(&mut self.layers, x, Some(&mut rec));
        Ok(rec.outs)
    }

    fn loss_unchecked(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> f32 {
        let scores = forward_scores(&mut self.layers, x, None);
        let loss = self.out.inner().forward(scores, t);
        loss + self.decay_term()
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
        let right = self.count_right(x.view(), t.view())?;
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
        mut record: Option<&mut Recording>,
    ) -> f32 {
        let lambda = self.config.weight_decay;
        let Net { layers, out, .. } = self;
        let scores = forward_scores(layers, x, record.as_deref_mut());
        let out = out.inner();
        let loss = out.forward(scores, t);
        if let Some(r) = record.as_deref_mut() {
            r.y = out.output().clone();
        }
        // δ of the output layer: (y − t)/N.
        let mut delta = out.backward(1.0);
        if let Some(r) = record.as_deref_mut() {
            r.dscores = delta.clone();
            r.dins = vec![Array2::zeros((0, 0)); layers.len()];
        }
        let (first, rest) = layers.split_first_mut().expect("a net has layers");
        for (i, layer) in rest.iter_mut().enumerate().rev() {
            delta = layer.backward(delta);
            if let Some(r) = record.as_deref_mut() {
                r.dins[i + 1] = delta.clone();
            }
        }
        // The first layer's ∂L/∂x would be the gradient for the data itself: only dW1 and db1 are needed.
        // An Affine there did not copy its input, the batch x (see `forward_scores`).
        first.backward_first(x, delta);
        if lambda > 0.0 {
            for l in layers.iter_mut() {
                l.add_decay(lambda);
            }
        }
        loss + decay_term(layers, lambda)
    }

    /// The gradient of the loss by backpropagation (training mode), as named arrays dW1, db1, … → "W1", "b1", ….
    pub fn gradient(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> Result<Grads> {
        let loss = self.backprop(x, t)?;
        Ok(self.grads(loss))
    }

    /// One forward and backward pass in evaluation mode (deterministic even with dropout), keeping a, z and δ
    /// of every parametrised layer and the gradients, for the backprop inspector.
    pub fn trace(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> Result<Trace> {
        self.check_xt(x, t)?;
        self.set_mode(false);
        let mut rec = Recording::default();
        let loss = self.forward_backward(x, t, Some(&mut rec));
        let at: Vec<usize> = (0..self.layers.len())
            .filter(|&i| self.layers[i].has_params())
            .collect();
        let n = self.layers.len();
        let layers = at
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let end = at.get(k + 1).map_or(n, |&next| next);
                let z = if end == n {
                    rec.y.clone()
                } else {
                    rec.outs[end - 1].clone()
                };
                let delta = if i + 1 == n {
                    rec.dscores.clone()
                } else {
                    rec.dins[i + 1].clone()
                };
                LayerTrace {
                    a: rec.outs[i].clone(),
                    z,
                    delta,
                }
            })
            .collect();
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

/// The forward pass through every layer, each reading the previous one's buffer. Returns the scores (the
/// last layer's output) and, when recording, keeps a copy of every layer's output.
/// y from scores: softmax, sigmoid or identity.
fn apply_output(kind: Output, scores: &Array2<f32>) -> Array2<f32> {
    match kind {
        Output::Softmax => softmax(scores.view()),
        Output::Sigmoid => scores.mapv(sigmoid),
        Output::Identity => scores.clone(),
    }
}

fn forward_scores<'a>(
    layers: &'a mut [NetLayer],
    x: &'a Array2<f32>,
    mut record: Option<&mut Recording>,
) -> &'a Array2<f32> {
    let mut z = x;
    for (i, layer) in layers.iter_mut().enumerate() {
        // Layer 1 reads the batch x, which the caller keeps: an Affine there does not copy it.
        z = if i == 0 {
            layer.forward_first(z)
        } else {
            layer.forward(z)
        };
        if let Some(r) = record.as_deref_mut() {
            r.outs.push(z.clone());
        }
    }
    z
}

/// ½λΣₗ‖Wˡ‖² (0 when λ = 0), summed in f64.
fn decay_term(layers: &[NetLayer], lambda: f32) -> f32 {
    if lambda == 0.0 {
        return 0.0;
    }
    let sum: f64 = layers
        .iter()
        .filter_map(NetLayer::weight)
        .flatten()
        .map(|&w| (w as f64) * (w as f64))
        .sum();
    (0.5 * lambda as f64 * sum) as f32
}
