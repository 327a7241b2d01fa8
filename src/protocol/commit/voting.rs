//! The voting phase, which 2PC and 3PC share word for word (PROTOCOLS.md, "Two-phase commit"
//! and "Three-phase commit"): the coordinator asks every participant for its vote and collects
//! the YESes; a participant forces READY to its log before it votes YES, or aborts on its own
//! when it votes NO, and repeats its vote when asked again.
//!
//! Each protocol names its own values for the phase ([`Voting`]); the handlers here take the
//! inputs of the phase and give every other input back for the protocol's own rules.

use super::{participants, vote, Vote};
use crate::model::{bit, mask, NodeId};
use crate::protocol::{Input, Local, Out, Protocol};

/// A commit protocol's names for the voting phase's values.
pub trait Voting: Protocol {
    /// The vote request.
    const PREPARE: Self::Msg;
    const YES: Self::Msg;
    const NO: Self::Msg;
    const INIT: Self::Phase;
    /// The coordinator collecting votes.
    const WAIT: Self::Phase;
    /// A participant that voted YES (in doubt).
    const READY: Self::Phase;
    const ABORTED: Self::Phase;
    const READY_RECORD: Self::Record;
    const ABORT_RECORD: Self::Record;
    /// The coordinator waiting for the votes.
    const VOTES_TIMER: Self::Timer;
    /// A participant waiting for the vote request.
    const PREPARE_TIMER: Self::Timer;
    /// A participant in READY waiting for the decision.
    const DECISION_TIMER: Self::Timer;

    /// The coordinator's set of participants whose YES has arrived.
    fn yes_votes(mem: &mut Self::Memory) -> &mut u128;
}

/// What the coordinator's share of the voting phase made of an input.
pub enum Coordinated<P: Protocol> {
    /// Handled: nothing more to do.
    Done,
    /// The last YES has just arrived: the protocol moves on (to COMMIT, or to PRECOMMIT).
    AllYes,
    /// Not part of the voting phase: the protocol's own rules take it.
    Other(Input<P>),
}

/// The coordinator: on the begin, it asks every participant for its vote and arms the vote
/// timeout; in WAIT it counts the YESes.
pub fn coordinator<P: Voting>(
    me: &mut Local<'_, P>,
    input: Input<P>,
    out: &mut Out<P>,
) -> Coordinated<P> {
    match input {
        Input::Begin if me.phase == P::INIT => {
            out.become_(P::WAIT);
            for p in participants(me.setup) {
                out.send(p, P::PREPARE);
            }
            out.set_timer(P::VOTES_TIMER);
            Coordinated::Done
        }
        Input::Deliver { from, msg, .. } if me.phase == P::WAIT && msg == P::YES => {
            let yes = P::yes_votes(me.mem);
            *yes |= bit(from);
            if *yes == mask(participants(me.setup)) {
                Coordinated::AllYes
            } else {
                Coordinated::Done
            }
        }
        other => Coordinated::Other(other),
    }
}

/// A participant: it arms the timeout for the vote request at the begin, votes when asked
/// (forcing READY to its log before a YES), and repeats its vote when asked again (a duplicate,
/// or a request redelivered after a crash). `None`: handled.
pub fn participant<P: Voting>(
    me: &Local<'_, P>,
    input: Input<P>,
    out: &mut Out<P>,
) -> Option<Input<P>> {
    let coordinator = super::coordinator(me.setup);
    match input {
        Input::Begin if me.phase == P::INIT => out.set_timer(P::PREPARE_TIMER),
        Input::Deliver { msg, .. } if msg == P::PREPARE && me.phase == P::INIT => {
            out.cancel_timer(P::PREPARE_TIMER);
            cast(me.me, me, coordinator, out);
        }
        Input::Deliver { msg, .. } if msg == P::PREPARE && me.phase == P::READY => {
            out.send(coordinator, P::YES)
        }
        Input::Deliver { msg, .. } if msg == P::PREPARE && me.phase == P::ABORTED => {
            out.send(coordinator, P::NO)
        }
        other => return Some(other),
    }
    None
}

/// Votes as configured.
fn cast<P: Voting>(node: NodeId, me: &Local<'_, P>, coordinator: NodeId, out: &mut Out<P>) {
    match vote(me.setup, node) {
        Vote::Yes => {
            // PROTOCOLS.md, 2PC: READY is forced to the log before the YES is sent.
            out.persist(P::READY_RECORD);
            out.become_(P::READY);
            out.send(coordinator, P::YES);
            out.set_timer(P::DECISION_TIMER);
        }
        Vote::No => {
            out.persist(P::ABORT_RECORD);
            out.become_(P::ABORTED);
            out.send(coordinator, P::NO);
        }
    }
}
