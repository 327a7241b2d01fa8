//! A search as a job for a Web Worker: what the page sends ([`Job`]), what the worker answers
//! ([`Reply`]), and the loop between them ([`run`]), kept free of browser types so it runs and is
//! tested natively. The worker entry (`src/bin/txscope-worker.rs`) only passes JSON strings, a
//! clock and the size of its memory.

use super::{check_with, Budget, CheckOptions, CheckReport};
use crate::explorer::{Control, Progress};
use crate::model::Transport;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

mod said;
mod wire;

pub use said::{Cut, JobError};

/// The default memory budget of a search in the browser: 512 MiB of wasm memory.
pub const DEFAULT_MEMORY_BYTES: u64 = 512 << 20;

/// Bytes a stored state costs in the worker, measured on 3PC and 2PC setups of three
/// participants (wasm memory at the end of the search over distinct states; the frontier's whole
/// worlds are most of it, the seen-set and parent links about 12 bytes).
pub const BYTES_PER_STATE: u64 = 1_400;

/// How far [`estimate`] may exceed the states the memory budget holds before a search is refused
/// outright: the estimate is generous (about 500 times the real count for small setups), so only
/// a budget whose state space plainly cannot fit is refused; the rest run and are cut plainly.
pub const REFUSE_FACTOR: u64 = 10_000;

/// What the page asks the worker to search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub scenario: Scenario,
    pub options: CheckOptions,
    /// Stop, incomplete, when the worker's memory reaches this many bytes.
    pub memory_bytes: u64,
}

/// A finding, as the page reads it back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FoundRun {
    pub property: String,
    pub kind: crate::explorer::PropertyKind,
    pub trace: Vec<String>,
    pub scenario: Scenario,
}

/// A finished search, as the page reads it back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub distinct_states: u64,
    pub generated: u64,
    pub depth: u32,
    pub complete: bool,
    pub stopped_at_findings: bool,
    /// Why the search was cut short, if it was.
    pub cut: Option<Cut>,
    pub findings: Vec<FoundRun>,
    /// The worker's memory at the end, in bytes.
    pub memory_bytes: u64,
}

/// One message from the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "wire::Wire")]
pub enum Reply {
    /// The worker has loaded and listens.
    Ready,
    Progress {
        states: u64,
        frontier: u64,
        generated: u64,
        depth: u32,
        memory_bytes: u64,
    },
    Done {
        report: Outcome,
    },
    Error {
        error: JobError,
    },
    /// The answer to a [`Bench`] request.
    Bench {
        rms: usize,
        distinct_states: u64,
        generated: u64,
        depth: u32,
        /// Wall time of each run of the search, in milliseconds.
        ms: Vec<f64>,
    },
}

/// A benchmark request (e2e/bench-explorer.mjs): explore the reference model TwoPhase.tla with
/// `rms` resource managers `runs` times, timing each search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bench {
    pub bench_rms: usize,
    pub runs: u32,
}

/// Runs a [`Bench`]: the same search `cargo bench --bench explorer` times natively.
pub fn bench(request: &Bench, now: &mut dyn FnMut() -> f64) -> Reply {
    use crate::explorer::{explore, models::TwoPhase, Options};
    let Ok(model) = TwoPhase::new(request.bench_rms) else {
        return Reply::Error {
            error: JobError::NoSuchModel {
                rms: request.bench_rms,
            },
        };
    };
    let mut ms = Vec::new();
    let mut last = None;
    for _ in 0..request.runs.max(1) {
        let start = now();
        let report = explore(&model, &Options::default());
        ms.push(now() - start);
        last = Some(report);
    }
    match last.expect("at least one run") {
        Ok(r) => Reply::Bench {
            rms: request.bench_rms,
            distinct_states: r.distinct_states,
            generated: r.generated,
            depth: r.depth,
            ms,
        },
        Err(e) => Reply::Error {
            error: JobError::search(&super::CheckError::Explore(e)),
        },
    }
}

/// A rough upper bound on the states of a setup under a budget: each participant's protocol
/// state and messages (about 40 combinations each on the lossy network, 60 on the queue, which
/// holds every message twice), times, for each fault the budget allows, the places it may strike
/// (a message, a node, or a split). It is deliberately generous: it only refuses searches that
/// could not fit.
pub fn estimate(scenario: &Scenario, budget: &Budget) -> u64 {
    let n = scenario.roster().map_or(1, |r| r.len()) as u64;
    let per_node: u64 = match scenario.transport {
        Transport::Lossy => 40,
        Transport::Queue => 60,
    };
    let mut total = per_node.saturating_pow(n.min(64) as u32);
    let splits = 1u64 << (n - 1).min(62);
    for (count, places) in [
        (budget.drops, 2 * n),
        (budget.duplicates, 2 * n),
        (budget.crashes, n),
        (budget.recoveries, n),
        (budget.partitions, splits),
    ] {
        total = total.saturating_mul(places.saturating_mul(4).saturating_pow(count as u32));
    }
    total
}

/// Runs `job`: refuses it if [`estimate`] is over [`REFUSE_FACTOR`] times the states its memory
/// budget holds, else searches, posting progress whenever `now()` (milliseconds) has moved on by 100
/// since the last, and stopping when `memory()` reaches the budget.
pub fn run(
    job: &Job,
    now: &mut dyn FnMut() -> f64,
    memory: &mut dyn FnMut() -> u64,
    post: &mut dyn FnMut(Reply),
) {
    let estimate = estimate(&job.scenario, &job.options.budget);
    let cap = job
        .options
        .max_states
        .unwrap_or(u64::MAX)
        .min(job.memory_bytes / BYTES_PER_STATE * 2);
    let holds = job.memory_bytes / BYTES_PER_STATE;
    if estimate / REFUSE_FACTOR > holds {
        post(Reply::Error {
            error: JobError::Refused { estimate, holds },
        });
        return;
    }
    let mut options = job.options.clone();
    options.max_states = Some(cap.max(1));
    let mut last = now();
    let mut cut = None;
    let result = check_with(&job.scenario, &options, &mut |p: Progress| {
        let used = memory();
        if used >= job.memory_bytes {
            cut = Some(Cut::Memory {
                mib: job.memory_bytes >> 20,
                states: p.distinct_states,
            });
            return Control::Stop;
        }
        let t = now();
        if t - last >= 100.0 {
            last = t;
            post(Reply::Progress {
                states: p.distinct_states,
                frontier: p.frontier,
                generated: p.generated,
                depth: p.depth,
                memory_bytes: used,
            });
        }
        Control::Continue
    });
    match result {
        Ok(report) => post(Reply::Done {
            report: outcome(report, cut, options.max_states, memory()),
        }),
        Err(e) => post(Reply::Error {
            error: JobError::search(&e),
        }),
    }
}

fn outcome(report: CheckReport, cut: Option<Cut>, cap: Option<u64>, memory: u64) -> Outcome {
    let cut = cut.or_else(|| {
        (!report.complete && !report.stopped_at_findings).then(|| Cut::StateCap {
            states: cap.map_or(report.distinct_states, |c| c),
        })
    });
    Outcome {
        distinct_states: report.distinct_states,
        generated: report.generated,
        depth: report.depth,
        complete: report.complete,
        stopped_at_findings: report.stopped_at_findings,
        cut,
        findings: report
            .findings
            .into_iter()
            .map(|f| FoundRun {
                property: f.property.to_string(),
                kind: f.kind,
                trace: f.trace,
                scenario: f.scenario,
            })
            .collect(),
        memory_bytes: memory,
    }
}

#[cfg(test)]
mod tests {
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
        assert!(
            en.starts_with("refused: this budget may reach about"),
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
}
