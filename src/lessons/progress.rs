//! A learner's progress, small enough for `localStorage`: where they are, and what they
//! answered.

use super::{find, Lesson};
use crate::sorted::SortedMap;
use serde::{Deserialize, Serialize};

/// The progress format this build writes.
pub const PROGRESS_VERSION: u32 = 1;
/// The longest stored progress this build reads.
const MAX_LEN: usize = 64 * 1024;

/// Progress through every lesson.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    pub version: u32,
    /// The lesson open now, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// By lesson id.
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    pub lessons: SortedMap<String, LessonProgress>,
}

/// Progress through one lesson.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonProgress {
    /// The step shown (index into the lesson's steps).
    pub step: usize,
    /// The choice given at each checkpoint answered, by step id (the first answer counts).
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    pub answers: SortedMap<String, String>,
    /// Whether the last step has been reached.
    #[serde(default)]
    pub done: bool,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: PROGRESS_VERSION,
            current: None,
            lessons: SortedMap::new(),
        }
    }
}

/// Why stored progress could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProgressError {
    #[error("stored progress is {0} bytes; at most {MAX_LEN}")]
    TooLong(usize),
    #[error("stored progress: {0}")]
    Json(String),
    #[error("stored progress has version {0}; this build reads version {PROGRESS_VERSION}")]
    Version(u32),
}

impl Progress {
    /// Reads stored progress.
    pub fn from_json(text: &str) -> Result<Progress, ProgressError> {
        if text.len() > MAX_LEN {
            return Err(ProgressError::TooLong(text.len()));
        }
        let p: Progress =
            serde_json::from_str(text).map_err(|e| ProgressError::Json(e.to_string()))?;
        if p.version != PROGRESS_VERSION {
            return Err(ProgressError::Version(p.version));
        }
        Ok(p)
    }

    /// Reads stored progress, starting afresh if there is none or it cannot be read (the app
    /// should not refuse to start over a damaged `localStorage` entry).
    pub fn load(stored: Option<&str>) -> Progress {
        stored
            .and_then(|s| Progress::from_json(s).ok())
            .unwrap_or_default()
    }

    /// Compact JSON for storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("progress always serializes")
    }

    /// Opens a lesson (keeping its earlier progress) and returns the step to show.
    pub fn open(&mut self, lesson: &Lesson) -> usize {
        self.current = Some(lesson.id.to_string());
        let p = self
            .lessons
            .get_or_insert_with(lesson.id.to_string(), Default::default);
        p.step = p.step.min(lesson.steps.len().saturating_sub(1));
        p.step
    }

    /// Moves to step `index` of `lesson` (clamped to its steps).
    pub fn go_to(&mut self, lesson: &Lesson, index: usize) -> usize {
        let last = lesson.steps.len().saturating_sub(1);
        let p = self
            .lessons
            .get_or_insert_with(lesson.id.to_string(), Default::default);
        p.step = index.min(last);
        if p.step == last {
            p.done = true;
        }
        self.current = Some(lesson.id.to_string());
        p.step
    }

    /// Records an answer to step `index`'s checkpoint and says whether it is right. `None` if
    /// that step has no checkpoint or no such choice. A second answer to the same checkpoint
    /// is judged but not recorded.
    pub fn answer(&mut self, lesson: &Lesson, index: usize, choice: &str) -> Option<bool> {
        let step = lesson.steps.get(index)?;
        let predict = step.predict.as_ref()?;
        let c = predict.choices.iter().find(|c| c.id == choice)?;
        let p = self
            .lessons
            .get_or_insert_with(lesson.id.to_string(), Default::default);
        p.answers
            .get_or_insert_with(step.id.to_string(), || c.id.to_string());
        Some(c.id == predict.answer)
    }

    /// (right first answers, checkpoints in the lesson).
    pub fn score(&self, lesson: &Lesson) -> (usize, usize) {
        let asked = lesson.steps.iter().filter(|s| s.predict.is_some()).count();
        let right = self.lessons.get(lesson.id).map_or(0, |p| {
            lesson
                .steps
                .iter()
                .filter_map(|s| Some((s, s.predict.as_ref()?)))
                .filter(|(s, pr)| p.answers.get(s.id).is_some_and(|a| a == pr.answer))
                .count()
        });
        (right, asked)
    }

    /// The lesson open now, if it still exists.
    pub fn current_lesson(&self) -> Option<&'static Lesson> {
        self.current.as_deref().and_then(find)
    }
}
