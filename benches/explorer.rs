//! TxScope's explorer against Stateright on Gray & Lamport's TwoPhase.tla, side by side.
//!
//! `cargo bench --bench explorer` (optionally followed by `-- RMS...`, default `7 8`, and
//! `--runs N`, default 5). Both checkers explore every reachable state single-threaded, breadth
//! first (Stateright: `spawn_bfs()` with `threads(1)`), and must agree on the distinct-state
//! count. Each run is a fresh child process (this binary re-executed with `--child`), so that no
//! run inherits another's heap, and the figures are the median over the runs of:
//!
//! * wall time of the search alone (model construction to report, process start excluded);
//! * peak heap: a counting global allocator records the largest number of bytes live at once
//!   (what was asked of the allocator, capacities included), minus what was live before the search;
//! * peak RSS: `VmHWM` from `/proc/self/status` at the end minus its value before the search. It
//!   includes allocator overhead and fragmentation, which the heap figure does not.
//!
//! Bytes per state is peak heap over distinct states.

use std::time::Instant;

#[path = "../tests/explorer_stateright.rs"]
#[allow(unused_imports, dead_code)]
mod stateright_two_phase;
mod support;

use support::{median, peak_since, reset_peak, vm_hwm, Counting};
use txscope::explorer::{explore, models::TwoPhase, Options};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One run's measurements.
#[derive(Clone, Copy, Debug)]
struct Run {
    distinct: u64,
    generated: u64,
    seconds: f64,
    heap_peak: usize,
    rss_peak: usize,
}

/// Runs one search in this process and prints its `Run` as one line for the parent.
fn child(which: &str, rms: usize) {
    let rss_before = vm_hwm();
    let heap_before = reset_peak();
    let start = Instant::now();
    let (distinct, generated) = match which {
        "txscope" => {
            let report = explore(&TwoPhase::new(rms).unwrap(), &Options::default()).unwrap();
            assert!(report.complete && report.findings.is_empty());
            (report.distinct_states, report.generated)
        }
        "stateright" => {
            let (unique, generated, _) = stateright_two_phase::stateright_bfs(rms);
            (unique as u64, generated as u64)
        }
        other => panic!("unknown checker {other}"),
    };
    let seconds = start.elapsed().as_secs_f64();
    let heap_peak = peak_since(heap_before);
    let rss_peak = vm_hwm().saturating_sub(rss_before);
    println!("RUN {distinct} {generated} {seconds} {heap_peak} {rss_peak}");
}

fn run_child(which: &str, rms: usize) -> Run {
    let f = support::run_child(&[which, &rms.to_string()]);
    Run {
        distinct: f[0].parse().unwrap(),
        generated: f[1].parse().unwrap(),
        seconds: f[2].parse().unwrap(),
        heap_peak: f[3].parse().unwrap(),
        rss_peak: f[4].parse().unwrap(),
    }
}

/// Medians of several runs: (runs, seconds, heap peak, rss peak).
fn measure(which: &str, rms: usize, runs: usize) -> (Run, f64, usize, usize) {
    let all: Vec<Run> = (0..runs).map(|_| run_child(which, rms)).collect();
    let first = all[0];
    assert!(all
        .iter()
        .all(|r| r.distinct == first.distinct && r.generated == first.generated));
    (
        first,
        median(all.iter().map(|r| r.seconds).collect()),
        median(all.iter().map(|r| r.heap_peak).collect()),
        median(all.iter().map(|r| r.rss_peak).collect()),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(&args[1], args[2].parse().expect("rms"));
        return;
    }
    let mut runs = 5;
    let mut sizes = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--runs" => runs = it.next().and_then(|r| r.parse().ok()).expect("--runs N"),
            "--bench" => {}
            other => match other.parse() {
                Ok(n) => sizes.push(n),
                Err(_) => eprintln!("ignoring argument {other}"),
            },
        }
    }
    if sizes.is_empty() {
        sizes = vec![7, 8];
    }
    println!(
        "TwoPhase.tla, exhaustive BFS, one thread, median of {runs} runs (each in its own process)"
    );
    println!(
        "{:>3} {:<10} {:>10} {:>11} {:>9} {:>11} {:>11} {:>10} {:>10} {:>7}",
        "RMs",
        "checker",
        "distinct",
        "generated",
        "time s",
        "states/s",
        "generated/s",
        "heap MiB",
        "RSS MiB",
        "B/state"
    );
    for &rms in &sizes {
        let mut times = Vec::new();
        let mut distincts = Vec::new();
        for which in ["txscope", "stateright"] {
            let (run, seconds, heap, rss) = measure(which, rms, runs);
            println!(
                "{:>3} {:<10} {:>10} {:>11} {:>9.3} {:>11.0} {:>11.0} {:>10.1} {:>10.1} {:>7.1}",
                rms,
                which,
                run.distinct,
                run.generated,
                seconds,
                run.distinct as f64 / seconds,
                run.generated as f64 / seconds,
                heap as f64 / (1 << 20) as f64,
                rss as f64 / (1 << 20) as f64,
                heap as f64 / run.distinct as f64,
            );
            times.push(seconds);
            distincts.push(run.distinct);
        }
        assert_eq!(
            distincts[0], distincts[1],
            "{rms} RMs: the checkers disagree"
        );
        println!(
            "{:>3} txscope is {:.1}x faster than stateright; both found {} distinct states",
            rms,
            times[1] / times[0],
            distincts[0]
        );
    }
}
