//! Messages in the topology picture: each one on its link, placed by how far it has come in
//! virtual time, and the ones waiting in queues stacked as chips.
//!
//! Queue transport: a message goes from its sender to the broker end of its receiver's queue
//! (hop `to_broker`), waits there as a chip, and goes from the queue's head to the receiver
//! (hop `to_consumer`). Lossy transport: straight from sender to receiver (hop `direct`).

use super::topology::{Topology, CHIP_H};
use super::{tone_class, Point};
use crate::i18n::{tf, Lang};
use crate::model::sentence::drop_key;
use crate::model::{DropReason, Hop};
use crate::model::{MsgId, NodeId};
use crate::session::{MessageView, Place, Vanished};

/// Width of one character of a label, in viewBox units, at the pictures' label size.
pub(super) const CHAR_W: f64 = 6.2;
const CHIP_CHAR_W: f64 = 5.4;
/// Height of a message's pill on a link.
pub const DOT_H: f64 = 18.0;
/// Room for the "↺ " that marks a redelivered message's pill.
pub(super) const REDELIVERED_W: f64 = 12.0;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Traffic {
    /// Messages on links.
    pub dots: Vec<Dot>,
    /// Messages waiting in queues.
    pub chips: Vec<Chip>,
    /// Queues too long to draw whole: "+n more" at their last slot.
    pub overflow: Vec<Overflow>,
    /// The message the last event dropped or lost, where it vanished.
    pub ghost: Option<Ghost>,
}

/// A message that has just vanished, drawn where it was when it did (the size of a pill on its
/// link, or of a chip in its queue), struck out.
#[derive(Clone, Debug, PartialEq)]
pub struct Ghost {
    pub id: MsgId,
    pub label: &'static str,
    /// What it shows: "✕" and its label (cut to fit a chip).
    pub text: String,
    /// `tone-*`.
    pub class: &'static str,
    /// Its centre.
    pub at: Point,
    pub w: f64,
    pub h: f64,
    /// It vanished from a queue (drawn like a chip).
    pub queued: bool,
    pub reason: DropReason,
}

impl Ghost {
    /// What happened to it, in `lang` (the drop event's own sentence: "m3 is lost on the
    /// network").
    pub fn title(&self, lang: Lang) -> String {
        tf(lang, drop_key(self.reason), &[("id", &self.id.to_string())])
    }
}

/// A message on a link.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    pub id: MsgId,
    pub label: &'static str,
    /// `tone-*`.
    pub class: &'static str,
    pub at: Point,
    /// Width of the label's pill (with the redelivery mark, if any).
    pub w: f64,
    pub from: NodeId,
    pub to: NodeId,
    pub hop: Hop,
    /// How far along its hop, 0 to 1.
    pub progress: f64,
    pub redelivered: bool,
    pub title: String,
}

/// A message waiting in its receiver's queue.
#[derive(Clone, Debug, PartialEq)]
pub struct Chip {
    pub id: MsgId,
    pub label: &'static str,
    /// The label cut to fit the chip.
    pub text: String,
    pub class: &'static str,
    pub at: Point,
    pub w: f64,
    pub node: NodeId,
    /// Position in the queue (0 = head).
    pub position: usize,
    /// Taken by the consumer, not yet acknowledged.
    pub unacked: bool,
    pub redelivered: bool,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Overflow {
    pub node: NodeId,
    pub at: Point,
    pub more: usize,
    pub w: f64,
}

/// Places `messages` in `topo` at virtual time `at` (which may fall between two events), and
/// the message that just `vanished` (if any) where it was when it did.
pub fn layout(
    topo: &Topology,
    messages: &[MessageView],
    vanished: Option<&Vanished>,
    at: f64,
) -> Traffic {
    let mut out = Traffic {
        ghost: vanished.and_then(|v| ghost(topo, messages, v)),
        ..Traffic::default()
    };
    let name = |id: NodeId| topo.node(id).map_or("?", |n| n.name.as_str()).to_string();
    let starts: Vec<Start> = messages.iter().filter_map(|m| start_of(topo, m)).collect();
    let mut queued: Vec<&MessageView> = Vec::new();
    for m in messages {
        match m.place {
            Place::Link {
                hop,
                sent_at,
                arrive_at,
            } => {
                let w = pill_w(m);
                let Some((a, b)) = ends(topo, m.from, m.to, hop, (w, DOT_H)) else {
                    continue;
                };
                let a = starts
                    .iter()
                    .find(|s| s.id == m.id)
                    .map_or(a, |me| behind(me, b, &starts));
                let progress = progress(sent_at, arrive_at, at);
                let where_ = match hop {
                    Hop::ToBroker => "on its way to the broker",
                    Hop::ToConsumer => "on its way from the queue",
                    _ => "on the network",
                };
                out.dots.push(Dot {
                    id: m.id,
                    label: m.label,
                    class: tone_class(m.tone),
                    at: a.lerp(b, progress),
                    w,
                    from: m.from,
                    to: m.to,
                    hop,
                    progress: (progress * 100.0).round() / 100.0,
                    redelivered: m.redelivered,
                    title: format!(
                        "{} {} from {} to {}, {where_}{}",
                        m.id,
                        m.label,
                        name(m.from),
                        name(m.to),
                        if m.redelivered { " (redelivered)" } else { "" }
                    ),
                });
            }
            Place::Queue { .. } => queued.push(m),
        }
    }
    queued.sort_by_key(|m| (m.to, position(m)));
    for q in &topo.queues {
        let mine: Vec<&&MessageView> = queued.iter().filter(|m| m.to == q.node).collect();
        let shown = if mine.len() > q.capacity {
            q.capacity - 1
        } else {
            mine.len()
        };
        for (k, m) in mine.iter().take(shown).enumerate() {
            let unacked = matches!(m.place, Place::Queue { unacked: true, .. });
            out.chips.push(Chip {
                id: m.id,
                label: m.label,
                text: fit(m.label, ((q.chip_w - 6.0) / CHIP_CHAR_W).floor() as usize),
                class: tone_class(m.tone),
                at: slot(q, k),
                w: q.chip_w,
                node: q.node,
                position: position(m),
                unacked,
                redelivered: m.redelivered,
                title: format!(
                    "{} {} from {}, in {}'s queue at position {}{}{}",
                    m.id,
                    m.label,
                    name(m.from),
                    name(q.node),
                    position(m),
                    if unacked {
                        ", taken, not yet acknowledged"
                    } else {
                        ""
                    },
                    if m.redelivered { " (redelivered)" } else { "" }
                ),
            });
        }
        if shown < mine.len() {
            out.overflow.push(Overflow {
                node: q.node,
                at: slot(q, shown),
                more: mine.len() - shown,
                w: q.chip_w,
            });
        }
    }
    out
}

/// How far apart messages that leave a node at the same instant start (a pill's height and a
/// gap), so that they read as a column of messages, not one blot.
const LEAVING_STEP: f64 = DOT_H + 2.0;
/// A column is at most this many steps long: a broadcast to many nodes would otherwise scatter
/// its pills far along their hops, as if they had left at different times.
const LEAVING_MAX: usize = 3;

/// Where a message on a hop that starts at its sender (to the broker, or straight) would start,
/// and the instant it left: what tells which messages would start on top of one another.
struct Start {
    id: MsgId,
    left: (NodeId, u64),
    at: Point,
    w: f64,
}

fn start_of(topo: &Topology, m: &MessageView) -> Option<Start> {
    let Place::Link { hop, sent_at, .. } = m.place else {
        return None;
    };
    if hop == Hop::ToConsumer {
        return None;
    }
    let w = pill_w(m);
    let (at, _) = ends(topo, m.from, m.to, hop, (w, DOT_H))?;
    Some(Start {
        id: m.id,
        left: (m.from, sent_at),
        at,
        w,
    })
}

/// Where `me` starts its hop to `b`: moved on by one [`LEAVING_STEP`] for each message with a
/// smaller id that left its sender at the same instant and would start on top of it; at most
/// [`LEAVING_MAX`] steps, and at most half-way.
fn behind(me: &Start, b: Point, starts: &[Start]) -> Point {
    let rank = starts
        .iter()
        .filter(|o| {
            o.id < me.id
                && o.left == me.left
                && (o.at.x - me.at.x).abs() < (o.w + me.w) / 2.0
                && (o.at.y - me.at.y).abs() < DOT_H
        })
        .count();
    let steps = rank.min(LEAVING_MAX) as f64;
    me.at
        .toward(b, (LEAVING_STEP * steps).min(me.at.distance(b) / 2.0))
}

/// Where `v` was when it vanished: on its link at that moment, or in the slot its chip had
/// (its rank among the chips of its queue still drawn in `messages`, which the drop did not
/// move).
fn ghost(topo: &Topology, messages: &[MessageView], v: &Vanished) -> Option<Ghost> {
    let m = &v.message;
    let (at, w, h, text) = match m.place {
        Place::Link {
            hop,
            sent_at,
            arrive_at,
        } => {
            let w = pill_w(m);
            let (a, b) = ends(topo, m.from, m.to, hop, (w, DOT_H))?;
            // Its place in the column it left in, among the ones still there.
            let starts: Vec<Start> = messages.iter().filter_map(|o| start_of(topo, o)).collect();
            let a = start_of(topo, m).map_or(a, |me| behind(&me, b, &starts));
            let at = a.lerp(b, progress(sent_at, arrive_at, v.time as f64));
            (at, w, DOT_H, format!("✕ {}", m.label))
        }
        Place::Queue { position, .. } => {
            let q = topo.queues.iter().find(|q| q.node == m.to)?;
            let ahead = messages
                .iter()
                .filter(|o| {
                    o.to == m.to
                        && matches!(o.place, Place::Queue { position: p, .. } if p < position)
                })
                .count();
            let at = slot(q, ahead.min(q.capacity.saturating_sub(1)));
            let room = ((q.chip_w - 6.0) / CHIP_CHAR_W).floor() as usize;
            let text = format!("✕ {}", fit(m.label, room.saturating_sub(2)));
            (at, q.chip_w, CHIP_H, text)
        }
    };
    Some(Ghost {
        id: m.id,
        label: m.label,
        text,
        class: tone_class(m.tone),
        at,
        w,
        h,
        queued: matches!(m.place, Place::Queue { .. }),
        reason: v.reason,
    })
}

mod geometry;

pub use geometry::fit;
use geometry::{ends, pill_w, position, progress, slot};

#[cfg(test)]
mod tests;
