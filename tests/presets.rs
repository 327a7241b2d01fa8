//! Every preset tells a textbook story (its description, and shared/PROTOCOLS.md). These tests run
//! each one to its end and check the outcome, then travel back through the run to check the
//! moments the story is about: who is blocked when, who decides before whom, who learns from whom.

use txscope::model::EventKind;
use txscope::model::{Code, Coded, Codes, Event, Outcome, Translate};
use txscope::presets::{preset, PRESETS};
use txscope::protocol::commit::watch::AGREEMENT;
use txscope::protocol::commit::{ABORT, COMMIT, PARTICIPANT};
use txscope::protocol::three_pc::{self, ThreePc};
use txscope::protocol::two_pc::{self, TwoPc};
use txscope::protocol::watch::Invariant;
use txscope::protocol::Protocol;
use txscope::report::Report;
use txscope::scenario::Scenario;
use txscope::session::{self, EventView, NodeView, Run, Session};

const MAX_EVENTS: usize = 100_000;

const C: Option<Outcome> = Some(COMMIT);
const A: Option<Outcome> = Some(ABORT);

/// A preset's name, the decisions of C, P1, P2, P3, and the invariants it breaks.
type Story = (&'static str, [Option<Outcome>; 4], &'static [Invariant]);

/// The textbook outcome of each preset. PROTOCOLS.md: 2PC never violates agreement; 3PC does
/// only under a partition.
const EXPECTED: &[Story] = &[
    ("2pc-happy", [C, C, C, C], &[]),
    ("2pc-vote-no", [A, A, A, A], &[]),
    ("2pc-lost-prepare", [A, A, A, A], &[]),
    ("2pc-coordinator-crash-in-doubt", [A, A, A, A], &[]),
    ("2pc-coordinator-crash-after-decision", [C, C, C, C], &[]),
    ("2pc-participant-crash-recovery", [A, A, A, A], &[]),
    ("2pc-cooperative-termination", [C, C, C, C], &[]),
    ("3pc-happy", [C, C, C, C], &[]),
    ("3pc-coordinator-crash", [C, C, C, C], &[]),
    ("3pc-partition-violation", [C, C, A, A], &[AGREEMENT]),
    ("mq-redelivery-duplicate", [C, C, C, C], &[]),
];

fn open(name: &str) -> Box<dyn Run> {
    let scenario = preset(name).unwrap_or_else(|e| panic!("preset {name} does not load: {e}"));
    session::start(&scenario, MAX_EVENTS).unwrap_or_else(|e| panic!("preset {name}: {e}"))
}

/// A typed session, for facts the protocol-free views do not carry (message contents, flags).
fn typed(name: &str) -> Session {
    let scenario = preset(name).unwrap();
    let cfg = scenario.compile().unwrap();
    Session::new(scenario, cfg, MAX_EVENTS)
}

fn events(run: &dyn Run) -> Vec<EventView> {
    (0..run.len()).map(|i| run.event(i).unwrap()).collect()
}

fn node_name(run: &dyn Run, e: &EventView) -> Option<String> {
    e.node.map(|id| run.roster().name(id).to_string())
}

fn peer_name(run: &dyn Run, e: &EventView) -> Option<String> {
    e.peer.map(|id| run.roster().name(id).to_string())
}

/// Indices of the events of `kind` at `node` with `label` (any label if `None`).
fn find(run: &dyn Run, kind: EventKind, node: &str, label: Option<&str>) -> Vec<usize> {
    events(run)
        .iter()
        .filter(|e| {
            e.kind == kind
                && node_name(run, e).as_deref() == Some(node)
                && label.is_none_or(|l| e.label == Some(l))
        })
        .map(|e| e.index)
        .collect()
}

fn only(v: Vec<usize>, what: &str) -> usize {
    assert_eq!(v.len(), 1, "expected exactly one {what}, found {v:?}");
    v[0]
}

/// The nodes as they are after `cursor` events.
fn nodes_at(run: &mut dyn Run, cursor: usize) -> Vec<NodeView> {
    run.seek(cursor);
    assert_eq!(run.cursor(), cursor);
    run.nodes()
}

fn node<'a>(nodes: &'a [NodeView], name: &str) -> &'a NodeView {
    nodes.iter().find(|n| n.name == name).unwrap()
}

fn participants(nodes: &[NodeView]) -> Vec<&NodeView> {
    nodes.iter().filter(|n| n.role == PARTICIPANT).collect()
}

/// The commit-protocol presets (the bank transfers and the orders have their own stories in
/// tests/transfers.rs and tests/orders.rs).
fn commit_presets() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    PRESETS
        .iter()
        .filter(|(n, _)| !n.starts_with("transfer-") && !n.starts_with("order-"))
}

#[test]
fn every_preset_has_a_textbook_outcome_listed_here() {
    let names: Vec<&str> = commit_presets().map(|(n, _)| *n).collect();
    let listed: Vec<&str> = EXPECTED.iter().map(|(n, ..)| *n).collect();
    assert_eq!(
        names, listed,
        "a preset was added or removed: give it its expected outcome"
    );
    for (name, text) in commit_presets() {
        let s = Scenario::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(s.name.as_deref(), Some(*name), "{name}: name field");
        assert!(
            s.description.as_deref().is_some_and(|d| d.len() > 40),
            "{name}: needs a description"
        );
        let roster = s.roster().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            roster.names_list(),
            "C, P1, P2, P3",
            "{name}: the stories are told with C, P1..P3"
        );
    }
}

#[test]
fn every_preset_ends_as_the_textbook_says() {
    for (name, decisions, broken) in EXPECTED {
        let run = open(name);
        let nodes = run.nodes();
        let got: Vec<Option<Outcome>> = nodes.iter().map(|n| n.decision).collect();
        assert_eq!(
            got,
            decisions.to_vec(),
            "{name}: decisions of C, P1, P2, P3"
        );
        assert!(
            nodes.iter().all(|n| n.up),
            "{name}: every node is up at the end"
        );
        assert!(
            nodes.iter().all(|n| !n.blocked && !n.in_doubt),
            "{name}: nobody is blocked or in doubt at the end"
        );
        assert!(run.terminated(), "{name}: terminated");
        assert!(run.quiet(), "{name}: nothing left to happen");
        let mut kinds: Vec<Invariant> = run.violations().iter().map(|v| v.invariant).collect();
        kinds.dedup();
        assert_eq!(kinds, broken.to_vec(), "{name}: violated invariants");
        let report = Report::of(run.as_ref(), MAX_EVENTS, false);
        assert!(
            !report.truncated,
            "{name}: must finish well within the event limit"
        );
        assert_eq!(report.events, run.len(), "{name}: report event count");
        assert!(report.blocked.is_empty(), "{name}: blocked at the end");
    }
}

/// PROTOCOLS.md, 2PC and 3PC: a participant writes READY to stable storage before it sends YES,
/// and a node forces a decision before it sends it or enters it.
#[test]
fn every_preset_forces_its_log_before_it_speaks() {
    for (name, ..) in EXPECTED {
        let run = open(name);
        let evs = events(run.as_ref());
        for e in &evs {
            let Some(who) = node_name(run.as_ref(), e) else {
                continue;
            };
            let logged_before = |record: &str| {
                evs[..e.index].iter().any(|p| {
                    p.kind == EventKind::Persist
                        && node_name(run.as_ref(), p).as_deref() == Some(&who)
                        && p.label == Some(record)
                })
            };
            match (e.kind, e.label) {
                (EventKind::Send, Some("YES")) => assert!(
                    logged_before("READY"),
                    "{name}: event {} {} sends YES before forcing READY",
                    e.index,
                    who
                ),
                (EventKind::Send | EventKind::Become, Some(d @ ("COMMIT" | "ABORT"))) => assert!(
                    logged_before(d),
                    "{name}: event {}: {} acts on {d} before forcing it",
                    e.index,
                    who
                ),
                _ => {}
            }
        }
    }
}

/// Per-node decisions never change once made, in any preset (irrevocability, checked by walking
/// the run rather than trusting the monitor).
#[test]
fn decisions_are_never_taken_back_in_any_preset() {
    for (name, ..) in EXPECTED {
        let mut run = open(name);
        let len = run.len();
        let mut first: Vec<Option<Outcome>> = vec![None; run.roster().len()];
        for i in 0..=len {
            for (k, n) in nodes_at(run.as_mut(), i).iter().enumerate() {
                if let Some(d) = n.decision {
                    assert!(
                        first[k].is_none_or(|f| f == d),
                        "{name}: {} changes its decision at cursor {i}",
                        n.name
                    );
                    first[k] = Some(d);
                }
            }
        }
    }
}

#[test]
fn two_pc_happy_commits_after_every_yes() {
    let run = open("2pc-happy");
    let commit = only(
        find(run.as_ref(), EventKind::Persist, "C", Some("COMMIT")),
        "COMMIT at C",
    );
    for p in ["P1", "P2", "P3"] {
        let yes = only(find(run.as_ref(), EventKind::Send, p, Some("YES")), "YES");
        assert!(yes < commit, "{p}'s YES is sent before C decides");
    }
    assert!(run.violations().is_empty());
}

#[test]
fn two_pc_vote_no_aborts_and_the_no_voter_is_never_in_doubt() {
    let mut run = open("2pc-vote-no");
    only(
        find(run.as_ref(), EventKind::Send, "P2", Some("NO")),
        "NO from P2",
    );
    assert!(find(run.as_ref(), EventKind::Persist, "P2", Some("READY")).is_empty());
    assert!(find(run.as_ref(), EventKind::Persist, "C", Some("COMMIT")).is_empty());
    let len = run.len();
    for i in 0..=len {
        let nodes = nodes_at(run.as_mut(), i);
        assert!(!node(&nodes, "P2").in_doubt, "P2 in doubt at cursor {i}");
        assert!(nodes.iter().all(|n| !n.blocked), "someone blocked at {i}");
    }
}

#[test]
fn two_pc_lost_prepare_aborts_because_the_coordinator_times_out() {
    let run = open("2pc-lost-prepare");
    let evs = events(run.as_ref());
    assert!(
        evs.iter()
            .any(|e| e.kind == EventKind::Drop && e.label == Some("dropped")),
        "the PREPARE to P2 is dropped"
    );
    assert!(
        find(run.as_ref(), EventKind::Deliver, "P2", Some("PREPARE")).is_empty(),
        "P2 never receives PREPARE"
    );
    assert!(find(run.as_ref(), EventKind::Persist, "P2", Some("READY")).is_empty());
    // C gives up waiting for the votes (PROTOCOLS.md: WAIT -> ABORT on a timeout).
    let c_timeout = only(
        find(run.as_ref(), EventKind::Timer, "C", Some("vote-timeout")),
        "C vote timeout",
    );
    let c_abort = only(
        find(run.as_ref(), EventKind::Become, "C", Some("ABORT")),
        "C aborts",
    );
    assert!(c_timeout < c_abort);
    let p2_abort = only(
        find(run.as_ref(), EventKind::Become, "P2", Some("ABORT")),
        "P2 aborts",
    );
    let nodes = {
        let mut run = open("2pc-lost-prepare");
        nodes_at(run.as_mut(), p2_abort + 1)
    };
    assert_eq!(node(&nodes, "P2").log, ["ABORT"], "P2 never voted");
}

/// PROTOCOLS.md, 2PC: the coordinator goes to ABORT "on a timeout in WAIT". With the default
/// timeouts (coordinator 300 ms < participant 500 ms) its ABORT reaches P2, still in INIT, before
/// P2's own prepare-timeout would fire, so P2 aborts on the coordinator's word, never having
/// voted (its log has ABORT and never READY).
#[test]
fn two_pc_lost_prepare_the_coordinator_times_out_in_wait_and_p2_learns_abort_in_init() {
    let run = open("2pc-lost-prepare");
    let c_timeout = only(
        find(run.as_ref(), EventKind::Timer, "C", Some("vote-timeout")),
        "C's vote-timeout",
    );
    let c_abort = only(
        find(run.as_ref(), EventKind::Become, "C", Some("ABORT")),
        "C aborts",
    );
    assert!(
        c_timeout < c_abort,
        "C aborts because its vote-timeout fired in WAIT"
    );
    let p2_abort = only(
        find(run.as_ref(), EventKind::Become, "P2", Some("ABORT")),
        "P2 aborts",
    );
    assert!(
        find(
            run.as_ref(),
            EventKind::Timer,
            "P2",
            Some("prepare-timeout")
        )
        .is_empty(),
        "P2's prepare-timeout never fires: the ABORT came first"
    );
    let delivered = run.event(p2_abort - 2).unwrap();
    assert_eq!(
        (delivered.kind, delivered.label),
        (EventKind::Deliver, Some("ABORT")),
        "P2 aborts on receiving ABORT: {}",
        delivered.text
    );
    assert!(p2_abort > c_abort);
    assert!(
        find(run.as_ref(), EventKind::Persist, "P2", Some("READY")).is_empty(),
        "P2 never voted"
    );
}

/// PROTOCOLS.md, 2PC: "2PC blocks exactly when the coordinator is unreachable and every live
/// participant is READY."
#[test]
fn two_pc_coordinator_crash_in_doubt_blocks_until_the_coordinator_recovers() {
    let mut run = open("2pc-coordinator-crash-in-doubt");
    let len = run.len();
    let crash = only(
        find(run.as_ref(), EventKind::Crash, "C", None),
        "crash of C",
    );
    let recover = only(
        find(run.as_ref(), EventKind::Recover, "C", None),
        "recovery of C",
    );
    assert!(crash < recover);
    // C crashes before deciding: nothing in its log.
    let at_crash = nodes_at(run.as_mut(), crash + 1);
    assert!(
        node(&at_crash, "C").log.is_empty(),
        "C has no decision record"
    );
    assert!(!node(&at_crash, "C").up);

    let mut all_blocked_seen = false;
    for i in 0..=len {
        let nodes = nodes_at(run.as_mut(), i);
        let ps = participants(&nodes);
        let blocked: Vec<bool> = ps.iter().map(|p| p.blocked).collect();
        if i <= crash {
            assert!(
                blocked.iter().all(|b| !b),
                "nobody blocked before the crash ({i})"
            );
        } else if i <= recover {
            // From the crash until C's recover event, every participant is READY and blocked.
            assert!(!node(&nodes, "C").up, "C down at {i}");
            assert!(
                ps.iter()
                    .all(|p| p.state == "READY" && p.in_doubt && p.blocked),
                "cursor {i}: every participant READY, in doubt and blocked: {ps:?}"
            );
            assert!(ps.iter().all(|p| p.decision.is_none()));
            all_blocked_seen = true;
        } else {
            assert!(
                blocked.iter().all(|b| !b),
                "blocking ends with C's recovery ({i})"
            );
        }
    }
    assert!(all_blocked_seen);
    // While blocked they keep asking their peers (cooperative termination), in vain.
    let evs = events(run.as_ref());
    for p in ["P1", "P2", "P3"] {
        for q in ["P1", "P2", "P3"].into_iter().filter(|q| *q != p) {
            assert!(
                evs[crash..recover].iter().any(|e| e.kind == EventKind::Send
                    && node_name(run.as_ref(), e).as_deref() == Some(p)
                    && peer_name(run.as_ref(), e).as_deref() == Some(q)
                    && e.label == Some("DECISION-REQ")),
                "{p} asks {q} while C is down"
            );
        }
        assert!(
            evs[crash..recover]
                .iter()
                .all(|e| !(e.kind == EventKind::Deliver
                    && node_name(run.as_ref(), e).as_deref() == Some(p)
                    && matches!(e.label, Some("COMMIT" | "ABORT")))),
            "nobody can tell {p} anything while C is down"
        );
    }
    // Recovering with no decision in its log, C aborts (PROTOCOLS.md: no record -> abort).
    let c_abort = only(
        find(run.as_ref(), EventKind::Persist, "C", Some("ABORT")),
        "C's ABORT",
    );
    assert_eq!(c_abort, recover + 1, "C forces ABORT as it recovers");
    for p in ["P1", "P2", "P3"] {
        let d = only(
            find(run.as_ref(), EventKind::Become, p, Some("ABORT")),
            "abort",
        );
        assert!(d > recover, "{p} decides only after C recovers");
    }
}

#[test]
fn two_pc_coordinator_crash_after_decision_resends_commit_from_its_log() {
    let mut run = open("2pc-coordinator-crash-after-decision");
    let crash = only(
        find(run.as_ref(), EventKind::Crash, "C", None),
        "crash of C",
    );
    let recover = only(
        find(run.as_ref(), EventKind::Recover, "C", None),
        "recovery of C",
    );
    let forced = only(
        find(run.as_ref(), EventKind::Persist, "C", Some("COMMIT")),
        "C forces COMMIT",
    );
    assert!(forced < crash, "COMMIT is in C's log before the crash");
    let at_crash = nodes_at(run.as_mut(), crash + 1);
    assert_eq!(node(&at_crash, "C").log, ["COMMIT"]);
    assert_eq!(
        node(&at_crash, "C").decision,
        C,
        "a crashed node's decision is its log's"
    );
    // Nothing left C before the crash.
    assert!(find(run.as_ref(), EventKind::Send, "C", Some("COMMIT"))
        .iter()
        .all(|&i| i > recover));
    // Blocked while C is down: every participant is READY and cannot learn anything.
    for i in crash + 1..=recover {
        let nodes = nodes_at(run.as_mut(), i);
        assert!(
            participants(&nodes)
                .iter()
                .all(|p| p.blocked && p.state == "READY"),
            "cursor {i}: participants blocked in READY"
        );
    }
    // After recovery C re-sends COMMIT to every participant, and they commit only then.
    let evs = events(run.as_ref());
    for p in ["P1", "P2", "P3"] {
        assert!(
            evs.iter().any(|e| e.index > recover
                && e.kind == EventKind::Send
                && node_name(run.as_ref(), e).as_deref() == Some("C")
                && peer_name(run.as_ref(), e).as_deref() == Some(p)
                && e.label == Some("COMMIT")),
            "C re-sends COMMIT to {p}"
        );
        let d = only(
            find(run.as_ref(), EventKind::Become, p, Some("COMMIT")),
            "commit",
        );
        assert!(d > recover, "{p} commits after C recovers");
    }
    assert_eq!(
        find(run.as_ref(), EventKind::Persist, "C", Some("COMMIT")).len(),
        1,
        "C does not decide again: it reads its log"
    );
}

/// PROTOCOLS.md, 2PC cooperative termination: "Q knows the decision -> adopt it."
#[test]
fn two_pc_cooperative_termination_learns_commit_from_a_peer() {
    let run = open("2pc-cooperative-termination");
    let recover = only(
        find(run.as_ref(), EventKind::Recover, "C", None),
        "recovery of C",
    );
    let crash = only(
        find(run.as_ref(), EventKind::Crash, "C", None),
        "crash of C",
    );
    let evs = events(run.as_ref());
    for p in ["P2", "P3"] {
        let commit = only(
            find(run.as_ref(), EventKind::Become, p, Some("COMMIT")),
            "commit",
        );
        assert!(
            commit > crash && commit < recover,
            "{p} commits while C is down"
        );
        let timeout = only(
            find(run.as_ref(), EventKind::Timer, p, Some("decision-timeout")),
            "decision timeout",
        );
        assert!(
            crash < timeout && timeout < commit,
            "{p} times out in READY first"
        );
        // What it learned from: the last COMMIT delivered to it before it committed came from P1.
        let learned = evs[..commit]
            .iter()
            .rev()
            .find(|e| {
                e.kind == EventKind::Deliver
                    && node_name(run.as_ref(), e).as_deref() == Some(p)
                    && e.label == Some("COMMIT")
            })
            .unwrap_or_else(|| panic!("{p} received no COMMIT before committing"));
        assert_eq!(peer_name(run.as_ref(), learned).as_deref(), Some("P1"));
        // It asked: a DECISION-REQ from p to P1 precedes it.
        assert!(evs[..commit].iter().any(|e| e.kind == EventKind::Send
            && node_name(run.as_ref(), e).as_deref() == Some(p)
            && peer_name(run.as_ref(), e).as_deref() == Some("P1")
            && e.label == Some("DECISION-REQ")));
    }
    // P1 had the decision from C itself before the crash took C down.
    let p1 = only(
        find(run.as_ref(), EventKind::Become, "P1", Some("COMMIT")),
        "P1 commits",
    );
    assert!(p1 < recover);
    let before_crash: Vec<&EventView> = evs[..crash]
        .iter()
        .filter(|e| {
            e.kind == EventKind::Send
                && node_name(run.as_ref(), e).as_deref() == Some("C")
                && e.label == Some("COMMIT")
        })
        .collect();
    assert_eq!(before_crash.len(), 1, "C sent COMMIT once before crashing");
    assert_eq!(
        peer_name(run.as_ref(), before_crash[0]).as_deref(),
        Some("P1")
    );
    // C recovers later and finishes: it forgets the transaction once everyone acknowledged.
    let end = only(
        find(run.as_ref(), EventKind::Persist, "C", Some("END")),
        "END at C",
    );
    assert!(end > recover);
    assert_eq!(node(&run.nodes(), "C").log, ["COMMIT", "END"]);
}

#[test]
fn two_pc_participant_crash_recovery_is_in_doubt_then_learns_abort() {
    let mut run = open("2pc-participant-crash-recovery");
    let crash = only(
        find(run.as_ref(), EventKind::Crash, "P2", None),
        "crash of P2",
    );
    let recover = only(
        find(run.as_ref(), EventKind::Recover, "P2", None),
        "recovery of P2",
    );
    let ready = only(
        find(run.as_ref(), EventKind::Persist, "P2", Some("READY")),
        "READY at P2",
    );
    assert!(ready < crash);
    assert!(
        find(run.as_ref(), EventKind::Send, "P2", Some("YES"))
            .iter()
            .all(|&i| i > recover),
        "P2's YES never left before the crash"
    );
    // C gives up on the missing vote and aborts while P2 is down.
    let c_abort = only(
        find(run.as_ref(), EventKind::Become, "C", Some("ABORT")),
        "C aborts",
    );
    assert!(crash < c_abort && c_abort < recover);
    assert!(find(run.as_ref(), EventKind::Timer, "C", Some("vote-timeout")).len() == 1);
    // Right after reading its log (READY, no decision), P2 is READY and in doubt.
    let back = find(run.as_ref(), EventKind::Become, "P2", Some("READY"))
        .into_iter()
        .find(|&i| i > recover)
        .expect("P2 goes back to READY from its log");
    let nodes = nodes_at(run.as_mut(), back + 1);
    let p2 = node(&nodes, "P2");
    assert!(p2.up && p2.in_doubt && p2.decision.is_none(), "{p2:?}");
    assert_eq!(p2.log, ["READY"]);
    // It asks, and learns ABORT.
    let asks: Vec<usize> = find(run.as_ref(), EventKind::Send, "P2", Some("DECISION-REQ"));
    assert!(asks.iter().any(|&i| i > recover), "P2 asks for the outcome");
    let abort = only(
        find(run.as_ref(), EventKind::Become, "P2", Some("ABORT")),
        "P2 aborts",
    );
    assert!(abort > back);
    let nodes = nodes_at(run.as_mut(), abort + 1);
    assert_eq!(node(&nodes, "P2").decision, A);
    assert!(!node(&nodes, "P2").in_doubt);
}

#[test]
fn three_pc_happy_goes_through_precommit() {
    let run = open("3pc-happy");
    for p in ["C", "P1", "P2", "P3"] {
        let pre = only(
            find(run.as_ref(), EventKind::Become, p, Some("PRECOMMIT")),
            "PRECOMMIT",
        );
        let commit = only(
            find(run.as_ref(), EventKind::Become, p, Some("COMMIT")),
            "COMMIT",
        );
        assert!(pre < commit, "{p}: PRECOMMIT before COMMIT");
    }
    let c_commit = only(
        find(run.as_ref(), EventKind::Become, "C", Some("COMMIT")),
        "C",
    );
    for p in ["P1", "P2", "P3"] {
        let ack = only(
            find(run.as_ref(), EventKind::Send, p, Some("ACK")),
            "ACK of PRECOMMIT",
        );
        assert!(ack < c_commit, "C commits after {p} acknowledged PRECOMMIT");
    }
}

/// PROTOCOLS.md, 3PC: non-blocking with fail-stop crashes; the termination protocol commits if
/// some participant is in PRECOMMIT.
#[test]
fn three_pc_coordinator_crash_never_blocks_and_commits_without_the_coordinator() {
    let mut run = open("3pc-coordinator-crash");
    let len = run.len();
    let crash = only(
        find(run.as_ref(), EventKind::Crash, "C", None),
        "crash of C",
    );
    let recover = only(
        find(run.as_ref(), EventKind::Recover, "C", None),
        "recovery of C",
    );
    for i in 0..=len {
        let nodes = nodes_at(run.as_mut(), i);
        assert!(
            nodes.iter().all(|n| !n.blocked),
            "somebody blocked at cursor {i}"
        );
    }
    for p in ["P1", "P2", "P3"] {
        let commit = only(
            find(run.as_ref(), EventKind::Become, p, Some("COMMIT")),
            "commit",
        );
        assert!(
            crash < commit && commit < recover,
            "{p} commits while C is down"
        );
    }
    for p in ["P2", "P3"] {
        let t = find(run.as_ref(), EventKind::Timer, p, Some("decision-timeout"));
        assert!(
            t.first().is_some_and(|&t| t > crash && t < recover),
            "{p} times out waiting for C: {t:?}"
        );
    }
    // P1, the lowest id, leads: it asks for states and sends PRECOMMIT to the others.
    let evs = events(run.as_ref());
    for p in ["P2", "P3"] {
        assert!(evs.iter().any(|e| e.kind == EventKind::Send
            && node_name(run.as_ref(), e).as_deref() == Some("P1")
            && peer_name(run.as_ref(), e).as_deref() == Some(p)
            && e.label == Some("PRECOMMIT")));
    }
    assert!(find(run.as_ref(), EventKind::Send, "P2", Some("STATE-REQ")).is_empty());
    assert!(find(run.as_ref(), EventKind::Send, "P3", Some("STATE-REQ")).is_empty());
    // C learns the outcome after it recovers.
    let c = only(
        find(run.as_ref(), EventKind::Become, "C", Some("COMMIT")),
        "C commits",
    );
    assert!(c > recover);
}

/// PROTOCOLS.md, 3PC: "Classic run with three participants: all vote YES; PRECOMMIT reaches only
/// P1; the network splits {C, P1} | {P2, P3}; C and P1 go on to COMMIT; P2 and P3 ... ABORT."
#[test]
fn three_pc_partition_violation_is_the_classic_run() {
    let name = "3pc-partition-violation";
    let run = open(name);
    let evs = events(run.as_ref());
    let violations = run.violations().to_vec();
    assert!(!violations.is_empty());
    for v in &violations {
        assert_eq!(v.invariant, AGREEMENT, "{v:?}");
        let e = &evs[v.event as usize];
        assert_eq!(
            e.kind,
            EventKind::Become,
            "the violation points at a decision: {e:?}"
        );
        assert_eq!(e.node, Some(v.node), "at the node the violation names");
        assert!(matches!(e.label, Some("COMMIT" | "ABORT")));
        let who = run.roster().name(v.node).to_string();
        assert!(
            who == "P2" || who == "P3",
            "the aborting side is flagged: {v:?}"
        );
        assert_eq!(e.label, Some("ABORT"));
    }
    // Both P2 and P3 are flagged, each at its own decision.
    let flagged: Vec<String> = violations
        .iter()
        .map(|v| run.roster().name(v.node).to_string())
        .collect();
    assert_eq!(flagged, ["P2", "P3"]);

    let s = typed(name);
    let trace = s.trace_as::<ThreePc>();
    let split = trace
        .iter()
        .position(|e| matches!(e.event, Event::Partition { .. }))
        .expect("a partition");
    let Event::Partition { groups } = &trace[split].event else {
        unreachable!()
    };
    let names: Vec<Vec<String>> = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|&id| Run::roster(&s).name(id).to_string())
                .collect()
        })
        .collect();
    assert_eq!(names, [vec!["C", "P1"], vec!["P2", "P3"]]);
    // PRECOMMIT reaches P1 only.
    let precommit_to: Vec<String> = trace
        .iter()
        .filter_map(|e| match &e.event {
            Event::Deliver {
                to,
                msg: three_pc::Msg::PreCommit,
                ..
            } => Some(Run::roster(&s).name(*to).to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(precommit_to, ["P1"]);
    // P2 and P3 decide ABORT among themselves: after the split, nothing from C or P1 reaches
    // them.
    assert!(!trace[split..].iter().any(|e| matches!(&e.event,
        Event::Deliver { from, to, .. } if from.0 <= 1 && to.0 >= 2)));
}

/// PROTOCOLS.md, message queues: a consumer that dies before acknowledging gets the message
/// again; handlers must be idempotent.
#[test]
fn mq_redelivery_duplicate_redelivers_prepare_and_the_coordinator_ignores_the_second_yes() {
    let name = "mq-redelivery-duplicate";
    let s = typed(name);
    let trace = s.trace_as::<TwoPc>();
    let p1 = txscope::model::NodeId(1);
    let c = txscope::model::NodeId(0);
    let crash = trace
        .iter()
        .position(|e| e.event == Event::Crash { node: p1 })
        .expect("P1 crashes");
    let requeued: Vec<_> = trace
        .iter()
        .filter_map(|e| match e.event {
            Event::Requeue { id, node } if node == p1 => Some(id),
            _ => None,
        })
        .collect();
    assert_eq!(requeued.len(), 1, "PREPARE goes back to P1's queue");
    let redelivered: Vec<usize> = trace
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match &e.event {
            Event::Deliver {
                id,
                to,
                msg: two_pc::Msg::Prepare,
                redelivered: true,
                ..
            } if *to == p1 && *id == requeued[0] => Some(i),
            _ => None,
        })
        .collect();
    assert_eq!(
        redelivered.len(),
        1,
        "the same PREPARE comes again, flagged"
    );
    assert!(redelivered[0] > crash);
    let yes_from_p1: Vec<usize> = trace
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match &e.event {
            Event::Deliver {
                from,
                to,
                msg: two_pc::Msg::VoteYes,
                ..
            } if *from == p1 && *to == c => Some(i),
            _ => None,
        })
        .collect();
    assert_eq!(yes_from_p1.len(), 2, "C receives two YES from P1");
    // C decides once, and P1 writes READY once.
    let c_commits = trace
        .iter()
        .filter(|e| {
            e.event
                == Event::Persist {
                    node: c,
                    record: two_pc::Record::Commit,
                }
        })
        .count();
    assert_eq!(c_commits, 1);
    let p1_ready = trace
        .iter()
        .filter(|e| {
            e.event
                == Event::Persist {
                    node: p1,
                    record: two_pc::Record::Ready,
                }
        })
        .count();
    assert_eq!(
        p1_ready, 1,
        "READY is already in P1's log when PREPARE comes again"
    );
    assert!(Run::violations(&s).is_empty());
}

/// Codes back into a protocol's values.
struct Encode;

impl<P: Protocol> Translate<P, Codes> for Encode {
    fn msg(&self, m: P::Msg) -> Code {
        m.code()
    }
    fn timer(&self, t: P::Timer) -> Code {
        t.code()
    }
    fn record(&self, r: P::Record) -> Code {
        r.code()
    }
    fn phase(&self, p: P::Phase) -> Code {
        p.code()
    }
    fn txn(&self, t: P::Txn) -> Code {
        t.code()
    }
}

fn round_trip<P: Protocol>(s: &Session) -> Vec<Event<Codes>> {
    s.trace_as::<P>()
        .iter()
        .map(|e| e.event.map::<Codes>(&Encode))
        .collect()
}

/// Every code the simulator recorded is a value of its protocol, and that value codes back to
/// the same code: the engine loses nothing between a protocol and the machinery.
#[test]
fn every_recorded_code_is_a_protocol_value() {
    for (name, ..) in EXPECTED {
        let s = typed(name);
        let again = match Run::scenario(&s).protocol.as_str() {
            "2pc" => round_trip::<TwoPc>(&s),
            "3pc" => round_trip::<ThreePc>(&s),
            other => panic!("unknown protocol {other}"),
        };
        let recorded: Vec<Event<Codes>> = s.trace().iter().map(|e| e.event.clone()).collect();
        assert_eq!(again, recorded, "{name}");
    }
}
