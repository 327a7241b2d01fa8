//! The explorer over the real protocol engines, as `txscope check` and the panel run it.
//!
//! `cargo bench --bench engines` (optionally followed by case names, default all, and `--runs N`,
//! default 3). Each run is a fresh child process (this binary re-executed with `--child`), and the
//! figures are the median over the runs of the search's wall time (scenario to report), its peak
//! heap (a counting allocator: bytes asked for and live at once, minus what was live before) and
//! its peak RSS (`VmHWM` growth). Bytes per state is peak heap over distinct states.
//!
//! The cases are setups a learner runs from the panel, on the message queue (the transport the
//! app opens with):
//! * `3pc-split-first`: 3PC, one partition, no crash: search until agreement is violated;
//! * `3pc-split-all`: the same budget searched to the end (capped at 4M states, some 2.5 GB);
//! * `2pc-block-first`: 2PC, one crash: search until a participant can block;
//! * `3pc-crash-all`: 3PC, one crash, searched to the end.

use std::time::Instant;
use txscope::check::{check, Budget, CheckOptions};
use txscope::presets::preset;

mod support;

use support::{median, peak_since, reset_peak, vm_hwm, Counting};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The cases, by name: (preset, budget, the properties looked for, stop at the first findings).
fn case(name: &str) -> Option<(&'static str, Budget, &'static [&'static str], bool)> {
    let split = Budget {
        partitions: 1,
        crashes: 0,
        ..Budget::default()
    };
    let crash = Budget {
        crashes: 1,
        ..Budget::default()
    };
    Some(match name {
        "3pc-split-first" => ("3pc-partition-violation", split, &["agreement"], true),
        "3pc-split-all" => ("3pc-partition-violation", split, &[], false),
        "2pc-block-first" => ("2pc-happy", crash, &["can-block"], true),
        "3pc-crash-all" => ("3pc-happy", crash, &[], false),
        _ => return None,
    })
}

const CASES: [&str; 4] = [
    "3pc-split-first",
    "3pc-split-all",
    "2pc-block-first",
    "3pc-crash-all",
];

/// One run's measurements.
#[derive(Clone, Debug)]
struct Run {
    distinct: u64,
    generated: u64,
    depth: u32,
    complete: bool,
    /// Each finding as `property@length`.
    found: String,
    seconds: f64,
    heap_peak: usize,
    rss_peak: usize,
}

/// Runs case `name` in this process and prints its `Run` as one line for the parent.
fn child(name: &str) {
    let (preset_name, budget, properties, first) = case(name).expect("known case");
    let scenario = preset(preset_name).expect("preset");
    let options = CheckOptions {
        budget,
        properties: properties.iter().map(|p| p.to_string()).collect(),
        stop_when_found: first,
        max_states: Some(if name.ends_with("-all") {
            4_000_000
        } else {
            20_000_000
        }),
        ..CheckOptions::default()
    };
    let rss_before = vm_hwm();
    let heap_before = reset_peak();
    let start = Instant::now();
    let report = check(&scenario, &options).expect("the case's check runs");
    let seconds = start.elapsed().as_secs_f64();
    let heap_peak = peak_since(heap_before);
    let rss_peak = vm_hwm().saturating_sub(rss_before);
    let found: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{}@{}", f.property, f.trace.len()))
        .collect();
    println!(
        "RUN {} {} {} {} {} {seconds} {heap_peak} {rss_peak}",
        report.distinct_states,
        report.generated,
        report.depth,
        report.complete,
        if found.is_empty() {
            "-".to_string()
        } else {
            found.join(",")
        },
    );
}

fn run_child(name: &str) -> Run {
    let f = support::run_child(&[name]);
    Run {
        distinct: f[0].parse().unwrap(),
        generated: f[1].parse().unwrap(),
        depth: f[2].parse().unwrap(),
        complete: f[3].parse().unwrap(),
        found: f[4].to_string(),
        seconds: f[5].parse().unwrap(),
        heap_peak: f[6].parse().unwrap(),
        rss_peak: f[7].parse().unwrap(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(&args[1]);
        return;
    }
    let mut runs = 3;
    let mut names = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--runs" => runs = it.next().and_then(|r| r.parse().ok()).expect("--runs N"),
            "--bench" => {}
            other if case(other).is_some() => names.push(other.to_string()),
            other => eprintln!("ignoring argument {other}"),
        }
    }
    if names.is_empty() {
        names = CASES.iter().map(|c| c.to_string()).collect();
    }
    println!("The explorer over the real engines, message queue, median of {runs} runs");
    println!(
        "{:<16} {:>10} {:>11} {:>5} {:>8} {:<22} {:>8} {:>9} {:>9} {:>7}",
        "case",
        "distinct",
        "generated",
        "depth",
        "complete",
        "found (length)",
        "time s",
        "heap MiB",
        "RSS MiB",
        "B/state"
    );
    for name in &names {
        let all: Vec<Run> = (0..runs).map(|_| run_child(name)).collect();
        let first = &all[0];
        assert!(
            all.iter()
                .all(|r| r.distinct == first.distinct && r.found == first.found),
            "{name}: runs disagree"
        );
        let seconds = median(all.iter().map(|r| r.seconds).collect());
        let heap = median(all.iter().map(|r| r.heap_peak).collect());
        let rss = median(all.iter().map(|r| r.rss_peak).collect());
        println!(
            "{:<16} {:>10} {:>11} {:>5} {:>8} {:<22} {:>8.3} {:>9.1} {:>9.1} {:>7.0}",
            name,
            first.distinct,
            first.generated,
            first.depth,
            if first.complete { "yes" } else { "no" },
            first.found,
            seconds,
            heap as f64 / (1 << 20) as f64,
            rss as f64 / (1 << 20) as f64,
            heap as f64 / first.distinct.max(1) as f64,
        );
    }
}
