//! The reference numbers of DESIGN.md that the engine covers (the notes' and the book's worked examples).
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::activation::{softmax, softmax_naive, softmax_stable};
use nnlab::diff::{
    backward_diff, central_diff, forward_diff, gradient_descent, numerical_gradient, H,
};
use nnlab::loss::{cross_entropy, cross_entropy_batch, one_hot, sse, sse_batch, CEE_DELTA};

/// The book's y (softmax output) for the one-hot t = class 2.
const Y: [f32; 10] = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];

fn t2() -> Vec<f32> {
    one_hot(&[2], 10).unwrap().row(0).to_vec()
}

#[test]
fn sse_and_cee_for_the_books_example() {
    let t = t2();
    assert!((sse(&Y, &t) - 0.0975).abs() < 1e-6, "{}", sse(&Y, &t));
    let cee = cross_entropy(&Y, &t);
    // −ln(0.6 + 1e-7) = 0.510825457…
    assert!((cee - 0.510_825_4).abs() < 1e-6, "{cee}");
    assert!((cee as f64 + (0.6f64 + CEE_DELTA as f64).ln()).abs() < 1e-6);

    // 0.6 moved to class 7 (a wrong answer): the loss grows.
    let mut y7 = Y;
    y7[2] = 0.1;
    y7[7] = 0.6;
    assert!((sse(&y7, &t) - 0.5975).abs() < 1e-6, "{}", sse(&y7, &t));
    assert!(
        (cross_entropy(&y7, &t) - 2.302_584_1).abs() < 1e-5,
        "{}",
        cross_entropy(&y7, &t)
    );

    // The same two samples as a mini-batch: the batch loss is their mean.
    let y =
        ndarray::Array2::from_shape_vec((2, 10), Y.iter().chain(&y7).copied().collect()).unwrap();
    let tb = one_hot(&[2, 2], 10).unwrap();
    assert!((sse_batch(y.view(), tb.view()) - (0.0975 + 0.5975) / 2.0).abs() < 1e-6);
    assert!(
        (cross_entropy_batch(y.view(), tb.view()) - (0.510_825_4 + 2.302_584_1) / 2.0).abs() < 1e-5
    );
}

#[test]
fn central_difference_of_the_books_function() {
    let f = |x: f64| 0.01 * x * x + 0.1 * x;
    // f'(x) = 0.02x + 0.1: 0.2 at 5, 0.3 at 10. The book prints 0.1999999999990898 and 0.2999999999986347.
    let d5 = central_diff(f, 5.0, H);
    let d10 = central_diff(f, 10.0, H);
    assert!((d5 - 0.2).abs() < 1e-9, "{d5}");
    assert!((d10 - 0.3).abs() < 1e-9, "{d10}");
    assert_ne!(d5, 0.2, "rounding error should be visible, as in the book");
    // One-sided differences are off by about f''·h/2 = 1e-6.
    assert!((forward_diff(f, 5.0, H) - 0.2 - 1e-6).abs() < 1e-9);
    assert!((backward_diff(f, 5.0, H) - 0.2 + 1e-6).abs() < 1e-9);
    // In f32, h = 1e-4 is too small: rounding swamps the slope (the lab's precision switch shows this).
    let f32f = |x: f32| 0.01 * x * x + 0.1 * x;
    let e32 = (central_diff(f32f, 5.0f32, 1e-4) - 0.2).abs();
    assert!(
        e32 > 1e-4,
        "f32 with h = 1e-4 should be visibly wrong, error {e32}"
    );
    assert!((central_diff(f32f, 5.0f32, 1e-2) - 0.2).abs() < 1e-3);
}

#[test]
fn gradient_of_the_sum_of_squares() {
    let f = |x: &[f64]| x[0] * x[0] + x[1] * x[1];
    for (p, g) in [
        ([3.0, 4.0], [6.0, 8.0]),
        ([0.0, 2.0], [0.0, 4.0]),
        ([3.0, 0.0], [6.0, 0.0]),
    ] {
        let got = numerical_gradient(f, &p, H);
        for (a, b) in got.iter().zip(g) {
            assert!((a - b).abs() < 1e-6, "at {p:?}: {got:?}");
        }
    }
}

#[test]
fn gradient_descent_converges_diverges_or_stalls_with_lr() {
    let f = |x: &[f64]| x[0] * x[0] + x[1] * x[1];
    let (x, hist) = gradient_descent(f, &[-3.0, 4.0], 0.1, 100);
    // The book: [-6.11110793e-10, 8.14814391e-10]; exactly −3·0.8¹⁰⁰ and 4·0.8¹⁰⁰ up to rounding.
    assert!(
        (x[0] + 6.111_107_93e-10).abs() < 1e-15 && (x[1] - 8.148_143_91e-10).abs() < 1e-15,
        "{x:?}"
    );
    assert_eq!(hist.len(), 100);
    assert_eq!(hist[0], vec![-3.0, 4.0]);
    // Each step multiplies x by (1 − 2·lr) = 0.8.
    assert!((hist[1][0] + 2.4).abs() < 1e-9 && (hist[1][1] - 3.2).abs() < 1e-9);

    let (big, _) = gradient_descent(f, &[-3.0, 4.0], 10.0, 100);
    // The book prints [-2.58983747e+13, -1.29524862e+12]: x grows ×19 per step until x ± h rounds to x and
    // the numerical gradient becomes 0.
    // Same IEEE arithmetic as NumPy, so the same numbers.
    assert!((big[0] / -2.589_837_47e13 - 1.0).abs() < 1e-8, "{big:?}");
    assert!((big[1] / -1.295_248_62e12 - 1.0).abs() < 1e-8, "{big:?}");

    let (tiny, _) = gradient_descent(f, &[-3.0, 4.0], 1e-10, 100);
    assert!(
        (tiny[0] + 3.0).abs() < 1e-7 && (tiny[1] - 4.0).abs() < 1e-7,
        "{tiny:?}"
    );
    assert!(tiny[0] != -3.0, "it does move, a little");
}

#[test]
fn softmax_examples() {
    let y = softmax_stable(&[0.3, 2.9, 4.0]);
    // DESIGN.md's ≈ [0.0182, 0.2451, 0.7367] are truncated; the book prints [0.01821127 0.24519181 0.73659691].
    for (a, b) in y.iter().zip([0.018_211_27f32, 0.245_191_8, 0.736_596_9]) {
        assert!((a - b).abs() < 1e-6, "{y:?}");
    }
    assert!((y.iter().sum::<f32>() - 1.0).abs() < 1e-6);
    let batch = softmax(ndarray::array![[0.3f32, 2.9, 4.0]].view());
    assert_eq!(batch.row(0).to_vec(), y);

    let naive = softmax_naive(&[1010.0, 1000.0, 990.0]);
    assert!(naive.iter().any(|v| v.is_nan()), "{naive:?}");
    let stable = softmax_stable(&[1010.0, 1000.0, 990.0]);
    for (a, b) in stable
        .iter()
        .zip([0.999_954_6f32, 4.539_787e-5, 2.061_06e-9])
    {
        assert!((a - b).abs() <= 1e-5 * b, "{stable:?} vs {b}");
    }
}
