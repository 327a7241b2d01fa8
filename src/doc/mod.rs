//! Reading the documents people write and share (scenarios and their protocol parameters, link
//! payloads, run files): JSON read in one pass, and every problem found named by the field at
//! fault and a [`Reason`] code that the interface says in the reader's language.
//!
//! This sits in the shared vocabulary: protocols check their own parameters with it, the
//! scenario layer checks the rest.

mod path;
pub mod read;
mod reason;

pub use reason::{Found, Kind, Reason};

/// What is wrong with a document: the field (a JSON path such as `faults[2].node`) and why, as
/// a code with the offending values ([`Reason`]; `Display` says it in English).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct ScenarioError {
    pub field: String,
    pub reason: Reason,
}

impl ScenarioError {
    pub fn new(field: impl Into<String>, reason: Reason) -> ScenarioError {
        ScenarioError {
            field: field.into(),
            reason,
        }
    }

    /// The same problem, one level deeper in the document (`params` + `votes.P9`).
    pub fn within(self, parent: &str) -> ScenarioError {
        let field = if self.field == read::DOCUMENT {
            parent.to_string()
        } else {
            format!("{parent}.{}", self.field)
        };
        ScenarioError { field, ..self }
    }
}

impl crate::i18n::Words for ScenarioError {
    fn key(&self) -> std::borrow::Cow<'static, str> {
        "error.scenario".into()
    }
    fn args(&self, lang: crate::i18n::Lang) -> Vec<(&'static str, String)> {
        vec![
            ("field", self.field.clone()),
            ("reason", self.reason.message(lang)),
        ]
    }
}
