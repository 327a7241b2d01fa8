//! The event log: the run's events as sentences around the cursor, optionally only those that
//! concern one node, and optionally without the broker's bookkeeping (enqueue, ack).

use crate::model::{EventKind, MsgId, NodeId};
use crate::session::EventView;
use crate::sorted::SortedMap;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only events at this node, from or to it, or about its messages.
    pub node: Option<NodeId>,
    /// Hide the broker's enqueue and ack events.
    pub hide_bookkeeping: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub index: usize,
    pub time: u64,
    pub kind: EventKind,
    /// `kind-*`, for the row's icon.
    pub class: String,
    pub text: String,
    /// Already applied.
    pub past: bool,
    /// The last event applied: the one the picture shows the effect of.
    pub current: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Log {
    pub rows: Vec<Row>,
    /// Matching events not shown before the first row and after the last.
    pub hidden_before: usize,
    pub hidden_after: usize,
}

/// The matching events: up to `before` of them before the cursor and `after` from it on.
pub fn rows(
    events: &[EventView],
    filter: Filter,
    cursor: usize,
    before: usize,
    after: usize,
) -> Log {
    rows_among(events, &matching(events, filter), cursor, before, after)
}

/// The indices of the events that `filter` lets through, in order. It depends on the run and
/// the filter only: the app computes it once, not at every step of the cursor.
pub fn matching(events: &[EventView], filter: Filter) -> Vec<usize> {
    let mut parties: SortedMap<MsgId, (NodeId, NodeId)> = SortedMap::new();
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            if let (EventKind::Send, Some(id), Some(a), Some(b)) = (e.kind, e.msg, e.node, e.peer) {
                parties.insert(id, (a, b));
            }
            if filter.hide_bookkeeping && matches!(e.kind, EventKind::Enqueue | EventKind::Ack) {
                return false;
            }
            let Some(n) = filter.node else { return true };
            if e.node == Some(n) || e.peer == Some(n) {
                return true;
            }
            match (e.node, e.msg) {
                // Drops, duplicates and delays: whoever sent or receives the message.
                (None, Some(id)) => parties.get(&id).is_some_and(|(a, b)| *a == n || *b == n),
                // Begin, partitions, heals, loss rate: everybody.
                (None, None) => true,
                (Some(_), _) => false,
            }
        })
        .map(|(i, _)| i)
        .collect()
}

/// [`rows`] among the events `matching` (indices into `events`, in order, as [`matching`]
/// returns them).
pub fn rows_among(
    events: &[EventView],
    matching: &[usize],
    cursor: usize,
    before: usize,
    after: usize,
) -> Log {
    let split = matching.partition_point(|&i| i < cursor);
    let lo = split.saturating_sub(before);
    let hi = (split + after).min(matching.len());
    Log {
        rows: matching[lo..hi]
            .iter()
            .filter_map(|&i| events.get(i))
            .map(|e| Row {
                index: e.index,
                time: e.time,
                kind: e.kind,
                class: format!("kind-{}", e.kind.name().replace('_', "-")),
                text: e.text.clone(),
                past: e.index < cursor,
                current: e.index + 1 == cursor,
            })
            .collect(),
        hidden_before: lo,
        hidden_after: matching.len() - hi,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::{events, fixture};

    #[test]
    fn around_the_cursor() {
        let run = fixture::run("2pc-happy", 0);
        let ev = events(run.as_ref());
        let log = rows(&ev, Filter::default(), 12, 3, 2);
        let shown: Vec<(usize, bool, bool)> = log
            .rows
            .iter()
            .map(|r| (r.index, r.past, r.current))
            .collect();
        assert_eq!(
            shown,
            [
                (9, true, false),
                (10, true, false),
                (11, true, true),
                (12, false, false),
                (13, false, false)
            ]
        );
        assert_eq!((log.hidden_before, log.hidden_after), (9, 51));
        assert_eq!(log.rows[2].text, "P1 sends YES to C (m3)");
        assert_eq!(log.rows[2].class, "kind-send");
    }

    #[test]
    fn one_node_without_bookkeeping() {
        let run = fixture::run("2pc-lost-prepare", 0);
        let ev = events(run.as_ref());
        let f = Filter {
            node: Some(NodeId(2)),
            hide_bookkeeping: true,
        };
        let log = rows(&ev, f, 58, 100, 0);
        let idx: Vec<usize> = log.rows.iter().map(|r| r.index).collect();
        // Begin, the PREPARE sent to P2 and dropped, the ABORT it gets, its log write, its
        // state change, its ACK and C's receipt of that ACK.
        assert_eq!(idx, [0, 3, 4, 28, 33, 34, 35, 36, 50]);
        assert_eq!(log.rows[2].text, "m1 is dropped");
        assert!(log.rows.iter().all(|r| r.past));
        assert!(!log.rows[8].current);
    }

    #[test]
    fn at_the_start_nothing_is_past() {
        let run = fixture::run("2pc-happy", 0);
        let ev = events(run.as_ref());
        let log = rows(&ev, Filter::default(), 0, 5, 2);
        assert_eq!(log.rows.len(), 2);
        assert!(log.rows.iter().all(|r| !r.past && !r.current));
        assert_eq!((log.hidden_before, log.hidden_after), (0, 63));
    }
}
