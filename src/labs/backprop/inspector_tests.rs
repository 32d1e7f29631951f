//! Native tests of the inspector: a 2-2-1 network worked by hand, the stage order, the mini-batch mean,
//! and XOR actually being learned.

use ndarray::{array, Array2};

use super::*;

/// Sigmoid in f64, for the hand computation.
fn s(v: f64) -> f64 {
    1.0 / (1.0 + (-v).exp())
}

fn hand_net(cfg: &BackpropLabConfig) -> Net {
    let mut net = Inspector::new(cfg).unwrap().net;
    // W1 is in × out (the book's layout): W1[i][j] = note 001's w⁽¹⁾_{j,i}.
    let w1: Array2<f32> = array![[0.1, 0.3], [0.2, 0.4]];
    net.set_param("W1", w1.view().into_dyn()).unwrap();
    net.set_param("b1", array![0.1f32, -0.2].view().into_dyn())
        .unwrap();
    net.set_param("W2", array![[0.5f32], [-0.6]].view().into_dyn())
        .unwrap();
    net.set_param("b2", array![0.2f32].view().into_dyn())
        .unwrap();
    net
}

#[test]
fn a_2_2_1_network_reproduces_the_hand_worked_numbers() {
    // Sample 3 of XOR: x = (1, 1), t = 0. Worked by hand (in f64 below):
    //   a⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾ = (0.1 + 0.2 + 0.1, 0.3 + 0.4 − 0.2) = (0.4, 0.5)
    //   z⁽¹⁾ = σ(a⁽¹⁾) = (0.598688, 0.622459)
    //   a⁽²⁾ = 0.5·0.598688 − 0.6·0.622459 + 0.2 = 0.125868,  y = z⁽²⁾ = σ(a⁽²⁾) = 0.531426
    //   C = −ln(1 − y) = 0.758060 (cross-entropy with t = 0)
    //   δ⁽²⁾ = y − t = 0.531426
    //   W⁽²⁾ᵀδ⁽²⁾ = (0.5·0.531426, −0.6·0.531426) = (0.265713, −0.318855)
    //   h'(a⁽¹⁾) = z(1 − z) = (0.240261, 0.235004)
    //   δ⁽¹⁾ = h'(a⁽¹⁾) ⊙ W⁽²⁾ᵀδ⁽²⁾ = (0.063840, −0.074932)
    //   ∂C/∂w⁽²⁾_{0,i} = δ⁽²⁾ z⁽¹⁾_i = (0.318158, 0.330791),  ∂C/∂b⁽²⁾ = 0.531426
    //   ∂C/∂w⁽¹⁾_{j,i} = δ⁽¹⁾_j x_i = 0.063840 (j = 0) and −0.074932 (j = 1) for both i
    //   update with lr 1: W⁽²⁾ → (0.181842, −0.930791), b⁽²⁾ → −0.331426
    let cfg = BackpropLabConfig {
        sample: 3,
        lr: 1.0,
        ..Default::default()
    };
    let net = hand_net(&cfg);
    let mut ins = Inspector::with_net(&cfg, net).unwrap();

    let x = [1.0f64, 1.0];
    let (w1, b1, w2, b2) = ([[0.1, 0.3], [0.2, 0.4]], [0.1, -0.2], [0.5, -0.6], 0.2);
    let a1: Vec<f64> = (0..2)
        .map(|j| x[0] * w1[0][j] + x[1] * w1[1][j] + b1[j])
        .collect();
    let z1: Vec<f64> = a1.iter().map(|&a| s(a)).collect();
    let a2 = z1[0] * w2[0] + z1[1] * w2[1] + b2;
    let y = s(a2);
    let cost = -(1.0 - y + 1e-7).ln();
    let d2 = y - 0.0;
    let back: Vec<f64> = (0..2).map(|j| w2[j] * d2).collect();
    let hp: Vec<f64> = z1.iter().map(|z| z * (1.0 - z)).collect();
    let d1: Vec<f64> = (0..2).map(|j| hp[j] * back[j]).collect();
    assert!((a1[0] - 0.4).abs() < 1e-12 && (y - 0.531426).abs() < 1e-6);

    let close = |got: f32, want: f64, what: &str| {
        assert!((got as f64 - want).abs() < 1e-5, "{what}: {got} vs {want}")
    };
    let (h, o) = (&ins.layers[0], &ins.layers[1]);
    for j in 0..2 {
        close(h.a[[0, j]], a1[j], "a1");
        close(h.z[[0, j]], z1[j], "z1");
        close(h.hprime.as_ref().unwrap()[[0, j]], hp[j], "h'(a1)");
        close(h.back.as_ref().unwrap()[[0, j]], back[j], "W2ᵀδ2");
        close(h.delta[[0, j]], d1[j], "δ1");
        close(h.db[j], d1[j], "∂C/∂b1");
        close(o.dW[[j, 0]], d2 * z1[j], "∂C/∂W2");
        for (i, xi) in x.iter().enumerate() {
            close(h.dW[[i, j]], d1[j] * xi, "∂C/∂W1");
        }
    }
    close(o.a[[0, 0]], a2, "a2");
    close(o.z[[0, 0]], y, "y");
    close(o.delta[[0, 0]], d2, "δ2");
    close(o.db[0], d2, "∂C/∂b2");
    close(ins.loss, cost, "C");

    // Step through: input, forward 1, 2, backward 2, 1, update.
    let mut seen = vec![ins.current()];
    for _ in 0..5 {
        ins.step().unwrap();
        seen.push(ins.current());
    }
    use Stage::*;
    assert_eq!(
        seen,
        [
            Input,
            Forward(1),
            Forward(2),
            Backward(2),
            Backward(1),
            Update
        ]
    );
    let w2_new = ins.net.param("W2").unwrap().to_owned();
    close(w2_new[[0, 0]], w2[0] - d2 * z1[0], "W2 after the update");
    close(w2_new[[1, 0]], w2[1] - d2 * z1[1], "W2 after the update");
    close(
        ins.net.param("b2").unwrap()[[0]],
        b2 - d2,
        "b2 after the update",
    );
    assert_eq!(ins.iteration, 1);
    // The next step starts a new iteration, traced at the new weights: the cost went down.
    ins.step().unwrap();
    assert_eq!(ins.current(), Input);
    assert!(ins.loss < cost as f32, "{} >= {cost}", ins.loss);
}

#[test]
fn the_mini_batch_averages_delta_over_the_four_samples() {
    let cfg = BackpropLabConfig::default();
    let ins = Inspector::with_net(&cfg, hand_net(&cfg)).unwrap();
    assert_eq!(ins.x.nrows(), 4);
    let out = &ins.layers[1];
    for n in 0..4 {
        let t = [0.0, 1.0, 1.0, 0.0][n];
        // δ⁽ᴸ⁾ = (y − t)/N with N = 4.
        let want = (out.z[[n, 0]] - t) / 4.0;
        assert!((out.delta[[n, 0]] - want).abs() < 1e-6);
    }
    // ∂C/∂b = Σₙ δ, and every hidden δ is h' ⊙ Wᵀδ.
    let sum: f32 = out.delta.column(0).sum();
    assert!((out.db[0] - sum).abs() < 1e-6);
    let h = &ins.layers[0];
    let prod = h.hprime.as_ref().unwrap() * h.back.as_ref().unwrap();
    assert!(prod
        .iter()
        .zip(h.delta.iter())
        .all(|(a, b)| (a - b).abs() < 1e-6));
}

#[test]
fn targets_are_a_column_or_one_hot() {
    let t1 = targets(&[0, 1], 1);
    assert_eq!(t1, array![[0.0], [1.0]]);
    let t2 = targets(&[0, 1], 2);
    assert_eq!(t2, array![[1.0, 0.0], [0.0, 1.0]]);
}

#[test]
fn the_default_2_2_1_network_learns_xor() {
    let mut ins = Inspector::new(&BackpropLabConfig::default()).unwrap();
    let (_, before) = ins.xor_outputs().unwrap();
    ins.train(3000).unwrap();
    let (y, after) = ins.xor_outputs().unwrap();
    assert!(after < 0.1 * before, "cost {before} → {after}");
    let (_, labels) = xor();
    for (n, &l) in labels.iter().enumerate() {
        assert_eq!(
            usize::from(y[[n, 0]] > 0.5),
            l,
            "sample {n}: y = {}",
            y[[n, 0]]
        );
    }
    // Every architecture builds and steps.
    for (h, o) in [(3, 1), (2, 2), (3, 2)] {
        let cfg = BackpropLabConfig {
            hidden: h,
            output: o,
            ..Default::default()
        };
        let mut ins = Inspector::new(&cfg).unwrap();
        assert_eq!(ins.layers[0].a.dim(), (4, h));
        assert_eq!(ins.layers[1].z.dim(), (4, o));
        for _ in 0..ins.stage_count() {
            ins.step().unwrap();
        }
        assert_eq!(ins.iteration, 1);
    }
}

/// The timeline: stepping back (within an iteration and across updates) and forward again gives the
/// bit-identical inspector (Debug prints f32 in its shortest round-trip form, so equal text is equal bits).
#[test]
fn stepping_back_then_forward_is_bit_identical() {
    let cfg = BackpropLabConfig {
        hidden: 3,
        ..Default::default()
    };
    let mut ins = Inspector::new(&cfg).unwrap();
    let view = |i: &Inspector| {
        format!(
            "{:?}",
            (&i.layers, i.loss, i.stage, i.iteration, &i.updated)
        )
    };
    let n = ins.stage_count();
    for _ in 0..2 * n + 2 {
        ins.step().unwrap();
    }
    let here = view(&ins);
    let (stage, iteration) = (ins.stage, ins.iteration);
    for _ in 0..n + 1 {
        assert!(ins.can_go_back());
        ins.back().unwrap();
    }
    assert_eq!(ins.iteration, iteration - 1);
    assert_ne!(view(&ins), here);
    for _ in 0..n + 1 {
        ins.step().unwrap();
    }
    assert_eq!((ins.stage, ins.iteration), (stage, iteration));
    assert_eq!(view(&ins), here);
    // A clicked stage pill: to the update and back to the input of the same iteration.
    ins.goto_stage(n - 1).unwrap();
    assert_eq!(ins.current(), Stage::Update);
    ins.goto_stage(0).unwrap();
    assert_eq!((ins.stage, ins.iteration), (0, iteration));
    ins.goto_stage(stage).unwrap();
    assert_eq!(view(&ins), here);
}

/// A link's inspector: the iterations and stage written from one inspector replay to the same numbers.
#[test]
fn a_link_replays_the_same_inspector() {
    let view = |i: &Inspector| format!("{:?}", (&i.layers, i.loss, i.stage, i.iteration));
    for trained in [false, true] {
        let mut ins = Inspector::new(&BackpropLabConfig::default()).unwrap();
        if trained {
            ins.train(40).unwrap();
        }
        for _ in 0..9 {
            ins.step().unwrap();
        }
        let mut cfg = ins.cfg.clone();
        cfg.at = ins.timeline();
        assert_eq!(cfg.at.trained, trained);
        let mut r = crate::urlstate::Route::new("backprop");
        cfg.write(&mut r);
        let back = BackpropLabConfig::read(&crate::urlstate::Route::parse(&r.to_hash()));
        let again = Inspector::replay(&back).unwrap();
        if trained {
            // Training then stepping replays as training throughout: the same count and stage.
            assert_eq!((again.iteration, again.stage), (ins.iteration, ins.stage));
        } else {
            assert_eq!(view(&again), view(&ins));
        }
    }
}
