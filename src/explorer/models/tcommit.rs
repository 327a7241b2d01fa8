//! Gray & Lamport's `TCommit.tla`, the transaction commit specification that `TwoPhase.tla`
//! refines, as a [`Model`].
//!
//! Its only variable is `rmState[rm] ∈ {"working", "prepared", "committed", "aborted"}`, and
//! `TCNext == \E rm \in RM : Prepare(rm) \/ Decide(rm)` where
//! * `Prepare(rm)`: `rmState[rm] = "working"`; it becomes `"prepared"`;
//! * `Decide(rm)` has two disjuncts, which the explorer treats as two actions, as TLC does:
//!   commit when `rmState[rm] = "prepared"` ∧ `canCommit` (every RM prepared or committed), and
//!   abort when `rmState[rm] ∈ {"working", "prepared"}` ∧ `notCommitted` (no RM committed).
//!
//! Invariants: `TCTypeOK` and `TCConsistent` (no RM committed while another aborted).

use super::two_phase::RmState;
use super::{binomial, rm_name, ModelError};
use crate::explorer::{Model, Property};

/// An action of `TCNext`, with its RM (an index from 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TCommitAction {
    /// `Prepare(rm)`
    Prepare(usize),
    /// `Decide(rm)`, first disjunct: commit.
    DecideCommit(usize),
    /// `Decide(rm)`, second disjunct: abort.
    DecideAbort(usize),
}

/// `rmState`, two bits an RM (working 0, prepared 1, committed 2, aborted 3), up to 16 RMs.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TCommitState(u32);

impl TCommitState {
    /// `TCInit`: every RM working.
    pub const INIT: TCommitState = TCommitState(0);

    /// `rmState[rm]`.
    pub fn rm_state(self, rm: usize) -> RmState {
        match (self.0 >> (2 * rm)) & 3 {
            0 => RmState::Working,
            1 => RmState::Prepared,
            2 => RmState::Committed,
            _ => RmState::Aborted,
        }
    }

    fn with_rm_state(self, rm: usize, state: RmState) -> Self {
        let bits = match state {
            RmState::Working => 0,
            RmState::Prepared => 1,
            RmState::Committed => 2,
            RmState::Aborted => 3,
        };
        Self(self.0 & !(3 << (2 * rm)) | bits << (2 * rm))
    }
}

impl std::fmt::Debug for TCommitState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TCommitState({:#010x})", self.0)
    }
}

/// `TCommit.tla` with `RM = {r1, …, rn}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TCommit {
    rms: usize,
}

impl TCommit {
    /// The largest number of RMs a [`TCommitState`] can hold.
    pub const MAX_RMS: usize = 16;

    /// The spec with `rms` resource managers.
    pub fn new(rms: usize) -> Result<Self, ModelError> {
        if rms == 0 || rms > Self::MAX_RMS {
            return Err(ModelError::RmCount {
                model: "tcommit",
                rms,
                max: Self::MAX_RMS,
            });
        }
        Ok(Self { rms })
    }

    /// The number of RMs.
    pub fn rms(&self) -> usize {
        self.rms
    }

    /// The state in the spec's terms, e.g. `rmState=[r1: prepared, r2: working]`.
    pub fn describe(&self, state: &TCommitState) -> String {
        let rm_states: Vec<String> = (0..self.rms)
            .map(|rm| format!("{}: {}", rm_name(rm), state.rm_state(rm).as_str()))
            .collect();
        format!("rmState=[{}]", rm_states.join(", "))
    }

    fn count(&self, state: &TCommitState, wanted: RmState) -> usize {
        (0..self.rms)
            .filter(|&rm| state.rm_state(rm) == wanted)
            .count()
    }

    /// `canCommit == \A rm \in RM : rmState[rm] \in {"prepared", "committed"}`
    fn can_commit(&self, state: &TCommitState) -> bool {
        self.count(state, RmState::Working) == 0 && self.count(state, RmState::Aborted) == 0
    }

    /// `notCommitted == \A rm \in RM : rmState[rm] # "committed"`
    fn not_committed(&self, state: &TCommitState) -> bool {
        self.count(state, RmState::Committed) == 0
    }
}

impl Model for TCommit {
    type State = TCommitState;
    type Action = TCommitAction;

    fn init_states(&self) -> Vec<TCommitState> {
        vec![TCommitState::INIT]
    }

    fn actions(&self, state: &TCommitState, actions: &mut Vec<TCommitAction>) {
        let can_commit = self.can_commit(state);
        let not_committed = self.not_committed(state);
        for rm in 0..self.rms {
            let s = state.rm_state(rm);
            if s == RmState::Working {
                actions.push(TCommitAction::Prepare(rm));
            }
            if s == RmState::Prepared && can_commit {
                actions.push(TCommitAction::DecideCommit(rm));
            }
            if matches!(s, RmState::Working | RmState::Prepared) && not_committed {
                actions.push(TCommitAction::DecideAbort(rm));
            }
        }
    }

    fn next_state(&self, state: &TCommitState, action: &TCommitAction) -> Option<TCommitState> {
        Some(match *action {
            TCommitAction::Prepare(rm) => state.with_rm_state(rm, RmState::Prepared),
            TCommitAction::DecideCommit(rm) => state.with_rm_state(rm, RmState::Committed),
            TCommitAction::DecideAbort(rm) => state.with_rm_state(rm, RmState::Aborted),
        })
    }

    fn properties(&self) -> Vec<Property<Self>> {
        vec![
            // Only bits for RMs outside RM can make the packed state ill-typed.
            Property::invariant("TCTypeOK", |m: &TCommit, s: &TCommitState| {
                m.rms == Self::MAX_RMS || s.0 >> (2 * m.rms) == 0
            }),
            Property::invariant("TCConsistent", |m: &TCommit, s: &TCommitState| {
                m.count(s, RmState::Committed) == 0 || m.count(s, RmState::Aborted) == 0
            }),
        ]
    }

    fn action_label(&self, action: &TCommitAction) -> String {
        match *action {
            TCommitAction::Prepare(rm) => format!("Prepare({})", rm_name(rm)),
            TCommitAction::DecideCommit(rm) => format!("Decide({}): commit", rm_name(rm)),
            TCommitAction::DecideAbort(rm) => format!("Decide({}): abort", rm_name(rm)),
        }
    }

    fn has_symmetry(&self) -> bool {
        true
    }

    /// The state is the map `rm ↦ rmState[rm]` and nothing else, so the sorted sequence of RM
    /// states is a full canonical form under permutations of `RM` (the multiset of states).
    fn representative(&self, state: &TCommitState) -> TCommitState {
        let mut counts = [0u32; 4];
        for rm in 0..self.rms {
            counts[((state.0 >> (2 * rm)) & 3) as usize] += 1;
        }
        let mut bits = 0u32;
        let mut rm = 0;
        for (value, &count) in counts.iter().enumerate() {
            for _ in 0..count {
                bits |= (value as u32) << (2 * rm);
                rm += 1;
            }
        }
        TCommitState(bits)
    }

    /// Exact: with no RM committed, each RM is working, prepared or aborted, freely (`3ⁿ`); once
    /// one has committed, every RM is prepared or committed, and at least one committed
    /// (`2ⁿ - 1`). Orbits: multisets of the same, `C(n+2, 2) + n`.
    fn estimated_state_count(&self, symmetry: bool) -> Option<u64> {
        let n = self.rms as u64;
        Some(if symmetry {
            binomial(n + 2, 2) + n
        } else {
            3u64.pow(n as u32) + 2u64.pow(n as u32) - 1
        })
    }
}
