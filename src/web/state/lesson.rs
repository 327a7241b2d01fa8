//! Following a lesson: opening it on a run, showing its steps, answering its checkpoints, and
//! keeping its steps on the run when the learner changes it with faults of their own.

use super::{without_hand_made_faults, State};
use crate::i18n;
use crate::lessons::{self, Progress, Resolved, ResolvedStep, Source};
use crate::scenario::Scenario;
use std::rc::Rc;

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

impl State {
    /// Shows step `index` of the open lesson (clamped); with `seek`, moves the cursor to it.
    pub(super) fn show_step(&mut self, index: usize, seek: bool) {
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
    pub(super) fn resolve(&self, lesson: &'static lessons::Lesson) -> Option<Resolved> {
        let run = self.run.as_ref()?;
        let mut r = run.0.try_borrow_mut().ok()?;
        let here = r.cursor();
        let resolved = lessons::resolve(lesson, &mut **r).ok();
        r.seek(here);
        resolved
    }

    /// Where the lesson's steps fall in the current run, which the learner changed.
    pub(super) fn follow(
        &self,
        lesson: &'static lessons::Lesson,
    ) -> Option<Vec<Option<ResolvedStep>>> {
        let run = self.run.as_ref()?;
        let mut r = run.0.try_borrow_mut().ok()?;
        let here = r.cursor();
        let steps = lessons::follow(lesson, &mut **r);
        r.seek(here);
        Some(steps)
    }

    /// After a hand-made fault in a lesson: the steps follow the changed run.
    pub(super) fn refollow(&mut self) {
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
    pub(super) fn open_lesson(
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

    /// [`super::Action::LeaveLesson`]: no lesson, and none to resume.
    pub(super) fn leave_lesson(&mut self) {
        self.lesson = None;
        self.until = None;
        let mut p = (*self.progress).clone();
        p.current = None;
        self.progress = Rc::new(p);
    }
}

/// [`super::Action::OpenLesson`]: the lesson called `id`, at its saved step.
pub(super) fn open_by_id(mut s: State, id: String) -> Rc<State> {
    match lessons::find(&id) {
        Some(l) => match s.open_lesson(l, None, None) {
            Ok(n) => return Rc::new(n),
            Err(e) => s.error = Some(e),
        },
        None => s.error = Some(i18n::tf(s.lang, "error.lesson.unknown", &[("lesson", &id)])),
    }
    Rc::new(s)
}

/// [`super::Action::LessonOwnRun`]: the open lesson's own run, at the same step (`old` if no
/// lesson is open).
pub(super) fn own_run(old: Rc<State>, mut s: State) -> Rc<State> {
    let Some(l) = &s.lesson else { return old };
    match s.open_lesson(l.lesson, None, Some(l.step)) {
        Ok(n) => return Rc::new(n),
        Err(e) => s.error = Some(e),
    }
    Rc::new(s)
}

/// [`super::Action::LessonStep`]: step `i` of the open lesson (`old` if none is open).
pub(super) fn go_to_step(old: Rc<State>, mut s: State, i: usize) -> Rc<State> {
    if s.lesson.is_none() {
        return old;
    }
    s.show_step(i, true);
    Rc::new(s)
}

/// [`super::Action::Answer`]: the open step's checkpoint answered with `choice`, then playback on
/// to the reveal (`old` if there is nothing to answer).
pub(super) fn answer(old: Rc<State>, mut s: State, choice: String) -> Rc<State> {
    let Some(l) = s.lesson.clone() else {
        return old;
    };
    // A checkpoint whose moment is gone from the changed run asks nothing.
    let Some(placed) = l.at(l.step) else {
        return old;
    };
    let mut p = (*s.progress).clone();
    let Some(correct) = p.answer(l.lesson, l.step, &choice) else {
        return old;
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
    Rc::new(s)
}

/// [`super::Action::LoadProgress`]: progress read from storage, and the lesson it was in.
pub(super) fn load_progress(mut s: State, p: Progress) -> Rc<State> {
    let resume = p.current_lesson().filter(|_| s.lesson.is_none());
    s.progress = Rc::new(p);
    // A returning learner finds their lesson where they left it.
    if let Some(l) = resume {
        if let Ok(n) = s.open_lesson(l, None, None) {
            return Rc::new(n);
        }
    }
    Rc::new(s)
}
