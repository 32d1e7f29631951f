//! Bytes in and out of the page: fetch an asset, read a picked or dropped `File`, and offer bytes or a canvas
//! as a download. The bytes go to the core parsers unchanged.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, HtmlCanvasElement, Response, Url};

use crate::web::dom;

/// GET `url` (relative to the page) as bytes; `Err` with a short reason on a network or HTTP failure.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let resp = JsFuture::from(dom::window().fetch_with_str(url))
        .await
        .map_err(|_| format!("{url}: network error"))?;
    let resp: Response = resp.dyn_into().map_err(|_| "not a response".to_string())?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let buf = resp.array_buffer().map_err(|_| "no body".to_string())?;
    let buf = JsFuture::from(buf)
        .await
        .map_err(|_| format!("{url}: read failed"))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// The bytes of a picked or dropped file.
pub async fn read_file(file: &File) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("{}: read failed", file.name()))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

fn click_download(href: &str, name: &str) {
    let a: HtmlAnchorElement = dom::el("a", "").unchecked_into();
    a.set_href(href);
    a.set_download(name);
    a.click();
}

/// Offer `bytes` as a file download named `name`.
pub fn download_bytes(bytes: &[u8], name: &str, mime: &str) {
    let parts = Array::new();
    parts.push(&Uint8Array::from(bytes));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = Blob::new_with_u8_array_sequence_and_options(&parts, &opts) else {
        return dom::log_error("download: cannot make a blob");
    };
    if let Ok(url) = Url::create_object_url_with_blob(&blob) {
        click_download(&url, name);
        let _ = Url::revoke_object_url(&url);
    }
}

/// Offer a canvas as a PNG download.
pub fn download_png(canvas: &HtmlCanvasElement, name: &str) {
    match canvas.to_data_url() {
        Ok(url) => click_download(&url, name),
        Err(_) => dom::log_error("download: canvas.toDataURL failed"),
    }
}

/// Run a future on the page's event loop.
pub fn spawn(f: impl std::future::Future<Output = ()> + 'static) {
    wasm_bindgen_futures::spawn_local(f);
}

/// `JsValue` errors as text, for the console only.
pub fn js_text(v: &JsValue) -> String {
    v.as_string().unwrap_or_else(|| format!("{v:?}"))
}
