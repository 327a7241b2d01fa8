//! Exhaustive state-space exploration, the way TLC does it.
//!
//! A [`Model`] is a transition system with properties. [`explore`] visits every reachable state
//! breadth first, stores each one as a 64-bit fingerprint plus a compact parent link (about
//! 10–12 bytes a state), and reports counts as TLC does (distinct states, states generated,
//! depth) with a shortest trace for each property that has a finding.
//!
//! ```
//! use txscope::explorer::{explore, models::TwoPhase, Options};
//!
//! // Gray & Lamport's TwoPhase.tla with RM = {r1, r2, r3}, as in tlaplus/Examples' TwoPhase.cfg.
//! let report = explore(&TwoPhase::new(3).unwrap(), &Options::default()).unwrap();
//! assert_eq!(report.distinct_states, 288); // TLC: 288 distinct states
//! assert_eq!(report.generated, 1146); //        1146 states generated
//! assert_eq!(report.depth, 11); //              depth 11
//! assert!(report.complete && report.findings.is_empty());
//! ```
//!
//! Modules: [`model`] (the trait), [`search`] (the breadth-first search), [`fingerprint`] and
//! [`fpset`] (state identity and the set of seen states), [`store`] (parent links and the
//! frontier), [`models`] (the reference specs), [`cli`] (what `txscope check` prints).

pub mod cli;
pub mod fingerprint;
pub mod fpset;
pub mod model;
pub mod models;
pub mod search;
pub mod store;

pub use model::{Model, Property, PropertyKind};
pub use search::{
    explore, explore_with, Control, ExploreError, Finding, MemoryUse, Options, Progress, Report,
    ReportOf, Step, Trace, PROGRESS_EVERY,
};
