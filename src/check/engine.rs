//! The real protocol engines as the explorer's [`Model`]: a state is the simulator's own
//! [`World`], packed (see [`crate::sim::Packer`]), with the faults still allowed; a move is a
//! choice of what happens next or a fault.

use super::{Budget, CheckOptions, Timeouts, CAN_BLOCK};
use crate::explorer::fingerprint::fingerprint;
use crate::explorer::{Model, Property};
use crate::model::{code::label_of, Hop, MsgId, NodeId};
use crate::protocol::watch::Invariant;
use crate::protocol::Sort;
use crate::scenario::{Scenario, ScenarioError};
use crate::sim::{Choice, Config, Fault, Packer, World};
use std::cell::RefCell;
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

/// A state of the search: a world packed into a few hundred bytes (the frontier holds millions),
/// what the search and the properties ask of it read off once, and the faults still allowed.
#[derive(Clone, Debug)]
pub struct EngineState {
    packed: Box<[u8]>,
    /// The world's logical hash ([`World::hash_logical`]): what the search tells states apart by.
    logical: u64,
    /// Messages on links and in queues (the state constraint).
    load: u32,
    /// Bit `i`: the protocol's invariant `i` is violated.
    violated: u64,
    /// Someone is blocked and the network is whole.
    blocked_whole: bool,
    pub left: Budget,
}

impl Hash for EngineState {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.logical.hash(h);
        self.left.hash(h);
    }
}

impl PartialEq for EngineState {
    fn eq(&self, other: &Self) -> bool {
        self.left == other.left && self.logical == other.logical
    }
}
impl Eq for EngineState {}

/// A world hashed by what matters to its future (for [`fingerprint`]).
struct Logical<'a>(&'a World);

impl Hash for Logical<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.hash_logical(h);
    }
}

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
    /// Whether [`CAN_BLOCK`] is looked for (the blocking analysis is then run on every state).
    wants_blocked: bool,
    /// The parts packed states share.
    packer: RefCell<Packer>,
    /// The last world unpacked, with its bytes: a state's actions and successors are asked for
    /// one after another.
    unpacked: RefCell<Option<(Box<[u8]>, World)>>,
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
            wants_blocked: options.properties.is_empty()
                || options.properties.iter().any(|p| p == CAN_BLOCK),
            packer: RefCell::new(Packer::default()),
            unpacked: RefCell::new(None),
            cfg: Arc::new(cfg),
        })
    }

    /// The moves possible in `w` with `left` faults allowed, in a fixed order.
    fn actions_in(&self, w: &World, left: Budget, out: &mut Vec<Move>) {
        let in_play = w.messages_in_play();
        if in_play.len() > self.max_messages {
            return;
        }
        let timers_may_fire = self.timeouts == Timeouts::Any || !w.deliverable();
        let within = left.crashes > 0 && self.cfg.engine.crashes_within_steps();
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
        if left.drops > 0 {
            out.extend(
                in_play
                    .iter()
                    .map(|&id| Move::Inflict(Fault::Drop(Some(id)))),
            );
        }
        if left.duplicates > 0 {
            out.extend(
                in_play
                    .iter()
                    .map(|&id| Move::Inflict(Fault::Duplicate(Some(id)))),
            );
        }
        let ids = self.cfg.setup.roster.ids();
        for id in ids {
            let up = w.nodes()[id.index()].up;
            if up && left.crashes > 0 {
                out.push(Move::Inflict(Fault::Crash(id)));
            }
            if !up && left.recoveries > 0 {
                out.push(Move::Inflict(Fault::Recover(id)));
            }
        }
        let whole = w.groups().iter().all(|&g| g == 0);
        if whole && left.partitions > 0 {
            out.extend(splits(self.nodes).map(|g| Move::Inflict(Fault::Partition(g))));
        }
        if !whole {
            out.push(Move::Inflict(Fault::Heal));
        }
    }

    /// How move `m` taken in state `s` reads in a finding's trace: its [`Model::action_label`],
    /// and for a message where it arrives, which the move alone does not say (on the queue a
    /// message arrives twice: at the broker, then at its consumer): `arrive m3 broker P2` (into
    /// P2's queue) or `arrive m3 P2`.
    pub fn step_label(&self, s: &EngineState, m: &Move) -> String {
        let label = self.action_label(m);
        let (Move::Choose(Choice::Arrive { msg })
        | Move::CrashWithin {
            choice: Choice::Arrive { msg },
            ..
        }) = m
        else {
            return label;
        };
        let Some((hop, to)) =
            self.with_world(s, |w| w.flights().get(&MsgId(*msg)).map(|f| (f.hop, f.to)))
        else {
            return label;
        };
        let roster = &self.cfg.setup.roster;
        let name = roster.name(to);
        let at = if hop == Hop::ToBroker && roster.broker() != Some(to) {
            format!("broker {name}")
        } else {
            name.to_string()
        };
        let arrive = format!("arrive {}", MsgId(*msg));
        label.replacen(&arrive, &format!("{arrive} {at}"), 1)
    }

    /// `world` as a search state, with `left` faults allowed.
    fn state(&self, world: &World, left: Budget) -> EngineState {
        let mut violated = 0u64;
        for v in world.monitor().violations() {
            if let Some(i) = self.invariants.iter().position(|&inv| inv == v.invariant) {
                violated |= 1 << i.min(63);
            }
        }
        EngineState {
            packed: world.pack(&mut self.packer.borrow_mut()),
            logical: fingerprint(&Logical(world)),
            load: world.count_in_play() as u32,
            violated,
            blocked_whole: self.wants_blocked
                && world.groups().iter().all(|&g| g == 0)
                && !world.blocked().is_empty(),
            left,
        }
    }

    /// Runs `f` on the world `s` holds, unpacking it unless it was the last one asked for.
    fn with_world<R>(&self, s: &EngineState, f: impl FnOnce(&World) -> R) -> R {
        let mut cache = self.unpacked.borrow_mut();
        if !matches!(&*cache, Some((bytes, _)) if *bytes == s.packed) {
            let world = World::unpack(self.cfg.clone(), &s.packed, &self.packer.borrow());
            *cache = Some((s.packed.clone(), world));
        }
        let (_, world) = cache.as_ref().expect("just filled");
        f(world)
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

/// A participant is blocked, and nothing the budget still allows can unblock it: no recovery is
/// left and the network is whole.
fn stuck_in_doubt(s: &EngineState) -> bool {
    s.left.recoveries == 0 && s.blocked_whole
}

impl Model for EngineModel {
    type State = EngineState;
    type Action = Move;

    fn init_states(&self) -> Vec<Self::State> {
        let mut world = World::new(self.cfg.clone());
        world.begin();
        vec![self.state(&world, self.budget)]
    }

    /// The messages on links and in queues: the state constraint.
    fn load(&self, s: &Self::State) -> u64 {
        u64::from(s.load)
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
        self.with_world(s, |w| match (self.footprint(w, a), self.footprint(w, b)) {
            (Some(x), Some(y)) => x & y == 0,
            _ => false,
        })
    }

    fn actions(&self, s: &Self::State, out: &mut Vec<Move>) {
        self.with_world(s, |w| self.actions_in(w, s.left, out));
    }

    fn next_state(&self, s: &Self::State, m: &Move) -> Option<Self::State> {
        let mut next = self.with_world(s, World::clone);
        let mut left = s.left;
        match m {
            Move::Choose(c) => {
                next.force(c)?;
            }
            Move::CrashWithin {
                choice,
                node,
                after,
            } => {
                left.crashes = left.crashes.checked_sub(1)?;
                next.force_crashing(choice, *node, *after)?;
            }
            Move::Inflict(f) => {
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
                next.inflict(f.clone());
            }
        }
        Some(self.state(&next, left))
    }

    fn properties(&self) -> Vec<Property<Self>> {
        let mut all: Vec<Property<Self>> = self
            .invariants
            .iter()
            .enumerate()
            .map(|(i, &inv)| {
                Property::invariant(inv.0, move |_, s: &EngineState| {
                    s.violated & 1 << i.min(63) == 0
                })
            })
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
