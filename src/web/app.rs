//! The page shell: header with the language switch, the lab navigation, hash routing (`#lab?settings`),
//! the message area, and one section per lab (a live view or a "coming" card).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, MouseEvent};

use super::activation_lab::ActivationView;
use super::backprop::BackpropView;
use super::coming::ComingView;
use super::dom::{self, apply_lang, button, child, on, set_attr, text_el};
use super::gradient::GradientView;
use super::lab::{Ctx, LabView};
use super::loss::LossView;
use super::messages::Messages;
use super::mnist::MnistView;
use super::optimizers::OptimizersView;
use super::perceptron_lab::PerceptronView;
use super::playground::PlaygroundView;
use crate::i18n::{self, Lang};
use crate::labs::catalog::{self, LABS};
use crate::urlstate::Route;

struct Inner {
    root: Element,
    ctx: Ctx,
    views: Vec<(&'static str, Box<dyn LabView>)>,
    nav_links: Vec<(&'static str, Element)>,
    current: RefCell<Option<&'static str>>,
}

/// The mounted app. Cloning shares it.
#[derive(Clone)]
pub struct App {
    inner: Rc<Inner>,
}

impl App {
    /// Build the whole page inside `root` and show the lab named by the URL hash.
    pub fn mount(root: &Element) -> Result<App, JsValue> {
        root.set_inner_html("");
        root.set_class_name("nnlab");
        let lang = dom::initial_lang();

        let skip = dom::button(root, "skip-link", "app.skip");
        let header = child(root, "header", "top");
        let brand = child(&header, "div", "brand");
        text_el(&brand, "h1", "", "app.title");
        text_el(&brand, "p", "tagline", "app.tagline");
        let lang_btn = button(&header, "lang-switch", "lang.switch");
        set_attr(&lang_btn, "data-i18n-aria", "lang.switch.aria");

        let layout = child(root, "div", "layout");
        let nav = child(&layout, "nav", "labs-nav");
        set_attr(&nav, "data-i18n-aria", "nav.label");
        text_el(&nav, "h2", "nav-title", "nav.menu");
        let list = child(&nav, "ol", "");
        let main = child(&layout, "main", "labs");
        set_attr(&main, "id", "main");
        set_attr(&main, "tabindex", "-1");
        let messages = Messages::new(&main);
        text_el(root, "footer", "foot", "footer.text");

        let ctx = Ctx {
            lang: Rc::new(Cell::new(lang)),
            messages,
            set_route: Rc::new(|route: &Route| {
                if let Ok(h) = dom::window().history() {
                    let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&route.to_hash()));
                }
            }),
        };

        let mut views: Vec<(&'static str, Box<dyn LabView>)> = Vec::new();
        let mut nav_links = Vec::new();
        for info in LABS {
            let li = child(&list, "li", "");
            let a = child(
                &li,
                "a",
                if info.live {
                    "lab-link"
                } else {
                    "lab-link is-coming"
                },
            );
            set_attr(&a, "href", &format!("#{}", info.id));
            let ch = child(&a, "span", "chapter");
            set_attr(&ch, "data-i18n", "chapter");
            set_attr(&ch, "data-i18n-arg", info.chapter);
            text_el(&a, "span", "name", &info.title_key());
            if !info.live {
                text_el(&a, "span", "badge", "coming.badge");
            }
            nav_links.push((info.id, a));

            let section = child(&main, "section", "lab");
            set_attr(&section, "id", &format!("lab-{}", info.id));
            section.set_attribute("hidden", "").ok();
            let head = child(&section, "header", "lab-head");
            let ch = child(&head, "span", "chapter");
            set_attr(&ch, "data-i18n", "chapter");
            set_attr(&ch, "data-i18n-arg", info.chapter);
            text_el(&head, "h2", "", &info.title_key());
            if info.live {
                text_el(&head, "p", "summary", &info.summary_key());
            }
            let view: Box<dyn LabView> = match info.id {
                "activation" => Box::new(ActivationView::mount(section, &ctx)),
                "perceptron" => Box::new(PerceptronView::mount(section, &ctx)),
                "loss" => Box::new(LossView::mount(section, &ctx)),
                "optimizers" => Box::new(OptimizersView::mount(section, &ctx)),
                "mnist" => Box::new(MnistView::mount(section, &ctx)),
                "gradient" => Box::new(GradientView::mount(section, &ctx)),
                "backprop" => Box::new(BackpropView::mount(section, &ctx)),
                "playground" => Box::new(PlaygroundView::mount(section, &ctx)),
                _ => Box::new(ComingView::mount(section, info)),
            };
            views.push((info.id, view));
        }

        let app = App {
            inner: Rc::new(Inner {
                root: root.clone(),
                ctx,
                views,
                nav_links,
                current: RefCell::new(None),
            }),
        };
        app.set_lang(lang);

        let a = app.clone();
        on(
            lang_btn.unchecked_ref::<HtmlElement>(),
            "click",
            move |_: MouseEvent| a.set_lang(a.lang().other()),
        );
        let main2 = main.clone();
        on(
            skip.unchecked_ref::<HtmlElement>(),
            "click",
            move |_: MouseEvent| {
                let _ = main2.unchecked_ref::<HtmlElement>().focus();
            },
        );
        let a = app.clone();
        on(&dom::window(), "hashchange", move |_: Event| {
            a.route_from_location()
        });
        app.route_from_location();
        Ok(app)
    }

    pub fn lang(&self) -> Lang {
        self.inner.ctx.lang()
    }

    /// Switch the language everywhere, remember it, and set `<html lang>`.
    pub fn set_lang(&self, lang: Lang) {
        let inner = &self.inner;
        inner.ctx.lang.set(lang);
        dom::store_lang(lang);
        if let Some(html) = dom::document().document_element() {
            set_attr(&html, "lang", lang.tag());
        }
        dom::document().set_title(i18n::t(lang, "app.title"));
        apply_lang(&inner.root, lang);
        inner.ctx.messages.relabel(lang);
        for (_, v) in &inner.views {
            v.relabel(lang);
        }
    }

    /// Show the lab named by `location.hash` (empty: the first lab; unknown: the first lab, with a message).
    pub fn route_from_location(&self) {
        let hash = dom::window().location().hash().unwrap_or_default();
        self.show_route(&super::links::checked_route(&hash, &self.inner.ctx));
    }

    /// Show a lab with settings.
    pub fn show_route(&self, route: &Route) {
        let inner = &self.inner;
        let info = catalog::find(&route.lab);
        let previous = inner.current.replace(Some(info.id));
        for (id, v) in &inner.views {
            if *id == info.id {
                let _ = v.section().remove_attribute("hidden");
                v.show(route);
            } else {
                if previous == Some(*id) {
                    v.hide();
                }
                v.section().set_attribute("hidden", "").ok();
            }
        }
        for (id, a) in &inner.nav_links {
            if *id == info.id {
                set_attr(a, "aria-current", "page");
            } else {
                let _ = a.remove_attribute("aria-current");
            }
        }
    }

    /// Show a lab by id with its default settings.
    pub fn show(&self, id: &str) {
        self.show_route(&Route::new(id));
    }

    /// The id of the lab on screen.
    pub fn current(&self) -> Option<&'static str> {
        *self.inner.current.borrow()
    }

    pub fn messages(&self) -> &Messages {
        &self.inner.ctx.messages
    }
}
