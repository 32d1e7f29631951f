//! The backpropagation lab (ch5; notes 001 and 002): its settings with URL state, and its parts —
//! `graph` (computational graphs stepped forward and backward), `layers` (Affine and Softmax-with-Loss with
//! numbers), `inspector` (a 2-2-1 … 2-3-2 network stepped through a = Wz + b, z = h(a), δ, ∂C/∂w, ∂C/∂b and
//! the update w ← w − lr·∂C/∂w), `gradcheck` (backprop against the numerical gradient) and `mathml`.

pub mod gradcheck;
pub mod graph;
pub mod inspector;
pub mod layers;
pub mod mathml;
pub mod render;
pub mod render_graph;

use crate::urlstate::Route;

/// Limits stated in the UI.
pub const SIGMOID_X_RANGE: (f32, f32) = (-10.0, 10.0);
pub const LR_RANGE: (f32, f32) = (0.001, 10.0);
pub const SEED_RANGE: (f32, f32) = (0.0, 99_999.0);
/// `sample` = this means the whole mini-batch of the four XOR samples.
pub const BATCH: usize = 4;

/// The lab's settings; they round-trip through the URL.
#[derive(Clone, Debug, PartialEq)]
pub struct BackpropLabConfig {
    /// Which graph the stepper shows (`graph::GRAPHS`).
    pub graph: &'static str,
    /// x of the sigmoid graph.
    pub sigmoid_x: f32,
    /// Hidden units: 2 or 3.
    pub hidden: usize,
    /// Output units: 1 (sigmoid + cross-entropy) or 2 (softmax + cross-entropy, one-hot t).
    pub output: usize,
    /// The learning rate lr of the update w ← w − lr·∂C/∂w.
    pub lr: f32,
    /// Seed of the initial weights.
    pub seed: u64,
    /// The XOR sample (0..4) the inspector steps, or `BATCH` for the mini-batch of all four.
    pub sample: usize,
    /// Where the timelines stand, so a link reopens the same scene: the graph stepper's step, and the
    /// inspector's completed iterations and stage within the next one.
    pub at: Timelines,
}

/// The timelines' positions in a link: `gs` (graph step), `it` (iterations), `is` (stage), `tr` (whether the
/// iterations were trained by play on the whole batch, else stepped stage by stage).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Timelines {
    pub graph_step: usize,
    pub iterations: usize,
    pub stage: usize,
    pub trained: bool,
}

/// Iterations a link may ask the inspector to replay.
pub const LINK_ITERATIONS: usize = 100_000;

impl Default for BackpropLabConfig {
    /// The book's apple graph and the smallest network that can learn XOR (2-2-1). lr 1 rather than the
    /// book's 0.1, so that a 2-2-1 sigmoid network learns XOR in seconds rather than minutes.
    fn default() -> Self {
        BackpropLabConfig {
            graph: "apple",
            sigmoid_x: 1.0,
            hidden: 2,
            output: 1,
            lr: 1.0,
            seed: 1,
            sample: BATCH,
            at: Timelines::default(),
        }
    }
}

impl BackpropLabConfig {
    /// `[2, hidden, output]`, e.g. "2-2-1".
    pub fn arch(&self) -> String {
        format!("2-{}-{}", self.hidden, self.output)
    }

    pub fn write(&self, r: &mut Route) {
        r.set("g", self.graph);
        r.set("gx", self.sigmoid_x);
        r.set("arch", self.arch());
        r.set("lr", self.lr);
        r.set("seed", self.seed);
        r.set("n", self.sample);
        r.set("gs", self.at.graph_step);
        r.set("it", self.at.iterations);
        r.set("is", self.at.stage);
        r.set("tr", u8::from(self.at.trained));
    }

    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let graph = r
            .get("g")
            .and_then(|g| graph::GRAPHS.iter().find(|k| **k == g))
            .copied()
            .unwrap_or(d.graph);
        let (hidden, output) = match r.get("arch") {
            Some("2-2-1") => (2, 1),
            Some("2-3-1") => (3, 1),
            Some("2-2-2") => (2, 2),
            Some("2-3-2") => (3, 2),
            _ => (d.hidden, d.output),
        };
        let seed = r.f32_in("seed", SEED_RANGE.0, SEED_RANGE.1, d.seed as f32);
        let sample = r
            .get("n")
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n <= BATCH)
            .unwrap_or(d.sample);
        BackpropLabConfig {
            graph,
            sigmoid_x: sigmoid_x_of(r, d.sigmoid_x),
            hidden,
            output,
            lr: r.f32_in("lr", LR_RANGE.0, LR_RANGE.1, d.lr),
            seed: if seed.fract() == 0.0 {
                seed as u64
            } else {
                d.seed
            },
            sample,
            at: Timelines::read(r, graph, sigmoid_x_of(r, d.sigmoid_x)),
        }
    }
}

fn sigmoid_x_of(r: &Route, default: f32) -> f32 {
    r.f32_in("gx", SIGMOID_X_RANGE.0, SIGMOID_X_RANGE.1, default)
}

impl Timelines {
    fn read(r: &Route, graph: &str, sigmoid_x: f32) -> Timelines {
        let int = |k: &str, max: usize| r.usize_in(k, 0, max, 0);
        let steps = graph::Graph::by_key(graph, sigmoid_x as f64).step_count();
        // The inspector's network has two layers: input, 2 forward, 2 backward, update.
        Timelines {
            graph_step: int("gs", steps),
            iterations: int("it", LINK_ITERATIONS),
            stage: int("is", 5),
            trained: r.flag("tr", false),
        }
    }
}

/// The architectures the inspector offers (small enough to show every number).
pub const ARCHS: [&str; 4] = ["2-2-1", "2-3-1", "2-2-2", "2-3-2"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_the_url() {
        let c = BackpropLabConfig {
            graph: "sigmoid",
            sigmoid_x: -2.5,
            hidden: 3,
            output: 2,
            lr: 0.25,
            seed: 77,
            sample: 2,
            at: Timelines {
                graph_step: 5,
                iterations: 12,
                stage: 3,
                trained: true,
            },
        };
        let mut r = Route::new("backprop");
        c.write(&mut r);
        assert_eq!(BackpropLabConfig::read(&Route::parse(&r.to_hash())), c);
    }

    #[test]
    fn bad_url_values_fall_back_to_defaults() {
        let c = BackpropLabConfig::read(&Route::parse(
            "#backprop?g=pear&gx=99&arch=2-9-9&lr=-1&seed=1.5&n=7&gs=99&is=6&it=-1&tr=x",
        ));
        assert_eq!(c, BackpropLabConfig::default());
    }
}
