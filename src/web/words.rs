//! The status panel's words in the interface language: the verdict, the alerts, the badges.
//! [`crate::view::status`] lays the panel out with English words; these render the same facts
//! through the i18n tables (English stays word for word what the view says).

use crate::i18n::{self, t, tf, Lang};
use crate::sim::Violation;
use crate::view::status::{Status, Verdict};

/// The first letter in upper case (English invariant names open a sentence).
fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The verdict line.
pub fn headline(lang: Lang, s: &Status, violations: &[Violation]) -> String {
    let total = s.nodes.len().to_string();
    let decided = s
        .nodes
        .iter()
        .filter(|n| n.outcome != "undecided")
        .count()
        .to_string();
    match s.verdict {
        Verdict::Violated => {
            let Some(v) = violations.first() else {
                return s.headline.clone();
            };
            let name = capital(i18n::invariant(lang, v.invariant));
            if violations.len() > 1 {
                tf(
                    lang,
                    "ui.verdict.violated_times",
                    &[("invariant", &name), ("n", &violations.len().to_string())],
                )
            } else {
                tf(lang, "ui.verdict.violated", &[("invariant", &name)])
            }
        }
        Verdict::Committed => t(lang, "ui.all_committed").to_string(),
        Verdict::Aborted => t(lang, "ui.all_aborted").to_string(),
        Verdict::Blocked => {
            let who: Vec<&str> = s
                .nodes
                .iter()
                .filter(|n| n.badges.contains(&"BLOCKED"))
                .map(|n| n.name.as_str())
                .collect();
            let key = if who.len() == 1 {
                "ui.verdict.blocked_one"
            } else {
                "ui.verdict.blocked_many"
            };
            tf(lang, key, &[("who", &who.join(", "))])
        }
        Verdict::Undecided => tf(
            lang,
            "ui.verdict.ended",
            &[("decided", &decided), ("total", &total)],
        ),
        Verdict::Running => tf(
            lang,
            "ui.running",
            &[("decided", &decided), ("total", &total)],
        ),
    }
}

/// The alerts, one per violation (in the view's order).
pub fn alerts(lang: Lang, s: &Status, violations: &[Violation], names: &[String]) -> Vec<String> {
    if lang == Lang::En {
        return s.alerts.iter().map(|a| a.text.clone()).collect();
    }
    violations
        .iter()
        .map(|v| {
            tf(
                lang,
                "status.violation",
                &[
                    ("invariant", &capital(i18n::invariant(lang, v.invariant))),
                    ("event", &format!("#{}", v.event)),
                    (
                        "node",
                        names.get(v.node.index()).map_or("?", |n| n.as_str()),
                    ),
                ],
            )
        })
        .collect()
}

/// A node's badge (DOWN, BLOCKED, IN DOUBT).
pub fn badge(lang: Lang, b: &str) -> String {
    if let Some(side) = b.strip_prefix("side ") {
        if lang == Lang::En {
            return b.to_string();
        }
        return tf(lang, "ui.side", &[("side", side)]);
    }
    let key = match b {
        "DOWN" => "status.down",
        "BLOCKED" => "status.blocked",
        "IN DOUBT" => "status.in_doubt",
        other => return other.to_string(),
    };
    if lang == Lang::En {
        return b.to_string();
    }
    t(lang, key).to_string()
}

/// A node's outcome word (commit, abort, undecided).
pub fn outcome(lang: Lang, o: &str) -> String {
    let key = match o {
        "commit" => "decision.commit",
        "abort" => "decision.abort",
        "undecided" => "status.undecided",
        other => return other.to_string(),
    };
    t(lang, key).to_string()
}
