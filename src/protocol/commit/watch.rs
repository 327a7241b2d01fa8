//! The commit protocols' invariants, checked after every event, each violation tied to the event
//! that caused it: agreement, irrevocability, validity and durability.

use super::{Decision, PARTICIPANT};
use crate::model::{bit, Code, Coded, Codes, Event, NodeId, Roster, Tone};
use crate::protocol::node::Node;
use crate::protocol::watch::{Invariant, Violation, Watch};
use crate::protocol::{Message as _, Protocol, Setup};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// No two nodes decide differently.
pub const AGREEMENT: Invariant = Invariant("agreement");
/// No node changes its decision.
pub const IRREVOCABILITY: Invariant = Invariant("irrevocability");
/// COMMIT only if every participant voted YES.
pub const VALIDITY: Invariant = Invariant("validity");
/// No decision is acted on (entered or sent) before its record is in the deciding node's log.
pub const DURABILITY: Invariant = Invariant("durability");

pub const INVARIANTS: &[Invariant] = &[AGREEMENT, IRREVOCABILITY, VALIDITY, DURABILITY];

/// What a commit protocol says about decisions, for its invariants.
pub trait Decides: Protocol {
    /// The decision a log record makes durable, if it is a decision record.
    fn record_decision(record: Self::Record) -> Option<Decision>;
    /// The decision a state stands for, if it is final.
    fn phase_decision(phase: Self::Phase) -> Option<Decision>;
}

/// The decisions a protocol's codes stand for.
#[derive(Clone, Copy)]
struct Meanings {
    record: fn(Code) -> Option<Decision>,
    phase: fn(Code) -> Option<Decision>,
    tone: fn(Code) -> Tone,
}

impl std::fmt::Debug for Meanings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Meanings")
    }
}

/// The commit invariants over one run.
#[derive(Clone, Debug)]
pub struct CommitWatch {
    meanings: Meanings,
    /// Shared by every copy of the watch (each world the explorer keeps has one).
    roster: Arc<Roster>,
    /// The first decision each node reached.
    first: Vec<Option<Decision>>,
    /// Participants that have sent a YES vote (bit per node index).
    voted_yes: u128,
    all_participants: u128,
}

impl CommitWatch {
    pub fn new<P: Decides>(setup: &Setup) -> CommitWatch {
        CommitWatch {
            meanings: Meanings {
                record: |c| P::Record::from_code(c).and_then(P::record_decision),
                phase: |c| P::Phase::from_code(c).and_then(P::phase_decision),
                tone: |c| P::Msg::from_code(c).map_or(Tone::Info, |m| m.tone()),
            },
            roster: Arc::new(setup.roster.clone()),
            first: vec![None; setup.roster.len()],
            voted_yes: 0,
            all_participants: super::participants(setup).fold(0, |m, p| m | bit(p)),
        }
    }

    fn logged(&self, node: &Node, d: Decision) -> bool {
        node.log
            .iter()
            .any(|r| (self.meanings.record)(*r) == Some(d))
    }

    fn decided(
        &mut self,
        index: u64,
        node: NodeId,
        d: Decision,
        state: &Node,
        out: &mut Vec<Violation>,
    ) {
        let mut flag = |invariant, detail: String| {
            out.push(Violation {
                invariant,
                event: index,
                node,
                detail,
            })
        };
        if !self.logged(state, d) {
            flag(
                DURABILITY,
                format!("enters {} without {} in its log", d.label(), d.label()),
            );
        }
        if d == Decision::Commit && self.voted_yes & self.all_participants != self.all_participants
        {
            flag(
                VALIDITY,
                "commits although not every participant voted YES".into(),
            );
        }
        match self.first[node.index()] {
            Some(before) if before != d => flag(
                IRREVOCABILITY,
                format!("decided {} before, now {}", before.label(), d.label()),
            ),
            Some(_) => {}
            None => {
                if let Some(other) = self.first.iter().position(|o| o.is_some_and(|o| o != d)) {
                    flag(
                        AGREEMENT,
                        format!(
                            "decides {} while {} decided {}",
                            d.label(),
                            self.roster.name(NodeId(other as u8)),
                            d.other().label()
                        ),
                    );
                }
                self.first[node.index()] = Some(d);
            }
        }
    }
}

impl Watch for CommitWatch {
    fn invariants(&self) -> &'static [Invariant] {
        INVARIANTS
    }

    fn observe(
        &mut self,
        index: u64,
        event: &Event<Codes>,
        nodes: &[Node],
        out: &mut Vec<Violation>,
    ) {
        match event {
            Event::Send { from, msg, .. } => {
                let tone = (self.meanings.tone)(*msg);
                if tone == Tone::Yes && self.roster.role(*from) == PARTICIPANT {
                    self.voted_yes |= bit(*from);
                }
                let d = match tone {
                    Tone::Commit => Some(Decision::Commit),
                    Tone::Abort => Some(Decision::Abort),
                    _ => None,
                };
                if let Some(d) = d {
                    if !self.logged(&nodes[from.index()], d) {
                        out.push(Violation {
                            invariant: DURABILITY,
                            event: index,
                            node: *from,
                            detail: format!("sends {} without {} in its log", d.label(), d.label()),
                        });
                    }
                }
            }
            Event::Become { node, to, .. } => {
                if let Some(d) = (self.meanings.phase)(*to) {
                    self.decided(index, *node, d, &nodes[node.index()], out);
                }
            }
            _ => {}
        }
    }

    fn clone_box(&self) -> Box<dyn Watch> {
        Box::new(self.clone())
    }

    /// Everything that changes: the first decisions, and who has voted YES (validity's verdict
    /// on a later commit depends on it).
    fn hash_state(&self, mut h: &mut dyn Hasher) {
        self.first.hash(&mut h);
        self.voted_yes.hash(&mut h);
    }
}
