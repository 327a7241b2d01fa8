//! The command line as a user meets it: `txscope run --preset NAME --json` for every preset,
//! `txscope presets`, and every kind of bad input.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};
use txscope::check::job::BYTES_PER_STATE;
use txscope::presets::{preset, PRESETS};
use txscope::report::Report;
use txscope::session;

fn txscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_txscope"))
        .args(args)
        .output()
        .expect("the txscope binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// A scratch file unique to this test process and name.
fn scratch(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("txscope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn run_json(args: &[&str]) -> Value {
    let out = txscope(args);
    assert!(
        out.status.success(),
        "txscope {args:?} failed: {}",
        stderr(&out)
    );
    serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("txscope {args:?}: not JSON ({e}): {}", stdout(&out)))
}

/// The fields a consumer of `run --json` relies on, with their types.
fn check_shape(name: &str, v: &Value) {
    let nodes = v["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{name}: nodes"));
    assert!(!nodes.is_empty(), "{name}: no nodes");
    for n in nodes {
        assert!(n["id"].is_string(), "{name}: node id: {n}");
        assert!(
            matches!(
                n["role"].as_str(),
                Some(
                    "coordinator"
                        | "participant"
                        | "payer"
                        | "payee"
                        | "broker"
                        | "order"
                        | "stock"
                        | "payment"
                )
            ),
            "{name}: node role: {n}"
        );
        assert!(n["state"].is_string(), "{name}: node state: {n}");
        assert!(
            matches!(&n["decision"], Value::Null)
                || matches!(
                    n["decision"].as_str(),
                    Some(
                        "commit"
                            | "abort"
                            | "debited"
                            | "credited"
                            | "rolled_back"
                            | "settled"
                            | "gave_up"
                            | "approved"
                            | "cancelled"
                            | "done"
                            | "undone"
                            | "refused"
                    )
                ),
            "{name}: node decision: {n}"
        );
        assert!(n["blocked"].is_boolean(), "{name}: node blocked: {n}");
        let accounts = n["accounts"]
            .as_object()
            .unwrap_or_else(|| panic!("{name}: node accounts: {n}"));
        assert!(
            accounts.values().all(Value::is_i64),
            "{name}: balances: {n}"
        );
        // Items where the node keeps a shelf: on it, reserved and sold.
        if let Some(stock) = n.get("stock") {
            let stock = stock
                .as_object()
                .unwrap_or_else(|| panic!("{name}: stock: {n}"));
            let keys: Vec<&str> = stock.keys().map(String::as_str).collect();
            assert_eq!(keys, ["reserved", "sold", "stock"], "{name}: {n}");
            assert!(stock.values().all(Value::is_i64), "{name}: {n}");
        }
    }
    // Money is reported for the protocols that keep it, and only for them.
    let keeps_money = nodes
        .iter()
        .any(|n| n["accounts"].as_object().is_some_and(|a| !a.is_empty()));
    assert_eq!(keeps_money, v["money"].is_object(), "{name}: money: {v}");
    if keeps_money {
        assert!(
            v["money"]["start"].is_i64() && v["money"]["end"].is_i64(),
            "{name}"
        );
    }
    for w in v["violations"]
        .as_array()
        .unwrap_or_else(|| panic!("{name}: violations"))
    {
        assert!(
            matches!(
                w["invariant"].as_str(),
                Some(
                    "agreement"
                        | "irrevocability"
                        | "validity"
                        | "durability"
                        | "money-conserved"
                        | "applied-once"
                        | "consistent"
                        | "stock-conserved"
                        | "no-charge-without-order"
                        | "no-hanging-reservation"
                )
            ),
            "{name}: violation invariant: {w}"
        );
        assert!(w["event"].is_u64(), "{name}: violation event: {w}");
    }
    assert!(v["terminated"].is_boolean(), "{name}: terminated");
    assert!(v["events"].is_u64(), "{name}: events");
}

#[test]
fn run_json_reports_every_preset_as_the_library_does() {
    for (name, _) in PRESETS {
        let v = run_json(&["run", "--preset", name, "--json"]);
        check_shape(name, &v);
        // The same run through the library.
        let scenario = preset(name).unwrap();
        let run = session::start(&scenario, 100_000).unwrap();
        let report = Report::of(run.as_ref(), 100_000, false);
        assert_eq!(v["events"].as_u64(), Some(report.events as u64), "{name}");
        assert_eq!(v["terminated"].as_bool(), Some(report.terminated), "{name}");
        let nodes = v["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), report.nodes.len(), "{name}");
        for (j, r) in nodes.iter().zip(&report.nodes) {
            assert_eq!(j["id"].as_str(), Some(r.id.as_str()), "{name}");
            assert_eq!(j["state"].as_str(), Some(r.state), "{name}");
            assert_eq!(
                j["decision"].as_str(),
                r.decision.map(|d| d.label()),
                "{name}: {}",
                r.id
            );
            assert_eq!(j["blocked"].as_bool(), Some(r.blocked), "{name}");
        }
        let violations = v["violations"].as_array().unwrap();
        assert_eq!(violations.len(), report.violations.len(), "{name}");
        for (j, r) in violations.iter().zip(&report.violations) {
            assert_eq!(j["invariant"].as_str(), Some(r.invariant.label()));
            assert_eq!(j["event"].as_u64(), Some(r.event));
            assert!((r.event as usize) < report.events, "{name}: event in range");
        }
        // The runs that should finish do; those that show money lost leave a node down or
        // waiting for ever, and so does a rolled-back transfer (Bank B waits for nothing), a
        // saga cancelled before Stock took part (Stock never leaves READY) and a hanging Try
        // (Payment stays TRIED).
        let left_broken = [
            "transfer-dual-write-crash",
            "transfer-outbox-ack-before-commit",
            "transfer-txmsg-rollback",
            "transfer-txmsg-gives-up",
            "transfer-notify-gives-up",
            "order-saga-hanging",
            "order-saga-no-protection",
            "order-tcc-no-fence-hanging",
        ];
        assert_eq!(
            v["terminated"],
            Value::Bool(!left_broken.contains(name)),
            "{name}"
        );
    }
}

#[test]
fn run_json_shows_the_textbook_outcomes() {
    let decisions = |name: &str| -> Vec<Option<String>> {
        let v = run_json(&["run", "--preset", name, "--json"]);
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["decision"].as_str().map(String::from))
            .collect()
    };
    let c = Some("commit".to_string());
    let a = Some("abort".to_string());
    assert_eq!(
        decisions("2pc-happy"),
        [c.clone(), c.clone(), c.clone(), c.clone()]
    );
    assert_eq!(
        decisions("2pc-vote-no"),
        [a.clone(), a.clone(), a.clone(), a.clone()]
    );
    assert_eq!(
        decisions("3pc-partition-violation"),
        [c.clone(), c.clone(), a.clone(), a.clone()]
    );
    let v = run_json(&["run", "--preset", "2pc-happy", "--json"]);
    assert_eq!(v["nodes"][0]["id"], "C");
    assert_eq!(v["nodes"][0]["role"], "coordinator");
    assert_eq!(v["nodes"][1]["id"], "P1");
    assert_eq!(v["nodes"][1]["role"], "participant");
    assert_eq!(v["violations"], Value::Array(vec![]));
}

/// A violated invariant is a finding, not an error: exit 0, and the violation in the output.
#[test]
fn a_violated_invariant_exits_zero() {
    let out = txscope(&["run", "--preset", "3pc-partition-violation", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let violations = v["violations"].as_array().unwrap();
    assert!(!violations.is_empty());
    assert!(violations.iter().all(|w| w["invariant"] == "agreement"));
    let text = txscope(&["run", "--preset", "3pc-partition-violation"]);
    assert_eq!(text.status.code(), Some(0));
    assert!(
        stdout(&text).contains("agreement       VIOLATED"),
        "{}",
        stdout(&text)
    );
}

#[test]
fn run_reads_a_scenario_file() {
    let (_, text) = PRESETS.iter().find(|(n, _)| *n == "2pc-vote-no").unwrap();
    let path = scratch("vote-no.json", text);
    let from_file = run_json(&["run", path.to_str().unwrap(), "--json"]);
    let from_preset = run_json(&["run", "--preset", "2pc-vote-no", "--json"]);
    assert_eq!(from_file, from_preset);
}

#[test]
fn presets_lists_every_preset() {
    let out = txscope(&["presets"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed: Vec<String> = stdout(&out)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect();
    let names: Vec<String> = PRESETS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(listed, names);
    for (name, _) in PRESETS {
        let description = preset(name).unwrap().description.unwrap();
        assert!(
            stdout(&out).contains(&description),
            "{name}: its description is listed"
        );
    }
}

/// Bad input: exit non-zero, nothing on stdout, and a message on stderr that says what is wrong.
fn fails(args: &[&str], says: &str) {
    let out = txscope(args);
    assert!(
        !out.status.success(),
        "txscope {args:?} should fail; stdout: {}",
        stdout(&out)
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "txscope {args:?} printed: {}",
        stdout(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains(says),
        "txscope {args:?}: stderr should mention {says:?}: {err}"
    );
}

#[test]
fn bad_input_exits_non_zero_with_a_message() {
    fails(&["run", "--preset", "no-such-preset"], "unknown preset");
    fails(
        &["run", "--preset", "no-such-preset", "--json"],
        "no-such-preset",
    );
    let missing = std::env::temp_dir().join("txscope-cli-surely-missing/nothing.json");
    fails(&["run", missing.to_str().unwrap()], "cannot read");
    let broken = scratch("broken.json", "{ \"version\": 1, \"protocol\": ");
    fails(
        &["run", broken.to_str().unwrap(), "--json"],
        "not valid JSON",
    );
    let invalid = scratch(
        "invalid.json",
        r#"{"version": 1, "protocol": "2pc", "participants": 3, "drop_rate": 1.5}"#,
    );
    fails(&["run", invalid.to_str().unwrap()], "drop_rate");
    let unknown_node = scratch(
        "unknown-node.json",
        r#"{"version": 1, "protocol": "2pc", "participants": 3,
            "faults": [{"at_ms": 5, "fault": "crash", "node": "P9"}]}"#,
    );
    fails(&["run", unknown_node.to_str().unwrap()], "faults[0].node");
    fails(
        &["run", "--preset", "2pc-happy", "--jsn"],
        "unexpected argument '--jsn'",
    );
    fails(&["run", "--preset"], "a value is required for '--preset");
    fails(
        &["run", "--preset", "2pc-happy", "--max-events", "lots"],
        "not a whole number",
    );
    fails(
        &["run", "--preset", "2pc-happy", "--max-events", "0"],
        "at least 1",
    );
    fails(&["run"], "give a scenario file or --preset");
    fails(&["frobnicate"], "unrecognized subcommand 'frobnicate'");
    fails(&[], "Usage: txscope <COMMAND>");
}

/// `--max-events` cuts a run short and the report says so.
#[test]
fn max_events_cuts_the_run() {
    let v = run_json(&[
        "run",
        "--preset",
        "2pc-happy",
        "--json",
        "--max-events",
        "10",
    ]);
    assert_eq!(v["events"], 10);
    assert_eq!(v["truncated"], true);
    assert_eq!(v["terminated"], false);
    let full = run_json(&["run", "--preset", "2pc-happy", "--json"]);
    assert_eq!(full["truncated"], false);
}

#[test]
fn every_subcommand_has_its_own_help() {
    for (command, flag) in [
        ("run", "--max-events"),
        ("check", "--property"),
        ("presets", "Usage: txscope presets"),
    ] {
        let out = txscope(&[command, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{command}: {}", stderr(&out));
        assert!(
            stdout(&out).contains(flag),
            "{command} --help: {}",
            stdout(&out)
        );
    }
    // A bad flag of one subcommand is bad input (exit 2), named as such.
    let out = txscope(&["check", "--preset", "2pc-happy", "--timeouts", "sometimes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("sometimes"), "{}", stderr(&out));
}

/// `txscope check` on setups a new user tries: each one too big for the memory budget is refused
/// at once with its estimate (nothing about the setup is built first: the 40- and 64-participant
/// ones used to abort on a 26 TB allocation of partition splits, or run out of memory).
#[test]
fn check_refuses_a_setup_that_cannot_fit_with_its_estimate() {
    let cases = [
        ("2pc", 40, &["--partitions", "0"][..], "more than 1.8e19"),
        ("2pc", 64, &[][..], "more than 1.8e19"),
        ("2pc", 64, &["--partitions", "1"][..], "more than 1.8e19"),
        ("3pc", 10, &[][..], "more than 1.8e19"),
        ("2pc", 12, &["--drops", "3"][..], "more than 1.8e19"),
        ("2pc", 5, &[][..], "about 1.1e12"),
    ];
    for (protocol, participants, flags, estimate) in cases {
        let file = scratch(
            &format!("big-{protocol}-{participants}-{}.json", flags.join("")),
            &format!(
                r#"{{"version": 1, "protocol": "{protocol}", "participants": {participants}}}"#
            ),
        );
        let mut args = vec!["check", file.to_str().unwrap()];
        args.extend_from_slice(flags);
        let out = txscope(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        let holds = (1024 << 20) / BYTES_PER_STATE;
        assert_eq!(
            stderr(&out).trim_end(),
            format!(
                "txscope: refused: this budget may reach {estimate} states; the memory budget \
                 holds about {holds}. Use fewer faults or participants"
            ),
            "{args:?}"
        );
    }
    // A bigger memory budget holds more states, and says so.
    let out = txscope(&[
        "check",
        "--preset",
        "2pc-happy",
        "--drops",
        "3",
        "--memory-mib",
        "64",
    ]);
    let holds = format!(
        "the memory budget holds about {}.",
        (64 << 20) / BYTES_PER_STATE
    );
    assert!(stderr(&out).contains(&holds), "{}", stderr(&out));
}

/// A search that fits the estimate but not the memory stops plainly at `--memory-mib`,
/// incomplete, with what it had searched: it never dies of it.
#[test]
fn check_stops_plainly_at_its_memory_budget() {
    let args = [
        "check",
        "--preset",
        "3pc-partition-violation",
        "--partitions",
        "1",
        "--crashes",
        "0",
        "--memory-mib",
        "32",
    ];
    let out = txscope(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.contains("(INCOMPLETE: memory budget reached (32 MiB) after "),
        "{text}"
    );
    let mut json_args = args.to_vec();
    json_args.push("--json");
    let v = run_json(&json_args);
    assert_eq!(v["complete"], false);
    assert_eq!(v["cut"]["memory"]["mib"], 32);
    let states = v["distinct_states"].as_u64().unwrap();
    assert_eq!(v["cut"]["memory"]["states"].as_u64(), Some(states));
    assert!(states > 1000, "{v}");
    // Zero is no budget.
    let out = txscope(&["check", "--preset", "2pc-happy", "--memory-mib", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("at least 1"), "{}", stderr(&out));
}
