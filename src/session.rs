//! A run you can travel in: the whole trace up to a horizon, a cursor anywhere in it, and
//! hand-made faults that become part of the scenario.
//!
//! Seeking restores the nearest snapshot before the target's last event (one every
//! [`SNAPSHOT_EVERY`] events) and replays from there, so the event right before the cursor is
//! always replayed and what it dropped is known; determinism makes the replay exact.

use crate::model::{Decision, Label, MsgId, NodeId, Role, Roster, Tone};
use crate::protocol::Protocol;
use crate::scenario::{FaultSpec, Scenario, ScenarioError};
use crate::sim::{Config, DropReason, Event, Hop, Stamped, Violation, World};
use serde::Serialize;
use std::sync::Arc;

pub const SNAPSHOT_EVERY: usize = 1024;

/// A run of one scenario with a cursor.
pub struct Session<P: Protocol> {
    scenario: Scenario,
    cfg: Arc<Config>,
    /// The world after `cursor` events.
    world: World<P>,
    trace: Vec<Stamped<P>>,
    /// `snapshots[k]` is the world before event `k * SNAPSHOT_EVERY`.
    snapshots: Vec<World<P>>,
    max_events: usize,
    /// The message the last event applied made vanish, if it was a drop (see [`Run::vanished`]).
    vanished: Option<Vanished>,
}

impl<P: Protocol> Session<P> {
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
    fn run_from(&mut self, mut world: World<P>) -> World<P> {
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

    pub fn world(&self) -> &World<P> {
        &self.world
    }
    pub fn trace(&self) -> &[Stamped<P>] {
        &self.trace
    }
    pub fn cursor(&self) -> usize {
        self.world.events() as usize
    }

    /// The latest snapshot taken at or before event `index` (a run cut at the event limit on a
    /// multiple of [`SNAPSHOT_EVERY`] has no snapshot at its very end).
    fn snapshot_before(&self, index: usize) -> &World<P> {
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

    /// Every message in flight or queued at the cursor.
    fn message_views(&self) -> Vec<MessageView> {
        use crate::protocol::Message as _;
        let flights = self.world.flights();
        let mut out: Vec<MessageView> = Vec::new();
        for (i, q) in self.world.queues().iter().enumerate() {
            // A message on its way from the broker is still unacknowledged in its queue: it is
            // shown on the link only.
            for (position, m) in q
                .iter()
                .enumerate()
                .filter(|(_, m)| !flights.contains_key(&m.id))
            {
                out.push(MessageView {
                    id: m.id,
                    from: m.from,
                    to: NodeId(i as u8),
                    label: m.msg.label(),
                    tone: m.msg.tone(),
                    place: Place::Queue {
                        position,
                        unacked: m.unacked,
                    },
                    redelivered: m.redelivered,
                });
            }
        }
        out.extend(flights.iter().map(|(id, f)| MessageView {
            id,
            from: f.from,
            to: f.to,
            label: f.msg.label(),
            tone: f.msg.tone(),
            place: Place::Link {
                hop: match f.hop {
                    Hop::ToBroker => "to_broker",
                    Hop::ToConsumer => "to_consumer",
                    Hop::Direct => "direct",
                },
                sent_at: f.sent_at,
                arrive_at: f.arrive_at,
            },
            redelivered: f.redelivered,
        }));
        out
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
}

/// A node as the views show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeView {
    pub id: NodeId,
    pub name: String,
    pub role: Role,
    pub up: bool,
    pub state: &'static str,
    pub decision: Option<Decision>,
    pub blocked: bool,
    pub in_doubt: bool,
    pub log: Vec<&'static str>,
    pub timers: Vec<&'static str>,
    /// The node's volatile memory, field by field (see [`Protocol::memory`]).
    pub memory: Vec<crate::protocol::MemoryField>,
}

/// Where a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "at")]
pub enum Place {
    /// On a link: from the sender to the broker, from the broker to the consumer, or straight.
    Link {
        hop: &'static str,
        sent_at: u64,
        arrive_at: u64,
    },
    /// Waiting in the receiver's queue, at this position (0 = head).
    Queue { position: usize, unacked: bool },
}

/// A message the event right before the cursor made vanish.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Vanished {
    /// The message as it was just before.
    pub message: MessageView,
    /// Why.
    pub reason: DropReason,
    /// When it vanished (virtual ms).
    pub time: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MessageView {
    pub id: MsgId,
    pub from: NodeId,
    pub to: NodeId,
    pub label: &'static str,
    pub tone: Tone,
    pub place: Place,
    pub redelivered: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventView {
    pub index: usize,
    pub time: u64,
    pub kind: &'static str,
    pub node: Option<NodeId>,
    pub peer: Option<NodeId>,
    pub msg: Option<MsgId>,
    pub label: Option<&'static str>,
    pub tone: Option<Tone>,
    /// Everything the event says, without the protocol's types (what sentences are made of).
    pub facts: crate::i18n::EventFacts,
    /// The event as an English sentence.
    pub text: String,
}

/// A run seen without its protocol's types: what the CLI, the app and lessons use.
pub trait Run {
    fn scenario(&self) -> &Scenario;
    fn roster(&self) -> &Roster;
    /// Events in the recorded run.
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Events applied so far (the cursor sits after them).
    fn cursor(&self) -> usize;
    /// Virtual time at the cursor.
    fn now(&self) -> u64;
    fn seek(&mut self, index: usize);
    fn inject(&mut self, fault: FaultSpec) -> Result<(), ScenarioError>;
    fn event(&self, index: usize) -> Option<EventView>;
    fn nodes(&self) -> Vec<NodeView>;
    fn messages(&self) -> Vec<MessageView>;
    /// The message that the event right before the cursor dropped or lost, as it was just
    /// before (where the picture shows it vanish); `None` if that event was no drop.
    fn vanished(&self) -> Option<&Vanished>;
    /// Violations found up to the cursor.
    fn violations(&self) -> &[Violation];
    fn terminated(&self) -> bool;
    /// Nothing more would happen after the cursor.
    fn quiet(&self) -> bool;
    /// The partition side of each node (all equal when healed).
    fn groups(&self) -> Vec<u8>;
}

impl<P: Protocol> Run for Session<P> {
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
        let s = self.trace.get(index)?;
        let e = &s.event;
        Some(EventView {
            index,
            time: s.time,
            kind: e.kind(),
            node: e.node(),
            peer: e.peer(),
            msg: e.msg_id(),
            label: e.label(),
            tone: e.tone(),
            facts: crate::i18n::EventFacts::from(e),
            text: e.sentence(self.roster()),
        })
    }
    fn nodes(&self) -> Vec<NodeView> {
        let blocked = self.world.blocked();
        let roster = self.roster();
        self.world
            .nodes()
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let id = NodeId(i as u8);
                let standing = P::standing(roster.role(id), n.phase, &n.mem);
                NodeView {
                    id,
                    name: roster.name(id).to_string(),
                    role: roster.role(id),
                    up: n.up,
                    state: n.phase.label(),
                    decision: n.decision(),
                    blocked: blocked.contains(&id),
                    in_doubt: n.up && standing.in_doubt,
                    log: n.log.iter().map(|r| r.label()).collect(),
                    timers: n.timers.keys().map(|t| t.label()).collect(),
                    memory: P::memory(roster.role(id), &n.mem),
                }
            })
            .collect()
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
    fn terminated(&self) -> bool {
        self.world.terminated()
    }
    fn quiet(&self) -> bool {
        self.world.quiet()
    }
    fn groups(&self) -> Vec<u8> {
        self.world.groups().to_vec()
    }
}

/// Opens a player on a checked scenario (used through [`crate::protocol::Entry`]).
pub fn open<P: Protocol>(scenario: &Scenario, cfg: Config, max_events: usize) -> Box<dyn Run> {
    Box::new(Session::<P>::new(scenario.clone(), cfg, max_events))
}

/// Checks a scenario and opens a player on it, with the cursor at the end of the run.
pub fn start(scenario: &Scenario, max_events: usize) -> Result<Box<dyn Run>, ScenarioError> {
    let entry = scenario.entry()?;
    let cfg = scenario.compile()?;
    Ok((entry.open)(scenario, cfg, max_events))
}
