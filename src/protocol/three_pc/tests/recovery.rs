//! Recovery and blocking: what a recovered coordinator or participant does from its log, and why
//! live participants are never blocked in 3PC.

use super::*;

#[test]
fn a_recovered_participant_asks_and_cannot_resolve_alone() {
    let mut mem = Memory::default();
    let effects = step(P2, Phase::Init, &[Record::Ready], &mut mem, Input::Recover);
    assert_eq!(effects[0], E::Become(Phase::Ready));
    assert!(mem.recovering);
    assert_eq!(sends(&effects).len(), 3);
    // Its decision timer never makes it lead.
    let timeout = step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        Input::Timer(Timer::Decision),
    );
    assert!(timeout.is_empty());
    let standing = ThreePc::standing(crate::protocol::commit::PARTICIPANT, Phase::Ready, &mem);
    assert!((standing.waiting == crate::protocol::Waiting::InDoubt) && !standing.can_resolve);
}

#[test]
fn a_recovered_coordinator_that_never_precommitted_aborts_but_one_that_did_asks() {
    let effects = step(C, Phase::Init, &[], &mut Memory::default(), Input::Recover);
    assert!(effects.contains(&E::Persist(Record::Abort)));
    let mut mem = Memory::default();
    let effects = step(
        C,
        Phase::Init,
        &[Record::PreCommit],
        &mut mem,
        Input::Recover,
    );
    assert!(mem.recovering);
    assert!(!effects.iter().any(|e| matches!(e, E::Persist(_))));
    assert_eq!(
        sends(&effects)
            .iter()
            .filter(|(_, m)| *m == Msg::DecisionRequest)
            .count(),
        3
    );
}

#[test]
fn live_participants_are_never_blocked_in_3pc() {
    // PROTOCOLS.md, 3PC: non-blocking with fail-stop crashes.
    for phase in [Phase::Init, Phase::Ready, Phase::PreCommit] {
        assert!(
            ThreePc::standing(
                crate::protocol::commit::PARTICIPANT,
                phase,
                &Memory::default()
            )
            .can_resolve
        );
    }
}

#[test]
fn a_recovered_participant_rejoins_termination_only_after_a_total_failure() {
    // Skeen: after a total failure nobody may decide until the last node to fail is back. Once
    // every other node answers "not yet, recovering too" in one round of asking, nobody has
    // decided and nobody is terminating.
    let recovering = Msg::Uncertain { recovering: true };
    let running = Msg::Uncertain { recovering: false };
    let mut mem = Memory::default();
    step(P2, Phase::Init, &[Record::Ready], &mut mem, Input::Recover);
    assert!(step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(C, recovering)
    )
    .is_empty());
    assert!(step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(P1, recovering)
    )
    .is_empty());
    assert!(mem.recovering, "P3 has not answered yet");
    let effects = step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(P3, recovering),
    );
    assert_eq!(
        effects,
        vec![
            E::CancelTimer(Timer::AskAgain),
            E::SetTimer(Timer::Decision)
        ]
    );
    assert!(!mem.recovering);

    // A node that never crashed may be leading termination without us: keep asking.
    let mut mem = Memory::default();
    step(P2, Phase::Init, &[Record::Ready], &mut mem, Input::Recover);
    step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(C, recovering),
    );
    step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(P1, running),
    );
    step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(P3, recovering),
    );
    assert!(mem.recovering);

    // A new round of asking starts the count again.
    let mut mem = Memory::default();
    step(P2, Phase::Init, &[Record::Ready], &mut mem, Input::Recover);
    step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(C, recovering),
    );
    step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(P1, recovering),
    );
    step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        Input::Timer(Timer::AskAgain),
    );
    step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(P3, recovering),
    );
    assert!(mem.recovering, "C and P1 answered in an earlier round");
}

#[test]
fn a_recovered_participant_answers_the_leader_so_it_is_not_taken_for_crashed() {
    let mut mem = Memory {
        recovering: true,
        ..Memory::default()
    };
    let effects = step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(P1, Msg::StateRequest),
    );
    assert_eq!(
        effects,
        vec![E::Send {
            to: P1,
            msg: Msg::StateReport(Phase::Ready),
            confirm: false
        }]
    );
    assert_eq!(mem.term, Term::Idle, "it does not follow or lead");
    // The leader's PRECOMMIT moves it like any live participant.
    let effects = step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(P1, Msg::PreCommit),
    );
    assert!(effects.contains(&E::Persist(Record::PreCommit)));
    assert!(effects.contains(&E::Send {
        to: P1,
        msg: Msg::Ack,
        confirm: false
    }));
}
