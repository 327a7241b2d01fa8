//! One call of a protocol's handler: the [`Input`] a node receives, the node as its handler sees
//! it ([`Local`]), and the [`Effect`]s it asks for, pushed into an [`Out`] buffer in order.

use super::db::{Db, Write};
use super::{Protocol, Setup};
use crate::model::{Code, Coded, Codes, MsgId, NodeId, Role, Translate, Values};

/// Something that happens to a node.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Input<V: Values> {
    /// The client starts the transaction (delivered to every node at time 0).
    Begin,
    /// A message arrives: its id (for deduplication and acknowledgement) and whether the broker
    /// has handed it out before (RabbitMQ's `redelivered` flag).
    Deliver {
        from: NodeId,
        msg: V::Msg,
        id: MsgId,
        redelivered: bool,
    },
    /// A timer the node armed has fired.
    Timer(V::Timer),
    /// The node comes back after a crash: its memory is fresh, its log and database intact.
    Recover,
    /// The broker confirms that a message this node sent with confirmation is in its queue.
    Confirmed { to: NodeId, msg: V::Msg },
}

impl<V: Values> Input<V> {
    /// The message a delivery carries.
    pub fn message(&self) -> Option<V::Msg> {
        match self {
            Input::Deliver { msg, .. } => Some(*msg),
            _ => None,
        }
    }
}

/// What a handler asks the world to do, in order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Effect<V: Values> {
    /// Force a record to stable storage (it survives crashes).
    Persist(V::Record),
    /// Commit a local transaction: every write, or (had the node crashed before) none.
    Commit(V::Txn, Vec<Write>),
    /// Enter a new protocol state.
    Become(V::Phase),
    /// Send a message; with `confirm`, the broker tells the sender once it is queued
    /// ([`Input::Confirmed`]).
    Send {
        to: NodeId,
        msg: V::Msg,
        confirm: bool,
    },
    SetTimer(V::Timer),
    CancelTimer(V::Timer),
    /// Acknowledge a delivered message: the broker removes it from the queue.
    Ack(MsgId),
}

impl<V: Values> Effect<V> {
    /// The same effect over other values (codes into a protocol's own, for its tests).
    pub fn map<W: Values>(self, t: &impl Translate<V, W>) -> Effect<W> {
        match self {
            Effect::Persist(r) => Effect::Persist(t.record(r)),
            Effect::Commit(x, writes) => Effect::Commit(t.txn(x), writes),
            Effect::Become(p) => Effect::Become(t.phase(p)),
            Effect::Send { to, msg, confirm } => Effect::Send {
                to,
                msg: t.msg(msg),
                confirm,
            },
            Effect::SetTimer(x) => Effect::SetTimer(t.timer(x)),
            Effect::CancelTimer(x) => Effect::CancelTimer(t.timer(x)),
            Effect::Ack(id) => Effect::Ack(id),
        }
    }
}

/// The buffer a handler pushes its effects into. It keeps them as codes, the way the world
/// carries them out, so a handler call neither allocates a buffer of its own nor has its
/// effects copied over afterwards.
#[derive(Debug)]
pub struct Out<P: Protocol> {
    effects: Vec<Effect<Codes>>,
    _protocol: std::marker::PhantomData<fn() -> P>,
}

impl<P: Protocol> Default for Out<P> {
    fn default() -> Self {
        Out::onto(Vec::new())
    }
}

impl<P: Protocol> Out<P> {
    /// A buffer that appends to `effects`.
    pub(crate) fn onto(effects: Vec<Effect<Codes>>) -> Self {
        Out {
            effects,
            _protocol: std::marker::PhantomData,
        }
    }
    /// The effects pushed, after those the buffer was made onto.
    pub(crate) fn into_effects(self) -> Vec<Effect<Codes>> {
        self.effects
    }
    pub fn persist(&mut self, record: P::Record) {
        self.effects.push(Effect::Persist(record.code()));
    }
    pub fn commit(&mut self, txn: P::Txn, writes: Vec<Write>) {
        self.effects.push(Effect::Commit(txn.code(), writes));
    }
    pub fn become_(&mut self, phase: P::Phase) {
        self.effects.push(Effect::Become(phase.code()));
    }
    pub fn send(&mut self, to: NodeId, msg: P::Msg) {
        self.effects.push(Effect::Send {
            to,
            msg: msg.code(),
            confirm: false,
        });
    }
    /// Sends and asks the broker to confirm once the message is queued (publisher confirms).
    pub fn send_confirmed(&mut self, to: NodeId, msg: P::Msg) {
        self.effects.push(Effect::Send {
            to,
            msg: msg.code(),
            confirm: true,
        });
    }
    pub fn set_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::SetTimer(timer.code()));
    }
    pub fn cancel_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::CancelTimer(timer.code()));
    }
    pub fn ack(&mut self, id: MsgId) {
        self.effects.push(Effect::Ack(id));
    }
}

/// A node as its handler sees it: who it is, its current state (read-only: change it with
/// [`Out::become_`]), its durable log and database (read-only: write them with [`Out::persist`]
/// and [`Out::commit`]) and its volatile memory (free to change; a crash wipes it).
pub struct Local<'a, P: Protocol> {
    pub me: NodeId,
    pub setup: &'a Setup,
    pub config: &'a P::Config,
    pub phase: P::Phase,
    /// The log, as codes (read it with [`Local::records`]).
    pub log: &'a [Code],
    pub db: &'a Db,
    pub mem: &'a mut P::Memory,
}

impl<P: Protocol> Local<'_, P> {
    pub fn role(&self) -> Role {
        self.setup.roster.role(self.me)
    }

    /// The log's records, oldest first.
    pub fn records(&self) -> impl DoubleEndedIterator<Item = P::Record> + '_ {
        self.log.iter().filter_map(|c| P::Record::from_code(*c))
    }

    pub fn last_record(&self) -> Option<P::Record> {
        self.records().next_back()
    }
}
/// Runs one handler call in isolation, for the protocols' own tests.
#[cfg(test)]
pub(crate) fn run_handler<P: Protocol>(
    setup: &Setup,
    me: NodeId,
    phase: P::Phase,
    log: &[P::Record],
    mem: &mut P::Memory,
    input: Input<P>,
) -> Vec<Effect<P>> {
    let mut out = Out::default();
    let log: Vec<Code> = log.iter().map(Coded::code).collect();
    P::handle(
        Local {
            me,
            setup,
            config: setup.config(),
            phase,
            log: &log,
            db: &Db::default(),
            mem,
        },
        input,
        &mut out,
    );
    let decode = super::engine::Decode::<P>::NEW;
    out.into_effects()
        .into_iter()
        .map(|e| e.map(&decode))
        .collect()
}

/// The effects of a commit-family handler without the acknowledgement it ends a delivery
/// with (checked: exactly one, last, of the delivered message).
#[cfg(test)]
pub(crate) fn acked<P: Protocol>(input: &Input<P>, mut effects: Vec<Effect<P>>) -> Vec<Effect<P>> {
    if let Input::Deliver { id, .. } = input {
        let last = effects.pop();
        assert!(
            matches!(last, Some(Effect::Ack(a)) if a == *id),
            "a delivery ends with its ack"
        );
    }
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Ack(_))),
        "no other ack"
    );
    effects
}
