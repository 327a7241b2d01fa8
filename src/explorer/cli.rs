//! What `txscope check` prints: a reference model explored, as text or JSON.

use super::models::{ModelError, TCommit, TwoPhase};
use super::{explore, ExploreError, Model, Options, PropertyKind, Report};

/// The models `check_model` knows, by CLI name.
pub const MODEL_NAMES: [&str; 2] = ["two-phase-tla", "tcommit"];

/// The largest state count (an upper-bound estimate) a check starts without a `max_states` cap.
/// At about 11–16 bytes a state it keeps a search under 2 GB.
pub const DEFAULT_STATE_BUDGET: u64 = 100_000_000;

/// Explores reference model `name` (`"two-phase-tla"` or `"tcommit"`) with `rms` resource
/// managers and returns the text to print: distinct states, states generated, depth, whether the
/// search was complete, and each finding with its property and a shortest trace of action labels.
/// With `json`, the same as one JSON object with the keys `model`, `rms`, `symmetry`,
/// `distinct_states`, `generated`, `depth`, `complete` and `findings` (each with `property`, `kind`
/// and `trace`).
///
/// A search whose model estimates more than [`DEFAULT_STATE_BUDGET`] states is refused unless
/// `max_states` caps it below that. Errors name what is wrong: an unknown model, an `rms` out of
/// range, a zero `max_states`, a refused search.
pub fn check_model(
    name: &str,
    rms: usize,
    symmetry: bool,
    max_states: Option<u64>,
    json: bool,
) -> Result<String, String> {
    let options = Options {
        symmetry,
        sleep_sets: false,
        max_states,
        state_budget: Some(DEFAULT_STATE_BUDGET),
        stop_when_all_found: false,
    };
    let summary = match name {
        "two-phase-tla" => run(&TwoPhase::new(rms).map_err(rms_error)?, name, rms, &options)?,
        "tcommit" => run(&TCommit::new(rms).map_err(rms_error)?, name, rms, &options)?,
        _ => {
            return Err(format!(
                "unknown model `{name}`: expected one of {}",
                MODEL_NAMES.join(", ")
            ))
        }
    };
    Ok(if json {
        summary.to_json()
    } else {
        summary.to_text()
    })
}

fn rms_error(error: ModelError) -> String {
    match error {
        ModelError::RmCount { model, rms, max } => {
            format!("--rms {rms} is out of range: {model} takes 1 to {max} resource managers")
        }
    }
}

fn run<M: Model>(model: &M, name: &str, rms: usize, options: &Options) -> Result<Summary, String> {
    let report = explore(model, options).map_err(|error| match error {
        ExploreError::OverBudget { .. } => format!("{name} with {rms} RMs: {error}"),
        ExploreError::NoSymmetry | ExploreError::ZeroMaxStates => error.to_string(),
    })?;
    Ok(Summary::new(model, name, rms, options.symmetry, &report))
}

/// A finding, with its trace as action labels.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FindingSummary {
    /// The property's name.
    pub property: String,
    /// A violation or a witness.
    pub kind: PropertyKind,
    /// The actions of a shortest trace, e.g. `["RMPrepare(r1)", "TMAbort"]`.
    pub trace: Vec<String>,
}

/// A search's results in printable form.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// The model's CLI name.
    pub model: String,
    /// Resource managers.
    pub rms: usize,
    /// Whether symmetry reduction was on.
    pub symmetry: bool,
    /// Distinct states (orbits under symmetry).
    pub distinct_states: u64,
    /// States generated, duplicates included (TLC's count).
    pub generated: u64,
    /// Depth of the breadth-first graph; an initial state is depth 1 (TLC's count).
    pub depth: u32,
    /// Whether every reachable state was explored.
    pub complete: bool,
    /// Findings, in the model's property order.
    pub findings: Vec<FindingSummary>,
}

impl Summary {
    /// The printable form of `report`, a search of `model`.
    pub fn new<M: Model>(
        model: &M,
        name: &str,
        rms: usize,
        symmetry: bool,
        report: &Report<M::State, M::Action>,
    ) -> Self {
        Self {
            model: name.to_string(),
            rms,
            symmetry,
            distinct_states: report.distinct_states,
            generated: report.generated,
            depth: report.depth,
            complete: report.complete,
            findings: report
                .findings
                .iter()
                .map(|f| FindingSummary {
                    property: f.property.to_string(),
                    kind: f.kind,
                    trace: f.trace.labels(model),
                })
                .collect(),
        }
    }

    /// One JSON object.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a summary always serializes")
    }

    /// Lines of text.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "model: {} with {} RM{}{}\n\
             distinct states: {}\n\
             states generated: {}\n\
             depth: {}\n\
             complete: {}\n",
            self.model,
            self.rms,
            if self.rms == 1 { "" } else { "s" },
            if self.symmetry {
                ", symmetry reduction"
            } else {
                ""
            },
            self.distinct_states,
            self.generated,
            self.depth,
            if self.complete {
                "yes".to_string()
            } else {
                "no (stopped at max_states)".to_string()
            },
        );
        if self.findings.is_empty() {
            out.push_str("findings: none\n");
        }
        for finding in &self.findings {
            let what = if finding.kind == PropertyKind::Invariant {
                "violated"
            } else {
                "reachable"
            };
            out.push_str(&format!(
                "finding: {} {what}, shortest trace ({} steps):\n",
                finding.property,
                finding.trace.len()
            ));
            for (i, label) in finding.trace.iter().enumerate() {
                out.push_str(&format!("  {}. {label}\n", i + 1));
            }
        }
        out
    }
}
