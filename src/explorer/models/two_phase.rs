//! Gray & Lamport's `TwoPhase.tla`: two-phase commit with a transaction manager (TM) and a set of
//! resource managers (RMs), as a [`Model`].
//!
//! The spec (tlaplus/Examples, `specifications/transaction_commit/TwoPhase.tla`), variable by
//! variable:
//! * `rmState[rm] ∈ {"working", "prepared", "committed", "aborted"}`,
//! * `tmState ∈ {"init", "committed", "aborted"}`,
//! * `tmPrepared ⊆ RM`, the RMs the TM has received `Prepared` from,
//! * `msgs`, the set of every message ever sent: `[type: "Prepared", rm: rm]`, `[type: "Commit"]`,
//!   `[type: "Abort"]`. Messages are never removed, so receiving is "the message is in `msgs`".
//!
//! and its seven actions, enabled exactly when the spec says:
//!
//! | action | enabled when | effect |
//! |---|---|---|
//! | `TMRcvPrepared(rm)` | `tmState = "init"` ∧ `Prepared(rm) ∈ msgs` | `tmPrepared ∪= {rm}` |
//! | `TMCommit` | `tmState = "init"` ∧ `tmPrepared = RM` | `tmState := "committed"`, send `Commit` |
//! | `TMAbort` | `tmState = "init"` | `tmState := "aborted"`, send `Abort` |
//! | `RMPrepare(rm)` | `rmState[rm] = "working"` | `rmState[rm] := "prepared"`, send `Prepared(rm)` |
//! | `RMChooseToAbort(rm)` | `rmState[rm] = "working"` | `rmState[rm] := "aborted"` |
//! | `RMRcvCommitMsg(rm)` | `Commit ∈ msgs` | `rmState[rm] := "committed"` |
//! | `RMRcvAbortMsg(rm)` | `Abort ∈ msgs` | `rmState[rm] := "aborted"` |
//!
//! Like TLC, the explorer counts every enabled action's successor as generated, including the
//! spec's self-loops (a second `TMRcvPrepared(rm)`, `RMRcvCommitMsg(rm)` on a committed RM) and
//! the two actions that lead to the same state (`RMChooseToAbort(rm)` and `RMRcvAbortMsg(rm)` on
//! a working RM). Actions are listed in the order of `TPNext`: `TMCommit`, `TMAbort`, then for
//! each RM in turn its five actions, as Stateright's `examples/2pc.rs` does.

use super::{binomial, rm_name, ModelError};
use crate::explorer::{Model, Property};

/// The state of a resource manager.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RmState {
    /// `"working"`
    Working,
    /// `"prepared"`
    Prepared,
    /// `"committed"`
    Committed,
    /// `"aborted"`
    Aborted,
}

impl RmState {
    fn from_bits(bits: u64) -> Self {
        match bits & 3 {
            0 => RmState::Working,
            1 => RmState::Prepared,
            2 => RmState::Committed,
            _ => RmState::Aborted,
        }
    }

    fn bits(self) -> u64 {
        match self {
            RmState::Working => 0,
            RmState::Prepared => 1,
            RmState::Committed => 2,
            RmState::Aborted => 3,
        }
    }

    /// The spec's string for this state.
    pub fn as_str(self) -> &'static str {
        match self {
            RmState::Working => "working",
            RmState::Prepared => "prepared",
            RmState::Committed => "committed",
            RmState::Aborted => "aborted",
        }
    }
}

/// The state of the transaction manager.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TmState {
    /// `"init"`
    Init,
    /// `"committed"`
    Committed,
    /// `"aborted"`
    Aborted,
}

impl TmState {
    /// The spec's string for this state.
    pub fn as_str(self) -> &'static str {
        match self {
            TmState::Init => "init",
            TmState::Committed => "committed",
            TmState::Aborted => "aborted",
        }
    }
}

/// A message in `msgs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Message {
    /// `[type |-> "Prepared", rm |-> rm]`, from RM `rm` (an index from 0) to the TM.
    Prepared(usize),
    /// `[type |-> "Commit"]`, broadcast by the TM.
    Commit,
    /// `[type |-> "Abort"]`, broadcast by the TM.
    Abort,
}

/// An action of `TPNext`, with its RM (an index from 0) where it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TwoPhaseAction {
    /// `TMRcvPrepared(rm)`
    TmRcvPrepared(usize),
    /// `TMCommit`
    TmCommit,
    /// `TMAbort`
    TmAbort,
    /// `RMPrepare(rm)`
    RmPrepare(usize),
    /// `RMChooseToAbort(rm)`
    RmChooseToAbort(usize),
    /// `RMRcvCommitMsg(rm)`
    RmRcvCommitMsg(usize),
    /// `RMRcvAbortMsg(rm)`
    RmRcvAbortMsg(usize),
}

// Bit layout of a `TwoPhaseState`, for up to `MAX_RMS` = 14 RMs:
const RM_STATE_BITS: u32 = 2; // rmState[rm] at bits 2·rm .. 2·rm+2
const TM_PREPARED_AT: u32 = 28; // rm ∈ tmPrepared at bit 28 + rm
const PREPARED_MSG_AT: u32 = 42; // Prepared(rm) ∈ msgs at bit 42 + rm
const TM_STATE_AT: u32 = 56; // tmState at bits 56..58
const COMMIT_MSG_BIT: u64 = 1 << 58; // Commit ∈ msgs
const ABORT_MSG_BIT: u64 = 1 << 59; // Abort ∈ msgs

/// A state of `TwoPhase.tla`, packed into 64 bits (see the accessors; the frontier of a search
/// holds many of these, so 8 bytes matter).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TwoPhaseState(u64);

impl TwoPhaseState {
    /// `TPInit`: every RM working, the TM in init, nothing prepared, no message.
    pub const INIT: TwoPhaseState = TwoPhaseState(0);

    /// `rmState[rm]`.
    pub fn rm_state(self, rm: usize) -> RmState {
        RmState::from_bits(self.0 >> (RM_STATE_BITS * rm as u32))
    }

    /// `tmState`.
    pub fn tm_state(self) -> TmState {
        match (self.0 >> TM_STATE_AT) & 3 {
            0 => TmState::Init,
            1 => TmState::Committed,
            _ => TmState::Aborted,
        }
    }

    /// `rm ∈ tmPrepared`.
    pub fn tm_prepared(self, rm: usize) -> bool {
        self.0 & (1 << (TM_PREPARED_AT + rm as u32)) != 0
    }

    /// `message ∈ msgs`.
    pub fn has_msg(self, message: Message) -> bool {
        self.0 & Self::msg_bit(message) != 0
    }

    /// The raw 64 bits (for tests of the layout).
    pub fn bits(self) -> u64 {
        self.0
    }

    fn msg_bit(message: Message) -> u64 {
        match message {
            Message::Prepared(rm) => 1 << (PREPARED_MSG_AT + rm as u32),
            Message::Commit => COMMIT_MSG_BIT,
            Message::Abort => ABORT_MSG_BIT,
        }
    }

    fn with_rm_state(self, rm: usize, state: RmState) -> Self {
        let at = RM_STATE_BITS * rm as u32;
        Self(self.0 & !(3 << at) | state.bits() << at)
    }

    fn with_tm_state(self, state: TmState) -> Self {
        let bits = match state {
            TmState::Init => 0,
            TmState::Committed => 1,
            TmState::Aborted => 2,
        };
        Self(self.0 & !(3 << TM_STATE_AT) | bits << TM_STATE_AT)
    }

    fn with_msg(self, message: Message) -> Self {
        Self(self.0 | Self::msg_bit(message))
    }

    /// RM `rm`'s row of the state: `(rmState[rm], rm ∈ tmPrepared, Prepared(rm) ∈ msgs)` as 4 bits.
    fn rm_row(self, rm: usize) -> u64 {
        let rm = rm as u32;
        (self.0 >> (RM_STATE_BITS * rm)) & 3
            | ((self.0 >> (TM_PREPARED_AT + rm)) & 1) << 2
            | ((self.0 >> (PREPARED_MSG_AT + rm)) & 1) << 3
    }
}

impl std::fmt::Debug for TwoPhaseState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TwoPhaseState({:#018x})", self.0)
    }
}

/// `TwoPhase.tla` with `RM = {r1, …, rn}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TwoPhase {
    rms: usize,
}

impl TwoPhase {
    /// The largest number of RMs a [`TwoPhaseState`] can hold.
    pub const MAX_RMS: usize = 14;

    /// The spec with `rms` resource managers.
    pub fn new(rms: usize) -> Result<Self, ModelError> {
        if rms == 0 || rms > Self::MAX_RMS {
            return Err(ModelError::RmCount {
                model: "two-phase-tla",
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

    /// The state in the spec's terms, e.g.
    /// `rmState=[r1: prepared, r2: working] tmState=init tmPrepared={r1} msgs={Prepared(r1)}`.
    pub fn describe(&self, state: &TwoPhaseState) -> String {
        let rm_states: Vec<String> = (0..self.rms)
            .map(|rm| format!("{}: {}", rm_name(rm), state.rm_state(rm).as_str()))
            .collect();
        let prepared: Vec<String> = (0..self.rms)
            .filter(|&rm| state.tm_prepared(rm))
            .map(rm_name)
            .collect();
        let mut msgs: Vec<String> = (0..self.rms)
            .filter(|&rm| state.has_msg(Message::Prepared(rm)))
            .map(|rm| format!("Prepared({})", rm_name(rm)))
            .collect();
        if state.has_msg(Message::Commit) {
            msgs.push("Commit".into());
        }
        if state.has_msg(Message::Abort) {
            msgs.push("Abort".into());
        }
        format!(
            "rmState=[{}] tmState={} tmPrepared={{{}}} msgs={{{}}}",
            rm_states.join(", "),
            state.tm_state().as_str(),
            prepared.join(", "),
            msgs.join(", ")
        )
    }

    fn all_prepared(&self) -> u64 {
        ((1 << self.rms) - 1) << TM_PREPARED_AT
    }

    /// `TPTypeOK`. Every field is typed by construction except for two things the packing could
    /// get wrong: bits for RMs outside `RM` (`tmPrepared ⊆ RM`, `msgs ⊆ Message`,
    /// `rmState ∈ [RM -> …]`) and the unused fourth `tmState` code.
    fn type_ok(&self, state: &TwoPhaseState) -> bool {
        let n = self.rms as u32;
        let max = Self::MAX_RMS as u32;
        let outside_rm = (((1u64 << (RM_STATE_BITS * max)) - 1)
            & !((1 << (RM_STATE_BITS * n)) - 1))
            | (((1u64 << max) - 1) & !((1 << n) - 1)) << TM_PREPARED_AT
            | (((1u64 << max) - 1) & !((1 << n) - 1)) << PREPARED_MSG_AT
            | 0xf << 60;
        state.0 & outside_rm == 0 && (state.0 >> TM_STATE_AT) & 3 != 3
    }

    /// `TCConsistent`: no RM has committed while another has aborted.
    fn consistent(&self, state: &TwoPhaseState) -> bool {
        // rmState is 2 bits an RM: committed is 0b10, aborted 0b11. All RMs at once:
        let low_bits = 0x5555_5555_5555_5555 & ((1 << (RM_STATE_BITS * self.rms as u32)) - 1);
        let high = (state.0 >> 1) & low_bits;
        let low = state.0 & low_bits;
        let committed = high & !low;
        let aborted = high & low;
        committed == 0 || aborted == 0
    }
}

impl Model for TwoPhase {
    type State = TwoPhaseState;
    type Action = TwoPhaseAction;

    fn init_states(&self) -> Vec<TwoPhaseState> {
        vec![TwoPhaseState::INIT]
    }

    fn actions(&self, state: &TwoPhaseState, actions: &mut Vec<TwoPhaseAction>) {
        let s = *state;
        let tm_init = s.tm_state() == TmState::Init;
        if tm_init && s.0 & self.all_prepared() == self.all_prepared() {
            actions.push(TwoPhaseAction::TmCommit);
        }
        if tm_init {
            actions.push(TwoPhaseAction::TmAbort);
        }
        let commit_sent = s.has_msg(Message::Commit);
        let abort_sent = s.has_msg(Message::Abort);
        for rm in 0..self.rms {
            if tm_init && s.has_msg(Message::Prepared(rm)) {
                actions.push(TwoPhaseAction::TmRcvPrepared(rm));
            }
            if s.rm_state(rm) == RmState::Working {
                actions.push(TwoPhaseAction::RmPrepare(rm));
                actions.push(TwoPhaseAction::RmChooseToAbort(rm));
            }
            if commit_sent {
                actions.push(TwoPhaseAction::RmRcvCommitMsg(rm));
            }
            if abort_sent {
                actions.push(TwoPhaseAction::RmRcvAbortMsg(rm));
            }
        }
    }

    fn next_state(&self, state: &TwoPhaseState, action: &TwoPhaseAction) -> Option<TwoPhaseState> {
        let s = *state;
        Some(match *action {
            TwoPhaseAction::TmRcvPrepared(rm) => {
                TwoPhaseState(s.0 | 1 << (TM_PREPARED_AT + rm as u32))
            }
            TwoPhaseAction::TmCommit => s
                .with_tm_state(TmState::Committed)
                .with_msg(Message::Commit),
            TwoPhaseAction::TmAbort => s.with_tm_state(TmState::Aborted).with_msg(Message::Abort),
            TwoPhaseAction::RmPrepare(rm) => s
                .with_rm_state(rm, RmState::Prepared)
                .with_msg(Message::Prepared(rm)),
            TwoPhaseAction::RmChooseToAbort(rm) | TwoPhaseAction::RmRcvAbortMsg(rm) => {
                s.with_rm_state(rm, RmState::Aborted)
            }
            TwoPhaseAction::RmRcvCommitMsg(rm) => s.with_rm_state(rm, RmState::Committed),
        })
    }

    fn properties(&self) -> Vec<Property<Self>> {
        vec![
            Property::invariant("TPTypeOK", |m: &TwoPhase, s: &TwoPhaseState| m.type_ok(s)),
            Property::invariant("TCConsistent", |m: &TwoPhase, s: &TwoPhaseState| {
                m.consistent(s)
            }),
        ]
    }

    fn action_label(&self, action: &TwoPhaseAction) -> String {
        match *action {
            TwoPhaseAction::TmRcvPrepared(rm) => format!("TMRcvPrepared({})", rm_name(rm)),
            TwoPhaseAction::TmCommit => "TMCommit".into(),
            TwoPhaseAction::TmAbort => "TMAbort".into(),
            TwoPhaseAction::RmPrepare(rm) => format!("RMPrepare({})", rm_name(rm)),
            TwoPhaseAction::RmChooseToAbort(rm) => format!("RMChooseToAbort({})", rm_name(rm)),
            TwoPhaseAction::RmRcvCommitMsg(rm) => format!("RMRcvCommitMsg({})", rm_name(rm)),
            TwoPhaseAction::RmRcvAbortMsg(rm) => format!("RMRcvAbortMsg({})", rm_name(rm)),
        }
    }

    fn has_symmetry(&self) -> bool {
        true
    }

    /// The full canonical form under permutations of `RM` (TLC's `Permutations(RM)`).
    ///
    /// Every RM-indexed component of the state is a function of the RM: `rmState[rm]`,
    /// `rm ∈ tmPrepared` and `Prepared(rm) ∈ msgs`; the rest (`tmState`, `Commit ∈ msgs`,
    /// `Abort ∈ msgs`) mentions no RM. So a state is exactly a global part `g` plus a map `t` from
    /// each RM to its row `(rmState[rm], rm ∈ tmPrepared, Prepared(rm) ∈ msgs)`, and a permutation
    /// π acts as `(g, t) ↦ (g, t ∘ π⁻¹)`. Two states are therefore in the same orbit iff they
    /// have the same `g` and the same *multiset* of rows. Sorting the rows (jointly, all three
    /// components at once) gives one sequence per multiset, and is itself a permutation of the
    /// state: the representative is in the orbit, and equal for exactly the states of the orbit.
    ///
    /// Stateright's `examples/2pc.rs` instead sorts by `rmState` alone and keeps ties in index
    /// order: two states that differ by swapping two RMs with equal `rmState` but different
    /// `tmPrepared` bits get different representatives, so it merges fewer states (665 rather than
    /// this form's 314 orbits for 5 RMs).
    fn representative(&self, state: &TwoPhaseState) -> TwoPhaseState {
        let s = *state;
        let mut counts = [0u8; 16];
        for rm in 0..self.rms {
            counts[s.rm_row(rm) as usize] += 1;
        }
        let mut bits = s.0 & (3 << TM_STATE_AT | COMMIT_MSG_BIT | ABORT_MSG_BIT);
        let mut rm = 0u32;
        for (row, &count) in counts.iter().enumerate() {
            let row = row as u64;
            for _ in 0..count {
                bits |= (row & 3) << (RM_STATE_BITS * rm)
                    | ((row >> 2) & 1) << (TM_PREPARED_AT + rm)
                    | ((row >> 3) & 1) << (PREPARED_MSG_AT + rm);
                rm += 1;
            }
        }
        TwoPhaseState(bits)
    }

    /// An upper bound from invariants of the spec that hold RM by RM. A row
    /// `(rmState, ∈ tmPrepared, Prepared ∈ msgs)` can only be one of six while the TM has not
    /// committed — `(working, no, no)`, `(prepared, no|yes, yes)`, `(aborted, no, no|yes)`,
    /// `(aborted, yes, yes)` — since `tmPrepared` needs the message, the message needs a
    /// prepare, "prepared" needs the message, and "committed" needs `Commit`. Once the TM has
    /// committed, every RM is in `tmPrepared` and is prepared or committed: two rows. `msgs`'
    /// `Commit` and `Abort` follow `tmState`. Hence at most `2·6ⁿ + 2ⁿ` states, and at most
    /// `2·C(n+5, 5) + (n+1)` orbits (multisets of rows).
    fn estimated_state_count(&self, symmetry: bool) -> Option<u64> {
        let n = self.rms as u64;
        Some(if symmetry {
            2 * binomial(n + 5, 5) + n + 1
        } else {
            2 * 6u64.pow(n as u32) + 2u64.pow(n as u32)
        })
    }
}

#[cfg(test)]
mod tests;
