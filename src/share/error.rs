//! What is wrong with a link, as an error and as a sentence in either language.

use crate::i18n::Words;
use crate::i18n::{self, Lang};
use crate::scenario::{Reason, ScenarioError};

/// What is wrong with a link.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    #[error("the link is empty")]
    Empty,
    #[error("the link is {len} characters long; at most {max}")]
    TooLong { len: usize, max: usize },
    #[error("unknown part {name:?}")]
    UnknownParam { name: String },
    #[error("{name:?} appears twice")]
    DuplicateParam { name: String },
    #[error("no v1= part")]
    MissingPayload,
    #[error("format {version} is newer than this build (it reads v1)")]
    Version { version: String },
    #[error("{part}: character {position} is not base64url")]
    Base64 { part: &'static str, position: usize },
    #[error("checksum mismatch: the link is damaged or was edited")]
    Checksum,
    #[error("v1 data, {field}: {reason}")]
    Json { field: String, reason: Reason },
    #[error("{param}={value:?}: {reason}")]
    Value {
        param: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("scenario.{}: {}", .0.field, .0.reason)]
    Scenario(ScenarioError),
    #[error("unknown lesson {lesson:?}")]
    Lesson { lesson: String },
    #[error("step {step} is past the end of lesson {lesson:?} ({steps} steps)")]
    Step {
        lesson: String,
        step: usize,
        steps: usize,
    },
}

impl ShareError {
    /// The error as a sentence in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let n = |v: &usize| v.to_string();
        match self {
            ShareError::Empty => i18n::t(lang, "error.share.empty").to_string(),
            ShareError::TooLong { len, max } => i18n::tf(
                lang,
                "error.share.too_long",
                &[("len", &n(len)), ("max", &n(max))],
            ),
            ShareError::UnknownParam { name } => {
                i18n::tf(lang, "error.share.unknown_param", &[("name", name)])
            }
            ShareError::DuplicateParam { name } => {
                i18n::tf(lang, "error.share.duplicate_param", &[("name", name)])
            }
            ShareError::MissingPayload => i18n::t(lang, "error.share.missing_payload").to_string(),
            ShareError::Version { version } => {
                i18n::tf(lang, "error.share.version", &[("version", version)])
            }
            ShareError::Base64 { position, .. } => {
                i18n::tf(lang, "error.share.base64", &[("position", &n(position))])
            }
            ShareError::Checksum => i18n::t(lang, "error.share.checksum").to_string(),
            ShareError::Json { field, reason } => i18n::tf(
                lang,
                "error.share.json",
                &[("field", field), ("reason", &reason.message(lang))],
            ),
            ShareError::Value { param, value, .. } => i18n::tf(
                lang,
                "error.share.value",
                &[("param", param), ("value", value)],
            ),
            ShareError::Scenario(e) => {
                i18n::tf(lang, "error.share.scenario", &[("error", &e.say(lang))])
            }
            ShareError::Lesson { lesson } => {
                i18n::tf(lang, "error.share.lesson", &[("lesson", lesson)])
            }
            ShareError::Step {
                lesson,
                step,
                steps,
            } => i18n::tf(
                lang,
                "error.share.step",
                &[("lesson", lesson), ("step", &n(step)), ("steps", &n(steps))],
            ),
        }
    }
}
