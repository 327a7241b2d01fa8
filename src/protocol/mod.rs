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
mod handler;
mod inspect;
pub mod node;
pub mod params;
pub mod registry;
pub mod watch;

// The protocols' folders (each declared here so that rustfmt and rustdoc see it)...
pub mod dual_write;
pub mod notify;
pub mod order;
pub mod outbox;
pub mod saga;
pub mod saga_choreography;
pub mod tcc;
pub mod three_pc;
pub mod transfer;
pub mod two_pc;
pub mod txmsg;

/// ... and the registration: one line per protocol, in the order menus list them.
pub static PROTOCOLS: &[&dyn Engine] = &[
    &engine::Adapter::<two_pc::TwoPc>::NEW,
    &engine::Adapter::<three_pc::ThreePc>::NEW,
    &engine::Adapter::<dual_write::DualWrite>::NEW,
    &engine::Adapter::<outbox::Outbox>::NEW,
    &engine::Adapter::<txmsg::TxMsg>::NEW,
    &engine::Adapter::<notify::Notify>::NEW,
    &engine::Adapter::<saga::Saga>::NEW,
    &engine::Adapter::<saga_choreography::SagaChoreography>::NEW,
    &engine::Adapter::<tcc::Tcc>::NEW,
];

pub use engine::{Engine, Sort};
#[cfg(test)]
pub(crate) use handler::{acked, run_handler};
pub use handler::{Effect, Input, Local, Out};
pub use inspect::{Machine, MemoryField, MemoryValue, Standing, Waiting};
pub use node::{Memory, Node};
pub use params::Params;
pub use registry::find;

use crate::doc::ScenarioError;
use crate::model::{Coded, NodeId, Outcome, Role, Roster, Tone, Transport, Values};
use db::{Db, TableDef};
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

    /// Whether the explorer also crashes a node between the effects of one step (after its
    /// local commit, before the send that follows). The patterns built on a local database
    /// break exactly there; the commit protocols keep atomic steps in the explorer, as their
    /// published state counts assume.
    const CRASHES_WITHIN_STEPS: bool = false;

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

    /// The rows a node's local database holds before the run starts (the accounts' opening
    /// balances); none by default.
    fn opening(setup: &Setup, me: NodeId) -> Vec<db::Write> {
        let _ = (setup, me);
        Vec::new()
    }

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
