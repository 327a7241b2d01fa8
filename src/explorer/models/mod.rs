//! Reference models: Gray & Lamport's TLA+ specifications of transaction commit, transcribed
//! action by action so that the explorer must reproduce TLC's published state counts.
//!
//! Source: tlaplus/Examples, `specifications/transaction_commit/` (`TCommit.tla`,
//! `TwoPhase.tla`), from Gray & Lamport, *Consensus on Transaction Commit* (2006).

pub mod tcommit;
pub mod two_phase;

pub use tcommit::{TCommit, TCommitAction, TCommitState};
pub use two_phase::{Message, RmState, TmState, TwoPhase, TwoPhaseAction, TwoPhaseState};

/// A model that cannot be built with the parameters given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The number of resource managers is out of range.
    #[error("{model} needs between 1 and {max} resource managers, not {rms}")]
    RmCount {
        /// The model's name.
        model: &'static str,
        /// The number asked for.
        rms: usize,
        /// The largest number the model supports.
        max: usize,
    },
}

/// `r1`, `r2`, …: resource managers are named as in the specs' TLC configurations
/// (`CONSTANT RM = {r1, r2, r3}`), counting from 1, while indices count from 0.
pub fn rm_name(rm: usize) -> String {
    format!("r{}", rm + 1)
}

/// `n` choose `k`, saturating at `u64::MAX`.
pub(crate) fn binomial(n: u64, k: u64) -> u64 {
    let mut result: u128 = 1;
    for i in 0..k.min(n - k.min(n)) {
        result = result * u128::from(n - i) / u128::from(i + 1);
    }
    u64::try_from(result).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    #[test]
    fn binomial_small_values() {
        assert_eq!(super::binomial(8, 5), 56);
        assert_eq!(super::binomial(10, 5), 252);
        assert_eq!(super::binomial(5, 0), 1);
        assert_eq!(super::binomial(6, 6), 1);
    }
}
