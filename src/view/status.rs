//! The status panel and the scrubber's marks: each node's outcome, a one-line verdict on the
//! run so far (committed, aborted, blocked, violated...), violations as alerts naming their
//! event, and where the notable events sit on the timeline.

use super::Badge;
use crate::i18n::{t, tf, Lang, Words};
use crate::model::EventKind;
use crate::model::{NodeId, Outcome, Way};
use crate::protocol::watch::Violation;
use crate::session::{EventView, NodeView};

/// The run so far, in one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Still going: not every node has an outcome.
    Running,
    /// The run is over and every node holds this outcome.
    Settled(Outcome),
    /// Someone is in doubt and nobody it can reach can help.
    Blocked,
    /// Someone waits for something that will never come (the run has gone quiet).
    Stuck,
    /// An invariant broke.
    Violated,
    /// The run is over and some node has no outcome.
    Undecided,
}

impl Verdict {
    pub fn class(self) -> &'static str {
        match self {
            Verdict::Running => "verdict-running",
            Verdict::Settled(o) => match o.way {
                Way::Ahead => "verdict-committed",
                Way::Back => "verdict-aborted",
            },
            Verdict::Blocked => "verdict-blocked",
            Verdict::Stuck => "verdict-stuck",
            Verdict::Violated => "verdict-violated",
            Verdict::Undecided => "verdict-undecided",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub verdict: Verdict,
    /// The verdict as a sentence in the language asked for.
    pub headline: String,
    pub nodes: Vec<NodeRow>,
    pub alerts: Vec<Alert>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeRow {
    pub id: NodeId,
    pub name: String,
    pub state: &'static str,
    pub outcome: Option<Outcome>,
    pub class: String,
    pub badges: Vec<Badge>,
}

/// A node's outcome word in `lang` ("undecided" without one).
pub fn outcome_words(lang: Lang, outcome: Option<Outcome>) -> String {
    match outcome {
        Some(o) => o.say(lang),
        None => t(lang, "status.undecided").to_string(),
    }
}

/// A broken invariant, to show as an alert with a "jump to event" button.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    pub event: usize,
    pub text: String,
}

/// The first letter in upper case (an invariant's name opens the sentence). ASCII only: the
/// names are English words or Chinese, which has no case, and full Unicode case mapping would
/// put 19 KB of tables on the page.
fn capital(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// A violation as an alert in `lang`. English adds the monitor's detail, which has no
/// translation.
fn alert(lang: Lang, v: &Violation, node: &str) -> Alert {
    let invariant = capital(&v.invariant.say(lang));
    let text = match lang {
        Lang::En => format!(
            "{invariant} violated at event #{}: {node} {}",
            v.event, v.detail
        ),
        _ => tf(
            lang,
            "status.violation",
            &[
                ("invariant", &invariant),
                ("event", &format!("#{}", v.event)),
                ("node", node),
            ],
        ),
    };
    Alert {
        event: v.event as usize,
        text,
    }
}

/// The badges of a node in the status list (the topology adds its partition side).
pub fn node_badges(n: &NodeView) -> Vec<Badge> {
    let mut badges = Vec::new();
    if !n.up {
        badges.push(Badge::Down);
    }
    if n.blocked {
        badges.push(Badge::Blocked);
    } else if n.in_doubt {
        badges.push(Badge::InDoubt);
    } else if n.stuck {
        badges.push(Badge::Stuck);
    } else if n.pending {
        badges.push(Badge::Pending);
    }
    badges
}

/// The status at the cursor, in `lang`. `finished`: the cursor is at the end of the recorded
/// run.
pub fn status(
    nodes: &[NodeView],
    violations: &[Violation],
    terminated: bool,
    finished: bool,
    lang: Lang,
) -> Status {
    let name = |id: NodeId| nodes.get(id.index()).map_or("?", |n| n.name.as_str());
    let rows: Vec<NodeRow> = nodes
        .iter()
        .map(|n| NodeRow {
            id: n.id,
            name: n.name.clone(),
            state: n.state,
            outcome: n.decision,
            class: super::state_class(n.state, n.decision),
            badges: node_badges(n),
        })
        .collect();
    let alerts: Vec<Alert> = violations
        .iter()
        .map(|v| alert(lang, v, name(v.node)))
        .collect();
    let who = |pick: fn(&NodeView) -> bool| -> Vec<&str> {
        nodes
            .iter()
            .filter(|n| pick(n))
            .map(|n| n.name.as_str())
            .collect()
    };
    let blocked = who(|n| n.blocked);
    let stuck = who(|n| n.stuck);
    let decided = nodes.iter().filter(|n| n.decision.is_some()).count();
    let counts = [
        ("decided", decided.to_string()),
        ("total", nodes.len().to_string()),
    ];
    let counts: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let settled = nodes
        .first()
        .and_then(|n| n.decision)
        .filter(|o| terminated && nodes.iter().all(|n| n.decision == Some(*o)));
    let some = |names: &[&str], one: &str, many: &str| {
        let key = if names.len() == 1 { one } else { many };
        tf(lang, key, &[("who", &names.join(", "))])
    };
    let (verdict, headline) = if let Some(v) = violations.first() {
        let invariant = capital(&v.invariant.say(lang));
        let h = if violations.len() > 1 {
            tf(
                lang,
                "ui.verdict.violated_times",
                &[
                    ("invariant", &invariant),
                    ("n", &violations.len().to_string()),
                ],
            )
        } else {
            tf(lang, "ui.verdict.violated", &[("invariant", &invariant)])
        };
        (Verdict::Violated, h)
    } else if let Some(o) = settled {
        let key = format!("verdict.settled.{}", o.word);
        (Verdict::Settled(o), t(lang, &key).to_string())
    } else if !blocked.is_empty() {
        let h = some(
            &blocked,
            "ui.verdict.blocked_one",
            "ui.verdict.blocked_many",
        );
        (Verdict::Blocked, h)
    } else if !stuck.is_empty() {
        let h = some(&stuck, "verdict.stuck_one", "verdict.stuck_many");
        (Verdict::Stuck, h)
    } else if finished {
        (Verdict::Undecided, tf(lang, "ui.verdict.ended", &counts))
    } else {
        (Verdict::Running, tf(lang, "ui.running", &counts))
    };
    Status {
        verdict,
        headline,
        nodes: rows,
        alerts,
    }
}

/// A notable event on the scrubber.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeMark {
    pub index: usize,
    /// Where on the track, 0 to 1: the cursor position right after the event.
    pub frac: f64,
    pub class: &'static str,
    pub symbol: &'static str,
    pub title: String,
}

/// Marks for crashes, recoveries, losses, duplicates, delays, partitions, decisions and the
/// events that broke an invariant. Marks of one kind closer than `min_gap` (a fraction of the
/// track) are merged into the first; violations never are.
pub fn timeline(events: &[EventView], violations: &[u64], min_gap: f64) -> Vec<TimeMark> {
    let len = events.len().max(1) as f64;
    let mut out: Vec<TimeMark> = Vec::new();
    for e in events {
        let kind = if violations.contains(&(e.index as u64)) {
            Some(("tm-violation", "!"))
        } else {
            match e.kind {
                EventKind::Crash => Some(("tm-crash", "↯")),
                EventKind::Recover => Some(("tm-recover", "↻")),
                EventKind::Drop => Some(("tm-drop", "−")),
                EventKind::Duplicate => Some(("tm-duplicate", "+")),
                EventKind::Delay => Some(("tm-delay", "❚❚")),
                EventKind::Partition => Some(("tm-partition", "⇎")),
                EventKind::Heal => Some(("tm-heal", "⇔")),
                EventKind::Become => match e.outcome.map(|o| o.way) {
                    Some(Way::Ahead) => Some(("tm-commit", "✓")),
                    Some(Way::Back) => Some(("tm-abort", "✗")),
                    None => None,
                },
                _ => None,
            }
        };
        let Some((class, symbol)) = kind else {
            continue;
        };
        let frac = ((e.index + 1) as f64 / len * 1000.0).round() / 1000.0;
        if out
            .iter()
            .rev()
            .take_while(|m| frac - m.frac < min_gap)
            .any(|m| m.class == class && class != "tm-violation")
        {
            continue;
        }
        out.push(TimeMark {
            index: e.index,
            frac,
            class,
            symbol,
            title: format!("#{} at {} ms: {}", e.index, e.time, e.text),
        });
    }
    out
}

#[cfg(test)]
mod tests;
