//! The arithmetic of the picture's messages: a pill's width, how far along its link a message
//! is, where a queue's chips and a link's ends sit, and labels cut to fit.

use super::{CHAR_W, REDELIVERED_W};
use crate::model::{Hop, NodeId};
use crate::session::{MessageView, Place};
use crate::view::topology::{NodeBox, QueueSlot, Topology};
use crate::view::{round, Point};

/// Width of a message's pill on a link (with the redelivery mark, if any).
pub(super) fn pill_w(m: &MessageView) -> f64 {
    let mark = if m.redelivered { REDELIVERED_W } else { 0.0 };
    round(m.label.len() as f64 * CHAR_W + 10.0 + mark)
}

/// How far along a hop from `sent_at` to `arrive_at` a message is at `at`, 0 to 1.
pub(super) fn progress(sent_at: u64, arrive_at: u64, at: f64) -> f64 {
    let span = arrive_at.saturating_sub(sent_at) as f64;
    if span == 0.0 {
        1.0
    } else {
        ((at - sent_at as f64) / span).clamp(0.0, 1.0)
    }
}

pub(super) fn position(m: &MessageView) -> usize {
    match m.place {
        Place::Queue { position, .. } => position,
        Place::Link { .. } => 0,
    }
}

pub(super) fn slot(q: &QueueSlot, k: usize) -> Point {
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
pub(super) fn ends(
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
fn beside(n: &NodeBox, toward: Point, size: (f64, f64), share: f64) -> Point {
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
