//! What a protocol tells the rest of the program about a node: where it stands for the
//! blocking analysis ([`Standing`]), its volatile memory as the inspector lists it
//! ([`MemoryField`]), and each role's state machine ([`Machine`]).

use crate::model::NodeId;
use serde::Serialize;

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
