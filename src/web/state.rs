//! The app's model: one [`State`], one [`Action`] enum, one reducer that calls into the
//! session. No HTML here, and no protocol logic: the session decides what happens; this file
//! only moves the cursor, injects faults and keeps the UI's own flags.
//!
//! The reducer's larger arms live beside it: `playback` (the cursor and the clock), `lesson`
//! (following a lesson), `links` (share links) and `faults` (hand-made faults); `open` makes
//! the state a scenario starts in.

mod faults;
mod lesson;
mod links;
mod open;
mod playback;

pub use faults::{message_fault, node_fault, without_hand_made_faults};
pub use lesson::{Answered, LessonRun};
pub use playback::speed_of;

use crate::i18n::{self, Lang, Words};
use crate::lessons::Progress;
use crate::model::{MsgId, NodeId};
use crate::presets;
use crate::scenario::{FaultKind, FaultSpec, Scenario};
use crate::session::{EventView, Run};
use crate::share::Embed;
use crate::view::{eventlog, status};
use std::cell::RefCell;
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
    /// The table of a chosen language could not be had: the page stays in its language and
    /// shows why.
    LanguageFailed(Lang, String),
    /// The lessons' English narration arrived, or could not (why, in words).
    NarrationArrived(Result<(), String>),
}

/// Where the lessons' English narration is: the page fetches it after its first frame
/// (`crate::web::language::load_narration`); other builds have it built in.
#[derive(Clone, Debug, PartialEq)]
pub enum Narration {
    Coming,
    Here,
    /// It could not be had: why, in words.
    Failed(String),
}

impl Narration {
    /// As the tables have it at start.
    pub fn at_start() -> Narration {
        if crate::i18n::narration_ready(Lang::En) {
            Narration::Here
        } else {
            Narration::Coming
        }
    }
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
    /// The nodes picked to split off, as a bit mask ([`crate::model::bit`]).
    pub picked: u128,
    pub log_filter: eventlog::Filter,
    pub help: bool,
    pub error: Option<String>,
    /// What the live region says (the event just stepped over, the fault just made).
    pub announce: String,
    pub reduced_motion: bool,
    pub lang: Lang,
    /// A language chosen (in the page, by a link, by an embedding page) whose table is still on
    /// its way (`crate::web::language`): `lang` stays as it was until it arrives, so that every
    /// panel renders again in the new language at once instead of keeping English in its place.
    pub pending_lang: Option<Lang>,
    pub narration: Narration,
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

impl State {
    /// Whether faults and edits are refused (an embed with `ro=1`).
    pub fn read_only(&self) -> bool {
        self.embed.as_ref().is_some_and(|e| e.read_only)
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
}

impl Reducible for State {
    type Action = Action;

    /// Every action, then the language rule: a language whose strings are not at hand yet
    /// becomes [`State::pending_lang`], and the page keeps speaking the one it spoke.
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let spoken = self.lang;
        let next = self.apply(action);
        if i18n::is_ready(next.lang) {
            // Another language at hand was chosen meanwhile: the one on its way is not wanted.
            if next.lang == spoken || next.pending_lang.is_none() {
                return next;
            }
            let mut n = (*next).clone();
            n.pending_lang = None;
            return Rc::new(n);
        }
        let mut n = (*next).clone();
        n.pending_lang = Some(n.lang);
        n.lang = spoken;
        n.record();
        Rc::new(n)
    }
}

impl State {
    /// What an action does to the state.
    fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Play => s.play(),
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
            Action::OpenLink(text) => return links::open_link(s, text),
            Action::Select(n) => s.selected = n,
            Action::OpenMenu(t) => {
                s.menu = t;
                if let Some(Target::Node(n)) = t {
                    s.selected = Some(n);
                }
            }
            Action::TogglePick(n) => {
                s.picked ^= crate::model::bit(n);
                s.menu = None;
            }
            Action::Split => s.split(),
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
            Action::LanguageFailed(lang, e) => {
                if s.pending_lang == Some(lang) {
                    s.pending_lang = None;
                }
                s.error = Some(e);
            }
            Action::NarrationArrived(result) => {
                s.narration = match result {
                    Ok(()) => Narration::Here,
                    Err(why) => Narration::Failed(why),
                }
            }
            Action::DismissError => s.error = None,
            Action::SetReducedMotion(on) => s.reduced_motion = on,
            Action::SetLang(lang) => {
                if lang == s.lang {
                    if s.pending_lang.is_none() {
                        return self;
                    }
                    // Back to the language spoken while another was on its way.
                    s.pending_lang = None;
                    return Rc::new(s);
                }
                s.lang = lang;
                s.record();
                s.tell();
            }
            Action::OpenLesson(id) => return lesson::open_by_id(s, id),
            Action::LessonOwnRun => return lesson::own_run(self, s),
            Action::LeaveLesson => s.leave_lesson(),
            Action::LessonStep(i) => return lesson::go_to_step(self, s, i),
            Action::Answer(choice) => return lesson::answer(self, s, choice),
            Action::LoadProgress(p) => return lesson::load_progress(s, p),
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
