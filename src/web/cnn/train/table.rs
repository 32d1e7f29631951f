//! The training view's numbers as text: the output-size formula OH = (H + 2P − FS)/S + 1 with this run's
//! numbers (MathML), the run's state, the accuracy table of the last epochs, and the imported file's accuracy
//! (or how far its measurement is).

use super::TrainPart;
use crate::i18n::{self, Lang};
use crate::labs::cnn::import::CnnKind;
use crate::labs::cnn::session::Progress;
use crate::labs::cnn::train_config::CnnTrainConfig;
use crate::labs::mnist::remote::RunState;
use crate::numfmt::sig;
use crate::web::cnn::model::model;
use crate::web::dom::{set_attr, set_text};

impl TrainPart {
    /// The output-size formula with this config's numbers, in MathML (and its value, or why it is refused).
    pub(super) fn render_formula(&self, c: &CnnTrainConfig) {
        let lang = self.lang();
        let num = 28 + 2 * c.pad;
        let (value, ok) = match num.checked_sub(c.filter_size) {
            Some(d) if d % c.stride == 0 => (format!("{}", d / c.stride + 1), true),
            Some(d) => (format!("{}/{} + 1", d, c.stride), false),
            None => ("–".to_string(), false),
        };
        let math = format!(
            "<math display=\"inline\"><mi>OH</mi><mo>=</mo><mfrac><mrow><mi>H</mi><mo>+</mo><mn>2</mn><mi>P</mi><mo>−</mo><mi>FS</mi></mrow><mi>S</mi></mfrac><mo>+</mo><mn>1</mn><mo>=</mo><mfrac><mrow><mn>28</mn><mo>+</mo><mn>2</mn><mo>·</mo><mn>{}</mn><mo>−</mo><mn>{}</mn></mrow><mn>{}</mn></mfrac><mo>+</mo><mn>1</mn><mo>=</mo><mn>{}</mn></math>",
            c.pad, c.filter_size, c.stride, value
        );
        let mark = if ok { "" } else { " ✗" };
        self.formula
            .set_inner_html(&format!("{}: {math}{mark}", i18n::t(lang, "cnn.formula")));
    }

    /// The run's state in words (and as `data-state`), and the accuracy table of the last five epochs.
    pub(super) fn render_state_and_table(
        &self,
        lang: Lang,
        prog: Option<&Progress>,
        running: bool,
        it: usize,
    ) {
        let m = model();
        let state = match (m.failure.borrow().as_ref(), prog.map(|p| p.state)) {
            (Some(e), _) => e.message(lang),
            (None, None) if m.deep() => i18n::t(lang, "cnn.state.deep").to_string(),
            (None, None) => i18n::t(lang, "cnn.state.loading").to_string(),
            (None, Some(RunState::Diverged)) => i18n::format(
                lang,
                "cnn.state.diverged",
                &[sig(prog.map_or(f64::NAN, |p| p.bad_loss as f64), 6)],
            ),
            (None, Some(RunState::Done)) => i18n::t(lang, "cnn.state.done").to_string(),
            (None, Some(_)) if running => i18n::t(lang, "cnn.state.running").to_string(),
            (None, Some(_)) if it == 0 => i18n::t(lang, "cnn.state.ready").to_string(),
            (None, Some(_)) => i18n::t(lang, "cnn.state.paused").to_string(),
        };
        let idle = if m.deep() { "deep" } else { "loading" };
        let code = prog.map_or(idle, |p| match p.state {
            RunState::Running => "running",
            RunState::Paused => "paused",
            RunState::Done => "done",
            RunState::Diverged => "diverged",
        });
        set_attr(&self.state, "data-state", code);
        set_text(&self.state, &state);
        self.render_imported(lang);
        if let Some(p) = prog {
            let mut html = format!(
                "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                i18n::t(lang, "cnn.col.epoch"),
                i18n::t(lang, "cnn.col.train_acc"),
                i18n::t(lang, "cnn.col.test_acc"),
            );
            for e in p.epochs.iter().rev().take(5) {
                html.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    e.epoch,
                    sig(e.train_acc as f64, 4),
                    e.test_acc.map_or("–".into(), |a| sig(a as f64, 4))
                ));
            }
            html.push_str("</tbody></table>");
            self.table.set_inner_html(&html);
            set_attr(
                &self.table,
                "data-test-acc",
                &p.epochs
                    .last()
                    .and_then(|e| e.test_acc)
                    .map_or(String::new(), |a| a.to_string()),
            );
        } else {
            self.table.set_inner_html("");
        }
    }

    /// Which file the weights came from, and their accuracy (or how far the job is in measuring it).
    pub(super) fn render_imported(&self, lang: Lang) {
        let imported = model().imported.borrow().clone();
        let acc = imported.as_ref().and_then(|i| i.accuracy());
        match acc {
            Some(a) => set_attr(&self.imported, "data-acc", &a.to_string()),
            None => {
                let _ = self.imported.remove_attribute("data-acc");
            }
        }
        set_attr(
            &self.imported,
            "data-done",
            &imported.as_ref().map_or(0, |i| i.done).to_string(),
        );
        set_attr(
            &self.imported,
            "data-net",
            match imported.as_ref().map(|i| i.kind) {
                Some(CnnKind::Deep) => "deep",
                Some(CnnKind::Simple) => "simple",
                None => "",
            },
        );
        set_text(
            &self.imported,
            &match (imported, acc) {
                (Some(i), Some(a)) => i18n::format(
                    lang,
                    "cnn.import.done",
                    &[i.name, sig(a as f64, 4), i.n.to_string()],
                ),
                (Some(i), None) => i18n::format(
                    lang,
                    "cnn.import.measuring",
                    &[i.name, i.done.to_string(), i.n.to_string()],
                ),
                (None, _) => String::new(),
            },
        );
    }
}
