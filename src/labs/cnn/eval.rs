//! A loaded network's accuracy on the test digits, measured a batch at a time so the worker (or the page,
//! time-sliced) can report progress between batches: accuracy = (number of argmax y = t) / n.

use ndarray::s;

use crate::labs::mnist::session::Data;
use crate::loss::argmax_rows;
use crate::net::Net;
use crate::Result;

/// Digits per batch: the book's `accuracy(x, t, batch_size=100)`.
pub const EVAL_BATCH: usize = 100;

/// How far the measurement is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Evaluation {
    pub done: usize,
    pub correct: usize,
    pub n: usize,
}

impl Evaluation {
    pub fn new(data: &Data) -> Evaluation {
        Evaluation {
            n: data.test_labels.len(),
            ..Default::default()
        }
    }

    pub fn is_done(&self) -> bool {
        self.done >= self.n
    }

    /// The accuracy so far (over the digits measured), NaN before any.
    pub fn accuracy(&self) -> f32 {
        if self.done == 0 {
            f32::NAN
        } else {
            self.correct as f32 / self.done as f32
        }
    }

    /// Measure the next batch (test mode: Dropout multiplies by 1 − ratio). Whether digits are left.
    pub fn step(&mut self, net: &mut Net, data: &Data) -> Result<bool> {
        if self.is_done() {
            return Ok(false);
        }
        let end = (self.done + EVAL_BATCH).min(self.n);
        let x = data.x_test.slice(s![self.done..end, ..]).to_owned();
        let y = net.predict(&x)?;
        self.correct += argmax_rows(y.view())
            .iter()
            .zip(&data.test_labels[self.done..end])
            .filter(|(a, b)| a == b)
            .count();
        self.done = end;
        Ok(!self.is_done())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::mnist::Mnist;
    use crate::net::DeepConvNetConfig;

    #[test]
    fn batches_add_up_to_the_accuracy_of_the_whole_set() {
        // 250 digits: two full batches and one of 50.
        let n = 250;
        let pixels: Vec<u8> = (0..n * 784).map(|i| ((i * 7919) % 256) as u8).collect();
        let labels: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
        let m = Mnist { pixels, labels };
        let data = Data::new(m.clone(), m);
        let mut net = DeepConvNetConfig::default().build().unwrap();
        let whole = net
            .accuracy_labels(&data.x_test, &data.test_labels)
            .unwrap();
        let mut e = Evaluation::new(&data);
        assert!(e.accuracy().is_nan());
        let mut steps = 0;
        while e.step(&mut net, &data).unwrap() {
            steps += 1;
        }
        assert_eq!((steps, e.done, e.n), (2, 250, 250));
        assert!(e.is_done());
        assert!(!e.step(&mut net, &data).unwrap());
        assert!(
            (e.accuracy() - whole).abs() < 1e-6,
            "{} vs {whole}",
            e.accuracy()
        );
    }
}
