//! Properties of the commit protocols over thousands of random scenarios (random protocol,
//! participants, votes, transport, latency, loss, timeouts, seed and fault schedule), each one
//! checked by the invariant monitor and, independently, by walking the run itself.
//!
//! - 2PC never violates agreement, irrevocability, validity or durability, on either transport,
//!   whatever is dropped, duplicated, delayed, crashed, recovered or partitioned
//!   (PROTOCOLS.md: "It never violates agreement ... whatever messages are lost, duplicated or
//!   delayed and whoever crashes").
//! - 3PC never violates them under crashes and recoveries alone, on the queue, with timeouts
//!   that are accurate (message delays far below them).
//! - With no faults and accurate timeouts, both protocols terminate, everybody decided the same,
//!   COMMIT exactly when every vote is YES.
//! - The monitor is not vacuous: it finds the classic 3PC partition run, and on random 3PC runs
//!   with any faults it flags agreement exactly when two nodes' first decisions differ.
//!
//! A failing case prints its scenario as JSON: paste it into a file and `txscope run` it.

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use std::sync::Arc;
use txscope::model::{Coded, Event, Transport};
use txscope::protocol::commit::watch::{Decides, AGREEMENT, IRREVOCABILITY};
use txscope::protocol::commit::{CommitParams, Decision, Vote};
use txscope::protocol::engine::Sort;
use txscope::protocol::three_pc::ThreePc;
use txscope::protocol::two_pc::TwoPc;
use txscope::protocol::watch::{Invariant, Violation};
use txscope::protocol::{self, Params};
use txscope::scenario::{FaultKind, FaultSpec, Latency, PatternSpec, Scenario};
use txscope::sim::World;

/// Per-run event limit: a run that is still going after this many events is cut there (its
/// invariants are still checked on everything that happened).
const CAP: usize = 50_000;

/// The commit protocol's parameters of a scenario.
fn commit(s: &Scenario) -> &CommitParams {
    s.params_as::<CommitParams>().expect("a commit protocol")
}

fn participants(s: &Scenario) -> usize {
    commit(s).participants
}

fn all_yes(s: &Scenario) -> bool {
    commit(s).votes.values().all(|v| *v == Vote::Yes)
}

fn timeout(s: &Scenario, name: &str) -> u64 {
    s.timeouts_ms[name]
}

fn name(i: usize) -> String {
    if i == 0 {
        "C".into()
    } else {
        format!("P{i}")
    }
}

// ---------------------------------------------------------------------------------------------
// Running a scenario and judging it without the monitor.

/// What a run did, for the properties.
#[derive(Debug)]
struct Outcome {
    violations: Vec<Violation>,
    /// Each node's first decision, found by walking the events (not from the monitor).
    first: Vec<Option<Decision>>,
    /// A node that entered both decisions at some point, by walking the events.
    flip_flop: Option<usize>,
    /// Every decision record in each node's log at the end.
    logged: Vec<Vec<Decision>>,
    /// Final decision per node (from its state, or its log if it is down).
    decisions: Vec<Option<Decision>>,
    all_up: bool,
    terminated: bool,
    events: usize,
    /// Nodes that crashed at some point.
    crashed: Vec<bool>,
    /// How many events of each fault kind happened (crash, recover, partition, heal, a
    /// deliberate drop, duplicate, delay), to check that generated faults really fire.
    fired: std::collections::BTreeMap<&'static str, usize>,
}

impl Outcome {
    fn disagree(&self) -> bool {
        let decided: Vec<Decision> = self.first.iter().flatten().copied().collect();
        decided.windows(2).any(|w| w[0] != w[1])
    }

    fn broken(&self) -> Vec<Invariant> {
        let mut v: Vec<Invariant> = self.violations.iter().map(|v| v.invariant).collect();
        v.sort();
        v.dedup();
        v
    }
}

fn run_typed<P: Decides>(scenario: &Scenario) -> Outcome {
    let cfg = scenario.compile().unwrap_or_else(|e| {
        panic!(
            "the generator made an invalid scenario ({e}):\n{}",
            scenario.to_json()
        )
    });
    let mut world = World::new(Arc::new(cfg));
    let n = world.nodes().len();
    let mut first: Vec<Option<Decision>> = vec![None; n];
    let mut flip_flop = None;
    let mut events = 0;
    let mut fired = std::collections::BTreeMap::new();
    let mut crashed = vec![false; n];
    while events < CAP {
        let Some(stamped) = world.step() else { break };
        events += 1;
        let kind = match &stamped.event {
            Event::Drop {
                reason: txscope::model::DropReason::Dropped,
                ..
            } => Some("dropped"),
            Event::Crash { .. }
            | Event::Recover { .. }
            | Event::Partition { .. }
            | Event::Heal
            | Event::Duplicate { .. }
            | Event::Delay { .. } => Some(stamped.event.kind().name()),
            _ => None,
        };
        if let Some(k) = kind {
            *fired.entry(k).or_default() += 1;
        }
        if let Event::Crash { node } = &stamped.event {
            crashed[node.index()] = true;
        }
        if let Event::Become { node, to, .. } = &stamped.event {
            if let Some(d) = P::Phase::from_code(*to).and_then(P::phase_decision) {
                let i = node.index();
                match first[i] {
                    None => first[i] = Some(d),
                    Some(f) if f != d => flip_flop = Some(i),
                    Some(_) => {}
                }
            }
        }
    }
    Outcome {
        violations: world.monitor().violations().to_vec(),
        first,
        flip_flop,
        logged: world
            .nodes()
            .iter()
            .map(|n| {
                n.log
                    .iter()
                    .filter_map(|r| P::Record::from_code(*r).and_then(P::record_decision))
                    .collect()
            })
            .collect(),
        decisions: world
            .nodes()
            .iter()
            .map(|n| {
                let outcome = world.config().engine.outcome(n)?;
                Decision::of_outcome(outcome)
            })
            .collect(),
        all_up: world.nodes().iter().all(|n| n.up),
        terminated: world.terminated(),
        events,
        crashed,
        fired,
    }
}

fn run(scenario: &Scenario) -> Outcome {
    match scenario.protocol.as_str() {
        "2pc" => run_typed::<TwoPc>(scenario),
        "3pc" => run_typed::<ThreePc>(scenario),
        other => panic!("unknown protocol {other}"),
    }
}

/// The safety properties, checked through the monitor and, independently, from the run itself.
fn assert_safe(s: &Scenario, o: &Outcome) -> Result<(), TestCaseError> {
    let json = s.to_json();
    prop_assert!(
        o.violations.is_empty(),
        "the monitor found {:?} in this scenario:\n{json}",
        o.violations
    );
    prop_assert!(
        !o.disagree(),
        "two nodes decided differently ({:?}) and the monitor missed it:\n{json}",
        o.first
    );
    prop_assert!(
        o.flip_flop.is_none(),
        "node {:?} changed its decision and the monitor missed it:\n{json}",
        o.flip_flop.map(name)
    );
    for (i, records) in o.logged.iter().enumerate() {
        prop_assert!(
            records.windows(2).all(|w| w[0] == w[1]),
            "{} logged both decisions {records:?}:\n{json}",
            name(i)
        );
    }
    // Validity: COMMIT only if every participant votes YES.
    let all_yes = all_yes(s);
    prop_assert!(
        all_yes || o.first.iter().all(|d| *d != Some(Decision::Commit)),
        "a commit although someone votes NO:\n{json}"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Generating scenarios.

/// Which faults a generated scenario may contain.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Faults {
    /// Anything: drop, duplicate, delay, crash, recover, partition, heal, a new loss rate.
    Any,
    /// Crashes and recoveries only.
    CrashRecover,
}

/// A fault as raw numbers; `build` makes it valid for the scenario (shrinking stays simple).
#[derive(Clone, Debug)]
struct RawFault {
    kind: u8,
    /// `at_ms` when true, `after` a pattern otherwise.
    timed: bool,
    at: u64,
    event: u8,
    pattern_node: Option<u8>,
    pattern_peer: Option<u8>,
    label: Option<u8>,
    nth: u32,
    node: u8,
    /// For a crash: recover this much later (0: never).
    back_after: u64,
    by_ms: u64,
    sides: Vec<u8>,
    rate: u32,
}

fn raw_fault(max_at: u64) -> impl Strategy<Value = RawFault> {
    (
        (
            any::<u8>(),
            any::<bool>(),
            // Most runs are over in well under a second: aim most timed faults at it.
            prop_oneof![0..300u64, 0..1000u64, 0..max_at],
            any::<u8>(),
        ),
        (
            proptest::option::of(any::<u8>()),
            proptest::option::of(any::<u8>()),
            proptest::option::weighted(0.8, any::<u8>()),
            1u32..=2,
        ),
        (
            any::<u8>(),
            prop_oneof![Just(0u64), 1u64..3000],
            0u64..2000,
            proptest::collection::vec(0u8..3, 7),
            0u32..=500_000,
        ),
    )
        .prop_map(
            |(
                (kind, timed, at, event),
                (pattern_node, pattern_peer, label, nth),
                (node, back_after, by_ms, sides, rate),
            )| RawFault {
                kind,
                timed,
                at,
                event,
                pattern_node,
                pattern_peer,
                label,
                nth,
                node,
                back_after,
                by_ms,
                sides,
                rate,
            },
        )
}

/// Turns raw numbers into one or two valid faults of `scenario` (a crash may bring its recovery).
fn build(raw: &RawFault, s: &Scenario, allowed: Faults) -> Vec<FaultSpec> {
    let entry = protocol::find(&s.protocol).unwrap();
    let nodes = participants(s) + 1;
    let pick = |x: u8| name(x as usize % nodes);
    let kinds: &[FaultKind] = match allowed {
        Faults::Any => &[
            FaultKind::Drop,
            FaultKind::Drop,
            FaultKind::Duplicate,
            FaultKind::Duplicate,
            FaultKind::Delay,
            FaultKind::Delay,
            FaultKind::Crash,
            FaultKind::Crash,
            FaultKind::Recover,
            FaultKind::Partition,
            FaultKind::Heal,
            FaultKind::DropRate,
        ],
        Faults::CrashRecover => &[FaultKind::Crash, FaultKind::Crash, FaultKind::Recover],
    };
    let kind = kinds[raw.kind as usize % kinds.len()];
    let about_message = matches!(
        kind,
        FaultKind::Drop | FaultKind::Duplicate | FaultKind::Delay
    );
    // Message faults always follow an event about a message; others may be timed.
    let (at_ms, after) = if raw.timed && !about_message {
        (Some(raw.at.min(s.max_time_ms)), None)
    } else {
        let participant = || name(1 + raw.node as usize % participants(s));
        let pattern = match (about_message, raw.event % 6) {
            // A message on its way, matched the way it really flows: the coordinator's requests
            // and decisions go to participants, votes and acknowledgements come back.
            (true, e) | (false, e @ (0 | 1)) => {
                let labels: &[&str] = match s.protocol.as_str() {
                    "3pc" => &[
                        "PREPARE",
                        "YES",
                        "PRECOMMIT",
                        "ACK",
                        "COMMIT",
                        "ABORT",
                        "NO",
                    ],
                    _ => &[
                        "PREPARE",
                        "YES",
                        "COMMIT",
                        "ACK",
                        "ABORT",
                        "NO",
                        "DECISION-REQ",
                    ],
                };
                let label = raw.label.map(|l| labels[l as usize % labels.len()]);
                let from_coordinator = matches!(
                    label,
                    Some("PREPARE" | "PRECOMMIT" | "COMMIT" | "ABORT") | None
                );
                let (c, p) = (
                    raw.pattern_node.map(|_| "C".to_string()),
                    raw.pattern_peer.map(|_| participant()),
                );
                // Mostly right after it is sent, when it is surely still on its way.
                let events = ["send", "send", "send", "enqueue", "deliver"];
                let event = events[e as usize % events.len()];
                // `node` is the sender of a send and the receiver of anything else.
                let (node, peer) = match (event, from_coordinator) {
                    ("send", true) => (c, p),
                    ("send", false) => (p, c),
                    ("enqueue", true) => (p, None),
                    ("enqueue", false) => (c, None),
                    (_, true) => (p, c),
                    (_, false) => (c, p),
                };
                PatternSpec {
                    event: Some(event.into()),
                    node,
                    peer,
                    label: label.map(String::from),
                    nth: Some(raw.nth),
                }
            }
            // A moment in a node's life: a forced write, a new state, a timer.
            (false, e) => {
                let (event, labels) = match e {
                    2 | 3 => ("persist", entry.labels(Sort::Record)),
                    4 => ("become", entry.labels(Sort::Phase)),
                    _ => ("timer", entry.labels(Sort::Timer)),
                };
                PatternSpec {
                    event: Some(event.into()),
                    node: raw.pattern_node.map(pick),
                    peer: None,
                    label: raw
                        .label
                        .map(|l| labels[l as usize % labels.len()].to_string()),
                    nth: Some(raw.nth),
                }
            }
        };
        (None, Some(pattern))
    };
    let when = |f: FaultSpec| FaultSpec {
        at_ms,
        after: after.clone(),
        ..f
    };
    let of = |kind: FaultKind| FaultSpec {
        fault: Some(kind),
        ..Default::default()
    };
    match kind {
        FaultKind::Drop | FaultKind::Duplicate => vec![when(of(kind))],
        FaultKind::Delay => vec![when(FaultSpec {
            by_ms: Some(raw.by_ms),
            ..of(kind)
        })],
        FaultKind::Crash => {
            let node = pick(raw.node);
            let mut v = vec![when(FaultSpec {
                node: Some(node.clone()),
                ..of(kind)
            })];
            if raw.back_after > 0 {
                // Back a while after the crash: after its time, or (for a crash that follows
                // an event) at a random time that may or may not come after it.
                let at = raw.at.saturating_add(raw.back_after).min(s.max_time_ms);
                v.push(FaultSpec {
                    at_ms: Some(at),
                    node: Some(node),
                    ..of(FaultKind::Recover)
                });
            }
            v
        }
        FaultKind::Recover => vec![when(FaultSpec {
            node: Some(pick(raw.node)),
            ..of(kind)
        })],
        FaultKind::Partition => {
            let mut groups: Vec<Vec<String>> = vec![Vec::new(); 2];
            for i in 0..nodes {
                let side = raw.sides[i % raw.sides.len()] as usize;
                if side < 2 {
                    groups[side].push(name(i));
                }
            }
            groups.retain(|g| !g.is_empty());
            let mut v = vec![when(FaultSpec {
                groups: Some(groups),
                ..of(kind)
            })];
            if raw.back_after > 0 {
                let at = raw.at.saturating_add(raw.back_after).min(s.max_time_ms);
                v.push(FaultSpec {
                    at_ms: Some(at),
                    ..of(FaultKind::Heal)
                });
            }
            v
        }
        FaultKind::Heal => vec![when(of(kind))],
        FaultKind::DropRate => vec![when(FaultSpec {
            rate: Some(raw.rate as f64 / 1_000_000.0),
            ..of(kind)
        })],
    }
}

#[derive(Clone, Debug)]
struct Base {
    protocol: &'static str,
    participants: usize,
    no_votes: Vec<bool>,
    transport: Transport,
    latency: (u64, u64),
    drop_ppm: u32,
    timeouts: (u64, u64, u64),
    seed: u64,
}

impl Base {
    fn scenario(&self, max_time_ms: u64) -> Scenario {
        let mut s = Scenario::new(self.protocol, self.participants);
        let mut params = commit(&s).clone();
        for (i, no) in self.no_votes.iter().take(self.participants).enumerate() {
            if *no {
                params.votes.insert(name(i + 1), Vote::No);
            }
        }
        s.params = Params::new(params);
        s.transport = self.transport;
        s.latency_ms = Latency {
            min: self.latency.0,
            max: self.latency.1,
        };
        s.drop_rate = self.drop_ppm as f64 / 1_000_000.0;
        s.timeouts_ms = [
            ("coordinator", self.timeouts.0),
            ("participant", self.timeouts.1),
            ("retry", self.timeouts.2),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        s.seed = self.seed;
        s.max_time_ms = max_time_ms;
        s
    }
}

/// Votes: NO with probability about one in five per participant.
fn votes() -> impl Strategy<Value = Vec<bool>> {
    proptest::collection::vec(proptest::bool::weighted(0.2), 6)
}

fn with_faults(
    base: impl Strategy<Value = Base>,
    max_time_ms: u64,
    max_faults: usize,
    allowed: Faults,
) -> impl Strategy<Value = Scenario> {
    (
        base,
        proptest::collection::vec(raw_fault(max_time_ms / 2), 1..=max_faults),
    )
        .prop_map(move |(base, raws)| {
            let mut s = base.scenario(max_time_ms);
            let faults: Vec<FaultSpec> = raws.iter().flat_map(|r| build(r, &s, allowed)).collect();
            s.faults = faults;
            s
        })
}

/// 2PC with anything: either transport, any latency and timeouts, random loss.
fn two_pc_anything() -> impl Strategy<Value = Scenario> {
    let base = (
        1usize..=6,
        votes(),
        prop_oneof![Just(Transport::Queue), Just(Transport::Lossy)],
        (0u64..=40, 0u64..=60),
        prop_oneof![Just(0u32), 0u32..=300_000],
        (20u64..=1000, 20u64..=2000, 50u64..=500),
        any::<u64>(),
    )
        .prop_map(
            |(participants, no_votes, transport, (min, span), drop_ppm, timeouts, seed)| Base {
                protocol: "2pc",
                participants,
                no_votes,
                transport,
                latency: (min, min + span),
                drop_ppm,
                timeouts,
                seed,
            },
        );
    with_faults(base, 8_000, 6, Faults::Any)
}

/// 3PC where its timeouts are accurate: the queue (nothing is lost), hops of at most 10 ms,
/// a coordinator (or leader) that waits at least 500 ms, and participants that wait longer than
/// a leader can legitimately stay silent (collecting, then waiting for acknowledgements: twice
/// the coordinator's timeout, plus the hops).
fn three_pc_crash_recover() -> impl Strategy<Value = Scenario> {
    let base = (
        1usize..=6,
        votes(),
        (0u64..=5, 0u64..=5),
        (500u64..=700, 100u64..=1500, 50u64..=500),
        any::<u64>(),
    )
        .prop_map(
            |(participants, no_votes, (min, span), (coordinator, margin, retry), seed)| Base {
                protocol: "3pc",
                participants,
                no_votes,
                transport: Transport::Queue,
                latency: (min, min + span),
                drop_ppm: 0,
                timeouts: (coordinator, 2 * coordinator + margin, retry),
                seed,
            },
        );
    with_faults(base, 15_000, 6, Faults::CrashRecover)
}

/// Either protocol, no faults, no loss, and timeouts comfortably above what the messages need
/// (a queue hands a node its messages one at a time, so waits grow with the participants).
fn fault_free() -> impl Strategy<Value = Scenario> {
    (
        prop_oneof![Just("2pc"), Just("3pc")],
        1usize..=6,
        votes(),
        prop_oneof![Just(Transport::Queue), Just(Transport::Lossy)],
        (0u64..=30, 0u64..=30),
        (0u64..=500, 0u64..=500, 20u64..=500),
        any::<u64>(),
    )
        .prop_map(
            |(protocol, participants, no_votes, transport, (min, span), (c, p, retry), seed)| {
                let max = min + span;
                // The longest a message can take, queueing included.
                let trip = (2 * participants as u64 + 10) * max + 50;
                let coordinator = trip + c;
                let base = Base {
                    protocol,
                    participants,
                    no_votes,
                    transport,
                    latency: (min, max),
                    drop_ppm: 0,
                    timeouts: (coordinator, 2 * coordinator + trip + p, retry),
                    seed,
                };
                base.scenario(20_000)
            },
        )
}

/// 3PC with anything (partitions included): for checking the monitor against the run.
fn three_pc_anything() -> impl Strategy<Value = Scenario> {
    let base = (
        1usize..=6,
        votes(),
        prop_oneof![Just(Transport::Queue), Just(Transport::Lossy)],
        (0u64..=20, 0u64..=40),
        prop_oneof![Just(0u32), 0u32..=200_000],
        (50u64..=800, 50u64..=1600, 50u64..=500),
        any::<u64>(),
    )
        .prop_map(
            |(participants, no_votes, transport, (min, span), drop_ppm, timeouts, seed)| Base {
                protocol: "3pc",
                participants,
                no_votes,
                transport,
                latency: (min, min + span),
                drop_ppm,
                timeouts,
                seed,
            },
        );
    with_faults(base, 8_000, 6, Faults::Any)
}

// ---------------------------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(50_000))]

    /// PROTOCOLS.md, 2PC: never violates agreement, whatever is lost, duplicated or delayed and
    /// whoever crashes, as long as stable storage survives.
    #[test]
    fn two_pc_is_safe_under_any_faults(s in two_pc_anything()) {
        let o = run(&s);
        assert_safe(&s, &o)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(50_000))]

    /// PROTOCOLS.md, 3PC: non-blocking and safe with fail-stop crashes and accurate timeouts.
    #[test]
    fn three_pc_is_safe_under_crashes_and_recoveries(s in three_pc_crash_recover()) {
        let o = run(&s);
        assert_safe(&s, &o)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Nothing goes wrong: the run ends with every node up and decided alike, COMMIT exactly when
    /// every participant votes YES.
    #[test]
    fn without_faults_everyone_decides_alike(s in fault_free()) {
        let o = run(&s);
        let json = s.to_json();
        assert_safe(&s, &o)?;
        prop_assert!(o.events < CAP, "still running after {CAP} events:\n{json}");
        prop_assert!(o.terminated && o.all_up, "did not terminate: {:?}\n{json}", o.decisions);
        let all_yes = all_yes(&s);
        let want = if all_yes { Decision::Commit } else { Decision::Abort };
        prop_assert!(
            o.decisions.iter().all(|d| *d == Some(want)),
            "expected everyone to {:?}, got {:?}:\n{json}",
            want,
            o.decisions
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(15_000))]

    /// The monitor agrees with the run: on 3PC with any faults (where agreement does break), it
    /// flags agreement exactly when two nodes' first decisions differ, and irrevocability exactly
    /// when a node enters both decisions.
    #[test]
    fn the_monitor_flags_exactly_the_broken_runs(s in three_pc_anything()) {
        let o = run(&s);
        let json = s.to_json();
        let broken = o.broken();
        prop_assert_eq!(
            broken.contains(&AGREEMENT),
            o.disagree(),
            "agreement verdict {:?} vs first decisions {:?}:\n{}",
            &o.violations,
            &o.first,
            json
        );
        prop_assert_eq!(
            broken.contains(&IRREVOCABILITY),
            o.flip_flop.is_some(),
            "irrevocability verdict {:?}:\n{}",
            &o.violations,
            json
        );
    }
}

/// 2PC with faults that all end: crashes and partitions happen at times before 5 s, then at
/// 5 s every node recovers, the network heals and random loss stops; the run goes on to 120 s.
/// On the queue every retry sent during the outage waits in a queue and is handled, one message
/// at a time and one hop each, after it: the backlog takes long to drain (with hops of 25-72 ms,
/// a 5 s outage and 200 ms retries, 26 s), hence the long run and retries at least 200 ms apart.
fn two_pc_then_everything_comes_back() -> impl Strategy<Value = Scenario> {
    two_pc_anything().prop_map(|mut s| {
        s.max_time_ms = 120_000;
        let retry = timeout(&s, "retry").max(200);
        s.timeouts_ms.insert("retry".into(), retry);
        // A crash or a partition that follows an event could strike again after 10 s.
        s.faults.retain(|f| {
            let lasting = matches!(
                f.fault,
                Some(FaultKind::Crash | FaultKind::Partition | FaultKind::DropRate)
            );
            !(lasting && f.after.is_some()) && f.at_ms.is_none_or(|t| t < 5_000)
        });
        for i in 0..=participants(&s) {
            s.faults.push(FaultSpec {
                at_ms: Some(5_000),
                fault: Some(FaultKind::Recover),
                node: Some(name(i)),
                ..Default::default()
            });
        }
        for (fault, rate) in [(FaultKind::Heal, None), (FaultKind::DropRate, Some(0.0))] {
            s.faults.push(FaultSpec {
                at_ms: Some(5_000),
                fault: Some(fault),
                rate,
                ..Default::default()
            });
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// PROTOCOLS.md, 2PC: blocking lasts only while the coordinator (or a peer with the
    /// decision) is unreachable. Once every node is back and the network is whole, the run
    /// finishes: everyone up, decided alike, nothing left to do.
    #[test]
    fn two_pc_finishes_once_everything_is_back(s in two_pc_then_everything_comes_back()) {
        let o = run(&s);
        let json = s.to_json();
        assert_safe(&s, &o)?;
        prop_assert!(o.events < CAP, "still running after {CAP} events:\n{json}");
        prop_assert!(
            o.terminated && o.all_up && o.decisions.iter().all(|d| d.is_some()),
            "not finished: {:?}\n{json}",
            o.decisions
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(15_000))]

    /// PROTOCOLS.md, 3PC: non-blocking with fail-stop crashes and accurate timeouts. Whoever
    /// crashes, a participant that never crashes decides.
    #[test]
    fn three_pc_never_blocks_a_participant_that_stays_up(s in three_pc_crash_recover()) {
        let o = run(&s);
        let json = s.to_json();
        // A run cut at the event limit has not had its chance to finish (busy runs with short
        // retries can take more than CAP events); it says nothing about blocking.
        if o.events < CAP {
            for p in 1..=participants(&s) {
                prop_assert!(
                    o.crashed[p] || o.decisions[p].is_some(),
                    "{} never crashed and never decided: {:?}\n{json}",
                    name(p),
                    o.decisions
                );
            }
        }
    }
}

/// After a total failure (every node crashed) 3PC may block until they come back; once all
/// three are back up (3 s), reachable and in doubt, they must finish. C forced PRECOMMIT but sent
/// nothing, P1 and P2 are READY: nobody can have committed. Regression: every recovered node only
/// asked the others ("not yet" from everyone) and they stayed blocked to the end of the run;
/// Skeen's last-to-fail rule lets them rejoin termination.
#[test]
fn three_pc_finishes_once_every_node_is_back_after_a_total_failure() {
    let s = Scenario::from_json(
        r#"{"version": 1, "protocol": "3pc", "participants": 2, "seed": 1,
            "faults": [
              {"after": {"event": "send", "node": "P1", "label": "YES"}, "fault": "crash", "node": "P1"},
              {"after": {"event": "send", "node": "P2", "label": "YES"}, "fault": "crash", "node": "P2"},
              {"after": {"event": "persist", "node": "C", "label": "PRECOMMIT"}, "fault": "crash", "node": "C"},
              {"at_ms": 3000, "fault": "recover", "node": "C"},
              {"at_ms": 3000, "fault": "recover", "node": "P1"},
              {"at_ms": 3000, "fault": "recover", "node": "P2"}]}"#,
    )
    .unwrap();
    let o = run(&s);
    assert!(o.violations.is_empty());
    assert!(
        o.all_up && o.decisions.iter().all(|d| d.is_some()),
        "everyone is back from 3 s on, yet at 20 s: {:?}\n{}",
        o.decisions,
        s.to_json()
    );
}

/// Found by `three_pc_is_safe_under_crashes_and_recoveries` (shrunk by proptest) at commit
/// 1a37068. Crashes and recoveries only, on the queue, no latency, accurate timeouts (participant
/// 1614 ms >= twice the coordinator's 500 ms plus margin). C crashes after sending PRECOMMIT to P1
/// only; P2 crashes at 1 ms and is back at 2 ms, so it is recovering and only asks. At 1614 ms P1
/// times out, leads and sends STATE-REQ to P2, which (recovering) ignores it; P1's collect timeout
/// takes P2 for crashed, P1 commits alone and crashes right after. At 1a37068, P2, having heard
/// "not yet" from P1 (at 1226 ms) and from C (back at 1614 ms, answering queued requests),
/// rejoined termination, later suspected P1, led alone and aborted (READY is all it saw), and C
/// adopted ABORT: agreement broken. The textbook outcome is C and P2 blocked: P1, the only one who
/// knows, is down.
#[test]
fn three_pc_a_recovered_participant_never_aborts_what_a_crashed_leader_committed() {
    let s = Scenario::from_json(
        r#"{"version": 1, "protocol": "3pc", "participants": 2, "transport": "queue",
            "latency_ms": {"min": 0, "max": 0}, "drop_rate": 0.0,
            "timeouts_ms": {"coordinator": 500, "participant": 1614, "retry": 408},
            "seed": 0, "max_time_ms": 15000,
            "faults": [
              {"after": {"event": "timer", "nth": 1}, "fault": "crash", "node": "C"},
              {"at_ms": 1614, "fault": "recover", "node": "C"},
              {"after": {"event": "send", "label": "PRECOMMIT", "nth": 1}, "fault": "crash", "node": "C"},
              {"after": {"event": "become", "label": "COMMIT", "nth": 1}, "fault": "crash", "node": "P1"},
              {"at_ms": 1, "fault": "crash", "node": "P2"},
              {"at_ms": 2, "fault": "recover", "node": "P2"}]}"#,
    )
    .unwrap();
    let o = run(&s);
    assert!(
        !o.disagree() && o.violations.is_empty(),
        "first decisions {:?}, violations {:?}\n{}",
        o.first,
        o.violations,
        s.to_json()
    );
}

// ---------------------------------------------------------------------------------------------
// The monitor is not vacuous.

/// PROTOCOLS.md, 3PC: the classic run (PRECOMMIT reaches only P1, then the network splits
/// {C, P1} | {the others}) breaks agreement, for any number of participants, seed and latency,
/// and the monitor says so, pointing at a participant of the cut-off side as it decides ABORT.
#[test]
fn the_monitor_finds_the_three_pc_partition_run() {
    for participants in 2..=6 {
        for seed in 1..=20u64 {
            let mut s = Scenario::new("3pc", participants);
            s.seed = seed;
            s.latency_ms = Latency {
                min: 1,
                max: 1 + seed * 2,
            };
            let cut_off: Vec<String> = (2..=participants).map(name).collect();
            s.faults.push(FaultSpec {
                after: Some(PatternSpec {
                    event: Some("send".into()),
                    node: Some("C".into()),
                    peer: Some("P1".into()),
                    label: Some("PRECOMMIT".into()),
                    ..Default::default()
                }),
                fault: Some(FaultKind::Partition),
                groups: Some(vec![vec!["C".into(), "P1".into()], cut_off]),
                ..Default::default()
            });
            let json = s.to_json();
            let o = run(&s);
            assert_eq!(
                o.decisions[..2],
                [Some(Decision::Commit); 2],
                "C and P1 commit:\n{json}"
            );
            assert!(
                o.decisions[2..].iter().all(|d| *d == Some(Decision::Abort)),
                "the cut-off side aborts: {:?}\n{json}",
                o.decisions
            );
            assert_eq!(o.broken(), [AGREEMENT], "{json}");
            assert_eq!(
                o.violations.len(),
                participants - 1,
                "one violation per aborting participant:\n{json}"
            );
            for v in &o.violations {
                assert!(v.node.index() >= 2, "{v:?}\n{json}");
            }
        }
    }
}

/// Without the partition the same schedule is safe: the violation above is the partition's doing.
#[test]
fn the_same_run_without_the_partition_is_safe() {
    for participants in 1..=6 {
        let mut s = Scenario::new("3pc", participants);
        s.seed = 5;
        let o = run(&s);
        assert!(o.violations.is_empty(), "{}", s.to_json());
        assert!(o.decisions.iter().all(|d| *d == Some(Decision::Commit)));
        assert!(o.terminated);
    }
}

/// The generators make what they claim: valid scenarios whose faults really happen, and runs
/// that end both ways. (Run with `--nocapture` to see the figures.)
#[test]
fn the_generators_reach_faults_and_both_outcomes() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::BTreeMap;
    let mut runner = TestRunner::deterministic();
    let samples = 300;
    let mut stats: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut total_events: BTreeMap<&str, usize> = BTreeMap::new();
    let generators: [(&str, BoxedStrategy<Scenario>); 4] = [
        ("2pc-any", two_pc_anything().boxed()),
        ("3pc-crash", three_pc_crash_recover().boxed()),
        ("fault-free", fault_free().boxed()),
        ("3pc-any", three_pc_anything().boxed()),
    ];
    for (label, strategy) in &generators {
        let st = stats.entry(label).or_default();
        for _ in 0..samples {
            let s = strategy.new_tree(&mut runner).unwrap().current();
            s.check().unwrap();
            let o = run(&s);
            *total_events.entry(label).or_default() += o.events;
            for (k, n) in &o.fired {
                if *n > 0 {
                    *st.entry(k).or_default() += 1;
                }
            }
            for (d, key) in [(Decision::Commit, "commit"), (Decision::Abort, "abort")] {
                if o.decisions.contains(&Some(d)) {
                    *st.entry(key).or_default() += 1;
                }
            }
            if o.events >= CAP {
                *st.entry("cut at CAP").or_default() += 1;
            }
            if *label == "3pc-crash" {
                assert_eq!(s.transport, Transport::Queue);
                assert!(timeout(&s, "participant") >= 2 * timeout(&s, "coordinator") + 100);
                assert!(s.latency_ms.max <= 10);
                assert!(s
                    .faults
                    .iter()
                    .all(|f| matches!(f.fault, Some(FaultKind::Crash | FaultKind::Recover))));
            }
            if *label == "fault-free" {
                assert!(s.faults.is_empty() && s.drop_rate == 0.0);
            }
        }
    }
    for (label, st) in &stats {
        println!(
            "{label:<10} mean events {:>6}  runs (of {samples}) with: {st:?}",
            total_events[label] / samples
        );
    }
    let runs = |g: &str, k: &str| stats[g].get(k).copied().unwrap_or(0);
    // A good share of runs really see each kind of fault happen.
    for k in [
        "crash",
        "recover",
        "partition",
        "dropped",
        "duplicate",
        "delay",
    ] {
        assert!(
            runs("2pc-any", k) > samples / 10,
            "2pc-any: {k}: {:?}",
            stats["2pc-any"]
        );
    }
    for k in ["crash", "recover"] {
        assert!(
            runs("3pc-crash", k) > samples / 3,
            "3pc-crash: {k}: {:?}",
            stats["3pc-crash"]
        );
    }
    for g in ["2pc-any", "3pc-crash", "fault-free", "3pc-any"] {
        assert!(
            runs(g, "commit") > samples / 10,
            "{g}: commits: {:?}",
            stats[g]
        );
        assert!(
            runs(g, "abort") > samples / 10,
            "{g}: aborts: {:?}",
            stats[g]
        );
    }
    assert_eq!(runs("fault-free", "cut at CAP"), 0);
}
