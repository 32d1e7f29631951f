//! What a trained network does on the test set: predictions in batches of 100 (the notes' batch inference),
//! accuracy = #(argmax y = t)/N, the confusion matrix C[t][y] (rows: true digit, columns: predicted),
//! the misclassified digits with their softmax probabilities, and W1's columns as 28 × 28 images.

use ndarray::{s, Array2, ArrayView2};

use crate::loss::argmax_rows;
use crate::net::Net;
use crate::Result;

/// The notes' `batch_size = 100`.
pub const BATCH: usize = 100;

/// The network's predictions on a set.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Softmax probabilities, one row per sample.
    pub probs: Array2<f32>,
    pub preds: Vec<usize>,
    pub accuracy: f32,
    /// confusion[t][y]: how many samples of digit t were predicted y.
    pub confusion: [[usize; 10]; 10],
}

/// Run `net` over x in batches of `BATCH` and compare with `labels`.
pub fn report(net: &mut Net, x: ArrayView2<f32>, labels: &[usize]) -> Result<Report> {
    let mut b = ReportBuilder::new(net, x.nrows());
    b.advance(net, x, usize::MAX)?;
    Ok(b.finish(labels))
}

/// A report built a few batches at a time, so that a big network's evaluation can be spread over animation
/// frames instead of freezing the page (a 784-1024×6-10 network takes seconds on the 10,000 test digits).
#[derive(Clone, Debug)]
pub struct ReportBuilder {
    probs: Array2<f32>,
    next: usize,
}

impl ReportBuilder {
    pub fn new(net: &Net, n: usize) -> ReportBuilder {
        ReportBuilder {
            probs: Array2::zeros((n, net.sizes().last().copied().unwrap_or(10))),
            next: 0,
        }
    }

    /// Evaluate up to `rows` more rows (whole batches of `BATCH`, at least one). Whether all are done.
    pub fn advance(&mut self, net: &mut Net, x: ArrayView2<f32>, rows: usize) -> Result<bool> {
        let n = self.probs.nrows().min(x.nrows());
        let stop = self.next.saturating_add(rows.max(BATCH)).min(n);
        while self.next < stop {
            let end = (self.next + BATCH).min(n);
            let y = net.predict(&x.slice(s![self.next..end, ..]).to_owned())?;
            self.probs.slice_mut(s![self.next..end, ..]).assign(&y);
            self.next = end;
        }
        Ok(self.next >= n)
    }

    /// (rows done, rows in all).
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.probs.nrows())
    }

    /// The report, comparing the predictions with `labels`.
    pub fn finish(self, labels: &[usize]) -> Report {
        let n = self.probs.nrows();
        let preds = argmax_rows(self.probs.view());
        let mut confusion = [[0usize; 10]; 10];
        let mut right = 0;
        for (&t, &y) in labels.iter().zip(&preds) {
            confusion[t % 10][y % 10] += 1;
            right += usize::from(t == y);
        }
        Report {
            accuracy: right as f32 / n.max(1) as f32,
            probs: self.probs,
            preds,
            confusion,
        }
    }
}

impl Report {
    /// Indices of the misclassified samples, most confident mistakes first, at most `max`.
    pub fn misclassified(&self, labels: &[usize], max: usize) -> Vec<usize> {
        let mut wrong: Vec<usize> = (0..self.preds.len())
            .filter(|&i| self.preds[i] != labels[i])
            .collect();
        wrong.sort_by(|&a, &b| {
            let pa = self.probs[[a, self.preds[a]]];
            let pb = self.probs[[b, self.preds[b]]];
            pb.total_cmp(&pa)
        });
        wrong.truncate(max);
        wrong
    }

    /// Recall per digit: C[t][t] / Σ_y C[t][y].
    pub fn recall(&self, t: usize) -> f32 {
        let row: usize = self.confusion[t].iter().sum();
        self.confusion[t][t] as f32 / row.max(1) as f32
    }
}

/// W1's column j (the weights into hidden unit j) as a 784-value image, for every j.
pub fn first_layer_images(w1: ArrayView2<f32>) -> Vec<Vec<f32>> {
    (0..w1.ncols()).map(|j| w1.column(j).to_vec()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::NetConfig;

    #[test]
    fn confusion_rows_sum_to_the_class_counts() {
        let mut net = NetConfig {
            hidden: vec![8],
            ..Default::default()
        }
        .build()
        .unwrap();
        let x = Array2::from_shape_fn((250, 784), |(i, j)| ((i * 7 + j) % 13) as f32 / 13.0);
        let labels: Vec<usize> = (0..250).map(|i| i % 10).collect();
        let r = report(&mut net, x.view(), &labels).unwrap();
        assert_eq!(r.probs.dim(), (250, 10));
        for t in 0..10 {
            assert_eq!(r.confusion[t].iter().sum::<usize>(), 25);
        }
        let diag: usize = (0..10).map(|t| r.confusion[t][t]).sum();
        assert!((r.accuracy - diag as f32 / 250.0).abs() < 1e-6);
        let wrong = r.misclassified(&labels, 1000);
        assert_eq!(wrong.len(), 250 - diag);
        assert!(wrong
            .windows(2)
            .all(|w| r.probs[[w[0], r.preds[w[0]]]] >= r.probs[[w[1], r.preds[w[1]]]]));
        // Built a batch at a time, the report is the same.
        let mut b = ReportBuilder::new(&net, 250);
        let mut calls = 0;
        while !b.advance(&mut net, x.view(), 1).unwrap() {
            calls += 1;
            assert_eq!(b.progress(), (100 * calls, 250));
        }
        assert_eq!(calls, 2);
        assert_eq!(b.finish(&labels), r);
    }
}
