//! The 3PC coordinator.

use super::{
    ask_everyone, bit, decided, heard_in_doubt, logged_decision, mask, settle, Msg, Phase, Record,
    ThreePc, Timer,
};
use crate::protocol::commit::voting::{self, Coordinated};
use crate::protocol::commit::{participants, Decision};
use crate::protocol::{Input, Local, Out};

pub(super) fn handle(mut me: Local<'_, ThreePc>, input: Input<ThreePc>, out: &mut Out<ThreePc>) {
    let all = mask(participants(me.setup));
    let recovering = me.mem.recovering;
    let input = match voting::coordinator(&mut me, input, out) {
        Coordinated::Done => return,
        Coordinated::AllYes => {
            out.cancel_timer(Timer::Votes);
            out.persist(Record::PreCommit);
            out.become_(Phase::PreCommit);
            for p in participants(me.setup) {
                out.send(p, Msg::PreCommit);
            }
            out.set_timer(Timer::Acks);
            return;
        }
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
        ) => decide(&mut me, Decision::Abort, all & !bit(from), out),
        (Phase::Wait, Input::Timer(Timer::Votes)) => decide(&mut me, Decision::Abort, all, out),
        (
            Phase::PreCommit,
            Input::Deliver {
                from,
                msg: Msg::Ack,
                ..
            },
        ) if !recovering => {
            me.mem.acks |= bit(from);
            if me.mem.acks == all {
                decide(&mut me, Decision::Commit, all, out);
            }
        }
        // Skeen: participants that did not acknowledge are taken to have failed; they will learn
        // the outcome when they recover.
        (Phase::PreCommit, Input::Timer(Timer::Acks)) if !recovering => {
            decide(&mut me, Decision::Commit, all, out)
        }
        (
            Phase::Abort,
            Input::Deliver {
                from,
                msg: Msg::VoteYes,
                ..
            },
        ) => out.send(from, Msg::Abort),
        // Recovering without a decision: the participants may have terminated; adopt what they say.
        (
            _,
            Input::Deliver {
                msg: msg @ (Msg::Commit | Msg::Abort),
                ..
            },
        ) if recovering => {
            let d = if msg == Msg::Commit {
                Decision::Commit
            } else {
                Decision::Abort
            };
            settle(&mut me, d, out);
        }
        (_, Input::Timer(Timer::AskAgain)) if recovering => ask_everyone(&mut me, out),
        (
            _,
            Input::Deliver {
                from,
                msg: Msg::Uncertain { recovering: theirs },
                ..
            },
        ) if recovering => heard_in_doubt(&mut me, from, theirs, out),
        (
            phase,
            Input::Deliver {
                from,
                msg: Msg::DecisionRequest | Msg::StateReport(_),
                ..
            },
        ) => match decided(phase) {
            Some(d) => out.send(from, Msg::carrying(d)),
            None => out.send(from, Msg::Uncertain { recovering }),
        },
        (_, Input::Recover) => match (logged_decision(&me), me.last_record()) {
            (Some(d), _) => {
                out.become_(Phase::of(d));
                for p in participants(me.setup) {
                    out.send(p, Msg::carrying(d));
                }
            }
            // It sent PRECOMMIT before crashing: the participants may have committed without it.
            (None, Some(Record::PreCommit)) => {
                out.become_(Phase::PreCommit);
                me.mem.recovering = true;
                ask_everyone(&mut me, out);
            }
            // Never reached PRECOMMIT: no participant can have committed, so abort.
            _ => decide(&mut me, Decision::Abort, all, out),
        },
        _ => {}
    }
}

fn decide(me: &mut Local<'_, ThreePc>, d: Decision, to: u128, out: &mut Out<ThreePc>) {
    settle(me, d, out);
    for p in participants(me.setup).filter(|&p| to & bit(p) != 0) {
        out.send(p, Msg::carrying(d));
    }
}
