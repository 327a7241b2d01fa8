//! The participant's rules (vote, decision, termination, recovery, blocking), each with the
//! complete list of effects it must produce.

use super::*;

#[test]
fn participant_forces_ready_before_voting_yes() {
    // PROTOCOLS.md, 2PC: a participant writes READY to stable storage before sending YES.
    let effects = step(
        P1,
        Phase::Init,
        &[],
        &mut Memory::default(),
        deliver(C, Msg::Prepare),
    );
    assert_eq!(
        effects,
        vec![
            E::CancelTimer(Timer::Prepare),
            E::Persist(Record::Ready),
            E::Become(Phase::Ready),
            E::Send {
                to: C,
                msg: Msg::VoteYes,
                confirm: false
            },
            E::SetTimer(Timer::Decision),
        ]
    );
}

#[test]
fn participant_voting_no_aborts_at_once() {
    // PROTOCOLS.md, 2PC: INIT -> ABORT if it votes NO.
    let effects = step(
        P2,
        Phase::Init,
        &[],
        &mut Memory::default(),
        deliver(C, Msg::Prepare),
    );
    assert_eq!(
        effects,
        vec![
            E::CancelTimer(Timer::Prepare),
            E::Persist(Record::Abort),
            E::Become(Phase::Abort),
            E::Send {
                to: C,
                msg: Msg::VoteNo,
                confirm: false
            },
        ]
    );
}

#[test]
fn participant_aborts_alone_when_no_vote_request_comes() {
    // PROTOCOLS.md, 2PC: INIT -> ABORT if it times out waiting for the vote request.
    let effects = step(
        P1,
        Phase::Init,
        &[],
        &mut Memory::default(),
        Input::Timer(Timer::Prepare),
    );
    assert_eq!(
        effects,
        vec![E::Persist(Record::Abort), E::Become(Phase::Abort)]
    );
}

#[test]
fn ready_participant_forces_the_decision_and_acknowledges_it() {
    let effects = step(
        P1,
        Phase::Ready,
        &[Record::Ready],
        &mut Memory::default(),
        deliver(C, Msg::Commit),
    );
    assert_eq!(
        effects,
        vec![
            E::CancelTimer(Timer::Prepare),
            E::CancelTimer(Timer::Decision),
            E::CancelTimer(Timer::AskAgain),
            E::Persist(Record::Commit),
            E::Become(Phase::Commit),
            E::Send {
                to: C,
                msg: Msg::Ack,
                confirm: false
            },
        ]
    );
    // The coordinator re-sends until acknowledged: a decided participant acknowledges again.
    let again = step(
        P1,
        Phase::Commit,
        &[Record::Ready, Record::Commit],
        &mut Memory::default(),
        deliver(C, Msg::Commit),
    );
    assert_eq!(
        again,
        vec![E::Send {
            to: C,
            msg: Msg::Ack,
            confirm: false
        }]
    );
}

#[test]
fn a_participant_that_never_voted_cannot_be_told_to_commit() {
    let effects = step(
        P1,
        Phase::Init,
        &[],
        &mut Memory::default(),
        deliver(C, Msg::Commit),
    );
    assert_eq!(
        effects,
        vec![E::Send {
            to: C,
            msg: Msg::Ack,
            confirm: false
        }]
    );
}

#[test]
fn ready_participant_that_times_out_asks_the_coordinator_and_every_peer() {
    // PROTOCOLS.md, 2PC cooperative termination: a participant that times out in READY asks.
    let effects = step(
        P1,
        Phase::Ready,
        &[Record::Ready],
        &mut Memory::default(),
        Input::Timer(Timer::Decision),
    );
    assert_eq!(
        effects,
        vec![
            E::Send {
                to: C,
                msg: Msg::DecisionRequest,
                confirm: false
            },
            E::Send {
                to: P2,
                msg: Msg::DecisionRequest,
                confirm: false
            },
            E::Send {
                to: P3,
                msg: Msg::DecisionRequest,
                confirm: false
            },
            E::SetTimer(Timer::AskAgain),
        ]
    );
}

#[test]
fn peers_answer_a_decision_request_by_what_they_know() {
    // PROTOCOLS.md, 2PC cooperative termination: Q knows the decision -> adopt it; Q has not
    // voted -> Q aborts (and so may the asker); Q is READY -> it cannot help.
    let ask = || deliver(P1, Msg::DecisionRequest);
    let m = &mut Memory::default();
    assert_eq!(
        step(
            P3,
            Phase::Commit,
            &[Record::Ready, Record::Commit],
            m,
            ask()
        ),
        vec![E::Send {
            to: P1,
            msg: Msg::Commit,
            confirm: false
        }]
    );
    assert_eq!(
        step(P3, Phase::Init, &[], m, ask()),
        vec![
            E::CancelTimer(Timer::Prepare),
            E::Persist(Record::Abort),
            E::Become(Phase::Abort),
            E::Send {
                to: P1,
                msg: Msg::Abort,
                confirm: false
            }
        ]
    );
    assert_eq!(
        step(P3, Phase::Ready, &[Record::Ready], m, ask()),
        vec![E::Send {
            to: P1,
            msg: Msg::Uncertain,
            confirm: false
        }]
    );
}

#[test]
fn a_peer_answer_is_adopted_without_acknowledging_the_coordinator() {
    let effects = step(
        P1,
        Phase::Ready,
        &[Record::Ready],
        &mut Memory::default(),
        deliver(P3, Msg::Abort),
    );
    assert_eq!(effects.last(), Some(&E::Become(Phase::Abort)));
    assert!(!effects.iter().any(|e| matches!(e, E::Send { .. })));
}

#[test]
fn participant_recovery_follows_its_log() {
    // PROTOCOLS.md, 2PC recovery: no record -> abort; READY without decision -> in doubt, must
    // ask; decision -> act on it.
    let m = &mut Memory::default();
    assert_eq!(
        step(P1, Phase::Init, &[], m, Input::Recover),
        vec![E::Persist(Record::Abort), E::Become(Phase::Abort)]
    );
    let in_doubt = step(P1, Phase::Init, &[Record::Ready], m, Input::Recover);
    assert_eq!(in_doubt[0], E::Become(Phase::Ready));
    assert_eq!(
        in_doubt
            .iter()
            .filter(|e| matches!(
                e,
                E::Send {
                    msg: Msg::DecisionRequest,
                    ..
                }
            ))
            .count(),
        3
    );
    assert_eq!(
        step(
            P1,
            Phase::Init,
            &[Record::Ready, Record::Commit],
            m,
            Input::Recover
        ),
        vec![E::Become(Phase::Commit)]
    );
}

#[test]
fn blocked_means_in_doubt_with_nobody_able_to_help() {
    // PROTOCOLS.md, 2PC blocks exactly when the coordinator is unreachable and every live
    // participant is READY.
    let ready = TwoPc::standing(
        crate::protocol::commit::PARTICIPANT,
        Phase::Ready,
        &Memory::default(),
    );
    assert!((ready.waiting == crate::protocol::Waiting::InDoubt) && !ready.can_resolve);
    assert!(
        TwoPc::standing(
            crate::protocol::commit::PARTICIPANT,
            Phase::Init,
            &Memory::default()
        )
        .can_resolve
    );
    assert!(
        TwoPc::standing(
            crate::protocol::commit::COORDINATOR,
            Phase::Wait,
            &Memory::default()
        )
        .can_resolve
    );
    assert!(
        TwoPc::standing(
            crate::protocol::commit::PARTICIPANT,
            Phase::Abort,
            &Memory::default()
        )
        .can_resolve
    );
}
