//! The book's pretrained CNNs, read into a network with their weights: SimpleConvNet (`ch07/params.pkl`: a
//! pickled dict {'W1': (30, 1, 5, 5), 'b1', 'W2': (4320, 100), 'b2', 'W3': (100, 10), 'b3'} of float64 arrays;
//! with the training view's settings its shapes give) and DeepConvNet (`ch08/deep_convnet_params.pkl`: W1
//! (16, 1, 3, 3) … W7 (1024, 50), W8 (50, 10); inference only, its Dropout × (1 − ratio) at test time), or our .npz of
//! either. The bytes are parsed by the safe pickle subset and the .npz reader
//! (`data::pickle`, `data::npz`, bounded by `weights::check_start`); the shapes are checked by
//! `net::cnn_from_tensors`, which names the array that does not fit. Stride 1 and pad 0, as the book's.

use super::train_config::{self as tc, CnnTrainConfig};
use crate::data::{npz, pickle};
use crate::error::ensure;
use crate::labs::mnist::weights::check_start;
use crate::net::{cnn_from_tensors, Arch, DeepConvNetConfig, Net};
use crate::Result;

/// Which of the book's CNNs a file held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CnnKind {
    Simple,
    Deep,
}

impl CnnKind {
    /// The network of this kind and these settings with fresh weights, to unpack received weights into
    /// (a DeepConvNet is always the book's: every shape is fixed).
    pub fn build(self, cfg: &CnnTrainConfig) -> Result<Net> {
        match self {
            CnnKind::Simple => cfg.conv_config().build(),
            CnnKind::Deep => DeepConvNetConfig::default().build(),
        }
    }
}

/// What a file gives: its kind, the settings (a SimpleConvNet's filters, filter size and hidden size; the rest,
/// and all of a DeepConvNet's, from `base`) and the network with its weights. Sizes beyond the view's limits are
/// refused; a wrong shape is refused by `cnn_from_tensors` naming the array.
pub fn read_cnn(bytes: &[u8], base: &CnnTrainConfig) -> Result<(CnnKind, CnnTrainConfig, Net)> {
    check_start(bytes.len(), bytes)?;
    let arrays = if bytes.starts_with(b"PK") {
        npz::read_all(bytes)?.arrays
    } else {
        pickle::read_weights(bytes)?
    };
    let net = cnn_from_tensors(&arrays)?;
    let c = match net.arch().clone() {
        Arch::SimpleConv(c) => c,
        Arch::DeepConv(_) => return Ok((CnnKind::Deep, base.clone(), net)),
        Arch::Mlp => {
            return Err(crate::Error::new(
                "cnn.err.not_cnn",
                [String::from("Affine")],
            ))
        }
    };
    let within = |v: usize, r: (usize, usize)| (r.0..=r.1).contains(&v);
    ensure(
        within(c.filter_num, tc::FILTERS_RANGE)
            && within(c.filter_size, tc::FILTER_SIZE_RANGE)
            && within(c.hidden_size, tc::HIDDEN_RANGE)
            && c.input_dim.0 == 1
            && c.output_size == 10,
        "cnn.err.import_limits",
        [
            format!(
                "({}, {}, {}, {})",
                c.filter_num, c.input_dim.0, c.filter_size, c.filter_size
            ),
            c.hidden_size.to_string(),
        ],
    )?;
    let cfg = CnnTrainConfig {
        filter_num: c.filter_num,
        filter_size: c.filter_size,
        pad: c.pad,
        stride: c.stride,
        hidden_size: c.hidden_size,
        ..base.clone()
    };
    Ok((CnnKind::Simple, cfg, net))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::mnist::remote::pack_weights;

    #[test]
    fn a_saved_simple_convnet_comes_back_with_its_settings_and_weights() {
        let small = CnnTrainConfig {
            filter_num: 6,
            filter_size: 3,
            hidden_size: 20,
            seed: 9,
            ..Default::default()
        };
        let net = small.conv_config().build().unwrap();
        let bytes = npz::write(&net.to_tensors());
        let (kind, cfg, back) = read_cnn(&bytes, &CnnTrainConfig::default()).unwrap();
        assert_eq!(kind, CnnKind::Simple);
        assert_eq!(
            (cfg.filter_num, cfg.filter_size, cfg.hidden_size),
            (6, 3, 20)
        );
        assert_eq!(cfg.epochs, 20);
        assert_eq!(pack_weights(&back), pack_weights(&net));
    }

    #[test]
    fn a_deep_convnet_comes_back_with_its_weights_and_the_base_settings() {
        let deep = DeepConvNetConfig {
            seed: 5,
            ..Default::default()
        }
        .build()
        .unwrap();
        let base = CnnTrainConfig {
            n_train: 3000,
            ..Default::default()
        };
        let (kind, cfg, back) = read_cnn(&npz::write(&deep.to_tensors()), &base).unwrap();
        assert_eq!(kind, CnnKind::Deep);
        assert_eq!(cfg, base);
        assert_eq!(pack_weights(&back), pack_weights(&deep));
        // The page and the job rebuild it from the kind and unpack the weights into it.
        let mut shell = kind.build(&cfg).unwrap();
        crate::labs::mnist::remote::unpack_weights(&mut shell, &pack_weights(&deep)).unwrap();
        assert_eq!(pack_weights(&shell), pack_weights(&deep));
        // A DeepConvNet file with one wrong shape is refused naming the array.
        let mut arrays = deep.to_tensors();
        let w5 = arrays.iter_mut().find(|(n, _)| n == "W5").unwrap();
        w5.1.shape = vec![64, 16, 3, 3];
        w5.1.data.truncate(64 * 16 * 9);
        let e = read_cnn(&npz::write(&arrays), &base).unwrap_err();
        assert!(e.args.iter().any(|a| a == "W5"), "{e:?}");
    }

    #[test]
    fn wrong_shapes_and_other_files_are_refused() {
        let net = CnnTrainConfig::default().conv_config().build().unwrap();
        let mut arrays = net.to_tensors();
        // W2 of the wrong shape: the message names W2.
        let w2 = arrays.iter_mut().find(|(n, _)| n == "W2").unwrap();
        w2.1.shape = vec![4000, 108];
        let e = read_cnn(&npz::write(&arrays), &CnnTrainConfig::default()).unwrap_err();
        assert!(e.args.iter().any(|a| a == "W2"), "{e:?}");
        assert!(read_cnn(b"hello", &CnnTrainConfig::default()).is_err());
    }
}
