//! Why a search in the worker failed or stopped short, as values the page puts into its own
//! language (the worker's words never reach the reader as they are).

use crate::i18n::{Lang, Words};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Why a job did not run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum JobError {
    /// The worker got something other than text.
    #[error("expected a JSON string")]
    NotText,
    /// The text is no job the worker knows (`detail`: the JSON reader's words).
    #[error("bad job: {detail}")]
    BadJob { detail: String },
    /// The budget's state space plainly exceeds the memory budget.
    #[error(
        "refused: this budget may reach {} states; the memory budget holds about {holds}. \
         Use fewer faults or participants",
        reach(*estimate, Lang::En)
    )]
    Refused { estimate: u64, holds: u64 },
    /// A benchmark asked for a model size the model refuses.
    #[error("TwoPhase cannot have {rms} RMs")]
    NoSuchModel { rms: usize },
    /// The search refused its scenario or options: the reason as the worker said it in each
    /// language (it has the tables; the page needs no copy of the error's types).
    #[error("{en}")]
    Search { en: String, zh: String },
    /// The page could not start the worker.
    #[error("the worker did not start: {detail}")]
    NoWorker { detail: String },
    /// The page could not hand the job to the worker.
    #[error("cannot send the search to the worker")]
    NotSent,
    /// The worker answered something the page cannot read.
    #[error("the worker's answer is unreadable: {detail}")]
    BadReply { detail: String },
    /// The worker died (out of memory, or it failed to load).
    #[error("the explorer's worker stopped (out of memory, or it failed to load)")]
    Stopped,
}

/// `n` in scientific notation with one decimal (`1.5e9`), by integer arithmetic: core's float
/// formatting would add its ~14 KB to the page (BENCHMARKS.md, "App (browser)").
pub fn scientific(n: u64) -> String {
    let digits = n.max(1).ilog10();
    if digits == 0 {
        return format!("{n}.0e0");
    }
    // The first two digits, rounded to the nearest (a tie to the even one), as core does.
    let scale = 10u64.pow(digits - 1);
    let (head, rest) = (n / scale, n % scale);
    let up = match (rest as u128 * 2).cmp(&(scale as u128)) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => head % 2 == 1,
        std::cmp::Ordering::Less => false,
    };
    let mut two = (head + up as u64) as u32;
    let mut exp = digits;
    if two >= 100 {
        two /= 10;
        exp += 1;
    }
    format!("{}.{}e{exp}", two / 10, two % 10)
}

/// An estimate of states in words: "about 1.6e10", or "more than 1.8e19" where the estimate
/// ran past what a `u64` holds (it saturates there).
fn reach(estimate: u64, lang: Lang) -> String {
    let key = if estimate == u64::MAX {
        "explorer.more_than"
    } else {
        "explorer.about"
    };
    crate::i18n::tf(lang, key, &[("n", &scientific(estimate))])
}

impl JobError {
    /// A search's own error, said in both languages.
    pub fn search(e: &impl Words) -> JobError {
        JobError::Search {
            en: e.say(Lang::En),
            zh: e.say(Lang::Zh),
        }
    }
}

impl Words for JobError {
    fn key(&self) -> Cow<'static, str> {
        match self {
            JobError::NotText => "error.job.not_text",
            JobError::BadJob { .. } => "error.job.bad_job",
            JobError::Refused { .. } => "error.job.refused",
            JobError::NoSuchModel { .. } => "error.job.no_such_model",
            JobError::Search { .. } => "error.job.search",
            JobError::NoWorker { .. } => "error.job.no_worker",
            JobError::NotSent => "error.job.not_sent",
            JobError::BadReply { .. } => "error.job.bad_reply",
            JobError::Stopped => "error.job.stopped",
        }
        .into()
    }
    fn args(&self, lang: Lang) -> Vec<(&'static str, String)> {
        match self {
            JobError::BadJob { detail }
            | JobError::NoWorker { detail }
            | JobError::BadReply { detail } => {
                vec![("detail", detail.clone())]
            }
            JobError::Refused { estimate, holds } => vec![
                ("estimate", reach(*estimate, lang)),
                ("holds", holds.to_string()),
            ],
            JobError::NoSuchModel { rms } => vec![("rms", rms.to_string())],
            JobError::NotText | JobError::Search { .. } | JobError::NotSent | JobError::Stopped => {
                vec![]
            }
        }
    }
    fn say(&self, lang: Lang) -> String {
        match (self, lang) {
            (JobError::Search { en, .. }, Lang::En) => en.clone(),
            (JobError::Search { zh, .. }, Lang::Zh) => zh.clone(),
            _ => {
                let args = self.args(lang);
                let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                crate::i18n::tf(lang, &self.key(), &pairs)
            }
        }
    }
}

/// Why a finished search is incomplete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cut {
    /// The worker's memory reached the budget.
    Memory { mib: u64, states: u64 },
    /// The search stored as many states as it may.
    StateCap { states: u64 },
}

impl Words for Cut {
    fn key(&self) -> Cow<'static, str> {
        match self {
            Cut::Memory { .. } => "explorer.cut.memory",
            Cut::StateCap { .. } => "explorer.cut.state_cap",
        }
        .into()
    }
    fn args(&self, _: Lang) -> Vec<(&'static str, String)> {
        match self {
            Cut::Memory { mib, states } => {
                vec![("mib", mib.to_string()), ("states", states.to_string())]
            }
            Cut::StateCap { states } => vec![("states", states.to_string())],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::scientific;

    #[test]
    fn scientific_notation_is_cores_with_one_decimal() {
        for n in [
            0u64,
            1,
            9,
            10,
            15,
            99,
            100,
            149,
            150,
            951,
            995,
            999,
            1_000,
            12_345,
            99_950,
            1_500_000_000,
            7_654_321_987,
            u64::MAX,
        ] {
            assert_eq!(scientific(n), format!("{:.1e}", n as f64), "{n}");
        }
    }
}
