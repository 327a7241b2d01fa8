//! Protocols as sans-IO state machines.
//!
//! A node receives one [`Input`] at a time and answers with [`Effect`]s pushed into an [`Out`]
//! buffer: sends, timers, forced log writes, local transactions, acknowledgements and state
//! transitions, in the order they must happen. The simulator applies them one per step, so a
//! crash can fall between any two of them (between forcing COMMIT to the log and sending it,
//! say). No clock, randomness or IO lives in here.
//!
//! A protocol is written against [`Protocol`] with its own types; [`engine::Adapter`] turns it
//! into an [`Engine`], the one interface the simulator, session, explorer and pictures use, so
//! that each protocol adds its own logic and nothing else. Adding a protocol is one folder
//! implementing [`Protocol`], its `mod` line and one line in [`PROTOCOLS`].
//!
//! What a protocol provides:
//! - its values as enums ([`Coded`]): messages ([`Message`]: a tone for the pictures), timers
//!   ([`Timer`]: which of its [`Protocol::TIMEOUTS`] it waits for), log records, states
//!   ([`Phase`]: the outcome a final state stands for) and local transactions;
//! - its scenario parameters ([`Protocol::Params`], the scenario's `params` section) and what
//!   its handlers read of them ([`Protocol::Config`]), its roster of nodes and roles;
//! - volatile memory ([`Protocol::Memory`], lost in a crash) beside the durable log and local
//!   database ([`db::Db`]) every node has;
//! - its invariants ([`watch::Watch`]), where each node stands ([`Standing`]: in doubt,
//!   pending...), the inspector's view of its memory and tables, and each role's state machine.

pub mod commit;
pub mod db;
pub mod engine;
pub mod node;
pub mod params;
pub mod registry;
pub mod watch;

// The protocols' folders (each declared here so that rustfmt and rustdoc see it)...
pub mod three_pc;
pub mod two_pc;

/// ... and the registration: one line per protocol, in the order menus list them.
pub static PROTOCOLS: &[&dyn Engine] = &[
    &engine::Adapter::<two_pc::TwoPc>::NEW,
    &engine::Adapter::<three_pc::ThreePc>::NEW,
];

pub use engine::{Engine, Sort};
pub use node::{Memory, Node};
pub use params::Params;
pub use registry::find;

use crate::doc::ScenarioError;
use crate::model::{
    Code, Coded, Codes, MsgId, NodeId, Outcome, Role, Roster, Tone, Translate, Transport, Values,
};
use db::{Db, TableDef, Write};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::any::Any;
use std::fmt::Debug;
use std::hash::Hash;
use std::sync::Arc;

/// A timeout a protocol's timers wait for: its name in scenarios (`timeouts_ms.<name>`) and how
/// long it is unless the scenario says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeout {
    pub name: &'static str,
    pub default_ms: u64,
}

/// What a timer is for, and how long it waits.
pub trait Timer: Coded {
    /// Which of the protocol's [`Protocol::TIMEOUTS`] it waits for.
    fn timeout(&self) -> usize;
}

/// What protocol messages say about themselves to the pictures.
pub trait Message: Coded {
    fn tone(&self) -> Tone;
}

/// A node's protocol state, as drawn in the state-machine diagram.
pub trait Phase: Coded {
    /// The outcome a final state stands for; `None` while the node is still on its way.
    fn outcome(&self) -> Option<Outcome> {
        None
    }
}

/// The facts about a run that every node knows from the start: who is who, how long each
/// timeout is, and the protocol's parameters as its handlers read them.
#[derive(Clone, Debug)]
pub struct Setup {
    pub roster: Roster,
    /// Milliseconds of each of the protocol's timeouts, in its [`Protocol::TIMEOUTS`] order.
    pub timeouts: Vec<u64>,
    /// The protocol's [`Protocol::Config`].
    pub config: Arc<dyn Any + Send + Sync>,
}

impl Setup {
    /// The protocol's own configuration. Panics if the setup was made for another protocol,
    /// which the engine never lets happen.
    pub fn config<C: 'static>(&self) -> &C {
        self.config
            .downcast_ref()
            .expect("a setup is only handed to the protocol that made it")
    }
}

/// Something that happens to a node.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Input<V: Values> {
    /// The client starts the transaction (delivered to every node at time 0).
    Begin,
    /// A message arrives: its id (for deduplication and acknowledgement) and whether the broker
    /// has handed it out before (RabbitMQ's `redelivered` flag).
    Deliver {
        from: NodeId,
        msg: V::Msg,
        id: MsgId,
        redelivered: bool,
    },
    /// A timer the node armed has fired.
    Timer(V::Timer),
    /// The node comes back after a crash: its memory is fresh, its log and database intact.
    Recover,
    /// The broker confirms that a message this node sent with confirmation is in its queue.
    Confirmed { to: NodeId, msg: V::Msg },
}

impl<V: Values> Input<V> {
    /// The message a delivery carries.
    pub fn message(&self) -> Option<V::Msg> {
        match self {
            Input::Deliver { msg, .. } => Some(*msg),
            _ => None,
        }
    }
}

/// What a handler asks the world to do, in order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Effect<V: Values> {
    /// Force a record to stable storage (it survives crashes).
    Persist(V::Record),
    /// Commit a local transaction: every write, or (had the node crashed before) none.
    Commit(V::Txn, Vec<Write>),
    /// Enter a new protocol state.
    Become(V::Phase),
    /// Send a message; with `confirm`, the broker tells the sender once it is queued
    /// ([`Input::Confirmed`]).
    Send {
        to: NodeId,
        msg: V::Msg,
        confirm: bool,
    },
    SetTimer(V::Timer),
    CancelTimer(V::Timer),
    /// Acknowledge a delivered message: the broker removes it from the queue.
    Ack(MsgId),
}

impl<V: Values> Effect<V> {
    /// The same effect over other values (codes into a protocol's own, for its tests).
    pub fn map<W: Values>(self, t: &impl Translate<V, W>) -> Effect<W> {
        match self {
            Effect::Persist(r) => Effect::Persist(t.record(r)),
            Effect::Commit(x, writes) => Effect::Commit(t.txn(x), writes),
            Effect::Become(p) => Effect::Become(t.phase(p)),
            Effect::Send { to, msg, confirm } => Effect::Send {
                to,
                msg: t.msg(msg),
                confirm,
            },
            Effect::SetTimer(x) => Effect::SetTimer(t.timer(x)),
            Effect::CancelTimer(x) => Effect::CancelTimer(t.timer(x)),
            Effect::Ack(id) => Effect::Ack(id),
        }
    }
}

/// The buffer a handler pushes its effects into. It keeps them as codes, the way the world
/// carries them out, so a handler call neither allocates a buffer of its own nor has its
/// effects copied over afterwards.
#[derive(Debug)]
pub struct Out<P: Protocol> {
    effects: Vec<Effect<Codes>>,
    _protocol: std::marker::PhantomData<fn() -> P>,
}

impl<P: Protocol> Default for Out<P> {
    fn default() -> Self {
        Out::onto(Vec::new())
    }
}

impl<P: Protocol> Out<P> {
    /// A buffer that appends to `effects`.
    pub(crate) fn onto(effects: Vec<Effect<Codes>>) -> Self {
        Out {
            effects,
            _protocol: std::marker::PhantomData,
        }
    }
    /// The effects pushed, after those the buffer was made onto.
    pub(crate) fn into_effects(self) -> Vec<Effect<Codes>> {
        self.effects
    }
    pub fn persist(&mut self, record: P::Record) {
        self.effects.push(Effect::Persist(record.code()));
    }
    pub fn commit(&mut self, txn: P::Txn, writes: Vec<Write>) {
        self.effects.push(Effect::Commit(txn.code(), writes));
    }
    pub fn become_(&mut self, phase: P::Phase) {
        self.effects.push(Effect::Become(phase.code()));
    }
    pub fn send(&mut self, to: NodeId, msg: P::Msg) {
        self.effects.push(Effect::Send {
            to,
            msg: msg.code(),
            confirm: false,
        });
    }
    /// Sends and asks the broker to confirm once the message is queued (publisher confirms).
    pub fn send_confirmed(&mut self, to: NodeId, msg: P::Msg) {
        self.effects.push(Effect::Send {
            to,
            msg: msg.code(),
            confirm: true,
        });
    }
    pub fn set_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::SetTimer(timer.code()));
    }
    pub fn cancel_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::CancelTimer(timer.code()));
    }
    pub fn ack(&mut self, id: MsgId) {
        self.effects.push(Effect::Ack(id));
    }
}

/// A node as its handler sees it: who it is, its current state (read-only: change it with
/// [`Out::become_`]), its durable log and database (read-only: write them with [`Out::persist`]
/// and [`Out::commit`]) and its volatile memory (free to change; a crash wipes it).
pub struct Local<'a, P: Protocol> {
    pub me: NodeId,
    pub setup: &'a Setup,
    pub config: &'a P::Config,
    pub phase: P::Phase,
    /// The log, as codes (read it with [`Local::records`]).
    pub log: &'a [Code],
    pub db: &'a Db,
    pub mem: &'a mut P::Memory,
}

impl<P: Protocol> Local<'_, P> {
    pub fn role(&self) -> Role {
        self.setup.roster.role(self.me)
    }

    /// The log's records, oldest first.
    pub fn records(&self) -> impl DoubleEndedIterator<Item = P::Record> + '_ {
        self.log.iter().filter_map(|c| P::Record::from_code(*c))
    }

    pub fn last_record(&self) -> Option<P::Record> {
        self.records().next_back()
    }
}

/// How a node is waiting on others, if it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Waiting {
    /// Not waiting on anyone.
    No,
    /// Uncertain of an outcome others decide (a READY participant): *blocked* when nobody it
    /// can reach can settle it.
    InDoubt,
    /// Expecting something that should come (a credit, a notification, a reply): *stuck* when
    /// the run has gone quiet and it never came.
    Pending,
}

/// Where a node stands, for the blocking analysis and the badges the pictures draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub waiting: Waiting,
    /// Able to settle the outcome for itself or others (knows it, or may still decide it).
    pub can_resolve: bool,
}

impl Standing {
    /// Nothing owed, nothing to settle.
    pub const SETTLED: Standing = Standing {
        waiting: Waiting::No,
        can_resolve: true,
    };
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
    /// A number (an amount, a count).
    Number(i64),
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

/// A role's state machine, drawn in the inspector: its states and labelled transitions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Machine {
    pub states: &'static [&'static str],
    pub transitions: &'static [(&'static str, &'static str, &'static str)],
}

/// A protocol (a commit protocol, or a pattern built on a message queue) as a set of node
/// state machines, written with its own types.
pub trait Protocol:
    Values<Msg: Message, Timer: Timer, Record: Coded, Phase: Phase, Txn: Coded>
    + Sized
    + Send
    + Sync
    + 'static
{
    /// The name scenarios use (`"2pc"`).
    const NAME: &'static str;

    /// The timeouts its timers wait for (the scenario's `timeouts_ms` sets them).
    const TIMEOUTS: &'static [Timeout];

    /// The tables of its nodes' local databases (none for a protocol that only logs).
    const TABLES: &'static [TableDef] = &[];

    /// How messages travel unless the scenario says otherwise.
    const TRANSPORT: Transport = Transport::Queue;

    /// The scenario's `params` section.
    type Params: Clone + Debug + PartialEq + Default + Serialize + DeserializeOwned + Send + Sync;

    /// What the handlers read of the parameters, resolved against the roster (node ids, not
    /// names).
    type Config: Debug + Send + Sync + 'static;

    /// Volatile per-node memory (lost in a crash).
    type Memory: Clone + Debug + Default + PartialEq + Eq + Hash + Send + Sync + 'static;

    /// The nodes and their roles, by index. Errors name the parameter at fault (without the
    /// `params.` prefix).
    fn nodes(params: &Self::Params) -> Result<Vec<(Role, String)>, ScenarioError>;

    /// Checks the parameters against the roster and resolves them for the handlers.
    fn configure(params: &Self::Params, roster: &Roster) -> Result<Self::Config, ScenarioError>;

    /// A node's state and memory when it starts, and again when it comes back from a crash
    /// (before [`Input::Recover`] is handled).
    fn boot(setup: &Setup, me: NodeId) -> (Self::Phase, Self::Memory);

    /// Handle one input, pushing effects in the order they must happen.
    fn handle(local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>);

    /// How long a timer waits: by default the scenario's value of its timeout.
    fn delay(setup: &Setup, timer: Self::Timer) -> u64 {
        setup.timeouts.get(timer.timeout()).copied().unwrap_or(0)
    }

    /// Where this node stands for the blocking analysis.
    fn standing(role: Role, phase: Self::Phase, mem: &Self::Memory) -> Standing;

    /// The outcome a crashed node holds in its durable state (its log or database), if any.
    fn durable_outcome(log: &[Self::Record], db: &Db) -> Option<Outcome> {
        let _ = (log, db);
        None
    }

    /// The node's volatile memory as labelled fields, for the inspector (only the fields its
    /// role uses; none if it keeps nothing but its state).
    fn memory(role: Role, mem: &Self::Memory) -> Vec<MemoryField>;

    /// The states of each role's machine and its transitions, for the inspector's diagram.
    fn machine(role: Role) -> Machine;

    /// The invariants, checked after every event of a run.
    fn watch(setup: &Setup) -> Box<dyn watch::Watch>;

    /// What a local transaction did, in `lang` ("the debit of 30 from alice and the outbox row
    /// t1"); `None`: its label says enough.
    fn txn_words(setup: &Setup, txn: Self::Txn, lang: crate::i18n::Lang) -> Option<String> {
        let _ = (setup, txn, lang);
        None
    }

    /// The name a row's key has in people's words ("alice", "t1"), by table.
    fn row_key(setup: &Setup, table: u8, key: u32) -> String {
        let _ = (setup, table);
        key.to_string()
    }
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
    let log: Vec<Code> = log.iter().map(Coded::code).collect();
    P::handle(
        Local {
            me,
            setup,
            config: setup.config(),
            phase,
            log: &log,
            db: &Db::default(),
            mem,
        },
        input,
        &mut out,
    );
    let decode = engine::Decode::<P>::NEW;
    out.into_effects()
        .into_iter()
        .map(|e| e.map(&decode))
        .collect()
}

/// The effects of a commit-family handler without the acknowledgement it ends a delivery
/// with (checked: exactly one, last, of the delivered message).
#[cfg(test)]
pub(crate) fn acked<P: Protocol>(input: &Input<P>, mut effects: Vec<Effect<P>>) -> Vec<Effect<P>> {
    if let Input::Deliver { id, .. } = input {
        let last = effects.pop();
        assert!(
            matches!(last, Some(Effect::Ack(a)) if a == *id),
            "a delivery ends with its ack"
        );
    }
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Ack(_))),
        "no other ack"
    );
    effects
}
