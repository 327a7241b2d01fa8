//! The deterministic simulator: virtual time, one seeded RNG, faults as values.
//!
//! [`World`] holds everything that changes during a run and advances one
//! [`Event`](crate::model::Event) per [`World::step`]. Two worlds built from the same
//! [`Config`] produce the same events, byte for byte. The world is the same for every protocol:
//! it reaches the protocol through its [`Engine`](crate::protocol::Engine).

pub mod config;
pub mod monitor;
pub mod rng;
pub mod world;

pub use config::{Config, Fault, Pattern, Scheduled, Scripted, Trigger};
pub use monitor::Monitor;
pub use world::{Choice, Flight, Packer, Queued, World};
