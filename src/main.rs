//! `txscope`: run scenarios and presets from the command line.

use std::process::ExitCode;
use txscope::presets::{preset, PRESETS};
use txscope::report::Report;
use txscope::scenario::Scenario;
use txscope::session;

const USAGE: &str = "\
usage:
  txscope run (<scenario.json> | --preset NAME) [--json] [--trace] [--max-events N]
  txscope check (<scenario.json> | --preset NAME | --model two-phase-tla --rms N | --model tcommit --rms N)
                [--symmetry] [--max-states N] [--json]
                [--crashes N] [--recoveries N] [--drops N] [--duplicates N] [--partitions N]
                [--timeouts accurate|any] [--property NAME]... [--first]

check explores every run of a scenario's setup (its scripted faults are replaced by the budget:
by default one crash, accurate timeouts) and prints each finding with its shortest run; with
--json each finding carries a scenario that `txscope run` (and the app) replays. --property
limits the search to some of agreement, irrevocability, validity, durability, can-block;
--first stops once each has a (shortest) finding.
  txscope presets

A violated invariant is a finding (exit 0); bad input is an error (exit 2).";

/// The default event limit of `run`.
const MAX_EVENTS: usize = 100_000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
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

fn dispatch(args: &[String]) -> Result<String, String> {
    match args.first().map(String::as_str) {
        Some("run") => run(&Flags::parse(&args[1..])?),
        Some("check") => check(&Flags::parse(&args[1..])?),
        Some("presets") => Ok(PRESETS
            .iter()
            .map(|(name, _)| {
                let d = preset(name)
                    .ok()
                    .and_then(|s| s.description)
                    .unwrap_or_default();
                format!("{name:<38} {d}\n")
            })
            .collect()),
        Some("help" | "--help" | "-h") => Ok(format!("{USAGE}\n")),
        Some(other) => Err(format!("unknown command {other:?}\n{USAGE}")),
        None => Err(USAGE.to_string()),
    }
}

/// The command line after the command word.
#[derive(Default)]
struct Flags {
    // Faults the explorer may use (check on a scenario).
    file: Option<String>,
    preset: Option<String>,
    model: Option<String>,
    rms: Option<usize>,
    json: bool,
    /// `run`: print every event, with the states of the nodes after it.
    trace: bool,
    symmetry: bool,
    max_events: Option<usize>,
    max_states: Option<u64>,
    budget: txscope::check::Budget,
    any_timeouts: bool,
    properties: Vec<String>,
    first: bool,
}

impl Flags {
    fn parse(args: &[String]) -> Result<Flags, String> {
        let mut f = Flags::default();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = |flag: &str| {
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            match a.as_str() {
                "--json" => f.json = true,
                "--trace" => f.trace = true,
                "--symmetry" => f.symmetry = true,
                "--preset" => f.preset = Some(value("--preset")?),
                "--model" => f.model = Some(value("--model")?),
                "--rms" => f.rms = Some(number("--rms", &value("--rms")?)?),
                "--max-events" => {
                    f.max_events = Some(number("--max-events", &value("--max-events")?)?)
                }
                "--max-states" => {
                    f.max_states = Some(number("--max-states", &value("--max-states")?)?)
                }
                "--crashes" => f.budget.crashes = number("--crashes", &value("--crashes")?)?,
                "--recoveries" => {
                    f.budget.recoveries = number("--recoveries", &value("--recoveries")?)?
                }
                "--drops" => f.budget.drops = number("--drops", &value("--drops")?)?,
                "--duplicates" => {
                    f.budget.duplicates = number("--duplicates", &value("--duplicates")?)?
                }
                "--partitions" => {
                    f.budget.partitions = number("--partitions", &value("--partitions")?)?
                }
                "--property" => f.properties.push(value("--property")?),
                "--first" => f.first = true,
                "--timeouts" => {
                    f.any_timeouts = match value("--timeouts")?.as_str() {
                        "any" => true,
                        "accurate" => false,
                        other => {
                            return Err(format!("--timeouts: {other:?} is not accurate or any"))
                        }
                    }
                }
                flag if flag.starts_with("--") => {
                    return Err(format!("unknown option {flag}\n{USAGE}"))
                }
                file if f.file.is_none() => f.file = Some(file.to_string()),
                extra => return Err(format!("unexpected argument {extra:?}\n{USAGE}")),
            }
        }
        Ok(f)
    }

    /// The scenario named by a file or `--preset`.
    fn scenario(&self) -> Result<Scenario, String> {
        match (&self.file, &self.preset) {
            (Some(path), None) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {path}: {e}"))?;
                Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))
            }
            (None, Some(name)) => preset(name).map_err(|e| e.to_string()),
            _ => Err(format!("give a scenario file or --preset NAME\n{USAGE}")),
        }
    }
}

fn number<T: std::str::FromStr>(flag: &str, s: &str) -> Result<T, String> {
    s.parse()
        .map_err(|_| format!("{flag}: {s:?} is not a whole number"))
}

fn run(f: &Flags) -> Result<String, String> {
    let scenario = f.scenario()?;
    let max_events = f.max_events.unwrap_or(MAX_EVENTS);
    if max_events == 0 {
        return Err("--max-events: must be at least 1".into());
    }
    let run = session::start(&scenario, max_events).map_err(|e| e.to_string())?;
    let mut run = run;
    let trace = if f.trace && !f.json {
        trace_text(run.as_mut())
    } else {
        String::new()
    };
    let report = Report::of(run.as_ref(), max_events, f.json);
    if f.json {
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

fn check(f: &Flags) -> Result<String, String> {
    match &f.model {
        Some(model) => {
            let rms = f.rms.ok_or("--model needs --rms N")?;
            txscope::explorer::cli::check_model(model, rms, f.symmetry, f.max_states, f.json)
        }
        None => {
            let scenario = f.scenario()?;
            let options = txscope::check::CheckOptions {
                budget: f.budget,
                timeouts: if f.any_timeouts {
                    txscope::check::Timeouts::Any
                } else {
                    txscope::check::Timeouts::Accurate
                },
                max_states: Some(f.max_states.unwrap_or(2_000_000)),
                max_messages: None,
                properties: f.properties.clone(),
                stop_when_found: f.first,
            };
            let entry = scenario.entry().map_err(|e| e.to_string())?;
            let report = entry.check(&scenario, &options)?;
            if f.json {
                return Ok(
                    serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n",
                );
            }
            let mut out = format!(
                "{} states distinct, {} generated, depth {}{}\n",
                report.distinct_states,
                report.generated,
                report.depth,
                if report.complete {
                    ""
                } else if report.stopped_at_findings {
                    " (stopped at the first findings, as --first asks)"
                } else {
                    " (INCOMPLETE: cut at --max-states)"
                }
            );
            if report.findings.is_empty() {
                out.push_str("no findings: every invariant holds and nobody can block\n");
            }
            for finding in &report.findings {
                out.push_str(&format!(
                    "{} {} in {} steps: {}\n",
                    if finding.kind == "invariant" {
                        "VIOLATED"
                    } else {
                        "possible:"
                    },
                    finding.property,
                    finding.trace.len(),
                    finding.trace.join(" -> ")
                ));
            }
            Ok(out)
        }
    }
}
