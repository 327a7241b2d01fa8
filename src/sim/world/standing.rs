//! Who is blocked or stuck, and whether the run is over: read from where each node stands
//! ([`crate::protocol::Standing`]) and from what is left to happen.

use super::World;
use crate::model::NodeId;
use crate::protocol::{Standing, Waiting};

impl World {
    /// Whether `a` and `b` can talk now: both up and on the same side of any partition.
    pub fn reachable(&self, a: NodeId, b: NodeId) -> bool {
        self.nodes[a.index()].up
            && self.nodes[b.index()].up
            && self.groups[a.index()] == self.groups[b.index()]
    }

    /// Where a node stands, by its protocol.
    pub fn standing(&self, id: NodeId) -> Standing {
        let roster = &self.cfg.setup.roster;
        self.cfg
            .engine
            .standing(roster.role(id), &self.nodes[id.index()])
    }

    /// Live nodes that are in doubt and that nobody they can reach is able to help.
    pub fn blocked(&self) -> Vec<NodeId> {
        let roster = &self.cfg.setup.roster;
        roster
            .ids()
            .filter(|&me| {
                let s = self.standing(me);
                self.nodes[me.index()].up
                    && s.waiting == Waiting::InDoubt
                    && !s.can_resolve
                    && !roster
                        .ids()
                        .any(|o| o != me && self.reachable(me, o) && self.standing(o).can_resolve)
            })
            .collect()
    }

    /// Live nodes still expecting something although nothing more can happen.
    pub fn stuck(&self) -> Vec<NodeId> {
        if !self.quiet() {
            return Vec::new();
        }
        self.cfg
            .setup
            .roster
            .ids()
            .filter(|&id| {
                self.nodes[id.index()].up && self.standing(id).waiting == Waiting::Pending
            })
            .collect()
    }

    /// Every node up and settled, and nothing left to do.
    pub fn terminated(&self) -> bool {
        self.quiet()
            && self
                .nodes
                .iter()
                .all(|n| n.up && self.cfg.engine.phase_outcome(n.phase).is_some())
    }

    /// Whether nothing more can ever happen (the agenda is empty).
    pub fn quiet(&self) -> bool {
        self.work.is_empty() && self.agenda.is_empty()
    }
}
