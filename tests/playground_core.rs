//! The playground's core: a 2-2-1 sigmoid network learns the XOR four points, the same seed gives the same
//! run, reset restores the initial weights, the boundary grid's shape and pixels, NaN handling, stop rules,
//! point and weight edits, and the network diagram.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::data::toy2d::{Kind, Point, ToyConfig};
use nnlab::labs::playground::diagram::{layout, layout_below, segment_distance};
use nnlab::labs::playground::grid::{grid_inputs, GridEval, GRID};
use nnlab::labs::playground::settings::StopRules;
use nnlab::labs::playground::{PlaygroundConfig, Session, Stop};
use nnlab::net::Output;
use nnlab::optim::OptimizerKind;
use nnlab::plot::network::draw_network;
use nnlab::plot::points::{class_color, draw_points, PixelPoint};
use nnlab::plot::ChartStyle;
use plotters::prelude::*;

fn session(cfg: PlaygroundConfig) -> Session {
    let data = cfg.data.generate();
    Session::new(cfg, data).unwrap()
}

fn spiral_cfg() -> PlaygroundConfig {
    PlaygroundConfig {
        data: ToyConfig {
            kind: Kind::Spiral,
            n: 500,
            noise: 0.1,
            test_ratio: 0.3,
            seed: 3,
        },
        layers: 2,
        sizes: [8, 8, 4, 4, 4, 4],
        acts: ["tanh"; 6],
        init: "xavier",
        optimizer: OptimizerKind::Adam,
        lr: 0.03,
        ..Default::default()
    }
}

#[test]
fn the_default_2_2_1_network_learns_xor_within_3000_steps() {
    let mut s = session(PlaygroundConfig::default());
    assert_eq!(s.config().shape(2), "2-2-1");
    assert_eq!(s.batch_size(), 4, "batch 10 is clipped to the four points");
    let first = s.last().train_loss;
    let mut steps = 0;
    while s.last().train_acc < 1.0 || s.last().train_loss > 0.1 {
        let o = s.step().unwrap();
        assert!(o.epoch_end, "four points, batch 4: every step is an epoch");
        steps += 1;
        assert!(
            steps <= 3000,
            "not learned after 3000 steps: {:?}",
            s.last()
        );
    }
    assert!(s.last().train_loss < first);
    // The boundary now separates the four corners: (0,0),(1,1) → class 0; (1,0),(0,1) → class 1.
    let mut net = s.net().clone();
    let g = GridEval::new(&mut net, (-0.5, 1.5), 4).unwrap();
    // A 4×4 grid over [−0.5, 1.5]: cell centres at −0.25, 0.25, 0.75, 1.25; row 0 is x2 = 1.25.
    let c = g.classes();
    assert_eq!([c[12], c[3], c[15], c[0]], [0, 0, 1, 1], "{c:?}");
    println!("XOR 2-2-1 learned in {steps} steps");
}

#[test]
fn the_same_seed_gives_the_same_run_and_reset_restores_the_initial_weights() {
    let mut a = session(spiral_cfg());
    let mut b = session(spiral_cfg());
    let w0 = a.net().param("W1").unwrap().to_owned();
    for _ in 0..50 {
        assert_eq!(a.step().unwrap(), b.step().unwrap());
    }
    assert_eq!(a.metrics(), b.metrics());
    assert_ne!(a.net().param("W1").unwrap(), w0.view());
    a.reset().unwrap();
    assert_eq!(a.net().param("W1").unwrap(), w0.view());
    assert_eq!((a.iteration(), a.epoch(), a.metrics().len()), (0, 0, 1));
    let other = session(PlaygroundConfig {
        seed: 1,
        ..spiral_cfg()
    });
    assert_ne!(other.net().param("W1").unwrap(), w0.view());
}

#[test]
fn epochs_record_train_and_test_loss_and_stop_rules_fire() {
    let mut s = session(PlaygroundConfig {
        stop: StopRules {
            max_epochs: 3,
            target_loss: 0.0,
            target_acc: 0.0,
        },
        ..spiral_cfg()
    });
    assert_eq!(s.batch_size(), 10);
    let o = s.epoch_step().unwrap();
    assert!(o.epoch_end && o.stop.is_none());
    // 350 training points / batch 10 = 35 steps per epoch.
    assert_eq!((s.epoch(), s.iteration()), (1, 35));
    let m = s.last();
    assert!(m.test_loss.is_some() && m.test_acc.is_some());
    s.epoch_step().unwrap();
    assert_eq!(s.epoch_step().unwrap().stop, Some(Stop::Epochs));
    assert_eq!(s.stopped(), Some(Stop::Epochs));
    assert_eq!(s.metrics().len(), 4);
    // A target accuracy of 1 % is met at the first epoch.
    let mut s = session(PlaygroundConfig {
        stop: StopRules {
            max_epochs: 0,
            target_loss: 0.0,
            target_acc: 0.01,
        },
        ..spiral_cfg()
    });
    assert_eq!(s.epoch_step().unwrap().stop, Some(Stop::Accuracy));
}

#[test]
fn a_huge_learning_rate_gives_a_not_finite_loss_error_and_reset_recovers() {
    let mut s = session(PlaygroundConfig {
        optimizer: OptimizerKind::Sgd,
        lr: 10.0,
        output: Output::Identity,
        init: "std",
        init_std: 10.0,
        ..spiral_cfg()
    });
    let mut err = None;
    for _ in 0..2000 {
        if let Err(e) = s.step() {
            err = Some(e);
            break;
        }
    }
    let e = err.expect("lr 10 with identity output should blow up");
    assert_eq!(e.key, "err.not_finite_loss");
    assert!(
        e.to_string().contains("learning rate is probably too high"),
        "{e}"
    );
    s.reset().unwrap();
    assert!(s.last().train_loss.is_finite());
    assert!(s.step().is_ok());
}

#[test]
fn the_boundary_grid_is_one_batch_with_the_right_shapes_and_pixels() {
    let x = grid_inputs((-1.5, 1.5), GRID);
    assert_eq!(x.dim(), (GRID * GRID, 2));
    assert!(
        (x[[0, 0]] + 1.5 - 1.5 / GRID as f32).abs() < 1e-6,
        "first column is at the left"
    );
    assert!(
        (x[[0, 1]] - 1.5 + 1.5 / GRID as f32).abs() < 1e-6,
        "row 0 is the top"
    );
    let mut s = session(spiral_cfg());
    let g = GridEval::new(s.net_mut(), (-1.5, 1.5), GRID).unwrap();
    assert_eq!(g.y.dim(), (GRID * GRID, 1));
    assert_eq!(g.hidden.len(), 2);
    assert_eq!(g.hidden[1].dim(), (GRID * GRID, 8));
    // tanh outputs in (−1, 1).
    assert!(g.hidden[0].iter().all(|v| v.abs() < 1.0));
    let img = g.boundary_rgba(100, 80);
    assert_eq!(img.len(), 100 * 80 * 4);
    assert!(img.chunks(4).all(|p| p[3] == 255));
    let n = g.neuron_rgba(1, 7, nnlab::activation::Activation::Tanh, 10, 10);
    assert_eq!(n.len(), 400);
    // Three classes with softmax: three columns, and the picture uses the class tints.
    let mut s3 = session(PlaygroundConfig {
        data: ToyConfig {
            kind: Kind::Blobs3,
            ..spiral_cfg().data
        },
        output: Output::Softmax,
        ..spiral_cfg()
    });
    for _ in 0..300 {
        s3.step().unwrap();
    }
    let g3 = GridEval::new(s3.net_mut(), (-1.5, 1.5), 16).unwrap();
    assert_eq!(g3.y.ncols(), 3);
    assert!(g3.class1().is_none());
    let classes = g3.classes();
    for k in 0..3 {
        assert!(
            classes.contains(&k),
            "class {k} owns no region: {classes:?}"
        );
    }
    assert!(s3.last().train_acc > 0.9, "{:?}", s3.last());
}

#[test]
fn editing_points_keeps_the_weights_and_a_weight_can_be_set() {
    let mut s = session(spiral_cfg());
    for _ in 0..40 {
        s.step().unwrap();
    }
    let w = s.net().param("W2").unwrap().to_owned();
    let mut d = s.data().clone();
    d.points.push(Point {
        x: [0.1, 0.2],
        label: 1,
        test: false,
    });
    s.set_data(d).unwrap();
    assert_eq!(s.net().param("W2").unwrap(), w.view());
    assert_eq!(s.iteration(), 40);
    assert_eq!(s.data().points.len(), 501);
    s.step().unwrap();
    assert_eq!(s.iteration(), 41);
    assert_eq!(s.metrics().first().unwrap().epoch, 0, "the curves are kept");
    // A third class cannot go into a one-output sigmoid network.
    let mut d3 = s.data().clone();
    d3.classes = 3;
    assert_eq!(
        s.set_data(d3.clone()).unwrap_err().key,
        "err.pg_sigmoid_classes"
    );
    assert_eq!(s.data().points.len(), 501, "a failed edit changes nothing");
    s.step().unwrap();
    s.set_weight(2, Some(3), 5, 0.75).unwrap();
    assert_eq!(s.net().param("W2").unwrap()[[3, 5]], 0.75);
    s.set_weight(3, None, 0, -2.0).unwrap();
    assert_eq!(s.net().param("b3").unwrap()[[0]], -2.0);
    assert!(s.set_weight(2, Some(9), 0, 1.0).is_err());
    assert!(s.set_weight(1, Some(0), 0, f32::NAN).is_err());
}

#[test]
fn the_diagram_has_a_node_per_unit_an_edge_per_weight_and_finds_edges() {
    let s = session(spiral_cfg());
    let d = layout(s.net(), 600.0, 300.0, 40.0);
    assert_eq!(d.nodes.len(), 2 + 8 + 8 + 1);
    assert_eq!(d.edges.len(), 2 * 8 + 8 * 8 + 8);
    assert!(d
        .nodes
        .iter()
        .all(|n| n.y >= 0.0 && n.y + n.size <= 300.0 && n.x + n.size <= 600.0));
    let e = d.edges[5];
    let mid = ((e.from.0 + e.to.0) / 2.0, (e.from.1 + e.to.1) / 2.0);
    let k = d.edge_at(mid, 3.0).unwrap();
    assert!(segment_distance(mid, d.edges[k].from, d.edges[k].to) < 1e-9);
    assert_eq!(d.edge_at((-50.0, -50.0), 3.0), None);
    assert!(d.line_width(&e, 6.0) <= 6.0);
    assert!(d.bn_layers.is_empty(), "no batch norm, no band");
    let mut bn = spiral_cfg();
    bn.batchnorm = true;
    let d_bn = layout(session(bn).net(), 600.0, 300.0, 40.0);
    assert_eq!(
        d_bn.bn_layers,
        vec![1, 2],
        "a band before each hidden activation"
    );
    // Room for the tags: the same diagram moved down, nothing above `top` and nothing past the bottom.
    let below = layout_below(session(spiral_cfg()).net(), 600.0, 300.0, 40.0, 20.0);
    assert!(below
        .nodes
        .iter()
        .all(|n| n.y >= 20.0 && n.y + n.size <= 300.0));
    assert!(below
        .edges
        .iter()
        .all(|e| e.from.1 >= 20.0 && e.to.1 >= 20.0));
    // Edge widths follow |w|: the largest weight gets the widest line.
    let big = d
        .edges
        .iter()
        .max_by(|a, b| a.w.abs().total_cmp(&b.w.abs()))
        .unwrap();
    assert!((d.line_width(big, 6.0) - 6.0).abs() < 1e-9);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (600, 300)).into_drawing_area();
        draw_network(&root, &d, Some(0), &ChartStyle::default()).unwrap();
        let pts = [
            PixelPoint {
                at: (10, 10),
                class: 0,
                test: false,
            },
            PixelPoint {
                at: (30, 30),
                class: 1,
                test: true,
            },
        ];
        let colors = [
            class_color([230, 159, 0]),
            class_color([0, 114, 178]),
            class_color([0, 158, 115]),
        ];
        draw_points(&root, &pts, &colors, 6, Some((50, 50))).unwrap();
        root.present().unwrap();
    }
    // Positive and negative weights both appear, in their two colours.
    assert!(
        svg.contains("#0072B2") && svg.contains("#E69F00"),
        "edge colours missing"
    );
}

#[test]
fn bad_settings_are_errors_not_panics() {
    let data = ToyConfig {
        kind: Kind::Blobs3,
        ..Default::default()
    }
    .generate();
    let e = Session::new(PlaygroundConfig::default(), data)
        .err()
        .unwrap();
    assert_eq!(e.key, "err.pg_sigmoid_classes");
    let cfg = PlaygroundConfig {
        dropout: 1.5,
        ..Default::default()
    };
    let data = cfg.data.generate();
    assert_eq!(Session::new(cfg, data).err().unwrap().key, "err.range_open");
}

#[test]
fn block_pictures_match_the_shared_heatmap_pixel_for_pixel() {
    use nnlab::plot::heatmap::{rgba, Colormap, Values};
    let mut s = session(spiral_cfg());
    for _ in 0..100 {
        s.step().unwrap();
    }
    let g = GridEval::new(s.net_mut(), (-1.5, 1.5), 16).unwrap();
    let v = g.class1().unwrap();
    let (w, h) = (50, 37);
    let want = rgba(
        Values {
            data: &v,
            w: 16,
            h: 16,
        },
        nnlab::labs::playground::grid::BOUNDARY_RANGE,
        Colormap::Diverging,
        w,
        h,
    );
    assert_eq!(g.boundary_rgba(w, h), want);
    let z = g.hidden[0].column(3).to_vec();
    let want = rgba(
        Values {
            data: &z,
            w: 16,
            h: 16,
        },
        (-1.0, 1.0),
        Colormap::Diverging,
        20,
        20,
    );
    assert_eq!(
        g.neuron_rgba(0, 3, nnlab::activation::Activation::Tanh, 20, 20),
        want
    );
}

#[test]
fn setting_a_weight_refreshes_the_loss_on_screen() {
    // #12 item 5: after W = −50 the loss readout (the session's last metrics) must describe the new weights.
    let mut s = session(spiral_cfg());
    for _ in 0..30 {
        s.step().unwrap();
    }
    let before = s.last();
    s.set_weight(1, Some(0), 0, -50.0).unwrap();
    let after = s.last();
    assert_ne!(
        after.train_loss, before.train_loss,
        "the loss kept its old value"
    );
    assert_eq!(after.iteration, s.iteration());
    assert!(after.train_loss.is_finite());
}

#[test]
fn the_spiral_link_with_lr_10_reports_an_overflowed_gradient_not_a_finite_loss() {
    // #12 item 6: `#playground?d=spiral&h=32,32,32&a=relu,relu,relu&o=sigmoid&is=10&lr=10&bs=1&sp=0`.
    let route = nnlab::urlstate::Route::parse(
        "#playground?d=spiral&h=32,32,32&a=relu,relu,relu&o=sigmoid&is=10&lr=10&bs=1&sp=0",
    );
    let cfg = PlaygroundConfig::read(&route);
    let mut s = session(cfg);
    let mut err = None;
    for _ in 0..20_000 {
        if let Err(e) = s.step() {
            err = Some(e);
            break;
        }
    }
    let e = err.expect("this run diverges");
    // The loss was still finite (16.118095, the number the old message called "the loss became"); it is a
    // gradient that overflowed, and the message says that.
    assert_eq!(e.key, "err.not_finite_grad", "{e}");
    let m = e.to_string();
    assert!(m.contains("gradient") && m.contains("16.118095"), "{m}");
    assert!(!m.starts_with("The loss became"), "{m}");
}

/// The grid is evaluated in one forward pass: y must equal `Net::predict`, and each hidden map must equal the
/// book's z = h(z_prev·W + b), × (1 − dropout) in evaluation, computed here by hand.
#[test]
fn the_one_pass_grid_equals_predict_and_the_layer_formula() {
    use nnlab::activation::Activation;
    use nnlab::net::NetConfig;
    let cfg = NetConfig {
        input: 2,
        hidden: vec![5, 3],
        output: 1,
        activation: vec![Activation::Tanh, Activation::Relu],
        dropout: 0.3,
        seed: 9,
        ..NetConfig::default()
    };
    let mut net = cfg.build().unwrap();
    let g = GridEval::new(&mut net, (-1.0, 1.0), 6).unwrap();
    let x = grid_inputs((-1.0, 1.0), 6);
    let y = net.predict(&x).unwrap();
    assert_eq!(g.y, y);
    assert_eq!(g.hidden.len(), 2);
    let mut z = x;
    for l in 0..2 {
        let a = net.affine(l + 1).unwrap();
        let zl = cfg.activation_of(l).apply(&(z.dot(&a.W) + &a.b)) * 0.7;
        for (p, q) in g.hidden[l].iter().zip(zl.iter()) {
            assert!((p - q).abs() < 1e-6, "layer {l}: {p} vs {q}");
        }
        assert_eq!(g.hidden[l].dim(), (36, cfg.hidden[l]));
        z = zl;
    }
}

/// The "batch norm after each Affine" switch: three ReLU layers of 8 at std 0.01 on the circle set. Without batch
/// norm the signal vanishes and the loss stays at ln 2; with it the same net (same seed) learns. The per-neuron
/// grid and the reported accuracy are evaluation mode, so they use the running statistics.
#[test]
fn batch_norm_trains_a_small_weight_net_where_the_plain_one_does_not() {
    let cfg = |batchnorm| PlaygroundConfig {
        data: ToyConfig {
            kind: Kind::Circle,
            n: 200,
            noise: 0.0,
            test_ratio: 0.0,
            seed: 1,
        },
        layers: 3,
        sizes: [8, 8, 8, 4, 4, 4],
        acts: ["relu"; 6],
        init: "std",
        init_std: 0.01,
        lr: 0.1,
        batch: 20,
        seed: 5,
        batchnorm,
        ..Default::default()
    };
    let run = |batchnorm| {
        let mut s = session(cfg(batchnorm));
        let first = s.last().train_loss;
        while s.epoch() < 100 {
            s.step().unwrap();
        }
        (s, first)
    };
    let (plain, p0) = run(false);
    let (bn, b0) = run(true);
    let (p1, b1) = (plain.last().train_loss, bn.last().train_loss);
    println!(
        "loss without BN {p0:.4} → {p1:.4} (acc {}), with BN {b0:.4} → {b1:.4} (acc {})",
        plain.last().train_acc,
        bn.last().train_acc
    );
    assert_eq!(bn.net().norm_count(), 3);
    assert!((p1 - 2f32.ln()).abs() < 0.01, "without BN: {p0} → {p1}");
    assert!(b1 < 0.5 * b0, "with BN: {b0} → {b1}");
    assert!(bn.last().train_acc > 0.9, "{:?}", bn.last());
    // The boundary grid runs in evaluation mode: with fresh statistics (mean 0, var 1) it would differ.
    let mut net = bn.net().clone();
    let g = GridEval::new(&mut net, (-1.0, 1.0), 8).unwrap();
    assert_eq!(
        g.hidden.len(),
        3,
        "one z per hidden layer, batch norm or not"
    );
    assert_eq!(bn.config().shape(2), "2-8-8-8-1");
}
