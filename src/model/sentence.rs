//! An event as a sentence: one template per event kind (`event.*` keys), filled with node
//! names, labels and message ids.

use super::{DropReason, Event, Labels, NodeId, Roster};
use crate::i18n::{self, Lang, Words};
use std::borrow::Cow;

/// The words of one event. `what` is how the protocol says what a local transaction did ("the
/// debit of 30 from alice and the outbox row t1"), in the reader's language; without it the
/// sentence names the transaction by its label.
pub struct EventWords<'a> {
    pub event: &'a Event<Labels>,
    pub roster: &'a Roster,
    pub what: Option<String>,
}

/// The key of the sentence for a message that vanished for `reason` ("{id} is lost on the
/// network"): the drop event's sentence, and the title of the picture's fading ghost.
pub fn drop_key(reason: DropReason) -> &'static str {
    match reason {
        DropReason::Lost => "event.drop.lost",
        DropReason::Dropped => "event.drop.dropped",
        DropReason::ReceiverDown => "event.drop.receiver_down",
        DropReason::Partitioned => "event.drop.partitioned",
    }
}

impl EventWords<'_> {
    fn name(&self, id: &NodeId) -> String {
        if id.index() < self.roster.len() {
            self.roster.name(*id).to_string()
        } else {
            format!("#{}", id.0)
        }
    }
}

impl Words for EventWords<'_> {
    fn key(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self.event {
            Event::Begin => "event.begin",
            Event::Send { .. } => "event.send",
            Event::Enqueue { .. } => "event.enqueue",
            Event::Deliver { redelivered, .. } => {
                if *redelivered {
                    "event.deliver.again"
                } else {
                    "event.deliver"
                }
            }
            Event::Ack { .. } => "event.ack",
            Event::Requeue { .. } => "event.requeue",
            Event::Confirm { .. } => "event.confirm",
            Event::Drop { reason, .. } => drop_key(*reason),
            Event::Duplicate { .. } => "event.duplicate",
            Event::Delay { .. } => "event.delay",
            Event::Timer { .. } => "event.timer",
            Event::Persist { .. } => "event.persist",
            Event::Commit { .. } => "event.commit",
            Event::Become { .. } => "event.become",
            Event::Crash { .. } => "event.crash",
            Event::Recover { .. } => "event.recover",
            Event::Partition { .. } => "event.partition",
            Event::Heal => "event.heal",
            Event::DropRate { .. } => "event.drop_rate",
        })
    }

    fn args(&self, lang: Lang) -> Vec<(&'static str, String)> {
        let name = |id: &NodeId| self.name(id);
        match self.event {
            Event::Begin | Event::Heal => vec![],
            Event::Send { id, from, to, msg } => vec![
                ("node", name(from)),
                ("peer", name(to)),
                ("label", msg.text()),
                ("id", id.to_string()),
            ],
            Event::Enqueue { id, to } => vec![("node", name(to)), ("id", id.to_string())],
            Event::Deliver {
                id, from, to, msg, ..
            } => vec![
                ("node", name(to)),
                ("peer", name(from)),
                ("label", msg.text()),
                ("id", id.to_string()),
            ],
            Event::Ack { id, node } | Event::Requeue { id, node } | Event::Confirm { id, node } => {
                vec![("node", name(node)), ("id", id.to_string())]
            }
            Event::Drop { id, .. } => vec![("id", id.to_string())],
            Event::Duplicate { id, copy } => {
                vec![("id", id.to_string()), ("copy", copy.to_string())]
            }
            Event::Delay { id, by_ms } => vec![("id", id.to_string()), ("ms", by_ms.to_string())],
            Event::Timer { node, timer } => {
                let mut label = i18n::timer_name(lang, timer.label).to_string();
                if let Some(arg) = timer.arg.text() {
                    label = format!("{label} ({arg})");
                }
                vec![("node", name(node)), ("label", label)]
            }
            Event::Persist { node, record } => {
                vec![("node", name(node)), ("label", record.text())]
            }
            Event::Commit { node, txn } => vec![
                ("node", name(node)),
                ("label", self.what.clone().unwrap_or_else(|| txn.text())),
            ],
            Event::Become { node, from, to } => vec![
                ("node", name(node)),
                ("from", from.text()),
                ("label", to.text()),
            ],
            Event::Crash { node } | Event::Recover { node } => vec![("node", name(node))],
            Event::Partition { groups } => {
                let sides: Vec<String> = groups
                    .iter()
                    .map(|g| g.iter().map(name).collect::<Vec<_>>().join(", "))
                    .map(|s| format!("{{{s}}}"))
                    .collect();
                vec![("groups", sides.join(" | "))]
            }
            Event::DropRate { ppm } => {
                vec![("percent", crate::numtext::float(*ppm as f64 / 10_000.0))]
            }
        }
    }
}
