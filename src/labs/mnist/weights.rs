//! Weights in and out of the lab: a network's W1, b1, W2, … as named float32 arrays plus its description
//! (`.npz` export, see `data::netdesc`), and a network rebuilt from a file: from its description when it has one
//! (our own `.npz`), otherwise from the arrays' shapes with the reader's choice of hidden activation (an `.npz`
//! from `np.savez`, or the book's `sample_weight.pkl`: 784×50, 50, 50×100, 100, 100×10, 10 with sigmoid hidden
//! layers). Wl must be n(l−1) × n(l), bl must be n(l), n(0) = 784, n(L) = 10, and the network must fit the
//! lab's caps (the same as for a network built in the lab: `config::MAX_HIDDEN` layers of ≤ `MAX_UNITS`).

use ndarray::{ArrayViewD, IxDyn};

use super::config::{MAX_HIDDEN, MAX_UNITS};
use crate::activation::Activation;
use crate::data::npy::Tensor;
use crate::data::npz::{self, Npz};
use crate::data::{netdesc, pickle};
use crate::error::ensure;
use crate::net::{Net, NetConfig, Output};
use crate::{Error, Result};

/// Every parameter of `net` by its book name, in order (W1, b1, W2, b2, …).
pub fn to_tensors(net: &Net) -> Vec<(String, Tensor)> {
    net.to_tensors()
}

/// The `.npz` the lab exports: the parameters and the `network` description.
pub fn export_npz(net: &Net) -> Vec<u8> {
    npz::write_all(&Npz {
        arrays: to_tensors(net),
        texts: vec![(npz::NETWORK.into(), netdesc::to_text(net.config()))],
    })
}

/// The largest weights file read: the lab's biggest network (784-1024×6-10, 6.1 million parameters) is 24 MB
/// as float32 and 49 MB as a float64 pickle.
pub const MAX_FILE_BYTES: usize = 64 << 20;

/// The checks that need only a weights file's size and first bytes: the size limit, and a ZIP (`.npz`) or
/// pickle (protocol 2+) signature. The page makes them before reading the whole file.
pub fn check_start(size: usize, first: &[u8]) -> Result<()> {
    ensure(
        size <= MAX_FILE_BYTES,
        "mnist.err.weights_too_big",
        [size.div_ceil(1 << 20), MAX_FILE_BYTES >> 20],
    )?;
    ensure(
        first.starts_with(b"PK\x03\x04") || first.first() == Some(&0x80),
        "mnist.err.weights_kind",
        [""; 0],
    )
}

/// A network read from a file, and whether its description (rather than the reader's choice) set it up.
pub struct Imported {
    pub net: Net,
    pub described: bool,
}

/// Read a weights file: a ZIP is an `.npz`, anything else is tried as a pickle. `activation` is used only
/// when the file does not describe its network.
pub fn import(bytes: &[u8], activation: Activation) -> Result<Imported> {
    check_start(bytes.len(), bytes)?;
    let (arrays, description) = if bytes.starts_with(b"PK") {
        let n = npz::read_all(bytes)?;
        let d = n.text(npz::NETWORK).map(str::to_string);
        (n.arrays, d)
    } else {
        (pickle::read_weights(bytes)?, None)
    };
    match description {
        Some(text) => {
            let config = netdesc::from_text(&text)?;
            Ok(Imported {
                net: with_config(&arrays, config)?,
                described: true,
            })
        }
        None => Ok(Imported {
            net: from_tensors(&arrays, activation)?,
            described: false,
        }),
    }
}

/// The lab's caps, which a network built in the lab obeys too: 784 inputs, 10 softmax outputs, at most
/// `MAX_HIDDEN` hidden layers of at most `MAX_UNITS` units.
pub fn check_caps(c: &NetConfig) -> Result<()> {
    ensure(
        c.input == 784 && c.output == 10 && c.output_kind == Output::Softmax,
        "mnist.err.import_io",
        [c.input, c.output],
    )?;
    ensure(
        c.hidden.len() <= MAX_HIDDEN,
        "mnist.err.import_layers",
        [c.hidden.len(), MAX_HIDDEN],
    )?;
    if let Some((l, &n)) = c.hidden.iter().enumerate().find(|(_, &n)| n > MAX_UNITS) {
        return Err(Error::new("mnist.err.import_units", [l + 1, n, MAX_UNITS]));
    }
    Ok(())
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
    with_config(arrays, config)
}

/// Build `config` (checked against the caps) and set every parameter from the arrays, which must all be there
/// with exactly the shapes the config gives.
fn with_config(arrays: &[(String, Tensor)], config: NetConfig) -> Result<Net> {
    check_caps(&config)?;
    let sizes = config.sizes();
    let get = |name: &str| arrays.iter().find(|(n, _)| n == name).map(|(_, t)| t);
    for l in 1..sizes.len() {
        for (name, want) in [
            (format!("W{l}"), vec![sizes[l - 1], sizes[l]]),
            (format!("b{l}"), vec![sizes[l]]),
        ] {
            let t = get(&name).ok_or_else(|| Error::new("mnist.err.weights_missing", [&name]))?;
            ensure(
                t.shape == want,
                "mnist.err.weights_shape",
                [
                    name.clone(),
                    t.shape_text(),
                    crate::data::npy::shape_text(&want),
                ],
            )?;
        }
    }
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
    // A batch-norm network evaluates with its running mean and variance: without them (fresh 0 and 1) an
    // exported network would score differently after import.
    net.load_running_stats(arrays)?;
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

    #[test]
    fn oversized_or_unknown_files_are_refused_from_their_start() {
        assert_eq!(
            check_start(65 << 20, b"PK\x03\x04").unwrap_err().key,
            "mnist.err.weights_too_big"
        );
        assert_eq!(
            check_start(100, b"<html>").unwrap_err().key,
            "mnist.err.weights_kind"
        );
        assert!(check_start(100, b"PK\x03\x04").is_ok() && check_start(100, &[0x80, 2]).is_ok());
    }

    /// Issue #13: a 784-4096-10 file imported (a 3.7 s freeze, then 747 ms per inference). The lab's caps apply.
    #[test]
    fn imported_networks_obey_the_labs_caps() {
        let shapes = |h: usize| {
            vec![
                (
                    "W1".to_string(),
                    Tensor {
                        shape: vec![784, h],
                        data: vec![0.0; 784 * h],
                    },
                ),
                (
                    "b1".to_string(),
                    Tensor {
                        shape: vec![h],
                        data: vec![0.0; h],
                    },
                ),
                (
                    "W2".to_string(),
                    Tensor {
                        shape: vec![h, 10],
                        data: vec![0.0; 10 * h],
                    },
                ),
                (
                    "b2".to_string(),
                    Tensor {
                        shape: vec![10],
                        data: vec![0.0; 10],
                    },
                ),
            ]
        };
        let e = from_tensors(&shapes(4096), Activation::Relu).unwrap_err();
        assert_eq!(e.key, "mnist.err.import_units");
        assert!(
            e.to_string().contains("4096") && e.to_string().contains("1024"),
            "{e}"
        );
        assert!(from_tensors(&shapes(1024), Activation::Relu).is_ok());
        // The same through a description and through the .npz path.
        let big = NetConfig {
            hidden: vec![4096],
            ..Default::default()
        }
        .build()
        .unwrap();
        let e = import(&export_npz(&big), Activation::Relu).err().unwrap();
        assert_eq!(e.key, "mnist.err.import_units");
        let deep = NetConfig {
            hidden: vec![8; 7],
            ..Default::default()
        }
        .build()
        .unwrap();
        let e = import(&npz::write(&to_tensors(&deep)), Activation::Relu)
            .err()
            .unwrap();
        assert_eq!(e.key, "mnist.err.import_layers");
    }
}
