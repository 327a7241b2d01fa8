//! What the explorer explores: a [`Model`] is a transition system with named properties.

use std::hash::Hash;
use std::sync::Arc;

/// A finite transition system, in the shape of a TLA+ specification: initial states, and for
/// each state the actions enabled in it and the state each one leads to.
///
/// The explorer relies on three things beyond the types:
/// * **Determinism.** `init_states` and `actions` return the same values in the same order every
///   time they are called with the same state: a trace is re-derived by replaying action *indices*.
/// * **Finiteness** of the reachable state space, or a `max_states` cap on the search.
/// * **Symmetry** (only when a search asks for it): `representative` maps every state to a
///   canonical member of its orbit under the model's symmetry group, the transition relation is
///   invariant under that group, and so are the properties.
/// * **Independence** (only when a search asks for sleep sets): two actions `independent` in a
///   state commute there: each stays enabled after the other, and taking both in either order
///   reaches states with the same fingerprint.
pub trait Model {
    /// A state. Two states are the same state iff they are equal (and hash alike).
    type State: Clone + Hash + Eq;
    /// An action, i.e. one disjunct of the next-state relation with its parameters bound.
    type Action: Clone + PartialEq;

    /// The initial states, in a fixed order.
    fn init_states(&self) -> Vec<Self::State>;

    /// Appends to `actions` every action enabled in `state`, in a fixed order.
    fn actions(&self, state: &Self::State, actions: &mut Vec<Self::Action>);

    /// The state `action` leads to from `state`, or `None` if it turns out to be disabled.
    fn next_state(&self, state: &Self::State, action: &Self::Action) -> Option<Self::State>;

    /// The properties to check in every reachable state.
    fn properties(&self) -> Vec<Property<Self>>
    where
        Self: Sized;

    /// How an action is shown in a trace, e.g. `RMPrepare(r1)`.
    fn action_label(&self, action: &Self::Action) -> String;

    /// Whether the model supports symmetry reduction through [`Model::representative`].
    fn has_symmetry(&self) -> bool {
        false
    }

    /// The canonical member of `state`'s symmetry orbit. Two states must get the same
    /// representative iff some symmetry maps one to the other (a *full* canonical form: a
    /// partial one is still sound but merges fewer states). Only called when
    /// [`Model::has_symmetry`] is true and the search asked for symmetry reduction.
    fn representative(&self, state: &Self::State) -> Self::State {
        state.clone()
    }

    /// Whether `a` and `b`, both enabled in `state`, are independent there (see the trait's
    /// doc). Saying `false` is always safe: it only leaves a reduction unused. The default says
    /// it of every pair, so a model without this gets no sleep sets.
    fn independent(&self, state: &Self::State, a: &Self::Action, b: &Self::Action) -> bool {
        let _ = (state, a, b);
        false
    }

    /// How full `state` is, for a state constraint (as TLC's `CONSTRAINT`): `actions` gives
    /// nothing for a state whose load is over [`Model::max_load`]. Sleep sets need it, because a
    /// move may be left out after another only if the other order is expanded. Loads must add
    /// up: an action changes the load by the same amount in every state where it is independent
    /// of the actions taken since.
    fn load(&self, state: &Self::State) -> u64 {
        let _ = state;
        0
    }

    /// The largest load of a state the search expands (see [`Model::load`]).
    fn max_load(&self) -> u64 {
        u64::MAX
    }

    /// An upper bound on the number of reachable states (of orbits, when `symmetry`), if the
    /// model can compute one cheaply. A search whose bound exceeds its budget is refused before
    /// it starts (see [`Options::state_budget`](super::Options::state_budget)).
    fn estimated_state_count(&self, symmetry: bool) -> Option<u64> {
        let _ = symmetry;
        None
    }
}

/// What a finding of a property means.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PropertyKind {
    /// The predicate must hold in every reachable state (a TLA+ `INVARIANT`); a reachable state
    /// where it is false is a *violation*, reported with a shortest trace to it.
    Invariant,
    /// The predicate describes a situation worth showing, such as "a participant can be blocked":
    /// a reachable state where it is true is a *witness*, reported with a shortest trace to it.
    Reachable,
}

impl PropertyKind {
    /// `"invariant"` or `"reachable"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PropertyKind::Invariant => "invariant",
            PropertyKind::Reachable => "reachable",
        }
    }
}

/// A named state predicate and what its truth means.
pub struct Property<M: Model> {
    /// The name shown in reports, e.g. `TCConsistent`.
    pub name: &'static str,
    /// Whether a finding is a violation or a witness.
    pub kind: PropertyKind,
    /// The predicate.
    pub condition: Condition<M>,
}

/// A property's predicate.
pub type Condition<M> = Arc<dyn Fn(&M, &<M as Model>::State) -> bool + Send + Sync>;

impl<M: Model> Property<M> {
    /// A predicate that must hold in every reachable state.
    pub fn invariant(
        name: &'static str,
        condition: impl Fn(&M, &M::State) -> bool + Send + Sync + 'static,
    ) -> Self {
        Self {
            name,
            kind: PropertyKind::Invariant,
            condition: Arc::new(condition),
        }
    }

    /// A predicate whose reachable witnesses are findings ("can block", "can disagree").
    pub fn reachable(
        name: &'static str,
        condition: impl Fn(&M, &M::State) -> bool + Send + Sync + 'static,
    ) -> Self {
        Self {
            name,
            kind: PropertyKind::Reachable,
            condition: Arc::new(condition),
        }
    }

    /// Whether `state` is a finding for this property.
    #[inline]
    pub fn is_finding(&self, model: &M, state: &M::State) -> bool {
        match self.kind {
            PropertyKind::Invariant => !(self.condition)(model, state),
            PropertyKind::Reachable => (self.condition)(model, state),
        }
    }
}

impl<M: Model> Clone for Property<M> {
    fn clone(&self) -> Self {
        Self {
            name: self.name,
            kind: self.kind,
            condition: self.condition.clone(),
        }
    }
}

impl<M: Model> std::fmt::Debug for Property<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Property")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .finish()
    }
}
