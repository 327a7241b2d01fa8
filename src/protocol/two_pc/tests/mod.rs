//! Each handler rule, with the complete list of effects it must produce: the coordinator's here,
//! the participant's in [`participant`].

use super::*;
use crate::protocol::commit::test_setup;
use crate::protocol::{acked, run_handler, Effect as E};

const C: NodeId = NodeId(0);
const P1: NodeId = NodeId(1);
const P2: NodeId = NodeId(2);
const P3: NodeId = NodeId(3);

fn step(
    me: NodeId,
    phase: Phase,
    log: &[Record],
    mem: &mut Memory,
    input: Input<TwoPc>,
) -> Vec<E<TwoPc>> {
    let setup = test_setup(3, &[2]);
    let effects = run_handler(&setup, me, phase, log, mem, input.clone());
    acked(&input, effects)
}

fn all_yes(
    me: NodeId,
    phase: Phase,
    log: &[Record],
    mem: &mut Memory,
    input: Input<TwoPc>,
) -> Vec<E<TwoPc>> {
    let setup = test_setup(3, &[]);
    let effects = run_handler(&setup, me, phase, log, mem, input.clone());
    acked(&input, effects)
}

fn deliver(from: NodeId, msg: Msg) -> Input<TwoPc> {
    Input::Deliver {
        from,
        msg,
        id: crate::model::MsgId(7),
        redelivered: false,
    }
}

#[test]
fn coordinator_begins_by_asking_everyone_and_arming_its_vote_timeout() {
    // PROTOCOLS.md, 2PC: INIT -> WAIT, sending VOTE-REQUEST (PREPARE) to all.
    let effects = step(C, Phase::Init, &[], &mut Memory::default(), Input::Begin);
    assert_eq!(
        effects,
        vec![
            E::Become(Phase::Wait),
            E::Send {
                to: P1,
                msg: Msg::Prepare,
                confirm: false
            },
            E::Send {
                to: P2,
                msg: Msg::Prepare,
                confirm: false
            },
            E::Send {
                to: P3,
                msg: Msg::Prepare,
                confirm: false
            },
            E::SetTimer(Timer::Votes),
        ]
    );
}

#[test]
fn coordinator_forces_commit_before_sending_it_once_every_vote_is_yes() {
    // PROTOCOLS.md, 2PC: the coordinator writes its decision before sending it.
    let mut mem = Memory::default();
    assert!(all_yes(C, Phase::Wait, &[], &mut mem, deliver(P1, Msg::VoteYes)).is_empty());
    assert!(all_yes(C, Phase::Wait, &[], &mut mem, deliver(P3, Msg::VoteYes)).is_empty());
    let effects = all_yes(C, Phase::Wait, &[], &mut mem, deliver(P2, Msg::VoteYes));
    assert_eq!(
        effects,
        vec![
            E::CancelTimer(Timer::Votes),
            E::Persist(Record::Commit),
            E::Become(Phase::Commit),
            E::Send {
                to: P1,
                msg: Msg::Commit,
                confirm: false
            },
            E::Send {
                to: P2,
                msg: Msg::Commit,
                confirm: false
            },
            E::Send {
                to: P3,
                msg: Msg::Commit,
                confirm: false
            },
            E::SetTimer(Timer::Resend),
        ]
    );
}

#[test]
fn a_duplicate_yes_does_not_count_twice() {
    let mut mem = Memory::default();
    all_yes(C, Phase::Wait, &[], &mut mem, deliver(P1, Msg::VoteYes));
    all_yes(C, Phase::Wait, &[], &mut mem, deliver(P2, Msg::VoteYes));
    assert!(all_yes(C, Phase::Wait, &[], &mut mem, deliver(P2, Msg::VoteYes)).is_empty());
}

#[test]
fn one_no_vote_aborts_and_the_no_voter_is_not_told() {
    // PROTOCOLS.md, 2PC: -> ABORT on any NO.
    let effects = step(
        C,
        Phase::Wait,
        &[],
        &mut Memory::default(),
        deliver(P2, Msg::VoteNo),
    );
    assert_eq!(
        effects,
        vec![
            E::CancelTimer(Timer::Votes),
            E::Persist(Record::Abort),
            E::Become(Phase::Abort),
            E::Send {
                to: P1,
                msg: Msg::Abort,
                confirm: false
            },
            E::Send {
                to: P3,
                msg: Msg::Abort,
                confirm: false
            },
            E::SetTimer(Timer::Resend),
        ]
    );
}

#[test]
fn coordinator_aborts_on_timeout_in_wait() {
    // PROTOCOLS.md, 2PC: -> ABORT on a timeout in WAIT.
    let effects = step(
        C,
        Phase::Wait,
        &[],
        &mut Memory::default(),
        Input::Timer(Timer::Votes),
    );
    assert_eq!(
        effects[..3],
        [
            E::CancelTimer(Timer::Votes),
            E::Persist(Record::Abort),
            E::Become(Phase::Abort)
        ]
    );
    assert_eq!(
        effects
            .iter()
            .filter(|e| matches!(
                e,
                E::Send {
                    msg: Msg::Abort,
                    ..
                }
            ))
            .count(),
        3
    );
}

#[test]
fn coordinator_resends_only_to_those_that_have_not_acknowledged() {
    let mut mem = Memory {
        owed: 0b1110,
        acked: 0b0100,
        ..Memory::default()
    };
    let effects = step(
        C,
        Phase::Commit,
        &[Record::Commit],
        &mut mem,
        Input::Timer(Timer::Resend),
    );
    assert_eq!(
        effects,
        vec![
            E::Send {
                to: P1,
                msg: Msg::Commit,
                confirm: false
            },
            E::Send {
                to: P3,
                msg: Msg::Commit,
                confirm: false
            },
            E::SetTimer(Timer::Resend),
        ]
    );
}

#[test]
fn coordinator_ends_the_transaction_when_the_last_ack_arrives() {
    let mut mem = Memory {
        owed: 0b1110,
        acked: 0b0110,
        ..Memory::default()
    };
    let effects = step(
        C,
        Phase::Commit,
        &[Record::Commit],
        &mut mem,
        deliver(P3, Msg::Ack),
    );
    assert_eq!(
        effects,
        vec![E::CancelTimer(Timer::Resend), E::Persist(Record::End)]
    );
    // A late duplicate ACK changes nothing.
    let again = step(
        C,
        Phase::Commit,
        &[Record::Commit, Record::End],
        &mut mem,
        deliver(P3, Msg::Ack),
    );
    assert!(again.is_empty());
}

#[test]
fn recovering_coordinator_without_a_decision_record_aborts() {
    // PROTOCOLS.md, 2PC recovery: no record -> abort.
    let effects = step(C, Phase::Init, &[], &mut Memory::default(), Input::Recover);
    assert_eq!(
        effects[1..3],
        [E::Persist(Record::Abort), E::Become(Phase::Abort)]
    );
    assert_eq!(
        effects
            .iter()
            .filter(|e| matches!(
                e,
                E::Send {
                    msg: Msg::Abort,
                    ..
                }
            ))
            .count(),
        3
    );
}

#[test]
fn recovering_coordinator_with_commit_logged_resends_it_to_everyone() {
    // PROTOCOLS.md, 2PC recovery: decision -> act on it; re-send until every participant acks.
    let mut mem = Memory::default();
    let effects = step(C, Phase::Init, &[Record::Commit], &mut mem, Input::Recover);
    assert_eq!(
        effects,
        vec![
            E::Become(Phase::Commit),
            E::Send {
                to: P1,
                msg: Msg::Commit,
                confirm: false
            },
            E::Send {
                to: P2,
                msg: Msg::Commit,
                confirm: false
            },
            E::Send {
                to: P3,
                msg: Msg::Commit,
                confirm: false
            },
            E::SetTimer(Timer::Resend),
        ]
    );
    assert_eq!(mem.owed, 0b1110);
}

mod participant;
