//! The order's invariants: stock is never made or lost (`stock-conserved`, after every event),
//! no step's effect or undoing is applied twice (`applied-once`), and once the run is quiet the
//! customer has paid exactly for an approved order (`no-charge-without-order`) and nothing is
//! left reserved or frozen for a cancelled one (`no-hanging-reservation`).
//!
//! Quiet is as for the bank transfer: nothing in flight, queued or armed, and no saga or global
//! transaction still under way in a database (it moves on once its node is back).

use super::{Effect, OrderConfig, BALANCE, CHARGED, FROZEN, ORDER_TABLE, RESERVED, SOLD};
use super::{ACCOUNT, APPROVED, CANCELLED, SHELF, STOCK_TABLE, THE_ORDER};
use crate::model::{Code, Codes, Event, NodeId};
use crate::protocol::db::Db;
use crate::protocol::node::Node;
use crate::protocol::watch::{Invariant, Violation, Watch};
use crate::protocol::Setup;
use std::hash::{Hash, Hasher};

/// Available, reserved and sold items always add up to the opening stock.
pub const STOCK_CONSERVED: Invariant = Invariant("stock-conserved");
/// No step's effect or compensation is applied twice.
pub const APPLIED_ONCE: Invariant = Invariant("applied-once");
/// Once quiet, the customer is charged the order's total if it was approved, nothing otherwise.
pub const NO_CHARGE_WITHOUT_ORDER: Invariant = Invariant("no-charge-without-order");
/// Once quiet, a cancelled order holds no reservation and no frozen amount.
pub const NO_HANGING_RESERVATION: Invariant = Invariant("no-hanging-reservation");

pub const INVARIANTS: &[Invariant] = &[
    STOCK_CONSERVED,
    APPLIED_ONCE,
    NO_CHARGE_WITHOUT_ORDER,
    NO_HANGING_RESERVATION,
];

/// What the order watch keeps: how often each effect was applied, and what it has reported.
#[derive(Clone, Debug)]
pub struct OrderWatch {
    /// What a local transaction's code means (from the protocol's own type).
    meaning: fn(Code) -> Option<Effect>,
    order: NodeId,
    stock: NodeId,
    payment: NodeId,
    opening_stock: i64,
    opening_balance: i64,
    amount: i64,
    /// Times each of [`Effect::COUNTED`] was applied.
    applied: [u8; 7],
    /// One bit per invariant of [`INVARIANTS`]: reported already (each is reported once).
    reported: u8,
}

impl OrderWatch {
    pub fn new<O: 'static>(setup: &Setup, meaning: fn(Code) -> Option<Effect>) -> OrderWatch {
        let cfg = setup.config::<OrderConfig<O>>();
        OrderWatch {
            meaning,
            order: cfg.order,
            stock: cfg.stock,
            payment: cfg.payment,
            opening_stock: cfg.opening_stock,
            opening_balance: cfg.customer.balance,
            amount: cfg.amount,
            applied: [0; 7],
            reported: 0,
        }
    }

    /// Reports `invariant` (the `bit`-th) unless it was reported before.
    fn report(&mut self, bit: u8, violation: Violation, out: &mut Vec<Violation>) {
        if self.reported & (1 << bit) == 0 {
            self.reported |= 1 << bit;
            out.push(violation);
        }
    }
}

fn db(nodes: &[Node], id: NodeId) -> Option<&Db> {
    nodes.get(id.index()).map(|n| &n.db)
}

fn sum(db: Option<&Db>, table: u8) -> i64 {
    db.map_or(0, |d| d.rows(table).map(|(_, v)| v).sum())
}

impl Watch for OrderWatch {
    fn invariants(&self) -> &'static [Invariant] {
        INVARIANTS
    }

    fn observe(
        &mut self,
        index: u64,
        event: &Event<Codes>,
        nodes: &[Node],
        out: &mut Vec<Violation>,
    ) {
        let Event::Commit { node, txn } = event else {
            return;
        };
        if let Some(effect) = (self.meaning)(*txn) {
            if let Some(i) = Effect::COUNTED.iter().position(|&e| e == effect) {
                self.applied[i] = self.applied[i].saturating_add(1);
                if self.applied[i] == 2 {
                    let v = Violation {
                        invariant: APPLIED_ONCE,
                        event: index,
                        node: *node,
                        detail: format!("applies {} of o{THE_ORDER} a second time", effect.label()),
                    };
                    self.report(1, v, out);
                }
            }
        }
        let stock = db(nodes, self.stock);
        let shelf = stock.map_or(0, |d| d.value(STOCK_TABLE, SHELF));
        let total = shelf + sum(stock, RESERVED) + sum(stock, SOLD);
        if total != self.opening_stock {
            let v = Violation {
                invariant: STOCK_CONSERVED,
                event: index,
                node: self.stock,
                detail: format!(
                    "counts {total} items (on the shelf, reserved and sold), not the {} it opened with",
                    self.opening_stock
                ),
            };
            self.report(0, v, out);
        }
    }

    fn quiet(&mut self, index: u64, nodes: &[Node], out: &mut Vec<Violation>) {
        if nodes.iter().any(|n| super::owes(&n.db)) {
            return;
        }
        let status = db(nodes, self.order).and_then(|d| d.get(ORDER_TABLE, THE_ORDER));
        let approved = status == Some(APPROVED);
        let payment = db(nodes, self.payment);
        let due = if approved { self.amount } else { 0 };
        let balance = payment.map_or(0, |d| d.value(BALANCE, ACCOUNT));
        let charged = sum(payment, CHARGED);
        if charged != due || balance != self.opening_balance - due {
            let v = Violation {
                invariant: NO_CHARGE_WITHOUT_ORDER,
                event: index,
                node: self.payment,
                detail: if approved {
                    format!("has charged {charged} for an order approved at {due}")
                } else {
                    format!("has charged {charged} for an order that was not approved")
                } + &format!(
                    " (the balance went from {} to {balance})",
                    self.opening_balance
                ),
            };
            self.report(2, v, out);
        }
        if status == Some(CANCELLED) {
            let reserved = sum(db(nodes, self.stock), RESERVED);
            let frozen = sum(payment, FROZEN);
            if reserved != 0 || frozen != 0 {
                let (node, what) = if reserved != 0 {
                    (self.stock, format!("{reserved} items reserved"))
                } else {
                    (self.payment, format!("{frozen} frozen"))
                };
                let v = Violation {
                    invariant: NO_HANGING_RESERVATION,
                    event: index,
                    node,
                    detail: format!("still holds {what} for the cancelled order o{THE_ORDER}"),
                };
                self.report(3, v, out);
            }
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
