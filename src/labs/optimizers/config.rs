//! The optimizers lab's settings (surface, start point, number of steps, each optimizer's hyperparameters,
//! lr decay μₖ₊₁ = μₖ/(1 + decay)), its presets, and their round trip through the URL.

use super::surface::Surface;
use crate::optim::{OptimConfig, OptimizerKind};
use crate::urlstate::Route;

/// Limits stated in the UI (and applied to URL values).
pub const LR_RANGE: (f32, f32) = (1e-5, 100.0);
/// momentum, RMSProp's decay_rate and Adam's β₁, β₂ must lie in [0, 1); 0.9999 is the largest offered.
pub const RATE_RANGE: (f32, f32) = (0.0, 0.9999);
pub const START_RANGE: (f32, f32) = (-10.0, 10.0);
pub const STEPS_RANGE: (usize, usize) = (1, 5000);
pub const DECAY_RANGE: (f32, f32) = (0.0, 1.0);
/// Steps per second while playing.
pub const SPEED_RANGE: (f32, f32) = (1.0, 1000.0);

/// One racer: whether it runs, and its settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RacerConfig {
    pub enabled: bool,
    pub optim: OptimConfig,
}

/// Everything the lab's view shows; it round-trips through the URL.
#[derive(Clone, Debug, PartialEq)]
pub struct OptimizersLabConfig {
    pub surface: Surface,
    /// The shared start (x, y).
    pub start: (f32, f32),
    /// How many steps every racer takes.
    pub steps: usize,
    /// One per `OptimizerKind::ALL`, in that order.
    pub racers: [RacerConfig; 6],
    /// lr decay on or off, and its rate.
    pub decay_on: bool,
    pub decay: f32,
    /// Steps per second while playing (the web layer turns it into steps per frame).
    pub speed: f32,
    /// The timeline's position: `Some(k)` shows the race after k steps (a shared scene stops there);
    /// `None`, the whole race.
    pub at: Option<usize>,
}

impl Default for OptimizersLabConfig {
    /// The book's figure 6-8.
    fn default() -> Self {
        Self::book_figure()
    }
}

/// The book's lrs for figure 6-8 (`optimizer_compare_naive.py`): SGD 0.95, Momentum 0.1, AdaGrad 1.5,
/// Adam 0.3. The book does not race Nesterov or RMSProp; we give Nesterov Momentum's 0.1 and RMSProp 0.15
/// (its first step is 10·lr per coordinate, like AdaGrad's 1.5), so all six arrive in 30 steps.
pub const BOOK_LRS: [f32; 6] = [0.95, 0.1, 0.1, 1.5, 0.15, 0.3];

impl OptimizersLabConfig {
    /// Figure 6-8: f = x²/20 + y², start (−7, 2), 30 steps, the book's lrs and default momentum/β.
    pub fn book_figure() -> Self {
        let mut racers = [RacerConfig {
            enabled: true,
            optim: OptimConfig::default(),
        }; 6];
        for (i, kind) in OptimizerKind::ALL.into_iter().enumerate() {
            racers[i].optim = OptimConfig::default_for(kind).with_lr(BOOK_LRS[i]);
        }
        OptimizersLabConfig {
            surface: Surface::Book,
            start: Surface::Book.default_start(),
            steps: 30,
            racers,
            decay_on: false,
            decay: 0.05,
            speed: 10.0,
            at: None,
        }
    }

    /// The engine's (the book's `common/optimizer.py`) defaults for every optimizer, everything else kept.
    pub fn with_engine_defaults(mut self) -> Self {
        for (i, kind) in OptimizerKind::ALL.into_iter().enumerate() {
            self.racers[i].optim = OptimConfig::default_for(kind);
        }
        self
    }

    /// A new surface, with that surface's usual start.
    pub fn with_surface(mut self, s: Surface) -> Self {
        self.surface = s;
        self.start = s.default_start();
        self
    }

    pub fn write(&self, r: &mut Route) {
        r.set("s", self.surface.key());
        r.set("x0", self.start.0);
        r.set("y0", self.start.1);
        r.set("n", self.steps);
        let on: Vec<&str> = OptimizerKind::ALL
            .iter()
            .zip(&self.racers)
            .filter(|(_, rc)| rc.enabled)
            .map(|(k, _)| k.key())
            .collect();
        r.set("on", on.join(","));
        for rc in &self.racers {
            let k = rc.optim.kind().key();
            r.set(&format!("lr.{k}"), rc.optim.lr());
            for (name, v) in extras(&rc.optim) {
                r.set(&format!("{name}.{k}"), v);
            }
        }
        r.set("dec", u8::from(self.decay_on));
        r.set("decay", self.decay);
        r.set("v", self.speed);
        if let Some(k) = self.at.filter(|&k| k < self.steps) {
            r.set("at", k);
        }
    }

    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let surface = r.get("s").and_then(Surface::from_key).unwrap_or(d.surface);
        let def_start = surface.default_start();
        let (lo, hi) = START_RANGE;
        let start = (
            r.f32_in("x0", lo, hi, def_start.0),
            r.f32_in("y0", lo, hi, def_start.1),
        );
        let steps = r.usize_in("n", STEPS_RANGE.0, STEPS_RANGE.1, d.steps);
        let on = r.list("on");
        let mut racers = d.racers;
        for rc in racers.iter_mut() {
            let k = rc.optim.kind().key();
            if let Some(on) = &on {
                rc.enabled = on.contains(&k);
            }
            let lr = r.f32_in(&format!("lr.{k}"), LR_RANGE.0, LR_RANGE.1, rc.optim.lr());
            rc.optim = rc.optim.with_lr(lr);
            for (name, v) in extras(&rc.optim) {
                let v = r.f32_in(&format!("{name}.{k}"), RATE_RANGE.0, RATE_RANGE.1, v);
                rc.optim = with_extra(rc.optim, name, v);
            }
        }
        OptimizersLabConfig {
            surface,
            start,
            steps,
            racers,
            decay_on: r.flag("dec", d.decay_on),
            decay: r.f32_in("decay", DECAY_RANGE.0, DECAY_RANGE.1, d.decay),
            speed: r.f32_in("v", SPEED_RANGE.0, SPEED_RANGE.1, d.speed),
            at: r
                .get("at")
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|&k| k < steps),
        }
    }
}

/// The hyperparameters besides lr, by their book names: momentum; decay_rate; beta1, beta2.
pub fn extras(c: &OptimConfig) -> Vec<(&'static str, f32)> {
    match *c {
        OptimConfig::Momentum(m) => vec![("momentum", m.momentum)],
        OptimConfig::Nesterov(m) => vec![("momentum", m.momentum)],
        OptimConfig::RmsProp(m) => vec![("decay_rate", m.decay_rate)],
        OptimConfig::Adam(m) => vec![("beta1", m.beta1), ("beta2", m.beta2)],
        OptimConfig::Sgd(_) | OptimConfig::AdaGrad(_) => Vec::new(),
    }
}

/// `c` with the hyperparameter `name` (one of `extras`) set to `v`; other names leave it unchanged.
pub fn with_extra(mut c: OptimConfig, name: &str, v: f32) -> OptimConfig {
    match (&mut c, name) {
        (OptimConfig::Momentum(m), "momentum") => m.momentum = v,
        (OptimConfig::Nesterov(m), "momentum") => m.momentum = v,
        (OptimConfig::RmsProp(m), "decay_rate") => m.decay_rate = v,
        (OptimConfig::Adam(m), "beta1") => m.beta1 = v,
        (OptimConfig::Adam(m), "beta2") => m.beta2 = v,
        _ => {}
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_book_preset_has_the_books_lrs_and_defaults() {
        let c = OptimizersLabConfig::book_figure();
        assert_eq!(
            (c.surface, c.start, c.steps),
            (Surface::Book, (-7.0, 2.0), 30)
        );
        let lrs: Vec<f32> = c.racers.iter().map(|r| r.optim.lr()).collect();
        assert_eq!(lrs, vec![0.95, 0.1, 0.1, 1.5, 0.15, 0.3]);
        assert_eq!(extras(&c.racers[1].optim), vec![("momentum", 0.9)]);
        assert_eq!(
            extras(&c.racers[5].optim),
            vec![("beta1", 0.9), ("beta2", 0.999)]
        );
        let e = c.with_engine_defaults();
        let lrs: Vec<f32> = e.racers.iter().map(|r| r.optim.lr()).collect();
        assert_eq!(lrs, vec![0.01, 0.01, 0.01, 0.01, 0.01, 0.001]);
    }

    #[test]
    fn settings_round_trip_through_the_url() {
        let mut c = OptimizersLabConfig::default().with_surface(Surface::Rosenbrock);
        c.start = (-1.25, 2.5);
        c.steps = 400;
        c.racers[0].enabled = false;
        c.racers[3].enabled = false;
        c.racers[2].optim = with_extra(c.racers[2].optim.with_lr(0.002), "momentum", 0.95);
        c.racers[4].optim = with_extra(c.racers[4].optim, "decay_rate", 0.9);
        c.racers[5].optim = with_extra(c.racers[5].optim, "beta2", 0.99);
        c.decay_on = true;
        c.decay = 0.125;
        c.speed = 60.0;
        let mut r = Route::new("optimizers");
        c.write(&mut r);
        assert_eq!(OptimizersLabConfig::read(&Route::parse(&r.to_hash())), c);
    }

    #[test]
    fn bad_url_values_fall_back_to_defaults() {
        let r = Route::parse(
            "#optimizers?s=moon&x0=NaN&y0=99&n=0&lr.sgd=0&lr.adam=1e9&beta1.adam=1&decay=-1&v=0",
        );
        let c = OptimizersLabConfig::read(&r);
        let d = OptimizersLabConfig::default();
        assert_eq!(c, d);
        // An empty "on" list turns every racer off (a valid choice), an absent one keeps the defaults.
        let c = OptimizersLabConfig::read(&Route::parse("#optimizers?on="));
        assert!(c.racers.iter().all(|r| !r.enabled));
    }
}
