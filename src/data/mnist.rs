//! An MNIST data set in memory (grey bytes and labels 0–9), built from an images + labels IDX pair whose counts
//! agree, the seeded train/test split of the bundled digits, and the book's `load_mnist` options:
//! normalize (x = byte / 255, else the byte as is), flatten (784 per row), one_hot_label (t = e_label).

use ndarray::Array2;

use super::idx::{self, IdxFile, Images, PIXELS};
use crate::error::ensure;
use crate::rng::Rng;
use crate::{Error, Result};

/// Samples with labels: `pixels` is count × 784 bytes, row-major per image.
#[derive(Clone, Debug, PartialEq)]
pub struct Mnist {
    pub pixels: Vec<u8>,
    pub labels: Vec<u8>,
}

impl Mnist {
    /// Pair an images file with a labels file: both must parse and their counts must agree.
    pub fn from_idx(images: &[u8], labels: &[u8]) -> Result<Mnist> {
        let im = match idx::parse(images)? {
            IdxFile::Images(im) => im,
            IdxFile::Labels(_) => return Err(Error::new("mnist.err.want_images", [""; 0])),
        };
        let lb = match idx::parse(labels)? {
            IdxFile::Labels(l) => l,
            IdxFile::Images(_) => return Err(Error::new("mnist.err.want_labels", [""; 0])),
        };
        Mnist::from_parts(im, lb)
    }

    pub fn from_parts(images: Images, labels: Vec<u8>) -> Result<Mnist> {
        ensure(
            images.count == labels.len(),
            "mnist.err.counts",
            [images.count, labels.len()],
        )?;
        Ok(Mnist {
            pixels: images.pixels,
            labels,
        })
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The 784 bytes of sample i.
    pub fn image(&self, i: usize) -> &[u8] {
        &self.pixels[i * PIXELS..(i + 1) * PIXELS]
    }

    /// How many samples of each digit.
    pub fn class_counts(&self) -> [usize; 10] {
        let mut c = [0; 10];
        for &l in &self.labels {
            c[l as usize % 10] += 1;
        }
        c
    }

    /// The samples at `idx`, in that order.
    pub fn subset(&self, idx: &[usize]) -> Mnist {
        let mut pixels = Vec::with_capacity(idx.len() * PIXELS);
        for &i in idx {
            pixels.extend_from_slice(self.image(i));
        }
        Mnist {
            pixels,
            labels: idx.iter().map(|&i| self.labels[i]).collect(),
        }
    }

    /// The first n samples.
    pub fn head(&self, n: usize) -> Mnist {
        let n = n.min(self.len());
        Mnist {
            pixels: self.pixels[..n * PIXELS].to_vec(),
            labels: self.labels[..n].to_vec(),
        }
    }

    /// A seeded split: shuffle the indices with `Rng::new(seed)`, the first `n_train` train, the next `n_test` test.
    pub fn split(&self, n_train: usize, n_test: usize, seed: u64) -> Result<(Mnist, Mnist)> {
        ensure(n_train >= 1, "err.min", ["mnist.n_train", "1", "0"])?;
        ensure(n_test >= 1, "err.min", ["mnist.n_test", "1", "0"])?;
        ensure(
            n_train + n_test <= self.len(),
            "mnist.err.split",
            [n_train, n_test, self.len()],
        )?;
        let mut order: Vec<usize> = (0..self.len()).collect();
        Rng::new(seed).shuffle(&mut order);
        Ok((
            self.subset(&order[..n_train]),
            self.subset(&order[n_train..n_train + n_test]),
        ))
    }

    /// x as the book's `load_mnist(normalize, flatten=True)`: one row of 784 per sample, byte/255 or the byte.
    pub fn x(&self, normalize: bool) -> Array2<f32> {
        let scale = if normalize { 1.0 / 255.0 } else { 1.0 };
        Array2::from_shape_fn((self.len(), PIXELS), |(i, j)| {
            self.pixels[i * PIXELS + j] as f32 * scale
        })
    }

    /// t as one-hot rows (one_hot_label=True).
    pub fn t_one_hot(&self) -> Array2<f32> {
        Array2::from_shape_fn((self.len(), 10), |(i, k)| {
            f32::from(self.labels[i] as usize == k)
        })
    }

    pub fn labels_usize(&self) -> Vec<usize> {
        self.labels.iter().map(|&l| l as usize).collect()
    }
}
