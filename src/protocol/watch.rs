//! Invariants: what must hold after every event of a run, each family of protocols bringing its
//! own (agreement for commit protocols, money conserved for a bank transfer...).
//!
//! A [`Watch`] sees every event as it happens and the nodes right after it, and once more
//! whenever the run goes quiet (nothing in flight, queued or armed), which is when "eventually"
//! properties must have come true.

use super::node::Node;
use crate::model::{Codes, Event, NodeId};
use serde::Serialize;
use std::fmt::Debug;
use std::hash::Hasher;

/// An invariant, by the name reports, scenarios and the explorer use (`agreement`,
/// `money-conserved`); its words are the i18n string `invariant.<name>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Invariant(pub &'static str);

impl Invariant {
    pub fn label(self) -> &'static str {
        self.0
    }
}

impl crate::i18n::Words for Invariant {
    fn key(&self) -> std::borrow::Cow<'static, str> {
        format!("invariant.{}", self.0).into()
    }
}

/// A broken invariant, tied to the event that broke it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Violation {
    pub invariant: Invariant,
    /// Index of the event that broke it.
    pub event: u64,
    pub node: NodeId,
    /// What happened, in English (the CLI's words; the interface names the invariant and the
    /// event in the reader's language).
    pub detail: String,
}

/// Checks a family's invariants over a run. It may keep what it has seen (the first decision
/// of each node, the transfers credited so far); that history is part of the world's state.
pub trait Watch: Debug + Send + Sync {
    /// The invariants it checks, in the order reports list them.
    fn invariants(&self) -> &'static [Invariant];

    /// After event `index`: the event and every node as it left them.
    fn observe(
        &mut self,
        index: u64,
        event: &Event<Codes>,
        nodes: &[Node],
        out: &mut Vec<Violation>,
    );

    /// After event `index`, when nothing more is in flight, queued or armed.
    fn quiet(&mut self, index: u64, nodes: &[Node], out: &mut Vec<Violation>) {
        let _ = (index, nodes, out);
    }

    fn clone_box(&self) -> Box<dyn Watch>;

    /// Hashes everything it keeps that can change. The explorer tells states apart by it, and
    /// packs worlds by it: two watches that hash alike stand for each other.
    fn hash_state(&self, h: &mut dyn Hasher);
}

impl Clone for Box<dyn Watch> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}
