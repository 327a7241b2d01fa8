//! The bank transfer patterns tell their stories: each preset ends with the balances, the total
//! money and the broken invariants its description promises, and the moments it is about
//! happen in the order it says (the debit before the crash, the duplicate absorbed...).

use txscope::model::EventKind;
use txscope::presets::{preset, PRESETS};
use txscope::scenario::Scenario;
use txscope::session::{self, EventView, Money, Run};

mod common;
use common::{at, broken, events, open, MAX_EVENTS};

/// A preset, alice's and bob's balances at the end, the total at the end, the invariants broken.
/// Every story starts with 100 in the banks but the rollback's, where alice has only 10.
type Story = (&'static str, i64, i64, i64, &'static [&'static str]);

const STORIES: &[Story] = &[
    (
        "transfer-dual-write-crash",
        70,
        0,
        70,
        &["money-conserved", "consistent"],
    ),
    ("transfer-outbox-happy", 70, 30, 100, &[]),
    ("transfer-outbox-relay-crash", 70, 30, 100, &[]),
    (
        "transfer-outbox-no-dedup",
        70,
        60,
        130,
        &["money-conserved", "applied-once"],
    ),
    (
        "transfer-outbox-ack-before-commit",
        70,
        0,
        70,
        &["money-conserved", "consistent"],
    ),
    ("transfer-txmsg-happy", 70, 30, 100, &[]),
    ("transfer-txmsg-rollback", 10, 0, 10, &[]),
    ("transfer-txmsg-checkback", 70, 30, 100, &[]),
    (
        "transfer-txmsg-gives-up",
        70,
        0,
        70,
        &["money-conserved", "consistent"],
    ),
    ("transfer-notify-happy", 70, 30, 100, &[]),
    (
        "transfer-notify-gives-up",
        70,
        0,
        70,
        &["money-conserved", "consistent"],
    ),
    ("transfer-notify-query", 70, 30, 100, &[]),
];

fn open_text(text: &str) -> Box<dyn Run> {
    let scenario = Scenario::from_json(text).unwrap_or_else(|e| panic!("{e}"));
    session::start(&scenario, MAX_EVENTS).unwrap()
}

/// The balance of `account` at the cursor, wherever it is kept.
fn balance(run: &dyn Run, account: &str) -> i64 {
    let mut found = run
        .nodes()
        .into_iter()
        .flat_map(|n| n.tables)
        .filter(|t| t.name == "balance");
    found
        .find_map(|t| {
            t.rows
                .into_iter()
                .find(|r| r.key == account)
                .map(|r| match r.value {
                    txscope::session::RowValue::Money(v) => v,
                    other => panic!("{account}: {other:?}"),
                })
        })
        .unwrap_or_else(|| panic!("no account {account}"))
}

#[test]
fn every_transfer_preset_has_its_story_here() {
    let names: Vec<&str> = PRESETS
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| n.starts_with("transfer-"))
        .collect();
    let listed: Vec<&str> = STORIES.iter().map(|s| s.0).collect();
    assert_eq!(names, listed);
}

#[test]
fn every_transfer_preset_ends_with_the_money_its_description_promises() {
    for &(name, alice, bob, total, invariants) in STORIES {
        let run = open(name);
        assert_eq!(balance(run.as_ref(), "alice"), alice, "{name}: alice");
        assert_eq!(balance(run.as_ref(), "bob"), bob, "{name}: bob");
        assert_eq!(
            run.money(),
            Some(Money {
                start: if name == "transfer-txmsg-rollback" {
                    10
                } else {
                    100
                },
                end: total
            }),
            "{name}"
        );
        let mut want = invariants.to_vec();
        want.sort();
        assert_eq!(broken(run.as_ref()), want, "{name}");
        assert!(run.quiet(), "{name}: the run ends quiet");
    }
}

#[test]
fn the_dual_write_loses_the_money_between_its_two_writes() {
    let run = open("transfer-dual-write-crash");
    let debit = at(run.as_ref(), EventKind::Commit, "BankA", Some("debit"));
    let crash = at(run.as_ref(), EventKind::Crash, "BankA", None);
    assert_eq!(debit.len(), 1);
    assert_eq!(
        crash,
        [debit[0] + 1],
        "the crash comes right after the debit"
    );
    assert!(
        at(run.as_ref(), EventKind::Send, "BankA", None).is_empty(),
        "never published"
    );
    // The violation is named once the run is quiet, with the event that left it so.
    let v = &run.violations()[0];
    assert_eq!(v.event as usize, crash[0]);
}

#[test]
fn publishing_first_creates_money_when_the_debit_never_commits() {
    let run = open_text(
        r#"{"version": 2, "protocol": "dual-write", "params": {"options": {"publish_first": true}},
            "faults": [{"after": {"event": "send", "node": "BankA"}, "fault": "crash", "node": "BankA"}]}"#,
    );
    assert_eq!(balance(run.as_ref(), "alice"), 100);
    assert_eq!(balance(run.as_ref(), "bob"), 30);
    assert_eq!(
        run.money(),
        Some(Money {
            start: 100,
            end: 130
        })
    );
    assert_eq!(broken(run.as_ref()), ["consistent", "money-conserved"]);
    let v = run
        .violations()
        .iter()
        .find(|v| v.invariant.label() == "consistent")
        .unwrap();
    assert_eq!(
        run.roster().name(v.node),
        "BankA",
        "the debit is what is missing"
    );
}

#[test]
fn the_outbox_publishes_after_its_local_commit_and_the_consumer_acks_after_its_own() {
    let run = open("transfer-outbox-happy");
    let debit = at(run.as_ref(), EventKind::Commit, "BankA", Some("debit"))[0];
    let send = at(run.as_ref(), EventKind::Send, "BankA", Some("TRANSFER"))[0];
    let sent = at(run.as_ref(), EventKind::Commit, "BankA", Some("mark-sent"))[0];
    let credit = at(run.as_ref(), EventKind::Commit, "BankB", Some("credit"))[0];
    let ack = at(run.as_ref(), EventKind::Ack, "BankB", None)[0];
    assert!(
        debit < send && send < sent,
        "debit+row, publish, then mark SENT"
    );
    assert!(credit < ack, "acknowledged after the credit commits");
    let nodes = run.nodes();
    let rows = |node: usize, table: &str| -> Vec<String> {
        nodes[node]
            .tables
            .iter()
            .filter(|t| t.name == table)
            .flat_map(|t| t.rows.iter().map(|r| format!("{} {:?}", r.key, r.value)))
            .collect()
    };
    assert_eq!(rows(0, "outbox"), ["t1 Status(\"SENT\")"]);
    assert_eq!(rows(1, "processed"), ["t1 Mark"]);
}

#[test]
fn a_relay_crash_publishes_twice_and_deduplication_absorbs_the_second() {
    let run = open("transfer-outbox-relay-crash");
    let delivered: Vec<EventView> = events(run.as_ref())
        .into_iter()
        .filter(|e| e.kind == EventKind::Deliver)
        .collect();
    assert_eq!(delivered.len(), 2, "the transfer arrives twice");
    assert_ne!(
        delivered[0].msg, delivered[1].msg,
        "as two messages: a new publish, not a redelivery"
    );
    assert_eq!(
        at(run.as_ref(), EventKind::Commit, "BankB", Some("credit")).len(),
        1
    );
    assert_eq!(
        at(run.as_ref(), EventKind::Ack, "BankB", None).len(),
        2,
        "both acknowledged"
    );
    // Switched off, the same run credits twice.
    let twice = open("transfer-outbox-no-dedup");
    let credits = at(twice.as_ref(), EventKind::Commit, "BankB", Some("credit"));
    assert_eq!(credits.len(), 2);
    let v = twice
        .violations()
        .iter()
        .find(|v| v.invariant.label() == "applied-once")
        .unwrap();
    assert_eq!(v.event as usize, credits[1], "named at the second credit");
}

#[test]
fn acknowledging_before_the_commit_loses_the_credit_in_a_crash() {
    let run = open("transfer-outbox-ack-before-commit");
    let ack = at(run.as_ref(), EventKind::Ack, "BankB", None);
    let crash = at(run.as_ref(), EventKind::Crash, "BankB", None);
    assert_eq!(ack.len(), 1);
    assert_eq!(crash, [ack[0] + 1]);
    assert!(at(run.as_ref(), EventKind::Commit, "BankB", None).is_empty());
    assert_eq!(
        events(run.as_ref())
            .iter()
            .filter(|e| e.kind == EventKind::Deliver)
            .count(),
        1,
        "the broker forgot the message when it was acknowledged"
    );
    let b = run.nodes().into_iter().find(|n| n.name == "BankB").unwrap();
    assert!(
        b.up && b.stuck,
        "Bank B waits for a transfer that will never come"
    );
}

#[test]
fn several_transfers_go_in_a_row_while_the_money_lasts() {
    let run = open_text(
        r#"{"version": 2, "protocol": "outbox", "params": {"amount": 30, "transfers": 4}}"#,
    );
    // 100 pays for three transfers of 30, not a fourth.
    assert_eq!(balance(run.as_ref(), "alice"), 10);
    assert_eq!(balance(run.as_ref(), "bob"), 90);
    assert!(run.violations().is_empty());
    assert_eq!(
        at(run.as_ref(), EventKind::Send, "BankA", Some("TRANSFER")).len(),
        3
    );
}

#[test]
fn nonsense_transfer_parameters_are_refused_by_name() {
    let cases = [
        (
            r#"{"transfers": 17}"#,
            "params.transfers: 17 is out of range (1 to 16)",
        ),
        (
            r#"{"amount": 0}"#,
            "params.amount: 0 is out of range (1 to 1000000000)",
        ),
        (
            r#"{"from": {"name": "alice", "balance": -5}}"#,
            "params.from.balance: -5 is out of range (0 to 1000000000)",
        ),
        (
            r#"{"to": {"name": "alice", "balance": 0}}"#,
            "params.to.name: the transfer goes from “alice” to itself",
        ),
        (
            r#"{"from": {"name": "a b", "balance": 1}}"#,
            "params.from.name: “a b” is not an account name (1 to 16 letters, digits or _)",
        ),
        (r#"{"options": {"dedup": 1}}"#, "params.options.dedup"),
        (
            r#"{"options": {"nope": true}}"#,
            "params.options.nope: unknown field `nope`",
        ),
    ];
    for (params, want) in cases {
        let text = format!(r#"{{"version": 2, "protocol": "outbox", "params": {params}}}"#);
        let err = Scenario::from_json(&text)
            .and_then(|s| s.compile().map(|_| s))
            .expect_err(params)
            .to_string();
        assert!(err.starts_with(want), "{params}: {err}");
    }
}

mod explorer {
    use super::*;
    use txscope::check::{check, Budget, CheckOptions, CheckReport};

    fn search(name: &str, crashes: u8, recoveries: u8) -> CheckReport {
        let options = CheckOptions {
            budget: Budget {
                crashes,
                recoveries,
                ..Budget::default()
            },
            ..CheckOptions::default()
        };
        check(&preset(name).unwrap(), &options).unwrap()
    }

    fn found(r: &CheckReport) -> Vec<(&'static str, usize)> {
        let mut f: Vec<_> = r
            .findings
            .iter()
            .map(|f| (f.property, f.trace.len()))
            .collect();
        f.sort();
        f
    }

    /// A finding's scenario replays to the same broken invariant.
    fn replays(r: &CheckReport) {
        for f in &r.findings {
            let run = session::start(&f.scenario, MAX_EVENTS).unwrap();
            assert!(
                run.violations()
                    .iter()
                    .any(|v| v.invariant.label() == f.property),
                "{}: the replay breaks it too ({:?})",
                f.property,
                f.trace
            );
        }
    }

    #[test]
    fn the_dual_writes_lost_money_is_one_crash_inside_bank_as_step() {
        let r = search("transfer-dual-write-crash", 1, 0);
        assert!(r.complete);
        assert_eq!(found(&r), [("consistent", 1), ("money-conserved", 1)]);
        assert_eq!(
            r.findings[0].trace,
            ["fire BankA request, crash-within BankA 2"],
            "after its debit commits, before the publish"
        );
        replays(&r);
    }

    #[test]
    fn without_deduplication_a_crash_and_a_recovery_credit_twice() {
        let r = search("transfer-outbox-no-dedup", 1, 1);
        assert!(r.complete);
        assert_eq!(found(&r), [("applied-once", 6), ("money-conserved", 6)]);
        replays(&r);
        // One crash without a recovery cannot do it: the redelivery needs Bank B back.
        assert!(search("transfer-outbox-no-dedup", 1, 0).findings.is_empty());
    }

    #[test]
    fn the_outbox_holds_its_invariants_under_one_crash_and_one_recovery() {
        for name in ["transfer-outbox-happy", "transfer-outbox-relay-crash"] {
            let r = search(name, 1, 1);
            assert!(r.complete, "{name}");
            assert!(r.findings.is_empty(), "{name}: {:?}", found(&r));
        }
    }

    #[test]
    fn acknowledging_first_loses_the_credit_in_four_steps() {
        let r = search("transfer-outbox-ack-before-commit", 1, 0);
        assert_eq!(found(&r), [("consistent", 4), ("money-conserved", 4)]);
        replays(&r);
    }
}

#[test]
fn the_forms_parameter_edits_are_checked_by_the_protocol() {
    let mut s = preset("transfer-outbox-happy").unwrap();
    s.set_param(&["from", "balance"], 500.into()).unwrap();
    s.set_param(&["amount"], 50.into()).unwrap();
    assert_eq!(s.param(&["from", "balance"]), Some(500.into()));
    let run = session::start(&s, MAX_EVENTS).unwrap();
    assert_eq!(balance(run.as_ref(), "alice"), 450);
    let before = s.clone();
    let err = s.set_param(&["transfers"], 17.into()).unwrap_err();
    assert_eq!(err.field, "params.transfers");
    assert_eq!(s, before, "a refused value changes nothing");
    // Options the defaults leave out can be set too.
    s.set_param(&["options", "dedup"], false.into()).unwrap();
    assert_eq!(s.param(&["options", "dedup"]), Some(false.into()));
}
