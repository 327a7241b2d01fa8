//! Saga and TCC on an order tell their stories: each preset ends with the customer's balance,
//! the shelf, the order's status and the broken invariants its description promises, and the
//! moments it is about happen in the order it says (the compensations in reverse, the empty
//! compensation before the late step, the second Confirm...).

use txscope::model::EventKind;
use txscope::presets::{preset, PRESETS};
use txscope::scenario::Scenario;
use txscope::session::{self, RowValue, Run};

mod common;
use common::{at, broken, events, open, MAX_EVENTS};

/// A preset, carol's balance at the end, the items on the shelf, the order's status, the
/// invariants broken. carol opens with 100, but with 20 in the choreography's story.
type Story = (
    &'static str,
    i64,
    i64,
    &'static str,
    &'static [&'static str],
);

const STORIES: &[Story] = &[
    ("order-saga-happy", 70, 8, "APPROVED", &[]),
    ("order-saga-out-of-stock", 100, 1, "CANCELLED", &[]),
    ("order-saga-orchestrator-crash", 70, 8, "APPROVED", &[]),
    ("order-saga-hanging", 100, 10, "CANCELLED", &[]),
    (
        "order-saga-no-protection",
        70,
        10,
        "CANCELLED",
        &["no-charge-without-order"],
    ),
    (
        "order-choreography-payment-refused",
        20,
        10,
        "CANCELLED",
        &[],
    ),
    ("order-tcc-happy", 70, 8, "APPROVED", &[]),
    ("order-tcc-cancel", 100, 1, "CANCELLED", &[]),
    ("order-tcc-empty-cancel", 100, 10, "CANCELLED", &[]),
    (
        "order-tcc-no-fence-double-confirm",
        40,
        8,
        "APPROVED",
        &["applied-once", "no-charge-without-order"],
    ),
    (
        "order-tcc-no-fence-hanging",
        100,
        10,
        "CANCELLED",
        &["no-hanging-reservation"],
    ),
];

/// The value of row `key` of `table`, wherever it is kept.
fn row(run: &dyn Run, table: &str, key: &str) -> Option<RowValue> {
    run.nodes()
        .into_iter()
        .flat_map(|n| n.tables)
        .filter(|t| t.name == table)
        .flat_map(|t| t.rows)
        .find(|r| r.key == key)
        .map(|r| r.value)
}

fn number(run: &dyn Run, table: &str, key: &str) -> i64 {
    match row(run, table, key) {
        Some(RowValue::Money(v) | RowValue::Count(v)) => v,
        other => panic!("{table}.{key}: {other:?}"),
    }
}

#[test]
fn every_order_preset_has_its_story_here() {
    let names: Vec<&str> = PRESETS
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| n.starts_with("order-"))
        .collect();
    let listed: Vec<&str> = STORIES.iter().map(|s| s.0).collect();
    assert_eq!(names, listed);
}

#[test]
fn every_order_preset_ends_with_the_figures_its_description_promises() {
    for &(name, carol, shelf, status, invariants) in STORIES {
        let run = open(name);
        assert_eq!(
            number(run.as_ref(), "balance", "carol"),
            carol,
            "{name}: carol"
        );
        assert_eq!(
            number(run.as_ref(), "stock", "sku1"),
            shelf,
            "{name}: shelf"
        );
        assert_eq!(
            row(run.as_ref(), "order", "o1"),
            Some(RowValue::Status(status)),
            "{name}: the order"
        );
        // Money is never made or lost: only moved between carol and what o1 was charged.
        let opening = if name == "order-choreography-payment-refused" {
            20
        } else {
            100
        };
        assert_eq!(
            run.money().map(|m| (m.start, m.end)),
            Some((opening, opening)),
            "{name}"
        );
        let mut want = invariants.to_vec();
        want.sort();
        assert_eq!(broken(run.as_ref()), want, "{name}");
        assert!(run.quiet(), "{name}: the run ends quiet");
    }
}

#[test]
fn out_of_stock_compensates_in_reverse_order() {
    let run = open("order-saga-out-of-stock");
    let charge = at(run.as_ref(), EventKind::Commit, "Payment", Some("charge"));
    let refused = at(run.as_ref(), EventKind::Commit, "Stock", Some("refuse"));
    let refund = at(run.as_ref(), EventKind::Commit, "Payment", Some("refund"));
    let cancel = at(run.as_ref(), EventKind::Commit, "Order", Some("cancel"));
    assert_eq!(
        (charge.len(), refused.len(), refund.len(), cancel.len()),
        (1, 1, 1, 1)
    );
    // T2 ran, T3 was refused; then C2 (the refund), then C1 (the order cancelled).
    assert!(charge[0] < refused[0] && refused[0] < refund[0] && refund[0] < cancel[0]);
    assert!(at(run.as_ref(), EventKind::Commit, "Stock", Some("release")).is_empty());
}

#[test]
fn the_orchestrator_goes_on_from_its_saga_log_after_a_crash() {
    let run = open("order-saga-orchestrator-crash");
    let advance = at(run.as_ref(), EventKind::Commit, "Order", Some("advance"));
    let crash = at(run.as_ref(), EventKind::Crash, "Order", None);
    let recover = at(run.as_ref(), EventKind::Recover, "Order", None);
    assert_eq!(
        crash,
        [advance[0] + 1],
        "the crash comes right after the log entry"
    );
    let reserve = at(run.as_ref(), EventKind::Send, "Order", Some("RESERVE"));
    assert_eq!(reserve.len(), 1, "RESERVE is sent once, after the recovery");
    assert!(reserve[0] > recover[0]);
    // Payment charged once: the recovery did not start the saga again.
    assert_eq!(
        at(run.as_ref(), EventKind::Commit, "Payment", Some("charge")).len(),
        1
    );
}

#[test]
fn a_late_step_after_its_empty_compensation_is_refused() {
    let run = open("order-saga-hanging");
    let empty = at(
        run.as_ref(),
        EventKind::Commit,
        "Payment",
        Some("record-empty"),
    );
    let late = at(
        run.as_ref(),
        EventKind::Commit,
        "Payment",
        Some("refuse-late"),
    );
    assert_eq!((empty.len(), late.len()), (1, 1));
    assert!(empty[0] < late[0]);
    assert!(at(run.as_ref(), EventKind::Commit, "Payment", Some("charge")).is_empty());
    // The orchestrator tried three times before compensating.
    assert_eq!(
        at(run.as_ref(), EventKind::Send, "Order", Some("CHARGE")).len(),
        3
    );

    let run = open("order-saga-no-protection");
    let charge = at(run.as_ref(), EventKind::Commit, "Payment", Some("charge"));
    let cancel = at(run.as_ref(), EventKind::Commit, "Order", Some("cancel"));
    assert_eq!(charge.len(), 1);
    assert!(
        charge[0] > cancel[0],
        "the charge runs after the order was cancelled"
    );
    assert_eq!(number(run.as_ref(), "charged", "o1"), 30);
}

#[test]
fn an_empty_cancel_is_recorded_and_changes_nothing() {
    let run = open("order-tcc-empty-cancel");
    assert_eq!(
        at(run.as_ref(), EventKind::Commit, "Payment", Some("suspend")).len(),
        1
    );
    assert!(at(run.as_ref(), EventKind::Commit, "Payment", Some("freeze")).is_empty());
    let payment_fence = run
        .nodes()
        .into_iter()
        .find(|n| n.name == "Payment")
        .unwrap()
        .tables
        .into_iter()
        .find(|t| t.name == "fence")
        .unwrap()
        .rows;
    assert_eq!(payment_fence[0].value, RowValue::Status("SUSPENDED"));
    // With the fence, a Try refused by the business rolls its fence row back too: the Cancel
    // that follows is an empty one.
    let run = open("order-tcc-cancel");
    assert_eq!(
        at(run.as_ref(), EventKind::Commit, "Stock", Some("suspend")).len(),
        1
    );
}

#[test]
fn without_the_fence_a_retried_confirm_charges_twice_and_a_late_try_hangs() {
    let run = open("order-tcc-no-fence-double-confirm");
    assert_eq!(
        at(run.as_ref(), EventKind::Commit, "Payment", Some("charge")).len(),
        2
    );
    assert_eq!(
        at(run.as_ref(), EventKind::Send, "Order", Some("CONFIRM")).len(),
        3
    );
    let run = open("order-tcc-no-fence-hanging");
    let unfreeze = at(run.as_ref(), EventKind::Commit, "Payment", Some("unfreeze"));
    let freeze = at(run.as_ref(), EventKind::Commit, "Payment", Some("freeze"));
    assert_eq!((unfreeze.len(), freeze.len()), (1, 1));
    assert!(unfreeze[0] < freeze[0], "the Cancel comes before the Try");
    assert_eq!(number(run.as_ref(), "frozen", "o1"), 30);
}

#[test]
fn nonsense_order_figures_are_refused_by_name() {
    for (params, field) in [
        (r#"{"quantity": 0}"#, "params.quantity"),
        (r#"{"price": -5}"#, "params.price"),
        (r#"{"stock": -1}"#, "params.stock"),
        (r#"{"quantity": 1000, "price": 1000000000}"#, "params.price"),
        (
            r#"{"customer": {"name": "", "balance": 5}}"#,
            "params.customer.name",
        ),
        (r#"{"item": "two words"}"#, "params.item"),
        (r#"{"options": {"attempts": 0}}"#, "params.options.attempts"),
        (r#"{"options": {"fence": true}}"#, "params.options"),
    ] {
        let text = format!(r#"{{"version": 2, "protocol": "saga", "params": {params}}}"#);
        let err = Scenario::from_json(&text).unwrap_err();
        assert!(err.field.starts_with(field), "{params}: {err}");
    }
    let tcc = r#"{"version": 2, "protocol": "tcc", "params": {"options": {"fence": "yes"}}}"#;
    assert!(Scenario::from_json(tcc)
        .unwrap_err()
        .field
        .starts_with("params.options"));
}

#[test]
fn in_the_choreography_the_failure_travels_back_service_by_service() {
    let run = open("order-choreography-payment-refused");
    let reserve = at(run.as_ref(), EventKind::Commit, "Stock", Some("reserve"));
    let refused = at(run.as_ref(), EventKind::Commit, "Payment", Some("refuse"));
    let release = at(run.as_ref(), EventKind::Commit, "Stock", Some("release"));
    let cancel = at(run.as_ref(), EventKind::Commit, "Order", Some("cancel"));
    assert_eq!(
        (reserve.len(), refused.len(), release.len(), cancel.len()),
        (1, 1, 1, 1)
    );
    assert!(reserve[0] < refused[0] && refused[0] < release[0] && release[0] < cancel[0]);
    // No hub: the Order service sends one event in all, and the others send to each other.
    assert_eq!(at(run.as_ref(), EventKind::Send, "Order", None).len(), 1);
    let stock_to_payment = events(run.as_ref())
        .into_iter()
        .filter(|e| e.kind == EventKind::Send && e.label == Some("STOCK_RESERVED"))
        .count();
    assert_eq!(stock_to_payment, 1);
    assert_eq!(
        at(
            run.as_ref(),
            EventKind::Send,
            "Payment",
            Some("PAYMENT_FAILED")
        )
        .len(),
        1
    );
}

/// The explorer over the order protocols: with their protections on, the invariants hold under
/// a small budget of duplicates, crashes and recoveries; with them off, it finds each anomaly,
/// and each finding replays to the same broken invariant.
mod explorer {
    use super::*;
    use txscope::check::{check, Budget, CheckOptions, CheckReport};

    fn search(scenario: &Scenario, budget: Budget) -> CheckReport {
        let options = CheckOptions {
            budget,
            ..CheckOptions::default()
        };
        check(scenario, &options).unwrap()
    }

    fn found(r: &CheckReport) -> Vec<&'static str> {
        let mut f: Vec<_> = r.findings.iter().map(|f| f.property).collect();
        f.sort();
        f
    }

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

    fn budget(duplicates: u8, crashes: u8, recoveries: u8) -> Budget {
        Budget {
            duplicates,
            crashes,
            recoveries,
            ..Budget::default()
        }
    }

    fn with_options(protocol: &str, options: &str) -> Scenario {
        let text = format!(
            r#"{{"version": 2, "protocol": "{protocol}", "params": {{"options": {options}}}}}"#
        );
        Scenario::from_json(&text).unwrap()
    }

    #[test]
    fn with_their_protections_the_order_protocols_hold() {
        for name in [
            "order-saga-happy",
            "order-saga-out-of-stock",
            "order-choreography-payment-refused",
            "order-tcc-happy",
            "order-tcc-cancel",
        ] {
            let r = search(&preset(name).unwrap(), budget(1, 1, 1));
            assert!(r.complete, "{name}");
            assert!(r.findings.is_empty(), "{name}: {:?}", found(&r));
        }
    }

    #[test]
    fn without_them_a_duplicate_is_applied_twice() {
        for (protocol, options) in [
            ("saga", r#"{"idempotent": false}"#),
            ("saga-choreography", r#"{"idempotent": false}"#),
            ("tcc", r#"{"fence": false}"#),
        ] {
            let r = search(&with_options(protocol, options), budget(1, 0, 0));
            assert!(
                found(&r).contains(&"applied-once"),
                "{protocol}: {:?}",
                found(&r)
            );
            replays(&r);
        }
    }

    #[test]
    fn without_the_fence_a_crash_makes_an_empty_cancel_put_back_items_never_reserved() {
        let r = search(&with_options("tcc", r#"{"fence": false}"#), budget(0, 1, 1));
        assert!(found(&r).contains(&"stock-conserved"), "{:?}", found(&r));
        let f = r
            .findings
            .iter()
            .find(|f| f.property == "stock-conserved")
            .unwrap();
        assert_eq!(
            f.trace[..2],
            ["crash Order", "recover Order"],
            "{:?}",
            f.trace
        );
        replays(&r);
    }
}
