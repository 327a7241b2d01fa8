//! The lessons on an order: the Saga's compensations in reverse, the orchestrator's recovery
//! from its saga log, an empty compensation and the hanging step it stops, and TCC's retried
//! Confirm without the fence. As in the catalog, every step cites the words of
//! `shared/PROTOCOLS.md` it rests on and `tests/lessons.rs` checks them against the run.

use super::catalog::{at, choice, deliver, ev, first, send, step};
use super::{Anchor, Cond, Lesson, Outcome, Pat, Source};
use crate::model::EventKind;

// PROTOCOLS.md, "Patterns built on message queues".
const STEPS_AND_COMPENSATIONS: (&str, &str) = (
    "PATTERNS",
    "Steps T1..Tn, each with a compensation Ci. Either all Ti complete, or T1..Tj complete and Cj..C1 run in reverse order.",
);
const GUARDS: (&str, &str) = (
    "PATTERNS",
    "Compensations and steps must be idempotent; an empty compensation (Ci for a Ti that never ran) must be allowed; a Ti arriving after its Ci must not run (\"hanging\").",
);
const TCC_ROLES: (&str, &str) = (
    "PATTERNS",
    "Try reserves, Confirm uses the reservation, Cancel releases it; the coordinator retries phase two until it succeeds.",
);
const TCC_PROBLEMS: (&str, &str) = (
    "PATTERNS",
    "Problems to show: idempotency (retries), empty rollback (Cancel with no Try), hanging (Try after Cancel).",
);
const FENCE: (&str, &str) = (
    "PATTERNS",
    "Seata's fence table keeps per branch TRIED / COMMITTED / ROLLBACKED / SUSPENDED in the same local transaction as the business change.",
);

// PROTOCOLS.md, "Pattern facts in detail".
const BACKWARD: (&str, &str) = (
    "DETAIL",
    "Outcome: T1..Tn, or T1..Tj then Cj..C1 (backward recovery); forward recovery retries the missing steps instead",
);
const CONFIRM_FENCE: (&str, &str) = (
    "DETAIL",
    "Confirm: no row -> error; COMMITTED -> success, nothing done (idempotent);",
);
const SAMPLE_CONFIRM: (&str, &str) = (
    "DETAIL",
    "Seata's `transfer-tcc-sample`: Try `frozen += x`; Confirm `balance -= x; frozen -= x`;",
);
const GUIDANCE: (&str, &str) = (
    "DETAIL",
    "Guidance: allow empty compensation, refuse hanging steps, every step idempotent.",
);

const fn commit(node: &'static str, label: &'static str) -> Pat {
    Pat::kind(EventKind::Commit).at(node).label(label)
}

/// Out of stock after the charge: the refund comes before the order is cancelled.
pub(super) const SAGA_COMPENSATION: Lesson = Lesson {
    id: "saga-compensation",
    source: Source::Preset("order-saga-out-of-stock"),
    steps: &[
        step("start", first(ev(EventKind::Begin)))
            .cite(&[STEPS_AND_COMPENSATIONS])
            .holds(&[Cond::Balance("carol", 100)]),
        step("charged", first(commit("Payment", "charge")))
            .cite(&[STEPS_AND_COMPENSATIONS])
            .holds(&[Cond::Balance("carol", 70)]),
        step("refused", first(commit("Stock", "refuse")))
            .cite(&[STEPS_AND_COMPENSATIONS, BACKWARD])
            .holds(&[Cond::Balance("carol", 70)])
            .ask(
                "refund",
                &[
                    choice(
                        "refund",
                        Outcome::happens_before(send("Order", "REFUND"), commit("Order", "cancel")),
                    ),
                    choice(
                        "cancel",
                        Outcome::happens_before(commit("Order", "cancel"), send("Order", "REFUND")),
                    ),
                    choice(
                        "keep",
                        Outcome::Never {
                            what: send("Order", "REFUND"),
                            before: None,
                        },
                    ),
                ],
            ),
        step("refunded", first(commit("Payment", "refund")))
            .cite(&[STEPS_AND_COMPENSATIONS])
            .holds(&[Cond::Balance("carol", 100)]),
        step("end", Anchor::End)
            .cite(&[STEPS_AND_COMPENSATIONS])
            .holds(&[
                Cond::State("Order", "CANCELLED"),
                Cond::Balance("carol", 100),
            ]),
    ],
};

/// The orchestrator crashes between writing its saga log and sending the next command.
pub(super) const SAGA_RECOVERY: Lesson = Lesson {
    id: "saga-recovery",
    source: Source::Preset("order-saga-orchestrator-crash"),
    steps: &[
        step("charged", first(commit("Payment", "charge")))
            .cite(&[STEPS_AND_COMPENSATIONS])
            .holds(&[Cond::Balance("carol", 70)]),
        step("crash", first(at(EventKind::Crash, "Order")))
            .cite(&[BACKWARD])
            .holds(&[Cond::Down("Order"), Cond::Balance("carol", 70)])
            .ask(
                "forward",
                &[
                    choice(
                        "forward",
                        Outcome::happens_before(
                            send("Order", "RESERVE"),
                            commit("Order", "approve"),
                        ),
                    ),
                    choice("backward", Outcome::happens(send("Order", "REFUND"))),
                    choice("again", Outcome::happens(send("Order", "CHARGE"))),
                ],
            ),
        step("recover", first(send("Order", "RESERVE")))
            .cite(&[BACKWARD])
            .holds(&[Cond::State("Order", "RESERVING")]),
        step("end", Anchor::End)
            .cite(&[STEPS_AND_COMPENSATIONS])
            .holds(&[
                Cond::State("Order", "COMPLETED"),
                Cond::Balance("carol", 70),
            ]),
    ],
};

/// A CHARGE held up in the network: its empty compensation runs first, and is recorded, so the
/// late CHARGE is refused.
pub(super) const SAGA_HANGING: Lesson = Lesson {
    id: "saga-hanging",
    source: Source::Preset("order-saga-hanging"),
    steps: &[
        step("delayed", first(send("Order", "CHARGE")))
            .cite(&[STEPS_AND_COMPENSATIONS])
            .holds(&[Cond::Balance("carol", 100)]),
        step("give-up", first(send("Order", "REFUND")))
            .cite(&[BACKWARD, GUARDS])
            .holds(&[Cond::Balance("carol", 100)])
            .ask(
                "record",
                &[
                    choice(
                        "record",
                        Outcome::happens(commit("Payment", "record-empty")),
                    ),
                    choice("pay-back", Outcome::Becomes(Cond::Balance("carol", 130))),
                    choice("fail", Outcome::happens(send("Payment", "CANNOT_UNDO"))),
                ],
            ),
        step("late", first(deliver("Payment", "CHARGE")))
            .cite(&[GUARDS, GUIDANCE])
            .holds(&[
                Cond::State("Order", "CANCELLED"),
                Cond::Balance("carol", 100),
            ])
            .ask(
                "refuse",
                &[
                    choice("refuse", Outcome::happens(commit("Payment", "refuse-late"))),
                    choice("charge", Outcome::Becomes(Cond::Balance("carol", 70))),
                    choice(
                        "trace",
                        Outcome::Never {
                            what: Pat::kind(EventKind::Commit).at("Payment"),
                            before: None,
                        },
                    ),
                ],
            ),
        step("end", Anchor::End)
            .cite(&[GUIDANCE])
            .holds(&[Cond::Balance("carol", 100)]),
    ],
};

/// TCC without the fence: the CONFIRMED answer is lost, the retried Confirm charges again.
pub(super) const TCC_IDEMPOTENCY: Lesson = Lesson {
    id: "tcc-idempotency",
    source: Source::Preset("order-tcc-no-fence-double-confirm"),
    steps: &[
        step("tried", first(send("Order", "CONFIRM")))
            .cite(&[TCC_ROLES, FENCE])
            .holds(&[Cond::Balance("carol", 100)]),
        step("confirmed", first(commit("Payment", "charge")))
            .cite(&[SAMPLE_CONFIRM])
            .holds(&[Cond::Balance("carol", 70)]),
        step("lost", first(ev(EventKind::Drop)))
            .cite(&[TCC_ROLES, TCC_PROBLEMS])
            .holds(&[Cond::Balance("carol", 70)])
            .ask(
                "twice",
                &[
                    choice("twice", Outcome::Becomes(Cond::Balance("carol", 40))),
                    choice(
                        "once",
                        Outcome::Never {
                            what: send("Order", "CONFIRM"),
                            before: None,
                        },
                    ),
                    choice("cancel", Outcome::happens(send("Order", "CANCEL"))),
                ],
            ),
        step("end", Anchor::End)
            .cite(&[CONFIRM_FENCE, FENCE])
            .holds(&[Cond::Balance("carol", 40), Cond::Violated]),
    ],
};
