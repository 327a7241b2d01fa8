//! The lesson format: what a lesson is made of (its scenario's source, steps, anchors,
//! checkpoints and their outcomes) and where its text lives.

use super::LessonError;
use crate::i18n::{self, Lang};
use crate::model::EventKind;
use crate::presets;
use crate::scenario::Scenario;
use crate::session::{EventView, NodeView, Run};
use serde::Serialize;

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
    /// The account (a row of some node's database) holds this much money.
    Balance(&'static str, i64),
}

impl Cond {
    pub(super) fn holds(&self, nodes: &[NodeView], run: &dyn Run) -> bool {
        let node = |name: &str| nodes.iter().find(|n| n.name.eq_ignore_ascii_case(name));
        match *self {
            Cond::Blocked(n) => node(n).is_some_and(|v| v.blocked),
            Cond::Free(n) => node(n).is_some_and(|v| v.up && !v.blocked),
            Cond::InDoubt(n) => node(n).is_some_and(|v| v.in_doubt),
            Cond::State(n, s) => node(n).is_some_and(|v| v.state == s),
            Cond::Decided(n, d) => node(n).is_some_and(|v| v.decision == Some(d)),
            Cond::Down(n) => node(n).is_some_and(|v| !v.up),
            Cond::Violated => !run.violations().is_empty(),
            Cond::Balance(account, money) => nodes
                .iter()
                .flat_map(|n| &n.tables)
                .flat_map(|t| &t.rows)
                .any(|r| r.key == account && r.value == crate::session::RowValue::Money(money)),
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

/// Something the run does after a checkpoint. [`resolve`](super::resolve) checks it and finds
/// the event that shows it.
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
