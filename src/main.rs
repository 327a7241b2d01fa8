//! `txscope`: run scenarios and presets from the command line.
//!
//! A violated invariant is a finding (exit 0); bad input is an error (exit 2).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::process::ExitCode;
use txscope::explorer::PropertyKind;
use txscope::i18n::{Lang, Words};
use txscope::presets::{preset, PRESETS};
use txscope::report::Report;
use txscope::scenario::Scenario;
use txscope::session;

/// Watch and break distributed transactions: run and check TxScope scenarios.
#[derive(Parser)]
#[command(
    name = "txscope",
    version,
    after_help = "A violated invariant is a finding (exit 0); bad input is an error (exit 2)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run one scenario to its end and report the outcome of every node.
    Run(RunArgs),
    /// Explore every run of a scenario's setup and print each finding with its shortest run.
    ///
    /// The scenario's scripted faults are replaced by the budget (by default one crash,
    /// accurate timeouts). With --json each finding carries a scenario that `txscope run` (and
    /// the app) replays.
    Check(CheckArgs),
    /// List the preset scenarios.
    Presets,
}

/// Where the scenario comes from.
#[derive(Args)]
struct Source {
    /// A scenario file (JSON).
    file: Option<String>,
    /// A preset scenario (see `txscope presets`).
    #[arg(long, value_name = "NAME")]
    preset: Option<String>,
}

impl Source {
    /// The scenario named by a file or `--preset`.
    fn scenario(&self) -> Result<Scenario, String> {
        match (&self.file, &self.preset) {
            (Some(path), None) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {path}: {e}"))?;
                Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))
            }
            (None, Some(name)) => preset(name).map_err(|e| e.to_string()),
            _ => Err("give a scenario file or --preset NAME (see --help)".into()),
        }
    }
}

#[derive(Args)]
struct RunArgs {
    #[command(flatten)]
    source: Source,
    /// Print the report as JSON (with --trace: the events too).
    #[arg(long)]
    json: bool,
    /// Print every event, with the states of the nodes after it.
    #[arg(long)]
    trace: bool,
    /// Stop after this many events.
    #[arg(long, value_name = "N", default_value_t = MAX_EVENTS, value_parser = at_least_one)]
    max_events: u64,
}

/// A model of the literature the explorer checks instead of a scenario.
#[derive(Clone, Copy, ValueEnum)]
enum Model {
    /// Lamport's TwoPhase TLA+ specification.
    TwoPhaseTla,
    /// Lamport's TCommit TLA+ specification.
    Tcommit,
}

impl Model {
    fn name(self) -> &'static str {
        match self {
            Model::TwoPhaseTla => "two-phase-tla",
            Model::Tcommit => "tcommit",
        }
    }
}

#[derive(Clone, Copy, Default, ValueEnum)]
enum TimeoutMode {
    /// A timer fires only when what it waits for cannot come any more.
    #[default]
    Accurate,
    /// A timer may fire at any moment.
    Any,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    source: Source,
    /// Check a TLA+ model instead of a scenario (needs --rms).
    #[arg(long, value_enum, conflicts_with_all = ["file", "preset"])]
    model: Option<Model>,
    /// Resource managers of the --model.
    #[arg(long, value_name = "N", requires = "model")]
    rms: Option<usize>,
    /// Symmetry reduction (models only).
    #[arg(long)]
    symmetry: bool,
    /// Stop after this many distinct states.
    #[arg(long, value_name = "N")]
    max_states: Option<u64>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    #[arg(long, value_name = "N", default_value_t = 1)]
    crashes: u8,
    #[arg(long, value_name = "N", default_value_t = 0)]
    recoveries: u8,
    #[arg(long, value_name = "N", default_value_t = 0)]
    drops: u8,
    #[arg(long, value_name = "N", default_value_t = 0)]
    duplicates: u8,
    #[arg(long, value_name = "N", default_value_t = 0)]
    partitions: u8,
    /// When timers may fire.
    #[arg(long, value_enum, default_value_t = TimeoutMode::Accurate)]
    timeouts: TimeoutMode,
    /// Look for these properties only (agreement, irrevocability, validity, durability,
    /// can-block, or the pattern's own).
    #[arg(long = "property", value_name = "NAME")]
    properties: Vec<String>,
    /// Stop once each property has a (shortest) finding.
    #[arg(long)]
    first: bool,
    /// The memory the search may use, in MiB: a budget whose estimate plainly cannot fit is
    /// refused before anything is built, and a search that reaches it stops, incomplete.
    #[arg(long, value_name = "MIB", default_value_t = 1024, value_parser = at_least_one)]
    memory_mib: u64,
    /// Take every order of independent steps too (no sleep sets): slower, and the same states,
    /// findings and shortest runs.
    #[arg(long)]
    every_order: bool,
}

/// A whole number of at least 1.
fn at_least_one(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a whole number")),
    }
}

/// The default event limit of `run`.
const MAX_EVENTS: u64 = 100_000;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match &cli.command {
        Command::Run(a) => run(a),
        Command::Check(a) => check(a),
        Command::Presets => Ok(presets()),
    };
    match result {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("txscope: {e}");
            ExitCode::from(2)
        }
    }
}

fn presets() -> String {
    PRESETS
        .iter()
        .map(|(name, _)| {
            let d = preset(name)
                .ok()
                .and_then(|s| s.description)
                .unwrap_or_default();
            format!("{name:<38} {d}\n")
        })
        .collect()
}

fn run(a: &RunArgs) -> Result<String, String> {
    let scenario = a.source.scenario()?;
    let max_events = a.max_events as usize;
    let mut run = session::start(&scenario, max_events).map_err(|e| e.to_string())?;
    let trace = if a.trace && !a.json {
        trace_text(run.as_mut())
    } else {
        String::new()
    };
    let report = Report::of(run.as_ref(), max_events, a.json);
    if a.json {
        Ok(serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n")
    } else {
        Ok(trace + &report.text())
    }
}

/// Every event with the time, and the nodes' states after it (`!` crashed, `?` in doubt,
/// `#` blocked): what lesson writers and the curious read.
fn trace_text(run: &mut dyn session::Run) -> String {
    let end = run.cursor();
    let mut out = String::new();
    for i in 0..end {
        let Some(e) = run.event(i) else { break };
        run.seek(i + 1);
        let states: Vec<String> = run
            .nodes()
            .iter()
            .map(|n| {
                let mark = if !n.up {
                    "!"
                } else if n.blocked {
                    "#"
                } else if n.in_doubt {
                    "?"
                } else {
                    ""
                };
                format!("{}:{}{mark}", n.name, n.state)
            })
            .collect();
        out.push_str(&format!(
            "{i:>5} {:>6} ms  {:<56} [{}]\n",
            e.time,
            e.text,
            states.join(" ")
        ));
    }
    out
}

fn check(a: &CheckArgs) -> Result<String, String> {
    if let Some(model) = a.model {
        let rms = a.rms.ok_or("--model needs --rms N")?;
        return txscope::explorer::cli::check_model(
            model.name(),
            rms,
            a.symmetry,
            a.max_states,
            a.json,
        );
    }
    let scenario = a.source.scenario()?;
    let options = txscope::check::CheckOptions {
        budget: txscope::check::Budget {
            crashes: a.crashes,
            recoveries: a.recoveries,
            drops: a.drops,
            duplicates: a.duplicates,
            partitions: a.partitions,
        },
        timeouts: match a.timeouts {
            TimeoutMode::Any => txscope::check::Timeouts::Any,
            TimeoutMode::Accurate => txscope::check::Timeouts::Accurate,
        },
        max_states: Some(a.max_states.unwrap_or(2_000_000)),
        max_messages: None,
        properties: a.properties.clone(),
        stop_when_found: a.first,
        sleep_sets: !a.every_order,
    };
    let job = txscope::check::job::Job {
        scenario,
        options,
        memory_bytes: a.memory_mib << 20,
    };
    let report = search(&job)?;
    if a.json {
        return Ok(serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n");
    }
    let mut out = format!(
        "{} states distinct, {} generated, depth {}{}\n",
        report.distinct_states,
        report.generated,
        report.depth,
        match report.cut {
            _ if report.complete => String::new(),
            _ if report.stopped_at_findings =>
                " (stopped at the first findings, as --first asks)".into(),
            Some(cut) => format!(" (INCOMPLETE: {})", cut.say(Lang::En)),
            None => " (INCOMPLETE)".into(),
        }
    );
    if report.findings.is_empty() {
        out.push_str(if report.complete {
            "no findings: every invariant holds and nobody can block\n"
        } else {
            "no findings in the states searched\n"
        });
    }
    for finding in &report.findings {
        out.push_str(&format!(
            "{} {} in {} steps: {}\n",
            match finding.kind {
                PropertyKind::Invariant => "VIOLATED",
                PropertyKind::Reachable => "possible:",
            },
            finding.property,
            finding.trace.len(),
            finding.trace.join(" -> ")
        ));
    }
    Ok(out)
}

/// Runs a search as the browser's worker does, from the same code: refused by estimate when it
/// plainly cannot fit `job.memory_bytes`, stopped plainly when this process's resident memory
/// reaches it.
fn search(job: &txscope::check::job::Job) -> Result<txscope::check::job::Outcome, String> {
    use txscope::check::job::{run, Reply};
    let start = std::time::Instant::now();
    let mut answer = None;
    run(
        job,
        &mut || start.elapsed().as_secs_f64() * 1000.0,
        &mut resident_bytes,
        &mut |reply| match reply {
            Reply::Done { report } => answer = Some(Ok(report)),
            Reply::Error { error } => answer = Some(Err(error.say(Lang::En))),
            _ => {}
        },
    );
    answer.unwrap_or_else(|| Err("the search gave no answer".into()))
}

/// This process's resident memory in bytes (Linux's /proc/self/statm, in 4 KiB pages), or 0
/// where that cannot be read: the search is then bounded by its state cap alone.
fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}
