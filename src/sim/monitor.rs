//! The invariants, checked after every event, each violation tied to the event that caused it.

use super::event::Event;
use super::world::Node;
use crate::model::{bit, Decision, NodeId, Role, Tone};
use crate::protocol::{Message as _, Phase as _, Protocol, Record as _, Setup};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Invariant {
    /// No two nodes decide differently.
    Agreement,
    /// No node changes its decision.
    Irrevocability,
    /// COMMIT only if every participant voted YES.
    Validity,
    /// No decision is acted on (entered or sent) before its record is in the deciding node's log.
    Durability,
}

impl Invariant {
    pub const ALL: [Invariant; 4] = [
        Invariant::Agreement,
        Invariant::Irrevocability,
        Invariant::Validity,
        Invariant::Durability,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Invariant::Agreement => "agreement",
            Invariant::Irrevocability => "irrevocability",
            Invariant::Validity => "validity",
            Invariant::Durability => "durability",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Violation {
    pub invariant: Invariant,
    /// Index of the event that broke it.
    pub event: u64,
    pub node: NodeId,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Monitor {
    /// The first decision each node reached.
    first: Vec<Option<Decision>>,
    /// Participants that have sent a YES vote (bit per node index).
    voted_yes: u128,
    all_participants: u128,
    violations: Vec<Violation>,
}

impl Monitor {
    pub fn new(setup: &Setup) -> Self {
        Monitor {
            first: vec![None; setup.roster.len()],
            voted_yes: 0,
            all_participants: setup.participants().fold(0, |m, p| m | bit(p)),
            violations: Vec::new(),
        }
    }

    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The first decision each node reached, by node index.
    pub fn first_decisions(&self) -> &[Option<Decision>] {
        &self.first
    }

    pub fn observe<P: Protocol>(
        &mut self,
        index: u64,
        event: &Event<P>,
        nodes: &[Node<P>],
        setup: &Setup,
    ) {
        match event {
            Event::Send { from, msg, .. } => {
                let tone = msg.tone();
                if tone == Tone::Yes && setup.roster.role(*from) == Role::Participant {
                    self.voted_yes |= bit(*from);
                }
                if let Some(d) = tone.decision() {
                    if !logged(&nodes[from.index()], d) {
                        self.flag(
                            Invariant::Durability,
                            index,
                            *from,
                            format!("sends {} without {} in its log", d.label(), d.label()),
                        );
                    }
                }
            }
            Event::Become { node, to, .. } => {
                if let Some(d) = to.decision() {
                    self.decided(index, *node, d, &nodes[node.index()], setup);
                }
            }
            _ => {}
        }
    }

    fn decided<P: Protocol>(
        &mut self,
        index: u64,
        node: NodeId,
        d: Decision,
        state: &Node<P>,
        setup: &Setup,
    ) {
        if !logged(state, d) {
            self.flag(
                Invariant::Durability,
                index,
                node,
                format!("enters {} without {} in its log", d.label(), d.label()),
            );
        }
        if d == Decision::Commit && self.voted_yes & self.all_participants != self.all_participants
        {
            self.flag(
                Invariant::Validity,
                index,
                node,
                "commits although not every participant voted YES".into(),
            );
        }
        match self.first[node.index()] {
            Some(before) if before != d => self.flag(
                Invariant::Irrevocability,
                index,
                node,
                format!("decided {} before, now {}", before.label(), d.label()),
            ),
            Some(_) => {}
            None => {
                if let Some(other) = self.first.iter().position(|o| o.is_some_and(|o| o != d)) {
                    self.flag(
                        Invariant::Agreement,
                        index,
                        node,
                        format!(
                            "decides {} while {} decided {}",
                            d.label(),
                            setup.roster.name(NodeId(other as u8)),
                            d.other().label()
                        ),
                    );
                }
                self.first[node.index()] = Some(d);
            }
        }
    }

    fn flag(&mut self, invariant: Invariant, event: u64, node: NodeId, detail: String) {
        self.violations.push(Violation {
            invariant,
            event,
            node,
            detail,
        });
    }
}

fn logged<P: Protocol>(node: &Node<P>, d: Decision) -> bool {
    node.log.iter().any(|r| r.decision() == Some(d))
}
