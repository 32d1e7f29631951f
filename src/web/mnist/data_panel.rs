//! The data panel: where the digits come from (bundled split or official IDX files by picker or drag and drop),
//! the book's load_mnist options shown on the selected digit, and a gallery of test digits with their labels
//! (each a button: it selects the digit and sends it to the classifier, the keyboard path of "draw a digit").

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{
    DragEvent, Element, Event, FileList, HtmlCanvasElement, HtmlElement, HtmlInputElement,
    HtmlSelectElement, MouseEvent,
};

use super::{files, panel, select, Lab, Sources};
use crate::data::idx;
use crate::i18n;
use crate::labs::mnist::files::pair;
use crate::labs::mnist::options::load_view;
use crate::labs::mnist::session::Data;
use crate::plot::heatmap::{rgba, Colormap, Values};
use crate::web::dom::{self, button, child, on, set_attr, set_text, text_el};

/// Digits in the gallery at a time.
pub const GALLERY: usize = 24;

pub(crate) struct DataPanel {
    status: Element,
    limits: Element,
    file_input: HtmlInputElement,
    drop: Element,
    load_as: HtmlSelectElement,
    opts: [HtmlInputElement; 3],
    options_out: Element,
    gallery: Element,
    more: HtmlElement,
    bundled: HtmlElement,
    pub offset: Cell<usize>,
    /// The selected test digit (index into the test set).
    pub selected: Cell<usize>,
}

impl DataPanel {
    pub fn new(parent: &Element) -> DataPanel {
        let p = panel(parent, "mnist.data.title");
        let status = child(&p, "p", "mnist-status");
        set_attr(&status, "aria-live", "polite");
        let row = child(&p, "div", "mnist-files");
        let drop = child(&row, "div", "mnist-drop");
        text_el(&drop, "p", "", "mnist.data.drop");
        let pick = child(&drop, "label", "button-like");
        text_el(&pick, "span", "", "mnist.data.pick");
        let file_input = dom::input(&pick, "file", "visually-hidden");
        set_attr(&file_input, "multiple", "");
        set_attr(&file_input, "data-role", "idx-files");
        let load_as = select(
            &row,
            "mnist.data.load_as",
            &[
                ("auto", "mnist.data.as_auto"),
                ("train", "mnist.data.as_train"),
                ("test", "mnist.data.as_test"),
            ],
        );
        let bundled = button(&row, "", "mnist.data.use_bundled");
        set_attr(&bundled, "data-role", "use-bundled");
        text_el(&p, "p", "hint", "mnist.data.files_hint");
        let limits = child(&p, "p", "hint");
        set_attr(&limits, "data-role", "idx-limits");

        let opts_box = child(&p, "fieldset", "mnist-options");
        text_el(&opts_box, "legend", "", "mnist.options.title");
        let mut opts = Vec::new();
        for (key, on_) in [
            ("normalize", true),
            ("flatten", true),
            ("one_hot_label", false),
        ] {
            let l = child(&opts_box, "label", "check");
            let cb = dom::input(&l, "checkbox", "");
            cb.set_checked(on_);
            set_attr(&cb, "data-opt", key);
            let code = child(&l, "code", "");
            set_text(&code, key);
            opts.push(cb);
        }
        let options_out = child(&opts_box, "pre", "mnist-options-out");
        set_attr(&options_out, "aria-live", "polite");

        text_el(&p, "h4", "", "mnist.gallery.title");
        text_el(&p, "p", "hint", "mnist.gallery.hint");
        let gallery = child(&p, "div", "mnist-gallery");
        let more = button(&p, "", "mnist.gallery.more");
        let opts: [HtmlInputElement; 3] = [opts[0].clone(), opts[1].clone(), opts[2].clone()];
        DataPanel {
            status,
            limits,
            file_input,
            drop,
            load_as,
            opts,
            options_out,
            gallery,
            more,
            bundled,
            offset: Cell::new(0),
            selected: Cell::new(0),
        }
    }

    pub fn set_status_key(&self, key: &str, lang: crate::i18n::Lang) {
        set_attr(&self.status, "data-i18n", key);
        set_text(&self.status, i18n::t(lang, key));
    }
}

pub(crate) fn wire(lab: &Rc<Lab>) {
    let ui = &lab.data_ui;
    let l = lab.clone();
    on(&ui.file_input, "change", move |_: Event| {
        if let Some(list) = l.data_ui.file_input.files() {
            load_files(&l, list);
        }
        l.data_ui.file_input.set_value("");
    });
    for ev in ["dragover", "dragenter"] {
        let d = ui.drop.clone();
        on(&ui.drop, ev, move |e: DragEvent| {
            e.prevent_default();
            let _ = d.class_list().add_1("is-over");
        });
    }
    let d = ui.drop.clone();
    on(&ui.drop, "dragleave", move |_: DragEvent| {
        let _ = d.class_list().remove_1("is-over");
    });
    let l = lab.clone();
    on(&ui.drop, "drop", move |e: DragEvent| {
        e.prevent_default();
        let _ = l.data_ui.drop.class_list().remove_1("is-over");
        if let Some(list) = e.data_transfer().and_then(|dt| dt.files()) {
            load_files(&l, list);
        }
    });
    let l = lab.clone();
    on(&ui.bundled, "click", move |_: MouseEvent| l.use_bundled());
    for cb in &ui.opts {
        let l = lab.clone();
        on(cb, "change", move |_: Event| render(&l));
    }
    let l = lab.clone();
    on(&ui.more, "click", move |_: MouseEvent| {
        let n = l.data.borrow().as_ref().map_or(0, |d| d.test.len());
        let next = l.data_ui.offset.get() + GALLERY;
        l.data_ui.offset.set(if next >= n { 0 } else { next });
        render(&l);
    });
}

/// Read, parse and pair the files; on success replace the train and/or test set, else keep the current data.
fn load_files(lab: &Rc<Lab>, list: FileList) {
    let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    if picked.is_empty() {
        return;
    }
    let default_test = match lab.data_ui.load_as.value().as_str() {
        "test" => Some(true),
        "train" => Some(false),
        _ => None,
    };
    let lab = lab.clone();
    // Pause now: a run in the training worker sends its last weights while the files are read, and the
    // network kept on the new data is the one trained up to here.
    lab.pause();
    lab.data_ui.set_status_key("mnist.data.reading", lab.lang());
    files::spawn(async move {
        // One short-lived worker parses this batch (or the page does, within the same bounds).
        let pw = super::parse::ParseWorker::start().await;
        // Where the files are parsed, for the end-to-end test.
        let place = if pw.is_some() { "worker" } else { "page" };
        set_attr(&lab.data_ui.status, "data-parse", place);
        if pw.is_some() {
            lab.data_ui
                .set_status_key("mnist.data.reading_worker", lab.lang());
        }
        let mut parsed = Vec::new();
        for f in &picked {
            match super::parse::idx_file(f, pw.as_ref()).await {
                Ok(p) => parsed.push((f.name(), p)),
                Err(e) => {
                    lab.error(crate::Error::new(
                        "mnist.err.in_file",
                        [f.name(), e.as_arg()],
                    ));
                    return render(&lab);
                }
            }
        }
        drop(pw);
        // Names decide first; an unnamed pair goes where "load as" says (test when it says auto).
        match pair(parsed, default_test.unwrap_or(true)) {
            Ok((train, test)) => {
                let (old_train, old_test) = match lab.data.borrow_mut().take() {
                    Some(d) => (Some(d.train), Some(d.test)),
                    None => (None, None),
                };
                let mut src = lab.sources.borrow().clone();
                let train = match train {
                    Some((m, name)) => {
                        src.train = name;
                        Some(m)
                    }
                    None => old_train,
                };
                let test = match test {
                    Some((m, name)) => {
                        src.test = name;
                        Some(m)
                    }
                    None => old_test,
                };
                if let (Some(train), Some(test)) = (train, test) {
                    lab.set_data(Data::new(train, test));
                    *lab.sources.borrow_mut() = src;
                    lab.ctx.messages.clear();
                    lab.data_ui.offset.set(0);
                    lab.data_ui.selected.set(0);
                    lab.new_data();
                }
            }
            Err(e) => {
                lab.error(e);
                render(&lab);
            }
        }
    });
}

/// Draw a 28 × 28 digit (values in [0, 1]) into a small canvas of 28 × 28 pixels (CSS scales it, pixelated).
pub(crate) fn put_digit(canvas: &HtmlCanvasElement, values: &[f32]) {
    canvas.set_width(28);
    canvas.set_height(28);
    let buf = rgba(
        Values {
            data: values,
            w: 28,
            h: 28,
        },
        (0.0, 1.0),
        Colormap::Ink,
        28,
        28,
    );
    let c = crate::web::HiDpiCanvas { el: canvas.clone() };
    c.put_rgba(&buf, 28, 28, 0.0, 0.0);
}

pub(crate) fn digit_values(bytes: &[u8]) -> Vec<f32> {
    bytes.iter().map(|&b| b as f32 / 255.0).collect()
}

pub(crate) fn render(lab: &Rc<Lab>) {
    let ui = &lab.data_ui;
    let lang = lab.lang();
    set_text(
        &ui.limits,
        &i18n::format(
            lang,
            "mnist.data.limits",
            &[
                (idx::MAX_FILE_BYTES >> 20).to_string(),
                idx::MAX_COUNT.to_string(),
            ],
        ),
    );
    let data = lab.data.borrow();
    let Some(d) = data.as_ref() else {
        return;
    };
    let Sources { train, test } = lab.sources.borrow().clone();
    let _ = ui.status.remove_attribute("data-i18n");
    let status = i18n::format(
        lang,
        "mnist.data.status",
        &[
            lab.source_name(&train),
            d.train.len().to_string(),
            lab.source_name(&test),
            d.test.len().to_string(),
            lab.cfg.borrow().seed.to_string(),
        ],
    );
    set_text(&ui.status, &status);

    let sel = ui.selected.get().min(d.test.len().saturating_sub(1));
    let v = load_view(
        d.test.image(sel),
        d.test.labels[sel],
        ui.opts[0].checked(),
        ui.opts[1].checked(),
        ui.opts[2].checked(),
    );
    let head = i18n::format(lang, "mnist.options.sample", &[sel.to_string()]);
    set_text(
        &ui.options_out,
        &format!(
            "{head}\nx.shape = {}\n{}: {}\n{}\n{}",
            v.x_shape,
            i18n::t(lang, "mnist.options.range"),
            v.x_range,
            v.x_row,
            v.t
        ),
    );

    ui.gallery.set_inner_html("");
    let start = ui.offset.get().min(d.test.len());
    for i in start..(start + GALLERY).min(d.test.len()) {
        let b = child(&ui.gallery, "button", "mnist-digit");
        set_attr(&b, "type", "button");
        set_attr(&b, "data-index", &i.to_string());
        let label = d.test.labels[i];
        set_attr(
            &b,
            "aria-label",
            &i18n::format(
                lang,
                "mnist.gallery.aria",
                &[i.to_string(), label.to_string()],
            ),
        );
        if i == sel {
            set_attr(&b, "aria-pressed", "true");
        }
        let c: HtmlCanvasElement = child(&b, "canvas", "").unchecked_into();
        put_digit(&c, &digit_values(d.test.image(i)));
        let cap = child(&b, "span", "mnist-digit-label");
        set_text(&cap, &label.to_string());
        let l = lab.clone();
        on(&b, "click", move |_: MouseEvent| {
            l.data_ui.selected.set(i);
            let img = l
                .data
                .borrow()
                .as_ref()
                .map(|d| digit_values(d.test.image(i)));
            if let Some(img) = img {
                super::draw_panel::set_input(&l, img, true);
            }
            render(&l);
        });
    }
}
