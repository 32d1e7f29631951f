//! Edits made while the playground runs: points added or removed on the boundary (the weights keep
//! learning), points exported and imported as CSV, and one weight W⁽ˡ⁾ᵢⱼ selected on the diagram and set.

use super::super::dom::set_attr;
use super::controls::{set_text_value, text_value, value};
use super::{draw, Parts};
use crate::data::points_csv;
use crate::data::toy2d::{Dataset, Point, MAX_POINTS};
use crate::error::Error;
use crate::labs::playground::Session;
use crate::net::Output;

impl Parts {
    /// The data point under a pointer.
    pub(super) fn data_at(&self, client_x: f64, client_y: f64) -> Option<[f32; 2]> {
        let (px, py) = self.boundary.device_xy(client_x, client_y);
        let domain = self.state.borrow().data.domain;
        let f = draw::boundary_frame(&self.boundary, domain);
        Some([f.x_at(px)? as f32, f.y_at(py)? as f32])
    }

    /// Add a training point of the chosen class at `at`, or remove the nearest point.
    pub(super) fn edit_point(&self, at: [f32; 2], remove: bool) {
        let mut data = self.state.borrow().data.clone();
        if remove {
            let (lo, hi) = data.domain;
            match data.nearest(at, (hi - lo) * 0.04) {
                Some(i) => {
                    data.points.remove(i);
                }
                None => return,
            }
            if data.points.iter().all(|p| p.test) {
                return;
            }
        } else {
            if data.points.len() >= MAX_POINTS {
                self.fail(Error::new("err.csv_too_many", [MAX_POINTS]));
                return;
            }
            let label = value(&self.c.class).parse::<usize>().unwrap_or(0).min(2);
            data.points.push(Point {
                x: at,
                label,
                test: false,
            });
            data.classes = data.classes.max(label + 1);
        }
        self.replace_data(data);
    }

    /// Use new points: keep the weights when the classes still fit the output, else restart.
    fn replace_data(&self, data: Dataset) {
        let same_classes = self.state.borrow().data.classes == data.classes;
        let res = if same_classes {
            let mut st = self.state.borrow_mut();
            match st.session.as_mut() {
                Some(s) => s.set_data(data.clone()),
                None => Ok(()),
            }
        } else {
            let cfg = self.state.borrow().cfg.clone();
            Session::new(cfg, data.clone()).map(|s| {
                self.state.borrow_mut().session = Some(s);
            })
        };
        match res {
            Ok(()) => {
                self.ctx.messages.clear();
                self.points_to_link(&data);
                self.state.borrow_mut().data = data;
            }
            Err(e) => self.fail(e),
        }
        self.refresh_grid();
        self.redraw_all();
    }

    pub(super) fn export_csv(&self) {
        let text = points_csv::export(&self.state.borrow().data.points);
        set_text_value(&self.c.csv, &text);
        let href = format!(
            "data:text/csv;charset=utf-8,{}",
            String::from(js_sys::encode_uri_component(&text))
        );
        set_attr(&self.c.download, "href", &href);
        let _ = self.c.download.remove_attribute("hidden");
    }

    pub(super) fn import_csv(&self) {
        match points_csv::import(&text_value(&self.c.csv)) {
            Ok(data) => {
                self.pause();
                if data.classes > 2 && self.state.borrow().cfg.output == Output::Sigmoid {
                    self.state.borrow_mut().cfg.output = Output::Softmax;
                    self.c.output.set_value("softmax");
                }
                let cfg = self.state.borrow().cfg.clone();
                match Session::new(cfg, data.clone()) {
                    Ok(s) => {
                        let mut st = self.state.borrow_mut();
                        st.session = Some(s);
                        st.data = data.clone();
                        drop(st);
                        self.ctx.messages.clear();
                        self.points_to_link(&data);
                    }
                    Err(e) => self.fail(e),
                }
                self.refresh_grid();
                self.redraw_all();
            }
            Err(e) => self.fail(e),
        }
    }

    pub(super) fn edge_at(&self, client_x: f64, client_y: f64) -> Option<usize> {
        let p = self.network.device_xy(client_x, client_y);
        let tol = 5.0 * super::HiDpiCanvas::dpr();
        self.state.borrow().diagram.as_ref()?.edge_at(p, tol)
    }

    pub(super) fn select_edge(&self, k: Option<usize>) {
        let w = {
            let mut st = self.state.borrow_mut();
            st.selected_edge = k;
            k.and_then(|k| st.diagram.as_ref()?.edges.get(k).map(|e| e.w))
        };
        if let Some(w) = w {
            self.weight.set(w as f64);
        }
        self.draw_network();
        self.render_net_readout();
    }

    /// Set the selected weight to the edit field's value.
    pub(super) fn apply_weight(&self) {
        let Some(v) = self.weight.read(self.ctx.lang()) else {
            return;
        };
        let edge = {
            let st = self.state.borrow();
            st.selected_edge
                .and_then(|k| st.diagram.as_ref()?.edges.get(k).copied())
        };
        let Some(e) = edge else { return };
        let res = self
            .state
            .borrow_mut()
            .session
            .as_mut()
            .map(|s| s.set_weight(e.l, Some(e.i), e.j, v as f32));
        if let Some(Err(err)) = res {
            self.fail(err);
        }
        self.refresh_grid();
        self.redraw_all();
    }
}
