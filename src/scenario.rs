//! The scenario: the one value that URLs, files, lessons, the CLI and the explorer share.
//!
//! A scenario is JSON with `"version": 1`. [`Scenario::from_json`] reads and checks it, and every
//! error names the field at fault and why ([`ScenarioError`]). [`Scenario::compile`] resolves
//! names into the simulator's [`Config`]. The fields are documented in docs/scenario.md.

use crate::model::{MsgId, NodeId, Roster, Vote};
use crate::protocol::{self, Entry, Setup};
use crate::sim::config::Scheduled;
use crate::sim::{Choice, Config, Fault, Pattern, Scripted, Timeouts, Transport, Trigger};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod path;
pub mod read;
mod reason;

pub use reason::{Found, Kind, Reason};

/// The scenario format this build reads and writes.
pub const VERSION: u32 = 1;
pub const MAX_PARTICIPANTS: usize = 64;
/// The longest virtual time a run may be given (one hour).
pub const MAX_TIME_MS: u64 = 3_600_000;
/// The longest latency or timeout (ten minutes).
pub const MAX_DURATION_MS: u64 = 600_000;
pub const MAX_FAULTS: usize = 1000;
/// The most sides a partition can have (one per node is already the most that means anything).
pub const MAX_SIDES: usize = 65;
pub const MAX_SCHEDULE: usize = 100_000;
pub const MAX_PREFETCH: u32 = 10_000;

/// What is wrong with a scenario: the field (a JSON path such as `faults[2].node`) and why, as
/// a code with the offending values ([`Reason`]; `Display` says it in English).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct ScenarioError {
    pub field: String,
    pub reason: Reason,
}

fn err(field: impl Into<String>, reason: Reason) -> ScenarioError {
    ScenarioError {
        field: field.into(),
        reason,
    }
}

/// The version a document gives, checked before anything else is read; the rest is skipped.
#[derive(Deserialize)]
struct VersionProbe<'a> {
    #[serde(borrow, default, deserialize_with = "read::present")]
    version: Option<&'a serde_json::value::RawValue>,
}

/// Checks that `text` is a JSON object with `"version": 1`, so that a newer document is refused
/// for its version rather than for the fields this build does not know.
pub(crate) fn check_version(text: &str) -> Result<(), ScenarioError> {
    read::object(text)?;
    let probe: VersionProbe = serde_json::from_str(text).map_err(|e| read::classify(".", e))?;
    match probe.version.map(|v| v.get()) {
        None => Err(err("version", Reason::MissingVersion)),
        Some("1") => Ok(()),
        Some(other) => Err(err(
            "version",
            Reason::Version {
                found: other.chars().take(40).collect(),
            },
        )),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A registered protocol's name: "2pc" or "3pc".
    pub protocol: String,
    /// How many participants (1 to 64).
    pub participants: usize,
    /// Votes that are not YES, by participant name (`{"P2": "no"}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub votes: BTreeMap<String, Vote>,
    #[serde(default = "default_transport")]
    pub transport: Transport,
    #[serde(default)]
    pub latency_ms: Latency,
    /// Queue transport: how many messages a consumer may hold taken and unacknowledged at once
    /// (RabbitMQ's prefetch count). 1 shows queues best; many participants want more, or the
    /// coordinator's votes arrive one hop after another and outlast its timeout.
    #[serde(
        default = "default_prefetch",
        skip_serializing_if = "is_default_prefetch"
    )]
    pub prefetch: u32,
    /// Chance that a message is lost on a hop, 0 to 1.
    #[serde(default)]
    pub drop_rate: f64,
    #[serde(default)]
    pub timeouts_ms: TimeoutsSpec,
    #[serde(default)]
    pub seed: u64,
    #[serde(default = "default_max_time")]
    pub max_time_ms: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<FaultSpec>,
    /// A forced order of what happens next (how an explorer finding is replayed), after the
    /// begin; then the clock takes over again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule: Vec<ScheduleStep>,
}

/// One step of a forced schedule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ScheduleStep {
    /// This message (by id) arrives next: at the broker, or at its receiver.
    Arrive(u32),
    /// This node's timer fires next.
    Fire { node: String, timer: String },
    /// A delayed message in this node's queue may move again.
    Wake(String),
    /// This fault happens next (its trigger fields must be absent).
    Fault(FaultSpec),
}

fn default_transport() -> Transport {
    Transport::Queue
}
fn default_prefetch() -> u32 {
    1
}
fn is_default_prefetch(p: &u32) -> bool {
    *p == 1
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TimeoutsSpec {
    /// How long a coordinator (or a termination leader) waits for votes, ACKs or reports.
    pub coordinator: u64,
    /// How long a participant waits for a vote request or a decision.
    pub participant: u64,
    /// How long before asking or sending again.
    pub retry: u64,
}

impl Default for TimeoutsSpec {
    fn default() -> Self {
        TimeoutsSpec {
            coordinator: 300,
            participant: 500,
            retry: 250,
        }
    }
}

/// The kinds of fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    Drop,
    Duplicate,
    Delay,
    Crash,
    Recover,
    Partition,
    Heal,
    DropRate,
}

/// One scripted fault: when (exactly one of `at_ms`, `after`, `before_event`) and what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<PatternSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_event: Option<u64>,
    pub fault: Option<FaultKind>,
    /// The node to crash or recover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The message to drop, duplicate or delay; if absent, the message of the `after` event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msg: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_ms: Option<u64>,
    /// Partition: the sides, by node name; unnamed nodes form one more side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Vec<String>>>,
    /// Drop rate: the new loss rate, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
}

/// Which events trigger a fault: every given field must match.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PatternSpec {
    /// The event kind: send, enqueue, deliver, ack, requeue, drop, duplicate, delay, timer,
    /// persist, become, crash, recover, partition, heal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Where it happens: the sender of a send, the receiver of a delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The other node: the receiver of a send, the sender of a delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer: Option<String>,
    /// A message, record, state or timer label ("PREPARE", "COMMIT", "READY", ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Fire on the n-th matching event (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nth: Option<u32>,
}

const EVENT_KINDS: &[&str] = &[
    "begin",
    "send",
    "enqueue",
    "deliver",
    "ack",
    "requeue",
    "drop",
    "duplicate",
    "delay",
    "timer",
    "persist",
    "become",
    "crash",
    "recover",
    "partition",
    "heal",
    "drop_rate",
];

impl Scenario {
    /// A scenario with the defaults: every participant votes YES, queue transport, no faults.
    pub fn new(protocol: &str, participants: usize) -> Self {
        Scenario {
            version: VERSION,
            name: None,
            description: None,
            protocol: protocol.to_string(),
            participants,
            votes: BTreeMap::new(),
            transport: Transport::Queue,
            latency_ms: Latency::default(),
            prefetch: default_prefetch(),
            drop_rate: 0.0,
            timeouts_ms: TimeoutsSpec::default(),
            seed: 1,
            max_time_ms: default_max_time(),
            faults: Vec::new(),
            schedule: Vec::new(),
        }
    }

    /// Reads and checks a scenario.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        check_version(text)?;
        let scenario: Scenario = read::from_str(text)?;
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
    pub fn entry(&self) -> Result<&'static Entry, ScenarioError> {
        protocol::find(&self.protocol).ok_or_else(|| {
            err(
                "protocol",
                Reason::UnknownProtocol {
                    name: self.protocol.clone(),
                    known: protocol::PROTOCOLS
                        .iter()
                        .map(|e| e.name)
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            )
        })
    }

    pub fn roster(&self) -> Result<Roster, ScenarioError> {
        let entry = self.entry()?;
        if self.participants == 0 || self.participants > MAX_PARTICIPANTS {
            return Err(err(
                "participants",
                Reason::OutOfRange {
                    value: self.participants as u64,
                    min: 1,
                    max: MAX_PARTICIPANTS as u64,
                },
            ));
        }
        Ok(Roster::new((entry.roles)(self.participants)))
    }

    /// Checks the scenario and resolves it for the simulator.
    pub fn compile(&self) -> Result<Config, ScenarioError> {
        if self.version != VERSION {
            return Err(err(
                "version",
                Reason::Version {
                    found: self.version.to_string(),
                },
            ));
        }
        let entry = self.entry()?;
        let roster = self.roster()?;
        let mut votes = vec![Vote::Yes; roster.len()];
        for (name, vote) in &self.votes {
            let id = node(&roster, name, &format!("votes.{name}"))?;
            if roster.role(id) != crate::model::Role::Participant {
                return Err(err(format!("votes.{name}"), Reason::OnlyParticipantsVote));
            }
            votes[id.index()] = *vote;
        }
        let Latency { min, max } = self.latency_ms;
        duration("latency_ms.max", max)?;
        if min > max {
            return Err(err("latency_ms.min", Reason::MinAboveMax { min, max }));
        }
        let t = self.timeouts_ms;
        for (field, v) in [
            ("timeouts_ms.coordinator", t.coordinator),
            ("timeouts_ms.participant", t.participant),
            ("timeouts_ms.retry", t.retry),
        ] {
            duration(field, v)?;
            if v == 0 {
                return Err(err(field, Reason::Zero));
            }
        }
        if self.max_time_ms == 0 || self.max_time_ms > MAX_TIME_MS {
            return Err(err(
                "max_time_ms",
                Reason::OutOfRange {
                    value: self.max_time_ms,
                    min: 1,
                    max: MAX_TIME_MS,
                },
            ));
        }
        let drop_ppm = rate("drop_rate", self.drop_rate)?;
        if !(1..=MAX_PREFETCH).contains(&self.prefetch) {
            return Err(err(
                "prefetch",
                Reason::OutOfRange {
                    value: self.prefetch.into(),
                    min: 1,
                    max: MAX_PREFETCH.into(),
                },
            ));
        }
        if self.faults.len() > MAX_FAULTS {
            return Err(err(
                "faults",
                Reason::TooMany {
                    count: self.faults.len(),
                    max: MAX_FAULTS,
                },
            ));
        }
        let faults = self
            .faults
            .iter()
            .enumerate()
            .map(|(i, f)| self.fault(entry, &roster, &format!("faults[{i}]"), f))
            .collect::<Result<Vec<_>, _>>()?;
        if self.schedule.len() > MAX_SCHEDULE {
            return Err(err(
                "schedule",
                Reason::TooMany {
                    count: self.schedule.len(),
                    max: MAX_SCHEDULE,
                },
            ));
        }
        let schedule = self
            .schedule
            .iter()
            .enumerate()
            .map(|(i, s)| self.scheduled(entry, &roster, &format!("schedule[{i}]"), s))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Config {
            schedule,
            setup: Setup { roster, votes },
            transport: self.transport,
            latency: (min, max),
            prefetch: self.prefetch,
            drop_ppm,
            timeouts: Timeouts {
                coordinator_ms: t.coordinator,
                participant_ms: t.participant,
                retry_ms: t.retry,
            },
            seed: self.seed,
            max_time_ms: self.max_time_ms,
            faults,
        })
    }

    fn scheduled(
        &self,
        entry: &Entry,
        roster: &Roster,
        at: &str,
        step: &ScheduleStep,
    ) -> Result<Scheduled, ScenarioError> {
        Ok(match step {
            ScheduleStep::Arrive(msg) => Scheduled::Choose(Choice::Arrive { msg: *msg }),
            ScheduleStep::Wake(name) => Scheduled::Choose(Choice::Wake {
                node: node(roster, name, &format!("{at}.wake"))?.0,
            }),
            ScheduleStep::Fire { node: name, timer } => {
                let id = node(roster, name, &format!("{at}.fire.node"))?;
                let known = (entry.timer_labels)();
                if !known.contains(&timer.as_str()) {
                    return Err(err(
                        format!("{at}.fire.timer"),
                        Reason::NotATimer {
                            timer: timer.clone(),
                            protocol: entry.name,
                            known: known.join(", "),
                        },
                    ));
                }
                Scheduled::Choose(Choice::Fire {
                    node: id.0,
                    timer: timer.clone(),
                })
            }
            ScheduleStep::Fault(f) => {
                let field = format!("{at}.fault");
                if f.at_ms.is_some() || f.after.is_some() || f.before_event.is_some() {
                    return Err(err(field, Reason::ScheduledTrigger));
                }
                let mut timed = f.clone();
                timed.before_event = Some(0);
                Scheduled::Inflict(self.fault(entry, roster, &field, &timed)?.fault)
            }
        })
    }

    fn fault(
        &self,
        entry: &Entry,
        roster: &Roster,
        at: &str,
        f: &FaultSpec,
    ) -> Result<Scripted, ScenarioError> {
        let when = match (f.at_ms, &f.after, f.before_event) {
            (Some(t), None, None) => {
                if t > self.max_time_ms {
                    return Err(err(
                        format!("{at}.at_ms"),
                        Reason::AfterEnd {
                            at: t,
                            end: self.max_time_ms,
                        },
                    ));
                }
                Trigger::At(t)
            }
            (None, Some(p), None) => {
                Trigger::After(pattern(entry, roster, &format!("{at}.after"), p)?)
            }
            (None, None, Some(i)) => Trigger::BeforeEvent(i),
            _ => return Err(err(at, Reason::OneTrigger)),
        };
        let kind = f
            .fault
            .ok_or_else(|| err(format!("{at}.fault"), Reason::MissingFault))?;
        let msg = f.msg.map(MsgId);
        let needs_msg = || {
            if msg.is_none() && f.after.is_none() {
                Err(err(format!("{at}.msg"), Reason::MissingMsg))
            } else {
                Ok(())
            }
        };
        let the_node = || {
            let name = f
                .node
                .as_deref()
                .ok_or_else(|| err(format!("{at}.node"), Reason::MissingNode))?;
            node(roster, name, &format!("{at}.node"))
        };
        let fault = match kind {
            FaultKind::Drop => {
                needs_msg()?;
                Fault::Drop(msg)
            }
            FaultKind::Duplicate => {
                needs_msg()?;
                Fault::Duplicate(msg)
            }
            FaultKind::Delay => {
                needs_msg()?;
                let by = f
                    .by_ms
                    .ok_or_else(|| err(format!("{at}.by_ms"), Reason::MissingBy))?;
                duration(&format!("{at}.by_ms"), by)?;
                Fault::Delay(msg, by)
            }
            FaultKind::Crash => Fault::Crash(the_node()?),
            FaultKind::Recover => Fault::Recover(the_node()?),
            FaultKind::Heal => Fault::Heal,
            FaultKind::DropRate => {
                let r = f
                    .rate
                    .ok_or_else(|| err(format!("{at}.rate"), Reason::MissingRate))?;
                Fault::DropRate(rate(&format!("{at}.rate"), r)?)
            }
            FaultKind::Partition => {
                let groups = f
                    .groups
                    .as_ref()
                    .ok_or_else(|| err(format!("{at}.groups"), Reason::MissingGroups))?;
                if groups.len() > MAX_SIDES {
                    return Err(err(
                        format!("{at}.groups"),
                        Reason::TooMany {
                            count: groups.len(),
                            max: MAX_SIDES,
                        },
                    ));
                }
                // Unnamed nodes share one more side, numbered after the named ones.
                let rest = groups.len() as u8 + 1;
                let mut side = vec![rest; roster.len()];
                let mut seen = vec![false; roster.len()];
                for (g, names) in groups.iter().enumerate() {
                    for (k, name) in names.iter().enumerate() {
                        let field = format!("{at}.groups[{g}][{k}]");
                        let id = node(roster, name, &field)?;
                        if std::mem::replace(&mut seen[id.index()], true) {
                            return Err(err(field, Reason::InTwoGroups { name: name.clone() }));
                        }
                        side[id.index()] = g as u8 + 1;
                    }
                }
                Fault::Partition(side)
            }
        };
        Ok(Scripted { when, fault })
    }
}

fn node(roster: &Roster, name: &str, field: &str) -> Result<NodeId, ScenarioError> {
    roster.find(name).ok_or_else(|| {
        let known: Vec<&str> = roster.ids().map(|id| roster.name(id)).collect();
        let shown = if known.len() > 6 {
            format!("{}, ..., {}", known[..4].join(", "), known[known.len() - 1])
        } else {
            known.join(", ")
        };
        err(
            field,
            Reason::UnknownNode {
                name: name.to_string(),
                known: shown,
            },
        )
    })
}

fn duration(field: &str, v: u64) -> Result<(), ScenarioError> {
    if v > MAX_DURATION_MS {
        return Err(err(
            field,
            Reason::TooLong {
                ms: v,
                max: MAX_DURATION_MS,
            },
        ));
    }
    Ok(())
}

/// A probability as parts per million.
fn rate(field: &str, r: f64) -> Result<u32, ScenarioError> {
    if !(0.0..=1.0).contains(&r) {
        return Err(err(
            field,
            Reason::NotProbability {
                value: crate::numtext::float(r),
            },
        ));
    }
    Ok((r * 1_000_000.0).round() as u32)
}

fn pattern(
    entry: &Entry,
    roster: &Roster,
    at: &str,
    p: &PatternSpec,
) -> Result<Pattern, ScenarioError> {
    let kind = match &p.event {
        None => None,
        Some(k) => Some(*EVENT_KINDS.iter().find(|e| **e == k).ok_or_else(|| {
            err(
                format!("{at}.event"),
                Reason::UnknownEvent {
                    name: k.clone(),
                    known: EVENT_KINDS.join(", "),
                },
            )
        })?),
    };
    let label = match &p.label {
        None => None,
        Some(l) => {
            let lists = [
                (entry.message_labels)(),
                (entry.record_labels)(),
                (entry.phase_labels)(),
                (entry.timer_labels)(),
                &["lost", "dropped", "receiver-down", "partitioned"][..],
            ];
            Some(
                lists
                    .iter()
                    .flat_map(|l| l.iter())
                    .find(|x| x.eq_ignore_ascii_case(l))
                    .copied()
                    .ok_or_else(|| {
                        err(
                            format!("{at}.label"),
                            Reason::UnknownLabel {
                                label: l.clone(),
                                protocol: entry.name,
                            },
                        )
                    })?,
            )
        }
    };
    let nth = p.nth.unwrap_or(1);
    if nth == 0 || nth > 1_000_000 {
        return Err(err(
            format!("{at}.nth"),
            Reason::OutOfRange {
                value: nth.into(),
                min: 1,
                max: 1_000_000,
            },
        ));
    }
    Ok(Pattern {
        kind,
        node: p
            .node
            .as_deref()
            .map(|n| node(roster, n, &format!("{at}.node")))
            .transpose()?,
        peer: p
            .peer
            .as_deref()
            .map(|n| node(roster, n, &format!("{at}.peer")))
            .transpose()?,
        label,
        nth,
    })
}
