//! The forms an event's protocol values come in ([`Values`]): a protocol's own types, the
//! machinery's [`Codes`] or the [`Labels`] people read, and [`Translate`] between them.

use crate::model::{Code, Named};
use std::fmt::Debug;
use std::hash::Hash;

/// The forms a protocol's values come in: a protocol's own types, [`Codes`] or [`Labels`].
pub trait Values: 'static {
    type Msg: Copy + Eq + Ord + Hash + Debug;
    type Timer: Copy + Eq + Ord + Hash + Debug;
    type Record: Copy + Eq + Ord + Hash + Debug;
    type Phase: Copy + Eq + Ord + Hash + Debug;
    /// What a local transaction is (a debit, a credit with its deduplication row, ...).
    type Txn: Copy + Eq + Ord + Hash + Debug;
}

/// Values as the machinery keeps them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Codes;

impl Values for Codes {
    type Msg = Code;
    type Timer = Code;
    type Record = Code;
    type Phase = Code;
    type Txn = Code;
}

/// Values as people read them: their labels (with their numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Labels;

impl Values for Labels {
    type Msg = Named;
    type Timer = Named;
    type Record = Named;
    type Phase = Named;
    type Txn = Named;
}

/// Turns values of one form into another (see [`Event::map`](super::Event::map)).
pub trait Translate<A: Values, B: Values> {
    fn msg(&self, m: A::Msg) -> B::Msg;
    fn timer(&self, t: A::Timer) -> B::Timer;
    fn record(&self, r: A::Record) -> B::Record;
    fn phase(&self, p: A::Phase) -> B::Phase;
    fn txn(&self, t: A::Txn) -> B::Txn;
}
