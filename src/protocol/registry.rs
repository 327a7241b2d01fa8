//! Finding the registered protocols ([`super::PROTOCOLS`], listed in `protocol/mod.rs`).

use super::engine::Engine;
use super::PROTOCOLS;

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
