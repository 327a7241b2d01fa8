//! The facts about a finished run that the CLI prints: each node's outcome, the invariant
//! verdicts, who is blocked and whether the run terminated.

use crate::model::{Outcome, Role};
use crate::protocol::watch::Invariant;
use crate::session::{EventView, Money, RowValue, Run};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub protocol: String,
    pub nodes: Vec<NodeReport>,
    pub violations: Vec<ViolationReport>,
    pub blocked: Vec<String>,
    pub terminated: bool,
    /// How many events the run has.
    pub events: usize,
    /// The run was cut at the event limit, not finished.
    pub truncated: bool,
    pub time_ms: u64,
    /// The total money at the start and at the end (protocols that keep money only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub money: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<EventView>>,
    /// The invariants the protocol checks, for [`Report::text`].
    #[serde(skip)]
    pub invariants: &'static [Invariant],
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeReport {
    pub id: String,
    pub role: Role,
    pub state: &'static str,
    pub decision: Option<Outcome>,
    pub blocked: bool,
    pub up: bool,
    pub log: Vec<String>,
    /// The balances in its local database, by account (empty where it keeps none).
    pub accounts: BTreeMap<String, i64>,
    /// Its items, where it keeps stock: on the shelf, reserved and sold (each table's total).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub stock: BTreeMap<String, i64>,
}

/// The tables that hold items (an order's stock), by name.
const STOCK_TABLES: [&str; 3] = ["stock", "reserved", "sold"];

/// A node's items: each stock table's total, where the node keeps a shelf.
fn stock(tables: &[crate::session::TableView]) -> BTreeMap<String, i64> {
    if !tables.iter().any(|t| t.name == STOCK_TABLES[0]) {
        return BTreeMap::new();
    }
    STOCK_TABLES
        .iter()
        .map(|&name| {
            let total = tables
                .iter()
                .filter(|t| t.name == name)
                .flat_map(|t| &t.rows)
                .filter_map(|r| match r.value {
                    RowValue::Count(v) => Some(v),
                    _ => None,
                })
                .sum();
            (name.to_string(), total)
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ViolationReport {
    pub invariant: Invariant,
    pub event: u64,
    pub node: String,
    pub detail: String,
}

impl Report {
    /// The report at the run's cursor; `with_trace` includes every event.
    pub fn of(run: &dyn Run, max_events: usize, with_trace: bool) -> Report {
        let roster = run.roster();
        let nodes = run.nodes();
        Report {
            protocol: run.scenario().protocol.clone(),
            blocked: nodes
                .iter()
                .filter(|n| n.blocked)
                .map(|n| n.name.clone())
                .collect(),
            nodes: nodes
                .into_iter()
                .map(|n| NodeReport {
                    id: n.name,
                    role: n.role,
                    state: n.state,
                    decision: n.decision,
                    blocked: n.blocked,
                    up: n.up,
                    accounts: n
                        .tables
                        .iter()
                        .flat_map(|t| &t.rows)
                        .filter_map(|r| match r.value {
                            RowValue::Money(v) => Some((r.key.clone(), v)),
                            _ => None,
                        })
                        .collect(),
                    stock: stock(&n.tables),
                    log: n.log,
                })
                .collect(),
            violations: run
                .violations()
                .iter()
                .map(|v| ViolationReport {
                    invariant: v.invariant,
                    event: v.event,
                    node: roster.name(v.node).to_string(),
                    detail: v.detail.clone(),
                })
                .collect(),
            terminated: run.terminated(),
            events: run.cursor(),
            truncated: run.len() >= max_events && !run.quiet(),
            time_ms: run.now(),
            money: run.money(),
            trace: with_trace.then(|| (0..run.cursor()).filter_map(|i| run.event(i)).collect()),
            invariants: run.invariants(),
        }
    }

    /// The report as people read it.
    pub fn text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} run: {} events, {} ms virtual time",
            self.protocol, self.events, self.time_ms
        );
        for n in &self.nodes {
            let _ = writeln!(
                s,
                "  {:<4} {:<12} {:<10} decision: {:<7}{}{}  log: [{}]",
                n.id,
                n.role.label(),
                n.state,
                n.decision.map_or("none", |d| d.label()),
                if n.up { "" } else { "  CRASHED" },
                if n.blocked { "  BLOCKED" } else { "" },
                n.log.join(", ")
            );
        }
        if let Some(m) = self.money {
            let accounts: Vec<String> = self
                .nodes
                .iter()
                .flat_map(|n| n.accounts.iter().map(|(a, v)| format!("{a} {v}")))
                .collect();
            let _ = writeln!(
                s,
                "  money: {} at the start, {} at the end ({})",
                m.start,
                m.end,
                accounts.join(", ")
            );
        }
        for &inv in self.invariants {
            let broken: Vec<&ViolationReport> = self
                .violations
                .iter()
                .filter(|v| v.invariant == inv)
                .collect();
            match broken.first() {
                None => {
                    let _ = writeln!(s, "  {:<15} holds", inv.label());
                }
                Some(v) => {
                    let _ = writeln!(
                        s,
                        "  {:<15} VIOLATED at event {} ({} {}){}",
                        inv.label(),
                        v.event,
                        v.node,
                        v.detail,
                        if broken.len() > 1 {
                            format!(" and {} more", broken.len() - 1)
                        } else {
                            String::new()
                        }
                    );
                }
            }
        }
        let _ = writeln!(
            s,
            "  blocked: {}",
            if self.blocked.is_empty() {
                "nobody".into()
            } else {
                self.blocked.join(", ")
            }
        );
        let _ = writeln!(
            s,
            "  terminated: {}{}",
            if self.terminated { "yes" } else { "no" },
            if self.truncated {
                " (cut at the event limit)"
            } else {
                ""
            }
        );
        s
    }
}
