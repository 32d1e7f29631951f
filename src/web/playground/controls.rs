//! The playground's controls: data (set, N, noise, test ratio, seed, click class and tool, CSV), model
//! (hidden layers, neurons and activation per layer, output/loss, init, dropout, L2, batch norm), training (optimizer and
//! its hyperparameters, batch, seed, stop rules, step unit), and the play/step/reset buttons with their keys.

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

use super::super::dom::{button, child, set_attr, text_el};
use super::super::field::NumberField;
use crate::data::toy2d::Kind;
use crate::i18n::Lang;
use crate::labs::playground::settings::*;
use crate::optim::OptimizerKind;

/// A `<select>` with a translated label and translated option texts.
pub fn select(parent: &Element, label: &str, options: &[(&str, String)]) -> HtmlSelectElement {
    let wrap = child(parent, "label", "field");
    text_el(&wrap, "span", "field-label", label);
    let sel = child(&wrap, "select", "");
    for (value, key) in options {
        let o = text_el(&sel, "option", "", key);
        set_attr(&o, "value", value);
    }
    sel.unchecked_into()
}

/// One hidden layer's row: its neuron count and activation.
pub struct LayerRow {
    pub row: Element,
    pub neurons: NumberField,
    pub act: HtmlSelectElement,
}

pub struct Controls {
    pub play: HtmlElement,
    pub step: HtmlElement,
    pub reset: HtmlElement,
    pub status: Element,
    pub kind: HtmlSelectElement,
    pub n: NumberField,
    pub noise: NumberField,
    pub test_ratio: NumberField,
    pub data_seed: NumberField,
    pub class: HtmlSelectElement,
    pub tool: HtmlSelectElement,
    /// A `<textarea>` (web-sys' HtmlTextAreaElement feature is not enabled: its value goes through `text_value`).
    pub csv: Element,
    pub export: HtmlElement,
    pub import: HtmlElement,
    pub download: Element,
    pub layers: NumberField,
    pub rows: Vec<LayerRow>,
    pub output: HtmlSelectElement,
    pub init: HtmlSelectElement,
    pub init_std: NumberField,
    pub dropout: NumberField,
    pub l2: NumberField,
    /// "Batch norm after each Affine" (the book's `MultiLayerNetExtend(use_batchnorm=True)`).
    pub batchnorm: HtmlInputElement,
    pub optimizer: HtmlSelectElement,
    pub lr: NumberField,
    pub momentum: NumberField,
    pub decay_rate: NumberField,
    pub beta1: NumberField,
    pub beta2: NumberField,
    pub batch: NumberField,
    pub seed: NumberField,
    pub max_epochs: NumberField,
    pub target_loss: NumberField,
    pub target_acc: NumberField,
    pub step_unit: HtmlSelectElement,
    pub speed: HtmlSelectElement,
}

fn field(parent: &Element, label: &'static str, range: (f32, f32), step: f64) -> NumberField {
    NumberField::new_f32(parent, label, range, step)
}

impl Controls {
    /// The toolbar goes into `bar`, the settings into `side`.
    pub fn build(bar: &Element, side: &Element) -> Controls {
        let play = button(bar, "pg-play primary", "pg.play");
        set_attr(&play, "aria-keyshortcuts", "Space");
        let step = button(bar, "pg-step", "pg.step");
        set_attr(&step, "aria-keyshortcuts", "S");
        let reset = button(bar, "pg-reset", "pg.reset");
        set_attr(&reset, "aria-keyshortcuts", "R");
        text_el(bar, "span", "pg-keys hint", "pg.keys");
        let speeds: Vec<(String, String)> = SPEEDS
            .iter()
            .map(|s| (s.to_string(), format!("pg.speed.{s}")))
            .collect();
        let speeds: Vec<(&str, String)> = speeds
            .iter()
            .map(|(v, k)| (v.as_str(), k.clone()))
            .collect();
        let speed = select(bar, "pg.speed", &speeds);
        let status = child(bar, "div", "pg-status");
        set_attr(&status, "aria-live", "polite");

        let data = child(side, "fieldset", "");
        text_el(&data, "legend", "", "pg.data");
        let kinds: Vec<(&str, String)> = Kind::ALL
            .iter()
            .map(|k| (k.key(), format!("pg.data.{}", k.key())))
            .collect();
        let kind = select(&data, "pg.data.kind", &kinds);
        let n = field(&data, "pg.n", N_RANGE, 10.0);
        let noise = field(&data, "pg.noise", NOISE_RANGE, 0.05);
        let test_ratio = field(&data, "pg.test_ratio", TEST_RANGE, 0.1);
        let data_seed = field(&data, "pg.data_seed", SEED_RANGE, 1.0);
        text_el(&data, "p", "hint", "pg.xor4.hint");
        let classes: Vec<(&str, String)> = ["0", "1", "2"]
            .iter()
            .map(|c| (*c, format!("pg.class.{c}")))
            .collect();
        let class = select(&data, "pg.click_class", &classes);
        let tool = select(
            &data,
            "pg.tool",
            &[
                ("add", "pg.tool.add".into()),
                ("remove", "pg.tool.remove".into()),
            ],
        );
        text_el(&data, "p", "hint", "pg.click.hint");
        let details = child(&data, "details", "pg-csv");
        text_el(&details, "summary", "", "pg.csv");
        text_el(&details, "p", "hint", "pg.csv.hint");
        let limit = text_el(&details, "p", "hint", "pg.link.limit");
        set_attr(
            &limit,
            "data-i18n-arg",
            &crate::labs::playground::points_link::LINK_POINTS.to_string(),
        );
        let csv = child(&details, "textarea", "pg-csv-text");
        set_attr(&csv, "rows", "6");
        set_attr(&csv, "spellcheck", "false");
        set_attr(&csv, "data-i18n-aria", "pg.csv");
        let row = child(&details, "div", "pg-row");
        let export = button(&row, "pg-export", "pg.csv.export");
        let import = button(&row, "pg-import", "pg.csv.import");
        let download = text_el(&row, "a", "pg-download", "pg.csv.download");
        set_attr(&download, "download", "points.csv");
        set_attr(&download, "hidden", "");

        let model = child(side, "fieldset", "");
        text_el(&model, "legend", "", "pg.model");
        let layers = field(&model, "pg.layers", LAYERS_RANGE, 1.0);
        let acts: Vec<(&str, String)> = ACTIVATIONS
            .iter()
            .map(|a| (*a, format!("act.{a}")))
            .collect();
        let rows = (0..MAX_HIDDEN)
            .map(|l| {
                let row = child(&model, "div", "pg-layer");
                let head = text_el(&row, "span", "pg-layer-name", "pg.layer");
                set_attr(&head, "data-i18n-arg", &(l + 1).to_string());
                let neurons = field(&row, "pg.neurons", NEURONS_RANGE, 1.0);
                let act = select(&row, "pg.activation", &acts);
                LayerRow { row, neurons, act }
            })
            .collect();
        let outputs: Vec<(&str, String)> = OUTPUTS
            .iter()
            .map(|o| (o.key(), format!("pg.out.{}", o.key())))
            .collect();
        let output = select(&model, "pg.output", &outputs);
        let inits: Vec<(&str, String)> =
            INITS.iter().map(|i| (*i, format!("pg.init.{i}"))).collect();
        let init = select(&model, "pg.init", &inits);
        let init_std = field(&model, "pg.init_std", INIT_STD_RANGE, 0.1);
        let dropout = field(&model, "pg.dropout", DROPOUT_RANGE, 0.05);
        let l2 = field(&model, "pg.l2", L2_RANGE, 0.001);
        let bn_label = child(&model, "label", "check");
        let batchnorm = super::super::dom::input(&bn_label, "checkbox", "");
        set_attr(&batchnorm, "data-role", "batchnorm");
        text_el(&bn_label, "span", "", "pg.batchnorm");

        let train = child(side, "fieldset", "");
        text_el(&train, "legend", "", "pg.training");
        let opts: Vec<(&str, String)> = OptimizerKind::ALL
            .iter()
            .map(|k| (k.key(), format!("pg.opt.{}", k.key())))
            .collect();
        let optimizer = select(&train, "pg.optimizer", &opts);
        let lr = field(&train, "pg.lr", LR_RANGE, 0.01);
        let momentum = field(&train, "pg.momentum", RATE_RANGE, 0.05);
        let decay_rate = field(&train, "pg.decay_rate", RATE_RANGE, 0.01);
        let beta1 = field(&train, "pg.beta1", RATE_RANGE, 0.01);
        let beta2 = field(&train, "pg.beta2", RATE_RANGE, 0.001);
        let batch = field(&train, "pg.batch", BATCH_RANGE, 1.0);
        let seed = field(&train, "pg.seed", SEED_RANGE, 1.0);
        text_el(&train, "p", "hint", "pg.restart.hint");
        let step_unit = select(
            &train,
            "pg.step_unit",
            &[
                ("batch", "pg.step_unit.batch".into()),
                ("epoch", "pg.step_unit.epoch".into()),
            ],
        );
        let stop = child(side, "fieldset", "");
        text_el(&stop, "legend", "", "pg.stop");
        let max_epochs = field(&stop, "pg.max_epochs", EPOCHS_RANGE, 10.0);
        let target_loss = field(&stop, "pg.target_loss", TARGET_LOSS_RANGE, 0.01);
        let target_acc = field(&stop, "pg.target_acc", TARGET_ACC_RANGE, 0.01);
        text_el(&stop, "p", "hint", "pg.stop.hint");

        Controls {
            play,
            step,
            reset,
            status,
            kind,
            n,
            noise,
            test_ratio,
            data_seed,
            class,
            tool,
            csv,
            export,
            import,
            download,
            layers,
            rows,
            output,
            init,
            init_std,
            dropout,
            l2,
            batchnorm,
            optimizer,
            lr,
            momentum,
            decay_rate,
            beta1,
            beta2,
            batch,
            seed,
            max_epochs,
            target_loss,
            target_acc,
            step_unit,
            speed,
        }
    }

    /// Every number field, for relabelling.
    pub fn fields(&self) -> Vec<&NumberField> {
        let mut v = vec![
            &self.n,
            &self.noise,
            &self.test_ratio,
            &self.data_seed,
            &self.layers,
            &self.init_std,
            &self.dropout,
            &self.l2,
            &self.lr,
            &self.momentum,
            &self.decay_rate,
            &self.beta1,
            &self.beta2,
            &self.batch,
            &self.seed,
            &self.max_epochs,
            &self.target_loss,
            &self.target_acc,
        ];
        v.extend(self.rows.iter().map(|r| &r.neurons));
        v
    }

    /// Put the settings into the controls, and show only the fields that apply.
    pub fn sync(&self, c: &PlaygroundConfig) {
        self.kind.set_value(c.data.kind.key());
        self.n.set(c.data.n as f64);
        self.noise.set(c.data.noise as f64);
        self.test_ratio.set(c.data.test_ratio as f64);
        self.data_seed.set(c.data.seed as f64);
        self.layers.set(c.layers as f64);
        for (l, r) in self.rows.iter().enumerate() {
            r.neurons.set(c.sizes[l] as f64);
            r.act.set_value(c.acts[l]);
        }
        self.output.set_value(c.output.key());
        self.init.set_value(c.init);
        self.init_std.set(c.init_std as f64);
        self.dropout.set(c.dropout as f64);
        self.l2.set(c.weight_decay as f64);
        self.batchnorm.set_checked(c.batchnorm);
        self.optimizer.set_value(c.optimizer.key());
        self.lr.set(c.lr as f64);
        self.momentum.set(c.momentum as f64);
        self.decay_rate.set(c.decay_rate as f64);
        self.beta1.set(c.beta1 as f64);
        self.beta2.set(c.beta2 as f64);
        self.batch.set(c.batch as f64);
        self.seed.set(c.seed as f64);
        self.max_epochs.set(c.stop.max_epochs as f64);
        self.target_loss.set(c.stop.target_loss as f64);
        self.target_acc.set(c.stop.target_acc as f64);
        self.step_unit
            .set_value(if c.step_epoch { "epoch" } else { "batch" });
        self.speed.set_value(&c.speed.to_string());
        self.show_applicable(c);
    }

    pub fn show_applicable(&self, c: &PlaygroundConfig) {
        for (l, r) in self.rows.iter().enumerate() {
            toggle(&r.row, l < c.layers);
        }
        let k = c.optimizer;
        toggle_field(
            &self.momentum,
            matches!(k, OptimizerKind::Momentum | OptimizerKind::Nesterov),
        );
        toggle_field(&self.decay_rate, k == OptimizerKind::RmsProp);
        toggle_field(&self.beta1, k == OptimizerKind::Adam);
        toggle_field(&self.beta2, k == OptimizerKind::Adam);
        toggle_field(&self.init_std, c.init == "std");
    }

    pub fn relabel(&self, lang: Lang) {
        for f in self.fields() {
            f.relabel(lang);
        }
    }
}

fn toggle(e: &Element, shown: bool) {
    if shown {
        let _ = e.remove_attribute("hidden");
    } else {
        set_attr(e, "hidden", "");
    }
}

/// Show or hide a number field's whole `<label>`.
fn toggle_field(f: &NumberField, shown: bool) {
    if let Some(wrap) = f.input.parent_element() {
        toggle(&wrap, shown);
    }
}

/// The value of a select, as the i18n-free key it carries.
pub fn value(s: &HtmlSelectElement) -> String {
    s.value()
}

/// The document has the focus in a text field (then the lab's letter keys must not fire).
pub fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<Element>().ok())
        .is_some_and(|e| {
            matches!(
                e.tag_name().to_ascii_lowercase().as_str(),
                "input" | "textarea" | "select"
            ) || e.has_attribute("contenteditable")
        })
}

/// A textarea's `value` property.
pub fn text_value(e: &Element) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("value"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

pub fn set_text_value(e: &Element, v: &str) {
    let _ = js_sys::Reflect::set(e, &JsValue::from_str("value"), &JsValue::from_str(v));
}
