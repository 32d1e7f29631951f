//! Gradient checks: every layer's backward, every loss's ∂E/∂y and whole networks against central differences.
//!
//! The numerical side perturbs the f32 inputs by h = 1e-2 (the book's 1e-4 would drown in f32 rounding) and
//! accumulates in f64. Errors are relative, ‖backprop − numerical‖ / (‖backprop‖ + ‖numerical‖). The truncation
//! error is ~h²·f'''/6 ≈ 1e-5 and rounding ~1e-6/h ≈ 1e-4 at worst, so `TOL` = 2e-3 leaves a margin but still fails
//! on any real mistake (a wrong sign, a missing 1/N or a transposed W gives errors of order 0.1 to 1).
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::{Array1, Array2, Zip};
use nnlab::activation::Activation;
use nnlab::diff::numerical_gradient_array;
use nnlab::init::Init;
use nnlab::layer::{
    Affine, Dropout, Elementwise, IdentityWithLoss, Layer, LeakyRelu, LossLayer, Relu, Sigmoid,
    SigmoidWithLoss, SoftmaxWithLoss, Tanh,
};
use nnlab::loss;
use nnlab::net::{NetConfig, Output};
use nnlab::rng::Rng;

const H: f32 = 1e-2;
const TOL: f64 = 2e-3;

fn randn(rows: usize, cols: usize, rng: &mut Rng) -> Array2<f32> {
    Array2::from_shape_simple_fn((rows, cols), || rng.normal())
}

/// Random inputs kept at least 0.1 away from 0, so that no ±h step crosses ReLU's kink.
fn randn_off_kink(rows: usize, cols: usize, rng: &mut Rng) -> Array2<f32> {
    randn(rows, cols, rng).mapv(|v| {
        if v.abs() < 0.1 {
            v.signum() * 0.1 + v
        } else {
            v
        }
    })
}

fn rel_err(a: &Array2<f32>, b: &Array2<f32>) -> f64 {
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

/// L = Σ out ⊙ R for a fixed random R, so ∂L/∂out = R: checks backward for an arbitrary upstream gradient.
fn projected(out: &Array2<f32>, r: &Array2<f32>) -> f32 {
    out.iter()
        .zip(r)
        .map(|(&o, &r)| o as f64 * r as f64)
        .sum::<f64>() as f32
}

/// Backward dx vs the numerical ∂L/∂x for a layer; `fresh` makes an identical layer (same state and mask).
fn check_layer<L: Layer>(name: &str, fresh: impl Fn() -> L, x: &Array2<f32>, rng: &mut Rng) {
    let mut layer = fresh();
    let out = layer.forward(x).clone();
    let r = randn(out.nrows(), out.ncols(), rng);
    let dx = layer.backward(&r).clone();
    let mut xm = x.clone();
    let num = numerical_gradient_array(&mut xm, H, |x| projected(fresh().forward(x), &r));
    assert_eq!(&xm, x, "numerical_gradient_array must restore x");
    let e = rel_err(&dx, &num);
    assert!(e < TOL, "{name}: relative error {e:e}");
}

#[test]
fn activation_layers_backward_matches_numerical() {
    let mut rng = Rng::new(1);
    let x = randn_off_kink(4, 6, &mut rng);
    check_layer("Relu", Relu::default, &x, &mut rng);
    check_layer("LeakyRelu", || LeakyRelu::new(0.1), &x, &mut rng);
    check_layer("Sigmoid", Sigmoid::default, &x, &mut rng);
    check_layer("Tanh", Tanh::default, &x, &mut rng);
    check_layer(
        "Identity",
        || Elementwise::new(Activation::Identity),
        &x,
        &mut rng,
    );
    check_layer(
        "Elementwise(tanh)",
        || Elementwise::new(Activation::Tanh),
        &x,
        &mut rng,
    );
    // Step passes no gradient at all, and numerically (away from 0) it is flat too.
    let mut step = Elementwise::new(Activation::Step);
    step.forward(&x);
    assert!(step
        .backward(&Array2::ones(x.raw_dim()))
        .iter()
        .all(|&v| v == 0.0));
}

#[test]
fn affine_backward_matches_numerical_for_x_w_and_b() {
    let mut rng = Rng::new(2);
    let x = randn(3, 4, &mut rng);
    let w = randn(4, 5, &mut rng);
    let b = Array1::from_shape_simple_fn(5, || rng.normal());
    check_layer(
        "Affine dx",
        || Affine::new(w.clone(), b.clone()),
        &x,
        &mut rng,
    );

    let mut layer = Affine::new(w.clone(), b.clone());
    let out = layer.forward(&x);
    let r = randn(out.nrows(), out.ncols(), &mut rng);
    layer.backward(&r);
    let mut wm = w.clone();
    let num_w = numerical_gradient_array(&mut wm, H, |w| {
        projected(Affine::new(w.clone(), b.clone()).forward(&x), &r)
    });
    assert!(
        rel_err(&layer.dW, &num_w) < TOL,
        "dW: {:e}",
        rel_err(&layer.dW, &num_w)
    );
    let mut bm = b.clone();
    let num_b = numerical_gradient_array(&mut bm, H, |b| {
        projected(Affine::new(w.clone(), b.clone()).forward(&x), &r)
    });
    let (db, num_b) = (
        layer.db.clone().insert_axis(ndarray::Axis(0)),
        num_b.insert_axis(ndarray::Axis(0)),
    );
    assert!(rel_err(&db, &num_b) < TOL, "db: {:e}", rel_err(&db, &num_b));
}

#[test]
fn dropout_backward_matches_numerical_with_a_fixed_mask() {
    let mut rng = Rng::new(3);
    let x = randn(5, 8, &mut rng);
    // A clone of the layer draws the same mask, so every numerical forward sees one fixed mask.
    let template = Dropout::new(0.5, 99);
    check_layer("Dropout(train)", || template.clone(), &x, &mut rng);
    let mut d = template.clone();
    let out = d.forward(&x).clone();
    let kept = d.mask().unwrap().iter().filter(|&&m| m).count();
    assert!(kept > 5 && kept < 35, "about half kept, got {kept} of 40");
    Zip::from(&out)
        .and(&x)
        .and(d.mask().unwrap())
        .for_each(|&o, &x, &m| assert_eq!(o, if m { x } else { 0.0 }));
    // Evaluation mode: out = x·(1 − ratio), no randomness, and its gradient too.
    let eval = || {
        let mut d = Dropout::new(0.3, 5);
        d.set_train(false);
        d
    };
    check_layer("Dropout(eval)", eval, &x, &mut rng);
    assert!((eval().forward(&x)[[0, 0]] - 0.7 * x[[0, 0]]).abs() < 1e-7);
}

fn check_loss_layer<L: LossLayer>(
    name: &str,
    fresh: impl Fn() -> L,
    x: &Array2<f32>,
    t: &Array2<f32>,
) {
    let mut layer = fresh();
    let l = layer.forward(x, t);
    assert!(l.is_finite() && l > 0.0);
    let dx = layer.backward(1.0).clone();
    let mut xm = x.clone();
    let num = numerical_gradient_array(&mut xm, H, |x| fresh().forward(x, t));
    let e = rel_err(&dx, &num);
    assert!(e < TOL, "{name}: relative error {e:e}");
    // dout scales the gradient (the chain rule from a later node).
    let mut layer = fresh();
    layer.forward(x, t);
    let dx2 = layer.backward(2.0);
    assert!(rel_err(dx2, &(&dx * 2.0)) < 1e-6);
}

#[test]
fn loss_layers_backward_matches_numerical() {
    let mut rng = Rng::new(4);
    let x = randn(4, 3, &mut rng);
    let t = loss::one_hot(&[0, 2, 1, 2], 3).unwrap();
    check_loss_layer("SoftmaxWithLoss", SoftmaxWithLoss::default, &x, &t);
    let tb = Array2::from_shape_vec((4, 1), vec![1.0, 0.0, 0.0, 1.0]).unwrap();
    check_loss_layer(
        "SigmoidWithLoss",
        SigmoidWithLoss::default,
        &x.slice(ndarray::s![.., 0..1]).to_owned(),
        &tb,
    );
    let treg = randn(4, 3, &mut rng);
    check_loss_layer("IdentityWithLoss", IdentityWithLoss::default, &x, &treg);
}

#[test]
fn every_loss_gradient_matches_numerical() {
    let mut rng = Rng::new(5);
    // y strictly inside (0, 1), as probabilities are, and at least 0.1 from the ends so that y ± h stays inside.
    let y = Array2::from_shape_simple_fn((3, 4), || rng.uniform_range(0.1, 0.9));
    let t = loss::one_hot(&[1, 3, 0], 4).unwrap();
    type Loss = fn(ndarray::ArrayView2<f32>, ndarray::ArrayView2<f32>) -> f32;
    type Grad = fn(ndarray::ArrayView2<f32>, ndarray::ArrayView2<f32>) -> Array2<f32>;
    let cases: [(&str, Loss, Grad); 4] = [
        ("sse", loss::sse_batch, loss::sse_batch_grad),
        ("mse", loss::mse_batch, loss::mse_batch_grad),
        (
            "cee",
            loss::cross_entropy_batch,
            loss::cross_entropy_batch_grad,
        ),
        (
            "bce",
            loss::binary_cross_entropy_batch,
            loss::binary_cross_entropy_batch_grad,
        ),
    ];
    for (name, f, g) in cases {
        let analytic = g(y.view(), t.view());
        let mut ym = y.clone();
        let num = numerical_gradient_array(&mut ym, H, |y| f(y.view(), t.view()));
        let e = rel_err(&analytic, &num);
        assert!(e < TOL, "{name}: relative error {e:e}");
    }
}

fn check_net(cfg: NetConfig, seed: u64) -> f32 {
    check_net_h(cfg, seed, H)
}

fn check_net_h(cfg: NetConfig, seed: u64, h: f32) -> f32 {
    let mut net = cfg.build().unwrap();
    let mut rng = Rng::new(seed);
    let n = 6;
    let x = randn(n, cfg.input, &mut rng);
    let t = match cfg.output_kind {
        Output::Softmax => loss::one_hot(
            &(0..n).map(|i| i % cfg.output).collect::<Vec<_>>(),
            cfg.output,
        )
        .unwrap(),
        Output::Sigmoid => Array2::from_shape_fn((n, cfg.output), |(i, _)| (i % 2) as f32),
        Output::Identity => randn(n, cfg.output, &mut rng),
    };
    let backprop = net.gradient(&x, &t).unwrap();
    let numerical = net.numerical_gradient_h(&x, &t, h).unwrap();
    assert_eq!(
        backprop.names(),
        vec!["W1", "b1", "W2", "b2", "W3", "b3"][..2 * net.depth()].to_vec()
    );
    // Both passes see the same loss (the numerical pass must not disturb the weights).
    assert!((backprop.loss - numerical.loss).abs() < 1e-6);
    assert!((net.loss(&x, &t).unwrap() - backprop.loss).abs() < 1e-6);
    let e = backprop.relative_error(&numerical);
    assert!(
        e < TOL as f32,
        "{cfg:?}: relative error {e:e}, mean |diff| {:?}",
        backprop.mean_abs_diff(&numerical)
    );
    e
}

/// The smallest |a| over the hidden layers for the data `check_net` builds from `seed`.
fn min_hidden_preactivation(cfg: &NetConfig, seed: u64) -> f32 {
    let mut net = cfg.build().unwrap();
    let mut rng = Rng::new(seed);
    let x = randn(6, cfg.input, &mut rng);
    let t = loss::one_hot(
        &(0..6).map(|i| i % cfg.output).collect::<Vec<_>>(),
        cfg.output,
    )
    .unwrap();
    let trace = net.trace(&x, &t).unwrap();
    let hidden = &trace.layers[..trace.layers.len() - 1];
    hidden
        .iter()
        .flat_map(|l| l.a.iter())
        .fold(f32::INFINITY, |m, &a| m.min(a.abs()))
}

fn net3(act: Vec<Activation>, output_kind: Output, weight_decay: f32) -> NetConfig {
    NetConfig {
        input: 4,
        hidden: vec![5, 3],
        activation: act,
        output: if output_kind == Output::Sigmoid { 1 } else { 3 },
        output_kind,
        // Xavier keeps every layer's gradient of a similar size, so all six arrays are checked meaningfully.
        init: Init::Xavier,
        dropout: 0.0,
        batchnorm: false,
        weight_decay,
        seed: 7,
    }
}

#[test]
fn whole_networks_match_numerical_gradients() {
    use Activation::*;
    check_net(net3(vec![Tanh, Sigmoid], Output::Softmax, 0.0), 1);
    check_net(net3(vec![Tanh, Sigmoid], Output::Softmax, 0.1), 2);
    // Two sigmoid layers shrink the gradient (σ' ≤ ¼ each); wider weights keep it well above f32 rounding.
    check_net(
        NetConfig {
            init: Init::Std(1.0),
            ..net3(vec![Sigmoid], Output::Sigmoid, 0.0)
        },
        3,
    );
    check_net(net3(vec![Tanh], Output::Identity, 0.05), 4);
    check_net(net3(vec![LeakyRelu(0.1), Tanh], Output::Softmax, 0.0), 5);
    // ReLU is not differentiable at 0: where a pre-activation a lies within h of 0 the central difference
    // straddles the kink and disagrees with backprop's one-sided slope. (With all of a sample's layer-1 units
    // off, a⁽²⁾ = b2 = 0 exactly, right on the kink.) A step h in one weight moves a by up to h·|z| (|z| up to
    // ~3 here), and downstream layers too. So use a smaller h = 1e-3 (rounding error then ~1e-4, still far
    // below TOL), check the seeds whose every |a| ≥ 30h, and require enough of them to mean something.
    let mut checked = 0;
    for seed in 0..24 {
        let cfg = NetConfig {
            seed,
            ..net3(vec![Relu], Output::Softmax, 0.0)
        };
        if min_hidden_preactivation(&cfg, 6 + seed) >= 30.0 * 1e-3 {
            check_net_h(cfg, 6 + seed, 1e-3);
            checked += 1;
        }
    }
    assert!(
        checked >= 3,
        "only {checked} ReLU seeds were away from the kink"
    );
    // No hidden layer: softmax regression.
    check_net(
        NetConfig {
            hidden: vec![],
            ..net3(vec![Relu], Output::Softmax, 0.0)
        },
        7,
    );
}

#[test]
fn weight_decay_adds_half_lambda_w_squared_and_lambda_w() {
    let plain = net3(vec![Activation::Tanh], Output::Softmax, 0.0);
    let decayed = NetConfig {
        weight_decay: 0.5,
        ..plain.clone()
    };
    let (mut a, mut b) = (plain.build().unwrap(), decayed.build().unwrap());
    let mut rng = Rng::new(8);
    let x = randn(3, 4, &mut rng);
    let t = loss::one_hot(&[0, 1, 2], 3).unwrap();
    let sum_w2: f32 = a
        .param_names()
        .iter()
        .filter(|n| n.starts_with('W'))
        .map(|n| a.param(n).unwrap().mapv(|w| w * w).sum())
        .sum();
    let (la, lb) = (a.loss(&x, &t).unwrap(), b.loss(&x, &t).unwrap());
    assert!((lb - la - 0.25 * sum_w2).abs() < 1e-5, "{la} {lb} {sum_w2}");
    let (ga, gb) = (a.gradient(&x, &t).unwrap(), b.gradient(&x, &t).unwrap());
    let w1 = a.param("W1").unwrap().to_owned();
    let expect = ga.get("W1").unwrap() + &(w1 * 0.5);
    assert!((gb.get("W1").unwrap() - &expect)
        .iter()
        .all(|d| d.abs() < 1e-6));
    assert_eq!(ga.get("b1"), gb.get("b1"), "biases are not decayed");
}

#[test]
fn trace_keeps_a_z_and_delta_consistent_with_backprop() {
    let cfg = net3(
        vec![Activation::Tanh, Activation::Sigmoid],
        Output::Softmax,
        0.0,
    );
    let mut net = cfg.build().unwrap();
    let mut rng = Rng::new(9);
    let x = randn(5, 4, &mut rng);
    let t = loss::one_hot(&[0, 1, 2, 1, 0], 3).unwrap();
    let trace = net.trace(&x, &t).unwrap();
    assert_eq!(trace.layers.len(), 3);
    // z = h(a) layer by layer, and a = z_prev·W + b.
    let l1 = &trace.layers[0];
    assert!(rel_err(&l1.z, &l1.a.mapv(f32::tanh)) < 1e-6);
    let affine2 = net.affine(2).unwrap();
    let a2 = l1.z.dot(&affine2.W) + &affine2.b;
    assert!(rel_err(&trace.layers[1].a, &a2) < 1e-6);
    // Output δ = (y − t)/N, and dW3 = z2ᵀ·δ3.
    let out = &trace.layers[2];
    assert!(rel_err(&out.delta, &((&out.z - &t) / 5.0)) < 1e-6);
    let dw3 = trace.layers[1].z.t().dot(&out.delta).into_dyn();
    assert!((trace.grads.get("W3").unwrap() - &dw3)
        .iter()
        .all(|d| d.abs() < 1e-6));
    // Without dropout the trace's gradients are backprop's.
    let g = net.gradient(&x, &t).unwrap();
    assert!(g.relative_error(&trace.grads) < 1e-6);
    assert!((g.loss - trace.loss).abs() < 1e-6);
}

// ---- BatchNormalization (§6.3)

#[test]
fn batch_norm_backward_matches_numerical_in_training_mode() {
    use nnlab::layer::BatchNormalization;
    let mut rng = Rng::new(61);
    // Columns of different means and spreads, and γ, β away from 1 and 0, so every term of the backward counts.
    let x = Array2::from_shape_fn((8, 4), |(_, j)| {
        rng.normal() * (0.5 + j as f32) + 2.0 * j as f32 - 1.0
    });
    let gamma = Array1::from(vec![1.5, -0.7, 0.3, 2.0]);
    let beta = Array1::from(vec![0.1, -0.2, 0.5, 0.0]);
    let fresh = || BatchNormalization::with_params(gamma.clone(), beta.clone());
    check_layer("BatchNormalization (train)", fresh, &x, &mut rng);
    // dγ and dβ against central differences of L = Σ out ⊙ R.
    let mut layer = fresh();
    let out = layer.forward(&x).clone();
    let r = randn(out.nrows(), out.ncols(), &mut rng);
    layer.backward(&r);
    for which in ["gamma", "beta"] {
        let p0 = if which == "gamma" { &gamma } else { &beta };
        let mut p = p0.clone().insert_axis(ndarray::Axis(0));
        let num = numerical_gradient_array(&mut p, H, |p| {
            let p = p.row(0).to_owned();
            let mut l = if which == "gamma" {
                BatchNormalization::with_params(p, beta.clone())
            } else {
                BatchNormalization::with_params(gamma.clone(), p)
            };
            projected(l.forward(&x), &r)
        });
        let analytic = if which == "gamma" {
            &layer.dgamma
        } else {
            &layer.dbeta
        };
        let e = rel_err(&analytic.clone().insert_axis(ndarray::Axis(0)), &num);
        assert!(e < TOL, "d{which}: relative error {e:e}");
    }
}

#[test]
fn batch_norm_evaluation_uses_the_running_statistics() {
    use nnlab::layer::{BatchNormalization, BN_EPS};
    let mut rng = Rng::new(62);
    let x1 = randn(10, 3, &mut rng).mapv(|v| 3.0 * v + 1.0);
    let x2 = randn(10, 3, &mut rng).mapv(|v| 0.5 * v - 2.0);
    let mut bn = BatchNormalization::new(3);
    // Training: each column of y has mean β = 0 and variance ≈ 1 (γ = 1), whatever x was.
    let y = bn.forward(&x1).clone();
    for j in 0..3 {
        let c = y.column(j);
        let m = c.mean().unwrap();
        let v = c.mapv(|v| (v - m) * (v - m)).mean().unwrap();
        assert!(
            m.abs() < 1e-5 && (v - 1.0).abs() < 1e-4,
            "column {j}: {m} {v}"
        );
    }
    let (mu1, var1) = (bn.batch_mean().clone(), bn.batch_var().clone());
    bn.forward(&x2);
    let (mu2, var2) = (bn.batch_mean().clone(), bn.batch_var().clone());
    // running = 0.9·running + 0.1·batch, from 0.
    let rm = (&mu1 * 0.1) * 0.9 + &mu2 * 0.1;
    let rv = (&var1 * 0.1) * 0.9 + &var2 * 0.1;
    for j in 0..3 {
        assert!((bn.running_mean[j] - rm[j]).abs() < 1e-5);
        assert!((bn.running_var[j] - rv[j]).abs() < 1e-5);
    }
    bn.set_train(false);
    let y = bn.forward(&x1).clone();
    for ((i, j), &v) in y.indexed_iter() {
        let want = (x1[[i, j]] - rm[j]) / (rv[j] + BN_EPS).sqrt();
        assert!(
            (v - want).abs() < 1e-4 * want.abs().max(1.0),
            "({i},{j}): {v} vs {want}"
        );
    }
    // Evaluation does not move the running statistics.
    assert!((bn.running_mean[0] - rm[0]).abs() < 1e-6);
    // Its backward is the fixed affine map's: dx = γ dy / √(running_var + ε).
    let fresh = || {
        let mut l = bn.clone();
        l.set_train(false);
        l
    };
    check_layer("BatchNormalization (eval)", fresh, &x1, &mut rng);
}

#[test]
fn networks_with_batch_norm_match_numerical_gradients_in_training_mode() {
    use Activation::*;
    for (acts, out, wd, seed) in [
        (vec![Tanh, Sigmoid], Output::Softmax, 0.0, 71),
        (vec![Tanh], Output::Identity, 0.05, 72),
        (vec![Sigmoid, Tanh], Output::Softmax, 0.1, 73),
    ] {
        let cfg = NetConfig {
            batchnorm: true,
            ..net3(acts, out, wd)
        };
        let mut net = cfg.build().unwrap();
        assert_eq!(net.norm_count(), 2);
        let mut rng = Rng::new(seed);
        let n = 6;
        let x = randn(n, cfg.input, &mut rng);
        let t = match out {
            Output::Identity => randn(n, cfg.output, &mut rng),
            _ => loss::one_hot(
                &(0..n).map(|i| i % cfg.output).collect::<Vec<_>>(),
                cfg.output,
            )
            .unwrap(),
        };
        let backprop = net.gradient(&x, &t).unwrap();
        let before: Vec<f32> = net
            .layers()
            .iter()
            .filter_map(|l| l.batch_norm())
            .flat_map(|b| b.running_mean.to_vec())
            .collect();
        let numerical = net.numerical_gradient(&x, &t).unwrap();
        let after: Vec<f32> = net
            .layers()
            .iter()
            .filter_map(|l| l.batch_norm())
            .flat_map(|b| b.running_mean.to_vec())
            .collect();
        assert_eq!(
            before, after,
            "the numerical gradient restores the running statistics"
        );
        assert_eq!(
            backprop.names(),
            vec!["W1", "b1", "W2", "b2", "W3", "b3", "gamma1", "beta1", "gamma2", "beta2"]
        );
        assert!((backprop.loss - numerical.loss).abs() < 1e-5);
        // A bias right before batch norm has no effect on the loss (the mean is subtracted again): both
        // gradients of b1, b2 are 0 up to rounding, where a relative error means nothing. Check them apart.
        for name in ["b1", "b2"] {
            for g in [&backprop, &numerical] {
                assert!(
                    g.get(name).unwrap().iter().all(|v| v.abs() < 1e-4),
                    "{name}"
                );
            }
        }
        let keep = |g: &nnlab::net::Grads| nnlab::net::Grads {
            entries: g
                .entries
                .iter()
                .filter(|(n, _)| n != "b1" && n != "b2")
                .cloned()
                .collect(),
            loss: g.loss,
        };
        let (backprop_k, numerical_k) = (keep(&backprop), keep(&numerical));
        let e = backprop_k.relative_error(&numerical_k);
        assert!(
            e < TOL as f32,
            "{cfg:?}: relative error {e:e}, mean |diff| {:?}",
            backprop_k.mean_abs_diff(&numerical_k)
        );
        // The optimizer updates γ and β too.
        let g1 = net.param("gamma1").unwrap().to_owned();
        let mut sgd = nnlab::optim::Sgd::new(nnlab::optim::SgdConfig { lr: 0.5 });
        net.apply(&mut sgd);
        let g1b = net.param("gamma1").unwrap().to_owned();
        let dg = backprop.get("gamma1").unwrap();
        for ((a, b), d) in g1.iter().zip(g1b.iter()).zip(dg.iter()) {
            assert!((b - (a - 0.5 * d)).abs() < 1e-6);
        }
    }
}

/// The same checks through our matrix product (src/gemm/), which the browser build uses for every layer.
#[test]
fn the_checks_hold_through_our_matrix_product() {
    nnlab::gemm::use_ours_on_this_thread(true);
    affine_backward_matches_numerical_for_x_w_and_b();
    whole_networks_match_numerical_gradients();
    batch_norm_backward_matches_numerical_in_training_mode();
}
