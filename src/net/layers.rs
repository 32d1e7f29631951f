//! One entry of a network's ordered layer list (the book's `OrderedDict` of layers): Affine, Convolution,
//! Pooling, BatchNormalization, an activation or Dropout. Every layer maps an N × D batch to an N × D' batch; image layers read
//! and write each row in C, H, W order, so Affine after Pooling is the book's `x.reshape(N, −1)` for free.
//!
//! An enum rather than `Box<dyn Layer>`: a `Net` can be cloned (snapshots, comparisons), dispatch is a
//! match the compiler can see through, and the first layer's fused paths (`forward_first`, `backward_first`)
//! stay available.

use ndarray::{Array2, ArrayView2, ArrayViewD};

use crate::layer::{
    ActivationLayer, Affine, BatchNormalization, Convolution, Dropout, Layer, Pooling,
};

/// A layer of a `Net`, in order. Affine and Convolution carry parameters (W, b), named W1, b1, W2, … in order;
/// BatchNormalization carries γ and β, named gamma1, beta1, … after every W and b (the book's `params` order).
// A net holds a few dozen layers at most, so the variants' sizes do not matter; inline keeps dispatch a match.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum NetLayer {
    Affine(Affine),
    Convolution(Convolution),
    Pooling(Pooling),
    Activation(ActivationLayer),
    Dropout(Dropout),
    BatchNorm(BatchNormalization),
}

/// A parametrised layer's W, b and their gradients (or a BatchNormalization's γ, β, dγ, dβ) as flat slices
/// (C order).
pub(super) struct ParamSlices<'a> {
    pub w: &'a mut [f32],
    pub b: &'a mut [f32],
    pub dw: &'a [f32],
    pub db: &'a [f32],
}

const CONTIGUOUS: &str = "parameters are built contiguous and only assigned in place";

impl NetLayer {
    /// Whether the layer has a W and b (Affine, Convolution).
    pub fn has_params(&self) -> bool {
        matches!(self, NetLayer::Affine(_) | NetLayer::Convolution(_))
    }

    /// The BatchNormalization layer inside, if this is one.
    pub fn batch_norm(&self) -> Option<&BatchNormalization> {
        match self {
            NetLayer::BatchNorm(b) => Some(b),
            _ => None,
        }
    }

    /// The Affine layer inside, if this is one.
    pub fn affine(&self) -> Option<&Affine> {
        match self {
            NetLayer::Affine(a) => Some(a),
            _ => None,
        }
    }

    /// The Convolution layer inside, if this is one.
    pub fn convolution(&self) -> Option<&Convolution> {
        match self {
            NetLayer::Convolution(c) => Some(c),
            _ => None,
        }
    }

    /// The forward of the network's first layer, whose input is the batch itself: an Affine does not copy it
    /// (its `backward_first` gets it back from the caller).
    #[inline]
    pub(super) fn forward_first(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        match self {
            NetLayer::Affine(a) => a.forward_keeping_nothing(x),
            other => other.forward(x),
        }
    }

    /// `infer` for the network's first layer, reading rows borrowed from the data (no copy).
    pub(super) fn infer_first(&mut self, x: ArrayView2<f32>) -> &Array2<f32> {
        match self {
            NetLayer::Affine(a) => a.forward_keeping_nothing(&x),
            NetLayer::Convolution(c) => c.forward_view(x),
            // No builder puts another layer first; it would get a copy.
            other => other.infer(&x.to_owned()),
        }
    }

    /// The backward of the first layer: only dW and db (no one needs ∂L/∂x of the data). `x` is the batch
    /// given to `forward_first`.
    #[inline]
    pub(super) fn backward_first(&mut self, x: &Array2<f32>, dout: &Array2<f32>) {
        match self {
            NetLayer::Affine(a) => a.backward_params_with(x, dout),
            NetLayer::Convolution(c) => c.backward_params(dout),
            other => {
                other.backward(dout);
            }
        }
    }

    /// W (2-D for Affine: in × out; 4-D for Convolution: FN × C × FH × FW) and b, or γ and β of a
    /// BatchNormalization, or None.
    pub fn params(&self) -> Option<(ArrayViewD<'_, f32>, ArrayViewD<'_, f32>)> {
        match self {
            NetLayer::Affine(a) => Some((a.W.view().into_dyn(), a.b.view().into_dyn())),
            NetLayer::Convolution(c) => Some((c.W.view().into_dyn(), c.b.view().into_dyn())),
            NetLayer::BatchNorm(n) => Some((n.gamma.view().into_dyn(), n.beta.view().into_dyn())),
            _ => None,
        }
    }

    /// dW and db from the last backward, shaped as `params`.
    pub fn grads(&self) -> Option<(ArrayViewD<'_, f32>, ArrayViewD<'_, f32>)> {
        match self {
            NetLayer::Affine(a) => Some((a.dW.view().into_dyn(), a.db.view().into_dyn())),
            NetLayer::Convolution(c) => Some((c.dW.view().into_dyn(), c.db.view().into_dyn())),
            NetLayer::BatchNorm(n) => Some((n.dgamma.view().into_dyn(), n.dbeta.view().into_dyn())),
            _ => None,
        }
    }

    pub(super) fn param_slices(&mut self) -> Option<ParamSlices<'_>> {
        let (w, b, dw, db) = match self {
            NetLayer::Affine(a) => (
                a.W.as_slice_mut(),
                a.b.as_slice_mut(),
                a.dW.as_slice(),
                a.db.as_slice(),
            ),
            NetLayer::Convolution(c) => (
                c.W.as_slice_mut(),
                c.b.as_slice_mut(),
                c.dW.as_slice(),
                c.db.as_slice(),
            ),
            NetLayer::BatchNorm(n) => (
                n.gamma.as_slice_mut(),
                n.beta.as_slice_mut(),
                n.dgamma.as_slice(),
                n.dbeta.as_slice(),
            ),
            _ => return None,
        };
        Some(ParamSlices {
            w: w.expect(CONTIGUOUS),
            b: b.expect(CONTIGUOUS),
            dw: dw.expect(CONTIGUOUS),
            db: db.expect(CONTIGUOUS),
        })
    }

    /// W as a flat slice (for weight decay).
    pub(super) fn weight(&self) -> Option<&[f32]> {
        match self {
            NetLayer::Affine(a) => a.W.as_slice(),
            NetLayer::Convolution(c) => c.W.as_slice(),
            _ => None,
        }
    }

    /// dW += λW (weight decay's gradient).
    pub(super) fn add_decay(&mut self, lambda: f32) {
        match self {
            NetLayer::Affine(a) => a.dW.scaled_add(lambda, &a.W),
            NetLayer::Convolution(c) => c.dW.scaled_add(lambda, &c.W),
            _ => {}
        }
    }
}

impl Layer for NetLayer {
    #[inline]
    fn forward(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        match self {
            NetLayer::Affine(l) => l.forward(x),
            NetLayer::Convolution(l) => l.forward(x),
            NetLayer::Pooling(l) => l.forward(x),
            NetLayer::Activation(l) => l.forward(x),
            NetLayer::Dropout(l) => l.forward(x),
            NetLayer::BatchNorm(l) => l.forward(x),
        }
    }

    #[inline]
    fn backward(&mut self, dout: &Array2<f32>) -> &Array2<f32> {
        match self {
            NetLayer::Affine(l) => l.backward(dout),
            NetLayer::Convolution(l) => l.backward(dout),
            NetLayer::Pooling(l) => l.backward(dout),
            NetLayer::Activation(l) => l.backward(dout),
            NetLayer::Dropout(l) => l.backward(dout),
            NetLayer::BatchNorm(l) => l.backward(dout),
        }
    }

    #[inline]
    fn infer(&mut self, x: &Array2<f32>) -> &Array2<f32> {
        match self {
            NetLayer::Affine(l) => l.infer(x),
            NetLayer::Convolution(l) => l.infer(x),
            NetLayer::Pooling(l) => l.infer(x),
            NetLayer::Activation(l) => l.infer(x),
            NetLayer::Dropout(l) => l.infer(x),
            NetLayer::BatchNorm(l) => l.infer(x),
        }
    }

    fn set_train(&mut self, train: bool) {
        match self {
            NetLayer::Dropout(d) => d.set_train(train),
            NetLayer::BatchNorm(b) => b.set_train(train),
            _ => {}
        }
    }

    fn name(&self) -> &'static str {
        match self {
            NetLayer::Affine(l) => l.name(),
            NetLayer::Convolution(l) => l.name(),
            NetLayer::Pooling(l) => l.name(),
            NetLayer::Activation(l) => l.name(),
            NetLayer::Dropout(l) => l.name(),
            NetLayer::BatchNorm(l) => l.name(),
        }
    }
}
