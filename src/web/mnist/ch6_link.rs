//! The chapter 6 panels' settings in the MNIST lab's link: any change writes them (with the rest of the lab's
//! settings) to the URL, and a link sets the panels' controls before they draw.

use std::rc::Rc;

use super::{ch6_init, ch6_optim, ch6_overfit, Lab};

/// Listen to every chapter 6 setting: a change goes into the settings and the link.
pub(crate) fn wire(lab: &Rc<Lab>) {
    let weak = Rc::downgrade(lab);
    let f: Rc<dyn Fn()> = Rc::new(move || {
        let Some(lab) = weak.upgrade() else { return };
        let mut c = lab.cfg.borrow().ch6.clone();
        ch6_init::link_read(&lab, &mut c);
        ch6_optim::link_read(&lab, &mut c);
        ch6_overfit::link_read(&lab, &mut c);
        if lab.cfg.borrow().ch6 != c {
            lab.cfg.borrow_mut().ch6 = c;
            lab.write_route();
        }
    });
    ch6_init::link_listen(lab, f.clone());
    ch6_optim::link_listen(lab, f.clone());
    ch6_overfit::link_listen(lab, f);
}

/// The panels' controls from the settings (a link opened, or the lab shown again).
pub(crate) fn sync(lab: &Lab) {
    let c = lab.cfg.borrow().ch6.clone();
    ch6_init::link_apply(lab, &c);
    ch6_optim::link_apply(lab, &c);
    ch6_overfit::link_apply(lab, &c);
}
