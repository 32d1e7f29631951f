//! Where a lab's training time goes outside the steps (issue #17 item 2), natively: the book's ch5 recipe
//! (784-50-10) and SimpleConvNet on the bundled digits, timing the plain steps apart from the epoch-end steps
//! (which also measure train and test accuracy), and printing every epoch's accuracies so that two builds can be
//! compared digit for digit. Ignored (speed is never asserted):
//! `cargo test --release --test eval_profile -- --ignored --nocapture [mlp|cnn]`.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use nnlab::labs::cnn::session::CnnRun;
use nnlab::labs::cnn::train_config::CnnTrainConfig;
use nnlab::labs::mnist::session::{Data, Session};
use nnlab::labs::mnist::MnistLabConfig;
use nnlab::train::StepInfo;

mod common;
use common::bundled;

/// Seconds in plain steps and in epoch-end steps, and the epochs' (train, test) accuracies.
fn time_steps(iters: usize, mut step: impl FnMut() -> StepInfo) -> (f64, f64, usize, Vec<String>) {
    let (mut plain, mut ends, mut n_ends) = (0.0, 0.0, 0);
    let mut accs = Vec::new();
    for _ in 0..iters {
        let t = Instant::now();
        let info = step();
        let s = t.elapsed().as_secs_f64();
        match info.epoch_end {
            Some(e) => {
                ends += s;
                n_ends += 1;
                accs.push(format!(
                    "{}:{}/{}",
                    e.epoch,
                    e.train_acc,
                    e.test_acc.unwrap_or(f32::NAN)
                ));
            }
            None => plain += s,
        }
    }
    (plain, ends, n_ends, accs)
}

fn report(name: &str, iters: usize, (plain, ends, n_ends, accs): (f64, f64, usize, Vec<String>)) {
    let per_step = plain / (iters - n_ends) as f64;
    let eval = ends - n_ends as f64 * per_step;
    println!(
        "{name}: {iters} steps, {:.3} s in steps ({:.3} ms a step), {n_ends} epoch ends costing {:.3} s more \
         ({:.1} ms each) = {:.1}% of the steps' time; kept {:.1}% of the step rate",
        plain + n_ends as f64 * per_step,
        1e3 * per_step,
        eval,
        1e3 * eval / n_ends.max(1) as f64,
        100.0 * eval / (iters as f64 * per_step),
        100.0 * iters as f64 * per_step / (plain + ends),
    );
    println!("{name} accuracies: {}", accs.join(" "));
}

#[test]
#[ignore]
fn mlp() {
    let cfg = MnistLabConfig::default();
    let data = Data::bundled(&bundled(), cfg.n_train, cfg.seed).unwrap();
    // The MNIST lab's epoch-end evaluation: the first 2,000 train and test digits (web::mnist::EVAL_LIMIT).
    let mut s = Session::new(&cfg, &data, 2_000).unwrap();
    let iters = 2_000;
    let r = time_steps(iters, || s.step().unwrap());
    report("784-50-10", iters, r);
}

#[test]
#[ignore]
fn cnn() {
    let cfg = CnnTrainConfig::default();
    let data = Data::bundled(&bundled(), cfg.n_train, cfg.seed).unwrap();
    let mut run = CnnRun::new(&cfg, &data).unwrap();
    let iters = 2 * cfg.iters_per_epoch();
    let r = time_steps(iters, || run.step().unwrap());
    report("SimpleConvNet", iters, r);
}
