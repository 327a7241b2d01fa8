//! TxScope: watch and break distributed transactions.
pub mod explorer;
#[cfg(feature = "web")]
pub mod web;
