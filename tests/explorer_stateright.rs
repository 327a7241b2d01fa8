//! Gray & Lamport's TwoPhase.tla written a second time, in Stateright's own API and idiom (owned
//! `Vec`s and a `BTreeSet` of messages, as its examples model it), to cross-check TxScope's
//! explorer against an independent checker. `benches/explorer.rs` includes this file to race the
//! two; the tests at the bottom compare their counts.

#![cfg(not(target_arch = "wasm32"))]

use stateright::{Checker, Model, Property, Representative};
use std::collections::BTreeSet;

/// `rmState[rm]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rm {
    Working,
    Prepared,
    Committed,
    Aborted,
}

/// `tmState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tm {
    Init,
    Committed,
    Aborted,
}

/// An element of `msgs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Msg {
    Prepared(usize),
    Commit,
    Abort,
}

/// A state of TwoPhase.tla, one field per spec variable.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct State {
    pub rm_state: Vec<Rm>,
    pub tm_state: Tm,
    pub tm_prepared: Vec<bool>,
    pub msgs: BTreeSet<Msg>,
}

/// The actions of `TPNext`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    TmRcvPrepared(usize),
    TmCommit,
    TmAbort,
    RmPrepare(usize),
    RmChooseToAbort(usize),
    RmRcvCommitMsg(usize),
    RmRcvAbortMsg(usize),
}

/// TwoPhase.tla with `rms` resource managers.
#[derive(Clone, Debug)]
pub struct TwoPhaseSr {
    pub rms: usize,
}

impl Model for TwoPhaseSr {
    type State = State;
    type Action = Act;

    fn init_states(&self) -> Vec<State> {
        vec![State {
            rm_state: vec![Rm::Working; self.rms],
            tm_state: Tm::Init,
            tm_prepared: vec![false; self.rms],
            msgs: BTreeSet::new(),
        }]
    }

    fn actions(&self, s: &State, actions: &mut Vec<Act>) {
        let init = s.tm_state == Tm::Init;
        if init && s.tm_prepared.iter().all(|&p| p) {
            actions.push(Act::TmCommit);
        }
        if init {
            actions.push(Act::TmAbort);
        }
        for rm in 0..self.rms {
            if init && s.msgs.contains(&Msg::Prepared(rm)) {
                actions.push(Act::TmRcvPrepared(rm));
            }
            if s.rm_state[rm] == Rm::Working {
                actions.push(Act::RmPrepare(rm));
                actions.push(Act::RmChooseToAbort(rm));
            }
            if s.msgs.contains(&Msg::Commit) {
                actions.push(Act::RmRcvCommitMsg(rm));
            }
            if s.msgs.contains(&Msg::Abort) {
                actions.push(Act::RmRcvAbortMsg(rm));
            }
        }
    }

    fn next_state(&self, s: &State, action: Act) -> Option<State> {
        let mut next = s.clone();
        match action {
            Act::TmRcvPrepared(rm) => next.tm_prepared[rm] = true,
            Act::TmCommit => {
                next.tm_state = Tm::Committed;
                next.msgs.insert(Msg::Commit);
            }
            Act::TmAbort => {
                next.tm_state = Tm::Aborted;
                next.msgs.insert(Msg::Abort);
            }
            Act::RmPrepare(rm) => {
                next.rm_state[rm] = Rm::Prepared;
                next.msgs.insert(Msg::Prepared(rm));
            }
            Act::RmChooseToAbort(rm) | Act::RmRcvAbortMsg(rm) => next.rm_state[rm] = Rm::Aborted,
            Act::RmRcvCommitMsg(rm) => next.rm_state[rm] = Rm::Committed,
        }
        Some(next)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        // TCConsistent only: an `always` property with no counterexample keeps the search going
        // to the end, like TLC checking an invariant.
        vec![Property::always("TCConsistent", |_, s: &State| {
            !(s.rm_state.contains(&Rm::Committed) && s.rm_state.contains(&Rm::Aborted))
        })]
    }
}

/// The representative Stateright's `examples/2pc.rs` uses: RMs sorted by `rmState` alone, ties
/// left in index order, `tmPrepared` and the `Prepared` messages renamed to follow. It is *not*
/// a full canonical form (two RMs with equal `rmState` but different `tmPrepared` bits are not
/// put in a canonical order), so how many states it merges depends on the search order.
impl Representative for State {
    fn representative(&self) -> Self {
        let mut order: Vec<usize> = (0..self.rm_state.len()).collect();
        order.sort_by_key(|&rm| self.rm_state[rm]); // stable: ties keep index order
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        State {
            rm_state: order.iter().map(|&rm| self.rm_state[rm]).collect(),
            tm_state: self.tm_state,
            tm_prepared: order.iter().map(|&rm| self.tm_prepared[rm]).collect(),
            msgs: self
                .msgs
                .iter()
                .map(|m| match *m {
                    Msg::Prepared(rm) => Msg::Prepared(new_index[rm]),
                    other => other,
                })
                .collect(),
        }
    }
}

/// Explores `TwoPhaseSr { rms }` with Stateright's breadth-first checker on one thread and
/// returns `(unique_state_count, state_count, max_depth)`.
#[allow(dead_code)] // used by the bench, which includes this file
pub fn stateright_bfs(rms: usize) -> (usize, usize, usize) {
    let checker = TwoPhaseSr { rms }.checker().threads(1).spawn_bfs().join();
    (
        checker.unique_state_count(),
        checker.state_count(),
        checker.max_depth(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use txscope::explorer::{explore, models::TwoPhase, Options};

    /// Stateright's own assertions in `examples/2pc.rs` (`can_model_2pc`, stateright 0.31):
    /// 288 unique states for 3 RMs (BFS), 8 832 for 5 (DFS), 665 for 5 with symmetry (DFS).
    #[test]
    fn reproduces_stateright_published_counts() {
        assert_eq!(stateright_bfs(3).0, 288);
        let dfs = TwoPhaseSr { rms: 5 }.checker().spawn_dfs().join();
        assert_eq!(dfs.unique_state_count(), 8_832);
        let sym = TwoPhaseSr { rms: 5 }
            .checker()
            .symmetry()
            .spawn_dfs()
            .join();
        assert_eq!(sym.unique_state_count(), 665);
        sym.assert_properties();
    }

    /// TxScope's explorer and Stateright agree on every count, size by size: distinct states
    /// (`unique_state_count`), states generated (`state_count`) and depth (`max_depth`).
    #[test]
    fn txscope_counts_equal_stateright_counts() {
        for rms in 1..=6 {
            let ours = explore(&TwoPhase::new(rms).unwrap(), &Options::default()).unwrap();
            let (unique, generated, depth) = stateright_bfs(rms);
            assert_eq!(ours.distinct_states, unique as u64, "{rms} RMs: distinct");
            assert_eq!(ours.generated, generated as u64, "{rms} RMs: generated");
            assert_eq!(ours.depth as usize, depth, "{rms} RMs: depth");
        }
    }
}
