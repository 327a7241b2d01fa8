//! The termination protocol after a coordinator's silence (Skeen's rules): the lowest
//! unsuspected participant leads, collects what the others know, and decides by it.

use super::*;

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
