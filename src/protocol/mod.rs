//! Protocols as sans-IO state machines.
//!
//! A node receives one [`Input`] at a time and answers with [`Effect`]s pushed into an [`Out`]
//! buffer: sends, timers, forced log writes and state transitions, in the order they must happen.
//! The simulator applies them one per step, so a crash can fall between any two of them (between
//! forcing COMMIT to the log and sending it, say). No clock, randomness or IO lives in here.
//!
//! Adding a protocol is one module implementing [`Protocol`] plus one line in [`registry!`].

pub mod three_pc;
pub mod two_pc;

use crate::model::{Decision, Label, NodeId, Role, Roster, Tone, Vote};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::Debug;
use std::hash::Hash;

/// Which of the configured timeouts a timer waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TimeoutClass {
    /// A coordinator (or acting coordinator) waiting for votes, acknowledgements or reports.
    Coordinator,
    /// A participant waiting for a request or a decision.
    Participant,
    /// The pause before asking or sending again.
    Retry,
}

/// What a timer is for, and how long it waits.
pub trait Timer: Label {
    fn class(&self) -> TimeoutClass;
}

/// What protocol messages say about themselves to the pictures and the invariant monitor.
pub trait Message: Label {
    fn tone(&self) -> Tone;
}

/// A durable log record.
pub trait Record: Label {
    /// The decision this record makes durable, if it is a decision record.
    fn decision(&self) -> Option<Decision>;
}

/// A node's protocol state, as drawn in the state-machine diagram.
pub trait Phase: Label {
    /// Final outcome reached in this state, if any.
    fn decision(&self) -> Option<Decision>;
}

/// The facts about a run that every node knows from the start.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Setup {
    pub roster: Roster,
    /// Votes of the participants, by node index (the coordinator's entry is unused).
    pub votes: Vec<Vote>,
}

impl Setup {
    pub fn vote(&self, node: NodeId) -> Vote {
        self.votes.get(node.index()).copied().unwrap_or_default()
    }

    pub fn participants(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.roster.with_role(Role::Participant)
    }

    pub fn coordinator(&self) -> NodeId {
        self.roster
            .with_role(Role::Coordinator)
            .next()
            .unwrap_or(NodeId(0))
    }
}

/// What a handler asks the world to do, in order.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Effect<P: Protocol> {
    /// Force a record to stable storage (it survives crashes).
    Persist(P::Record),
    /// Enter a new protocol state.
    Become(P::Phase),
    Send {
        to: NodeId,
        msg: P::Msg,
    },
    SetTimer(P::Timer),
    CancelTimer(P::Timer),
}

/// The buffer a handler pushes its effects into.
#[derive(Debug)]
pub struct Out<P: Protocol> {
    effects: Vec<Effect<P>>,
}

impl<P: Protocol> Default for Out<P> {
    fn default() -> Self {
        Out {
            effects: Vec::new(),
        }
    }
}

impl<P: Protocol> Out<P> {
    pub fn persist(&mut self, record: P::Record) {
        self.effects.push(Effect::Persist(record));
    }
    pub fn become_(&mut self, phase: P::Phase) {
        self.effects.push(Effect::Become(phase));
    }
    pub fn send(&mut self, to: NodeId, msg: P::Msg) {
        self.effects.push(Effect::Send { to, msg });
    }
    pub fn set_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::SetTimer(timer));
    }
    pub fn cancel_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::CancelTimer(timer));
    }
    pub fn effects(&self) -> &[Effect<P>] {
        &self.effects
    }
    pub fn drain(&mut self) -> std::vec::Drain<'_, Effect<P>> {
        self.effects.drain(..)
    }
}

/// A node as its handler sees it: who it is, its current state (read-only: change it with
/// [`Out::become_`]), its durable log (read-only: append with [`Out::persist`]) and its volatile
/// memory (free to change; a crash wipes it).
pub struct Local<'a, P: Protocol> {
    pub me: NodeId,
    pub setup: &'a Setup,
    pub phase: P::Phase,
    pub log: &'a [P::Record],
    pub mem: &'a mut P::Memory,
}

impl<P: Protocol> Local<'_, P> {
    pub fn role(&self) -> Role {
        self.setup.roster.role(self.me)
    }
    /// The last decision record in the log, if any.
    pub fn logged_decision(&self) -> Option<Decision> {
        self.log.iter().rev().find_map(|r| r.decision())
    }
}

/// What the status panel needs from a protocol to tell who is blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// Uncertain of the outcome (voted YES, no decision yet).
    pub in_doubt: bool,
    /// Able to settle the outcome for itself or others (knows it, or may still decide it).
    pub can_resolve: bool,
}

/// One field of a node's volatile memory, as the inspector lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemoryField {
    /// Names the field; the words people read are the i18n string `memory.<key>`.
    pub key: &'static str,
    pub value: MemoryValue,
}

/// A memory field's value, in terms the views can put into any language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum MemoryValue {
    /// A set of nodes (bit = node index).
    Nodes(u128),
    /// One node.
    Node(NodeId),
    /// Yes or no.
    Flag(bool),
    /// One of a few named situations; its words are the i18n string `memory.<field>.<word>`.
    Word(&'static str),
    /// Protocol labels (states, messages), which stay as they are in every language.
    Labels(Vec<&'static str>),
}

impl MemoryField {
    pub fn new(key: &'static str, value: MemoryValue) -> MemoryField {
        MemoryField { key, value }
    }
}

/// A commit protocol (or a message-queue pattern) as a set of node state machines.
pub trait Protocol:
    Sized + Copy + Debug + Default + PartialEq + Eq + Hash + Send + Sync + 'static
{
    /// The name scenarios use (`"2pc"`).
    const NAME: &'static str;
    /// The name people read ("Two-phase commit").
    const TITLE: &'static str;

    type Msg: Clone + Debug + PartialEq + Eq + Hash + Ord + Serialize + DeserializeOwned + Message;
    type Timer: Copy + Debug + PartialEq + Eq + Hash + Ord + Serialize + DeserializeOwned + Timer;
    type Record: Clone + Debug + PartialEq + Eq + Hash + Ord + Serialize + DeserializeOwned + Record;
    type Phase: Copy + Debug + PartialEq + Eq + Hash + Ord + Serialize + DeserializeOwned + Phase;
    /// Volatile per-node memory (lost in a crash).
    type Memory: Clone + Debug + PartialEq + Eq + Hash + Serialize + DeserializeOwned;

    /// The roles of the nodes, by index, for `participants` participants.
    fn roles(participants: usize) -> Vec<Role>;

    /// A node's state and memory when it starts, and again when it comes back from a crash
    /// (before [`Input::Recover`] is handled).
    fn boot(setup: &Setup, me: NodeId) -> (Self::Phase, Self::Memory);

    /// Handle one input, pushing effects in the order they must happen.
    fn handle(local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>);

    /// Where this node stands for the blocking analysis.
    fn standing(role: Role, phase: Self::Phase, mem: &Self::Memory) -> Standing;

    /// The node's volatile memory as labelled fields, for the inspector (only the fields its
    /// role uses; none if it keeps nothing but its state).
    fn memory(role: Role, mem: &Self::Memory) -> Vec<MemoryField>;

    /// Every label a message, record or state of this protocol can have (scenario patterns are
    /// checked against these).
    fn message_labels() -> &'static [&'static str];
    fn record_labels() -> &'static [&'static str];
    fn phase_labels() -> &'static [&'static str];
    fn timer_labels() -> &'static [&'static str];

    /// The states of each role's machine and its transitions, for the inspector's diagram.
    fn machine(role: Role) -> Machine;
}

/// One thing that happens to a node.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Input<P: Protocol> {
    /// The client starts the transaction (delivered to every node at time 0).
    Begin,
    /// A message arrives.
    Deliver { from: NodeId, msg: P::Msg },
    /// A timer the node armed has fired.
    Timer(P::Timer),
    /// The node comes back after a crash: its memory is fresh, its log intact.
    Recover,
}

impl<P: Protocol> Input<P> {
    pub fn label(&self) -> &'static str {
        match self {
            Input::Begin => "begin",
            Input::Deliver { msg, .. } => msg.label(),
            Input::Timer(t) => t.label(),
            Input::Recover => "recover",
        }
    }
}

/// A role's state machine, drawn in the inspector: its states and labelled transitions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Machine {
    pub states: &'static [&'static str],
    pub transitions: &'static [(&'static str, &'static str, &'static str)],
}

/// The commit protocols' topology: node 0 the coordinator, then `participants` participants.
pub fn coordinator_and(participants: usize) -> Vec<Role> {
    std::iter::once(Role::Coordinator)
        .chain(std::iter::repeat_n(Role::Participant, participants))
        .collect()
}

/// A registered protocol, as the rest of the program reaches it without knowing its types.
pub struct Entry {
    pub name: &'static str,
    pub title: &'static str,
    pub roles: fn(usize) -> Vec<Role>,
    pub message_labels: fn() -> &'static [&'static str],
    pub record_labels: fn() -> &'static [&'static str],
    pub phase_labels: fn() -> &'static [&'static str],
    pub timer_labels: fn() -> &'static [&'static str],
    pub machine: fn(Role) -> Machine,
    /// Opens a player on a checked scenario.
    pub open:
        fn(&crate::scenario::Scenario, crate::sim::Config, usize) -> Box<dyn crate::session::Run>,
    /// Searches every run of a scenario's setup, reporting progress (see [`crate::check`]).
    pub check_with: CheckWith,
}

/// A search over a scenario's setup that reports its progress and can be told to stop.
pub type CheckWith = fn(
    &crate::scenario::Scenario,
    &crate::check::CheckOptions,
    &mut dyn FnMut(crate::explorer::Progress) -> crate::explorer::Control,
) -> Result<crate::check::CheckReport, String>;

impl Entry {
    pub const fn of<P: Protocol>() -> Entry {
        Entry {
            name: P::NAME,
            title: P::TITLE,
            roles: P::roles,
            message_labels: P::message_labels,
            record_labels: P::record_labels,
            phase_labels: P::phase_labels,
            timer_labels: P::timer_labels,
            machine: P::machine,
            open: crate::session::open::<P>,
            // The page's own wasm (`web` without `cli` or `worker`) never searches: the
            // explorer runs in its Web Worker (feature `worker`). Leaving the pointer out keeps
            // the search out of the page's bundle (-21 KB gzipped, BENCHMARKS.md, "App").
            #[cfg(not(all(feature = "web", not(feature = "cli"), not(feature = "worker"))))]
            check_with: crate::check::check_with::<P>,
            #[cfg(all(feature = "web", not(feature = "cli"), not(feature = "worker")))]
            check_with: no_check,
        }
    }

    /// Searches every run of a scenario's setup to the end (see [`crate::check`]).
    pub fn check(
        &self,
        scenario: &crate::scenario::Scenario,
        options: &crate::check::CheckOptions,
    ) -> Result<crate::check::CheckReport, String> {
        (self.check_with)(scenario, options, &mut |_| {
            crate::explorer::Control::Continue
        })
    }
}

/// [`Entry::check_with`] in the page's bundle, which leaves the explorer to its Web Worker.
#[cfg(all(feature = "web", not(feature = "cli"), not(feature = "worker")))]
fn no_check(
    _: &crate::scenario::Scenario,
    _: &crate::check::CheckOptions,
    _: &mut dyn FnMut(crate::explorer::Progress) -> crate::explorer::Control,
) -> Result<crate::check::CheckReport, String> {
    Err("the explorer runs in its Web Worker, not in the page".into())
}

/// The protocols TxScope knows: one line each.
pub const PROTOCOLS: &[Entry] = &[
    Entry::of::<two_pc::TwoPc>(),
    Entry::of::<three_pc::ThreePc>(),
];

/// The registered protocol called `name`.
pub fn find(name: &str) -> Option<&'static Entry> {
    PROTOCOLS.iter().find(|e| e.name == name)
}

/// Runs one handler call in isolation, for the protocols' own tests.
#[cfg(test)]
pub(crate) fn run_handler<P: Protocol>(
    setup: &Setup,
    me: NodeId,
    phase: P::Phase,
    log: &[P::Record],
    mem: &mut P::Memory,
    input: Input<P>,
) -> Vec<Effect<P>> {
    let mut out = Out::default();
    P::handle(
        Local {
            me,
            setup,
            phase,
            log,
            mem,
        },
        input,
        &mut out,
    );
    out.drain().collect()
}

/// A setup with a coordinator and `n` participants voting as given (YES by default).
#[cfg(test)]
pub(crate) fn test_setup<P: Protocol>(n: usize, no_votes: &[u8]) -> Setup {
    let roster = Roster::new(P::roles(n));
    let mut votes = vec![Vote::Yes; roster.len()];
    for &i in no_votes {
        votes[i as usize] = Vote::No;
    }
    Setup { roster, votes }
}
