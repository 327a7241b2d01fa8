//! A run as the CLI, the app and lessons see it: nodes, messages and events in labels and
//! names, without codes or the protocol's types, and the [`Run`] they are read through.

use crate::model::{Arg, EventKind, Hop, Labels, MsgId, NodeId, Outcome, Role, Roster, Tone};
use crate::model::{DropReason, Event};
use crate::protocol::db::ValueKind;
use crate::protocol::watch::{Invariant, Violation};
use crate::protocol::MemoryField;
use crate::scenario::{FaultSpec, Scenario, ScenarioError};
use serde::Serialize;

/// A node as the views show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeView {
    pub id: NodeId,
    pub name: String,
    pub role: Role,
    pub up: bool,
    pub state: &'static str,
    /// The outcome it holds (`commit`, `abort`, `done`...), from its state while up and from its
    /// durable state while down.
    pub decision: Option<Outcome>,
    /// In doubt, and nobody it can reach can settle the outcome.
    pub blocked: bool,
    pub in_doubt: bool,
    /// Expecting something that should come (a credit, a reply).
    pub pending: bool,
    /// Pending, and the run has gone quiet: it will never come.
    pub stuck: bool,
    /// Its log records, oldest first ("READY", "STEP #2").
    pub log: Vec<String>,
    /// Its armed timers.
    pub timers: Vec<String>,
    /// The node's volatile memory, field by field (see [`crate::protocol::Protocol::memory`]).
    pub memory: Vec<MemoryField>,
    /// Its local database, table by table (only tables with rows).
    pub tables: Vec<TableView>,
}

/// The total money of a run: what the accounts opened with and what they hold now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Money {
    pub start: i64,
    pub end: i64,
}

/// One table of a node's local database.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableView {
    /// Its name; the words people read are the i18n string `table.<name>`.
    pub name: &'static str,
    pub rows: Vec<RowView>,
}

/// One row: its key in people's words and its value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowView {
    pub key: String,
    pub value: RowValue,
}

/// A row's value, as its table says it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum RowValue {
    Money(i64),
    Count(i64),
    Status(&'static str),
    Mark,
}

impl RowValue {
    pub fn of(kind: ValueKind, value: i64) -> RowValue {
        match kind {
            ValueKind::Money => RowValue::Money(value),
            ValueKind::Count => RowValue::Count(value),
            ValueKind::Status(labels) => {
                RowValue::Status(labels.get(value as usize).copied().unwrap_or("?"))
            }
            ValueKind::Mark => RowValue::Mark,
        }
    }
}

/// Where a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "at")]
pub enum Place {
    /// On a link: from the sender to the broker, from the broker to the consumer, or straight.
    Link {
        hop: Hop,
        sent_at: u64,
        arrive_at: u64,
    },
    /// Waiting in the receiver's queue, at this position (0 = head).
    Queue { position: usize, unacked: bool },
}

/// A message the event right before the cursor made vanish.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Vanished {
    /// The message as it was just before.
    pub message: MessageView,
    /// Why.
    pub reason: DropReason,
    /// When it vanished (virtual ms).
    pub time: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MessageView {
    pub id: MsgId,
    pub from: NodeId,
    pub to: NodeId,
    pub label: &'static str,
    /// What its number stands for (a transfer, a step), if its kind has one.
    #[serde(skip)]
    pub arg: Arg,
    pub tone: Tone,
    pub place: Place,
    pub redelivered: bool,
}

impl MessageView {
    /// The label with its number ("TRANSFER t1").
    pub fn text(&self) -> String {
        crate::model::Named {
            label: self.label,
            arg: self.arg,
        }
        .text()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventView {
    pub index: usize,
    pub time: u64,
    pub kind: EventKind,
    pub node: Option<NodeId>,
    pub peer: Option<NodeId>,
    pub msg: Option<MsgId>,
    pub label: Option<&'static str>,
    pub tone: Option<Tone>,
    /// The outcome the state a node enters stands for (`become` events only).
    #[serde(skip)]
    pub outcome: Option<Outcome>,
    /// Everything the event says, in labels (what sentences are made of).
    pub facts: Event<Labels>,
    /// The event as an English sentence.
    pub text: String,
}

/// A run seen without its protocol's types: what the CLI, the app and lessons use.
pub trait Run {
    fn scenario(&self) -> &Scenario;
    fn roster(&self) -> &Roster;
    /// Events in the recorded run.
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Events applied so far (the cursor sits after them).
    fn cursor(&self) -> usize;
    /// Virtual time at the cursor.
    fn now(&self) -> u64;
    fn seek(&mut self, index: usize);
    fn inject(&mut self, fault: FaultSpec) -> Result<(), ScenarioError>;
    fn event(&self, index: usize) -> Option<EventView>;
    /// The event at `index` as a sentence in `lang`.
    fn sentence(&self, index: usize, lang: crate::i18n::Lang) -> Option<String>;
    fn nodes(&self) -> Vec<NodeView>;
    /// The money in every node's database, at the start and at the cursor; `None` for a
    /// protocol that keeps no money.
    fn money(&self) -> Option<Money>;
    fn messages(&self) -> Vec<MessageView>;
    /// The message that the event right before the cursor dropped or lost, as it was just
    /// before (where the picture shows it vanish); `None` if that event was no drop.
    fn vanished(&self) -> Option<&Vanished>;
    /// Violations found up to the cursor.
    fn violations(&self) -> &[Violation];
    /// The invariants the protocol checks.
    fn invariants(&self) -> &'static [Invariant];
    fn terminated(&self) -> bool;
    /// Nothing more would happen after the cursor.
    fn quiet(&self) -> bool;
    /// The partition side of each node (all equal when healed).
    fn groups(&self) -> Vec<u8>;
    /// The state machine of a role, for the inspector.
    fn machine(&self, role: Role) -> crate::protocol::Machine;
}
