//! What a search may do: its fault budget, when timers may fire, and the other options of a
//! check.

use serde::{Deserialize, Serialize};

/// How many faults of each kind a search may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Budget {
    pub drops: u8,
    pub duplicates: u8,
    pub crashes: u8,
    pub recoveries: u8,
    /// Network splits (healing is free).
    pub partitions: u8,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            drops: 0,
            duplicates: 0,
            crashes: 1,
            recoveries: 0,
            partitions: 0,
        }
    }
}

/// When timers may fire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeouts {
    /// Only when no message can be delivered any more: timeouts are accurate, as 3PC assumes
    /// (a node times out only on a peer that has really crashed or been cut off).
    Accurate,
    /// At any moment: an asynchronous network, where a timeout may be premature.
    Any,
}

/// What to search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckOptions {
    pub budget: Budget,
    pub timeouts: Timeouts,
    pub max_states: Option<u64>,
    /// A state constraint, as in TLC: states with more messages than this on links and in
    /// queues are not explored further. Without it a node that keeps asking a crashed peer
    /// makes the state space infinite. `None`: twice the number of nodes.
    pub max_messages: Option<usize>,
    /// Which properties to look for (by name: agreement, irrevocability, validity, durability,
    /// can-block); empty for all.
    pub properties: Vec<String>,
    /// Stop once every property looked for has a finding (each is still a shortest run).
    pub stop_when_found: bool,
    /// Skip the moves that only reorder independent steps of different nodes (sleep sets):
    /// the same states at the same depths, fewer successors computed. Off only to check that.
    pub sleep_sets: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            budget: Budget::default(),
            timeouts: Timeouts::Accurate,
            max_states: Some(2_000_000),
            max_messages: None,
            properties: Vec::new(),
            stop_when_found: false,
            sleep_sets: true,
        }
    }
}
