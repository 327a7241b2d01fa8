//! The transactional message (RocketMQ style) step by step: the half message is stored before
//! the local transaction and delivered only after COMMIT; a rollback discards it; a lost report
//! is recovered by a check-back answered from Bank A's records; and after the last check-back
//! the broker parks the message, whatever Bank A committed.

use txscope::model::EventKind;
use txscope::presets::preset;
use txscope::scenario::Scenario;
use txscope::session::{self, EventView, Run};

const MAX_EVENTS: usize = 100_000;

fn open(name: &str) -> Box<dyn Run> {
    session::start(&preset(name).unwrap(), MAX_EVENTS).unwrap()
}

fn open_text(text: &str) -> Box<dyn Run> {
    let scenario = Scenario::from_json(text).unwrap_or_else(|e| panic!("{e}"));
    session::start(&scenario, MAX_EVENTS).unwrap()
}

fn events(run: &dyn Run) -> Vec<EventView> {
    (0..run.len()).map(|i| run.event(i).unwrap()).collect()
}

/// The indices of the events of `kind` at `node`, with `label` if given.
fn at(run: &dyn Run, kind: EventKind, node: &str, label: Option<&str>) -> Vec<usize> {
    events(run)
        .into_iter()
        .filter(|e| {
            e.kind == kind
                && e.node.map(|n| run.roster().name(n)) == Some(node)
                && label.is_none_or(|l| e.label == Some(l))
        })
        .map(|e| e.index)
        .collect()
}

/// The rows of `table` at `node` at the cursor, as "key value".
fn rows(run: &dyn Run, node: &str, table: &str) -> Vec<String> {
    run.nodes()
        .into_iter()
        .filter(|n| n.name == node)
        .flat_map(|n| n.tables)
        .filter(|t| t.name == table)
        .flat_map(|t| {
            t.rows
                .into_iter()
                .map(|r| format!("{} {:?}", r.key, r.value))
        })
        .collect()
}

#[test]
fn the_half_message_is_stored_before_the_debit_and_delivered_only_after_commit() {
    let run = open("transfer-txmsg-happy");
    let r = run.as_ref();
    let store = at(r, EventKind::Commit, "Broker", Some("store"));
    let debit = at(r, EventKind::Commit, "BankA", Some("debit"));
    let commit_in = at(r, EventKind::Deliver, "Broker", Some("COMMIT"));
    let transfer = at(r, EventKind::Send, "Broker", Some("TRANSFER"));
    let credit = at(r, EventKind::Commit, "BankB", Some("credit"));
    let consumed = at(r, EventKind::Commit, "Broker", Some("consumed"));
    assert_eq!(
        [&store, &debit, &commit_in, &transfer, &credit, &consumed].map(Vec::len),
        [1; 6]
    );
    assert!(
        store[0] < debit[0],
        "half stored, then the local transaction"
    );
    assert!(
        commit_in[0] < transfer[0],
        "invisible to Bank B until COMMIT"
    );
    assert!(transfer[0] < credit[0] && credit[0] < consumed[0]);
    assert_eq!(rows(r, "Broker", "half"), ["t1 Status(\"CONSUMED\")"]);
    assert_eq!(rows(r, "BankA", "local_txn"), ["t1 Status(\"COMMITTED\")"]);
    assert!(at(r, EventKind::Send, "Broker", Some("CHECK")).is_empty());
}

#[test]
fn a_rolled_back_transaction_discards_the_half_message() {
    let run = open("transfer-txmsg-rollback");
    let r = run.as_ref();
    assert_eq!(at(r, EventKind::Commit, "BankA", Some("rollback")).len(), 1);
    assert!(at(r, EventKind::Commit, "BankA", Some("debit")).is_empty());
    assert!(at(r, EventKind::Send, "Broker", Some("TRANSFER")).is_empty());
    assert_eq!(rows(r, "Broker", "half"), ["t1 Status(\"DISCARDED\")"]);
    assert!(r.violations().is_empty());
}

#[test]
fn a_lost_report_is_found_by_a_check_back_from_bank_as_records() {
    let run = open("transfer-txmsg-checkback");
    let r = run.as_ref();
    let crash = at(r, EventKind::Crash, "BankA", None);
    let recover = at(r, EventKind::Recover, "BankA", None);
    let check = at(r, EventKind::Send, "Broker", Some("CHECK"));
    let answer = at(r, EventKind::Send, "BankA", Some("COMMIT"));
    let debit = at(r, EventKind::Commit, "BankA", Some("debit"));
    assert_eq!(crash, [debit[0] + 1], "down before its COMMIT report");
    assert_eq!(check.len(), 1, "one check-back is enough");
    assert!(recover[0] < check[0] && check[0] < answer[0]);
    assert_eq!(answer.len(), 1, "the answer is the only COMMIT it sends");
    assert_eq!(rows(r, "Broker", "checks"), ["t1 Count(1)"]);
    // The first check waits for the half message's age: 6 s after it was stored.
    let stored = r.event(at(r, EventKind::Commit, "Broker", Some("store"))[0]);
    let checked = r.event(check[0]);
    assert_eq!(checked.unwrap().time - stored.unwrap().time, 6_000);
}

#[test]
fn after_the_last_check_back_the_broker_parks_the_message_for_good() {
    let run = open("transfer-txmsg-gives-up");
    let r = run.as_ref();
    let checks = at(r, EventKind::Send, "Broker", Some("CHECK"));
    let park = at(r, EventKind::Commit, "Broker", Some("park"));
    assert_eq!(checks.len(), 15, "RocketMQ's transactionCheckMax");
    assert_eq!(park.len(), 1);
    assert!(checks.iter().all(|&c| c < park[0]));
    let times: Vec<u64> = checks.iter().map(|&i| r.event(i).unwrap().time).collect();
    assert!(
        times.windows(2).all(|w| w[1] - w[0] == 30_000),
        "every 30 s: {times:?}"
    );
    assert!(at(r, EventKind::Send, "Broker", Some("TRANSFER")).is_empty());
    assert_eq!(rows(r, "Broker", "half"), ["t1 Status(\"PARKED\")"]);
    // Bank A is back with its debit committed; nobody asks it any more.
    let recover = at(r, EventKind::Recover, "BankA", None);
    assert!(recover[0] > park[0]);
    assert_eq!(rows(r, "BankA", "local_txn"), ["t1 Status(\"COMMITTED\")"]);
}

#[test]
fn a_transaction_that_never_ran_answers_unknown_until_the_message_is_parked() {
    let run = open_text(
        r#"{"version": 2, "protocol": "txmsg", "params": {"options": {"check_max": 3}},
            "max_time_ms": 200000,
            "faults": [{"after": {"event": "deliver", "node": "BankA", "label": "HALF_OK"},
                        "fault": "crash", "node": "BankA"},
                       {"at_ms": 3000, "fault": "recover", "node": "BankA"}]}"#,
    );
    let r = run.as_ref();
    assert_eq!(at(r, EventKind::Send, "Broker", Some("CHECK")).len(), 3);
    assert_eq!(at(r, EventKind::Send, "BankA", Some("UNKNOWN")).len(), 3);
    assert_eq!(at(r, EventKind::Commit, "Broker", Some("park")).len(), 1);
    assert!(at(r, EventKind::Commit, "BankA", None).is_empty());
    assert!(r.violations().is_empty(), "nothing debited, nothing owed");
}

#[test]
fn the_check_back_limit_is_checked_by_name() {
    for (params, want) in [
        (
            r#"{"options": {"check_max": 0}}"#,
            "params.options.check_max: 0 is out of range (1 to 50)",
        ),
        (
            r#"{"options": {"check_max": 51}}"#,
            "params.options.check_max: 51 is out of range (1 to 50)",
        ),
        (r#"{"options": {"dedup": true}}"#, "params.options.dedup"),
    ] {
        let text = format!(r#"{{"version": 2, "protocol": "txmsg", "params": {params}}}"#);
        let err = Scenario::from_json(&text)
            .and_then(|s| s.compile().map(|_| s))
            .expect_err(params)
            .to_string();
        assert!(err.starts_with(want), "{params}: {err}");
    }
}

mod explorer {
    use super::*;
    use txscope::check::{check, Budget, CheckOptions};

    fn budget(crashes: u8, drops: u8, duplicates: u8) -> CheckOptions {
        CheckOptions {
            budget: Budget {
                crashes,
                drops,
                duplicates,
                ..Budget::default()
            },
            ..CheckOptions::default()
        }
    }

    #[test]
    fn lost_and_repeated_messages_break_nothing() {
        let r = check(&preset("transfer-txmsg-happy").unwrap(), &budget(0, 2, 1)).unwrap();
        assert!(r.complete);
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn a_producer_down_past_the_last_check_back_loses_the_money() {
        let mut s = preset("transfer-txmsg-happy").unwrap();
        s.set_param(&["options", "check_max"], 2.into()).unwrap();
        let r = check(&s, &budget(1, 0, 0)).unwrap();
        assert!(r.complete);
        let f = r
            .findings
            .iter()
            .find(|f| f.property == "money-conserved")
            .expect("found");
        assert!(
            f.trace.iter().any(|s| s.contains("crash-within BankA")),
            "Bank A goes down between its commit and its report: {:?}",
            f.trace
        );
        assert_eq!(
            f.trace
                .iter()
                .filter(|s| s.starts_with("fire Broker"))
                .count(),
            3,
            "then both check-backs go unanswered and the third timer parks it: {:?}",
            f.trace
        );
        let run = session::start(&f.scenario, MAX_EVENTS).unwrap();
        assert!(run
            .violations()
            .iter()
            .any(|v| v.invariant.label() == "money-conserved"));
    }
}
