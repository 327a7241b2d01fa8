//! A search as a job, bounded by a memory budget: what the page sends ([`Job`]), what the worker
//! answers ([`Reply`]), and the loop between them ([`run`]), kept free of browser types so it runs
//! and is tested natively. The worker entry (`src/bin/txscope-worker.rs`) only passes JSON
//! strings, a clock and the size of its memory; `txscope check` runs the same loop with the
//! process's resident memory, so both refuse and cut a search alike.

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

/// Bytes a stored state costs, measured on 3PC and 2PC setups of three participants (memory at
/// the end of the search over distinct states: the frontier's packed worlds are most of it, the
/// seen-set and parent links about 12 bytes). BENCHMARKS.md has the figures.
pub const BYTES_PER_STATE: u64 = 200;

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
mod tests;
