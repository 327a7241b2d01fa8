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

pub mod job;

use crate::explorer::{explore_with, Control, ExploreError, Model, Options, Progress, Property};
use crate::i18n::{Lang, Words};
use crate::model::{MsgId, NodeId};
use crate::protocol::watch::Invariant;
use crate::scenario::{FaultKind, FaultSpec, Scenario, ScenarioError, ScheduleStep};
use crate::sim::{Choice, Config, Fault, World};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

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

/// How many faults of each kind a search may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Budget {
    pub drops: u8,
    pub duplicates: u8,
    pub crashes: u8,
    pub recoveries: u8,
    /// Network splits (healing is free).
    pub partitions: u8,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            drops: 0,
            duplicates: 0,
            crashes: 1,
            recoveries: 0,
            partitions: 0,
        }
    }
}

/// When timers may fire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeouts {
    /// Only when no message can be delivered any more: timeouts are accurate, as 3PC assumes
    /// (a node times out only on a peer that has really crashed or been cut off).
    Accurate,
    /// At any moment: an asynchronous network, where a timeout may be premature.
    Any,
}

/// What to search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckOptions {
    pub budget: Budget,
    pub timeouts: Timeouts,
    pub max_states: Option<u64>,
    /// A state constraint, as in TLC: states with more messages than this on links and in
    /// queues are not explored further. Without it a node that keeps asking a crashed peer
    /// makes the state space infinite. `None`: twice the number of nodes.
    pub max_messages: Option<usize>,
    /// Which properties to look for (by name: agreement, irrevocability, validity, durability,
    /// can-block); empty for all.
    pub properties: Vec<String>,
    /// Stop once every property looked for has a finding (each is still a shortest run).
    pub stop_when_found: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            budget: Budget::default(),
            timeouts: Timeouts::Accurate,
            max_states: Some(2_000_000),
            max_messages: None,
            properties: Vec::new(),
            stop_when_found: false,
        }
    }
}

/// One move of the search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Move {
    Choose(Choice),
    Inflict(Fault),
}

/// A state of the search: the world, and the faults still allowed.
#[derive(Clone, Debug)]
pub struct EngineState {
    pub world: World,
    pub left: Budget,
}

impl Hash for EngineState {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.world.hash_logical(h);
        self.left.hash(h);
    }
}

impl PartialEq for EngineState {
    fn eq(&self, other: &Self) -> bool {
        self.left == other.left && self.world.same_logical(&other.world)
    }
}
impl Eq for EngineState {}

pub struct EngineModel {
    cfg: Arc<Config>,
    budget: Budget,
    timeouts: Timeouts,
    max_messages: usize,
    wanted: Vec<String>,
    /// Every way to split the nodes in two (group per node).
    splits: Vec<Vec<u8>>,
    /// The invariants the protocol checks.
    invariants: &'static [Invariant],
}

impl EngineModel {
    /// The model of a scenario's setup. Its scripted faults, schedule and random loss are
    /// dropped: the search chooses faults itself.
    pub fn new(scenario: &Scenario, options: &CheckOptions) -> Result<Self, ScenarioError> {
        let mut setup = scenario.clone();
        setup.faults.clear();
        setup.schedule.clear();
        setup.drop_rate = 0.0;
        let cfg = setup.compile()?;
        let n = cfg.setup.roster.len();
        // Node 0 stays on side 0; every other subset of the rest forms side 1.
        let splits = (1..(1u64 << (n - 1)))
            .map(|mask| {
                (0..n)
                    .map(|i| {
                        if i > 0 && mask & (1 << (i - 1)) != 0 {
                            1
                        } else {
                            0
                        }
                    })
                    .collect()
            })
            .collect();
        Ok(EngineModel {
            budget: options.budget,
            timeouts: options.timeouts,
            max_messages: options.max_messages.unwrap_or(2 * n),
            wanted: options.properties.clone(),
            splits,
            invariants: cfg.engine.watch(&cfg.setup).invariants(),
            cfg: Arc::new(cfg),
        })
    }
}

fn invariant_holds(s: &EngineState, which: Invariant) -> bool {
    s.world
        .monitor()
        .violations()
        .iter()
        .all(|v| v.invariant != which)
}

/// A participant is blocked, and nothing the budget still allows can unblock it: no recovery is
/// left and the network is whole.
fn stuck_in_doubt(s: &EngineState) -> bool {
    s.left.recoveries == 0
        && s.world.groups().iter().all(|&g| g == 0)
        && !s.world.blocked().is_empty()
}

impl Model for EngineModel {
    type State = EngineState;
    type Action = Move;

    fn init_states(&self) -> Vec<Self::State> {
        let mut world = World::new(self.cfg.clone());
        world.begin();
        vec![EngineState {
            world,
            left: self.budget,
        }]
    }

    fn actions(&self, s: &Self::State, out: &mut Vec<Move>) {
        let w = &s.world;
        if w.messages_in_play().len() > self.max_messages {
            return;
        }
        let timers_may_fire = self.timeouts == Timeouts::Any || !w.deliverable();
        for c in w.choices() {
            if matches!(c, Choice::Fire { .. }) && !timers_may_fire {
                continue;
            }
            out.push(Move::Choose(c));
        }
        let in_play = || w.messages_in_play();
        if s.left.drops > 0 {
            out.extend(
                in_play()
                    .into_iter()
                    .map(|id| Move::Inflict(Fault::Drop(Some(id)))),
            );
        }
        if s.left.duplicates > 0 {
            out.extend(
                in_play()
                    .into_iter()
                    .map(|id| Move::Inflict(Fault::Duplicate(Some(id)))),
            );
        }
        let ids = self.cfg.setup.roster.ids();
        for id in ids {
            let up = w.nodes()[id.index()].up;
            if up && s.left.crashes > 0 {
                out.push(Move::Inflict(Fault::Crash(id)));
            }
            if !up && s.left.recoveries > 0 {
                out.push(Move::Inflict(Fault::Recover(id)));
            }
        }
        let whole = w.groups().iter().all(|&g| g == 0);
        if whole && s.left.partitions > 0 {
            out.extend(
                self.splits
                    .iter()
                    .map(|g| Move::Inflict(Fault::Partition(g.clone()))),
            );
        }
        if !whole {
            out.push(Move::Inflict(Fault::Heal));
        }
    }

    fn next_state(&self, s: &Self::State, m: &Move) -> Option<Self::State> {
        let mut next = s.clone();
        match m {
            Move::Choose(c) => {
                next.world.force(c)?;
            }
            Move::Inflict(f) => {
                let left = &mut next.left;
                let counter = match f {
                    Fault::Drop(_) => Some(&mut left.drops),
                    Fault::Duplicate(_) => Some(&mut left.duplicates),
                    Fault::Crash(_) => Some(&mut left.crashes),
                    Fault::Recover(_) => Some(&mut left.recoveries),
                    Fault::Partition(_) => Some(&mut left.partitions),
                    Fault::Heal | Fault::Delay(..) | Fault::DropRate(_) => None,
                };
                if let Some(c) = counter {
                    *c = c.checked_sub(1)?;
                }
                next.world.inflict(f.clone());
            }
        }
        Some(next)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        let mut all: Vec<Property<Self>> = self
            .invariants
            .iter()
            .map(|&inv| Property::invariant(inv.0, move |_, s| invariant_holds(s, inv)))
            .collect();
        all.push(Property::reachable(CAN_BLOCK, |_, s| stuck_in_doubt(s)));
        all.into_iter()
            .filter(|p| self.wanted.is_empty() || self.wanted.iter().any(|w| w == p.name))
            .collect()
    }

    fn action_label(&self, m: &Move) -> String {
        let roster = &self.cfg.setup.roster;
        let name = |n: u8| roster.name(NodeId(n)).to_string();
        match m {
            Move::Choose(Choice::Arrive { msg }) => format!("arrive {}", MsgId(*msg)),
            Move::Choose(Choice::Fire { node, timer, arg }) => match arg {
                0 => format!("fire {} {timer}", name(*node)),
                n => format!("fire {} {timer} {n}", name(*node)),
            },
            Move::Choose(Choice::Wake { node }) => format!("wake {}", name(*node)),
            Move::Inflict(f) => match f {
                Fault::Drop(id) => format!("drop {}", id.map_or("?".into(), |i| i.to_string())),
                Fault::Duplicate(id) => {
                    format!("duplicate {}", id.map_or("?".into(), |i| i.to_string()))
                }
                Fault::Crash(n) => format!("crash {}", roster.name(*n)),
                Fault::Recover(n) => format!("recover {}", roster.name(*n)),
                Fault::Partition(g) => format!("partition {}", sides(roster, g)),
                Fault::Heal => "heal".into(),
                Fault::Delay(..) | Fault::DropRate(_) => format!("{f:?}"),
            },
        }
    }
}

fn sides(roster: &crate::model::Roster, groups: &[u8]) -> String {
    let side = |g: u8| {
        roster
            .ids()
            .filter(|id| groups[id.index()] == g)
            .map(|id| roster.name(id).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("{{{}}} | {{{}}}", side(0), side(1))
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
            ..Options::default()
        },
        progress,
    )
    .map_err(CheckError::Explore)?;
    let roster = model.cfg.setup.roster.clone();
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
            replay.schedule = moves.iter().map(|m| schedule_step(&roster, m)).collect();
            CheckFinding {
                property: f.property,
                kind: f.kind,
                trace: moves.iter().map(|m| model.action_label(m)).collect(),
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

fn schedule_step(roster: &crate::model::Roster, m: &Move) -> ScheduleStep {
    let name = |id: NodeId| roster.name(id).to_string();
    let fault = |kind: FaultKind| FaultSpec {
        fault: Some(kind),
        ..FaultSpec::default()
    };
    match m {
        Move::Choose(Choice::Arrive { msg }) => ScheduleStep::Arrive(*msg),
        Move::Choose(Choice::Fire { node, timer, arg }) => ScheduleStep::Fire {
            node: name(NodeId(*node)),
            timer: timer.clone(),
            arg: *arg,
        },
        Move::Choose(Choice::Wake { node }) => ScheduleStep::Wake(name(NodeId(*node))),
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
