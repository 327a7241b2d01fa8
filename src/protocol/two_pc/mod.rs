//! Two-phase commit, as in Bernstein, Hadzilacos & Goodman ch. 7 and Tanenbaum & van Steen §8.5,
//! with the cooperative termination protocol (see shared/PROTOCOLS.md, "Two-phase commit").
//!
//! Coordinator `INIT -> WAIT -> COMMIT | ABORT`; participant `INIT -> READY -> COMMIT | ABORT`,
//! `INIT -> ABORT`. Forced writes: READY before voting YES, the decision before sending it.

mod coordinator;
mod participant;
#[cfg(test)]
mod tests;

use crate::model::{Decision, Label, NodeId, Role, Tone};
use crate::protocol::{
    self, Input, Local, Machine, MemoryField, MemoryValue, Out, Protocol, Setup, Standing,
    TimeoutClass,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TwoPc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Msg {
    /// VOTE-REQUEST: "can you commit?"
    Prepare,
    VoteYes,
    VoteNo,
    Commit,
    Abort,
    /// A participant acknowledges the decision, so the coordinator can stop re-sending it.
    Ack,
    /// Cooperative termination: "do you know the outcome?"
    DecisionRequest,
    /// Cooperative termination: "I am READY too; I don't know."
    Uncertain,
}

impl Label for Msg {
    fn label(&self) -> &'static str {
        match self {
            Msg::Prepare => "PREPARE",
            Msg::VoteYes => "YES",
            Msg::VoteNo => "NO",
            Msg::Commit => "COMMIT",
            Msg::Abort => "ABORT",
            Msg::Ack => "ACK",
            Msg::DecisionRequest => "DECISION-REQ",
            Msg::Uncertain => "UNCERTAIN",
        }
    }
}

impl protocol::Message for Msg {
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Timer {
    /// Coordinator in WAIT: the votes did not all come; abort.
    Votes,
    /// Coordinator decided: re-send the decision to whoever has not acknowledged it.
    Resend,
    /// Participant in INIT: no vote request came; abort on its own.
    Prepare,
    /// Participant in READY: no decision came; start asking the others.
    Decision,
    /// Participant still in READY after asking: ask again.
    AskAgain,
}

impl Label for Timer {
    fn label(&self) -> &'static str {
        match self {
            Timer::Votes => "vote-timeout",
            Timer::Resend => "resend",
            Timer::Prepare => "prepare-timeout",
            Timer::Decision => "decision-timeout",
            Timer::AskAgain => "ask-again",
        }
    }
}

impl protocol::Timer for Timer {
    fn class(&self) -> TimeoutClass {
        match self {
            Timer::Votes => TimeoutClass::Coordinator,
            Timer::Prepare | Timer::Decision => TimeoutClass::Participant,
            Timer::Resend | Timer::AskAgain => TimeoutClass::Retry,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Record {
    /// Participant: voted YES (written before the vote is sent).
    Ready,
    Commit,
    Abort,
    /// Coordinator: every participant acknowledged; the transaction can be forgotten.
    End,
}

impl Label for Record {
    fn label(&self) -> &'static str {
        match self {
            Record::Ready => "READY",
            Record::Commit => "COMMIT",
            Record::Abort => "ABORT",
            Record::End => "END",
        }
    }
}

impl protocol::Record for Record {
    fn decision(&self) -> Option<Decision> {
        match self {
            Record::Commit => Some(Decision::Commit),
            Record::Abort => Some(Decision::Abort),
            Record::Ready | Record::End => None,
        }
    }
}

impl Record {
    fn of(d: Decision) -> Record {
        match d {
            Decision::Commit => Record::Commit,
            Decision::Abort => Record::Abort,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Phase {
    Init,
    /// Coordinator: vote requests sent, collecting votes.
    Wait,
    /// Participant: voted YES, uncertain ("in doubt").
    Ready,
    Commit,
    Abort,
}

impl Label for Phase {
    fn label(&self) -> &'static str {
        match self {
            Phase::Init => "INIT",
            Phase::Wait => "WAIT",
            Phase::Ready => "READY",
            Phase::Commit => "COMMIT",
            Phase::Abort => "ABORT",
        }
    }
}

impl protocol::Phase for Phase {
    fn decision(&self) -> Option<Decision> {
        match self {
            Phase::Commit => Some(Decision::Commit),
            Phase::Abort => Some(Decision::Abort),
            Phase::Init | Phase::Wait | Phase::Ready => None,
        }
    }
}

impl Phase {
    fn of(d: Decision) -> Phase {
        match d {
            Decision::Commit => Phase::Commit,
            Decision::Abort => Phase::Abort,
        }
    }
}

/// Volatile memory. The coordinator keeps sets of participants as bit masks (bit = node index);
/// participants keep nothing but their phase.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Memory {
    /// Participants whose YES has arrived.
    pub yes: u128,
    /// Participants that must acknowledge the decision.
    pub owed: u128,
    /// Participants that have acknowledged it.
    pub acked: u128,
}

impl Protocol for TwoPc {
    const NAME: &'static str = "2pc";
    const TITLE: &'static str = "Two-phase commit";
    type Msg = Msg;
    type Timer = Timer;
    type Record = Record;
    type Phase = Phase;
    type Memory = Memory;

    fn roles(participants: usize) -> Vec<Role> {
        protocol::coordinator_and(participants)
    }

    fn boot(_: &Setup, _: NodeId) -> (Phase, Memory) {
        (Phase::Init, Memory::default())
    }

    fn handle(local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>) {
        match local.role() {
            Role::Coordinator => coordinator::handle(local, input, out),
            _ => participant::handle(local, input, out),
        }
    }

    fn memory(role: Role, mem: &Memory) -> Vec<MemoryField> {
        match role {
            Role::Coordinator => vec![
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
            Role::Coordinator => matches!(phase, Phase::Init | Phase::Wait),
            _ => phase == Phase::Init,
        };
        Standing {
            in_doubt: phase == Phase::Ready,
            can_resolve: decided || may_still_abort,
        }
    }

    fn message_labels() -> &'static [&'static str] {
        &[
            "PREPARE",
            "YES",
            "NO",
            "COMMIT",
            "ABORT",
            "ACK",
            "DECISION-REQ",
            "UNCERTAIN",
        ]
    }
    fn record_labels() -> &'static [&'static str] {
        &["READY", "COMMIT", "ABORT", "END"]
    }
    fn phase_labels() -> &'static [&'static str] {
        &["INIT", "WAIT", "READY", "COMMIT", "ABORT"]
    }
    fn timer_labels() -> &'static [&'static str] {
        &[
            "vote-timeout",
            "resend",
            "prepare-timeout",
            "decision-timeout",
            "ask-again",
        ]
    }

    fn machine(role: Role) -> Machine {
        match role {
            Role::Coordinator => Machine {
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
}
