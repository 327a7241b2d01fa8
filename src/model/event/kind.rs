//! The kinds of event ([`EventKind`]) and the names scenarios, lessons and the JSON trace give
//! them.

use serde::Serialize;

/// The kinds of event, as scenario patterns, lessons and the JSON trace name them.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Begin,
    Send,
    Enqueue,
    Deliver,
    Ack,
    Requeue,
    Confirm,
    Drop,
    Duplicate,
    Delay,
    Timer,
    Persist,
    Commit,
    Become,
    Crash,
    Recover,
    Partition,
    Heal,
    DropRate,
}

impl EventKind {
    pub const ALL: [EventKind; 19] = [
        EventKind::Begin,
        EventKind::Send,
        EventKind::Enqueue,
        EventKind::Deliver,
        EventKind::Ack,
        EventKind::Requeue,
        EventKind::Confirm,
        EventKind::Drop,
        EventKind::Duplicate,
        EventKind::Delay,
        EventKind::Timer,
        EventKind::Persist,
        EventKind::Commit,
        EventKind::Become,
        EventKind::Crash,
        EventKind::Recover,
        EventKind::Partition,
        EventKind::Heal,
        EventKind::DropRate,
    ];

    /// The name scenarios and the JSON trace use (`deliver`, `drop_rate`).
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Begin => "begin",
            EventKind::Send => "send",
            EventKind::Enqueue => "enqueue",
            EventKind::Deliver => "deliver",
            EventKind::Ack => "ack",
            EventKind::Requeue => "requeue",
            EventKind::Confirm => "confirm",
            EventKind::Drop => "drop",
            EventKind::Duplicate => "duplicate",
            EventKind::Delay => "delay",
            EventKind::Timer => "timer",
            EventKind::Persist => "persist",
            EventKind::Commit => "commit",
            EventKind::Become => "become",
            EventKind::Crash => "crash",
            EventKind::Recover => "recover",
            EventKind::Partition => "partition",
            EventKind::Heal => "heal",
            EventKind::DropRate => "drop_rate",
        }
    }

    /// The kind called `name`, as [`EventKind::name`] writes it.
    pub fn from_name(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Every kind's name, joined by commas (for error messages).
    pub fn names() -> String {
        EventKind::ALL.map(EventKind::name).join(", ")
    }
}
