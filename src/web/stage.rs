//! The stage: one layout for every lab section. A section's figure and the numbers that explain it (readout,
//! table, verdict) are moved into one `.stage-view` that stays in sight (sticky) while the controls and the
//! explanations scroll beside or below it; present mode shows one stage at a time (src/web/present.rs).
//!
//! The DOM contract (the e2e layout check and present mode find stages generically by it):
//! `[data-stage]` on the section, `[data-stage-figure]` on its figure, `[data-stage-numbers]` on its numbers,
//! and `[data-key-action="step" | "back" | "play" | "reset"]` on the buttons the clicker keys press.

use web_sys::Element;

use super::dom::{el, set_attr};

/// Make `panel` a stage: `figure` (the element holding the main canvas) and `numbers` (shown in this order)
/// move into one view, which takes the figure's place in the DOM. Returns the view.
pub fn mount(panel: &Element, figure: &Element, numbers: &[&Element]) -> Element {
    panel.class_list().add_1("stage").ok();
    set_attr(panel, "data-stage", "");
    // The view is a size container; the inner box puts the numbers beside the figure when the view is wide
    // enough, and under it otherwise (www/style.css, "classroom").
    let view = el("div", "stage-view");
    let inner = el("div", "stage-inner");
    let _ = view.append_child(&inner);
    if let Some(parent) = figure.parent_node() {
        let _ = parent.insert_before(&view, Some(figure));
    }
    let _ = inner.append_child(figure);
    set_attr(figure, "data-stage-figure", "");
    if !numbers.is_empty() {
        let box_ = el("div", "stage-numbers");
        set_attr(&box_, "data-stage-numbers", "");
        // The box scrolls when its numbers are taller than the screen: keyboard users must reach it (WCAG 2.1.1).
        set_attr(&box_, "tabindex", "0");
        set_attr(&box_, "role", "group");
        set_attr(&box_, "data-i18n-aria", "stage.numbers");
        for n in numbers {
            let _ = box_.append_child(n);
        }
        let _ = inner.append_child(&box_);
    }
    view
}

/// Mark a button as the one a clicker key presses in its stage (`action`: step, back, play or reset).
pub fn key_action(button: &Element, action: &str) {
    set_attr(button, "data-key-action", action);
}

/// Mark an element as a long explanation: present mode hides it.
pub fn long_text(e: &Element) {
    e.class_list().add_1("stage-long").ok();
}
