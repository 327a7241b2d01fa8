//! A scenario comes from URLs, files and people. `Scenario::from_json` must never panic, and
//! every refusal must name the field at fault (a JSON path) and say why (docs/scenario.md).
//!
//! The first half checks each documented kind of bad input; the second fuzzes the reader with
//! arbitrary text and with valid scenarios mutated at random paths, and runs whatever it accepts.

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use serde_json::{json, Value};
use txscope::presets::PRESETS;
use txscope::scenario::{Scenario, ScenarioError};
use txscope::session;

/// A valid scenario to break, as a JSON value.
fn valid() -> Value {
    json!({
        "version": 1,
        "protocol": "2pc",
        "participants": 3,
        "votes": {"P2": "no"},
        "transport": "queue",
        "latency_ms": {"min": 5, "max": 20},
        "drop_rate": 0.1,
        "timeouts_ms": {"coordinator": 300, "participant": 500, "retry": 250},
        "seed": 7,
        "max_time_ms": 20000,
        "faults": [
            {"after": {"event": "send", "node": "C", "peer": "P1", "label": "PREPARE"}, "fault": "drop"},
            {"at_ms": 100, "fault": "crash", "node": "C"},
            {"at_ms": 900, "fault": "recover", "node": "C"},
            {"at_ms": 50, "fault": "partition", "groups": [["C", "P1"], ["P2"]]}
        ]
    })
}

/// `valid()` with `value` put at `path` (a JSON pointer), or the key removed if `value` is None.
fn with(path: &str, value: Option<Value>) -> Value {
    let mut v = valid();
    let (parent, key) = path.rsplit_once('/').unwrap();
    let target = v
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"));
    match (target, value) {
        (Value::Object(m), Some(x)) => {
            m.insert(key.to_string(), x);
        }
        (Value::Object(m), None) => {
            m.remove(key);
        }
        (Value::Array(a), Some(x)) => {
            let i: usize = key.parse().unwrap();
            if i < a.len() {
                a[i] = x;
            } else {
                a.push(x);
            }
        }
        (t, _) => panic!("cannot set {path} in {t}"),
    }
    v
}

fn error_of(doc: &str) -> ScenarioError {
    match Scenario::from_json(doc) {
        Ok(s) => panic!("accepted a bad scenario:\n{doc}\nread as {s:?}"),
        Err(e) => e,
    }
}

/// Refused, naming `field`, with a reason that contains `because` (case-insensitive).
#[track_caller]
fn refused(doc: &Value, field: &str, because: &str) {
    let text = doc.to_string();
    let e = error_of(&text);
    assert_eq!(e.field, field, "wrong field for {e}:\n{text}");
    assert!(
        e.reason
            .to_string()
            .to_lowercase()
            .contains(&because.to_lowercase()),
        "the reason for {field} should say {because:?}: {e}\n{text}"
    );
    assert_eq!(e.to_string(), format!("{}: {}", e.field, e.reason));
}

#[test]
fn the_base_scenario_is_valid() {
    let s = Scenario::from_json(&valid().to_string()).unwrap();
    assert_eq!(
        s.params_as::<txscope::protocol::commit::CommitParams>()
            .map(|p| p.participants),
        Some(3)
    );
    assert_eq!(s.faults.len(), 4);
}

#[test]
fn unknown_protocol() {
    refused(
        &with("/protocol", Some(json!("4pc"))),
        "protocol",
        "unknown protocol",
    );
    let e = error_of(&with("/protocol", Some(json!("paxos"))).to_string());
    assert!(
        e.reason.to_string().contains("2pc") && e.reason.to_string().contains("3pc"),
        "lists the known ones: {e}"
    );
    refused(
        &with("/protocol", Some(json!(2))),
        "protocol",
        "expected a string",
    );
}

#[test]
fn participants_out_of_range() {
    refused(
        &with("/participants", Some(json!(0))),
        "participants",
        "out of range",
    );
    refused(
        &with("/participants", Some(json!(65))),
        "participants",
        "out of range",
    );
    refused(
        &with("/participants", Some(json!(-3))),
        "participants",
        "-3",
    );
    refused(
        &with("/participants", Some(json!(2.5))),
        "participants",
        "2.5",
    );
    refused(
        &with("/participants", None),
        "participants",
        "missing field `participants`",
    );
    // 64 is the most there may be.
    assert!(Scenario::from_json(&with("/participants", Some(json!(64))).to_string()).is_ok());
}

#[test]
fn negative_times() {
    for (path, field) in [
        ("/latency_ms/min", "latency_ms.min"),
        ("/latency_ms/max", "latency_ms.max"),
        ("/timeouts_ms/coordinator", "timeouts_ms.coordinator"),
        ("/timeouts_ms/participant", "timeouts_ms.participant"),
        ("/timeouts_ms/retry", "timeouts_ms.retry"),
        ("/max_time_ms", "max_time_ms"),
        ("/seed", "seed"),
        ("/faults/1/at_ms", "faults[1].at_ms"),
    ] {
        refused(
            &with(path, Some(json!(-1))),
            field,
            "invalid value: integer `-1`",
        );
    }
}

#[test]
fn absurd_times() {
    refused(
        &with("/latency_ms/max", Some(json!(600_001))),
        "latency_ms.max",
        "absurd",
    );
    for t in ["coordinator", "participant", "retry"] {
        let field = format!("timeouts_ms.{t}");
        refused(
            &with(&format!("/timeouts_ms/{t}"), Some(json!(10_000_000))),
            &field,
            "absurd",
        );
        refused(
            &with(&format!("/timeouts_ms/{t}"), Some(json!(0))),
            &field,
            "at least 1 ms",
        );
    }
    refused(
        &with("/max_time_ms", Some(json!(3_600_001))),
        "max_time_ms",
        "out of range",
    );
    refused(
        &with("/max_time_ms", Some(json!(0))),
        "max_time_ms",
        "out of range",
    );
    refused(
        &with("/faults/1/at_ms", Some(json!(20_001))),
        "faults[1].at_ms",
        "after the end",
    );
    refused(
        &with("/latency_ms/min", Some(json!(21))),
        "latency_ms.min",
        "above max",
    );
    refused(&with("/seed", Some(json!(1e30))), "seed", "invalid type");
    let delay = with(
        "/faults/4",
        Some(json!({"at_ms": 5, "fault": "delay", "msg": 0, "by_ms": 9_999_999})),
    );
    refused(&delay, "faults[4].by_ms", "absurd");
}

#[test]
fn rates_are_probabilities() {
    refused(
        &with("/drop_rate", Some(json!(1.5))),
        "drop_rate",
        "not a probability",
    );
    refused(
        &with("/drop_rate", Some(json!(-0.1))),
        "drop_rate",
        "not a probability",
    );
    refused(
        &with("/drop_rate", Some(json!("half"))),
        "drop_rate",
        "invalid type",
    );
    let rate = with(
        "/faults/4",
        Some(json!({"at_ms": 5, "fault": "drop_rate", "rate": 2})),
    );
    refused(&rate, "faults[4].rate", "not a probability");
    for ok in [0.0, 1.0, 0.5] {
        assert!(Scenario::from_json(&with("/drop_rate", Some(json!(ok))).to_string()).is_ok());
    }
}

#[test]
fn unknown_nodes() {
    refused(
        &with("/votes/P9", Some(json!("no"))),
        "votes.P9",
        "unknown node \"P9\"",
    );
    refused(
        &with("/votes/C", Some(json!("no"))),
        "votes.C",
        "only participants vote",
    );
    refused(
        &with("/votes/P1", Some(json!("maybe"))),
        "votes.P1",
        "unknown variant",
    );
    refused(
        &with("/faults/1/node", Some(json!("P4"))),
        "faults[1].node",
        "unknown node",
    );
    refused(
        &with("/faults/2/node", Some(json!("X"))),
        "faults[2].node",
        "unknown node",
    );
    refused(
        &with("/faults/3/groups/1/0", Some(json!("Q"))),
        "faults[3].groups[1][0]",
        "unknown node",
    );
    refused(
        &with("/faults/3/groups/1/1", Some(json!("c"))),
        "faults[3].groups[1][1]",
        "more than one group",
    );
    refused(
        &with("/faults/0/after/node", Some(json!("P7"))),
        "faults[0].after.node",
        "unknown node",
    );
    refused(
        &with("/faults/0/after/peer", Some(json!("coordinator"))),
        "faults[0].after.peer",
        "unknown node",
    );
    // The reason lists the nodes there are.
    let e = error_of(&with("/faults/1/node", Some(json!("P4"))).to_string());
    assert!(e.reason.to_string().contains("C, P1, P2, P3"), "{e}");
    // Names are case-insensitive.
    assert!(Scenario::from_json(&with("/faults/1/node", Some(json!("p1"))).to_string()).is_ok());
}

#[test]
fn unknown_labels_and_event_kinds() {
    refused(
        &with("/faults/0/after/label", Some(json!("PRECOMMIT"))),
        "faults[0].after.label",
        "not a message, record, state or timer of 2pc",
    );
    refused(
        &with("/faults/0/after/label", Some(json!("HELLO"))),
        "faults[0].after.label",
        "\"HELLO\"",
    );
    refused(
        &with("/faults/0/after/event", Some(json!("explode"))),
        "faults[0].after.event",
        "unknown event kind \"explode\"",
    );
    refused(
        &with("/faults/0/after/nth", Some(json!(0))),
        "faults[0].after.nth",
        "out of range",
    );
    refused(
        &with("/faults/1/fault", Some(json!("meteor"))),
        "faults[1].fault",
        "unknown variant `meteor`",
    );
    refused(&with("/faults/1/fault", None), "faults[1].fault", "missing");
    refused(
        &with("/transport", Some(json!("pigeon"))),
        "transport",
        "unknown variant",
    );
    // A 3PC label is fine in a 3PC scenario.
    let mut three = with("/faults/0/after/label", Some(json!("PRECOMMIT")));
    three["protocol"] = json!("3pc");
    assert!(Scenario::from_json(&three.to_string()).is_ok());
}

#[test]
fn invalid_json() {
    for text in [
        "",
        "{",
        "{\"version\": 1,}",
        "nope",
        "{\"version\": 1, \"protocol\": \"2pc\"",
    ] {
        let e = error_of(text);
        assert_eq!(e.field, "(document)", "{text:?}: {e}");
        assert!(
            e.reason.to_string().contains("not valid JSON"),
            "{text:?}: {e}"
        );
    }
}

#[test]
fn missing_or_unknown_version() {
    refused(&with("/version", None), "version", "missing");
    refused(
        &with("/version", Some(json!(3))),
        "version",
        "unsupported version 3",
    );
    refused(
        &with("/version", Some(json!(0))),
        "version",
        "unsupported version 0",
    );
    refused(
        &with("/version", Some(json!("1"))),
        "version",
        "unsupported version",
    );
    refused(
        &with("/version", Some(Value::Null)),
        "version",
        "unsupported version",
    );
    let e = error_of(&with("/version", Some(json!(3))).to_string());
    assert!(
        e.reason.to_string().contains("version 1"),
        "says which version it reads: {e}"
    );
}

#[test]
fn unknown_fields() {
    refused(
        &with("/colour", Some(json!("red"))),
        "colour",
        "unknown field `colour`",
    );
    refused(
        &with("/latency_ms/avg", Some(json!(3))),
        "latency_ms.avg",
        "unknown field `avg`",
    );
    refused(
        &with("/timeouts_ms/vote", Some(json!(3))),
        "timeouts_ms.vote",
        "unknown field `vote`",
    );
    refused(
        &with("/faults/1/when", Some(json!(3))),
        "faults[1].when",
        "unknown field `when`",
    );
    refused(
        &with("/faults/0/after/from", Some(json!("C"))),
        "faults[0].after.from",
        "unknown field `from`",
    );
    // The reason lists the fields there are.
    let e = error_of(&with("/colour", Some(json!("red"))).to_string());
    assert!(e.reason.to_string().contains("participants"), "{e}");
}

#[test]
fn a_fault_needs_exactly_one_trigger_and_its_own_fields() {
    refused(
        &with("/faults/1/after", Some(json!({"event": "send"}))),
        "faults[1]",
        "exactly one",
    );
    refused(
        &with("/faults/1/before_event", Some(json!(3))),
        "faults[1]",
        "exactly one",
    );
    refused(&with("/faults/1/at_ms", None), "faults[1]", "exactly one");
    refused(&with("/faults/1/node", None), "faults[1].node", "missing");
    refused(
        &with("/faults/3/groups", None),
        "faults[3].groups",
        "missing",
    );
    let drop = with("/faults/4", Some(json!({"at_ms": 5, "fault": "drop"})));
    refused(&drop, "faults[4].msg", "missing");
    let delay = with(
        "/faults/4",
        Some(json!({"at_ms": 5, "fault": "delay", "msg": 1})),
    );
    refused(&delay, "faults[4].by_ms", "missing");
    let rate = with("/faults/4", Some(json!({"at_ms": 5, "fault": "drop_rate"})));
    refused(&rate, "faults[4].rate", "missing");
}

#[test]
fn too_many_faults() {
    let many: Vec<Value> = (0..1001)
        .map(|i| json!({"at_ms": i, "fault": "heal"}))
        .collect();
    refused(
        &with("/faults", Some(Value::Array(many))),
        "faults",
        "at most 1000",
    );
}

/// A partition with 255 sides (all empty) is refused as too many groups. Regression: the side of
/// unnamed nodes was computed as `groups.len() as u8 + 1` before the groups were counted, which
/// overflows (a panic in debug builds and tests); a name in group 255 overflowed the same way.
#[test]
fn a_partition_with_hundreds_of_sides_is_refused_not_a_panic() {
    let sides = Value::Array(vec![json!([]); 255]);
    let doc = with("/faults/3/groups", Some(sides)).to_string();
    let result = std::panic::catch_unwind(|| Scenario::from_json(&doc));
    let e = result
        .expect("from_json panicked on 255 partition sides")
        .expect_err("255 sides are too many");
    assert_eq!(e.field, "faults[3].groups");
    assert!(e.reason.to_string().contains("too many"), "{e}");
    // A name in the 256th group.
    let mut sides = vec![json!([]); 255];
    sides.push(json!(["P1"]));
    let doc = with("/faults/3/groups", Some(Value::Array(sides))).to_string();
    let e = std::panic::catch_unwind(|| Scenario::from_json(&doc))
        .expect("from_json panicked on a name in group 255")
        .expect_err("256 sides are too many");
    assert_eq!(e.field, "faults[3].groups");
    // Many sides is fine up to the limit; one more is not.
    let sides = |n: usize| Value::Array(vec![json!([]); n]);
    let most = txscope::scenario::MAX_SIDES;
    assert!(Scenario::from_json(&with("/faults/3/groups", Some(sides(most))).to_string()).is_ok());
    refused(
        &with("/faults/3/groups", Some(sides(most + 1))),
        "faults[3].groups",
        "too many",
    );
}

/// A required field that is missing is named as itself, so an editor can point at it.
/// Regression: it was reported as `(document)` (serde_path_to_error names the enclosing object).
#[test]
fn a_missing_required_field_is_named_as_the_field() {
    refused(&with("/protocol", None), "protocol", "missing");
    refused(&with("/participants", None), "participants", "missing");
}

/// `[1, 2]`, `null` or `"version"` are refused as not being a scenario object at all.
/// Regression: they were refused with "version: missing", which sends the reader looking for a
/// version field.
#[test]
fn a_document_that_is_not_an_object_is_refused_as_such() {
    for text in ["[1, 2]", "null", "\"version\"", "3"] {
        let e = error_of(text);
        assert_eq!(e.field, "(document)", "{text}: {e}");
        assert!(e.reason.to_string().contains("object"), "{text}: {e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Fuzzing.

/// Whether `field` (as the errors write it: `faults[2].after.node`, `votes.P9`) names a place in
/// `doc`: every step exists, except perhaps the last (a missing field is named where it should be).
fn names_a_place(doc: &Value, field: &str) -> bool {
    let mut steps: Vec<Result<String, usize>> = Vec::new();
    for part in field.split('.') {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            steps.push(Ok(key.to_string()));
        }
        if !rest.is_empty() {
            for idx in format!("[{rest}").split('[').skip(1) {
                match idx.trim_end_matches(']').parse() {
                    Ok(i) => steps.push(Err(i)),
                    Err(_) => return false,
                }
            }
        }
    }
    let mut here = doc;
    for (k, step) in steps.iter().enumerate() {
        let next = match step {
            Ok(key) => here.get(key.as_str()),
            Err(i) => here.get(*i),
        };
        match next {
            Some(v) => here = v,
            None => return k + 1 == steps.len() && (here.is_object() || here.is_array()),
        }
    }
    true
}

/// Everything about a reader's answer that must hold, whatever the input.
fn check_answer(text: &str) -> Result<(), TestCaseError> {
    match Scenario::from_json(text) {
        Err(e) => {
            prop_assert!(
                !e.field.is_empty() && !e.reason.to_string().is_empty(),
                "{e:?} for {text}"
            );
            if let Ok(doc) = serde_json::from_str::<Value>(text) {
                // A document that is not an object has no fields to name.
                prop_assert!(
                    doc.is_object() || e.field == "(document)",
                    "{e} for a document that is not an object: {text}"
                );
                prop_assert!(
                    e.field == "(document)" || names_a_place(&doc, &e.field),
                    "the error {e} names no place in the document:\n{text}"
                );
            } else {
                prop_assert_eq!(&e.field, "(document)");
            }
        }
        Ok(s) => {
            // Accepted: it writes itself out and reads back the same, and it runs.
            let again = Scenario::from_json(&s.to_json());
            prop_assert_eq!(again.as_ref(), Ok(&s), "round trip of {}", text);
            let mut run = session::start(&s, 3_000).map_err(|e| {
                TestCaseError::fail(format!("accepted, but does not start ({e}):\n{text}"))
            })?;
            let len = run.len();
            run.seek(len / 2);
            let _ = (run.nodes(), run.messages(), run.violations().len());
        }
    }
    Ok(())
}

/// A random JSON value: sometimes plausible (node names, labels, small numbers), sometimes not.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-3i64..70).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-2.0f64..2.0).prop_map(Value::from),
        prop::sample::select(vec![
            "C",
            "P1",
            "P3",
            "P9",
            "2pc",
            "3pc",
            "queue",
            "lossy",
            "crash",
            "recover",
            "drop",
            "delay",
            "duplicate",
            "partition",
            "heal",
            "drop_rate",
            "send",
            "deliver",
            "persist",
            "become",
            "timer",
            "PREPARE",
            "YES",
            "COMMIT",
            "PRECOMMIT",
            "READY",
            "no",
            "yes",
            "",
        ])
        .prop_map(Value::from),
        ".{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "at_ms",
                    "after",
                    "before_event",
                    "fault",
                    "node",
                    "msg",
                    "by_ms",
                    "groups",
                    "rate",
                    "event",
                    "peer",
                    "label",
                    "nth",
                    "min",
                    "max",
                    "x",
                ])
                .prop_map(String::from),
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// One change to a document: at the place reached by following `path` (each number picks a key
/// or an element), replace the value, remove it, or add a key next to it.
#[derive(Clone, Debug)]
enum Change {
    /// Something close to what is there: another number, another plausible string, the other
    /// boolean, one more copy of an element.
    Nudge(Vec<usize>, u64),
    Replace(Vec<usize>, Value),
    Remove(Vec<usize>),
    Add(Vec<usize>, String, Value),
}

fn change() -> impl Strategy<Value = Change> {
    let path = prop::collection::vec(any::<usize>(), 0..5);
    prop_oneof![
        6 => (path.clone(), any::<u64>()).prop_map(|(p, n)| Change::Nudge(p, n)),
        3 => (path.clone(), any_value()).prop_map(|(p, v)| Change::Replace(p, v)),
        1 => path.clone().prop_map(Change::Remove),
        1 => (
            path,
            prop::sample::select(vec![
                "version", "protocol", "participants", "votes", "faults", "seed", "bogus",
                "after", "groups", "P1", "P9", "C",
            ]),
            any_value()
        )
            .prop_map(|(p, k, v)| Change::Add(p, k.to_string(), v)),
    ]
}

/// Follows `path` as far as it goes into containers; returns the container and the key/index of
/// the chosen child (None if the container is empty or the root).
fn apply(doc: &mut Value, c: &Change) {
    let path = match c {
        Change::Nudge(p, _) | Change::Replace(p, _) | Change::Remove(p) | Change::Add(p, _, _) => p,
    };
    // Walk down all but the last step.
    let mut here = doc;
    for (k, &pick) in path.iter().enumerate() {
        let last = k + 1 == path.len();
        let len = match &*here {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        let i = pick % len;
        if last {
            if let Change::Nudge(_, n) = c {
                let child = match here {
                    Value::Object(m) => {
                        let key = m.keys().nth(i).unwrap().clone();
                        m.get_mut(&key).unwrap()
                    }
                    Value::Array(a) => a.get_mut(i).unwrap(),
                    _ => unreachable!(),
                };
                nudge(child, *n);
                return;
            }
            match (here, c) {
                (Value::Object(m), Change::Replace(_, v)) => {
                    let key = m.keys().nth(i).unwrap().clone();
                    m.insert(key, v.clone());
                }
                (Value::Object(m), Change::Remove(_)) => {
                    let key = m.keys().nth(i).unwrap().clone();
                    m.remove(&key);
                }
                (Value::Array(a), Change::Replace(_, v)) => a[i] = v.clone(),
                (Value::Array(a), Change::Remove(_)) => {
                    a.remove(i);
                }
                (Value::Object(m), Change::Add(_, key, v)) => {
                    m.insert(key.clone(), v.clone());
                }
                (Value::Array(a), Change::Add(_, _, v)) => a.insert(i, v.clone()),
                (_, Change::Nudge(..)) => unreachable!("handled above"),
                _ => {}
            }
            return;
        }
        here = match here {
            Value::Object(m) => {
                let key = m.keys().nth(i).unwrap().clone();
                m.get_mut(&key).unwrap()
            }
            Value::Array(a) => &mut a[i],
            _ => unreachable!(),
        };
    }
    // The path ended early (at a leaf, or an empty container): change that place.
    match c {
        Change::Nudge(_, n) => nudge(here, *n),
        Change::Replace(_, v) => *here = v.clone(),
        Change::Remove(_) => *here = Value::Null,
        Change::Add(_, key, v) => {
            if let Value::Object(m) = here {
                m.insert(key.clone(), v.clone());
            } else {
                *here = v.clone();
            }
        }
    }
}

fn nudge(v: &mut Value, n: u64) {
    const WORDS: &[&str] = &[
        "C",
        "P1",
        "P2",
        "P3",
        "P4",
        "2pc",
        "3pc",
        "queue",
        "lossy",
        "crash",
        "recover",
        "drop",
        "delay",
        "duplicate",
        "heal",
        "send",
        "deliver",
        "persist",
        "become",
        "timer",
        "enqueue",
        "PREPARE",
        "YES",
        "NO",
        "COMMIT",
        "ABORT",
        "ACK",
        "PRECOMMIT",
        "READY",
        "no",
        "yes",
    ];
    match v {
        Value::Number(x) if x.is_f64() => *v = json!((n % 1001) as f64 / 1000.0),
        Value::Number(_) => {
            *v = json!(match n % 4 {
                0 => n % 10,
                1 => n % 100,
                2 => n % 5000,
                _ => n % 100_000,
            })
        }
        Value::String(_) => *v = json!(WORDS[n as usize % WORDS.len()]),
        Value::Bool(b) => *b = !*b,
        Value::Array(a) if !a.is_empty() => {
            let copy = a[n as usize % a.len()].clone();
            a.push(copy);
        }
        _ => {}
    }
}

/// The documents to mutate: the valid scenario above and every preset.
fn seeds() -> Vec<Value> {
    let mut docs = vec![valid()];
    docs.extend(
        PRESETS
            .iter()
            .map(|(_, t)| serde_json::from_str(t).unwrap()),
    );
    docs
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// Arbitrary text never makes the reader panic; anything refused says where and why.
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        check_answer(&text)?;
    }

    /// Text made of scenario-like tokens gets further into the reader than random characters.
    #[test]
    fn scenario_like_text_never_panics(tokens in prop::collection::vec(prop::sample::select(vec![
        "{", "}", "[", "]", ",", ":", "\"version\"", "1", "\"protocol\"", "\"2pc\"", "\"3pc\"",
        "\"participants\"", "3", "0", "-1", "1e9", "\"faults\"", "\"at_ms\"", "\"fault\"",
        "\"crash\"", "\"node\"", "\"C\"", "\"P1\"", "null", "true", "\"groups\"", "\"after\"",
    ]), 0..40)) {
        check_answer(&tokens.concat())?;
    }

    /// One random change to a valid scenario (a preset or the example above): the reader
    /// either accepts it (and then it runs) or names a field that exists in the document.
    #[test]
    fn mutated_scenarios_never_panic(
        which in 0usize..64,
        changes in prop::collection::vec(change(), 1..3),
    ) {
        let docs = seeds();
        let mut doc = docs[which % docs.len()].clone();
        for c in &changes {
            apply(&mut doc, c);
        }
        check_answer(&doc.to_string())?;
    }
}

/// The mutation fuzz reaches the simulator: a fair share of mutated scenarios is still valid
/// and gets run, and the rest are refused for many different fields.
#[test]
fn mutations_reach_both_the_checks_and_the_simulator() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let docs = seeds();
    let strategy = (0usize..64, prop::collection::vec(change(), 1..3));
    let (mut accepted, mut fields) = (0, std::collections::BTreeSet::new());
    let samples = 1000;
    for _ in 0..samples {
        let (which, changes) = strategy.new_tree(&mut runner).unwrap().current();
        let mut doc = docs[which % docs.len()].clone();
        for c in &changes {
            apply(&mut doc, c);
        }
        match Scenario::from_json(&doc.to_string()) {
            Ok(_) => accepted += 1,
            Err(e) => {
                fields.insert(e.field.split(['[', '.']).next().unwrap().to_string());
            }
        }
    }
    println!("accepted {accepted}/{samples}; refused at {fields:?}");
    assert!(accepted > samples / 20, "accepted {accepted}/{samples}");
    assert!(fields.len() >= 8, "refused at {fields:?}");
}

/// A protocol's `params` given as a list (which serde would read as its fields in order) are
/// refused as not an object, at `params`: the fuzzer found one whose error named `params.from.name`.
#[test]
fn params_that_are_not_an_object_are_refused_at_params() {
    for params in [r#"[["", 0]]"#, "[]", "3", r#""x""#] {
        let text = format!(r#"{{"version": 2, "protocol": "notify", "params": {params}}}"#);
        let e = error_of(&text);
        assert_eq!(e.field, "params", "{params}: {e}");
        assert!(e.reason.to_string().contains("object"), "{params}: {e}");
    }
}
