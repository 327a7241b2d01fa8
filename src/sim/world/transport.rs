//! Messages on their way: links, the broker's queues, acknowledgements and confirms, and the
//! message faults (drop, duplicate, delay).
//!
//! With the queue transport a message goes sender -> broker -> the receiver's queue -> the
//! receiver, and leaves the queue when the receiver acknowledges it. A protocol whose roster has
//! a broker node gives the broker logic: messages sent *to* that node are handled by it on
//! arrival, what it sends goes straight into the receiver's queue, and while it is down nothing
//! is delivered (messages reaching it are lost, unacknowledged ones go back to their queues).

use super::{Due, Work, World};
use crate::model::{Code, Codes, DropReason, Event, Hop, MsgId, NodeId, Transport};
use crate::protocol::Input;

/// A message moving on a link.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Flight {
    pub from: NodeId,
    pub to: NodeId,
    pub msg: Code,
    pub hop: Hop,
    pub sent_at: u64,
    pub arrive_at: u64,
    /// Chosen by the random loss rate when sent: vanishes on arrival.
    pub doomed: bool,
    pub redelivered: bool,
    /// The sender asked the broker to confirm it once queued.
    pub confirm: bool,
}

/// A message waiting in (or taken from, but not yet acknowledged from) a node's queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Queued {
    pub id: MsgId,
    pub from: NodeId,
    pub msg: Code,
    /// Taken by the consumer and not yet acknowledged.
    pub unacked: bool,
    pub redelivered: bool,
    /// Held back until this time by a delay fault. Virtual time ends within an hour
    /// (`max_time_ms`), so `u32` milliseconds hold it; a queue entry is 20 bytes, and snapshots
    /// copy every queue.
    pub hold_until: u32,
}

impl World {
    /// The node that runs broker logic, if the protocol has one.
    pub(super) fn broker(&self) -> Option<NodeId> {
        self.cfg.setup.roster.broker()
    }

    fn latency(&mut self) -> u64 {
        let (lo, hi) = self.cfg.latency;
        self.rng.between(lo, hi)
    }

    pub(super) fn send(
        &mut self,
        from: NodeId,
        to: NodeId,
        msg: Code,
        confirm: bool,
    ) -> Event<Codes> {
        let id = MsgId(self.next_msg);
        self.next_msg += 1;
        let queue = self.cfg.transport == Transport::Queue;
        if queue && self.broker() == Some(from) {
            // The broker's own message needs no hop to the broker.
            let waiting = Queued {
                id,
                from,
                msg,
                unacked: false,
                redelivered: false,
                hold_until: 0,
            };
            self.outbox.push((id, waiting, to));
            self.work.push_front(Work::Enqueue(id));
            return Event::Send { id, from, to, msg };
        }
        let hop = if queue { Hop::ToBroker } else { Hop::Direct };
        let doomed = self.rng.chance_ppm(self.drop_ppm);
        let arrive_at = self.now + self.latency();
        self.flights.insert(
            id,
            Flight {
                from,
                to,
                msg,
                hop,
                sent_at: self.now,
                arrive_at,
                doomed,
                redelivered: false,
                confirm,
            },
        );
        self.schedule(arrive_at, Due::Arrive(id, arrive_at));
        Event::Send { id, from, to, msg }
    }

    /// Puts a message the broker's node sent into its receiver's queue.
    pub(super) fn enqueue_own(&mut self, id: MsgId) -> Option<Event<Codes>> {
        let at = self.outbox.iter().position(|(m, ..)| *m == id)?;
        let (_, queued, to) = self.outbox.remove(at);
        self.queues[to.index()].push_back(queued);
        self.pump(to);
        Some(Event::Enqueue { id, to })
    }

    pub(super) fn arrive(&mut self, id: MsgId, at: u64) -> Option<Event<Codes>> {
        // A flight that was dropped, or delayed (re-scheduled), leaves a stale entry behind.
        if self.flights.get(&id)?.arrive_at != at {
            return None;
        }
        let f = self.flights.remove(&id).expect("checked above");
        if f.doomed {
            return Some(Event::Drop {
                id,
                reason: DropReason::Lost,
            });
        }
        match f.hop {
            Hop::ToBroker => {
                if let Some(b) = self.broker() {
                    if !self.nodes[b.index()].up {
                        return Some(Event::Drop {
                            id,
                            reason: DropReason::ReceiverDown,
                        });
                    }
                    if self.groups[f.from.index()] != self.groups[b.index()] {
                        return Some(Event::Drop {
                            id,
                            reason: DropReason::Partitioned,
                        });
                    }
                    if f.to == b {
                        let (from, msg, confirm) = (f.from, f.msg, f.confirm);
                        let delivered = self.deliver(id, f);
                        if confirm {
                            self.work.push_back(Work::Confirm { id, from, msg });
                        }
                        return Some(delivered);
                    }
                }
                self.queues[f.to.index()].push_back(Queued {
                    id,
                    from: f.from,
                    msg: f.msg,
                    unacked: false,
                    redelivered: false,
                    hold_until: 0,
                });
                self.pump(f.to);
                if f.confirm && self.nodes[f.from.index()].up {
                    self.work
                        .push_front(Work::Note(Event::Confirm { id, node: f.from }));
                    self.handle(
                        f.from,
                        Input::Confirmed {
                            to: f.to,
                            msg: f.msg,
                        },
                    );
                }
                Some(Event::Enqueue { id, to: f.to })
            }
            Hop::Direct => {
                let reason = if !self.nodes[f.to.index()].up {
                    Some(DropReason::ReceiverDown)
                } else if self.groups[f.from.index()] != self.groups[f.to.index()] {
                    Some(DropReason::Partitioned)
                } else {
                    None
                };
                if let Some(reason) = reason {
                    return Some(Event::Drop { id, reason });
                }
                Some(self.deliver(id, f))
            }
            Hop::ToConsumer => Some(self.deliver(id, f)),
        }
    }

    fn deliver(&mut self, id: MsgId, f: Flight) -> Event<Codes> {
        self.handle(
            f.to,
            Input::Deliver {
                from: f.from,
                msg: f.msg,
                id,
                redelivered: f.redelivered,
            },
        );
        Event::Deliver {
            id,
            from: f.from,
            to: f.to,
            msg: f.msg,
            redelivered: f.redelivered,
        }
    }

    /// The broker's node confirms a message it handled itself to its sender, if both are up.
    pub(super) fn confirm_own(
        &mut self,
        id: MsgId,
        from: NodeId,
        msg: Code,
    ) -> Option<Event<Codes>> {
        let broker = self.broker()?;
        if !self.nodes[broker.index()].up || !self.nodes[from.index()].up {
            return None;
        }
        self.handle(from, Input::Confirmed { to: broker, msg });
        Some(Event::Confirm { id, node: from })
    }

    /// The consumer acknowledges a message it took from its queue. Nothing happens for a message
    /// that is not (or no longer) out: one that came straight, one handed back when the broker
    /// crashed, one acknowledged already.
    pub(super) fn ack(&mut self, node: NodeId, id: MsgId) -> Option<Event<Codes>> {
        let q = &mut self.queues[node.index()];
        let at = q.iter().position(|m| m.id == id && m.unacked)?;
        q.remove(at);
        self.taken[node.index()] -= 1;
        self.pump(node);
        Some(Event::Ack { id, node })
    }

    /// Hands the next deliverable messages in `node`'s queue to it, if it is up, up to the
    /// prefetch count (one at a time by default).
    pub(super) fn pump(&mut self, node: NodeId) {
        if self.cfg.transport != Transport::Queue || !self.nodes[node.index()].up {
            return;
        }
        if self.broker().is_some_and(|b| !self.nodes[b.index()].up) {
            return;
        }
        debug_assert_eq!(
            self.taken[node.index()] as usize,
            self.queues[node.index()]
                .iter()
                .filter(|m| m.unacked)
                .count(),
            "the count of messages handed out follows the queue"
        );
        while self.taken[node.index()] < self.cfg.prefetch {
            let now = self.now;
            // Whether a message can be handed to `node` across the network as it is split now:
            // with a broker node, if it and `node` are on one side; without, per sender. Decided
            // once per scan: queues grow long (a node cut off keeps being written to).
            let groups = &self.groups;
            let side = groups[node.index()];
            let through_broker = self.broker().map(|b| groups[b.index()] == side);
            let Some(at) = self.queues[node.index()].iter().position(|m| {
                !m.unacked
                    && m.hold_until as u64 <= now
                    && through_broker.unwrap_or_else(|| groups[m.from.index()] == side)
            }) else {
                return;
            };
            let latency = self.latency();
            let m = &mut self.queues[node.index()][at];
            m.unacked = true;
            let arrive_at = now + latency;
            let flight = Flight {
                from: m.from,
                to: node,
                msg: m.msg,
                hop: Hop::ToConsumer,
                sent_at: now,
                arrive_at,
                doomed: false,
                redelivered: m.redelivered,
                confirm: false,
            };
            let id = m.id;
            self.taken[node.index()] += 1;
            self.flights.insert(id, flight);
            self.schedule(arrive_at, Due::Arrive(id, arrive_at));
        }
    }

    /// Every message `node` has taken and not acknowledged goes back to its queue, to be
    /// redelivered (its consumer, or the broker, crashed).
    pub(super) fn requeue_taken(&mut self, node: NodeId) {
        let mut requeued = Vec::new();
        self.taken[node.index()] = 0;
        for m in self.queues[node.index()].iter_mut().filter(|m| m.unacked) {
            m.unacked = false;
            m.redelivered = true;
            requeued.push(m.id);
        }
        for id in &requeued {
            if self.flights.remove(id).is_some() {
                self.unschedule_arrival(*id);
            }
            self.work
                .push_front(Work::Note(Event::Requeue { id: *id, node }));
        }
    }

    /// Removes a message from its link or queue; false if it is nowhere.
    pub(super) fn remove_message(&mut self, id: MsgId) -> bool {
        let mut found = false;
        if let Some(f) = self.flights.remove(&id) {
            found = true;
            self.unschedule_arrival(id);
            if f.hop == Hop::ToConsumer {
                self.queues[f.to.index()].retain(|m| m.id != id);
                self.taken[f.to.index()] -= 1;
                self.work.retain(
                    |w| !matches!(w, Work::Effect(_, crate::protocol::Effect::Ack(m)) if *m == id),
                );
                self.pump(f.to);
            }
        }
        if let Some(at) = self.outbox.iter().position(|(m, ..)| *m == id) {
            found = true;
            self.outbox.remove(at);
            self.work
                .retain(|w| !matches!(w, Work::Enqueue(m) if *m == id));
        }
        for q in 0..self.queues.len() {
            let before = self.queues[q].len();
            let was_out = self.queues[q].iter().any(|m| m.id == id && m.unacked);
            self.queues[q].retain(|m| m.id != id);
            if self.queues[q].len() != before {
                found = true;
                if was_out {
                    self.taken[q] -= 1;
                }
                self.pump(NodeId(q as u8));
            }
        }
        found
    }

    /// Takes a message's arrival off the agenda (it was dropped, delayed or taken back), so
    /// that nothing stale is left there: the agenda holds exactly what can still happen.
    pub(super) fn unschedule_arrival(&mut self, id: MsgId) {
        self.agenda
            .retain(|_, due| !matches!(due, Due::Arrive(m, _) if *m == id));
    }

    pub(super) fn duplicate(&mut self, id: MsgId) -> Option<MsgId> {
        let copy = MsgId(self.next_msg);
        if let Some(f) = self.flights.get(&id) {
            let mut f = f.clone();
            if f.hop == Hop::ToConsumer {
                // Already taken from the queue: the copy waits in the queue behind it.
                let q = &mut self.queues[f.to.index()];
                let at = q.iter().position(|m| m.id == id)?;
                let mut m = q[at];
                m.id = copy;
                m.unacked = false;
                q.insert(at + 1, m);
            } else {
                f.arrive_at += 1;
                let at = f.arrive_at;
                self.flights.insert(copy, f);
                self.schedule(at, Due::Arrive(copy, at));
            }
        } else {
            let q = self
                .queues
                .iter_mut()
                .find(|q| q.iter().any(|m| m.id == id))?;
            let at = q.iter().position(|m| m.id == id)?;
            let mut m = q[at];
            m.id = copy;
            m.unacked = false;
            q.insert(at + 1, m);
        }
        self.next_msg += 1;
        Some(copy)
    }

    pub(super) fn delay(&mut self, id: MsgId, by_ms: u64) -> bool {
        if let Some(f) = self.flights.get_mut(&id) {
            f.arrive_at += by_ms;
            let at = f.arrive_at;
            self.unschedule_arrival(id);
            self.schedule(at, Due::Arrive(id, at));
            return true;
        }
        let now = self.now;
        for q in 0..self.queues.len() {
            if let Some(m) = self.queues[q].iter_mut().find(|m| m.id == id) {
                m.hold_until = (now + by_ms).min(u32::MAX as u64) as u32;
                self.schedule(now + by_ms, Due::Wake(NodeId(q as u8)));
                return true;
            }
        }
        false
    }
}
