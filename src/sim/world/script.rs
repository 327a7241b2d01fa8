//! The scenario's scripted faults: which are waiting, and which fire now (a hand-made fault
//! placed before an event, or a fault whose pattern the last event completed).

use super::{Work, World};
use crate::model::{Codes, Event};
use crate::sim::config::{Config, Trigger};

/// How many scripted faults have a trigger of the kind `is`.
pub(super) fn count(cfg: &Config, is: impl Fn(&Trigger) -> bool) -> usize {
    cfg.faults.iter().filter(|f| is(&f.when)).count()
}

impl World {
    /// A hand-made fault placed before the next event fires now.
    pub(super) fn fire_before_event(&mut self) -> Option<Event<Codes>> {
        // Several hand-made faults can be placed at one moment: each fires in turn, in the order
        // they were made (one that changes nothing, such as crashing a crashed node, is passed).
        loop {
            if self.pending_before == 0 {
                return None;
            }
            let i = (0..self.cfg.faults.len()).find(|&i| {
                !self.script[i].1
                    && matches!(self.cfg.faults[i].when, Trigger::BeforeEvent(at) if at <= self.events)
            })?;
            self.script[i].1 = true;
            self.pending_before -= 1;
            let fault = self.cfg.faults[i].fault.clone();
            if let Some(ev) = self.apply_fault(fault, None) {
                return Some(ev);
            }
        }
    }

    /// Queues the scripted faults whose pattern this event completes.
    pub(super) fn match_script(&mut self, event: &Event<Codes>) {
        if self.pending_after == 0 {
            return;
        }
        let label = self.label_of(event);
        for i in 0..self.cfg.faults.len() {
            let Trigger::After(p) = &self.cfg.faults[i].when else {
                continue;
            };
            if self.script[i].1
                || p.kind.is_some_and(|k| k != event.kind())
                || p.node.is_some_and(|n| Some(n) != event.node())
                || p.peer.is_some_and(|n| Some(n) != event.peer())
                || p.label.is_some_and(|l| Some(l) != label)
            {
                continue;
            }
            self.script[i].0 += 1;
            if self.script[i].0 >= p.nth.max(1) {
                self.script[i].1 = true;
                self.pending_after -= 1;
                let fault = self.cfg.faults[i].fault.clone();
                self.work.push_front(Work::Fault(fault, event.msg_id()));
            }
        }
    }

    /// The label a scenario pattern matches an event by.
    fn label_of(&self, event: &Event<Codes>) -> Option<&'static str> {
        use crate::model::code::label_of;
        use crate::protocol::Sort;
        let labels = |sort| self.cfg.engine.labels(sort);
        match event {
            Event::Send { msg, .. } | Event::Deliver { msg, .. } => {
                Some(label_of(labels(Sort::Msg), *msg))
            }
            Event::Persist { record, .. } => Some(label_of(labels(Sort::Record), *record)),
            Event::Commit { txn, .. } => Some(label_of(labels(Sort::Txn), *txn)),
            Event::Become { to, .. } => Some(label_of(labels(Sort::Phase), *to)),
            Event::Timer { timer, .. } => Some(label_of(labels(Sort::Timer), *timer)),
            Event::Drop { reason, .. } => Some(reason.label()),
            _ => None,
        }
    }
}
