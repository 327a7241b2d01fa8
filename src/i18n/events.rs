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
/// Built completely from a core [`Event`] (`EventFacts::from(&event)`), or as far as it goes
/// from an [`EventView`] ([`EventFacts::from_view`]), which does not carry every detail yet: a
/// state change's old state, a redelivery flag, a copy's id, a delay, the sides of a partition
/// and a loss rate. Those fields are `None` here, and the sentence leaves them out.
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
        redelivered: Option<bool>,
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
        copy: Option<MsgId>,
    },
    Delay {
        id: MsgId,
        by_ms: Option<u64>,
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
        from: Option<&'static str>,
        to: &'static str,
    },
    Crash {
        node: NodeId,
    },
    Recover {
        node: NodeId,
    },
    Partition {
        groups: Option<Vec<Vec<NodeId>>>,
    },
    Heal,
    DropRate {
        ppm: Option<u32>,
    },
    /// An event kind this build does not know (from a newer core); shown by its kind.
    Other {
        kind: String,
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
                redelivered: Some(*redelivered),
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
                copy: Some(*copy),
            },
            Event::Delay { id, by_ms } => EventFacts::Delay {
                id: *id,
                by_ms: Some(*by_ms),
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
                from: Some(from.label()),
                to: to.label(),
            },
            Event::Crash { node } => EventFacts::Crash { node: *node },
            Event::Recover { node } => EventFacts::Recover { node: *node },
            Event::Partition { groups } => EventFacts::Partition {
                groups: Some(groups.clone()),
            },
            Event::Heal => EventFacts::Heal,
            Event::DropRate { ppm } => EventFacts::DropRate { ppm: Some(*ppm) },
        }
    }
}

impl EventFacts {
    /// The facts an [`EventView`] carries. Kinds whose node, message or label is missing (which
    /// the core never produces) become [`EventFacts::Other`].
    pub fn from_view(v: &EventView) -> EventFacts {
        let other = || EventFacts::Other {
            kind: v.kind.to_string(),
        };
        let (node, peer, id, label) = (v.node, v.peer, v.msg, v.label);
        let facts = match v.kind {
            "begin" => Some(EventFacts::Begin),
            "send" => (|| {
                Some(EventFacts::Send {
                    id: id?,
                    from: node?,
                    to: peer?,
                    label: label?,
                })
            })(),
            "enqueue" => (|| Some(EventFacts::Enqueue { id: id?, to: node? }))(),
            "deliver" => (|| {
                Some(EventFacts::Deliver {
                    id: id?,
                    from: peer?,
                    to: node?,
                    label: label?,
                    redelivered: None,
                })
            })(),
            "ack" => (|| {
                Some(EventFacts::Ack {
                    id: id?,
                    node: node?,
                })
            })(),
            "requeue" => (|| {
                Some(EventFacts::Requeue {
                    id: id?,
                    node: node?,
                })
            })(),
            "drop" => (|| {
                let reason = match label? {
                    "lost" => DropReason::Lost,
                    "receiver-down" => DropReason::ReceiverDown,
                    "partitioned" => DropReason::Partitioned,
                    _ => DropReason::Dropped,
                };
                Some(EventFacts::Drop { id: id?, reason })
            })(),
            "duplicate" => id.map(|id| EventFacts::Duplicate { id, copy: None }),
            "delay" => id.map(|id| EventFacts::Delay { id, by_ms: None }),
            "timer" => (|| {
                Some(EventFacts::Timer {
                    node: node?,
                    label: label?,
                })
            })(),
            "persist" => (|| {
                Some(EventFacts::Persist {
                    node: node?,
                    label: label?,
                })
            })(),
            "become" => (|| {
                Some(EventFacts::Become {
                    node: node?,
                    from: None,
                    to: label?,
                })
            })(),
            "crash" => node.map(|node| EventFacts::Crash { node }),
            "recover" => node.map(|node| EventFacts::Recover { node }),
            "partition" => Some(EventFacts::Partition { groups: None }),
            "heal" => Some(EventFacts::Heal),
            "drop_rate" => Some(EventFacts::DropRate { ppm: None }),
            _ => None,
        };
        facts.unwrap_or_else(other)
    }

    /// The template key and its arguments.
    pub fn template(&self, roster: &Roster) -> (&'static str, Vec<(&'static str, String)>) {
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
                if *redelivered == Some(true) {
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
            EventFacts::Drop { id, reason } => (
                match reason {
                    DropReason::Lost => "event.drop.lost",
                    DropReason::Dropped => "event.drop.dropped",
                    DropReason::ReceiverDown => "event.drop.receiver_down",
                    DropReason::Partitioned => "event.drop.partitioned",
                },
                vec![("id", id.to_string())],
            ),
            EventFacts::Duplicate { id, copy } => match copy {
                Some(copy) => (
                    "event.duplicate",
                    vec![("id", id.to_string()), ("copy", copy.to_string())],
                ),
                None => ("event.duplicate.short", vec![("id", id.to_string())]),
            },
            EventFacts::Delay { id, by_ms } => match by_ms {
                Some(ms) => (
                    "event.delay",
                    vec![("id", id.to_string()), ("ms", ms.to_string())],
                ),
                None => ("event.delay.short", vec![("id", id.to_string())]),
            },
            EventFacts::Timer { node, label } => (
                "event.timer",
                vec![("node", name(node)), ("label", label.to_string())],
            ),
            EventFacts::Persist { node, label } => (
                "event.persist",
                vec![("node", name(node)), ("label", label.to_string())],
            ),
            EventFacts::Become { node, from, to } => match from {
                Some(from) => (
                    "event.become",
                    vec![
                        ("node", name(node)),
                        ("from", from.to_string()),
                        ("label", to.to_string()),
                    ],
                ),
                None => (
                    "event.become.short",
                    vec![("node", name(node)), ("label", to.to_string())],
                ),
            },
            EventFacts::Crash { node } => ("event.crash", vec![("node", name(node))]),
            EventFacts::Recover { node } => ("event.recover", vec![("node", name(node))]),
            EventFacts::Partition { groups } => match groups {
                Some(groups) => {
                    let sides: Vec<String> = groups
                        .iter()
                        .map(|g| g.iter().map(name).collect::<Vec<_>>().join(", "))
                        .map(|s| format!("{{{s}}}"))
                        .collect();
                    ("event.partition", vec![("groups", sides.join(" | "))])
                }
                None => ("event.partition.short", vec![]),
            },
            EventFacts::Heal => ("event.heal", vec![]),
            EventFacts::DropRate { ppm } => match ppm {
                Some(ppm) => (
                    "event.drop_rate",
                    vec![("percent", (*ppm as f64 / 10_000.0).to_string())],
                ),
                None => ("event.drop_rate.short", vec![]),
            },
            EventFacts::Other { kind } => ("event.other", vec![("kind", kind.clone())]),
        }
    }

    /// The sentence in `lang`.
    pub fn sentence(&self, lang: Lang, roster: &Roster) -> String {
        let (key, args) = self.template(roster);
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tf(lang, key, &args)
    }
}

/// A core event as a sentence in `lang`, with every detail. In English this is exactly
/// [`Event::sentence`].
pub fn event_sentence<P: Protocol>(lang: Lang, event: &Event<P>, roster: &Roster) -> String {
    EventFacts::from(event).sentence(lang, roster)
}

/// An event as the app sees it, as a sentence in `lang` (see [`EventFacts::from_view`] for the
/// details a view does not carry yet).
pub fn view_sentence(lang: Lang, view: &EventView, roster: &Roster) -> String {
    EventFacts::from_view(view).sentence(lang, roster)
}
