//! The app's model: one [`State`], one [`Action`] enum, one reducer that calls into the
//! session. No HTML here, and no protocol logic: the session decides what happens; this file
//! only moves the cursor, injects faults and keeps the UI's own flags.

use crate::model::{MsgId, NodeId};
use crate::presets;
use crate::scenario::{FaultKind, FaultSpec, Scenario};
use crate::session::{self, EventView, Place, Run};
use crate::view::{self, eventlog, status};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::Reducible;

/// The longest run the app records.
pub const HORIZON: usize = 20_000;
/// Playback speed, as log10 of virtual milliseconds per real second, times ten.
pub const SPEED_MIN: i32 = 0;
pub const SPEED_MAX: i32 = 30;
pub const SPEED_DEFAULT: i32 = 13;
/// While no message is on a link, virtual time runs this much faster.
pub const IDLE_FACTOR: f64 = 8.0;
/// At most this many events per playback tick.
const MAX_STEPS_PER_TICK: usize = 200;
/// Marks of one kind closer than this fraction of the scrubber merge (a mark is ~2% wide).
const TIMELINE_GAP: f64 = 0.02;
/// The preset the app opens with.
pub const FIRST_PRESET: &str = "2pc-happy";

/// A shared handle on the session: the reducer mutates it, the renderers read it.
#[derive(Clone)]
pub struct Shared(pub Rc<RefCell<Box<dyn Run>>>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The recorded events, compared by identity (a new recording is a new `Rc`).
#[derive(Clone, Default)]
pub struct Events(pub Rc<Vec<EventView>>);

impl PartialEq for Events {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What a hand-made action is aimed at: the message or node menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Message(MsgId),
    Node(NodeId),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Play,
    Pause,
    TogglePlay,
    /// Real milliseconds since the last tick.
    Tick(f64),
    Step,
    StepBack,
    Seek(usize),
    SetSpeed(i32),
    Faster,
    Slower,
    /// A hand-made fault, injected at the cursor.
    Inject(FaultSpec),
    /// Back to the scenario without hand-made faults, cursor at the start.
    Reset,
    LoadPreset(String),
    SetScenario(Scenario),
    /// A scenario as JSON (pasted).
    LoadJson(String),
    /// A share link's fragment (`v1=...`, see [`crate::share`]): its scenario at its cursor.
    OpenLink(String),
    Select(Option<NodeId>),
    OpenMenu(Option<Target>),
    /// Add or remove a node from the side to cut off.
    TogglePick(NodeId),
    /// Cut the picked nodes off from the rest.
    Split,
    Heal,
    SetLogFilter(eventlog::Filter),
    ToggleHelp,
    /// Close menus and overlays.
    Escape,
    Error(String),
    DismissError,
    SetReducedMotion(bool),
}

#[derive(Clone)]
pub struct State {
    pub run: Option<Shared>,
    /// The scenario without hand-made faults.
    pub base: Scenario,
    pub preset: Option<String>,
    pub events: Events,
    /// Events that broke an invariant, over the whole recording.
    pub violations: Rc<Vec<u64>>,
    pub marks: Rc<Vec<status::TimeMark>>,
    /// Events applied.
    pub cursor: usize,
    /// Virtual time shown: at or after the last event applied, before the next.
    pub clock: f64,
    pub playing: bool,
    pub speed: i32,
    pub selected: Option<NodeId>,
    pub menu: Option<Target>,
    pub picked: BTreeSet<NodeId>,
    pub log_filter: eventlog::Filter,
    pub help: bool,
    pub error: Option<String>,
    /// What the live region says (the event just stepped over, the fault just made).
    pub announce: String,
    pub reduced_motion: bool,
}

impl Default for State {
    fn default() -> Self {
        let base = presets::preset(FIRST_PRESET).unwrap_or_else(|_| Scenario::new("2pc", 3));
        State::open(base, Some(FIRST_PRESET.to_string()))
    }
}

impl State {
    /// A state showing `scenario` from its first event, or an error and no run.
    pub fn open(scenario: Scenario, preset: Option<String>) -> State {
        let mut s = State {
            run: None,
            base: scenario.clone(),
            preset,
            events: Events::default(),
            violations: Rc::default(),
            marks: Rc::default(),
            cursor: 0,
            clock: 0.0,
            playing: false,
            speed: SPEED_DEFAULT,
            selected: Some(NodeId(0)),
            menu: None,
            picked: BTreeSet::new(),
            log_filter: eventlog::Filter::default(),
            help: false,
            error: None,
            announce: String::new(),
            reduced_motion: false,
        };
        match session::start(&scenario, HORIZON) {
            Ok(run) => {
                s.run = Some(Shared(Rc::new(RefCell::new(run))));
                s.record();
                s.seek(0);
            }
            Err(e) => s.error = Some(format!("This scenario cannot run: {e}")),
        }
        s
    }

    /// Keeps the settings of `self` that outlive a scenario (speed, motion, filter).
    fn reopen(&self, scenario: Scenario, preset: Option<String>) -> State {
        let mut s = State::open(scenario, preset);
        s.speed = self.speed;
        s.reduced_motion = self.reduced_motion;
        s.log_filter.hide_bookkeeping = self.log_filter.hide_bookkeeping;
        s.announce = format!("Loaded {} events", s.len());
        s
    }

    /// A share link's fragment for what is on screen: the scenario with its hand-made faults,
    /// and the cursor.
    pub fn link(&self) -> Option<String> {
        let run = self.run.as_ref()?;
        let r = run.0.try_borrow().ok()?;
        let link = crate::share::Link {
            scenario: r.scenario().clone(),
            cursor: Some(self.cursor),
            ..crate::share::Link::default()
        };
        Some(link.to_fragment())
    }

    pub fn len(&self) -> usize {
        self.events.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.0.is_empty()
    }

    /// Virtual milliseconds per real second.
    pub fn speed_ms_per_s(&self) -> f64 {
        speed_of(self.speed)
    }

    /// Re-reads the recording after the run changed: events, violations, timeline marks.
    fn record(&mut self) {
        let Some(run) = &self.run else { return };
        let Ok(mut r) = run.0.try_borrow_mut() else {
            return;
        };
        let events = view::events(r.as_ref());
        let here = r.cursor();
        r.seek(events.len());
        let violations: Vec<u64> = r.violations().iter().map(|v| v.event).collect();
        r.seek(here);
        self.marks = Rc::new(status::timeline(&events, &violations, TIMELINE_GAP));
        self.violations = Rc::new(violations);
        self.events = Events(Rc::new(events));
    }

    /// Moves the cursor (clamped) and the clock to its time.
    fn seek(&mut self, index: usize) {
        let Some(run) = &self.run else { return };
        let Ok(mut r) = run.0.try_borrow_mut() else {
            return;
        };
        let index = index.min(r.len());
        r.seek(index);
        self.cursor = index;
        self.clock = r.now() as f64;
    }

    /// The sentence the live region reads after a step.
    fn tell(&mut self) {
        self.announce = match self
            .cursor
            .checked_sub(1)
            .and_then(|i| self.events.0.get(i))
        {
            Some(e) => format!(
                "Event {} of {} at {} ms: {}",
                e.index + 1,
                self.len(),
                e.time,
                e.text
            ),
            None => format!("Start of the run, {} events", self.len()),
        };
    }

    fn node_name(&self, id: NodeId) -> Option<String> {
        let run = self.run.as_ref()?;
        let r = run.0.try_borrow().ok()?;
        let roster = r.roster();
        (id.index() < roster.len()).then(|| roster.name(id).to_string())
    }

    /// Whether some message is on a link (the clock runs slower then).
    fn traffic(&self) -> bool {
        let Some(run) = &self.run else { return false };
        let Ok(r) = run.0.try_borrow() else {
            return false;
        };
        r.messages()
            .iter()
            .any(|m| matches!(m.place, Place::Link { .. }))
    }

    fn tick(&mut self, real_ms: f64) {
        if !self.playing {
            return;
        }
        let factor = if self.traffic() { 1.0 } else { IDLE_FACTOR };
        let dt = real_ms.clamp(0.0, 250.0) / 1000.0 * self.speed_ms_per_s() * factor;
        self.clock += dt;
        let mut target = self.cursor;
        let events = self.events.0.clone();
        while target < events.len()
            && (events[target].time as f64) <= self.clock
            && target - self.cursor < MAX_STEPS_PER_TICK
        {
            target += 1;
        }
        let clock = self.clock;
        if target >= events.len() {
            self.seek(events.len());
            self.playing = false;
            self.tell();
            return;
        }
        if target != self.cursor {
            self.seek(target);
        }
        // Never run ahead of the next event's time.
        let next = events[target].time as f64;
        self.clock = clock.min(next).max(self.clock);
    }

    fn inject(&mut self, fault: FaultSpec) {
        let Some(run) = self.run.clone() else { return };
        let result = match run.0.try_borrow_mut() {
            Ok(mut r) => {
                r.seek(self.cursor);
                r.inject(fault)
            }
            Err(_) => return,
        };
        match result {
            Err(e) => self.error = Some(format!("That fault cannot be made: {e}")),
            Ok(()) => {
                self.record();
                // Show the fault happen: step over it if it is the next event.
                let next = self.events.0.get(self.cursor).map(|e| e.kind);
                if matches!(
                    next,
                    Some(
                        "drop" | "duplicate" | "delay" | "crash" | "recover" | "partition" | "heal"
                    )
                ) {
                    self.seek(self.cursor + 1);
                    self.tell();
                } else {
                    self.seek(self.cursor);
                    self.announce = "Nothing happened: the fault had no effect here".into();
                }
            }
        }
    }
}

/// Virtual milliseconds per real second at speed step `s`.
pub fn speed_of(s: i32) -> f64 {
    10f64.powf(s.clamp(SPEED_MIN, SPEED_MAX) as f64 / 10.0)
}

/// A hand-made fault of `kind` on message `msg`.
pub fn message_fault(kind: FaultKind, msg: MsgId, by_ms: Option<u64>) -> FaultSpec {
    FaultSpec {
        fault: Some(kind),
        msg: Some(msg.0),
        by_ms,
        ..FaultSpec::default()
    }
}

/// A hand-made crash or recovery of the node called `name`.
pub fn node_fault(kind: FaultKind, name: &str) -> FaultSpec {
    FaultSpec {
        fault: Some(kind),
        node: Some(name.to_string()),
        ..FaultSpec::default()
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Play => {
                if s.cursor >= s.len() {
                    s.seek(0);
                }
                s.playing = s.run.is_some();
                s.menu = None;
            }
            Action::Pause => {
                if !s.playing {
                    return self;
                }
                s.playing = false;
            }
            Action::TogglePlay => {
                let next = if s.playing {
                    Action::Pause
                } else {
                    Action::Play
                };
                return self.reduce(next);
            }
            Action::Tick(ms) => {
                if !s.playing {
                    return self;
                }
                s.tick(ms);
            }
            Action::Step => {
                s.playing = false;
                s.seek(s.cursor + 1);
                s.tell();
            }
            Action::StepBack => {
                s.playing = false;
                s.seek(s.cursor.saturating_sub(1));
                s.tell();
            }
            Action::Seek(i) => {
                s.seek(i);
                s.tell();
            }
            Action::SetSpeed(v) => s.speed = v.clamp(SPEED_MIN, SPEED_MAX),
            Action::Faster => s.speed = (s.speed + 2).min(SPEED_MAX),
            Action::Slower => s.speed = (s.speed - 2).max(SPEED_MIN),
            Action::Inject(f) => {
                s.menu = None;
                s.inject(f);
            }
            Action::Reset => {
                let mut n = s.reopen(s.base.clone(), s.preset.clone());
                n.selected = s.selected;
                n.announce = "Reset: back to the start, hand-made faults removed".into();
                return Rc::new(n);
            }
            Action::LoadPreset(name) => match presets::preset(&name) {
                Ok(sc) => return Rc::new(s.reopen(sc, Some(name))),
                Err(e) => s.error = Some(e.to_string()),
            },
            Action::SetScenario(sc) => match sc.check() {
                Ok(()) => return Rc::new(s.reopen(sc, None)),
                Err(e) => s.error = Some(format!("Not applied: {e}")),
            },
            Action::LoadJson(text) => match Scenario::from_json(&text) {
                Ok(sc) => return Rc::new(s.reopen(sc, None)),
                Err(e) => s.error = Some(format!("Not loaded: {e}")),
            },
            Action::OpenLink(text) => match crate::share::Link::from_fragment(&text) {
                Ok(link) => {
                    let mut n = s.reopen(link.scenario, None);
                    n.seek(link.cursor.unwrap_or(0));
                    n.tell();
                    return Rc::new(n);
                }
                Err(e) => {
                    s.error = Some(format!(
                        "This link cannot be opened: {}",
                        e.message(crate::i18n::Lang::En)
                    ))
                }
            },
            Action::Select(n) => s.selected = n,
            Action::OpenMenu(t) => {
                s.menu = t;
                if let Some(Target::Node(n)) = t {
                    s.selected = Some(n);
                }
            }
            Action::TogglePick(n) => {
                if !s.picked.remove(&n) {
                    s.picked.insert(n);
                }
                s.menu = None;
            }
            Action::Split => {
                let names: Vec<String> = s.picked.iter().filter_map(|&n| s.node_name(n)).collect();
                if names.is_empty() {
                    s.error = Some(
                        "Pick the nodes to cut off first (click a node, then “Pick for partition”)"
                            .into(),
                    );
                } else {
                    s.picked.clear();
                    s.inject(FaultSpec {
                        fault: Some(FaultKind::Partition),
                        groups: Some(vec![names]),
                        ..FaultSpec::default()
                    });
                }
            }
            Action::Heal => s.inject(FaultSpec {
                fault: Some(FaultKind::Heal),
                ..FaultSpec::default()
            }),
            Action::SetLogFilter(f) => s.log_filter = f,
            Action::ToggleHelp => s.help = !s.help,
            Action::Escape => {
                if !s.help && s.menu.is_none() && s.error.is_none() {
                    return self;
                }
                s.help = false;
                s.menu = None;
                s.error = None;
            }
            Action::Error(e) => s.error = Some(e),
            Action::DismissError => s.error = None,
            Action::SetReducedMotion(on) => s.reduced_motion = on,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests;
