//! The sequence (space-time) diagram: a horizontal lane per node, one column per event that
//! matters to the nodes (the broker's bookkeeping, enqueue and ack, takes no column), an arrow
//! per message from its send to its delivery (or to where it was lost), and marks for log
//! writes, state changes, decisions, timers, crashes, recoveries and partitions. The event that
//! broke an invariant gets a highlighted band.
//!
//! The picture does not depend on the cursor: while playing, only [`Sequence::cursor_x`] moves
//! (the app veils what lies right of it), so the drawn shapes stay the same from frame to frame.

use super::{tone_class, Point};
use crate::model::{Event, EventKind, MsgId, NodeId};
use crate::session::EventView;
use crate::sorted::SortedMap;
use std::ops::Range;

pub const GUTTER: f64 = 48.0;
pub const COL: f64 = 14.0;
pub const LANE: f64 = 28.0;
pub const TOP: f64 = 24.0;
/// Runs up to this many events are drawn whole; longer ones in pages.
pub const MAX_EVENTS: usize = 600;
const PAGE: usize = 400;

mod parts;

pub use parts::*;

/// The events to draw for a run of `len` events with the cursor at `cursor`: the whole run if
/// it is short, else a page of [`MAX_EVENTS`] that keeps the cursor at least 100 events from its
/// left edge and moves in steps of 400, so that the picture holds still while playing.
pub fn window(len: usize, cursor: usize) -> Range<usize> {
    if len <= MAX_EVENTS {
        return 0..len;
    }
    let start = (cursor.saturating_sub(100) / PAGE * PAGE).min(len.saturating_sub(MAX_EVENTS));
    start..(start + MAX_EVENTS).min(len)
}

/// Whether an event takes a column.
fn drawn(e: &EventView) -> bool {
    !matches!(
        e.kind,
        EventKind::Begin | EventKind::Enqueue | EventKind::Ack
    )
}

/// Where a message came from: its send event, sender, receiver, label and class.
#[derive(Clone, Copy)]
struct Origin {
    send: usize,
    from: NodeId,
    to: NodeId,
    label: &'static str,
    class: &'static str,
}

/// Lays out `events[window]` for nodes named `names`, with the invariants broken at the events
/// `violations`. `events` is the whole run: sends before the window are found there.
pub fn layout(
    events: &[EventView],
    names: &[String],
    window: Range<usize>,
    violations: &[u64],
) -> Sequence {
    let window = window.start.min(events.len())..window.end.min(events.len());
    let lane_y = |n: NodeId| TOP + LANE * n.index() as f64 + LANE / 2.0;
    // Columns of the window's drawn events.
    let mut col: SortedMap<usize, usize> = SortedMap::new();
    for i in window.clone() {
        if drawn(&events[i]) {
            let k = col.len();
            col.insert(i, k);
        }
    }
    let cols = col.len();
    let x_of = |k: usize| GUTTER + COL * k as f64 + COL / 2.0;
    let x = |i: usize| col.get(&i).map(|&k| x_of(k));
    let right = GUTTER + COL * cols as f64;
    // Who sent what, and who was down when the window opens.
    let mut origin: SortedMap<MsgId, Origin> = SortedMap::new();
    let mut down_since: Vec<Option<f64>> = vec![None; names.len()];
    for (i, e) in events.iter().enumerate().take(window.end) {
        match (e.kind, e.msg, e.node, e.peer) {
            (EventKind::Send, Some(id), Some(from), Some(to)) => {
                origin.insert(
                    id,
                    Origin {
                        send: i,
                        from,
                        to,
                        label: e.label.unwrap_or("?"),
                        class: e.tone.map_or("tone-info", tone_class),
                    },
                );
            }
            // A copy starts where it was made.
            (EventKind::Duplicate, Some(id), _, _) => {
                if let (Event::Duplicate { copy, .. }, Some(o)) =
                    (&e.facts, origin.get(&id).copied())
                {
                    origin.insert(*copy, Origin { send: i, ..o });
                }
            }
            (EventKind::Crash, _, Some(n), _) if i < window.start => {
                if let Some(d) = down_since.get_mut(n.index()) {
                    *d = Some(GUTTER);
                }
            }
            (EventKind::Recover, _, Some(n), _) if i < window.start => {
                if let Some(d) = down_since.get_mut(n.index()) {
                    *d = None;
                }
            }
            _ => {}
        }
    }
    let mut lanes: Vec<Lane> = names
        .iter()
        .enumerate()
        .map(|(i, name)| Lane {
            node: NodeId(i as u8),
            name: name.clone(),
            y: lane_y(NodeId(i as u8)),
            down: Vec::new(),
        })
        .collect();
    let mut arrows = Vec::new();
    let mut marks = Vec::new();
    let mut ended: SortedMap<MsgId, ()> = Default::default();
    for i in window.clone() {
        let e = &events[i];
        let Some(xi) = x(i) else { continue };
        let on_lane = |n: Option<NodeId>| n.map(lane_y);
        let mut mark = |kind: MarkKind, y: Option<f64>, label: String| {
            if let Some(y) = y {
                marks.push(Mark {
                    index: i,
                    kind,
                    at: Point::new(xi, y),
                    label,
                });
            }
        };
        let label = e.label.unwrap_or("").to_string();
        match e.kind {
            EventKind::Deliver | EventKind::Drop => {
                let Some(id) = e.msg else { continue };
                let o = origin.get(&id).copied();
                let lost = e.kind == EventKind::Drop;
                let (from, to, l, class, start) = match (o, e.peer, e.node) {
                    (Some(o), _, _) => (o.from, o.to, o.label, o.class, Some(o.send)),
                    (None, Some(f), Some(t)) => (
                        f,
                        t,
                        e.label.unwrap_or("?"),
                        e.tone.map_or("tone-info", tone_class),
                        None,
                    ),
                    _ => continue,
                };
                let x1 = start.and_then(&x).unwrap_or(GUTTER);
                let (y1, mut y2) = (lane_y(from), lane_y(to));
                if lost {
                    // Half a lane short of the receiver: between two lanes, never on one.
                    y2 -= (y2 - y1).signum() * LANE / 2.0;
                    mark(MarkKind::Drop, Some(y2), label.clone());
                }
                ended.insert(id, ());
                arrows.push(Arrow {
                    msg: id,
                    label: l,
                    class,
                    nodes: (from, to),
                    from: Point::new(x1, y1),
                    to: Point::new(xi, y2),
                    end: i,
                    lost,
                    pending: false,
                });
            }
            EventKind::Persist => mark(MarkKind::Persist, on_lane(e.node), label),
            EventKind::Commit => mark(MarkKind::Txn, on_lane(e.node), label),
            EventKind::Confirm => mark(MarkKind::Confirm, on_lane(e.node), "confirm".into()),
            EventKind::Become => {
                let kind = match e.outcome {
                    Some(o) => MarkKind::Outcome(o.way),
                    None => MarkKind::Become,
                };
                mark(kind, on_lane(e.node), label)
            }
            EventKind::Timer => mark(MarkKind::Timer, on_lane(e.node), label),
            EventKind::Crash => {
                if let Some(d) = e.node.and_then(|n| down_since.get_mut(n.index())) {
                    *d = Some(xi);
                }
                mark(MarkKind::Crash, on_lane(e.node), "crash".into())
            }
            EventKind::Recover => {
                if let Some(n) = e.node {
                    if let Some(Some(since)) = down_since.get(n.index()).copied() {
                        if let Some(l) = lanes.get_mut(n.index()) {
                            l.down.push((since, xi));
                        }
                    }
                    if let Some(d) = down_since.get_mut(n.index()) {
                        *d = None;
                    }
                }
                mark(MarkKind::Recover, on_lane(e.node), "recover".into())
            }
            EventKind::Requeue => mark(MarkKind::Requeue, on_lane(e.node), "requeue".into()),
            EventKind::Duplicate | EventKind::Delay => {
                let to = e.msg.and_then(|id| origin.get(&id)).map(|o| o.to);
                let kind = if e.kind == EventKind::Duplicate {
                    MarkKind::Duplicate
                } else {
                    MarkKind::Delay
                };
                mark(kind, to.map(lane_y), e.kind.name().into())
            }
            EventKind::Partition => mark(MarkKind::Partition, Some(TOP), "split".into()),
            EventKind::Heal => mark(MarkKind::Heal, Some(TOP), "heal".into()),
            EventKind::DropRate => mark(MarkKind::DropRate, Some(TOP), "loss".into()),
            _ => {}
        }
    }
    // Messages sent and neither delivered nor lost within the window run to its edge.
    for (id, o) in &origin {
        if ended.contains_key(id) || !window.contains(&o.send) {
            continue;
        }
        let Some(x1) = x(o.send) else { continue };
        let (y1, y2) = (lane_y(o.from), lane_y(o.to));
        arrows.push(Arrow {
            msg: *id,
            label: o.label,
            class: o.class,
            nodes: (o.from, o.to),
            from: Point::new(x1, y1),
            to: Point::new(right, y1 + (y2 - y1) / 2.0),
            end: o.send,
            pending: true,
            lost: false,
        });
    }
    for (n, since) in down_since.iter().enumerate() {
        if let (Some(since), Some(l)) = (since, lanes.get_mut(n)) {
            l.down.push((*since, right));
        }
    }
    let bands = violations
        .iter()
        .filter_map(|&v| {
            let v = v as usize;
            let (&i, &k) = col.between(&v, &usize::MAX).next().or_else(|| {
                v.checked_sub(1)
                    .and_then(|w| col.between(&0, &w).next_back())
            })?;
            window.contains(&v).then_some(Band {
                index: i,
                x: x_of(k),
            })
        })
        .collect();
    let mut ticks: Vec<Tick> = Vec::new();
    let mut last_time = None;
    for (&i, &k) in &col {
        if k % 8 == 0 && last_time != Some(events[i].time) {
            last_time = Some(events[i].time);
            ticks.push(Tick {
                x: x_of(k),
                ms: events[i].time,
            });
        }
    }
    Sequence {
        width: right + 12.0,
        height: TOP + LANE * names.len() as f64 + 6.0,
        window,
        lanes,
        arrows,
        marks,
        bands,
        ticks,
        columns: col.keys().copied().collect(),
    }
}

#[cfg(test)]
mod tests;
