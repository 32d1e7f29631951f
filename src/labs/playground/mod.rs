//! The XOR & 2-D playground (ch5 + what TensorFlow Playground does): 2-D data sets, an MLP built from
//! settings, trained live by backprop; a = z·W + b, z = h(a), y = output(a⁽ᴸ⁾), L = loss(y, t) (+ ½λΣ‖W‖²).
//! `settings` (URL state), `session` (training run), `grid` (boundary and neuron maps), `diagram` (layout).

pub mod diagram;
pub mod grid;
pub mod points_link;
pub mod session;
pub mod settings;

pub use session::{Metrics, Outcome, Session, Stop};
pub use settings::PlaygroundConfig;

use crate::net::Output;

/// The formulas of the chosen output and loss, as MathML (language-neutral).
pub fn loss_formula(output: Output) -> &'static str {
    match output {
        Output::Sigmoid => "<math><mi>y</mi><mo>=</mo><mfrac><mn>1</mn><mrow><mn>1</mn><mo>+</mo><msup><mi>e</mi><mrow><mo>−</mo><mi>a</mi></mrow></msup></mrow></mfrac><mo>,</mo><mspace width=\"1em\"/><mi>L</mi><mo>=</mo><mo>−</mo><mfrac><mn>1</mn><mi>N</mi></mfrac><munder><mo>∑</mo><mi>n</mi></munder><mo>(</mo><mi>t</mi><mi>ln</mi><mi>y</mi><mo>+</mo><mo>(</mo><mn>1</mn><mo>−</mo><mi>t</mi><mo>)</mo><mi>ln</mi><mo>(</mo><mn>1</mn><mo>−</mo><mi>y</mi><mo>)</mo><mo>)</mo></math>",
        Output::Softmax => "<math><msub><mi>y</mi><mi>k</mi></msub><mo>=</mo><mfrac><msup><mi>e</mi><msub><mi>a</mi><mi>k</mi></msub></msup><mrow><munder><mo>∑</mo><mi>i</mi></munder><msup><mi>e</mi><msub><mi>a</mi><mi>i</mi></msub></msup></mrow></mfrac><mo>,</mo><mspace width=\"1em\"/><mi>L</mi><mo>=</mo><mo>−</mo><mfrac><mn>1</mn><mi>N</mi></mfrac><munder><mo>∑</mo><mi>n</mi></munder><munder><mo>∑</mo><mi>k</mi></munder><msub><mi>t</mi><mi>k</mi></msub><mi>ln</mi><msub><mi>y</mi><mi>k</mi></msub></math>",
        Output::Identity => "<math><mi>y</mi><mo>=</mo><mi>a</mi><mo>,</mo><mspace width=\"1em\"/><mi>L</mi><mo>=</mo><mfrac><mn>1</mn><mi>N</mi></mfrac><munder><mo>∑</mo><mi>n</mi></munder><mfrac><mn>1</mn><mn>2</mn></mfrac><munder><mo>∑</mo><mi>k</mi></munder><msup><mrow><mo>(</mo><msub><mi>y</mi><mi>k</mi></msub><mo>−</mo><msub><mi>t</mi><mi>k</mi></msub><mo>)</mo></mrow><mn>2</mn></msup></math>",
    }
}

/// One layer's forward pass, the same for every layer.
pub const LAYER_FORMULA: &str = "<math><msup><mi>a</mi><mrow><mo>(</mo><mi>l</mi><mo>)</mo></mrow></msup><mo>=</mo><msup><mi>z</mi><mrow><mo>(</mo><mi>l</mi><mo>−</mo><mn>1</mn><mo>)</mo></mrow></msup><msup><mi>W</mi><mrow><mo>(</mo><mi>l</mi><mo>)</mo></mrow></msup><mo>+</mo><msup><mi>b</mi><mrow><mo>(</mo><mi>l</mi><mo>)</mo></mrow></msup><mo>,</mo><mspace width=\"1em\"/><msup><mi>z</mi><mrow><mo>(</mo><mi>l</mi><mo>)</mo></mrow></msup><mo>=</mo><mi>h</mi><mo>(</mo><msup><mi>a</mi><mrow><mo>(</mo><mi>l</mi><mo>)</mo></mrow></msup><mo>)</mo></math>";

/// The update rule W ← W − lr·∂L/∂W (plain SGD; the other optimizers refine it).
pub const UPDATE_FORMULA: &str = "<math><mi>W</mi><mo>←</mo><mi>W</mi><mo>−</mo><mi>lr</mi><mo>·</mo><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><mi>W</mi></mrow></mfrac></math>";
