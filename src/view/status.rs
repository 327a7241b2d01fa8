//! The status panel and the scrubber's marks: each node's outcome, a one-line verdict on the
//! run so far (committed, aborted, blocked, violated...), violations as alerts naming their
//! event, and where the notable events sit on the timeline.

use super::sequence::decision_of;
use crate::model::{Decision, NodeId};
use crate::session::{EventView, NodeView};
use crate::sim::Violation;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Still going: not every node has decided.
    Running,
    /// Every node committed.
    Committed,
    /// Every node aborted.
    Aborted,
    /// Someone is in doubt and nobody it can reach can help.
    Blocked,
    /// An invariant broke.
    Violated,
    /// The run is over and some node never decided.
    Undecided,
}

impl Verdict {
    pub fn class(self) -> &'static str {
        match self {
            Verdict::Running => "verdict-running",
            Verdict::Committed => "verdict-committed",
            Verdict::Aborted => "verdict-aborted",
            Verdict::Blocked => "verdict-blocked",
            Verdict::Violated => "verdict-violated",
            Verdict::Undecided => "verdict-undecided",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub verdict: Verdict,
    pub headline: String,
    pub nodes: Vec<NodeRow>,
    pub alerts: Vec<Alert>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeRow {
    pub id: NodeId,
    pub name: String,
    pub state: &'static str,
    /// "commit", "abort" or "undecided".
    pub outcome: &'static str,
    pub class: String,
    pub badges: Vec<&'static str>,
}

/// A broken invariant, to show as an alert with a "jump to event" button.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    pub event: usize,
    pub text: String,
}

/// The status at the cursor. `finished`: the cursor is at the end of the recorded run.
pub fn status(
    nodes: &[NodeView],
    violations: &[Violation],
    terminated: bool,
    finished: bool,
) -> Status {
    let name = |id: NodeId| nodes.get(id.index()).map_or("?", |n| n.name.as_str());
    let rows: Vec<NodeRow> = nodes
        .iter()
        .map(|n| {
            let mut badges = Vec::new();
            if !n.up {
                badges.push("DOWN");
            }
            if n.blocked {
                badges.push("BLOCKED");
            } else if n.in_doubt {
                badges.push("IN DOUBT");
            }
            NodeRow {
                id: n.id,
                name: n.name.clone(),
                state: n.state,
                outcome: n.decision.map_or("undecided", Decision::label),
                class: super::state_class(n.state, n.decision),
                badges,
            }
        })
        .collect();
    let alerts: Vec<Alert> = violations
        .iter()
        .map(|v| {
            let mut invariant = v.invariant.label().to_string();
            if let Some(c) = invariant.get_mut(0..1) {
                c.make_ascii_uppercase();
            }
            Alert {
                event: v.event as usize,
                text: format!(
                    "{invariant} violated at event #{}: {} {}",
                    v.event,
                    name(v.node),
                    v.detail
                ),
            }
        })
        .collect();
    let blocked: Vec<&str> = nodes
        .iter()
        .filter(|n| n.blocked)
        .map(|n| n.name.as_str())
        .collect();
    let decided = nodes.iter().filter(|n| n.decision.is_some()).count();
    let all = |d: Decision| nodes.iter().all(|n| n.decision == Some(d));
    let (verdict, headline) = if let Some(v) = violations.first() {
        let mut h = v.invariant.label().to_string();
        if let Some(c) = h.get_mut(0..1) {
            c.make_ascii_uppercase();
        }
        h.push_str(" violated");
        if violations.len() > 1 {
            h.push_str(&format!(" ({} times so far)", violations.len()));
        }
        (Verdict::Violated, h)
    } else if terminated && all(Decision::Commit) {
        (Verdict::Committed, "Every node committed".to_string())
    } else if terminated && all(Decision::Abort) {
        (Verdict::Aborted, "Every node aborted".to_string())
    } else if !blocked.is_empty() {
        let who = blocked.join(", ");
        let verb = if blocked.len() == 1 { "is" } else { "are" };
        (
            Verdict::Blocked,
            format!("BLOCKED: {who} {verb} in doubt and nobody reachable knows the outcome"),
        )
    } else if finished {
        (
            Verdict::Undecided,
            format!(
                "The run ended with {decided} of {} nodes decided",
                nodes.len()
            ),
        )
    } else {
        (
            Verdict::Running,
            format!("Running: {decided} of {} nodes decided", nodes.len()),
        )
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
                "crash" => Some(("tm-crash", "↯")),
                "recover" => Some(("tm-recover", "↻")),
                "drop" => Some(("tm-drop", "−")),
                "duplicate" => Some(("tm-duplicate", "+")),
                "delay" => Some(("tm-delay", "❚❚")),
                "partition" => Some(("tm-partition", "⇎")),
                "heal" => Some(("tm-heal", "⇔")),
                "become" => match e.label.and_then(decision_of) {
                    Some(Decision::Commit) => Some(("tm-commit", "✓")),
                    Some(Decision::Abort) => Some(("tm-abort", "✗")),
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
mod tests {
    use super::*;
    use crate::view::{events, fixture};

    #[test]
    fn happy_ends_committed() {
        let run = fixture::run("2pc-happy", 10_000);
        let s = status(&run.nodes(), run.violations(), run.terminated(), true);
        assert_eq!(s.verdict, Verdict::Committed);
        assert_eq!(s.headline, "Every node committed");
        let outcomes: Vec<&str> = s.nodes.iter().map(|n| n.outcome).collect();
        assert_eq!(outcomes, ["commit"; 4]);
        assert!(s.alerts.is_empty());
    }

    #[test]
    fn halfway_is_running() {
        let run = fixture::run("2pc-happy", 45);
        let s = status(&run.nodes(), run.violations(), run.terminated(), false);
        assert_eq!(s.verdict, Verdict::Running);
        // C and P3 have committed.
        assert_eq!(s.headline, "Running: 2 of 4 nodes decided");
        assert_eq!(s.nodes[1].badges, ["IN DOUBT"]);
    }

    #[test]
    fn a_crashed_coordinator_blocks_everyone() {
        let run = fixture::run("2pc-coordinator-crash-in-doubt", 40);
        let s = status(&run.nodes(), run.violations(), run.terminated(), false);
        assert_eq!(s.verdict, Verdict::Blocked);
        assert_eq!(
            s.headline,
            "BLOCKED: P1, P2, P3 are in doubt and nobody reachable knows the outcome"
        );
        assert_eq!(s.nodes[0].badges, ["DOWN"]);
        assert_eq!(s.nodes[0].outcome, "undecided");
        assert_eq!(s.nodes[2].badges, ["BLOCKED"]);
    }

    #[test]
    fn a_violation_names_its_event() {
        let run = fixture::run("3pc-partition-violation", 10_000);
        let s = status(&run.nodes(), run.violations(), run.terminated(), true);
        assert_eq!(s.verdict, Verdict::Violated);
        assert_eq!(
            s.alerts[0],
            Alert {
                event: 80,
                text: "Agreement violated at event #80: P2 decides abort while C decided commit"
                    .into()
            }
        );
        assert_eq!(s.headline, "Agreement violated (2 times so far)");
        assert_eq!(s.alerts.len(), 2);
        let first = fixture::run("3pc-partition-violation", 81);
        let s = status(
            &first.nodes(),
            first.violations(),
            first.terminated(),
            false,
        );
        assert_eq!(s.headline, "Agreement violated");
    }

    #[test]
    fn timeline_marks_the_story() {
        let run = fixture::run("2pc-lost-prepare", 0);
        let ev = events(run.as_ref());
        let marks = timeline(&ev, &[], 0.005);
        let got: Vec<(usize, &str, f64)> =
            marks.iter().map(|m| (m.index, m.class, m.frac)).collect();
        // The drop (event 4 of 58), then C's abort (26) and the participants' (35, 40, 45),
        // each at (index + 1) / 58 of the track.
        assert_eq!(
            got,
            [
                (4, "tm-drop", 0.086),
                (26, "tm-abort", 0.466),
                (35, "tm-abort", 0.621),
                (40, "tm-abort", 0.707),
                (45, "tm-abort", 0.793),
            ]
        );
        assert_eq!(marks[0].title, "#4 at 0 ms: m1 is dropped");
    }

    #[test]
    fn crash_recovery_and_the_aborts_that_follow() {
        let run = fixture::run("2pc-coordinator-crash-in-doubt", 0);
        let ev = events(run.as_ref());
        let marks = timeline(&ev, &[], 0.005);
        let got: Vec<(usize, &str)> = marks.iter().map(|m| (m.index, m.class)).collect();
        assert_eq!(
            got,
            [
                (31, "tm-crash"),
                (603, "tm-recover"),
                (605, "tm-abort"),
                (617, "tm-abort"),
                (622, "tm-abort"),
                (632, "tm-abort"),
            ]
        );
    }

    #[test]
    fn close_marks_of_a_kind_merge() {
        // Built from a real event, so that new fields of EventView need no change here.
        let model = fixture::run("2pc-happy", 0).event(1).expect("event");
        let ev = |index: usize, kind: &'static str| EventView {
            index,
            time: index as u64,
            kind,
            label: None,
            ..model.clone()
        };
        let mut all: Vec<EventView> = (0..1000).map(|i| ev(i, "timer")).collect();
        all[100] = ev(100, "crash");
        all[102] = ev(102, "crash");
        all[103] = ev(103, "recover");
        all[110] = ev(110, "crash");
        let marks = timeline(&all, &[102], 0.005);
        let got: Vec<(usize, &str)> = marks.iter().map(|m| (m.index, m.class)).collect();
        // 102 is a violation (kept: another kind), 110 is 1% after 100 (kept).
        assert_eq!(
            got,
            [
                (100, "tm-crash"),
                (102, "tm-violation"),
                (103, "tm-recover"),
                (110, "tm-crash")
            ]
        );
        all[104] = ev(104, "crash");
        let merged: Vec<usize> = timeline(&all, &[], 0.005).iter().map(|m| m.index).collect();
        assert_eq!(merged, [100, 103, 110]);
        // A wider gap swallows 110 too; violations are never merged.
        let wide: Vec<usize> = timeline(&all, &[104, 110], 0.02)
            .iter()
            .map(|m| m.index)
            .collect();
        assert_eq!(wide, [100, 103, 104, 110]);
    }
}
