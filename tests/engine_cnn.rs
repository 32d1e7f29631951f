//! The CNN layers of chapter 7: im2col/col2im against hand-computed cases, Convolution against a direct
//! convolution loop, and the backward of Convolution and Pooling against central differences (several shapes,
//! pads and strides).
//!
//! The numerical side perturbs f32 inputs by h = 1e-2 and takes differences in f64 (`numerical_gradient_array`).
//! Convolution is linear in x, W and b, so central differences have no truncation error there: only f32
//! rounding, about 1e-5 relative. Pooling is piecewise linear; its inputs are distinct values 0.1 apart, so no
//! ±h step changes which input is the maximum. `TOL` = 1e-3 still fails on any real mistake (a transposed
//! filter, a wrong offset or a gradient routed to the wrong cell gives errors of order 0.1 to 1).
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::{array, Array1, Array2, Array4};
use nnlab::diff::numerical_gradient_array;
use nnlab::layer::{col2im, im2col, ConvShape, Convolution, Layer, Pooling};
use nnlab::rng::Rng;

const H: f32 = 1e-2;
const TOL: f64 = 1e-3;

fn randn(rows: usize, cols: usize, rng: &mut Rng) -> Array2<f32> {
    Array2::from_shape_simple_fn((rows, cols), || rng.normal())
}

fn rel_err<D: ndarray::Dimension>(a: &ndarray::Array<f32, D>, b: &ndarray::Array<f32, D>) -> f64 {
    assert_eq!(a.shape(), b.shape());
    let norm = |it: &mut dyn Iterator<Item = f64>| it.map(|v| v * v).sum::<f64>().sqrt();
    let diff = norm(&mut a.iter().zip(b).map(|(x, y)| (x - y) as f64));
    let scale = norm(&mut a.iter().map(|&x| x as f64)) + norm(&mut b.iter().map(|&x| x as f64));
    assert!(
        scale > 1e-6,
        "both gradients are ~0: the check would prove nothing"
    );
    diff / scale
}

/// L = Σ out ⊙ R for a fixed random R, so ∂L/∂out = R.
fn projected(out: &Array2<f32>, r: &Array2<f32>) -> f32 {
    out.iter()
        .zip(r)
        .map(|(&o, &r)| o as f64 * r as f64)
        .sum::<f64>() as f32
}

#[test]
fn im2col_unrolls_patches_as_the_book_does() {
    // One 3×3 image 1…9, 2×2 filter, stride 1: four patches, each a row in (fy, fx) order.
    let x = Array2::from_shape_fn((1, 9), |(_, i)| (i + 1) as f32);
    let s = ConvShape::new((1, 3, 3), (2, 2), 1, 0).unwrap();
    let col = im2col(x.view(), &s).unwrap();
    assert_eq!(
        col,
        array![
            [1., 2., 4., 5.],
            [2., 3., 5., 6.],
            [4., 5., 7., 8.],
            [5., 6., 8., 9.]
        ]
    );
    // Pad 1, stride 2, 3×3 filter: OH = (3 + 2 − 3)/2 + 1 = 2; zeros where the window hangs over the edge.
    let s = ConvShape::new((1, 3, 3), (3, 3), 2, 1).unwrap();
    let col = im2col(x.view(), &s).unwrap();
    assert_eq!(
        col,
        array![
            [0., 0., 0., 0., 1., 2., 0., 4., 5.],
            [0., 0., 0., 2., 3., 0., 5., 6., 0.],
            [0., 4., 5., 0., 7., 8., 0., 0., 0.],
            [5., 6., 0., 8., 9., 0., 0., 0., 0.]
        ]
    );
    // Two channels and two samples: columns are (c, fy, fx), rows (n, oy, ox).
    let x = array![
        [1., 2., 3., 4., 5., 6., 7., 8.],
        [9., 10., 11., 12., 13., 14., 15., 16.]
    ];
    let s = ConvShape::new((2, 2, 2), (2, 2), 1, 0).unwrap();
    assert_eq!(im2col(x.view(), &s).unwrap(), x);
    let s = ConvShape::new((2, 2, 2), (1, 1), 1, 0).unwrap();
    assert_eq!(
        im2col(x.view(), &s).unwrap(),
        array![
            [1., 5.],
            [2., 6.],
            [3., 7.],
            [4., 8.],
            [9., 13.],
            [10., 14.],
            [11., 15.],
            [12., 16.]
        ]
    );
    // A batch of the wrong width is an error, not a panic.
    assert_eq!(
        im2col(x.view(), &ConvShape::new((1, 3, 3), (2, 2), 1, 0).unwrap())
            .unwrap_err()
            .key,
        "err.shape"
    );
}

#[test]
fn col2im_sums_every_patch_back_into_its_cells() {
    // A col of ones counts how many 2×2 windows cover each cell of a 3×3 image.
    let s = ConvShape::new((1, 3, 3), (2, 2), 1, 0).unwrap();
    let ones = Array2::ones((4, 4));
    let counts = col2im(ones.view(), 1, &s).unwrap();
    assert_eq!(counts, array![[1., 2., 1., 2., 4., 2., 1., 2., 1.]]);
    // col2im(im2col(x)) = x ⊙ counts; the padding is dropped.
    let x = Array2::from_shape_fn((1, 9), |(_, i)| (i + 1) as f32);
    let s = ConvShape::new((1, 3, 3), (3, 3), 2, 1).unwrap();
    let back = col2im(im2col(x.view(), &s).unwrap().view(), 1, &s).unwrap();
    // Windows at (−1, −1), (−1, 1), (1, −1), (1, 1): the centre is in all four, edges in two, corners in one.
    let counts = array![[1., 2., 1., 2., 4., 2., 1., 2., 1.]];
    assert_eq!(back, &x * &counts);
    assert_eq!(col2im(ones.view(), 2, &s).unwrap_err().key, "err.shape");
}

/// out[n, f, oy, ox] = b[f] + Σ_c,fy,fx W[f, c, fy, fx] · x[n, c, oy·S + fy − P, ox·S + fx − P], in f64.
fn direct_conv(x: &Array2<f32>, w: &Array4<f32>, b: &Array1<f32>, s: &ConvShape) -> Array2<f32> {
    let fnum = w.dim().0;
    let mut out = Array2::zeros((x.nrows(), fnum * s.oh * s.ow));
    for n in 0..x.nrows() {
        for f in 0..fnum {
            for oy in 0..s.oh {
                for ox in 0..s.ow {
                    let mut acc = b[f] as f64;
                    for c in 0..s.c {
                        for fy in 0..s.fh {
                            for fx in 0..s.fw {
                                let iy = (oy * s.stride + fy) as isize - s.pad as isize;
                                let ix = (ox * s.stride + fx) as isize - s.pad as isize;
                                if iy < 0 || ix < 0 || iy >= s.h as isize || ix >= s.w as isize {
                                    continue;
                                }
                                let xv = x[[n, (c * s.h + iy as usize) * s.w + ix as usize]];
                                acc += w[[f, c, fy, fx]] as f64 * xv as f64;
                            }
                        }
                    }
                    out[[n, (f * s.oh + oy) * s.ow + ox]] = acc as f32;
                }
            }
        }
    }
    out
}

/// (N, (C, H, W), FN, (FH, FW), stride, pad).
type ConvCase = (
    usize,
    (usize, usize, usize),
    usize,
    (usize, usize),
    usize,
    usize,
);

/// Square and not, padded and not, strided and not.
const CONV_CASES: [ConvCase; 5] = [
    (2, (1, 5, 5), 3, (3, 3), 1, 0),
    (3, (2, 6, 5), 4, (3, 2), 1, 1),
    (2, (3, 7, 7), 2, (3, 3), 2, 1),
    (1, (2, 6, 6), 3, (2, 2), 2, 0),
    (2, (1, 4, 4), 2, (3, 3), 1, 2),
];

#[test]
fn convolution_forward_matches_a_direct_loop() {
    let mut rng = Rng::new(11);
    for (n, input, fnum, (fh, fw), stride, pad) in CONV_CASES {
        let w = Array4::from_shape_simple_fn((fnum, input.0, fh, fw), || rng.normal());
        let b = Array1::from_shape_simple_fn(fnum, || rng.normal());
        let x = randn(n, input.0 * input.1 * input.2, &mut rng);
        let mut conv = Convolution::new(w.clone(), b.clone(), input, stride, pad).unwrap();
        let out = conv.forward(&x).clone();
        let want = direct_conv(&x, &w, &b, conv.shape());
        let err = (&out - &want).mapv(f32::abs).fold(0.0f32, |a, &b| a.max(b));
        assert!(
            err < 1e-5,
            "{input:?} {fh}×{fw} S{stride} P{pad}: max error {err}"
        );
    }
}

#[test]
fn convolution_backward_matches_numerical_for_x_w_and_b() {
    let mut rng = Rng::new(12);
    for (n, input, fnum, (fh, fw), stride, pad) in CONV_CASES {
        let what = format!("{input:?} {fh}×{fw} S{stride} P{pad}");
        let w = Array4::from_shape_simple_fn((fnum, input.0, fh, fw), || rng.normal());
        let b = Array1::from_shape_simple_fn(fnum, || rng.normal());
        let x = randn(n, input.0 * input.1 * input.2, &mut rng);
        let fresh = |w: &Array4<f32>, b: &Array1<f32>| {
            Convolution::new(w.clone(), b.clone(), input, stride, pad).unwrap()
        };
        let mut conv = fresh(&w, &b);
        let out = conv.forward(&x).clone();
        let r = randn(out.nrows(), out.ncols(), &mut rng);
        let dx = conv.backward(&r).clone();

        let num_x = numerical_gradient_array(&mut x.clone(), H, |x| {
            projected(fresh(&w, &b).forward(x), &r)
        });
        let e = rel_err(&dx, &num_x);
        assert!(e < TOL, "{what} dx: {e:e}");
        let num_w = numerical_gradient_array(&mut w.clone(), H, |w| {
            projected(fresh(w, &b).forward(&x), &r)
        });
        let e = rel_err(&conv.dW, &num_w);
        assert!(e < TOL, "{what} dW: {e:e}");
        let num_b = numerical_gradient_array(&mut b.clone(), H, |b| {
            projected(fresh(&w, b).forward(&x), &r)
        });
        let e = rel_err(&conv.db, &num_b);
        assert!(e < TOL, "{what} db: {e:e}");

        // The first layer's shortcut computes the same dW and db without dx.
        let mut first = fresh(&w, &b);
        first.forward(&x);
        first.backward_params(&r);
        assert_eq!(first.dW, conv.dW, "{what}");
        assert_eq!(first.db, conv.db, "{what}");
    }
}

#[test]
fn max_pooling_takes_the_maximum_and_routes_the_gradient_back_to_it() {
    // The book's figure 7-14: 2×2 windows, stride 2, over one 4×4 channel.
    let x = array![[1., 2., 1., 0., 0., 1., 2., 3., 3., 0., 4., 2., 2., 4., 0., 1.]];
    let mut pool = Pooling::new((1, 4, 4), (2, 2), 2, 0).unwrap();
    assert_eq!(pool.forward(&x), &array![[2., 3., 4., 4.]]);
    let arg: Vec<_> = pool.arg_max().collect();
    assert_eq!(arg, [Some(1), Some(7), Some(13), Some(10)]);
    let dx = pool.backward(&array![[10., 20., 30., 40.]]).clone();
    let mut want = Array2::zeros((1, 16));
    for (i, v) in [(1, 10.), (7, 20.), (13, 30.), (10, 40.)] {
        want[[0, i]] = v;
    }
    assert_eq!(dx, want);
    // Ties go to the first maximum in the window (np.argmax); overlapping windows sum their gradients.
    let mut pool = Pooling::new((1, 2, 3), (2, 2), 1, 0).unwrap();
    pool.forward(&array![[5., 5., 1., 0., 0., 0.]]);
    assert_eq!(
        pool.backward(&array![[1., 2.]]),
        &array![[1., 2., 0., 0., 0., 0.]]
    );
    // With padding, a window of negatives takes the padding's 0, and no gradient goes to the padding.
    let mut pool = Pooling::new((1, 1, 1), (2, 2), 1, 1).unwrap();
    assert_eq!(pool.forward(&array![[-3.]]), &array![[0., 0., 0., 0.]]);
    assert_eq!(pool.backward(&array![[1., 1., 1., 1.]]), &array![[0.]]);
    // Bad geometry is refused with the formula.
    let e = Pooling::new((1, 5, 5), (2, 2), 2, 0).unwrap_err();
    assert_eq!(e.key, "err.conv_not_integer");
}

#[test]
fn pooling_backward_matches_numerical() {
    let mut rng = Rng::new(13);
    // (N, (C, H, W), (PH, PW), stride, pad)
    let cases = [
        (2, (2, 4, 4), (2, 2), 2, 0),
        (1, (3, 6, 4), (3, 2), 1, 0),
        (2, (1, 5, 5), (3, 3), 2, 1),
        (1, (2, 3, 3), (2, 2), 1, 1),
    ];
    for (n, input, pool, stride, pad) in cases {
        let len = input.0 * input.1 * input.2;
        // Distinct values 0.1 apart, shuffled, partly negative, none within 0.05 of the padding's 0: no ±h step
        // changes a maximum.
        let mut vals: Vec<f32> = (0..n * len).map(|i| 0.1 * i as f32 - 1.05).collect();
        rng.shuffle(&mut vals);
        let x = Array2::from_shape_vec((n, len), vals).unwrap();
        let fresh = || Pooling::new(input, pool, stride, pad).unwrap();
        let mut layer = fresh();
        let out = layer.forward(&x).clone();
        let r = randn(out.nrows(), out.ncols(), &mut rng);
        let dx = layer.backward(&r).clone();
        let num =
            numerical_gradient_array(&mut x.clone(), H, |x| projected(fresh().forward(x), &r));
        let e = rel_err(&dx, &num);
        assert!(e < TOL, "{input:?} {pool:?} S{stride} P{pad}: {e:e}");
        // Every output cell sends its whole gradient to one input (or to the padding): the sums agree.
        let routed: f64 = dx.iter().map(|&v| v as f64).sum();
        let padded: f64 = layer
            .arg_max()
            .zip(r.iter())
            .filter(|(a, _)| a.is_none())
            .map(|(_, &g)| g as f64)
            .sum();
        let total: f64 = r.iter().map(|&v| v as f64).sum();
        assert!((routed + padded - total).abs() < 1e-4);
    }
}
