//! Two layers worked with numbers (ch5.6–5.7): the Affine layer Y = X·W + B with its shapes
//! (dX = dY·Wᵀ, dW = Xᵀ·dY, dB = Σₙ dY over the batch axis), and Softmax-with-Loss, whose gradient is y − t.
//! Both run through the engine's own layers, so what the page shows is what the networks use.

use ndarray::{array, Array1, Array2};

use crate::layer::{Affine, Layer, LossLayer, SoftmaxWithLoss};

/// The Affine layer for a batch of N = 2 samples of 2 features into 3 units, forward and backward.
#[allow(non_snake_case)]
#[derive(Clone, Debug, PartialEq)]
pub struct AffineExample {
    pub X: Array2<f32>,
    pub W: Array2<f32>,
    pub B: Array1<f32>,
    pub Y: Array2<f32>,
    pub dY: Array2<f32>,
    pub dX: Array2<f32>,
    pub dW: Array2<f32>,
    pub dB: Array1<f32>,
}

/// X: N×2, W: 2×3, B: 3 → Y: N×3. dY is the book's bias example [[1, 2, 3], [4, 5, 6]] (dB = [5, 7, 9]).
#[allow(non_snake_case)]
pub fn affine_example() -> AffineExample {
    let X = array![[1.0f32, 2.0], [3.0, -1.0]];
    let W = array![[0.1f32, 0.2, 0.3], [0.4, 0.5, 0.6]];
    let B = array![1.0f32, 2.0, 3.0];
    let dY = array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let mut layer = Affine::new(W.clone(), B.clone());
    let Y = layer.forward(&X).clone();
    let dX = layer.backward(&dY).clone();
    AffineExample {
        dW: layer.dW.clone(),
        dB: layer.db.clone(),
        X,
        W,
        B,
        Y,
        dY,
        dX,
    }
}

/// Softmax-with-Loss for one sample: scores a, one-hot t, y = softmax(a), L = −Σ t log y, ∂L/∂a = y − t.
#[derive(Clone, Debug, PartialEq)]
pub struct SoftmaxExample {
    pub a: Vec<f32>,
    pub t: Vec<f32>,
    pub y: Vec<f32>,
    pub loss: f32,
    pub da: Vec<f32>,
}

/// The book's softmax input [0.3, 2.9, 4.0] with the answer in class 2.
pub fn softmax_example() -> SoftmaxExample {
    let a = vec![0.3f32, 2.9, 4.0];
    let t = vec![0.0f32, 0.0, 1.0];
    let mut layer = SoftmaxWithLoss::default();
    let row = |v: &[f32]| Array2::from_shape_vec((1, v.len()), v.to_vec()).expect("1 × n");
    let loss = layer.forward(&row(&a), &row(&t));
    let da = layer.backward(1.0).iter().copied().collect();
    let y = layer.output().iter().copied().collect();
    SoftmaxExample { a, t, y, loss, da }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affine_shapes_and_gradients_match_the_hand_computation() {
        let e = affine_example();
        assert_eq!(e.Y.dim(), (2, 3));
        assert_eq!((e.dX.dim(), e.dW.dim(), e.dB.len()), ((2, 2), (2, 3), 3));
        // Y row 0: [1·0.1 + 2·0.4 + 1, 1·0.2 + 2·0.5 + 2, 1·0.3 + 2·0.6 + 3] = [1.9, 3.2, 4.5].
        // Y row 1: [3·0.1 − 0.4 + 1, 3·0.2 − 0.5 + 2, 3·0.3 − 0.6 + 3] = [0.9, 2.1, 3.3].
        let y = [[1.9, 3.2, 4.5], [0.9, 2.1, 3.3]];
        // dX = dY·Wᵀ: row 0 [0.1 + 0.4 + 0.9, 0.4 + 1.0 + 1.8] = [1.4, 3.2]; row 1 [0.4 + 1.0 + 1.8, 1.6 + 2.5 + 3.6].
        let dx = [[1.4, 3.2], [3.2, 7.7]];
        // dW = Xᵀ·dY: [1·1 + 3·4, 1·2 + 3·5, 1·3 + 3·6] and [2·1 − 4, 2·2 − 5, 2·3 − 6].
        let dw = [[13.0, 17.0, 21.0], [-2.0, -1.0, 0.0]];
        for i in 0..2 {
            for j in 0..3 {
                assert!((e.Y[[i, j]] - y[i][j]).abs() < 1e-5, "Y[{i}][{j}]");
                assert!((e.dW[[i, j]] - dw[i][j]).abs() < 1e-5, "dW[{i}][{j}]");
            }
            for (j, want) in dx[i].iter().enumerate() {
                assert!((e.dX[[i, j]] - want).abs() < 1e-5, "dX[{i}][{j}]");
            }
        }
        assert_eq!(e.dB.to_vec(), vec![5.0, 7.0, 9.0]);
    }

    #[test]
    fn softmax_with_loss_gradient_is_y_minus_t() {
        let e = softmax_example();
        // softmax([0.3, 2.9, 4.0]) = [0.01821127, 0.24519181, 0.73659691] (the book prints these);
        // L = −ln 0.73659691 = 0.3057145.
        let want = [0.018_211_27, 0.245_191_8, 0.736_596_9];
        for (k, want) in want.iter().enumerate() {
            assert!((e.y[k] - want).abs() < 1e-6, "y[{k}] = {}", e.y[k]);
            assert!((e.da[k] - (e.y[k] - e.t[k])).abs() < 1e-7);
        }
        assert!((e.loss - 0.305_714_5).abs() < 1e-5, "{}", e.loss);
        assert!(e.da[2] < 0.0 && e.da[0] > 0.0);
    }
}
