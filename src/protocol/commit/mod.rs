//! What the commit protocols (2PC and 3PC) share: the coordinator-and-participants roster, the
//! votes in the scenario, the decision, the timeouts, the voting phase ([`voting`]) and the
//! invariants ([`watch`]: agreement, irrevocability, validity, durability).

pub mod voting;
pub mod watch;

use super::{Setup, Timeout};
use crate::doc::{Reason, ScenarioError};
use crate::model::{NodeId, Outcome, Role, Roster};
use crate::sorted::SortedMap;
use serde::{Deserialize, Serialize};

pub const COORDINATOR: Role = Role("coordinator");
pub const PARTICIPANT: Role = Role("participant");

/// The outcomes a commit protocol's nodes reach.
pub const COMMIT: Outcome = Outcome::ahead("commit");
pub const ABORT: Outcome = Outcome::back("abort");

/// The most participants a commit scenario may have.
pub const MAX_PARTICIPANTS: usize = 64;

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

    /// The decision as a node's outcome (`commit`, `abort`).
    pub fn outcome(self) -> Outcome {
        match self {
            Decision::Commit => COMMIT,
            Decision::Abort => ABORT,
        }
    }

    /// The decision an outcome word stands for.
    pub fn of_outcome(o: Outcome) -> Option<Decision> {
        [Decision::Commit, Decision::Abort]
            .into_iter()
            .find(|d| d.outcome() == o)
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

/// A commit scenario's `params`: how many participants, and the votes that are not YES by
/// participant name (`{"P2": "no"}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitParams {
    pub participants: usize,
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    pub votes: SortedMap<String, Vote>,
}

impl Default for CommitParams {
    fn default() -> Self {
        CommitParams {
            participants: 3,
            votes: SortedMap::new(),
        }
    }
}

/// What a commit protocol's handlers read: every node's vote, by index (the coordinator's
/// entry is unused), and who is who, worked out once (handlers ask on every message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitConfig {
    pub votes: Vec<Vote>,
    /// The participants, as a bit mask.
    pub participants: u128,
    pub coordinator: NodeId,
}

/// The commit protocols' timeouts (scenario keys `coordinator`, `participant`, `retry`).
pub const TIMEOUTS: &[Timeout] = &[
    // A coordinator (or acting coordinator) waiting for votes, acknowledgements or reports.
    Timeout {
        name: "coordinator",
        default_ms: 300,
    },
    // A participant waiting for a request or a decision.
    Timeout {
        name: "participant",
        default_ms: 500,
    },
    // The pause before asking or sending again.
    Timeout {
        name: "retry",
        default_ms: 250,
    },
];

/// Indices into [`TIMEOUTS`].
pub const COORDINATOR_TIMEOUT: usize = 0;
pub const PARTICIPANT_TIMEOUT: usize = 1;
pub const RETRY_TIMEOUT: usize = 2;

/// Node 0 the coordinator `C`, then the participants `P1..Pn`.
pub fn nodes(params: &CommitParams) -> Result<Vec<(Role, String)>, ScenarioError> {
    let n = params.participants;
    if n == 0 || n > MAX_PARTICIPANTS {
        return Err(ScenarioError::new(
            "participants",
            Reason::OutOfRange {
                value: n as u64,
                min: 1,
                max: MAX_PARTICIPANTS as u64,
            },
        ));
    }
    Ok(std::iter::once((COORDINATOR, "C".to_string()))
        .chain((1..=n).map(|k| (PARTICIPANT, format!("P{k}"))))
        .collect())
}

/// Checks the votes (each names a participant) and puts them by node index.
pub fn configure(params: &CommitParams, roster: &Roster) -> Result<CommitConfig, ScenarioError> {
    let mut votes = vec![Vote::Yes; roster.len()];
    for (name, vote) in &params.votes {
        let field = format!("votes.{name}");
        let id = roster.find(name).ok_or_else(|| {
            ScenarioError::new(
                &field,
                Reason::UnknownNode {
                    name: name.clone(),
                    known: roster.names_list(),
                },
            )
        })?;
        if roster.role(id) != PARTICIPANT {
            return Err(ScenarioError::new(field, Reason::OnlyParticipantsVote));
        }
        votes[id.index()] = *vote;
    }
    Ok(CommitConfig {
        votes,
        participants: crate::model::mask(roster.with_role(PARTICIPANT)),
        coordinator: roster.with_role(COORDINATOR).next().unwrap_or(NodeId(0)),
    })
}

/// The participants, in index order.
pub fn participants(setup: &Setup) -> impl Iterator<Item = NodeId> + '_ {
    crate::model::members(setup.config::<CommitConfig>().participants)
}

/// The coordinator (node 0).
pub fn coordinator(setup: &Setup) -> NodeId {
    setup.config::<CommitConfig>().coordinator
}

/// A participant's vote.
pub fn vote(setup: &Setup, node: NodeId) -> Vote {
    setup
        .config::<CommitConfig>()
        .votes
        .get(node.index())
        .copied()
        .unwrap_or_default()
}

/// A setup with a coordinator and `n` participants voting as given (YES by default), for the
/// protocols' own tests.
#[cfg(test)]
pub(crate) fn test_setup(n: usize, no_votes: &[u8]) -> Setup {
    let params = CommitParams {
        participants: n,
        votes: no_votes
            .iter()
            .map(|i| (format!("P{i}"), Vote::No))
            .collect(),
    };
    let roster = Roster::new(nodes(&params).expect("a small roster"));
    let config = configure(&params, &roster).expect("valid votes");
    Setup {
        roster,
        timeouts: TIMEOUTS.iter().map(|t| t.default_ms).collect(),
        config: std::sync::Arc::new(config),
    }
}
