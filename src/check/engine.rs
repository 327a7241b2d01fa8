//! The real protocol engines as the explorer's [`Model`]: a state is the simulator's own
//! [`World`] with the faults still allowed, a move is a choice of what happens next or a fault.

use super::{Budget, CheckOptions, Timeouts, CAN_BLOCK};
use crate::explorer::{Model, Property};
use crate::model::{code::label_of, Hop, MsgId, NodeId};
use crate::protocol::watch::Invariant;
use crate::protocol::Sort;
use crate::scenario::{Scenario, ScenarioError};
use crate::sim::{Choice, Config, Fault, World};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// One move of the search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Move {
    Choose(Choice),
    Inflict(Fault),
    /// The choice happens, and `node` crashes right after `after` of its own events in it
    /// (for protocols whose steps the explorer may cut: see `Engine::crashes_within_steps`).
    CrashWithin {
        choice: Choice,
        node: NodeId,
        after: u32,
    },
}

/// How deep into a step a crash may fall: a delivery, its local commit, its acknowledgement
/// and the state change after them.
const MOST_EVENTS_WITHIN: u32 = 4;

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
    pub(super) cfg: Arc<Config>,
    budget: Budget,
    timeouts: Timeouts,
    max_messages: usize,
    wanted: Vec<String>,
    /// How many nodes the setup has (the splits are made from it when a partition is tried).
    nodes: usize,
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
        Ok(EngineModel {
            budget: options.budget,
            timeouts: options.timeouts,
            max_messages: options.max_messages.unwrap_or(2 * n),
            wanted: options.properties.clone(),
            nodes: n,
            invariants: cfg.engine.watch(&cfg.setup).invariants(),
            cfg: Arc::new(cfg),
        })
    }
}

impl EngineModel {
    /// The nodes whose state, timers or queue `choice` may read or change, as a bit per node;
    /// `None` when it may reach further (then it is independent of nothing).
    ///
    /// A delivery runs its receiver's handler; what the handler sends goes onto new links,
    /// which no other pending step reads. A hop to the broker puts the message into its
    /// receiver's queue (and runs the sender's handler when it asked for a confirm). A timer
    /// runs its node's handler; with accurate timeouts it may fire only while nothing can be
    /// delivered, so what it sends may disable another node's timer: dependent then. A step of
    /// the broker's own node may put messages into any queue, and every hand-over from a queue
    /// reads whether that node is up: dependent on everything.
    fn footprint(&self, w: &World, choice: &Choice) -> Option<u64> {
        let bit = |n: NodeId| 1u64.checked_shl(n.0 as u32);
        let broker = self.cfg.setup.roster.broker();
        let nodes = match *choice {
            Choice::Arrive { msg } => {
                let f = w.flights().get(&MsgId(msg))?;
                let mut nodes = bit(f.to)?;
                if f.hop == Hop::ToBroker && f.confirm {
                    nodes |= bit(f.from)?;
                }
                nodes
            }
            Choice::Fire { node, .. } if self.timeouts == Timeouts::Any => bit(NodeId(node))?,
            Choice::Fire { .. } => return None,
            Choice::Wake { node } => bit(NodeId(node))?,
        };
        match broker {
            Some(b) if nodes & bit(b)? != 0 => None,
            _ => Some(nodes),
        }
    }
}

/// Every way to split `n` nodes in two, as a group per node: node 0 stays on side 0, every
/// non-empty subset of the others forms side 1. Made as they are tried, never all at once: there
/// are 2^(n-1) - 1 of them (the search's estimate refuses a budget where that is too many).
fn splits(n: usize) -> impl Iterator<Item = Vec<u8>> {
    (1..1u128 << (n.max(1) - 1).min(127)).map(move |mask| {
        (0..n)
            .map(|i| u8::from(i > 0 && mask & (1 << (i - 1)) != 0))
            .collect()
    })
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

    /// The messages on links and in queues: the state constraint.
    fn load(&self, s: &Self::State) -> u64 {
        let count = s.world.count_in_play();
        debug_assert_eq!(count, s.world.messages_in_play().len());
        count as u64
    }

    fn max_load(&self) -> u64 {
        self.max_messages as u64
    }

    /// Two choices are independent when they are steps of different nodes that touch nothing
    /// in common: see [`EngineModel::footprint`]. Faults never are.
    fn independent(&self, s: &Self::State, a: &Move, b: &Move) -> bool {
        let (Move::Choose(a), Move::Choose(b)) = (a, b) else {
            return false;
        };
        match (self.footprint(&s.world, a), self.footprint(&s.world, b)) {
            (Some(x), Some(y)) => x & y == 0,
            _ => false,
        }
    }

    fn actions(&self, s: &Self::State, out: &mut Vec<Move>) {
        let w = &s.world;
        let in_play = w.messages_in_play();
        if in_play.len() > self.max_messages {
            return;
        }
        let timers_may_fire = self.timeouts == Timeouts::Any || !w.deliverable();
        let within = s.left.crashes > 0 && self.cfg.engine.crashes_within_steps();
        for c in w.choices() {
            if matches!(c, Choice::Fire { .. }) && !timers_may_fire {
                continue;
            }
            if within {
                let nodes: Vec<NodeId> = match c {
                    Choice::Fire { node, .. } => vec![NodeId(node)],
                    Choice::Arrive { .. } => self.cfg.setup.roster.ids().collect(),
                    Choice::Wake { .. } => Vec::new(),
                };
                for node in nodes.into_iter().filter(|n| w.nodes()[n.index()].up) {
                    out.extend((1..=MOST_EVENTS_WITHIN).map(|after| Move::CrashWithin {
                        choice: c,
                        node,
                        after,
                    }));
                }
            }
            out.push(Move::Choose(c));
        }
        if s.left.drops > 0 {
            out.extend(
                in_play
                    .iter()
                    .map(|&id| Move::Inflict(Fault::Drop(Some(id)))),
            );
        }
        if s.left.duplicates > 0 {
            out.extend(
                in_play
                    .iter()
                    .map(|&id| Move::Inflict(Fault::Duplicate(Some(id)))),
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
            out.extend(splits(self.nodes).map(|g| Move::Inflict(Fault::Partition(g))));
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
            Move::CrashWithin {
                choice,
                node,
                after,
            } => {
                next.left.crashes = next.left.crashes.checked_sub(1)?;
                next.world.force_crashing(choice, *node, *after)?;
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
            Move::CrashWithin {
                choice,
                node,
                after,
            } => format!(
                "{}, crash-within {} {after}",
                self.action_label(&Move::Choose(*choice)),
                roster.name(*node)
            ),
            Move::Choose(Choice::Arrive { msg }) => format!("arrive {}", MsgId(*msg)),
            Move::Choose(Choice::Fire { node, timer }) => {
                let label = label_of(self.cfg.engine.labels(Sort::Timer), *timer);
                match timer.arg {
                    0 => format!("fire {} {label}", name(*node)),
                    n => format!("fire {} {label} {n}", name(*node)),
                }
            }
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
