//! The queue transport's prefetch: how many messages a consumer holds unacknowledged at once.

use txscope::model::Outcome;
use txscope::protocol::commit::{ABORT, COMMIT};
use txscope::scenario::Scenario;
use txscope::session;

fn decisions(json: &str) -> (Vec<Option<Outcome>>, u64) {
    let run = session::start(&Scenario::from_json(json).unwrap(), 100_000).unwrap();
    (run.nodes().iter().map(|n| n.decision).collect(), run.now())
}

#[test]
fn one_at_a_time_serialises_the_votes_past_the_coordinators_timeout() {
    // 64 YES votes handed to the coordinator one hop after another (5 to 20 ms each) take
    // longer than its 300 ms timeout: with nothing going wrong, it aborts.
    let (d, _) = decisions(r#"{"version": 1, "protocol": "2pc", "participants": 64, "seed": 1}"#);
    assert!(d.iter().all(|d| *d == Some(ABORT)), "{d:?}");
}

#[test]
fn a_larger_prefetch_delivers_the_votes_together_and_everyone_commits() {
    let (d, end) = decisions(
        r#"{"version": 1, "protocol": "2pc", "participants": 64, "seed": 1, "prefetch": 64}"#,
    );
    assert!(d.iter().all(|d| *d == Some(COMMIT)), "{d:?}");
    assert!(end < 300, "done before any timeout: {end} ms");
}

#[test]
fn prefetch_must_be_a_sensible_count() {
    for bad in ["0", "10001"] {
        let json =
            format!(r#"{{"version": 1, "protocol": "2pc", "participants": 2, "prefetch": {bad}}}"#);
        let e = Scenario::from_json(&json).unwrap_err();
        assert_eq!(e.field, "prefetch", "{e}");
        assert!(e.reason.to_string().contains("out of range"), "{e}");
    }
}
