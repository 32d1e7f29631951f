//! The weights panel: the current network (its shape, activation and where its weights came from), import of
//! `.npz` (ours carries the network's description; `np.savez` files and the book's `sample_weight.pkl` take the
//! chosen activation), checked against the lab's caps and parsed off the main thread (parse.rs), run on the test
//! set in batches of 100 with accuracy and time, and export of the current weights as `.npz` (`np.load` reads
//! W1, b1, W2, … and `network`, the description).

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, MouseEvent};

use super::parse::{self, ParseWorker};
use super::{files, panel, select, Lab};
use crate::activation::Activation;
use crate::i18n;
use crate::labs::mnist::config::{ACTIVATIONS, MAX_HIDDEN, MAX_UNITS};
use crate::labs::mnist::session::{Origin, Session};
use crate::labs::mnist::weights::{export_npz, Imported, MAX_FILE_BYTES};
use crate::numfmt::sig;
use crate::web::dom::{self, button, child, on, set_attr, set_text, text_el};

/// The last import, kept so its line can be written again in another language.
#[derive(Clone)]
enum Note {
    Reading,
    Imported {
        name: String,
        shape: String,
        act: &'static str,
        acc: f32,
        ms: f64,
        described: bool,
    },
    Refused(String),
}

pub(crate) struct WeightsPanel {
    file: HtmlInputElement,
    activation: HtmlSelectElement,
    export: HtmlElement,
    network: Element,
    limits: Element,
    result: Element,
    note: RefCell<Option<Note>>,
}

impl WeightsPanel {
    pub fn new(parent: &Element) -> WeightsPanel {
        let p = panel(parent, "mnist.weights.title");
        text_el(&p, "p", "hint", "mnist.weights.hint");
        let network = child(&p, "p", "mnist-network");
        set_attr(&network, "data-role", "network-now");
        set_attr(&network, "aria-live", "polite");
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
        let limits = child(&p, "p", "hint");
        let result = child(&p, "p", "mnist-weights-result");
        set_attr(&result, "aria-live", "polite");
        WeightsPanel {
            file,
            activation,
            export,
            network,
            limits,
            result,
            note: RefCell::new(None),
        }
    }
}

pub(crate) fn wire(lab: &Rc<Lab>) {
    let ui = &lab.weights_ui;
    let l = lab.clone();
    on(&ui.export, "click", move |_: MouseEvent| {
        if let Some(s) = l.session.borrow().as_ref() {
            let bytes = export_npz(s.trainer.net());
            files::download_bytes(&bytes, "mnist_weights.npz", "application/octet-stream");
        }
    });
    let l = lab.clone();
    on(&ui.file, "change", move |_: Event| {
        let Some(f) = l.weights_ui.file.files().and_then(|list| list.get(0)) else {
            return;
        };
        l.weights_ui.file.set_value("");
        let act = match l.weights_ui.activation.value().as_str() {
            "relu" => Activation::Relu,
            "tanh" => Activation::Tanh,
            _ => Activation::Sigmoid,
        };
        let lab = l.clone();
        set_note(&lab, Note::Reading);
        files::spawn(async move {
            let pw = ParseWorker::start().await;
            let place = if pw.is_some() { "worker" } else { "page" };
            set_attr(&lab.weights_ui.result, "data-parse", place);
            match parse::weights_file(&f, act, pw.as_ref()).await {
                Ok(imported) => install(&lab, &f.name(), imported),
                Err(e) => {
                    set_note(&lab, Note::Refused(f.name()));
                    lab.error(e);
                }
            }
        });
    });
}

fn set_note(lab: &Rc<Lab>, note: Note) {
    *lab.weights_ui.note.borrow_mut() = Some(note);
    render(lab);
}

/// Make an imported network the lab's network (the data stays), and evaluate it on the test set.
fn install(lab: &Rc<Lab>, name: &str, imported: Imported) {
    let Imported { net, described } = imported;
    let mut cfg = lab.cfg.borrow().clone();
    let c = net.config().clone();
    cfg.hidden = c.hidden.clone();
    if let Some(a) = ACTIVATIONS.iter().find(|a| **a == c.activation_of(0).key()) {
        cfg.activation = a;
    }
    cfg.dropout = c.dropout;
    cfg.weight_decay = c.weight_decay;
    cfg.batchnorm = c.batchnorm;
    let session = {
        let d = lab.data.borrow();
        match d.as_ref() {
            Some(d) => Session::imported(net, name, &cfg, d, super::EVAL_LIMIT),
            None => Err(crate::Error::new("mnist.data.loading", [""; 0])),
        }
    };
    match session {
        Ok(s) => {
            lab.pause();
            *lab.cfg.borrow_mut() = cfg;
            *lab.session.borrow_mut() = Some(s);
            super::worker::sync(lab);
            let shape = c
                .sizes()
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join("-");
            let act = c.activation_of(0).key();
            let name = name.to_string();
            lab.ctx.messages.clear();
            lab.write_route();
            super::train_panel::sync_controls(lab);
            lab.render_all();
            // The note comes with the accuracy, at once or when a big network's evaluation is done.
            lab.refresh_report_then(Box::new(move |lab, ms| {
                let acc = lab.report.borrow().as_ref().map_or(0.0, |r| r.accuracy);
                *lab.weights_ui.note.borrow_mut() = Some(Note::Imported {
                    name,
                    shape,
                    act,
                    acc,
                    ms,
                    described,
                });
                lab.render_all();
            }));
        }
        Err(e) => {
            set_note(lab, Note::Refused(name.to_string()));
            lab.error(e);
        }
    }
}

/// "784-50-100-10" and the hidden activation's name.
fn shape_and_activation(lab: &Lab, s: &Session) -> (String, String) {
    let sizes: Vec<String> = s
        .trainer
        .net()
        .sizes()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let act = s.trainer.net().config().activation_of(0).key();
    (
        sizes.join("-"),
        i18n::t(lab.lang(), &format!("act.{act}")).to_string(),
    )
}

pub(crate) fn render(lab: &Rc<Lab>) {
    let ui = &lab.weights_ui;
    let lang = lab.lang();
    set_text(
        &ui.limits,
        &i18n::format(
            lang,
            "mnist.weights.limits",
            &[(MAX_FILE_BYTES >> 20), MAX_HIDDEN, MAX_UNITS].map(|n| n.to_string()),
        ),
    );
    // The network every panel is showing (issue #12 item 9: an import was silently thrown away).
    if let Some(s) = lab.session.borrow().as_ref() {
        let (shape, act) = shape_and_activation(lab, s);
        let mut line = match &s.origin {
            Origin::Random => i18n::format(
                lang,
                "mnist.net.random",
                &[shape, act, s.trainer.net().config().seed.to_string()],
            ),
            Origin::Imported(file) => {
                i18n::format(lang, "mnist.net.imported", &[shape, act, file.clone()])
            }
        };
        let steps = s.prior_steps + s.iteration();
        if steps > 0 {
            line.push_str(&i18n::format(lang, "mnist.net.steps", &[steps.to_string()]));
        }
        set_text(&ui.network, &line);
    }
    let text = match ui.note.borrow().clone() {
        None => String::new(),
        Some(Note::Reading) => i18n::t(lang, "mnist.weights.reading").to_string(),
        Some(Note::Refused(name)) => i18n::format(lang, "mnist.weights.refused", &[name]),
        Some(Note::Imported {
            name,
            shape,
            act,
            acc,
            ms,
            described,
        }) => {
            let act = i18n::t(lang, &format!("act.{act}")).to_string();
            let how = if described {
                "mnist.weights.described"
            } else {
                "mnist.weights.guessed"
            };
            format!(
                "{} {}",
                i18n::format(
                    lang,
                    "mnist.weights.imported",
                    &[name, shape, act, sig(acc as f64, 4), format!("{ms:.0}")],
                ),
                i18n::t(lang, how)
            )
        }
    };
    set_text(&ui.result, &text);
}
