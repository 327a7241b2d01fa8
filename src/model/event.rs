//! What a run is made of: one [`Event`] per step, stamped with virtual time.
//!
//! An event holds protocol values in whichever form its reader needs ([`Values`]): the
//! simulator records them as [`Codes`]; the trace people read and the JSON the command line
//! prints hold their [`Labels`]; a protocol's own tests see its own enums. One definition
//! serves all three, and [`Event::map`] turns one form into another.

mod kind;
mod values;

pub use kind::EventKind;
pub use values::{Codes, Labels, Translate, Values};

use super::{MsgId, NodeId};
use serde::Serialize;

/// Why a message vanished.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// The random loss rate took it.
    Lost,
    /// Someone dropped it on purpose (by hand or by script).
    Dropped,
    /// It reached a crashed node (or a crashed broker).
    ReceiverDown,
    /// Sender and receiver were on different sides of a partition.
    Partitioned,
}

impl DropReason {
    pub const ALL: [DropReason; 4] = [
        DropReason::Lost,
        DropReason::Dropped,
        DropReason::ReceiverDown,
        DropReason::Partitioned,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DropReason::Lost => "lost",
            DropReason::Dropped => "dropped",
            DropReason::ReceiverDown => "receiver-down",
            DropReason::Partitioned => "partitioned",
        }
    }
}

/// Which hop a message is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hop {
    /// Sender to broker (queue transport).
    ToBroker,
    /// Broker to consumer (queue transport): the message is also unacknowledged in its queue.
    ToConsumer,
    /// Sender to receiver (lossy transport).
    Direct,
}

/// Something that happens in a run.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(
    tag = "event",
    rename_all = "snake_case",
    bound(
        serialize = "V::Msg: Serialize, V::Timer: Serialize, V::Record: Serialize, \
                       V::Phase: Serialize, V::Txn: Serialize"
    )
)]
pub enum Event<V: Values> {
    /// The client starts the transaction at every node.
    Begin,
    /// A node sends (publishes) a message.
    Send {
        id: MsgId,
        from: NodeId,
        to: NodeId,
        #[serde(rename = "label")]
        msg: V::Msg,
    },
    /// The broker puts a message into the receiver's queue.
    Enqueue {
        id: MsgId,
        to: NodeId,
    },
    /// A message reaches its receiver, which handles it.
    Deliver {
        id: MsgId,
        from: NodeId,
        to: NodeId,
        #[serde(rename = "label")]
        msg: V::Msg,
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
    /// The broker confirms to the publisher that a message is safe in its queue.
    Confirm {
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
        #[serde(rename = "label")]
        timer: V::Timer,
    },
    /// A node forces a record to its log.
    Persist {
        node: NodeId,
        #[serde(rename = "label")]
        record: V::Record,
    },
    /// A node commits a local transaction: every row it writes, or none.
    Commit {
        node: NodeId,
        #[serde(rename = "label")]
        txn: V::Txn,
    },
    /// A node changes state.
    Become {
        node: NodeId,
        from: V::Phase,
        to: V::Phase,
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(bound(serialize = "Event<V>: Serialize"))]
pub struct Stamped<V: Values> {
    pub time: u64,
    pub event: Event<V>,
}

impl<V: Values> Event<V> {
    pub fn kind(&self) -> EventKind {
        match self {
            Event::Begin => EventKind::Begin,
            Event::Send { .. } => EventKind::Send,
            Event::Enqueue { .. } => EventKind::Enqueue,
            Event::Deliver { .. } => EventKind::Deliver,
            Event::Ack { .. } => EventKind::Ack,
            Event::Requeue { .. } => EventKind::Requeue,
            Event::Confirm { .. } => EventKind::Confirm,
            Event::Drop { .. } => EventKind::Drop,
            Event::Duplicate { .. } => EventKind::Duplicate,
            Event::Delay { .. } => EventKind::Delay,
            Event::Timer { .. } => EventKind::Timer,
            Event::Persist { .. } => EventKind::Persist,
            Event::Commit { .. } => EventKind::Commit,
            Event::Become { .. } => EventKind::Become,
            Event::Crash { .. } => EventKind::Crash,
            Event::Recover { .. } => EventKind::Recover,
            Event::Partition { .. } => EventKind::Partition,
            Event::Heal => EventKind::Heal,
            Event::DropRate { .. } => EventKind::DropRate,
        }
    }

    /// The node the event happens at: the sender of a send, the receiver of a delivery.
    pub fn node(&self) -> Option<NodeId> {
        match self {
            Event::Send { from, .. } => Some(*from),
            Event::Deliver { to, .. } | Event::Enqueue { to, .. } => Some(*to),
            Event::Ack { node, .. }
            | Event::Requeue { node, .. }
            | Event::Confirm { node, .. }
            | Event::Timer { node, .. }
            | Event::Persist { node, .. }
            | Event::Commit { node, .. }
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
            | Event::Confirm { id, .. }
            | Event::Drop { id, .. }
            | Event::Duplicate { id, .. }
            | Event::Delay { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// The same event with its values in another form.
    pub fn map<W: Values>(&self, t: &impl Translate<V, W>) -> Event<W> {
        match self {
            Event::Begin => Event::Begin,
            Event::Send { id, from, to, msg } => Event::Send {
                id: *id,
                from: *from,
                to: *to,
                msg: t.msg(*msg),
            },
            Event::Enqueue { id, to } => Event::Enqueue { id: *id, to: *to },
            Event::Deliver {
                id,
                from,
                to,
                msg,
                redelivered,
            } => Event::Deliver {
                id: *id,
                from: *from,
                to: *to,
                msg: t.msg(*msg),
                redelivered: *redelivered,
            },
            Event::Ack { id, node } => Event::Ack {
                id: *id,
                node: *node,
            },
            Event::Requeue { id, node } => Event::Requeue {
                id: *id,
                node: *node,
            },
            Event::Confirm { id, node } => Event::Confirm {
                id: *id,
                node: *node,
            },
            Event::Drop { id, reason } => Event::Drop {
                id: *id,
                reason: *reason,
            },
            Event::Duplicate { id, copy } => Event::Duplicate {
                id: *id,
                copy: *copy,
            },
            Event::Delay { id, by_ms } => Event::Delay {
                id: *id,
                by_ms: *by_ms,
            },
            Event::Timer { node, timer } => Event::Timer {
                node: *node,
                timer: t.timer(*timer),
            },
            Event::Persist { node, record } => Event::Persist {
                node: *node,
                record: t.record(*record),
            },
            Event::Commit { node, txn } => Event::Commit {
                node: *node,
                txn: t.txn(*txn),
            },
            Event::Become { node, from, to } => Event::Become {
                node: *node,
                from: t.phase(*from),
                to: t.phase(*to),
            },
            Event::Crash { node } => Event::Crash { node: *node },
            Event::Recover { node } => Event::Recover { node: *node },
            Event::Partition { groups } => Event::Partition {
                groups: groups.clone(),
            },
            Event::Heal => Event::Heal,
            Event::DropRate { ppm } => Event::DropRate { ppm: *ppm },
        }
    }
}

impl Event<Labels> {
    /// The label of the protocol value the event carries (message, record, local transaction,
    /// new state, timer), or why a dropped message vanished.
    pub fn label(&self) -> Option<&'static str> {
        match self {
            Event::Send { msg, .. } | Event::Deliver { msg, .. } => Some(msg.label),
            Event::Persist { record, .. } => Some(record.label),
            Event::Commit { txn, .. } => Some(txn.label),
            Event::Become { to, .. } => Some(to.label),
            Event::Timer { timer, .. } => Some(timer.label),
            Event::Drop { reason, .. } => Some(reason.label()),
            _ => None,
        }
    }
}
