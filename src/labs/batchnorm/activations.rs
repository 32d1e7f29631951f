//! The activations of each hidden layer with and without batch norm (the init-histogram view of
//! `labs::mnist::ch6::init_histogram`, on the lab's network): the 784-100×5-10 ReLU network of the weight-scale
//! experiment, freshly built with W = w·N(0, 1), fed 1,000 training digits in training mode; a 30-bin histogram
//! of each hidden layer's ReLU output over (0, 4], exact zeros counted apart. Without batch norm a small w
//! shrinks the signal layer after layer (everything lands in the first bin); with it each layer's pre-activation
//! is normalized, so the spread stays the same at every depth.

use crate::activation::Activation;
use crate::data::mnist::Mnist;
use crate::error::ensure;
use crate::labs::mnist::ch6::init_histogram::{HistConfig, LayerHist};
use crate::net::NetLayer;
use crate::Result;

use super::scales::{weight_scales, Digits, ScalesConfig};

/// The digits fed through (the experiment's 1,000).
pub const SAMPLES: usize = 1_000;

/// The hidden layers' histograms without (0) and with (1) batch norm, for weight scale `index` of the 16.
pub fn activation_histograms(m: &Mnist, index: usize) -> Result<[Vec<LayerHist>; 2]> {
    ensure(
        index < 16,
        "err.range",
        ["scale", "0", "15", &index.to_string()],
    )?;
    let data = Digits::first(m, SAMPLES.min(m.len()))?;
    let cfg = ScalesConfig::default();
    let hist = HistConfig {
        activation: Activation::Relu,
        ..HistConfig::default()
    };
    let w = weight_scales()[index];
    let run = |bn: bool| -> Result<Vec<LayerHist>> {
        let mut net = cfg.net_config(w, bn, index).build()?;
        let outs = net.forward_all_train(&data.x)?;
        Ok(net
            .layers()
            .iter()
            .zip(&outs)
            .filter(|(l, _)| matches!(l, NetLayer::Activation(_)))
            .map(|(_, z)| hist.histogram(z.iter().copied()))
            .collect())
    };
    Ok([run(false)?, run(true)?])
}
