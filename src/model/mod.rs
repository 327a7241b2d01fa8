//! The small vocabulary every layer shares: node and message identities, roles and node names,
//! the codes protocol values travel in ([`code`]), and what a run is made of ([`event`]).
//!
//! Nothing here knows a protocol, the simulator or the interface.

pub mod code;
pub mod event;
pub mod sentence;

pub use code::{Arg, Code, Coded, Named};
pub use event::{Codes, DropReason, Event, EventKind, Hop, Labels, Stamped, Translate, Values};

use serde::{Deserialize, Serialize};
use std::fmt;

/// A node's index in the topology. Node 0 is the coordinator in the commit protocols.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NodeId(pub u8);

impl NodeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The set `{id}` as a bit mask over node indices (nodes number at most 65, so `u128` holds
/// any set of them).
pub fn bit(id: NodeId) -> u128 {
    1u128 << id.0
}

/// The nodes of a bit mask, in index order.
pub fn members(mask: u128) -> impl Iterator<Item = NodeId> {
    (0..128u8)
        .take_while(move |i| mask >> i != 0)
        .filter(move |i| mask & (1u128 << i) != 0)
        .map(NodeId)
}

/// The set of `ids` as a bit mask over node indices.
pub fn mask(ids: impl Iterator<Item = NodeId>) -> u128 {
    ids.fold(0, |m, id| m | bit(id))
}

/// A message's identity, unique within one run, assigned in sending order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MsgId(pub u32);

impl fmt::Display for MsgId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "m{}", self.0)
    }
}

/// What part a node plays, by the name its protocol gives it (`coordinator`, `participant`,
/// `broker`, `bank`, `orchestrator`...). Protocols define their roles as constants; the words
/// people read are the i18n string `role.<name>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Role(pub &'static str);

impl Role {
    /// The broker that keeps the queues. A protocol whose roster has a node in this role gives
    /// the broker logic of its own (and lets it crash); without one, the broker is the
    /// simulator's plain queue keeper.
    pub const BROKER: Role = Role("broker");

    pub fn label(self) -> &'static str {
        self.0
    }
}

impl crate::i18n::Words for Role {
    fn key(&self) -> std::borrow::Cow<'static, str> {
        format!("role.{}", self.0).into()
    }
}

/// How messages travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    /// Through a broker that keeps one queue per node: a message waits in its queue until the
    /// consumer takes it and leaves only when acknowledged (at-least-once).
    Queue,
    /// Straight from sender to receiver; a message to a crashed or cut-off node is lost
    /// (at-most-once).
    Lossy,
}

/// How a node's outcome reads: the word (`commit`, `abort`, `done`, `compensated`...) and
/// whether it went the way the run was after. The words people read are the i18n string
/// `outcome.<word>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Outcome {
    pub word: &'static str,
    pub way: Way,
}

/// Which way an outcome went, for the colours of the pictures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Way {
    /// The work was done (committed, delivered, confirmed).
    Ahead,
    /// The work was undone or never done (aborted, cancelled, compensated).
    Back,
}

impl Outcome {
    pub const fn ahead(word: &'static str) -> Outcome {
        Outcome {
            word,
            way: Way::Ahead,
        }
    }
    pub const fn back(word: &'static str) -> Outcome {
        Outcome {
            word,
            way: Way::Back,
        }
    }
    pub fn label(self) -> &'static str {
        self.word
    }
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.word)
    }
}

impl crate::i18n::Words for Outcome {
    fn key(&self) -> std::borrow::Cow<'static, str> {
        format!("outcome.{}", self.word).into()
    }
}

/// The colour family of a message in the pictures. Protocols map each of their messages onto
/// one of these; nothing but the pictures reads them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Asks for something: a vote request, a state request, a decision request.
    Request,
    /// A YES vote, or any "I can" answer.
    Yes,
    /// A NO vote, or any refusal.
    No,
    /// Carries a decision to go ahead (COMMIT, CONFIRM).
    Commit,
    /// Carries a decision to undo (ABORT, ROLLBACK, CANCEL).
    Abort,
    /// An intermediate promise (3PC's PRECOMMIT, a half message).
    Prepare,
    /// An acknowledgement.
    Ack,
    /// Anything else (a state report, "I don't know either").
    Info,
}

/// The display names of nodes, by index, with their roles.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Roster {
    roles: Vec<Role>,
    names: Vec<String>,
    /// The node in the broker's role, found once (the simulator asks for every message).
    #[serde(skip)]
    broker: Option<NodeId>,
}

impl Roster {
    /// A roster of the given nodes, in index order.
    pub fn new(nodes: Vec<(Role, String)>) -> Self {
        let (roles, names): (Vec<Role>, Vec<String>) = nodes.into_iter().unzip();
        let broker = roles
            .iter()
            .position(|r| *r == Role::BROKER)
            .map(|i| NodeId(i as u8));
        Roster {
            roles,
            names,
            broker,
        }
    }

    pub fn len(&self) -> usize {
        self.roles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
    }

    pub fn role(&self, id: NodeId) -> Role {
        self.roles[id.index()]
    }

    pub fn name(&self, id: NodeId) -> &str {
        &self.names[id.index()]
    }

    pub fn ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.roles.len()).map(|i| NodeId(i as u8))
    }

    /// The node called `name` (case-insensitive), if there is one.
    pub fn find(&self, name: &str) -> Option<NodeId> {
        self.names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))
            .map(|i| NodeId(i as u8))
    }

    pub fn with_role(&self, role: Role) -> impl Iterator<Item = NodeId> + '_ {
        self.ids().filter(move |&id| self.role(id) == role)
    }

    /// The node that keeps the queues and runs broker logic, if the protocol has one.
    pub fn broker(&self) -> Option<NodeId> {
        self.broker
    }

    /// The node names, by index, joined for a message ("C, P1, ..., P16" when there are many).
    pub fn names_list(&self) -> String {
        let known: Vec<&str> = self.names.iter().map(String::as_str).collect();
        if known.len() > 6 {
            format!("{}, ..., {}", known[..4].join(", "), known[known.len() - 1])
        } else {
            known.join(", ")
        }
    }
}
