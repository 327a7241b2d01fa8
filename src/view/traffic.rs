//! Messages in the topology picture: each one on its link, placed by how far it has come in
//! virtual time, and the ones waiting in queues stacked as chips.
//!
//! Queue transport: a message goes from its sender to the broker end of its receiver's queue
//! (hop `to_broker`), waits there as a chip, and goes from the queue's head to the receiver
//! (hop `to_consumer`). Lossy transport: straight from sender to receiver (hop `direct`).

use super::topology::{QueueSlot, Topology, CHIP_H};
use super::{tone_class, Point};
use crate::i18n::{tf, Lang};
use crate::model::sentence::drop_key;
use crate::model::{DropReason, Hop};
use crate::model::{MsgId, NodeId};
use crate::session::{MessageView, Place, Vanished};

/// Width of one character of a label, in viewBox units, at the pictures' label size.
const CHAR_W: f64 = 6.2;
const CHIP_CHAR_W: f64 = 5.4;
/// Height of a message's pill on a link.
pub const DOT_H: f64 = 18.0;
/// Room for the "↺ " that marks a redelivered message's pill.
const REDELIVERED_W: f64 = 12.0;

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

/// Width of a message's pill on a link (with the redelivery mark, if any).
fn pill_w(m: &MessageView) -> f64 {
    let mark = if m.redelivered { REDELIVERED_W } else { 0.0 };
    super::round(m.label.len() as f64 * CHAR_W + 10.0 + mark)
}

/// How far along a hop from `sent_at` to `arrive_at` a message is at `at`, 0 to 1.
fn progress(sent_at: u64, arrive_at: u64, at: f64) -> f64 {
    let span = arrive_at.saturating_sub(sent_at) as f64;
    if span == 0.0 {
        1.0
    } else {
        ((at - sent_at as f64) / span).clamp(0.0, 1.0)
    }
}

fn position(m: &MessageView) -> usize {
    match m.place {
        Place::Queue { position, .. } => position,
        Place::Link { .. } => 0,
    }
}

fn slot(q: &QueueSlot, k: usize) -> Point {
    Point::new(
        q.head.x + q.step.x * k as f64,
        q.head.y + q.step.y * k as f64,
    )
}

/// Where a hop starts and ends, for a pill of `size` (width, height) centred on the message:
/// the pill leaves touching its sender's rim and arrives touching its receiver's, so a message
/// never covers a node's name and state. On a hop too short for that, a direct hop's two ends
/// meet half-way, and a hop from a queue's head to the node beside it ends at its start (the
/// message waits at the head until it is delivered).
fn ends(
    topo: &Topology,
    from: NodeId,
    to: NodeId,
    hop: Hop,
    size: (f64, f64),
) -> Option<(Point, Point)> {
    let a = topo.node(from)?;
    let b = topo.node(to)?;
    match (hop, topo.queue(to)) {
        (Hop::ToBroker, Some(q)) => Some((beside(a, q.entry, size, 1.0), q.entry)),
        (Hop::ToConsumer, Some(q)) => Some((q.head, beside(b, q.head, size, 1.0))),
        _ => Some((
            beside(a, b.center, size, 0.5),
            beside(b, a.center, size, 0.5),
        )),
    }
}

/// The centre of a pill of `size` that touches `n`'s rim on the side facing `toward`; no further
/// from `n`'s centre than `share` of the way to `toward`.
fn beside(n: &super::topology::NodeBox, toward: Point, size: (f64, f64), share: f64) -> Point {
    let (dx, dy) = (toward.x - n.center.x, toward.y - n.center.y);
    let d = (dx * dx + dy * dy).sqrt();
    if d < 1e-9 {
        return n.center;
    }
    let (ux, uy) = (dx / d, dy / d);
    let dist = clearance(ux.abs(), uy.abs(), size.0 / 2.0, size.1 / 2.0, n.r).min(share * d);
    Point::new(n.center.x + ux * dist, n.center.y + uy * dist)
}

/// How far along the unit direction (a, b), a, b ≥ 0, the centre of a box with half-extents
/// (hw, hh) must go from a circle's centre for the box to keep out of the circle (radius r):
/// the least t at which the box's nearest point is r away. That point is on the box's side
/// (only the x or only the y gap open) or on its corner (both open).
fn clearance(a: f64, b: f64, hw: f64, hh: f64, r: f64) -> f64 {
    let side_x = (a > 1e-9).then(|| (hw + r) / a).filter(|t| b * t <= hh);
    let side_y = (b > 1e-9).then(|| (hh + r) / b).filter(|t| a * t <= hw);
    match (side_x, side_y) {
        (Some(x), Some(y)) => x.min(y),
        (Some(t), None) | (None, Some(t)) => t,
        // (a t - hw)^2 + (b t - hh)^2 = r^2 with a^2 + b^2 = 1; the larger root.
        (None, None) => {
            let p = a * hw + b * hh;
            p + (p * p - (hw * hw + hh * hh - r * r)).max(0.0).sqrt()
        }
    }
}

/// `label`, cut to `max` characters with an ellipsis.
pub fn fit(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else if max <= 1 {
        "…".to_string()
    } else {
        let mut s: String = label.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventKind;
    use crate::view::{fixture, topology};

    fn traffic_of(preset: &str, cursor: usize, queue: bool) -> (Topology, Traffic) {
        let run = fixture::run(preset, cursor);
        let topo = topology::layout(&run.nodes(), &run.groups(), queue);
        let t = layout(&topo, &run.messages(), None, run.now() as f64);
        (topo, t)
    }

    #[test]
    fn messages_move_along_their_hop_in_virtual_time() {
        // After 11 events of the happy run (t = 26): P1 has taken m0; m1 and m2 are on their
        // way from the broker to P2 and P3.
        let (_, t) = traffic_of("2pc-happy", 11, true);
        let dots: Vec<(u32, Hop, Point, f64)> = t
            .dots
            .iter()
            .map(|d| (d.id.0, d.hop, d.at, d.progress))
            .collect();
        assert_eq!(
            dots,
            [
                // P2 is at the bottom (centre (320, 556), radius 40): from its queue head
                // (320, 494) to where the 18-high pill touches its rim (320, 507), sent at 16,
                // arriving at 28: 10/12 of the way.
                (1, Hop::ToConsumer, Point { x: 320.0, y: 504.8 }, 0.83),
                // P3 is on the left, its queue head at (146, 320), 62 from its centre: the
                // 53.4-wide pill cannot come nearer without covering P3, so it waits at the
                // head, 6/17 of the way.
                (2, Hop::ToConsumer, Point { x: 146.0, y: 320.0 }, 0.35),
            ]
        );
        assert_eq!(t.dots[0].class, "tone-request");
        assert_eq!(t.dots[0].w, 53.4);
        assert_eq!(
            t.dots[0].title,
            "m1 PREPARE from C to P2, on its way from the queue"
        );
        assert_eq!(t.chips.len(), 1);
        let c = &t.chips[0];
        assert_eq!(
            (c.id, c.node, c.position, c.unacked),
            (MsgId(0), NodeId(1), 0, true)
        );
        assert_eq!(c.at, Point { x: 494.0, y: 320.0 });
        assert_eq!(
            c.title,
            "m0 PREPARE from C, in P1's queue at position 0, taken, not yet acknowledged"
        );
    }

    #[test]
    fn time_between_events_moves_the_dots_on() {
        let run = fixture::run("2pc-happy", 11);
        let topo = topology::layout(&run.nodes(), &run.groups(), true);
        let later = layout(&topo, &run.messages(), None, 27.5);
        assert_eq!(later.dots[1].progress, 0.44);
        // Past the arrival time, a dot waits at the end of its hop, touching P2's rim.
        let past = layout(&topo, &run.messages(), None, 99.0);
        assert_eq!(past.dots[0].at, Point { x: 320.0, y: 507.0 });
    }

    #[test]
    fn publishing_goes_to_the_receivers_queue() {
        // Right after C sends PREPARE to P1 (3 events): from C's rim towards P1's queue entry.
        let (_, t) = traffic_of("2pc-happy", 3, true);
        let d = &t.dots[0];
        assert_eq!((d.hop, d.progress), (Hop::ToBroker, 0.0));
        // C at (320, 84) r 40, P1's entry at (372, 320): along that line until the pill's top
        // edge (9 above its centre) is 40 below C's centre: 50.2 from it.
        assert_eq!(d.at, Point { x: 330.8, y: 133.0 });
    }

    #[test]
    fn lossy_messages_fly_straight() {
        let mut s = crate::scenario::Scenario::new("2pc", 3);
        s.transport = crate::model::Transport::Lossy;
        let mut run = crate::session::start(&s, 1000).expect("run");
        run.seek(3);
        let topo = topology::layout(&run.nodes(), &run.groups(), false);
        let t = layout(&topo, &run.messages(), None, run.now() as f64);
        assert_eq!(t.dots[0].hop, Hop::Direct);
        // From C towards P1 at (556, 320), the unit vector (1, 1)/√2, until the pill's upper
        // left corner (26.7 left of and 9 above its centre) is 40 from C's centre.
        assert_eq!(t.dots[0].at, Point { x: 364.7, y: 128.7 });
        assert!(t.chips.is_empty());
    }

    #[test]
    fn a_dropped_message_leaves_a_ghost_where_it_was() {
        // The PREPARE this preset drops: right after the event that drops it, its ghost is where
        // its pill was at that moment; one event later the ghost is gone.
        let full = fixture::run("2pc-lost-prepare", usize::MAX);
        let drop = (0..full.len())
            .find(|&i| full.event(i).is_some_and(|e| e.kind == EventKind::Drop))
            .expect("a drop");
        let mut run = fixture::run("2pc-lost-prepare", drop + 1);
        let queue = run.scenario().transport == crate::model::Transport::Queue;
        let topo = topology::layout(&run.nodes(), &run.groups(), queue);
        let v = run.vanished().expect("the lost message").clone();
        let t = layout(&topo, &run.messages(), Some(&v), run.now() as f64 + 5.0);
        let g = t.ghost.expect("a ghost");
        assert_eq!(
            (g.id, g.label, g.reason),
            (v.message.id, "PREPARE", v.reason)
        );
        // One event earlier, the messages were these and it.
        let mut before = run.messages();
        before.push(v.message.clone());
        let was = layout(&topo, &before, None, v.time as f64);
        let pill = was.dots.iter().find(|d| d.id == g.id).expect("its pill");
        assert_eq!((g.at, g.w), (pill.at, pill.w));
        assert!(
            t.dots.iter().all(|d| d.id != g.id),
            "not drawn as moving too"
        );
        // Its title is the sentence of the event that made it vanish ("m1 is dropped").
        assert_eq!(
            g.title(crate::i18n::Lang::En),
            full.event(drop).unwrap().text
        );
        run.seek(drop + 2);
        let later = layout(&topo, &run.messages(), run.vanished(), run.now() as f64);
        assert_eq!(later.ghost, None);
    }

    #[test]
    fn a_message_dropped_from_a_queue_leaves_its_ghost_in_its_chips_slot() {
        // 16 participants vote at once: the coordinator's queue fills, its head on the way to
        // it. Dropping the last chip drawn there leaves the ghost exactly where that chip was,
        // chip-sized, however many messages ahead of it are taken or on the link.
        let s = crate::scenario::Scenario::new("2pc", 16);
        let mut run = crate::session::start(&s, 2_000).expect("run");
        let mut checked = 0;
        for c in 1..run.len() {
            run.seek(c);
            let topo = topology::layout(&run.nodes(), &run.groups(), true);
            let before = layout(&topo, &run.messages(), None, run.now() as f64);
            let on_link = before
                .dots
                .iter()
                .any(|d| d.to == NodeId(0) && d.hop == Hop::ToConsumer);
            let chips: Vec<&Chip> = before
                .chips
                .iter()
                .filter(|c| c.node == NodeId(0))
                .collect();
            let Some(last) = chips.last().filter(|_| on_link && chips.len() >= 2) else {
                continue;
            };
            let mut dropped = crate::session::start(run.scenario(), 2_000).expect("run");
            dropped.seek(c);
            dropped
                .inject(crate::scenario::FaultSpec {
                    fault: Some(crate::scenario::FaultKind::Drop),
                    msg: Some(last.id.0),
                    ..Default::default()
                })
                .expect("inject");
            dropped.seek(c + 1);
            let after = layout(
                &topo,
                &dropped.messages(),
                dropped.vanished(),
                dropped.now() as f64,
            );
            let g = after.ghost.expect("a ghost");
            assert_eq!(
                (g.id, g.at, g.w, g.h),
                (last.id, last.at, last.w, CHIP_H),
                "event {c}"
            );
            assert!(g.queued && g.text.starts_with("✕ "));
            checked += 1;
            if checked == 3 {
                break;
            }
        }
        assert_eq!(
            checked, 3,
            "moments with a full queue and its head on the link"
        );
    }

    #[test]
    fn messages_sent_together_leave_in_a_column() {
        // Right after the coordinator sends PREPARE to everyone, on either transport, their
        // pills do not overlap: each starts a pill's height behind the one before.
        for (n, transport) in [
            (3, crate::model::Transport::Queue),
            (4, crate::model::Transport::Queue),
            (3, crate::model::Transport::Lossy),
        ] {
            let mut s = crate::scenario::Scenario::new("2pc", n);
            s.transport = transport;
            let mut run = crate::session::start(&s, 1_000).expect("run");
            let sends = (0..run.len())
                .take_while(|&i| run.event(i).is_some_and(|e| e.kind != EventKind::Deliver))
                .filter(|&i| run.event(i).is_some_and(|e| e.kind == EventKind::Send))
                .count();
            assert_eq!(sends, n, "{transport:?}: the PREPAREs go out first");
            let mut cursor = 0;
            let mut seen = 0;
            while seen < n {
                if run.event(cursor).is_some_and(|e| e.kind == EventKind::Send) {
                    seen += 1;
                }
                cursor += 1;
            }
            run.seek(cursor);
            let topo = topology::layout(
                &run.nodes(),
                &run.groups(),
                transport == crate::model::Transport::Queue,
            );
            let t = layout(&topo, &run.messages(), None, run.now() as f64);
            let leaving: Vec<&Dot> = t
                .dots
                .iter()
                .filter(|d| d.from == NodeId(0) && d.progress == 0.0)
                .collect();
            assert_eq!(leaving.len(), n, "{transport:?}");
            for (i, p) in leaving.iter().enumerate() {
                for q in &leaving[i + 1..] {
                    let apart = (p.at.x - q.at.x).abs() >= (p.w + q.w) / 2.0
                        || (p.at.y - q.at.y).abs() >= DOT_H;
                    assert!(
                        apart,
                        "{} at {:?} and {} at {:?} overlap ({transport:?})",
                        p.title, p.at, q.title, q.at
                    );
                }
            }
        }
    }

    /// Whether a `w`×`h` pill centred at `at` reaches within `radius` of `c`.
    fn pill_reaches(at: Point, (w, h): (f64, f64), c: Point, radius: f64) -> bool {
        let nx = c.x.clamp(at.x - w / 2.0, at.x + w / 2.0);
        let ny = c.y.clamp(at.y - h / 2.0, at.y + h / 2.0);
        (nx - c.x).powi(2) + (ny - c.y).powi(2) < radius * radius
    }

    #[test]
    fn messages_never_cover_their_nodes() {
        // Every message of long runs, on both transports, from 3 to 16 participants, at every
        // event and half-way to the next. Where its hop leaves room (the stretch between the
        // hop's ends, less the nodes' radii, is at least twice the pill's diagonal), its pill
        // stays out of its sender's and receiver's circles (0.1 allowed for rounding); where it
        // does not (the short hop from a queue's head, neighbours on a crowded ring), the pill
        // is still never centred over either node.
        use crate::model::Transport::{Lossy, Queue};
        let dist = |p: Point, q: Point| ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt();
        let (mut strong, mut weak) = (0, 0);
        for (n, transport) in [(3, Queue), (16, Queue), (3, Lossy), (16, Lossy)] {
            let mut s = crate::scenario::Scenario::new("2pc", n);
            s.transport = transport;
            let mut run = crate::session::start(&s, 400).expect("run");
            for cursor in 0..=run.len() {
                run.seek(cursor);
                let topo = topology::layout(&run.nodes(), &run.groups(), transport == Queue);
                for at in [run.now() as f64, run.now() as f64 + 0.5] {
                    for d in layout(&topo, &run.messages(), None, at).dots {
                        let from = topo.node(d.from).expect("sender");
                        let to = topo.node(d.to).expect("receiver");
                        let queue = topo.queue(d.to);
                        let free = match (d.hop, queue) {
                            (Hop::ToBroker, Some(q)) => dist(from.center, q.entry) - from.r,
                            (Hop::ToConsumer, Some(q)) => dist(q.head, to.center) - to.r,
                            _ => dist(from.center, to.center) - from.r - to.r,
                        };
                        let room = free >= 2.0 * (d.w * d.w + DOT_H * DOT_H).sqrt();
                        for node in [from, to] {
                            let place = format!(
                                "{} at {:?}, {} ({n} participants, {transport:?}, event {cursor})",
                                d.title, d.at, node.name
                            );
                            if room {
                                let keep_off = node.r - 0.1;
                                assert!(
                                    !pill_reaches(d.at, (d.w, DOT_H), node.center, keep_off),
                                    "covers {place}"
                                );
                                strong += 1;
                            } else {
                                assert!(dist(d.at, node.center) >= node.r, "centred on {place}");
                                weak += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(
            strong > 1000 && weak > 100,
            "{strong} and {weak} placements checked"
        );
    }

    #[test]
    fn long_queues_overflow() {
        let run = fixture::run("2pc-happy", 0);
        let topo = topology::layout(&run.nodes(), &run.groups(), true);
        let msgs: Vec<MessageView> = (0..9)
            .map(|k| MessageView {
                id: MsgId(k),
                from: NodeId(0),
                to: NodeId(2),
                label: "DECISION-REQ",
                arg: crate::model::Arg::None,
                tone: crate::model::Tone::Request,
                place: Place::Queue {
                    position: k as usize,
                    unacked: false,
                },
                redelivered: false,
            })
            .collect();
        let t = layout(&topo, &msgs, None, 0.0);
        // Capacity 7: six chips and "+3".
        assert_eq!(t.chips.len(), 6);
        assert_eq!(t.chips[0].text, "DECISION-…");
        assert_eq!(t.overflow.len(), 1);
        assert_eq!(t.overflow[0].more, 3);
        // P2 is at the bottom: head (320, 494), each next slot 17 higher.
        assert_eq!(t.overflow[0].at, Point { x: 320.0, y: 392.0 });
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("PREPARE", 7), "PREPARE");
        assert_eq!(fit("PREPARE", 5), "PREP…");
        assert_eq!(fit("PREPARE", 1), "…");
    }
}
