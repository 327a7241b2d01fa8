//! What a search is asked ([`Options`]) and what it answers: the [`Report`] with its findings and
//! their traces, and the [`Progress`] it tells its caller on the way.

use crate::explorer::model::{Model, PropertyKind};

/// How to search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Identify states by their [`Model::representative`] (symmetry reduction).
    pub symmetry: bool,
    /// Leave out the moves that only reorder independent ones (sleep sets, from
    /// [`Model::independent`]): fewer successors computed, the same states at the same depths.
    pub sleep_sets: bool,
    /// Stop, with [`Report::complete`] false, instead of storing more than this many states.
    pub max_states: Option<u64>,
    /// Refuse to start when the model's [`Model::estimated_state_count`] exceeds this budget and
    /// `max_states` does not bound the search below it.
    pub state_budget: Option<u64>,
    /// Stop as soon as every property has a finding (the search is then not complete: findings
    /// are still shortest, since the search is breadth first).
    pub stop_when_all_found: bool,
}

/// Why a search did not run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExploreError {
    /// The model's estimate of its state count is over the budget.
    #[error(
        "refused: the model may have up to {estimate} states, over the budget of {budget}; \
         choose a smaller model or cap the search with max_states"
    )]
    OverBudget {
        /// The model's upper-bound estimate.
        estimate: u64,
        /// The budget it exceeds.
        budget: u64,
    },
    /// Symmetry reduction was asked of a model that has none.
    #[error("this model has no symmetry reduction")]
    NoSymmetry,
    /// A zero cap.
    #[error("max_states must be at least 1")]
    ZeroMaxStates,
}

/// One step of a trace: an action and the state it leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step<S, A> {
    /// The action taken.
    pub action: A,
    /// The state after it.
    pub state: S,
}

/// A behaviour from an initial state, re-derived by replaying actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace<S, A> {
    /// The initial state.
    pub init: S,
    /// The steps, in order.
    pub steps: Vec<Step<S, A>>,
}

impl<S, A> Trace<S, A> {
    /// The last state of the trace.
    pub fn last_state(&self) -> &S {
        self.steps.last().map_or(&self.init, |s| &s.state)
    }

    /// The actions' labels, in order.
    pub fn labels<M: Model<State = S, Action = A>>(&self, model: &M) -> Vec<String> {
        self.steps
            .iter()
            .map(|s| model.action_label(&s.action))
            .collect()
    }
}

/// A property's first finding: a shortest trace to a state that violates an invariant, or to a
/// witness of a reachability property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding<S, A> {
    /// The property's name.
    pub property: &'static str,
    /// Violation or witness.
    pub kind: PropertyKind,
    /// A shortest trace to the finding.
    pub trace: Trace<S, A>,
}

/// Bytes of heap memory the search used, by part.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemoryUse {
    /// The fingerprint set, at the end.
    pub fingerprints: usize,
    /// Parent links and action indices, at the end.
    pub links: usize,
    /// The frontier queue, at its largest.
    pub frontier_peak: usize,
}

impl MemoryUse {
    /// All three parts.
    pub fn total(&self) -> usize {
        self.fingerprints + self.links + self.frontier_peak
    }
}

/// What a search found, counted the way TLC counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report<S, A> {
    /// Distinct states found (orbits, under symmetry): TLC's "distinct states found",
    /// Stateright's `unique_state_count()`.
    pub distinct_states: u64,
    /// States generated: every initial state plus every successor computed, duplicates and
    /// self-loops included. This is TLC's "states generated" (`totalStates` in the tlaplus/Examples
    /// manifests) and Stateright's `state_count()`.
    pub generated: u64,
    /// The depth of the breadth-first state graph, counting an initial state as depth 1: TLC's
    /// "depth of the complete state graph search" and Stateright's `max_depth()`. It is one more
    /// than the largest number of steps any state needs from an initial state.
    pub depth: u32,
    /// Whether every reachable state was explored (false when `max_states` stopped the search).
    pub complete: bool,
    /// The first finding of each property that has one, in the order of `Model::properties`.
    pub findings: Vec<Finding<S, A>>,
    /// Heap memory used.
    pub memory: MemoryUse,
}

/// A [`Report`] on the states and actions of model `M`.
pub type ReportOf<M> = Report<<M as Model>::State, <M as Model>::Action>;

/// How far a search has got: what [`explore_with`](super::explore_with) tells its caller every
/// [`PROGRESS_EVERY`] stored states. Counters only, no clock: the caller measures time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Distinct states stored so far.
    pub distinct_states: u64,
    /// States waiting in the frontier to be expanded.
    pub frontier: u64,
    /// States generated so far (see [`Report::generated`]).
    pub generated: u64,
    /// The depth reached so far (see [`Report::depth`]).
    pub depth: u32,
    /// Bytes held now by the fingerprint set, parent links and frontier chunks (the frontier's
    /// states' own heap allocations, if any, are not counted).
    pub memory_bytes: usize,
}

/// What the caller of [`explore_with`](super::explore_with) wants after a [`Progress`] report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// Go on searching.
    Continue,
    /// Stop now: the report says `complete: false` and keeps the findings so far.
    Stop,
}

/// How many new states [`explore_with`](super::explore_with) stores between two [`Progress`] reports.
pub const PROGRESS_EVERY: u64 = 4096;
