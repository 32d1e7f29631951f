//! The chapter 6 experiments' settings in the MNIST lab's link: the histogram's weight init, activation and
//! seed ("Again" draws new weights), the optimizer comparison's iterations and raw-curve box, and which
//! overfitting runs are shown. `Default` is what the panels start with.

use super::init_histogram::{HistConfig, INITS};
use super::optimizer_compare::{DEFAULT_ITERS, ITER_CHOICES};
use crate::urlstate::Route;

/// The activations of the histogram panel, by key.
pub const HIST_ACTS: [&str; 3] = ["sigmoid", "tanh", "relu"];
/// The overfitting panel's choices.
pub const OVERFIT_SHOWN: [&str; 4] = ["all", "none", "decay", "dropout"];

#[derive(Clone, Debug, PartialEq)]
pub struct Ch6Settings {
    /// A key of `INITS`.
    pub hist_init: &'static str,
    /// A key of `HIST_ACTS`.
    pub hist_act: &'static str,
    pub hist_seed: u64,
    /// One of `ITER_CHOICES`.
    pub opt_iters: usize,
    /// The comparison's raw (unsmoothed) curves.
    pub opt_raw: bool,
    /// A key of `OVERFIT_SHOWN`.
    pub over_shown: &'static str,
}

impl Default for Ch6Settings {
    fn default() -> Self {
        Ch6Settings {
            hist_init: INITS[0].0,
            hist_act: HIST_ACTS[0],
            hist_seed: HistConfig::default().seed,
            opt_iters: DEFAULT_ITERS,
            opt_raw: false,
            over_shown: OVERFIT_SHOWN[0],
        }
    }
}

impl Ch6Settings {
    pub fn write(&self, r: &mut Route) {
        r.set("hi", self.hist_init);
        r.set("ha", self.hist_act);
        r.set("hs", self.hist_seed);
        r.set("oi", self.opt_iters);
        r.set("or", u8::from(self.opt_raw));
        r.set("ov", self.over_shown);
    }

    /// Every missing or bad value keeps its default.
    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let inits: Vec<&'static str> = INITS.iter().map(|(k, _)| *k).collect();
        let pick = |key: &str, list: &[&'static str], def: &'static str| {
            r.get(key)
                .and_then(|v| list.iter().find(|k| **k == v).copied())
                .unwrap_or(def)
        };
        Ch6Settings {
            hist_init: pick("hi", &inits, d.hist_init),
            hist_act: pick("ha", &HIST_ACTS, d.hist_act),
            hist_seed: r
                .get("hs")
                .and_then(|v| v.parse::<u64>().ok())
                .filter(|&s| s <= u32::MAX as u64)
                .unwrap_or(d.hist_seed),
            opt_iters: r
                .get("oi")
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|n| ITER_CHOICES.contains(n))
                .unwrap_or(d.opt_iters),
            opt_raw: r.flag("or", d.opt_raw),
            over_shown: pick("ov", &OVERFIT_SHOWN, d.over_shown),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_round_trips_and_bad_ones_fall_back() {
        let c = Ch6Settings {
            hist_init: "he",
            hist_act: "relu",
            hist_seed: 45,
            opt_iters: 2_000,
            opt_raw: true,
            over_shown: "dropout",
        };
        let mut r = Route::new("mnist");
        c.write(&mut r);
        assert_eq!(Ch6Settings::read(&Route::parse(&r.to_hash())), c);
        let bad = Ch6Settings::read(&Route::parse(
            "#mnist?hi=zero&ha=step&hs=-1&oi=7&or=maybe&ov=some",
        ));
        assert_eq!(bad, Ch6Settings::default());
    }
}
