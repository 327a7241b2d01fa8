//! The inspector's state-machine diagram: a role's states in ranks from the initial state down
//! to the final ones, its transitions numbered (their words go in a legend), the node's current
//! state and the transition it took last picked out.

use super::Point;
use crate::i18n::{self, Lang};
use crate::model::{Event, NodeId, Outcome};
use crate::protocol::{Machine, MemoryField, MemoryValue};
use crate::session::EventView;

pub const BOX_W: f64 = 96.0;
pub const BOX_H: f64 = 26.0;
const COL_X: f64 = 70.0;
const COL_GAP: f64 = 120.0;
const ROW_Y: f64 = 30.0;
const ROW_GAP: f64 = 60.0;

#[derive(Clone, Debug, PartialEq)]
pub struct MachineView {
    pub width: f64,
    pub height: f64,
    pub states: Vec<StateBox>,
    pub edges: Vec<Edge>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StateBox {
    pub name: &'static str,
    /// The box's centre.
    pub at: Point,
    pub current: bool,
    /// No transition leaves it.
    pub terminal: bool,
    pub class: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// Its number in the legend, from 1.
    pub number: usize,
    pub from: &'static str,
    pub to: &'static str,
    pub label: &'static str,
    /// A polyline; the arrowhead goes at the last point.
    pub points: Vec<Point>,
    /// Where its number is drawn.
    pub badge: Point,
    /// The transition the node took last.
    pub last: bool,
}

/// A node's latest state change before the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastStep {
    pub from: &'static str,
    pub to: &'static str,
    /// The event that made it.
    pub index: usize,
}

/// Lays out `m` with the node in state `current`, having last gone `last`; `outcome` tells the
/// outcome a state stands for (its box takes the outcome's colour).
pub fn machine(
    m: &Machine,
    current: &str,
    last: Option<&LastStep>,
    outcome: impl Fn(&str) -> Option<Outcome>,
) -> MachineView {
    let n = m.states.len();
    let terminal: Vec<bool> = m
        .states
        .iter()
        .map(|s| !m.transitions.iter().any(|(f, t, _)| f == s && t != s))
        .collect();
    let index = |s: &str| m.states.iter().position(|x| *x == s);
    // Longest path from the initial state over non-terminal states (bounded: no cycles assumed,
    // but a cycle must not hang the page).
    let mut rank = vec![0usize; n];
    for _ in 0..n {
        for (f, t, _) in m.transitions {
            if let (Some(a), Some(b)) = (index(f), index(t)) {
                if !terminal[b] && b != 0 && rank[b] < rank[a] + 1 && rank[a] < n {
                    rank[b] = rank[a] + 1;
                }
            }
        }
    }
    let last_rank = (0..n)
        .filter(|&i| !terminal[i])
        .map(|i| rank[i])
        .max()
        .unwrap_or(0)
        + 1;
    for i in 0..n {
        if terminal[i] {
            rank[i] = last_rank;
        }
    }
    let mut column = vec![0usize; n];
    let mut widest = 1;
    for r in 0..=last_rank {
        let mut k = 0;
        for i in 0..n {
            if rank[i] == r {
                column[i] = k;
                k += 1;
            }
        }
        widest = widest.max(k);
    }
    let center = |i: usize| {
        Point::new(
            COL_X + COL_GAP * column[i] as f64,
            ROW_Y + ROW_GAP * rank[i] as f64,
        )
    };
    let states = (0..n)
        .map(|i| StateBox {
            name: m.states[i],
            at: center(i),
            current: m.states[i] == current,
            terminal: terminal[i],
            class: super::state_class(m.states[i], outcome(m.states[i])),
        })
        .collect();
    let (hw, hh) = (BOX_W / 2.0, BOX_H / 2.0);
    let edges = m
        .transitions
        .iter()
        .enumerate()
        .filter_map(|(k, &(f, t, label))| {
            let (a, b) = (index(f)?, index(t)?);
            let (p, q) = (center(a), center(b));
            let (points, badge) = if column[a] == column[b] && rank[b] == rank[a] + 1 {
                let pts = vec![Point::new(p.x, p.y + hh), Point::new(q.x, q.y - hh)];
                let mid = pts[0].lerp(pts[1], 0.5);
                (pts, mid)
            } else if column[a] == column[b] && rank[b] > rank[a] {
                // Around the left of the states in between.
                let x = p.x - hw - 10.0;
                let pts = vec![
                    Point::new(p.x - hw, p.y),
                    Point::new(x, p.y),
                    Point::new(x, q.y),
                    Point::new(q.x - hw, q.y),
                ];
                let mid = pts[1].lerp(pts[2], 0.5);
                (pts, mid)
            } else if rank[b] > rank[a] {
                // Sideways from the source, then down into the target.
                let side = if q.x > p.x { hw } else { -hw };
                let pts = vec![
                    Point::new(p.x + side, p.y),
                    Point::new(q.x, p.y),
                    Point::new(q.x, q.y - hh),
                ];
                let corner = pts[1];
                (pts, corner)
            } else {
                let pts = vec![p, q];
                (pts, p.lerp(q, 0.5))
            };
            Some(Edge {
                number: k + 1,
                from: f,
                to: t,
                label,
                points,
                badge,
                last: last.is_some_and(|l| l.from == f && l.to == t),
            })
        })
        .collect();
    MachineView {
        width: (COL_X * 2.0 + COL_GAP * (widest as f64 - 1.0)).max(260.0),
        height: ROW_Y * 2.0 + ROW_GAP * last_rank as f64,
        states,
        edges,
    }
}

/// The last state change of `node` among the first `cursor` events.
pub fn last_transition(events: &[EventView], node: NodeId, cursor: usize) -> Option<LastStep> {
    events
        .iter()
        .take(cursor)
        .rev()
        .find_map(|e| match &e.facts {
            Event::Become { node: n, from, to } if *n == node => Some(LastStep {
                from: from.label,
                to: to.label,
                index: e.index,
            }),
            _ => None,
        })
}

/// A node's memory fields as (label, value) lines in `lang`; node sets are named with `names`
/// (by node index). A role that keeps nothing gets one line saying so.
pub fn memory_lines(lang: Lang, fields: &[MemoryField], names: &[String]) -> Vec<(String, String)> {
    if fields.is_empty() {
        return vec![(
            i18n::t(lang, "memory.nothing").to_string(),
            i18n::t(lang, "ui.none").to_string(),
        )];
    }
    let name = |id: NodeId| {
        names
            .get(id.index())
            .cloned()
            .unwrap_or_else(|| format!("#{}", id.0))
    };
    let list = |items: Vec<String>| {
        if items.is_empty() {
            i18n::t(lang, "ui.none").to_string()
        } else {
            items.join(i18n::t(lang, "memory.separator"))
        }
    };
    fields
        .iter()
        .map(|f| {
            let value = match &f.value {
                MemoryValue::Nodes(set) => list(
                    (0..128u8)
                        .filter(|i| set & crate::model::bit(NodeId(*i)) != 0)
                        .map(|i| name(NodeId(i)))
                        .collect(),
                ),
                MemoryValue::Node(id) => name(*id),
                MemoryValue::Flag(on) => i18n::t(
                    lang,
                    if *on {
                        "memory.flag.yes"
                    } else {
                        "memory.flag.no"
                    },
                )
                .to_string(),
                MemoryValue::Number(v) => v.to_string(),
                MemoryValue::Word(w) => i18n::t(lang, &format!("memory.{}.{w}", f.key)).to_string(),
                MemoryValue::Labels(labels) => list(labels.iter().map(|l| l.to_string()).collect()),
            };
            (
                i18n::t(lang, &format!("memory.{}", f.key)).to_string(),
                value,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::{events, fixture};

    fn two_pc() -> &'static dyn crate::protocol::Engine {
        crate::protocol::find("2pc").expect("2pc")
    }

    #[test]
    fn two_pc_coordinator_in_three_ranks() {
        let m = two_pc().machine(crate::protocol::commit::COORDINATOR);
        let last = LastStep {
            from: "INIT",
            to: "WAIT",
            index: 1,
        };
        let v = machine(&m, "WAIT", Some(&last), |s| two_pc().state_outcome(s));
        let at: Vec<(&str, f64, f64, bool)> = v
            .states
            .iter()
            .map(|s| (s.name, s.at.x, s.at.y, s.current))
            .collect();
        assert_eq!(
            at,
            [
                ("INIT", 70.0, 30.0, false),
                ("WAIT", 70.0, 90.0, true),
                ("COMMIT", 70.0, 150.0, false),
                ("ABORT", 190.0, 150.0, false),
            ]
        );
        assert_eq!((v.width, v.height), (260.0, 180.0));
        assert_eq!(v.states[3].class, "state-abort");
        assert!(v.states[2].terminal && !v.states[1].terminal);
        let e: Vec<(usize, &str, &str, Vec<Point>, bool)> = v
            .edges
            .iter()
            .map(|e| (e.number, e.from, e.to, e.points.clone(), e.last))
            .collect();
        let p = |x, y| Point { x, y };
        assert_eq!(
            e,
            [
                (1, "INIT", "WAIT", vec![p(70.0, 43.0), p(70.0, 77.0)], true),
                (
                    2,
                    "WAIT",
                    "COMMIT",
                    vec![p(70.0, 103.0), p(70.0, 137.0)],
                    false
                ),
                (
                    3,
                    "WAIT",
                    "ABORT",
                    vec![p(118.0, 90.0), p(190.0, 90.0), p(190.0, 137.0)],
                    false
                ),
                (
                    4,
                    "INIT",
                    "ABORT",
                    vec![p(118.0, 30.0), p(190.0, 30.0), p(190.0, 137.0)],
                    false
                ),
            ]
        );
        assert_eq!(v.edges[0].badge, p(70.0, 60.0));
        assert_eq!(v.edges[2].badge, p(190.0, 90.0));
    }

    #[test]
    fn three_pc_participant_goes_around_precommit() {
        let entry = crate::protocol::find("3pc").expect("3pc");
        let m = entry.machine(crate::protocol::commit::PARTICIPANT);
        let v = machine(&m, "PRECOMMIT", None, |s| two_pc().state_outcome(s));
        let ranks: Vec<(&str, f64)> = v.states.iter().map(|s| (s.name, s.at.y)).collect();
        assert_eq!(
            ranks,
            [
                ("INIT", 30.0),
                ("READY", 90.0),
                ("PRECOMMIT", 150.0),
                ("COMMIT", 210.0),
                ("ABORT", 210.0)
            ]
        );
        let ready_commit = v
            .edges
            .iter()
            .find(|e| (e.from, e.to) == ("READY", "COMMIT"))
            .expect("edge");
        assert_eq!(
            ready_commit.points,
            [
                Point { x: 22.0, y: 90.0 },
                Point { x: 12.0, y: 90.0 },
                Point { x: 12.0, y: 210.0 },
                Point { x: 22.0, y: 210.0 },
            ]
        );
        assert!(v.edges.iter().all(|e| !e.last));
    }

    #[test]
    fn memory_reads_as_labelled_fields_in_both_languages() {
        let names: Vec<String> = ["C", "P1", "P2", "P3"].map(String::from).to_vec();
        let scenario = crate::presets::preset("2pc-happy").expect("preset");
        let mut run = crate::session::start(&scenario, 1000).expect("run");
        // Just after the coordinator has had two of the three YES votes.
        let ev = events(run.as_ref());
        let yes: Vec<&EventView> = ev
            .iter()
            .filter(|e| {
                e.kind == crate::model::EventKind::Deliver
                    && e.label == Some("YES")
                    && e.node == Some(NodeId(0))
            })
            .take(2)
            .collect();
        let mut voters: Vec<NodeId> = yes.iter().filter_map(|e| e.peer).collect();
        voters.sort();
        let voters: Vec<&str> = voters.iter().map(|id| names[id.index()].as_str()).collect();
        run.seek(yes[1].index + 1);
        let nodes = run.nodes();
        assert_eq!(
            memory_lines(Lang::En, &nodes[0].memory, &names),
            [
                ("YES votes received from".to_string(), voters.join(", ")),
                (
                    "Must acknowledge the decision".to_string(),
                    "none".to_string()
                ),
                ("Have acknowledged it".to_string(), "none".to_string()),
            ]
        );
        let zh = memory_lines(Lang::Zh, &nodes[0].memory, &names);
        assert_eq!(
            zh[0],
            ("已收到其 YES 票的参与者".to_string(), voters.join("、"))
        );
        assert_eq!(zh[1].1, "无");
        // A participant keeps nothing but its state.
        assert_eq!(
            memory_lines(Lang::Zh, &nodes[1].memory, &names),
            [("无需记住的内容（只有状态）".to_string(), "无".to_string())]
        );
    }

    /// Every label and word the protocols' memory fields can name is in both tables.
    #[test]
    fn every_memory_key_exists() {
        use crate::protocol::three_pc::{self, Term, ThreePc};
        use crate::protocol::two_pc::{self, TwoPc};
        use crate::protocol::Protocol;
        let terms = [
            Term::Idle,
            Term::Following(NodeId(1)),
            Term::Collecting {
                replied: 0,
                seen: Default::default(),
            },
            Term::Precommitting { waiting: 0 },
        ];
        let mut fields = Vec::new();
        for role in [
            crate::protocol::commit::COORDINATOR,
            crate::protocol::commit::PARTICIPANT,
        ] {
            fields.extend(TwoPc::memory(role, &two_pc::Memory::default()));
            for term in terms {
                let mem = three_pc::Memory {
                    term,
                    recovering: true,
                    ..Default::default()
                };
                fields.extend(ThreePc::memory(role, &mem));
            }
        }
        let mut keys = vec!["memory.nothing".to_string()];
        for f in &fields {
            keys.push(format!("memory.{}", f.key));
            if let MemoryValue::Word(w) = f.value {
                keys.push(format!("memory.{}.{w}", f.key));
            }
        }
        assert!(keys.contains(&"memory.term.precommitting".to_string()));
        for lang in Lang::ALL {
            for key in &keys {
                assert!(i18n::lookup(lang, key).is_some(), "{lang:?}: missing {key}");
            }
        }
    }

    #[test]
    fn three_pc_termination_fields() {
        let names: Vec<String> = ["C", "P1", "P2", "P3"].map(String::from).to_vec();
        let fields = vec![
            MemoryField::new("recovering", MemoryValue::Flag(false)),
            MemoryField::new("term", MemoryValue::Word("collecting")),
            MemoryField::new("replied", MemoryValue::Nodes(0b1010)),
            MemoryField::new("seen", MemoryValue::Labels(vec!["PRECOMMIT"])),
            MemoryField::new("leader", MemoryValue::Node(NodeId(2))),
        ];
        let values: Vec<String> = memory_lines(Lang::En, &fields, &names)
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        assert_eq!(
            values,
            [
                "no",
                "leading: collecting the others' states",
                "P1, P3",
                "PRECOMMIT",
                "P2"
            ]
        );
        let values: Vec<String> = memory_lines(Lang::Zh, &fields, &names)
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        assert_eq!(
            values,
            [
                "否",
                "作为领导者：收集其他参与者的状态",
                "P1、P3",
                "PRECOMMIT",
                "P2"
            ]
        );
    }

    #[test]
    fn last_transition_follows_the_run() {
        let run = fixture::run("mq-redelivery-duplicate", 0);
        let ev = events(run.as_ref());
        // P1 goes INIT -> READY at event 10, crashes at 12, recovers at 63 and, reading READY
        // from its log, goes INIT -> READY again at 64.
        assert_eq!(last_transition(&ev, NodeId(1), 10), None);
        assert_eq!(
            last_transition(&ev, NodeId(1), 11),
            Some(LastStep {
                from: "INIT",
                to: "READY",
                index: 10
            })
        );
        assert_eq!(
            last_transition(&ev, NodeId(1), 65),
            Some(LastStep {
                from: "INIT",
                to: "READY",
                index: 64
            })
        );
        assert_eq!(
            last_transition(&ev, NodeId(0), 40),
            Some(LastStep {
                from: "WAIT",
                to: "COMMIT",
                index: 33
            })
        );
    }
}
