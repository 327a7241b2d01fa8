//! The 2PC coordinator.

use super::{logged_decision, Msg, Phase, Record, Timer, TwoPc};
use crate::model::{bit, mask};
use crate::protocol::commit::voting::{self, Coordinated};
use crate::protocol::commit::{participants, Decision};
use crate::protocol::{Input, Local, Out};

pub(super) fn handle(mut me: Local<'_, TwoPc>, input: Input<TwoPc>, out: &mut Out<TwoPc>) {
    let all = mask(participants(me.setup));
    let input = match voting::coordinator(&mut me, input, out) {
        Coordinated::Done => return,
        Coordinated::AllYes => return decide(&mut me, Decision::Commit, all, out),
        Coordinated::Other(input) => input,
    };
    match (me.phase, input) {
        (
            Phase::Wait,
            Input::Deliver {
                from,
                msg: Msg::VoteNo,
                ..
            },
        ) => {
            // The NO voter has aborted already; everyone else must hear ABORT.
            decide(&mut me, Decision::Abort, all & !bit(from), out);
        }
        (Phase::Wait, Input::Timer(Timer::Votes)) => {
            decide(&mut me, Decision::Abort, all, out);
        }
        // A late YES after an abort: that participant is READY and waits for the outcome.
        (
            Phase::Abort,
            Input::Deliver {
                from,
                msg: Msg::VoteYes,
                ..
            },
        ) => {
            me.mem.owed |= bit(from);
            out.send(from, Msg::Abort);
        }
        (
            Phase::Commit | Phase::Abort,
            Input::Deliver {
                from,
                msg: Msg::Ack,
                ..
            },
        ) => {
            me.mem.acked |= bit(from);
            let done = me.last_record() == Some(Record::End);
            if !done && me.mem.owed & !me.mem.acked == 0 {
                out.cancel_timer(Timer::Resend);
                out.persist(Record::End);
            }
        }
        (
            Phase::Commit | Phase::Abort,
            Input::Deliver {
                from,
                msg: Msg::DecisionRequest,
                ..
            },
        ) => {
            let d = decision(me.phase);
            out.send(from, Msg::carrying(d));
        }
        (Phase::Commit | Phase::Abort, Input::Timer(Timer::Resend)) => {
            let d = decision(me.phase);
            let missing = me.mem.owed & !me.mem.acked;
            for p in participants(me.setup).filter(|&p| missing & bit(p) != 0) {
                out.send(p, Msg::carrying(d));
            }
            out.set_timer(Timer::Resend);
        }
        (_, Input::Recover) => match logged_decision(&me) {
            // The transaction was finished and forgotten.
            Some(d) if me.last_record() == Some(Record::End) => out.become_(Phase::of(d)),
            // Decided before the crash: act on it again; who acknowledged is forgotten.
            Some(d) => {
                out.become_(Phase::of(d));
                me.mem.owed = all;
                for p in participants(me.setup) {
                    out.send(p, Msg::carrying(d));
                }
                out.set_timer(Timer::Resend);
            }
            // No decision record: nobody can have committed, so abort (PROTOCOLS.md, recovery).
            None => decide(&mut me, Decision::Abort, all, out),
        },
        // Everything else (duplicates, stale timers, votes after the decision) changes nothing.
        _ => {}
    }
}

/// Forces the decision, enters it, sends it to `owed` and keeps re-sending until acknowledged.
fn decide(me: &mut Local<'_, TwoPc>, d: Decision, owed: u128, out: &mut Out<TwoPc>) {
    out.cancel_timer(Timer::Votes);
    out.persist(Record::of(d));
    out.become_(Phase::of(d));
    me.mem.owed = owed;
    for p in participants(me.setup).filter(|&p| owed & bit(p) != 0) {
        out.send(p, Msg::carrying(d));
    }
    if owed != 0 {
        out.set_timer(Timer::Resend);
    } else {
        out.persist(Record::End);
    }
}

fn decision(phase: Phase) -> Decision {
    if phase == Phase::Commit {
        Decision::Commit
    } else {
        Decision::Abort
    }
}
