//! "Can this ever go wrong?": the explorer run over the real protocol engines.
//!
//! [`EngineModel`] turns a scenario's setup (protocol, participants, votes, transport) into a
//! [`Model`]: a state is the simulator's own [`World`], an action is either a choice of what
//! happens next (a message arrives, a timer fires) or a fault taken from a [`Budget`]. The
//! scenario's scripted faults and random loss are left out: the search tries every fault the
//! budget allows instead. A finding's trace becomes a scenario with a forced `schedule`, which
//! the player replays event for event.
//!
//! Each choice is one atomic step of a node (all the effects of one input happen together), so a
//! crash falls between two steps, never inside one.
//!
//! [`World`]: crate::sim::World

mod engine;
pub mod job;
mod options;

pub use engine::{EngineModel, EngineState, Move};
pub use options::{Budget, CheckOptions, Timeouts};

use crate::explorer::{explore_with, Control, ExploreError, Model, Options, Progress};
use crate::i18n::{Lang, Words};
use crate::model::NodeId;
use crate::scenario::{FaultKind, FaultSpec, Scenario, ScenarioError, ScheduleStep};
use crate::sim::{Choice, Fault};
use serde::Serialize;
use std::borrow::Cow;

/// Why a search did not run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// The scenario itself is wrong.
    #[error("{0}")]
    Scenario(ScenarioError),
    /// A property the protocol does not have.
    #[error("unknown property {name:?} (properties: {known})")]
    UnknownProperty { name: String, known: String },
    /// The explorer refused the options.
    #[error("{0}")]
    Explore(ExploreError),
}

impl From<ScenarioError> for CheckError {
    fn from(e: ScenarioError) -> Self {
        CheckError::Scenario(e)
    }
}

impl Words for CheckError {
    fn key(&self) -> Cow<'static, str> {
        match self {
            CheckError::Scenario(_) => "error.check.scenario",
            CheckError::UnknownProperty { .. } => "error.check.unknown_property",
            CheckError::Explore(ExploreError::OverBudget { .. }) => "error.check.over_budget",
            CheckError::Explore(ExploreError::NoSymmetry) => "error.check.no_symmetry",
            CheckError::Explore(ExploreError::ZeroMaxStates) => "error.check.zero_max_states",
        }
        .into()
    }
    fn args(&self, lang: Lang) -> Vec<(&'static str, String)> {
        match self {
            CheckError::Scenario(e) => vec![("error", e.say(lang))],
            CheckError::UnknownProperty { name, known } => {
                vec![("name", name.clone()), ("known", known.clone())]
            }
            CheckError::Explore(ExploreError::OverBudget { estimate, budget }) => vec![
                ("estimate", estimate.to_string()),
                ("budget", budget.to_string()),
            ],
            CheckError::Explore(_) => vec![],
        }
    }
}

/// The reachability property every search looks for: a node blocked in doubt that nothing the
/// budget still allows can unblock.
pub const CAN_BLOCK: &str = "can-block";

/// The properties a search of `scenario`'s protocol can look for: its invariants, then
/// [`CAN_BLOCK`].
pub fn property_names(scenario: &Scenario) -> Result<Vec<&'static str>, ScenarioError> {
    let cfg = scenario.compile()?;
    let invariants = cfg.engine.watch(&cfg.setup).invariants();
    Ok(invariants
        .iter()
        .map(|i| i.0)
        .chain(std::iter::once(CAN_BLOCK))
        .collect())
}

/// What a search found, without the protocol's types.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckReport {
    pub distinct_states: u64,
    pub generated: u64,
    pub depth: u32,
    pub complete: bool,
    /// The search stopped because every property looked for had a finding.
    pub stopped_at_findings: bool,
    pub findings: Vec<CheckFinding>,
    /// Bytes the search held for its seen-set, parent links and frontier at the peak.
    pub memory_bytes: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckFinding {
    /// `agreement`, `irrevocability`, `validity`, `durability` or `can-block`.
    pub property: &'static str,
    /// A violation or a witness.
    pub kind: crate::explorer::PropertyKind,
    /// The shortest run to it, one label per move.
    pub trace: Vec<String>,
    /// The run as a scenario the player replays: the setup plus a forced schedule.
    pub scenario: Scenario,
}

/// Searches every run of `scenario`'s setup within the options' budget.
pub fn check(scenario: &Scenario, options: &CheckOptions) -> Result<CheckReport, CheckError> {
    check_with(scenario, options, &mut |_| Control::Continue)
}

/// [`check`], reporting progress as [`explore_with`] does (a [`Control::Stop`] leaves the
/// report incomplete).
pub fn check_with(
    scenario: &Scenario,
    options: &CheckOptions,
    progress: &mut dyn FnMut(Progress) -> Control,
) -> Result<CheckReport, CheckError> {
    let known = property_names(scenario)?;
    if let Some(unknown) = options
        .properties
        .iter()
        .find(|w| !known.contains(&w.as_str()))
    {
        return Err(CheckError::UnknownProperty {
            name: unknown.clone(),
            known: known.join(", "),
        });
    }
    let model = EngineModel::new(scenario, options)?;
    let report = explore_with(
        &model,
        &Options {
            max_states: options.max_states,
            stop_when_all_found: options.stop_when_found,
            sleep_sets: options.sleep_sets,
            ..Options::default()
        },
        progress,
    )
    .map_err(CheckError::Explore)?;
    let roster = model.cfg.setup.roster.clone();
    let timers = model.cfg.engine.labels(crate::protocol::Sort::Timer);
    let findings = report
        .findings
        .iter()
        .map(|f| {
            let moves: Vec<&Move> = f.trace.steps.iter().map(|s| &s.action).collect();
            let mut replay = scenario.clone();
            replay.faults.clear();
            replay.drop_rate = 0.0;
            replay.name = Some(format!(
                "{}-{}",
                scenario.name.as_deref().unwrap_or(&scenario.protocol),
                f.property
            ));
            replay.schedule = moves
                .iter()
                .flat_map(|m| schedule_steps(&roster, timers, m))
                .collect();
            CheckFinding {
                property: f.property,
                kind: f.kind,
                trace: f
                    .trace
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, step)| {
                        let before = match i {
                            0 => &f.trace.init,
                            _ => &f.trace.steps[i - 1].state,
                        };
                        model.step_label(before, &step.action)
                    })
                    .collect(),
                scenario: replay,
            }
        })
        .collect();
    Ok(CheckReport {
        distinct_states: report.distinct_states,
        generated: report.generated,
        depth: report.depth,
        complete: report.complete,
        stopped_at_findings: options.stop_when_found
            && !report.complete
            && report.findings.len() == model.properties().len(),
        findings,
        memory_bytes: report.memory.total(),
    })
}

/// A move as the schedule steps that replay it (a crash within a step arms the crash first).
fn schedule_steps(
    roster: &crate::model::Roster,
    timers: &'static [&'static str],
    m: &Move,
) -> Vec<ScheduleStep> {
    match m {
        Move::CrashWithin {
            choice,
            node,
            after,
        } => vec![
            ScheduleStep::CrashWithin {
                node: roster.name(*node).to_string(),
                after: *after,
            },
            schedule_step(roster, timers, &Move::Choose(*choice)),
        ],
        m => vec![schedule_step(roster, timers, m)],
    }
}

fn schedule_step(
    roster: &crate::model::Roster,
    timers: &'static [&'static str],
    m: &Move,
) -> ScheduleStep {
    let name = |id: NodeId| roster.name(id).to_string();
    let fault = |kind: FaultKind| FaultSpec {
        fault: Some(kind),
        ..FaultSpec::default()
    };
    match m {
        Move::Choose(Choice::Arrive { msg }) => ScheduleStep::Arrive(*msg),
        Move::Choose(Choice::Fire { node, timer }) => ScheduleStep::Fire {
            node: name(NodeId(*node)),
            timer: crate::model::code::label_of(timers, *timer).to_string(),
            arg: timer.arg,
        },
        Move::Choose(Choice::Wake { node }) => ScheduleStep::Wake(name(NodeId(*node))),
        // Its choice; `schedule_steps` arms the crash before it.
        Move::CrashWithin { choice, .. } => schedule_step(roster, timers, &Move::Choose(*choice)),
        Move::Inflict(f) => ScheduleStep::Fault(match f {
            Fault::Drop(id) => FaultSpec {
                msg: id.map(|i| i.0),
                ..fault(FaultKind::Drop)
            },
            Fault::Duplicate(id) => FaultSpec {
                msg: id.map(|i| i.0),
                ..fault(FaultKind::Duplicate)
            },
            Fault::Delay(id, by) => FaultSpec {
                msg: id.map(|i| i.0),
                by_ms: Some(*by),
                ..fault(FaultKind::Delay)
            },
            Fault::Crash(n) => FaultSpec {
                node: Some(name(*n)),
                ..fault(FaultKind::Crash)
            },
            Fault::Recover(n) => FaultSpec {
                node: Some(name(*n)),
                ..fault(FaultKind::Recover)
            },
            Fault::Partition(groups) => FaultSpec {
                groups: Some(
                    [0u8, 1]
                        .iter()
                        .map(|g| {
                            roster
                                .ids()
                                .filter(|id| groups[id.index()] == *g)
                                .map(name)
                                .collect()
                        })
                        .collect(),
                ),
                ..fault(FaultKind::Partition)
            },
            Fault::Heal => fault(FaultKind::Heal),
            Fault::DropRate(ppm) => FaultSpec {
                rate: Some(*ppm as f64 / 1_000_000.0),
                ..fault(FaultKind::DropRate)
            },
        }),
    }
}
