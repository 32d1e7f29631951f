//! Panels of the activation lab below the function chart: the non-linearity demonstration and softmax, and
//! the vector input they share with the loss lab. Each panel keeps its own part of the lab's URL.

pub mod linear_panel;
pub mod softmax_panel;

use super::dom;
use super::lab::Ctx;
use crate::urlstate::Route;

/// Rewrite this lab's keys in the current URL, keeping the keys other panels of the same lab wrote.
pub fn update_route(ctx: &Ctx, lab: &str, f: impl FnOnce(&mut Route)) {
    let hash = dom::window().location().hash().unwrap_or_default();
    let mut route = Route::parse(&hash);
    if route.lab != lab {
        route = Route::new(lab);
    }
    f(&mut route);
    (ctx.set_route)(&route);
}
