//! The batch norm lab's settings in its link: γ and β of the walk-through (`bg`, `bb`, `bseed`), the weight-scale
//! experiment's scale count, epochs and seed (`sn`, `sep`, `sseed`), and the random search's trial count, epochs,
//! ranges of log10 lr and log10 λ, and seed (`tn`, `tep`, `tlr`, `twd`, `tseed`), and the weight scale of the activation histograms (`hs`). Bad values fall back to the
//! book's defaults (and the page names them).

use super::batch::{BatchDemoConfig, PARAM_RANGE};
use super::scales::{evenly, ScalesConfig, EPOCHS_RANGE as SCALE_EPOCHS};
use super::search::{SearchConfig, EPOCHS_RANGE, LR_LOG_LIMITS, TRIALS_RANGE, WD_LOG_LIMITS};
use crate::labs::route_vec::{read_array, write_list};
use crate::urlstate::Route;

/// Seeds a link may carry (u32, so they survive every number path unchanged).
pub const SEED_MAX: f64 = 4_294_967_295.0;
/// The scale counts offered: all 16 (the book), or evenly spread subsets for a quicker run.
pub const SCALE_COUNTS: [usize; 4] = [16, 8, 4, 2];

/// Every setting of the lab.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchnormLabConfig {
    pub batch: BatchDemoConfig,
    /// How many of the 16 scales (one of `SCALE_COUNTS`).
    pub scale_count: usize,
    pub scale_epochs: usize,
    pub scale_seed: u64,
    pub search: SearchConfig,
    /// The weight scale (index into the 16) of the activation histograms.
    pub hist_scale: usize,
}

impl Default for BatchnormLabConfig {
    fn default() -> Self {
        let s = ScalesConfig::default();
        BatchnormLabConfig {
            batch: BatchDemoConfig::default(),
            scale_count: 16,
            scale_epochs: s.epochs,
            scale_seed: s.seed,
            search: SearchConfig::default(),
            hist_scale: 6,
        }
    }
}

fn read_count(r: &Route, key: &str, (lo, hi): (usize, usize), default: usize) -> usize {
    r.usize_in(key, lo, hi, default)
}

fn read_seed(r: &Route, key: &str, default: u64) -> u64 {
    r.get(key)
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|&v| v as f64 <= SEED_MAX)
        .unwrap_or(default)
}

/// Two log10 bounds lo < hi within `limits`, or `default`.
fn read_range(r: &Route, key: &str, limits: (f64, f64), default: (f64, f64)) -> (f64, f64) {
    let v = read_array(r, key, limits.0 as f32, limits.1 as f32, [f32::NAN; 2]);
    if v[0].is_finite() && v[1].is_finite() && v[0] < v[1] {
        (v[0] as f64, v[1] as f64)
    } else {
        default
    }
}

impl BatchnormLabConfig {
    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let (lo, hi) = PARAM_RANGE;
        BatchnormLabConfig {
            batch: BatchDemoConfig {
                gamma: read_array(r, "bg", lo, hi, d.batch.gamma),
                beta: read_array(r, "bb", lo, hi, d.batch.beta),
                seed: read_seed(r, "bseed", d.batch.seed),
            },
            scale_count: r
                .get("sn")
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|v| SCALE_COUNTS.contains(v))
                .unwrap_or(d.scale_count),
            scale_epochs: read_count(r, "sep", SCALE_EPOCHS, d.scale_epochs),
            scale_seed: read_seed(r, "sseed", d.scale_seed),
            search: SearchConfig {
                trials: read_count(r, "tn", TRIALS_RANGE, d.search.trials),
                epochs: read_count(r, "tep", EPOCHS_RANGE, d.search.epochs),
                lr_log: read_range(r, "tlr", LR_LOG_LIMITS, d.search.lr_log),
                wd_log: read_range(r, "twd", WD_LOG_LIMITS, d.search.wd_log),
                seed: read_seed(r, "tseed", d.search.seed),
                ..d.search
            },
            hist_scale: read_count(r, "hs", (0, 15), d.hist_scale),
        }
    }

    pub fn write(&self, r: &mut Route) {
        write_list(r, "bg", &self.batch.gamma);
        write_list(r, "bb", &self.batch.beta);
        r.set("bseed", self.batch.seed);
        r.set("sn", self.scale_count);
        r.set("sep", self.scale_epochs);
        r.set("sseed", self.scale_seed);
        r.set("tn", self.search.trials);
        r.set("tep", self.search.epochs);
        let pair = |(a, b): (f64, f64)| [a as f32, b as f32];
        write_list(r, "tlr", &pair(self.search.lr_log));
        write_list(r, "twd", &pair(self.search.wd_log));
        r.set("tseed", self.search.seed);
        r.set("hs", self.hist_scale);
    }

    /// The weight-scale experiment these settings describe.
    pub fn scales(&self) -> ScalesConfig {
        ScalesConfig {
            epochs: self.scale_epochs,
            pick: evenly(self.scale_count),
            seed: self.scale_seed,
            ..ScalesConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_bad_values_fall_back() {
        let mut c = BatchnormLabConfig::default();
        c.batch.gamma = [2.0, -0.5, 1.0];
        c.scale_count = 4;
        c.search.lr_log = (-4.5, -2.25);
        c.search.trials = 30;
        c.hist_scale = 15;
        let mut r = Route::new("batchnorm");
        c.write(&mut r);
        assert_eq!(BatchnormLabConfig::read(&Route::parse(&r.to_hash())), c);
        let bad = Route::parse("#batchnorm?sn=5&tlr=-2,-6&tn=0&bg=1,2&sep=999");
        let d = BatchnormLabConfig::default();
        assert_eq!(BatchnormLabConfig::read(&bad), d);
    }
}
