//! The run's verdict, standing and badges, read from presets that end each way.

use super::*;
use crate::view::{events, fixture};

#[test]
fn happy_ends_committed() {
    let run = fixture::run("2pc-happy", 10_000);
    let s = status(
        &run.nodes(),
        run.violations(),
        run.terminated(),
        true,
        Lang::En,
    );
    assert_eq!(s.verdict, Verdict::Settled(crate::protocol::commit::COMMIT));
    assert_eq!(s.headline, "Every node committed");
    let outcomes: Vec<String> = s
        .nodes
        .iter()
        .map(|n| outcome_words(Lang::En, n.outcome))
        .collect();
    assert_eq!(outcomes, ["commit"; 4]);
    assert!(s.alerts.is_empty());
}

#[test]
fn halfway_is_running() {
    let run = fixture::run("2pc-happy", 45);
    let s = status(
        &run.nodes(),
        run.violations(),
        run.terminated(),
        false,
        Lang::En,
    );
    assert_eq!(s.verdict, Verdict::Running);
    // C and P3 have committed.
    assert_eq!(s.headline, "Running: 2 of 4 nodes decided");
    assert_eq!(s.nodes[1].badges, [Badge::InDoubt]);
}

#[test]
fn a_crashed_coordinator_blocks_everyone() {
    let run = fixture::run("2pc-coordinator-crash-in-doubt", 40);
    let s = status(
        &run.nodes(),
        run.violations(),
        run.terminated(),
        false,
        Lang::En,
    );
    assert_eq!(s.verdict, Verdict::Blocked);
    assert_eq!(
        s.headline,
        "BLOCKED: P1, P2, P3 are in doubt and nobody reachable knows the outcome"
    );
    assert_eq!(s.nodes[0].badges, [Badge::Down]);
    assert_eq!(s.nodes[0].outcome, None);
    assert_eq!(s.nodes[2].badges, [Badge::Blocked]);
}

#[test]
fn a_violation_names_its_event() {
    let run = fixture::run("3pc-partition-violation", 10_000);
    let s = status(
        &run.nodes(),
        run.violations(),
        run.terminated(),
        true,
        Lang::En,
    );
    assert_eq!(s.verdict, Verdict::Violated);
    assert_eq!(
        s.alerts[0],
        Alert {
            event: 80,
            text: "Agreement violated at event #80: P2 decides abort while C decided commit".into()
        }
    );
    assert_eq!(s.headline, "Agreement violated (2 times so far)");
    assert_eq!(s.alerts.len(), 2);
    let first = fixture::run("3pc-partition-violation", 81);
    let s = status(
        &first.nodes(),
        first.violations(),
        first.terminated(),
        false,
        Lang::En,
    );
    assert_eq!(s.headline, "Agreement violated");
}

#[test]
fn timeline_marks_the_story() {
    let run = fixture::run("2pc-lost-prepare", 0);
    let ev = events(run.as_ref());
    let marks = timeline(&ev, &[], 0.005);
    let got: Vec<(usize, &str, f64)> = marks.iter().map(|m| (m.index, m.class, m.frac)).collect();
    // The drop (event 4 of 58), then C's abort (26) and the participants' (35, 40, 45),
    // each at (index + 1) / 58 of the track.
    assert_eq!(
        got,
        [
            (4, "tm-drop", 0.086),
            (26, "tm-abort", 0.466),
            (35, "tm-abort", 0.621),
            (40, "tm-abort", 0.707),
            (45, "tm-abort", 0.793),
        ]
    );
    assert_eq!(marks[0].title, "#4 at 0 ms: m1 is dropped");
}

#[test]
fn crash_recovery_and_the_aborts_that_follow() {
    let run = fixture::run("2pc-coordinator-crash-in-doubt", 0);
    let ev = events(run.as_ref());
    let marks = timeline(&ev, &[], 0.005);
    let got: Vec<(usize, &str)> = marks.iter().map(|m| (m.index, m.class)).collect();
    assert_eq!(
        got,
        [
            (31, "tm-crash"),
            (603, "tm-recover"),
            (605, "tm-abort"),
            (617, "tm-abort"),
            (622, "tm-abort"),
            (632, "tm-abort"),
        ]
    );
}

#[test]
fn close_marks_of_a_kind_merge() {
    // Built from a real event, so that new fields of EventView need no change here.
    let model = fixture::run("2pc-happy", 0).event(1).expect("event");
    let ev = |index: usize, kind: EventKind| EventView {
        index,
        time: index as u64,
        kind,
        label: None,
        ..model.clone()
    };
    let mut all: Vec<EventView> = (0..1000).map(|i| ev(i, EventKind::Timer)).collect();
    all[100] = ev(100, EventKind::Crash);
    all[102] = ev(102, EventKind::Crash);
    all[103] = ev(103, EventKind::Recover);
    all[110] = ev(110, EventKind::Crash);
    let marks = timeline(&all, &[102], 0.005);
    let got: Vec<(usize, &str)> = marks.iter().map(|m| (m.index, m.class)).collect();
    // 102 is a violation (kept: another kind), 110 is 1% after 100 (kept).
    assert_eq!(
        got,
        [
            (100, "tm-crash"),
            (102, "tm-violation"),
            (103, "tm-recover"),
            (110, "tm-crash")
        ]
    );
    all[104] = ev(104, EventKind::Crash);
    let merged: Vec<usize> = timeline(&all, &[], 0.005).iter().map(|m| m.index).collect();
    assert_eq!(merged, [100, 103, 110]);
    // A wider gap swallows 110 too; violations are never merged.
    let wide: Vec<usize> = timeline(&all, &[104, 110], 0.02)
        .iter()
        .map(|m| m.index)
        .collect();
    assert_eq!(wide, [100, 103, 104, 110]);
}
