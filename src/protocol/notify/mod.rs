//! Best-effort notification (最大努力通知). Bank A debits alice and, in the same local
//! transaction, records a notification `PENDING`; it then notifies Bank B, and again after each
//! interval of WeChat Pay's schedule (15 s, 15 s, 30 s, 3 min, 10 min, 20 min, 30 min, 30 min,
//! 30 min, 60 min, 3 h, 3 h, 3 h, 6 h, 6 h: 24 h 4 min in all) until Bank B answers `ACK`, or
//! the schedule runs out and the notification is `GAVE_UP`. Bank B credits each transfer once
//! (deduplicating by its id) and can also *query* Bank A, once `query` after the start and again
//! after each recovery, if `options.query` is on. It guarantees nothing beyond "probably
//! delivered". See shared/PROTOCOLS.md, "Patterns built on message queues" and "Pattern facts
//! in detail".
//!
//! Time is scaled: one second of the schedule is `timeouts_ms.second` virtual milliseconds
//! (10 by default, so the whole schedule takes 866.4 s of virtual time). `options.retries` cuts
//! the schedule short (1 to 15 intervals). Notifications travel point to point (HTTP
//! callbacks, not a queue).
//!
//! Bank A `IDLE -> NOTIFYING -> DONE | GAVE_UP`; Bank B `WAITING -> CREDITED`.

use super::transfer::watch::TransferWatch;
use super::transfer::{self, Entry, TransferConfig, TransferParams, TxnMeaning, PAYER};
use super::transfer::{ATTEMPTS, BALANCE, FROM_KEY, NOTIFY, PROCESSED};
use super::{db::TableDef, db::Write, Waiting};
use super::{Input, Local, Machine, MemoryField, Out, Protocol, Setup, Standing, Timeout};
use crate::doc::{Reason, ScenarioError};
use crate::i18n::Lang;
use crate::model::{Code, Coded, NodeId, Outcome, Role, Roster, Tone, Transport, Values};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Notify;

/// WeChat Pay's intervals between notifications, in seconds (pay.weixin.qq.com).
pub const SCHEDULE_S: [u64; 15] = [
    15, 15, 30, 180, 600, 1_200, 1_800, 1_800, 1_800, 3_600, 10_800, 10_800, 10_800, 21_600, 21_600,
];

/// Bank A's outcome once it stops notifying without an answer: it debited, and that is all.
pub const GAVE_UP: Outcome = Outcome::ahead("gave_up");

fn fifteen() -> u32 {
    SCHEDULE_S.len() as u32
}

/// The pattern's switches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// How many intervals of the schedule Bank A retries (the notifications are one more).
    #[serde(default = "fifteen")]
    pub retries: u32,
    /// Bank B asks Bank A for its transfers when its query timer fires.
    #[serde(default)]
    pub query: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            retries: fifteen(),
            query: false,
        }
    }
}

type Config = TransferConfig<Options>;

crate::transfer_enum! {
    pub enum Msg {
        /// Bank A to Bank B: transfer t was paid to you.
        Notify = "NOTIFY",
        /// Bank B's answer: credited (or already credited).
        Ack = "ACK",
        /// Bank B to Bank A: which transfers did you make? (The number is unused: 0.)
        Query = "QUERY",
        /// Bank A's answer, one per debited transfer.
        Result = "RESULT",
    }
}

impl super::Message for Msg {
    fn tone(&self) -> Tone {
        match self {
            Msg::Notify(_) | Msg::Result(_) => Tone::Commit,
            Msg::Ack(_) => Tone::Ack,
            Msg::Query(_) => Tone::Request,
        }
    }
}

crate::transfer_enum! {
    pub enum Timer {
        /// Transfer request t reaches Bank A.
        Request = "request",
        /// The wait after notification k of transfer t; its interval is the schedule's k-th.
        Retry1 = "retry_1", Retry2 = "retry_2", Retry3 = "retry_3", Retry4 = "retry_4",
        Retry5 = "retry_5", Retry6 = "retry_6", Retry7 = "retry_7", Retry8 = "retry_8",
        Retry9 = "retry_9", Retry10 = "retry_10", Retry11 = "retry_11", Retry12 = "retry_12",
        Retry13 = "retry_13", Retry14 = "retry_14", Retry15 = "retry_15",
        /// Bank B asks Bank A what it missed.
        Query = "query",
    }
}

impl Timer {
    /// The wait after the `k`-th notification (1-based) of transfer `t`.
    fn retry(k: u32, t: u32) -> Option<Timer> {
        Some(match k {
            1 => Timer::Retry1(t),
            2 => Timer::Retry2(t),
            3 => Timer::Retry3(t),
            4 => Timer::Retry4(t),
            5 => Timer::Retry5(t),
            6 => Timer::Retry6(t),
            7 => Timer::Retry7(t),
            8 => Timer::Retry8(t),
            9 => Timer::Retry9(t),
            10 => Timer::Retry10(t),
            11 => Timer::Retry11(t),
            12 => Timer::Retry12(t),
            13 => Timer::Retry13(t),
            14 => Timer::Retry14(t),
            15 => Timer::Retry15(t),
            _ => return None,
        })
    }

    /// Which wait of the schedule this is (1-based), for a retry.
    fn step(self) -> Option<u32> {
        let code = self.code();
        (1..=15).find(|&k| Timer::retry(k, self.transfer()).map(|t| t.code()) == Some(code))
    }
}

impl super::Timer for Timer {
    fn timeout(&self) -> usize {
        match self {
            Timer::Request(_) => 0,
            Timer::Query(_) => 2,
            _ => 1,
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
        /// Some notification is still being retried.
        Notifying = "NOTIFYING",
        /// Every notification was answered.
        Done = "DONE",
        /// Some notification ran out of retries.
        GaveUp = "GAVE_UP",
        Waiting = "WAITING",
        Credited = "CREDITED",
    }
}

impl super::Phase for Phase {
    fn outcome(&self) -> Option<Outcome> {
        match self {
            Phase::Done => Some(transfer::DEBITED),
            Phase::GaveUp => Some(GAVE_UP),
            Phase::Credited => Some(transfer::CREDITED),
            Phase::Idle | Phase::Notifying | Phase::Waiting => None,
        }
    }
}

crate::transfer_enum! {
    pub enum Txn {
        /// Bank A: the debit and the notification PENDING, together.
        Debit = "debit",
        /// Bank A counts a notification sent.
        Attempt = "attempt",
        /// Bank A: Bank B answered.
        Notified = "notified",
        /// Bank A: the schedule ran out.
        GiveUp = "give-up",
        /// Bank B: the credit and the processed mark.
        Credit = "credit",
    }
}

impl Txn {
    fn meaning(self) -> TxnMeaning {
        let (entry, key) = match self {
            Txn::Debit(_) => (Entry::Debit, "txn.debit_notify"),
            Txn::Attempt(_) => (Entry::Bookkeeping, "txn.notify_attempt"),
            Txn::Notified(_) => (Entry::Bookkeeping, "txn.notify_done"),
            Txn::GiveUp(_) => (Entry::Bookkeeping, "txn.notify_gave_up"),
            Txn::Credit(_) => (Entry::Credit, "txn.credit_processed"),
        };
        TxnMeaning {
            entry,
            transfer: self.transfer(),
            key,
        }
    }
}

impl Values for Notify {
    type Msg = Msg;
    type Timer = Timer;
    type Record = Record;
    type Phase = Phase;
    type Txn = Txn;
}

type Memory = transfer::Requests;

impl Protocol for Notify {
    const NAME: &'static str = "notify";
    const TIMEOUTS: &'static [Timeout] = &[
        transfer::REQUEST_TIMEOUT,
        Timeout {
            name: "second",
            default_ms: 10,
        },
        Timeout {
            name: "query",
            default_ms: 60_000,
        },
    ];
    const TABLES: &'static [TableDef] = transfer::TABLES;
    const TRANSPORT: Transport = Transport::Lossy;
    const CRASHES_WITHIN_STEPS: bool = true;
    type Params = TransferParams<Options>;
    type Config = Config;
    type Memory = Memory;

    fn nodes(_: &Self::Params) -> Result<Vec<(Role, String)>, ScenarioError> {
        Ok(transfer::nodes(&[]))
    }

    fn configure(params: &Self::Params, roster: &Roster) -> Result<Config, ScenarioError> {
        let retries = params.options.retries;
        if !(1..=fifteen()).contains(&retries) {
            return Err(ScenarioError::new(
                "options.retries",
                Reason::OutOfRange {
                    value: u64::from(retries),
                    min: 1,
                    max: u64::from(fifteen()),
                },
            ));
        }
        transfer::configure(params, roster)
    }

    fn boot(setup: &Setup, me: NodeId) -> (Phase, Memory) {
        let phase = match setup.roster.role(me) {
            PAYER => Phase::Idle,
            _ => Phase::Waiting,
        };
        (phase, Memory::default())
    }

    fn opening(setup: &Setup, me: NodeId) -> Vec<Write> {
        transfer::opening::<Options>(setup, me)
    }

    fn handle(local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>) {
        match local.role() {
            PAYER => payer(local, input, out),
            _ => payee(local, input, out),
        }
    }

    /// A retry waits its interval of the schedule, scaled by `timeouts_ms.second`.
    fn delay(setup: &Setup, timer: Timer) -> u64 {
        let ms = |i: usize| setup.timeouts.get(i).copied().unwrap_or(0);
        match timer.step() {
            Some(k) => SCHEDULE_S[k as usize - 1] * ms(1),
            None => ms(super::Timer::timeout(&timer)),
        }
    }

    fn standing(_: Role, phase: Phase, _: &Memory) -> Standing {
        match phase {
            Phase::Notifying | Phase::Waiting => Standing {
                waiting: Waiting::Pending,
                can_resolve: true,
            },
            _ => Standing::SETTLED,
        }
    }

    fn durable_outcome(_: &[Record], db: &super::db::Db) -> Option<Outcome> {
        if db.rows(PROCESSED).next().is_some() {
            Some(transfer::CREDITED)
        } else if db.rows(NOTIFY).any(|(_, v)| v == transfer::NOTIFY_GAVE_UP) {
            Some(GAVE_UP)
        } else if db.rows(NOTIFY).next().is_some() {
            Some(transfer::DEBITED)
        } else {
            None
        }
    }

    fn memory(role: Role, mem: &Memory) -> Vec<MemoryField> {
        transfer::requests_memory(role, mem)
    }

    fn machine(role: Role) -> Machine {
        match role {
            PAYER => Machine {
                states: &["IDLE", "NOTIFYING", "DONE", "GAVE_UP"],
                transitions: &[
                    (
                        "IDLE",
                        "NOTIFYING",
                        "request / commit debit + notification PENDING, send NOTIFY",
                    ),
                    ("NOTIFYING", "NOTIFYING", "retry timer / send NOTIFY again"),
                    ("NOTIFYING", "DONE", "ACK / record NOTIFIED"),
                    (
                        "NOTIFYING",
                        "GAVE_UP",
                        "last retry unanswered / record GAVE_UP",
                    ),
                ],
            },
            _ => Machine {
                states: &["WAITING", "CREDITED"],
                transitions: &[
                    (
                        "WAITING",
                        "CREDITED",
                        "NOTIFY or RESULT / commit credit + processed mark, send ACK",
                    ),
                    ("WAITING", "WAITING", "query timer / send QUERY"),
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

/// Where Bank A stands: still notifying, every notification answered, or some given up.
fn payer_phase(local: &Local<'_, Notify>, writes: &[(u32, i64)]) -> Phase {
    let status = |t: u32, v: i64| writes.iter().find(|w| w.0 == t).map_or(v, |w| w.1);
    let rows: Vec<i64> = local.db.rows(NOTIFY).map(|(t, v)| status(t, v)).collect();
    let fresh = writes
        .iter()
        .filter(|w| local.db.get(NOTIFY, w.0).is_none());
    let all: Vec<i64> = rows.into_iter().chain(fresh.map(|w| w.1)).collect();
    if all.contains(&transfer::NOTIFY_PENDING) {
        Phase::Notifying
    } else if all.contains(&transfer::NOTIFY_GAVE_UP) {
        Phase::GaveUp
    } else if all.is_empty() {
        Phase::Idle
    } else {
        Phase::Done
    }
}

/// Sends notification number `k` (1-based) of transfer `t`, counts it, and waits the k-th
/// interval, or gives up when there is none left.
fn notify(cfg: &Config, t: u32, k: u32, out: &mut Out<Notify>) -> Option<(u32, i64)> {
    out.send(cfg.payee, Msg::Notify(t));
    out.commit(
        Txn::Attempt(t),
        vec![Write::Add {
            table: ATTEMPTS,
            key: t,
            by: 1,
        }],
    );
    match Timer::retry(k, t).filter(|_| k <= cfg.options.retries) {
        Some(timer) => {
            out.set_timer(timer);
            None
        }
        None => {
            out.commit(
                Txn::GiveUp(t),
                vec![transfer::mark(NOTIFY, t, transfer::NOTIFY_GAVE_UP)],
            );
            Some((t, transfer::NOTIFY_GAVE_UP))
        }
    }
}

fn payer(local: Local<'_, Notify>, input: Input<Notify>, out: &mut Out<Notify>) {
    let cfg = local.config;
    let mut writes = Vec::new();
    let pending = |t| local.db.get(NOTIFY, t) == Some(transfer::NOTIFY_PENDING);
    match input {
        Input::Begin => out.set_timer(Timer::Request(1)),
        Input::Timer(Timer::Request(t)) if t > local.mem.taken && t <= cfg.transfers => {
            local.mem.taken = t;
            if t < cfg.transfers {
                out.set_timer(Timer::Request(t + 1));
            }
            if local.db.value(BALANCE, FROM_KEY) >= cfg.amount {
                out.commit(
                    Txn::Debit(t),
                    vec![
                        transfer::debit(cfg),
                        transfer::mark(NOTIFY, t, transfer::NOTIFY_PENDING),
                    ],
                );
                writes.push((t, transfer::NOTIFY_PENDING));
                writes.extend(notify(cfg, t, 1, out));
            }
        }
        Input::Timer(timer) if timer.step().is_some() && pending(timer.transfer()) => {
            let k = timer.step().unwrap_or(1);
            writes.extend(notify(cfg, timer.transfer(), k + 1, out));
        }
        Input::Deliver {
            msg: Msg::Ack(t), ..
        } if pending(t) || local.db.get(NOTIFY, t) == Some(transfer::NOTIFY_GAVE_UP) => {
            out.commit(
                Txn::Notified(t),
                vec![transfer::mark(NOTIFY, t, transfer::NOTIFY_DONE)],
            );
            for k in 1..=15 {
                if let Some(timer) = Timer::retry(k, t) {
                    out.cancel_timer(timer);
                }
            }
            writes.push((t, transfer::NOTIFY_DONE));
        }
        Input::Deliver {
            msg: Msg::Query(_),
            from,
            ..
        } => {
            for (t, _) in local.db.rows(NOTIFY) {
                out.send(from, Msg::Result(t));
            }
        }
        // Back from a crash: the schedule goes on from the attempts on record.
        Input::Recover => {
            for (t, _) in local
                .db
                .rows(NOTIFY)
                .filter(|&(_, v)| v == transfer::NOTIFY_PENDING)
            {
                let sent = u32::try_from(local.db.value(ATTEMPTS, t))
                    .unwrap_or(1)
                    .max(1);
                if let Some(timer) = Timer::retry(sent, t) {
                    out.set_timer(timer);
                }
            }
        }
        _ => {}
    }
    let want = payer_phase(&local, &writes);
    if want != local.phase {
        out.become_(want);
    }
}

fn payee(local: Local<'_, Notify>, input: Input<Notify>, out: &mut Out<Notify>) {
    let cfg = local.config;
    let recovering = matches!(input, Input::Recover);
    match input {
        Input::Begin | Input::Recover if cfg.options.query => out.set_timer(Timer::Query(0)),
        Input::Timer(Timer::Query(_)) => out.send(cfg.payer, Msg::Query(0)),
        Input::Deliver {
            msg: Msg::Notify(t) | Msg::Result(t),
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
        _ => {}
    }
    if recovering && local.db.rows(PROCESSED).next().is_some() {
        out.become_(Phase::Credited);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_is_wechat_pays_24_hours_and_4_minutes() {
        assert_eq!(SCHEDULE_S.iter().sum::<u64>(), 24 * 3_600 + 4 * 60);
        for k in 1..=15 {
            let timer = Timer::retry(k, 3).unwrap();
            assert_eq!((timer.step(), timer.transfer()), (Some(k), 3));
        }
        assert_eq!(Timer::retry(16, 3), None);
        assert_eq!(Timer::Request(1).step(), None);
    }
}
