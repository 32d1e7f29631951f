//! The six update rules of the book's `common/optimizer.py`, element by element (g = ∂L/∂W, η = lr):
//! SGD W ← W − ηg; Momentum v ← αv − ηg, W ← W + v; Nesterov v ← αv − ηg, W ← W + α²v − (1 + α)ηg;
//! AdaGrad h ← h + g², W ← W − ηg/(√h + 1e-7); RMSprop h ← ρh + (1 − ρ)g², W ← W − ηg/(√h + 1e-7);
//! Adam m ← m + (1 − β₁)(g − m), v ← v + (1 − β₂)(g² − v), W ← W − η_t·m/(√v + 1e-7), η_t = η√(1 − β₂ᵗ)/(1 − β₁ᵗ).

use super::{
    AdaGradConfig, AdamConfig, MomentumConfig, NesterovConfig, Optimizer, OptimizerKind,
    RmsPropConfig, SgdConfig,
};

/// The ε the book adds after the square root, so a zero h never divides by zero.
pub const EPS: f32 = 1e-7;

/// Per-parameter state (v, h, m …), one flat buffer per parameter index, created as zeros on first use
/// (like the book's `if self.v is None: … np.zeros_like`). A parameter whose length changed starts again from 0.
#[derive(Clone, Debug, Default)]
struct State {
    slots: Vec<Vec<f32>>,
}

impl State {
    fn get(&mut self, index: usize, len: usize) -> &mut [f32] {
        if self.slots.len() <= index {
            self.slots.resize_with(index + 1, Vec::new);
        }
        let s = &mut self.slots[index];
        if s.len() != len {
            *s = vec![0.0; len];
        }
        s
    }
}

/// Stochastic gradient descent: W ← W − lr·g.
#[derive(Clone, Debug)]
pub struct Sgd {
    pub lr: f32,
}

impl Sgd {
    pub fn new(c: SgdConfig) -> Sgd {
        Sgd { lr: c.lr }
    }
}

impl Optimizer for Sgd {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Sgd
    }
    fn lr(&self) -> f32 {
        self.lr
    }
    fn set_lr(&mut self, lr: f32) {
        self.lr = lr;
    }
    fn update(&mut self, _index: usize, param: &mut [f32], grad: &[f32]) {
        crate::simd::axpy(-self.lr, grad, param);
    }
    fn reset(&mut self) {}
}

/// Momentum: v ← momentum·v − lr·g, W ← W + v (a ball rolling downhill that keeps its speed).
#[derive(Clone, Debug)]
pub struct Momentum {
    pub lr: f32,
    pub momentum: f32,
    v: State,
}

impl Momentum {
    pub fn new(c: MomentumConfig) -> Momentum {
        Momentum {
            lr: c.lr,
            momentum: c.momentum,
            v: State::default(),
        }
    }
}

impl Optimizer for Momentum {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Momentum
    }
    fn lr(&self) -> f32 {
        self.lr
    }
    fn set_lr(&mut self, lr: f32) {
        self.lr = lr;
    }
    fn update(&mut self, index: usize, param: &mut [f32], grad: &[f32]) {
        let v = self.v.get(index, param.len());
        for ((p, &g), v) in param.iter_mut().zip(grad).zip(v) {
            *v = self.momentum * *v - self.lr * g;
            *p += *v;
        }
    }
    fn reset(&mut self) {
        self.v = State::default();
    }
}

/// Nesterov's accelerated gradient in the book's rearranged form (it needs no look-ahead gradient):
/// v ← momentum·v − lr·g, W ← W + momentum²·v − (1 + momentum)·lr·g.
#[derive(Clone, Debug)]
pub struct Nesterov {
    pub lr: f32,
    pub momentum: f32,
    v: State,
}

impl Nesterov {
    pub fn new(c: NesterovConfig) -> Nesterov {
        Nesterov {
            lr: c.lr,
            momentum: c.momentum,
            v: State::default(),
        }
    }
}

impl Optimizer for Nesterov {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Nesterov
    }
    fn lr(&self) -> f32 {
        self.lr
    }
    fn set_lr(&mut self, lr: f32) {
        self.lr = lr;
    }
    fn update(&mut self, index: usize, param: &mut [f32], grad: &[f32]) {
        let (m, lr) = (self.momentum, self.lr);
        let v = self.v.get(index, param.len());
        for ((p, &g), v) in param.iter_mut().zip(grad).zip(v) {
            *v = m * *v - lr * g;
            *p += m * m * *v;
            *p -= (1.0 + m) * lr * g;
        }
    }
    fn reset(&mut self) {
        self.v = State::default();
    }
}

/// AdaGrad: h ← h + g², W ← W − lr·g/(√h + 1e-7): each weight's step shrinks as its gradients add up.
#[derive(Clone, Debug)]
pub struct AdaGrad {
    pub lr: f32,
    h: State,
}

impl AdaGrad {
    pub fn new(c: AdaGradConfig) -> AdaGrad {
        AdaGrad {
            lr: c.lr,
            h: State::default(),
        }
    }
}

impl Optimizer for AdaGrad {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::AdaGrad
    }
    fn lr(&self) -> f32 {
        self.lr
    }
    fn set_lr(&mut self, lr: f32) {
        self.lr = lr;
    }
    fn update(&mut self, index: usize, param: &mut [f32], grad: &[f32]) {
        let h = self.h.get(index, param.len());
        for ((p, &g), h) in param.iter_mut().zip(grad).zip(h) {
            *h += g * g;
            *p -= self.lr * g / (h.sqrt() + EPS);
        }
    }
    fn reset(&mut self) {
        self.h = State::default();
    }
}

/// RMSprop: h ← decay_rate·h + (1 − decay_rate)·g², W ← W − lr·g/(√h + 1e-7): AdaGrad that forgets old gradients.
#[derive(Clone, Debug)]
pub struct RmsProp {
    pub lr: f32,
    pub decay_rate: f32,
    h: State,
}

impl RmsProp {
    pub fn new(c: RmsPropConfig) -> RmsProp {
        RmsProp {
            lr: c.lr,
            decay_rate: c.decay_rate,
            h: State::default(),
        }
    }
}

impl Optimizer for RmsProp {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::RmsProp
    }
    fn lr(&self) -> f32 {
        self.lr
    }
    fn set_lr(&mut self, lr: f32) {
        self.lr = lr;
    }
    fn update(&mut self, index: usize, param: &mut [f32], grad: &[f32]) {
        let rho = self.decay_rate;
        let h = self.h.get(index, param.len());
        for ((p, &g), h) in param.iter_mut().zip(grad).zip(h) {
            *h *= rho;
            *h += (1.0 - rho) * g * g;
            *p -= self.lr * g / (h.sqrt() + EPS);
        }
    }
    fn reset(&mut self) {
        self.h = State::default();
    }
}

/// Adam: momentum (m) and RMSprop (v) together, with the bias correction folded into lr_t as the book does.
/// `next_step` advances t (the book's `self.iter += 1` at the top of `update`).
#[derive(Clone, Debug)]
pub struct Adam {
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    /// The step count t (1 during the first step).
    pub iter: u64,
    lr_t: f32,
    m: State,
    v: State,
}

impl Adam {
    pub fn new(c: AdamConfig) -> Adam {
        Adam {
            lr: c.lr,
            beta1: c.beta1,
            beta2: c.beta2,
            iter: 0,
            lr_t: c.lr,
            m: State::default(),
            v: State::default(),
        }
    }

    fn refresh_lr_t(&mut self) {
        // In f64: 1 − β₂ᵗ is 0.001 at t = 1, where f32 would keep only a few digits.
        let t = self.iter.max(1).min(i32::MAX as u64) as i32;
        let (b1, b2) = (self.beta1 as f64, self.beta2 as f64);
        self.lr_t = (self.lr as f64 * (1.0 - b2.powi(t)).sqrt() / (1.0 - b1.powi(t))) as f32;
    }
}

impl Optimizer for Adam {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Adam
    }
    fn lr(&self) -> f32 {
        self.lr
    }
    fn set_lr(&mut self, lr: f32) {
        self.lr = lr;
        self.refresh_lr_t();
    }
    fn next_step(&mut self) {
        self.iter += 1;
        self.refresh_lr_t();
    }
    fn update(&mut self, index: usize, param: &mut [f32], grad: &[f32]) {
        let (b1, b2, lr_t) = (self.beta1, self.beta2, self.lr_t);
        let m = self.m.get(index, param.len());
        let v = self.v.get(index, param.len());
        for (((p, &g), m), v) in param.iter_mut().zip(grad).zip(m).zip(v) {
            *m += (1.0 - b1) * (g - *m);
            *v += (1.0 - b2) * (g * g - *v);
            *p -= lr_t * *m / (v.sqrt() + EPS);
        }
    }
    fn reset(&mut self) {
        self.iter = 0;
        self.m = State::default();
        self.v = State::default();
        self.refresh_lr_t();
    }
}
