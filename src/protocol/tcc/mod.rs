//! TCC (Try-Confirm-Cancel): the Order service, as transaction manager, calls Try on Stock
//! (reserve the items) and Payment (freeze the total), then Confirm on both (sell, charge) if
//! every Try succeeded, or Cancel on both (release, unfreeze) if one failed or did not answer in
//! time, retrying phase two until every branch has answered. See shared/PROTOCOLS.md, "TCC".
//!
//! Each branch keeps Seata's fence row (per order: TRIED, COMMITTED, ROLLBACKED, SUSPENDED) in
//! the same local transaction as its business change. It makes Confirm and Cancel idempotent,
//! turns a Cancel with no Try into an *empty* rollback (record SUSPENDED, change nothing), and
//! refuses a Try that arrives after its Cancel (the row is already there: *hanging*). A Try the
//! business refuses rolls back with its fence row, as in Seata. Without the fence (`options`:
//! `fence: false`) the branches run their business code as it comes, which the lessons break.
//!
//! Order `IDLE -> TRYING -> CONFIRMING -> COMMITTED` or `-> CANCELLING -> ROLLED_BACK`; each
//! branch `READY -> TRIED -> CONFIRMED` or `-> CANCELLED`, `SUSPENDED` after an empty Cancel.

use super::db::{Db, TableDef, Write};
use super::order::watch::OrderWatch;
use super::order::{self, Effect, OrderConfig, OrderParams, ORDER, STOCK};
use super::order::{CANCELLED, FENCE, GLOBAL_TX, ORDER_TABLE, PENDING, THE_ORDER};
use super::order::{CANCELLING, COMMITTED, CONFIRMING, ROLLED_BACK, TRYING};
use super::order::{F_COMMITTED, F_ROLLBACKED, F_SUSPENDED, F_TRIED};
use super::{Input, Local, Machine, MemoryField, MemoryValue, Out, Protocol, Setup, Standing};
use super::{Timeout, Waiting};
use crate::doc::ScenarioError;
use crate::i18n::Lang;
use crate::model::{Code, Coded, MsgId, NodeId, Outcome, Role, Roster, Tone, Values};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tcc;

/// Whether the branches keep the fence table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    #[serde(default = "crate::protocol::params::yes")]
    pub fence: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { fence: true }
    }
}

type Config = OrderConfig<Options>;

crate::order_enum! {
    pub enum Msg {
        Try = "TRY",
        Confirm = "CONFIRM",
        Cancel = "CANCEL",
        Tried = "TRIED",
        TryFailed = "TRY_FAILED",
        Confirmed = "CONFIRMED",
        Cancelled = "CANCELLED",
    }
}

impl super::Message for Msg {
    fn tone(&self) -> Tone {
        match self {
            Msg::Try(_) => Tone::Request,
            Msg::Confirm(_) => Tone::Commit,
            Msg::Cancel(_) => Tone::Abort,
            Msg::Tried(_) => Tone::Yes,
            Msg::TryFailed(_) => Tone::No,
            Msg::Confirmed(_) | Msg::Cancelled(_) => Tone::Ack,
        }
    }
}

crate::coded_enum! {
    pub enum Timer {
        /// How long the transaction manager waits for every Try to answer.
        Try = "try",
        /// Phase two is sent again to the branches that have not answered.
        Retry = "retry",
    }
}

impl super::Timer for Timer {
    fn timeout(&self) -> usize {
        *self as usize
    }
}

crate::coded_enum! {
    /// TCC keeps everything in its databases, no log beside them.
    pub enum Record { None = "-" }
}

crate::coded_enum! {
    pub enum Phase {
        Idle = "IDLE",
        Trying = "TRYING",
        Confirming = "CONFIRMING",
        Cancelling = "CANCELLING",
        Committed = "COMMITTED",
        RolledBack = "ROLLED_BACK",
        Ready = "READY",
        Tried = "TRIED",
        Confirmed = "CONFIRMED",
        Cancelled = "CANCELLED",
        Suspended = "SUSPENDED",
        Refused = "REFUSED",
    }
}

impl super::Phase for Phase {
    fn outcome(&self) -> Option<Outcome> {
        match self {
            Phase::Committed => Some(order::APPROVED_OUTCOME),
            Phase::RolledBack => Some(order::CANCELLED_OUTCOME),
            Phase::Confirmed => Some(order::DONE_OUTCOME),
            Phase::Cancelled | Phase::Suspended => Some(order::UNDONE_OUTCOME),
            Phase::Refused => Some(order::REFUSED_OUTCOME),
            _ => None,
        }
    }
}

crate::order_enum! {
    pub enum Txn {
        /// The order, PENDING, and the global transaction TRYING.
        Begin = "begin",
        /// The global transaction enters phase two (CONFIRMING or CANCELLING).
        PhaseTwo = "phase-two",
        /// Every branch confirmed: COMMITTED, the order approved.
        Commit = "commit",
        /// Every branch cancelled: ROLLED_BACK, the order cancelled.
        Rollback = "rollback",
        Reserve = "reserve",
        Freeze = "freeze",
        Sell = "sell",
        Charge = "charge",
        Release = "release",
        Unfreeze = "unfreeze",
        /// An empty Cancel: the fence row SUSPENDED, nothing else.
        Suspend = "suspend",
    }
}

impl Txn {
    fn effect(self) -> Effect {
        match self {
            Txn::Reserve(_) => Effect::Reserve,
            Txn::Freeze(_) => Effect::Freeze,
            Txn::Sell(_) => Effect::Sell,
            Txn::Charge(_) => Effect::Charge,
            Txn::Release(_) => Effect::Release,
            Txn::Unfreeze(_) => Effect::Unfreeze,
            _ => Effect::Bookkeeping,
        }
    }
}

impl Values for Tcc {
    type Msg = Msg;
    type Timer = Timer;
    type Record = Record;
    type Phase = Phase;
    type Txn = Txn;
}

/// The transaction manager's volatile memory: which branches have answered in the current
/// phase (bit 0 Stock, bit 1 Payment). A crash forgets it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Memory {
    pub answered: u8,
}

const BOTH: u8 = 0b11;

fn branch_bit(cfg: &Config, from: NodeId) -> u8 {
    if from == cfg.stock {
        1
    } else if from == cfg.payment {
        2
    } else {
        0
    }
}

impl Tcc {
    /// Sends `msg` to every branch that has not answered in this phase.
    fn to_branches(local: &Local<'_, Self>, out: &mut Out<Self>, msg: Msg) {
        let cfg = local.config;
        for (bit, to) in [(1, cfg.stock), (2, cfg.payment)] {
            if local.mem.answered & bit == 0 {
                out.send(to, msg);
            }
        }
    }

    /// Into phase two: CONFIRMING or CANCELLING, durably, then the call to every branch.
    fn phase_two(local: &mut Local<'_, Self>, out: &mut Out<Self>, confirm: bool) {
        let o = THE_ORDER;
        let (value, phase, msg) = if confirm {
            (CONFIRMING, Phase::Confirming, Msg::Confirm(o))
        } else {
            (CANCELLING, Phase::Cancelling, Msg::Cancel(o))
        };
        out.commit(Txn::PhaseTwo(o), vec![order::put(GLOBAL_TX, o, value)]);
        out.become_(phase);
        out.cancel_timer(Timer::Try);
        local.mem.answered = 0;
        Self::to_branches(local, out, msg);
        out.set_timer(Timer::Retry);
    }

    fn manage(mut local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>) {
        let o = THE_ORDER;
        let tx = local.db.get(GLOBAL_TX, o);
        match input {
            Input::Begin => {
                out.commit(
                    Txn::Begin(o),
                    vec![
                        order::put(ORDER_TABLE, o, PENDING),
                        order::put(GLOBAL_TX, o, TRYING),
                    ],
                );
                out.become_(Phase::Trying);
                Self::to_branches(&local, out, Msg::Try(o));
                out.set_timer(Timer::Try);
            }
            Input::Recover => match tx {
                // Which Try answered is forgotten: cancel them all.
                Some(TRYING) => Self::phase_two(&mut local, out, false),
                Some(value @ (CONFIRMING | CANCELLING)) => {
                    let confirm = value == CONFIRMING;
                    out.become_(if confirm {
                        Phase::Confirming
                    } else {
                        Phase::Cancelling
                    });
                    let msg = if confirm {
                        Msg::Confirm(o)
                    } else {
                        Msg::Cancel(o)
                    };
                    Self::to_branches(&local, out, msg);
                    out.set_timer(Timer::Retry);
                }
                _ => {}
            },
            Input::Timer(Timer::Try) if tx == Some(TRYING) => {
                Self::phase_two(&mut local, out, false)
            }
            Input::Timer(Timer::Retry) => {
                let msg = match tx {
                    Some(CONFIRMING) => Msg::Confirm(o),
                    Some(CANCELLING) => Msg::Cancel(o),
                    _ => return,
                };
                Self::to_branches(&local, out, msg);
                out.set_timer(Timer::Retry);
            }
            Input::Deliver { from, msg, id, .. } => {
                let bit = branch_bit(local.config, from);
                match (tx, msg) {
                    (Some(TRYING), Msg::Tried(_)) => {
                        local.mem.answered |= bit;
                        if local.mem.answered == BOTH {
                            Self::phase_two(&mut local, out, true);
                        }
                    }
                    (Some(TRYING), Msg::TryFailed(_)) => Self::phase_two(&mut local, out, false),
                    (Some(CONFIRMING), Msg::Confirmed(_))
                    | (Some(CANCELLING), Msg::Cancelled(_)) => {
                        local.mem.answered |= bit;
                        if local.mem.answered == BOTH {
                            let confirmed = tx == Some(CONFIRMING);
                            let (txn, value, status, phase) = if confirmed {
                                (Txn::Commit(o), COMMITTED, order::APPROVED, Phase::Committed)
                            } else {
                                (Txn::Rollback(o), ROLLED_BACK, CANCELLED, Phase::RolledBack)
                            };
                            out.commit(
                                txn,
                                vec![
                                    order::put(GLOBAL_TX, o, value),
                                    order::put(ORDER_TABLE, o, status),
                                ],
                            );
                            out.become_(phase);
                            out.cancel_timer(Timer::Retry);
                        }
                    }
                    // A late or repeated answer: nothing to do.
                    _ => {}
                }
                out.ack(id);
            }
            _ => {}
        }
    }

    /// A branch's business code for each call: (local transaction, its writes, whether the
    /// business can do it at all).
    fn business(local: &Local<'_, Self>, msg: Msg) -> Option<(Txn, Vec<Write>, bool)> {
        let cfg = local.config;
        let o = msg.order();
        let at_stock = local.me == cfg.stock;
        Some(match (msg, at_stock) {
            (Msg::Try(_), true) => (Txn::Reserve(o), cfg.reserve(o), cfg.in_stock(local.db)),
            (Msg::Try(_), false) => (Txn::Freeze(o), cfg.freeze(o), cfg.can_pay(local.db)),
            (Msg::Confirm(_), true) => (Txn::Sell(o), cfg.sell(o), true),
            (Msg::Confirm(_), false) => (Txn::Charge(o), cfg.charge_frozen(o), true),
            (Msg::Cancel(_), true) => (Txn::Release(o), cfg.release(o), true),
            (Msg::Cancel(_), false) => (Txn::Unfreeze(o), cfg.unfreeze(o), true),
            _ => return None,
        })
    }

    fn branch(local: Local<'_, Self>, msg: Msg, id: MsgId, out: &mut Out<Self>) {
        let cfg = local.config;
        let Some((txn, mut writes, able)) = Self::business(&local, msg) else {
            out.ack(id);
            return;
        };
        let o = msg.order();
        let reply = |out: &mut Out<Self>, m: Msg| {
            out.send(cfg.order, m);
            out.ack(id);
        };
        let fence = local.db.get(FENCE, o);
        let fenced = cfg.options.fence;
        // Run the business change (with its fence row) and answer.
        let mut run = |out: &mut Out<Self>, fence_value: Option<i64>, phase: Phase, answer: Msg| {
            if let Some(v) = fence_value {
                writes.push(order::put(FENCE, o, v));
            }
            out.commit(txn, std::mem::take(&mut writes));
            out.become_(phase);
            reply(out, answer);
        };
        match msg {
            Msg::Try(_) => {
                if fenced && fence.is_some() {
                    // The row is there already: a Cancel came first (or this Try ran): refused.
                    reply(out, Msg::TryFailed(o));
                } else if !able {
                    // The business refuses: its local transaction, fence row included, rolls back.
                    out.become_(Phase::Refused);
                    reply(out, Msg::TryFailed(o));
                } else {
                    run(out, fenced.then_some(F_TRIED), Phase::Tried, Msg::Tried(o));
                }
            }
            Msg::Confirm(_) => match (fenced, fence) {
                (false, _) | (true, Some(F_TRIED)) => run(
                    out,
                    fenced.then_some(F_COMMITTED),
                    Phase::Confirmed,
                    Msg::Confirmed(o),
                ),
                (true, Some(F_COMMITTED)) => reply(out, Msg::Confirmed(o)),
                // No Try, or already rolled back: refused (the manager keeps retrying).
                _ => out.ack(id),
            },
            _ => match (fenced, fence) {
                (false, _) | (true, Some(F_TRIED)) => run(
                    out,
                    fenced.then_some(F_ROLLBACKED),
                    Phase::Cancelled,
                    Msg::Cancelled(o),
                ),
                (true, None) => {
                    // An empty Cancel: record SUSPENDED, change nothing; a late Try now fails.
                    out.commit(Txn::Suspend(o), vec![order::put(FENCE, o, F_SUSPENDED)]);
                    out.become_(Phase::Suspended);
                    reply(out, Msg::Cancelled(o));
                }
                (true, Some(F_ROLLBACKED | F_SUSPENDED)) => reply(out, Msg::Cancelled(o)),
                // Confirmed already: refused.
                _ => out.ack(id),
            },
        }
    }
}

impl Protocol for Tcc {
    const NAME: &'static str = "tcc";
    const TIMEOUTS: &'static [Timeout] = &[
        Timeout {
            name: "try",
            default_ms: 300,
        },
        Timeout {
            name: "retry",
            default_ms: 200,
        },
    ];
    const TABLES: &'static [TableDef] = order::TABLES;
    const CRASHES_WITHIN_STEPS: bool = true;
    type Params = OrderParams<Options>;
    type Config = Config;
    type Memory = Memory;

    fn nodes(_: &Self::Params) -> Result<Vec<(Role, String)>, ScenarioError> {
        Ok(order::nodes())
    }

    fn configure(params: &Self::Params, roster: &Roster) -> Result<Config, ScenarioError> {
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
            return Self::manage(local, input, out);
        }
        match input {
            Input::Deliver { msg, id, .. } => Self::branch(local, msg, id, out),
            // Back from a crash: the state its fence row shows.
            Input::Recover => {
                let phase = match local.db.get(FENCE, THE_ORDER) {
                    Some(F_TRIED) => Phase::Tried,
                    Some(F_COMMITTED) => Phase::Confirmed,
                    Some(F_ROLLBACKED) => Phase::Cancelled,
                    Some(_) => Phase::Suspended,
                    None => return,
                };
                out.become_(phase);
            }
            _ => {}
        }
    }

    fn standing(role: Role, phase: Phase, _: &Memory) -> Standing {
        match (role, phase) {
            (ORDER, Phase::Committed | Phase::RolledBack) => Standing::SETTLED,
            (ORDER, _) => Standing {
                waiting: Waiting::Pending,
                can_resolve: true,
            },
            _ => Standing::SETTLED,
        }
    }

    fn durable_outcome(_: &[Record], db: &Db) -> Option<Outcome> {
        match db.get(GLOBAL_TX, THE_ORDER)? {
            COMMITTED => Some(order::APPROVED_OUTCOME),
            ROLLED_BACK => Some(order::CANCELLED_OUTCOME),
            _ => None,
        }
    }

    fn memory(role: Role, mem: &Memory) -> Vec<MemoryField> {
        match role {
            ORDER => {
                let names = [(1, "Stock"), (2, "Payment")];
                let answered = names
                    .iter()
                    .filter(|(bit, _)| mem.answered & bit != 0)
                    .map(|&(_, n)| n)
                    .collect();
                vec![MemoryField::new("answered", MemoryValue::Labels(answered))]
            }
            _ => Vec::new(),
        }
    }

    fn machine(role: Role) -> Machine {
        match role {
            ORDER => Machine {
                states: &[
                    "IDLE",
                    "TRYING",
                    "CONFIRMING",
                    "CANCELLING",
                    "COMMITTED",
                    "ROLLED_BACK",
                ],
                transitions: &[
                    (
                        "IDLE",
                        "TRYING",
                        "begin / log TRYING, send TRY to every branch",
                    ),
                    (
                        "TRYING",
                        "CONFIRMING",
                        "every TRIED / log CONFIRMING, send CONFIRM",
                    ),
                    (
                        "TRYING",
                        "CANCELLING",
                        "TRY_FAILED or try timeout / log CANCELLING, send CANCEL",
                    ),
                    ("CONFIRMING", "CONFIRMING", "retry / send CONFIRM again"),
                    ("CANCELLING", "CANCELLING", "retry / send CANCEL again"),
                    (
                        "CONFIRMING",
                        "COMMITTED",
                        "every CONFIRMED / approve the order",
                    ),
                    (
                        "CANCELLING",
                        "ROLLED_BACK",
                        "every CANCELLED / cancel the order",
                    ),
                ],
            },
            role => Machine {
                states: &[
                    "READY",
                    "TRIED",
                    "CONFIRMED",
                    "CANCELLED",
                    "SUSPENDED",
                    "REFUSED",
                ],
                transitions: if role == STOCK {
                    &[
                        ("READY", "TRIED", "TRY / reserve the items, fence TRIED"),
                        (
                            "READY",
                            "REFUSED",
                            "TRY, too few items / roll back, answer TRY_FAILED",
                        ),
                        (
                            "TRIED",
                            "CONFIRMED",
                            "CONFIRM / sell the items, fence COMMITTED",
                        ),
                        (
                            "TRIED",
                            "CANCELLED",
                            "CANCEL / put the items back, fence ROLLBACKED",
                        ),
                        (
                            "READY",
                            "SUSPENDED",
                            "CANCEL with no Try / fence SUSPENDED, nothing else",
                        ),
                        (
                            "REFUSED",
                            "SUSPENDED",
                            "CANCEL after a refused Try / fence SUSPENDED",
                        ),
                    ]
                } else {
                    &[
                        ("READY", "TRIED", "TRY / freeze the total, fence TRIED"),
                        (
                            "READY",
                            "REFUSED",
                            "TRY, too little money / roll back, answer TRY_FAILED",
                        ),
                        (
                            "TRIED",
                            "CONFIRMED",
                            "CONFIRM / charge the frozen total, fence COMMITTED",
                        ),
                        ("TRIED", "CANCELLED", "CANCEL / unfreeze, fence ROLLBACKED"),
                        (
                            "READY",
                            "SUSPENDED",
                            "CANCEL with no Try / fence SUSPENDED, nothing else",
                        ),
                        (
                            "REFUSED",
                            "SUSPENDED",
                            "CANCEL after a refused Try / fence SUSPENDED",
                        ),
                    ]
                },
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
            Txn::Begin(_) => "txn.order.tcc_begin",
            Txn::PhaseTwo(_) => "txn.order.phase_two",
            Txn::Commit(_) => "txn.order.approve",
            Txn::Rollback(_) => "txn.order.cancel",
            Txn::Reserve(_) => "txn.order.reserve",
            Txn::Freeze(_) => "txn.order.freeze",
            Txn::Sell(_) => "txn.order.sell",
            Txn::Charge(_) => "txn.order.charge_frozen",
            Txn::Release(_) => "txn.order.release",
            Txn::Unfreeze(_) => "txn.order.unfreeze",
            Txn::Suspend(_) => "txn.order.suspend",
        };
        Some(order::txn_words::<Options>(setup, key, txn.order(), lang))
    }

    fn row_key(setup: &Setup, table: u8, key: u32) -> String {
        order::row_key::<Options>(setup, table, key)
    }
}
