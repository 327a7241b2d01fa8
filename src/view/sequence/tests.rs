//! The diagram of preset runs: lanes, arrows and marks, the cursor, crashes, the violating band,
//! duplicates, and outcomes read from the protocol rather than the state names.

use super::*;
use crate::model::Way;
use crate::view::{events, fixture};

fn names(run: &dyn crate::session::Run) -> Vec<String> {
    run.nodes().into_iter().map(|n| n.name).collect()
}

#[test]
fn lost_prepare_whole_run() {
    let run = fixture::run("2pc-lost-prepare", 10_000);
    let ev = events(run.as_ref());
    assert_eq!(ev.len(), 58);
    let s = layout(&ev, &names(run.as_ref()), window(58, 58), &[]);
    // 58 events, less begin, 10 enqueues and 10 acks: 37 columns of 14 after a 48 gutter.
    assert_eq!(s.window, 0..58);
    assert_eq!(
        (s.width, s.height),
        (48.0 + 14.0 * 37.0 + 12.0, 24.0 + 28.0 * 4.0 + 6.0)
    );
    assert_eq!(s.cursor_x(58), 48.0 + 14.0 * 37.0);
    // Before the first event, and after begin (which takes no column): left of column 0.
    assert_eq!((s.cursor_x(0), s.cursor_x(1)), (48.0, 48.0));
    let lanes: Vec<(&str, f64)> = s.lanes.iter().map(|l| (l.name.as_str(), l.y)).collect();
    assert_eq!(
        lanes,
        [("C", 38.0), ("P1", 66.0), ("P2", 94.0), ("P3", 122.0)]
    );
    // Ten deliveries and the PREPARE dropped on its way to P2.
    assert_eq!(s.arrows.len(), 11);
    let lost: Vec<&Arrow> = s.arrows.iter().filter(|a| a.lost).collect();
    assert_eq!(lost.len(), 1);
    let m1 = lost[0];
    assert_eq!(
        (m1.msg, m1.label, m1.class, m1.end),
        (MsgId(1), "PREPARE", "tone-request", 4)
    );
    // Sent in column 2, dropped in column 3; it stops half a lane above P2's lane (94).
    assert_eq!(m1.from, Point { x: 83.0, y: 38.0 });
    assert_eq!(m1.to, Point { x: 97.0, y: 80.0 });
    let drop = s
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Drop)
        .expect("drop mark");
    assert_eq!((drop.index, drop.at), (4, Point { x: 97.0, y: 80.0 }));
    // m0: C sends PREPARE in column 1, P1 receives it in column 5.
    let m0 = s.arrows.iter().find(|a| a.msg == MsgId(0)).expect("m0");
    assert_eq!(
        (m0.from, m0.to),
        (Point { x: 69.0, y: 38.0 }, Point { x: 125.0, y: 66.0 })
    );
    assert!(!m0.pending);
    assert_eq!(m0.nodes, (NodeId(0), NodeId(1)));
    // C aborts on its vote timeout (event 26, column 17).
    let abort = s
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Outcome(Way::Back) && m.at.y == 38.0)
        .expect("C's abort");
    assert_eq!(
        (abort.index, abort.at.x, abort.label.as_str()),
        (26, 293.0, "ABORT")
    );
    let ticks: Vec<u64> = s.ticks.iter().map(|t| t.ms).collect();
    assert_eq!(ticks, [0, 26, 300, 323, 328]);
    assert!(s.bands.is_empty());
}

#[test]
fn the_future_lies_right_of_the_cursor_and_unfinished_messages_are_pending() {
    let run = fixture::run("2pc-lost-prepare", 0);
    let ev = events(run.as_ref());
    // Show only the first 6 events, cursor after 3: m0 and m2 are still under way at the
    // window's edge (x = 48 + 14·5 = 118, halfway down to their receivers).
    let s = layout(&ev, &names(run.as_ref()), 0..6, &[]);
    assert_eq!(s.cursor_x(3), 48.0 + 14.0 * 2.0);
    let pending: Vec<(u32, Point)> = s
        .arrows
        .iter()
        .filter(|a| a.pending)
        .map(|a| (a.msg.0, a.to))
        .collect();
    assert_eq!(
        pending,
        [
            (0, Point { x: 118.0, y: 52.0 }),
            (2, Point { x: 118.0, y: 80.0 })
        ]
    );
    // m1, sent at event 3 and lost at event 4, is all right of the cursor (after 3 events).
    let lost = s.arrows.iter().find(|a| a.lost).expect("m1");
    assert!(lost.from.x > s.cursor_x(3));
}

#[test]
fn crashes_grey_out_a_lane_until_recovery() {
    let run = fixture::run("2pc-coordinator-crash-in-doubt", 10_000);
    let ev = events(run.as_ref());
    assert_eq!(ev.len(), 972);
    let crash = ev
        .iter()
        .position(|e| e.kind == EventKind::Crash)
        .expect("crash");
    let recover = ev
        .iter()
        .position(|e| e.kind == EventKind::Recover)
        .expect("recover");
    assert_eq!((crash, recover), (31, 603));
    // Long run: drawn in pages of 600 events.
    assert_eq!(window(972, 40), 0..600);
    assert_eq!(window(972, 600), 372..972);
    let n = names(run.as_ref());
    let early = layout(&ev, &n, window(972, 40), &[]);
    let c = &early.lanes[0];
    // Down from the crash's column to the end of the page.
    assert_eq!(c.down.len(), 1);
    assert_eq!(c.down[0].1, early.width - 12.0);
    let crash_mark = early
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Crash)
        .expect("crash");
    assert_eq!(c.down[0].0, crash_mark.at.x);
    assert_eq!(crash_mark.at.y, 38.0);
    // The last page opens with C already down and shows it recover.
    let late = layout(&ev, &n, window(972, 972), &[]);
    let rec = late
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Recover)
        .expect("recover");
    assert_eq!(late.lanes[0].down, [(GUTTER, rec.at.x)]);
}

#[test]
fn the_violating_event_is_banded() {
    let run = fixture::run("3pc-partition-violation", 10_000);
    let ev = events(run.as_ref());
    let v: Vec<u64> = run.violations().iter().map(|v| v.event).collect();
    // P2 aborts at event 80 and P3 at 94, while C has committed.
    assert_eq!(v, [80, 94]);
    let s = layout(&ev, &names(run.as_ref()), window(ev.len(), ev.len()), &v);
    let bands: Vec<usize> = s.bands.iter().map(|b| b.index).collect();
    assert_eq!(bands, [80, 94]);
    let decision = s
        .marks
        .iter()
        .find(|m| m.index == v[0] as usize)
        .expect("mark");
    assert_eq!(decision.at.x, s.bands[0].x);
    let split = s
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Partition)
        .expect("split");
    assert_eq!((split.at.y, split.label.as_str()), (TOP, "split"));
}

#[test]
fn a_duplicate_is_drawn_from_where_it_was_copied() {
    let mut s = crate::scenario::Scenario::new("2pc", 2);
    s.faults.push(crate::scenario::FaultSpec {
        after: Some(crate::scenario::PatternSpec {
            event: Some("send".into()),
            label: Some("PREPARE".into()),
            ..Default::default()
        }),
        fault: Some(crate::scenario::FaultKind::Duplicate),
        ..Default::default()
    });
    let run = crate::session::start(&s, 1000).expect("run");
    let ev = events(run.as_ref());
    let dup = ev
        .iter()
        .position(|e| e.kind == EventKind::Duplicate)
        .expect("duplicate");
    assert_eq!(ev[dup].text, "m0 is duplicated as m1");
    let seq = layout(&ev, &names(run.as_ref()), 0..ev.len(), &[]);
    let copy = seq.arrows.iter().find(|a| a.msg == MsgId(1)).expect("copy");
    let mark = seq
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Duplicate)
        .expect("mark");
    assert_eq!(copy.from.x, mark.at.x);
    assert_eq!(copy.label, "PREPARE");
    // The second PREPARE (to P2) is m2, not m1: the copy took m1.
    assert!(ev
        .iter()
        .any(|e| e.kind == EventKind::Send && e.msg == Some(MsgId(2))));
}

#[test]
fn outcomes_come_from_the_protocol_not_the_state_names() {
    // 3PC's PRECOMMIT holds "COMMIT" in its name but stands for no outcome; its COMMIT state
    // does.
    let run = fixture::run("3pc-happy", 10_000);
    let ev = events(run.as_ref());
    let becomes: Vec<(&str, Option<Way>)> = ev
        .iter()
        .filter(|e| e.kind == EventKind::Become)
        .map(|e| (e.label.unwrap_or(""), e.outcome.map(|o| o.way)))
        .collect();
    assert!(becomes.contains(&("COMMIT", Some(Way::Ahead))));
    assert!(becomes
        .iter()
        .any(|(l, _)| l.contains("COMMIT") && *l != "COMMIT"));
    for (label, way) in becomes {
        assert_eq!(way.is_some(), label == "COMMIT", "{label}");
    }
}
