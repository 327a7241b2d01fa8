//! Version-1 documents: 2PC and 3PC with `participants` and `votes` at the top level and the
//! three commit timeouts as a fixed object. Links and files already in course pages hold them,
//! so they open unchanged: the same run, and errors that name the fields as written.

use super::{err, read, FaultSpec, Latency, Reason, Scenario, ScenarioError, ScheduleStep};
use crate::model::Transport;
use crate::protocol::commit::{CommitParams, Vote};
use crate::protocol::Params;
use crate::sorted::SortedMap;
use serde::Deserialize;

/// The protocols version 1 knew.
const PROTOCOLS: &[&str] = &["2pc", "3pc"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct V1 {
    #[allow(dead_code)]
    version: u32,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    protocol: String,
    participants: usize,
    #[serde(default)]
    votes: SortedMap<String, Vote>,
    #[serde(default = "queue")]
    transport: Transport,
    #[serde(default)]
    latency_ms: Latency,
    #[serde(default = "super::default_prefetch")]
    prefetch: u32,
    #[serde(default)]
    drop_rate: f64,
    #[serde(default)]
    timeouts_ms: Timeouts,
    #[serde(default)]
    seed: u64,
    #[serde(default = "super::default_max_time")]
    max_time_ms: u64,
    #[serde(default)]
    faults: Vec<FaultSpec>,
    #[serde(default)]
    schedule: Vec<ScheduleStep>,
}

fn queue() -> Transport {
    Transport::Queue
}

/// Version 1's timeouts: the three commit timeouts, each with its default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Timeouts {
    coordinator: u64,
    participant: u64,
    retry: u64,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            coordinator: 300,
            participant: 500,
            retry: 250,
        }
    }
}

/// Reads a version-1 document as the scenario it always was.
pub(super) fn read(text: &str) -> Result<Scenario, ScenarioError> {
    let doc: V1 = read::from_str(text)?;
    if !PROTOCOLS.contains(&doc.protocol.as_str()) {
        return Err(err(
            "protocol",
            Reason::UnknownProtocol {
                name: doc.protocol,
                known: PROTOCOLS.join(", "),
            },
        ));
    }
    let engine = super::engine(&doc.protocol)?;
    let params = Params::new(CommitParams {
        participants: doc.participants,
        votes: doc.votes,
    });
    // The parameters were top-level fields: their errors name them so.
    engine.setup(&params, Vec::new())?;
    let t = doc.timeouts_ms;
    let timeouts = [
        ("coordinator", t.coordinator),
        ("participant", t.participant),
        ("retry", t.retry),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Ok(Scenario {
        name: doc.name,
        description: doc.description,
        protocol: doc.protocol,
        params,
        transport: doc.transport,
        latency_ms: doc.latency_ms,
        prefetch: doc.prefetch,
        drop_rate: doc.drop_rate,
        timeouts_ms: timeouts,
        seed: doc.seed,
        max_time_ms: doc.max_time_ms,
        faults: doc.faults,
        schedule: doc.schedule,
    })
}
