//! [`Engine`]: a protocol as the rest of the program reaches it, without its types.
//!
//! The simulator, the session, the explorer and the pictures are written once against this
//! trait; [`Adapter`] makes one out of any [`Protocol`] by turning codes into the protocol's own
//! values on the way in and back on the way out. So a protocol brings its logic into the page,
//! and not another copy of the machinery.

use super::db::{Db, TableDef};
use super::node::{Memory, Node};
use super::watch::Watch;
use super::{
    Effect, Input, Local, Machine, MemoryField, Message as _, Out, Params, Phase as _, Protocol,
    Setup, Standing, Timeout,
};
use crate::doc::ScenarioError;
use crate::i18n::Lang;
use crate::model::{Code, Coded, Codes, Named, NodeId, Outcome, Role, Roster, Tone, Transport};
use std::marker::PhantomData;
use std::sync::Arc;

/// The sorts of a protocol's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sort {
    Msg,
    Timer,
    Record,
    Phase,
    Txn,
}

impl Sort {
    pub const ALL: [Sort; 5] = [Sort::Msg, Sort::Timer, Sort::Record, Sort::Phase, Sort::Txn];
}

/// A protocol without its types.
pub trait Engine: Sync {
    /// The name scenarios use (`2pc`).
    fn name(&self) -> &'static str;
    fn timeouts(&self) -> &'static [Timeout];
    fn tables(&self) -> &'static [TableDef];
    fn transport(&self) -> Transport;
    /// See [`Protocol::CRASHES_WITHIN_STEPS`].
    fn crashes_within_steps(&self) -> bool;

    /// Every label of one sort of value, by kind.
    fn labels(&self, sort: Sort) -> &'static [&'static str];
    /// A value as people read it ("?" for a code the protocol never makes).
    fn named(&self, sort: Sort, code: Code) -> Named;
    fn tone(&self, msg: Code) -> Tone;

    fn default_params(&self) -> Params;
    /// Reads the `params` section of a scenario; errors name the field inside it.
    fn read_params(&self, json: &str) -> Result<Params, ScenarioError>;
    fn roster(&self, params: &Params) -> Result<Roster, ScenarioError>;
    /// The setup of a run: the roster, the timeouts (by [`Engine::timeouts`]) and the
    /// parameters resolved.
    fn setup(&self, params: &Params, timeouts: Vec<u64>) -> Result<Setup, ScenarioError>;

    /// A node at start, and again when it comes back from a crash (its log and database are the
    /// world's to keep).
    fn boot(&self, setup: &Setup, me: NodeId) -> (Code, Memory);
    /// A node's local database before the run starts.
    fn opening(&self, setup: &Setup, me: NodeId) -> Db;
    /// Handles one input at `node`, appending its effects.
    fn handle(
        &self,
        setup: &Setup,
        me: NodeId,
        node: &mut Node,
        input: Input<Codes>,
        out: &mut Vec<Effect<Codes>>,
    );
    /// How long a timer waits, in virtual milliseconds.
    fn delay(&self, setup: &Setup, timer: Code) -> u64;

    fn standing(&self, role: Role, node: &Node) -> Standing;
    /// The outcome a node holds: from its state while up, from its durable state while down.
    fn outcome(&self, node: &Node) -> Option<Outcome>;
    /// The outcome a state stands for.
    fn phase_outcome(&self, phase: Code) -> Option<Outcome>;
    /// The outcome the state labelled `state` stands for (what the inspector colours a state
    /// box by).
    fn state_outcome(&self, state: &str) -> Option<Outcome> {
        let kind = self.labels(Sort::Phase).iter().position(|l| *l == state)?;
        self.phase_outcome(Code::kind(kind as u16))
    }
    fn memory(&self, role: Role, node: &Node) -> Vec<MemoryField>;
    fn machine(&self, role: Role) -> Machine;
    fn watch(&self, setup: &Setup) -> Box<dyn Watch>;
    fn txn_words(&self, setup: &Setup, txn: Code, lang: Lang) -> Option<String>;
    fn row_key(&self, setup: &Setup, table: u8, key: u32) -> String;
}

/// A [`Protocol`] as an [`Engine`].
pub struct Adapter<P>(PhantomData<fn() -> P>);

impl<P> Adapter<P> {
    pub const NEW: Adapter<P> = Adapter(PhantomData);
}

fn decode<T: Coded>(code: Code) -> Option<T> {
    T::from_code(code)
}

impl<P: Protocol> Adapter<P> {
    fn input(input: Input<Codes>) -> Option<Input<P>> {
        Some(match input {
            Input::Begin => Input::Begin,
            Input::Deliver {
                from,
                msg,
                id,
                redelivered,
            } => Input::Deliver {
                from,
                msg: decode(msg)?,
                id,
                redelivered,
            },
            Input::Timer(t) => Input::Timer(decode(t)?),
            Input::Recover => Input::Recover,
            Input::Confirmed { to, msg } => Input::Confirmed {
                to,
                msg: decode(msg)?,
            },
        })
    }

    fn phase(code: Code) -> Option<P::Phase> {
        decode(code)
    }
}

/// Codes back into a protocol's own values, for code that knows the protocol (its tests, and
/// tests of runs): a code the protocol never makes is a bug and panics.
pub struct Decode<P>(PhantomData<fn() -> P>);

impl<P> Decode<P> {
    pub const NEW: Decode<P> = Decode(PhantomData);
}

fn must<T: Coded>(code: Code) -> T {
    T::from_code(code).unwrap_or_else(|| panic!("no value has the code {code:?}"))
}

impl<P: Protocol> crate::model::Translate<Codes, P> for Decode<P> {
    fn msg(&self, m: Code) -> P::Msg {
        must(m)
    }
    fn timer(&self, t: Code) -> P::Timer {
        must(t)
    }
    fn record(&self, r: Code) -> P::Record {
        must(r)
    }
    fn phase(&self, p: Code) -> P::Phase {
        must(p)
    }
    fn txn(&self, t: Code) -> P::Txn {
        must(t)
    }
}

fn named<T: Coded>(code: Code) -> Named {
    T::from_code(code).map_or(Named::plain("?"), |v| v.named())
}

impl<P: Protocol> Engine for Adapter<P> {
    fn name(&self) -> &'static str {
        P::NAME
    }
    fn timeouts(&self) -> &'static [Timeout] {
        P::TIMEOUTS
    }
    fn tables(&self) -> &'static [TableDef] {
        P::TABLES
    }
    fn transport(&self) -> Transport {
        P::TRANSPORT
    }
    fn crashes_within_steps(&self) -> bool {
        P::CRASHES_WITHIN_STEPS
    }

    fn labels(&self, sort: Sort) -> &'static [&'static str] {
        match sort {
            Sort::Msg => P::Msg::LABELS,
            Sort::Timer => P::Timer::LABELS,
            Sort::Record => P::Record::LABELS,
            Sort::Phase => P::Phase::LABELS,
            Sort::Txn => P::Txn::LABELS,
        }
    }

    fn named(&self, sort: Sort, code: Code) -> Named {
        match sort {
            Sort::Msg => named::<P::Msg>(code),
            Sort::Timer => named::<P::Timer>(code),
            Sort::Record => named::<P::Record>(code),
            Sort::Phase => named::<P::Phase>(code),
            Sort::Txn => named::<P::Txn>(code),
        }
    }

    fn tone(&self, msg: Code) -> Tone {
        decode::<P::Msg>(msg).map_or(Tone::Info, |m| m.tone())
    }

    fn default_params(&self) -> Params {
        Params::new(P::Params::default())
    }

    fn read_params(&self, json: &str) -> Result<Params, ScenarioError> {
        // serde reads a struct from a list of its fields' values too; a scenario's `params` are
        // an object, and an error found inside a list would name fields the document lacks.
        if !json.trim_start().starts_with('{') {
            return Err(ScenarioError::new(
                crate::doc::read::DOCUMENT,
                crate::doc::Reason::NotObject,
            ));
        }
        crate::doc::read::from_str::<P::Params>(json).map(Params::new)
    }

    fn roster(&self, params: &Params) -> Result<Roster, ScenarioError> {
        let params = params
            .get::<P::Params>()
            .expect("parameters are read by their own protocol");
        P::nodes(params).map(Roster::new)
    }

    fn setup(&self, params: &Params, timeouts: Vec<u64>) -> Result<Setup, ScenarioError> {
        let roster = self.roster(params)?;
        let typed = params
            .get::<P::Params>()
            .expect("parameters are read by their own protocol");
        let config = P::configure(typed, &roster)?;
        Ok(Setup {
            roster,
            timeouts,
            config: Arc::new(config),
        })
    }

    fn boot(&self, setup: &Setup, me: NodeId) -> (Code, Memory) {
        let (phase, mem) = P::boot(setup, me);
        (phase.code(), Memory::new(mem))
    }

    fn opening(&self, setup: &Setup, me: NodeId) -> Db {
        let mut db = Db::default();
        db.apply(&P::opening(setup, me));
        db
    }

    fn handle(
        &self,
        setup: &Setup,
        me: NodeId,
        node: &mut Node,
        input: Input<Codes>,
        out: &mut Vec<Effect<Codes>>,
    ) {
        let (Some(input), Some(phase)) = (Self::input(input), Self::phase(node.phase)) else {
            // A code this protocol never makes: nothing a handler could do with it.
            return;
        };
        let mut typed = Out::<P>::onto(std::mem::take(out));
        P::handle(
            Local {
                me,
                setup,
                config: setup.config(),
                phase,
                log: &node.log,
                db: &node.db,
                mem: node.mem.get_mut(),
            },
            input,
            &mut typed,
        );
        *out = typed.into_effects();
    }

    fn delay(&self, setup: &Setup, timer: Code) -> u64 {
        decode::<P::Timer>(timer).map_or(0, |t| P::delay(setup, t))
    }

    fn standing(&self, role: Role, node: &Node) -> Standing {
        match Self::phase(node.phase) {
            Some(phase) => P::standing(role, phase, node.mem.get()),
            None => Standing::SETTLED,
        }
    }

    fn outcome(&self, node: &Node) -> Option<Outcome> {
        if node.up {
            self.phase_outcome(node.phase)
        } else {
            let log: Vec<P::Record> = node.log.iter().filter_map(|c| decode(*c)).collect();
            P::durable_outcome(&log, &node.db)
        }
    }

    fn phase_outcome(&self, phase: Code) -> Option<Outcome> {
        Self::phase(phase)?.outcome()
    }

    fn memory(&self, role: Role, node: &Node) -> Vec<MemoryField> {
        P::memory(role, node.mem.get())
    }

    fn machine(&self, role: Role) -> Machine {
        P::machine(role)
    }

    fn watch(&self, setup: &Setup) -> Box<dyn Watch> {
        P::watch(setup)
    }

    fn txn_words(&self, setup: &Setup, txn: Code, lang: Lang) -> Option<String> {
        P::txn_words(setup, decode(txn)?, lang)
    }

    fn row_key(&self, setup: &Setup, table: u8, key: u32) -> String {
        P::row_key(setup, table, key)
    }
}
