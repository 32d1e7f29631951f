//! The race: every enabled optimizer starts from the same (x, y) and takes the same steps on one surface,
//! (x, y) ← (x, y) − (its update from ∇f(x, y)), using the engine's optimizers (`crate::optim`), never copies.
//!
//! The point is f32 because the engine is f32; f and ∇f are evaluated in f64 at that point and the gradient
//! is rounded to f32 for the update, exactly as a network's gradients would reach the optimizer.
//! A racer whose point turns NaN/∞ or leaves the box |x|, |y| ≤ 1e6 has diverged and stops there.

use super::config::OptimizersLabConfig;
use super::surface::Surface;
use crate::optim::{LrSchedule, Optimizer, OptimizerKind};
use crate::train::health::{growth_per_step, Escape};
use crate::Result;

/// Beyond this a racer has diverged (f32 would soon overflow, and no plot shows it).
pub const DIVERGE_BOX: f64 = 1e6;

/// One optimizer in the race.
pub struct Racer {
    pub kind: OptimizerKind,
    /// Position in `OptimizerKind::ALL`: picks the colour and the marker shape.
    pub index: usize,
    opt: Box<dyn Optimizer>,
    point: [f32; 2],
    /// (x, y) after 0, 1, 2, … steps; the start first.
    pub path: Vec<(f64, f64)>,
    /// f(x, y) along the path.
    pub losses: Vec<f64>,
    /// The step at which it diverged (its last point is the last finite one inside the box).
    pub diverged_at: Option<usize>,
    /// Why it diverged: an overflow, or leaving the box while growing by a factor per step.
    pub escape: Option<Escape>,
    /// The first step at which it left the saddle (only on the saddle).
    pub escaped_at: Option<usize>,
    /// The lr the last step used (it falls when lr decay is on).
    pub last_lr: f32,
}

impl Racer {
    pub fn point(&self) -> (f64, f64) {
        (self.point[0] as f64, self.point[1] as f64)
    }

    /// Steps taken without diverging.
    pub fn steps(&self) -> usize {
        self.path.len() - 1
    }

    pub fn loss(&self) -> f64 {
        self.losses.last().copied().unwrap_or(f64::NAN)
    }
}

/// The whole race: settings, surface, and one racer per enabled optimizer.
pub struct Race {
    pub surface: Surface,
    pub start: (f32, f32),
    /// Steps each racer takes in all.
    pub total: usize,
    /// Steps taken so far.
    pub step: usize,
    pub racers: Vec<Racer>,
}

impl Race {
    /// A race at step 0; fails (with the engine's message) if a setting is invalid.
    pub fn new(cfg: &OptimizersLabConfig) -> Result<Race> {
        let schedule = if cfg.decay_on {
            LrSchedule::InverseDecay { decay: cfg.decay }
        } else {
            LrSchedule::Constant
        };
        let mut racers = Vec::new();
        for (index, rc) in cfg.racers.iter().enumerate() {
            if !rc.enabled {
                continue;
            }
            let opt = rc.optim.build_scheduled(schedule)?;
            racers.push(Racer {
                kind: rc.optim.kind(),
                index,
                last_lr: opt.lr(),
                opt,
                point: [cfg.start.0, cfg.start.1],
                path: Vec::new(),
                losses: Vec::new(),
                diverged_at: None,
                escape: None,
                escaped_at: None,
            });
        }
        let mut race = Race {
            surface: cfg.surface,
            start: cfg.start,
            total: cfg.steps,
            step: 0,
            racers,
        };
        race.reset();
        Ok(race)
    }

    /// Back to step 0: every optimizer forgets its state (velocities, h, Adam's t, the decay count).
    pub fn reset(&mut self) {
        self.step = 0;
        let s = self.surface;
        let (x0, y0) = (self.start.0 as f64, self.start.1 as f64);
        for r in &mut self.racers {
            r.opt.reset();
            r.point = [self.start.0, self.start.1];
            r.path = vec![(x0, y0)];
            r.losses = vec![s.f(x0, y0)];
            r.diverged_at = None;
            r.escape = None;
            r.escaped_at = s.escaped(x0, y0).then_some(0);
            r.last_lr = r.opt.lr();
        }
    }

    pub fn done(&self) -> bool {
        self.step >= self.total
    }

    /// Every racer still running takes one step. Returns false (and does nothing) once the race is done.
    pub fn step(&mut self) -> bool {
        if self.done() {
            return false;
        }
        self.step += 1;
        let (s, k) = (self.surface, self.step);
        for r in self.racers.iter_mut().filter(|r| r.diverged_at.is_none()) {
            let (x, y) = r.point();
            let (gx, gy) = s.grad(x, y);
            r.opt.next_step();
            r.last_lr = r.opt.lr();
            r.opt.update(0, &mut r.point, &[gx as f32, gy as f32]);
            let (x, y) = r.point();
            let f = s.f(x, y);
            let inside = x.abs() <= DIVERGE_BOX && y.abs() <= DIVERGE_BOX;
            if !(x.is_finite() && y.is_finite() && f.is_finite() && inside) {
                r.diverged_at = Some(k);
                r.escape = Some(if x.is_finite() && y.is_finite() && f.is_finite() {
                    let mut p = r.path.clone();
                    p.push((x, y));
                    Escape::OutOfBounds {
                        limit: DIVERGE_BOX,
                        growth: growth_per_step(&p),
                    }
                } else {
                    Escape::Overflow
                });
                // It stays where it last was finite and inside, so the table and the plot agree.
                if let Some(&(x, y)) = r.path.last() {
                    r.point = [x as f32, y as f32];
                }
                continue;
            }
            r.path.push((x, y));
            r.losses.push(f);
            if r.escaped_at.is_none() && s.escaped(x, y) {
                r.escaped_at = Some(k);
            }
        }
        true
    }

    /// Run to the end.
    pub fn run(&mut self) {
        while self.step() {}
    }

    /// Run until `k` steps are taken (or the end).
    pub fn run_to(&mut self, k: usize) {
        while self.step < k && self.step() {}
    }

    /// The race as it stood after `k` steps (or the end), backwards too: going back resets every optimizer
    /// and replays from the start, so step k is bit-identical however it is reached (no history is kept).
    pub fn seek(&mut self, k: usize) {
        if k < self.step {
            self.reset();
        }
        self.run_to(k);
    }
}
