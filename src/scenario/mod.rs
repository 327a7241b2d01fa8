//! The scenario: the one value that URLs, files, lessons, the CLI and the explorer share.
//!
//! A scenario is JSON with `"version": 2`: the protocol, its parameters in their own `params`
//! section (read and checked by the protocol: participants and votes for 2PC, accounts and
//! amounts for a bank transfer...), then what every protocol shares: transport, latency,
//! timeouts, seed, scripted faults and a forced schedule. Version-1 documents (2PC and 3PC with
//! `participants` and `votes` at the top) are read as they always were ([`v1`]).
//!
//! [`Scenario::from_json`] reads and checks a document, and every error names the field at fault
//! and why ([`ScenarioError`]); [`Scenario::compile`] resolves names into the simulator's
//! [`Config`]. The fields are documented in docs/scenario.md.

mod compile;
mod script;
mod v1;
mod v2;

pub use crate::doc::{read, Found, Kind, Reason, ScenarioError};
pub use script::{FaultKind, FaultSpec, PatternSpec, ScheduleStep};

use crate::model::Transport;
use crate::protocol::{self, Engine, Params};
use crate::sim::Config;
use crate::sorted::SortedMap;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The scenario format this build writes (it reads 1 and 2).
pub const VERSION: u32 = 2;
/// The longest virtual time a run may be given (one hour).
pub const MAX_TIME_MS: u64 = 3_600_000;
/// The longest latency or timeout (ten minutes).
pub const MAX_DURATION_MS: u64 = 600_000;
pub const MAX_FAULTS: usize = 1000;
/// The most sides a partition can have (one per node is already the most that means anything).
pub const MAX_SIDES: usize = 65;
pub const MAX_SCHEDULE: usize = 100_000;
pub const MAX_PREFETCH: u32 = 10_000;

fn err(field: impl Into<String>, reason: Reason) -> ScenarioError {
    ScenarioError::new(field, reason)
}

/// The version a document gives, checked before anything else is read; the rest is skipped.
#[derive(Deserialize)]
struct VersionProbe<'a> {
    #[serde(borrow, default, deserialize_with = "read::present")]
    version: Option<&'a RawValue>,
}

/// Checks that `text` is a JSON object with a version this build reads, so that a newer
/// document is refused for its version rather than for the fields this build does not know.
pub(crate) fn check_version(text: &str) -> Result<u32, ScenarioError> {
    read::object(text)?;
    let probe: VersionProbe = serde_json::from_str(text).map_err(|e| read::classify(".", e))?;
    match probe.version.map(|v| v.get()) {
        None => Err(err("version", Reason::MissingVersion)),
        Some("1") => Ok(1),
        Some("2") => Ok(2),
        Some(other) => Err(err(
            "version",
            Reason::Version {
                found: other.chars().take(40).collect(),
            },
        )),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: Option<String>,
    pub description: Option<String>,
    /// A registered protocol's name ("2pc", "outbox", ...).
    pub protocol: String,
    /// The protocol's parameters.
    pub params: Params,
    pub transport: Transport,
    pub latency_ms: Latency,
    /// Queue transport: how many messages a consumer may hold taken and unacknowledged at once
    /// (RabbitMQ's prefetch count). 1 shows queues best; many participants want more, or the
    /// coordinator's votes arrive one hop after another and outlast its timeout.
    pub prefetch: u32,
    /// Chance that a message is lost on a hop, 0 to 1.
    pub drop_rate: f64,
    /// Every timeout of the protocol, by name, in milliseconds.
    pub timeouts_ms: SortedMap<String, u64>,
    pub seed: u64,
    pub max_time_ms: u64,
    pub faults: Vec<FaultSpec>,
    /// A forced order of what happens next (how an explorer finding is replayed), after the
    /// begin; then the clock takes over again.
    pub schedule: Vec<ScheduleStep>,
}

fn default_prefetch() -> u32 {
    1
}
fn default_max_time() -> u64 {
    20_000
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Latency {
    pub min: u64,
    pub max: u64,
}

impl Default for Latency {
    fn default() -> Self {
        Latency { min: 5, max: 20 }
    }
}

/// The registered protocol called `name`.
pub fn engine(name: &str) -> Result<&'static dyn Engine, ScenarioError> {
    protocol::find(name).ok_or_else(|| {
        err(
            "protocol",
            Reason::UnknownProtocol {
                name: name.to_string(),
                known: protocol::registry::names(),
            },
        )
    })
}

/// The protocol's timeouts, each as `given` says or at its default; a name it does not have
/// is an error.
fn timeouts(
    engine: &dyn Engine,
    given: &SortedMap<String, u64>,
) -> Result<SortedMap<String, u64>, ScenarioError> {
    let known = engine.timeouts();
    if let Some(name) = given.keys().find(|n| !known.iter().any(|t| t.name == *n)) {
        return Err(err(
            format!("timeouts_ms.{name}"),
            Reason::UnknownField {
                name: name.clone(),
                known: known.iter().map(|t| t.name).collect::<Vec<_>>().join(", "),
            },
        ));
    }
    Ok(known
        .iter()
        .map(|t| {
            let ms = given.get(t.name).copied().unwrap_or(t.default_ms);
            (t.name.to_string(), ms)
        })
        .collect())
}

impl Scenario {
    /// A scenario with the protocol's default parameters and every other default: its own
    /// transport, no faults. Panics on a name no protocol has (use [`engine`] to check one).
    pub fn of(protocol: &str) -> Scenario {
        let engine = engine(protocol).expect("a registered protocol");
        Scenario {
            name: None,
            description: None,
            protocol: protocol.to_string(),
            params: engine.default_params(),
            transport: engine.transport(),
            latency_ms: Latency::default(),
            prefetch: default_prefetch(),
            drop_rate: 0.0,
            timeouts_ms: timeouts(engine, &SortedMap::new()).expect("no timeouts given"),
            seed: 1,
            max_time_ms: default_max_time(),
            faults: Vec::new(),
            schedule: Vec::new(),
        }
    }

    /// A commit protocol's scenario (2PC, 3PC) with `participants` participants that all vote
    /// YES, on the queue transport, without faults.
    pub fn new(protocol: &str, participants: usize) -> Scenario {
        let mut s = Scenario::of(protocol);
        s.params = Params::new(protocol::commit::CommitParams {
            participants,
            votes: SortedMap::new(),
        });
        s
    }

    /// The same scenario run by another protocol: its parameters stay if the new protocol reads
    /// them (2PC and 3PC share theirs), else they become its defaults; so do the timeouts it
    /// does not have, and the transport follows only when the parameters had to go.
    pub fn switch_protocol(&mut self, name: &str) -> Result<(), ScenarioError> {
        let engine = engine(name)?;
        let kept = engine.read_params(&self.params.to_value().to_string()).ok();
        let fresh = kept.is_none();
        self.params = kept.unwrap_or_else(|| engine.default_params());
        let mine: SortedMap<String, u64> = self
            .timeouts_ms
            .iter()
            .filter(|(k, _)| engine.timeouts().iter().any(|t| t.name == *k))
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        self.timeouts_ms = timeouts(engine, &mine)?;
        if fresh {
            self.transport = engine.transport();
        }
        self.protocol = name.to_string();
        Ok(())
    }

    /// The parameters, if they are of type `T` (`CommitParams` for 2PC and 3PC).
    /// Sets one parameter by its path in the `params` section (`["from", "balance"]`), read
    /// and checked by the protocol as a scenario's would be; unchanged on an error.
    pub fn set_param(
        &mut self,
        path: &[&str],
        value: serde_json::Value,
    ) -> Result<(), ScenarioError> {
        let mut params = self.params.to_value();
        let mut at = &mut params;
        for key in path {
            if !at.is_object() {
                *at = serde_json::Value::Object(Default::default());
            }
            at = at
                .as_object_mut()
                .expect("made an object just above")
                .entry(key.to_string())
                .or_insert(serde_json::Value::Null);
        }
        *at = value;
        let engine = engine(&self.protocol)?;
        let read = engine
            .read_params(&params.to_string())
            .map_err(|e| e.within("params"))?;
        engine.roster(&read)?;
        engine
            .setup(&read, Vec::new())
            .map_err(|e| e.within("params"))?;
        self.params = read;
        Ok(())
    }

    /// A parameter by its path in the `params` section, as JSON.
    pub fn param(&self, path: &[&str]) -> Option<serde_json::Value> {
        let mut at = self.params.to_value();
        for key in path {
            at = at.get(key)?.clone();
        }
        Some(at)
    }

    pub fn params_as<T: 'static>(&self) -> Option<&T> {
        self.params.get()
    }

    /// Reads and checks a scenario (version 1 or 2).
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario = match check_version(text)? {
            1 => v1::read(text)?,
            _ => v2::read(text)?,
        };
        scenario.check()?;
        Ok(scenario)
    }

    pub fn to_json(&self) -> String {
        crate::pretty::indent(&serde_json::to_string(self).expect("a scenario always serializes"))
    }

    /// Checks every field; the first problem found is returned.
    pub fn check(&self) -> Result<(), ScenarioError> {
        self.compile().map(|_| ())
    }

    /// The registered protocol this scenario names.
    pub fn engine(&self) -> Result<&'static dyn Engine, ScenarioError> {
        engine(&self.protocol)
    }

    /// The nodes this scenario's parameters give.
    pub fn roster(&self) -> Result<crate::model::Roster, ScenarioError> {
        self.engine()?
            .roster(&self.params)
            .map_err(|e| e.within("params"))
    }

    /// Checks the scenario and resolves it for the simulator.
    pub fn compile(&self) -> Result<Config, ScenarioError> {
        compile::compile(self)
    }
}
