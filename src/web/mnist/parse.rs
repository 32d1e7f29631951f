//! The files a user gives (IDX images and labels, raw or .gz; weights as .npz or pickle), checked and parsed off
//! the main thread. First the size and the first bytes (`Blob.slice`), so an oversized or wrong file is refused
//! before it is read; then the whole file goes, as a transferred ArrayBuffer, to a short-lived module worker
//! running this same wasm (the training worker's bootstrap, www/mnist-worker.js), which parses it and answers;
//! the worker is then terminated, so whatever memory a bad file made it take is given back. Without a worker
//! (`?worker=0`, no preload links as in the browser tests, or one that cannot start) the page parses within the
//! same bounds. Page → worker: `parse-idx` {buf} or `parse-weights` {buf, act}. Worker → page: `parsed` with
//! {ok: true, kind: "images" | "labels", count, bytes} or {ok: true, net, w, described}, or {ok: false, key, args}.

use js_sys::{Array, ArrayBuffer, Float32Array, Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, MessageEvent, Worker, WorkerOptions, WorkerType};

use super::worker::{get, module_urls, obj, set, BOOTSTRAP};
use crate::activation::Activation;
use crate::data::idx::{self, IdxFile, Images};
use crate::data::netdesc;
use crate::labs::mnist::remote::unpack_weights;
use crate::labs::mnist::weights::{self, Imported};
use crate::web::dom;
use crate::{Error, Result};

/// A parse that takes longer than this is abandoned (the worker is terminated; the page never waited on it).
const TIMEOUT_MS: i32 = 60_000;

/// An error from the worker: its key is looked up in the i18n tables (a key must be `'static`).
fn error_from(key: &str, args: Vec<String>) -> Error {
    let key = crate::i18n::tables()
        .iter()
        .flat_map(|t| t.iter())
        .find(|e| e.0 == key)
        .map_or("mnist.err.worker", |e| e.0);
    if key == "mnist.err.worker" && args.is_empty() {
        return Error::new(key, ["?"]);
    }
    Error { key, args }
}

/// The first `n` bytes of a file (only they are read).
async fn head(file: &File, n: usize) -> Result<Vec<u8>> {
    let end = (n as f64).min(file.size());
    let blob = file
        .slice_with_f64_and_f64(0.0, end)
        .map_err(|_| read_failed(file))?;
    let buf = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| read_failed(file))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

fn read_failed(file: &File) -> Error {
    Error::new("mnist.err.fetch", [format!("{}: read failed", file.name())])
}

/// The whole file as an ArrayBuffer (not copied into wasm memory: it goes to the worker as it is).
async fn whole(file: &File) -> Result<ArrayBuffer> {
    JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| read_failed(file))?
        .dyn_into()
        .map_err(|_| read_failed(file))
}

/// A parse worker, terminated when dropped.
pub(crate) struct ParseWorker {
    worker: Worker,
}

impl Drop for ParseWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The next message from `worker` (or its error event, or a timeout) as a promise.
fn next_message(worker: &Worker) -> Promise {
    let answer = Promise::new(&mut |resolve, reject| {
        worker.set_onmessage(Some(&resolve));
        worker.set_onerror(Some(&reject));
    });
    let timer = Promise::new(&mut |_, reject: Function| {
        let _ = dom::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&reject, TIMEOUT_MS);
    });
    Promise::race(&Array::of2(&answer, &timer))
}

impl ParseWorker {
    /// Start one and wait until its wasm is loaded; `None` when there is no worker to be had (the caller
    /// parses on the page).
    pub async fn start() -> Option<ParseWorker> {
        let (js, wasm) = module_urls()?;
        let opts = WorkerOptions::new();
        opts.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(BOOTSTRAP, &opts).ok()?;
        let pw = ParseWorker { worker };
        let ready = next_message(&pw.worker);
        let init = obj("init");
        set(&init, "js", &js.into());
        set(&init, "wasm", &wasm.into());
        pw.worker.post_message(&init).ok()?;
        let msg = JsFuture::from(ready).await.ok()?;
        let data = msg.dyn_ref::<MessageEvent>()?.data();
        (get(&data, "t").as_string().as_deref() == Some("ready")).then_some(pw)
    }

    /// Send a request with `buf` transferred, and wait for the answer's data.
    async fn ask(&self, msg: &js_sys::Object, buf: &ArrayBuffer) -> Result<JsValue> {
        let answer = next_message(&self.worker);
        self.worker
            .post_message_with_transfer(msg, &Array::of1(buf))
            .map_err(|_| Error::new("mnist.err.worker", ["postMessage"]))?;
        match JsFuture::from(answer).await {
            Ok(m) => m
                .dyn_ref::<MessageEvent>()
                .map(|m| m.data())
                .ok_or_else(|| Error::new("mnist.err.worker", ["timeout"])),
            // The worker died on this file (a trap or out of memory): the file is refused, the page is fine.
            Err(e) => {
                let why = e
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map_or("error".to_string(), |e| e.message());
                Err(Error::new("mnist.err.worker", [why]))
            }
        }
    }
}

/// The worker's answer as a result.
fn answer(data: &JsValue) -> Result<JsValue> {
    if get(data, "ok").as_bool() == Some(true) {
        return Ok(data.clone());
    }
    let key = get(data, "key").as_string().unwrap_or_default();
    let args: Vec<String> = Array::from(&get(data, "args"))
        .iter()
        .filter_map(|a| a.as_string())
        .collect();
    Err(error_from(&key, args))
}

/// Check an IDX file's size and header from its first bytes, then read and parse it (in `pw` when given).
pub(crate) async fn idx_file(file: &File, pw: Option<&ParseWorker>) -> Result<IdxFile> {
    let first = head(file, idx::HEAD_BYTES).await?;
    idx::check_start(file.size() as usize, &first)?;
    drop(first);
    let buf = whole(file).await?;
    let Some(pw) = pw else {
        return idx::parse(&Uint8Array::new(&buf).to_vec());
    };
    let msg = obj("parse-idx");
    set(&msg, "buf", &buf);
    let data = answer(&pw.ask(&msg, &buf).await?)?;
    let count = get(&data, "count").as_f64().unwrap_or(0.0) as usize;
    let bytes = get(&data, "bytes")
        .dyn_into::<Uint8Array>()
        .map_err(|_| Error::new("mnist.err.worker", ["bytes"]))?
        .to_vec();
    match get(&data, "kind").as_string().as_deref() {
        Some("images") if bytes.len() == count * idx::PIXELS => Ok(IdxFile::Images(Images {
            count,
            pixels: bytes,
        })),
        Some("labels") if bytes.len() == count => Ok(IdxFile::Labels(bytes)),
        _ => Err(Error::new("mnist.err.worker", ["kind"])),
    }
}

/// Check a weights file's size and signature from its first bytes, then read it and build the network (the
/// parse and the checks against the lab's caps happen in `pw` when given; the page rebuilds the network from the
/// description and weights the worker sends back).
pub(crate) async fn weights_file(
    file: &File,
    act: Activation,
    pw: Option<&ParseWorker>,
) -> Result<Imported> {
    let first = head(file, 8).await?;
    weights::check_start(file.size() as usize, &first)?;
    let buf = whole(file).await?;
    let Some(pw) = pw else {
        return weights::import(&Uint8Array::new(&buf).to_vec(), act);
    };
    let msg = obj("parse-weights");
    set(&msg, "buf", &buf);
    set(&msg, "act", &act.key().into());
    let data = answer(&pw.ask(&msg, &buf).await?)?;
    let desc = get(&data, "net").as_string().unwrap_or_default();
    let mut net = netdesc::from_text(&desc)?.build()?;
    let w = get(&data, "w")
        .dyn_into::<Float32Array>()
        .map_err(|_| Error::new("mnist.err.worker", ["w"]))?;
    unpack_weights(&mut net, &w.to_vec())?;
    Ok(Imported {
        net,
        described: get(&data, "described").as_bool().unwrap_or(false),
    })
}

/// A SimpleConvNet or DeepConvNet file for the CNN lab (`ch07/params.pkl`, `ch08/deep_convnet_params.pkl` or an
/// .npz): checked from its first bytes, parsed in `pw` when given (`parse-cnn`), rebuilt on the page from the
/// kind, settings and weights the worker sends back.
pub(crate) async fn cnn_file(
    file: &File,
    base: &crate::labs::cnn::train_config::CnnTrainConfig,
    pw: Option<&ParseWorker>,
) -> Result<(
    crate::labs::cnn::import::CnnKind,
    crate::labs::cnn::train_config::CnnTrainConfig,
    crate::net::Net,
)> {
    use crate::labs::cnn::import::CnnKind;
    use crate::labs::cnn::train_config::CnnTrainConfig;
    let first = head(file, 8).await?;
    weights::check_start(file.size() as usize, &first)?;
    let buf = whole(file).await?;
    let Some(pw) = pw else {
        return crate::labs::cnn::import::read_cnn(&Uint8Array::new(&buf).to_vec(), base);
    };
    let msg = obj("parse-cnn");
    set(&msg, "buf", &buf);
    let data = answer(&pw.ask(&msg, &buf).await?)?;
    let kind = if get(&data, "deep").as_bool().unwrap_or(false) {
        CnnKind::Deep
    } else {
        CnnKind::Simple
    };
    let route = crate::urlstate::Route::parse(&get(&data, "cfg").as_string().unwrap_or_default());
    let got = CnnTrainConfig::read(&route);
    let cfg = match kind {
        CnnKind::Deep => base.clone(),
        CnnKind::Simple => CnnTrainConfig {
            filter_num: got.filter_num,
            filter_size: got.filter_size,
            pad: got.pad,
            stride: got.stride,
            hidden_size: got.hidden_size,
            ..base.clone()
        },
    };
    let mut net = kind.build(&cfg)?;
    let w = get(&data, "w")
        .dyn_into::<Float32Array>()
        .map_err(|_| Error::new("mnist.err.worker", ["w"]))?;
    unpack_weights(&mut net, &w.to_vec())?;
    Ok((kind, cfg, net))
}
