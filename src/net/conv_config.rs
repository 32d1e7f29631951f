//! `ConvNetConfig`: the book's `SimpleConvNet` (ch7/simple_convnet.py), checked before it is built:
//! Convolution(FN filters of FS × FS, stride S, pad P) → ReLU → Pooling(2 × 2, stride 2) → Affine → ReLU →
//! Affine → softmax with loss. Sizes: OH = (H + 2P − FS)/S + 1, pooled to (OH − 2)/2 + 1, so the first Affine
//! takes FN·(OH/2)·(OW/2) inputs (4,320 for the book's 30 filters of 5 × 5 on 28 × 28 digits).

use ndarray::{Array1, Array4};

use super::{Arch, Net, NetConfig, NetLayer, Output, MAX_PARAMS, MAX_UNITS};
use crate::activation::Activation;
use crate::error::ensure;
use crate::init::Init;
use crate::layer::{conv_output_size, ActivationLayer, Affine, Convolution, Pooling};
use crate::rng::Rng;
use crate::Result;

/// The most filters in one convolution layer.
pub const MAX_FILTERS: usize = 256;
/// The largest filter side.
pub const MAX_FILTER_SIZE: usize = 28;
/// The largest pad and stride.
pub const MAX_PAD: usize = 14;
/// The largest input side and channel count.
pub const MAX_INPUT_SIDE: usize = 256;
/// The pooling window and stride of SimpleConvNet (the book's `Pooling(pool_h=2, pool_w=2, stride=2)`).
pub const POOL: usize = 2;

/// SimpleConvNet's settings. `Default` is the book's: input (1, 28, 28), 30 filters of 5 × 5, stride 1, pad 0,
/// hidden 100, output 10, weight_init_std 0.01 (seed 42). Trained in ch7/train_convnet.py with Adam lr 0.001,
/// batch 100, 20 epochs.
#[derive(Clone, Debug, PartialEq)]
pub struct ConvNetConfig {
    /// (C, H, W) of one input image.
    pub input_dim: (usize, usize, usize),
    pub filter_num: usize,
    pub filter_size: usize,
    pub pad: usize,
    pub stride: usize,
    pub hidden_size: usize,
    pub output_size: usize,
    /// The book's `weight_init_std` (`Init::Std(0.01)`); He or Xavier scale by each layer's fan-in (C·FS·FS
    /// for the filters).
    pub init: Init,
    pub seed: u64,
}

impl Default for ConvNetConfig {
    fn default() -> Self {
        ConvNetConfig {
            input_dim: (1, 28, 28),
            filter_num: 30,
            filter_size: 5,
            pad: 0,
            stride: 1,
            hidden_size: 100,
            output_size: 10,
            init: Init::Std(0.01),
            seed: 42,
        }
    }
}

/// The sizes a valid config gives: convolution output (OH, OW), pooled output (PH, PW), the first Affine's input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvNetSizes {
    pub conv: (usize, usize),
    pub pool: (usize, usize),
    pub flat: usize,
}

impl ConvNetConfig {
    /// Every check `build` makes, with the sizes it gives. Limits: 1 to `MAX_FILTERS` filters of side 1 to
    /// `MAX_FILTER_SIZE`, pad ≤ `MAX_PAD`, stride 1 to `MAX_PAD`, input sides 1 to `MAX_INPUT_SIDE`, hidden and
    /// output 1 to `MAX_UNITS`, at most `MAX_PARAMS` parameters; OH = (H + 2P − FS)/S + 1 must be a whole number
    /// ≥ 1, and so must the pooled (OH − 2)/2 + 1 (OH even).
    pub fn validate(&self) -> Result<ConvNetSizes> {
        let (c, h, w) = self.input_dim;
        let limits = [
            ("C", c, 1, MAX_INPUT_SIDE),
            ("H", h, 1, MAX_INPUT_SIDE),
            ("W", w, 1, MAX_INPUT_SIDE),
            ("filter_num", self.filter_num, 1, MAX_FILTERS),
            ("filter_size", self.filter_size, 1, MAX_FILTER_SIZE),
            ("pad", self.pad, 0, MAX_PAD),
            ("stride", self.stride, 1, MAX_PAD),
            ("hidden_size", self.hidden_size, 1, MAX_UNITS),
            ("output_size", self.output_size, 1, MAX_UNITS),
        ];
        for (name, v, lo, hi) in limits {
            ensure(
                (lo..=hi).contains(&v),
                "err.range",
                [
                    name.to_string(),
                    lo.to_string(),
                    hi.to_string(),
                    v.to_string(),
                ],
            )?;
        }
        self.init.validate()?;
        let (fs, s, p) = (self.filter_size, self.stride, self.pad);
        let conv = (
            conv_output_size("H", h, fs, s, p)?,
            conv_output_size("W", w, fs, s, p)?,
        );
        let pool = (
            conv_output_size("H", conv.0, POOL, POOL, 0)?,
            conv_output_size("W", conv.1, POOL, POOL, 0)?,
        );
        let flat = self.filter_num * pool.0 * pool.1;
        let count = self.param_count_for(flat);
        ensure(
            count <= MAX_PARAMS,
            "err.too_many_params",
            [count, MAX_PARAMS],
        )?;
        Ok(ConvNetSizes { conv, pool, flat })
    }

    fn param_count_for(&self, flat: usize) -> usize {
        let (c, fs) = (self.input_dim.0, self.filter_size);
        let conv = self.filter_num * c * fs * fs + self.filter_num;
        let a1 = flat * self.hidden_size + self.hidden_size;
        let a2 = self.hidden_size * self.output_size + self.output_size;
        conv + a1 + a2
    }

    /// W1, b1, W2, b2, W3, b3 together: 433,890 for the book's defaults (780 + 432,100 + 1,010).
    pub fn param_count(&self) -> Result<usize> {
        Ok(self.param_count_for(self.validate()?.flat))
    }

    /// What SimpleConvNet shares with an MLP: input C·H·W, one hidden layer of `hidden_size` (ReLU), a softmax
    /// output, init and seed.
    fn net_config(&self) -> NetConfig {
        let (c, h, w) = self.input_dim;
        NetConfig {
            input: c * h * w,
            hidden: vec![self.hidden_size],
            activation: vec![Activation::Relu],
            output: self.output_size,
            output_kind: Output::Softmax,
            init: self.init,
            dropout: 0.0,
            batchnorm: false,
            weight_decay: 0.0,
            seed: self.seed,
        }
    }

    /// Validate and build: W1 (FN × C × FS × FS), W2 (flat × hidden), W3 (hidden × output) drawn in that order
    /// from `Rng::new(seed)` (row-major, as NumPy's randn fills them), biases 0.
    pub fn build(&self) -> Result<Net> {
        let sizes = self.validate()?;
        let mut rng = Rng::new(self.seed);
        let (c, fs, fnum) = (self.input_dim.0, self.filter_size, self.filter_num);
        let conv = Convolution::new(
            filters(self.init, (fnum, c, fs, fs), &mut rng),
            Array1::zeros(fnum),
            self.input_dim,
            self.stride,
            self.pad,
        )?;
        let pool = Pooling::new((fnum, sizes.conv.0, sizes.conv.1), (POOL, POOL), POOL, 0)?;
        let h = self.hidden_size;
        let a1 = Affine::new(self.init.weights(sizes.flat, h, &mut rng), Array1::zeros(h));
        let o = self.output_size;
        let a2 = Affine::new(self.init.weights(h, o, &mut rng), Array1::zeros(o));
        let relu = || NetLayer::Activation(ActivationLayer::new(Activation::Relu));
        let layers = vec![
            NetLayer::Convolution(conv),
            relu(),
            NetLayer::Pooling(pool),
            NetLayer::Affine(a1),
            relu(),
            NetLayer::Affine(a2),
        ];
        Ok(Net::from_layers(
            self.net_config(),
            Arch::SimpleConv(self.clone()),
            layers,
        ))
    }
}

/// Filters FN × C × FH × FW drawn by `init` with fan-in C·FH·FW (the book's He scale for a convolution).
pub(super) fn filters(init: Init, dim: (usize, usize, usize, usize), rng: &mut Rng) -> Array4<f32> {
    let scale = init.scale(dim.1 * dim.2 * dim.3);
    Array4::from_shape_simple_fn(dim, || scale * rng.normal())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_simple_convnet() {
        let cfg = ConvNetConfig::default();
        let sizes = cfg.validate().unwrap();
        assert_eq!(sizes.conv, (24, 24));
        assert_eq!(sizes.pool, (12, 12));
        assert_eq!(sizes.flat, 4320);
        assert_eq!(cfg.param_count().unwrap(), 433_890);
        let net = cfg.build().unwrap();
        assert_eq!(net.param_count(), 433_890);
        assert_eq!(net.param("W1").unwrap().shape(), &[30, 1, 5, 5]);
        assert_eq!(net.param("W2").unwrap().shape(), &[4320, 100]);
        assert_eq!(net.param("b3").unwrap().shape(), &[10]);
        assert_eq!(net.sizes(), vec![784, 30 * 24 * 24, 100, 10]);
        let names: Vec<&str> = net
            .layers()
            .iter()
            .map(|l| crate::layer::Layer::name(l))
            .collect();
        assert_eq!(
            names,
            ["Convolution", "Relu", "Pooling", "Affine", "Relu", "Affine"]
        );
    }

    #[test]
    fn bad_combinations_name_the_formula() {
        // 28 − 4 + 1 = 25 is odd: the 2 × 2 pooling with stride 2 does not fit.
        let odd = ConvNetConfig {
            filter_size: 4,
            ..Default::default()
        };
        let e = odd.validate().unwrap_err();
        assert_eq!(e.key, "err.conv_not_integer");
        assert!(e.to_string().contains("(25 + 2·0 − 2)/2 + 1"), "{e}");
        let stride = ConvNetConfig {
            stride: 2,
            ..Default::default()
        };
        assert!(stride
            .validate()
            .unwrap_err()
            .to_string()
            .contains("(28 + 2·0 − 5)/2 + 1"));
        let zero = ConvNetConfig {
            filter_num: 0,
            ..Default::default()
        };
        assert_eq!(zero.validate().unwrap_err().key, "err.range");
        let big = ConvNetConfig {
            filter_num: 256,
            hidden_size: 4096,
            ..Default::default()
        };
        assert_eq!(big.validate().unwrap_err().key, "err.too_many_params");
    }
}
