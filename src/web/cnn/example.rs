//! The convolution example shared by the sliding-window view and the im2col view: when one changes the
//! settings or the position, the other follows (both read the same keys of the link).

use std::cell::RefCell;
use std::rc::Rc;

use crate::labs::cnn::arith::ConvArithConfig;

type Follower = Rc<dyn Fn(&ConvArithConfig)>;

thread_local! {
    static FOLLOWERS: RefCell<Vec<(&'static str, Follower)>> = const { RefCell::new(Vec::new()) };
}

/// `view` wants to hear of changes made by the other views.
pub(crate) fn follow(view: &'static str, f: impl Fn(&ConvArithConfig) + 'static) {
    FOLLOWERS.with(|v| v.borrow_mut().push((view, Rc::new(f))));
}

/// `view` changed the example: tell the others.
pub(crate) fn changed(view: &'static str, cfg: &ConvArithConfig) {
    let others: Vec<Follower> = FOLLOWERS.with(|v| {
        v.borrow()
            .iter()
            .filter(|(id, _)| *id != view)
            .map(|(_, f)| f.clone())
            .collect()
    });
    for f in others {
        f(cfg);
    }
}
