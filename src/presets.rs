//! The preset scenarios, kept as files in `presets/` and built into the program.

use crate::scenario::{Reason, Scenario, ScenarioError};

macro_rules! presets {
    ($($name:literal),+ $(,)?) => {
        /// Every preset: its name and its scenario text.
        pub const PRESETS: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../presets/", $name, ".json")))),+
        ];
    };
}

presets!(
    "2pc-happy",
    "2pc-vote-no",
    "2pc-lost-prepare",
    "2pc-coordinator-crash-in-doubt",
    "2pc-coordinator-crash-after-decision",
    "2pc-participant-crash-recovery",
    "2pc-cooperative-termination",
    "3pc-happy",
    "3pc-coordinator-crash",
    "3pc-partition-violation",
    "mq-redelivery-duplicate",
    "transfer-dual-write-crash",
    "transfer-outbox-happy",
    "transfer-outbox-relay-crash",
    "transfer-outbox-no-dedup",
    "transfer-outbox-ack-before-commit",
    "transfer-txmsg-happy",
    "transfer-txmsg-rollback",
    "transfer-txmsg-checkback",
    "transfer-txmsg-gives-up",
    "transfer-notify-happy",
    "transfer-notify-gives-up",
    "transfer-notify-query",
    "order-saga-happy",
    "order-saga-out-of-stock",
    "order-saga-orchestrator-crash",
    "order-saga-hanging",
    "order-saga-no-protection",
    "order-choreography-payment-refused",
    "order-tcc-happy",
    "order-tcc-cancel",
    "order-tcc-empty-cancel",
    "order-tcc-no-fence-double-confirm",
    "order-tcc-no-fence-hanging",
);

/// The preset called `name`, read and checked.
pub fn preset(name: &str) -> Result<Scenario, ScenarioError> {
    let (_, text) = PRESETS
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| ScenarioError {
            field: "preset".into(),
            reason: Reason::UnknownPreset {
                name: name.to_string(),
                known: PRESETS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", "),
            },
        })?;
    Scenario::from_json(text)
}
