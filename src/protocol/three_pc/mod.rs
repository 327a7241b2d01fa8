//! Three-phase commit, after Skeen, *Nonblocking Commit Protocols* (SIGMOD 1981), with the
//! termination protocol run by a leader chosen among the live participants (the lowest id not
//! suspected of having crashed). See shared/PROTOCOLS.md, "Three-phase commit".
//!
//! Coordinator `INIT -> WAIT -> PRECOMMIT -> COMMIT`, `WAIT -> ABORT`; participant
//! `INIT -> READY -> PRECOMMIT -> COMMIT`, `INIT | READY -> ABORT`. Non-blocking with fail-stop
//! crashes and accurate timeouts; a partition can make it decide both ways.

mod coordinator;
mod participant;
#[cfg(test)]
mod tests;
mod values;

use super::commit::voting::Voting;
use super::commit::watch::{CommitWatch, Decides};
use super::commit::{self, CommitConfig, CommitParams, Decision, COORDINATOR};
use super::{Input, Local, Machine, MemoryField, MemoryValue, Out, Protocol, Setup, Standing};
use super::{Timeout, Waiting};
use crate::doc::ScenarioError;
use crate::model::{Coded, NodeId, Outcome, Role, Roster, Values};

pub(crate) use crate::model::{bit, mask};
pub use values::{Msg, Phase, Record, Timer};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ThreePc;

pub use super::two_pc::NoTxn;

/// Where a participant is in the termination protocol.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Term {
    /// Not terminating (waiting on the coordinator).
    #[default]
    Idle,
    /// Waiting for this leader's decision.
    Following(NodeId),
    /// Leading: collecting state reports. `replied` includes the leader itself.
    Collecting { replied: u128, seen: Seen },
    /// Leading: some participant was in PRECOMMIT, so the leader sent PRECOMMIT to the others and
    /// waits for their ACKs before committing.
    Precommitting { waiting: u128 },
}

/// Which states the leader has seen among the reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Seen {
    pub commit: bool,
    pub abort: bool,
    pub precommit: bool,
}

impl Seen {
    fn add(&mut self, p: Phase) {
        match p {
            Phase::Commit => self.commit = true,
            Phase::Abort => self.abort = true,
            Phase::PreCommit => self.precommit = true,
            Phase::Init | Phase::Wait | Phase::Ready => {}
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Memory {
    /// Coordinator: participants whose YES has arrived.
    pub yes: u128,
    /// Coordinator: participants that acknowledged PRECOMMIT.
    pub acks: u128,
    /// Came back from a crash without a decision: must ask, and takes no part in termination.
    pub recovering: bool,
    /// Participant: nodes it believes crashed (bit per node index).
    pub suspected: u128,
    /// Recovering: nodes that answered "not yet, I am recovering too" in the current round of
    /// asking.
    pub heard_in_doubt: u128,
    pub term: Term,
}

impl Values for ThreePc {
    type Msg = Msg;
    type Timer = Timer;
    type Record = Record;
    type Phase = Phase;
    type Txn = NoTxn;
}

impl Voting for ThreePc {
    const PREPARE: Msg = Msg::Prepare;
    const YES: Msg = Msg::VoteYes;
    const NO: Msg = Msg::VoteNo;
    const INIT: Phase = Phase::Init;
    const WAIT: Phase = Phase::Wait;
    const READY: Phase = Phase::Ready;
    const ABORTED: Phase = Phase::Abort;
    const READY_RECORD: Record = Record::Ready;
    const ABORT_RECORD: Record = Record::Abort;
    const VOTES_TIMER: Timer = Timer::Votes;
    const PREPARE_TIMER: Timer = Timer::Prepare;
    const DECISION_TIMER: Timer = Timer::Decision;

    fn yes_votes(mem: &mut Memory) -> &mut u128 {
        &mut mem.yes
    }
}

impl Decides for ThreePc {
    fn record_decision(record: Record) -> Option<Decision> {
        record.decision()
    }
    fn phase_decision(phase: Phase) -> Option<Decision> {
        phase.decision()
    }
}

impl Protocol for ThreePc {
    const NAME: &'static str = "3pc";
    const TIMEOUTS: &'static [Timeout] = commit::TIMEOUTS;
    type Params = CommitParams;
    type Config = CommitConfig;
    type Memory = Memory;

    fn nodes(params: &CommitParams) -> Result<Vec<(Role, String)>, ScenarioError> {
        commit::nodes(params)
    }

    fn configure(params: &CommitParams, roster: &Roster) -> Result<CommitConfig, ScenarioError> {
        commit::configure(params, roster)
    }

    fn boot(_: &Setup, _: NodeId) -> (Phase, Memory) {
        (Phase::Init, Memory::default())
    }

    fn handle(local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>) {
        let delivered = match input {
            Input::Deliver { id, .. } => Some(id),
            _ => None,
        };
        match local.role() {
            COORDINATOR => coordinator::handle(local, input, out),
            _ => participant::handle(local, input, out),
        }
        // A consumer acknowledges a message once it has handled it.
        if let Some(id) = delivered {
            out.ack(id);
        }
    }

    fn durable_outcome(log: &[Record], _: &super::db::Db) -> Option<Outcome> {
        log.iter()
            .rev()
            .find_map(|r| r.decision())
            .map(Decision::outcome)
    }

    fn watch(setup: &Setup) -> Box<dyn super::watch::Watch> {
        Box::new(CommitWatch::new::<ThreePc>(setup))
    }

    fn memory(role: Role, mem: &Memory) -> Vec<MemoryField> {
        let recovering = MemoryField::new("recovering", MemoryValue::Flag(mem.recovering));
        if role == COORDINATOR {
            return vec![
                MemoryField::new("yes", MemoryValue::Nodes(mem.yes)),
                MemoryField::new("acks", MemoryValue::Nodes(mem.acks)),
                recovering,
            ];
        }
        let mut fields = vec![
            recovering,
            MemoryField::new("suspected", MemoryValue::Nodes(mem.suspected)),
        ];
        if mem.recovering {
            fields.push(MemoryField::new(
                "heard_in_doubt",
                MemoryValue::Nodes(mem.heard_in_doubt),
            ));
        }
        let term = |word| MemoryField::new("term", MemoryValue::Word(word));
        match mem.term {
            Term::Idle => fields.push(term("idle")),
            Term::Following(leader) => {
                fields.push(term("following"));
                fields.push(MemoryField::new("leader", MemoryValue::Node(leader)));
            }
            Term::Collecting { replied, seen } => {
                fields.push(term("collecting"));
                fields.push(MemoryField::new("replied", MemoryValue::Nodes(replied)));
                let labels = [
                    (seen.commit, Phase::Commit.label()),
                    (seen.abort, Phase::Abort.label()),
                    (seen.precommit, Phase::PreCommit.label()),
                ];
                fields.push(MemoryField::new(
                    "seen",
                    MemoryValue::Labels(labels.iter().filter(|l| l.0).map(|l| l.1).collect()),
                ));
            }
            Term::Precommitting { waiting } => {
                fields.push(term("precommitting"));
                fields.push(MemoryField::new("waiting", MemoryValue::Nodes(waiting)));
            }
        }
        fields
    }

    fn standing(role: Role, phase: Phase, mem: &Memory) -> Standing {
        let decided = matches!(phase, Phase::Commit | Phase::Abort);
        let in_doubt = match role {
            COORDINATOR => mem.recovering && !decided,
            _ => matches!(phase, Phase::Ready | Phase::PreCommit),
        };
        Standing {
            waiting: if in_doubt {
                Waiting::InDoubt
            } else {
                Waiting::No
            },
            // Anyone who has not been through a crash can still drive the outcome: the
            // coordinator, or a participant through the termination protocol.
            can_resolve: decided || !mem.recovering,
        }
    }

    fn machine(role: Role) -> Machine {
        match role {
            COORDINATOR => Machine {
                states: &["INIT", "WAIT", "PRECOMMIT", "COMMIT", "ABORT"],
                transitions: &[
                    ("INIT", "WAIT", "begin / send PREPARE"),
                    ("WAIT", "PRECOMMIT", "all YES / log, send PRECOMMIT"),
                    ("WAIT", "ABORT", "a NO or timeout / log ABORT, send ABORT"),
                    (
                        "PRECOMMIT",
                        "COMMIT",
                        "all ACK or timeout / log COMMIT, send COMMIT",
                    ),
                ],
            },
            _ => Machine {
                states: &["INIT", "READY", "PRECOMMIT", "COMMIT", "ABORT"],
                transitions: &[
                    ("INIT", "READY", "PREPARE / log READY, send YES"),
                    ("INIT", "ABORT", "votes NO or timeout"),
                    ("READY", "PRECOMMIT", "PRECOMMIT / log, send ACK"),
                    ("READY", "ABORT", "ABORT, or termination: all READY"),
                    ("READY", "COMMIT", "termination: someone committed"),
                    ("PRECOMMIT", "COMMIT", "COMMIT, or termination"),
                ],
            },
        }
    }
}

/// Forces and enters a decision, cancelling every timer a deciding node may hold.
fn settle(me: &mut Local<'_, ThreePc>, d: Decision, out: &mut Out<ThreePc>) {
    for t in [
        Timer::Votes,
        Timer::Acks,
        Timer::Prepare,
        Timer::Decision,
        Timer::Collect,
        Timer::LeaderAcks,
        Timer::AskAgain,
    ] {
        out.cancel_timer(t);
    }
    out.persist(Record::of(d));
    out.become_(Phase::of(d));
    me.mem.recovering = false;
    me.mem.term = Term::Idle;
}

/// A recovering node hears "not yet, and I am recovering too" from `from`. Once every other node
/// has said so in one round of asking, this is a total failure: every node crashed, none has a
/// decision in its log, and none is running termination. Nobody can have committed or aborted,
/// and nobody will without them: a participant takes part in termination again, and its
/// decision timer starts it (Skeen: after a total failure the sites wait until the last one to
/// fail is back; here, until all are). While any node is still running (not recovering), a
/// recovering node only asks: that node may decide without it.
fn heard_in_doubt(
    me: &mut Local<'_, ThreePc>,
    from: NodeId,
    they_recover: bool,
    out: &mut Out<ThreePc>,
) {
    if !they_recover {
        return;
    }
    me.mem.heard_in_doubt |= bit(from);
    let everyone_else = mask(me.setup.roster.ids()) & !bit(me.me);
    if me.mem.heard_in_doubt == everyone_else && me.role() == commit::PARTICIPANT {
        me.mem.recovering = false;
        me.mem.suspected = 0;
        me.mem.term = Term::Idle;
        out.cancel_timer(Timer::AskAgain);
        out.set_timer(Timer::Decision);
    }
}

/// The decision a phase holds, if it is final.
fn decided(phase: Phase) -> Option<Decision> {
    phase.decision()
}

/// The last decision record in a node's log, if any.
fn logged_decision(me: &Local<'_, ThreePc>) -> Option<Decision> {
    me.records().rev().find_map(Record::decision)
}

/// Asks every other node for the outcome and arms the retry (recovery). Starts a new round of
/// "not yet" answers.
fn ask_everyone(me: &mut Local<'_, ThreePc>, out: &mut Out<ThreePc>) {
    me.mem.heard_in_doubt = 0;
    for other in me.setup.roster.ids().filter(|&o| o != me.me) {
        out.send(other, Msg::DecisionRequest);
    }
    out.set_timer(Timer::AskAgain);
}
