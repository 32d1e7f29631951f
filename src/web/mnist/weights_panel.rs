//! The weights panel: import `.npz` (np.savez) or the book's `sample_weight.pkl` (read by the safe pickle subset),
//! run the imported network on the test set in batches of 100 with accuracy and time, and export the current
//! weights as `.npz` (loads with `np.load`: arrays W1, b1, W2, …).

use std::rc::Rc;

use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, MouseEvent};

use super::{files, panel, select, Lab};
use crate::activation::Activation;
use crate::data::{npz, pickle};
use crate::i18n;
use crate::labs::mnist::session::Session;
use crate::labs::mnist::weights::{from_tensors, to_tensors};
use crate::numfmt::sig;
use crate::web::anim::Budget;
use crate::web::dom::{self, button, child, on, set_attr, text_el};

pub(crate) struct WeightsPanel {
    file: HtmlInputElement,
    activation: HtmlSelectElement,
    export: HtmlElement,
    result: Element,
}

impl WeightsPanel {
    pub fn new(parent: &Element) -> WeightsPanel {
        let p = panel(parent, "mnist.weights.title");
        text_el(&p, "p", "hint", "mnist.weights.hint");
        let row = child(&p, "div", "mnist-files");
        let activation = select(
            &row,
            "mnist.weights.activation",
            &[
                ("sigmoid", "act.sigmoid"),
                ("relu", "act.relu"),
                ("tanh", "act.tanh"),
            ],
        );
        let pick = child(&row, "label", "button-like");
        text_el(&pick, "span", "", "mnist.weights.import");
        let file = dom::input(&pick, "file", "visually-hidden");
        set_attr(&file, "accept", ".npz,.pkl,.pickle");
        set_attr(&file, "data-role", "weights-file");
        let export = button(&row, "", "mnist.weights.export");
        set_attr(&export, "data-role", "export-npz");
        let result = child(&p, "p", "mnist-weights-result");
        set_attr(&result, "aria-live", "polite");
        WeightsPanel {
            file,
            activation,
            export,
            result,
        }
    }
}

pub(crate) fn wire(lab: &Rc<Lab>) {
    let ui = &lab.weights_ui;
    let l = lab.clone();
    on(&ui.export, "click", move |_: MouseEvent| {
        if let Some(s) = l.session.borrow().as_ref() {
            let bytes = npz::write(&to_tensors(s.trainer.net()));
            files::download_bytes(&bytes, "mnist_weights.npz", "application/octet-stream");
        }
    });
    let l = lab.clone();
    on(&ui.file, "change", move |_: Event| {
        let Some(f) = l.weights_ui.file.files().and_then(|list| list.get(0)) else {
            return;
        };
        l.weights_ui.file.set_value("");
        let lab = l.clone();
        files::spawn(async move {
            match files::read_file(&f).await {
                Ok(bytes) => import(&lab, &f.name(), &bytes),
                Err(why) => lab.error(crate::Error::new("mnist.err.fetch", [why])),
            }
        });
    });
}

/// Parse weights (a ZIP is .npz, anything else is tried as a pickle), build the network, and evaluate it.
pub(crate) fn import(lab: &Rc<Lab>, name: &str, bytes: &[u8]) {
    let act = match lab.weights_ui.activation.value().as_str() {
        "relu" => Activation::Relu,
        "tanh" => Activation::Tanh,
        _ => Activation::Sigmoid,
    };
    let arrays = if bytes.starts_with(b"PK") {
        npz::read(bytes)
    } else {
        pickle::read_weights(bytes)
    };
    let net = arrays.and_then(|a| from_tensors(&a, act));
    let session = net.and_then(|net| {
        let mut cfg = lab.cfg.borrow().clone();
        cfg.hidden = net.sizes()[1..net.sizes().len() - 1].to_vec();
        cfg.activation = act.key();
        let d = lab.data.borrow();
        let d = d
            .as_ref()
            .ok_or_else(|| crate::Error::new("mnist.data.loading", [""; 0]))?;
        let s = Session::with_net(net, &cfg, d, super::EVAL_LIMIT)?;
        *lab.cfg.borrow_mut() = cfg;
        Ok(s)
    });
    match session {
        Ok(s) => {
            lab.pause();
            *lab.session.borrow_mut() = Some(s);
            super::worker::sync(lab);
            let t0 = Budget::now();
            lab.refresh_report();
            let ms = Budget::now() - t0;
            let acc = lab.report.borrow().as_ref().map_or(0.0, |r| r.accuracy);
            let shape = lab.cfg.borrow().shape_text();
            let lang = lab.lang();
            lab.weights_ui.result.set_text_content(Some(&i18n::format(
                lang,
                "mnist.weights.imported",
                &[
                    name.to_string(),
                    shape,
                    i18n::t(lang, &format!("act.{}", act.key())).to_string(),
                    sig(acc as f64, 4),
                    format!("{ms:.0}"),
                ],
            )));
            lab.ctx.messages.clear();
            lab.write_route();
            super::train_panel::sync_controls(lab);
            lab.render_all();
        }
        Err(e) => {
            lab.weights_ui.result.set_text_content(Some(&i18n::format(
                lab.lang(),
                "mnist.weights.refused",
                &[name.to_string()],
            )));
            lab.error(e);
        }
    }
}

pub(crate) fn render(_lab: &Rc<Lab>) {}
