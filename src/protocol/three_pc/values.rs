//! The 3PC vocabulary: its messages, timers, log records and phases, with their codes and
//! labels.

use crate::model::{Arg, Code, Coded, Outcome, Tone};
use crate::protocol::commit::{self, Decision};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Msg {
    /// CAN-COMMIT?: the vote request.
    Prepare,
    VoteYes,
    VoteNo,
    /// Everyone voted YES: get ready to commit.
    PreCommit,
    /// Acknowledges a PRECOMMIT.
    Ack,
    Commit,
    Abort,
    /// Termination: the leader asks for a participant's state.
    StateRequest,
    /// Termination: a participant's state, sent to the leader.
    StateReport(Phase),
    /// Recovery: "do you know the outcome?"
    DecisionRequest,
    /// Recovery: "not yet": the sender has no decision either, and says whether it is itself
    /// back from a crash (recovering nodes take no lead in termination).
    Uncertain {
        recovering: bool,
    },
}

/// The messages' kinds before the state reports, which take one kind per state.
const SIMPLE: [Msg; 7] = [
    Msg::Prepare,
    Msg::VoteYes,
    Msg::VoteNo,
    Msg::PreCommit,
    Msg::Ack,
    Msg::Commit,
    Msg::Abort,
];
const STATE_REQUEST: u16 = 7;
const FIRST_REPORT: u16 = 8;
const DECISION_REQUEST: u16 = 14;
const UNCERTAIN: u16 = 15;

impl Coded for Msg {
    const LABELS: &'static [&'static str] = &[
        "PREPARE",
        "YES",
        "NO",
        "PRECOMMIT",
        "ACK",
        "COMMIT",
        "ABORT",
        "STATE-REQ",
        "STATE=INIT",
        "STATE=WAIT",
        "STATE=READY",
        "STATE=PRECOMMIT",
        "STATE=COMMIT",
        "STATE=ABORT",
        "DECISION-REQ",
        "UNCERTAIN",
    ];

    fn code(&self) -> Code {
        match self {
            Msg::StateRequest => Code::kind(STATE_REQUEST),
            Msg::StateReport(p) => Code::kind(FIRST_REPORT + *p as u16),
            Msg::DecisionRequest => Code::kind(DECISION_REQUEST),
            Msg::Uncertain { recovering } => Code::with(UNCERTAIN, *recovering as u32),
            simple => Code::kind(SIMPLE.iter().position(|m| m == simple).unwrap_or(0) as u16),
        }
    }

    fn from_code(code: Code) -> Option<Msg> {
        let plain = |m: Msg| (code.arg == 0).then_some(m);
        match code.kind {
            k if (k as usize) < SIMPLE.len() => plain(SIMPLE[k as usize]),
            STATE_REQUEST => plain(Msg::StateRequest),
            k if (FIRST_REPORT..DECISION_REQUEST).contains(&k) => plain(Msg::StateReport(
                Phase::from_code(Code::kind(k - FIRST_REPORT))?,
            )),
            DECISION_REQUEST => plain(Msg::DecisionRequest),
            UNCERTAIN if code.arg <= 1 => Some(Msg::Uncertain {
                recovering: code.arg == 1,
            }),
            _ => None,
        }
    }

    fn arg(&self) -> Arg {
        Arg::None
    }
}

impl crate::protocol::Message for Msg {
    fn tone(&self) -> Tone {
        match self {
            Msg::Prepare | Msg::StateRequest | Msg::DecisionRequest => Tone::Request,
            Msg::VoteYes => Tone::Yes,
            Msg::VoteNo => Tone::No,
            Msg::PreCommit => Tone::Prepare,
            Msg::Ack => Tone::Ack,
            Msg::Commit => Tone::Commit,
            Msg::Abort => Tone::Abort,
            Msg::StateReport(_) | Msg::Uncertain { .. } => Tone::Info,
        }
    }
}

impl Msg {
    pub(super) fn carrying(d: Decision) -> Msg {
        match d {
            Decision::Commit => Msg::Commit,
            Decision::Abort => Msg::Abort,
        }
    }
}

crate::coded_enum! {
    pub enum Timer {
        /// Coordinator in WAIT: not every vote came; abort.
        Votes = "vote-timeout",
        /// Coordinator in PRECOMMIT: not every ACK came; those missing are taken to have failed,
        /// and it commits.
        Acks = "ack-timeout",
        /// Participant in INIT: no vote request came; abort on its own.
        Prepare = "prepare-timeout",
        /// Participant in READY or PRECOMMIT: nothing came from the coordinator (or the leader).
        Decision = "decision-timeout",
        /// Leader: not every state report came; decide with those that did.
        Collect = "collect-timeout",
        /// Leader: not every ACK of its PRECOMMIT came; commit.
        LeaderAcks = "leader-ack-timeout",
        /// Recovering in doubt: ask again.
        AskAgain = "ask-again",
    }
}

impl crate::protocol::Timer for Timer {
    fn timeout(&self) -> usize {
        match self {
            Timer::Votes | Timer::Acks | Timer::Collect | Timer::LeaderAcks => {
                commit::COORDINATOR_TIMEOUT
            }
            Timer::Prepare | Timer::Decision => commit::PARTICIPANT_TIMEOUT,
            Timer::AskAgain => commit::RETRY_TIMEOUT,
        }
    }
}

crate::coded_enum! {
    pub enum Record {
        Ready = "READY",
        PreCommit = "PRECOMMIT",
        Commit = "COMMIT",
        Abort = "ABORT",
    }
}

impl Record {
    pub(super) fn of(d: Decision) -> Record {
        match d {
            Decision::Commit => Record::Commit,
            Decision::Abort => Record::Abort,
        }
    }

    pub(super) fn decision(self) -> Option<Decision> {
        match self {
            Record::Commit => Some(Decision::Commit),
            Record::Abort => Some(Decision::Abort),
            Record::Ready | Record::PreCommit => None,
        }
    }
}

crate::coded_enum! {
    pub enum Phase {
        Init = "INIT",
        Wait = "WAIT",
        Ready = "READY",
        PreCommit = "PRECOMMIT",
        Commit = "COMMIT",
        Abort = "ABORT",
    }
}

impl Phase {
    pub(super) fn of(d: Decision) -> Phase {
        match d {
            Decision::Commit => Phase::Commit,
            Decision::Abort => Phase::Abort,
        }
    }

    pub(super) fn decision(self) -> Option<Decision> {
        match self {
            Phase::Commit => Some(Decision::Commit),
            Phase::Abort => Some(Decision::Abort),
            Phase::Init | Phase::Wait | Phase::Ready | Phase::PreCommit => None,
        }
    }
}

impl crate::protocol::Phase for Phase {
    fn outcome(&self) -> Option<Outcome> {
        self.decision().map(Decision::outcome)
    }
}
