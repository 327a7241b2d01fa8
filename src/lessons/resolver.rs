//! The resolver: finds where a lesson's steps, and its checkpoints' answers, fall in a run
//! of its scenario.

use super::format::{Anchor, Cond, Lesson, Outcome, Pat, Step};
use super::LessonError;
use crate::session::{EventView, Run};
use serde::Serialize;

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
