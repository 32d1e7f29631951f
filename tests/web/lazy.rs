//! Lazy mounting (issue #14): the shell lists every lab but builds a lab's DOM only when it is first opened,
//! translated into the language chosen meanwhile, and keeps it (and its state) after that.

use nnlab::i18n::{t, Lang};
use nnlab::labs::catalog::LABS;
use nnlab::web::App;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use crate::util::{fresh_root, q, text};

/// Elements in a lab's section besides its header.
fn built(root: &web_sys::Element, id: &str) -> u32 {
    root.query_selector_all(&format!("#lab-{id} *:not(.lab-head):not(.lab-head *)"))
        .unwrap()
        .length()
}

#[wasm_bindgen_test::wasm_bindgen_test]
fn labs_are_built_when_first_opened_and_kept() {
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.show("perceptron");
    // Every lab has its section and header; only the opened one has its body.
    for info in LABS {
        assert!(root
            .query_selector(&format!("#lab-{} h2", info.id))
            .unwrap()
            .is_some());
        if info.id != "perceptron" {
            assert_eq!(
                built(&root, info.id),
                0,
                "{} built before it was opened",
                info.id
            );
        }
    }
    assert!(built(&root, "perceptron") > 10);

    // A language change before the first open: the lab comes up in that language.
    app.set_lang(Lang::En);
    app.show("activation");
    assert!(built(&root, "activation") > 10);
    assert_eq!(
        text(&root, "#lab-activation legend"),
        t(Lang::En, "act.functions")
    );

    // Leaving and coming back keeps the same DOM (and what the user typed into it).
    let field: HtmlInputElement = q(&root, "#lab-activation .field input").unchecked_into();
    field.set_value("0.25");
    app.show("loss");
    app.show("activation");
    let again: HtmlInputElement = q(&root, "#lab-activation .field input").unchecked_into();
    assert_eq!(again.value(), "0.25");
    assert!(field.is_connected());
}
