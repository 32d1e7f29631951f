//! `cargo bench --bench native` (issue #7): the engine natively, through the same `nnlab::bench::Contest` the page
//! uses, on the bundled digits with the page's procedure (same mulberry32 weights and batch order; per network,
//! BENCH_ROUNDS rounds of 20 warm-up + BENCH_STEPS timed steps from the shared start, timed with `Instant`),
//! then NumPy float32 on one thread (tests/bench/numpy_mlp.py) on the same data, weights and batches.
//! Then SimpleConvNet (issue #15; BENCH_CNN=0 skips it): `nnlab::bench::ConvContest` against the book's im2col
//! code in NumPy float32 on one thread (tests/bench/numpy_cnn.py), 2 warm-up + BENCH_CNN_STEPS (20) steps a
//! round, the page's weights, batches and SGD.
//! Prints both and nnlab ÷ NumPy, writes tests/bench/artifacts/native.json for run.mjs, and exits non-zero when
//! the two disagree on the losses (first step within 1e-4 relative, mean of the last 100 (CNN: 10) within 1%).

use std::process::Command;
use std::time::Instant;

use nnlab::activation::Activation;
use nnlab::bench::{
    batch_order, conv_init_stds, conv_weight_shapes, flops_per_sample, gflops, init_matrices,
    init_weights, Contest, ConvContest, ConvStepProducts, Sgemm, StepProducts, CONV_LR,
};
use nnlab::net::ConvNetConfig;

mod common;
use common::{digits, env_usize, median};

const WARMUP: usize = 20;
const BS: usize = 100;
const NETS: [(&str, usize, Activation); 3] = [
    ("784-100-10 ReLU", 100, Activation::Relu),
    ("784-50-10 ReLU", 50, Activation::Relu),
    ("784-50-10 sigmoid", 50, Activation::Sigmoid),
];

struct Row {
    net: &'static str,
    secs: Vec<f64>,
    first: f32,
    last100: f32,
    /// GFLOP/s of the step's five matrix products alone (nnlab only).
    products: f64,
}

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

fn mean_last_100(l: &[f32]) -> f32 {
    let tail = &l[l.len().saturating_sub(100)..];
    tail.iter().sum::<f32>() / tail.len() as f32
}

/// The numbers after `"key": ` in `text` (a JSON number or a flat array of numbers).
fn json_numbers(text: &str, key: &str) -> Vec<f64> {
    let Some(at) = text.find(&format!("\"{key}\": ")) else {
        return Vec::new();
    };
    let rest = &text[at + key.len() + 4..];
    let end = if rest.starts_with('[') {
        rest.find(']').map_or(rest.len(), |e| e + 1)
    } else {
        rest.find([',', '}']).unwrap_or(rest.len())
    };
    rest[..end]
        .trim_matches(['[', ']'])
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// NumPy's rows from numpy_mlp.py's JSON, or None (with the reason printed) when it cannot run.
fn numpy(top: &str, rounds: usize, steps: usize) -> Option<(String, Vec<Row>)> {
    let out = Command::new("python3")
        .arg(format!("{top}/tests/bench/numpy_mlp.py"))
        .args([rounds.to_string(), steps.to_string()])
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("OMP_NUM_THREADS", "1")
        .env("MKL_NUM_THREADS", "1")
        .output();
    let out = match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        Ok(o) => {
            eprintln!(
                "numpy_mlp.py failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            return None;
        }
        Err(e) => {
            eprintln!("python3 did not run: {e}");
            return None;
        }
    };
    let version = out
        .split("\"numpy_version\": \"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("?")
        .to_string();
    let rows = NETS
        .iter()
        .filter_map(|(name, _, _)| {
            let part = out.split(&format!("\"net\": \"{name}\"")).nth(1)?;
            let part = &part[..part.find('}').unwrap_or(part.len())];
            Some(Row {
                net: name,
                secs: json_numbers(part, "seconds"),
                first: *json_numbers(part, "first").first()? as f32,
                last100: *json_numbers(part, "last100").first()? as f32,
                products: f64::NAN,
            })
        })
        .collect();
    Some((version, rows))
}

/// The median GFLOP/s of 9 samples of `reps` calls of `run`, each worth `flops`.
fn median_gflops(flops: f64, reps: u32, mut run: impl FnMut() -> f32) -> f64 {
    let start = Instant::now();
    let now_ms = || start.elapsed().as_secs_f64() * 1e3;
    median(
        &(0..9)
            .map(|_| gflops(flops, reps, now_ms, &mut run))
            .collect::<Vec<_>>(),
    )
}

/// GFLOP/s of one step's five matrix products alone (100 steps' worth a sample).
fn products_gflops(input: usize, hidden: usize) -> f64 {
    let mut p = StepProducts::new(input, hidden, 10, BS);
    median_gflops(p.flops(), 100, || p.run())
}

fn main() {
    // The 1-minute load average at the start (Linux): above about 0.3, something else shared the cores.
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "null".into());
    let rounds = env_usize("BENCH_ROUNDS", 3).max(1);
    let steps = env_usize("BENCH_STEPS", 600).max(100);
    let top = env!("CARGO_MANIFEST_DIR");
    let (x, labels) = digits();
    let n = x.nrows();
    let order = batch_order(2, n, BS, WARMUP + steps);
    println!("native bench: {n} digits, {rounds} rounds × ({WARMUP} warm-up + {steps} timed steps), batch {BS}; load average {load}");

    let mut sg = Sgemm::new(256);
    let sgemm = median_gflops(sg.flops(), 20, || sg.run());
    println!("sgemm 256³: {sgemm:.1} GFLOP/s (median of 9)");

    let mut ours = Vec::new();
    for (name, hidden, act) in NETS {
        let w = init_weights(1, &[x.ncols(), hidden, 10], 0.01);
        let mut c =
            Contest::new(x.clone(), &labels, hidden, act, [&w[0], &w[1]]).expect("contest builds");
        let mut row = Row {
            net: name,
            secs: Vec::new(),
            first: 0.0,
            last100: 0.0,
            products: products_gflops(x.ncols(), hidden),
        };
        for r in 0..rounds {
            c.set_weights([&w[0], &w[1]]).expect("weights fit");
            let warm = c.run(&order, BS, WARMUP).expect("warm-up");
            let t0 = Instant::now();
            let timed = c
                .run(&order[WARMUP * BS..], BS, steps)
                .expect("timed steps");
            let s = t0.elapsed().as_secs_f64();
            row.secs.push(s);
            if r == 0 {
                row.first = warm[0];
                row.last100 = mean_last_100(&timed);
            }
            let sps = (BS * steps) as f64 / s;
            let gf = sps * flops_per_sample(x.ncols(), hidden, 10) / 1e9;
            println!(
                "  {name} round {}: {sps:.0} samples/s ({gf:.1} GFLOP/s)",
                r + 1
            );
        }
        ours.push(row);
    }

    let np = numpy(top, rounds, steps);
    let sps = |secs: &[f64], f: fn(&[f64]) -> f64| (BS * steps) as f64 / f(secs);
    let mut bad = Vec::new();
    println!("\n| network | nnlab native samples/s (median / max) | NumPy float32, 1 thread | nnlab ÷ NumPy | nnlab GFLOP/s | 5 products alone | their share | first loss nnlab / NumPy | last-100 nnlab / NumPy |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut json = Vec::new();
    for row in &ours {
        let (med, max) = (sps(&row.secs, median), sps(&row.secs, min));
        let peer = np
            .as_ref()
            .and_then(|(_, rows)| rows.iter().find(|r| r.net == row.net && !r.secs.is_empty()));
        let (peer_cell, ratio, peer_json) = match peer {
            Some(p) => {
                let (pm, px) = (sps(&p.secs, median), sps(&p.secs, min));
                let d1 = ((row.first - p.first) / p.first).abs();
                let d2 = ((row.last100 - p.last100) / p.last100).abs();
                if d1 > 1e-4 || d2 > 0.01 {
                    bad.push(format!(
                        "{}: nnlab first {} last-100 {} vs NumPy {} {}",
                        row.net, row.first, row.last100, p.first, p.last100
                    ));
                }
                (
                    format!("{pm:.0} / {px:.0}"),
                    format!("{:.2}×", med / pm),
                    format!(
                        "{{\"median\": {pm:.1}, \"max\": {px:.1}, \"first\": {}, \"last100\": {}}}",
                        p.first, p.last100
                    ),
                )
            }
            None => ("–".into(), "–".into(), "null".into()),
        };
        let hidden = NETS.iter().find(|n| n.0 == row.net).map_or(0, |n| n.1);
        let gflops = med * flops_per_sample(x.ncols(), hidden, 10) / 1e9;
        println!(
            "| {} | {med:.0} / {max:.0} | {peer_cell} | {ratio} | {gflops:.1} | {:.1} | {:.0}% | {:.6} / {} | {:.5} / {} |",
            row.net,
            row.products,
            100.0 * gflops / row.products,
            row.first,
            peer.map_or("–".into(), |p| format!("{:.6}", p.first)),
            row.last100,
            peer.map_or("–".into(), |p| format!("{:.5}", p.last100)),
        );
        json.push(format!(
            "{{\"net\": \"{}\", \"nnlab\": {{\"median\": {med:.1}, \"max\": {max:.1}, \"first\": {}, \"last100\": {}, \"products_gflops\": {:.2}}}, \"numpy\": {peer_json}}}",
            row.net, row.first, row.last100, row.products
        ));
    }
    let version = np
        .as_ref()
        .map_or("null".into(), |(v, _)| format!("\"{v}\""));
    let cnn = if std::env::var("BENCH_CNN").as_deref() == Ok("0") {
        "null".to_string()
    } else {
        conv_bench(top, &x, &labels, rounds, &mut bad)
    };
    let doc = format!(
        "{{\"rounds\": {rounds}, \"steps\": {steps}, \"load\": {load}, \"sgemm_gflops\": {sgemm:.2}, \"numpy_version\": {version}, \"nets\": [{}], \"cnn\": {cnn}}}\n",
        json.join(", ")
    );
    let dir = format!("{top}/tests/bench/artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    std::fs::write(format!("{dir}/native.json"), doc).expect("write native.json");
    if !bad.is_empty() {
        eprintln!("losses disagree:\n  {}", bad.join("\n  "));
        std::process::exit(1);
    }
}

/// Warm-up steps of a SimpleConvNet round (the page takes as many).
const CNN_WARMUP: usize = 2;

/// SimpleConvNet natively and in NumPy (numpy_cnn.py): prints the comparison, pushes a loss disagreement onto
/// `bad`, and returns native.json's "cnn" object.
fn conv_bench(
    top: &str,
    x: &ndarray::Array2<f32>,
    labels: &[u8],
    rounds: usize,
    bad: &mut Vec<String>,
) -> String {
    let steps = env_usize("BENCH_CNN_STEPS", 20).max(10);
    let shapes = conv_weight_shapes(&ConvNetConfig::default()).expect("the book's net");
    let w = init_matrices(1, &shapes, &conv_init_stds(&shapes));
    let refs = [&w[0][..], &w[1][..], &w[2][..]];
    let order = batch_order(2, x.nrows(), BS, CNN_WARMUP + steps);
    let mut c = ConvContest::new(x.clone(), labels, refs, CONV_LR).expect("contest builds");
    let flops = c.flops_per_sample();
    let mut p = ConvStepProducts::new(BS);
    let products = median_gflops(p.flops(), 5, || p.run());
    println!("\nSimpleConvNet: {rounds} rounds × ({CNN_WARMUP} warm-up + {steps} timed steps), SGD lr {CONV_LR}, He weights");
    let (mut secs, mut first, mut last) = (Vec::new(), 0.0f32, 0.0f32);
    for r in 0..rounds {
        c.set_weights(refs).expect("weights fit");
        let warm = c.run(&order, BS, CNN_WARMUP).expect("warm-up");
        let t0 = Instant::now();
        let timed = c
            .run(&order[CNN_WARMUP * BS..], BS, steps)
            .expect("timed steps");
        let s = t0.elapsed().as_secs_f64();
        secs.push(s);
        if r == 0 {
            first = warm[0];
            last = timed[steps - 10..].iter().sum::<f32>() / 10.0;
        }
        let sps = (BS * steps) as f64 / s;
        println!(
            "  nnlab round {}: {sps:.0} samples/s ({:.1} GFLOP/s), first loss {}, mean of the last 10 {}",
            r + 1,
            sps * flops / 1e9,
            warm[0],
            timed[steps - 10..].iter().sum::<f32>() / 10.0
        );
    }
    let sps = |secs: &[f64], f: fn(&[f64]) -> f64| (BS * steps) as f64 / f(secs);
    let (med, max) = (sps(&secs, median), sps(&secs, min));
    let gf = med * flops / 1e9;
    println!("  the step's products alone: {products:.1} GFLOP/s; the whole step {gf:.1} GFLOP/s ({:.0}% of its time in them)", 100.0 * gf / products);
    let out = Command::new("python3")
        .arg(format!("{top}/tests/bench/numpy_cnn.py"))
        .args([rounds.to_string(), steps.to_string(), CONV_LR.to_string()])
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("OMP_NUM_THREADS", "1")
        .env("MKL_NUM_THREADS", "1")
        .output();
    let np = match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            let secs = json_numbers(&text, "seconds");
            let f = json_numbers(&text, "first").first().copied();
            let l = json_numbers(&text, "last").first().copied();
            match (f, l, secs.is_empty()) {
                (Some(f), Some(l), false) => Some((secs, f as f32, l as f32)),
                _ => None,
            }
        }
        Ok(o) => {
            eprintln!(
                "numpy_cnn.py failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            None
        }
        Err(e) => {
            eprintln!("python3 did not run: {e}");
            None
        }
    };
    let numpy_json = match &np {
        Some((s, f, l)) => {
            let (pm, px) = (sps(s, median), sps(s, min));
            println!(
                "  NumPy (the book's im2col code, float32, 1 thread): {pm:.0} samples/s (max {px:.0}); nnlab {:.2}× NumPy; first loss {f} vs {first}, mean of the last 10 {l} vs {last}",
                med / pm
            );
            if ((first - f) / f).abs() > 1e-4 || ((last - l) / l).abs() > 0.01 {
                bad.push(format!(
                    "SimpleConvNet: nnlab first {first} last-10 {last} vs NumPy {f} {l}"
                ));
            }
            format!("{{\"median\": {pm:.1}, \"max\": {px:.1}, \"first\": {f}, \"last\": {l}}}")
        }
        None => "null".into(),
    };
    format!(
        "{{\"rounds\": {rounds}, \"steps\": {steps}, \"flops_per_sample\": {flops}, \"nnlab\": {{\"median\": {med:.1}, \"max\": {max:.1}, \"first\": {first}, \"last\": {last}, \"gflops\": {gf:.2}, \"products_gflops\": {products:.2}}}, \"numpy\": {numpy_json}}}"
    )
}
