//! Two-phase commit, as in Bernstein, Hadzilacos & Goodman ch. 7 and Tanenbaum & van Steen §8.5,
//! with the cooperative termination protocol (see shared/PROTOCOLS.md, "Two-phase commit").
//!
//! Coordinator `INIT -> WAIT -> COMMIT | ABORT`; participant `INIT -> READY -> COMMIT | ABORT`,
//! `INIT -> ABORT`. Forced writes: READY before voting YES, the decision before sending it.

mod coordinator;
mod participant;
#[cfg(test)]
mod tests;

use super::commit::voting::Voting;
use super::commit::watch::{CommitWatch, Decides};
use super::commit::{self, CommitConfig, CommitParams, Decision, COORDINATOR};
use super::{Input, Local, Machine, MemoryField, MemoryValue, Out, Protocol, Setup, Standing};
use super::{Timeout, Waiting};
use crate::doc::ScenarioError;
use crate::model::{NodeId, Outcome, Role, Roster, Tone, Values};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TwoPc;

crate::coded_enum! {
    pub enum Msg {
        /// VOTE-REQUEST: "can you commit?"
        Prepare = "PREPARE",
        VoteYes = "YES",
        VoteNo = "NO",
        Commit = "COMMIT",
        Abort = "ABORT",
        /// A participant acknowledges the decision, so the coordinator can stop re-sending it.
        Ack = "ACK",
        /// Cooperative termination: "do you know the outcome?"
        DecisionRequest = "DECISION-REQ",
        /// Cooperative termination: "I am READY too; I don't know."
        Uncertain = "UNCERTAIN",
    }
}

impl super::Message for Msg {
    fn tone(&self) -> Tone {
        match self {
            Msg::Prepare | Msg::DecisionRequest => Tone::Request,
            Msg::VoteYes => Tone::Yes,
            Msg::VoteNo => Tone::No,
            Msg::Commit => Tone::Commit,
            Msg::Abort => Tone::Abort,
            Msg::Ack => Tone::Ack,
            Msg::Uncertain => Tone::Info,
        }
    }
}

impl Msg {
    fn carrying(d: Decision) -> Msg {
        match d {
            Decision::Commit => Msg::Commit,
            Decision::Abort => Msg::Abort,
        }
    }
}

crate::coded_enum! {
    pub enum Timer {
        /// Coordinator in WAIT: the votes did not all come; abort.
        Votes = "vote-timeout",
        /// Coordinator decided: re-send the decision to whoever has not acknowledged it.
        Resend = "resend",
        /// Participant in INIT: no vote request came; abort on its own.
        Prepare = "prepare-timeout",
        /// Participant in READY: no decision came; start asking the others.
        Decision = "decision-timeout",
        /// Participant still in READY after asking: ask again.
        AskAgain = "ask-again",
    }
}

impl super::Timer for Timer {
    fn timeout(&self) -> usize {
        match self {
            Timer::Votes => commit::COORDINATOR_TIMEOUT,
            Timer::Prepare | Timer::Decision => commit::PARTICIPANT_TIMEOUT,
            Timer::Resend | Timer::AskAgain => commit::RETRY_TIMEOUT,
        }
    }
}

crate::coded_enum! {
    pub enum Record {
        /// Participant: voted YES (written before the vote is sent).
        Ready = "READY",
        Commit = "COMMIT",
        Abort = "ABORT",
        /// Coordinator: every participant acknowledged; the transaction can be forgotten.
        End = "END",
    }
}

impl Record {
    fn of(d: Decision) -> Record {
        match d {
            Decision::Commit => Record::Commit,
            Decision::Abort => Record::Abort,
        }
    }

    fn decision(self) -> Option<Decision> {
        match self {
            Record::Commit => Some(Decision::Commit),
            Record::Abort => Some(Decision::Abort),
            Record::Ready | Record::End => None,
        }
    }
}

crate::coded_enum! {
    pub enum Phase {
        Init = "INIT",
        /// Coordinator: vote requests sent, collecting votes.
        Wait = "WAIT",
        /// Participant: voted YES, uncertain ("in doubt").
        Ready = "READY",
        Commit = "COMMIT",
        Abort = "ABORT",
    }
}

impl Phase {
    fn of(d: Decision) -> Phase {
        match d {
            Decision::Commit => Phase::Commit,
            Decision::Abort => Phase::Abort,
        }
    }

    fn decision(self) -> Option<Decision> {
        match self {
            Phase::Commit => Some(Decision::Commit),
            Phase::Abort => Some(Decision::Abort),
            Phase::Init | Phase::Wait | Phase::Ready => None,
        }
    }
}

impl super::Phase for Phase {
    fn outcome(&self) -> Option<Outcome> {
        self.decision().map(Decision::outcome)
    }
}

crate::coded_enum! {
    /// 2PC writes no local transactions.
    pub enum NoTxn { None = "-" }
}

/// Volatile memory. The coordinator keeps sets of participants as bit masks (bit = node index);
/// participants keep nothing but their phase.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Memory {
    /// Participants whose YES has arrived.
    pub yes: u128,
    /// Participants that must acknowledge the decision.
    pub owed: u128,
    /// Participants that have acknowledged it.
    pub acked: u128,
}

impl Values for TwoPc {
    type Msg = Msg;
    type Timer = Timer;
    type Record = Record;
    type Phase = Phase;
    type Txn = NoTxn;
}

impl Voting for TwoPc {
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

impl Decides for TwoPc {
    fn record_decision(record: Record) -> Option<Decision> {
        record.decision()
    }
    fn phase_decision(phase: Phase) -> Option<Decision> {
        phase.decision()
    }
}

impl Protocol for TwoPc {
    const NAME: &'static str = "2pc";
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

    fn memory(role: Role, mem: &Memory) -> Vec<MemoryField> {
        match role {
            COORDINATOR => vec![
                MemoryField::new("yes", MemoryValue::Nodes(mem.yes)),
                MemoryField::new("owed", MemoryValue::Nodes(mem.owed)),
                MemoryField::new("acked", MemoryValue::Nodes(mem.acked)),
            ],
            _ => Vec::new(),
        }
    }

    fn standing(role: Role, phase: Phase, _: &Memory) -> Standing {
        let decided = matches!(phase, Phase::Commit | Phase::Abort);
        let may_still_abort = match role {
            COORDINATOR => matches!(phase, Phase::Init | Phase::Wait),
            _ => phase == Phase::Init,
        };
        Standing {
            waiting: if phase == Phase::Ready {
                Waiting::InDoubt
            } else {
                Waiting::No
            },
            can_resolve: decided || may_still_abort,
        }
    }

    fn durable_outcome(log: &[Record], _: &super::db::Db) -> Option<Outcome> {
        log.iter()
            .rev()
            .find_map(|r| r.decision())
            .map(Decision::outcome)
    }

    fn machine(role: Role) -> Machine {
        match role {
            COORDINATOR => Machine {
                states: &["INIT", "WAIT", "COMMIT", "ABORT"],
                transitions: &[
                    ("INIT", "WAIT", "begin / send PREPARE"),
                    ("WAIT", "COMMIT", "all YES / log COMMIT, send COMMIT"),
                    ("WAIT", "ABORT", "a NO or timeout / log ABORT, send ABORT"),
                    ("INIT", "ABORT", "recover, no decision logged"),
                ],
            },
            _ => Machine {
                states: &["INIT", "READY", "COMMIT", "ABORT"],
                transitions: &[
                    ("INIT", "READY", "PREPARE / log READY, send YES"),
                    ("INIT", "ABORT", "PREPARE, votes NO / timeout / a peer asks"),
                    ("READY", "COMMIT", "COMMIT / log COMMIT"),
                    ("READY", "ABORT", "ABORT / log ABORT"),
                ],
            },
        }
    }

    fn watch(setup: &Setup) -> Box<dyn super::watch::Watch> {
        Box::new(CommitWatch::new::<TwoPc>(setup))
    }
}

/// The last decision record in a node's log, if any.
fn logged_decision(me: &Local<'_, TwoPc>) -> Option<Decision> {
    me.records().rev().find_map(Record::decision)
}
