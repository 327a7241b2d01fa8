//! The orchestrated Saga: the Order service's orchestrator runs the order's steps as commands
//! through the queue, T1 (create the order, locally), T2 charge the customer at Payment, T3
//! reserve the items at Stock (the pivot), T4 sell the reserved items (retried until done), then
//! approves the order. On a refusal, or when a step's command goes unanswered after its last
//! attempt, it runs the compensations of the steps that may have run, in reverse order: release,
//! refund, cancel the order. Compensations are retried until they succeed. See
//! shared/PROTOCOLS.md, "Saga".
//!
//! The saga log is the `saga` row of the Order service's database, written in the same local
//! transaction as each of the orchestrator's own changes: after a crash the orchestrator reads
//! it and goes on, forward or backward, by sending the command it was waiting on again.
//!
//! Stock and Payment keep a `step` row per order, in the local transaction of the step or its
//! compensation. It makes both idempotent (a command seen before is answered again and changes
//! nothing), records an *empty* compensation (the step never ran: nothing to undo), and refuses a
//! *hanging* step (one that arrives after its compensation). Each protection can be switched off
//! (`options`), and the lessons break each.
//!
//! Order `IDLE -> CHARGING -> RESERVING -> SELLING -> COMPLETED`, or back through `RELEASING`
//! and `REFUNDING` to `CANCELLED`; Stock and Payment `READY`, then what their last step did.

use super::db::{Db, TableDef, Write};
use super::order::watch::OrderWatch;
use super::order::{self, Effect, OrderConfig, OrderParams, ORDER, STOCK};
use super::order::{CANCELLED, ORDER_TABLE, PENDING, SAGA, STEP, THE_ORDER};
use super::order::{CHARGING, COMPLETED, LOG_CANCELLED, REFUNDING, RELEASING, RESERVING, SELLING};
use super::order::{COMPENSATED, DONE, EMPTY, LATE, REFUSED};
use super::{Input, Local, Machine, MemoryField, MemoryValue, Out, Protocol, Setup, Standing};
use super::{Timeout, Waiting};
use crate::doc::ScenarioError;
use crate::i18n::Lang;
use crate::model::{Code, Coded, MsgId, NodeId, Outcome, Role, Roster, Tone, Values};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Saga;

fn three() -> u32 {
    3
}

/// The protections a saga needs, each of which can be switched off to see it break, and how
/// often a step's command is sent before the orchestrator gives up on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// A service answers a command it has run before without running it again.
    #[serde(default = "crate::protocol::params::yes")]
    pub idempotent: bool,
    /// A compensation for a step that never ran succeeds and is recorded (off: it fails, and
    /// the orchestrator retries it for ever).
    #[serde(default = "crate::protocol::params::yes")]
    pub empty_compensation: bool,
    /// A step that arrives after its compensation is refused.
    #[serde(default = "crate::protocol::params::yes")]
    pub refuse_hanging: bool,
    /// Attempts at a step before the orchestrator compensates (1 to 10).
    #[serde(default = "three")]
    pub attempts: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            idempotent: true,
            empty_compensation: true,
            refuse_hanging: true,
            attempts: three(),
        }
    }
}

type Config = OrderConfig<Options>;

crate::order_enum! {
    pub enum Msg {
        Reserve = "RESERVE",
        Charge = "CHARGE",
        Sell = "SELL",
        Refund = "REFUND",
        Release = "RELEASE",
        Reserved = "RESERVED",
        OutOfStock = "OUT_OF_STOCK",
        Charged = "CHARGED",
        Declined = "DECLINED",
        Sold = "SOLD",
        Refunded = "REFUNDED",
        Released = "RELEASED",
        /// A compensation that could not run (an empty one, where they are not allowed).
        CannotUndo = "CANNOT_UNDO",
    }
}

impl super::Message for Msg {
    fn tone(&self) -> Tone {
        match self {
            Msg::Reserve(_) | Msg::Charge(_) | Msg::Sell(_) => Tone::Request,
            Msg::Refund(_) | Msg::Release(_) => Tone::Abort,
            Msg::Reserved(_) | Msg::Charged(_) | Msg::Sold(_) => Tone::Yes,
            Msg::OutOfStock(_) | Msg::Declined(_) | Msg::CannotUndo(_) => Tone::No,
            Msg::Refunded(_) | Msg::Released(_) => Tone::Ack,
        }
    }
}

crate::coded_enum! {
    pub enum Timer {
        /// The orchestrator's wait for the answer to its command.
        Step = "step",
    }
}

impl super::Timer for Timer {
    fn timeout(&self) -> usize {
        0
    }
}

crate::coded_enum! {
    /// The saga log is a table of the Order service's database, no log beside it.
    pub enum Record { None = "-" }
}

crate::coded_enum! {
    pub enum Phase {
        Idle = "IDLE",
        Reserving = "RESERVING",
        Charging = "CHARGING",
        Selling = "SELLING",
        Completed = "COMPLETED",
        Refunding = "REFUNDING",
        Releasing = "RELEASING",
        Cancelled = "CANCELLED",
        /// A service before its first step.
        Ready = "READY",
        Reserved = "RESERVED",
        Released = "RELEASED",
        Sold = "SOLD",
        Charged = "CHARGED",
        Refunded = "REFUNDED",
        Refused = "REFUSED",
    }
}

impl super::Phase for Phase {
    fn outcome(&self) -> Option<Outcome> {
        match self {
            Phase::Completed => Some(order::APPROVED_OUTCOME),
            Phase::Cancelled => Some(order::CANCELLED_OUTCOME),
            Phase::Sold | Phase::Charged => Some(order::DONE_OUTCOME),
            Phase::Released | Phase::Refunded => Some(order::UNDONE_OUTCOME),
            Phase::Refused => Some(order::REFUSED_OUTCOME),
            _ => None,
        }
    }
}

crate::order_enum! {
    pub enum Txn {
        /// T1: the order, PENDING, and the saga log at its first step.
        Create = "create",
        /// The saga log moves to its next step (or starts compensating).
        Advance = "advance",
        /// The order approved, the saga log COMPLETED.
        Approve = "approve",
        /// C1: the order cancelled, the saga log CANCELLED.
        Cancel = "cancel",
        Reserve = "reserve",
        Release = "release",
        Sell = "sell",
        Charge = "charge",
        Refund = "refund",
        /// A refusal recorded (out of stock, insufficient funds): nothing else changes.
        Refuse = "refuse",
        /// An empty compensation recorded: the step never ran, nothing to undo.
        RecordEmpty = "record-empty",
        /// A step that came after its compensation, refused and recorded.
        RefuseLate = "refuse-late",
    }
}

impl Txn {
    fn effect(self) -> Effect {
        match self {
            Txn::Reserve(_) => Effect::Reserve,
            Txn::Release(_) => Effect::Release,
            Txn::Sell(_) => Effect::Sell,
            Txn::Charge(_) => Effect::Charge,
            Txn::Refund(_) => Effect::Refund,
            _ => Effect::Bookkeeping,
        }
    }
}

impl Values for Saga {
    type Msg = Msg;
    type Timer = Timer;
    type Record = Record;
    type Phase = Phase;
    type Txn = Txn;
}

/// The orchestrator's phase for each saga-log value.
fn phase_of(log: i64) -> Phase {
    match log {
        RESERVING => Phase::Reserving,
        CHARGING => Phase::Charging,
        SELLING => Phase::Selling,
        COMPLETED => Phase::Completed,
        REFUNDING => Phase::Refunding,
        RELEASING => Phase::Releasing,
        _ => Phase::Cancelled,
    }
}

/// The command the orchestrator waits on at a saga-log value, and who gets it.
fn command(cfg: &Config, log: i64, o: u32) -> Option<(NodeId, Msg)> {
    match log {
        RESERVING => Some((cfg.stock, Msg::Reserve(o))),
        CHARGING => Some((cfg.payment, Msg::Charge(o))),
        SELLING => Some((cfg.stock, Msg::Sell(o))),
        REFUNDING => Some((cfg.payment, Msg::Refund(o))),
        RELEASING => Some((cfg.stock, Msg::Release(o))),
        _ => None,
    }
}

/// The orchestrator's volatile memory: attempts at the command it waits on (a crash forgets
/// them; it starts counting again).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Memory {
    pub attempts: u32,
}

/// The saga log entry `log` together with the orchestrator's other writes.
fn log_entry(log: i64) -> Write {
    order::put(SAGA, THE_ORDER, log)
}

impl Saga {
    /// The orchestrator moves its log to `log` and sends that step's command.
    fn advance(local: &mut Local<'_, Self>, out: &mut Out<Self>, log: i64) {
        let o = THE_ORDER;
        match log {
            COMPLETED => out.commit(
                Txn::Approve(o),
                vec![log_entry(log), order::put(ORDER_TABLE, o, order::APPROVED)],
            ),
            LOG_CANCELLED => out.commit(
                Txn::Cancel(o),
                vec![log_entry(log), order::put(ORDER_TABLE, o, CANCELLED)],
            ),
            _ => out.commit(Txn::Advance(o), vec![log_entry(log)]),
        }
        out.become_(phase_of(log));
        local.mem.attempts = 0;
        Self::send_command(local, out, log);
    }

    /// (Again) the command the log waits on, with its timer; none once the saga has ended.
    fn send_command(local: &mut Local<'_, Self>, out: &mut Out<Self>, log: i64) {
        match command(local.config, log, THE_ORDER) {
            Some((to, msg)) => {
                local.mem.attempts += 1;
                out.send(to, msg);
                out.set_timer(Timer::Step);
            }
            None => out.cancel_timer(Timer::Step),
        }
    }

    fn orchestrate(mut local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>) {
        let o = THE_ORDER;
        let log = local.db.get(SAGA, o);
        match input {
            Input::Begin => {
                // T1, locally: the order and the saga log in one transaction.
                out.commit(
                    Txn::Create(o),
                    vec![order::put(ORDER_TABLE, o, PENDING), log_entry(CHARGING)],
                );
                out.become_(Phase::Charging);
                local.mem.attempts = 0;
                Self::send_command(&mut local, out, CHARGING);
            }
            Input::Recover => {
                // Forward or backward, from the saga log: the command it waited on, again.
                if let Some(log) = log {
                    out.become_(phase_of(log));
                    Self::send_command(&mut local, out, log);
                }
            }
            Input::Timer(Timer::Step) => {
                let Some(log) = log else { return };
                let forward = matches!(log, RESERVING | CHARGING);
                if forward && local.mem.attempts >= local.config.options.attempts {
                    // No answer after the last attempt: the step may or may not have run, so
                    // it is compensated too (an empty compensation if it never ran).
                    let back = if log == RESERVING {
                        RELEASING
                    } else {
                        REFUNDING
                    };
                    Self::advance(&mut local, out, back);
                } else {
                    Self::send_command(&mut local, out, log);
                }
            }
            Input::Deliver { msg, id, .. } => {
                let next = match (log, msg) {
                    (Some(CHARGING), Msg::Charged(_)) => Some(RESERVING),
                    (Some(CHARGING), Msg::Declined(_)) => Some(LOG_CANCELLED),
                    (Some(RESERVING), Msg::Reserved(_)) => Some(SELLING),
                    (Some(RESERVING), Msg::OutOfStock(_)) => Some(REFUNDING),
                    (Some(SELLING), Msg::Sold(_)) => Some(COMPLETED),
                    (Some(RELEASING), Msg::Released(_)) => Some(REFUNDING),
                    (Some(REFUNDING), Msg::Refunded(_)) => Some(LOG_CANCELLED),
                    // An answer to a command it no longer waits on, or a compensation that
                    // could not run (retried when the timer fires): nothing to do.
                    _ => None,
                };
                if let Some(next) = next {
                    Self::advance(&mut local, out, next);
                }
                out.ack(id);
            }
            _ => {}
        }
    }

    /// A service runs one command: a step, or the compensation of one.
    fn serve(local: Local<'_, Self>, msg: Msg, id: MsgId, out: &mut Out<Self>) {
        let cfg = local.config;
        let opts = &cfg.options;
        let o = msg.order();
        let row = local.db.get(STEP, o);
        let (compensation, answer_done) = match msg {
            Msg::Reserve(_) => (false, Msg::Reserved(o)),
            Msg::Charge(_) => (false, Msg::Charged(o)),
            Msg::Sell(_) => (false, Msg::Sold(o)),
            Msg::Refund(_) => (true, Msg::Refunded(o)),
            Msg::Release(_) => (true, Msg::Released(o)),
            _ => {
                out.ack(id);
                return;
            }
        };
        let reply = |out: &mut Out<Self>, m: Msg| {
            out.send(cfg.order, m);
            out.ack(id);
        };
        let refusal = match msg {
            Msg::Charge(_) => Msg::Declined(o),
            _ => Msg::OutOfStock(o),
        };
        if compensation {
            match row {
                Some(COMPENSATED | EMPTY | REFUSED | LATE) if opts.idempotent => {
                    reply(out, answer_done)
                }
                None if opts.empty_compensation => {
                    out.commit(Txn::RecordEmpty(o), vec![order::put(STEP, o, EMPTY)]);
                    out.become_(match msg {
                        Msg::Refund(_) => Phase::Refunded,
                        _ => Phase::Released,
                    });
                    reply(out, answer_done);
                }
                None => reply(out, Msg::CannotUndo(o)),
                _ => {
                    let (txn, mut writes, phase) = match msg {
                        Msg::Refund(_) => (Txn::Refund(o), cfg.refund(o), Phase::Refunded),
                        _ => (Txn::Release(o), cfg.release(o), Phase::Released),
                    };
                    writes.push(order::put(STEP, o, COMPENSATED));
                    out.commit(txn, writes);
                    out.become_(phase);
                    reply(out, answer_done);
                }
            }
            return;
        }
        match row {
            Some(COMPENSATED | EMPTY | LATE) if opts.refuse_hanging => {
                // Its compensation came first: the step must not run now.
                if row != Some(LATE) {
                    out.commit(Txn::RefuseLate(o), vec![order::put(STEP, o, LATE)]);
                }
                out.ack(id);
            }
            Some(REFUSED) if opts.idempotent => reply(out, refusal),
            Some(DONE) if opts.idempotent && !matches!(msg, Msg::Sell(_)) => {
                reply(out, answer_done)
            }
            _ if matches!(msg, Msg::Sell(_)) => {
                // After the pivot: Stock's sale, guarded by the reservation's being there.
                let sold = local.db.get(order::SOLD, o).is_some();
                if !(sold && opts.idempotent) {
                    out.commit(Txn::Sell(o), cfg.sell(o));
                    out.become_(Phase::Sold);
                }
                reply(out, answer_done);
            }
            _ => {
                let (able, txn, mut writes, phase) = match msg {
                    Msg::Reserve(_) => (
                        cfg.in_stock(local.db),
                        Txn::Reserve(o),
                        cfg.reserve(o),
                        Phase::Reserved,
                    ),
                    _ => (
                        cfg.can_pay(local.db),
                        Txn::Charge(o),
                        cfg.charge(o),
                        Phase::Charged,
                    ),
                };
                if able {
                    writes.push(order::put(STEP, o, DONE));
                    out.commit(txn, writes);
                    out.become_(phase);
                    reply(out, answer_done);
                } else {
                    out.commit(Txn::Refuse(o), vec![order::put(STEP, o, REFUSED)]);
                    out.become_(Phase::Refused);
                    reply(out, refusal);
                }
            }
        }
    }
}

impl Protocol for Saga {
    const NAME: &'static str = "saga";
    const TIMEOUTS: &'static [Timeout] = &[Timeout {
        name: "step",
        default_ms: 200,
    }];
    const TABLES: &'static [TableDef] = order::TABLES;
    const CRASHES_WITHIN_STEPS: bool = true;
    type Params = OrderParams<Options>;
    type Config = Config;
    type Memory = Memory;

    fn nodes(_: &Self::Params) -> Result<Vec<(Role, String)>, ScenarioError> {
        Ok(order::nodes())
    }

    fn configure(params: &Self::Params, roster: &Roster) -> Result<Config, ScenarioError> {
        if !(1..=10).contains(&params.options.attempts) {
            return Err(ScenarioError::new(
                "options.attempts",
                crate::doc::Reason::OutOfRange {
                    value: u64::from(params.options.attempts),
                    min: 1,
                    max: 10,
                },
            ));
        }
        order::configure(params, roster)
    }

    fn boot(setup: &Setup, me: NodeId) -> (Phase, Memory) {
        let phase = match setup.roster.role(me) {
            ORDER => Phase::Idle,
            _ => Phase::Ready,
        };
        (phase, Memory::default())
    }

    fn opening(setup: &Setup, me: NodeId) -> Vec<Write> {
        order::opening::<Options>(setup, me)
    }

    fn handle(local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>) {
        if local.me == local.config.order {
            return Self::orchestrate(local, input, out);
        }
        match input {
            Input::Deliver { msg, id, .. } => Self::serve(local, msg, id, out),
            // Back from a crash: the state its `step` row shows.
            Input::Recover => {
                let stock = local.me == local.config.stock;
                let phase = match local.db.get(STEP, THE_ORDER) {
                    Some(DONE) if stock && local.db.get(order::SOLD, THE_ORDER).is_some() => {
                        Phase::Sold
                    }
                    Some(DONE) if stock => Phase::Reserved,
                    Some(DONE) => Phase::Charged,
                    Some(COMPENSATED | EMPTY | LATE) if stock => Phase::Released,
                    Some(COMPENSATED | EMPTY | LATE) => Phase::Refunded,
                    Some(_) => Phase::Refused,
                    None => return,
                };
                out.become_(phase);
            }
            _ => {}
        }
    }

    fn standing(role: Role, phase: Phase, _: &Memory) -> Standing {
        match (role, phase) {
            (ORDER, Phase::Completed | Phase::Cancelled) => Standing::SETTLED,
            (ORDER, _) => Standing {
                waiting: Waiting::Pending,
                can_resolve: true,
            },
            _ => Standing::SETTLED,
        }
    }

    fn durable_outcome(_: &[Record], db: &Db) -> Option<Outcome> {
        match db.get(SAGA, THE_ORDER)? {
            COMPLETED => Some(order::APPROVED_OUTCOME),
            LOG_CANCELLED => Some(order::CANCELLED_OUTCOME),
            _ => None,
        }
    }

    fn memory(role: Role, mem: &Memory) -> Vec<MemoryField> {
        match role {
            ORDER => vec![MemoryField::new(
                "attempts",
                MemoryValue::Number(i64::from(mem.attempts)),
            )],
            _ => Vec::new(),
        }
    }

    fn machine(role: Role) -> Machine {
        match role {
            ORDER => Machine {
                states: &[
                    "IDLE",
                    "CHARGING",
                    "RESERVING",
                    "SELLING",
                    "COMPLETED",
                    "RELEASING",
                    "REFUNDING",
                    "CANCELLED",
                ],
                transitions: &[
                    ("IDLE", "CHARGING", "begin / create the order, send CHARGE"),
                    ("CHARGING", "RESERVING", "CHARGED / log, send RESERVE"),
                    ("CHARGING", "CANCELLED", "DECLINED / cancel the order"),
                    (
                        "CHARGING",
                        "REFUNDING",
                        "no answer after the last attempt / send REFUND",
                    ),
                    ("RESERVING", "SELLING", "RESERVED / log, send SELL"),
                    ("RESERVING", "REFUNDING", "OUT_OF_STOCK / log, send REFUND"),
                    (
                        "RESERVING",
                        "RELEASING",
                        "no answer after the last attempt / send RELEASE",
                    ),
                    ("SELLING", "COMPLETED", "SOLD / approve the order"),
                    ("RELEASING", "REFUNDING", "RELEASED / log, send REFUND"),
                    ("REFUNDING", "CANCELLED", "REFUNDED / cancel the order"),
                ],
            },
            STOCK => Machine {
                states: &["READY", "RESERVED", "SOLD", "RELEASED", "REFUSED"],
                transitions: &[
                    (
                        "READY",
                        "RESERVED",
                        "RESERVE / reserve the items, answer RESERVED",
                    ),
                    (
                        "READY",
                        "REFUSED",
                        "RESERVE, too few items / answer OUT_OF_STOCK",
                    ),
                    ("RESERVED", "SOLD", "SELL / sell the reserved items"),
                    ("RESERVED", "RELEASED", "RELEASE / put the items back"),
                    (
                        "READY",
                        "RELEASED",
                        "RELEASE, nothing reserved / record it, answer RELEASED",
                    ),
                ],
            },
            _ => Machine {
                states: &["READY", "CHARGED", "REFUNDED", "REFUSED"],
                transitions: &[
                    (
                        "READY",
                        "CHARGED",
                        "CHARGE / charge the customer, answer CHARGED",
                    ),
                    (
                        "READY",
                        "REFUSED",
                        "CHARGE, too little money / answer DECLINED",
                    ),
                    ("CHARGED", "REFUNDED", "REFUND / give the money back"),
                    (
                        "READY",
                        "REFUNDED",
                        "REFUND, nothing charged / record it, answer REFUNDED",
                    ),
                ],
            },
        }
    }

    fn watch(setup: &Setup) -> Box<dyn super::watch::Watch> {
        Box::new(OrderWatch::new::<Options>(setup, |c: Code| {
            Txn::from_code(c).map(Txn::effect)
        }))
    }

    fn txn_words(setup: &Setup, txn: Txn, lang: Lang) -> Option<String> {
        let key = match txn {
            Txn::Create(_) => "txn.order.create",
            Txn::Advance(_) => "txn.order.advance",
            Txn::Approve(_) => "txn.order.approve",
            Txn::Cancel(_) => "txn.order.cancel",
            Txn::Reserve(_) => "txn.order.reserve",
            Txn::Release(_) => "txn.order.release",
            Txn::Sell(_) => "txn.order.sell",
            Txn::Charge(_) => "txn.order.charge",
            Txn::Refund(_) => "txn.order.refund",
            Txn::Refuse(_) => "txn.order.refuse",
            Txn::RecordEmpty(_) => "txn.order.record_empty",
            Txn::RefuseLate(_) => "txn.order.refuse_late",
        };
        Some(order::txn_words::<Options>(setup, key, txn.order(), lang))
    }

    fn row_key(setup: &Setup, table: u8, key: u32) -> String {
        order::row_key::<Options>(setup, table, key)
    }
}
