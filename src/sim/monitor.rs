//! The invariant monitor: the protocol's [`Watch`] run over every event of a run, and the
//! violations it has found so far, each tied to the event that caused it.

use crate::model::{Codes, Event};
use crate::protocol::watch::{Violation, Watch};
use crate::protocol::Node;
use std::hash::Hasher;

#[derive(Clone, Debug)]
pub struct Monitor {
    watch: Box<dyn Watch>,
    violations: Vec<Violation>,
}

impl Monitor {
    pub fn new(watch: Box<dyn Watch>) -> Self {
        Monitor {
            watch,
            violations: Vec::new(),
        }
    }

    /// What it keeps, for packing a world: the watch and the violations found.
    pub fn parts(&self) -> (&dyn Watch, &[Violation]) {
        (self.watch.as_ref(), &self.violations)
    }

    /// The monitor [`Monitor::parts`] gave.
    pub fn from_parts(watch: Box<dyn Watch>, violations: Vec<Violation>) -> Self {
        Monitor { watch, violations }
    }

    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The invariants the protocol's watch checks.
    pub fn invariants(&self) -> &'static [crate::protocol::watch::Invariant] {
        self.watch.invariants()
    }

    /// Event `index` has happened; `nodes` are as it left them.
    pub fn observe(&mut self, index: u64, event: &Event<Codes>, nodes: &[Node]) {
        self.watch
            .observe(index, event, nodes, &mut self.violations);
    }

    /// The run has gone quiet after event `index`.
    pub fn quiet(&mut self, index: u64, nodes: &[Node]) {
        self.watch.quiet(index, nodes, &mut self.violations);
    }

    /// Hashes what decides the monitor's future verdicts: what the watch keeps, and how many
    /// violations there are.
    pub fn hash_state(&self, mut h: &mut dyn Hasher) {
        self.watch.hash_state(h);
        std::hash::Hash::hash(&self.violations.len(), &mut h);
    }
}

/// Two monitors are equal when they found the same violations and their watches keep the same
/// state.
impl PartialEq for Monitor {
    fn eq(&self, other: &Self) -> bool {
        let digest = |m: &Monitor| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            m.hash_state(&mut h);
            h.finish()
        };
        self.violations == other.violations && digest(self) == digest(other)
    }
}
