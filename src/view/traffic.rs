//! Messages in the topology picture: each one on its link, placed by how far it has come in
//! virtual time, and the ones waiting in queues stacked as chips.
//!
//! Queue transport: a message goes from its sender to the broker end of its receiver's queue
//! (hop `to_broker`), waits there as a chip, and goes from the queue's head to the receiver
//! (hop `to_consumer`). Lossy transport: straight from sender to receiver (hop `direct`).

use super::topology::{QueueSlot, Topology};
use super::{tone_class, Point};
use crate::model::{MsgId, NodeId};
use crate::session::{MessageView, Place};

/// Width of one character of a label, in viewBox units, at the pictures' label size.
const CHAR_W: f64 = 6.2;
const CHIP_CHAR_W: f64 = 5.4;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Traffic {
    /// Messages on links.
    pub dots: Vec<Dot>,
    /// Messages waiting in queues.
    pub chips: Vec<Chip>,
    /// Queues too long to draw whole: "+n more" at their last slot.
    pub overflow: Vec<Overflow>,
}

/// A message on a link.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    pub id: MsgId,
    pub label: &'static str,
    /// `tone-*`.
    pub class: &'static str,
    pub at: Point,
    /// Width of the label's pill.
    pub w: f64,
    pub from: NodeId,
    pub to: NodeId,
    pub hop: &'static str,
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

/// Places `messages` in `topo` at virtual time `at` (which may fall between two events).
pub fn layout(topo: &Topology, messages: &[MessageView], at: f64) -> Traffic {
    let mut out = Traffic::default();
    let name = |id: NodeId| topo.node(id).map_or("?", |n| n.name.as_str()).to_string();
    let mut queued: Vec<&MessageView> = Vec::new();
    for m in messages {
        match m.place {
            Place::Link {
                hop,
                sent_at,
                arrive_at,
            } => {
                let Some((a, b)) = ends(topo, m.from, m.to, hop) else {
                    continue;
                };
                let span = arrive_at.saturating_sub(sent_at) as f64;
                let progress = if span == 0.0 {
                    1.0
                } else {
                    ((at - sent_at as f64) / span).clamp(0.0, 1.0)
                };
                let where_ = match hop {
                    "to_broker" => "on its way to the broker",
                    "to_consumer" => "on its way from the queue",
                    _ => "on the network",
                };
                out.dots.push(Dot {
                    id: m.id,
                    label: m.label,
                    class: tone_class(m.tone),
                    at: a.lerp(b, progress),
                    w: super::round(m.label.len() as f64 * CHAR_W + 10.0),
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

/// Where a hop starts and ends.
fn ends(topo: &Topology, from: NodeId, to: NodeId, hop: &str) -> Option<(Point, Point)> {
    let a = topo.node(from)?;
    let b = topo.node(to)?;
    let rim = |n: &super::topology::NodeBox, toward: Point| {
        let (dx, dy) = (toward.x - n.center.x, toward.y - n.center.y);
        let d = (dx * dx + dy * dy).sqrt();
        if d < 1e-9 {
            n.center
        } else {
            Point::new(n.center.x + dx / d * n.r, n.center.y + dy / d * n.r)
        }
    };
    match (hop, topo.queue(to)) {
        ("to_broker", Some(q)) => Some((rim(a, q.entry), q.entry)),
        ("to_consumer", Some(q)) => Some((q.head, rim(b, q.head))),
        _ => Some((rim(a, b.center), rim(b, a.center))),
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
    use crate::view::{fixture, topology};

    fn traffic_of(preset: &str, cursor: usize, queue: bool) -> (Topology, Traffic) {
        let run = fixture::run(preset, cursor);
        let topo = topology::layout(&run.nodes(), &run.groups(), queue);
        let t = layout(&topo, &run.messages(), run.now() as f64);
        (topo, t)
    }

    #[test]
    fn messages_move_along_their_hop_in_virtual_time() {
        // After 11 events of the happy run (t = 26): P1 has taken m0; m1 and m2 are on their
        // way from the broker to P2 and P3.
        let (_, t) = traffic_of("2pc-happy", 11, true);
        let dots: Vec<(u32, &str, Point, f64)> = t
            .dots
            .iter()
            .map(|d| (d.id.0, d.hop, d.at, d.progress))
            .collect();
        assert_eq!(
            dots,
            [
                // P2 is at the bottom: from its queue head (320, 494) to its rim (320, 516),
                // sent at 16, arriving at 28: 10/12 of the way.
                (1, "to_consumer", Point { x: 320.0, y: 512.3 }, 0.83),
                // P3 is on the left: from (146, 320) to (124, 320), 6/17 of the way.
                (2, "to_consumer", Point { x: 138.2, y: 320.0 }, 0.35),
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
        let later = layout(&topo, &run.messages(), 27.5);
        assert_eq!(later.dots[1].progress, 0.44);
        // Past the arrival time, a dot waits at the end of its hop.
        let past = layout(&topo, &run.messages(), 99.0);
        assert_eq!(past.dots[0].at, Point { x: 320.0, y: 516.0 });
    }

    #[test]
    fn publishing_goes_to_the_receivers_queue() {
        // Right after C sends PREPARE to P1 (3 events): from C's rim towards P1's queue entry.
        let (_, t) = traffic_of("2pc-happy", 3, true);
        let d = &t.dots[0];
        assert_eq!((d.hop, d.progress), ("to_broker", 0.0));
        // C at (320, 84) r 40, P1's entry at (372, 320): the rim point along that line.
        assert_eq!(d.at, Point { x: 328.6, y: 123.1 });
    }

    #[test]
    fn lossy_messages_fly_straight() {
        let mut s = crate::scenario::Scenario::new("2pc", 3);
        s.transport = crate::sim::Transport::Lossy;
        let mut run = crate::session::start(&s, 1000).expect("run");
        run.seek(3);
        let topo = topology::layout(&run.nodes(), &run.groups(), false);
        let t = layout(&topo, &run.messages(), run.now() as f64);
        assert_eq!(t.dots[0].hop, "direct");
        // From C's rim towards P1 at (556, 320): the unit vector is (1, 1)/√2.
        assert_eq!(t.dots[0].at, Point { x: 348.3, y: 112.3 });
        assert!(t.chips.is_empty());
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
                tone: crate::model::Tone::Request,
                place: Place::Queue {
                    position: k as usize,
                    unacked: false,
                },
                redelivered: false,
            })
            .collect();
        let t = layout(&topo, &msgs, 0.0);
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
