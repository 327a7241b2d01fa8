//! The app's model: one [`State`], one [`Action`] enum, one reducer that calls into the
//! session. No HTML here, and no protocol logic: the session decides what happens; this file
//! only moves the cursor, injects faults and keeps the UI's own flags.

use crate::i18n::{self, Lang, Words};
use crate::lessons::{self, Progress, Resolved, ResolvedStep, Source};
use crate::model::{EventKind, MsgId, NodeId};
use crate::presets;
use crate::scenario::{FaultKind, FaultSpec, Scenario};
use crate::session::{self, EventView, Place, Run};
use crate::share::Embed;
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
    /// The interface language; event sentences are re-rendered in it.
    SetLang(Lang),
    /// Open a lesson (by id) at the step its saved progress remembers.
    OpenLesson(String),
    LeaveLesson,
    /// Back to the open lesson's own run (without hand-made faults), at the same step.
    LessonOwnRun,
    /// Go to step `i` of the open lesson.
    LessonStep(usize),
    /// Answer the open step's checkpoint with a choice id; the run then plays on to the reveal.
    Answer(String),
    /// Lesson progress read from storage.
    LoadProgress(Progress),
    /// A run file's text (see [`crate::export`]).
    Import(String),
    ToggleEmbedDialog,
}

/// The lesson being followed: which one, where its steps fall in the run, and the step shown.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonRun {
    pub lesson: &'static lessons::Lesson,
    /// Where each step falls in the run shown: `None` for a step whose moment no longer happens
    /// as the lesson tells it, in a run the learner changed (see [`lessons::follow`]).
    pub steps: Rc<Vec<Option<ResolvedStep>>>,
    /// The run is not the lesson's own: it has hand-made faults.
    pub changed: bool,
    pub step: usize,
}

impl LessonRun {
    /// Where step `i` falls, if it happens in the run shown.
    pub fn at(&self, i: usize) -> Option<ResolvedStep> {
        self.steps.get(i).copied().flatten()
    }
}

/// A checkpoint just answered, for the embedding page (see `docs/embed.md`).
#[derive(Clone, Debug, PartialEq)]
pub struct Answered {
    pub lesson: &'static str,
    pub step: usize,
    pub choice: String,
    pub correct: bool,
    /// Counts answers, so that answering the same twice is still news.
    pub serial: u32,
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
    pub lang: Lang,
    pub lesson: Option<LessonRun>,
    pub progress: Rc<Progress>,
    pub answered: Option<Answered>,
    /// Playback stops when the cursor reaches this (a checkpoint's reveal, the next lesson
    /// step); the lesson step to show on arrival, if any.
    pub until: Option<(usize, Option<usize>)>,
    /// Playback at a fixed number of events per second (an embed's `speed=`), instead of
    /// following virtual time.
    pub rate: Option<f64>,
    /// Fraction of an event owed by rate playback.
    pub owed: f64,
    /// How an embedded player looks (`embed=1` in its link).
    pub embed: Option<Embed>,
    pub embed_dialog: bool,
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
        State::open_in(scenario, preset, Lang::En)
    }

    /// [`State::open`], speaking `lang`.
    pub fn open_in(scenario: Scenario, preset: Option<String>, lang: Lang) -> State {
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
            lang,
            lesson: None,
            progress: Rc::new(Progress::default()),
            answered: None,
            until: None,
            rate: None,
            owed: 0.0,
            embed: None,
            embed_dialog: false,
        };
        match session::start(&scenario, HORIZON) {
            Ok(run) => {
                s.run = Some(Shared(Rc::new(RefCell::new(run))));
                s.record();
                s.seek(0);
            }
            Err(e) => {
                s.error = Some(i18n::tf(
                    s.lang,
                    "ui.cannot_run",
                    &[("error", &e.say(s.lang))],
                ))
            }
        }
        s
    }

    /// Whether faults and edits are refused (an embed with `ro=1`).
    pub fn read_only(&self) -> bool {
        self.embed.as_ref().is_some_and(|e| e.read_only)
    }

    /// Keeps the settings of `self` that outlive a scenario (speed, motion, filter).
    fn reopen(&self, scenario: Scenario, preset: Option<String>) -> State {
        let mut s = State::open_in(scenario, preset, self.lang);
        s.speed = self.speed;
        s.reduced_motion = self.reduced_motion;
        s.log_filter.hide_bookkeeping = self.log_filter.hide_bookkeeping;
        s.progress = self.progress.clone();
        s.answered = self.answered.clone();
        s.rate = self.rate;
        s.embed = self.embed.clone();
        s.announce = i18n::tf(s.lang, "ui.loaded", &[("n", &s.len().to_string())]);
        s
    }

    /// A share link's fragment for what is on screen: the scenario with its hand-made faults,
    /// and the cursor.
    pub fn link(&self) -> Option<String> {
        Some(self.share()?.to_fragment())
    }

    /// What a share link carries for what is on screen.
    pub fn share(&self) -> Option<crate::share::Link> {
        let run = self.run.as_ref()?;
        let r = run.0.try_borrow().ok()?;
        Some(crate::share::Link {
            scenario: r.scenario().clone(),
            cursor: Some(self.cursor),
            lesson: self.lesson.as_ref().map(|l| l.lesson.id.to_string()),
            step: self.lesson.as_ref().map(|l| l.step),
            lang: Some(self.lang),
            embed: self.embed.clone(),
        })
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
        let mut events = view::events(r.as_ref());
        if self.lang != Lang::En {
            for e in &mut events {
                if let Some(text) = r.sentence(e.index, self.lang) {
                    e.text = text;
                }
            }
        }
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
            Some(e) => i18n::tf(
                self.lang,
                "ui.event_announce",
                &[
                    ("index", &(e.index + 1).to_string()),
                    ("total", &self.len().to_string()),
                    ("ms", &e.time.to_string()),
                    ("text", &e.text),
                ],
            ),
            None => i18n::tf(
                self.lang,
                "ui.run_start",
                &[("total", &self.len().to_string())],
            ),
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
        let stop = self.until.map_or(usize::MAX, |u| u.0).min(self.len());
        if let Some(rate) = self.rate {
            self.owed += real_ms.clamp(0.0, 250.0) / 1000.0 * rate;
            let n = self.owed.floor();
            self.owed -= n;
            let target = (self.cursor + n as usize).min(stop);
            if target != self.cursor {
                self.seek(target);
                self.tell();
            }
            if self.cursor >= stop {
                self.arrive();
            }
            return;
        }
        if self.cursor >= stop {
            self.arrive();
            return;
        }
        let factor = if self.traffic() { 1.0 } else { IDLE_FACTOR };
        let dt = real_ms.clamp(0.0, 250.0) / 1000.0 * self.speed_ms_per_s() * factor;
        self.clock += dt;
        let mut target = self.cursor;
        let events = self.events.0.clone();
        while target < stop
            && (events[target].time as f64) <= self.clock
            && target - self.cursor < MAX_STEPS_PER_TICK
        {
            target += 1;
        }
        let clock = self.clock;
        if target >= stop {
            self.seek(stop);
            self.arrive();
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

    /// Playback reached its stop: pause, and show the lesson step it was heading for.
    fn arrive(&mut self) {
        self.playing = false;
        if let Some((_, Some(step))) = self.until.take() {
            self.show_step(step, false);
        }
    }

    /// Shows step `index` of the open lesson (clamped); with `seek`, moves the cursor to it.
    fn show_step(&mut self, index: usize, seek: bool) {
        let Some(l) = &self.lesson else { return };
        let lesson = l.lesson;
        let mut progress = (*self.progress).clone();
        let index = progress.go_to(lesson, index);
        let cursor = l.at(index).map(|st| st.cursor());
        self.progress = Rc::new(progress);
        if let Some(l) = &mut self.lesson {
            l.step = index;
        }
        if !seek {
            return;
        }
        self.playing = false;
        self.until = None;
        match cursor {
            Some(c) => {
                self.seek(c);
                self.tell();
            }
            // The step's moment is gone from this run: stay where we are, and say so.
            None => self.announce = i18n::t(self.lang, "lesson.ui.gone").into(),
        }
    }

    /// Where the lesson's steps fall in the current run.
    fn resolve(&self, lesson: &'static lessons::Lesson) -> Option<Resolved> {
        let run = self.run.as_ref()?;
        let mut r = run.0.try_borrow_mut().ok()?;
        let here = r.cursor();
        let resolved = lessons::resolve(lesson, &mut **r).ok();
        r.seek(here);
        resolved
    }

    /// Where the lesson's steps fall in the current run, which the learner changed.
    fn follow(&self, lesson: &'static lessons::Lesson) -> Option<Vec<Option<ResolvedStep>>> {
        let run = self.run.as_ref()?;
        let mut r = run.0.try_borrow_mut().ok()?;
        let here = r.cursor();
        let steps = lessons::follow(lesson, &mut **r);
        r.seek(here);
        Some(steps)
    }

    /// After a hand-made fault in a lesson: the steps follow the changed run.
    fn refollow(&mut self) {
        let Some(lesson) = self.lesson.as_ref().map(|l| l.lesson) else {
            return;
        };
        let Some(steps) = self.follow(lesson) else {
            return;
        };
        if let Some(l) = &mut self.lesson {
            l.steps = Rc::new(steps);
            l.changed = true;
        }
        self.until = None;
    }

    /// A state following `lesson` on `scenario` at `step` (the saved step if `None`). The
    /// scenario is the lesson's own if `None`; the lesson's own with hand-made faults gives a
    /// changed run whose steps follow it ([`lessons::follow`]); any other scenario is used if it
    /// plays the lesson's events, else the lesson's own.
    fn open_lesson(
        &self,
        lesson: &'static lessons::Lesson,
        scenario: Option<Scenario>,
        step: Option<usize>,
    ) -> Result<State, String> {
        let own = lesson.scenario().map_err(|e| e.message(self.lang))?;
        let given = scenario.unwrap_or_else(|| own.clone());
        let faulted = given != own && without_hand_made_faults(&given) == own;
        let mut n = self.reopen(given, None);
        let placed = if faulted {
            n.follow(lesson)
        } else {
            n.resolve(lesson)
                .map(|r| r.steps.into_iter().map(Some).collect())
        };
        let (steps, changed) = match placed {
            Some(steps) => (steps, faulted),
            None => {
                n = self.reopen(own, None);
                let r = n.resolve(lesson).ok_or_else(|| {
                    i18n::tf(self.lang, "error.lesson.unknown", &[("lesson", lesson.id)])
                })?;
                (r.steps.into_iter().map(Some).collect(), false)
            }
        };
        if let Source::Preset(name) = lesson.source {
            n.preset = Some(name.to_string());
        }
        let mut progress = (*self.progress).clone();
        let saved = progress.open(lesson);
        n.progress = Rc::new(progress);
        n.lesson = Some(LessonRun {
            lesson,
            steps: Rc::new(steps),
            changed,
            step: 0,
        });
        n.show_step(step.unwrap_or(saved), true);
        Ok(n)
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
            Err(e) => {
                self.error = Some(i18n::tf(
                    self.lang,
                    "ui.cannot_inject",
                    &[("error", &e.say(self.lang))],
                ))
            }
            Ok(()) => {
                self.record();
                self.refollow();
                // Show the fault happen: step over it if it is the next event.
                let next = self.events.0.get(self.cursor).map(|e| e.kind);
                if matches!(
                    next,
                    Some(
                        EventKind::Drop
                            | EventKind::Duplicate
                            | EventKind::Delay
                            | EventKind::Crash
                            | EventKind::Recover
                            | EventKind::Partition
                            | EventKind::Heal
                    )
                ) {
                    self.seek(self.cursor + 1);
                    self.tell();
                } else {
                    self.seek(self.cursor);
                    self.announce = i18n::t(self.lang, "ui.nothing_happened").into();
                }
            }
        }
    }
}

/// Virtual milliseconds per real second at speed step `s`.
pub fn speed_of(s: i32) -> f64 {
    10f64.powf(s.clamp(SPEED_MIN, SPEED_MAX) as f64 / 10.0)
}

/// `scenario` without the faults made by hand in the player (those pinned to an event).
pub fn without_hand_made_faults(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    s.faults.retain(|f| f.before_event.is_none());
    s
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
                // In a lesson, play on to the next step and stop there.
                if s.until.is_none() {
                    if let Some(l) = &s.lesson {
                        let cursor = s.cursor;
                        s.until = l
                            .steps
                            .iter()
                            .position(|st| st.is_some_and(|st| st.cursor() > cursor))
                            .and_then(|i| Some((l.at(i)?.cursor(), Some(i))));
                    }
                }
            }
            Action::Pause => {
                if !s.playing {
                    return self;
                }
                s.playing = false;
                s.until = None;
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
                s.until = None;
                s.seek(s.cursor + 1);
                s.tell();
            }
            Action::StepBack => {
                s.playing = false;
                s.until = None;
                s.seek(s.cursor.saturating_sub(1));
                s.tell();
            }
            Action::Seek(i) => {
                // Playing on to a reveal or the next lesson step is the app's own motion: a
                // seek takes the run over from it, so the player stops where it was sent.
                if s.until.take().is_some() {
                    s.playing = false;
                }
                s.seek(i);
                s.tell();
            }
            Action::SetSpeed(v) => s.speed = v.clamp(SPEED_MIN, SPEED_MAX),
            Action::Faster => s.speed = (s.speed + 2).min(SPEED_MAX),
            Action::Slower => s.speed = (s.speed - 2).max(SPEED_MIN),
            Action::Inject(_)
            | Action::Split
            | Action::Heal
            | Action::TogglePick(_)
            | Action::SetScenario(_)
            | Action::LoadPreset(_)
            | Action::OpenMenu(Some(_))
                if s.read_only() =>
            {
                return self
            }
            Action::Inject(f) => {
                s.menu = None;
                s.inject(f);
            }
            Action::Reset => {
                let mut n = s.reopen(s.base.clone(), s.preset.clone());
                n.selected = s.selected;
                n.announce = i18n::t(s.lang, "ui.reset_done").into();
                if let Some(l) = &s.lesson {
                    if let Ok(mut m) = s.open_lesson(l.lesson, None, Some(0)) {
                        m.announce = n.announce;
                        return Rc::new(m);
                    }
                }
                return Rc::new(n);
            }
            Action::LoadPreset(name) => match presets::preset(&name) {
                Ok(sc) => return Rc::new(s.reopen(sc, Some(name))),
                Err(e) => s.error = Some(e.say(s.lang)),
            },
            Action::SetScenario(sc) => match sc.check() {
                Ok(()) => return Rc::new(s.reopen(sc, None)),
                Err(e) => {
                    s.error = Some(i18n::tf(
                        s.lang,
                        "ui.not_applied",
                        &[("error", &e.say(s.lang))],
                    ))
                }
            },
            Action::LoadJson(text) => match Scenario::from_json(&text) {
                Ok(sc) => return Rc::new(s.reopen(sc, None)),
                Err(e) => {
                    s.error = Some(i18n::tf(
                        s.lang,
                        "ui.not_loaded",
                        &[("error", &e.say(s.lang))],
                    ))
                }
            },
            Action::OpenLink(text) => match crate::share::Link::from_fragment(&text) {
                Ok(link) => {
                    if let Some(lang) = link.lang {
                        s.lang = lang;
                    }
                    if let Some(e) = &link.embed {
                        s.rate = e.speed.filter(|v| *v > 0.0);
                        s.embed = Some(e.clone());
                    }
                    let start = link.embed.as_ref().and_then(|e| e.start_step);
                    let autoplay = link.embed.as_ref().is_some_and(|e| e.autoplay);
                    let lesson = link.lesson.as_deref().and_then(lessons::find);
                    let mut n = match lesson {
                        Some(l) => s
                            .open_lesson(l, Some(link.scenario.clone()), start.or(link.step))
                            .unwrap_or_else(|e| {
                                let mut n = s.reopen(link.scenario.clone(), None);
                                n.error = Some(e);
                                n
                            }),
                        None => s.reopen(link.scenario, None),
                    };
                    if let (None, Some(c)) = (start, link.cursor) {
                        n.seek(c);
                        n.tell();
                    }
                    if autoplay {
                        return Rc::new(n).reduce(Action::Play);
                    }
                    return Rc::new(n);
                }
                Err(e) => {
                    s.error = Some(i18n::tf(
                        s.lang,
                        "ui.bad_link",
                        &[("error", &e.message(s.lang))],
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
                    s.error = Some(i18n::t(s.lang, "ui.pick_first").into());
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
                if !s.help && s.menu.is_none() && s.error.is_none() && !s.embed_dialog {
                    return self;
                }
                s.help = false;
                s.menu = None;
                s.error = None;
                s.embed_dialog = false;
            }
            Action::Error(e) => s.error = Some(e),
            Action::DismissError => s.error = None,
            Action::SetReducedMotion(on) => s.reduced_motion = on,
            Action::SetLang(lang) => {
                if lang == s.lang {
                    return self;
                }
                s.lang = lang;
                s.record();
                s.tell();
            }
            Action::OpenLesson(id) => match lessons::find(&id) {
                Some(l) => match s.open_lesson(l, None, None) {
                    Ok(n) => return Rc::new(n),
                    Err(e) => s.error = Some(e),
                },
                None => {
                    s.error = Some(i18n::tf(s.lang, "error.lesson.unknown", &[("lesson", &id)]))
                }
            },
            Action::LessonOwnRun => {
                let Some(l) = &s.lesson else { return self };
                match s.open_lesson(l.lesson, None, Some(l.step)) {
                    Ok(n) => return Rc::new(n),
                    Err(e) => s.error = Some(e),
                }
            }
            Action::LeaveLesson => {
                s.lesson = None;
                s.until = None;
                let mut p = (*s.progress).clone();
                p.current = None;
                s.progress = Rc::new(p);
            }
            Action::LessonStep(i) => {
                if s.lesson.is_none() {
                    return self;
                }
                s.show_step(i, true);
            }
            Action::Answer(choice) => {
                let Some(l) = s.lesson.clone() else {
                    return self;
                };
                // A checkpoint whose moment is gone from the changed run asks nothing.
                let Some(placed) = l.at(l.step) else {
                    return self;
                };
                let mut p = (*s.progress).clone();
                let Some(correct) = p.answer(l.lesson, l.step, &choice) else {
                    return self;
                };
                s.progress = Rc::new(p);
                s.answered = Some(Answered {
                    lesson: l.lesson.id,
                    step: l.step,
                    choice,
                    correct,
                    serial: s.answered.as_ref().map_or(0, |a| a.serial.wrapping_add(1)),
                });
                // Observe: play on to the event that shows the answer.
                let reveal = placed.reveal_cursor();
                if let Some(r) = reveal.filter(|r| *r > s.cursor) {
                    s.until = Some((r, None));
                    s.playing = true;
                    s.menu = None;
                } else if let Some(r) = reveal {
                    s.seek(r);
                    s.tell();
                }
            }
            Action::LoadProgress(p) => {
                let resume = p.current_lesson().filter(|_| s.lesson.is_none());
                s.progress = Rc::new(p);
                // A returning learner finds their lesson where they left it.
                if let Some(l) = resume {
                    if let Ok(n) = s.open_lesson(l, None, None) {
                        return Rc::new(n);
                    }
                }
            }
            Action::Import(text) => match crate::export::import(&text) {
                Ok(file) => {
                    let mut n = s.reopen(file.scenario, None);
                    n.lesson = None;
                    return Rc::new(n);
                }
                Err(e) => s.error = Some(e.message(s.lang)),
            },
            Action::ToggleEmbedDialog => s.embed_dialog = !s.embed_dialog,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod lesson_faults;
#[cfg(test)]
mod tests;
