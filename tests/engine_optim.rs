//! Optimizers: the first two steps worked out by hand, each one descending a small problem, lr schedules, and
//! bad settings rejected.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::optim::{
    AdaGradConfig, AdamConfig, LrSchedule, MomentumConfig, NesterovConfig, OptimConfig,
    OptimizerKind, RmsPropConfig, SgdConfig,
};

/// One weight w = 1 updated with the gradients 2 then 1 (the rules do not care where gradients come from).
fn two_steps(cfg: OptimConfig) -> (f32, f32) {
    let mut opt = cfg.build().unwrap();
    let mut w = [1.0f32];
    opt.step(&mut [&mut w[..]], &[&[2.0][..]]);
    let w1 = w[0];
    opt.step(&mut [&mut w[..]], &[&[1.0][..]]);
    (w1, w[0])
}

fn close(got: (f32, f32), want: (f64, f64), name: &str) {
    let ok = (got.0 as f64 - want.0).abs() < 1e-6 && (got.1 as f64 - want.1).abs() < 1e-6;
    assert!(ok, "{name}: got {got:?}, worked out by hand {want:?}");
}

#[test]
fn first_two_steps_match_hand_computation() {
    // SGD, lr 0.1: w = 1 − 0.1·2 = 0.8, then 0.8 − 0.1·1 = 0.7.
    close(
        two_steps(OptimConfig::Sgd(SgdConfig { lr: 0.1 })),
        (0.8, 0.7),
        "SGD",
    );
    // Momentum, lr 0.1, α 0.9: v = −0.2, w = 0.8; v = 0.9·(−0.2) − 0.1 = −0.28, w = 0.52.
    close(
        two_steps(OptimConfig::Momentum(MomentumConfig {
            lr: 0.1,
            momentum: 0.9,
        })),
        (0.8, 0.52),
        "Momentum",
    );
    // Nesterov (book form): v = −0.2, w = 1 + 0.81·(−0.2) − 1.9·0.1·2 = 0.458;
    // v = −0.28, w = 0.458 + 0.81·(−0.28) − 1.9·0.1·1 = 0.0412.
    close(
        two_steps(OptimConfig::Nesterov(NesterovConfig {
            lr: 0.1,
            momentum: 0.9,
        })),
        (0.458, 0.0412),
        "Nesterov",
    );
    // AdaGrad, lr 0.1: h = 4, w = 1 − 0.1·2/(2 + 1e-7) ≈ 0.9; h = 5, w = 0.9 − 0.1/√5 = 0.855279.
    close(
        two_steps(OptimConfig::AdaGrad(AdaGradConfig { lr: 0.1 })),
        (0.900_000_005, 0.855_278_647),
        "AdaGrad",
    );
    // RMSprop, lr 0.1, ρ 0.99: h = 0.01·4 = 0.04, w = 1 − 0.1·2/0.2 = 0 (5e-7 with the ε);
    // h = 0.99·0.04 + 0.01·1 = 0.0496, w = 0 − 0.1/√0.0496 = −0.449013.
    let rms = OptimConfig::RmsProp(RmsPropConfig {
        lr: 0.1,
        decay_rate: 0.99,
    });
    close(two_steps(rms), (5.0e-7, -0.449_012_553), "RMSprop");
    // Adam, lr 0.1: t = 1, lr_t = 0.1·√0.001/0.1 = 0.0316228, m = 0.2, v = 0.004, w = 1 − lr_t·0.2/√0.004 ≈ 0.9
    // (Adam's first step is lr·sign(g)); t = 2, lr_t = 0.1·√0.001999/0.19 = 0.0235317, m = 0.28, v = 0.004996,
    // w = 0.9 − lr_t·0.28/√0.004996 = 0.806782.
    let adam = OptimConfig::Adam(AdamConfig {
        lr: 0.1,
        beta1: 0.9,
        beta2: 0.999,
    });
    close(two_steps(adam), (0.900_000_158, 0.806_782_326), "Adam");
}

#[test]
fn defaults_are_the_books() {
    let lrs: Vec<f32> = OptimizerKind::ALL
        .iter()
        .map(|&k| OptimConfig::default_for(k).lr())
        .collect();
    assert_eq!(lrs, vec![0.01, 0.01, 0.01, 0.01, 0.01, 0.001]);
    assert_eq!(MomentumConfig::default().momentum, 0.9);
    assert_eq!(RmsPropConfig::default().decay_rate, 0.99);
    assert_eq!(
        (AdamConfig::default().beta1, AdamConfig::default().beta2),
        (0.9, 0.999)
    );
    for k in OptimizerKind::ALL {
        assert_eq!(OptimizerKind::from_key(k.key()).unwrap(), k);
        assert_eq!(OptimConfig::default_for(k).build().unwrap().kind(), k);
    }
    assert_eq!(
        OptimizerKind::from_key("lbfgs").unwrap_err().key,
        "err.unknown"
    );
}

/// The book's ch6 comparison function f(x, y) = x²/20 + y², ∇f = (x/10, 2y), from (−7, 2).
fn race(cfg: OptimConfig, steps: usize) -> (f32, f32) {
    let f = |p: &[f32]| p[0] * p[0] / 20.0 + p[1] * p[1];
    let mut opt = cfg.build().unwrap();
    let mut p = [-7.0f32, 2.0];
    let start = f(&p);
    for _ in 0..steps {
        let g = [p[0] / 10.0, 2.0 * p[1]];
        opt.step(&mut [&mut p[..]], &[&g[..]]);
        assert!(p.iter().all(|v| v.is_finite()));
    }
    (start, f(&p))
}

#[test]
fn every_optimizer_descends_the_books_function() {
    // The book's ch6 learning rates where it gives them (SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3).
    let cases = [
        OptimConfig::Sgd(SgdConfig { lr: 0.95 }),
        OptimConfig::Momentum(MomentumConfig {
            lr: 0.1,
            momentum: 0.9,
        }),
        OptimConfig::Nesterov(NesterovConfig {
            lr: 0.1,
            momentum: 0.9,
        }),
        OptimConfig::AdaGrad(AdaGradConfig { lr: 1.5 }),
        OptimConfig::RmsProp(RmsPropConfig {
            lr: 0.1,
            decay_rate: 0.99,
        }),
        OptimConfig::Adam(AdamConfig {
            lr: 0.3,
            beta1: 0.9,
            beta2: 0.999,
        }),
    ];
    for cfg in cases {
        let (start, end) = race(cfg, 100);
        assert!(
            end < 0.05 * start,
            "{:?}: f went from {start} to {end}",
            cfg.kind()
        );
    }
    // And plain SGD with a far too large lr diverges on the y axis (|1 − 2·lr| > 1).
    let (start, end) = race(OptimConfig::Sgd(SgdConfig { lr: 1.2 }), 30);
    assert!(
        end > 100.0 * start,
        "SGD lr 1.2 should diverge: {start} → {end}"
    );
}

#[test]
fn state_is_kept_per_parameter_index_and_reset_clears_it() {
    let mut opt = OptimConfig::Momentum(MomentumConfig {
        lr: 0.1,
        momentum: 0.9,
    })
    .build()
    .unwrap();
    let (mut a, mut b) = ([1.0f32], [1.0f32, 1.0]);
    opt.next_step();
    opt.update(0, &mut a, &[1.0]);
    opt.update(1, &mut b, &[0.0, 0.0]);
    // Parameter 1 had zero gradient: its own velocity is 0, it must not borrow parameter 0's.
    assert_eq!(b, [1.0, 1.0]);
    opt.next_step();
    opt.update(0, &mut a, &[0.0]);
    assert!(
        (a[0] - (0.9 - 0.09)).abs() < 1e-6,
        "velocity carried: {}",
        a[0]
    );
    opt.reset();
    let mut c = [1.0f32];
    opt.next_step();
    opt.update(0, &mut c, &[0.0]);
    assert_eq!(c, [1.0], "reset forgets the velocity");
}

#[test]
fn lr_schedules() {
    // Inverse decay μₖ₊₁ = μₖ/(1 + decay): 0.1, 0.1/1.5, 0.1/1.5², …
    let inv = LrSchedule::InverseDecay { decay: 0.5 };
    let seq: Vec<f32> = (0..4).map(|k| inv.lr_at(0.1, k)).collect();
    for (got, want) in seq
        .iter()
        .zip([0.1, 0.066_666_67, 0.044_444_44, 0.029_629_63])
    {
        assert!((got - want).abs() < 1e-7, "{seq:?}");
    }
    let step = LrSchedule::Step {
        every: 2,
        gamma: 0.5,
    };
    assert_eq!(
        (0..5).map(|k| step.lr_at(1.0, k)).collect::<Vec<_>>(),
        vec![1.0, 1.0, 0.5, 0.5, 0.25]
    );

    // A scheduled optimizer uses lr_k at step k: SGD with g = 1 moves w by exactly lr_k each step.
    let mut opt = OptimConfig::Sgd(SgdConfig { lr: 0.1 })
        .build_scheduled(inv)
        .unwrap();
    let mut w = [0.0f32];
    let mut moves = vec![];
    for _ in 0..3 {
        let before = w[0];
        opt.step(&mut [&mut w[..]], &[&[1.0][..]]);
        moves.push(before - w[0]);
        assert!((opt.lr() - moves[moves.len() - 1]).abs() < 1e-7);
    }
    for (got, want) in moves.iter().zip([0.1, 0.066_666_67, 0.044_444_44]) {
        assert!((got - want).abs() < 1e-6, "{moves:?}");
    }
}

#[test]
fn bad_settings_are_errors_not_panics() {
    for lr in [0.0, -0.1, f32::NAN, f32::INFINITY] {
        for k in OptimizerKind::ALL {
            let err = OptimConfig::default_for(k)
                .with_lr(lr)
                .build()
                .err()
                .expect("bad lr accepted");
            assert_eq!(err.key, "err.positive", "{k:?} lr {lr}");
        }
    }
    let m = OptimConfig::Momentum(MomentumConfig {
        lr: 0.1,
        momentum: 1.0,
    });
    assert_eq!(m.build().err().unwrap().key, "err.range_open");
    let a = OptimConfig::Adam(AdamConfig {
        lr: 0.1,
        beta1: 0.9,
        beta2: f32::NAN,
    });
    assert_eq!(a.build().err().unwrap().key, "err.range_open");
    let sgd = OptimConfig::default();
    assert_eq!(
        sgd.build_scheduled(LrSchedule::InverseDecay { decay: -1.0 })
            .err()
            .unwrap()
            .key,
        "err.nonnegative"
    );
    assert_eq!(
        sgd.build_scheduled(LrSchedule::Step {
            every: 0,
            gamma: 0.5
        })
        .err()
        .unwrap()
        .key,
        "err.min"
    );
}
