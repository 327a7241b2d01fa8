//! What the simulator records: one [`Event`] per step, stamped with virtual time.

use crate::model::{Label, MsgId, NodeId, Roster, Tone};
use crate::protocol::{Message, Protocol};
use serde::{Deserialize, Serialize};

/// Why a message vanished.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// The random loss rate took it.
    Lost,
    /// Someone dropped it on purpose (by hand or by script).
    Dropped,
    /// It reached a crashed node on a lossy network.
    ReceiverDown,
    /// Sender and receiver were on different sides of a partition (lossy network).
    Partitioned,
}

impl DropReason {
    pub fn label(self) -> &'static str {
        match self {
            DropReason::Lost => "lost",
            DropReason::Dropped => "dropped",
            DropReason::ReceiverDown => "receiver-down",
            DropReason::Partitioned => "partitioned",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(bound = "")]
pub enum Event<P: Protocol> {
    /// The client starts the transaction at every node.
    Begin,
    /// A node sends (publishes) a message.
    Send {
        id: MsgId,
        from: NodeId,
        to: NodeId,
        msg: P::Msg,
    },
    /// The broker puts a published message into the receiver's queue.
    Enqueue {
        id: MsgId,
        to: NodeId,
    },
    /// A message reaches its receiver, which handles it.
    Deliver {
        id: MsgId,
        from: NodeId,
        to: NodeId,
        msg: P::Msg,
        redelivered: bool,
    },
    /// The receiver acknowledges a queued message, which leaves the queue.
    Ack {
        id: MsgId,
        node: NodeId,
    },
    /// An unacknowledged message goes back to the head of its queue (its consumer crashed).
    Requeue {
        id: MsgId,
        node: NodeId,
    },
    Drop {
        id: MsgId,
        reason: DropReason,
    },
    Duplicate {
        id: MsgId,
        copy: MsgId,
    },
    Delay {
        id: MsgId,
        by_ms: u64,
    },
    /// A timer fires.
    Timer {
        node: NodeId,
        timer: P::Timer,
    },
    /// A node forces a record to its log.
    Persist {
        node: NodeId,
        record: P::Record,
    },
    /// A node changes state.
    Become {
        node: NodeId,
        from: P::Phase,
        to: P::Phase,
    },
    Crash {
        node: NodeId,
    },
    Recover {
        node: NodeId,
    },
    Partition {
        groups: Vec<Vec<NodeId>>,
    },
    Heal,
    /// The random loss rate changes.
    DropRate {
        ppm: u32,
    },
}

/// An event with the virtual time it happened at.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Stamped<P: Protocol> {
    pub time: u64,
    pub event: Event<P>,
}

impl<P: Protocol> Event<P> {
    /// A stable name for the kind of event, used in patterns and in the JSON trace.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Begin => "begin",
            Event::Send { .. } => "send",
            Event::Enqueue { .. } => "enqueue",
            Event::Deliver { .. } => "deliver",
            Event::Ack { .. } => "ack",
            Event::Requeue { .. } => "requeue",
            Event::Drop { .. } => "drop",
            Event::Duplicate { .. } => "duplicate",
            Event::Delay { .. } => "delay",
            Event::Timer { .. } => "timer",
            Event::Persist { .. } => "persist",
            Event::Become { .. } => "become",
            Event::Crash { .. } => "crash",
            Event::Recover { .. } => "recover",
            Event::Partition { .. } => "partition",
            Event::Heal => "heal",
            Event::DropRate { .. } => "drop_rate",
        }
    }

    /// The node the event happens at: the sender of a send, the receiver of a delivery.
    pub fn node(&self) -> Option<NodeId> {
        match self {
            Event::Send { from, .. } => Some(*from),
            Event::Deliver { to, .. } | Event::Enqueue { to, .. } => Some(*to),
            Event::Ack { node, .. }
            | Event::Requeue { node, .. }
            | Event::Timer { node, .. }
            | Event::Persist { node, .. }
            | Event::Become { node, .. }
            | Event::Crash { node }
            | Event::Recover { node } => Some(*node),
            Event::Begin
            | Event::Drop { .. }
            | Event::Duplicate { .. }
            | Event::Delay { .. }
            | Event::Partition { .. }
            | Event::Heal
            | Event::DropRate { .. } => None,
        }
    }

    /// The other node: the receiver of a send, the sender of a delivery.
    pub fn peer(&self) -> Option<NodeId> {
        match self {
            Event::Send { to, .. } => Some(*to),
            Event::Deliver { from, .. } => Some(*from),
            _ => None,
        }
    }

    /// The message the event is about.
    pub fn msg_id(&self) -> Option<MsgId> {
        match self {
            Event::Send { id, .. }
            | Event::Enqueue { id, .. }
            | Event::Deliver { id, .. }
            | Event::Ack { id, .. }
            | Event::Requeue { id, .. }
            | Event::Drop { id, .. }
            | Event::Duplicate { id, .. }
            | Event::Delay { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// The label of the protocol value the event carries (message, record, new state, timer).
    pub fn label(&self) -> Option<&'static str> {
        match self {
            Event::Send { msg, .. } | Event::Deliver { msg, .. } => Some(msg.label()),
            Event::Persist { record, .. } => Some(record.label()),
            Event::Become { to, .. } => Some(to.label()),
            Event::Timer { timer, .. } => Some(timer.label()),
            Event::Drop { reason, .. } => Some(reason.label()),
            _ => None,
        }
    }

    pub fn tone(&self) -> Option<Tone> {
        match self {
            Event::Send { msg, .. } | Event::Deliver { msg, .. } => Some(msg.tone()),
            _ => None,
        }
    }

    /// One plain English sentence, for the CLI and the event log (the i18n tables hold the
    /// sentences of every language).
    pub fn sentence(&self, roster: &Roster) -> String {
        crate::i18n::event_sentence(crate::i18n::Lang::En, self, roster)
    }
}
