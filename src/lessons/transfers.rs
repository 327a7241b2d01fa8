//! The lessons on the bank transfer: the dual write, which loses money in a crash, and the local
//! message table (outbox), which does not. As in the catalog, every step cites the words of
//! `shared/PROTOCOLS.md` it rests on and `tests/lessons.rs` checks them against the run.

use super::catalog::{at, choice, deliver, ev, first, send, step, timer, AT_LEAST_ONCE, QUEUE};
use super::{Anchor, Cond, Lesson, Outcome, Pat, Source};
use crate::model::EventKind;

// PROTOCOLS.md, "Patterns built on message queues".
const WRITES_BOTH: (&str, &str) = (
    "PATTERNS",
    "One local transaction writes the business row and an outbox row (NEW);",
);
const RELAY_DUPLICATE: (&str, &str) = (
    "PATTERNS",
    "a relay publishes it and then marks it SENT in a separate step (a crash in between produces a duplicate);",
);
const DEDUP: (&str, &str) = (
    "PATTERNS",
    "the consumer deduplicates by message id in its own local transaction.",
);
const BOTH_OR_NEITHER: (&str, &str) = (
    "PATTERNS",
    "No event without its commit, no commit without its event.",
);

const HALF_FIRST: (&str, &str) = (
    "PATTERNS",
    "Producer sends a *half* message (stored, invisible to consumers) -> runs its local transaction -> reports COMMIT / ROLLBACK / UNKNOWN.",
);
const COMMIT_VISIBLE: (&str, &str) = (
    "PATTERNS",
    "Commit makes the message visible; rollback discards it.",
);
const CHECK_BACK: (&str, &str) = (
    "PATTERNS",
    "A half message with no outcome after a timeout triggers a *check-back*: the broker asks the producer for the local transaction's state,",
);
const EVENTUAL: (&str, &str) = (
    "PATTERNS",
    "consumers must be idempotent; a consumer failure never rolls back the producer. Eventual consistency, not atomicity.",
);

const PROBABLY: (&str, &str) = (
    "PATTERNS",
    "The sender retries notifications with back-off up to a limit; the receiver can also query. Guarantees nothing beyond \"probably delivered\".",
);

// PROTOCOLS.md, "Pattern facts in detail".
const ONE_WAY: (&str, &str) = (
    "DETAIL",
    "The producer reports the outcome one-way (`endTransactionOneway`): no answer, so the report itself can be lost;",
);
const FIRST_CHECK_AGE: (&str, &str) = (
    "DETAIL",
    "`transactionTimeOut` 6 s (a half message becomes eligible for its first check at that age)",
);
const PARKED: (&str, &str) = (
    "DETAIL",
    "After the last check (`TRANSACTION_CHECK_TIMES >= checkMax`) the half message is moved to `TRANS_CHECK_MAX_TIME_TOPIC` and never delivered.",
);
const WECHAT_SCHEDULE: (&str, &str) = (
    "DETAIL",
    "WeChat Pay retries after 15s, 15s, 30s, 3m, 10m, 20m, 30m, 30m, 30m, 60m, 3h, 3h, 3h, 6h, 6h (24 h 4 m in all)",
);
const NO_GUARANTEE: (&str, &str) = ("DETAIL", "\"does not guarantee eventual success\"");
const QUERY_API: (&str, &str) = (
    "DETAIL",
    "the merchant handles duplicates and calls the order-query API when no callback came",
);
const POLLING: (&str, &str) = (
    "DETAIL",
    "polling publisher (any SQL database; ordering is tricky)",
);
const PROCESSED_TABLE: (&str, &str) = (
    "DETAIL",
    "Idempotent consumer: insert the message id into a processed-messages table keyed (subscriber, message id) inside the business transaction.",
);

/// The dual write: Bank A commits the debit, then crashes before it publishes.
pub(super) const DUAL_WRITE: Lesson = Lesson {
    id: "dual-write",
    source: Source::Preset("transfer-dual-write-crash"),
    steps: &[
        step("start", first(ev(EventKind::Begin)))
            .cite(&[QUEUE])
            .holds(&[Cond::Balance("alice", 100), Cond::Balance("bob", 0)]),
        step("two-writes", first(timer("BankA", "request")))
            .cite(&[BOTH_OR_NEITHER])
            .holds(&[Cond::Balance("alice", 100), Cond::Balance("bob", 0)]),
        step("debit", first(at(EventKind::Commit, "BankA")))
            .cite(&[BOTH_OR_NEITHER])
            .holds(&[Cond::Balance("alice", 70), Cond::Balance("bob", 0)])
            .ask(
                "lost",
                &[
                    choice(
                        "lost",
                        Outcome::All(&[
                            Outcome::Never {
                                what: send("BankA", "TRANSFER"),
                                before: None,
                            },
                            Outcome::Becomes(Cond::Violated),
                        ]),
                    ),
                    choice("delivered", Outcome::happens(deliver("BankB", "TRANSFER"))),
                    choice("rolled-back", Outcome::Becomes(Cond::Balance("alice", 100))),
                ],
            ),
        step("lost", Anchor::End).cite(&[BOTH_OR_NEITHER]).holds(&[
            Cond::Down("BankA"),
            Cond::Balance("alice", 70),
            Cond::Balance("bob", 0),
            Cond::Violated,
        ]),
    ],
};

/// The outbox: the relay crashes between publishing and marking the row SENT; the duplicate it
/// sends on recovery is caught by Bank B's processed table.
pub(super) const OUTBOX: Lesson = Lesson {
    id: "outbox",
    source: Source::Preset("transfer-outbox-relay-crash"),
    steps: &[
        step("commit", first(at(EventKind::Commit, "BankA")))
            .cite(&[WRITES_BOTH, BOTH_OR_NEITHER])
            .holds(&[Cond::Balance("alice", 70), Cond::Balance("bob", 0)]),
        step("publish", first(send("BankA", "TRANSFER"))).cite(&[RELAY_DUPLICATE, POLLING]),
        step("credited", first(at(EventKind::Commit, "BankB")))
            .cite(&[DEDUP, PROCESSED_TABLE])
            .holds(&[Cond::Down("BankA"), Cond::Balance("bob", 30)])
            .ask(
                "again",
                &[
                    choice("again", Outcome::happens(send("BankA", "TRANSFER"))),
                    choice(
                        "nothing",
                        Outcome::Never {
                            what: send("BankA", "TRANSFER"),
                            before: None,
                        },
                    ),
                    choice("refund", Outcome::Becomes(Cond::Balance("alice", 100))),
                ],
            ),
        step("republish", first(send("BankA", "TRANSFER")))
            .cite(&[RELAY_DUPLICATE])
            .holds(&[Cond::Balance("alice", 70), Cond::Balance("bob", 30)]),
        step("duplicate", first(deliver("BankB", "TRANSFER")))
            .cite(&[AT_LEAST_ONCE, DEDUP])
            .ask(
                "ack-only",
                &[
                    choice(
                        "ack-only",
                        Outcome::All(&[
                            Outcome::happens(at(EventKind::Ack, "BankB")),
                            Outcome::Never {
                                what: at(EventKind::Commit, "BankB"),
                                before: None,
                            },
                        ]),
                    ),
                    choice("credit-again", Outcome::Becomes(Cond::Balance("bob", 60))),
                    choice(
                        "ignore",
                        Outcome::Never {
                            what: at(EventKind::Ack, "BankB"),
                            before: None,
                        },
                    ),
                ],
            ),
        step("end", Anchor::End)
            .cite(&[BOTH_OR_NEITHER])
            .holds(&[Cond::Balance("alice", 70), Cond::Balance("bob", 30)]),
    ],
};

/// The transactional message: Bank A's COMMIT report is lost in a crash, and the broker's
/// check-back finds the answer in Bank A's records.
pub(super) const TXMSG: Lesson = Lesson {
    id: "txmsg",
    source: Source::Preset("transfer-txmsg-checkback"),
    steps: &[
        step("half", first(at(EventKind::Commit, "Broker")))
            .cite(&[HALF_FIRST])
            .holds(&[Cond::Balance("alice", 100), Cond::Balance("bob", 0)]),
        step("debit", first(at(EventKind::Commit, "BankA")))
            .cite(&[HALF_FIRST, ONE_WAY, CHECK_BACK])
            .holds(&[Cond::Balance("alice", 70), Cond::Balance("bob", 0)])
            .ask(
                "checked",
                &[
                    choice(
                        "checked",
                        Outcome::happens_before(
                            send("Broker", "CHECK"),
                            send("Broker", "TRANSFER"),
                        ),
                    ),
                    choice(
                        "delivered",
                        Outcome::happens_before(
                            send("Broker", "TRANSFER"),
                            send("Broker", "CHECK"),
                        ),
                    ),
                    choice(
                        "discarded",
                        Outcome::happens(
                            Pat::kind(EventKind::Commit).at("Broker").label("discard"),
                        ),
                    ),
                ],
            ),
        step("check", first(send("Broker", "CHECK")))
            .cite(&[FIRST_CHECK_AGE, CHECK_BACK])
            .holds(&[Cond::State("BankA", "COMMITTED"), Cond::Balance("bob", 0)])
            .ask(
                "commit",
                &[
                    choice("commit", Outcome::happens(send("BankA", "COMMIT"))),
                    choice("unknown", Outcome::happens(send("BankA", "UNKNOWN"))),
                    choice("rollback", Outcome::happens(send("BankA", "ROLLBACK"))),
                ],
            ),
        step("deliver", first(send("Broker", "TRANSFER")))
            .cite(&[COMMIT_VISIBLE])
            .holds(&[Cond::Balance("alice", 70), Cond::Balance("bob", 0)]),
        step("end", Anchor::End)
            .cite(&[EVENTUAL, PARKED])
            .holds(&[Cond::Balance("alice", 70), Cond::Balance("bob", 30)]),
    ],
};

/// Best-effort notification: Bank B is down through the whole retry schedule, Bank A gives up,
/// and the money shows what "best effort" promised.
pub(super) const NOTIFY: Lesson = Lesson {
    id: "notify",
    source: Source::Preset("transfer-notify-gives-up"),
    steps: &[
        step("debit", first(at(EventKind::Commit, "BankA")))
            .cite(&[PROBABLY])
            .holds(&[
                Cond::Down("BankB"),
                Cond::Balance("alice", 70),
                Cond::Balance("bob", 0),
            ])
            .ask(
                "retry",
                &[
                    choice("retry", Outcome::happens(timer("BankA", "retry_1"))),
                    choice("refund", Outcome::Becomes(Cond::Balance("alice", 100))),
                    choice("queued", Outcome::happens(deliver("BankB", "NOTIFY"))),
                ],
            ),
        step("retry", first(timer("BankA", "retry_1")))
            .cite(&[WECHAT_SCHEDULE])
            .holds(&[Cond::Down("BankB"), Cond::Balance("bob", 0)]),
        step("last", first(timer("BankA", "retry_15")))
            .cite(&[WECHAT_SCHEDULE, NO_GUARANTEE])
            .holds(&[Cond::Down("BankB"), Cond::Balance("bob", 0)])
            .ask(
                "never",
                &[
                    choice(
                        "never",
                        Outcome::All(&[
                            Outcome::Never {
                                what: deliver("BankB", "NOTIFY"),
                                before: None,
                            },
                            Outcome::Becomes(Cond::Violated),
                        ]),
                    ),
                    choice("later", Outcome::happens(deliver("BankB", "NOTIFY"))),
                    choice("refund", Outcome::Becomes(Cond::Balance("alice", 100))),
                ],
            ),
        step("end", Anchor::End)
            .cite(&[PROBABLY, QUERY_API])
            .holds(&[
                Cond::Free("BankB"),
                Cond::State("BankA", "GAVE_UP"),
                Cond::Balance("alice", 70),
                Cond::Balance("bob", 0),
                Cond::Violated,
            ]),
    ],
};
