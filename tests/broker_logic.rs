//! The machinery the message-queue patterns stand on, driven by a small protocol written here
//! (no shipped protocol uses all of it yet): a broker node that runs logic (it keeps a *half*
//! message until the producer commits, as RocketMQ does), publisher confirms, local
//! transactions in a node's database that survive crashes, an acknowledgement the consumer
//! sends when it chooses (after its local commit), and deliveries that carry their message id
//! and redelivered flag so a consumer can deduplicate.

use serde::{Deserialize, Serialize};
use std::sync::Arc;
use txscope::doc::ScenarioError;
use txscope::model::{Codes, Event, EventKind, NodeId, Role, Roster, Stamped, Tone, Transport};
use txscope::protocol::db::{Db, TableDef, ValueKind, Write};
use txscope::protocol::engine::Adapter;
use txscope::protocol::watch::{Invariant, Violation, Watch};
use txscope::protocol::{
    Engine, Input, Local, Machine, MemoryField, Node, Out, Protocol, Setup, Standing, Timeout,
};
use txscope::sim::config::{Fault, Pattern, Scripted, Trigger};
use txscope::sim::{Config, World};

const PRODUCER: NodeId = NodeId(0);
const BROKER: NodeId = NodeId(1);
const CONSUMER: NodeId = NodeId(2);
const AMOUNT: i64 = 30;

/// Tables: balances (producer's account `0`, consumer's account `1`), the broker's half
/// messages (by the id of the producer's message), the consumer's processed message ids.
const BALANCE: u8 = 0;
const HALF: u8 = 1;
const SEEN: u8 = 2;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
struct Relay;

txscope::coded_enum! {
    enum Msg { Half = "HALF", Commit = "COMMIT", Transfer = "TRANSFER" }
}
txscope::coded_enum! {
    enum Timer { Unused = "unused" }
}
txscope::coded_enum! {
    enum Record { Unused = "UNUSED" }
}
txscope::coded_enum! {
    enum Phase { Idle = "IDLE", Sent = "SENT", Done = "DONE" }
}
txscope::coded_enum! {
    enum Txn { Debit = "debit", StoreHalf = "store-half", Release = "release", Credit = "credit" }
}

impl txscope::protocol::Message for Msg {
    fn tone(&self) -> Tone {
        Tone::Info
    }
}
impl txscope::protocol::Timer for Timer {
    fn timeout(&self) -> usize {
        0
    }
}
impl txscope::protocol::Phase for Phase {}

impl txscope::model::Values for Relay {
    type Msg = Msg;
    type Timer = Timer;
    type Record = Record;
    type Phase = Phase;
    type Txn = Txn;
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct NoParams {}

/// No invariants: the test reads the run itself.
#[derive(Clone, Debug)]
struct NoWatch;

impl Watch for NoWatch {
    fn invariants(&self) -> &'static [Invariant] {
        &[]
    }
    fn observe(&mut self, _: u64, _: &Event<Codes>, _: &[Node], _: &mut Vec<Violation>) {}
    fn clone_box(&self) -> Box<dyn Watch> {
        Box::new(self.clone())
    }
    fn hash_state(&self, _: &mut dyn std::hash::Hasher) {}
}

impl Protocol for Relay {
    const NAME: &'static str = "relay-test";
    const TIMEOUTS: &'static [Timeout] = &[];
    const TABLES: &'static [TableDef] = &[
        TableDef {
            name: "balance",
            value: ValueKind::Money,
        },
        TableDef {
            name: "half",
            value: ValueKind::Mark,
        },
        TableDef {
            name: "seen",
            value: ValueKind::Mark,
        },
    ];
    type Params = NoParams;
    type Config = ();
    type Memory = ();

    fn nodes(_: &NoParams) -> Result<Vec<(Role, String)>, ScenarioError> {
        Ok(vec![
            (Role("producer"), "A".into()),
            (Role::BROKER, "MQ".into()),
            (Role("consumer"), "B".into()),
        ])
    }

    fn configure(_: &NoParams, _: &Roster) -> Result<(), ScenarioError> {
        Ok(())
    }

    fn boot(_: &Setup, _: NodeId) -> (Phase, ()) {
        (Phase::Idle, ())
    }

    fn handle(local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>) {
        match (local.me, input) {
            // The producer sends the half message and waits for the broker's confirm.
            (PRODUCER, Input::Begin) => {
                out.send_confirmed(BROKER, Msg::Half);
                out.become_(Phase::Sent);
            }
            // Stored: run the local transaction, then tell the broker to commit.
            (PRODUCER, Input::Confirmed { msg: Msg::Half, .. }) => {
                out.commit(
                    Txn::Debit,
                    vec![Write::Add {
                        table: BALANCE,
                        key: 0,
                        by: -AMOUNT,
                    }],
                );
                out.send(BROKER, Msg::Commit);
                out.become_(Phase::Done);
            }
            // The broker keeps the half message in its database, invisible to the consumer...
            (BROKER, Input::Deliver { msg: Msg::Half, .. }) => out.commit(
                Txn::StoreHalf,
                vec![Write::Put {
                    table: HALF,
                    key: 0,
                    value: 1,
                }],
            ),
            // ... and releases it to the consumer's queue on COMMIT.
            (
                BROKER,
                Input::Deliver {
                    msg: Msg::Commit, ..
                },
            ) if local.db.get(HALF, 0).is_some() => {
                out.commit(
                    Txn::Release,
                    vec![Write::Delete {
                        table: HALF,
                        key: 0,
                    }],
                );
                out.send(CONSUMER, Msg::Transfer);
            }
            // The consumer credits once per message id, in one local transaction with the
            // record of the id, and acknowledges only after that commit.
            (
                CONSUMER,
                Input::Deliver {
                    msg: Msg::Transfer,
                    id,
                    ..
                },
            ) => {
                if local.db.get(SEEN, id.0).is_none() {
                    out.commit(
                        Txn::Credit,
                        vec![
                            Write::Add {
                                table: BALANCE,
                                key: 1,
                                by: AMOUNT,
                            },
                            Write::Put {
                                table: SEEN,
                                key: id.0,
                                value: 1,
                            },
                        ],
                    );
                }
                out.ack(id);
                out.become_(Phase::Done);
            }
            _ => {}
        }
    }

    fn standing(_: Role, _: Phase, _: &()) -> Standing {
        Standing::SETTLED
    }

    fn memory(_: Role, _: &()) -> Vec<MemoryField> {
        Vec::new()
    }

    fn machine(_: Role) -> Machine {
        Machine {
            states: Phase::LABELS,
            transitions: &[],
        }
    }

    fn watch(_: &Setup) -> Box<dyn Watch> {
        Box::new(NoWatch)
    }
}

use txscope::model::Coded as _;

static RELAY: Adapter<Relay> = Adapter::NEW;

fn config(faults: Vec<Scripted>) -> Arc<Config> {
    let engine: &'static dyn Engine = &RELAY;
    Arc::new(Config {
        engine,
        setup: engine
            .setup(&engine.default_params(), Vec::new())
            .expect("the test protocol's setup"),
        transport: Transport::Queue,
        latency: (5, 5),
        prefetch: 1,
        drop_ppm: 0,
        seed: 7,
        max_time_ms: 10_000,
        faults,
        schedule: Vec::new(),
    })
}

fn run(faults: Vec<Scripted>) -> (Vec<Stamped<Codes>>, World) {
    let mut world = World::new(config(faults));
    let mut events = Vec::new();
    while let Some(e) = world.step() {
        events.push(e);
    }
    (events, world)
}

/// Right after the first event of `kind` at `node` labelled `label`.
fn after(kind: EventKind, node: NodeId, label: &'static str, fault: Fault) -> Scripted {
    Scripted {
        when: Trigger::After(Pattern {
            kind: Some(kind),
            node: Some(node),
            label: Some(label),
            nth: 1,
            ..Default::default()
        }),
        fault,
    }
}

fn at(ms: u64, fault: Fault) -> Scripted {
    Scripted {
        when: Trigger::At(ms),
        fault,
    }
}

fn position(events: &[Stamped<Codes>], what: impl Fn(&Event<Codes>) -> bool) -> Option<usize> {
    events.iter().position(|e| what(&e.event))
}

fn commit_of(node: NodeId, txn: Txn) -> impl Fn(&Event<Codes>) -> bool {
    move |e| matches!(e, Event::Commit { node: n, txn: t } if *n == node && *t == txn.code())
}

fn balance(db: &Db, key: u32) -> i64 {
    db.value(BALANCE, key)
}

#[test]
fn the_broker_holds_the_half_message_until_commit_and_the_consumer_acks_after_its_credit() {
    let (events, world) = run(Vec::new());
    let stored = position(&events, commit_of(BROKER, Txn::StoreHalf)).expect("half stored");
    let confirm = position(
        &events,
        |e| matches!(e, Event::Confirm { node, .. } if *node == PRODUCER),
    )
    .expect("the broker confirms the half message to its producer");
    let debit = position(&events, commit_of(PRODUCER, Txn::Debit)).expect("debit");
    let released = position(&events, commit_of(BROKER, Txn::Release)).expect("released");
    let credit = position(&events, commit_of(CONSUMER, Txn::Credit)).expect("credit");
    let ack = position(
        &events,
        |e| matches!(e, Event::Ack { node, .. } if *node == CONSUMER),
    )
    .expect("the consumer acknowledges");
    assert!(stored < confirm && confirm < debit && debit < released && released < credit);
    assert!(credit < ack, "acknowledged after the local commit");
    // Nothing reached the consumer before the broker released it, and what the broker sent went
    // straight into the consumer's queue (no hop to the broker).
    let delivered = position(
        &events,
        |e| matches!(e, Event::Deliver { to, .. } if *to == CONSUMER),
    )
    .expect("delivered");
    assert!(delivered > released);
    assert!(events
        .iter()
        .any(|e| matches!(e.event, Event::Enqueue { to, .. } if to == CONSUMER)));
    let nodes = world.nodes();
    assert_eq!(balance(&nodes[PRODUCER.index()].db, 0), -AMOUNT);
    assert_eq!(balance(&nodes[CONSUMER.index()].db, 1), AMOUNT);
    assert_eq!(nodes[BROKER.index()].db.get(HALF, 0), None);
    assert!(
        world.queues().iter().all(|q| q.is_empty()),
        "all acknowledged"
    );
}

#[test]
fn a_consumer_that_crashes_between_its_commit_and_its_ack_gets_the_message_again_and_deduplicates()
{
    let (events, world) = run(vec![
        after(
            EventKind::Commit,
            CONSUMER,
            "credit",
            Fault::Crash(CONSUMER),
        ),
        at(1_000, Fault::Recover(CONSUMER)),
    ]);
    let deliveries: Vec<(u32, bool)> = events
        .iter()
        .filter_map(|e| match e.event {
            Event::Deliver {
                to,
                id,
                redelivered,
                ..
            } if to == CONSUMER => Some((id.0, redelivered)),
            _ => None,
        })
        .collect();
    assert_eq!(deliveries.len(), 2, "{deliveries:?}");
    assert_eq!(deliveries[0].0, deliveries[1].0, "the same message id");
    assert_eq!((deliveries[0].1, deliveries[1].1), (false, true));
    let credits = events
        .iter()
        .filter(|e| commit_of(CONSUMER, Txn::Credit)(&e.event))
        .count();
    assert_eq!(
        credits, 1,
        "the second delivery finds its id in the database"
    );
    let consumer = &world.nodes()[CONSUMER.index()];
    assert_eq!(
        balance(&consumer.db, 1),
        AMOUNT,
        "the credit survived the crash"
    );
    assert!(world.queues()[CONSUMER.index()].is_empty());
}

#[test]
fn a_message_for_a_crashed_broker_is_lost_and_never_confirmed() {
    let (events, world) = run(vec![at(0, Fault::Crash(BROKER))]);
    assert!(events.iter().any(|e| matches!(
        e.event,
        Event::Drop {
            reason: txscope::model::DropReason::ReceiverDown,
            ..
        }
    )));
    assert!(!events
        .iter()
        .any(|e| matches!(e.event, Event::Confirm { .. })));
    assert_eq!(balance(&world.nodes()[PRODUCER.index()].db, 0), 0);
    assert_eq!(balance(&world.nodes()[CONSUMER.index()].db, 1), 0);
}

#[test]
fn the_broker_keeps_its_half_messages_through_a_crash() {
    // Crash the broker right after it stored the half message: its confirm dies with it, so the
    // producer never commits; the half message waits in the broker's database.
    let (events, world) = run(vec![
        after(
            EventKind::Commit,
            BROKER,
            "store-half",
            Fault::Crash(BROKER),
        ),
        at(500, Fault::Recover(BROKER)),
    ]);
    assert!(events
        .iter()
        .any(|e| matches!(e.event, Event::Recover { node } if node == BROKER)));
    assert!(
        !events
            .iter()
            .any(|e| matches!(e.event, Event::Confirm { .. })),
        "the confirm died with the broker"
    );
    assert_eq!(world.nodes()[BROKER.index()].db.get(HALF, 0), Some(1));
    assert_eq!(balance(&world.nodes()[PRODUCER.index()].db, 0), 0);
}
