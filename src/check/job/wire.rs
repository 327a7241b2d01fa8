//! Reading a [`Reply`] back from its JSON (`{"type": "progress", "states": ...}`) as one flat
//! struct. serde's internally tagged enums buffer the document into its private `Content` tree
//! first, which put a second copy of every visitor it holds (the findings' scenarios included)
//! into the page's wasm (~18 KB after wasm-opt, BENCHMARKS.md "App (browser)"); the format on the
//! wire is unchanged.

use super::{Outcome, Reply};
use serde::Deserialize;

/// Every field any reply has; `type` says which are there.
#[derive(Deserialize)]
pub(super) struct Wire {
    #[serde(rename = "type")]
    kind: String,
    states: Option<u64>,
    frontier: Option<u64>,
    generated: Option<u64>,
    depth: Option<u32>,
    memory_bytes: Option<u64>,
    report: Option<Outcome>,
    error: Option<super::JobError>,
    rms: Option<usize>,
    distinct_states: Option<u64>,
    ms: Option<Vec<f64>>,
}

/// The field a reply of its type lacks.
fn need<T>(v: Option<T>, field: &str) -> Result<T, String> {
    v.ok_or_else(|| format!("missing field `{field}`"))
}

impl TryFrom<Wire> for Reply {
    type Error = String;

    fn try_from(w: Wire) -> Result<Reply, String> {
        Ok(match w.kind.as_str() {
            "ready" => Reply::Ready,
            "progress" => Reply::Progress {
                states: need(w.states, "states")?,
                frontier: need(w.frontier, "frontier")?,
                generated: need(w.generated, "generated")?,
                depth: need(w.depth, "depth")?,
                memory_bytes: need(w.memory_bytes, "memory_bytes")?,
            },
            "done" => Reply::Done {
                report: need(w.report, "report")?,
            },
            "error" => Reply::Error {
                error: need(w.error, "error")?,
            },
            "bench" => Reply::Bench {
                rms: need(w.rms, "rms")?,
                distinct_states: need(w.distinct_states, "distinct_states")?,
                generated: need(w.generated, "generated")?,
                depth: need(w.depth, "depth")?,
                ms: need(w.ms, "ms")?,
            },
            other => return Err(format!("unknown reply type {other:?}")),
        })
    }
}
