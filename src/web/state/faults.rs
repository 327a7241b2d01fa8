//! Hand-made faults: the ones a learner makes in the player, injected at the cursor.

use super::State;
use crate::i18n::{self, Words};
use crate::model::{EventKind, MsgId, NodeId};
use crate::scenario::{FaultKind, FaultSpec, Scenario};

impl State {
    pub(super) fn node_name(&self, id: NodeId) -> Option<String> {
        let run = self.run.as_ref()?;
        let r = run.0.try_borrow().ok()?;
        let roster = r.roster();
        (id.index() < roster.len()).then(|| roster.name(id).to_string())
    }

    pub(super) fn inject(&mut self, fault: FaultSpec) {
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

    /// [`super::Action::Split`]: the picked nodes cut off from the rest.
    pub(super) fn split(&mut self) {
        let names: Vec<String> = crate::model::members(self.picked)
            .filter_map(|n| self.node_name(n))
            .collect();
        if names.is_empty() {
            self.error = Some(i18n::t(self.lang, "ui.pick_first").into());
        } else {
            self.picked = 0;
            self.inject(FaultSpec {
                fault: Some(FaultKind::Partition),
                groups: Some(vec![names]),
                ..FaultSpec::default()
            });
        }
    }
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
