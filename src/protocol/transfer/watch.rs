//! The bank transfer's invariants, checked after every event: no transfer is applied twice
//! (`applied-once`), and once the run is quiet the money is all there (`money-conserved`) and
//! every transfer was either debited and credited or neither (`consistent`).
//!
//! Quiet means nothing more will happen on its own: nothing in flight, queued (even for a
//! crashed consumer) or armed, and no durable promise still open (an outbox row NEW, which the
//! relay publishes once its node is back; a half message the broker has not settled or not yet
//! delivered). A crashed node with nothing owed counts as quiet: its
//! recovery would not bring the money back.

use super::{Entry, TransferConfig};
use crate::model::{Code, Codes, Event, NodeId};
use crate::protocol::db::{money, TableDef};
use crate::protocol::node::Node;
use crate::protocol::watch::{Invariant, Violation, Watch};
use crate::protocol::Setup;
use std::hash::{Hash, Hasher};

/// No transfer is debited twice or credited twice.
pub const APPLIED_ONCE: Invariant = Invariant("applied-once");
/// Once quiet, the total money equals the starting total.
pub const MONEY_CONSERVED: Invariant = Invariant("money-conserved");
/// Once quiet, each transfer was debited if and only if it was credited.
pub const CONSISTENT: Invariant = Invariant("consistent");

pub const INVARIANTS: &[Invariant] = &[MONEY_CONSERVED, APPLIED_ONCE, CONSISTENT];

/// How many times each transfer was debited and credited so far, and which quiet-time
/// violations have been reported (each once).
#[derive(Clone, Debug)]
pub struct TransferWatch {
    /// What a local transaction's code means (from the pattern's own type).
    meaning: fn(Code) -> Option<(Entry, u32)>,
    tables: &'static [TableDef],
    payer: NodeId,
    payee: NodeId,
    start: i64,
    /// `(debits, credits)` by transfer number - 1.
    applied: Vec<(u8, u8)>,
    /// Bit 0: money-conserved reported; bit 1 + t: transfer t's inconsistency reported.
    reported: u32,
}

impl TransferWatch {
    pub fn new<O: 'static>(
        setup: &Setup,
        tables: &'static [TableDef],
        meaning: fn(Code) -> Option<(Entry, u32)>,
    ) -> TransferWatch {
        let cfg = setup.config::<TransferConfig<O>>();
        TransferWatch {
            meaning,
            tables,
            payer: cfg.payer,
            payee: cfg.payee,
            start: cfg.from.balance + cfg.to.balance,
            applied: vec![(0, 0); cfg.transfers as usize],
            reported: 0,
        }
    }

    fn money_now(&self, nodes: &[Node]) -> i64 {
        money(self.tables, nodes.iter().map(|n| &n.db)).unwrap_or(0)
    }
}

impl Watch for TransferWatch {
    fn invariants(&self) -> &'static [Invariant] {
        INVARIANTS
    }

    fn observe(&mut self, index: u64, event: &Event<Codes>, _: &[Node], out: &mut Vec<Violation>) {
        let Event::Commit { node, txn } = event else {
            return;
        };
        let Some((entry, t)) = (self.meaning)(*txn) else {
            return;
        };
        let Some(counts) = self.applied.get_mut(t.saturating_sub(1) as usize) else {
            return;
        };
        let (count, what) = match entry {
            Entry::Debit => (&mut counts.0, "debits"),
            Entry::Credit => (&mut counts.1, "credits"),
            Entry::Bookkeeping => return,
        };
        *count = count.saturating_add(1);
        if *count == 2 {
            out.push(Violation {
                invariant: APPLIED_ONCE,
                event: index,
                node: *node,
                detail: format!("{what} transfer t{t} a second time"),
            });
        }
    }

    fn quiet(&mut self, index: u64, nodes: &[Node], out: &mut Vec<Violation>) {
        // A row still NEW in an outbox, or a half message not yet settled, is a transfer on
        // its way: it moves on once its node is back.
        if nodes.iter().any(|n| super::owes(&n.db)) {
            return;
        }
        let now = self.money_now(nodes);
        if now != self.start && self.reported & 1 == 0 {
            self.reported |= 1;
            out.push(Violation {
                invariant: MONEY_CONSERVED,
                event: index,
                // Money lost is a credit missing; money made is a credit too many, or a
                // debit missing.
                node: if now < self.start || self.applied.iter().any(|&(_, c)| c > 1) {
                    self.payee
                } else {
                    self.payer
                },
                detail: format!(
                    "{} {}: the banks hold {now} in all, not the {} they started with",
                    if now < self.start { "is owed" } else { "holds" },
                    if now < self.start {
                        (self.start - now).to_string()
                    } else {
                        format!("{} too many", now - self.start)
                    },
                    self.start
                ),
            });
        }
        for (i, &(debits, credits)) in self.applied.iter().enumerate() {
            let bit = 1 << (i + 1);
            if (debits > 0) == (credits > 0) || self.reported & bit != 0 {
                continue;
            }
            self.reported |= bit;
            let t = i + 1;
            out.push(if debits > 0 {
                Violation {
                    invariant: CONSISTENT,
                    event: index,
                    node: self.payee,
                    detail: format!("never credits transfer t{t}, which was debited"),
                }
            } else {
                Violation {
                    invariant: CONSISTENT,
                    event: index,
                    node: self.payer,
                    detail: format!("never debits transfer t{t}, which was credited"),
                }
            });
        }
    }

    fn clone_box(&self) -> Box<dyn Watch> {
        Box::new(self.clone())
    }

    fn hash_state(&self, h: &mut dyn Hasher) {
        let mut h = h;
        self.applied.hash(&mut h);
        self.reported.hash(&mut h);
    }
}
