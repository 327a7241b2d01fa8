//! One node's state as the machinery keeps it, for every protocol alike: up or down, its state,
//! its durable log and database, and its volatile memory in the protocol's own type behind
//! [`Memory`].

use super::db::Db;
use crate::model::Code;
use std::any::Any;
use std::fmt::Debug;
use std::hash::{Hash, Hasher};

/// A protocol's volatile memory, without its type: what the machinery needs to copy, compare
/// and hash it. Every `Clone + Debug + Eq + Hash` type is one.
pub trait MemoryObj: Any + Debug + Send + Sync {
    fn clone_box(&self) -> Box<dyn MemoryObj>;
    fn eq_dyn(&self, other: &dyn MemoryObj) -> bool;
    fn hash_dyn(&self, h: &mut dyn Hasher);
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Clone + Debug + Eq + Hash + Send + Sync + 'static> MemoryObj for T {
    fn clone_box(&self) -> Box<dyn MemoryObj> {
        Box::new(self.clone())
    }
    fn eq_dyn(&self, other: &dyn MemoryObj) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
    fn hash_dyn(&self, mut h: &mut dyn Hasher) {
        self.hash(&mut h);
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A node's volatile memory (lost in a crash), in its protocol's type.
#[derive(Debug)]
pub struct Memory(pub Box<dyn MemoryObj>);

impl Memory {
    pub fn new<T: MemoryObj>(value: T) -> Memory {
        Memory(Box::new(value))
    }

    /// The memory as its protocol's type. Panics on another type, which the engine that made
    /// it never asks for.
    pub fn get<T: 'static>(&self) -> &T {
        self.0
            .as_any()
            .downcast_ref()
            .expect("memory is read only by its own protocol")
    }

    pub fn get_mut<T: 'static>(&mut self) -> &mut T {
        self.0
            .as_any_mut()
            .downcast_mut()
            .expect("memory is changed only by its own protocol")
    }
}

impl Clone for Memory {
    fn clone(&self) -> Self {
        Memory(self.0.clone_box())
    }
}

impl PartialEq for Memory {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_dyn(other.0.as_ref())
    }
}

impl Eq for Memory {}

impl Hash for Memory {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.hash_dyn(h);
    }
}

/// One node as the world keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Node {
    pub up: bool,
    pub phase: Code,
    pub mem: Memory,
    /// Stable storage: survives crashes.
    pub log: Vec<Code>,
    /// The local database: survives crashes.
    pub db: Db,
}
