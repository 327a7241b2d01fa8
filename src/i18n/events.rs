//! The event log in every language: one template per event kind (`event.*` keys), filled with
//! node names, labels and message ids.

use super::{tf, Lang};
use crate::model::{Label, MsgId, NodeId, Roster};
use crate::protocol::Protocol;
use crate::session::EventView;
use crate::sim::{DropReason, Event};
use serde::Serialize;

/// What a sentence about an event needs, without the protocol's types.
///
/// Built from a core [`Event`] (`EventFacts::from(&event)`); every [`EventView`] carries one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventFacts {
    Begin,
    Send {
        id: MsgId,
        from: NodeId,
        to: NodeId,
        label: &'static str,
    },
    Enqueue {
        id: MsgId,
        to: NodeId,
    },
    Deliver {
        id: MsgId,
        from: NodeId,
        to: NodeId,
        label: &'static str,
        redelivered: bool,
    },
    Ack {
        id: MsgId,
        node: NodeId,
    },
    Requeue {
        id: MsgId,
        node: NodeId,
    },
    Drop {
        id: MsgId,
        reason: DropReason,
    },
    Duplicate {
        id: MsgId,
        copy: MsgId,
    },
    Delay {
        id: MsgId,
        by_ms: u64,
    },
    Timer {
        node: NodeId,
        label: &'static str,
    },
    Persist {
        node: NodeId,
        label: &'static str,
    },
    Become {
        node: NodeId,
        from: &'static str,
        to: &'static str,
    },
    Crash {
        node: NodeId,
    },
    Recover {
        node: NodeId,
    },
    Partition {
        groups: Vec<Vec<NodeId>>,
    },
    Heal,
    DropRate {
        ppm: u32,
    },
}

impl<P: Protocol> From<&Event<P>> for EventFacts {
    fn from(e: &Event<P>) -> Self {
        match e {
            Event::Begin => EventFacts::Begin,
            Event::Send { id, from, to, msg } => EventFacts::Send {
                id: *id,
                from: *from,
                to: *to,
                label: msg.label(),
            },
            Event::Enqueue { id, to } => EventFacts::Enqueue { id: *id, to: *to },
            Event::Deliver {
                id,
                from,
                to,
                msg,
                redelivered,
            } => EventFacts::Deliver {
                id: *id,
                from: *from,
                to: *to,
                label: msg.label(),
                redelivered: *redelivered,
            },
            Event::Ack { id, node } => EventFacts::Ack {
                id: *id,
                node: *node,
            },
            Event::Requeue { id, node } => EventFacts::Requeue {
                id: *id,
                node: *node,
            },
            Event::Drop { id, reason } => EventFacts::Drop {
                id: *id,
                reason: *reason,
            },
            Event::Duplicate { id, copy } => EventFacts::Duplicate {
                id: *id,
                copy: *copy,
            },
            Event::Delay { id, by_ms } => EventFacts::Delay {
                id: *id,
                by_ms: *by_ms,
            },
            Event::Timer { node, timer } => EventFacts::Timer {
                node: *node,
                label: timer.label(),
            },
            Event::Persist { node, record } => EventFacts::Persist {
                node: *node,
                label: record.label(),
            },
            Event::Become { node, from, to } => EventFacts::Become {
                node: *node,
                from: from.label(),
                to: to.label(),
            },
            Event::Crash { node } => EventFacts::Crash { node: *node },
            Event::Recover { node } => EventFacts::Recover { node: *node },
            Event::Partition { groups } => EventFacts::Partition {
                groups: groups.clone(),
            },
            Event::Heal => EventFacts::Heal,
            Event::DropRate { ppm } => EventFacts::DropRate { ppm: *ppm },
        }
    }
}

impl EventFacts {
    /// The template key and its arguments.
    pub fn template(
        &self,
        lang: Lang,
        roster: &Roster,
    ) -> (&'static str, Vec<(&'static str, String)>) {
        let name = |id: &NodeId| {
            if id.index() < roster.len() {
                roster.name(*id).to_string()
            } else {
                format!("#{}", id.0)
            }
        };
        match self {
            EventFacts::Begin => ("event.begin", vec![]),
            EventFacts::Send {
                id,
                from,
                to,
                label,
            } => (
                "event.send",
                vec![
                    ("node", name(from)),
                    ("peer", name(to)),
                    ("label", label.to_string()),
                    ("id", id.to_string()),
                ],
            ),
            EventFacts::Enqueue { id, to } => (
                "event.enqueue",
                vec![("node", name(to)), ("id", id.to_string())],
            ),
            EventFacts::Deliver {
                id,
                from,
                to,
                label,
                redelivered,
            } => (
                if *redelivered {
                    "event.deliver.again"
                } else {
                    "event.deliver"
                },
                vec![
                    ("node", name(to)),
                    ("peer", name(from)),
                    ("label", label.to_string()),
                    ("id", id.to_string()),
                ],
            ),
            EventFacts::Ack { id, node } => (
                "event.ack",
                vec![("node", name(node)), ("id", id.to_string())],
            ),
            EventFacts::Requeue { id, node } => (
                "event.requeue",
                vec![("node", name(node)), ("id", id.to_string())],
            ),
            EventFacts::Drop { id, reason } => (drop_key(*reason), vec![("id", id.to_string())]),
            EventFacts::Duplicate { id, copy } => (
                "event.duplicate",
                vec![("id", id.to_string()), ("copy", copy.to_string())],
            ),
            EventFacts::Delay { id, by_ms } => (
                "event.delay",
                vec![("id", id.to_string()), ("ms", by_ms.to_string())],
            ),
            EventFacts::Timer { node, label } => (
                "event.timer",
                vec![
                    ("node", name(node)),
                    ("label", super::timer_name(lang, label).to_string()),
                ],
            ),
            EventFacts::Persist { node, label } => (
                "event.persist",
                vec![("node", name(node)), ("label", label.to_string())],
            ),
            EventFacts::Become { node, from, to } => (
                "event.become",
                vec![
                    ("node", name(node)),
                    ("from", from.to_string()),
                    ("label", to.to_string()),
                ],
            ),
            EventFacts::Crash { node } => ("event.crash", vec![("node", name(node))]),
            EventFacts::Recover { node } => ("event.recover", vec![("node", name(node))]),
            EventFacts::Partition { groups } => {
                let sides: Vec<String> = groups
                    .iter()
                    .map(|g| g.iter().map(name).collect::<Vec<_>>().join(", "))
                    .map(|s| format!("{{{s}}}"))
                    .collect();
                ("event.partition", vec![("groups", sides.join(" | "))])
            }
            EventFacts::Heal => ("event.heal", vec![]),
            EventFacts::DropRate { ppm } => (
                "event.drop_rate",
                vec![("percent", (*ppm as f64 / 10_000.0).to_string())],
            ),
        }
    }

    /// The sentence in `lang`.
    pub fn sentence(&self, lang: Lang, roster: &Roster) -> String {
        let (key, args) = self.template(lang, roster);
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tf(lang, key, &args)
    }
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

/// A core event as a sentence in `lang`, with every detail. In English this is exactly
/// [`Event::sentence`].
pub fn event_sentence<P: Protocol>(lang: Lang, event: &Event<P>, roster: &Roster) -> String {
    EventFacts::from(event).sentence(lang, roster)
}

/// An event as the app sees it, as a sentence in `lang`.
pub fn view_sentence(lang: Lang, view: &EventView, roster: &Roster) -> String {
    view.facts.sentence(lang, roster)
}
