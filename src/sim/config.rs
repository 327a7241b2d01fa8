//! A scenario resolved for the simulator: node names turned into ids, labels checked.
//! Built by the scenario layer's `compile`; the simulator never sees names.

use crate::model::{EventKind, MsgId, NodeId, Transport};
use crate::protocol::{Engine, Setup};

/// Something that goes wrong, by hand or by script.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// Lose a message wherever it is (on a link or in a queue). `None`: the message of the event
    /// that triggered the fault.
    Drop(Option<MsgId>),
    /// Deliver a message twice.
    Duplicate(Option<MsgId>),
    /// Hold a message back.
    Delay(Option<MsgId>, u64),
    /// Stop a node: its memory and timers are gone; its log, database and queue stay.
    Crash(NodeId),
    /// Restart a crashed node from its log and database.
    Recover(NodeId),
    /// Split the nodes into groups that cannot reach each other (group index per node).
    Partition(Vec<u8>),
    Heal,
    /// Change the random loss rate from now on.
    DropRate(u32),
}

/// Which events a pattern matches: every given field must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pattern {
    pub kind: Option<EventKind>,
    /// The node the event happens at (the receiver of a delivery, the sender of a send).
    pub node: Option<NodeId>,
    /// The other node (the receiver of a send, the sender of a delivery).
    pub peer: Option<NodeId>,
    /// The label of the message, record, local transaction, state or timer, or a drop reason.
    pub label: Option<&'static str>,
    /// Fire on the n-th match (1 = first).
    pub nth: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Trigger {
    /// At a virtual time.
    At(u64),
    /// Right after an event matching the pattern.
    After(Pattern),
    /// Right before the event with this index (how hand-made faults are replayed).
    BeforeEvent(u64),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Scripted {
    pub when: Trigger,
    pub fault: Fault,
}

/// One step of a forced schedule: what happens next, chosen rather than left to the clock.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scheduled {
    Choose(crate::sim::Choice),
    Inflict(Fault),
    /// In the next step, this node crashes right after this many of its own events (between
    /// the step's effects).
    CrashWithin(crate::model::NodeId, u32),
}

/// Everything the simulator needs to run a scenario.
#[derive(Clone)]
pub struct Config {
    /// The protocol.
    pub engine: &'static dyn Engine,
    pub setup: Setup,
    pub transport: Transport,
    /// One-way latency of a hop, uniform in `min..=max` virtual milliseconds.
    pub latency: (u64, u64),
    /// Queue transport: how many messages a consumer may hold unacknowledged at once.
    pub prefetch: u32,
    /// Random loss, in parts per million, of each hop a sender puts a message on.
    pub drop_ppm: u32,
    pub seed: u64,
    /// The run stops at this virtual time.
    pub max_time_ms: u64,
    pub faults: Vec<Scripted>,
    /// A forced order of events (an explorer finding): after the begin, these happen one after
    /// the other, whatever the clock says; then time takes over again.
    pub schedule: Vec<Scheduled>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("protocol", &self.engine.name())
            .field("setup", &self.setup)
            .field("transport", &self.transport)
            .field("latency", &self.latency)
            .field("prefetch", &self.prefetch)
            .field("drop_ppm", &self.drop_ppm)
            .field("seed", &self.seed)
            .field("max_time_ms", &self.max_time_ms)
            .field("faults", &self.faults)
            .field("schedule", &self.schedule)
            .finish()
    }
}
