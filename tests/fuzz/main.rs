//! The fuzz harness (`cargo test --release --test fuzz`, `make fuzz FUZZ_SECONDS=…`): for every parser a user
//! reaches (IDX, an MNIST pair, gzip, zip, npy, npz, pickle, points CSV, the URL hash, number input), it replays
//! the committed regression inputs (tests/fuzz/regressions/<target>-*.bin) and the seeds built from valid files,
//! then, when FUZZ_SECONDS is set, mutates them for that many seconds in all (split evenly between targets).
//! Each input is bounded: a panic, more than PER_INPUT_MB of memory at its peak (counted by the allocator), or
//! more than PER_INPUT_MS of time is a failure, saved to target/fuzz/findings/ to be added as a regression once
//! fixed. Runaways are stopped too: past 1 GiB or 30 s the process saves the input to target/fuzz/died.bin and
//! exits. FUZZ_SEED fixes the mutation seed (printed on every run); FUZZ_TARGETS=pickle,npz picks targets;
//! FUZZ_VERBOSE=1 prints each seed's outcome.

mod alloc;
mod mutate;
mod targets;

use std::collections::HashSet;
use std::panic;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

/// Per-input bounds. Parsers refuse by their own limits long before these (the largest is the pickle reader's
/// 256 MB of decoded data, which a mutated input of at most 1 MiB cannot come near).
const PER_INPUT_MB: usize = 300;
const PER_INPUT_MS: u128 = 5_000;
const WATCHDOG: Duration = Duration::from_secs(30);
/// Corpus inputs kept per target (the seeds plus inputs that reached a new outcome).
const CORPUS_MAX: usize = 400;

struct Finding {
    target: &'static str,
    why: String,
    file: PathBuf,
}

fn main() {
    let top = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = top.join("target/fuzz");
    // Findings are this run's only: an old one is either fixed or already copied into the regressions.
    let _ = std::fs::remove_dir_all(out.join("findings"));
    let _ = std::fs::create_dir_all(out.join("findings"));
    alloc::init(&out.join("died.bin"), WATCHDOG);
    // Panics are findings, reported once by the harness: keep the default hook quiet.
    panic::set_hook(Box::new(|_| {}));

    let seconds: f64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let only: Option<Vec<String>> = std::env::var("FUZZ_TARGETS")
        .ok()
        .map(|s| s.split(',').map(str::to_string).collect());
    let targets: Vec<_> = targets::all()
        .into_iter()
        .filter(|t| only.as_ref().is_none_or(|o| o.iter().any(|n| n == t.name)))
        .collect();
    let verbose = std::env::var("FUZZ_VERBOSE").is_ok_and(|v| v == "1");
    let budget = Duration::from_secs_f64(seconds / targets.len().max(1) as f64);
    println!(
        "fuzz: {} targets, {:.1} s each of mutation, seed {seed}",
        targets.len(),
        budget.as_secs_f64()
    );

    let regressions = top.join("tests/fuzz/regressions");
    let mut findings = Vec::new();
    let mut kinds = HashSet::new();
    let mut rng = mutate::Rng::new(seed);
    for t in &targets {
        let mut corpus: Vec<Vec<u8>> = (t.seeds)();
        let mut replayed = 0;
        if let Ok(dir) = std::fs::read_dir(&regressions) {
            let mut files: Vec<_> = dir.flatten().map(|e| e.path()).collect();
            files.sort();
            for f in files {
                let name = f
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_string();
                if name.starts_with(&format!("{}-", t.name)) {
                    if let Ok(b) = std::fs::read(&f) {
                        corpus.push(b);
                        replayed += 1;
                    }
                }
            }
        }
        let mut outcomes = HashSet::new();
        let mut runs = 0usize;
        let mut peak_max = 0usize;
        let mut slowest = Duration::ZERO;
        // Every seed and regression input once, then mutations until the budget is spent.
        let fixed = corpus.clone();
        let start = Instant::now();
        let mut i = 0usize;
        loop {
            let input = if i < fixed.len() {
                fixed[i].clone()
            } else if start.elapsed() < budget {
                let a = rng.below(corpus.len());
                let b = rng.below(corpus.len());
                mutate::mutate(&mut rng, &corpus[a], &corpus[b], t.tokens)
            } else {
                break;
            };
            i += 1;
            runs += 1;
            let base = alloc::arm(&input);
            let t0 = Instant::now();
            let r = panic::catch_unwind(|| (t.run)(&input));
            let took = t0.elapsed();
            let peak = alloc::disarm(base);
            peak_max = peak_max.max(peak);
            slowest = slowest.max(took);
            let why = match &r {
                Err(p) => Some(format!(
                    "panic: {}",
                    p.downcast_ref::<String>()
                        .map(String::as_str)
                        .or(p.downcast_ref::<&str>().copied())
                        .unwrap_or("?")
                )),
                Ok(_) if peak > PER_INPUT_MB << 20 => Some(format!(
                    "{} MB at its peak (limit {PER_INPUT_MB} MB)",
                    peak >> 20
                )),
                Ok(_) if took.as_millis() > PER_INPUT_MS => {
                    Some(format!("{} ms (limit {PER_INPUT_MS} ms)", took.as_millis()))
                }
                Ok(_) => None,
            };
            if let Some(why) = why {
                // One file per kind of failure (digits masked), not thousands of the same one.
                let kind: String = why
                    .chars()
                    .map(|c| if c.is_ascii_digit() { '#' } else { c })
                    .collect();
                if !kinds.insert((t.name, kind)) {
                    continue;
                }
                let file =
                    out.join("findings")
                        .join(format!("{}-{:016x}.bin", t.name, fnv(&input)));
                let _ = std::fs::write(&file, &input);
                findings.push(Finding {
                    target: t.name,
                    why,
                    file,
                });
                if findings.len() > 20 {
                    break;
                }
                continue;
            }
            if let (Ok(o), true, true) = (&r, verbose, i <= fixed.len()) {
                println!("fuzz {:>12}: seed {} → {o}", t.name, i - 1);
            }
            if let Ok(o) = r {
                if outcomes.insert(o) && i > fixed.len() && corpus.len() < CORPUS_MAX {
                    corpus.push(input);
                }
            }
        }
        println!(
            "fuzz {:>12}: {runs:>8} inputs ({replayed} regressions), {:>3} outcomes, peak {:>6.1} MB, slowest {:>5.1} ms",
            t.name,
            outcomes.len(),
            peak_max as f64 / (1 << 20) as f64,
            slowest.as_secs_f64() * 1e3
        );
    }
    if findings.is_empty() {
        println!("fuzz: no findings");
        return;
    }
    for f in &findings {
        println!("FINDING {}: {} ({})", f.target, f.why, f.file.display());
    }
    println!("fix each, then copy its file into tests/fuzz/regressions/ (named <target>-<what>.bin) so cargo test replays it");
    std::process::exit(1);
}

/// FNV-1a, to name a finding's file by its bytes.
fn fnv(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325, |h, &c| {
        (h ^ c as u64).wrapping_mul(0x100_0000_01b3)
    })
}
