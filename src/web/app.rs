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
use super::lazy::{LazyView, Mount};
use super::lesson::LessonBar;
use super::loss::LossView;
use super::messages::Messages;
#[cfg(feature = "full")]
use super::mnist::MnistView;
use super::optimizers::OptimizersView;
use super::perceptron_lab::PerceptronView;
use super::playground::PlaygroundView;
use super::present;
use super::share::{self, LinkMemory};
use crate::i18n::{self, Lang};
use crate::labs::catalog::{self, LABS};
use crate::urlstate::Route;

struct Inner {
    root: Element,
    ctx: Ctx,
    views: Vec<(&'static str, Box<dyn LabView>)>,
    nav_links: Vec<(&'static str, Element)>,
    current: RefCell<Option<&'static str>>,
    links: LinkMemory,
    lesson: LessonBar,
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
        let lesson = LessonBar::new(&main, &messages);
        text_el(root, "footer", "foot", "footer.text");

        let lang_cell = Rc::new(Cell::new(lang));
        let links = LinkMemory::new(lang_cell.clone());
        let writer = links.clone();
        let ctx = Ctx {
            lang: lang_cell,
            messages,
            set_route: Rc::new(move |route: &Route| {
                let mut route = route.clone();
                present::decorate(&mut route);
                writer.write(&route)
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
            present::head_button(&head);
            if info.live {
                text_el(&head, "p", "summary", &info.summary_key());
                let share_row = share::copy_link_button(&head);
                lesson.add_controls(&share_row);
            }
            // Built on first open (src/web/lazy.rs): the first view stays light. The heavy labs come from the
            // second module when this one is built without them (src/web/remote.rs).
            let id = info.id;
            let mount: Mount = match local_mount(id) {
                Some(m) => m,
                None if REMOTE.contains(&id) => {
                    Box::new(move |s, c| Box::new(super::remote::RemoteView::mount(s, c, id)))
                }
                None => Box::new(move |s, _| Box::new(ComingView::mount(s, info))),
            };
            views.push((info.id, Box::new(LazyView::new(section, &ctx, mount))));
        }

        present::install(root, &header, ctx.lang.clone());
        let app = App {
            inner: Rc::new(Inner {
                root: root.clone(),
                ctx,
                views,
                nav_links,
                current: RefCell::new(None),
                links,
                lesson,
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
        // Not while mounting: the link's own `lang` is read after this.
        if inner.current.borrow().is_some() {
            inner.links.lang_changed();
            inner.lesson.update(&here(), lang);
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
        // Present mode is a shell key: it follows the link as it came, not the lab's settings picked from it.
        let presenting = route.clone();
        let arrival = self.arrive(route, info.id);
        let (route, resume) = (&arrival.settings, arrival.resume);
        let previous = inner.current.replace(Some(info.id));
        for (id, v) in &inner.views {
            if *id == info.id {
                let _ = v.section().remove_attribute("hidden");
                if resume && previous != Some(*id) {
                    // Back to a lab with the settings it was left with: keep its state, only redraw.
                    v.relabel(self.lang());
                } else {
                    v.show(route);
                }
            } else {
                if previous == Some(*id) {
                    v.hide();
                }
                v.section().set_attribute("hidden", "").ok();
            }
        }
        present::follow_route(&presenting);
        for (id, a) in &inner.nav_links {
            if *id == info.id {
                set_attr(a, "aria-current", "page");
            } else {
                let _ = a.remove_attribute("aria-current");
            }
        }
        inner.links.report(&arrival, &inner.ctx.messages);
        inner.lesson.update(&here(), self.lang());
    }

    /// A route arrives: apply its language (`lang=ko|en`), then let the link memory pick the lab's settings
    /// (its last ones when the link has none), report values that fell back, and correct the address bar.
    fn arrive(&self, route: &Route, id: &str) -> share::Arrival {
        if let Ok(Some(lang)) = crate::labs::links::lang_of(route) {
            if lang != self.lang() {
                self.set_lang(lang);
            }
        }
        self.inner.links.arrive(route, id)
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

/// The labs that live in the full module only (src/web/remote.rs).
const REMOTE: [&str; 3] = ["mnist", "batchnorm", "cnn"];

/// How this module builds lab `id`, if it has it.
pub(crate) fn local_mount(id: &str) -> Option<Mount> {
    Some(match id {
        "activation" => Box::new(|s, c| Box::new(ActivationView::mount(s, c))),
        "perceptron" => Box::new(|s, c| Box::new(PerceptronView::mount(s, c))),
        "loss" => Box::new(|s, c| Box::new(LossView::mount(s, c))),
        "optimizers" => Box::new(|s, c| Box::new(OptimizersView::mount(s, c))),
        "gradient" => Box::new(|s, c| Box::new(GradientView::mount(s, c))),
        "backprop" => Box::new(|s, c| Box::new(BackpropView::mount(s, c))),
        "playground" => Box::new(|s, c| Box::new(PlaygroundView::mount(s, c))),
        #[cfg(feature = "full")]
        "mnist" => Box::new(|s, c| Box::new(MnistView::mount(s, c))),
        #[cfg(feature = "full")]
        "batchnorm" => Box::new(|s, c| Box::new(super::batchnorm::mount(s, c))),
        #[cfg(feature = "full")]
        "cnn" => Box::new(|s, c| Box::new(super::cnn::mount(s, c))),
        _ => return None,
    })
}

/// The route in the address bar.
fn here() -> Route {
    Route::parse(&dom::window().location().hash().unwrap_or_default())
}
