//! `cargo bench --bench threads` (issue #17 item 3, `make bench-threads`): data-parallel training natively with
//! `std::thread::scope` (`nnlab::bench::parallel::DataParallel`) against the lab's one-thread Trainer step
//! (`Contest` / `ConvContest`, as `make bench` runs them), on the bundled digits with the bench's weights and batch
//! order: 784-100-10 ReLU (SGD lr 0.1) and SimpleConvNet (SGD lr 0.05, He weights), batch 100, each batch cut into
//! THREADS_WORKERS (2) parts. Rounds interleave the contestants (rotating who goes first) so that they share the
//! machine's load; the speed-up is the median over rounds of the ratio within a round. Prints the load average
//! before and after, and the machine's ceiling for any k-way split under that load: k independent copies training
//! at once without exchanging anything (their rate ÷ one copy's). Exits non-zero when the losses disagree with the Trainer's (first step beyond 1e-4 relative,
//! the mean of the last 50 beyond 1%) or the replicas end up different; speed is only printed.
//! Env: THREADS_ROUNDS (3), THREADS_WORKERS (2), THREADS_MLP_STEPS (500), THREADS_CNN_STEPS (100).

use std::time::Instant;

use nnlab::activation::Activation;
use nnlab::bench::parallel::{bench_conv, bench_mlp, targets, DataParallel};
use nnlab::bench::{
    batch_order, conv_init_stds, conv_weight_shapes, init_matrices, init_weights, Contest,
    ConvContest, CONV_LR,
};
use nnlab::net::{ConvNetConfig, Net};
use nnlab::optim::SgdConfig;

mod common;
use common::{digits, env_usize, median};

const BS: usize = 100;

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// One way to train from the shared start: `run` trains `steps` batches of `order` and returns their losses.
trait Runner {
    fn name(&self) -> String;
    fn reset(&mut self, w: &[Vec<f32>]);
    fn run(&mut self, order: &[u32], steps: usize) -> Vec<f32>;
    /// How many batches one `run` step trains (k for independent copies).
    fn factor(&self) -> usize {
        1
    }
    /// Whether its losses are those of the whole batches (and must agree with the Trainer's).
    fn same_batches(&self) -> bool {
        true
    }
    /// A hash of each replica's parameters (none for the Trainer).
    fn hashes(&mut self) -> Vec<u32> {
        Vec::new()
    }
}

struct Mlp(Contest);
impl Runner for Mlp {
    fn name(&self) -> String {
        "1 thread (Trainer)".into()
    }
    fn reset(&mut self, w: &[Vec<f32>]) {
        self.0.set_weights([&w[0], &w[1]]).expect("weights fit");
    }
    fn run(&mut self, order: &[u32], steps: usize) -> Vec<f32> {
        self.0.run(order, BS, steps).expect("steps")
    }
}

struct Cnn(ConvContest);
impl Runner for Cnn {
    fn name(&self) -> String {
        "1 thread (Trainer)".into()
    }
    fn reset(&mut self, w: &[Vec<f32>]) {
        self.0
            .set_weights([&w[0], &w[1], &w[2]])
            .expect("weights fit");
    }
    fn run(&mut self, order: &[u32], steps: usize) -> Vec<f32> {
        self.0.run(order, BS, steps).expect("steps")
    }
}

struct Split(DataParallel);
impl Runner for Split {
    fn name(&self) -> String {
        format!("{} threads (DataParallel)", self.0.threads())
    }
    fn reset(&mut self, w: &[Vec<f32>]) {
        let refs: Vec<&[f32]> = w.iter().map(|v| &v[..]).collect();
        self.0.set_weights(&refs).expect("weights fit");
    }
    fn run(&mut self, order: &[u32], steps: usize) -> Vec<f32> {
        let l = self.0.run(order, BS, steps).expect("steps");
        // Every update applied, inside the timing as the Trainer's are.
        self.0.finish().expect("finish");
        l
    }
    fn hashes(&mut self) -> Vec<u32> {
        self.0
            .replicas_mut()
            .iter_mut()
            .map(|r| r.params_hash())
            .collect()
    }
}

/// The ceiling of any k-way split on this machine under its current load: k independent one-thread trainings
/// (no exchange, no waiting for each other) on k threads at once, each on every batch.
struct Independent(Vec<DataParallel>);
impl Runner for Independent {
    fn name(&self) -> String {
        format!("{} independent copies (ceiling)", self.0.len())
    }
    fn reset(&mut self, w: &[Vec<f32>]) {
        let refs: Vec<&[f32]> = w.iter().map(|v| &v[..]).collect();
        for d in &mut self.0 {
            d.set_weights(&refs).expect("weights fit");
        }
    }
    fn run(&mut self, order: &[u32], steps: usize) -> Vec<f32> {
        let mut all: Vec<Vec<f32>> = std::thread::scope(|s| {
            let handles: Vec<_> = self
                .0
                .iter_mut()
                .map(|d| {
                    s.spawn(move || {
                        let l = d.run(order, BS, steps).expect("steps");
                        d.finish().expect("finish");
                        l
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("no panic"))
                .collect()
        });
        all.swap_remove(0)
    }
    fn factor(&self) -> usize {
        self.0.len()
    }
}

/// One thread training only part 0 of every batch (BS/k rows): one thread's share of a k-way split. Its time
/// against the whole batch's is the speed-up k idle cores would give, less the exchange (and counted so: its
/// samples/s are the whole batch's rows over its time). Measured on one thread, so a busy machine hurts it no more
/// than the Trainer it is compared with.
struct Part(DataParallel, usize, Vec<u32>);
impl Runner for Part {
    fn name(&self) -> String {
        format!("1 thread, 1/{} of each batch (bound)", self.1)
    }
    fn reset(&mut self, w: &[Vec<f32>]) {
        let refs: Vec<&[f32]> = w.iter().map(|v| &v[..]).collect();
        self.0.set_weights(&refs).expect("weights fit");
    }
    fn run(&mut self, order: &[u32], steps: usize) -> Vec<f32> {
        let part = BS / self.1;
        self.2.clear();
        for b in order.chunks_exact(BS).take(steps) {
            self.2.extend_from_slice(&b[..part]);
        }
        let l = self.0.run(&self.2, part, steps).expect("steps");
        self.0.finish().expect("finish");
        l
    }
    fn same_batches(&self) -> bool {
        false
    }
}

struct Row {
    name: String,
    factor: usize,
    same: bool,
    secs: Vec<f64>,
    losses: Vec<f32>,
}

/// `rounds` rounds of every runner (warm-up, then `steps` timed), rotating the order. Returns one row each.
fn contest(
    runners: &mut [Box<dyn Runner>],
    w: &[Vec<f32>],
    order: &[u32],
    warmup: usize,
    steps: usize,
    rounds: usize,
    label: &str,
) -> Vec<Row> {
    let mut rows: Vec<Row> = runners
        .iter()
        .map(|r| Row {
            name: r.name(),
            factor: r.factor(),
            same: r.same_batches(),
            secs: Vec::new(),
            losses: Vec::new(),
        })
        .collect();
    for round in 0..rounds {
        for j in 0..runners.len() {
            let i = (j + round) % runners.len();
            let r = &mut runners[i];
            r.reset(w);
            let mut losses = r.run(order, warmup);
            let t0 = Instant::now();
            losses.extend(r.run(&order[warmup * BS..], steps));
            let s = t0.elapsed().as_secs_f64();
            println!(
                "  {label} round {} {}: {:.0} samples/s",
                round + 1,
                rows[i].name,
                (rows[i].factor * BS * steps) as f64 / s
            );
            rows[i].secs.push(s);
            if rows[i].losses.is_empty() {
                rows[i].losses = losses;
            }
        }
    }
    rows
}

fn report(label: &str, rows: &[Row], steps: usize, bad: &mut Vec<String>) {
    let base = &rows[0];
    let rel = |a: f32, b: f32| ((a - b) / b).abs();
    let last50 =
        |l: &[f32]| l[l.len() - 50.min(l.len())..].iter().sum::<f32>() / 50.min(l.len()) as f32;
    for r in rows {
        let sps: Vec<String> = r
            .secs
            .iter()
            .map(|s| format!("{:.0}", (r.factor * BS * steps) as f64 / s))
            .collect();
        let ratios: Vec<f64> = r
            .secs
            .iter()
            .zip(&base.secs)
            .map(|(s, b)| r.factor as f64 * b / s)
            .collect();
        let is_base = std::ptr::eq(r, base);
        let ratio = if is_base {
            String::new()
        } else {
            format!("{:.2}×", median(&ratios))
        };
        let (mut worst_cell, mut last_cell) = (String::new(), String::new());
        if !is_base && r.same {
            let first = rel(r.losses[0], base.losses[0]);
            let worst = r
                .losses
                .iter()
                .zip(&base.losses)
                .map(|(&a, &b)| rel(a, b))
                .fold(0.0f32, f32::max);
            let last = rel(last50(&r.losses), last50(&base.losses));
            worst_cell = format!("{worst:.1e}");
            last_cell = format!("{last:.1e}");
            if first > 1e-4 || last > 0.01 {
                bad.push(format!("{label} {}: first {first}, last-50 {last}", r.name));
            }
        }
        println!(
            "| {label} | {} | {} | {:.0} | {ratio} | {:.6} | {worst_cell} | {last_cell} |",
            r.name,
            sps.join(", "),
            (r.factor * BS * steps) as f64 / median(&r.secs),
            r.losses[0],
        );
    }
}

/// The replicas of every data-parallel runner must hold the same bits at the end.
fn check_replicas(label: &str, runners: &mut [Box<dyn Runner>], bad: &mut Vec<String>) {
    for r in runners {
        let h = r.hashes();
        if h.windows(2).any(|p| p[0] != p[1]) {
            bad.push(format!("{label} {}: replicas differ ({h:?})", r.name()));
        }
    }
}

/// The contestants that split each batch, for one network: the split on 1 replica (the baseline), on k, the
/// ceiling (k independent copies at once) and the bound (one thread on 1/k of each batch).
fn split_runners(
    net: &Net,
    sgd: SgdConfig,
    x: &ndarray::Array2<f32>,
    t: &ndarray::Array2<f32>,
    k: usize,
) -> Vec<Box<dyn Runner>> {
    let dp = |threads: usize| {
        DataParallel::new(net.clone(), sgd, x.clone(), t.clone(), threads).expect("replicas")
    };
    vec![
        Box::new(Split(dp(1))),
        Box::new(Split(dp(k))),
        Box::new(Independent((0..k).map(|_| dp(1)).collect())),
        Box::new(Part(dp(1), k, Vec::new())),
    ]
}

fn main() {
    let rounds = env_usize("THREADS_ROUNDS", 3).max(1);
    let k = env_usize("THREADS_WORKERS", 2).max(2);
    let mlp_steps = env_usize("THREADS_MLP_STEPS", 500).max(50);
    let cnn_steps = env_usize("THREADS_CNN_STEPS", 100).max(50);
    let (x, labels) = digits();
    let n = x.nrows();
    let t = targets(&x, &labels).expect("labels 0–9");
    let cores = std::thread::available_parallelism().map_or(0, |c| c.get());
    let load_before = load();
    println!(
        "bench-threads native: {n} digits, {cores} cores, {k} threads, {rounds} rounds; batch {BS}; load average {load_before}"
    );
    let mut bad = Vec::new();
    let mut tables = Vec::new();

    // 784-100-10 ReLU, SGD lr 0.1, the bench's N(0, 0.01²) weights.
    let (warmup, steps) = (20, mlp_steps);
    let w = init_weights(1, &[784, 100, 10], 0.01);
    let refs: Vec<&[f32]> = w.iter().map(|v| &v[..]).collect();
    let order = batch_order(2, n, BS, warmup + steps);
    let net: Net = bench_mlp(784, 100, Activation::Relu, &refs).expect("net");
    let sgd = SgdConfig { lr: 0.1 };
    let mut runners: Vec<Box<dyn Runner>> = vec![Box::new(Mlp(Contest::new(
        x.clone(),
        &labels,
        100,
        Activation::Relu,
        [&w[0], &w[1]],
    )
    .expect("contest")))];
    runners.extend(split_runners(&net, sgd, &x, &t, k));
    let label = "784-100-10 ReLU";
    tables.push((
        label,
        contest(&mut runners, &w, &order, warmup, steps, rounds, label),
        steps,
    ));
    check_replicas(label, &mut runners, &mut bad);

    // SimpleConvNet, SGD lr 0.05, He weights (as `make bench`).
    let (warmup, steps) = (3, cnn_steps);
    let shapes = conv_weight_shapes(&ConvNetConfig::default()).expect("shapes");
    let w = init_matrices(1, &shapes, &conv_init_stds(&shapes));
    let refs: Vec<&[f32]> = w.iter().map(|v| &v[..]).collect();
    let order = batch_order(2, n, BS, warmup + steps);
    let net = bench_conv(&refs).expect("net");
    let sgd = SgdConfig { lr: CONV_LR };
    let mut runners: Vec<Box<dyn Runner>> = vec![Box::new(Cnn(ConvContest::new(
        x.clone(),
        &labels,
        [&w[0], &w[1], &w[2]],
        CONV_LR,
    )
    .expect("contest")))];
    runners.extend(split_runners(&net, sgd, &x, &t, k));
    let label = "SimpleConvNet";
    tables.push((
        label,
        contest(&mut runners, &w, &order, warmup, steps, rounds, label),
        steps,
    ));
    check_replicas(label, &mut runners, &mut bad);

    println!("\n| network | contestant | samples/s per round | median | ÷ 1 thread (median of per-round ratios) | first loss | max rel. loss diff | last-50 mean diff |");
    println!("|---|---|---|---:|---:|---:|---:|---:|");
    for (label, rows, steps) in &tables {
        report(label, rows, *steps, &mut bad);
    }
    println!("\nload average before {load_before}, after {}", load());
    if !bad.is_empty() {
        eprintln!("losses disagree:\n{}", bad.join("\n"));
        std::process::exit(1);
    }
}
