//! The batch norm lab's experiments on the bundled digits: the book's figure 6-19 in short (with batch norm the
//! training accuracy at small weight scales is far above the run without), and the random search of §6.5
//! (log-uniform sampling in the stated ranges, validation split off before training and disjoint from the
//! training digits, and the same seed giving the same trials).
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::labs::batchnorm::scales::{evenly, weight_scales, ScalesConfig, ScalesRun};
use nnlab::labs::batchnorm::search::{best, narrow, split, SearchConfig, SearchRun};

mod common;
use common::bundled;

#[test]
fn the_books_weight_scales() {
    let w = weight_scales();
    assert_eq!(w[0], 1.0);
    assert!((w[15] - 1e-4).abs() < 1e-9);
    // The book's example panel: w ≈ 0.0251 (index 6).
    assert!((w[6] - 0.025_118_864).abs() < 1e-6);
    assert_eq!(evenly(16), (0..16).collect::<Vec<_>>());
    assert_eq!(evenly(4), vec![0, 5, 10, 15]);
    assert_eq!(evenly(2), vec![0, 15]);
}

/// Shortened for speed: two of the small scales (the book's w ≈ 0.025 and w ≈ 0.0022), 8 epochs instead of 20;
/// the effect is already plain by then.
#[test]
fn batch_norm_trains_where_small_weights_stall() {
    let m = bundled();
    let cfg = ScalesConfig {
        pick: vec![6, 10],
        epochs: 8,
        ..ScalesConfig::default()
    };
    let mut run = ScalesRun::new(cfg, &m).unwrap();
    let (_, total) = run.progress();
    assert_eq!(total, 2 * (7 * 10 + 1));
    let mut steps = 0;
    while !run.is_done() {
        run.step().unwrap();
        steps += 1;
    }
    assert_eq!(steps, total);
    assert_eq!(run.progress(), (total, total));
    for r in &run.results {
        println!(
            "w = {:.4}: without BN {:?}\n            with BN {:?}",
            r.scale, r.plain, r.bn
        );
        assert_eq!((r.plain.len(), r.bn.len()), (8, 8));
        // Without batch norm the signal vanishes and the network guesses (about 1 in 10, like the book's 0.116).
        assert!(r.last_plain() < 0.25, "w = {}: {}", r.scale, r.last_plain());
        // With it, training goes on.
        assert!(r.last_bn() > 0.6, "w = {}: {}", r.scale, r.last_bn());
        assert!(r.last_bn() - r.last_plain() > 0.4);
    }
}

#[test]
fn search_samples_log_uniformly_in_the_ranges_and_is_reproducible() {
    let cfg = SearchConfig {
        trials: 200,
        ..SearchConfig::default()
    };
    let plan = cfg.sample();
    assert_eq!(plan.len(), 200);
    let logs = |f: fn(&(f32, f32)) -> f32| -> Vec<f64> {
        plan.iter().map(|p| (f(p) as f64).log10()).collect()
    };
    for (v, (lo, hi)) in [(logs(|p| p.0), (-6.0, -2.0)), (logs(|p| p.1), (-8.0, -4.0))] {
        assert!(v.iter().all(|&x| x >= lo - 1e-5 && x <= hi + 1e-5));
        // Uniform in the exponent: each of the four decades holds about a quarter (50 ± 20 of 200).
        for d in 0..4 {
            let a = lo + d as f64;
            let n = v.iter().filter(|&&x| x >= a && x < a + 1.0).count();
            assert!((30..=70).contains(&n), "decade {a}: {n}");
        }
    }
    assert_eq!(cfg.sample(), plan, "the same seed gives the same trials");
    let other = SearchConfig {
        seed: 43,
        ..cfg.clone()
    };
    assert_ne!(other.sample(), plan);
    // Changing the count keeps the first trials (a longer search extends a shorter one).
    let fewer = SearchConfig { trials: 10, ..cfg };
    assert_eq!(fewer.sample()[..], plan[..10]);
}

#[test]
fn validation_is_split_off_before_training_and_never_overlaps() {
    let cfg = SearchConfig::default();
    let s = split(&cfg);
    assert_eq!((s.train.len(), s.validation.len()), (400, 100));
    let mut all: Vec<usize> = s.train.iter().chain(&s.validation).copied().collect();
    all.sort_unstable();
    assert_eq!(
        all,
        (0..500).collect::<Vec<_>>(),
        "a partition of the first 500"
    );
    assert_eq!(split(&cfg), s);
    // A short search: 3 trials of 2 epochs. The run's split is this split; curves have one point per epoch.
    let m = bundled();
    let short = SearchConfig {
        trials: 3,
        epochs: 2,
        ..cfg
    };
    let run_once = || {
        let mut run = SearchRun::new(short.clone(), &m).unwrap();
        assert_eq!(run.split, s);
        while !run.is_done() {
            run.step().unwrap();
        }
        run.results
    };
    let a = run_once();
    assert_eq!(a.len(), 3);
    for t in &a {
        assert_eq!((t.train.len(), t.val.len()), (2, 2));
        assert!(t
            .val
            .iter()
            .chain(&t.train)
            .all(|v| (0.0..=1.0).contains(v)));
    }
    assert_eq!(run_once(), a, "the same seed gives the same results");
    let top = best(&a, 2);
    assert!(top[0].final_val() >= top[1].final_val());
    let (lr, wd) = narrow(&a, 2).unwrap();
    for t in top {
        assert!((lr.0..=lr.1).contains(&(t.lr as f64).log10()));
        assert!((wd.0..=wd.1).contains(&(t.wd as f64).log10()));
    }
}

/// What the book's search finds: only the large learning rates learn within the trial's epochs. Shortened: 3
/// trials of 30 epochs in the region a full search narrows to (log10 lr ∈ [−2.5, −2]) against 2 trials with
/// log10 lr ∈ [−6, −5], which stay near chance.
#[test]
fn narrowed_to_large_learning_rates_the_trials_learn() {
    let m = bundled();
    let run = |lr_log, trials| {
        let cfg = SearchConfig {
            trials,
            epochs: 30,
            lr_log,
            ..SearchConfig::default()
        };
        let mut run = SearchRun::new(cfg, &m).unwrap();
        while !run.is_done() {
            run.step().unwrap();
        }
        run.results
    };
    let good = run((-2.5, -2.0), 3);
    let slow = run((-6.0, -5.0), 2);
    for t in good.iter().chain(&slow) {
        println!(
            "val {:.3} train {:.3} lr {:.2e} wd {:.2e}",
            t.final_val(),
            t.train.last().unwrap(),
            t.lr,
            t.wd
        );
    }
    assert!(best(&good, 1)[0].final_val() > 0.5);
    assert!(slow.iter().all(|t| t.final_val() < 0.3));
}

#[test]
fn batch_norm_keeps_every_layers_activations_spread_at_a_small_weight_scale() {
    use nnlab::labs::batchnorm::activations::activation_histograms;
    let m = bundled();
    // w ≈ 0.025 (index 6).
    let [plain, bn] = activation_histograms(&m, 6).unwrap();
    assert_eq!((plain.len(), bn.len()), (5, 5));
    for (l, (p, b)) in plain.iter().zip(&bn).enumerate() {
        println!(
            "layer {}: std without BN {:.2e}, with BN {:.3}",
            l + 1,
            p.std,
            b.std
        );
        // With batch norm the ReLU of N(0, 1): half zeros, the rest spread with std ≈ 0.58.
        assert!((0.3..0.8).contains(&b.std), "layer {}: {}", l + 1, b.std);
        let zero_share = b.zeros as f64 / b.total as f64;
        assert!((0.35..0.65).contains(&zero_share), "{zero_share}");
    }
    // Without it the signal shrinks by orders of magnitude from layer to layer.
    assert!(plain[4].std < 1e-3 * bn[4].std, "{}", plain[4].std);
    assert!(plain[4].std < plain[0].std);
}
