//! Evaluation without backward (issue #17): the forward pass in evaluation mode through each layer's `infer`,
//! which keeps nothing only `backward` would read, on rows borrowed from the data instead of copied, into the
//! layers' own buffers (which keep their largest size, so switching between training batches and evaluation
//! chunks allocates nothing). right = #{n : argmax yₙ = argmax tₙ} (one sigmoid unit: (yₙ > ½) = (tₙ > ½)).
//!
//! The numbers are the forward's, bit for bit: every layer does the same arithmetic, only without the copies.

use ndarray::{Array2, ArrayView2, Zip};

use super::{Net, NetLayer, Output};
use crate::activation::{sigmoid, softmax_into};
use crate::layer::{reuse, Layer};
use crate::loss::argmax_rows;
use crate::Result;

impl Net {
    /// The last layer's output (the scores before softmax/sigmoid) for the rows `x`, in evaluation mode.
    /// Errors: x of the wrong width.
    pub fn infer_scores(&mut self, x: ArrayView2<f32>) -> Result<&Array2<f32>> {
        self.check_x(&x)?;
        self.set_mode(false);
        Ok(infer_layers(&mut self.layers, x))
    }

    /// How many rows of `x` are predicted right against the targets `t` (one-hot; 0/1 for one sigmoid unit),
    /// in evaluation mode: `accuracy` × N, computed without copying x or t. Errors: shapes that do not fit.
    pub fn count_right(&mut self, x: ArrayView2<f32>, t: ArrayView2<f32>) -> Result<usize> {
        self.check_xt(&x, &t)?;
        self.set_mode(false);
        let kind = self.config.output_kind;
        let single = self.config.output == 1;
        let Net { layers, eval_y, .. } = self;
        let scores = infer_layers(layers, x);
        // y exactly as `predict` gives it, so that ties resolve as they always did.
        let y = match kind {
            Output::Softmax => {
                softmax_into(scores.view(), reuse(eval_y, scores.dim()));
                &*eval_y
            }
            Output::Sigmoid => {
                Zip::from(reuse(eval_y, scores.dim()))
                    .and(scores)
                    .for_each(|y, &s| *y = sigmoid(s));
                &*eval_y
            }
            Output::Identity => scores,
        };
        Ok(if single {
            y.iter()
                .zip(t.iter())
                .filter(|(&y, &t)| (y > 0.5) == (t > 0.5))
                .count()
        } else {
            argmax_rows(y.view())
                .iter()
                .zip(argmax_rows(t))
                .filter(|(a, b)| **a == *b)
                .count()
        })
    }
}

/// The evaluation forward: the first layer reads the borrowed rows, each next one the previous one's buffer.
fn infer_layers<'a>(layers: &'a mut [NetLayer], x: ArrayView2<f32>) -> &'a Array2<f32> {
    let (first, rest) = layers.split_first_mut().expect("a net has layers");
    let mut z = first.infer_first(x);
    for layer in rest {
        z = layer.infer(z);
    }
    z
}
