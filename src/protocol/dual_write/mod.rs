//! The dual write, an anti-pattern shown to be broken: Bank A commits the debit in its local
//! database and then publishes the transfer (or, with `publish_first`, publishes and then
//! commits). The two writes are not atomic: a crash between them loses the money (or creates
//! it). See shared/PROTOCOLS.md, "Patterns built on message queues".
//!
//! Bank A `IDLE -> DONE`; Bank B `WAITING -> CREDITED`. After a crash Bank A has no record of
//! what it did and does nothing: the request died with it.

use super::transfer::watch::TransferWatch;
use super::transfer::{self, Entry, TransferConfig, TransferParams, TxnMeaning, PAYER};
use super::{db::TableDef, Waiting};
use super::{Input, Local, Machine, MemoryField, Out, Protocol, Setup, Standing, Timeout};
use crate::doc::ScenarioError;
use crate::i18n::Lang;
use crate::model::{Code, Coded, NodeId, Outcome, Role, Roster, Tone, Values};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DualWrite;

/// The pattern's switch: which of the two writes comes first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Publish the transfer before committing the debit (a crash in between creates money).
    #[serde(default)]
    pub publish_first: bool,
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
    }
}

impl super::Timer for Timer {
    fn timeout(&self) -> usize {
        0
    }
}

crate::coded_enum! {
    /// The dual write keeps no log beside its database.
    pub enum Record { None = "-" }
}

crate::coded_enum! {
    pub enum Phase {
        /// Bank A before the transfer request.
        Idle = "IDLE",
        /// Bank A has done both writes.
        Done = "DONE",
        /// Bank B waiting for the transfer.
        Waiting = "WAITING",
        Credited = "CREDITED",
    }
}

impl super::Phase for Phase {
    fn outcome(&self) -> Option<Outcome> {
        match self {
            Phase::Done => Some(transfer::DEBITED),
            Phase::Credited => Some(transfer::CREDITED),
            Phase::Idle | Phase::Waiting => None,
        }
    }
}

crate::transfer_enum! {
    pub enum Txn { Debit = "debit", Credit = "credit" }
}

impl Txn {
    fn meaning(self) -> TxnMeaning {
        let (entry, key) = match self {
            Txn::Debit(_) => (Entry::Debit, "txn.debit"),
            Txn::Credit(_) => (Entry::Credit, "txn.credit"),
        };
        TxnMeaning {
            entry,
            transfer: self.transfer(),
            key,
        }
    }
}

impl Values for DualWrite {
    type Msg = Msg;
    type Timer = Timer;
    type Record = Record;
    type Phase = Phase;
    type Txn = Txn;
}

impl Protocol for DualWrite {
    const NAME: &'static str = "dual-write";
    const TIMEOUTS: &'static [Timeout] = &[transfer::REQUEST_TIMEOUT];
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

    fn opening(setup: &Setup, me: NodeId) -> Vec<super::db::Write> {
        transfer::opening::<Options>(setup, me)
    }

    fn handle(local: Local<'_, Self>, input: Input<Self>, out: &mut Out<Self>) {
        let cfg = local.config;
        match input {
            Input::Begin if local.me == cfg.payer => out.set_timer(Timer::Request),
            // One transfer request: the two writes, one after the other.
            Input::Timer(Timer::Request) => {
                let Some(t) = local.mem.next(cfg, local.db) else {
                    return;
                };
                let debit = |out: &mut Out<Self>| {
                    out.commit(Txn::Debit(t), vec![transfer::debit(cfg)]);
                };
                if cfg.options.publish_first {
                    out.send(cfg.payee, Msg::Transfer(t));
                    debit(out);
                } else {
                    debit(out);
                    out.send(cfg.payee, Msg::Transfer(t));
                }
                if t < cfg.transfers {
                    out.set_timer(Timer::Request);
                }
                if local.phase != Phase::Done {
                    out.become_(Phase::Done);
                }
            }
            Input::Deliver {
                msg: Msg::Transfer(t),
                id,
                ..
            } if local.me == cfg.payee => {
                out.commit(Txn::Credit(t), vec![transfer::credit(cfg)]);
                out.ack(id);
                // Only a change of state is an event; an effect that makes none must not end a
                // handler, or the run's last event would come before its quiet checks.
                if local.phase != Phase::Credited {
                    out.become_(Phase::Credited);
                }
            }
            // Anything else is acknowledged and ignored; a recovered Bank A knows nothing.
            Input::Deliver { id, .. } => out.ack(id),
            _ => {}
        }
    }

    fn standing(_: Role, phase: Phase, _: &transfer::Requests) -> Standing {
        match phase {
            Phase::Waiting => Standing {
                waiting: Waiting::Pending,
                can_resolve: true,
            },
            _ => Standing::SETTLED,
        }
    }

    fn memory(role: Role, mem: &transfer::Requests) -> Vec<MemoryField> {
        transfer::requests_memory(role, mem)
    }

    fn machine(role: Role) -> Machine {
        match role {
            PAYER => Machine {
                states: &["IDLE", "DONE"],
                transitions: &[(
                    "IDLE",
                    "DONE",
                    "request / commit debit, then publish TRANSFER",
                )],
            },
            _ => Machine {
                states: &["WAITING", "CREDITED"],
                transitions: &[("WAITING", "CREDITED", "TRANSFER / commit credit, ack")],
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
