//! A run you can travel in: the whole trace up to a horizon, a cursor anywhere in it, and
//! hand-made faults that become part of the scenario.
//!
//! Seeking restores the nearest snapshot before the target's last event (one every
//! [`SNAPSHOT_EVERY`] events) and replays from there, so the event right before the cursor is
//! always replayed and what it dropped is known; determinism makes the replay exact.

mod messages;
mod views;

pub use views::{
    EventView, MessageView, Money, NodeView, Place, RowValue, RowView, Run, TableView, Vanished,
};

use crate::i18n::{Lang, Words};
use crate::model::sentence::EventWords;
use crate::model::{Code, Codes, Event, Labels, Named, NodeId, Roster, Stamped, Translate};
use crate::protocol::watch::{Invariant, Violation};
use crate::protocol::{Engine, Sort, Waiting};
use crate::scenario::{FaultSpec, Scenario, ScenarioError};
use crate::sim::{Config, World};
use std::sync::Arc;

pub const SNAPSHOT_EVERY: usize = 1024;

/// A protocol's codes as labels.
pub struct Namer<'a>(pub &'a dyn Engine);

impl Translate<Codes, Labels> for Namer<'_> {
    fn msg(&self, m: Code) -> Named {
        self.0.named(Sort::Msg, m)
    }
    fn timer(&self, t: Code) -> Named {
        self.0.named(Sort::Timer, t)
    }
    fn record(&self, r: Code) -> Named {
        self.0.named(Sort::Record, r)
    }
    fn phase(&self, p: Code) -> Named {
        self.0.named(Sort::Phase, p)
    }
    fn txn(&self, t: Code) -> Named {
        self.0.named(Sort::Txn, t)
    }
}

/// A run of one scenario with a cursor.
pub struct Session {
    scenario: Scenario,
    cfg: Arc<Config>,
    /// The world after `cursor` events.
    world: World,
    trace: Vec<Stamped<Codes>>,
    /// `snapshots[k]` is the world before event `k * SNAPSHOT_EVERY`.
    snapshots: Vec<World>,
    max_events: usize,
    /// The message the last event applied made vanish, if it was a drop (see [`Run::vanished`]).
    vanished: Option<Vanished>,
}

impl Session {
    /// Runs the scenario to its end (nothing left to happen, its time limit, or `max_events`)
    /// and leaves the cursor there.
    pub fn new(scenario: Scenario, cfg: Config, max_events: usize) -> Self {
        let cfg = Arc::new(cfg);
        let world = World::new(cfg.clone());
        let mut s = Session {
            scenario,
            cfg,
            world: world.clone(),
            trace: Vec::new(),
            snapshots: Vec::new(),
            max_events,
            vanished: None,
        };
        s.run_from(world);
        // The cursor world is the one right after the last event, exactly as a seek leaves it
        // (the final `step` that found nothing more may have looked further ahead).
        let end = s.trace.len();
        s.world = s.snapshot_before(end.saturating_sub(1)).clone();
        s.seek(end);
        s
    }

    /// Records the run from `world` (which must be at the end of the trace) to the horizon and
    /// returns the final world.
    fn run_from(&mut self, mut world: World) -> World {
        while self.trace.len() < self.max_events {
            if self.trace.len().is_multiple_of(SNAPSHOT_EVERY) {
                self.snapshots.push(world.clone());
            }
            match world.step() {
                Some(e) => self.trace.push(e),
                None => break,
            }
        }
        world
    }

    pub fn world(&self) -> &World {
        &self.world
    }
    pub fn trace(&self) -> &[Stamped<Codes>] {
        &self.trace
    }
    pub fn cursor(&self) -> usize {
        self.world.events() as usize
    }
    /// The recorded run in the values of its protocol `P` (which must be the scenario's).
    pub fn trace_as<P: crate::protocol::Protocol>(&self) -> Vec<Stamped<P>> {
        let decode = crate::protocol::engine::Decode::<P>::NEW;
        self.trace
            .iter()
            .map(|s| Stamped {
                time: s.time,
                event: s.event.map(&decode),
            })
            .collect()
    }
    pub fn engine(&self) -> &'static dyn Engine {
        self.cfg.engine
    }

    /// The latest snapshot taken at or before event `index` (a run cut at the event limit on a
    /// multiple of [`SNAPSHOT_EVERY`] has no snapshot at its very end).
    fn snapshot_before(&self, index: usize) -> &World {
        let k = (index / SNAPSHOT_EVERY).min(self.snapshots.len() - 1);
        &self.snapshots[k]
    }

    /// Moves the cursor to just after `index` events (clamped to the trace).
    pub fn seek(&mut self, index: usize) {
        let target = index.min(self.trace.len());
        let here = self.cursor();
        if target == here {
            return;
        }
        if target < here || target - here > SNAPSHOT_EVERY {
            // From before `target - 1`, so that the event right before the cursor is applied
            // here and what it made vanish is known.
            self.world = self.snapshot_before(target.saturating_sub(1)).clone();
            self.vanished = None;
        }
        while self.cursor() + 1 < target {
            self.world.step();
        }
        if self.cursor() < target {
            self.apply_next();
        }
    }

    /// Applies the event at the cursor, noting first the message it drops, if it drops one.
    fn apply_next(&mut self) {
        let next = self.cursor();
        self.vanished = match self.trace.get(next) {
            Some(Stamped {
                time,
                event: Event::Drop { id, reason },
            }) => self
                .message_views()
                .into_iter()
                .find(|m| m.id == *id)
                .map(|message| Vanished {
                    message,
                    reason: *reason,
                    time: *time,
                }),
            _ => None,
        };
        self.world.step();
    }

    /// Adds a fault that fires right here, before the next event, and re-runs what follows.
    pub fn inject(&mut self, mut fault: FaultSpec) -> Result<(), ScenarioError> {
        let here = self.cursor();
        fault.at_ms = None;
        fault.after = None;
        fault.before_event = Some(here as u64);
        let mut scenario = self.scenario.clone();
        scenario.faults.push(fault);
        let cfg = Arc::new(scenario.compile()?);
        self.scenario = scenario;
        self.cfg = cfg.clone();
        self.trace.truncate(here);
        self.snapshots.truncate(here / SNAPSHOT_EVERY + 1);
        for s in &mut self.snapshots {
            s.extend_script(cfg.clone());
        }
        self.world.extend_script(cfg);
        // Snapshot `here / SNAPSHOT_EVERY` may be exactly at the cursor: `run_from` would push
        // it again.
        if here.is_multiple_of(SNAPSHOT_EVERY) {
            self.snapshots.pop();
        }
        let start = self.world.clone();
        self.run_from(start);
        Ok(())
    }

    /// The event at `index` in labels.
    fn labelled(&self, index: usize) -> Option<(u64, Event<Labels>)> {
        let s = self.trace.get(index)?;
        Some((s.time, s.event.map(&Namer(self.cfg.engine))))
    }

    fn words<'a>(&'a self, event: &'a Event<Labels>, index: usize, lang: Lang) -> EventWords<'a> {
        let what = match &self.trace[index].event {
            Event::Commit { txn, .. } => self.cfg.engine.txn_words(&self.cfg.setup, *txn, lang),
            _ => None,
        };
        EventWords {
            event,
            roster: &self.cfg.setup.roster,
            what,
        }
    }
}

impl Run for Session {
    fn scenario(&self) -> &Scenario {
        &self.scenario
    }
    fn roster(&self) -> &Roster {
        &self.cfg.setup.roster
    }
    fn len(&self) -> usize {
        self.trace.len()
    }
    fn cursor(&self) -> usize {
        Session::cursor(self)
    }
    fn now(&self) -> u64 {
        self.world.now()
    }
    fn seek(&mut self, index: usize) {
        Session::seek(self, index)
    }
    fn inject(&mut self, fault: FaultSpec) -> Result<(), ScenarioError> {
        Session::inject(self, fault)
    }
    fn event(&self, index: usize) -> Option<EventView> {
        let (time, facts) = self.labelled(index)?;
        let raw = &self.trace[index].event;
        let tone = match raw {
            Event::Send { msg, .. } | Event::Deliver { msg, .. } => {
                Some(self.cfg.engine.tone(*msg))
            }
            _ => None,
        };
        let outcome = match raw {
            Event::Become { to, .. } => self.cfg.engine.phase_outcome(*to),
            _ => None,
        };
        let text = self.words(&facts, index, Lang::En).say(Lang::En);
        Some(EventView {
            index,
            time,
            kind: facts.kind(),
            node: facts.node(),
            peer: facts.peer(),
            msg: facts.msg_id(),
            label: facts.label(),
            tone,
            outcome,
            text,
            facts,
        })
    }
    fn sentence(&self, index: usize, lang: Lang) -> Option<String> {
        let (_, facts) = self.labelled(index)?;
        Some(self.words(&facts, index, lang).say(lang))
    }
    fn nodes(&self) -> Vec<NodeView> {
        let blocked = self.world.blocked();
        let stuck = self.world.stuck();
        let engine = self.cfg.engine;
        let setup = &self.cfg.setup;
        let roster = self.roster();
        self.world
            .nodes()
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let id = NodeId(i as u8);
                let role = roster.role(id);
                let standing = engine.standing(role, n);
                let tables = engine
                    .tables()
                    .iter()
                    .enumerate()
                    .filter_map(|(t, def)| {
                        let rows: Vec<RowView> =
                            n.db.rows(t as u8)
                                .map(|(key, value)| RowView {
                                    key: engine.row_key(setup, t as u8, key),
                                    value: RowValue::of(def.value, value),
                                })
                                .collect();
                        (!rows.is_empty()).then_some(TableView {
                            name: def.name,
                            rows,
                        })
                    })
                    .collect();
                NodeView {
                    id,
                    name: roster.name(id).to_string(),
                    role,
                    up: n.up,
                    state: engine.named(Sort::Phase, n.phase).label,
                    decision: engine.outcome(n),
                    blocked: blocked.contains(&id),
                    in_doubt: n.up && standing.waiting == Waiting::InDoubt,
                    pending: n.up && standing.waiting == Waiting::Pending,
                    stuck: stuck.contains(&id),
                    log: n
                        .log
                        .iter()
                        .map(|r| engine.named(Sort::Record, *r).text())
                        .collect(),
                    timers: self
                        .world
                        .timers(id)
                        .map(|t| engine.named(Sort::Timer, t).text())
                        .collect(),
                    memory: engine.memory(role, n),
                    tables,
                }
            })
            .collect()
    }
    fn money(&self) -> Option<Money> {
        let tables = self.cfg.engine.tables();
        let total = |w: &World| crate::protocol::db::money(tables, w.nodes().iter().map(|n| &n.db));
        Some(Money {
            start: total(self.snapshots.first()?)?,
            end: total(&self.world)?,
        })
    }
    fn messages(&self) -> Vec<MessageView> {
        self.message_views()
    }
    fn vanished(&self) -> Option<&Vanished> {
        self.vanished.as_ref()
    }
    fn violations(&self) -> &[Violation] {
        self.world.monitor().violations()
    }
    fn invariants(&self) -> &'static [Invariant] {
        self.world.monitor().invariants()
    }
    fn terminated(&self) -> bool {
        self.world.terminated()
    }
    fn quiet(&self) -> bool {
        self.world.quiet()
    }
    fn groups(&self) -> Vec<u8> {
        self.world.groups().to_vec()
    }
    fn machine(&self, role: crate::model::Role) -> crate::protocol::Machine {
        self.cfg.engine.machine(role)
    }
}

/// Checks a scenario and opens a player on it, with the cursor at the end of the run.
pub fn start(scenario: &Scenario, max_events: usize) -> Result<Box<dyn Run>, ScenarioError> {
    let cfg = scenario.compile()?;
    Ok(Box::new(Session::new(scenario.clone(), cfg, max_events)))
}
