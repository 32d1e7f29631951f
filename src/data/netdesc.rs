//! The network description stored beside the weights in our `.npz` (member `network`, JSON text): the book's
//! sequence of layers in order, as its `OrderedDict` (Affine1, Relu1, …, then the last layer with the loss),
//! so a file re-imports as the very network it came from. Read it in NumPy with
//! `json.loads(str(np.load(f)['network']))`. Example (784-50-10 ReLU):
//!
//! ```json
//! {"format": "nnlab-network", "version": 1, "input_dim": [784],
//!  "layers": [{"type": "Affine", "W": "W1", "b": "b1", "in": 784, "out": 50}, {"type": "Relu"},
//!             {"type": "Affine", "W": "W2", "b": "b2", "in": 50, "out": 10}, {"type": "SoftmaxWithLoss"}],
//!  "weight_decay_lambda": 0, "weight_init_std": 0.01, "seed": 42}
//! ```
//!
//! A list of typed layers leaves room for more kinds (Convolution with filter_num/filter_size/stride/pad,
//! Pooling with pool_h/pool_w/stride, and an `input_dim` of [1, 28, 28]) without changing what is here.
//! Dropout layers carry `dropout_ratio`, which changes predictions (the book's Dropout scales by 1 − ratio).
//! BatchNormalization layers (after each hidden Affine) name their `gamma`/`beta` arrays; the file also carries
//! their running statistics as `running_mean1`, `running_var1`, … (see `Net::to_tensors`).

use super::json::{self, num, Json};
use crate::activation::Activation;
use crate::error::ensure;
use crate::init::Init;
use crate::net::{NetConfig, Output};
use crate::{Error, Result};

pub const FORMAT: &str = "nnlab-network";
pub const VERSION: usize = 1;

/// The description of a network's settings.
pub fn describe(c: &NetConfig) -> Json {
    let sizes = c.sizes();
    let mut layers = Vec::new();
    for l in 0..sizes.len() - 1 {
        layers.push(Json::Obj(vec![
            ("type".into(), json::str("Affine")),
            ("W".into(), json::str(&format!("W{}", l + 1))),
            ("b".into(), json::str(&format!("b{}", l + 1))),
            ("in".into(), num(sizes[l])),
            ("out".into(), num(sizes[l + 1])),
        ]));
        if l + 1 == sizes.len() - 1 {
            break;
        }
        if c.batchnorm {
            layers.push(Json::Obj(vec![
                ("type".into(), json::str("BatchNormalization")),
                ("gamma".into(), json::str(&format!("gamma{}", l + 1))),
                ("beta".into(), json::str(&format!("beta{}", l + 1))),
                ("momentum".into(), num(crate::layer::BN_MOMENTUM)),
            ]));
        }
        let act = c.activation_of(l);
        let mut a = vec![("type".into(), json::str(activation_name(act)))];
        if let Activation::LeakyRelu(alpha) = act {
            a.push(("alpha".into(), num(alpha)));
        }
        layers.push(Json::Obj(a));
        if c.dropout > 0.0 {
            layers.push(Json::Obj(vec![
                ("type".into(), json::str("Dropout")),
                ("dropout_ratio".into(), num(c.dropout)),
            ]));
        }
    }
    let last = match c.output_kind {
        Output::Softmax => "SoftmaxWithLoss",
        Output::Sigmoid => "SigmoidWithLoss",
        Output::Identity => "IdentityWithLoss",
    };
    layers.push(Json::Obj(vec![("type".into(), json::str(last))]));
    let init = match c.init {
        Init::Std(s) => num(s),
        Init::Xavier => json::str("xavier"),
        Init::He => json::str("he"),
    };
    Json::Obj(vec![
        ("format".into(), json::str(FORMAT)),
        ("version".into(), num(VERSION)),
        ("input_dim".into(), Json::Arr(vec![num(c.input)])),
        ("layers".into(), Json::Arr(layers)),
        ("weight_decay_lambda".into(), num(c.weight_decay)),
        ("weight_init_std".into(), init),
        ("seed".into(), num(c.seed)),
    ])
}

/// The description as JSON text.
pub fn to_text(c: &NetConfig) -> String {
    describe(c).write()
}

/// The book's class name of an activation layer.
fn activation_name(a: Activation) -> &'static str {
    match a {
        Activation::Step => "Step",
        Activation::Sigmoid => "Sigmoid",
        Activation::Tanh => "Tanh",
        Activation::Relu => "Relu",
        Activation::LeakyRelu(_) => "LeakyRelu",
        Activation::Identity => "Identity",
    }
}

fn bad(what: impl Into<String>) -> Error {
    Error::new("mnist.err.description", [what.into()])
}

/// Network settings from a description's text. Everything is checked; `NetConfig::validate` still applies.
pub fn from_text(text: &str) -> Result<NetConfig> {
    from_json(&json::parse(text)?)
}

pub fn from_json(d: &Json) -> Result<NetConfig> {
    ensure(
        d.get("format").and_then(Json::as_str) == Some(FORMAT),
        "mnist.err.description",
        ["format"],
    )?;
    let version = d.get("version").and_then(Json::as_usize);
    ensure(
        version == Some(VERSION),
        "mnist.err.description_version",
        [
            version.map_or("?".into(), |v| v.to_string()),
            VERSION.to_string(),
        ],
    )?;
    let input = match d.get("input_dim").and_then(Json::as_arr) {
        Some([n]) => n.as_usize().ok_or_else(|| bad("input_dim"))?,
        _ => return Err(bad("input_dim")),
    };
    let layers = d
        .get("layers")
        .and_then(Json::as_arr)
        .ok_or_else(|| bad("layers"))?;
    let mut sizes = vec![input];
    let mut activation = Vec::new();
    let mut dropout: Option<f32> = None;
    // How many hidden layers have a BatchNormalization (all or none, as `NetConfig::batchnorm`).
    let mut norms = 0usize;
    let mut output = None;
    for (i, layer) in layers.iter().enumerate() {
        let at = |field: &str| format!("layers[{i}].{field}");
        ensure(output.is_none(), "mnist.err.description", [at("type")])?;
        let kind = layer
            .get("type")
            .and_then(Json::as_str)
            .ok_or_else(|| bad(at("type")))?;
        match kind {
            "Affine" => {
                let l = sizes.len();
                ensure(
                    activation.len() == l - 1,
                    "mnist.err.description",
                    [at("type")],
                )?;
                let field = |f: &str| layer.get(f).ok_or_else(|| bad(at(f)));
                ensure(
                    field("W")?.as_str() == Some(&format!("W{l}"))
                        && field("b")?.as_str() == Some(&format!("b{l}")),
                    "mnist.err.description",
                    [at("W")],
                )?;
                ensure(
                    field("in")?.as_usize() == Some(sizes[l - 1]),
                    "mnist.err.description",
                    [at("in")],
                )?;
                sizes.push(field("out")?.as_usize().ok_or_else(|| bad(at("out")))?);
            }
            "Dropout" => {
                let r = layer
                    .get("dropout_ratio")
                    .and_then(Json::as_f32)
                    .ok_or_else(|| bad(at("dropout_ratio")))?;
                // One ratio for every hidden layer, as NetConfig (and the book's MultiLayerNetExtend) has.
                ensure(
                    dropout.is_none_or(|d| d == r) && activation.len() == sizes.len() - 1,
                    "mnist.err.description",
                    [at("dropout_ratio")],
                )?;
                dropout = Some(r);
            }
            "BatchNormalization" => {
                // Right after a hidden Affine, before its activation.
                ensure(
                    norms == sizes.len() - 2 && activation.len() == sizes.len() - 2,
                    "mnist.err.description",
                    [at("type")],
                )?;
                norms += 1;
            }
            "SoftmaxWithLoss" => output = Some(Output::Softmax),
            "SigmoidWithLoss" => output = Some(Output::Sigmoid),
            "IdentityWithLoss" => output = Some(Output::Identity),
            name => {
                let act = match name {
                    "Step" => Activation::Step,
                    "Sigmoid" => Activation::Sigmoid,
                    "Tanh" => Activation::Tanh,
                    "Relu" => Activation::Relu,
                    "Identity" => Activation::Identity,
                    "LeakyRelu" => Activation::LeakyRelu(
                        layer
                            .get("alpha")
                            .and_then(Json::as_f32)
                            .ok_or_else(|| bad(at("alpha")))?,
                    ),
                    _ => return Err(Error::new("mnist.err.description_layer", [name])),
                };
                ensure(
                    activation.len() == sizes.len() - 2,
                    "mnist.err.description",
                    [at("type")],
                )?;
                activation.push(act);
            }
        }
    }
    let output_kind = output.ok_or_else(|| bad("layers"))?;
    ensure(
        sizes.len() >= 2 && activation.len() == sizes.len() - 2,
        "mnist.err.description",
        ["layers"],
    )?;
    let hidden = sizes[1..sizes.len() - 1].to_vec();
    // Every hidden layer was followed by its activation; when they are all the same, keep one.
    if activation.windows(2).all(|w| w[0] == w[1]) {
        activation.truncate(1);
    }
    if activation.is_empty() {
        activation.push(Activation::Relu);
    }
    let d_num = |key: &str| d.get(key).and_then(Json::as_f32);
    let init = match d.get("weight_init_std") {
        Some(Json::Str(s)) if s == "xavier" => Init::Xavier,
        Some(Json::Str(s)) if s == "he" => Init::He,
        Some(v) => Init::Std(v.as_f32().ok_or_else(|| bad("weight_init_std"))?),
        None => Init::default(),
    };
    ensure(
        norms == 0 || norms == hidden.len(),
        "mnist.err.description",
        ["BatchNormalization"],
    )?;
    let c = NetConfig {
        input,
        hidden,
        activation,
        output: *sizes.last().unwrap_or(&0),
        output_kind,
        init,
        dropout: dropout.unwrap_or(0.0),
        batchnorm: norms > 0,
        weight_decay: d_num("weight_decay_lambda").unwrap_or(0.0),
        seed: d.get("seed").and_then(Json::as_u64).unwrap_or(42),
    };
    c.validate()?;
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_the_description() {
        let configs = [
            NetConfig::default(),
            NetConfig {
                hidden: vec![100, 30],
                activation: vec![Activation::Sigmoid, Activation::LeakyRelu(0.01)],
                init: Init::He,
                dropout: 0.2,
                weight_decay: 0.1,
                seed: 7,
                ..Default::default()
            },
            NetConfig {
                input: 2,
                hidden: vec![],
                output: 1,
                output_kind: Output::Sigmoid,
                init: Init::Std(0.37),
                ..Default::default()
            },
        ];
        for c in configs {
            let text = to_text(&c);
            assert_eq!(from_text(&text).unwrap(), c, "{text}");
        }
        let t = to_text(&NetConfig::default());
        assert!(
            t.contains(r#"{"type": "Affine", "W": "W1", "b": "b1", "in": 784, "out": 50}, {"type": "Relu"}"#),
            "{t}"
        );
    }

    #[test]
    fn bad_descriptions_are_refused_with_what_is_wrong() {
        let good = to_text(&NetConfig::default());
        let e = |t: &str| from_text(t).unwrap_err();
        assert_eq!(e(&good.replace("nnlab-network", "other")).args[0], "format");
        assert_eq!(
            e(&good.replace("\"version\": 1", "\"version\": 9")).key,
            "mnist.err.description_version"
        );
        assert_eq!(
            e(&good.replace("\"Relu\"", "\"Gelu\"")).key,
            "mnist.err.description_layer"
        );
        assert_eq!(
            e(&good.replace("\"in\": 50", "\"in\": 51")).args[0],
            "layers[2].in"
        );
        let huge = good
            .replace("\"out\": 50", "\"out\": 5000")
            .replace("\"in\": 50", "\"in\": 5000");
        assert_eq!(e(&huge).key, "err.too_big");
        assert_eq!(e("{").key, "mnist.err.json");
    }
}
