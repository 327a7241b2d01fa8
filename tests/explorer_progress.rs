//! `explore_with`: progress reports and cancellation.

use txscope::explorer::{
    explore, explore_with, models::TwoPhase, Control, Options, Progress, PROGRESS_EVERY,
};

#[test]
fn progress_is_monotone_and_ends_at_the_report() {
    // TwoPhase with 5 RMs: 8,832 distinct states (tests/explorer_reference.rs), so at least two
    // reports of PROGRESS_EVERY (4096) states each, plus the final one.
    let model = TwoPhase::new(5).unwrap();
    let mut seen: Vec<Progress> = Vec::new();
    let report = explore_with(&model, &Options::default(), &mut |p| {
        seen.push(p);
        Control::Continue
    })
    .unwrap();
    assert!(seen.len() >= 3, "{seen:?}");
    for pair in seen.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        assert!(b.distinct_states >= a.distinct_states, "{a:?} then {b:?}");
        assert!(b.generated >= a.generated, "{a:?} then {b:?}");
        assert!(b.depth >= a.depth, "{a:?} then {b:?}");
    }
    let last = seen.last().unwrap();
    assert_eq!(last.distinct_states, report.distinct_states);
    assert_eq!(last.generated, report.generated);
    assert_eq!(last.depth, report.depth);
    assert_eq!(last.frontier, 0);
    // Reports come every PROGRESS_EVERY states (a batch of successors may overshoot a little).
    assert!(seen[0].distinct_states >= PROGRESS_EVERY);
    // The same search without a callback counts the same.
    assert_eq!(report, explore(&model, &Options::default()).unwrap());
}

#[test]
fn a_stop_ends_the_search_incomplete() {
    let model = TwoPhase::new(5).unwrap();
    let mut calls = 0;
    let report = explore_with(&model, &Options::default(), &mut |_| {
        calls += 1;
        Control::Stop
    })
    .unwrap();
    assert!(!report.complete);
    // Stopped at the first report: one call to stop, one final report.
    assert_eq!(calls, 2);
    assert!(report.distinct_states >= PROGRESS_EVERY);
    assert!(report.distinct_states < 8_832);
}
