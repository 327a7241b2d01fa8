//! Guided lessons: a scenario, plus steps pinned to events of its run, with narration and
//! *predict* checkpoints.
//!
//! A step's [`Anchor`] names an event by what happens ("the first time P2's decision-timeout
//! fires"), never by its index, and [`resolve`] finds the index by running the scenario. A
//! checkpoint pauses there and asks what happens next; its answer is an [`Outcome`] that
//! [`resolve`] also finds in the run, so the app reveals the answer by playing on to
//! [`ResolvedStep::reveal`]. `tests/lessons.rs` resolves every lesson and checks that the correct
//! choice's outcome happens and the wrong choices' outcomes do not.
//!
//! All text lives in the [`crate::i18n`] tables under `lesson.<id>.…` keys ([`Lesson::text`]).
//!
//! ```
//! use txscope::{i18n::Lang, lessons, session};
//! let lesson = lessons::find("2pc-basics").unwrap();
//! let mut run = session::start(&lesson.scenario().unwrap(), lessons::MAX_EVENTS).unwrap();
//! let resolved = lessons::resolve(lesson, run.as_mut()).unwrap();
//! // Show step 0: the cursor just after its event.
//! run.seek(resolved.steps[0].event + 1);
//! let text = lesson.text(Lang::Zh, 0).unwrap();
//! assert!(!text.narration.is_empty());
//! ```

mod catalog;
mod progress;

pub use catalog::SECTIONS;
pub use progress::{LessonProgress, Progress, ProgressError, PROGRESS_VERSION};

use crate::i18n::Words as _;
use crate::i18n::{self, Lang};
use crate::model::EventKind;
use crate::presets;
use crate::scenario::{Scenario, ScenarioError};
use crate::session::{EventView, NodeView, Run};
use serde::Serialize;

/// The event limit lessons run their scenarios with.
pub const MAX_EVENTS: usize = 20_000;

/// Where a lesson's scenario comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A preset, by name.
    Preset(&'static str),
    /// A scenario written out (JSON, version 1).
    Inline(&'static str),
}

/// Which events match: every given field must match (as in a scenario's fault patterns).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pat {
    /// The event kind (send, deliver, timer, become, ...).
    pub kind: Option<EventKind>,
    /// The node it happens at: the sender of a send, the receiver of a delivery.
    pub node: Option<&'static str>,
    /// The other node: the receiver of a send, the sender of a delivery.
    pub peer: Option<&'static str>,
    /// The message, record, state or timer label.
    pub label: Option<&'static str>,
}

impl Pat {
    pub const fn kind(kind: EventKind) -> Pat {
        Pat {
            kind: Some(kind),
            node: None,
            peer: None,
            label: None,
        }
    }
    pub const fn at(self, node: &'static str) -> Pat {
        Pat {
            node: Some(node),
            ..self
        }
    }
    pub const fn peer(self, peer: &'static str) -> Pat {
        Pat {
            peer: Some(peer),
            ..self
        }
    }
    pub const fn label(self, label: &'static str) -> Pat {
        Pat {
            label: Some(label),
            ..self
        }
    }

    /// Whether the event matches; `names` gives node names by id.
    pub fn matches(&self, e: &EventView, names: &[String]) -> bool {
        let name = |id: Option<crate::model::NodeId>| id.and_then(|i| names.get(i.index()));
        let node_ok = |want: Option<&str>, got: Option<crate::model::NodeId>| match want {
            None => true,
            Some(w) => name(got).is_some_and(|n| n.eq_ignore_ascii_case(w)),
        };
        self.kind.is_none_or(|k| k == e.kind)
            && node_ok(self.node, e.node)
            && node_ok(self.peer, e.peer)
            && self
                .label
                .is_none_or(|l| e.label.is_some_and(|x| x.eq_ignore_ascii_case(l)))
    }
}

/// A fact about one node's view (or the run) at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cond {
    /// The node is blocked: in doubt, and nobody it can reach can settle the outcome.
    Blocked(&'static str),
    /// The node is up and not blocked.
    Free(&'static str),
    /// The node is in doubt (voted YES, does not know the outcome).
    InDoubt(&'static str),
    /// The node is in this state.
    State(&'static str, &'static str),
    /// The node has reached this decision.
    Decided(&'static str, crate::model::Outcome),
    /// The node is down.
    Down(&'static str),
    /// Some invariant has been violated.
    Violated,
}

impl Cond {
    fn holds(&self, nodes: &[NodeView], run: &dyn Run) -> bool {
        let node = |name: &str| nodes.iter().find(|n| n.name.eq_ignore_ascii_case(name));
        match *self {
            Cond::Blocked(n) => node(n).is_some_and(|v| v.blocked),
            Cond::Free(n) => node(n).is_some_and(|v| v.up && !v.blocked),
            Cond::InDoubt(n) => node(n).is_some_and(|v| v.in_doubt),
            Cond::State(n, s) => node(n).is_some_and(|v| v.state == s),
            Cond::Decided(n, d) => node(n).is_some_and(|v| v.decision == Some(d)),
            Cond::Down(n) => node(n).is_some_and(|v| !v.up),
            Cond::Violated => !run.violations().is_empty(),
        }
    }
}

/// Which event a step stands on. Every anchor looks only after the previous step's event, so
/// the steps of a lesson move forward through the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The `n`-th matching event (1 = the first).
    Nth(Pat, u32),
    /// The first event after which the condition holds.
    When(Cond),
    /// The last event of the run.
    End,
}

impl Anchor {
    /// The first matching event.
    pub const fn first(p: Pat) -> Anchor {
        Anchor::Nth(p, 1)
    }
}

/// Something the run does after a checkpoint. [`resolve`] checks it and finds the event that
/// shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// An event matching `what` happens after the checkpoint, before any event matching `before`
    /// (if given). Shown at that event.
    Happens { what: Pat, before: Option<Pat> },
    /// No event matching `what` happens after the checkpoint and before the first event matching
    /// `before` (or the end of the run). Shown at that bound.
    Never { what: Pat, before: Option<Pat> },
    /// The condition comes to hold after the checkpoint. Shown at the first event after which it
    /// holds.
    Becomes(Cond),
    /// The condition holds right after the checkpoint's event and stays true until the first
    /// event matching `until` (exclusive). Shown at the event before that bound.
    Stays { cond: Cond, until: Pat },
    /// All of these; shown at the latest.
    All(&'static [Outcome]),
}

impl Outcome {
    pub const fn happens(what: Pat) -> Outcome {
        Outcome::Happens { what, before: None }
    }
    pub const fn happens_before(what: Pat, before: Pat) -> Outcome {
        Outcome::Happens {
            what,
            before: Some(before),
        }
    }
    pub const fn never_before(what: Pat, before: Pat) -> Outcome {
        Outcome::Never {
            what,
            before: Some(before),
        }
    }
}

/// One answer to a checkpoint's question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// Short id, also the last part of its text key (`lesson.<id>.<step>.<choice>`).
    pub id: &'static str,
    /// What would happen if this answer were right. For the right answer it must happen; for a
    /// wrong one, if given, it must not (both checked by `tests/lessons.rs`).
    pub outcome: Option<Outcome>,
}

/// A *predict* checkpoint: the run pauses at the step's event and asks what happens next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Predict {
    pub choices: &'static [Choice],
    /// The id of the right choice (its outcome is required).
    pub answer: &'static str,
}

impl Predict {
    pub fn correct(&self) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == self.answer)
    }
}

/// One step of a lesson.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Short id, unique in the lesson; the middle of its text keys (`lesson.<id>.<step>.text`).
    pub id: &'static str,
    pub anchor: Anchor,
    pub predict: Option<Predict>,
    /// What the narration says is true right after the step's event (checked by
    /// `tests/lessons.rs`).
    pub holds: &'static [Cond],
    /// The facts of `shared/PROTOCOLS.md` the step's text rests on: (section, exact quote).
    /// `tests/lessons.rs` checks each quote appears in that section.
    pub sources: &'static [(&'static str, &'static str)],
}

/// A lesson: a scenario and its steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lesson {
    /// Stable id, used in links, progress and text keys.
    pub id: &'static str,
    pub source: Source,
    pub steps: &'static [Step],
}

/// A step's text in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepText {
    pub narration: &'static str,
    pub question: Option<QuestionText>,
}

/// A checkpoint's text in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuestionText {
    pub prompt: &'static str,
    /// (choice id, its text), in the order to show them.
    pub choices: Vec<(&'static str, &'static str)>,
    pub answer: &'static str,
    /// Why the answer is right, shown once the run has revealed it.
    pub explanation: &'static str,
}

/// What is wrong with a lesson (found when it is resolved against its run).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LessonError {
    #[error("unknown lesson {0:?}")]
    Unknown(String),
    #[error("lesson {lesson}: its scenario: {error}")]
    Scenario {
        lesson: &'static str,
        error: ScenarioError,
    },
    #[error("lesson {lesson}, step {step}: no event after event {after:?} matches its anchor")]
    Anchor {
        lesson: &'static str,
        step: &'static str,
        after: Option<usize>,
    },
    #[error("lesson {lesson}, step {step}: the answer {choice:?} is not among its choices")]
    NoAnswer {
        lesson: &'static str,
        step: &'static str,
        choice: &'static str,
    },
    #[error("lesson {lesson}, step {step}: the answer {choice:?} does not happen in the run")]
    WrongAnswer {
        lesson: &'static str,
        step: &'static str,
        choice: &'static str,
    },
}

impl LessonError {
    /// The error as a sentence in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LessonError::Unknown(id) => i18n::tf(lang, "error.lesson.unknown", &[("lesson", id)]),
            LessonError::Scenario { lesson, error } => i18n::tf(
                lang,
                "error.lesson.scenario",
                &[("lesson", lesson), ("error", &error.say(lang))],
            ),
            LessonError::Anchor { lesson, step, .. } => i18n::tf(
                lang,
                "error.lesson.anchor",
                &[("lesson", lesson), ("step", step)],
            ),
            LessonError::NoAnswer { lesson, step, .. }
            | LessonError::WrongAnswer { lesson, step, .. } => i18n::tf(
                lang,
                "error.lesson.answer",
                &[("lesson", lesson), ("step", step)],
            ),
        }
    }
}

/// Every lesson, in teaching order.
pub fn all() -> &'static [Lesson] {
    &catalog::LESSONS
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<&'static Lesson> {
    all().iter().find(|l| l.id == id)
}

impl Lesson {
    /// The lesson's scenario, read and checked.
    pub fn scenario(&self) -> Result<Scenario, LessonError> {
        match self.source {
            Source::Preset(name) => presets::preset(name),
            Source::Inline(json) => Scenario::from_json(json),
        }
        .map_err(|error| LessonError::Scenario {
            lesson: self.id,
            error,
        })
    }

    /// The lesson's title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        self.string(lang, "title")
    }

    /// One or two sentences on what the lesson shows.
    pub fn summary(&self, lang: Lang) -> &'static str {
        self.string(lang, "summary")
    }

    /// Step `index`'s text in `lang`.
    pub fn text(&self, lang: Lang, index: usize) -> Option<StepText> {
        let step = self.steps.get(index)?;
        let s = |part: &str| self.string(lang, &format!("{}.{part}", step.id));
        Some(StepText {
            narration: s("text"),
            question: step.predict.as_ref().map(|p| QuestionText {
                prompt: s("q"),
                choices: p.choices.iter().map(|c| (c.id, s(c.id))).collect(),
                answer: p.answer,
                explanation: s("why"),
            }),
        })
    }

    /// Every text key the lesson uses.
    pub fn keys(&self) -> Vec<String> {
        let mut keys = vec![self.key("title"), self.key("summary")];
        for step in self.steps {
            keys.push(self.key(&format!("{}.text", step.id)));
            if let Some(p) = &step.predict {
                keys.push(self.key(&format!("{}.q", step.id)));
                keys.push(self.key(&format!("{}.why", step.id)));
                for c in p.choices {
                    keys.push(self.key(&format!("{}.{}", step.id, c.id)));
                }
            }
        }
        keys
    }

    fn key(&self, part: &str) -> String {
        format!("lesson.{}.{part}", self.id)
    }

    fn string(&self, lang: Lang, part: &str) -> &'static str {
        let key = self.key(part);
        i18n::lookup(lang, &key)
            .or_else(|| i18n::lookup(Lang::En, &key))
            .unwrap_or("")
    }
}

/// Where a lesson's steps fall in its run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Resolved {
    pub lesson: &'static str,
    pub steps: Vec<ResolvedStep>,
}

/// Where one step falls: show it with the cursor just after `event` (`run.seek(event + 1)`);
/// a checkpoint's answer shows once the cursor is past `reveal`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ResolvedStep {
    pub event: usize,
    pub reveal: Option<usize>,
}

impl ResolvedStep {
    /// The cursor that shows the step: just after its event.
    pub fn cursor(&self) -> usize {
        self.event + 1
    }
    /// The cursor that shows a checkpoint's answer.
    pub fn reveal_cursor(&self) -> Option<usize> {
        self.reveal.map(|r| r + 1)
    }
}

impl Resolved {
    /// The step the cursor is at or past (the last step whose event has happened), for an app
    /// whose learner scrubs the timeline during a lesson.
    pub fn step_at(&self, cursor: usize) -> Option<usize> {
        self.steps.iter().rposition(|s| s.cursor() <= cursor)
    }
}

/// A recorded run's events and node names, with a way to look at the nodes after any event.
pub struct Trace<'a> {
    run: &'a mut dyn Run,
    events: Vec<EventView>,
    names: Vec<String>,
}

impl<'a> Trace<'a> {
    pub fn new(run: &'a mut dyn Run) -> Self {
        let events = (0..run.len()).filter_map(|i| run.event(i)).collect();
        let names = run
            .roster()
            .ids()
            .map(|id| run.roster().name(id).to_string())
            .collect();
        Trace { run, events, names }
    }

    pub fn events(&self) -> &[EventView] {
        &self.events
    }

    /// The first event at index `from` or later matching `p`.
    pub fn find(&self, p: &Pat, from: usize) -> Option<usize> {
        (from..self.events.len()).find(|&i| p.matches(&self.events[i], &self.names))
    }

    /// Whether `cond` holds just after event `i`.
    pub fn holds(&mut self, cond: &Cond, i: usize) -> bool {
        self.run.seek(i + 1);
        let nodes = self.run.nodes();
        cond.holds(&nodes, &*self.run)
    }

    /// The first event at `from` or later after which `cond` holds.
    pub fn first_holding(&mut self, cond: &Cond, from: usize) -> Option<usize> {
        (from..self.events.len()).find(|&i| self.holds(cond, i))
    }

    fn anchor(&mut self, a: &Anchor, from: usize) -> Option<usize> {
        match a {
            Anchor::Nth(p, n) => {
                let mut at = from;
                let mut found = None;
                for _ in 0..(*n).max(1) {
                    let i = self.find(p, at)?;
                    found = Some(i);
                    at = i + 1;
                }
                found
            }
            Anchor::When(c) => self.first_holding(c, from),
            Anchor::End => self.events.len().checked_sub(1).filter(|&i| i >= from),
        }
    }

    /// Where `o` shows if it happens after event `at`; `None` if it does not happen.
    pub fn outcome(&mut self, o: &Outcome, at: usize) -> Option<usize> {
        let end = self.events.len();
        let bound = |t: &Self, before: &Option<Pat>| {
            before
                .as_ref()
                .and_then(|b| t.find(b, at + 1))
                .unwrap_or(end)
        };
        match o {
            Outcome::Happens { what, before } => {
                let limit = bound(self, before);
                self.find(what, at + 1).filter(|&i| i < limit)
            }
            Outcome::Never { what, before } => {
                let limit = bound(self, before);
                match self.find(what, at + 1) {
                    Some(i) if i < limit => None,
                    _ => Some(limit.min(end.saturating_sub(1)).max(at)),
                }
            }
            Outcome::Becomes(c) => self.first_holding(c, at + 1),
            Outcome::Stays { cond, until } => {
                let limit = self.find(until, at + 1)?;
                (at..limit)
                    .all(|i| self.holds(cond, i))
                    .then_some(limit.saturating_sub(1).max(at))
            }
            Outcome::All(parts) => {
                let mut last = at;
                for p in *parts {
                    last = last.max(self.outcome(p, at)?);
                }
                Some(last)
            }
        }
    }
}

/// Finds each step's event (and each checkpoint's reveal) in `run`, which must be a run of the
/// lesson's scenario. Leaves the cursor at the end of the run.
pub fn resolve(lesson: &'static Lesson, run: &mut dyn Run) -> Result<Resolved, LessonError> {
    let end = run.len();
    let mut trace = Trace::new(run);
    let mut steps = Vec::with_capacity(lesson.steps.len());
    let mut prev: Option<usize> = None;
    for step in lesson.steps.iter() {
        let event = trace.step_event(lesson, step, prev)?;
        let reveal = trace.reveal(lesson, step, event)?;
        steps.push(ResolvedStep { event, reveal });
        prev = Some(event);
    }
    trace.run.seek(end);
    Ok(Resolved {
        lesson: lesson.id,
        steps,
    })
}

/// Where the lesson's steps fall in a run the learner has changed (hand-made faults on the
/// lesson's scenario). Unlike [`resolve`] this never fails: a step whose moment no longer happens
/// as the lesson tells it is `None`: its anchor matches no event, what the step says holds there
/// does not, or its checkpoint's answer does not happen. The steps after it are still looked for
/// (after the last event a step's anchor matched). Leaves the cursor at the end of the run.
pub fn follow(lesson: &'static Lesson, run: &mut dyn Run) -> Vec<Option<ResolvedStep>> {
    let end = run.len();
    let mut trace = Trace::new(run);
    let mut steps = Vec::with_capacity(lesson.steps.len());
    let mut prev: Option<usize> = None;
    for step in lesson.steps.iter() {
        let Ok(event) = trace.step_event(lesson, step, prev) else {
            steps.push(None);
            continue;
        };
        prev = Some(event);
        let told = step.holds.iter().all(|c| trace.holds(c, event));
        let reveal = trace.reveal(lesson, step, event);
        steps.push(match reveal {
            Ok(reveal) if told => Some(ResolvedStep { event, reveal }),
            _ => None,
        });
    }
    trace.run.seek(end);
    steps
}

impl Trace<'_> {
    /// The event `step` stands on, looking after `prev` (the previous step's event).
    fn step_event(
        &mut self,
        lesson: &'static Lesson,
        step: &Step,
        prev: Option<usize>,
    ) -> Result<usize, LessonError> {
        let from = prev.map_or(0, |p| p + 1);
        self.anchor(&step.anchor, from).ok_or(LessonError::Anchor {
            lesson: lesson.id,
            step: step.id,
            after: prev,
        })
    }

    /// Where the answer to `step`'s checkpoint (if it has one) shows, the step being at `event`.
    fn reveal(
        &mut self,
        lesson: &'static Lesson,
        step: &Step,
        event: usize,
    ) -> Result<Option<usize>, LessonError> {
        let Some(p) = &step.predict else {
            return Ok(None);
        };
        let choice = p.correct().ok_or(LessonError::NoAnswer {
            lesson: lesson.id,
            step: step.id,
            choice: p.answer,
        })?;
        let wrong = || LessonError::WrongAnswer {
            lesson: lesson.id,
            step: step.id,
            choice: p.answer,
        };
        let outcome = choice.outcome.as_ref().ok_or_else(wrong)?;
        Ok(Some(self.outcome(outcome, event).ok_or_else(wrong)?))
    }
}
