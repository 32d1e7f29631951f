//! The book's chapter 6 experiments on MNIST: optimizers compared on one network (`optimizer_compare_mnist.py`),
//! activation histograms for each weight init (`weight_init_activation_histogram.py`), and overfitting on 300
//! samples with weight decay or dropout (`overfit_weight_decay.py`, `overfit_dropout.py`).

pub mod init_histogram;
pub mod link;
pub mod optimizer_compare;
pub mod overfit;
pub mod smooth;

use ndarray::Array2;

use crate::data::mnist::Mnist;

/// x (byte/255) and one-hot t for the samples `idx` of `data`, built straight from the bytes, so an experiment
/// never keeps an f32 copy of the whole training set.
pub fn batch(data: &Mnist, idx: &[usize]) -> (Array2<f32>, Array2<f32>) {
    let b = data.subset(idx);
    (b.x(true), b.t_one_hot())
}
