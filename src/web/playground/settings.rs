//! What a change of the playground's settings does: read every control into the settings (a bad field keeps
//! its last good value), write the link, and restart from the seed's initial weights, except when only the stop
//! rules, step unit or speed changed (those apply to the running session).

use super::controls::value;
use super::Parts;
use crate::data::toy2d::Kind;
use crate::labs::playground::settings::{ACTIVATIONS, SPEEDS};
use crate::labs::playground::Session;
use crate::net::Output;
use crate::optim::OptimizerKind;
use crate::urlstate::Route;

impl Parts {
    /// Read every control into the settings; a bad field keeps its last good value (and is marked).
    fn read_controls(&self) {
        let lang = self.ctx.lang();
        let c = &self.c;
        let mut st = self.state.borrow_mut();
        let cfg = &mut st.cfg;
        if let Some(k) = Kind::from_key(&value(&c.kind)) {
            cfg.data.kind = k;
        }
        let read = |f: &super::NumberField| f.read(lang);
        if let Some(v) = read(&c.n) {
            cfg.data.n = v.round() as usize;
        }
        if let Some(v) = read(&c.noise) {
            cfg.data.noise = v as f32;
        }
        if let Some(v) = read(&c.test_ratio) {
            cfg.data.test_ratio = v as f32;
        }
        if let Some(v) = read(&c.data_seed) {
            cfg.data.seed = v.round() as u64;
        }
        if let Some(v) = read(&c.layers) {
            cfg.layers = v.round() as usize;
        }
        for (l, r) in c.rows.iter().enumerate() {
            if let Some(v) = read(&r.neurons) {
                cfg.sizes[l] = v.round() as usize;
            }
            if let Some(a) = ACTIVATIONS.iter().find(|a| **a == value(&r.act)) {
                cfg.acts[l] = a;
            }
        }
        if let Ok(o) = Output::from_key(&value(&c.output)) {
            cfg.output = o;
        }
        if let Some(i) = crate::labs::playground::settings::INITS
            .iter()
            .find(|i| **i == value(&c.init))
        {
            cfg.init = i;
        }
        let num = |f: &super::NumberField, to: &mut f32| {
            if let Some(v) = read(f) {
                *to = v as f32;
            }
        };
        num(&c.init_std, &mut cfg.init_std);
        num(&c.dropout, &mut cfg.dropout);
        num(&c.l2, &mut cfg.weight_decay);
        cfg.batchnorm = c.batchnorm.checked();
        if let Ok(k) = OptimizerKind::from_key(&value(&c.optimizer)) {
            cfg.optimizer = k;
        }
        num(&c.lr, &mut cfg.lr);
        num(&c.momentum, &mut cfg.momentum);
        num(&c.decay_rate, &mut cfg.decay_rate);
        num(&c.beta1, &mut cfg.beta1);
        num(&c.beta2, &mut cfg.beta2);
        if let Some(v) = read(&c.batch) {
            cfg.batch = v.round() as usize;
        }
        if let Some(v) = read(&c.seed) {
            cfg.seed = v.round() as u64;
        }
        if let Some(v) = read(&c.max_epochs) {
            cfg.stop.max_epochs = v.round() as usize;
        }
        num(&c.target_loss, &mut cfg.stop.target_loss);
        num(&c.target_acc, &mut cfg.stop.target_acc);
        cfg.step_epoch = value(&c.step_unit) == "epoch";
        if let Some(v) = value(&c.speed).parse().ok().filter(|v| SPEEDS.contains(v)) {
            cfg.speed = v;
        }
    }

    /// Points were added, removed or imported: the link carries them (up to `LINK_POINTS`; past that it
    /// says they were left out).
    pub(super) fn points_to_link(&self, data: &crate::data::toy2d::Dataset) {
        use crate::labs::playground::points_link::LINK_POINTS;
        let fits = data.points.len() <= LINK_POINTS;
        let cfg = {
            let mut st = self.state.borrow_mut();
            st.cfg.points = fits.then(|| data.clone());
            st.cfg.clone()
        };
        let mut route = Route::new("playground");
        cfg.write(&mut route);
        (self.ctx.set_route)(&route);
        if !fits {
            self.ctx.messages.show(
                crate::error::Error::new("pg.link.left_out", [data.points.len(), LINK_POINTS]),
                self.ctx.lang(),
            );
        }
    }

    /// A control changed: keep the URL in step; restart unless only the stop rules or step unit changed.
    pub(super) fn settings_changed(&self) {
        let before = self.state.borrow().cfg.clone();
        self.read_controls();
        let mut cfg = self.state.borrow().cfg.clone();
        // A sigmoid output has one unit: a three-class set switches it to softmax (the select follows).
        if cfg.output == Output::Sigmoid
            && cfg.data.kind.classes() > 2
            && cfg.data.kind != before.data.kind
        {
            cfg.output = Output::Softmax;
            self.c.output.set_value(cfg.output.key());
            self.state.borrow_mut().cfg = cfg.clone();
        }
        self.c.show_applicable(&cfg);
        if cfg.data != before.data {
            // A new generated set replaces the points that were added or imported.
            cfg.points = None;
            self.state.borrow_mut().cfg.points = None;
        }
        let mut route = Route::new("playground");
        cfg.write(&mut route);
        (self.ctx.set_route)(&route);
        let only_stop = same_but_stop(&before, &cfg);
        if only_stop {
            if let Some(s) = self.state.borrow_mut().session.as_mut() {
                s.set_stop(cfg.stop);
            }
            self.render_status();
            return;
        }
        self.rebuild(cfg.data != before.data);
    }

    /// New data (if asked) and a new session from the settings, from the seed's initial weights.
    pub(super) fn rebuild(&self, new_data: bool) {
        {
            let mut st = self.state.borrow_mut();
            if new_data {
                // A link's own points (added or imported) stand in for the generated set.
                st.data = match st.cfg.points.clone() {
                    Some(points) => points,
                    None => st.cfg.data.generate(),
                };
            }
            st.selected_edge = None;
            st.hover_edge = None;
        }
        let (cfg, data) = {
            let st = self.state.borrow();
            (st.cfg.clone(), st.data.clone())
        };
        match Session::new(cfg, data) {
            Ok(s) => {
                self.state.borrow_mut().session = Some(s);
                self.ctx.messages.clear();
            }
            Err(e) => {
                self.state.borrow_mut().session = None;
                self.fail(e);
            }
        }
        self.refresh_grid();
        self.redraw_all();
    }
}

/// Whether two settings differ only in the stop rules, step unit or speed (those apply without a restart).
fn same_but_stop(
    a: &crate::labs::playground::PlaygroundConfig,
    b: &crate::labs::playground::PlaygroundConfig,
) -> bool {
    let mut a = a.clone();
    a.stop = b.stop;
    a.step_epoch = b.step_epoch;
    a.speed = b.speed;
    a == *b
}
