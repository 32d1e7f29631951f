//! The lab a link opens: `urlstate::resolve_lab` against the catalogue, and when the link named no such lab (or
//! named one in the wrong case) the message beside the lab and a corrected address bar (replaceState: no reload,
//! no extra history entry).

use super::lab::Ctx;
use crate::labs::catalog::LABS;
use crate::urlstate::{resolve_lab, Route};

/// The route to show for `location.hash`, with the address bar and the message already taken care of.
pub fn checked_route(hash: &str, ctx: &Ctx) -> Route {
    let ids: Vec<&str> = LABS.iter().map(|l| l.id).collect();
    let (route, note) = resolve_lab(&Route::parse(hash), &ids);
    if let Some(note) = note {
        (ctx.set_route)(&route);
        ctx.messages.show(note, ctx.lang());
    }
    route
}
