//! One seed, one RNG, one trace (STYLE.md, habit 5): the same scenario gives the same trace byte
//! for byte, different seeds give different runs, and seeking anywhere in a recorded run restores
//! exactly the world that stepping a fresh one to that point gives.

use std::sync::Arc;
use txscope::model::EventKind;
use txscope::model::Transport;
use txscope::presets::{preset, PRESETS};
use txscope::protocol::commit::{CommitParams, Vote};
use txscope::protocol::Params;
use txscope::report::Report;
use txscope::scenario::{FaultKind, FaultSpec, Latency, PatternSpec, Scenario};
use txscope::session::{self, Run, Session, SNAPSHOT_EVERY};
use txscope::sim::World;

const MAX_EVENTS: usize = 100_000;

fn session(scenario: &Scenario, max_events: usize) -> Session {
    let cfg = scenario.compile().unwrap_or_else(|e| panic!("{e}"));
    Session::new(scenario.clone(), cfg, max_events)
}

fn trace_json(s: &Session) -> String {
    serde_json::to_string(s.trace()).unwrap()
}

/// The trace of a scenario, serialized, whatever its protocol.
fn trace_of(scenario: &Scenario) -> String {
    trace_json(&session(scenario, MAX_EVENTS))
}

fn report_of(scenario: &Scenario) -> String {
    let run = session::start(scenario, MAX_EVENTS).unwrap();
    serde_json::to_string(&Report::of(run.as_ref(), MAX_EVENTS, true)).unwrap()
}

fn crash(node: &str, after: PatternSpec) -> FaultSpec {
    FaultSpec {
        after: Some(after),
        fault: Some(FaultKind::Crash),
        node: Some(node.into()),
        ..Default::default()
    }
}

/// 2PC, 16 participants; the coordinator crashes once the last vote is in and never comes back.
/// Every participant is blocked and keeps asking the others: a long run (about 40,000 events).
fn blocked_2pc_16() -> Scenario {
    let mut s = Scenario::new("2pc", 16);
    s.seed = 7;
    s.max_time_ms = 5_000;
    s.faults.push(crash(
        "C",
        PatternSpec {
            event: Some("deliver".into()),
            node: Some("C".into()),
            label: Some("YES".into()),
            nth: Some(16),
            ..Default::default()
        },
    ));
    s
}

/// 2PC on the lossy network with random loss; P16 is cut off after voting and never comes back,
/// so the coordinator re-sends ABORT or COMMIT to it, and it asks everyone, until the end.
fn lossy_2pc_16() -> Scenario {
    let mut s = Scenario::new("2pc", 16);
    s.transport = Transport::Lossy;
    s.drop_rate = 0.2;
    s.seed = 11;
    s.timeouts_ms.insert("retry".into(), 10);
    s.max_time_ms = 20_000;
    s.faults.push(FaultSpec {
        after: Some(PatternSpec {
            event: Some("send".into()),
            node: Some("P16".into()),
            label: Some("YES".into()),
            ..Default::default()
        }),
        fault: Some(FaultKind::Partition),
        groups: Some(vec![vec!["P16".into()]]),
        ..Default::default()
    });
    s
}

fn with_votes(mut s: Scenario, no: &[&str]) -> Scenario {
    let mut params: CommitParams = s
        .params_as::<CommitParams>()
        .expect("a commit protocol")
        .clone();
    for p in no {
        params.votes.insert((*p).into(), Vote::No);
    }
    s.params = Params::new(params);
    s
}

#[test]
fn the_same_scenario_gives_byte_identical_traces_and_reports() {
    let mut scenarios: Vec<Scenario> = PRESETS.iter().map(|(n, _)| preset(n).unwrap()).collect();
    scenarios.push(blocked_2pc_16());
    scenarios.push(lossy_2pc_16());
    let mut lossy_3pc = Scenario::new("3pc", 5);
    lossy_3pc.transport = Transport::Lossy;
    lossy_3pc.drop_rate = 0.1;
    lossy_3pc.latency_ms = Latency { min: 1, max: 80 };
    lossy_3pc.seed = 99;
    scenarios.push(lossy_3pc);
    scenarios.push(with_votes(Scenario::new("2pc", 6), &["P3", "P5"]));
    for s in &scenarios {
        let a = trace_of(s);
        let b = trace_of(s);
        assert!(a.len() > 100, "{}: the trace has substance", s.to_json());
        assert!(a == b, "same scenario, different traces:\n{}", s.to_json());
        // Going through the JSON text changes nothing either.
        let reread = Scenario::from_json(&s.to_json()).unwrap();
        assert_eq!(&reread, s);
        assert!(trace_of(&reread) == a, "{}", s.to_json());
        assert!(report_of(s) == report_of(&reread), "{}", s.to_json());
    }
}

/// A World stepped by hand records exactly the events the Session recorded.
#[test]
fn a_session_records_what_the_world_does() {
    for s in [blocked_2pc_16(), lossy_2pc_16()] {
        let sess = session(&s, MAX_EVENTS);
        let mut world = World::new(Arc::new(s.compile().unwrap()));
        let mut stepped = Vec::new();
        while stepped.len() < MAX_EVENTS {
            match world.step() {
                Some(e) => stepped.push(e),
                None => break,
            }
        }
        assert_eq!(stepped.len(), sess.trace().len(), "{}", s.to_json());
        assert!(stepped == sess.trace(), "{}", s.to_json());
        assert!(&world == sess.world(), "{}", s.to_json());
    }
}

#[test]
fn different_seeds_give_different_runs() {
    let mut s = Scenario::new("2pc", 5);
    s.latency_ms = Latency { min: 1, max: 50 };
    let mut seen = std::collections::BTreeMap::new();
    for seed in 0..24u64 {
        s.seed = seed;
        let t = trace_of(&s);
        if let Some(other) = seen.insert(t, seed) {
            panic!(
                "seeds {other} and {seed} give the same trace:\n{}",
                s.to_json()
            );
        }
    }
    // With a fixed latency there is nothing random left, and the seed cannot matter.
    s.latency_ms = Latency { min: 10, max: 10 };
    s.seed = 1;
    let fixed = trace_of(&s);
    s.seed = 2;
    assert_eq!(trace_of(&s), fixed, "{}", s.to_json());
    // Random loss is drawn from the seed as well.
    let mut lossy = lossy_2pc_16();
    lossy.seed = 1;
    let one = trace_of(&lossy);
    lossy.seed = 2;
    assert_ne!(trace_of(&lossy), one, "{}", lossy.to_json());
}

/// A tiny deterministic generator, so that every index this test seeks to is reproducible.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Seek targets: snapshot boundaries and their neighbours, both ends, far jumps back and forth,
/// short hops forward (replayed from the cursor) and random indices.
fn targets(len: usize, seed: u64) -> Vec<usize> {
    let k = SNAPSHOT_EVERY;
    let mut t = vec![
        0,
        len,
        1,
        k - 1,
        k,
        k + 1,
        2 * k,
        2 * k - 1,
        len - 1,
        3,
        len / 2,
    ];
    t.extend([
        len / 2 + 5,
        len / 2 + k,
        len / 2 + k + 1,
        len / 2 + 2 * k + 3,
        len / 2 - 1,
    ]);
    let mut rng = SplitMix(seed);
    for _ in 0..60 {
        let base = *t.last().unwrap();
        let next = match rng.below(4) {
            // A far jump anywhere.
            0 | 1 => rng.below(len + 1),
            // A short hop forward.
            2 => (base + rng.below(2 * k)).min(len),
            // A short hop back.
            _ => base.saturating_sub(rng.below(2 * k)),
        };
        t.push(next);
    }
    t
}

fn check_seeks(scenario: &Scenario, seed: u64) {
    let json = scenario.to_json();
    let mut s = session(scenario, MAX_EVENTS);
    let len = s.trace().len();
    assert!(
        len > 4 * SNAPSHOT_EVERY,
        "the run must span several snapshots, has {len} events:\n{json}"
    );
    let trace_before = trace_json(&s);
    let wanted = targets(len, seed);
    // Step one fresh world through the run, keeping a copy at every target.
    let mut sorted = wanted.clone();
    sorted.sort_unstable();
    sorted.dedup();
    let mut fresh = World::new(Arc::new(scenario.compile().unwrap()));
    let mut expected = std::collections::BTreeMap::new();
    for &i in &sorted {
        while (fresh.events() as usize) < i {
            fresh
                .step()
                .expect("the fresh world runs as far as the session");
        }
        expected.insert(i, fresh.clone());
    }
    for (n, &i) in wanted.iter().enumerate() {
        let from = s.cursor();
        s.seek(i);
        assert_eq!(s.cursor(), i, "seek {n} to {i} (seed {seed})");
        assert!(
            s.world() == &expected[&i],
            "seek {n}: from {from} to {i}, the world differs from a fresh world stepped to {i} \
             (seed {seed}):\n{json}"
        );
        // The protocol-free views agree as well (they are what the app shows).
        let nodes = Run::nodes(&s);
        assert_eq!(nodes.len(), expected[&i].nodes().len());
        for (v, n) in nodes.iter().zip(expected[&i].nodes()) {
            assert_eq!(v.up, n.up);
            assert_eq!(v.decision, s.engine().outcome(n));
        }
        assert_eq!(Run::now(&s), expected[&i].now());
    }
    // Beyond the end, seeking clamps to it.
    s.seek(len / 3);
    s.seek(len + 1000);
    assert_eq!(s.cursor(), len);
    assert!(s.world() == &expected[&len]);
    // Seeking never changes the recording.
    assert!(
        trace_json(&s) == trace_before,
        "seeking changed the trace:\n{json}"
    );
}

/// The cursor sits after `len` events both right after the run is recorded and after seeking
/// back to the end, so the two worlds must be the same, and so must what the app shows there
/// (`terminated`, `quiet`, `now`). Regression: the recorded world used to be the one on which
/// the final `World::step` had returned `None`, after it had consumed the agenda's leftovers and
/// moved the clock (2pc-happy: true/true/537 after the run, false/false/140 after a seek).
#[test]
fn the_end_of_a_run_looks_the_same_however_the_cursor_got_there() {
    for (name, _) in PRESETS {
        let mut run = session::start(&preset(name).unwrap(), MAX_EVENTS).unwrap();
        let len = run.len();
        let at_end = (run.terminated(), run.quiet(), run.now(), run.nodes());
        run.seek(0);
        run.seek(len);
        let again = (run.terminated(), run.quiet(), run.now(), run.nodes());
        assert_eq!(
            (at_end.0, at_end.1, at_end.2),
            (again.0, again.1, again.2),
            "{name}: (terminated, quiet, now) at the end, before and after seek(0); seek({len})"
        );
        assert_eq!(at_end.3, again.3, "{name}");
    }
    let s = blocked_2pc_16();
    let mut sess = session(&s, MAX_EVENTS);
    let after_run = sess.world().clone();
    let len = sess.trace().len();
    sess.seek(0);
    sess.seek(len);
    assert!(sess.world() == &after_run, "{}", s.to_json());
}

#[test]
fn seeking_a_blocked_run_restores_exactly_the_stepped_world() {
    check_seeks(&blocked_2pc_16(), 1);
}

#[test]
fn seeking_a_lossy_run_with_drops_restores_exactly_the_stepped_world() {
    check_seeks(&lossy_2pc_16(), 2);
}

#[test]
fn the_long_runs_are_what_they_claim_to_be() {
    let blocked = session::start(&blocked_2pc_16(), MAX_EVENTS).unwrap();
    let nodes = blocked.nodes();
    assert!(!nodes[0].up, "the coordinator stays down");
    assert!(
        nodes[1..].iter().all(|n| n.blocked && n.state == "READY"),
        "every participant is blocked at the end"
    );
    assert!(blocked.violations().is_empty());
    let lossy = session::start(&lossy_2pc_16(), MAX_EVENTS).unwrap();
    let dropped = (0..lossy.len())
        .filter_map(|i| lossy.event(i))
        .filter(|e| e.kind == EventKind::Drop)
        .count();
    assert!(dropped > 100, "random loss and the partition drop messages");
    assert!(lossy.violations().is_empty());
}
