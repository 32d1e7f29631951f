//! Which digits the CNN trains and is tested on: the bundled digits (split by the settings), or the official
//! IDX files picked in the MNIST lab (read once there, by its parser in its parse worker; the CNN takes the first
//! N training digits and every test digit of that same store). A line says which, with the sizes and the limits.

use std::rc::Rc;

use web_sys::{Element, HtmlElement, MouseEvent};

use super::model::{model, Change};
use crate::i18n::{self, Lang};
use crate::web::dom::{button, child, on, set_attr, set_text, text_el};
use crate::web::lab_parts::PartCtx;
use crate::web::stage;

pub(crate) struct SourcePanel {
    pctx: PartCtx,
    line: Element,
    use_files: HtmlElement,
    use_bundled: HtmlElement,
}

impl SourcePanel {
    pub fn mount(parent: &Element, pctx: &PartCtx) -> Rc<SourcePanel> {
        let box_ = child(parent, "div", "cnn-source");
        let line = child(&box_, "p", "cnn-source-line");
        set_attr(&line, "data-role", "cnn-source");
        set_attr(&line, "aria-live", "polite");
        let buttons = child(&box_, "div", "cnn-buttons");
        let use_files = button(&buttons, "", "cnn.source.use_files");
        set_attr(&use_files, "data-role", "use-files");
        let use_bundled = button(&buttons, "", "cnn.source.use_bundled");
        set_attr(&use_bundled, "data-role", "use-bundled");
        let limits = text_el(&box_, "p", "hint", "cnn.source.limits");
        set_attr(&limits, "data-role", "source-limits");
        stage::long_text(&limits);
        let p = Rc::new(SourcePanel {
            pctx: pctx.clone(),
            line,
            use_files,
            use_bundled,
        });
        let q = p.clone();
        on(&p.use_files, "click", move |_: MouseEvent| {
            let lang = q.pctx.lang();
            match model().use_files() {
                Ok(()) => q.pctx.ctx.messages.clear(),
                Err(e) => q.pctx.ctx.messages.show(e, lang),
            }
            q.render(lang);
        });
        let q = p.clone();
        on(&p.use_bundled, "click", move |_: MouseEvent| {
            model().use_bundled();
            q.render(q.pctx.lang());
        });
        let w = Rc::downgrade(&p);
        model().listen(move |c| {
            if let (Some(p), Change::Weights) = (w.upgrade(), c) {
                p.render(p.pctx.lang());
            }
        });
        p
    }

    /// "Bundled digits: 8000 train / 2000 test" or the files' names with the digits taken from each.
    pub fn render(&self, lang: Lang) {
        let m = model();
        let files = m.files.borrow();
        let sizes = m
            .data
            .borrow()
            .as_ref()
            .map(|d| (d.train.len(), d.test.len()));
        let (n_train, n_test) = sizes.unwrap_or((0, 0));
        let name = |k: &str| {
            if k.starts_with("mnist.") {
                i18n::t(lang, k).to_string()
            } else {
                k.to_string()
            }
        };
        let text = match files.as_ref() {
            Some((train, _, src)) => i18n::format(
                lang,
                "cnn.source.files",
                &[
                    name(&src.train),
                    n_train.to_string(),
                    train.len().to_string(),
                    name(&src.test),
                    n_test.to_string(),
                ],
            ),
            None => i18n::format(
                lang,
                "cnn.source.bundled",
                &[n_train.to_string(), n_test.to_string()],
            ),
        };
        set_attr(
            &self.line,
            "data-source",
            if files.is_some() { "files" } else { "bundled" },
        );
        set_attr(&self.line, "data-test", &n_test.to_string());
        set_text(&self.line, &text);
        let _ = self
            .use_bundled
            .toggle_attribute_with_force("hidden", files.is_none());
    }
}
