//! The book's pretrained SimpleConvNet (`ch07/params.pkl`: a pickled dict {'W1': (30, 1, 5, 5), 'b1', 'W2':
//! (4320, 100), 'b2', 'W3': (100, 10), 'b3'} of float64 arrays) or our .npz of one, read into the training view's
//! settings and a network with those weights. The bytes are parsed by the safe pickle subset and the .npz reader
//! (`data::pickle`, `data::npz`, bounded by `weights::check_start`); the shapes are checked by
//! `net::cnn_from_tensors`, which names the array that does not fit. Stride 1 and pad 0, as the book's.

use super::train_config::{self as tc, CnnTrainConfig};
use crate::data::{npz, pickle};
use crate::error::ensure;
use crate::labs::mnist::weights::check_start;
use crate::net::{cnn_from_tensors, Arch, Net};
use crate::Result;

/// The settings a SimpleConvNet file gives (its filters, filter size and hidden size; the rest from `base`),
/// and the network with its weights. DeepConvNet files (W1…W8) and sizes beyond the view's limits are refused.
pub fn read_cnn(bytes: &[u8], base: &CnnTrainConfig) -> Result<(CnnTrainConfig, Net)> {
    check_start(bytes.len(), bytes)?;
    let arrays = if bytes.starts_with(b"PK") {
        npz::read_all(bytes)?.arrays
    } else {
        pickle::read_weights(bytes)?
    };
    let net = cnn_from_tensors(&arrays)?;
    let Arch::SimpleConv(c) = net.arch().clone() else {
        return Err(crate::Error::new("cnn.err.deep_import", [""; 0]));
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
    Ok((cfg, net))
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
        let (cfg, back) = read_cnn(&bytes, &CnnTrainConfig::default()).unwrap();
        assert_eq!(
            (cfg.filter_num, cfg.filter_size, cfg.hidden_size),
            (6, 3, 20)
        );
        assert_eq!(cfg.epochs, 20);
        assert_eq!(pack_weights(&back), pack_weights(&net));
    }

    #[test]
    fn wrong_shapes_deep_nets_and_other_files_are_refused() {
        let net = CnnTrainConfig::default().conv_config().build().unwrap();
        let mut arrays = net.to_tensors();
        // W2 of the wrong shape: the message names W2.
        let w2 = arrays.iter_mut().find(|(n, _)| n == "W2").unwrap();
        w2.1.shape = vec![4000, 108];
        let e = read_cnn(&npz::write(&arrays), &CnnTrainConfig::default()).unwrap_err();
        assert!(e.args.iter().any(|a| a == "W2"), "{e:?}");
        let deep = crate::net::DeepConvNetConfig::default().build().unwrap();
        let e = read_cnn(&npz::write(&deep.to_tensors()), &CnnTrainConfig::default()).unwrap_err();
        assert_eq!(e.key, "cnn.err.deep_import");
        assert!(read_cnn(b"hello", &CnnTrainConfig::default()).is_err());
    }
}
