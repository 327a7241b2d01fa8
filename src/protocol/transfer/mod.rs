//! What the message-queue patterns share: a bank transfer. Bank A debits `alice`, Bank B
//! credits `bob`, and the queue carries each transfer between them. This module holds the
//! business case (the accounts and amounts in the scenario, the tables of the banks' local
//! databases, the words for their local transactions) and its invariants ([`watch`]); each
//! pattern (`dual-write`, `outbox`, ...) brings only how the transfer travels.

pub mod watch;

use super::db::{TableDef, ValueKind, Write};
use super::Setup;
use crate::doc::{Reason, ScenarioError};
use crate::i18n::Lang;
use crate::model::{NodeId, Outcome, Role, Roster};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub const PAYER: Role = Role("payer");
pub const PAYEE: Role = Role("payee");

/// What the banks' final states stand for.
pub const DEBITED: Outcome = Outcome::ahead("debited");
pub const CREDITED: Outcome = Outcome::ahead("credited");

/// The most transfers a scenario may run in a row.
pub const MAX_TRANSFERS: u32 = 16;
/// The largest balance or amount a scenario may set (a billion: well inside `i64` however many
/// transfers add up).
pub const MAX_MONEY: i64 = 1_000_000_000;

/// The tables every transfer pattern's nodes keep, at the same indices in every pattern (a
/// pattern that needs fewer leaves the rest empty; the inspector lists only tables with rows).
pub const TABLES: &[TableDef] = &[
    TableDef {
        name: "balance",
        value: ValueKind::Money,
    },
    TableDef {
        name: "outbox",
        value: ValueKind::Status(&["NEW", "SENT"]),
    },
    TableDef {
        name: "processed",
        value: ValueKind::Mark,
    },
    TableDef {
        name: "half",
        value: ValueKind::Status(&["HALF", "COMMITTED", "CONSUMED", "DISCARDED", "PARKED"]),
    },
    TableDef {
        name: "checks",
        value: ValueKind::Count,
    },
    TableDef {
        name: "local_txn",
        value: ValueKind::Status(&["COMMITTED", "ROLLED_BACK"]),
    },
    TableDef {
        name: "notify",
        value: ValueKind::Status(&["PENDING", "NOTIFIED", "GAVE_UP"]),
    },
    TableDef {
        name: "attempts",
        value: ValueKind::Count,
    },
];

/// The accounts, by their key in the balance table.
pub const BALANCE: u8 = 0;
/// Bank A's outbox rows, by transfer (`NEW` = 0, `SENT` = 1).
pub const OUTBOX: u8 = 1;
pub const NEW: i64 = 0;
pub const SENT: i64 = 1;
/// Bank B's processed transfers, by transfer: what deduplication looks up.
pub const PROCESSED: u8 = 2;
/// A transactional-message broker's store, by transfer: `HALF` (stored, invisible to the
/// consumer), `COMMITTED` (deliverable, not yet consumed), `CONSUMED`, `DISCARDED` (rolled
/// back), `PARKED` (given up after the last check-back, never delivered).
pub const HALF: u8 = 3;
pub const HALF_STORED: i64 = 0;
pub const HALF_COMMITTED: i64 = 1;
pub const HALF_CONSUMED: i64 = 2;
pub const HALF_DISCARDED: i64 = 3;
pub const HALF_PARKED: i64 = 4;
/// The check-backs the broker has made, by transfer.
pub const CHECKS: u8 = 4;
/// The payer's record of each local transaction, by transfer, written with it: what a
/// check-back reads (`COMMITTED` = 0, `ROLLED_BACK` = 1).
pub const LOCAL_TXN: u8 = 5;
pub const TXN_COMMITTED: i64 = 0;
pub const TXN_ROLLED_BACK: i64 = 1;

/// The payer's notifications, by transfer (best-effort notification): `PENDING` while it
/// retries, `NOTIFIED` once the payee answered, `GAVE_UP` after the last attempt.
pub const NOTIFY: u8 = 6;
pub const NOTIFY_PENDING: i64 = 0;
pub const NOTIFY_DONE: i64 = 1;
pub const NOTIFY_GAVE_UP: i64 = 2;
/// The notifications sent so far, by transfer.
pub const ATTEMPTS: u8 = 7;

/// Whether a node's database still owes the run something that will happen once the node is
/// up: an outbox row `NEW`, a half message not yet settled or delivered, or a notification
/// still being retried.
pub fn owes(db: &super::db::Db) -> bool {
    db.rows(OUTBOX).any(|(_, v)| v == NEW)
        || db
            .rows(HALF)
            .any(|(_, v)| v == HALF_STORED || v == HALF_COMMITTED)
        || db.rows(NOTIFY).any(|(_, v)| v == NOTIFY_PENDING)
}

/// The interval between two transfer requests reaching Bank A (scenario key
/// `timeouts_ms.request`).
pub const REQUEST_TIMEOUT: super::Timeout = super::Timeout {
    name: "request",
    default_ms: 50,
};

/// Bank A's volatile memory: how many of the scenario's transfer requests it has taken. A crash
/// loses it, and with it the requests not yet taken (the client's connection is gone too).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Requests {
    pub taken: u32,
}

impl Requests {
    /// Takes the next request: its transfer number, if one is left and the payer's account can
    /// pay it (a request it cannot pay is refused, and so are the rest).
    pub fn next<O>(&mut self, cfg: &TransferConfig<O>, db: &super::db::Db) -> Option<u32> {
        if self.taken >= cfg.transfers || db.value(BALANCE, FROM_KEY) < cfg.amount {
            return None;
        }
        self.taken += 1;
        Some(self.taken)
    }
}

/// The inspector's view of [`Requests`] (the payer's only).
pub fn requests_memory(role: Role, mem: &Requests) -> Vec<super::MemoryField> {
    match role {
        PAYER => vec![super::MemoryField::new(
            "requests_taken",
            super::MemoryValue::Number(i64::from(mem.taken)),
        )],
        _ => Vec::new(),
    }
}

/// The payer's account is key 0 of the balance table, the payee's key 1.
pub const FROM_KEY: u32 = 0;
pub const TO_KEY: u32 = 1;

/// An account and its opening balance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub name: String,
    pub balance: i64,
}

fn alice() -> Account {
    Account {
        name: "alice".into(),
        balance: 100,
    }
}

fn bob() -> Account {
    Account {
        name: "bob".into(),
        balance: 0,
    }
}

fn thirty() -> i64 {
    30
}

fn one() -> u32 {
    1
}

/// A transfer scenario's `params`: who pays whom, how much, how many times in a row, and the
/// pattern's own switches (`options`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    bound(deserialize = "O: Default + DeserializeOwned")
)]
pub struct TransferParams<O: Default + PartialEq> {
    #[serde(default = "alice")]
    pub from: Account,
    #[serde(default = "bob")]
    pub to: Account,
    #[serde(default = "thirty")]
    pub amount: i64,
    #[serde(default = "one")]
    pub transfers: u32,
    #[serde(default, skip_serializing_if = "crate::protocol::params::is_default")]
    pub options: O,
}

impl<O: Default + PartialEq> Default for TransferParams<O> {
    fn default() -> Self {
        TransferParams {
            from: alice(),
            to: bob(),
            amount: thirty(),
            transfers: one(),
            options: O::default(),
        }
    }
}

/// What the handlers read: who is who, the amount, how many transfers, the opening balances
/// and the pattern's options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferConfig<O> {
    pub payer: NodeId,
    pub payee: NodeId,
    pub amount: i64,
    pub transfers: u32,
    pub from: Account,
    pub to: Account,
    pub options: O,
}

impl<O> TransferConfig<O> {
    /// The transfers, numbered from 1.
    pub fn numbers(&self) -> std::ops::RangeInclusive<u32> {
        1..=self.transfers
    }
}

/// The banks as nodes: `BankA` the payer, then the pattern's nodes in between (a relay...),
/// then `BankB` the payee.
pub fn nodes(middle: &[(Role, &str)]) -> Vec<(Role, String)> {
    std::iter::once((PAYER, "BankA".to_string()))
        .chain(middle.iter().map(|(r, n)| (*r, n.to_string())))
        .chain(std::iter::once((PAYEE, "BankB".to_string())))
        .collect()
}

/// Checks that an amount is between `min` and [`MAX_MONEY`].
pub(crate) fn money_in_range(field: &str, value: i64, min: i64) -> Result<(), ScenarioError> {
    if (min..=MAX_MONEY).contains(&value) {
        Ok(())
    } else {
        Err(ScenarioError::new(
            field,
            Reason::MoneyOutOfRange {
                value,
                min,
                max: MAX_MONEY,
            },
        ))
    }
}

/// Checks an account's name: 1 to 16 letters, digits or `_`.
pub(crate) fn account_name(field: &str, name: &str) -> Result<(), ScenarioError> {
    let fine = !name.is_empty()
        && name.len() <= 16
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if fine {
        Ok(())
    } else {
        Err(ScenarioError::new(
            field,
            Reason::BadAccountName {
                name: name.to_string(),
            },
        ))
    }
}

/// Checks the accounts and amounts and resolves them against the roster.
pub fn configure<O: Clone + Default + PartialEq>(
    params: &TransferParams<O>,
    roster: &Roster,
) -> Result<TransferConfig<O>, ScenarioError> {
    account_name("from.name", &params.from.name)?;
    account_name("to.name", &params.to.name)?;
    if params.from.name == params.to.name {
        return Err(ScenarioError::new(
            "to.name",
            Reason::SameAccount {
                name: params.to.name.clone(),
            },
        ));
    }
    money_in_range("from.balance", params.from.balance, 0)?;
    money_in_range("to.balance", params.to.balance, 0)?;
    money_in_range("amount", params.amount, 1)?;
    if !(1..=MAX_TRANSFERS).contains(&params.transfers) {
        return Err(ScenarioError::new(
            "transfers",
            Reason::OutOfRange {
                value: u64::from(params.transfers),
                min: 1,
                max: u64::from(MAX_TRANSFERS),
            },
        ));
    }
    let find = |role| roster.with_role(role).next().unwrap_or(NodeId(0));
    Ok(TransferConfig {
        payer: find(PAYER),
        payee: find(PAYEE),
        amount: params.amount,
        transfers: params.transfers,
        from: params.from.clone(),
        to: params.to.clone(),
        options: params.options.clone(),
    })
}

/// The opening balances: the payer's account at the payer, the payee's at the payee.
pub fn opening<O: 'static>(setup: &Setup, me: NodeId) -> Vec<Write> {
    let cfg = setup.config::<TransferConfig<O>>();
    let put = |key, value| Write::Put {
        table: BALANCE,
        key,
        value,
    };
    if me == cfg.payer {
        vec![put(FROM_KEY, cfg.from.balance)]
    } else if me == cfg.payee {
        vec![put(TO_KEY, cfg.to.balance)]
    } else {
        Vec::new()
    }
}

/// A row's key in people's words: an account's name, or a transfer (`t1`).
pub fn row_key<O: 'static>(setup: &Setup, table: u8, key: u32) -> String {
    let cfg = setup.config::<TransferConfig<O>>();
    match (table, key) {
        (BALANCE, FROM_KEY) => cfg.from.name.clone(),
        (BALANCE, TO_KEY) => cfg.to.name.clone(),
        (BALANCE, _) => key.to_string(),
        _ => format!("t{key}"),
    }
}

/// The debit of one transfer from the payer's account.
pub fn debit(cfg: &TransferConfig<impl Sized>) -> Write {
    Write::Add {
        table: BALANCE,
        key: FROM_KEY,
        by: -cfg.amount,
    }
}

/// The credit of one transfer to the payee's account.
pub fn credit(cfg: &TransferConfig<impl Sized>) -> Write {
    Write::Add {
        table: BALANCE,
        key: TO_KEY,
        by: cfg.amount,
    }
}

/// Sets transfer `t`'s row of `table`.
pub fn mark(table: u8, t: u32, value: i64) -> Write {
    Write::Put {
        table,
        key: t,
        value,
    }
}

/// The business meaning of a local transaction, for the invariants and the event log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Entry {
    /// The payer's account is debited (with or without an outbox row).
    Debit,
    /// The payee's account is credited.
    Credit,
    /// Bookkeeping that moves no money (an outbox row marked SENT).
    Bookkeeping,
}

/// What a transfer pattern's local transactions are, for the words of the event log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxnMeaning {
    pub entry: Entry,
    pub transfer: u32,
    /// The i18n key of the sentence (`txn.<pattern>.<label>`), filled with the amount, the
    /// accounts and the transfer.
    pub key: &'static str,
}

/// The words of a local transaction ("the debit of 30 from alice and the outbox row t1").
pub fn txn_words<O: 'static>(setup: &Setup, meaning: TxnMeaning, lang: Lang) -> String {
    let cfg = setup.config::<TransferConfig<O>>();
    crate::i18n::tf(
        lang,
        meaning.key,
        &[
            ("amount", &cfg.amount.to_string()),
            ("from", &cfg.from.name),
            ("to", &cfg.to.name),
            ("transfer", &format!("t{}", meaning.transfer)),
        ],
    )
}

/// An enum whose every variant carries a transfer number, with its labels: the messages and
/// local transactions of the transfer patterns ([`crate::numbered_enum!`] with `t1`, `t2`...).
#[macro_export]
macro_rules! transfer_enum {
    ($($body:tt)*) => {
        $crate::numbered_enum! { Transfer, transfer; $($body)* }
    };
}
