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
mod format;
mod orders;
mod progress;
mod resolver;
mod transfers;

pub use catalog::SECTIONS;
pub use format::{
    Anchor, Choice, Cond, Lesson, Outcome, Pat, Predict, QuestionText, Source, Step, StepText,
};
pub use progress::{LessonProgress, Progress, ProgressError, PROGRESS_VERSION};
pub use resolver::{follow, resolve, Resolved, ResolvedStep, Trace};

use crate::i18n::Words as _;
use crate::i18n::{self, Lang};
use crate::scenario::ScenarioError;

/// The event limit lessons run their scenarios with.
pub const MAX_EVENTS: usize = 20_000;

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
