//! A run as a file: the scenario and the trace it produced, as versioned JSON.
//!
//! ```json
//! {"format": "txscope-run", "version": 1, "max_events": 20000,
//!  "scenario": {"version": 1, "protocol": "2pc", ...},
//!  "events": [{"index": 0, "time": 0, "kind": "begin", "text": "..."},
//!             {"index": 2, "time": 0, "kind": "send", "node": "C", "peer": "P1", "msg": 0,
//!              "label": "PREPARE", "text": "C sends PREPARE to P1 (m0)"}, ...]}
//! ```
//!
//! [`import`] checks the format, the version and the scenario, then re-runs the scenario and
//! compares every event with the file's (index, time, kind, node, peer, message id, label), so a
//! trace that was edited, or made by a different simulator, is reported with the first event
//! that differs. `text` is there for people reading the file and is not compared.
//!
//! ```
//! use txscope::{export, presets, session};
//! let scenario = presets::preset("2pc-vote-no").unwrap();
//! let run = session::start(&scenario, 1000).unwrap();
//! let file = export::export(run.as_ref(), 1000);
//! let back = export::import(&file).unwrap();
//! assert_eq!(back.run.len(), run.len());
//! let tampered = file.replacen("\"NO\"", "\"YES\"", 1);
//! assert!(matches!(export::import(&tampered), Err(export::ImportError::Mismatch { .. })));
//! ```

use crate::i18n::Words;
use crate::i18n::{self, Lang};
use crate::scenario::{read, Reason, Scenario, ScenarioError};
use crate::session::{self, EventView, Run};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "txscope-run";
pub const VERSION: u32 = 1;
/// The largest file [`import`] reads.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// The most events a file may ask to re-run.
pub const MAX_EVENTS: usize = 1_000_000;

/// One event as the file stores it; nodes by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEvent {
    pub index: usize,
    pub time: u64,
    pub kind: crate::model::EventKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msg: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The English sentence, for people reading the file (not compared on import).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

impl FileEvent {
    fn of(e: &EventView, run: &dyn Run) -> FileEvent {
        let name = |id: crate::model::NodeId| run.roster().name(id).to_string();
        FileEvent {
            index: e.index,
            time: e.time,
            kind: e.kind,
            node: e.node.map(name),
            peer: e.peer.map(name),
            msg: e.msg.map(|m| m.0),
            label: e.label.map(str::to_string),
            text: e.text.clone(),
        }
    }

    /// The first field that differs from `other` (text aside): (field, ours, theirs).
    fn differs(&self, other: &FileEvent) -> Option<(&'static str, String, String)> {
        let show = |o: &Option<String>| o.clone().unwrap_or_else(|| "nothing".into());
        if self.time != other.time {
            return Some(("time", self.time.to_string(), other.time.to_string()));
        }
        if self.kind != other.kind {
            return Some(("kind", self.kind.name().into(), other.kind.name().into()));
        }
        if self.node != other.node {
            return Some(("node", show(&self.node), show(&other.node)));
        }
        if self.peer != other.peer {
            return Some(("peer", show(&self.peer), show(&other.peer)));
        }
        if self.msg != other.msg {
            let m = |m: Option<u32>| m.map_or("nothing".into(), |m| format!("m{m}"));
            return Some(("msg", m(self.msg), m(other.msg)));
        }
        if self.label != other.label {
            return Some(("label", show(&self.label), show(&other.label)));
        }
        None
    }
}

/// A run file as written.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u32,
    max_events: usize,
    scenario: &'a Scenario,
    events: Vec<FileEvent>,
}

/// A run file as read: the scenario is kept as text and read by [`Scenario::from_json`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// Checked first, by [`Probe`].
    #[serde(rename = "format")]
    _format: serde::de::IgnoredAny,
    #[serde(rename = "version")]
    _version: serde::de::IgnoredAny,
    max_events: usize,
    scenario: Box<serde_json::value::RawValue>,
    events: Vec<FileEvent>,
}

/// The format and version a file gives, read before the rest (which is skipped).
#[derive(Deserialize)]
struct Probe<'a> {
    #[serde(borrow, default, deserialize_with = "read::present")]
    format: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow, default, deserialize_with = "read::present")]
    version: Option<&'a serde_json::value::RawValue>,
}

/// A run read back from a file: its scenario, re-run (cursor at the end).
pub struct Imported {
    pub scenario: Scenario,
    pub run: Box<dyn Run>,
    pub max_events: usize,
}

impl std::fmt::Debug for Imported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Imported")
            .field("scenario", &self.scenario)
            .field("events", &self.run.len())
            .field("max_events", &self.max_events)
            .finish()
    }
}

/// What is wrong with a run file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is {len} bytes; at most {max}")]
    TooLarge { len: usize, max: usize },
    #[error("not valid JSON: {reason}")]
    NotJson { reason: Reason },
    #[error("format: {found} (expected \"txscope-run\")")]
    Format { found: String },
    #[error("version: {found} (this build reads version 1)")]
    Version { found: String },
    #[error("{field}: {reason}")]
    Field { field: String, reason: Reason },
    #[error("scenario.{}: {}", .0.field, .0.reason)]
    Scenario(ScenarioError),
    #[error("the file has {file} events; re-running its scenario gives {rerun}")]
    Length { file: usize, rerun: usize },
    #[error("events[{index}].{field}: the file says {file}, re-running gives {rerun}")]
    Mismatch {
        index: usize,
        field: &'static str,
        file: String,
        rerun: String,
    },
}

impl ImportError {
    /// The error as a sentence in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let n = |v: &usize| v.to_string();
        match self {
            ImportError::TooLarge { len, max } => i18n::tf(
                lang,
                "error.export.too_large",
                &[("len", &n(len)), ("max", &n(max))],
            ),
            ImportError::NotJson { reason } => i18n::tf(
                lang,
                "error.export.json",
                &[("reason", &reason.message(lang))],
            ),
            ImportError::Format { found } => {
                i18n::tf(lang, "error.export.format", &[("found", found)])
            }
            ImportError::Version { found } => {
                i18n::tf(lang, "error.export.version", &[("found", found)])
            }
            ImportError::Field { field, reason } => i18n::tf(
                lang,
                "error.export.field",
                &[("field", field), ("reason", &reason.message(lang))],
            ),
            ImportError::Scenario(e) => {
                i18n::tf(lang, "error.export.scenario", &[("error", &e.say(lang))])
            }
            ImportError::Length { file, rerun } => i18n::tf(
                lang,
                "error.export.length",
                &[("file", &n(file)), ("rerun", &n(rerun))],
            ),
            ImportError::Mismatch {
                index,
                field,
                file,
                rerun,
            } => i18n::tf(
                lang,
                "error.export.mismatch",
                &[
                    ("index", &n(index)),
                    ("field", field),
                    ("file", file),
                    ("rerun", rerun),
                ],
            ),
        }
    }
}

/// The events of a run, as the file stores them.
pub fn events(run: &dyn Run) -> Vec<FileEvent> {
    (0..run.len())
        .filter_map(|i| run.event(i))
        .map(|e| FileEvent::of(&e, run))
        .collect()
}

/// The whole recorded run (whatever the cursor) as a file. `max_events` is the limit the run
/// was made with, so that re-running stops at the same place.
pub fn export(run: &dyn Run, max_events: usize) -> String {
    let file = FileOut {
        format: FORMAT,
        version: VERSION,
        max_events,
        scenario: run.scenario(),
        events: events(run),
    };
    crate::pretty::indent(&serde_json::to_string(&file).expect("a run file always serializes"))
}

/// Reads a run file, re-runs its scenario and checks the trace is the one the scenario gives.
pub fn import(text: &str) -> Result<Imported, ImportError> {
    if text.len() > MAX_BYTES {
        return Err(ImportError::TooLarge {
            len: text.len(),
            max: MAX_BYTES,
        });
    }
    let not_json = |e: ScenarioError| match e.reason {
        Reason::NotJson { .. } => ImportError::NotJson { reason: e.reason },
        _ => ImportError::Format {
            found: "missing".into(),
        },
    };
    read::object(text).map_err(not_json)?;
    let probe: Probe = serde_json::from_str(text).map_err(|e| not_json(read::classify(".", e)))?;
    let shown = |v: Option<&serde_json::value::RawValue>| {
        v.map_or_else(|| "missing".into(), |v| shorten(v.get()))
    };
    if probe.format.map(|f| f.get()) != Some("\"txscope-run\"") {
        return Err(ImportError::Format {
            found: shown(probe.format),
        });
    }
    if probe.version.map(|v| v.get()) != Some("1") {
        return Err(ImportError::Version {
            found: shown(probe.version),
        });
    }
    let file: File = read::from_str(text).map_err(|e| ImportError::Field {
        field: e.field,
        reason: e.reason,
    })?;
    if file.max_events == 0 || file.max_events > MAX_EVENTS {
        return Err(ImportError::Field {
            field: "max_events".into(),
            reason: Reason::OutOfRange {
                value: file.max_events as u64,
                min: 1,
                max: MAX_EVENTS as u64,
            },
        });
    }
    if file.events.len() > file.max_events {
        return Err(ImportError::Field {
            field: "events".into(),
            reason: Reason::MoreEvents {
                events: file.events.len(),
                max: file.max_events,
            },
        });
    }
    for (i, e) in file.events.iter().enumerate() {
        if e.index != i {
            return Err(ImportError::Field {
                field: format!("events[{i}].index"),
                reason: Reason::NotInOrder {
                    found: e.index,
                    expected: i,
                },
            });
        }
    }
    let scenario = Scenario::from_json(file.scenario.get()).map_err(ImportError::Scenario)?;
    let run = session::start(&scenario, file.max_events).map_err(ImportError::Scenario)?;
    let rerun = events(run.as_ref());
    for (ours, theirs) in file.events.iter().zip(&rerun) {
        if let Some((field, file, rerun)) = ours.differs(theirs) {
            return Err(ImportError::Mismatch {
                index: ours.index,
                field,
                file: shorten(&file),
                rerun,
            });
        }
    }
    if file.events.len() != rerun.len() {
        return Err(ImportError::Length {
            file: file.events.len(),
            rerun: rerun.len(),
        });
    }
    Ok(Imported {
        scenario,
        run,
        max_events: file.max_events,
    })
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 60 {
        let head: String = s.chars().take(60).collect();
        format!("{head}…")
    } else {
        s.to_string()
    }
}
