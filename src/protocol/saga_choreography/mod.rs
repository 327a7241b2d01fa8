//! The choreographed Saga: no orchestrator. Each service reacts to the event the one before it
//! published and publishes its own: the Order service creates the order and publishes
//! ORDER_CREATED; Stock reserves the items and publishes STOCK_RESERVED; Payment charges the
//! customer and publishes PAYMENT_DONE, on which the Order service approves the order and Stock
//! sells the items. A refusal publishes a failure event that travels back the way the order
//! came, each service compensating its own step: PAYMENT_FAILED makes Stock release the items
//! and publish STOCK_RELEASED, on which the order is cancelled. See shared/PROTOCOLS.md, "Saga".
//!
//! Nobody holds the saga's state in one place: it is spread over the services' `step` rows
//! (which also make a redelivered event idempotent, unless `options.idempotent` is off), and
//! it moves only through the queue's at-least-once delivery, with no timer anywhere. The
//! picture shows the contrast with the orchestrated saga: messages go from service to service
//! instead of to and from one hub.
//!
//! Order `IDLE -> PENDING -> APPROVED | CANCELLED`; Stock `READY -> RESERVED -> SOLD |
//! RELEASED`, or `REFUSED`; Payment `READY -> CHARGED | REFUSED`.

use super::db::{Db, TableDef, Write};
use super::order::watch::OrderWatch;
use super::order::{self, Effect, OrderConfig, OrderParams, ORDER, PAYMENT, STOCK};
use super::order::{CANCELLED, ORDER_TABLE, PENDING, STEP, THE_ORDER};
use super::order::{COMPENSATED, DONE, REFUSED};
use super::Waiting;
use super::{Input, Local, Machine, MemoryField, Out, Protocol, Setup, Standing, Timeout};
use crate::doc::ScenarioError;
use crate::i18n::Lang;
use crate::model::{Code, Coded, MsgId, NodeId, Outcome, Role, Roster, Tone, Values};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SagaChoreography;

/// Whether the services keep their `step` rows to answer a redelivered event without acting
/// on it again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    #[serde(default = "crate::protocol::params::yes")]
    pub idempotent: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { idempotent: true }
    }
}

type Config = OrderConfig<Options>;

crate::order_enum! {
    pub enum Msg {
        OrderCreated = "ORDER_CREATED",
        StockReserved = "STOCK_RESERVED",
        StockFailed = "STOCK_FAILED",
        PaymentDone = "PAYMENT_DONE",
        PaymentFailed = "PAYMENT_FAILED",
        StockReleased = "STOCK_RELEASED",
    }
}

impl super::Message for Msg {
    fn tone(&self) -> Tone {
        match self {
            Msg::OrderCreated(_) => Tone::Request,
            Msg::StockReserved(_) | Msg::PaymentDone(_) => Tone::Yes,
            Msg::StockFailed(_) | Msg::PaymentFailed(_) => Tone::No,
            Msg::StockReleased(_) => Tone::Abort,
        }
    }
}

crate::coded_enum! {
    /// No timer is ever armed: events move the saga on.
    pub enum Timer { None = "none" }
}

impl super::Timer for Timer {
    fn timeout(&self) -> usize {
        0
    }
}

crate::coded_enum! {
    /// Everything is in the services' databases, no log beside them.
    pub enum Record { None = "-" }
}

crate::coded_enum! {
    pub enum Phase {
        Idle = "IDLE",
        Pending = "PENDING",
        Approved = "APPROVED",
        Cancelled = "CANCELLED",
        Ready = "READY",
        Reserved = "RESERVED",
        Sold = "SOLD",
        Released = "RELEASED",
        Charged = "CHARGED",
        Refused = "REFUSED",
    }
}

impl super::Phase for Phase {
    fn outcome(&self) -> Option<Outcome> {
        match self {
            Phase::Approved => Some(order::APPROVED_OUTCOME),
            Phase::Cancelled => Some(order::CANCELLED_OUTCOME),
            Phase::Sold | Phase::Charged => Some(order::DONE_OUTCOME),
            Phase::Released => Some(order::UNDONE_OUTCOME),
            Phase::Refused => Some(order::REFUSED_OUTCOME),
            _ => None,
        }
    }
}

crate::order_enum! {
    pub enum Txn {
        /// The order, PENDING.
        Create = "create",
        Approve = "approve",
        Cancel = "cancel",
        Reserve = "reserve",
        Release = "release",
        Sell = "sell",
        Charge = "charge",
        /// A refusal recorded (out of stock, insufficient funds): nothing else changes.
        Refuse = "refuse",
    }
}

impl Txn {
    fn effect(self) -> Effect {
        match self {
            Txn::Reserve(_) => Effect::Reserve,
            Txn::Release(_) => Effect::Release,
            Txn::Sell(_) => Effect::Sell,
            Txn::Charge(_) => Effect::Charge,
            _ => Effect::Bookkeeping,
        }
    }
}

impl Values for SagaChoreography {
    type Msg = Msg;
    type Timer = Timer;
    type Record = Record;
    type Phase = Phase;
    type Txn = Txn;
}

/// What a service does with one event: the local transaction (if any), the phase it enters and
/// the events it publishes.
struct Reaction {
    txn: Option<(Txn, Vec<Write>)>,
    phase: Option<Phase>,
    publish: Vec<(NodeId, Msg)>,
}

impl Reaction {
    fn none() -> Reaction {
        Reaction {
            txn: None,
            phase: None,
            publish: Vec::new(),
        }
    }
}

impl SagaChoreography {
    fn react(local: &Local<'_, Self>, msg: Msg) -> Reaction {
        let cfg = local.config;
        let o = msg.order();
        let row = local.db.get(STEP, o);
        let seen = cfg.options.idempotent;
        let status = local.db.get(ORDER_TABLE, o);
        let with_step = |mut writes: Vec<Write>, v: i64| {
            writes.push(order::put(STEP, o, v));
            writes
        };
        match (local.me, msg) {
            (me, Msg::OrderCreated(_)) if me == cfg.stock => match row {
                Some(DONE) if seen => Reaction {
                    publish: vec![(cfg.payment, Msg::StockReserved(o))],
                    ..Reaction::none()
                },
                Some(REFUSED) if seen => Reaction {
                    publish: vec![(cfg.order, Msg::StockFailed(o))],
                    ..Reaction::none()
                },
                // A redelivered ORDER_CREATED after Stock compensated: the step must not run
                // again (the explorer found this run: a duplicate arriving after PAYMENT_FAILED).
                Some(COMPENSATED) if seen => Reaction::none(),
                _ if cfg.in_stock(local.db) => Reaction {
                    txn: Some((Txn::Reserve(o), with_step(cfg.reserve(o), DONE))),
                    phase: Some(Phase::Reserved),
                    publish: vec![(cfg.payment, Msg::StockReserved(o))],
                },
                _ => Reaction {
                    txn: Some((Txn::Refuse(o), vec![order::put(STEP, o, REFUSED)])),
                    phase: Some(Phase::Refused),
                    publish: vec![(cfg.order, Msg::StockFailed(o))],
                },
            },
            (me, Msg::StockReserved(_)) if me == cfg.payment => match row {
                Some(DONE) if seen => Reaction {
                    publish: vec![
                        (cfg.order, Msg::PaymentDone(o)),
                        (cfg.stock, Msg::PaymentDone(o)),
                    ],
                    ..Reaction::none()
                },
                Some(REFUSED) if seen => Reaction {
                    publish: vec![(cfg.stock, Msg::PaymentFailed(o))],
                    ..Reaction::none()
                },
                _ if cfg.can_pay(local.db) => Reaction {
                    txn: Some((Txn::Charge(o), with_step(cfg.charge(o), DONE))),
                    phase: Some(Phase::Charged),
                    publish: vec![
                        (cfg.order, Msg::PaymentDone(o)),
                        (cfg.stock, Msg::PaymentDone(o)),
                    ],
                },
                _ => Reaction {
                    txn: Some((Txn::Refuse(o), vec![order::put(STEP, o, REFUSED)])),
                    phase: Some(Phase::Refused),
                    publish: vec![(cfg.stock, Msg::PaymentFailed(o))],
                },
            },
            // Stock sells what it reserved once the payment is done.
            (me, Msg::PaymentDone(_)) if me == cfg.stock => {
                if seen && local.db.get(order::SOLD, o).is_some() {
                    Reaction::none()
                } else {
                    Reaction {
                        txn: Some((Txn::Sell(o), cfg.sell(o))),
                        phase: Some(Phase::Sold),
                        publish: Vec::new(),
                    }
                }
            }
            // The failure travels back: Stock compensates its own step.
            (me, Msg::PaymentFailed(_)) if me == cfg.stock => match row {
                Some(COMPENSATED) if seen => Reaction {
                    publish: vec![(cfg.order, Msg::StockReleased(o))],
                    ..Reaction::none()
                },
                _ => Reaction {
                    txn: Some((Txn::Release(o), with_step(cfg.release(o), COMPENSATED))),
                    phase: Some(Phase::Released),
                    publish: vec![(cfg.order, Msg::StockReleased(o))],
                },
            },
            (me, Msg::PaymentDone(_)) if me == cfg.order && status == Some(PENDING) => Reaction {
                txn: Some((
                    Txn::Approve(o),
                    vec![order::put(ORDER_TABLE, o, order::APPROVED)],
                )),
                phase: Some(Phase::Approved),
                publish: Vec::new(),
            },
            (me, Msg::StockFailed(_) | Msg::StockReleased(_))
                if me == cfg.order && status == Some(PENDING) =>
            {
                Reaction {
                    txn: Some((Txn::Cancel(o), vec![order::put(ORDER_TABLE, o, CANCELLED)])),
                    phase: Some(Phase::Cancelled),
                    publish: Vec::new(),
                }
            }
            _ => Reaction::none(),
        }
    }

    /// The state a node's database shows (after a crash, its memory starts afresh).
    fn phase_from_db(local: &Local<'_, Self>) -> Option<Phase> {
        let cfg = local.config;
        let o = THE_ORDER;
        if local.me == cfg.order {
            return match local.db.get(ORDER_TABLE, o)? {
                PENDING => Some(Phase::Pending),
                order::APPROVED => Some(Phase::Approved),
                _ => Some(Phase::Cancelled),
            };
        }
        let stock = local.me == cfg.stock;
        Some(match local.db.get(STEP, o)? {
            DONE if stock && local.db.get(order::SOLD, o).is_some() => Phase::Sold,
            DONE if stock => Phase::Reserved,
            DONE => Phase::Charged,
            COMPENSATED => Phase::Released,
            _ => Phase::Refused,
        })
    }

    fn deliver(local: Local<'_, Self>, msg: Msg, id: MsgId, out: &mut Out<Self>) {
        let reaction = Self::react(&local, msg);
        if let Some((txn, writes)) = reaction.txn {
            out.commit(txn, writes);
        }
        if let Some(phase) = reaction.phase.filter(|p| *p != local.phase) {
            out.become_(phase);
        }
        for (to, event) in reaction.publish {
            out.send(to, event);
        }
        // Acknowledged once its effects are done: a crash before redelivers it.
        out.ack(id);
    }
}

impl Protocol for SagaChoreography {
    const NAME: &'static str = "saga-choreography";
    const TIMEOUTS: &'static [Timeout] = &[];
    const TABLES: &'static [TableDef] = order::TABLES;
    const CRASHES_WITHIN_STEPS: bool = true;
    type Params = OrderParams<Options>;
    type Config = Config;
    type Memory = ();

    fn nodes(_: &Self::Params) -> Result<Vec<(Role, String)>, ScenarioError> {
        Ok(order::nodes())
    }

    fn configure(params: &Self::Params, roster: &Roster) -> Result<Config, ScenarioError> {
        order::configure(params, roster)
    }

    fn boot(setup: &Setup, me: NodeId) -> (Phase, ()) {
        let phase = match setup.roster.role(me) {
            ORDER => Phase::Idle,
            _ => Phase::Ready,
        };
        (phase, ())
    }

    fn opening(setup: &Setup, me: NodeId) -> Vec<Write> {
        order::opening::<Options>(setup, me)
    }

    fn handle(local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>) {
        let cfg = local.config;
        match input {
            Input::Begin if local.me == cfg.order => {
                let o = THE_ORDER;
                out.commit(Txn::Create(o), vec![order::put(ORDER_TABLE, o, PENDING)]);
                out.become_(Phase::Pending);
                out.send(cfg.stock, Msg::OrderCreated(o));
            }
            // A crash loses nothing: the databases keep the saga, the queue keeps the events;
            // the node takes up the state its database shows.
            Input::Recover => {
                if let Some(phase) = Self::phase_from_db(&local) {
                    out.become_(phase);
                }
            }
            Input::Deliver { msg, id, .. } => Self::deliver(local, msg, id, out),
            _ => {}
        }
    }

    fn standing(role: Role, phase: Phase, _: &()) -> Standing {
        match (role, phase) {
            (ORDER, Phase::Idle | Phase::Pending) => Standing {
                waiting: Waiting::Pending,
                can_resolve: true,
            },
            _ => Standing::SETTLED,
        }
    }

    fn durable_outcome(_: &[Record], db: &Db) -> Option<Outcome> {
        match db.get(ORDER_TABLE, THE_ORDER)? {
            order::APPROVED => Some(order::APPROVED_OUTCOME),
            CANCELLED => Some(order::CANCELLED_OUTCOME),
            _ => None,
        }
    }

    fn memory(_: Role, _: &()) -> Vec<MemoryField> {
        Vec::new()
    }

    fn machine(role: Role) -> Machine {
        match role {
            ORDER => Machine {
                states: &["IDLE", "PENDING", "APPROVED", "CANCELLED"],
                transitions: &[
                    (
                        "IDLE",
                        "PENDING",
                        "begin / create the order, publish ORDER_CREATED",
                    ),
                    ("PENDING", "APPROVED", "PAYMENT_DONE / approve the order"),
                    (
                        "PENDING",
                        "CANCELLED",
                        "STOCK_FAILED or STOCK_RELEASED / cancel the order",
                    ),
                ],
            },
            STOCK => Machine {
                states: &["READY", "RESERVED", "SOLD", "RELEASED", "REFUSED"],
                transitions: &[
                    (
                        "READY",
                        "RESERVED",
                        "ORDER_CREATED / reserve, publish STOCK_RESERVED",
                    ),
                    (
                        "READY",
                        "REFUSED",
                        "ORDER_CREATED, too few items / publish STOCK_FAILED",
                    ),
                    ("RESERVED", "SOLD", "PAYMENT_DONE / sell the reserved items"),
                    (
                        "RESERVED",
                        "RELEASED",
                        "PAYMENT_FAILED / put the items back, publish STOCK_RELEASED",
                    ),
                ],
            },
            PAYMENT => Machine {
                states: &["READY", "CHARGED", "REFUSED"],
                transitions: &[
                    (
                        "READY",
                        "CHARGED",
                        "STOCK_RESERVED / charge, publish PAYMENT_DONE",
                    ),
                    (
                        "READY",
                        "REFUSED",
                        "STOCK_RESERVED, too little money / publish PAYMENT_FAILED",
                    ),
                ],
            },
            _ => Machine {
                states: &[],
                transitions: &[],
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
            Txn::Create(_) => "txn.order.create_plain",
            Txn::Approve(_) => "txn.order.approve",
            Txn::Cancel(_) => "txn.order.cancel",
            Txn::Reserve(_) => "txn.order.reserve",
            Txn::Release(_) => "txn.order.release",
            Txn::Sell(_) => "txn.order.sell",
            Txn::Charge(_) => "txn.order.charge",
            Txn::Refuse(_) => "txn.order.refuse",
        };
        Some(order::txn_words::<Options>(setup, key, txn.order(), lang))
    }

    fn row_key(setup: &Setup, table: u8, key: u32) -> String {
        order::row_key::<Options>(setup, table, key)
    }
}
