//! The 3PC participant, with the termination protocol (leader election by lowest unsuspected id,
//! state collection, and Skeen's decision rules) and the recovery protocol.

use super::{
    ask_everyone, bit, decided, heard_in_doubt, logged_decision, mask, settle, Msg, Phase, Record,
    Seen, Term, ThreePc, Timer,
};
use crate::model::NodeId;
use crate::protocol::commit::{coordinator, participants, voting, Decision};
use crate::protocol::{Input, Local, Out};

pub(super) fn handle(mut me: Local<'_, ThreePc>, input: Input<ThreePc>, out: &mut Out<ThreePc>) {
    let Some(input) = voting::participant(&me, input, out) else {
        return;
    };
    let coordinator = coordinator(me.setup);
    let recovering = me.mem.recovering;
    let undecided = matches!(me.phase, Phase::Ready | Phase::PreCommit);
    match (me.phase, input) {
        (
            Phase::Ready,
            Input::Deliver {
                from,
                msg: Msg::PreCommit,
                ..
            },
        ) => {
            out.persist(Record::PreCommit);
            out.become_(Phase::PreCommit);
            out.send(from, Msg::Ack);
            if !recovering {
                out.set_timer(Timer::Decision);
            }
        }
        (
            Phase::PreCommit | Phase::Commit,
            Input::Deliver {
                from,
                msg: Msg::PreCommit,
                ..
            },
        ) => out.send(from, Msg::Ack),
        (
            Phase::Ready | Phase::PreCommit,
            Input::Deliver {
                msg: Msg::Commit, ..
            },
        ) => settle(&mut me, Decision::Commit, out),
        (
            Phase::Init | Phase::Ready | Phase::PreCommit,
            Input::Deliver {
                msg: Msg::Abort, ..
            },
        ) => settle(&mut me, Decision::Abort, out),
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
                msg: Msg::DecisionRequest,
                ..
            },
        ) => match decided(phase) {
            Some(d) => out.send(from, Msg::carrying(d)),
            None => out.send(from, Msg::Uncertain { recovering }),
        },
        // Termination: a leader asks for this node's state. A node back from a crash answers too,
        // so that a leader that commits first moves it to PRECOMMIT like every other live node
        // (it must not look crashed while it is up); but it never leads (it asks for the outcome).
        (
            phase,
            Input::Deliver {
                from,
                msg: Msg::StateRequest,
                ..
            },
        ) => {
            out.send(from, Msg::StateReport(phase));
            if undecided && !recovering {
                me.mem.suspected &= !bit(from);
                me.mem.term = Term::Following(from);
                out.set_timer(Timer::Decision);
            }
        }
        // Termination: someone takes this node for the leader and reports its state.
        (
            phase,
            Input::Deliver {
                from,
                msg: Msg::StateReport(theirs),
                ..
            },
        ) => match decided(phase) {
            Some(d) => out.send(from, Msg::carrying(d)),
            // Never voted: it may abort, and tells the asker so.
            None if phase == Phase::Init => {
                settle(&mut me, Decision::Abort, out);
                out.send(from, Msg::Abort);
            }
            None if recovering => {}
            None => match me.mem.term {
                Term::Collecting { .. } => report(&mut me, from, theirs, out),
                Term::Precommitting { ref mut waiting } => {
                    *waiting |= bit(from);
                    out.send(from, Msg::PreCommit);
                }
                Term::Idle | Term::Following(_) => {
                    let _ = lead(&mut me, out);
                    report(&mut me, from, theirs, out);
                }
            },
        },
        (
            _,
            Input::Deliver {
                from,
                msg: Msg::Ack,
                ..
            },
        ) => {
            if let Term::Precommitting { ref mut waiting } = me.mem.term {
                *waiting &= !bit(from);
                if *waiting == 0 {
                    conclude_with(&mut me, Decision::Commit, out);
                }
            }
        }
        (Phase::Init, Input::Timer(Timer::Prepare)) => settle(&mut me, Decision::Abort, out),
        // Nothing from the coordinator (or the leader): suspect it and terminate.
        (Phase::Ready | Phase::PreCommit, Input::Timer(Timer::Decision)) if !recovering => {
            let silent = match me.mem.term {
                Term::Following(leader) => leader,
                _ => coordinator,
            };
            me.mem.suspected |= bit(silent) | bit(coordinator);
            elect(&mut me, out);
        }
        (_, Input::Timer(Timer::Collect)) => {
            if let Term::Collecting { replied, .. } = me.mem.term {
                me.mem.suspected |= mask(participants(me.setup)) & !replied;
                conclude(&mut me, out);
            }
        }
        (Phase::PreCommit, Input::Timer(Timer::LeaderAcks)) => {
            if let Term::Precommitting { .. } = me.mem.term {
                conclude_with(&mut me, Decision::Commit, out);
            }
        }
        (Phase::Ready | Phase::PreCommit, Input::Timer(Timer::AskAgain)) if recovering => {
            ask_everyone(&mut me, out)
        }
        (_, Input::Recover) => match (logged_decision(&me), me.last_record()) {
            (Some(d), _) => out.become_(super::Phase::of(d)),
            (None, Some(last @ (Record::Ready | Record::PreCommit))) => {
                let phase = if last == Record::Ready {
                    Phase::Ready
                } else {
                    Phase::PreCommit
                };
                out.become_(phase);
                me.mem.recovering = true;
                ask_everyone(&mut me, out);
            }
            _ => settle(&mut me, Decision::Abort, out),
        },
        _ => {}
    }
}

/// The leader is the lowest participant not suspected; if that is this node, it leads,
/// otherwise it reports its state to the leader and waits.
fn elect(me: &mut Local<'_, ThreePc>, out: &mut Out<ThreePc>) {
    let leader = participants(me.setup)
        .find(|&p| me.mem.suspected & bit(p) == 0)
        .unwrap_or(me.me);
    if leader == me.me {
        if !lead(me, out) {
            conclude(me, out);
        }
    } else {
        me.mem.term = Term::Following(leader);
        out.send(leader, Msg::StateReport(me.phase));
        out.set_timer(Timer::Decision);
    }
}

fn seen_of(phase: Phase) -> Seen {
    let mut seen = Seen::default();
    seen.add(phase);
    seen
}

/// Participants this leader still counts on.
fn others<'a>(me: &'a Local<'_, ThreePc>) -> impl Iterator<Item = NodeId> + 'a {
    participants(me.setup).filter(move |&p| p != me.me && me.mem.suspected & bit(p) == 0)
}

/// Becomes the leader: asks every participant it does not suspect for its state. False if there
/// is nobody to ask.
fn lead(me: &mut Local<'_, ThreePc>, out: &mut Out<ThreePc>) -> bool {
    me.mem.term = Term::Collecting {
        replied: bit(me.me),
        seen: seen_of(me.phase),
    };
    let targets: Vec<NodeId> = others(me).collect();
    for p in &targets {
        out.send(*p, Msg::StateRequest);
    }
    out.cancel_timer(Timer::Decision);
    if !targets.is_empty() {
        out.set_timer(Timer::Collect);
    }
    !targets.is_empty()
}

/// Takes a state report; concludes once every participant counted on has replied.
fn report(me: &mut Local<'_, ThreePc>, from: NodeId, theirs: Phase, out: &mut Out<ThreePc>) {
    let Term::Collecting { replied, mut seen } = me.mem.term else {
        return;
    };
    seen.add(theirs);
    let replied = replied | bit(from);
    me.mem.suspected &= !bit(from);
    me.mem.term = Term::Collecting { replied, seen };
    if others(me).all(|p| replied & bit(p) != 0) {
        conclude(me, out);
    }
}

/// Skeen's rules, in order: any COMMIT -> commit; any ABORT -> abort; some PRECOMMIT -> send
/// PRECOMMIT to the others, then commit; all INIT or READY -> abort.
fn conclude(me: &mut Local<'_, ThreePc>, out: &mut Out<ThreePc>) {
    let Term::Collecting { replied, seen } = me.mem.term else {
        return;
    };
    out.cancel_timer(Timer::Collect);
    if seen.commit {
        conclude_with(me, Decision::Commit, out);
    } else if seen.abort {
        conclude_with(me, Decision::Abort, out);
    } else if seen.precommit {
        if me.phase == Phase::Ready {
            out.persist(Record::PreCommit);
            out.become_(Phase::PreCommit);
        }
        let waiting = replied & !bit(me.me);
        if waiting == 0 {
            conclude_with(me, Decision::Commit, out);
            return;
        }
        for p in participants(me.setup).filter(|&p| waiting & bit(p) != 0) {
            out.send(p, Msg::PreCommit);
        }
        me.mem.term = Term::Precommitting { waiting };
        out.set_timer(Timer::LeaderAcks);
    } else {
        conclude_with(me, Decision::Abort, out);
    }
}

/// The leader decides and tells every other node.
fn conclude_with(me: &mut Local<'_, ThreePc>, d: Decision, out: &mut Out<ThreePc>) {
    settle(me, d, out);
    for other in me.setup.roster.ids().filter(|&o| o != me.me) {
        out.send(other, Msg::carrying(d));
    }
}
