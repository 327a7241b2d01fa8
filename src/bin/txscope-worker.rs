//! The explorer's Web Worker (feature `worker`): a second wasm entry, built by Trunk from the
//! `<link data-trunk rel="rust" data-type="worker" data-bin="txscope-worker" …>` in index.html,
//! so the search and its engines stay out of the page's bundle.
//!
//! Protocol (JSON strings through `postMessage`): the worker posts `{"type":"ready"}` once loaded;
//! the page posts a [`Job`]; the worker answers with `progress` replies (about every 100 ms of
//! work) and one `done` or `error` ([`Reply`]). To cancel, the page terminates the worker and
//! starts a fresh one. Nothing here panics: a bad message becomes an `error` reply.

#[cfg(target_arch = "wasm32")]
mod worker {
    use txscope::check::job::{self, Job, JobError, Reply};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
        let text = serde_json::to_string(reply).unwrap_or_else(|e| {
            format!(r#"{{"type":"error","error":{{"bad_job":{{"detail":"cannot encode the reply: {e}"}}}}}}"#)
        });
        let _ = scope.post_message(&JsValue::from_str(&text));
    }

    /// Milliseconds from the worker's clock (`performance.now()`, finer than `Date.now()`).
    fn now_ms() -> f64 {
        js_sys::global()
            .dyn_into::<web_sys::WorkerGlobalScope>()
            .ok()
            .and_then(|g| g.performance())
            .map_or_else(js_sys::Date::now, |p| p.now())
    }

    /// Bytes of wasm linear memory now (it only grows).
    fn memory_bytes() -> u64 {
        wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .ok()
            .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
            .map_or(0, |b| b.byte_length() as u64)
    }

    fn handle(scope: &DedicatedWorkerGlobalScope, data: JsValue) {
        let Some(text) = data.as_string() else {
            post(
                scope,
                &Reply::Error {
                    error: JobError::NotText,
                },
            );
            return;
        };
        if let Ok(request) = serde_json::from_str::<job::Bench>(&text) {
            post(scope, &job::bench(&request, &mut now_ms));
            return;
        }
        let job: Job = match serde_json::from_str(&text) {
            Ok(job) => job,
            Err(e) => {
                post(
                    scope,
                    &Reply::Error {
                        error: JobError::BadJob {
                            detail: e.to_string(),
                        },
                    },
                );
                return;
            }
        };
        job::run(&job, &mut now_ms, &mut memory_bytes, &mut |reply| {
            post(scope, &reply)
        });
    }

    pub fn start() {
        let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
            return;
        };
        let inner = scope.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            handle(&inner, e.data());
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        on_message.forget();
        post(&scope, &Reply::Ready);
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("txscope-worker runs in a browser's Web Worker (see index.html); use `txscope check` natively");
}
