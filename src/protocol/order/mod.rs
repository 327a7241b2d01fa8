//! What Saga and TCC share: an order. Service **Order** takes it, **Stock** reserves the items
//! and **Payment** charges the customer. This module holds the business case (quantities,
//! price, opening stock and balance in the scenario; the services' tables; the business writes
//! each step makes) and its invariants ([`watch`]); each protocol (`saga`, `tcc`) brings only how
//! the steps are driven and undone.
//!
//! A step fails as a business refusal, decided by the numbers: Stock refuses when fewer items
//! are available than ordered (out of stock), Payment when the balance cannot pay the total
//! (insufficient funds).

pub mod watch;

use super::db::{Db, TableDef, ValueKind, Write};
use super::transfer::{account_name, money_in_range, Account, MAX_MONEY};
use super::Setup;
use crate::doc::{Reason, ScenarioError};
use crate::i18n::Lang;
use crate::model::{NodeId, Outcome, Role, Roster};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub const ORDER: Role = Role("order");
pub const STOCK: Role = Role("stock");
pub const PAYMENT: Role = Role("payment");

/// What the order service's final states stand for.
pub const APPROVED_OUTCOME: Outcome = Outcome::ahead("approved");
pub const CANCELLED_OUTCOME: Outcome = Outcome::back("cancelled");
/// What a service's last state stands for: its part done, undone, or refused.
pub const DONE_OUTCOME: Outcome = Outcome::ahead("done");
pub const UNDONE_OUTCOME: Outcome = Outcome::back("undone");
pub const REFUSED_OUTCOME: Outcome = Outcome::back("refused");

/// The one order a scenario places (every row about it is keyed by it).
pub const THE_ORDER: u32 = 1;

/// The most items a scenario may order or stock.
pub const MAX_ITEMS: i64 = 1_000_000;

/// The tables of the order services, at the same indices for every protocol (each uses the
/// ones it needs; the inspector lists only tables with rows).
pub const TABLES: &[TableDef] = &[
    TableDef {
        name: "stock",
        value: ValueKind::Count,
    },
    TableDef {
        name: "reserved",
        value: ValueKind::Count,
    },
    TableDef {
        name: "sold",
        value: ValueKind::Count,
    },
    TableDef {
        name: "balance",
        value: ValueKind::Money,
    },
    TableDef {
        name: "frozen",
        value: ValueKind::Count,
    },
    TableDef {
        name: "charged",
        value: ValueKind::Money,
    },
    TableDef {
        name: "order",
        value: ValueKind::Status(&["PENDING", "APPROVED", "CANCELLED"]),
    },
    TableDef {
        name: "saga",
        value: ValueKind::Status(&[
            "CHARGING",
            "RESERVING",
            "SELLING",
            "COMPLETED",
            "RELEASING",
            "REFUNDING",
            "CANCELLED",
        ]),
    },
    TableDef {
        name: "step",
        value: ValueKind::Status(&["DONE", "COMPENSATED", "EMPTY", "REFUSED", "LATE"]),
    },
    TableDef {
        name: "global_tx",
        value: ValueKind::Status(&[
            "TRYING",
            "CONFIRMING",
            "CANCELLING",
            "COMMITTED",
            "ROLLED_BACK",
        ]),
    },
    TableDef {
        name: "fence",
        value: ValueKind::Status(&["TRIED", "COMMITTED", "ROLLBACKED", "SUSPENDED"]),
    },
];

/// Stock: items on the shelf (key [`SHELF`]), reserved and sold items by order.
pub const STOCK_TABLE: u8 = 0;
pub const SHELF: u32 = 0;
pub const RESERVED: u8 = 1;
pub const SOLD: u8 = 2;
/// Payment: the customer's balance (key [`ACCOUNT`]), frozen (TCC) and charged amounts by order.
pub const BALANCE: u8 = 3;
pub const ACCOUNT: u32 = 0;
pub const FROZEN: u8 = 4;
pub const CHARGED: u8 = 5;
/// Order: the order's status.
pub const ORDER_TABLE: u8 = 6;
pub const PENDING: i64 = 0;
pub const APPROVED: i64 = 1;
pub const CANCELLED: i64 = 2;
/// The saga log: where the orchestrator's saga stands, written in the same local transaction
/// as each of its own changes. Its values, the `saga` table's labels in order:
pub const SAGA: u8 = 7;
pub const CHARGING: i64 = 0;
pub const RESERVING: i64 = 1;
pub const SELLING: i64 = 2;
pub const COMPLETED: i64 = 3;
pub const RELEASING: i64 = 4;
pub const REFUNDING: i64 = 5;
pub const LOG_CANCELLED: i64 = 6;
/// A service's record of each saga step it ran or compensated, by order; its values:
pub const STEP: u8 = 8;
pub const DONE: i64 = 0;
pub const COMPENSATED: i64 = 1;
/// An empty compensation: the step never ran.
pub const EMPTY: i64 = 2;
pub const REFUSED: i64 = 3;
/// A step refused because its compensation came first (hanging).
pub const LATE: i64 = 4;
/// The TCC transaction manager's record of the global transaction; its values:
pub const GLOBAL_TX: u8 = 9;
pub const TRYING: i64 = 0;
pub const CONFIRMING: i64 = 1;
pub const CANCELLING: i64 = 2;
pub const COMMITTED: i64 = 3;
pub const ROLLED_BACK: i64 = 4;
/// A TCC branch's fence row (Seata's `tcc_fence_log`), by order; its values (Seata's TRIED=1
/// ... SUSPENDED=4, from 0 here):
pub const FENCE: u8 = 10;
pub const F_TRIED: i64 = 0;
pub const F_COMMITTED: i64 = 1;
pub const F_ROLLBACKED: i64 = 2;
pub const F_SUSPENDED: i64 = 3;

/// Whether a node's database shows a saga or global transaction still under way: it moves on
/// once its node is back.
pub fn owes(db: &Db) -> bool {
    db.rows(SAGA)
        .any(|(_, v)| v != COMPLETED && v != LOG_CANCELLED)
        || db
            .rows(GLOBAL_TX)
            .any(|(_, v)| v != COMMITTED && v != ROLLED_BACK)
}

fn carol() -> Account {
    Account {
        name: "carol".into(),
        balance: 100,
    }
}

fn sku() -> String {
    "sku1".into()
}

fn two() -> i64 {
    2
}

fn fifteen() -> i64 {
    15
}

fn ten() -> i64 {
    10
}

/// An order scenario's `params`: the customer and their balance, how many items at what price,
/// how many are in stock, and the protocol's own switches (`options`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    bound(deserialize = "O: Default + DeserializeOwned")
)]
pub struct OrderParams<O: Default + PartialEq> {
    #[serde(default = "carol")]
    pub customer: Account,
    /// The article ordered, by its stock-keeping code: the key of the shelf's row.
    #[serde(default = "sku")]
    pub item: String,
    #[serde(default = "two")]
    pub quantity: i64,
    #[serde(default = "fifteen")]
    pub price: i64,
    #[serde(default = "ten")]
    pub stock: i64,
    #[serde(default, skip_serializing_if = "crate::protocol::params::is_default")]
    pub options: O,
}

impl<O: Default + PartialEq> Default for OrderParams<O> {
    fn default() -> Self {
        OrderParams {
            customer: carol(),
            item: sku(),
            quantity: two(),
            price: fifteen(),
            stock: ten(),
            options: O::default(),
        }
    }
}

/// What the handlers read: who is who, the order's figures and the protocol's options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderConfig<O> {
    pub order: NodeId,
    pub stock: NodeId,
    pub payment: NodeId,
    pub customer: Account,
    pub item: String,
    pub quantity: i64,
    /// The order's total: quantity times price.
    pub amount: i64,
    pub opening_stock: i64,
    pub options: O,
}

/// The services as nodes, in the order the pictures draw them.
pub fn nodes() -> Vec<(Role, String)> {
    vec![
        (ORDER, "Order".to_string()),
        (STOCK, "Stock".to_string()),
        (PAYMENT, "Payment".to_string()),
    ]
}

fn items_in_range(field: &str, value: i64, min: i64) -> Result<(), ScenarioError> {
    if (min..=MAX_ITEMS).contains(&value) {
        Ok(())
    } else {
        Err(ScenarioError::new(
            field,
            Reason::MoneyOutOfRange {
                value,
                min,
                max: MAX_ITEMS,
            },
        ))
    }
}

/// Checks the order's figures and resolves them against the roster.
pub fn configure<O: Clone + Default + PartialEq>(
    params: &OrderParams<O>,
    roster: &Roster,
) -> Result<OrderConfig<O>, ScenarioError> {
    account_name("customer.name", &params.customer.name)?;
    account_name("item", &params.item)?;
    money_in_range("customer.balance", params.customer.balance, 0)?;
    items_in_range("quantity", params.quantity, 1)?;
    money_in_range("price", params.price, 1)?;
    items_in_range("stock", params.stock, 0)?;
    // The total must stay a sum of money a scenario may set.
    let most = MAX_MONEY / params.quantity;
    if params.price > most {
        return Err(ScenarioError::new(
            "price",
            Reason::MoneyOutOfRange {
                value: params.price,
                min: 1,
                max: most,
            },
        ));
    }
    let amount = params.quantity * params.price;
    let find = |role| roster.with_role(role).next().unwrap_or(NodeId(0));
    Ok(OrderConfig {
        order: find(ORDER),
        stock: find(STOCK),
        payment: find(PAYMENT),
        customer: params.customer.clone(),
        item: params.item.clone(),
        quantity: params.quantity,
        amount,
        opening_stock: params.stock,
        options: params.options.clone(),
    })
}

/// The opening rows: the shelf at Stock, the customer's balance at Payment.
pub fn opening<O: 'static>(setup: &Setup, me: NodeId) -> Vec<Write> {
    let cfg = setup.config::<OrderConfig<O>>();
    if me == cfg.stock {
        vec![put(STOCK_TABLE, SHELF, cfg.opening_stock)]
    } else if me == cfg.payment {
        vec![put(BALANCE, ACCOUNT, cfg.customer.balance)]
    } else {
        Vec::new()
    }
}

/// A row's key in people's words: the article on the shelf, the customer's account, or the
/// order (`o1`).
pub fn row_key<O: 'static>(setup: &Setup, table: u8, key: u32) -> String {
    let cfg = setup.config::<OrderConfig<O>>();
    match (table, key) {
        (STOCK_TABLE, SHELF) => cfg.item.clone(),
        (BALANCE, ACCOUNT) => cfg.customer.name.clone(),
        _ => format!("o{key}"),
    }
}

pub fn put(table: u8, key: u32, value: i64) -> Write {
    Write::Put { table, key, value }
}

fn add(table: u8, key: u32, by: i64) -> Write {
    Write::Add { table, key, by }
}

/// The business writes of each step and its undoing. They are the services' plain business
/// code: each does what it says every time it runs, which is why the protocols must guard
/// them (a second run reserves or charges again; an undoing with nothing to undo still puts
/// the order's items back).
impl<O> OrderConfig<O> {
    /// Items from the shelf into the order's reservation.
    pub fn reserve(&self, o: u32) -> Vec<Write> {
        vec![
            add(STOCK_TABLE, SHELF, -self.quantity),
            add(RESERVED, o, self.quantity),
        ]
    }

    /// The order's items back on the shelf; its reservation gone.
    pub fn release(&self, o: u32) -> Vec<Write> {
        vec![
            add(STOCK_TABLE, SHELF, self.quantity),
            Write::Delete {
                table: RESERVED,
                key: o,
            },
        ]
    }

    /// The reserved items sold.
    pub fn sell(&self, o: u32) -> Vec<Write> {
        vec![
            add(RESERVED, o, -self.quantity),
            add(SOLD, o, self.quantity),
        ]
    }

    /// The order's total from the customer's balance to what the order has been charged.
    pub fn charge(&self, o: u32) -> Vec<Write> {
        vec![
            add(BALANCE, ACCOUNT, -self.amount),
            add(CHARGED, o, self.amount),
        ]
    }

    /// The charge given back.
    pub fn refund(&self, o: u32) -> Vec<Write> {
        vec![
            add(BALANCE, ACCOUNT, self.amount),
            add(CHARGED, o, -self.amount),
        ]
    }

    /// TCC's Try at Payment: the total set aside (Seata's sample: `frozen += x`).
    pub fn freeze(&self, o: u32) -> Vec<Write> {
        vec![add(FROZEN, o, self.amount)]
    }

    /// TCC's Cancel at Payment: what was set aside for the order, released.
    pub fn unfreeze(&self, o: u32) -> Vec<Write> {
        vec![Write::Delete {
            table: FROZEN,
            key: o,
        }]
    }

    /// TCC's Confirm at Payment: the frozen total charged.
    pub fn charge_frozen(&self, o: u32) -> Vec<Write> {
        let mut writes = self.charge(o);
        writes.push(add(FROZEN, o, -self.amount));
        writes
    }

    /// Whether the shelf holds enough for the order.
    pub fn in_stock(&self, db: &Db) -> bool {
        db.value(STOCK_TABLE, SHELF) >= self.quantity
    }

    /// Whether the customer can pay the order, counting what is frozen for others.
    pub fn can_pay(&self, db: &Db) -> bool {
        let frozen: i64 = db.rows(FROZEN).map(|(_, v)| v).sum();
        db.value(BALANCE, ACCOUNT) - frozen >= self.amount
    }
}

/// The business meaning of a local transaction, for `applied-once` and the event log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    Reserve,
    Release,
    Sell,
    Charge,
    Refund,
    Freeze,
    Unfreeze,
    /// Changes no stock or money (the order's status, a saga log or fence row).
    Bookkeeping,
}

impl Effect {
    /// Every effect a step can have, in a fixed order (for counting).
    pub const COUNTED: [Effect; 7] = [
        Effect::Reserve,
        Effect::Release,
        Effect::Sell,
        Effect::Charge,
        Effect::Refund,
        Effect::Freeze,
        Effect::Unfreeze,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Effect::Reserve => "reserve",
            Effect::Release => "release",
            Effect::Sell => "sell",
            Effect::Charge => "charge",
            Effect::Refund => "refund",
            Effect::Freeze => "freeze",
            Effect::Unfreeze => "unfreeze",
            Effect::Bookkeeping => "bookkeeping",
        }
    }
}

/// The words of a local transaction, from its i18n key (`txn.order.<label>`), filled with the
/// order's figures.
pub fn txn_words<O: 'static>(setup: &Setup, key: &str, o: u32, lang: Lang) -> String {
    let cfg = setup.config::<OrderConfig<O>>();
    crate::i18n::tf(
        lang,
        key,
        &[
            ("quantity", &cfg.quantity.to_string()),
            ("amount", &cfg.amount.to_string()),
            ("customer", &cfg.customer.name),
            ("order", &format!("o{o}")),
        ],
    )
}

/// An enum whose every variant carries an order number (`o1`): the messages and local
/// transactions of the order protocols.
#[macro_export]
macro_rules! order_enum {
    ($($body:tt)*) => {
        $crate::numbered_enum! { Order, order; $($body)* }
    };
}

const _: () = assert!(MAX_ITEMS <= MAX_MONEY);

#[cfg(test)]
mod tests {
    use super::*;

    /// Each status constant names the label its table gives that value.
    #[test]
    fn status_values_are_their_tables_labels() {
        let label = |table: u8, v: i64| match TABLES[table as usize].value {
            ValueKind::Status(labels) => labels[v as usize],
            _ => panic!("table {table} has no statuses"),
        };
        let cases = [
            (SAGA, CHARGING, "CHARGING"),
            (SAGA, RESERVING, "RESERVING"),
            (SAGA, SELLING, "SELLING"),
            (SAGA, COMPLETED, "COMPLETED"),
            (SAGA, RELEASING, "RELEASING"),
            (SAGA, REFUNDING, "REFUNDING"),
            (SAGA, LOG_CANCELLED, "CANCELLED"),
            (STEP, DONE, "DONE"),
            (STEP, COMPENSATED, "COMPENSATED"),
            (STEP, EMPTY, "EMPTY"),
            (STEP, REFUSED, "REFUSED"),
            (STEP, LATE, "LATE"),
            (GLOBAL_TX, TRYING, "TRYING"),
            (GLOBAL_TX, CONFIRMING, "CONFIRMING"),
            (GLOBAL_TX, CANCELLING, "CANCELLING"),
            (GLOBAL_TX, COMMITTED, "COMMITTED"),
            (GLOBAL_TX, ROLLED_BACK, "ROLLED_BACK"),
            (FENCE, F_TRIED, "TRIED"),
            (FENCE, F_COMMITTED, "COMMITTED"),
            (FENCE, F_ROLLBACKED, "ROLLBACKED"),
            (FENCE, F_SUSPENDED, "SUSPENDED"),
            (ORDER_TABLE, PENDING, "PENDING"),
            (ORDER_TABLE, APPROVED, "APPROVED"),
            (ORDER_TABLE, CANCELLED, "CANCELLED"),
        ];
        for (table, value, want) in cases {
            assert_eq!(label(table, value), want, "table {table}, value {value}");
        }
    }
}
