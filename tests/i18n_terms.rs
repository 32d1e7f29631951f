//! Korean terms and chart labels follow the language (#12 item 16): the book's 에폭 everywhere (not 에포크), the
//! book's 오차역전파법 for the backprop lab, no raw LaTeX in any visible string, and no English word passed as a
//! chart's axis label in the web layer (an axis label is a symbol such as x or f(x), or comes from the table).
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

use nnlab::i18n::{self, Lang};

#[test]
fn korean_uses_the_books_terms() {
    for &table in i18n::tables() {
        for &(key, ko, _) in table {
            assert!(
                !ko.contains("에포크"),
                "{key} says 에포크, the book says 에폭: {ko}"
            );
        }
    }
    assert!(i18n::t(Lang::Ko, "lab.backprop").contains("오차역전파법"));
    assert_eq!(i18n::t(Lang::Ko, "pg.axis.epoch"), "에폭");
}

#[test]
fn no_visible_string_holds_raw_latex() {
    for &table in i18n::tables() {
        for &(key, ko, en) in table {
            for s in [ko, en] {
                for bad in ["_{", "^{", "\\frac", "\\sum"] {
                    assert!(!s.contains(bad), "{key} shows raw LaTeX {bad:?}: {s}");
                }
            }
        }
    }
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn chart_axis_labels_in_the_web_layer_are_symbols_or_translated() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web"),
        &mut files,
    );
    let mut bad = Vec::new();
    for f in &files {
        let src = fs::read_to_string(f).unwrap();
        for (n, line) in src.lines().enumerate() {
            // `x_label: "epoch"` or a label tuple entry like `"accuracy",` after a colour: English words.
            for word in ["\"epoch\"", "\"accuracy\"", "\"loss\"", "\"iteration\""] {
                let t = line.trim();
                let is_label = t.starts_with("x_label:")
                    || t.starts_with("y_label:")
                    || t == format!("{word},");
                if is_label && t.contains(word) {
                    bad.push(format!("{}:{}: {t}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(bad.is_empty(), "English axis labels:\n{}", bad.join("\n"));
}
