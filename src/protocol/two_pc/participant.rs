//! The 2PC participant, with cooperative termination.

use super::{logged_decision, Msg, Phase, Record, Timer, TwoPc};
use crate::protocol::commit::{coordinator, voting, Decision};
use crate::protocol::{Input, Local, Out};

pub(super) fn handle(me: Local<'_, TwoPc>, input: Input<TwoPc>, out: &mut Out<TwoPc>) {
    let Some(input) = voting::participant(&me, input, out) else {
        return;
    };
    let coordinator = coordinator(me.setup);
    match (me.phase, input) {
        (
            phase,
            Input::Deliver {
                from,
                msg: msg @ (Msg::Commit | Msg::Abort),
                ..
            },
        ) => {
            let d = if msg == Msg::Commit {
                Decision::Commit
            } else {
                Decision::Abort
            };
            // Only a READY participant can learn COMMIT; one in INIT never voted YES.
            let learns = phase == Phase::Ready || (phase == Phase::Init && d == Decision::Abort);
            if learns {
                out.cancel_timer(Timer::Prepare);
                out.cancel_timer(Timer::Decision);
                out.cancel_timer(Timer::AskAgain);
                out.persist(Record::of(d));
                out.become_(Phase::of(d));
            }
            if from == coordinator {
                out.send(coordinator, Msg::Ack);
            }
        }
        // Cooperative termination, answering a peer (PROTOCOLS.md, 2PC).
        (
            phase,
            Input::Deliver {
                from,
                msg: Msg::DecisionRequest,
                ..
            },
        ) => match phase {
            Phase::Init => {
                // Not voted yet: abort, and so may the asker.
                out.cancel_timer(Timer::Prepare);
                out.persist(Record::Abort);
                out.become_(Phase::Abort);
                out.send(from, Msg::Abort);
            }
            Phase::Ready => out.send(from, Msg::Uncertain),
            // Participants never wait for votes.
            Phase::Wait => {}
            Phase::Commit => out.send(from, Msg::Commit),
            Phase::Abort => out.send(from, Msg::Abort),
        },
        (Phase::Init, Input::Timer(Timer::Prepare)) => {
            out.persist(Record::Abort);
            out.become_(Phase::Abort);
        }
        // Cooperative termination, asking: still READY, so ask the coordinator and every peer.
        (Phase::Ready, Input::Timer(Timer::Decision | Timer::AskAgain)) => ask_everyone(&me, out),
        (_, Input::Recover) => match (logged_decision(&me), me.last_record()) {
            (Some(d), _) => out.become_(Phase::of(d)),
            (None, Some(Record::Ready)) => {
                // In doubt: it promised to commit and must find out what was decided.
                out.become_(Phase::Ready);
                ask_everyone(&me, out);
            }
            // Never voted: it may abort on its own.
            _ => {
                out.persist(Record::Abort);
                out.become_(Phase::Abort);
            }
        },
        _ => {}
    }
}

fn ask_everyone(me: &Local<'_, TwoPc>, out: &mut Out<TwoPc>) {
    for other in me.setup.roster.ids().filter(|&o| o != me.me) {
        out.send(other, Msg::DecisionRequest);
    }
    out.set_timer(Timer::AskAgain);
}
