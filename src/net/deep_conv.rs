//! `DeepConvNetConfig`: the book's `DeepConvNet` (ch8/deep_convnet.py), the network that passes 99% on MNIST:
//! [Conv 3×3 → ReLU → Conv 3×3 → ReLU → Pool 2×2] × 3 with 16, 16, 32, 32, 64, 64 filters (conv 4 has pad 2,
//! the others pad 1; stride 1) → Affine(64·4·4 = 1,024 → 50) → ReLU → Dropout(0.5) → Affine(50 → 10) →
//! Dropout(0.5) → softmax. He init: σ = √(2/n) with n the fan-in (C·3·3 for a filter).
//! Dropout is the book's: at test time it multiplies by (1 − ratio).

use ndarray::Array1;

use super::conv_config::{filters, POOL};
use super::{Arch, Net, NetConfig, NetLayer, Output};
use crate::activation::Activation;
use crate::error::ensure;
use crate::init::Init;
use crate::layer::{ActivationLayer, Affine, Convolution, Dropout, Pooling};
use crate::rng::Rng;
use crate::Result;

/// The six convolutions: (filters, pad); all 3 × 3, stride 1.
pub const CONVS: [(usize, usize); 6] = [(16, 1), (16, 1), (32, 1), (32, 2), (64, 1), (64, 1)];
/// The filter side of every convolution.
pub const FILTER: usize = 3;

/// DeepConvNet's settings. `Default` is the book's: input (1, 28, 28), hidden 50, output 10, Dropout 0.5.
#[derive(Clone, Debug, PartialEq)]
pub struct DeepConvNetConfig {
    pub input_dim: (usize, usize, usize),
    pub hidden_size: usize,
    pub output_size: usize,
    pub dropout_ratio: f32,
    pub seed: u64,
}

impl Default for DeepConvNetConfig {
    fn default() -> Self {
        DeepConvNetConfig {
            input_dim: (1, 28, 28),
            hidden_size: 50,
            output_size: 10,
            dropout_ratio: 0.5,
            seed: 42,
        }
    }
}

impl DeepConvNetConfig {
    /// Validate and build with He init (W1 … W8 drawn in order from `Rng::new(seed)`, then the two dropout seeds).
    pub fn build(&self) -> Result<Net> {
        let (c, h, w) = self.input_dim;
        for (name, v) in [
            ("C", c),
            ("H", h),
            ("W", w),
            ("hidden_size", self.hidden_size),
            ("output_size", self.output_size),
        ] {
            ensure(
                (1..=super::MAX_UNITS).contains(&v),
                "err.range",
                [
                    name.to_string(),
                    "1".into(),
                    super::MAX_UNITS.to_string(),
                    v.to_string(),
                ],
            )?;
        }
        let d = self.dropout_ratio;
        ensure(
            d.is_finite() && (0.0..1.0).contains(&d),
            "err.range_open",
            ["dropout_ratio", "0", "1", &d.to_string()],
        )?;
        let mut rng = Rng::new(self.seed);
        let relu = || NetLayer::Activation(ActivationLayer::new(Activation::Relu));
        let mut layers = Vec::with_capacity(21);
        let mut dim = self.input_dim;
        for (i, &(fnum, pad)) in CONVS.iter().enumerate() {
            let conv = Convolution::new(
                filters(Init::He, (fnum, dim.0, FILTER, FILTER), &mut rng),
                Array1::zeros(fnum),
                dim,
                1,
                pad,
            )?;
            dim = (fnum, conv.shape().oh, conv.shape().ow);
            layers.push(NetLayer::Convolution(conv));
            layers.push(relu());
            if i % 2 == 1 {
                let pool = Pooling::new(dim, (POOL, POOL), POOL, 0)?;
                dim = (dim.0, pool.shape().oh, pool.shape().ow);
                layers.push(NetLayer::Pooling(pool));
            }
        }
        let flat = dim.0 * dim.1 * dim.2;
        let (hs, os) = (self.hidden_size, self.output_size);
        let a1 = Affine::new(Init::He.weights(flat, hs, &mut rng), Array1::zeros(hs));
        let a2 = Affine::new(Init::He.weights(hs, os, &mut rng), Array1::zeros(os));
        let seeds = [rng.next_u64(), rng.next_u64()];
        layers.push(NetLayer::Affine(a1));
        layers.push(relu());
        layers.push(NetLayer::Dropout(Dropout::new(d, seeds[0])));
        layers.push(NetLayer::Affine(a2));
        layers.push(NetLayer::Dropout(Dropout::new(d, seeds[1])));
        let config = NetConfig {
            input: c * h * w,
            hidden: vec![hs],
            activation: vec![Activation::Relu],
            output: os,
            output_kind: Output::Softmax,
            init: Init::He,
            dropout: d,
            batchnorm: false,
            weight_decay: 0.0,
            seed: self.seed,
        };
        Ok(Net::from_layers(
            config,
            Arch::DeepConv(self.clone()),
            layers,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::Layer;

    #[test]
    fn the_books_deep_convnet() {
        let net = DeepConvNetConfig::default().build().unwrap();
        let shapes: Vec<Vec<usize>> = net
            .param_names()
            .iter()
            .filter(|n| n.starts_with('W'))
            .map(|n| net.param(n).unwrap().shape().to_vec())
            .collect();
        assert_eq!(
            shapes,
            vec![
                vec![16, 1, 3, 3],
                vec![16, 16, 3, 3],
                vec![32, 16, 3, 3],
                vec![32, 32, 3, 3],
                vec![64, 32, 3, 3],
                vec![64, 64, 3, 3],
                vec![1024, 50],
                vec![50, 10],
            ]
        );
        // The book's gradient() reads dW from layers 0, 2, 5, 7, 10, 12, 15, 18.
        let at: Vec<usize> = (0..net.layers().len())
            .filter(|&i| net.layers()[i].has_params())
            .collect();
        assert_eq!(at, [0, 2, 5, 7, 10, 12, 15, 18]);
        assert_eq!(net.layers().len(), 20);
        assert_eq!(net.layers()[19].name(), "Dropout");
        // He init for W2: σ = √(2/(16·9)).
        let w2 = net.param("W2").unwrap();
        let var = w2.iter().map(|&v| (v * v) as f64).sum::<f64>() / w2.len() as f64;
        assert!((var - 2.0 / 144.0).abs() < 0.1 * 2.0 / 144.0, "{var}");
    }
}
