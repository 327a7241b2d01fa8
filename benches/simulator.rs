//! The simulator's speed: how many events a second it runs, and how long a seek takes.
//!
//! `cargo bench --bench simulator` (criterion; figures in BENCHMARKS.md, "Simulator (core)").
//!
//! * `throughput/*`: 2PC with 64 participants on the queue, 5 % random loss and a schedule of
//!   crashes and recoveries (the coordinator among them). `world_step` steps a fresh `World` to
//!   the end of the run; `session_new` records the same run in a `Session` (the trace plus a
//!   snapshot every 1024 events), which is what opening a scenario in the app costs. Throughput
//!   is in events (`Throughput::Elements` = events in the run).
//! * `throughput/transfers_64`: 64 bank transfers, as four scenarios of 16 (the most a scenario
//!   runs in a row): the outbox and the transactional message, each on two seeds, with 5 %
//!   random loss, Bank B crashing and recovering at seeded random times and Bank A after its
//!   requests are in. One
//!   iteration steps a fresh `World` through all four.
//! * `seek/*`: a 100,000-event recording of 2PC with 64 participants in which P64 is cut off
//!   right after voting and never comes back, so the coordinator re-sends its decision and P64
//!   keeps asking everyone until the event limit. `random` seeks to random events, alternating
//!   between the two halves of the trace so that every seek is a far jump; `worst` alternates
//!   between two events that each sit 1023 events after a snapshot (the longest replay).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;
use txscope::scenario::{FaultKind, FaultSpec, PatternSpec, Scenario};
use txscope::session::{Session, SNAPSHOT_EVERY};
use txscope::sim::World;

const TRACE_EVENTS: usize = 100_000;

fn at(ms: u64, kind: FaultKind, node: &str) -> FaultSpec {
    FaultSpec {
        at_ms: Some(ms),
        fault: Some(kind),
        node: Some(node.into()),
        ..Default::default()
    }
}

fn after(
    event: &str,
    node: &str,
    label: &str,
    nth: u32,
    kind: FaultKind,
    target: &str,
) -> FaultSpec {
    FaultSpec {
        after: Some(PatternSpec {
            event: Some(event.into()),
            node: Some(node.into()),
            label: Some(label.into()),
            nth: Some(nth),
            ..Default::default()
        }),
        fault: Some(kind),
        node: Some(target.into()),
        ..Default::default()
    }
}

/// 2PC, 64 participants, random loss, and crashes and recoveries: the coordinator goes down
/// with 40 of the 64 votes in (the participants then ask one another, 64 x 64 messages a round,
/// until it is back), P7 crashes between forcing READY and voting, and a dozen participants,
/// drawn by a seeded generator, crash and recover at random times. The coordinator's timeout is
/// long enough for the queue to hand it all 64 votes one at a time.
fn faulty_64() -> Scenario {
    let mut s = Scenario::new("2pc", 64);
    s.seed = 2024;
    s.drop_rate = 0.05;
    s.max_time_ms = 60_000;
    s.timeouts_ms.insert("coordinator".into(), 2_000);
    s.timeouts_ms.insert("participant".into(), 3_000);
    s.faults = vec![
        after("deliver", "C", "YES", 40, FaultKind::Crash, "C"),
        at(5_000, FaultKind::Recover, "C"),
        after("persist", "P7", "READY", 1, FaultKind::Crash, "P7"),
        at(3_000, FaultKind::Recover, "P7"),
    ];
    let mut rng = SplitMix(99);
    for _ in 0..12 {
        let who = format!("P{}", 8 + rng.below(57));
        let down = rng.below(5_000) as u64;
        let up = down + 100 + rng.below(2_000) as u64;
        s.faults.push(at(down, FaultKind::Crash, &who));
        s.faults.push(at(up, FaultKind::Recover, &who));
    }
    s
}

/// 2PC, 64 participants, P64 cut off after its vote for good: runs until the event limit.
fn cut_off_64() -> Scenario {
    let mut s = Scenario::new("2pc", 64);
    s.seed = 64;
    s.max_time_ms = 3_600_000;
    s.faults.push(FaultSpec {
        after: Some(PatternSpec {
            event: Some("send".into()),
            node: Some("P64".into()),
            label: Some("YES".into()),
            ..Default::default()
        }),
        fault: Some(FaultKind::Partition),
        groups: Some(vec![vec!["P64".into()]]),
        ..Default::default()
    });
    s
}

/// Four scenarios of 16 transfers each (see the module doc).
fn transfers_64() -> Vec<Scenario> {
    let mut out = Vec::new();
    let mut rng = SplitMix(16);
    for protocol in ["outbox", "txmsg"] {
        for seed in [1, 2] {
            let mut s = Scenario::from_json(&format!(
                r#"{{"version": 2, "protocol": "{protocol}",
                    "params": {{"from": {{"name": "alice", "balance": 1000}}, "transfers": 16}}}}"#
            ))
            .expect("a transfer scenario");
            s.seed = seed;
            s.drop_rate = 0.05;
            s.max_time_ms = 600_000;
            // Bank B at any time; Bank A once its 16 requests are in (a crash loses the
            // requests it has not taken yet, and the bench is about transfers that run).
            for (who, from) in [("BankB", 20), ("BankB", 20), ("BankA", 850), ("BankA", 850)] {
                let down = from + rng.below(800) as u64;
                let up = down + 50 + rng.below(400) as u64;
                s.faults.push(at(down, FaultKind::Crash, who));
                s.faults.push(at(up, FaultKind::Recover, who));
            }
            out.push(s);
        }
    }
    out
}

fn run_world(cfg: &Arc<txscope::sim::Config>) -> usize {
    let mut world = World::new(cfg.clone());
    let mut events = 0;
    while world.step().is_some() {
        events += 1;
    }
    black_box(&world);
    events
}

fn throughput(c: &mut Criterion) {
    let scenario = faulty_64();
    let cfg = Arc::new(scenario.compile().expect("valid scenario"));
    let events = run_world(&cfg);
    let session = Session::new(scenario.clone(), (*cfg).clone(), usize::MAX);
    assert_eq!(session.trace().len(), events);
    eprintln!("throughput scenario: {events} events per run");

    let mut group = c.benchmark_group("throughput");
    group.throughput(Throughput::Elements(events as u64));
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("world_step", |b| b.iter(|| run_world(&cfg)));
    group.bench_function("session_new", |b| {
        b.iter_batched(
            || (scenario.clone(), (*cfg).clone()),
            |(s, cfg)| Session::new(s, cfg, usize::MAX),
            BatchSize::SmallInput,
        )
    });
    let transfers: Vec<Arc<txscope::sim::Config>> = transfers_64()
        .iter()
        .map(|s| Arc::new(s.compile().expect("valid scenario")))
        .collect();
    let events: usize = transfers.iter().map(run_world).sum();
    eprintln!("transfers_64: {events} events per iteration (four runs)");
    group.throughput(Throughput::Elements(events as u64));
    group.bench_function("transfers_64", |b| {
        b.iter(|| transfers.iter().map(run_world).sum::<usize>())
    });
    group.finish();
}

/// A tiny deterministic generator for the seek targets.
struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

fn seek(c: &mut Criterion) {
    let scenario = cut_off_64();
    let cfg = scenario.compile().expect("valid scenario");
    let mut session = Session::new(scenario, cfg, TRACE_EVENTS);
    let len = session.trace().len();
    assert_eq!(len, TRACE_EVENTS, "the run reaches the event limit");

    let mut rng = SplitMix(7);
    let half = len / 2;
    let targets: Vec<usize> = (0..4096)
        .map(|i| {
            if i % 2 == 0 {
                rng.below(half)
            } else {
                half + rng.below(len - half + 1)
            }
        })
        .collect();
    let worst = [
        5 * SNAPSHOT_EVERY + SNAPSHOT_EVERY - 1,
        (len / SNAPSHOT_EVERY - 2) * SNAPSHOT_EVERY + SNAPSHOT_EVERY - 1,
    ];

    let mut group = c.benchmark_group("seek");
    group.measurement_time(Duration::from_secs(10));
    let mut k = 0;
    group.bench_function("random", |b| {
        b.iter(|| {
            let t = targets[k % targets.len()];
            k += 1;
            session.seek(black_box(t));
            debug_assert_eq!(session.cursor(), t);
        })
    });
    let mut k = 0;
    group.bench_function("worst", |b| {
        b.iter(|| {
            let t = worst[k % 2];
            k += 1;
            session.seek(black_box(t));
        })
    });
    group.finish();
    session.seek(worst[0]);
    assert_eq!(session.cursor(), worst[0]);
}

criterion_group!(benches, throughput, seek);
criterion_main!(benches);
