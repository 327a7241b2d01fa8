//! Tests of the worker's job loop: replies, their JSON, the memory budget, refusal and the
//! benchmark.

use super::*;
use crate::i18n::{Lang, Words};
use crate::presets;

fn job(preset: &str, budget: Budget, properties: &[&str], first: bool) -> Job {
    let mut scenario = presets::preset(preset).expect("preset");
    scenario.transport = Transport::Lossy;
    Job {
        scenario,
        options: CheckOptions {
            budget,
            properties: properties.iter().map(|p| p.to_string()).collect(),
            stop_when_found: first,
            ..CheckOptions::default()
        },
        memory_bytes: DEFAULT_MEMORY_BYTES,
    }
}

fn replies(job: &Job, memory: u64) -> Vec<Reply> {
    let mut out = Vec::new();
    let mut t = 0.0;
    run(
        job,
        &mut || {
            t += 50.0;
            t
        },
        &mut || memory,
        &mut |r| out.push(r),
    );
    out
}

#[test]
fn two_pc_blocks_and_never_disagrees() {
    let budget = Budget {
        crashes: 1,
        ..Budget::default()
    };
    let out = replies(&job("2pc-happy", budget, &[], false), 0);
    let Some(Reply::Done { report }) = out.last() else {
        panic!("{out:?}")
    };
    assert!(report.complete && report.cut.is_none());
    let names: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.property.as_str())
        .collect();
    assert_eq!(names, ["can-block"]);
    assert!(out.iter().any(|r| matches!(r, Reply::Progress { .. })));
    // Progress is monotone.
    let states: Vec<u64> = out
        .iter()
        .filter_map(|r| match r {
            Reply::Progress { states, .. } => Some(*states),
            _ => None,
        })
        .collect();
    assert!(states.windows(2).all(|w| w[0] <= w[1]));
    // The reply survives JSON both ways, as it crosses postMessage.
    let json = serde_json::to_string(out.last().unwrap()).unwrap();
    assert_eq!(
        &serde_json::from_str::<Reply>(&json).unwrap(),
        out.last().unwrap()
    );
}

#[test]
fn every_reply_reads_back_from_its_json() {
    let replies = [
        Reply::Ready,
        Reply::Progress {
            states: 5,
            frontier: 4,
            generated: 3,
            depth: 2,
            memory_bytes: 1,
        },
        Reply::Error {
            error: JobError::Refused {
                estimate: 1_500_000_000,
                holds: 300,
            },
        },
        Reply::Error {
            error: JobError::Search {
                en: "boom".into(),
                zh: "砰".into(),
            },
        },
        Reply::Bench {
            rms: 7,
            distinct_states: 296_448,
            generated: 9,
            depth: 23,
            ms: vec![1.5, 2.0],
        },
    ];
    for r in replies {
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Reply>(&json).unwrap(), r, "{json}");
    }
    let e = serde_json::from_str::<Reply>(r#"{"type": "progress", "states": 1}"#);
    assert!(e.unwrap_err().to_string().contains("frontier"));
    let e = serde_json::from_str::<Reply>(r#"{"type": "gossip"}"#);
    assert!(e.unwrap_err().to_string().contains("gossip"));
}

#[test]
fn the_memory_budget_cuts_the_search_plainly() {
    let budget = Budget {
        crashes: 1,
        ..Budget::default()
    };
    let j = job("2pc-happy", budget, &[], false);
    let out = replies(&j, j.memory_bytes);
    let Some(Reply::Done { report }) = out.last() else {
        panic!("{out:?}")
    };
    assert!(!report.complete);
    assert!(
        matches!(report.cut, Some(Cut::Memory { mib: 512, .. })),
        "{report:?}"
    );
    let why = report.cut.unwrap();
    assert!(why.say(Lang::En).contains("memory budget"), "{why:?}");
    assert!(!why.say(Lang::Zh).contains("memory"), "{why:?}");
}

#[test]
fn a_budget_that_cannot_fit_is_refused_with_its_estimate() {
    let budget = Budget {
        drops: 3,
        duplicates: 3,
        crashes: 3,
        recoveries: 3,
        partitions: 2,
    };
    let j = job("3pc-partition-violation", budget, &[], false);
    let out = replies(&j, 0);
    let [Reply::Error { error }] = out.as_slice() else {
        panic!("{out:?}")
    };
    assert!(matches!(error, JobError::Refused { .. }), "{error:?}");
    let en = error.say(Lang::En);
    // This budget's estimate runs past what a u64 holds: said as a floor, not as "about".
    assert!(
        en.starts_with("refused: this budget may reach more than 1.8e19 states"),
        "{en}"
    );
    assert_eq!(en, error.to_string());
    let zh = error.say(Lang::Zh);
    let JobError::Refused { estimate, holds } = error else {
        unreachable!()
    };
    let figures = [said::scientific(*estimate), holds.to_string()];
    assert_eq!(
        said::scientific(*estimate),
        format!("{:.1e}", *estimate as f64),
        "as core writes it"
    );
    assert!(figures
        .iter()
        .all(|f| en.contains(f.as_str()) && zh.contains(f.as_str())));
    assert!(!zh.contains("refused"), "{zh}");
    assert!(zh.contains("超过 1.8e19 个状态"), "{zh}");
}

#[test]
fn an_estimate_within_range_is_said_as_about() {
    // 2PC with five participants and one crash on the queue: 60^6 * 24 = 1.1e12 states, over
    // what 512 MiB holds times the refusal factor.
    let scenario: Scenario =
        serde_json::from_str(r#"{"version": 1, "protocol": "2pc", "participants": 5}"#).unwrap();
    let j = Job {
        scenario,
        options: CheckOptions::default(),
        memory_bytes: DEFAULT_MEMORY_BYTES,
    };
    let out = replies(&j, 0);
    let [Reply::Error { error }] = out.as_slice() else {
        panic!("{out:?}")
    };
    let holds = DEFAULT_MEMORY_BYTES / BYTES_PER_STATE;
    assert_eq!(
        error.say(Lang::En),
        format!(
            "refused: this budget may reach about 1.1e12 states; the memory budget holds about \
             {holds}. Use fewer faults or participants"
        )
    );
    assert!(error.say(Lang::Zh).contains("约 1.1e12 个状态"));
}

#[test]
fn bench_counts_two_phase() {
    let mut t = 0.0;
    let reply = bench(
        &Bench {
            bench_rms: 3,
            runs: 2,
        },
        &mut || {
            t += 1.0;
            t
        },
    );
    let Reply::Bench {
        distinct_states,
        generated,
        depth,
        ms,
        ..
    } = reply
    else {
        panic!("{reply:?}")
    };
    // TLC: 288 distinct states, 1146 generated, depth 11 (see src/explorer/mod.rs).
    assert_eq!((distinct_states, generated, depth), (288, 1146, 11));
    assert_eq!(ms, [1.0, 1.0]);
}

#[test]
fn the_estimate_bounds_the_small_searches() {
    // 2pc-happy, one crash, lossy: 72,491 states (txscope check); 3PC split: 130,120 at the
    // first finding.
    let s = presets::preset("2pc-happy").unwrap();
    let mut lossy = s.clone();
    lossy.transport = Transport::Lossy;
    assert!(
        estimate(
            &lossy,
            &Budget {
                crashes: 1,
                ..Budget::default()
            }
        ) > 72_491
    );
}
