//! One node's state as the machinery keeps it, for every protocol alike: up or down, its state,
//! its durable log and database, and its volatile memory in the protocol's own type behind
//! [`Memory`].

use super::db::Db;
use crate::model::Code;
use std::any::Any;
use std::fmt::Debug;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A protocol's volatile memory, without its type: what the machinery needs to copy, compare
/// and hash it. Every `Clone + Debug + Eq + Hash` type is one.
pub trait MemoryObj: Any + Debug + Send + Sync {
    fn clone_arc(&self) -> Arc<dyn MemoryObj>;
    fn eq_dyn(&self, other: &dyn MemoryObj) -> bool;
    fn hash_dyn(&self, h: &mut dyn Hasher);
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Clone + Debug + Eq + Hash + Send + Sync + 'static> MemoryObj for T {
    fn clone_arc(&self) -> Arc<dyn MemoryObj> {
        Arc::new(self.clone())
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
///
/// Shared until changed: copying a world (a snapshot, each state the explorer keeps) copies a
/// pointer per node, and a node's memory is copied only when a step changes it.
#[derive(Debug, Clone)]
pub struct Memory(Arc<dyn MemoryObj>);

impl Memory {
    pub fn new<T: MemoryObj>(value: T) -> Memory {
        Memory(Arc::new(value))
    }

    /// The memory as its protocol's type. Panics on another type, which the engine that made
    /// it never asks for.
    pub fn get<T: 'static>(&self) -> &T {
        self.0
            .as_any()
            .downcast_ref()
            .expect("memory is read only by its own protocol")
    }

    /// The memory to change, copied first if another world shares it.
    pub fn get_mut<T: 'static>(&mut self) -> &mut T {
        if Arc::get_mut(&mut self.0).is_none() {
            self.0 = self.0.clone_arc();
        }
        Arc::get_mut(&mut self.0)
            .expect("a fresh copy is not shared")
            .as_any_mut()
            .downcast_mut()
            .expect("memory is changed only by its own protocol")
    }
}

impl PartialEq for Memory {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.eq_dyn(other.0.as_ref())
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
