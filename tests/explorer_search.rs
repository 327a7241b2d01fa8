//! The explorer's search behaviour: shortest traces, reachability witnesses, caps, refusals and
//! the CLI entry point.

use txscope::explorer::cli::check_model;
use txscope::explorer::models::{RmState, TmState, TwoPhase, TwoPhaseAction, TwoPhaseState};
use txscope::explorer::{explore, ExploreError, Model, Options, Property, PropertyKind};

/// TwoPhase with a bug: the TM commits as soon as it has *one* `Prepared` message, instead of
/// all of them (`tmPrepared # {}` for `tmPrepared = RM`).
struct EagerCommit(TwoPhase);

impl Model for EagerCommit {
    type State = TwoPhaseState;
    type Action = TwoPhaseAction;

    fn init_states(&self) -> Vec<TwoPhaseState> {
        self.0.init_states()
    }

    fn actions(&self, s: &TwoPhaseState, actions: &mut Vec<TwoPhaseAction>) {
        let some_prepared = (0..self.0.rms()).any(|rm| s.tm_prepared(rm));
        let all_prepared = (0..self.0.rms()).all(|rm| s.tm_prepared(rm));
        if s.tm_state() == TmState::Init && some_prepared && !all_prepared {
            actions.push(TwoPhaseAction::TmCommit);
        }
        self.0.actions(s, actions);
    }

    fn next_state(&self, s: &TwoPhaseState, a: &TwoPhaseAction) -> Option<TwoPhaseState> {
        self.0.next_state(s, a)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        vec![Property::invariant(
            "TCConsistent",
            |m: &Self, s: &TwoPhaseState| {
                let states: Vec<RmState> = (0..m.0.rms()).map(|rm| s.rm_state(rm)).collect();
                !(states.contains(&RmState::Committed) && states.contains(&RmState::Aborted))
            },
        )]
    }

    fn action_label(&self, a: &TwoPhaseAction) -> String {
        self.0.action_label(a)
    }

    fn has_symmetry(&self) -> bool {
        true
    }

    fn representative(&self, s: &TwoPhaseState) -> TwoPhaseState {
        self.0.representative(s)
    }
}

/// The shortest violation needs 5 steps: r1 must be committed (RMPrepare, TMRcvPrepared,
/// TMCommit, RMRcvCommitMsg: every commit needs all four) and another RM aborted (one more
/// action; with `Commit` sent it can only be RMChooseToAbort). Among the shortest traces,
/// breadth-first search returns the one whose prefixes were numbered first: after
/// RMPrepare(r1), the successor by TMRcvPrepared(r1) is numbered before the one by
/// RMChooseToAbort(r2) (r1's actions are listed before r2's), and so on down the trace, so r2's
/// abort comes last.
#[test]
fn finds_a_shortest_violation_and_replays_it() {
    let model = EagerCommit(TwoPhase::new(2).unwrap());
    let report = explore(&model, &Options::default()).unwrap();
    assert!(report.complete);
    assert_eq!(report.findings.len(), 1);
    let finding = &report.findings[0];
    assert_eq!(finding.property, "TCConsistent");
    assert_eq!(finding.kind, PropertyKind::Invariant);
    assert_eq!(
        finding.trace.labels(&model),
        [
            "RMPrepare(r1)",
            "TMRcvPrepared(r1)",
            "TMCommit",
            "RMRcvCommitMsg(r1)",
            "RMChooseToAbort(r2)",
        ]
    );
    let last = finding.trace.last_state();
    assert_eq!(last.rm_state(0), RmState::Committed);
    assert_eq!(last.rm_state(1), RmState::Aborted);

    // Symmetry reduction keeps the distances: the trace is just as short, and it replays.
    let reduced = explore(
        &model,
        &Options {
            symmetry: true,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(reduced.findings[0].trace.steps.len(), 5);
    assert!(reduced.distinct_states < report.distinct_states);
}

/// TwoPhase watched for a situation rather than an invariant.
struct Watch(TwoPhase);

impl Model for Watch {
    type State = TwoPhaseState;
    type Action = TwoPhaseAction;

    fn init_states(&self) -> Vec<TwoPhaseState> {
        self.0.init_states()
    }

    fn actions(&self, s: &TwoPhaseState, actions: &mut Vec<TwoPhaseAction>) {
        self.0.actions(s, actions);
    }

    fn next_state(&self, s: &TwoPhaseState, a: &TwoPhaseAction) -> Option<TwoPhaseState> {
        self.0.next_state(s, a)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        vec![
            Property::reachable("PreparedAfterTMAbort", |m: &Self, s: &TwoPhaseState| {
                s.tm_state() == TmState::Aborted
                    && (0..m.0.rms()).any(|rm| s.rm_state(rm) == RmState::Prepared)
            }),
            Property::reachable("AllCommitted", |m: &Self, s: &TwoPhaseState| {
                (0..m.0.rms()).all(|rm| s.rm_state(rm) == RmState::Committed)
            }),
        ]
    }

    fn action_label(&self, a: &TwoPhaseAction) -> String {
        self.0.action_label(a)
    }
}

/// From the initial state the actions are listed TMAbort first, so breadth-first search meets
/// "TM aborted" before "r1 prepared", and the 2-step witness is TMAbort then RMPrepare(r1).
/// Everyone committed needs 3 actions per RM and a TMCommit: 7 steps for 2 RMs.
#[test]
fn reports_shortest_witnesses_of_reachability_properties() {
    let model = Watch(TwoPhase::new(2).unwrap());
    let report = explore(&model, &Options::default()).unwrap();
    assert_eq!(report.distinct_states, 56);
    let labels: Vec<(&str, PropertyKind, Vec<String>)> = report
        .findings
        .iter()
        .map(|f| (f.property, f.kind, f.trace.labels(&model)))
        .collect();
    assert_eq!(labels[0].0, "PreparedAfterTMAbort");
    assert_eq!(labels[0].1, PropertyKind::Reachable);
    assert_eq!(labels[0].2, ["TMAbort", "RMPrepare(r1)"]);
    assert_eq!(labels[1].0, "AllCommitted");
    assert_eq!(labels[1].2.len(), 7);
    assert_eq!(labels[1].2[4], "TMCommit");
}

#[test]
fn max_states_stops_the_search_incomplete() {
    let model = TwoPhase::new(3).unwrap();
    let capped = |max| {
        explore(
            &model,
            &Options {
                max_states: Some(max),
                ..Options::default()
            },
        )
        .unwrap()
    };
    // Exactly enough room: the search completes.
    let full = capped(288);
    assert!(full.complete);
    assert_eq!(full.distinct_states, 288);
    // One state short: it stops, having stored 287.
    let short = capped(287);
    assert!(!short.complete);
    assert_eq!(short.distinct_states, 287);
    assert!(short.generated < 1146);
    assert_eq!(
        explore(
            &model,
            &Options {
                max_states: Some(0),
                ..Options::default()
            }
        )
        .unwrap_err(),
        ExploreError::ZeroMaxStates
    );
}

#[test]
fn refuses_a_search_whose_estimate_is_over_budget() {
    let model = TwoPhase::new(8).unwrap();
    let options = Options {
        state_budget: Some(1_000_000),
        ..Options::default()
    };
    // 2·6⁸ + 2⁸ = 3 359 488.
    assert_eq!(
        explore(&model, &options).unwrap_err(),
        ExploreError::OverBudget {
            estimate: 3_359_488,
            budget: 1_000_000
        }
    );
    // A cap under the budget bounds the search, so it runs.
    let capped = Options {
        max_states: Some(1000),
        ..options.clone()
    };
    assert_eq!(explore(&model, &capped).unwrap().distinct_states, 1000);
    // Symmetry shrinks the estimate (2·C(13,5) + 9 = 2583 orbits) under the budget.
    let reduced = Options {
        symmetry: true,
        ..options
    };
    assert_eq!(explore(&model, &reduced).unwrap().distinct_states, 1461);
}

#[test]
fn check_model_prints_counts_and_findings() {
    let text = check_model("two-phase-tla", 3, false, None, false).unwrap();
    assert_eq!(
        text,
        "model: two-phase-tla with 3 RMs\n\
         distinct states: 288\n\
         states generated: 1146\n\
         depth: 11\n\
         complete: yes\n\
         findings: none\n"
    );
    let text = check_model("tcommit", 3, true, Some(5), false).unwrap();
    assert!(text.contains("symmetry reduction"), "{text}");
    assert!(text.contains("complete: no"), "{text}");
}

#[test]
fn check_model_json_has_the_documented_keys() {
    let json = check_model("tcommit", 3, false, None, true).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["distinct_states"], 34);
    assert_eq!(value["generated"], 94);
    assert_eq!(value["depth"], 7);
    assert_eq!(value["complete"], true);
    assert_eq!(value["findings"], serde_json::json!([]));
    assert_eq!(value["model"], "tcommit");
    assert_eq!(value["rms"], 3);
}

#[test]
fn check_model_names_what_is_wrong() {
    let err = check_model("paxos", 3, false, None, false).unwrap_err();
    assert_eq!(
        err,
        "unknown model `paxos`: expected one of two-phase-tla, tcommit"
    );
    let err = check_model("two-phase-tla", 0, false, None, false).unwrap_err();
    assert_eq!(
        err,
        "--rms 0 is out of range: two-phase-tla takes 1 to 14 resource managers"
    );
    let err = check_model("tcommit", 17, false, None, false).unwrap_err();
    assert!(err.contains("--rms 17") && err.contains("1 to 16"), "{err}");
    let err = check_model("two-phase-tla", 3, false, Some(0), false).unwrap_err();
    assert_eq!(err, "max_states must be at least 1");
    // 10 RMs: 2·6¹⁰ + 2¹⁰ = 120 933 376 > 100 000 000.
    let err = check_model("two-phase-tla", 10, false, None, false).unwrap_err();
    assert_eq!(
        err,
        "two-phase-tla with 10 RMs: refused: the model may have up to 120933376 states, \
         over the budget of 100000000; choose a smaller model or cap the search with max_states"
    );
    assert!(check_model("two-phase-tla", 10, false, Some(10), false).is_ok());
}
