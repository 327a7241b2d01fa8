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
mod tests;
