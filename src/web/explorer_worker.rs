//! The Explorer panel's side of the search worker (`src/bin/txscope-worker.rs`): start one,
//! hand it a [`Job`] once it says it is ready, turn its JSON replies into [`Reply`] values, and
//! terminate it when dropped (which is how a search is cancelled).

use crate::check::job::{Job, JobError, Reply};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// The worker's script, relative to the page's `<base>` (Trunk's loader shim for the worker bin).
pub const WORKER_URL: &str = "./txscope-worker_loader.js";

/// The global a page sets to name the worker's script itself: the single-file build
/// (`scripts/single-file.mjs`) puts a `blob:` URL of the inlined worker, wasm included, there.
pub const WORKER_URL_GLOBAL: &str = "txscopeWorkerUrl";

/// The worker's script: the page's own choice ([`WORKER_URL_GLOBAL`]) if it made one, else
/// [`WORKER_URL`].
fn worker_url() -> String {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(WORKER_URL_GLOBAL))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| WORKER_URL.to_string())
}

/// A running search. Dropping it terminates the worker.
pub struct SearchWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl SearchWorker {
    /// Starts a worker and gives it `job` as soon as it is ready; every reply goes to `on_reply`.
    pub fn start(job: &Job, on_reply: impl Fn(Reply) + 'static) -> Result<SearchWorker, String> {
        let text = serde_json::to_string(job).map_err(|e| e.to_string())?;
        let worker = Worker::new(&worker_url())
            .map_err(|e| format!("cannot start the explorer's worker: {e:?}"))?;
        let on_reply = std::rc::Rc::new(on_reply);
        let to_worker = worker.clone();
        let replies = on_reply.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let reply = e
                .data()
                .as_string()
                .ok_or_else(|| "not text".to_string())
                .and_then(|s| serde_json::from_str::<Reply>(&s).map_err(|e| e.to_string()));
            match reply {
                Ok(Reply::Ready) => {
                    if to_worker.post_message(&JsValue::from_str(&text)).is_err() {
                        replies(Reply::Error {
                            error: JobError::NotSent,
                        });
                    }
                }
                Ok(reply) => replies(reply),
                Err(detail) => replies(Reply::Error {
                    error: JobError::BadReply { detail },
                }),
            }
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            on_reply(Reply::Error {
                error: JobError::Stopped,
            });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(SearchWorker {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
