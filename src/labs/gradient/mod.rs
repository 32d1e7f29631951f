//! The gradients & descent lab (ch4.3–4.5): numerical differentiation, the gradient field of x0² + x1²,
//! gradient descent x ← x − lr·∇f(x), and simpleNet's dW = ∂L/∂W. This file holds the lab's settings and
//! their URL state; each panel's computation is in its own file.

pub mod descent;
pub mod field;
pub mod numdiff;
pub mod simplenet;

use ndarray::Array2;

use self::descent::{DescentConfig, LR_RANGE, STEPS_RANGE};
use self::numdiff::{DiffConfig, Func, Precision, H_RANGE};
use self::simplenet::{book_w, parse_w, W_LIMIT};
use crate::urlstate::Route;

/// The lab's four panels, in the book's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Diff,
    Field,
    Descent,
    Net,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Diff, Tab::Field, Tab::Descent, Tab::Net];

    pub fn key(self) -> &'static str {
        match self {
            Tab::Diff => "diff",
            Tab::Field => "field",
            Tab::Descent => "descent",
            Tab::Net => "net",
        }
    }

    pub fn from_key(k: &str) -> Option<Tab> {
        Self::ALL.into_iter().find(|t| t.key() == k)
    }
}

/// simpleNet's settings: the seed a random W came from, the W on screen (editable), and the step's lr.
#[derive(Clone, Debug, PartialEq)]
pub struct NetConfig {
    pub seed: u64,
    pub w: Array2<f64>,
    pub lr: f64,
}

impl Default for NetConfig {
    /// The book's printed W, so the first numbers on screen are the book's; lr 0.1 (the book's default).
    fn default() -> Self {
        NetConfig {
            seed: 0,
            w: book_w(),
            lr: 0.1,
        }
    }
}

pub const SEED_RANGE: (f64, f64) = (0.0, 4_294_967_295.0);
pub const NET_LR_RANGE: (f64, f64) = (1e-6, 100.0);

/// Every setting of the lab; it round-trips through the URL.
#[derive(Clone, Debug, PartialEq)]
pub struct GradientLabConfig {
    pub tab: Tab,
    pub diff: DiffConfig,
    /// The point whose gradient the field panel reads out.
    pub point: (f64, f64),
    pub descent: DescentConfig,
    /// The descent's timeline position: `Some(k)` shows the path up to step k (a shared scene stops there);
    /// `None`, the whole path.
    pub descent_at: Option<usize>,
    pub net: NetConfig,
}

impl Default for GradientLabConfig {
    fn default() -> Self {
        GradientLabConfig {
            tab: Tab::Diff,
            diff: DiffConfig::default(),
            point: field::BOOK_POINTS[0],
            descent: DescentConfig::default(),
            descent_at: None,
            net: NetConfig::default(),
        }
    }
}

impl GradientLabConfig {
    pub fn write(&self, r: &mut Route) {
        r.set("tab", self.tab.key());
        r.set("fn", self.diff.func.key());
        r.set("x", self.diff.x);
        r.set("h", self.diff.h);
        r.set("p", self.diff.precision.key());
        r.set("px", self.point.0);
        r.set("py", self.point.1);
        r.set("sx", self.descent.init_x.0);
        r.set("sy", self.descent.init_x.1);
        r.set("lr", self.descent.lr);
        r.set("n", self.descent.step_num);
        if let Some(k) = self.descent_at.filter(|&k| k < self.descent.step_num) {
            r.set("at", k);
        }
        r.set("seed", self.net.seed);
        let w: Vec<String> = self.net.w.iter().map(|v| v.to_string()).collect();
        r.set("w", w.join(","));
        r.set("nlr", self.net.lr);
    }

    /// Read settings from a route; every missing or bad value falls back to its default.
    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let num = |key: &str, lo: f64, hi: f64, default: f64| {
            r.get(key)
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|v| v.is_finite() && (lo..=hi).contains(v))
                .unwrap_or(default)
        };
        let func = r.get("fn").and_then(Func::from_key).unwrap_or(d.diff.func);
        let (xlo, xhi) = func.x_range();
        let diff = DiffConfig {
            func,
            x: num("x", xlo, xhi, func.default_x()),
            h: num("h", H_RANGE.0, H_RANGE.1, d.diff.h),
            precision: match r.get("p") {
                Some("32") => Precision::F32,
                _ => Precision::F64,
            },
        };
        let rr = field::R;
        let point = (num("px", -rr, rr, d.point.0), num("py", -rr, rr, d.point.1));
        let descent = DescentConfig {
            init_x: (
                num("sx", -rr, rr, d.descent.init_x.0),
                num("sy", -rr, rr, d.descent.init_x.1),
            ),
            lr: num("lr", LR_RANGE.0, LR_RANGE.1, d.descent.lr),
            step_num: num("n", STEPS_RANGE.0, STEPS_RANGE.1, d.descent.step_num as f64).round()
                as usize,
        };
        let w = r
            .get("w")
            .and_then(|t| parse_w(t).ok())
            .filter(|w| w.iter().all(|v| v.abs() <= W_LIMIT))
            .unwrap_or(d.net.w.clone());
        let net = NetConfig {
            seed: num("seed", SEED_RANGE.0, SEED_RANGE.1, 0.0).round() as u64,
            w,
            lr: num("nlr", NET_LR_RANGE.0, NET_LR_RANGE.1, d.net.lr),
        };
        let descent_at = r
            .get("at")
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&k| k < descent.step_num);
        GradientLabConfig {
            tab: r.get("tab").and_then(Tab::from_key).unwrap_or(d.tab),
            diff,
            point,
            descent,
            descent_at,
            net,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_the_url() {
        let c = GradientLabConfig {
            tab: Tab::Descent,
            diff: DiffConfig {
                func: Func::Sin,
                x: 1.25,
                h: 1e-7,
                precision: Precision::F32,
            },
            point: (0.0, 2.0),
            descent: DescentConfig {
                init_x: (2.5, -1.0),
                lr: 1e-10,
                step_num: 37,
            },
            descent_at: Some(12),
            net: NetConfig {
                seed: 12345,
                w: simplenet::w_from_seed(12345),
                lr: 0.5,
            },
        };
        let mut r = Route::new("gradient");
        c.write(&mut r);
        assert_eq!(GradientLabConfig::read(&Route::parse(&r.to_hash())), c);
    }

    #[test]
    fn bad_url_values_fall_back_to_defaults() {
        let c = GradientLabConfig::read(&Route::parse(
            "#gradient?tab=nope&fn=tan&h=0&lr=1e9&n=0&sx=NaN&w=1,2,x&seed=-4&p=16&x=500",
        ));
        assert_eq!(c, GradientLabConfig::default());
        // x is checked against the chosen function's range: 5 is fine for the polynomial, not for sin.
        let c = GradientLabConfig::read(&Route::parse("#gradient?fn=sin&x=5"));
        assert_eq!(c.diff.x, Func::Sin.default_x());
    }
}
