//! TxScope: watch and break distributed transactions.
//!
//! The core is plain Rust: protocols are sans-IO state machines ([`protocol`]), run by a
//! deterministic simulator ([`sim`]) from a versioned [`scenario::Scenario`]. A
//! [`session::Session`] records the whole run and lets you travel in it.
//!
//! ```
//! use txscope::{presets, session, report::Report};
//!
//! // A scenario (here a preset) fixes everything: protocol, votes, latencies, seed, faults.
//! let scenario = presets::preset("2pc-coordinator-crash-in-doubt").unwrap();
//! // Running it records every event; the cursor ends up after the last one.
//! let mut run = session::start(&scenario, 100_000).unwrap();
//! let end = run.cursor();
//! assert!(run.nodes().iter().all(|n| n.decision == Some(txscope::protocol::commit::ABORT)));
//!
//! // Travel back to the moment the coordinator crashed: every participant is blocked.
//! let crash = (0..end).find(|&i| run.event(i).unwrap().kind == txscope::model::EventKind::Crash).unwrap();
//! run.seek(crash + 1);
//! let blocked: Vec<String> = run.nodes().into_iter().filter(|n| n.blocked).map(|n| n.name).collect();
//! assert_eq!(blocked, ["P1", "P2", "P3"]);
//!
//! // Back at the end: the coordinator recovered, found no decision in its log and aborted.
//! run.seek(end);
//! let report = Report::of(run.as_ref(), 100_000, false);
//! assert!(report.violations.is_empty() && report.terminated && report.blocked.is_empty());
//! ```
pub mod check;
pub mod doc;
pub mod explorer;
pub mod export;
pub mod i18n;
pub mod lessons;
pub mod model;
pub mod numtext;
pub mod presets;
pub mod pretty;
pub mod protocol;
pub mod report;
pub mod scenario;
pub mod session;
pub mod share;
pub mod sim;
pub mod sorted;
pub mod view;
#[cfg(feature = "web")]
pub mod web;
