//! The explorer over the real engines: what it must find, what it must not, and that every
//! finding replays in the player to the state it claims.

use txscope::check::{Budget, CheckOptions, CheckReport, Timeouts};
use txscope::model::Outcome;
use txscope::model::Transport;
use txscope::presets::preset;
use txscope::protocol::commit::{ABORT, COMMIT};
use txscope::scenario::Scenario;
use txscope::session;

fn lossy(name: &str) -> Scenario {
    let mut s = preset(name).unwrap();
    s.transport = Transport::Lossy;
    s
}

fn check(s: &Scenario, budget: Budget, properties: &[&str], first: bool) -> CheckReport {
    let options = CheckOptions {
        budget,
        timeouts: Timeouts::Accurate,
        max_states: Some(3_000_000),
        properties: properties.iter().map(|p| p.to_string()).collect(),
        stop_when_found: first,
        ..CheckOptions::default()
    };
    txscope::check::check(s, &options).unwrap()
}

fn crashes(n: u8) -> Budget {
    Budget {
        crashes: n,
        recoveries: 0,
        ..Budget::default()
    }
}

/// Replays a finding's scenario to the end of its forced schedule and returns the player there.
fn replay(f: &txscope::check::CheckFinding) -> Box<dyn session::Run> {
    let text = f.scenario.to_json();
    let scenario = Scenario::from_json(&text).expect("a finding's scenario reads back");
    session::start(&scenario, 50_000).unwrap()
}

/// PROTOCOLS.md, 2PC: "It never violates agreement ... whoever crashes"; "2PC blocks exactly
/// when the coordinator is unreachable and every live participant is READY."
#[test]
fn two_pc_never_disagrees_but_can_block_and_the_blocking_run_replays() {
    let report = check(&lossy("2pc-happy"), crashes(1), &[], false);
    assert!(report.complete, "the whole space is searched: {report:?}");
    let names: Vec<&str> = report.findings.iter().map(|f| f.property).collect();
    assert_eq!(names, ["can-block"], "only blocking is found");
    let block = &report.findings[0];
    // Shortest: the three PREPAREs arrive (each participant votes YES and is READY), then the
    // coordinator crashes: 4 moves. The YES votes still in flight are lost with it.
    assert_eq!(
        block.trace,
        ["arrive m0 P1", "arrive m1 P2", "arrive m2 P3", "crash C"]
    );
    let mut run = replay(block);
    let end = run.len();
    run.seek(end);
    let blocked: Vec<String> = run
        .nodes()
        .into_iter()
        .filter(|n| n.blocked)
        .map(|n| n.name)
        .collect();
    assert_eq!(blocked, ["P1", "P2", "P3"]);
    assert!(run.violations().is_empty());
}

/// PROTOCOLS.md, 3PC: non-blocking with fail-stop crashes and accurate timeouts; no partition.
#[test]
fn three_pc_neither_disagrees_nor_blocks_under_one_crash_with_accurate_timeouts() {
    let report = check(&lossy("3pc-happy"), crashes(1), &[], false);
    assert!(report.complete);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert!(
        report.distinct_states > 1000,
        "the search did explore: {report:?}"
    );
}

/// PROTOCOLS.md, 3PC: "Under a network partition it can violate agreement."
#[test]
fn three_pc_splits_under_a_partition_and_the_split_replays() {
    let budget = Budget {
        crashes: 0,
        partitions: 1,
        ..Budget::default()
    };
    let report = check(
        &lossy("3pc-partition-violation"),
        budget,
        &["agreement"],
        true,
    );
    assert!(report.stopped_at_findings);
    let split = &report.findings[0];
    assert_eq!(split.property, "agreement");
    assert!(
        split.trace.iter().any(|m| m.starts_with("partition")),
        "{:?}",
        split.trace
    );
    let mut run = replay(split);
    run.seek(run.len());
    let decisions: Vec<Option<Outcome>> = run.nodes().iter().map(|n| n.decision).collect();
    assert!(decisions.contains(&Some(COMMIT)) && decisions.contains(&Some(ABORT)));
    assert!(run
        .violations()
        .iter()
        .any(|v| v.invariant == txscope::protocol::commit::watch::AGREEMENT));
}

#[test]
fn premature_timeouts_split_3pc_even_without_a_partition() {
    // In an asynchronous network a timeout may fire before a slow message arrives: 3PC's
    // termination protocol then decides while the coordinator is still alive.
    let mut options = CheckOptions {
        budget: crashes(0),
        timeouts: Timeouts::Any,
        properties: vec!["agreement".into()],
        stop_when_found: true,
        ..CheckOptions::default()
    };
    options.max_states = Some(3_000_000);
    let s = lossy("3pc-happy");
    let report = txscope::check::check(&s, &options).unwrap();
    assert_eq!(report.findings.len(), 1);
    assert!(!report.findings[0]
        .trace
        .iter()
        .any(|m| m.starts_with("partition") || m.starts_with("crash")));
}

#[test]
fn bad_check_requests_are_refused_with_a_reason() {
    let s = lossy("2pc-happy");
    let options = CheckOptions {
        properties: vec!["liveness".into()],
        ..CheckOptions::default()
    };
    let err = txscope::check::check(&s, &options).unwrap_err();
    assert!(
        err.to_string().contains("unknown property \"liveness\""),
        "{err}"
    );
}
