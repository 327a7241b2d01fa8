//! Each handler rule, with the complete list of effects it must produce.

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
    input: Input<ThreePc>,
) -> Vec<E<ThreePc>> {
    let setup = test_setup(3, &[]);
    let effects = run_handler(&setup, me, phase, log, mem, input.clone());
    acked(&input, effects)
}

fn deliver(from: NodeId, msg: Msg) -> Input<ThreePc> {
    Input::Deliver {
        from,
        msg,
        id: crate::model::MsgId(7),
        redelivered: false,
    }
}

fn sends(effects: &[E<ThreePc>]) -> Vec<(NodeId, Msg)> {
    effects
        .iter()
        .filter_map(|e| match e {
            E::Send { to, msg, .. } => Some((*to, *msg)),
            _ => None,
        })
        .collect()
}

#[test]
fn coordinator_forces_precommit_then_sends_it_once_all_voted_yes() {
    // PROTOCOLS.md, 3PC: WAIT -> PRECOMMIT (all voted YES; sends PRECOMMIT).
    let mut mem = Memory {
        yes: 0b0110,
        ..Memory::default()
    };
    let effects = step(C, Phase::Wait, &[], &mut mem, deliver(P3, Msg::VoteYes));
    assert_eq!(
        effects,
        vec![
            E::CancelTimer(Timer::Votes),
            E::Persist(Record::PreCommit),
            E::Become(Phase::PreCommit),
            E::Send {
                to: P1,
                msg: Msg::PreCommit,
                confirm: false
            },
            E::Send {
                to: P2,
                msg: Msg::PreCommit,
                confirm: false
            },
            E::Send {
                to: P3,
                msg: Msg::PreCommit,
                confirm: false
            },
            E::SetTimer(Timer::Acks),
        ]
    );
}

#[test]
fn coordinator_commits_when_every_ack_is_in_or_the_ack_timeout_fires() {
    // PROTOCOLS.md, 3PC: PRECOMMIT -> COMMIT (all ACKed the PRECOMMIT); Skeen: on a timeout the
    // silent participants are taken to have failed.
    let mut mem = Memory {
        acks: 0b0110,
        ..Memory::default()
    };
    let effects = step(
        C,
        Phase::PreCommit,
        &[Record::PreCommit],
        &mut mem,
        deliver(P3, Msg::Ack),
    );
    assert_eq!(
        effects
            .iter()
            .filter(|e| **e == E::Persist(Record::Commit))
            .count(),
        1
    );
    assert_eq!(
        sends(&effects),
        vec![(P1, Msg::Commit), (P2, Msg::Commit), (P3, Msg::Commit)]
    );
    let on_timeout = step(
        C,
        Phase::PreCommit,
        &[Record::PreCommit],
        &mut Memory::default(),
        Input::Timer(Timer::Acks),
    );
    assert!(on_timeout.contains(&E::Become(Phase::Commit)));
}

#[test]
fn participant_forces_precommit_and_acknowledges_it() {
    let effects = step(
        P1,
        Phase::Ready,
        &[Record::Ready],
        &mut Memory::default(),
        deliver(C, Msg::PreCommit),
    );
    assert_eq!(
        effects,
        vec![
            E::Persist(Record::PreCommit),
            E::Become(Phase::PreCommit),
            E::Send {
                to: C,
                msg: Msg::Ack,
                confirm: false
            },
            E::SetTimer(Timer::Decision),
        ]
    );
}

#[test]
fn timeout_in_ready_makes_the_lowest_unsuspected_participant_the_leader() {
    // PROTOCOLS.md, 3PC termination: live participants elect a new coordinator (lowest id).
    let mut mem = Memory::default();
    let effects = step(
        P1,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        Input::Timer(Timer::Decision),
    );
    assert_eq!(
        sends(&effects),
        vec![(P2, Msg::StateRequest), (P3, Msg::StateRequest)]
    );
    assert!(matches!(mem.term, Term::Collecting { .. }));
    assert_eq!(mem.suspected, bit(C));

    // P2 is not the lowest: it reports its state to P1 and waits.
    let mut mem = Memory::default();
    let effects = step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        Input::Timer(Timer::Decision),
    );
    assert_eq!(sends(&effects), vec![(P1, Msg::StateReport(Phase::Ready))]);
    assert_eq!(mem.term, Term::Following(P1));

    // If P1 stays silent too, P2 suspects it and leads.
    let effects = step(
        P2,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        Input::Timer(Timer::Decision),
    );
    assert_eq!(sends(&effects), vec![(P3, Msg::StateRequest)]);
    assert_eq!(mem.suspected, bit(C) | bit(P1));
}

fn collecting(seen: Seen) -> Memory {
    Memory {
        suspected: bit(C),
        term: Term::Collecting {
            replied: bit(P1) | bit(P2),
            seen,
        },
        ..Memory::default()
    }
}

#[test]
fn termination_rule_any_commit_commits() {
    let mut mem = collecting(Seen::default());
    let effects = step(
        P1,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(P3, Msg::StateReport(Phase::Commit)),
    );
    assert!(effects.contains(&E::Persist(Record::Commit)));
    assert_eq!(
        sends(&effects),
        vec![(C, Msg::Commit), (P2, Msg::Commit), (P3, Msg::Commit)]
    );
}

#[test]
fn termination_rule_any_abort_aborts() {
    let mut mem = collecting(Seen {
        precommit: true,
        ..Seen::default()
    });
    let effects = step(
        P1,
        Phase::PreCommit,
        &[Record::Ready, Record::PreCommit],
        &mut mem,
        deliver(P3, Msg::StateReport(Phase::Abort)),
    );
    assert!(effects.contains(&E::Persist(Record::Abort)));
}

#[test]
fn termination_rule_some_precommit_sends_precommit_then_commits_after_the_acks() {
    // PROTOCOLS.md, 3PC termination: some PRECOMMIT (and none decided) -> send PRECOMMIT to the
    // others, then commit.
    let mut mem = collecting(Seen::default());
    let effects = step(
        P1,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(P3, Msg::StateReport(Phase::PreCommit)),
    );
    assert_eq!(
        effects,
        vec![
            E::CancelTimer(Timer::Collect),
            E::Persist(Record::PreCommit),
            E::Become(Phase::PreCommit),
            E::Send {
                to: P2,
                msg: Msg::PreCommit,
                confirm: false
            },
            E::Send {
                to: P3,
                msg: Msg::PreCommit,
                confirm: false
            },
            E::SetTimer(Timer::LeaderAcks),
        ]
    );
    assert!(step(P1, Phase::PreCommit, &[], &mut mem, deliver(P2, Msg::Ack)).is_empty());
    let done = step(P1, Phase::PreCommit, &[], &mut mem, deliver(P3, Msg::Ack));
    assert!(done.contains(&E::Persist(Record::Commit)));
}

#[test]
fn termination_rule_all_ready_aborts() {
    // PROTOCOLS.md, 3PC termination: all INIT or READY -> abort.
    let mut mem = collecting(Seen::default());
    let effects = step(
        P1,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        deliver(P3, Msg::StateReport(Phase::Ready)),
    );
    assert!(effects.contains(&E::Persist(Record::Abort)));
    assert_eq!(
        sends(&effects),
        vec![(C, Msg::Abort), (P2, Msg::Abort), (P3, Msg::Abort)]
    );
}

#[test]
fn the_leader_decides_with_whoever_replied_when_collection_times_out() {
    let mut mem = collecting(Seen::default());
    let effects = step(
        P1,
        Phase::Ready,
        &[Record::Ready],
        &mut mem,
        Input::Timer(Timer::Collect),
    );
    assert!(effects.contains(&E::Persist(Record::Abort)));
    assert_eq!(mem.suspected & bit(P3), bit(P3));
}

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
