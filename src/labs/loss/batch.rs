//! A mini-batch of N examples scored at once: Eₙ = −Σₖ tₙₖ log(yₙₖ + δ) per example and the book's batch
//! CEE E = (1/N) Σₙ Eₙ (divided by batch_size, so the loss does not grow with the batch).

use ndarray::Array2;

use crate::labs::loss::{BOOK_Y, BOOK_Y_WRONG, K};
use crate::labs::route_vec::read_index;
use crate::loss::{cross_entropy, cross_entropy_batch, sse, sse_batch};
use crate::urlstate::Route;

/// The batch holds the lab's current example plus up to this many fixed ones.
pub const EXTRA: usize = 4;
pub const MAX_SIZE: usize = EXTRA + 1;

/// Fixed outputs for the other rows: the book's two, a confident "5", and an undecided uniform output.
pub const EXAMPLES: [[f32; K]; EXTRA] = [
    BOOK_Y,
    [0.01, 0.01, 0.01, 0.01, 0.01, 0.91, 0.01, 0.01, 0.01, 0.01],
    [0.1; K],
    BOOK_Y_WRONG,
];

/// Batch size N (row 0 is the current example) and the labels of the fixed rows.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchConfig {
    pub size: usize,
    pub labels: [usize; EXTRA],
}

impl Default for BatchConfig {
    /// Three examples; the fixed rows labelled so that one is right, one is right and sure, one is unsure.
    fn default() -> Self {
        BatchConfig {
            size: 3,
            labels: [2, 5, 3, 2],
        }
    }
}

/// One row of the batch table.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchRow {
    pub y: Vec<f32>,
    pub label: usize,
    /// yₙ at the true class, the only output CEE looks at.
    pub y_true: f32,
    pub cee: f32,
    pub sse: f32,
    /// Whether argmax y is the label.
    pub correct: bool,
}

/// The rows, the batch means (through the engine's batch losses) and the accuracy.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    pub rows: Vec<BatchRow>,
    pub mean_cee: f32,
    pub mean_sse: f32,
    pub accuracy: f32,
}

impl BatchConfig {
    /// Score the batch whose first row is (`y0`, `t0`), the lab's current example.
    pub fn compute(&self, y0: &[f32], t0: usize) -> Batch {
        let n = self.size.clamp(1, MAX_SIZE);
        let mut ys: Vec<(Vec<f32>, usize)> = vec![(y0.to_vec(), t0)];
        for (y, &label) in EXAMPLES.iter().zip(&self.labels).take(n - 1) {
            ys.push((y.to_vec(), label));
        }
        let mut y_mat = Array2::<f32>::zeros((n, K));
        let mut t_mat = Array2::<f32>::zeros((n, K));
        let mut rows = Vec::new();
        for (i, (y, label)) in ys.into_iter().enumerate() {
            let label = label.min(K - 1);
            let mut t = [0.0f32; K];
            t[label] = 1.0;
            for k in 0..K {
                y_mat[[i, k]] = y.get(k).copied().unwrap_or(0.0);
                t_mat[[i, k]] = t[k];
            }
            let correct = crate::labs::softmax_demo::argmax(&y) == label;
            rows.push(BatchRow {
                y_true: y.get(label).copied().unwrap_or(0.0),
                cee: cross_entropy(&y, &t),
                sse: sse(&y, &t),
                correct,
                label,
                y,
            });
        }
        let accuracy = rows.iter().filter(|r| r.correct).count() as f32 / n as f32;
        Batch {
            mean_cee: cross_entropy_batch(y_mat.view(), t_mat.view()),
            mean_sse: sse_batch(y_mat.view(), t_mat.view()),
            accuracy,
            rows,
        }
    }

    pub fn write(&self, r: &mut Route) {
        r.set("bn", self.size);
        let l: Vec<String> = self.labels.iter().map(|k| k.to_string()).collect();
        r.set("bt", l.join(","));
    }

    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        // 1..=MAX_SIZE; 0 or too big falls back.
        let size = match read_index(r, "bn", MAX_SIZE + 1, d.size) {
            0 => d.size,
            s => s,
        };
        let labels = match r.list("bt") {
            Some(list) if list.len() == EXTRA => {
                let parsed: Vec<usize> = list
                    .iter()
                    .filter_map(|s| s.parse::<usize>().ok().filter(|&k| k < K))
                    .collect();
                <[usize; EXTRA]>::try_from(parsed).unwrap_or(d.labels)
            }
            _ => d.labels,
        };
        BatchConfig { size, labels }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The book's CEE of the wrong guess, −ln(0.1 + 1e-7) ≈ ln 10 = 2.3026.
    const BOOK_WRONG_CEE: f32 = std::f32::consts::LN_10;

    #[test]
    fn the_batch_mean_divides_by_the_batch_size() {
        let b = BatchConfig::default().compute(&BOOK_Y_WRONG, 2);
        assert_eq!(b.rows.len(), 3);
        let mean: f32 = b.rows.iter().map(|r| r.cee).sum::<f32>() / 3.0;
        assert!((b.mean_cee - mean).abs() < 1e-5, "{} vs {mean}", b.mean_cee);
        // Row 0 is the book's wrong guess (2.3026), row 1 the book's right one (0.5108), row 2 −log(0.91).
        assert!(
            (b.rows[0].cee - BOOK_WRONG_CEE).abs() < 1e-4 && (b.rows[1].cee - 0.5108).abs() < 1e-4
        );
        assert!((b.rows[2].cee - -(0.91f32 + 1e-7).ln()).abs() < 1e-5);
        assert!((b.accuracy - 2.0 / 3.0).abs() < 1e-6);
        let sse_mean: f32 = b.rows.iter().map(|r| r.sse).sum::<f32>() / 3.0;
        assert!((b.mean_sse - sse_mean).abs() < 1e-5);
    }

    #[test]
    fn a_batch_of_one_is_the_example_itself_and_labels_matter() {
        let one = BatchConfig {
            size: 1,
            ..Default::default()
        }
        .compute(&BOOK_Y, 2);
        assert_eq!(one.rows.len(), 1);
        assert!((one.mean_cee - 0.5108).abs() < 1e-4);
        let mut c = BatchConfig {
            size: 5,
            ..Default::default()
        };
        let before = c.compute(&BOOK_Y, 2).mean_cee;
        c.labels[2] = 0; // the uniform row: −log(0.1) either way
        assert!((c.compute(&BOOK_Y, 2).mean_cee - before).abs() < 1e-6);
        c.labels[1] = 0; // the confident "5" labelled 0: −log(0.01) is much worse
        assert!(c.compute(&BOOK_Y, 2).mean_cee > before + 0.5);
    }

    #[test]
    fn settings_round_trip_and_bad_ones_fall_back() {
        let c = BatchConfig {
            size: 5,
            labels: [9, 0, 1, 2],
        };
        let mut r = Route::new("loss");
        c.write(&mut r);
        assert_eq!(BatchConfig::read(&Route::parse(&r.to_hash())), c);
        assert_eq!(
            BatchConfig::read(&Route::parse("#loss?bn=0&bt=1,2,3,10")),
            BatchConfig::default()
        );
    }
}
