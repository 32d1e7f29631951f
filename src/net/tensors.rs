//! Named arrays in and out of any `Net`: the book's pickles (`ch07/params.pkl`, `ch08/deep_convnet_params.pkl`,
//! float64, conv weights 4-D FN × C × FH × FW) and our `.npz` carry W1, b1, W2, … in the order of the
//! parametrised layers. Loading checks every array before changing any, and names the array that does not fit.

use ndarray::ArrayViewD;

use super::{ConvNetConfig, DeepConvNetConfig, Net};
use crate::data::npy::Tensor;
use crate::error::ensure;
use crate::{Error, Result};

/// Whether a name is a parameter name ("W3", "b12"); other members (a description of the net) are ignored.
fn is_param_name(name: &str) -> bool {
    let mut c = name.chars();
    matches!(c.next(), Some('W' | 'b'))
        && !name[1..].is_empty()
        && name[1..].bytes().all(|b| b.is_ascii_digit())
}

fn shape_text(s: &[usize]) -> String {
    Tensor {
        shape: s.to_vec(),
        data: Vec::new(),
    }
    .shape_text()
}

impl Net {
    /// Every parameter by its book name, in order (W1, b1, W2, b2, …, gamma1, beta1, …), as C-order float32
    /// arrays, then each BatchNormalization's `running_meanK` and `running_varK` (evaluation needs them).
    pub fn to_tensors(&self) -> Vec<(String, Tensor)> {
        let vec = |a: &ndarray::Array1<f32>| Tensor {
            shape: vec![a.len()],
            data: a.to_vec(),
        };
        let mut out: Vec<(String, Tensor)> = self
            .param_names()
            .into_iter()
            .filter_map(|name| {
                let p = self.param(&name)?;
                let t = Tensor {
                    shape: p.shape().to_vec(),
                    data: p.iter().copied().collect(),
                };
                Some((name, t))
            })
            .collect();
        for (k, bn) in self
            .layers
            .iter()
            .filter_map(|l| l.batch_norm())
            .enumerate()
        {
            out.push((format!("running_mean{}", k + 1), vec(&bn.running_mean)));
            out.push((format!("running_var{}", k + 1), vec(&bn.running_var)));
        }
        out
    }

    /// Every BatchNormalization's running mean, then its running variance, layer by layer, in one array (what a
    /// worker sends beside the parameters so that the page evaluates with the same statistics; empty without BN).
    pub fn running_stats(&self) -> Vec<f32> {
        let mut v = Vec::new();
        for bn in self.layers.iter().filter_map(|l| l.batch_norm()) {
            v.extend(bn.running_mean.iter().copied());
            v.extend(bn.running_var.iter().copied());
        }
        v
    }

    /// The inverse of `running_stats`: an error, and no change, when the length differs or a value is not finite.
    pub fn set_running_stats(&mut self, flat: &[f32]) -> Result<()> {
        let want: usize = self
            .layers
            .iter()
            .filter_map(|l| l.batch_norm().map(|b| 2 * b.features()))
            .sum();
        ensure(
            flat.len() == want,
            "err.param_shape",
            [
                "running_mean/running_var".to_string(),
                shape_text(&[flat.len()]),
                shape_text(&[want]),
            ],
        )?;
        ensure(
            flat.iter().all(|v| v.is_finite()),
            "err.finite",
            ["running_var", "NaN/inf"],
        )?;
        let mut at = 0;
        for l in self.layers.iter_mut() {
            if let super::NetLayer::BatchNorm(bn) = l {
                let d = bn.features();
                bn.running_mean = ndarray::Array1::from(flat[at..at + d].to_vec());
                bn.running_var = ndarray::Array1::from(flat[at + d..at + 2 * d].to_vec());
                at += 2 * d;
            }
        }
        Ok(())
    }

    /// Set each BatchNormalization's running mean and variance from `running_meanK` / `running_varK` where the
    /// file has them (checked first: the right length and finite; all or nothing).
    pub fn load_running_stats(&mut self, arrays: &[(String, Tensor)]) -> Result<()> {
        let get = |name: &str| arrays.iter().find(|(n, _)| n == name).map(|(_, t)| t);
        let widths: Vec<usize> = self
            .layers
            .iter()
            .filter_map(|l| l.batch_norm().map(|b| b.features()))
            .collect();
        for (k, &d) in widths.iter().enumerate() {
            for kind in ["running_mean", "running_var"] {
                let name = format!("{kind}{}", k + 1);
                if let Some(t) = get(&name) {
                    ensure(
                        t.shape == [d] && t.data.len() == d,
                        "err.param_shape",
                        [name.clone(), t.shape_text(), shape_text(&[d])],
                    )?;
                    ensure(
                        t.data.iter().all(|v| v.is_finite()),
                        "err.finite",
                        [name.as_str(), "NaN/inf"],
                    )?;
                }
            }
        }
        let mut k = 0;
        for l in self.layers.iter_mut() {
            if let super::NetLayer::BatchNorm(bn) = l {
                k += 1;
                if let Some(t) = get(&format!("running_mean{k}")) {
                    bn.running_mean = ndarray::Array1::from(t.data.clone());
                }
                if let Some(t) = get(&format!("running_var{k}")) {
                    bn.running_var = ndarray::Array1::from(t.data.clone());
                }
            }
        }
        Ok(())
    }

    /// Replace every parameter with the arrays of the same name. All or nothing: a missing array, one of the
    /// wrong shape (`err.param_shape`, naming it and both shapes), a W/b this net does not have, or a
    /// non-finite value is refused before any weight changes.
    pub fn load_tensors(&mut self, arrays: &[(String, Tensor)]) -> Result<()> {
        let names = self.param_names();
        for (name, _) in arrays {
            ensure(
                !is_param_name(name) || names.contains(name),
                "err.param_extra",
                [name.clone(), format!("W1…W{}", self.depth())],
            )?;
        }
        let mut found = Vec::with_capacity(names.len());
        for name in &names {
            let t = arrays
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t)
                .ok_or_else(|| Error::new("err.param_missing", [name]))?;
            let want = self
                .param(name)
                .expect("a name of param_names")
                .shape()
                .to_vec();
            ensure(
                t.shape == want && t.data.len() == want.iter().product::<usize>(),
                "err.param_shape",
                [name.clone(), t.shape_text(), shape_text(&want)],
            )?;
            ensure(
                t.data.iter().all(|v| v.is_finite()),
                "err.finite",
                [name.as_str(), "NaN/inf"],
            )?;
            found.push((name, t));
        }
        self.load_running_stats(arrays)?;
        for (name, t) in found {
            let view = ArrayViewD::from_shape(t.shape.as_slice(), &t.data).expect("shape checked");
            self.set_param(name, view)?;
        }
        Ok(())
    }
}

/// A CNN rebuilt from the book's pickled params (or our .npz of one): eight W's make a `DeepConvNet` (input
/// 1 × 28 × 28); a 4-D W1 with W2, W3 makes a `SimpleConvNet` whose filters, filter size, input channels,
/// hidden and output sizes are read from the shapes (stride 1 and pad 0, the book's, since no shape tells them).
pub fn cnn_from_tensors(arrays: &[(String, Tensor)]) -> Result<Net> {
    let get = |name: &str| arrays.iter().find(|(n, _)| n == name).map(|(_, t)| t);
    let mut net = if get("W8").is_some() {
        DeepConvNetConfig::default().build()?
    } else {
        let w1 = get("W1").ok_or_else(|| Error::new("err.param_missing", ["W1"]))?;
        ensure(
            w1.shape.len() == 4 && w1.shape[2] == w1.shape[3],
            "err.param_shape",
            [
                "W1".to_string(),
                w1.shape_text(),
                "(FN, C, FS, FS)".to_string(),
            ],
        )?;
        let ncols = |name: &str| -> Result<usize> {
            let w = get(name).ok_or_else(|| Error::new("err.param_missing", [name]))?;
            ensure(
                w.shape.len() == 2,
                "err.param_shape",
                [name.to_string(), w.shape_text(), "(n, m)".to_string()],
            )?;
            Ok(w.shape[1])
        };
        let defaults = ConvNetConfig::default();
        let cfg = ConvNetConfig {
            input_dim: (w1.shape[1], defaults.input_dim.1, defaults.input_dim.2),
            filter_num: w1.shape[0],
            filter_size: w1.shape[2],
            hidden_size: ncols("W2")?,
            output_size: ncols("W3")?,
            ..defaults
        };
        cfg.build()?
    };
    net.load_tensors(arrays)?;
    Ok(net)
}
