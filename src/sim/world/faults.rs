//! Faults, applied by one function that gives the event they make (or none, when the fault
//! changes nothing: crashing a crashed node, healing a whole network).

use super::{Work, World};
use crate::model::{Codes, DropReason, Event, MsgId, NodeId};
use crate::protocol::Input;
use crate::sim::config::Fault;
use crate::sorted::SortedMap;

impl World {
    /// Applies a fault; `trigger_msg` is the message of the event that triggered it, if any.
    pub(super) fn apply_fault(
        &mut self,
        fault: Fault,
        trigger_msg: Option<MsgId>,
    ) -> Option<Event<Codes>> {
        match fault {
            Fault::Drop(id) => {
                let id = id.or(trigger_msg)?;
                self.remove_message(id).then_some(Event::Drop {
                    id,
                    reason: DropReason::Dropped,
                })
            }
            Fault::Duplicate(id) => {
                let id = id.or(trigger_msg)?;
                let copy = self.duplicate(id)?;
                Some(Event::Duplicate { id, copy })
            }
            Fault::Delay(id, by_ms) => {
                let id = id.or(trigger_msg)?;
                self.delay(id, by_ms).then_some(Event::Delay { id, by_ms })
            }
            Fault::Crash(node) => {
                if !self.nodes[node.index()].up {
                    return None;
                }
                self.crash(node);
                Some(Event::Crash { node })
            }
            Fault::Recover(node) => {
                if self.nodes[node.index()].up {
                    return None;
                }
                self.recover(node);
                Some(Event::Recover { node })
            }
            Fault::Partition(groups) => {
                self.groups = groups;
                let roster = &self.cfg.setup.roster;
                let mut sides: SortedMap<u8, Vec<NodeId>> = SortedMap::new();
                for id in roster.ids() {
                    sides
                        .get_or_insert_with(self.groups[id.index()], Vec::new)
                        .push(id);
                }
                Some(Event::Partition {
                    groups: sides.into_iter().map(|(_, ids)| ids).collect(),
                })
            }
            Fault::Heal => {
                if self.groups.iter().all(|&g| g == 0) {
                    return None;
                }
                self.groups.iter_mut().for_each(|g| *g = 0);
                for id in self.cfg.setup.roster.clone().ids() {
                    self.pump(id);
                }
                Some(Event::Heal)
            }
            Fault::DropRate(ppm) => {
                self.drop_ppm = ppm;
                Some(Event::DropRate { ppm })
            }
        }
    }

    fn crash(&mut self, node: NodeId) {
        self.nodes[node.index()].up = false;
        for key in self.timers.take(node) {
            self.agenda.remove(&key);
        }
        // Effects not yet carried out die with the node (an acknowledgement not yet sent too).
        let is_broker = self.broker() == Some(node);
        self.work.retain(|w| match w {
            Work::Effect(id, _) => *id != node,
            // A confirm the broker had not given yet dies with it, or with its receiver.
            Work::Confirm { from, .. } => *from != node && !is_broker,
            Work::Fault(..) | Work::Note(_) | Work::Enqueue(_) => true,
        });
        // Whatever it took from its queue without acknowledging goes back, to be redelivered.
        self.requeue_taken(node);
        if self.broker() == Some(node) {
            // Every consumer's channel dies with the broker: what they held goes back, and what
            // the broker had not yet put into a queue is lost.
            for other in self.cfg.setup.roster.clone().ids() {
                self.requeue_taken(other);
            }
            self.outbox.clear();
            self.work.retain(|w| !matches!(w, Work::Enqueue(_)));
        }
    }

    fn recover(&mut self, node: NodeId) {
        let (phase, mem) = self.cfg.engine.boot(&self.cfg.setup, node);
        let n = &mut self.nodes[node.index()];
        n.up = true;
        n.phase = phase;
        n.mem = mem;
        self.handle(node, Input::Recover);
        if self.broker() == Some(node) {
            for id in self.cfg.setup.roster.clone().ids() {
                self.pump(id);
            }
        } else {
            self.pump(node);
        }
    }
}
