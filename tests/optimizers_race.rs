//! The optimizers lab's race: each racer's first steps equal the engine optimizer run by hand and the values
//! worked out on paper; the book's figure 6-8 preset converges; divergence and escape are detected; lr decay
//! is applied; reset replays the same race; the charts' input follows the race.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::labs::optimizers::chart_data;
use nnlab::labs::optimizers::config::with_extra;
use nnlab::labs::optimizers::{OptimizersLabConfig, Race, Surface};
use nnlab::optim::{LrSchedule, OptimizerKind};

fn book() -> OptimizersLabConfig {
    OptimizersLabConfig::book_figure()
}

fn close(got: (f64, f64), want: (f64, f64), tol: f64, what: &str) {
    assert!(
        (got.0 - want.0).abs() < tol && (got.1 - want.1).abs() < tol,
        "{what}: got {got:?}, want {want:?}"
    );
}

#[test]
fn each_racer_follows_the_engine_optimizer_run_by_hand() {
    for surface in Surface::ALL {
        for decay_on in [false, true] {
            let mut cfg = book().with_surface(surface);
            cfg.decay_on = decay_on;
            let mut race = Race::new(&cfg).unwrap();
            for _ in 0..8 {
                race.step();
            }
            for r in &race.racers {
                // The same engine optimizer, driven directly on [x, y].
                let rc = cfg.racers[r.index];
                let schedule = if decay_on {
                    LrSchedule::InverseDecay { decay: cfg.decay }
                } else {
                    LrSchedule::Constant
                };
                let mut opt = rc.optim.build_scheduled(schedule).unwrap();
                let mut p = [cfg.start.0, cfg.start.1];
                for k in 1..=r.steps() {
                    let (gx, gy) = surface.grad(p[0] as f64, p[1] as f64);
                    opt.step(&mut [&mut p[..]], &[&[gx as f32, gy as f32][..]]);
                    assert_eq!(
                        r.path[k],
                        (p[0] as f64, p[1] as f64),
                        "{:?} on {surface:?}, step {k}",
                        r.kind
                    );
                }
            }
        }
    }
}

#[test]
fn first_steps_match_values_worked_out_by_hand() {
    // From (−7, 2) on x²/20 + y² the gradient is (x/10, 2y) = (−0.7, 4).
    let mut race = Race::new(&book()).unwrap();
    race.step();
    let at = |race: &Race, kind: OptimizerKind, k: usize| {
        race.racers.iter().find(|r| r.kind == kind).unwrap().path[k]
    };
    // SGD lr 0.95: (−7 + 0.95·0.7, 2 − 0.95·4).
    close(
        at(&race, OptimizerKind::Sgd, 1),
        (-6.335, -1.8),
        1e-5,
        "SGD",
    );
    // Momentum lr 0.1, α 0.9: v = −0.1·g = (0.07, −0.4).
    close(
        at(&race, OptimizerKind::Momentum, 1),
        (-6.93, 1.6),
        1e-5,
        "Momentum",
    );
    // Nesterov: W + 0.81·v − 1.9·0.1·g = (−7 + 0.0567 + 0.133, 2 − 0.324 − 0.76).
    close(
        at(&race, OptimizerKind::Nesterov, 1),
        (-6.8103, 0.916),
        1e-5,
        "Nesterov",
    );
    // AdaGrad lr 1.5: h = g², so the first step is 1.5·g/|g| in each coordinate.
    close(
        at(&race, OptimizerKind::AdaGrad, 1),
        (-5.5, 0.5),
        1e-5,
        "AdaGrad",
    );
    // RMSProp lr 0.15, ρ 0.99: h = 0.01·g², so the step is 0.15·g/(0.1·|g|) = 1.5 per coordinate.
    close(
        at(&race, OptimizerKind::RmsProp, 1),
        (-5.5, 0.5),
        1e-5,
        "RMSProp",
    );
    // Adam lr 0.3: m = 0.1g, v = 0.001g², lr_t = 0.3·√0.001/0.1, so the step is 0.3 per coordinate.
    close(at(&race, OptimizerKind::Adam, 1), (-6.7, 1.7), 1e-5, "Adam");
    // Momentum's second step: g = (−0.693, 3.2), v = 0.9·(0.07, −0.4) − 0.1·g = (0.1323, −0.68).
    race.step();
    close(
        at(&race, OptimizerKind::Momentum, 2),
        (-6.7977, 0.92),
        1e-5,
        "Momentum 2",
    );
}

#[test]
fn the_book_figure_preset_ends_near_the_minimum() {
    let mut race = Race::new(&book()).unwrap();
    race.run();
    assert!(race.done() && race.step == 30);
    for r in &race.racers {
        let (x, y) = r.point();
        assert_eq!(r.steps(), 30, "{:?}", r.kind);
        assert!(r.diverged_at.is_none(), "{:?} diverged", r.kind);
        // From f(−7, 2) = 6.45 every racer gets below 2% of it, and within 1 of (0, 0).
        assert!(
            r.loss() < 0.129 && x.hypot(y) < 1.0,
            "{:?} ends at ({x}, {y}) with f = {}",
            r.kind,
            r.loss()
        );
    }
    // The book's reading of figure 6-8: of its four, AdaGrad gets closest here.
    let best = race
        .racers
        .iter()
        .filter(|r| !matches!(r.kind, OptimizerKind::Nesterov | OptimizerKind::RmsProp))
        .min_by(|a, b| a.loss().total_cmp(&b.loss()))
        .unwrap();
    assert_eq!(best.kind, OptimizerKind::AdaGrad);
}

#[test]
fn divergence_stops_a_racer_and_says_when() {
    // SGD with lr 1.5 on x²/20 + y²: y ← y − 1.5·2y = −2y, doubling every step; it leaves the 1e6 box
    // at step 19 (|y| = 2·2¹⁹ ≈ 1.05e6).
    let mut cfg = book();
    cfg.racers[0].optim = cfg.racers[0].optim.with_lr(1.5);
    cfg.steps = 100;
    let mut race = Race::new(&cfg).unwrap();
    race.run();
    let sgd = &race.racers[0];
    assert_eq!(sgd.diverged_at, Some(19), "{:?}", sgd.path.last());
    assert_eq!(sgd.steps(), 18);
    // It stays at its last finite point inside the box.
    assert_eq!(Some(&sgd.point()), sgd.path.last());
    assert!(sgd.path.iter().all(|p| p.0.is_finite() && p.1.abs() <= 1e6));
    // It says why: it left the box ±1e6 while every step doubled the step length (y ← −2y).
    let (key, args) = chart_data::status(&race, sgd);
    assert_eq!(key, "opt.status.diverged_growth");
    assert_eq!(args[..3], ["19", "1e6", "2"]);
    let m = nnlab::i18n::format(nnlab::i18n::Lang::En, key, &args);
    assert!(m.contains("×2") && m.contains("1e6"), "{m}");
    // The loss chart keeps the others readable: its top is f's largest value in the view, not 1e12.
    let (_, yr) = chart_data::loss_ranges(&race);
    assert!(yr.1 < 3.0, "{yr:?}");
    // The others carry on to the end.
    assert!(race.racers[1..].iter().all(|r| r.steps() == 100));
    // An lr of 0 is refused by the engine with a readable error, never run.
    cfg.racers[3].optim = cfg.racers[3].optim.with_lr(0.0);
    assert_eq!(Race::new(&cfg).err().unwrap().key, "err.positive");
    cfg.racers[3].optim = cfg.racers[3].optim.with_lr(f32::NAN);
    assert!(Race::new(&cfg).is_err());
}

#[test]
fn on_the_saddle_the_racers_escape() {
    let mut race = Race::new(&book().with_surface(Surface::Saddle)).unwrap();
    race.run();
    for r in &race.racers {
        assert!(
            r.escaped_at.is_some(),
            "{:?} stayed on the ridge at {:?}",
            r.kind,
            r.point()
        );
    }
    // Per-coordinate methods scale up the tiny y-gradient and escape first; plain SGD is slowest.
    let at = |k: OptimizerKind| race.racers.iter().find(|r| r.kind == k).unwrap().escaped_at;
    assert!(at(OptimizerKind::Adam) < at(OptimizerKind::Sgd));
    assert!(at(OptimizerKind::AdaGrad) < at(OptimizerKind::Sgd));
}

#[test]
fn lr_decay_divides_lr_by_one_plus_decay_each_step() {
    let mut cfg = book();
    cfg.decay_on = true;
    cfg.decay = 0.25;
    let mut race = Race::new(&cfg).unwrap();
    let (mut x, mut y) = (-7.0f32, 2.0f32);
    for k in 0..6 {
        race.step();
        // SGD by hand with μₖ = 0.95/(1.25)ᵏ.
        let lr = (0.95f64 / 1.25f64.powi(k)) as f32;
        assert!(
            ((race.racers[0].last_lr - lr) / lr).abs() < 1e-6,
            "step {k}"
        );
        let (gx, gy) = Surface::Book.grad(x as f64, y as f64);
        x -= lr * gx as f32;
        y -= lr * gy as f32;
        close(
            race.racers[0].point(),
            (x as f64, y as f64),
            1e-6,
            "SGD with decay",
        );
    }
    // Adam's lr decays too (its bias correction is separate).
    assert!((race.racers[5].last_lr - 0.3 / 1.25f32.powi(5)).abs() < 1e-6);
}

#[test]
fn reset_replays_the_same_race() {
    let mut cfg = book().with_surface(Surface::Rosenbrock);
    cfg.racers[2].optim = with_extra(cfg.racers[2].optim, "momentum", 0.5);
    let mut race = Race::new(&cfg).unwrap();
    race.run_to(12);
    let first: Vec<_> = race.racers.iter().map(|r| r.path.clone()).collect();
    race.run();
    race.reset();
    assert_eq!(race.step, 0);
    assert!(race.racers.iter().all(|r| r.path.len() == 1));
    race.run_to(12);
    let again: Vec<_> = race.racers.iter().map(|r| r.path.clone()).collect();
    assert_eq!(first, again);
}

#[test]
fn disabled_racers_are_left_out_and_the_charts_follow_the_race() {
    let mut cfg = book();
    cfg.racers[1].enabled = false;
    cfg.racers[4].enabled = false;
    let mut race = Race::new(&cfg).unwrap();
    race.run_to(5);
    let kinds: Vec<_> = race.racers.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            OptimizerKind::Sgd,
            OptimizerKind::Nesterov,
            OptimizerKind::AdaGrad,
            OptimizerKind::Adam
        ]
    );
    let paths = chart_data::paths(&race);
    assert_eq!(paths.len(), 4);
    assert!(paths.iter().all(|p| p.points.len() == 6));
    // Colours and shapes follow each optimizer's place in ALL, not its place in the race.
    assert_eq!(paths[1].color, chart_data::style_of(2).0);
    assert_eq!(paths[1].marker, chart_data::style_of(2).1);
    let curves = chart_data::loss_curves(&race);
    // log₁₀ f(−7, 2) = log₁₀ 6.45.
    assert!((curves[0].points[0].1 - 6.45f64.log10()).abs() < 1e-6);
    let (xr, yr) = chart_data::loss_ranges(&race);
    assert_eq!(xr, (0.0, 30.0));
    assert!(curves
        .iter()
        .flat_map(|c| &c.points)
        .all(|p| p.1 >= yr.0 && p.1 <= yr.1));
    assert_eq!(chart_data::marks(&race).len(), 2);
    assert!(!chart_data::contours(Surface::Rosenbrock).is_empty());
}

/// The timeline: seeking back and forward again gives bit-identical racers (paths, losses, lrs, divergence),
/// and the steps after it continue identically too (the optimizers' inner state was replayed as well).
#[test]
fn seeking_back_then_forward_is_bit_identical() {
    let snapshot = |race: &Race| -> Vec<String> {
        race.racers
            .iter()
            .map(|r| {
                let bits: Vec<u64> = r
                    .path
                    .iter()
                    .flat_map(|&(x, y)| [x.to_bits(), y.to_bits()])
                    .chain(r.losses.iter().map(|l| l.to_bits()))
                    .collect();
                format!(
                    "{:?} {bits:?} {} {:?} {:?}",
                    r.kind,
                    r.last_lr.to_bits(),
                    r.diverged_at,
                    r.escaped_at
                )
            })
            .collect()
    };
    for surface in Surface::ALL {
        let mut cfg = book().with_surface(surface);
        cfg.decay_on = true;
        cfg.steps = 40;
        let mut race = Race::new(&cfg).unwrap();
        race.run_to(25);
        let at25 = snapshot(&race);
        race.seek(9);
        assert_eq!(race.step, 9);
        assert_ne!(
            snapshot(&race),
            at25,
            "{surface:?}: going back changed nothing"
        );
        race.seek(25);
        assert_eq!(snapshot(&race), at25, "{surface:?}");
        // And onwards: the same as a race that never went back.
        let mut fresh = Race::new(&cfg).unwrap();
        fresh.run_to(30);
        race.seek(30);
        assert_eq!(snapshot(&race), snapshot(&fresh), "{surface:?}");
    }
}
