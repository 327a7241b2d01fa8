//! Free scheduling: instead of letting virtual time decide what happens next, a caller (the
//! explorer, or a replayed schedule) chooses among everything that could happen next.
//!
//! Each choice runs to completion: the chosen delivery or timer, then every effect it causes,
//! so a choice is one atomic step of a node (faults cannot fall between a step's effects here).

use super::{Due, World};
use crate::model::{Codes, Hop, MsgId, Stamped};
use crate::sim::config::Fault;
use std::hash::{Hash, Hasher};

/// Something that could happen next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Choice {
    /// A message on a link arrives (at the broker or at its receiver).
    Arrive { msg: u32 },
    /// A node's armed timer fires (its code: the kind, and its number for a timer kind that has
    /// one per transfer or step).
    Fire { node: u8, timer: crate::model::Code },
    /// A message held back by a delay may move again.
    Wake { node: u8 },
}

impl World {
    /// Everything on the agenda that is still live, in a fixed order.
    pub fn choices(&self) -> Vec<Choice> {
        let mut out = Vec::new();
        for due in self.agenda.values() {
            match due {
                Due::Begin | Due::Fault(_) => {}
                Due::Arrive(id, at) => {
                    if self.flights.get(id).is_some_and(|f| f.arrive_at == *at) {
                        out.push(Choice::Arrive { msg: id.0 });
                    }
                }
                Due::Fire(node, timer, gen) => {
                    if self.timer_live(*node, *timer, *gen) {
                        out.push(Choice::Fire {
                            node: node.0,
                            timer: *timer,
                        });
                    }
                }
                Due::Wake(node) => out.push(Choice::Wake { node: node.0 }),
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Runs the start of the run (the client's begin and its effects) if it has not happened.
    pub fn begin(&mut self) -> Vec<Stamped<Codes>> {
        let mut events = Vec::new();
        if let Some((&key, Due::Begin)) = self.agenda.first_key_value() {
            self.agenda.remove(&key);
            if let Some(e) = self.do_due(Due::Begin) {
                events.push(self.record(e));
            }
            self.drain(&mut events);
        }
        events
    }

    /// Makes `choice` happen now, then every effect it causes. Returns the events, or `None` if
    /// the choice is not on the agenda.
    pub fn force(&mut self, choice: &Choice) -> Option<Vec<Stamped<Codes>>> {
        let key = self.find_choice(choice)?;
        let due = self.agenda.remove(&key).expect("key just found");
        self.now = self.now.max(key.0);
        let mut events = Vec::new();
        if let Some(e) = self.do_due(due) {
            events.push(self.record(e));
        }
        self.drain(&mut events);
        Some(events)
    }

    /// [`World::force`], with `node` crashing right after the `after`-th of its own events the
    /// choice causes: a crash between a step's effects (after a local commit, before the
    /// send). `None` if the choice is not on the agenda, `node` is down, or the step gives it
    /// no more than `after` events (then the crash would come after the step, a move of its own).
    pub fn force_crashing(
        &mut self,
        choice: &Choice,
        node: crate::model::NodeId,
        after: u32,
    ) -> Option<Vec<Stamped<Codes>>> {
        if !self.nodes[node.index()].up || after == 0 {
            return None;
        }
        self.crash_in = Some((node, after));
        let events = self.force(choice);
        // The armed crash is spent only if it cut the step short (see `World::record`).
        let crashed = self.crash_in.is_none() && !self.nodes[node.index()].up;
        self.crash_in = None;
        events.filter(|_| crashed)
    }

    /// The agenda entry that `choice` names, if it is live.
    pub(super) fn find_choice(&self, choice: &Choice) -> Option<(u64, u64)> {
        self.agenda.iter().find_map(|(k, due)| {
            let hit = match (due, choice) {
                (Due::Arrive(id, at), Choice::Arrive { msg }) => {
                    id.0 == *msg && self.flights.get(id).is_some_and(|f| f.arrive_at == *at)
                }
                (Due::Fire(node, timer, gen), Choice::Fire { node: n, timer: t }) => {
                    node.0 == *n && timer == t && self.timer_live(*node, *timer, *gen)
                }
                (Due::Wake(node), Choice::Wake { node: n }) => node.0 == *n,
                _ => false,
            };
            hit.then_some(*k)
        })
    }

    /// Applies a fault now, then every effect it causes.
    /// Whether a timer's agenda entry is the live one (its node is up and has not re-armed or
    /// cancelled it since).
    fn timer_live(&self, node: crate::model::NodeId, timer: crate::model::Code, gen: u64) -> bool {
        self.nodes[node.index()].up && self.timers.get(node, timer).map(|k| k.1) == Some(gen)
    }

    pub fn inflict(&mut self, fault: Fault) -> Vec<Stamped<Codes>> {
        let mut events = Vec::new();
        if let Some(e) = self.apply_fault(fault, None) {
            events.push(self.record(e));
        }
        self.drain(&mut events);
        events
    }

    /// Carries out queued work (effects, acknowledgements, triggered faults) until none is left.
    fn drain(&mut self, events: &mut Vec<Stamped<Codes>>) {
        while let Some(work) = self.work.pop_front() {
            if let Some(e) = self.do_work(work) {
                events.push(self.record(e));
            }
        }
    }

    /// Messages that could be dropped or duplicated now: on a link, or waiting in a queue.
    pub fn messages_in_play(&self) -> Vec<MsgId> {
        let mut ids: Vec<MsgId> = self.flights.keys().collect();
        ids.extend(self.queues.iter().flatten().map(|m| m.id));
        ids.sort();
        ids.dedup();
        ids
    }

    /// How many messages [`World::messages_in_play`] would list, without listing them.
    pub fn count_in_play(&self) -> usize {
        let on_links = self.flights.values().count();
        let only_queued = self
            .queues
            .iter()
            .flatten()
            .filter(|m| !self.flights.contains_key(&m.id))
            .count();
        on_links + only_queued
    }

    /// Whether any message could still be delivered to `node`'s side of the network: on a link,
    /// or waiting in a queue for a consumer that can take it.
    pub fn deliverable(&self) -> bool {
        self.flights.values().any(|f| match f.hop {
            Hop::ToBroker | Hop::ToConsumer => true,
            Hop::Direct => {
                self.nodes[f.to.index()].up
                    && self.groups[f.from.index()] == self.groups[f.to.index()]
            }
        }) || self.agenda.values().any(|d| matches!(d, Due::Wake(_)))
    }

    /// Hashes what matters to the protocol's future, leaving out what only names or times it:
    /// virtual time, message ids, timer generations, the RNG and event counts. Two worlds that
    /// differ only in those behave alike under free scheduling.
    pub fn hash_logical<H: Hasher>(&self, h: &mut H) {
        for (i, n) in self.nodes.iter().enumerate() {
            n.up.hash(h);
            n.phase.hash(h);
            n.mem.hash(h);
            n.log.hash(h);
            n.db.hash(h);
            for t in self.timers.of(crate::model::NodeId(i as u8)) {
                t.hash(h);
            }
            0xFFu8.hash(h);
        }
        // The messages on links as a multiset: a sum of one mixed word per message, so that
        // their order (by id, which the hash leaves out) does not matter and nothing is sorted.
        let (mut count, mut sum) = (0u64, 0u64);
        for f in self.flights.values() {
            let head = u64::from(f.from.0) << 56
                | u64::from(f.to.0) << 48
                | u64::from(f.msg.kind) << 32
                | u64::from(f.msg.arg);
            let tail = (f.hop as u64) << 2 | u64::from(f.redelivered) << 1 | u64::from(f.confirm);
            sum = sum.wrapping_add(mix(head ^ mix(tail)));
            count += 1;
        }
        (count, sum).hash(h);
        for q in &self.queues {
            q.len().hash(h);
            for m in q {
                (
                    m.from,
                    m.msg,
                    m.unacked,
                    m.redelivered,
                    m.hold_until as u64 > self.now,
                )
                    .hash(h);
            }
        }
        for (id, queued, to) in &self.outbox {
            let _ = id;
            (queued.msg, to).hash(h);
        }
        self.groups.hash(h);
        self.monitor.hash_state(h as &mut dyn Hasher);
    }

    /// Whether two worlds are alike in everything [`World::hash_logical`] hashes.
    pub fn same_logical(&self, other: &Self) -> bool {
        let mut a = Fnv::default();
        let mut b = Fnv::default();
        self.hash_logical(&mut a);
        other.hash_logical(&mut b);
        a.finish() == b.finish()
    }
}

/// SplitMix64's finaliser: a fixed, well-spread mixing of one word.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A small fixed hasher (FNV-1a), so logical hashes do not change between runs or builds.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        if self.0 == 0 {
            self.0 = 0xcbf2_9ce4_8422_2325;
        }
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
