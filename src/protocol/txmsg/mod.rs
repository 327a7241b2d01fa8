//! The transactional message, RocketMQ style (事务消息). Bank A sends a *half* message to the
//! broker, which stores it out of Bank B's sight and answers `HALF_OK`; Bank A then runs its
//! local transaction (the debit and a record of the transaction) and reports `COMMIT`, or
//! `ROLLBACK` when alice cannot pay, one-way: nothing answers the report, so it can be lost.
//! Commit makes the message deliverable, rollback discards it. A half message still without an
//! outcome at the `first_check` age gets a *check-back*: the broker asks Bank A, which answers
//! from its database (`COMMIT`, `ROLLBACK`, or `UNKNOWN` when it has no record), and asks again
//! every `check` interval; once it has checked `check_max` times it parks the message, never
//! delivered, as RocketMQ's source does. The defaults are RocketMQ's: 6 s, 30 s, 15 checks.
//! See shared/PROTOCOLS.md, "Patterns built on message queues" and "Pattern facts in detail".
//!
//! The broker is a node of its own (`Broker`): its store is durable, it can crash and recover,
//! and it delivers committed messages to Bank B itself, again every `redeliver` interval until
//! Bank B answers `ACK` (consumers retry, so Bank B deduplicates by transfer id). Messages
//! travel point to point by default: the broker is the queue.
//!
//! Bank A `IDLE -> HALF_SENT -> COMMITTED | ROLLED_BACK` (once per transfer); the broker
//! `IDLE -> HOLDING <-> SETTLED`; Bank B `WAITING -> CREDITED`.

use super::transfer::watch::TransferWatch;
use super::transfer::{self, Entry, TransferConfig, TransferParams, TxnMeaning, PAYEE, PAYER};
use super::transfer::{BALANCE, CHECKS, FROM_KEY, HALF, LOCAL_TXN, PROCESSED};
use super::{db::TableDef, db::Write, Waiting};
use super::{Input, Local, Machine, MemoryField, Out, Protocol, Setup, Standing, Timeout};
use crate::doc::{Reason, ScenarioError};
use crate::i18n::Lang;
use crate::model::{Code, Coded, NodeId, Outcome, Role, Roster, Tone, Transport, Values};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TxMsg;

pub const BROKER: Role = Role("broker");

/// Bank A's outcome when its local transaction rolled back.
pub const ROLLED_BACK: Outcome = Outcome::back("rolled_back");
/// The broker's, once nothing it stored is left to settle or deliver.
pub const SETTLED: Outcome = Outcome::ahead("settled");

/// RocketMQ's `transactionCheckMax`.
const DEFAULT_CHECK_MAX: u32 = 15;
/// The most check-backs a scenario may ask for.
pub const MAX_CHECKS: u32 = 50;

fn default_check_max() -> u32 {
    DEFAULT_CHECK_MAX
}

/// The broker's switch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// How many check-backs the broker makes before it parks a half message.
    #[serde(default = "default_check_max")]
    pub check_max: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            check_max: DEFAULT_CHECK_MAX,
        }
    }
}

type Config = TransferConfig<Options>;

crate::transfer_enum! {
    pub enum Msg {
        /// Bank A to the broker: store this transfer, invisible to Bank B.
        Half = "HALF",
        /// The broker to Bank A: the half message is stored.
        HalfOk = "HALF_OK",
        /// Bank A to the broker (a report, or the answer to a check-back).
        Commit = "COMMIT",
        Rollback = "ROLLBACK",
        Unknown = "UNKNOWN",
        /// The broker to Bank A: what became of this local transaction?
        Check = "CHECK",
        /// The broker to Bank B, and Bank B's answer once its credit is committed.
        Transfer = "TRANSFER",
        Ack = "ACK",
    }
}

impl super::Message for Msg {
    fn tone(&self) -> Tone {
        match self {
            Msg::Half(_) => Tone::Prepare,
            Msg::Commit(_) => Tone::Commit,
            Msg::Rollback(_) => Tone::Abort,
            Msg::HalfOk(_) | Msg::Ack(_) => Tone::Ack,
            Msg::Unknown(_) | Msg::Check(_) | Msg::Transfer(_) => Tone::Request,
        }
    }
}

crate::transfer_enum! {
    pub enum Timer {
        /// Transfer request t reaches Bank A.
        Request = "request",
        /// Half message t is old enough for its first check-back.
        FirstCheck = "first_check",
        /// The next check-back of half message t.
        Check = "check",
        /// Committed message t has not been acknowledged: deliver it again.
        Redeliver = "redeliver",
    }
}

impl super::Timer for Timer {
    fn timeout(&self) -> usize {
        match self {
            Timer::Request(_) => 0,
            Timer::FirstCheck(_) => 1,
            Timer::Check(_) => 2,
            Timer::Redeliver(_) => 3,
        }
    }
}

crate::coded_enum! {
    /// Everything lives in the databases, no log beside them.
    pub enum Record { None = "-" }
}

crate::coded_enum! {
    pub enum Phase {
        Idle = "IDLE",
        /// Bank A has sent a half message and waits for the broker's OK.
        HalfSent = "HALF_SENT",
        /// Bank A's last local transaction committed.
        Committed = "COMMITTED",
        /// Bank A's last local transaction rolled back.
        RolledBack = "ROLLED_BACK",
        /// The broker holds a half message or an undelivered one.
        Holding = "HOLDING",
        /// Every message the broker stored is consumed, discarded or parked.
        Settled = "SETTLED",
        Waiting = "WAITING",
        Credited = "CREDITED",
    }
}

impl super::Phase for Phase {
    fn outcome(&self) -> Option<Outcome> {
        match self {
            Phase::Committed => Some(transfer::DEBITED),
            Phase::RolledBack => Some(ROLLED_BACK),
            Phase::Credited => Some(transfer::CREDITED),
            Phase::Settled => Some(SETTLED),
            Phase::Idle | Phase::HalfSent | Phase::Holding | Phase::Waiting => None,
        }
    }
}

crate::transfer_enum! {
    pub enum Txn {
        /// Bank A: the debit and the transaction's record, COMMITTED.
        Debit = "debit",
        /// Bank A: alice cannot pay; the record says ROLLED_BACK and nothing is debited.
        Rollback = "rollback",
        /// The broker stores the half message.
        Store = "store",
        /// The broker makes it deliverable.
        Publish = "publish",
        /// The broker discards it.
        Discard = "discard",
        /// The broker counts one more check-back.
        CountCheck = "count-check",
        /// The broker gives up: parked, never delivered.
        Park = "park",
        /// Bank B has acknowledged it.
        Consumed = "consumed",
        /// Bank B: the credit and the processed mark.
        Credit = "credit",
    }
}

impl Txn {
    fn meaning(self) -> TxnMeaning {
        let (entry, key) = match self {
            Txn::Debit(_) => (Entry::Debit, "txn.debit_record"),
            Txn::Rollback(_) => (Entry::Bookkeeping, "txn.rollback_record"),
            Txn::Store(_) => (Entry::Bookkeeping, "txn.half_store"),
            Txn::Publish(_) => (Entry::Bookkeeping, "txn.half_publish"),
            Txn::Discard(_) => (Entry::Bookkeeping, "txn.half_discard"),
            Txn::CountCheck(_) => (Entry::Bookkeeping, "txn.half_check"),
            Txn::Park(_) => (Entry::Bookkeeping, "txn.half_park"),
            Txn::Consumed(_) => (Entry::Bookkeeping, "txn.half_consumed"),
            Txn::Credit(_) => (Entry::Credit, "txn.credit_processed"),
        };
        TxnMeaning {
            entry,
            transfer: self.transfer(),
            key,
        }
    }
}

impl Values for TxMsg {
    type Msg = Msg;
    type Timer = Timer;
    type Record = Record;
    type Phase = Phase;
    type Txn = Txn;
}

/// Bank A's volatile memory: the transfer requests it has taken (a crash loses the rest).
type Memory = transfer::Requests;

fn set_half(t: u32, status: i64) -> Write {
    transfer::mark(HALF, t, status)
}

/// Whether the broker still holds a half message or an undelivered one.
fn holding(local: &Local<'_, TxMsg>) -> bool {
    transfer::owes(local.db)
}

impl Protocol for TxMsg {
    const NAME: &'static str = "txmsg";
    const TIMEOUTS: &'static [Timeout] = &[
        transfer::REQUEST_TIMEOUT,
        // RocketMQ's transactionTimeOut, transactionCheckInterval; the consumer's first retry.
        Timeout {
            name: "first_check",
            default_ms: 6_000,
        },
        Timeout {
            name: "check",
            default_ms: 30_000,
        },
        Timeout {
            name: "redeliver",
            default_ms: 10_000,
        },
    ];
    const TABLES: &'static [TableDef] = transfer::TABLES;
    const TRANSPORT: Transport = Transport::Lossy;
    const CRASHES_WITHIN_STEPS: bool = true;
    type Params = TransferParams<Options>;
    type Config = Config;
    type Memory = Memory;

    fn nodes(_: &Self::Params) -> Result<Vec<(Role, String)>, ScenarioError> {
        Ok(transfer::nodes(&[(BROKER, "Broker")]))
    }

    fn configure(params: &Self::Params, roster: &Roster) -> Result<Config, ScenarioError> {
        let max = params.options.check_max;
        if !(1..=MAX_CHECKS).contains(&max) {
            return Err(ScenarioError::new(
                "options.check_max",
                Reason::OutOfRange {
                    value: u64::from(max),
                    min: 1,
                    max: u64::from(MAX_CHECKS),
                },
            ));
        }
        transfer::configure(params, roster)
    }

    fn boot(setup: &Setup, me: NodeId) -> (Phase, Memory) {
        let phase = match setup.roster.role(me) {
            PAYEE => Phase::Waiting,
            _ => Phase::Idle,
        };
        (phase, Memory::default())
    }

    fn opening(setup: &Setup, me: NodeId) -> Vec<Write> {
        transfer::opening::<Options>(setup, me)
    }

    fn handle(local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>) {
        match local.role() {
            PAYER => payer(local, input, out),
            PAYEE => payee(local, input, out),
            _ => broker(local, input, out),
        }
    }

    fn standing(_: Role, phase: Phase, _: &Memory) -> Standing {
        match phase {
            Phase::HalfSent | Phase::Holding | Phase::Waiting => Standing {
                waiting: Waiting::Pending,
                can_resolve: true,
            },
            _ => Standing::SETTLED,
        }
    }

    fn durable_outcome(_: &[Record], db: &super::db::Db) -> Option<Outcome> {
        if db.rows(PROCESSED).next().is_some() {
            return Some(transfer::CREDITED);
        }
        match db.rows(LOCAL_TXN).last() {
            Some((_, transfer::TXN_COMMITTED)) => Some(transfer::DEBITED),
            Some(_) => Some(ROLLED_BACK),
            None => None,
        }
    }

    fn memory(role: Role, mem: &Memory) -> Vec<MemoryField> {
        transfer::requests_memory(role, mem)
    }

    fn machine(role: Role) -> Machine {
        match role {
            PAYER => Machine {
                states: &["IDLE", "HALF_SENT", "COMMITTED", "ROLLED_BACK"],
                transitions: &[
                    ("IDLE", "HALF_SENT", "request / send HALF"),
                    (
                        "HALF_SENT",
                        "COMMITTED",
                        "HALF_OK / commit debit + record, send COMMIT",
                    ),
                    (
                        "HALF_SENT",
                        "ROLLED_BACK",
                        "HALF_OK, alice cannot pay / record rollback, send ROLLBACK",
                    ),
                    ("COMMITTED", "HALF_SENT", "next request / send HALF"),
                    ("COMMITTED", "COMMITTED", "CHECK / answer from the record"),
                ],
            },
            BROKER => Machine {
                states: &["IDLE", "HOLDING", "SETTLED"],
                transitions: &[
                    ("IDLE", "HOLDING", "HALF / store it, send HALF_OK"),
                    (
                        "HOLDING",
                        "HOLDING",
                        "check timer / count, send CHECK (or park)",
                    ),
                    (
                        "HOLDING",
                        "SETTLED",
                        "ACK, ROLLBACK or park / nothing left to deliver",
                    ),
                    ("SETTLED", "HOLDING", "HALF / store it, send HALF_OK"),
                ],
            },
            _ => Machine {
                states: &["WAITING", "CREDITED"],
                transitions: &[
                    (
                        "WAITING",
                        "CREDITED",
                        "TRANSFER / commit credit + processed mark, send ACK",
                    ),
                    ("CREDITED", "CREDITED", "TRANSFER seen before / send ACK"),
                ],
            },
        }
    }

    fn watch(setup: &Setup) -> Box<dyn super::watch::Watch> {
        Box::new(TransferWatch::new::<Options>(
            setup,
            transfer::TABLES,
            |c: Code| Txn::from_code(c).map(|t| (t.meaning().entry, t.transfer())),
        ))
    }

    fn txn_words(setup: &Setup, txn: Txn, lang: Lang) -> Option<String> {
        Some(transfer::txn_words::<Options>(setup, txn.meaning(), lang))
    }

    fn row_key(setup: &Setup, table: u8, key: u32) -> String {
        transfer::row_key::<Options>(setup, table, key)
    }
}

/// Bank A: one half message per request, then its local transaction, then the report; and the
/// answers to check-backs, from its records.
fn payer(local: Local<'_, TxMsg>, input: Input<TxMsg>, out: &mut Out<TxMsg>) {
    let cfg = local.config;
    match input {
        Input::Begin => out.set_timer(Timer::Request(1)),
        // Each request sends its half message; the next request comes on its own time (a
        // half message lost on the way fails only its own request).
        Input::Timer(Timer::Request(t)) if t > local.mem.taken && t <= cfg.transfers => {
            local.mem.taken = t;
            out.send(broker_of(&local), Msg::Half(t));
            if t < cfg.transfers {
                out.set_timer(Timer::Request(t + 1));
            }
            out.become_(Phase::HalfSent);
        }
        // The half message is stored: run the local transaction, then report its outcome.
        Input::Deliver {
            msg: Msg::HalfOk(t),
            ..
        } if local.db.get(LOCAL_TXN, t).is_none() && t <= local.mem.taken => {
            let to = broker_of(&local);
            if local.db.value(BALANCE, FROM_KEY) >= cfg.amount {
                out.commit(
                    Txn::Debit(t),
                    vec![
                        transfer::debit(cfg),
                        transfer::mark(LOCAL_TXN, t, transfer::TXN_COMMITTED),
                    ],
                );
                out.send(to, Msg::Commit(t));
                out.become_(Phase::Committed);
            } else {
                out.commit(
                    Txn::Rollback(t),
                    vec![transfer::mark(LOCAL_TXN, t, transfer::TXN_ROLLED_BACK)],
                );
                out.send(to, Msg::Rollback(t));
                out.become_(Phase::RolledBack);
            }
        }
        Input::Deliver {
            msg: Msg::Check(t), ..
        } => {
            let answer = match local.db.get(LOCAL_TXN, t) {
                Some(transfer::TXN_COMMITTED) => Msg::Commit(t),
                Some(_) => Msg::Rollback(t),
                None => Msg::Unknown(t),
            };
            out.send(broker_of(&local), answer);
        }
        // Back from a crash: its records say where it stands; the requests it had not taken
        // died with the client's connection.
        Input::Recover => match local.db.rows(LOCAL_TXN).last() {
            Some((_, transfer::TXN_COMMITTED)) => out.become_(Phase::Committed),
            Some(_) => out.become_(Phase::RolledBack),
            None => {}
        },
        _ => {}
    }
}

/// The broker: stores half messages, settles them on a report or a check-back answer, checks
/// back on a schedule, and delivers committed ones until Bank B acknowledges.
fn broker(local: Local<'_, TxMsg>, input: Input<TxMsg>, out: &mut Out<TxMsg>) {
    let cfg = local.config;
    let status = |t| local.db.get(HALF, t);
    let before = holding(&local);
    // What this step does to the store: a message newly stored, or one settled for good.
    let mut stored = false;
    let mut settled = None;
    match input {
        Input::Deliver {
            msg: Msg::Half(t),
            from,
            ..
        } => {
            if status(t).is_none() {
                out.commit(Txn::Store(t), vec![set_half(t, transfer::HALF_STORED)]);
                out.set_timer(Timer::FirstCheck(t));
                stored = true;
            }
            out.send(from, Msg::HalfOk(t));
        }
        Input::Deliver {
            msg: Msg::Commit(t),
            ..
        } if status(t) == Some(transfer::HALF_STORED) => {
            out.commit(Txn::Publish(t), vec![set_half(t, transfer::HALF_COMMITTED)]);
            out.cancel_timer(Timer::FirstCheck(t));
            out.cancel_timer(Timer::Check(t));
            out.send(cfg.payee, Msg::Transfer(t));
            out.set_timer(Timer::Redeliver(t));
        }
        Input::Deliver {
            msg: Msg::Rollback(t),
            ..
        } if status(t) == Some(transfer::HALF_STORED) => {
            out.commit(Txn::Discard(t), vec![set_half(t, transfer::HALF_DISCARDED)]);
            out.cancel_timer(Timer::FirstCheck(t));
            out.cancel_timer(Timer::Check(t));
            settled = Some(t);
        }
        Input::Timer(Timer::FirstCheck(t) | Timer::Check(t))
            if status(t) == Some(transfer::HALF_STORED) =>
        {
            let checks = local.db.value(CHECKS, t);
            if checks >= i64::from(cfg.options.check_max) {
                out.commit(Txn::Park(t), vec![set_half(t, transfer::HALF_PARKED)]);
                settled = Some(t);
            } else {
                out.commit(
                    Txn::CountCheck(t),
                    vec![Write::Add {
                        table: CHECKS,
                        key: t,
                        by: 1,
                    }],
                );
                out.send(cfg.payer, Msg::Check(t));
                out.set_timer(Timer::Check(t));
            }
        }
        Input::Timer(Timer::Redeliver(t)) if status(t) == Some(transfer::HALF_COMMITTED) => {
            out.send(cfg.payee, Msg::Transfer(t));
            out.set_timer(Timer::Redeliver(t));
        }
        Input::Deliver {
            msg: Msg::Ack(t), ..
        } if status(t) == Some(transfer::HALF_COMMITTED) => {
            out.commit(Txn::Consumed(t), vec![set_half(t, transfer::HALF_CONSUMED)]);
            out.cancel_timer(Timer::Redeliver(t));
            settled = Some(t);
        }
        // Back from a crash: the store is durable, the timers are not.
        Input::Recover => {
            for (t, v) in local.db.rows(HALF) {
                match v {
                    transfer::HALF_STORED => out.set_timer(Timer::Check(t)),
                    transfer::HALF_COMMITTED => out.set_timer(Timer::Redeliver(t)),
                    _ => {}
                }
            }
        }
        _ => {}
    }
    // HOLDING while some message is half or undelivered, counting this step's writes.
    let after = stored
        || match settled {
            Some(t) => local.db.rows(HALF).any(|(k, v)| {
                k != t && (v == transfer::HALF_STORED || v == transfer::HALF_COMMITTED)
            }),
            None => before,
        };
    let want = if after {
        Phase::Holding
    } else if stored || settled.is_some() || local.db.rows(HALF).next().is_some() {
        Phase::Settled
    } else {
        Phase::Idle
    };
    if local.phase != want {
        out.become_(want);
    }
}

/// Bank B: credits each transfer once (deduplicating by its id in the same local transaction)
/// and acknowledges every delivery once its credit is committed.
fn payee(local: Local<'_, TxMsg>, input: Input<TxMsg>, out: &mut Out<TxMsg>) {
    let cfg = local.config;
    match input {
        Input::Deliver {
            msg: Msg::Transfer(t),
            from,
            ..
        } => {
            if local.db.get(PROCESSED, t).is_none() {
                out.commit(
                    Txn::Credit(t),
                    vec![transfer::credit(cfg), transfer::mark(PROCESSED, t, 1)],
                );
            }
            out.send(from, Msg::Ack(t));
            if local.phase != Phase::Credited {
                out.become_(Phase::Credited);
            }
        }
        Input::Recover if local.db.rows(PROCESSED).next().is_some() => out.become_(Phase::Credited),
        _ => {}
    }
}

fn broker_of(local: &Local<'_, TxMsg>) -> NodeId {
    local
        .setup
        .roster
        .with_role(BROKER)
        .next()
        .unwrap_or(local.config.payee)
}
