//! Version-2 documents: how a scenario is written and read (its parameters stay text until the
//! protocol reads them), and a scenario inside another document.

use super::{
    default_max_time, default_prefetch, engine, read, timeouts, FaultSpec, Latency, Scenario,
    ScenarioError, ScheduleStep, VERSION,
};
use crate::model::Transport;
use crate::sorted::SortedMap;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

fn is_default_prefetch(p: &u32) -> bool {
    *p == 1
}

/// A version-2 document as written: the parameters stay text until the protocol reads them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    #[allow(dead_code)]
    version: u32,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    protocol: String,
    #[serde(default)]
    params: Option<Box<RawValue>>,
    #[serde(default)]
    transport: Option<Transport>,
    #[serde(default)]
    latency_ms: Latency,
    #[serde(default = "default_prefetch")]
    prefetch: u32,
    #[serde(default)]
    drop_rate: f64,
    #[serde(default)]
    timeouts_ms: SortedMap<String, u64>,
    #[serde(default)]
    seed: u64,
    #[serde(default = "default_max_time")]
    max_time_ms: u64,
    #[serde(default)]
    faults: Vec<FaultSpec>,
    #[serde(default)]
    schedule: Vec<ScheduleStep>,
}

/// A scenario as written (version 2).
#[derive(Serialize)]
struct DocOut<'a> {
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: &'a Option<String>,
    protocol: &'a str,
    params: serde_json::Value,
    transport: Transport,
    latency_ms: Latency,
    #[serde(skip_serializing_if = "is_default_prefetch")]
    prefetch: u32,
    drop_rate: f64,
    timeouts_ms: &'a SortedMap<String, u64>,
    seed: u64,
    max_time_ms: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    faults: &'a Vec<FaultSpec>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    schedule: &'a Vec<ScheduleStep>,
}

/// Reads a version-2 document (the caller checks it).
pub(super) fn read(text: &str) -> Result<Scenario, ScenarioError> {
    let doc: Doc = read::from_str(text)?;
    let engine = engine(&doc.protocol)?;
    let params = match &doc.params {
        Some(raw) => engine
            .read_params(raw.get())
            .map_err(|e| e.within("params"))?,
        None => engine.default_params(),
    };
    Ok(Scenario {
        name: doc.name,
        description: doc.description,
        protocol: doc.protocol,
        params,
        transport: doc.transport.unwrap_or(engine.transport()),
        latency_ms: doc.latency_ms,
        prefetch: doc.prefetch,
        drop_rate: doc.drop_rate,
        timeouts_ms: timeouts(engine, &doc.timeouts_ms)?,
        seed: doc.seed,
        max_time_ms: doc.max_time_ms,
        faults: doc.faults,
        schedule: doc.schedule,
    })
}

impl Serialize for Scenario {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let params = self.params.to_value();
        DocOut {
            version: VERSION,
            name: &self.name,
            description: &self.description,
            protocol: &self.protocol,
            params,
            transport: self.transport,
            latency_ms: self.latency_ms,
            prefetch: self.prefetch,
            drop_rate: self.drop_rate,
            timeouts_ms: &self.timeouts_ms,
            seed: self.seed,
            max_time_ms: self.max_time_ms,
            faults: &self.faults,
            schedule: &self.schedule,
        }
        .serialize(s)
    }
}

/// A scenario inside another document (a search job, a finding) is read like one on its own,
/// so it is checked the same way and either version opens.
impl<'de> Deserialize<'de> for Scenario {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Scenario, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        Scenario::from_json(raw.get()).map_err(serde::de::Error::custom)
    }
}
