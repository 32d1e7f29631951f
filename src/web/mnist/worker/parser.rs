//! Inside a short-lived parse worker (see parse.rs, the page's side): parse the file the page transferred, an
//! IDX file or a weights file (checked against the lab's caps), and post the result or the error's key and
//! arguments, so the page shows it in its own language.

use js_sys::{Array, ArrayBuffer, Float32Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::trainee::post_to_page;
use super::{get, obj, set};
use crate::activation::Activation;
use crate::data::idx::{self, IdxFile};
use crate::data::netdesc;
use crate::labs::mnist::remote::pack_weights;
use crate::labs::mnist::weights;

/// Handle `parse-idx`, `parse-weights` {buf, act} or `parse-cnn` {buf}: answer with `parsed`.
pub(super) fn handle(kind: &str, msg: &JsValue) {
    let Ok(buf) = get(msg, "buf").dyn_into::<ArrayBuffer>() else {
        return refuse(&crate::Error::new("mnist.err.worker", ["buf"]));
    };
    let bytes = Uint8Array::new(&buf).to_vec();
    let out = obj("parsed");
    set(&out, "ok", &true.into());
    let transfer = Array::new();
    if kind == "parse-idx" {
        let (name, payload) = match idx::parse(&bytes) {
            Ok(IdxFile::Images(im)) => ("images", im.pixels),
            Ok(IdxFile::Labels(l)) => ("labels", l),
            Err(e) => return refuse(&e),
        };
        drop(bytes);
        let count = if name == "images" {
            payload.len() / idx::PIXELS
        } else {
            payload.len()
        };
        let a = Uint8Array::from(payload.as_slice());
        set(&out, "kind", &name.into());
        set(&out, "count", &(count as f64).into());
        set(&out, "bytes", &a);
        transfer.push(&a.buffer());
    } else if kind == "parse-cnn" {
        // The CNN lab's SimpleConvNet or DeepConvNet (src/labs/cnn/import.rs): which, its settings as a link,
        // its weights packed.
        let base = crate::labs::cnn::train_config::CnnTrainConfig::default();
        let (kind, cfg, net) = match crate::labs::cnn::import::read_cnn(&bytes, &base) {
            Ok(r) => r,
            Err(e) => return refuse(&e),
        };
        let mut r = crate::urlstate::Route::new("cnn");
        cfg.write(&mut r);
        let w = Float32Array::from(pack_weights(&net).as_slice());
        set(&out, "cfg", &r.to_hash().into());
        let deep = kind == crate::labs::cnn::import::CnnKind::Deep;
        set(&out, "deep", &deep.into());
        set(&out, "w", &w);
        transfer.push(&w.buffer());
    } else {
        let act = get(msg, "act").as_string().unwrap_or_default();
        let act = Activation::from_key(&act, 0.01).unwrap_or(Activation::Sigmoid);
        let imported = match weights::import(&bytes, act) {
            Ok(i) => i,
            Err(e) => return refuse(&e),
        };
        let w = Float32Array::from(pack_weights(&imported.net).as_slice());
        set(&out, "net", &netdesc::to_text(imported.net.config()).into());
        set(&out, "described", &imported.described.into());
        set(&out, "w", &w);
        transfer.push(&w.buffer());
    }
    post_to_page(&out, &transfer);
}

fn refuse(e: &crate::Error) {
    let out = obj("parsed");
    set(&out, "ok", &false.into());
    set(&out, "key", &e.key.into());
    let args = Array::new();
    for a in &e.args {
        args.push(&a.into());
    }
    set(&out, "args", &args);
    post_to_page(&out, &Array::new());
}
