//! TwoPhase's packed state: packing round-trips, symmetric states share a representative, and states are described in the specification's words.

use super::*;

#[test]
fn packing_round_trips() {
    let m = TwoPhase::new(TwoPhase::MAX_RMS).unwrap();
    let last = TwoPhase::MAX_RMS - 1;
    let s = TwoPhaseState::INIT
        .with_rm_state(last, RmState::Aborted)
        .with_rm_state(0, RmState::Committed)
        .with_tm_state(TmState::Aborted)
        .with_msg(Message::Prepared(last))
        .with_msg(Message::Abort);
    let s = m
        .next_state(&s, &TwoPhaseAction::TmRcvPrepared(last))
        .unwrap();
    assert_eq!(s.rm_state(last), RmState::Aborted);
    assert_eq!(s.rm_state(0), RmState::Committed);
    assert_eq!(s.rm_state(1), RmState::Working);
    assert_eq!(s.tm_state(), TmState::Aborted);
    assert!(s.tm_prepared(last) && !s.tm_prepared(0));
    assert!(s.has_msg(Message::Prepared(last)) && s.has_msg(Message::Abort));
    assert!(!s.has_msg(Message::Commit) && !s.has_msg(Message::Prepared(0)));
    assert!(m.type_ok(&s));
    // An RM outside RM = {r1, r2} breaks TPTypeOK.
    let small = TwoPhase::new(2).unwrap();
    assert!(!small.type_ok(&s));
}

#[test]
fn representative_sorts_whole_rows() {
    let m = TwoPhase::new(3).unwrap();
    // r1 prepared and in tmPrepared, r2 prepared only: swapping them is a symmetry.
    let a = TwoPhaseState::INIT
        .with_rm_state(0, RmState::Prepared)
        .with_msg(Message::Prepared(0))
        .with_rm_state(1, RmState::Prepared)
        .with_msg(Message::Prepared(1));
    let a = m.next_state(&a, &TwoPhaseAction::TmRcvPrepared(0)).unwrap();
    let b = m.next_state(&a, &TwoPhaseAction::TmRcvPrepared(1)).unwrap();
    let b = TwoPhaseState(b.0 & !(1 << TM_PREPARED_AT));
    assert_ne!(a, b);
    assert_eq!(m.representative(&a), m.representative(&b));
    assert_eq!(
        m.representative(&m.representative(&a)),
        m.representative(&a)
    );
}

#[test]
fn describe_uses_the_specs_words() {
    let m = TwoPhase::new(2).unwrap();
    let s = m
        .next_state(&TwoPhaseState::INIT, &TwoPhaseAction::RmPrepare(0))
        .unwrap();
    assert_eq!(
        m.describe(&s),
        "rmState=[r1: prepared, r2: working] tmState=init tmPrepared={} msgs={Prepared(r1)}"
    );
}
