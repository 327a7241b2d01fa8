//! Each handler rule, with the complete list of effects it must produce: the commit path here,
//! the termination protocol in [`termination`], recovery and blocking in [`recovery`].

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

mod recovery;
mod termination;
