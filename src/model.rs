//! The small vocabulary every protocol, the simulator and the views share.

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

/// What part a node plays. Protocols beyond 2PC/3PC bring their own roles (a producer, a
/// broker that runs check-backs, a relay, a saga orchestrator...), so this list grows with them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Coordinator,
    Participant,
    Broker,
    Producer,
    Consumer,
    Relay,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::Participant => "participant",
            Role::Broker => "broker",
            Role::Producer => "producer",
            Role::Consumer => "consumer",
            Role::Relay => "relay",
        }
    }
}

/// The outcome of a transaction at one node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Commit,
    Abort,
}

impl Decision {
    pub fn label(self) -> &'static str {
        match self {
            Decision::Commit => "commit",
            Decision::Abort => "abort",
        }
    }

    /// The opposite decision.
    pub fn other(self) -> Decision {
        match self {
            Decision::Commit => Decision::Abort,
            Decision::Abort => Decision::Commit,
        }
    }
}

/// A participant's configured answer to the vote request.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    #[default]
    Yes,
    No,
}

/// The colour family of a message in the pictures, and the meaning the invariant monitor reads
/// from it. Protocols map each of their messages onto one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Asks for something: a vote request, a state request, a decision request.
    Request,
    /// A YES vote: the sender promises to commit if told to.
    Yes,
    /// A NO vote.
    No,
    /// Carries the decision COMMIT.
    Commit,
    /// Carries the decision ABORT.
    Abort,
    /// The intermediate PRECOMMIT of 3PC.
    Prepare,
    /// An acknowledgement.
    Ack,
    /// Anything else (a state report, "I don't know either").
    Info,
}

impl Tone {
    /// The decision a message of this tone carries, if any.
    pub fn decision(self) -> Option<Decision> {
        match self {
            Tone::Commit => Some(Decision::Commit),
            Tone::Abort => Some(Decision::Abort),
            Tone::Request | Tone::Yes | Tone::No | Tone::Prepare | Tone::Ack | Tone::Info => None,
        }
    }
}

/// Names for protocol values (messages, timers, log records, states), as shown to people and as
/// written in scenario fault patterns ("PREPARE", "READY", ...).
pub trait Label {
    fn label(&self) -> &'static str;
}

/// The display names of nodes: `C` for the coordinator, `P1..Pn` for participants, and the role's
/// initial letter plus a number for other roles.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Roster {
    roles: Vec<Role>,
    names: Vec<String>,
}

impl Roster {
    pub fn new(roles: Vec<Role>) -> Self {
        let mut counts = std::collections::BTreeMap::new();
        let total_of = |r: Role| roles.iter().filter(|x| **x == r).count();
        let names = roles
            .iter()
            .map(|&role| {
                let n = counts.entry(role).or_insert(0usize);
                *n += 1;
                let prefix = match role {
                    Role::Coordinator => "C",
                    Role::Participant => "P",
                    Role::Broker => "B",
                    Role::Producer => "Pr",
                    Role::Consumer => "Co",
                    Role::Relay => "R",
                };
                if role == Role::Coordinator && total_of(role) == 1 {
                    prefix.to_string()
                } else {
                    format!("{prefix}{n}")
                }
            })
            .collect();
        Roster { roles, names }
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
}
