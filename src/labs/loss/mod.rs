//! The loss-functions lab (ch4.2): a network output y (ten values, or softmax of ten scores) against a one-hot
//! label t, scored by SSE E = ½Σₖ(yₖ − tₖ)² and CEE E = −Σₖ tₖ log(yₖ + δ), δ = 1e-7; a mini-batch mean; and
//! why accuracy cannot be the loss. This file holds the settings (URL state) and the book's presets.

pub mod accuracy;
pub mod batch;
pub mod terms;

use crate::activation::softmax_stable;
use crate::labs::route_vec::{read_array, read_index, write_list};
use crate::urlstate::Route;

/// Ten classes, as for MNIST digits.
pub const K: usize = 10;
/// Limits stated in the UI.
pub const Y_RANGE: (f32, f32) = (0.0, 1.0);
pub const SCORE_RANGE: (f32, f32) = (-50.0, 50.0);

/// The book's output for a "2": y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0].
pub const BOOK_Y: [f32; K] = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
/// The book's wrong guess: the 0.6 moved to class 7 (the label is still 2).
pub const BOOK_Y_WRONG: [f32; K] = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
/// The book's label: class 2.
pub const BOOK_T: usize = 2;

/// Where y comes from: typed directly, or softmax of typed scores a (so it always sums to 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YMode {
    Probabilities,
    Scores,
}

/// The lab's settings; they round-trip through the URL.
#[derive(Clone, Debug, PartialEq)]
pub struct LossLabConfig {
    pub mode: YMode,
    /// y as typed (mode Probabilities), each in [0, 1].
    pub y: [f32; K],
    /// Scores a for y = softmax(a) (mode Scores).
    pub scores: [f32; K],
    /// The true class: t is one-hot at this index.
    pub t: usize,
    pub batch: batch::BatchConfig,
    /// Where the accuracy/loss readout points, on the swept weight w.
    pub w: f32,
}

impl Default for LossLabConfig {
    /// The book's example: the output for a "2", labelled 2 (SSE 0.0975, CEE 0.5108).
    fn default() -> Self {
        LossLabConfig {
            mode: YMode::Probabilities,
            y: BOOK_Y,
            scores: [0.0, 0.5, 3.0, -1.0, 0.5, 1.0, -1.0, 1.0, -1.0, -1.0],
            t: BOOK_T,
            batch: batch::BatchConfig::default(),
            w: accuracy::W_DEFAULT,
        }
    }
}

/// The presets a teacher needs: the book's right and wrong guesses (both labelled 2).
pub const PRESETS: [&str; 2] = ["book_right", "book_wrong"];

impl LossLabConfig {
    /// Apply a preset by name (an unknown name changes nothing).
    pub fn apply_preset(&mut self, name: &str) {
        let y = match name {
            "book_right" => BOOK_Y,
            "book_wrong" => BOOK_Y_WRONG,
            _ => return,
        };
        self.mode = YMode::Probabilities;
        self.y = y;
        self.t = BOOK_T;
    }

    /// The y the losses score: as typed, or softmax of the scores.
    pub fn y_effective(&self) -> Vec<f32> {
        match self.mode {
            YMode::Probabilities => self.y.to_vec(),
            YMode::Scores => softmax_stable(&self.scores),
        }
    }

    /// The one-hot t.
    pub fn t_one_hot(&self) -> [f32; K] {
        let mut t = [0.0; K];
        t[self.t.min(K - 1)] = 1.0;
        t
    }

    /// y divided by its sum, so it sums to 1 (unchanged if the sum is 0: nothing to scale).
    pub fn normalize(&mut self) {
        let s: f32 = self.y.iter().sum();
        if s > 0.0 {
            for v in &mut self.y {
                *v /= s;
            }
        }
    }

    pub fn write(&self, r: &mut Route) {
        r.set("m", if self.mode == YMode::Scores { "s" } else { "p" });
        write_list(r, "y", &self.y);
        write_list(r, "s", &self.scores);
        r.set("t", self.t);
        self.batch.write(r);
        r.set("w", self.w);
    }

    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        LossLabConfig {
            mode: match r.get("m") {
                Some("s") => YMode::Scores,
                Some("p") => YMode::Probabilities,
                _ => d.mode,
            },
            y: read_array(r, "y", Y_RANGE.0, Y_RANGE.1, d.y),
            scores: read_array(r, "s", SCORE_RANGE.0, SCORE_RANGE.1, d.scores),
            t: read_index(r, "t", K, d.t),
            batch: batch::BatchConfig::read(r),
            w: r.f32_in("w", accuracy::W_RANGE.0, accuracy::W_RANGE.1, d.w),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_the_url() {
        let mut c = LossLabConfig {
            mode: YMode::Scores,
            t: 7,
            w: -1.5,
            ..Default::default()
        };
        c.scores[3] = 4.25;
        c.batch.size = 5;
        c.batch.labels[1] = 9;
        let mut r = Route::new("loss");
        c.write(&mut r);
        assert_eq!(LossLabConfig::read(&Route::parse(&r.to_hash())), c);
    }

    #[test]
    fn bad_url_values_fall_back_to_the_books_example() {
        let c = LossLabConfig::read(&Route::parse(
            "#loss?m=x&y=2,0,0,0,0,0,0,0,0,0&t=12&w=99&bn=9",
        ));
        assert_eq!(c, LossLabConfig::default());
    }

    #[test]
    fn presets_normalize_and_softmax_mode() {
        let mut c = LossLabConfig::default();
        c.apply_preset("book_wrong");
        assert_eq!((c.y[7], c.y[2], c.t), (0.6, 0.1, 2));
        c.y = [0.5; K];
        c.normalize();
        assert!((c.y.iter().sum::<f32>() - 1.0).abs() < 1e-6 && (c.y[0] - 0.1).abs() < 1e-7);
        c.mode = YMode::Scores;
        let y = c.y_effective();
        assert!((y.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert_eq!(
            crate::labs::softmax_demo::argmax(&y),
            2,
            "the largest score wins: {y:?}"
        );
        assert_eq!(c.t_one_hot().iter().sum::<f32>(), 1.0);
    }
}
