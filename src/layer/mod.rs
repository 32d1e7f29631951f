//! Layers as in the book's chapters 5 and 7 (Convolution, Pooling, im2col): each layer's `forward(x)` keeps what its `backward(dout)` needs, and
//! `backward` returns ∂L/∂x = (∂L/∂out)·(∂out/∂x), the chain rule one node at a time.
//!
//! Hidden layers share the `Layer` trait. The output layers fuse the last activation with its loss
//! (`SoftmaxWithLoss`, `SigmoidWithLoss`, `IdentityWithLoss`), so their gradient is the simple (y − t)/N;
//! they implement `LossLayer`: `forward(x, t) -> loss` and `backward(dout = 1) -> ∂L/∂x`.
//! Layers trust their inputs' shapes (a mismatch is a programming error and panics); `Net` checks user data.
//!
//! `forward` and `backward` return a reference to a buffer the layer owns and reuses from one mini-batch to the
//! next (it grows only when a batch is larger than any before), so a training step allocates nothing. `infer`
//! is `forward` for evaluation: it keeps nothing that only `backward` would read.

mod affine;
mod batch_norm;
mod conv;
mod conv_im2col;
mod conv_shape;
mod dropout;
mod elementwise;
mod identity_with_loss;
mod leaky_relu;
mod pool;
mod relu;
mod sigmoid;
mod sigmoid_with_loss;
mod softmax_with_loss;
mod tanh;

pub use affine::Affine;
pub use batch_norm::{BatchNormalization, BN_EPS, BN_MOMENTUM};
pub use conv::Convolution;
pub use conv_im2col::{col2im, im2col};
pub use conv_shape::{conv_output_size, ConvShape, MAX_SIDE};
pub use dropout::Dropout;
pub use elementwise::Elementwise;
pub use identity_with_loss::IdentityWithLoss;
pub use leaky_relu::LeakyRelu;
pub use pool::Pooling;
pub use relu::Relu;
pub use sigmoid::Sigmoid;
pub use sigmoid_with_loss::SigmoidWithLoss;
pub use softmax_with_loss::SoftmaxWithLoss;
pub use tanh::Tanh;

use ndarray::Array2;

use crate::activation::Activation;

/// `buf` with the shape `dim`, in the memory it already has whenever that is large enough. Its contents are
/// unspecified (callers overwrite them). A network switches between the training batch (100 rows) and the
/// epoch-end evaluation's chunks (up to 1,000), so each buffer keeps the largest size it has seen instead of
/// being freed and allocated again at every switch (issue #17): after the first epoch end nothing is allocated.
pub(crate) fn reuse<T: Clone + Default>(
    buf: &mut Array2<T>,
    dim: (usize, usize),
) -> &mut Array2<T> {
    if buf.dim() != dim {
        let len = dim.0 * dim.1;
        let (mut v, offset) = std::mem::take(buf).into_raw_vec_and_offset();
        // Our buffers are built here, in standard layout from offset 0; anything else starts afresh.
        if offset.unwrap_or(0) != 0 || v.capacity() < len {
            v = Vec::with_capacity(len);
        }
        v.resize(len, T::default());
        *buf = Array2::from_shape_vec(dim, v).expect("len = rows × cols");
    }
    buf
}

/// dx = dout·(y − t)/N into `dx`: the gradient of every fused output layer (softmax with cross-entropy,
/// sigmoid with binary cross-entropy, identity with SSE), where the activation's derivative cancels.
pub(crate) fn y_minus_t_over_n<'a>(
    y: &Array2<f32>,
    t: &Array2<f32>,
    dout: f32,
    dx: &'a mut Array2<f32>,
) -> &'a Array2<f32> {
    let scale = dout / y.nrows().max(1) as f32;
    ndarray::Zip::from(reuse(dx, y.dim()))
        .and(y)
        .and(t)
        .for_each(|d, &y, &t| *d = (y - t) * scale);
    dx
}

/// A layer in the middle of a network: x (N × in) → out (N × out), and back.
pub trait Layer {
    /// The layer's output for the mini-batch `x` (one sample per row); remembers what `backward` needs.
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32>;
    /// ∂L/∂x from ∂L/∂out for the last `forward`. Call `forward` first.
    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32>;
    /// The output for `x` in evaluation mode, keeping nothing only `backward` reads (an evaluation never goes
    /// back): the same numbers as `forward` in evaluation mode. By default `forward`, for layers that keep
    /// nothing beyond their output.
    fn infer(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        self.forward(x)
    }
    /// Train or evaluation mode; only `Dropout` and `BatchNormalization` behave differently.
    fn set_train(&mut self, _train: bool) {}
    /// A short name for diagrams and the backprop inspector ("Affine", "Relu", …).
    fn name(&self) -> &'static str;
}

/// An output layer fused with its loss, as the book's `SoftmaxWithLoss`.
pub trait LossLayer {
    /// The mean loss over the mini-batch for scores `x` (N × K) and targets `t` (N × K).
    fn forward(&mut self, x: &Array2<f32>, t: &Array2<f32>) -> f32;
    /// ∂L/∂x for the last `forward`, scaled by `dout` (1 when this is the end of the graph).
    fn backward(&mut self, dout: f32) -> &Array2<f32>;
    /// y, the output activation of the last `forward` (softmax probabilities, sigmoid values, or x itself).
    fn output(&self) -> &Array2<f32>;
}

/// The layer for a hidden activation h: the dedicated layer where there is one, `Elementwise` otherwise.
/// An enum rather than `Box<dyn Layer>` so that a whole `Net` can be cloned (snapshots, comparisons).
#[derive(Clone, Debug)]
pub enum ActivationLayer {
    Relu(Relu),
    Sigmoid(Sigmoid),
    Tanh(Tanh),
    LeakyRelu(LeakyRelu),
    Other(Elementwise),
}

impl ActivationLayer {
    pub fn new(act: Activation) -> ActivationLayer {
        match act {
            Activation::Relu => ActivationLayer::Relu(Relu::default()),
            Activation::Sigmoid => ActivationLayer::Sigmoid(Sigmoid::default()),
            Activation::Tanh => ActivationLayer::Tanh(Tanh::default()),
            Activation::LeakyRelu(a) => ActivationLayer::LeakyRelu(LeakyRelu::new(a)),
            Activation::Step | Activation::Identity => {
                ActivationLayer::Other(Elementwise::new(act))
            }
        }
    }

    fn inner(&mut self) -> &mut dyn Layer {
        match self {
            ActivationLayer::Relu(l) => l,
            ActivationLayer::Sigmoid(l) => l,
            ActivationLayer::Tanh(l) => l,
            ActivationLayer::LeakyRelu(l) => l,
            ActivationLayer::Other(l) => l,
        }
    }
}

impl Layer for ActivationLayer {
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        self.inner().forward(x)
    }

    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        self.inner().backward(dout)
    }

    fn infer(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        self.inner().infer(x)
    }

    fn name(&self) -> &'static str {
        match self {
            ActivationLayer::Relu(l) => l.name(),
            ActivationLayer::Sigmoid(l) => l.name(),
            ActivationLayer::Tanh(l) => l.name(),
            ActivationLayer::LeakyRelu(l) => l.name(),
            ActivationLayer::Other(l) => l.name(),
        }
    }
}
