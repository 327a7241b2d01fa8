//! What a scenario scripts beyond its setup: faults (when, and what), the event patterns that
//! trigger them, and a forced schedule.

use serde::{Deserialize, Serialize};

/// One step of a forced schedule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ScheduleStep {
    /// This message (by id) arrives next: at the broker, or at its receiver.
    Arrive(u32),
    /// This node's timer fires next (`arg`: which one, for a timer kind that has one per
    /// transfer or step).
    Fire {
        node: String,
        timer: String,
        #[serde(default, skip_serializing_if = "is_zero")]
        arg: u32,
    },
    /// A delayed message in this node's queue may move again.
    Wake(String),
    /// This fault happens next (its trigger fields must be absent).
    Fault(FaultSpec),
    /// In the next step, `node` crashes right after `after` of its own events: between the
    /// step's effects (after a local commit, before the send that should follow it).
    CrashWithin { node: String, after: u32 },
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The kinds of fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    Drop,
    Duplicate,
    Delay,
    Crash,
    Recover,
    Partition,
    Heal,
    DropRate,
}

/// One scripted fault: when (exactly one of `at_ms`, `after`, `before_event`) and what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<PatternSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_event: Option<u64>,
    pub fault: Option<FaultKind>,
    /// The node to crash or recover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The message to drop, duplicate or delay; if absent, the message of the `after` event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msg: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_ms: Option<u64>,
    /// Partition: the sides, by node name; unnamed nodes form one more side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Vec<String>>>,
    /// Drop rate: the new loss rate, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
}

/// Which events trigger a fault: every given field must match.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PatternSpec {
    /// The event kind: send, enqueue, deliver, ack, requeue, confirm, drop, duplicate, delay,
    /// timer, persist, commit, become, crash, recover, partition, heal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Where it happens: the sender of a send, the receiver of a delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The other node: the receiver of a send, the sender of a delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer: Option<String>,
    /// A message, record, local transaction, state or timer label ("PREPARE", "READY", ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Fire on the n-th matching event (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nth: Option<u32>,
}
