//! The lessons. Each step cites, in `sources`, the exact words of `shared/PROTOCOLS.md` its text
//! rests on (section, quote); `tests/lessons.rs` checks every quote is in that section, every
//! anchor finds its event, every `holds` is true there, and every checkpoint's right answer is
//! what the run does next while the wrong ones' outcomes do not happen.

use super::{Anchor, Choice, Cond, Lesson, Outcome, Pat, Predict, Source, Step};
use crate::model::EventKind;
use crate::protocol::commit::{ABORT as Abort, COMMIT as Commit};

/// Sections of PROTOCOLS.md, by the short names `sources` use.
pub const SECTIONS: &[(&str, &str)] = &[
    ("2PC", "## Two-phase commit (2PC)"),
    ("3PC", "## Three-phase commit (3PC)"),
    ("MQ", "## Message-queue semantics"),
    ("PATTERNS", "## Patterns built on message queues"),
    ("DETAIL", "## Pattern facts in detail"),
];

// PROTOCOLS.md, "Two-phase commit (2PC)".
const INIT_WAIT: (&str, &str) = (
    "2PC",
    "Coordinator: `INIT -> WAIT` (sends VOTE-REQUEST / PREPARE to all)",
);
const ALL_YES: (&str, &str) = ("2PC", "`-> COMMIT` if every vote is YES");
const NO_OR_TIMEOUT: (&str, &str) = ("2PC", "`-> ABORT` on any NO or on a timeout in WAIT");
const READY_IN_DOUBT: (&str, &str) = (
    "2PC",
    "`INIT -> READY` when it votes YES (from here it is *uncertain*, \"in doubt\")",
);
const DECISION_ARRIVES: (&str, &str) =
    ("2PC", "`READY -> COMMIT | ABORT` when the decision arrives");
const INIT_ABORT: (&str, &str) = (
    "2PC",
    "`INIT -> ABORT` if it votes NO or times out waiting for the vote request",
);
const FORCE_READY: (&str, &str) = (
    "2PC",
    "a participant writes READY to stable storage *before* sending YES",
);
const FORCE_DECISION: (&str, &str) = (
    "2PC",
    "the coordinator writes its decision *before* sending it",
);
const FORCED: (&str, &str) = ("2PC", "Forced log writes (what survives a crash)");
const NO_RECORD: (&str, &str) = ("2PC", "Recovery reads the log: no record -> abort");
const READY_MUST_ASK: (&str, &str) = ("2PC", "READY without decision -> in doubt, must ask");
const ACT_ON_DECISION: (&str, &str) = (
    "2PC",
    "decision -> act on it (the coordinator re-sends it until every participant acknowledges)",
);
const COOPERATIVE: (&str, &str) = (
    "2PC",
    "Cooperative termination (a participant that times out in READY asks a peer Q)",
);
const PEER_KNOWS: (&str, &str) = ("2PC", "Q knows the decision -> adopt it.");
const PEER_READY: (&str, &str) = ("2PC", "Q is READY -> ask another peer.");
const NOBODY_HELPS: (&str, &str) = (
    "2PC",
    "nobody reachable can help -> the asker is **blocked** until the coordinator (or a peer with the decision) comes back.",
);
const BLOCKS_WHEN: (&str, &str) = (
    "2PC",
    "2PC blocks exactly when the coordinator is unreachable and every live participant is READY.",
);
const NEVER_DISAGREES: (&str, &str) = (
    "2PC",
    "It never violates agreement (no two nodes decide differently), whatever messages are lost, duplicated or delayed and whoever crashes, as long as stable storage survives.",
);

// PROTOCOLS.md, "Three-phase commit (3PC)".
const C3: (&str, &str) = (
    "3PC",
    "Coordinator: `INIT -> WAIT -> PRECOMMIT` (all voted YES; sends PRECOMMIT) `-> COMMIT` (all ACKed the PRECOMMIT).",
);
const P3: (&str, &str) = (
    "3PC",
    "Participant: `INIT -> READY -> PRECOMMIT -> COMMIT`; `INIT | READY -> ABORT`.",
);
const TERMINATION: (&str, &str) = (
    "3PC",
    "Termination protocol (live participants elect a new coordinator, which collects their states)",
);
const ANY_COMMIT: (&str, &str) = ("3PC", "any COMMIT -> commit;");
const ANY_ABORT: (&str, &str) = ("3PC", "any ABORT -> abort;");
const SOME_PRECOMMIT: (&str, &str) = (
    "3PC",
    "some PRECOMMIT (and none decided) -> send PRECOMMIT to the others, then commit;",
);
const ALL_READY: (&str, &str) = ("3PC", "all INIT or READY -> abort.");
const NONBLOCKING_IF: (&str, &str) = (
    "3PC",
    "3PC is non-blocking only with fail-stop crashes, no partitions and timeouts that are accurate (bounded message delay).",
);
const NO_BOTH: (&str, &str) = (
    "3PC",
    "no state from which a node can move directly to both COMMIT and ABORT",
);
const PARTITION_BREAKS: (&str, &str) =
    ("3PC", "Under a network partition it can violate agreement.");
const CLASSIC_RUN: (&str, &str) = (
    "3PC",
    "all vote YES; PRECOMMIT reaches only P1; the network splits {C, P1} | {P2, P3}; C and P1 go on to COMMIT; P2 and P3, both READY, run termination among themselves and ABORT.",
);
const FIXES: (&str, &str) = (
    "3PC",
    "Fixes in the literature: quorum-based 3PC (Skeen 1982), E3PC (Keidar & Dolev 1995), Paxos Commit (Gray & Lamport 2006).",
);

// PROTOCOLS.md, "Message-queue semantics".
pub(super) const QUEUE: (&str, &str) = (
    "MQ",
    "A producer publishes to a named queue; the message waits in the queue until a consumer takes it; it leaves the queue only when the consumer acknowledges it.",
);
pub(super) const AT_LEAST_ONCE: (&str, &str) = (
    "MQ",
    "A consumer that dies before acknowledging gets the message again (at-least-once delivery), so duplicates are normal and handlers must be idempotent.",
);
const LOSSY_CONTRAST: (&str, &str) = (
    "MQ",
    "A lossy point-to-point network (at-most-once) is the textbook alternative and the useful contrast.",
);

pub(super) const fn ev(kind: EventKind) -> Pat {
    Pat::kind(kind)
}
pub(super) const fn send(from: &'static str, label: &'static str) -> Pat {
    Pat::kind(EventKind::Send).at(from).label(label)
}
pub(super) const fn send_to(from: &'static str, to: &'static str, label: &'static str) -> Pat {
    Pat::kind(EventKind::Send).at(from).peer(to).label(label)
}
pub(super) const fn deliver(at: &'static str, label: &'static str) -> Pat {
    Pat::kind(EventKind::Deliver).at(at).label(label)
}
pub(super) const fn persist(at: &'static str, label: &'static str) -> Pat {
    Pat::kind(EventKind::Persist).at(at).label(label)
}
pub(super) const fn become_(at: &'static str, label: &'static str) -> Pat {
    Pat::kind(EventKind::Become).at(at).label(label)
}
pub(super) const fn timer(at: &'static str, label: &'static str) -> Pat {
    Pat::kind(EventKind::Timer).at(at).label(label)
}
pub(super) const fn at(kind: EventKind, node: &'static str) -> Pat {
    Pat::kind(kind).at(node)
}

pub(super) const fn step(id: &'static str, anchor: Anchor) -> Step {
    Step {
        id,
        anchor,
        predict: None,
        holds: &[],
        sources: &[],
    }
}

impl Step {
    pub(super) const fn cite(mut self, sources: &'static [(&'static str, &'static str)]) -> Step {
        self.sources = sources;
        self
    }
    pub(super) const fn holds(mut self, conds: &'static [Cond]) -> Step {
        self.holds = conds;
        self
    }
    pub(super) const fn ask(mut self, answer: &'static str, choices: &'static [Choice]) -> Step {
        self.predict = Some(Predict { choices, answer });
        self
    }
}

pub(super) const fn choice(id: &'static str, outcome: Outcome) -> Choice {
    Choice {
        id,
        outcome: Some(outcome),
    }
}

pub(super) const fn first(p: Pat) -> Anchor {
    Anchor::first(p)
}

/// Every lesson, in the order the list shows them: constants, so the page carries them as data
/// rather than as code that builds them (BENCHMARKS.md "App (browser)").
pub(super) static LESSONS: [Lesson; 17] = [
    LESSON_BASICS,
    LESSON_VOTE_NO,
    LESSON_LOST_MESSAGES,
    LESSON_COORDINATOR_CRASH,
    LESSON_RECOVERY,
    LESSON_COOPERATIVE,
    LESSON_THREE_PC,
    LESSON_PARTITION,
    LESSON_QUEUES,
    super::transfers::DUAL_WRITE,
    super::transfers::OUTBOX,
    super::transfers::TXMSG,
    super::transfers::NOTIFY,
    super::orders::SAGA_COMPENSATION,
    super::orders::SAGA_RECOVERY,
    super::orders::SAGA_HANGING,
    super::orders::TCC_IDEMPOTENCY,
];

const LESSON_BASICS: Lesson = Lesson {
    id: "2pc-basics",
    source: Source::Preset("2pc-happy"),
    steps: &[
        step("begin", first(ev(EventKind::Begin))),
        step("prepare", first(send_to("C", "P1", "PREPARE")))
            .cite(&[INIT_WAIT])
            .holds(&[Cond::State("C", "WAIT")]),
        step("ready", first(deliver("P1", "PREPARE")))
            .cite(&[FORCE_READY])
            .ask(
                "log-first",
                &[
                    choice(
                        "yes-first",
                        Outcome::happens_before(send("P1", "YES"), persist("P1", "READY")),
                    ),
                    choice(
                        "log-first",
                        Outcome::All(&[
                            Outcome::happens_before(persist("P1", "READY"), send("P1", "YES")),
                            Outcome::happens(send("P1", "YES")),
                        ]),
                    ),
                    choice(
                        "commit",
                        Outcome::happens_before(become_("P1", "COMMIT"), send("P1", "YES")),
                    ),
                ],
            ),
        step("in-doubt", first(send("P1", "YES")))
            .cite(&[READY_IN_DOUBT, DECISION_ARRIVES])
            .holds(&[Cond::InDoubt("P1")]),
        step("decide", Anchor::Nth(deliver("C", "YES"), 3))
            .cite(&[ALL_YES, FORCE_DECISION])
            .ask(
                "log-first",
                &[
                    choice(
                        "send-first",
                        Outcome::happens_before(send("C", "COMMIT"), persist("C", "COMMIT")),
                    ),
                    choice(
                        "log-first",
                        Outcome::All(&[
                            Outcome::happens_before(persist("C", "COMMIT"), send("C", "COMMIT")),
                            Outcome::happens(send_to("C", "P1", "COMMIT")),
                        ]),
                    ),
                    choice("ask-again", Outcome::happens(send("C", "PREPARE"))),
                ],
            ),
        step("phase2", first(become_("P3", "COMMIT")))
            .cite(&[DECISION_ARRIVES])
            .holds(&[Cond::Decided("P3", Commit)]),
        step("end", Anchor::End).cite(&[ACT_ON_DECISION]).holds(&[
            Cond::Decided("C", Commit),
            Cond::Decided("P1", Commit),
            Cond::Decided("P2", Commit),
            Cond::Decided("P3", Commit),
        ]),
    ],
};

const LESSON_VOTE_NO: Lesson = Lesson {
    id: "2pc-vote-no",
    source: Source::Preset("2pc-vote-no"),
    steps: &[
        step("prepare", first(send_to("C", "P2", "PREPARE"))).cite(&[INIT_WAIT]),
        step("no", first(deliver("P2", "PREPARE")))
            .cite(&[INIT_ABORT])
            .ask(
                "abort",
                &[
                    choice(
                        "abort",
                        Outcome::All(&[
                            Outcome::happens_before(persist("P2", "ABORT"), send("P2", "NO")),
                            Outcome::happens_before(become_("P2", "ABORT"), send("P2", "NO")),
                            Outcome::happens(send("P2", "NO")),
                        ]),
                    ),
                    choice("ready", Outcome::happens(become_("P2", "READY"))),
                    choice(
                        "silent",
                        Outcome::Never {
                            what: send("P2", "NO"),
                            before: None,
                        },
                    ),
                ],
            ),
        step("one-no", first(deliver("C", "NO")))
            .cite(&[NO_OR_TIMEOUT])
            .ask(
                "abort-now",
                &[
                    choice(
                        "wait",
                        Outcome::happens_before(deliver("C", "YES"), persist("C", "ABORT")),
                    ),
                    choice(
                        "abort-now",
                        Outcome::All(&[
                            Outcome::happens_before(persist("C", "ABORT"), deliver("C", "YES")),
                            Outcome::happens_before(become_("C", "ABORT"), deliver("C", "YES")),
                        ]),
                    ),
                    choice("majority", Outcome::happens(persist("C", "COMMIT"))),
                ],
            ),
        step("who", first(become_("C", "ABORT")))
            .cite(&[INIT_ABORT])
            .ask(
                "others",
                &[
                    choice("everyone", Outcome::happens(send_to("C", "P2", "ABORT"))),
                    choice(
                        "others",
                        Outcome::All(&[
                            Outcome::happens(send_to("C", "P1", "ABORT")),
                            Outcome::happens(send_to("C", "P3", "ABORT")),
                        ]),
                    ),
                    choice(
                        "nobody",
                        Outcome::Never {
                            what: send("C", "ABORT"),
                            before: None,
                        },
                    ),
                ],
            ),
        step("late-yes", first(deliver("C", "YES")))
            .cite(&[NO_OR_TIMEOUT, DECISION_ARRIVES])
            .holds(&[Cond::Decided("C", Abort), Cond::InDoubt("P1")])
            .ask(
                "repeat",
                &[
                    choice("change", Outcome::happens(persist("C", "COMMIT"))),
                    choice(
                        "repeat",
                        Outcome::happens_before(
                            send_to("C", "P1", "ABORT"),
                            ev(EventKind::Deliver).at("C"),
                        ),
                    ),
                    choice(
                        "ignore",
                        Outcome::never_before(
                            send_to("C", "P1", "ABORT"),
                            ev(EventKind::Deliver).at("C"),
                        ),
                    ),
                ],
            ),
        step("end", Anchor::End).cite(&[NO_OR_TIMEOUT]).holds(&[
            Cond::Decided("C", Abort),
            Cond::Decided("P1", Abort),
            Cond::Decided("P2", Abort),
            Cond::Decided("P3", Abort),
        ]),
    ],
};

const LESSON_LOST_MESSAGES: Lesson = Lesson {
    id: "lost-messages",
    source: Source::Inline(include_str!("../../lessons/lost-messages.json")),
    steps: &[
        step("lost", first(ev(EventKind::Drop))),
        step("c-timeout", first(timer("C", "vote-timeout")))
            .cite(&[NO_OR_TIMEOUT, ALL_YES])
            .holds(&[Cond::State("C", "WAIT"), Cond::State("P2", "INIT")])
            .ask(
                "abort",
                &[
                    choice(
                        "abort",
                        Outcome::All(&[
                            Outcome::happens_before(persist("C", "ABORT"), send("C", "ABORT")),
                            Outcome::happens(send_to("C", "P2", "ABORT")),
                        ]),
                    ),
                    choice("majority", Outcome::happens(persist("C", "COMMIT"))),
                    choice("retry", Outcome::happens(send("C", "PREPARE"))),
                ],
            ),
        step("lost-again", first(ev(EventKind::Drop))).holds(&[Cond::State("P2", "INIT")]),
        step("p2-timeout", first(timer("P2", "prepare-timeout")))
            .cite(&[INIT_ABORT])
            .ask(
                "abort",
                &[
                    choice(
                        "abort",
                        Outcome::happens_before(
                            become_("P2", "ABORT"),
                            at(EventKind::Deliver, "P2"),
                        ),
                    ),
                    choice(
                        "wait",
                        Outcome::never_before(become_("P2", "ABORT"), at(EventKind::Deliver, "P2")),
                    ),
                    choice("yes", Outcome::happens(send("P2", "YES"))),
                ],
            ),
        step("resend", first(timer("C", "resend")))
            .cite(&[ACT_ON_DECISION])
            .holds(&[Cond::Decided("P2", Abort)]),
        step("duplicate", first(deliver("P2", "ABORT")))
            .cite(&[ACT_ON_DECISION])
            .ask(
                "ack",
                &[
                    choice(
                        "ack",
                        Outcome::All(&[
                            Outcome::happens(send_to("P2", "C", "ACK")),
                            Outcome::never_before(at(EventKind::Persist, "P2"), send("P2", "ACK")),
                        ]),
                    ),
                    choice(
                        "again",
                        Outcome::happens_before(persist("P2", "ABORT"), send("P2", "ACK")),
                    ),
                    choice(
                        "ignore",
                        Outcome::Never {
                            what: send("P2", "ACK"),
                            before: None,
                        },
                    ),
                ],
            ),
        step("end", Anchor::End).cite(&[NEVER_DISAGREES]).holds(&[
            Cond::Decided("C", Abort),
            Cond::Decided("P1", Abort),
            Cond::Decided("P2", Abort),
            Cond::Decided("P3", Abort),
        ]),
    ],
};

const LESSON_COORDINATOR_CRASH: Lesson = Lesson {
    id: "coordinator-crash",
    source: Source::Preset("2pc-coordinator-crash-in-doubt"),
    steps: &[
        step("votes", Anchor::Nth(deliver("C", "YES"), 3))
            .cite(&[READY_IN_DOUBT])
            .holds(&[
                Cond::InDoubt("P1"),
                Cond::InDoubt("P2"),
                Cond::InDoubt("P3"),
            ]),
        step("crash", first(at(EventKind::Crash, "C")))
            .cite(&[BLOCKS_WHEN])
            .holds(&[
                Cond::Down("C"),
                Cond::Blocked("P1"),
                Cond::Blocked("P2"),
                Cond::Blocked("P3"),
            ]),
        step("ask", first(timer("P2", "decision-timeout")))
            .cite(&[COOPERATIVE])
            .ask(
                "ask",
                &[
                    choice(
                        "abort",
                        Outcome::happens_before(
                            become_("P2", "ABORT"),
                            at(EventKind::Recover, "C"),
                        ),
                    ),
                    choice(
                        "ask",
                        Outcome::All(&[
                            Outcome::happens_before(
                                send_to("P2", "P1", "DECISION-REQ"),
                                at(EventKind::Timer, "P2"),
                            ),
                            Outcome::happens_before(
                                send_to("P2", "P3", "DECISION-REQ"),
                                at(EventKind::Timer, "P2"),
                            ),
                        ]),
                    ),
                    choice(
                        "commit",
                        Outcome::happens_before(
                            become_("P2", "COMMIT"),
                            at(EventKind::Recover, "C"),
                        ),
                    ),
                ],
            ),
        step("uncertain", first(deliver("P1", "DECISION-REQ").peer("P2")))
            .cite(&[PEER_READY])
            .ask(
                "uncertain",
                &[
                    choice(
                        "uncertain",
                        Outcome::happens_before(
                            send_to("P1", "P2", "UNCERTAIN"),
                            at(EventKind::Deliver, "P1"),
                        ),
                    ),
                    choice("commit", Outcome::happens(send("P1", "COMMIT"))),
                    choice(
                        "abort",
                        Outcome::happens_before(
                            send_to("P1", "P2", "ABORT"),
                            at(EventKind::Recover, "C"),
                        ),
                    ),
                ],
            ),
        step("blocked", first(timer("P2", "ask-again")))
            .cite(&[NOBODY_HELPS, BLOCKS_WHEN])
            .holds(&[
                Cond::Blocked("P1"),
                Cond::Blocked("P2"),
                Cond::Blocked("P3"),
            ])
            .ask(
                "until-c",
                &[
                    choice(
                        "until-c",
                        Outcome::Stays {
                            cond: Cond::Blocked("P2"),
                            until: at(EventKind::Recover, "C"),
                        },
                    ),
                    choice(
                        "timeout-abort",
                        Outcome::happens_before(
                            become_("P2", "ABORT"),
                            at(EventKind::Recover, "C"),
                        ),
                    ),
                    choice(
                        "majority",
                        Outcome::happens_before(
                            become_("P2", "COMMIT"),
                            at(EventKind::Recover, "C"),
                        ),
                    ),
                ],
            ),
        step("recover", first(at(EventKind::Recover, "C")))
            .cite(&[NO_RECORD, FORCE_DECISION])
            .ask(
                "abort",
                &[
                    choice(
                        "abort",
                        Outcome::All(&[
                            Outcome::happens_before(persist("C", "ABORT"), send("C", "ABORT")),
                            Outcome::happens(send("C", "ABORT")),
                        ]),
                    ),
                    choice("commit", Outcome::happens(persist("C", "COMMIT"))),
                    choice("ask", Outcome::happens(send("C", "DECISION-REQ"))),
                ],
            ),
        step("end", Anchor::End).cite(&[NEVER_DISAGREES]).holds(&[
            Cond::Decided("C", Abort),
            Cond::Decided("P1", Abort),
            Cond::Decided("P2", Abort),
            Cond::Decided("P3", Abort),
        ]),
    ],
};

const LESSON_RECOVERY: Lesson = Lesson {
    id: "recovery",
    source: Source::Preset("2pc-coordinator-crash-after-decision"),
    steps: &[
        step("logged", first(persist("C", "COMMIT")))
            .cite(&[FORCE_DECISION, FORCED])
            .holds(&[
                Cond::InDoubt("P1"),
                Cond::InDoubt("P2"),
                Cond::InDoubt("P3"),
            ]),
        step("crash", Anchor::When(Cond::Blocked("P1")))
            .cite(&[BLOCKS_WHEN])
            .holds(&[Cond::Down("C"), Cond::Blocked("P2"), Cond::Blocked("P3")]),
        step("ask", first(timer("P1", "decision-timeout")))
            .cite(&[COOPERATIVE, PEER_READY])
            .holds(&[Cond::Blocked("P1")]),
        step("recover", first(at(EventKind::Recover, "C")))
            .cite(&[ACT_ON_DECISION])
            .ask(
                "resend",
                &[
                    choice(
                        "resend",
                        Outcome::All(&[
                            Outcome::happens_before(
                                send_to("C", "P1", "COMMIT"),
                                at(EventKind::Deliver, "C"),
                            ),
                            Outcome::happens_before(
                                send_to("C", "P2", "COMMIT"),
                                at(EventKind::Deliver, "C"),
                            ),
                            Outcome::happens_before(
                                send_to("C", "P3", "COMMIT"),
                                at(EventKind::Deliver, "C"),
                            ),
                        ]),
                    ),
                    choice("abort", Outcome::happens(persist("C", "ABORT"))),
                    choice("ask", Outcome::happens(send("C", "DECISION-REQ"))),
                ],
            ),
        step("commit", Anchor::When(Cond::Decided("P1", Commit))).cite(&[DECISION_ARRIVES]),
        step("end", Anchor::End).cite(&[FORCED]).holds(&[
            Cond::Decided("C", Commit),
            Cond::Decided("P1", Commit),
            Cond::Decided("P2", Commit),
            Cond::Decided("P3", Commit),
        ]),
    ],
};

const LESSON_COOPERATIVE: Lesson = Lesson {
    id: "cooperative-termination",
    source: Source::Preset("2pc-cooperative-termination"),
    steps: &[
        step("crash", first(at(EventKind::Crash, "C")))
            .cite(&[FORCE_DECISION])
            .holds(&[Cond::Down("C"), Cond::InDoubt("P2"), Cond::InDoubt("P3")]),
        step("p1-commits", first(become_("P1", "COMMIT")))
            .cite(&[NOBODY_HELPS])
            .holds(&[
                Cond::Decided("P1", Commit),
                Cond::InDoubt("P2"),
                Cond::Free("P2"),
                Cond::Free("P3"),
            ]),
        step("ask", first(timer("P2", "decision-timeout")))
            .cite(&[COOPERATIVE])
            .ask(
                "ask",
                &[
                    choice(
                        "ask",
                        Outcome::happens_before(
                            send_to("P2", "P1", "DECISION-REQ"),
                            at(EventKind::Timer, "P2"),
                        ),
                    ),
                    choice("abort", Outcome::happens(become_("P2", "ABORT"))),
                    choice(
                        "wait",
                        Outcome::never_before(
                            send("P2", "DECISION-REQ"),
                            at(EventKind::Recover, "C"),
                        ),
                    ),
                ],
            ),
        step(
            "p1-answers",
            first(deliver("P1", "DECISION-REQ").peer("P2")),
        )
        .cite(&[PEER_KNOWS])
        .ask(
            "commit",
            &[
                choice(
                    "commit",
                    Outcome::happens_before(
                        send_to("P1", "P2", "COMMIT"),
                        at(EventKind::Deliver, "P1"),
                    ),
                ),
                choice("uncertain", Outcome::happens(send("P1", "UNCERTAIN"))),
                choice(
                    "silent",
                    Outcome::never_before(
                        Pat::kind(EventKind::Send).at("P1").peer("P2"),
                        at(EventKind::Deliver, "P1"),
                    ),
                ),
            ],
        ),
        step("p3-uncertain", first(deliver("P2", "UNCERTAIN")))
            .cite(&[PEER_READY])
            .holds(&[Cond::InDoubt("P2")]),
        step("adopt", first(deliver("P2", "COMMIT").peer("P1")))
            .cite(&[PEER_KNOWS])
            .ask(
                "commit",
                &[
                    choice(
                        "commit",
                        Outcome::All(&[
                            Outcome::happens_before(
                                persist("P2", "COMMIT"),
                                at(EventKind::Deliver, "P2"),
                            ),
                            Outcome::happens_before(
                                become_("P2", "COMMIT"),
                                at(EventKind::Deliver, "P2"),
                            ),
                        ]),
                    ),
                    choice(
                        "wait",
                        Outcome::never_before(become_("P2", "COMMIT"), at(EventKind::Recover, "C")),
                    ),
                    choice("abort", Outcome::happens(become_("P2", "ABORT"))),
                ],
            ),
        step("c-back", first(at(EventKind::Recover, "C")))
            .cite(&[ACT_ON_DECISION])
            .holds(&[
                Cond::Decided("P1", Commit),
                Cond::Decided("P2", Commit),
                Cond::Decided("P3", Commit),
            ]),
        step("end", Anchor::End)
            .cite(&[NEVER_DISAGREES])
            .holds(&[Cond::Decided("C", Commit)]),
    ],
};

const LESSON_THREE_PC: Lesson = Lesson {
    id: "3pc-nonblocking",
    source: Source::Preset("3pc-coordinator-crash"),
    steps: &[
        step("votes", Anchor::Nth(deliver("C", "YES"), 3))
            .cite(&[P3, C3])
            .holds(&[Cond::State("P1", "READY"), Cond::State("P3", "READY")])
            .ask(
                "precommit",
                &[
                    choice(
                        "commit",
                        Outcome::happens_before(persist("C", "COMMIT"), send("C", "PRECOMMIT")),
                    ),
                    choice(
                        "precommit",
                        Outcome::happens_before(
                            send_to("C", "P1", "PRECOMMIT"),
                            persist("C", "COMMIT"),
                        ),
                    ),
                    choice("abort", Outcome::happens(persist("C", "ABORT"))),
                ],
            ),
        step("crash", first(at(EventKind::Crash, "C"))).holds(&[
            Cond::Down("C"),
            Cond::State("P1", "READY"),
            Cond::State("P2", "READY"),
        ]),
        step("p1-precommit", first(become_("P1", "PRECOMMIT")))
            .cite(&[NO_BOTH, NONBLOCKING_IF])
            .holds(&[Cond::Free("P1"), Cond::Free("P2"), Cond::Free("P3")]),
        step("elect", first(timer("P2", "decision-timeout")))
            .cite(&[TERMINATION])
            .ask(
                "report",
                &[
                    choice(
                        "report",
                        Outcome::happens_before(
                            send_to("P2", "P1", "STATE=READY"),
                            at(EventKind::Timer, "P2"),
                        ),
                    ),
                    choice("abort", Outcome::happens(become_("P2", "ABORT"))),
                    choice(
                        "block",
                        Outcome::Stays {
                            cond: Cond::Blocked("P2"),
                            until: at(EventKind::Recover, "C"),
                        },
                    ),
                ],
            ),
        step("rule", Anchor::Nth(deliver("P1", "STATE=READY"), 2))
            .cite(&[ANY_COMMIT, ANY_ABORT, SOME_PRECOMMIT, ALL_READY])
            .holds(&[Cond::State("P1", "PRECOMMIT")])
            .ask(
                "precommit",
                &[
                    choice(
                        "precommit",
                        Outcome::All(&[
                            Outcome::happens_before(
                                send_to("P1", "P2", "PRECOMMIT"),
                                persist("P1", "COMMIT"),
                            ),
                            Outcome::happens_before(
                                send_to("P1", "P3", "PRECOMMIT"),
                                persist("P1", "COMMIT"),
                            ),
                        ]),
                    ),
                    choice("abort", Outcome::happens(become_("P1", "ABORT"))),
                    choice(
                        "commit-now",
                        Outcome::happens_before(persist("P1", "COMMIT"), send("P1", "PRECOMMIT")),
                    ),
                ],
            ),
        step("leader-commits", first(become_("P1", "COMMIT"))).cite(&[SOME_PRECOMMIT]),
        step("all-commit", Anchor::When(Cond::Decided("P2", Commit)))
            .cite(&[NONBLOCKING_IF])
            .holds(&[
                Cond::Down("C"),
                Cond::Decided("P1", Commit),
                Cond::Decided("P3", Commit),
            ]),
        step("c-back", first(send("C", "DECISION-REQ"))).holds(&[Cond::State("C", "PRECOMMIT")]),
        step("end", Anchor::End).holds(&[Cond::Decided("C", Commit)]),
    ],
};

const LESSON_PARTITION: Lesson = Lesson {
    id: "3pc-partition",
    source: Source::Preset("3pc-partition-violation"),
    steps: &[
        step("split", first(ev(EventKind::Partition)))
            .cite(&[CLASSIC_RUN])
            .holds(&[Cond::State("C", "PRECOMMIT"), Cond::State("P2", "READY")]),
        step("c-timeout", first(timer("C", "ack-timeout")))
            .cite(&[CLASSIC_RUN, NONBLOCKING_IF])
            .ask(
                "commit",
                &[
                    choice("commit", Outcome::happens(persist("C", "COMMIT"))),
                    choice("abort", Outcome::happens(persist("C", "ABORT"))),
                    choice(
                        "wait",
                        Outcome::Never {
                            what: persist("C", "COMMIT"),
                            before: None,
                        },
                    ),
                ],
            ),
        step("p1-commits", first(become_("P1", "COMMIT"))).cite(&[CLASSIC_RUN]),
        step("leader", first(send("P2", "STATE-REQ")))
            .cite(&[TERMINATION])
            .holds(&[Cond::State("P2", "READY"), Cond::State("P3", "READY")]),
        step("rule", first(deliver("P2", "STATE=READY")))
            .cite(&[ALL_READY, CLASSIC_RUN])
            .ask(
                "abort",
                &[
                    choice(
                        "abort",
                        Outcome::happens_before(
                            become_("P2", "ABORT"),
                            at(EventKind::Deliver, "P2"),
                        ),
                    ),
                    choice("commit", Outcome::happens(become_("P2", "COMMIT"))),
                    choice(
                        "wait",
                        Outcome::Never {
                            what: become_("P2", "ABORT"),
                            before: None,
                        },
                    ),
                ],
            ),
        step("violation", Anchor::When(Cond::Violated))
            .cite(&[PARTITION_BREAKS])
            .holds(&[
                Cond::Decided("C", Commit),
                Cond::Decided("P1", Commit),
                Cond::Decided("P2", Abort),
            ]),
        step("end", Anchor::End)
            .cite(&[FIXES, NONBLOCKING_IF])
            .holds(&[Cond::Decided("P3", Abort), Cond::Violated]),
    ],
};

const LESSON_QUEUES: Lesson = Lesson {
    id: "message-queues",
    source: Source::Preset("mq-redelivery-duplicate"),
    steps: &[
        step("queued", first(ev(EventKind::Enqueue).at("P1"))).cite(&[QUEUE]),
        step("taken", first(deliver("P1", "PREPARE"))).cite(&[QUEUE, FORCE_READY]),
        step("crash", first(at(EventKind::Crash, "P1")))
            .cite(&[AT_LEAST_ONCE])
            .holds(&[Cond::Down("P1")])
            .ask(
                "requeue",
                &[
                    choice("requeue", Outcome::happens(at(EventKind::Requeue, "P1"))),
                    choice(
                        "gone",
                        Outcome::Never {
                            what: at(EventKind::Requeue, "P1"),
                            before: None,
                        },
                    ),
                    choice("dropped", Outcome::happens(ev(EventKind::Drop))),
                ],
            ),
        step("waits", first(ev(EventKind::Enqueue).at("P1")))
            .cite(&[QUEUE])
            .holds(&[Cond::Down("P1"), Cond::Decided("C", Commit)]),
        step("recover", first(at(EventKind::Recover, "P1")))
            .cite(&[READY_MUST_ASK])
            .ask(
                "ask",
                &[
                    choice(
                        "ask",
                        Outcome::happens_before(
                            send("P1", "DECISION-REQ"),
                            at(EventKind::Deliver, "P1"),
                        ),
                    ),
                    choice("abort", Outcome::happens(become_("P1", "ABORT"))),
                    choice(
                        "commit",
                        Outcome::happens_before(
                            become_("P1", "COMMIT"),
                            at(EventKind::Deliver, "P1"),
                        ),
                    ),
                ],
            ),
        step("redelivered", first(deliver("P1", "PREPARE")))
            .cite(&[AT_LEAST_ONCE])
            .holds(&[Cond::InDoubt("P1")])
            .ask(
                "same-answer",
                &[
                    choice(
                        "same-answer",
                        Outcome::All(&[
                            Outcome::happens_before(
                                send("P1", "YES"),
                                at(EventKind::Deliver, "P1"),
                            ),
                            Outcome::never_before(
                                at(EventKind::Persist, "P1"),
                                at(EventKind::Deliver, "P1"),
                            ),
                        ]),
                    ),
                    choice(
                        "vote-again",
                        Outcome::happens_before(
                            persist("P1", "READY"),
                            at(EventKind::Deliver, "P1"),
                        ),
                    ),
                    choice(
                        "ignore",
                        Outcome::never_before(send("P1", "YES"), at(EventKind::Deliver, "P1")),
                    ),
                ],
            ),
        step("dup-vote", first(deliver("C", "YES").peer("P1")))
            .cite(&[AT_LEAST_ONCE])
            .holds(&[Cond::Decided("C", Commit)])
            .ask(
                "nothing",
                &[
                    choice(
                        "nothing",
                        Outcome::All(&[
                            Outcome::never_before(
                                at(EventKind::Send, "C"),
                                at(EventKind::Timer, "C"),
                            ),
                            Outcome::never_before(
                                at(EventKind::Persist, "C"),
                                at(EventKind::Timer, "C"),
                            ),
                        ]),
                    ),
                    choice("commit-again", Outcome::happens(persist("C", "COMMIT"))),
                    choice("recount", Outcome::happens(send_to("C", "P2", "COMMIT"))),
                ],
            ),
        step("dup-commit", first(deliver("P1", "COMMIT").peer("C")))
            .cite(&[AT_LEAST_ONCE])
            .holds(&[Cond::Decided("P1", Commit)])
            .ask(
                "ack",
                &[
                    choice(
                        "ack",
                        Outcome::All(&[
                            Outcome::happens_before(
                                send_to("P1", "C", "ACK"),
                                at(EventKind::Deliver, "P1"),
                            ),
                            Outcome::never_before(
                                at(EventKind::Persist, "P1"),
                                at(EventKind::Deliver, "P1"),
                            ),
                        ]),
                    ),
                    choice("log-again", Outcome::happens(persist("P1", "COMMIT"))),
                    choice(
                        "reject",
                        Outcome::never_before(send("P1", "ACK"), at(EventKind::Deliver, "P1")),
                    ),
                ],
            ),
        step("end", Anchor::End)
            .cite(&[AT_LEAST_ONCE, LOSSY_CONTRAST])
            .holds(&[
                Cond::Decided("C", Commit),
                Cond::Decided("P1", Commit),
                Cond::Decided("P2", Commit),
                Cond::Decided("P3", Commit),
            ]),
    ],
};
