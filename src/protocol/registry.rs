//! The protocols TxScope knows: one line each.

use super::engine::{Adapter, Engine};
use super::{three_pc, two_pc};

/// Every registered protocol, in the order menus list them.
pub static PROTOCOLS: &[&dyn Engine] = &[
    &Adapter::<two_pc::TwoPc>::NEW,
    &Adapter::<three_pc::ThreePc>::NEW,
];

/// The registered protocol called `name`.
pub fn find(name: &str) -> Option<&'static dyn Engine> {
    PROTOCOLS.iter().copied().find(|e| e.name() == name)
}

/// Every registered protocol's name, joined by commas (for error messages).
pub fn names() -> String {
    PROTOCOLS
        .iter()
        .map(|e| e.name())
        .collect::<Vec<_>>()
        .join(", ")
}
