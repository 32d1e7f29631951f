//! Weights in and out of the lab: a network's W1, b1, W2, … as named float32 arrays (for `.npz` export), and a
//! network rebuilt from arrays read from `.npz` or the book's `sample_weight.pkl` (784×50, 50, 50×100, 100,
//! 100×10, 10 with sigmoid hidden layers): Wl must be n(l−1) × n(l), bl must be n(l), n(0) = 784, n(L) = 10.

use ndarray::{ArrayViewD, IxDyn};

use crate::activation::Activation;
use crate::data::npy::Tensor;
use crate::error::ensure;
use crate::net::{Net, NetConfig};
use crate::{Error, Result};

/// Every parameter of `net` by its book name, in order (W1, b1, W2, b2, …).
pub fn to_tensors(net: &Net) -> Vec<(String, Tensor)> {
    net.to_tensors()
}

/// A network with the arrays' shapes and values, hidden layers using `activation`.
pub fn from_tensors(arrays: &[(String, Tensor)], activation: Activation) -> Result<Net> {
    let get = |name: &str| arrays.iter().find(|(n, _)| n == name).map(|(_, t)| t);
    let mut sizes = vec![784usize];
    let mut l = 1;
    while let Some(w) = get(&format!("W{l}")) {
        ensure(
            w.shape.len() == 2 && w.shape[0] == sizes[l - 1],
            "mnist.err.weights_shape",
            [
                format!("W{l}"),
                w.shape_text(),
                format!("({}, n)", sizes[l - 1]),
            ],
        )?;
        let b = get(&format!("b{l}"))
            .ok_or_else(|| Error::new("mnist.err.weights_missing", [format!("b{l}")]))?;
        ensure(
            b.shape == [w.shape[1]],
            "mnist.err.weights_shape",
            [
                format!("b{l}"),
                b.shape_text(),
                format!("({},)", w.shape[1]),
            ],
        )?;
        sizes.push(w.shape[1]);
        l += 1;
    }
    ensure(l > 1, "mnist.err.weights_missing", ["W1"])?;
    ensure(
        *sizes.last().unwrap_or(&0) == 10,
        "mnist.err.weights_shape",
        [
            format!("W{}", l - 1),
            format!("(…, {})", sizes.last().unwrap_or(&0)),
            "(…, 10)".into(),
        ],
    )?;
    let config = NetConfig {
        hidden: sizes[1..sizes.len() - 1].to_vec(),
        activation: vec![activation],
        ..NetConfig::default()
    };
    let mut net = config.build()?;
    for (name, t) in arrays {
        if net.param(name).is_some() {
            let view = ArrayViewD::from_shape(IxDyn(&t.shape), &t.data).map_err(|_| {
                Error::new(
                    "mnist.err.weights_shape",
                    [name.clone(), t.shape_text(), "?".into()],
                )
            })?;
            net.set_param(name, view)?;
        }
    }
    Ok(net)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tensors_round_trip_and_bad_shapes_are_refused() {
        let net = NetConfig {
            hidden: vec![20, 12],
            seed: 3,
            ..Default::default()
        }
        .build()
        .unwrap();
        let t = to_tensors(&net);
        let names: Vec<&str> = t.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["W1", "b1", "W2", "b2", "W3", "b3"]);
        assert_eq!(t[0].1.shape, vec![784, 20]);
        let back = from_tensors(&t, Activation::Relu).unwrap();
        assert_eq!(back.sizes(), vec![784, 20, 12, 10]);
        assert_eq!(back.param("W2"), net.param("W2"));

        let mut wrong = t.clone();
        wrong[2].1.shape = vec![12, 20];
        assert_eq!(
            from_tensors(&wrong, Activation::Relu).unwrap_err().key,
            "mnist.err.weights_shape"
        );
        let no_bias: Vec<_> = t.iter().filter(|(n, _)| n != "b2").cloned().collect();
        assert_eq!(
            from_tensors(&no_bias, Activation::Relu).unwrap_err().key,
            "mnist.err.weights_missing"
        );
        assert!(from_tensors(&[], Activation::Relu).is_err());
    }
}
