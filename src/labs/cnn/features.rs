//! Feature maps of one digit through SimpleConvNet's first three layers, as the book's layers compute them:
//! the convolution's output (FN maps of OH × OW, x·W + b at each position), after ReLU (max(0, ·)), and after
//! 2 × 2 max pooling (FN maps of OH/2 × OW/2). For DeepConvNet, whose first pooling follows its second
//! convolution, "pool" is that first pooling layer's output (16 maps of 14 × 14). Read from `Net::forward_all`, so they are the engine's numbers;
//! also the network's answer: softmax probabilities y_k for the ten digits.

use ndarray::{Array2, Array3};

use crate::net::{Net, NetLayer};
use crate::{Error, Result};

/// One digit's maps at each stage, each FN × H × W, and the probabilities y (10).
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureMaps {
    pub conv: Array3<f32>,
    pub relu: Array3<f32>,
    pub pool: Array3<f32>,
    pub probs: Vec<f32>,
}

/// The maps of the 28 × 28 image `x` (784 values in [0, 1]). Errors: a net that does not start with
/// Convolution → activation (and has a Pooling layer), or an input of the wrong size.
pub fn feature_maps(net: &mut Net, x: &[f32]) -> Result<FeatureMaps> {
    let text = net_text(net);
    let not_cnn = || Error::new("cnn.err.not_cnn", [text.clone()]);
    let conv_dim = match net.layers() {
        [NetLayer::Convolution(c), NetLayer::Activation(_), ..] => {
            let cs = c.shape();
            (c.filters(), cs.oh, cs.ow)
        }
        _ => return Err(not_cnn()),
    };
    let (at, pool_dim) = net
        .layers()
        .iter()
        .enumerate()
        .find_map(|(i, l)| match l {
            NetLayer::Pooling(p) => {
                let ps = p.shape();
                Some((i, (ps.c, ps.oh, ps.ow)))
            }
            _ => None,
        })
        .ok_or_else(not_cnn)?;
    let x = Array2::from_shape_vec((1, x.len()), x.to_vec()).expect("one row");
    let outs = net.forward_all(&x)?;
    let probs = net.predict(&x)?.row(0).to_vec();
    let map = |i: usize, (c, h, w): (usize, usize, usize)| {
        Array3::from_shape_vec((c, h, w), outs[i].row(0).to_vec()).map_err(|_| not_cnn())
    };
    Ok(FeatureMaps {
        conv: map(0, conv_dim)?,
        relu: map(1, conv_dim)?,
        pool: map(at, pool_dim)?,
        probs,
    })
}

fn net_text(net: &Net) -> String {
    net.layers()
        .iter()
        .map(|l| crate::layer::Layer::name(l))
        .collect::<Vec<_>>()
        .join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::ConvNetConfig;

    #[test]
    fn the_maps_are_the_convolution_computed_by_hand() {
        let cfg = ConvNetConfig {
            filter_num: 3,
            hidden_size: 8,
            seed: 7,
            ..Default::default()
        };
        let mut net = cfg.build().unwrap();
        let x: Vec<f32> = (0..784).map(|i| ((i * 37) % 101) as f32 / 100.0).collect();
        let m = feature_maps(&mut net, &x).unwrap();
        assert_eq!(m.conv.dim(), (3, 24, 24));
        assert_eq!(m.pool.dim(), (3, 12, 12));
        let w = net.param("W1").unwrap().to_owned();
        let b = net.param("b1").unwrap().to_owned();
        // out[k, i, j] = Σ_{u,v} x[i + u, j + v]·W[k, 0, u, v] + b[k] (stride 1, pad 0), at a few places.
        for &(k, i, j) in &[(0, 0, 0), (1, 5, 17), (2, 23, 23), (1, 12, 3)] {
            let mut s = b[&[k][..]];
            for u in 0..5 {
                for v in 0..5 {
                    s += x[(i + u) * 28 + j + v] * w[&[k, 0, u, v][..]];
                }
            }
            assert!((m.conv[[k, i, j]] - s).abs() < 1e-5, "{k} {i} {j}");
        }
        // ReLU, then the max of each 2 × 2 window.
        assert_eq!(m.relu, m.conv.mapv(|v| v.max(0.0)));
        for &(k, i, j) in &[(0, 0, 0), (2, 7, 11)] {
            let win =
                [(0, 0), (0, 1), (1, 0), (1, 1)].map(|(a, c)| m.relu[[k, 2 * i + a, 2 * j + c]]);
            assert_eq!(m.pool[[k, i, j]], win.into_iter().fold(f32::MIN, f32::max));
        }
        assert_eq!(m.probs.len(), 10);
        assert!((m.probs.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }

    #[test]
    fn a_deep_convnet_shows_its_first_convolution_and_its_first_pooling() {
        let mut net = crate::net::DeepConvNetConfig::default().build().unwrap();
        let x: Vec<f32> = (0..784).map(|i| ((i * 13) % 97) as f32 / 96.0).collect();
        let m = feature_maps(&mut net, &x).unwrap();
        assert_eq!(m.conv.dim(), (16, 28, 28));
        assert_eq!(m.pool.dim(), (16, 14, 14));
        let outs = net
            .forward_all(&Array2::from_shape_vec((1, 784), x).unwrap())
            .unwrap();
        assert_eq!(m.pool.as_slice().unwrap(), outs[4].as_slice().unwrap());
        assert_eq!(m.relu, m.conv.mapv(|v| v.max(0.0)));
    }

    #[test]
    fn an_mlp_is_refused_with_its_layers() {
        let mut mlp = crate::net::NetConfig::default().build().unwrap();
        let e = feature_maps(&mut mlp, &[0.0; 784]).unwrap_err();
        assert_eq!(e.key, "cnn.err.not_cnn");
        assert!(e.args[0].starts_with("Affine"), "{:?}", e.args);
    }
}
