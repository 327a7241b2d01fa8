//! The simulated world: nodes, the broker's queues, messages on links, timers, faults and the
//! invariant monitor, advanced one event at a time by [`World::step`].

mod choice;
mod flights;

pub use choice::{Choice, Fnv};
pub use flights::Flights;

use super::config::{self, Config, Fault, Transport, Trigger};
use super::event::{DropReason, Event, Stamped};
use super::monitor::Monitor;
use super::rng::Rng;
use crate::model::{Decision, MsgId, NodeId};
use crate::protocol::{Effect, Input, Local, Out, Phase as _, Protocol, Record as _, Timer as _};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

/// One node as the world keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Node<P: Protocol> {
    pub up: bool,
    pub phase: P::Phase,
    pub mem: P::Memory,
    /// Stable storage: survives crashes.
    pub log: Vec<P::Record>,
    /// Armed timers, each with the agenda key (time, sequence number) of its firing.
    pub timers: BTreeMap<P::Timer, (u64, u64)>,
}

impl<P: Protocol> Node<P> {
    /// The decision this node holds: from its state while up, from its log while down.
    pub fn decision(&self) -> Option<Decision> {
        if self.up {
            self.phase.decision()
        } else {
            self.log.iter().rev().find_map(|r| r.decision())
        }
    }
}

/// Which hop a message is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hop {
    /// Sender to broker (queue transport).
    ToBroker,
    /// Broker to consumer (queue transport): the message is also unacknowledged in its queue.
    ToConsumer,
    /// Sender to receiver (lossy transport).
    Direct,
}

/// A message moving on a link.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Flight<P: Protocol> {
    pub from: NodeId,
    pub to: NodeId,
    pub msg: P::Msg,
    pub hop: Hop,
    pub sent_at: u64,
    pub arrive_at: u64,
    /// Chosen by the random loss rate when sent: vanishes on arrival.
    pub doomed: bool,
    pub redelivered: bool,
}

/// A message waiting in (or taken from, but not yet acknowledged from) a node's queue.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Queued<P: Protocol> {
    pub id: MsgId,
    pub from: NodeId,
    pub msg: P::Msg,
    /// Taken by the consumer and not yet acknowledged.
    pub unacked: bool,
    pub redelivered: bool,
    /// Held back until this time by a delay fault.
    pub hold_until: u64,
}

/// Things scheduled on the agenda.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Due<P: Protocol> {
    Begin,
    Arrive(MsgId, u64),
    Fire(NodeId, P::Timer, u64),
    Fault(usize),
    /// A delay on a queued message ran out: try to hand the queue's next message over.
    Wake(NodeId),
}

/// Work queued between steps: it runs before anything on the agenda.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Work<P: Protocol> {
    Effect(NodeId, Effect<P>),
    /// The consumer finished handling a queued message.
    Ack(NodeId, MsgId),
    Fault(Fault, Option<MsgId>),
    Note(Event<P>),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct World<P: Protocol> {
    cfg: Arc<Config>,
    now: u64,
    nodes: Vec<Node<P>>,
    agenda: BTreeMap<(u64, u64), Due<P>>,
    seq: u64,
    flights: Flights<P>,
    queues: Vec<VecDeque<Queued<P>>>,
    /// How many messages each node holds taken from its queue and not yet acknowledged (the
    /// broker hands out up to the scenario's `prefetch` at a time).
    taken: Vec<u32>,
    next_msg: u32,
    rng: Rng,
    drop_ppm: u32,
    /// Partition group of each node; all zero when healed.
    groups: Vec<u8>,
    work: VecDeque<Work<P>>,
    /// Matches counted so far per scripted fault, and whether it has fired.
    script: Vec<(u32, bool)>,
    /// How many `BeforeEvent` and `After` faults have not fired yet (most steps need not look).
    pending_before: usize,
    pending_after: usize,
    events: u64,
    /// How much of the forced schedule has happened.
    scheduled: usize,
    monitor: Monitor,
}

/// How many scripted faults have a trigger of the kind `is`.
fn count(cfg: &Config, is: impl Fn(&Trigger) -> bool) -> usize {
    cfg.faults.iter().filter(|f| is(&f.when)).count()
}

impl<P: Protocol> World<P> {
    pub fn new(cfg: Arc<Config>) -> Self {
        let n = cfg.setup.roster.len();
        let nodes = cfg
            .setup
            .roster
            .ids()
            .map(|id| {
                let (phase, mem) = P::boot(&cfg.setup, id);
                Node {
                    up: true,
                    phase,
                    mem,
                    log: Vec::new(),
                    timers: BTreeMap::new(),
                }
            })
            .collect();
        let mut w = World {
            now: 0,
            nodes,
            agenda: BTreeMap::new(),
            seq: 0,
            flights: Flights::default(),
            queues: vec![VecDeque::new(); n],
            taken: vec![0; n],
            next_msg: 0,
            rng: Rng::new(cfg.seed),
            drop_ppm: cfg.drop_ppm,
            groups: vec![0; n],
            work: VecDeque::new(),
            script: vec![(0, false); cfg.faults.len()],
            pending_before: count(&cfg, |t| matches!(t, Trigger::BeforeEvent(_))),
            pending_after: count(&cfg, |t| matches!(t, Trigger::After(_))),
            events: 0,
            scheduled: 0,
            monitor: Monitor::new(&cfg.setup),
            cfg,
        };
        w.schedule(0, Due::Begin);
        for i in 0..w.cfg.faults.len() {
            if let Trigger::At(t) = w.cfg.faults[i].when {
                w.schedule(t, Due::Fault(i));
            }
        }
        w
    }

    /// Swaps in a configuration whose fault script extends this one's (a hand-made fault was
    /// added). Faults timed by the clock must not be added this way.
    pub fn extend_script(&mut self, cfg: Arc<Config>) {
        debug_assert!(cfg.faults.starts_with(&self.cfg.faults));
        for f in &cfg.faults[self.cfg.faults.len()..] {
            match f.when {
                Trigger::BeforeEvent(_) => self.pending_before += 1,
                Trigger::After(_) => self.pending_after += 1,
                Trigger::At(_) => {}
            }
        }
        self.script.resize(cfg.faults.len(), (0, false));
        self.cfg = cfg;
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }
    pub fn now(&self) -> u64 {
        self.now
    }
    pub fn nodes(&self) -> &[Node<P>] {
        &self.nodes
    }
    pub fn flights(&self) -> &Flights<P> {
        &self.flights
    }
    pub fn queues(&self) -> &[VecDeque<Queued<P>>] {
        &self.queues
    }
    pub fn monitor(&self) -> &Monitor {
        &self.monitor
    }
    /// How many events have happened.
    pub fn events(&self) -> u64 {
        self.events
    }
    pub fn groups(&self) -> &[u8] {
        &self.groups
    }
    pub fn drop_ppm(&self) -> u32 {
        self.drop_ppm
    }

    /// Whether `a` and `b` can talk now: both up and on the same side of any partition.
    pub fn reachable(&self, a: NodeId, b: NodeId) -> bool {
        self.nodes[a.index()].up
            && self.nodes[b.index()].up
            && self.groups[a.index()] == self.groups[b.index()]
    }

    /// Live nodes that are in doubt and that nobody they can reach is able to help.
    pub fn blocked(&self) -> Vec<NodeId> {
        let roster = &self.cfg.setup.roster;
        let standing = |id: NodeId| {
            let n = &self.nodes[id.index()];
            P::standing(roster.role(id), n.phase, &n.mem)
        };
        roster
            .ids()
            .filter(|&me| {
                let s = standing(me);
                self.nodes[me.index()].up
                    && s.in_doubt
                    && !s.can_resolve
                    && !roster
                        .ids()
                        .any(|o| o != me && self.reachable(me, o) && standing(o).can_resolve)
            })
            .collect()
    }

    /// Every node up and decided, and nothing left to do.
    pub fn terminated(&self) -> bool {
        self.work.is_empty()
            && self.agenda.is_empty()
            && self
                .nodes
                .iter()
                .all(|n| n.up && n.phase.decision().is_some())
    }

    /// Whether nothing more can ever happen (the agenda is empty).
    pub fn quiet(&self) -> bool {
        self.work.is_empty() && self.agenda.is_empty()
    }

    fn schedule(&mut self, at: u64, due: Due<P>) {
        self.seq += 1;
        self.agenda.insert((at, self.seq), due);
    }

    fn latency(&mut self) -> u64 {
        let (lo, hi) = self.cfg.latency;
        self.rng.between(lo, hi)
    }

    /// Advances by one event, or returns `None` when nothing is left before `max_time_ms`.
    pub fn step(&mut self) -> Option<Stamped<P>> {
        loop {
            if let Some(ev) = self.fire_before_event() {
                return Some(self.record(ev));
            }
            if let Some(work) = self.work.pop_front() {
                if let Some(ev) = self.do_work(work) {
                    return Some(self.record(ev));
                }
                continue;
            }
            if let Some(ev) = self.next_scheduled() {
                match ev {
                    Some(ev) => return Some(self.record(ev)),
                    None => continue,
                }
            }
            let (&(at, seq), _) = self.agenda.first_key_value()?;
            if at > self.cfg.max_time_ms {
                return None;
            }
            let due = self.agenda.remove(&(at, seq)).expect("key just seen");
            // After a forced schedule the clock may be ahead of what is left on the agenda.
            self.now = self.now.max(at);
            if let Some(ev) = self.do_due(due) {
                return Some(self.record(ev));
            }
        }
    }

    /// Carries out the next step of the forced schedule, once the run has begun. `None` when there
    /// is none; `Some(None)` when the step happened without an event of its own (or could not
    /// happen: a schedule that does not fit the run is skipped over, not obeyed half-way).
    fn next_scheduled(&mut self) -> Option<Option<Event<P>>> {
        if self.scheduled >= self.cfg.schedule.len()
            || matches!(self.agenda.first_key_value(), Some((_, Due::Begin)))
        {
            return None;
        }
        let step = self.cfg.schedule[self.scheduled].clone();
        self.scheduled += 1;
        Some(match step {
            config::Scheduled::Choose(c) => {
                let Some(key) = self.find_choice(&c) else {
                    return Some(None);
                };
                let due = self.agenda.remove(&key).expect("key just found");
                self.now = self.now.max(key.0);
                self.do_due(due)
            }
            config::Scheduled::Inflict(f) => self.apply_fault(f, None),
        })
    }

    /// A hand-made fault placed before the next event fires now.
    fn fire_before_event(&mut self) -> Option<Event<P>> {
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

    fn record(&mut self, event: Event<P>) -> Stamped<P> {
        let index = self.events;
        self.monitor
            .observe(index, &event, &self.nodes, &self.cfg.setup);
        self.events += 1;
        self.match_script(&event);
        self.settle();
        Stamped {
            time: self.now,
            event,
        }
    }

    /// Carries out the timer effects queued next: they make no event of their own, and leaving
    /// them for the next step would make the world after an event depend on whether anything
    /// else was asked of it.
    fn settle(&mut self) {
        while let Some(Work::Effect(_, Effect::SetTimer(_) | Effect::CancelTimer(_))) =
            self.work.front()
        {
            let work = self.work.pop_front().expect("front just seen");
            self.do_work(work);
        }
    }

    /// Queues the scripted faults whose pattern this event completes.
    fn match_script(&mut self, event: &Event<P>) {
        if self.pending_after == 0 {
            return;
        }
        for i in 0..self.cfg.faults.len() {
            let Trigger::After(p) = &self.cfg.faults[i].when else {
                continue;
            };
            if self.script[i].1
                || p.kind.is_some_and(|k| k != event.kind())
                || p.node.is_some_and(|n| Some(n) != event.node())
                || p.peer.is_some_and(|n| Some(n) != event.peer())
                || p.label.is_some_and(|l| Some(l) != event.label())
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

    fn do_due(&mut self, due: Due<P>) -> Option<Event<P>> {
        match due {
            Due::Begin => {
                for id in self.cfg.setup.roster.clone().ids() {
                    self.handle(id, Input::Begin);
                }
                Some(Event::Begin)
            }
            Due::Arrive(id, at) => self.arrive(id, at),
            Due::Fire(node, timer, gen) => {
                let n = &mut self.nodes[node.index()];
                if !n.up || n.timers.get(&timer).map(|k| k.1) != Some(gen) {
                    return None;
                }
                n.timers.remove(&timer);
                self.handle(node, Input::Timer(timer));
                Some(Event::Timer { node, timer })
            }
            Due::Fault(i) => {
                self.script[i].1 = true;
                let fault = self.cfg.faults[i].fault.clone();
                self.apply_fault(fault, None)
            }
            Due::Wake(node) => {
                self.pump(node);
                None
            }
        }
    }

    /// Runs the protocol's handler and queues its effects.
    fn handle(&mut self, id: NodeId, input: Input<P>) {
        let mut out = Out::default();
        let node = &mut self.nodes[id.index()];
        P::handle(
            Local {
                me: id,
                setup: &self.cfg.setup,
                phase: node.phase,
                log: &node.log,
                mem: &mut node.mem,
            },
            input,
            &mut out,
        );
        self.work
            .extend(out.drain().map(|effect| Work::Effect(id, effect)));
    }

    fn do_work(&mut self, work: Work<P>) -> Option<Event<P>> {
        match work {
            Work::Note(event) => Some(event),
            Work::Fault(fault, msg) => self.apply_fault(fault, msg),
            Work::Ack(node, id) => {
                let q = &mut self.queues[node.index()];
                let at = q.iter().position(|m| m.id == id && m.unacked)?;
                q.remove(at);
                self.taken[node.index()] -= 1;
                self.pump(node);
                Some(Event::Ack { id, node })
            }
            Work::Effect(node, effect) => self.apply_effect(node, effect),
        }
    }

    fn apply_effect(&mut self, id: NodeId, effect: Effect<P>) -> Option<Event<P>> {
        let node = &mut self.nodes[id.index()];
        match effect {
            Effect::Persist(record) => {
                node.log.push(record.clone());
                Some(Event::Persist { node: id, record })
            }
            Effect::Become(to) => {
                let from = std::mem::replace(&mut node.phase, to);
                (from != to).then_some(Event::Become { node: id, from, to })
            }
            Effect::SetTimer(timer) => {
                let at = self.now + self.cfg.timeouts.of(timer.class());
                self.seq += 1;
                let key = (at, self.seq);
                if let Some(old) = node.timers.insert(timer, key) {
                    self.agenda.remove(&old);
                }
                self.agenda.insert(key, Due::Fire(id, timer, key.1));
                None
            }
            Effect::CancelTimer(timer) => {
                if let Some(old) = node.timers.remove(&timer) {
                    self.agenda.remove(&old);
                }
                None
            }
            Effect::Send { to, msg } => Some(self.send(id, to, msg)),
        }
    }

    fn send(&mut self, from: NodeId, to: NodeId, msg: P::Msg) -> Event<P> {
        let id = MsgId(self.next_msg);
        self.next_msg += 1;
        let hop = match self.cfg.transport {
            Transport::Queue => Hop::ToBroker,
            Transport::Lossy => Hop::Direct,
        };
        let doomed = self.rng.chance_ppm(self.drop_ppm);
        let arrive_at = self.now + self.latency();
        self.flights.insert(
            id,
            Flight {
                from,
                to,
                msg: msg.clone(),
                hop,
                sent_at: self.now,
                arrive_at,
                doomed,
                redelivered: false,
            },
        );
        self.schedule(arrive_at, Due::Arrive(id, arrive_at));
        Event::Send { id, from, to, msg }
    }

    fn arrive(&mut self, id: MsgId, at: u64) -> Option<Event<P>> {
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
                self.queues[f.to.index()].push_back(Queued {
                    id,
                    from: f.from,
                    msg: f.msg,
                    unacked: false,
                    redelivered: false,
                    hold_until: 0,
                });
                self.pump(f.to);
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
            Hop::ToConsumer => {
                let ev = self.deliver(id, f.clone());
                self.work.push_back(Work::Ack(f.to, id));
                Some(ev)
            }
        }
    }

    fn deliver(&mut self, id: MsgId, f: Flight<P>) -> Event<P> {
        self.handle(
            f.to,
            Input::Deliver {
                from: f.from,
                msg: f.msg.clone(),
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

    /// Hands the next deliverable messages in `node`'s queue to it, if it is up, up to the
    /// prefetch count (one at a time by default).
    fn pump(&mut self, node: NodeId) {
        if self.cfg.transport != Transport::Queue || !self.nodes[node.index()].up {
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
            let groups = &self.groups;
            let Some(at) = self.queues[node.index()].iter().position(|m| {
                !m.unacked && m.hold_until <= now && groups[m.from.index()] == groups[node.index()]
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
                msg: m.msg.clone(),
                hop: Hop::ToConsumer,
                sent_at: now,
                arrive_at,
                doomed: false,
                redelivered: m.redelivered,
            };
            let id = m.id;
            self.taken[node.index()] += 1;
            self.flights.insert(id, flight);
            self.schedule(arrive_at, Due::Arrive(id, arrive_at));
        }
    }

    /// Applies a fault; `trigger_msg` is the message of the event that triggered it, if any.
    fn apply_fault(&mut self, fault: Fault, trigger_msg: Option<MsgId>) -> Option<Event<P>> {
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
                let n = &mut self.nodes[node.index()];
                if n.up {
                    return None;
                }
                n.up = true;
                let (phase, mem) = P::boot(&self.cfg.setup, node);
                n.phase = phase;
                n.mem = mem;
                self.handle(node, Input::Recover);
                self.pump(node);
                Some(Event::Recover { node })
            }
            Fault::Partition(groups) => {
                self.groups = groups;
                let roster = &self.cfg.setup.roster;
                let mut sides: BTreeMap<u8, Vec<NodeId>> = BTreeMap::new();
                for id in roster.ids() {
                    sides.entry(self.groups[id.index()]).or_default().push(id);
                }
                Some(Event::Partition {
                    groups: sides.into_values().collect(),
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
        let n = &mut self.nodes[node.index()];
        n.up = false;
        for key in std::mem::take(&mut n.timers).into_values() {
            self.agenda.remove(&key);
        }
        // Effects not yet carried out die with the node; so does an acknowledgement not yet sent.
        self.work.retain(|w| match w {
            Work::Effect(id, _) | Work::Ack(id, _) => *id != node,
            Work::Fault(..) | Work::Note(_) => true,
        });
        // Whatever it took from its queue without acknowledging goes back, to be redelivered.
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
    fn remove_message(&mut self, id: MsgId) -> bool {
        let mut found = false;
        if let Some(f) = self.flights.remove(&id) {
            found = true;
            self.unschedule_arrival(id);
            if f.hop == Hop::ToConsumer {
                self.queues[f.to.index()].retain(|m| m.id != id);
                self.taken[f.to.index()] -= 1;
                self.work
                    .retain(|w| !matches!(w, Work::Ack(_, m) if *m == id));
                self.pump(f.to);
            }
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
    fn unschedule_arrival(&mut self, id: MsgId) {
        self.agenda
            .retain(|_, due| !matches!(due, Due::Arrive(m, _) if *m == id));
    }

    fn duplicate(&mut self, id: MsgId) -> Option<MsgId> {
        let copy = MsgId(self.next_msg);
        if let Some(f) = self.flights.get(&id) {
            let mut f = f.clone();
            if f.hop == Hop::ToConsumer {
                // Already taken from the queue: the copy waits in the queue behind it.
                let q = &mut self.queues[f.to.index()];
                let at = q.iter().position(|m| m.id == id)?;
                let mut m = q[at].clone();
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
            let mut m = q[at].clone();
            m.id = copy;
            m.unacked = false;
            q.insert(at + 1, m);
        }
        self.next_msg += 1;
        Some(copy)
    }

    fn delay(&mut self, id: MsgId, by_ms: u64) -> bool {
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
                m.hold_until = now + by_ms;
                self.schedule(now + by_ms, Due::Wake(NodeId(q as u8)));
                return true;
            }
        }
        false
    }
}
