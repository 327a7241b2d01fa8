//! The simulated world: nodes, timers, the agenda of what is due, the work queued between
//! steps and the invariant monitor, advanced one event at a time by [`World::step`].
//!
//! Messages and the broker live in [`transport`], faults in [`faults`], the scripted faults'
//! triggers in [`script`], the blocking analysis in
//! [`standing`] and free scheduling (the explorer's and forced schedules') in [`choice`].

mod choice;
mod faults;
mod flights;
mod packed;
mod script;
mod standing;
mod timers;
mod transport;

pub use choice::{Choice, Fnv};
pub use flights::Flights;
pub use packed::Packer;
pub use transport::{Flight, Queued};

use script::count;

use super::config::{self, Config, Fault, Trigger};
use super::monitor::Monitor;
use super::rng::Rng;
use crate::model::{Code, Codes, Event, MsgId, NodeId, Stamped};
use crate::protocol::{Effect, Input, Node};
use crate::sorted::SortedMap;
use std::collections::VecDeque;
use std::sync::Arc;

/// When a timer fires, as its agenda key (time, sequence number).
type Key = (u64, u64);

/// Things scheduled on the agenda.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Due {
    Begin,
    Arrive(MsgId, u64),
    Fire(NodeId, Code, u64),
    Fault(usize),
    /// A delay on a queued message ran out: try to hand the queue's next message over.
    Wake(NodeId),
}

/// Work queued between steps: it runs before anything on the agenda.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Work {
    Effect(NodeId, Effect<Codes>),
    /// The broker puts a message straight into a queue (one its own node sent).
    Enqueue(MsgId),
    Fault(Fault, Option<MsgId>),
    Note(Event<Codes>),
    /// The broker's node has handled message `id` that `from` sent it asking for a confirm
    /// (queued after the broker's own effects: a confirm means its logic ran, a half message is
    /// stored, say).
    Confirm {
        id: MsgId,
        from: NodeId,
        msg: Code,
    },
}

#[derive(Clone, Debug)]
pub struct World {
    cfg: Arc<Config>,
    now: u64,
    nodes: Vec<Node>,
    /// Each node's armed timers, with the agenda key of their firing.
    timers: timers::Timers,
    agenda: SortedMap<Key, Due>,
    seq: u64,
    flights: Flights,
    queues: Vec<VecDeque<Queued>>,
    /// How many messages each node holds taken from its queue and not yet acknowledged (the
    /// broker hands out up to the scenario's `prefetch` at a time).
    taken: Vec<u32>,
    /// Messages the broker's own node sent, waiting for [`Work::Enqueue`].
    outbox: Vec<(MsgId, Queued, NodeId)>,
    next_msg: u32,
    rng: Rng,
    drop_ppm: u32,
    /// Partition group of each node; all zero when healed.
    groups: Vec<u8>,
    work: VecDeque<Work>,
    /// Matches counted so far per scripted fault, and whether it has fired.
    script: Vec<(u32, bool)>,
    /// How many `BeforeEvent` and `After` faults have not fired yet (most steps need not look).
    pending_before: usize,
    pending_after: usize,
    events: u64,
    /// How much of the forced schedule has happened.
    scheduled: usize,
    /// A crash armed inside the next step: this node crashes right after the given number of
    /// its own events (so a crash can fall between a step's effects when steps are chosen).
    crash_in: Option<(NodeId, u32)>,
    monitor: Monitor,
}

/// Two worlds are equal when everything in them is, their scenario's compiled configuration
/// aside (shared, and the same for worlds of one run).
impl PartialEq for World {
    fn eq(&self, o: &Self) -> bool {
        self.now == o.now
            && self.nodes == o.nodes
            && self.timers == o.timers
            && self.agenda == o.agenda
            && self.seq == o.seq
            && self.flights == o.flights
            && self.queues == o.queues
            && self.taken == o.taken
            && self.outbox == o.outbox
            && self.next_msg == o.next_msg
            && self.rng == o.rng
            && self.drop_ppm == o.drop_ppm
            && self.groups == o.groups
            && self.work == o.work
            && self.script == o.script
            && self.pending_before == o.pending_before
            && self.pending_after == o.pending_after
            && self.events == o.events
            && self.scheduled == o.scheduled
            && self.crash_in == o.crash_in
            && self.monitor == o.monitor
    }
}

impl World {
    pub fn new(cfg: Arc<Config>) -> Self {
        let n = cfg.setup.roster.len();
        let nodes = cfg
            .setup
            .roster
            .ids()
            .map(|id| {
                let (phase, mem) = cfg.engine.boot(&cfg.setup, id);
                Node {
                    up: true,
                    phase,
                    mem,
                    log: Vec::new(),
                    db: cfg.engine.opening(&cfg.setup, id),
                }
            })
            .collect();
        let mut w = World {
            now: 0,
            nodes,
            timers: timers::Timers::default(),
            agenda: SortedMap::new(),
            seq: 0,
            flights: Flights::default(),
            queues: vec![VecDeque::new(); n],
            taken: vec![0; n],
            outbox: Vec::new(),
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
            crash_in: None,
            monitor: Monitor::new(cfg.engine.watch(&cfg.setup)),
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
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }
    /// The timers `node` has armed, by code, in order.
    pub fn timers(&self, node: NodeId) -> impl Iterator<Item = Code> + '_ {
        self.timers.of(node)
    }
    pub fn flights(&self) -> &Flights {
        &self.flights
    }
    pub fn queues(&self) -> &[VecDeque<Queued>] {
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

    fn schedule(&mut self, at: u64, due: Due) {
        self.seq += 1;
        self.agenda.insert((at, self.seq), due);
    }

    /// Advances by one event, or returns `None` when nothing is left before `max_time_ms`.
    pub fn step(&mut self) -> Option<Stamped<Codes>> {
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
    fn next_scheduled(&mut self) -> Option<Option<Event<Codes>>> {
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
            config::Scheduled::CrashWithin(node, after) => {
                self.crash_in = Some((node, after));
                None
            }
        })
    }

    fn record(&mut self, event: Event<Codes>) -> Stamped<Codes> {
        let index = self.events;
        self.monitor.observe(index, &event, &self.nodes);
        self.events += 1;
        self.match_script(&event);
        if let Some((node, left)) = self.crash_in {
            if left > 0 && event.node() == Some(node) {
                if left <= 1 {
                    // Only a crash that leaves some of the step's effects undone is a crash
                    // inside it; otherwise it stays armed at 0, spent on nothing.
                    let undone = self
                        .work
                        .iter()
                        .any(|w| matches!(w, Work::Effect(n, _) if *n == node));
                    if undone {
                        self.crash_in = None;
                        self.work.push_front(Work::Fault(Fault::Crash(node), None));
                    } else {
                        self.crash_in = Some((node, 0));
                    }
                } else {
                    self.crash_in = Some((node, left - 1));
                }
            }
        }
        self.settle();
        // Quiet for the invariants too: no message waits in a queue either (one waiting for a
        // crashed consumer is still on its way).
        if self.quiet() && self.queues.iter().all(|q| q.is_empty()) {
            self.monitor.quiet(index, &self.nodes);
        }
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

    fn do_due(&mut self, due: Due) -> Option<Event<Codes>> {
        match due {
            Due::Begin => {
                for id in self.cfg.setup.roster.clone().ids() {
                    self.handle(id, Input::Begin);
                }
                Some(Event::Begin)
            }
            Due::Arrive(id, at) => self.arrive(id, at),
            Due::Fire(node, timer, gen) => {
                let i = node.index();
                if !self.nodes[i].up || self.timers.get(node, timer).map(|k| k.1) != Some(gen) {
                    return None;
                }
                self.timers.remove(node, timer);
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
    fn handle(&mut self, id: NodeId, input: Input<Codes>) {
        let mut effects = Vec::new();
        let cfg = &self.cfg;
        cfg.engine.handle(
            &cfg.setup,
            id,
            &mut self.nodes[id.index()],
            input,
            &mut effects,
        );
        self.work
            .extend(effects.into_iter().map(|effect| Work::Effect(id, effect)));
    }

    fn do_work(&mut self, work: Work) -> Option<Event<Codes>> {
        match work {
            Work::Note(event) => Some(event),
            Work::Fault(fault, msg) => self.apply_fault(fault, msg),
            Work::Enqueue(id) => self.enqueue_own(id),
            Work::Effect(node, effect) => self.apply_effect(node, effect),
            Work::Confirm { id, from, msg } => self.confirm_own(id, from, msg),
        }
    }

    fn apply_effect(&mut self, id: NodeId, effect: Effect<Codes>) -> Option<Event<Codes>> {
        let node = &mut self.nodes[id.index()];
        match effect {
            Effect::Persist(record) => {
                node.log.push(record);
                Some(Event::Persist { node: id, record })
            }
            Effect::Commit(txn, writes) => {
                node.db.apply(&writes);
                Some(Event::Commit { node: id, txn })
            }
            Effect::Become(to) => {
                let from = std::mem::replace(&mut node.phase, to);
                (from != to).then_some(Event::Become { node: id, from, to })
            }
            Effect::SetTimer(timer) => {
                let at = self.now + self.cfg.engine.delay(&self.cfg.setup, timer);
                self.seq += 1;
                let key = (at, self.seq);
                if let Some(old) = self.timers.insert(id, timer, key) {
                    self.agenda.remove(&old);
                }
                self.agenda.insert(key, Due::Fire(id, timer, key.1));
                None
            }
            Effect::CancelTimer(timer) => {
                if let Some(old) = self.timers.remove(id, timer) {
                    self.agenda.remove(&old);
                }
                None
            }
            Effect::Send { to, msg, confirm } => Some(self.send(id, to, msg, confirm)),
            Effect::Ack(msg) => self.ack(id, msg),
        }
    }
}
