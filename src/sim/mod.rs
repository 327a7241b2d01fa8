//! The deterministic simulator: virtual time, one seeded RNG, faults as values.
//!
//! [`World`] holds everything that changes during a run and advances one [`Event`] per
//! [`World::step`]. Two worlds built from the same [`Config`] produce the same events, byte for
//! byte.

pub mod config;
pub mod event;
pub mod monitor;
pub mod rng;
pub mod world;

pub use config::{Config, Fault, Pattern, Scripted, Timeouts, Transport, Trigger};
pub use event::{DropReason, Event, Stamped};
pub use monitor::{Invariant, Violation};
pub use world::{Choice, Flight, Hop, Node, Queued, World};
