//! The local message table, or transactional outbox (本地消息表): one local transaction writes
//! the debit and an outbox row `NEW`; a relay polls the table, publishes each `NEW` row and then,
//! in a separate step, marks it `SENT`, so a crash in between publishes it again. Bank B
//! deduplicates by transfer id in the same local transaction as the credit, and acknowledges
//! only after that commit. See shared/PROTOCOLS.md, "Patterns built on message queues".
//!
//! The relay is a role of Bank A, not a node of its own: it reads Bank A's table, and a relay
//! on another node would need that database reached through messages, which no real polling
//! publisher does (it connects to the same database). Crashing Bank A crashes its relay.
//!
//! Switches (`options`), each of which the lessons break: `dedup: false` credits every delivery;
//! `ack_before_commit: true` acknowledges before the credit commits.
//!
//! Bank A `IDLE -> RELAYING -> DONE`; Bank B `WAITING -> CREDITED`.

use super::transfer::watch::TransferWatch;
use super::transfer::{self, Entry, TransferConfig, TransferParams, TxnMeaning, PAYER};
use super::transfer::{OUTBOX, PROCESSED};
use super::{db::TableDef, db::Write, Waiting};
use super::{Input, Local, Machine, MemoryField, Out, Protocol, Setup, Standing, Timeout};
use crate::doc::ScenarioError;
use crate::i18n::Lang;
use crate::model::{Code, Coded, NodeId, Outcome, Role, Roster, Tone, Values};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Outbox;

/// The protections the pattern needs, each of which can be switched off to see it break.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Bank B records each transfer it credits and skips one it has seen.
    #[serde(default = "crate::protocol::params::yes")]
    pub dedup: bool,
    /// Bank B acknowledges the message before its credit commits.
    #[serde(default)]
    pub ack_before_commit: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dedup: true,
            ack_before_commit: false,
        }
    }
}

type Config = TransferConfig<Options>;

crate::transfer_enum! {
    pub enum Msg { Transfer = "TRANSFER" }
}

impl super::Message for Msg {
    fn tone(&self) -> Tone {
        Tone::Request
    }
}

crate::coded_enum! {
    pub enum Timer {
        /// The next transfer request reaches Bank A (one per `request` interval).
        Request = "request",
        /// The relay looks for `NEW` rows in the outbox.
        Poll = "poll",
    }
}

impl super::Timer for Timer {
    fn timeout(&self) -> usize {
        match self {
            Timer::Request => 0,
            Timer::Poll => 1,
        }
    }
}

crate::coded_enum! {
    /// The outbox keeps everything in its database, no log beside it.
    pub enum Record { None = "-" }
}

crate::coded_enum! {
    pub enum Phase {
        Idle = "IDLE",
        /// Bank A has debited; its relay has outbox rows to publish.
        Relaying = "RELAYING",
        /// Every outbox row is SENT.
        Done = "DONE",
        Waiting = "WAITING",
        Credited = "CREDITED",
    }
}

impl super::Phase for Phase {
    fn outcome(&self) -> Option<Outcome> {
        match self {
            Phase::Done => Some(transfer::DEBITED),
            Phase::Credited => Some(transfer::CREDITED),
            Phase::Idle | Phase::Relaying | Phase::Waiting => None,
        }
    }
}

crate::transfer_enum! {
    pub enum Txn {
        /// The debit and the outbox row `NEW`, together.
        Debit = "debit",
        /// The relay marks the row `SENT` after publishing it.
        MarkSent = "mark-sent",
        /// The credit (and, with deduplication, the processed mark), together.
        Credit = "credit",
    }
}

impl Txn {
    fn meaning(self, dedup: bool) -> TxnMeaning {
        let (entry, key) = match self {
            Txn::Debit(_) => (Entry::Debit, "txn.debit_outbox"),
            Txn::MarkSent(_) => (Entry::Bookkeeping, "txn.mark_sent"),
            Txn::Credit(_) if dedup => (Entry::Credit, "txn.credit_processed"),
            Txn::Credit(_) => (Entry::Credit, "txn.credit"),
        };
        TxnMeaning {
            entry,
            transfer: self.transfer(),
            key,
        }
    }
}

impl Values for Outbox {
    type Msg = Msg;
    type Timer = Timer;
    type Record = Record;
    type Phase = Phase;
    type Txn = Txn;
}

/// Whether any outbox row is still `NEW`.
fn unsent(local: &Local<'_, Outbox>) -> bool {
    local.db.rows(OUTBOX).any(|(_, v)| v == transfer::NEW)
}

impl Protocol for Outbox {
    const NAME: &'static str = "outbox";
    const TIMEOUTS: &'static [Timeout] = &[
        transfer::REQUEST_TIMEOUT,
        Timeout {
            name: "poll",
            default_ms: 100,
        },
    ];
    const TABLES: &'static [TableDef] = transfer::TABLES;
    const CRASHES_WITHIN_STEPS: bool = true;
    type Params = TransferParams<Options>;
    type Config = Config;
    type Memory = transfer::Requests;

    fn nodes(_: &Self::Params) -> Result<Vec<(Role, String)>, ScenarioError> {
        Ok(transfer::nodes(&[]))
    }

    fn configure(params: &Self::Params, roster: &Roster) -> Result<Config, ScenarioError> {
        transfer::configure(params, roster)
    }

    fn boot(setup: &Setup, me: NodeId) -> (Phase, transfer::Requests) {
        let phase = match setup.roster.role(me) {
            PAYER => Phase::Idle,
            _ => Phase::Waiting,
        };
        (phase, transfer::Requests::default())
    }

    fn opening(setup: &Setup, me: NodeId) -> Vec<Write> {
        transfer::opening::<Options>(setup, me)
    }

    fn handle(local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>) {
        let cfg = local.config;
        match input {
            Input::Begin if local.me == cfg.payer => out.set_timer(Timer::Request),
            // The service: one request's debit and outbox row in one local transaction.
            Input::Timer(Timer::Request) => {
                let Some(t) = local.mem.next(cfg, local.db) else {
                    return;
                };
                out.commit(
                    Txn::Debit(t),
                    vec![
                        transfer::debit(cfg),
                        transfer::mark(OUTBOX, t, transfer::NEW),
                    ],
                );
                if t < cfg.transfers {
                    out.set_timer(Timer::Request);
                }
                if local.phase != Phase::Relaying {
                    out.set_timer(Timer::Poll);
                    out.become_(Phase::Relaying);
                }
            }
            // The relay: publish every NEW row, then mark it SENT (two steps, not atomic).
            Input::Timer(Timer::Poll) => {
                let new: Vec<u32> = local
                    .db
                    .rows(OUTBOX)
                    .filter(|&(_, v)| v == transfer::NEW)
                    .map(|(t, _)| t)
                    .collect();
                for t in new {
                    out.send(cfg.payee, Msg::Transfer(t));
                    out.commit(
                        Txn::MarkSent(t),
                        vec![transfer::mark(OUTBOX, t, transfer::SENT)],
                    );
                }
                if local.phase != Phase::Done {
                    out.become_(Phase::Done);
                }
            }
            // Back from a crash: the relay resumes from the table.
            Input::Recover if local.me == cfg.payer => {
                if unsent(&local) {
                    out.set_timer(Timer::Poll);
                    out.become_(Phase::Relaying);
                } else if local.db.rows(OUTBOX).next().is_some() {
                    out.become_(Phase::Done);
                }
            }
            Input::Deliver {
                msg: Msg::Transfer(t),
                id,
                ..
            } if local.me == cfg.payee => {
                let dedup = cfg.options.dedup;
                if dedup && local.db.get(PROCESSED, t).is_some() {
                    // Seen before: acknowledge, change nothing.
                    out.ack(id);
                } else {
                    let mut writes = vec![transfer::credit(cfg)];
                    if dedup {
                        writes.push(transfer::mark(PROCESSED, t, 1));
                    }
                    if cfg.options.ack_before_commit {
                        out.ack(id);
                        out.commit(Txn::Credit(t), writes);
                    } else {
                        out.commit(Txn::Credit(t), writes);
                        out.ack(id);
                    }
                }
                // Only a change of state is an event; an effect that makes none must not end a
                // handler, or the run's last event would come before its quiet checks.
                if local.phase != Phase::Credited {
                    out.become_(Phase::Credited);
                }
            }
            Input::Deliver { id, .. } => out.ack(id),
            _ => {}
        }
    }

    fn standing(_: Role, phase: Phase, _: &transfer::Requests) -> Standing {
        match phase {
            Phase::Waiting | Phase::Relaying => Standing {
                waiting: Waiting::Pending,
                can_resolve: true,
            },
            _ => Standing::SETTLED,
        }
    }

    fn durable_outcome(_: &[Record], db: &super::db::Db) -> Option<Outcome> {
        if db.rows(PROCESSED).next().is_some() {
            Some(transfer::CREDITED)
        } else if db.rows(OUTBOX).next().is_some() {
            Some(transfer::DEBITED)
        } else {
            None
        }
    }

    fn memory(role: Role, mem: &transfer::Requests) -> Vec<MemoryField> {
        transfer::requests_memory(role, mem)
    }

    fn machine(role: Role) -> Machine {
        match role {
            PAYER => Machine {
                states: &["IDLE", "RELAYING", "DONE"],
                transitions: &[
                    (
                        "IDLE",
                        "RELAYING",
                        "request / commit debit + outbox row NEW",
                    ),
                    (
                        "RELAYING",
                        "DONE",
                        "poll / publish TRANSFER, then mark SENT",
                    ),
                    ("IDLE", "RELAYING", "recover, a row still NEW"),
                ],
            },
            _ => Machine {
                states: &["WAITING", "CREDITED"],
                transitions: &[
                    (
                        "WAITING",
                        "CREDITED",
                        "TRANSFER / commit credit + processed mark, ack",
                    ),
                    ("CREDITED", "CREDITED", "TRANSFER seen before / ack"),
                ],
            },
        }
    }

    fn watch(setup: &Setup) -> Box<dyn super::watch::Watch> {
        Box::new(TransferWatch::new::<Options>(
            setup,
            transfer::TABLES,
            |c: Code| Txn::from_code(c).map(|t| (t.meaning(true).entry, t.transfer())),
        ))
    }

    fn txn_words(setup: &Setup, txn: Txn, lang: Lang) -> Option<String> {
        let dedup = setup.config::<Config>().options.dedup;
        Some(transfer::txn_words::<Options>(
            setup,
            txn.meaning(dedup),
            lang,
        ))
    }

    fn row_key(setup: &Setup, table: u8, key: u32) -> String {
        transfer::row_key::<Options>(setup, table, key)
    }
}
