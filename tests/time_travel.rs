//! Time travel: a hand-made fault injected at the cursor truncates the run there and re-runs
//! what follows; it becomes part of the scenario (`before_event` = the cursor), so the scenario
//! reopened from its JSON reproduces the new run, and rewinding and replaying reproduces the fault.

use txscope::model::EventKind;
use txscope::model::{MsgId, NodeId};
use txscope::presets::preset;
use txscope::protocol::commit::ABORT;
use txscope::scenario::{FaultKind, FaultSpec, PatternSpec, Scenario};
use txscope::session::{self, EventView, Place, Run, Session, SNAPSHOT_EVERY};

const MAX_EVENTS: usize = 100_000;

fn fault(kind: FaultKind) -> FaultSpec {
    FaultSpec {
        fault: Some(kind),
        ..Default::default()
    }
}

fn crash(node: &str) -> FaultSpec {
    FaultSpec {
        node: Some(node.into()),
        ..fault(FaultKind::Crash)
    }
}

fn events(run: &dyn Run) -> Vec<EventView> {
    (0..run.len()).map(|i| run.event(i).unwrap()).collect()
}

fn reopen(run: &dyn Run) -> Box<dyn Run> {
    let json = run.scenario().to_json();
    let scenario = Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e}:\n{json}"));
    session::start(&scenario, MAX_EVENTS).unwrap()
}

fn typed(scenario: &Scenario) -> Session {
    Session::new(scenario.clone(), scenario.compile().unwrap(), MAX_EVENTS)
}

fn name(run: &dyn Run, id: Option<NodeId>) -> Option<String> {
    id.map(|id| run.roster().name(id).to_string())
}

/// Where C forces its COMMIT in 2pc-happy: the moment to break.
fn commit_point(run: &dyn Run) -> usize {
    events(run)
        .iter()
        .find(|e| {
            e.kind == EventKind::Persist
                && e.label == Some("COMMIT")
                && name(run, e.node).as_deref() == Some("C")
        })
        .expect("C forces COMMIT")
        .index
}

#[test]
fn injecting_a_crash_truncates_the_run_and_replays_the_rest() {
    let mut run = session::start(&preset("2pc-happy").unwrap(), MAX_EVENTS).unwrap();
    let before = events(run.as_ref());
    let c = commit_point(run.as_ref());
    // Travel back to just before C decides, and crash it there.
    run.seek(c);
    run.inject(crash("C")).unwrap();
    assert_eq!(run.cursor(), c, "the cursor stays where the fault was made");
    let after = events(run.as_ref());
    assert_eq!(after[..c], before[..c], "the past is untouched");
    assert_eq!(after[c].kind, EventKind::Crash);
    assert_eq!(name(run.as_ref(), after[c].node).as_deref(), Some("C"));
    // What follows is a different story: C never decides, everyone stays in doubt.
    assert!(after[c..]
        .iter()
        .all(|e| !(e.kind == EventKind::Persist
            && name(run.as_ref(), e.node).as_deref() == Some("C"))));
    run.seek(run.len());
    let nodes = run.nodes();
    assert!(!nodes[0].up);
    assert!(nodes[1..].iter().all(|n| n.blocked && n.decision.is_none()));
    assert!(run.violations().is_empty());

    // The fault is in the scenario, as "before event c".
    let faults = &run.scenario().faults;
    assert_eq!(faults.len(), 1);
    let f = &faults[0];
    assert_eq!(f.before_event, Some(c as u64));
    assert_eq!((f.at_ms, f.after.as_ref()), (None, None));
    assert_eq!(f.fault, Some(FaultKind::Crash));
    assert_eq!(f.node.as_deref(), Some("C"));
}

#[test]
fn the_new_scenario_reopened_from_json_reproduces_the_trace() {
    let mut run = session::start(&preset("2pc-happy").unwrap(), MAX_EVENTS).unwrap();
    let c = commit_point(run.as_ref());
    run.seek(c + 3);
    run.seek(c - 4);
    run.inject(crash("P2")).unwrap();
    let again = reopen(run.as_ref());
    assert_eq!(events(again.as_ref()), events(run.as_ref()));
    // Byte for byte, through the typed sessions.
    let a: Session = typed(run.scenario());
    let b: Session = typed(again.scenario());
    assert_eq!(
        serde_json::to_string(a.trace()).unwrap(),
        serde_json::to_string(b.trace()).unwrap()
    );
    run.seek(run.len());
    assert_eq!(run.nodes(), again.nodes());
    assert_eq!(run.violations(), again.violations());
}

#[test]
fn rewinding_and_replaying_reproduces_the_injected_fault() {
    let mut run = session::start(&preset("2pc-happy").unwrap(), MAX_EVENTS).unwrap();
    let c = commit_point(run.as_ref());
    run.seek(c);
    run.inject(crash("C")).unwrap();
    let recorded = events(run.as_ref());
    run.seek(run.len());
    let end_nodes = run.nodes();
    for back in [0, 1, c - 5, c - 1, c] {
        run.seek(back);
        assert!(
            run.nodes()[0].up,
            "C is up before event {c} (cursor {back})"
        );
        run.seek(c + 1);
        assert!(
            !run.nodes()[0].up,
            "C is down after event {c} (from {back})"
        );
        assert_eq!(run.event(c).unwrap(), recorded[c]);
        run.seek(run.len());
        assert_eq!(run.nodes(), end_nodes);
    }
    assert_eq!(events(run.as_ref()), recorded, "replaying changes nothing");
}

#[test]
fn injecting_a_drop_loses_the_message_in_flight() {
    let mut run = session::start(&preset("2pc-happy").unwrap(), MAX_EVENTS).unwrap();
    // Find a moment with a PREPARE on its way to P1.
    let prepare = events(run.as_ref())
        .into_iter()
        .find(|e| {
            e.kind == EventKind::Send
                && e.label == Some("PREPARE")
                && name(run.as_ref(), e.peer).as_deref() == Some("P1")
        })
        .unwrap();
    let c = prepare.index + 1;
    run.seek(c);
    let id: MsgId = prepare.msg.unwrap();
    let in_flight = run.messages();
    let m = in_flight
        .iter()
        .find(|m| m.id == id)
        .expect("PREPARE in flight");
    assert!(matches!(m.place, Place::Link { .. }));
    run.inject(FaultSpec {
        msg: Some(id.0),
        ..fault(FaultKind::Drop)
    })
    .unwrap();
    let e = run.event(c).unwrap();
    assert_eq!(
        (e.kind, e.msg, e.label),
        (EventKind::Drop, Some(id), Some("dropped"))
    );
    run.seek(c + 1);
    assert!(
        run.messages().iter().all(|m| m.id != id),
        "the message is gone"
    );
    // P1 never votes, so everybody aborts.
    run.seek(run.len());
    assert!(run.nodes().iter().all(|n| n.decision == Some(ABORT)));
    assert_eq!(events(reopen(run.as_ref()).as_ref()), events(run.as_ref()));
}

#[test]
fn a_bad_fault_is_refused_and_changes_nothing() {
    let mut run = session::start(&preset("2pc-happy").unwrap(), MAX_EVENTS).unwrap();
    let before = events(run.as_ref());
    run.seek(10);
    let e = run.inject(crash("P9")).unwrap_err();
    assert_eq!(e.field, "faults[0].node");
    assert!(e.reason.to_string().contains("unknown node"), "{e}");
    let e = run.inject(fault(FaultKind::Crash)).unwrap_err();
    assert_eq!(e.field, "faults[0].node");
    assert!(e.reason.to_string().contains("missing"), "{e}");
    assert!(run.scenario().faults.is_empty());
    assert_eq!(run.cursor(), 10);
    assert_eq!(events(run.as_ref()), before);
}

/// A long run: 2PC with 16 participants whose coordinator crashes once it has all 16 votes,
/// so the participants keep asking one another until the 5 s limit.
fn blocked_sixteen() -> Scenario {
    let mut base = Scenario::new("2pc", 16);
    base.max_time_ms = 5_000;
    base.faults.push(FaultSpec {
        after: Some(PatternSpec {
            event: Some("deliver".into()),
            node: Some("C".into()),
            label: Some("YES".into()),
            nth: Some(16),
            ..Default::default()
        }),
        ..crash("C")
    });
    base
}

/// Injecting in a long run, exactly on a snapshot boundary and between two, must keep every
/// snapshot consistent with the new scenario: seeking anywhere afterwards gives the same world
/// as a fresh session of the new scenario.
#[test]
fn injecting_across_snapshots_keeps_seeking_exact() {
    let mut base = blocked_sixteen();
    base.seed = 3;
    for at in [
        2 * SNAPSHOT_EVERY,
        3 * SNAPSHOT_EVERY + 17,
        5 * SNAPSHOT_EVERY - 1,
    ] {
        let mut s: Session = typed(&base);
        let len = s.trace().len();
        assert!(len > 6 * SNAPSHOT_EVERY, "long enough: {len}");
        s.seek(len);
        s.seek(at);
        s.inject(FaultSpec {
            node: Some("C".into()),
            ..fault(FaultKind::Recover)
        })
        .unwrap();
        let fresh: Session = typed(Run::scenario(&s));
        assert!(
            s.trace() == fresh.trace(),
            "inject at {at}: the re-run differs from a fresh run of the new scenario"
        );
        let mut fresh = fresh;
        // Recovered at `at`: C aborts (no decision in its log) and the run finishes.
        let new_len = s.trace().len();
        assert!(new_len < len, "recovering C ends the blocking early");
        for i in [
            new_len,
            0,
            at,
            at - 1,
            at + 1,
            SNAPSHOT_EVERY,
            at + SNAPSHOT_EVERY,
            1,
            new_len / 2,
        ] {
            let i = i.min(new_len);
            s.seek(i);
            fresh.seek(i);
            assert!(s.world() == fresh.world(), "inject at {at}, seek to {i}");
        }
        s.seek(new_len);
        assert!(Run::nodes(&s)
            .iter()
            .all(|n| n.up && n.decision == Some(ABORT)));
    }
}

/// Two hand-made faults at the same moment (crash P1, then crash P2, without moving the cursor)
/// are both written into the scenario with `before_event` = the cursor, and both happen, in that
/// order. Regression: only the first used to fire (once it was event c the world's count was
/// c + 1, and the second's `before_event` c never matched again).
#[test]
fn two_faults_injected_at_the_same_moment_both_happen() {
    let mut run = session::start(&preset("2pc-happy").unwrap(), MAX_EVENTS).unwrap();
    run.seek(20);
    run.inject(crash("P1")).unwrap();
    run.inject(crash("P2")).unwrap();
    assert_eq!(run.scenario().faults.len(), 2);
    let crashed: Vec<String> = events(run.as_ref())
        .iter()
        .filter(|e| e.kind == EventKind::Crash)
        .filter_map(|e| name(run.as_ref(), e.node))
        .collect();
    assert_eq!(crashed, ["P1", "P2"], "{}", run.scenario().to_json());
}

/// Injecting right after the run was recorded (cursor at the end, not moved) must stamp the
/// fault as reopening the scenario does, so the shared scenario reproduces the run the user made.
/// Regression: for 2pc-happy "C crashes" was at t=537 in the session and t=140 when reopened
/// (same cause as determinism.rs's `the_end_of_a_run_looks_the_same_however_the_cursor_got_there`).
#[test]
fn injecting_at_the_end_of_a_fresh_run_is_reproduced_by_the_scenario() {
    let mut run = session::start(&preset("2pc-happy").unwrap(), MAX_EVENTS).unwrap();
    let end = run.len();
    run.inject(crash("C")).unwrap();
    let again = reopen(run.as_ref());
    assert_eq!(
        run.event(end),
        again.event(end),
        "the injected crash, in the session and in the reopened scenario"
    );
    assert_eq!(events(again.as_ref()), events(run.as_ref()));
}

/// The message the last event dropped (what the picture shows vanish) is the same whichever way
/// the cursor got there: step by step, jumping forward or back, across snapshots, and onto a
/// snapshot's first event when the drop is the last event before it. It is exactly the message
/// that was there one event earlier and is gone now.
#[test]
fn the_vanished_message_is_known_however_the_cursor_arrives() {
    // The coordinator crashes after the votes: the participants keep asking one another, on a
    // network that loses a tenth of the messages.
    let mut base = blocked_sixteen();
    base.transport = txscope::model::Transport::Lossy;
    base.drop_rate = 0.1;
    base.seed = 5;
    let mut run = session::start(&base, MAX_EVENTS).unwrap();
    assert!(run.len() > 2 * SNAPSHOT_EVERY, "long enough: {}", run.len());
    // A hand-made drop as the last event before the second snapshot.
    let boundary = 2 * SNAPSHOT_EVERY;
    run.seek(boundary - 1);
    let in_flight = run.messages();
    let doomed = in_flight
        .iter()
        .find(|m| matches!(m.place, Place::Link { .. }))
        .expect("a message in flight")
        .id;
    run.inject(FaultSpec {
        msg: Some(doomed.0),
        ..fault(FaultKind::Drop)
    })
    .unwrap();
    let len = run.len();
    assert!(len > 3 * SNAPSHOT_EVERY, "long enough: {len}");

    // Step by step from the start.
    run.seek(0);
    assert_eq!(run.vanished(), None);
    let mut stepped = vec![None];
    let mut before = run.messages();
    for c in 1..=len {
        run.seek(c);
        let v = run.vanished().cloned();
        let e = run.event(c - 1).unwrap();
        if e.kind == EventKind::Drop {
            let v = v
                .as_ref()
                .unwrap_or_else(|| panic!("event {} drops nothing", c - 1));
            assert_eq!(Some(v.message.id), e.msg);
            assert_eq!((v.reason.label(), v.time), (e.label.unwrap(), e.time));
            assert!(
                before.contains(&v.message),
                "it was there one event earlier"
            );
            assert!(
                run.messages().iter().all(|m| m.id != v.message.id),
                "and is gone"
            );
        } else {
            assert_eq!(v, None, "event {} is a {:?}", c - 1, e.kind);
        }
        before = run.messages();
        stepped.push(v);
    }
    let drops: Vec<usize> = (1..=len).filter(|&c| stepped[c].is_some()).collect();
    assert!(drops.len() > 20, "only {} drops", drops.len());
    assert_eq!(
        stepped[boundary].as_ref().map(|v| (v.message.id, v.reason)),
        Some((doomed, txscope::model::DropReason::Dropped))
    );

    // Jumps, from the end, from the start and from the middle.
    let targets =
        drops
            .iter()
            .copied()
            .chain([boundary, boundary + 1, SNAPSHOT_EVERY, 1, 0, len, len / 2]);
    for to in targets {
        // From right after a drop, too: what it noted must not outlive a jump.
        for from in [
            len,
            0,
            len / 2,
            to.saturating_sub(1),
            to + 1,
            drops[0],
            boundary,
        ] {
            run.seek(from.min(len));
            run.seek(to);
            assert_eq!(run.vanished(), stepped[to].as_ref(), "seek {from} -> {to}");
        }
    }
}
