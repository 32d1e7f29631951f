//! The backprop inspector: a 2-2-1 … 2-3-2 sigmoid network on the four XOR samples, stepped one stage at a
//! time in note 001's notation: forward a⁽ˡ⁾ = W⁽ˡ⁾z⁽ˡ⁻¹⁾ + b⁽ˡ⁾, z⁽ˡ⁾ = h(a⁽ˡ⁾) (z⁽⁰⁾ = x); backward
//! δ⁽ᴸ⁾ = (z⁽ᴸ⁾ − t)/N, δ⁽ˡ⁻¹⁾ = h'(a⁽ˡ⁻¹⁾) ⊙ (W⁽ˡ⁾ᵀδ⁽ˡ⁾), ∂C/∂w⁽ˡ⁾_{j,i} = Σₙ δ⁽ˡ⁾_j z⁽ˡ⁻¹⁾_i, ∂C/∂b⁽ˡ⁾_j = Σₙ δ⁽ˡ⁾_j;
//! then the update w ← w − lr·∂C/∂w.
//!
//! The cost: note 001 starts backprop from the residual δ⁽ᴸ⁾ = z⁽ᴸ⁾ − t, which is exact for a sigmoid output
//! with cross-entropy (note 001, "크로스 엔트로피 형태의 오차함수") and for softmax with cross-entropy
//! (note 002); the engine's `Output::Sigmoid` and `Output::Softmax` are those two, averaged over the batch.
//! The engine stores W as in × out (the book's `W1[i][j]`), which is note 001's w⁽ˡ⁾_{j,i}.

use ndarray::{array, Array1, Array2, Axis};

use super::{BackpropLabConfig, BATCH};
use crate::activation::Activation;
use crate::init::Init;
use crate::net::{Net, NetConfig, Output};
use crate::Result;

/// The four XOR samples (x₁, x₂) and their labels (the book's ch2 truth table order).
pub fn xor() -> (Array2<f32>, Vec<usize>) {
    (
        array![[0.0f32, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]],
        vec![0, 1, 1, 0],
    )
}

/// t for the labels: a 0/1 column for one output unit, one-hot rows for two.
pub fn targets(labels: &[usize], outputs: usize) -> Array2<f32> {
    Array2::from_shape_fn((labels.len(), outputs), |(n, k)| {
        let on = if outputs == 1 {
            labels[n] == 1
        } else {
            labels[n] == k
        };
        f32::from(u8::from(on))
    })
}

/// The stages of one iteration, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// x and t are set.
    Input,
    /// Layer l (1-based) computed a⁽ˡ⁾ and z⁽ˡ⁾.
    Forward(usize),
    /// Layer l got δ⁽ˡ⁾, ∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾.
    Backward(usize),
    /// w ← w − lr·∂C/∂w was applied.
    Update,
}

/// One layer's numbers, rows = samples of the batch.
#[allow(non_snake_case)]
#[derive(Clone, Debug)]
pub struct LayerView {
    /// W⁽ˡ⁾ (in × out) and b⁽ˡ⁾ as they were when the batch went forward.
    pub W: Array2<f32>,
    pub b: Array1<f32>,
    pub a: Array2<f32>,
    pub z: Array2<f32>,
    pub delta: Array2<f32>,
    /// Hidden layers only: h'(a⁽ˡ⁾) and W⁽ˡ⁺¹⁾ᵀδ⁽ˡ⁺¹⁾ (as rows: δ⁽ˡ⁺¹⁾·W⁽ˡ⁺¹⁾ᵀ), whose ⊙ is δ⁽ˡ⁾.
    pub hprime: Option<Array2<f32>>,
    pub back: Option<Array2<f32>>,
    pub dW: Array2<f32>,
    pub db: Array1<f32>,
}

/// The inspector: a network, the batch it steps, and where it is in the iteration.
#[derive(Clone, Debug)]
pub struct Inspector {
    pub cfg: BackpropLabConfig,
    pub net: Net,
    pub x: Array2<f32>,
    pub t: Array2<f32>,
    /// The batch's rows of x, t (one sample or all four).
    pub layers: Vec<LayerView>,
    pub loss: f32,
    pub stage: usize,
    /// Completed updates.
    pub iteration: usize,
    /// After `Update`: each parameter's (name, new value) for the update table.
    pub updated: Vec<(String, Vec<f32>)>,
    /// The timeline: the network at the start of this iteration (stage 0), and of the iterations before it
    /// (at most `HISTORY`; play's training clears them, its many steps are not stages).
    start: Net,
    past: Vec<Net>,
    /// Whether play trained it (on the whole batch): a link then replays its iterations that way.
    pub trained: bool,
}

/// Iterations the inspector can step back through.
pub const HISTORY: usize = 64;

impl Inspector {
    /// Build the network from the settings (sigmoid hidden layer, Xavier init, the seed) and trace the batch.
    pub fn new(cfg: &BackpropLabConfig) -> Result<Inspector> {
        let net = NetConfig {
            input: 2,
            hidden: vec![cfg.hidden],
            activation: vec![Activation::Sigmoid],
            output: cfg.output,
            output_kind: if cfg.output == 1 {
                Output::Sigmoid
            } else {
                Output::Softmax
            },
            // Xavier (the book's weight_init_std='sigmoid'): with std 0.01 a sigmoid net learns XOR very slowly.
            init: Init::Xavier,
            dropout: 0.0,
            batchnorm: false,
            weight_decay: 0.0,
            seed: cfg.seed,
        }
        .build()?;
        Inspector::with_net(cfg, net)
    }

    /// An inspector for a given network (tests set hand-picked weights).
    pub fn with_net(cfg: &BackpropLabConfig, net: Net) -> Result<Inspector> {
        let (x, t) = batch(cfg.sample, net.config().output);
        let mut ins = Inspector {
            cfg: cfg.clone(),
            start: net.clone(),
            past: Vec::new(),
            trained: false,
            net,
            x,
            t,
            layers: Vec::new(),
            loss: 0.0,
            stage: 0,
            iteration: 0,
            updated: Vec::new(),
        };
        ins.retrace()?;
        Ok(ins)
    }

    /// The number of stages in one iteration: input, L forward, L backward, update.
    pub fn stage_count(&self) -> usize {
        2 * self.net.depth() + 2
    }

    pub fn current(&self) -> Stage {
        let l = self.net.depth();
        match self.stage {
            0 => Stage::Input,
            s if s <= l => Stage::Forward(s),
            s if s <= 2 * l => Stage::Backward(2 * l + 1 - s),
            _ => Stage::Update,
        }
    }

    /// Whether layer l's forward (a, z) and backward (δ, ∂C/∂W) numbers are shown at this stage.
    pub fn shows(&self, l: usize) -> (bool, bool) {
        let depth = self.net.depth();
        let fwd = self.stage >= l;
        let bwd = self.stage > depth && self.stage >= 2 * depth + 1 - l;
        (fwd, bwd)
    }

    /// Forward and backward pass on the batch at the current weights (the engine's `trace`).
    fn retrace(&mut self) -> Result<()> {
        let trace = self.net.trace(&self.x, &self.t)?;
        let depth = self.net.depth();
        let mut layers = Vec::with_capacity(depth);
        for (i, lt) in trace.layers.iter().enumerate() {
            let l = i + 1;
            let affine = self.net.affine(l).expect("layer l exists");
            let (hprime, back) = if l < depth {
                let next = self.net.affine(l + 1).expect("layer l + 1 exists");
                let back = trace.layers[l].delta.dot(&next.W.t());
                (Some(lt.a.mapv(|a| Activation::Sigmoid.df(a))), Some(back))
            } else {
                (None, None)
            };
            let grad = |name: String| trace.grads.get(&name).cloned();
            let dw = grad(format!("W{l}")).and_then(|g| g.into_dimensionality().ok());
            let db = grad(format!("b{l}")).and_then(|g| g.into_dimensionality().ok());
            layers.push(LayerView {
                W: affine.W.clone(),
                b: affine.b.clone(),
                a: lt.a.clone(),
                z: lt.z.clone(),
                delta: lt.delta.clone(),
                hprime,
                back,
                dW: dw.unwrap_or_else(|| Array2::zeros(affine.W.raw_dim())),
                db: db.unwrap_or_else(|| lt.delta.sum_axis(Axis(0))),
            });
        }
        self.layers = layers;
        self.loss = trace.loss;
        self.updated.clear();
        Ok(())
    }

    /// w ← w − lr·∂C/∂w for every parameter, with the gradients of the current trace.
    fn update(&mut self) {
        let lr = self.cfg.lr;
        let mut updated = Vec::new();
        for (name, param, _) in self.net.params_and_grads_mut() {
            let (l, is_w) = (
                name[1..].parse::<usize>().unwrap_or(1),
                name.starts_with('W'),
            );
            let lv = &self.layers[l - 1];
            let g: Vec<f32> = if is_w {
                lv.dW.iter().copied().collect()
            } else {
                lv.db.to_vec()
            };
            for (p, g) in param.iter_mut().zip(&g) {
                *p -= lr * g;
            }
            updated.push((name, param.to_vec()));
        }
        self.updated = updated;
        self.iteration += 1;
    }

    /// One stage forward; after the update a new iteration starts with a fresh trace.
    pub fn step(&mut self) -> Result<()> {
        if self.current() == Stage::Update {
            self.stage = 0;
            let prev = std::mem::replace(&mut self.start, self.net.clone());
            self.past.push(prev);
            if self.past.len() > HISTORY {
                self.past.remove(0);
            }
            return self.retrace();
        }
        self.stage += 1;
        if self.current() == Stage::Update {
            self.update();
        }
        Ok(())
    }

    /// `n` whole training steps on all four samples (what play runs), then a trace of the chosen batch with
    /// every forward and backward number shown (the stage just before the update).
    pub fn train(&mut self, n: usize) -> Result<()> {
        let (x, t) = batch(BATCH, self.net.config().output);
        let mut sgd = crate::optim::Sgd::new(crate::optim::SgdConfig { lr: self.cfg.lr });
        for _ in 0..n {
            self.net.backprop(&x, &t)?;
            if !self.net.grads_are_finite() {
                return Err(crate::Error::new("err.finite", ["∂C/∂w", "NaN/inf"]));
            }
            self.net.apply(&mut sgd);
            self.iteration += 1;
        }
        self.retrace()?;
        self.stage = 2 * self.net.depth();
        self.start = self.net.clone();
        self.past.clear();
        self.trained = true;
        Ok(())
    }

    /// Where the timeline stands, for a link: completed iterations before this one, and the stage.
    pub fn timeline(&self) -> super::Timelines {
        let done = self.iteration - usize::from(self.current() == Stage::Update);
        super::Timelines {
            iterations: done,
            stage: self.stage,
            trained: self.trained,
            ..self.cfg.at
        }
    }

    /// The inspector a link describes: the network from the seed, then its iterations (trained by play on
    /// the whole batch, or stepped stage by stage) and the stage within the next one.
    pub fn replay(cfg: &BackpropLabConfig) -> Result<Inspector> {
        let mut ins = Inspector::new(cfg)?;
        let at = cfg.at;
        if at.trained && at.iterations > 0 {
            ins.train(at.iterations)?;
        } else {
            for _ in 0..at.iterations * ins.stage_count() {
                ins.step()?;
            }
        }
        ins.goto_stage(at.stage)?;
        Ok(ins)
    }

    /// Stage `s` of this iteration (clamped to the update): the iteration is replayed from its start, so a
    /// stage is bit-identical however it is reached, going back across the update included.
    pub fn goto_stage(&mut self, s: usize) -> Result<()> {
        let s = s.min(self.stage_count() - 1);
        if s == self.stage {
            return Ok(());
        }
        if self.current() == Stage::Update {
            self.iteration -= 1;
        }
        self.net = self.start.clone();
        self.stage = 0;
        self.retrace()?;
        while self.stage < s {
            self.step()?;
        }
        Ok(())
    }

    /// Whether `back` can go anywhere.
    pub fn can_go_back(&self) -> bool {
        self.stage > 0 || !self.past.is_empty()
    }

    /// One stage back; from an iteration's input, to the previous iteration's update.
    pub fn back(&mut self) -> Result<()> {
        if self.stage > 0 {
            return self.goto_stage(self.stage - 1);
        }
        let Some(prev) = self.past.pop() else {
            return Ok(());
        };
        self.start = prev;
        self.net = self.start.clone();
        self.iteration -= 1;
        self.retrace()?;
        self.goto_stage(self.stage_count() - 1)
    }

    /// y = z⁽ᴸ⁾ for all four XOR inputs and the mean cost over them: the progress readout.
    pub fn xor_outputs(&mut self) -> Result<(Array2<f32>, f32)> {
        let (x, t) = batch(BATCH, self.net.config().output);
        let y = self.net.predict(&x)?;
        let loss = self.net.loss(&x, &t)?;
        Ok((y, loss))
    }
}

/// x and t for sample `n` (or all four for `BATCH`).
fn batch(n: usize, outputs: usize) -> (Array2<f32>, Array2<f32>) {
    let (x, labels) = xor();
    let t = targets(&labels, outputs);
    if n < BATCH {
        let r = n..n + 1;
        (
            x.slice(ndarray::s![r.clone(), ..]).to_owned(),
            t.slice(ndarray::s![r, ..]).to_owned(),
        )
    } else {
        (x, t)
    }
}

#[cfg(test)]
#[path = "inspector_tests.rs"]
mod tests;
