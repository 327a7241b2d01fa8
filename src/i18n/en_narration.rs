//! The English narration of every lesson (`lesson.<id>.<step>...`: each step's text, its
//! question, choices and explanation), kept apart from [`super::en`] because the page does not
//! carry it in its wasm: it fetches `static/i18n/en-narration.json` after its first frame
//! (src/web/language.rs). Built in with feature `en-narration` (the command line and the tests).
//! `zh.rs` lists the same keys, in this order, at its end.
//!
//! Lesson text states protocol facts; the facts each step rests on are cited, as exact quotes of
//! shared/PROTOCOLS.md with their section, in `src/lessons/catalog.rs` next to that step, and
//! `tests/lessons.rs` checks the quotes.

pub(super) static TABLE: super::Packed = packed_table![
    // Lesson 2pc-basics.
    (
        "lesson.2pc-basics.begin.text",
        "A client starts a transaction at the coordinator C and three participants, P1 to P3. Two-phase commit makes them agree on one outcome: either all commit, or all abort.",
    ),
    (
        "lesson.2pc-basics.prepare.text",
        "Phase 1, voting. C enters WAIT and sends PREPARE, the vote request, to every participant.",
    ),
    (
        "lesson.2pc-basics.ready.text",
        "PREPARE reaches P1, which is able to commit its part.",
    ),
    (
        "lesson.2pc-basics.ready.q",
        "P1 is about to vote YES. What does it do first?",
    ),
    (
        "lesson.2pc-basics.ready.yes-first",
        "Sends YES at once; the log can wait",
    ),
    (
        "lesson.2pc-basics.ready.log-first",
        "Forces READY to its log, then sends YES",
    ),
    ("lesson.2pc-basics.ready.commit", "Commits right away"),
    (
        "lesson.2pc-basics.ready.why",
        "A participant writes READY to stable storage before sending YES. With its YES, P1 promises to commit if told to, and a crash must not make it forget that promise.",
    ),
    (
        "lesson.2pc-basics.in-doubt.text",
        "P1 has voted YES and is READY. From here it is uncertain, “in doubt”: it will move to COMMIT or ABORT only when the decision arrives.",
    ),
    (
        "lesson.2pc-basics.decide.text",
        "The third YES reaches C: every participant has voted YES.",
    ),
    ("lesson.2pc-basics.decide.q", "What does C do now?"),
    (
        "lesson.2pc-basics.decide.send-first",
        "Sends COMMIT to everyone, then writes it to its log",
    ),
    (
        "lesson.2pc-basics.decide.log-first",
        "Forces COMMIT to its log, then sends COMMIT to everyone",
    ),
    (
        "lesson.2pc-basics.decide.ask-again",
        "Sends PREPARE again, to make sure",
    ),
    (
        "lesson.2pc-basics.decide.why",
        "C may commit because every vote is YES, and it writes its decision to its log before sending it, so the decision survives a crash.",
    ),
    (
        "lesson.2pc-basics.phase2.text",
        "Phase 2, completion. Each participant receives COMMIT, forces it to its log, moves from READY to COMMIT and acknowledges it.",
    ),
    (
        "lesson.2pc-basics.end.text",
        "C re-sends a decision until every participant acknowledges it. With every acknowledgement in, it writes END and can forget the transaction. Everyone committed.",
    ),
    // Lesson 2pc-vote-no.
    (
        "lesson.2pc-vote-no.prepare.text",
        "As before, C sends PREPARE to every participant. This time P2 will not be able to commit.",
    ),
    (
        "lesson.2pc-vote-no.no.text",
        "PREPARE reaches P2, which cannot commit its part (a constraint fails, say).",
    ),
    ("lesson.2pc-vote-no.no.q", "What does P2 do?"),
    (
        "lesson.2pc-vote-no.no.abort",
        "Forces ABORT to its log, aborts and votes NO",
    ),
    (
        "lesson.2pc-vote-no.no.ready",
        "Enters READY like the others and waits for the decision",
    ),
    (
        "lesson.2pc-vote-no.no.silent",
        "Says nothing and lets C time out",
    ),
    (
        "lesson.2pc-vote-no.no.why",
        "A participant that votes NO goes from INIT straight to ABORT. It already knows the outcome, since one NO aborts the transaction, so it is never in doubt.",
    ),
    (
        "lesson.2pc-vote-no.one-no.text",
        "P2's NO reaches C before any other vote.",
    ),
    (
        "lesson.2pc-vote-no.one-no.q",
        "C has one NO and no other vote yet. What does it do?",
    ),
    (
        "lesson.2pc-vote-no.one-no.wait",
        "Waits for the remaining votes",
    ),
    (
        "lesson.2pc-vote-no.one-no.abort-now",
        "Aborts at once: forces ABORT to its log and sends ABORT",
    ),
    (
        "lesson.2pc-vote-no.one-no.majority",
        "Commits with the YES voters if they are a majority",
    ),
    (
        "lesson.2pc-vote-no.one-no.why",
        "The coordinator aborts on any NO. There is nothing to wait for: commit needs every vote to be YES.",
    ),
    ("lesson.2pc-vote-no.who.text", "C has entered ABORT."),
    ("lesson.2pc-vote-no.who.q", "Whom does C send ABORT to?"),
    ("lesson.2pc-vote-no.who.everyone", "Everyone, P2 included"),
    (
        "lesson.2pc-vote-no.who.others",
        "P1 and P3 only: P2 aborted when it voted NO",
    ),
    (
        "lesson.2pc-vote-no.who.nobody",
        "Nobody: the participants will time out",
    ),
    (
        "lesson.2pc-vote-no.who.why",
        "P2 aborted on its own when it voted NO, so only the others need to hear the outcome.",
    ),
    (
        "lesson.2pc-vote-no.late-yes.text",
        "P1's YES reaches C after C has aborted. P1 is READY: in doubt, waiting for the decision.",
    ),
    (
        "lesson.2pc-vote-no.late-yes.q",
        "What does C do with this late YES?",
    ),
    (
        "lesson.2pc-vote-no.late-yes.change",
        "Changes its mind and commits",
    ),
    (
        "lesson.2pc-vote-no.late-yes.repeat",
        "Sends ABORT to P1 again",
    ),
    ("lesson.2pc-vote-no.late-yes.ignore", "Ignores it"),
    (
        "lesson.2pc-vote-no.late-yes.why",
        "The decision is made and never changes. A YES after it comes from a participant that is READY and must hear the outcome, so C answers with ABORT.",
    ),
    (
        "lesson.2pc-vote-no.end.text",
        "Everyone aborted: one NO is enough to abort the whole transaction.",
    ),
    // Lesson lost-messages.
    (
        "lesson.lost-messages.lost.text",
        "C sends PREPARE to each participant, but the one for P2 is lost on the way. Nobody is told: to C and to P2, a lost message is just silence.",
    ),
    (
        "lesson.lost-messages.c-timeout.text",
        "P1 and P3 voted YES. From P2 nothing came, and C's vote timer has fired.",
    ),
    ("lesson.lost-messages.c-timeout.q", "What does C do?"),
    (
        "lesson.lost-messages.c-timeout.abort",
        "Aborts: forces ABORT to its log and sends it to everyone",
    ),
    (
        "lesson.lost-messages.c-timeout.majority",
        "Commits: two YES votes out of three are a majority",
    ),
    (
        "lesson.lost-messages.c-timeout.retry",
        "Sends PREPARE to P2 again and keeps waiting",
    ),
    (
        "lesson.lost-messages.c-timeout.why",
        "A coordinator that times out in WAIT aborts. It may commit only if every vote is YES, and a silent participant may have voted NO or crashed.",
    ),
    (
        "lesson.lost-messages.lost-again.text",
        "The ABORT for P2 is lost too. P2 is still in INIT: it has heard nothing at all.",
    ),
    (
        "lesson.lost-messages.p2-timeout.text",
        "P2 has waited in vain for a vote request, and its own timer fires.",
    ),
    ("lesson.lost-messages.p2-timeout.q", "What may P2 do?"),
    ("lesson.lost-messages.p2-timeout.abort", "Abort on its own"),
    (
        "lesson.lost-messages.p2-timeout.wait",
        "Nothing: only the coordinator may decide",
    ),
    (
        "lesson.lost-messages.p2-timeout.yes",
        "Vote YES, in case the others did",
    ),
    (
        "lesson.lost-messages.p2-timeout.why",
        "A participant that times out waiting for the vote request aborts. It has not voted, so it has promised nothing, and without its YES the outcome cannot be COMMIT.",
    ),
    (
        "lesson.lost-messages.resend.text",
        "P2 never acknowledged ABORT, so C sends it again: the coordinator re-sends its decision until every participant acknowledges it.",
    ),
    (
        "lesson.lost-messages.duplicate.text",
        "The re-sent ABORT reaches P2, which has already aborted on its own.",
    ),
    (
        "lesson.lost-messages.duplicate.q",
        "What does P2 do with it?",
    ),
    (
        "lesson.lost-messages.duplicate.ack",
        "Acknowledges it and changes nothing",
    ),
    (
        "lesson.lost-messages.duplicate.again",
        "Writes ABORT to its log again",
    ),
    (
        "lesson.lost-messages.duplicate.ignore",
        "Ignores it: it has decided already",
    ),
    (
        "lesson.lost-messages.duplicate.why",
        "P2 acknowledges, so C can stop re-sending; if P2 stayed silent, C would keep re-sending. Hearing a decision it already holds changes nothing else.",
    ),
    (
        "lesson.lost-messages.end.text",
        "Everyone aborted. Lost messages cost time, never agreement: 2PC never lets two nodes decide differently, whatever messages are lost, duplicated or delayed.",
    ),
    // Lesson coordinator-crash.
    (
        "lesson.coordinator-crash.votes.text",
        "All three participants voted YES and are READY: each has promised to commit if told to, and each is in doubt until it hears the decision. The last YES has just reached C.",
    ),
    (
        "lesson.coordinator-crash.crash.text",
        "C crashes before writing a decision. The coordinator is unreachable and every live participant is READY: they are blocked. None of them may decide alone.",
    ),
    (
        "lesson.coordinator-crash.ask.text",
        "P2 has waited long enough for the decision: its timer fires.",
    ),
    (
        "lesson.coordinator-crash.ask.q",
        "P2's timer fires while it is READY. What does it do?",
    ),
    (
        "lesson.coordinator-crash.ask.abort",
        "Aborts: the coordinator must have failed",
    ),
    (
        "lesson.coordinator-crash.ask.ask",
        "Asks the other participants (and C) for the decision",
    ),
    (
        "lesson.coordinator-crash.ask.commit",
        "Commits: everyone voted YES",
    ),
    (
        "lesson.coordinator-crash.ask.why",
        "A READY participant may not decide alone: it has promised to commit, yet C may have decided either way. It runs cooperative termination: it asks its peers.",
    ),
    (
        "lesson.coordinator-crash.uncertain.text",
        "P2's question reaches P1.",
    ),
    (
        "lesson.coordinator-crash.uncertain.q",
        "P1 is READY too. What does it answer?",
    ),
    (
        "lesson.coordinator-crash.uncertain.uncertain",
        "UNCERTAIN: it does not know either",
    ),
    ("lesson.coordinator-crash.uncertain.commit", "COMMIT"),
    ("lesson.coordinator-crash.uncertain.abort", "ABORT"),
    (
        "lesson.coordinator-crash.uncertain.why",
        "A READY peer cannot help: it is in doubt itself, so the asker has to try another peer. Here every participant is READY, so every answer is UNCERTAIN.",
    ),
    (
        "lesson.coordinator-crash.blocked.text",
        "Every answer was UNCERTAIN. P2 asks again, and will keep asking.",
    ),
    (
        "lesson.coordinator-crash.blocked.q",
        "How long will P2 stay undecided?",
    ),
    ("lesson.coordinator-crash.blocked.until-c", "Until C recovers"),
    (
        "lesson.coordinator-crash.blocked.timeout-abort",
        "Until its next timeout; then it aborts",
    ),
    (
        "lesson.coordinator-crash.blocked.majority",
        "Until a majority agrees; then it commits",
    ),
    (
        "lesson.coordinator-crash.blocked.why",
        "Nobody reachable can help, so P2 is blocked until the coordinator comes back. 2PC blocks exactly when the coordinator is unreachable and every live participant is READY.",
    ),
    (
        "lesson.coordinator-crash.recover.text",
        "C recovers at last and reads its log. There is no decision in it.",
    ),
    ("lesson.coordinator-crash.recover.q", "What does C decide?"),
    ("lesson.coordinator-crash.recover.abort", "ABORT"),
    (
        "lesson.coordinator-crash.recover.commit",
        "COMMIT: everyone voted YES",
    ),
    (
        "lesson.coordinator-crash.recover.ask",
        "It asks the participants what to do",
    ),
    (
        "lesson.coordinator-crash.recover.why",
        "Recovery reads the log, and no decision record means abort. That is safe: C writes its decision before sending it, so with none in its log, nobody can have been told COMMIT.",
    ),
    (
        "lesson.coordinator-crash.end.text",
        "Everyone aborted, and the questions that waited in C's queue get their answers. Agreement held throughout, but P1, P2 and P3 were blocked for as long as C was down.",
    ),
    // Lesson recovery.
    (
        "lesson.recovery.logged.text",
        "Every vote is YES. C forces COMMIT to its log: the decision now exists on stable storage, though nobody has been told.",
    ),
    (
        "lesson.recovery.crash.text",
        "C crashes before sending COMMIT. The coordinator is unreachable and every participant is READY: they are blocked.",
    ),
    (
        "lesson.recovery.ask.text",
        "P1 times out and asks everyone. The other participants are READY and answer UNCERTAIN; only C knows, and C is down.",
    ),
    (
        "lesson.recovery.recover.text",
        "C recovers and reads its log: COMMIT is there.",
    ),
    ("lesson.recovery.recover.q", "What does C do?"),
    (
        "lesson.recovery.recover.resend",
        "Sends COMMIT to every participant again",
    ),
    (
        "lesson.recovery.recover.abort",
        "Aborts: the crash interrupted the transaction",
    ),
    (
        "lesson.recovery.recover.ask",
        "Asks the participants what happened",
    ),
    (
        "lesson.recovery.recover.why",
        "Recovery reads the log, and a logged decision is acted on: C re-sends COMMIT until every participant acknowledges it. Who had acknowledged before the crash was only in memory, so it sends to everyone.",
    ),
    (
        "lesson.recovery.commit.text",
        "COMMIT reaches P1, which commits.",
    ),
    (
        "lesson.recovery.end.text",
        "Everyone committed. The decision survived the crash because C forced it to its log before sending it.",
    ),
    // Lesson cooperative-termination.
    (
        "lesson.cooperative-termination.crash.text",
        "C decided COMMIT, forced it to its log and sent it to P1, then crashed before sending it to anyone else. P2 and P3 are READY, in doubt.",
    ),
    (
        "lesson.cooperative-termination.p1-commits.text",
        "COMMIT reaches P1, which commits. P2 and P3 are still in doubt but no longer blocked: a participant they can reach knows the decision.",
    ),
    (
        "lesson.cooperative-termination.ask.text",
        "P2's decision timer fires.",
    ),
    ("lesson.cooperative-termination.ask.q", "What does P2 do?"),
    (
        "lesson.cooperative-termination.ask.ask",
        "Asks the others, P1 among them, for the decision",
    ),
    (
        "lesson.cooperative-termination.ask.abort",
        "Aborts: no decision came in time",
    ),
    (
        "lesson.cooperative-termination.ask.wait",
        "Keeps waiting for C",
    ),
    (
        "lesson.cooperative-termination.ask.why",
        "A participant that times out in READY asks its peers: that is cooperative termination.",
    ),
    (
        "lesson.cooperative-termination.p1-answers.text",
        "P2's question reaches P1.",
    ),
    (
        "lesson.cooperative-termination.p1-answers.q",
        "P1 has committed. What does it tell P2?",
    ),
    ("lesson.cooperative-termination.p1-answers.commit", "COMMIT"),
    (
        "lesson.cooperative-termination.p1-answers.uncertain",
        "UNCERTAIN: only the coordinator may announce the decision",
    ),
    (
        "lesson.cooperative-termination.p1-answers.silent",
        "Nothing: questions are for the coordinator",
    ),
    (
        "lesson.cooperative-termination.p1-answers.why",
        "A peer that knows the decision passes it on, and the asker adopts it.",
    ),
    (
        "lesson.cooperative-termination.p3-uncertain.text",
        "P3's answer reaches P2 first: UNCERTAIN. P3 is READY too, so it cannot help, and P2 has to hear from another peer.",
    ),
    (
        "lesson.cooperative-termination.adopt.text",
        "P1's COMMIT reaches P2.",
    ),
    (
        "lesson.cooperative-termination.adopt.q",
        "P2 hears COMMIT from a peer, not from the coordinator. What does it do?",
    ),
    (
        "lesson.cooperative-termination.adopt.commit",
        "Commits: forces COMMIT to its log and enters COMMIT",
    ),
    (
        "lesson.cooperative-termination.adopt.wait",
        "Waits for C to confirm",
    ),
    (
        "lesson.cooperative-termination.adopt.abort",
        "Aborts, since P3 said it did not know",
    ),
    (
        "lesson.cooperative-termination.adopt.why",
        "A participant that learns the decision from a peer adopts it. P3 does the same when P1 answers its question.",
    ),
    (
        "lesson.cooperative-termination.c-back.text",
        "C recovers, finds COMMIT in its log and re-sends it. The participants committed long ago, so they only acknowledge.",
    ),
    (
        "lesson.cooperative-termination.end.text",
        "Everyone committed, and P2 and P3 did not wait for C. Cooperative termination shortens blocking but cannot remove it: had no reachable peer known the decision, they would have been blocked until C came back.",
    ),
    // Lesson 3pc-nonblocking.
    (
        "lesson.3pc-nonblocking.votes.text",
        "3PC starts like 2PC: PREPARE, then the votes. All three participants voted YES and are READY; the last YES has just reached C.",
    ),
    (
        "lesson.3pc-nonblocking.votes.q",
        "In 2PC, C would now commit. What does a 3PC coordinator do?",
    ),
    (
        "lesson.3pc-nonblocking.votes.commit",
        "Commits, as in 2PC",
    ),
    (
        "lesson.3pc-nonblocking.votes.precommit",
        "Sends PRECOMMIT first, and commits only once everyone has acknowledged it",
    ),
    ("lesson.3pc-nonblocking.votes.abort", "Aborts, to be safe"),
    (
        "lesson.3pc-nonblocking.votes.why",
        "When all have voted YES, a 3PC coordinator moves to PRECOMMIT and sends PRECOMMIT; it commits only once every participant has acknowledged it. A participant in PRECOMMIT thus knows that everyone voted YES.",
    ),
    (
        "lesson.3pc-nonblocking.crash.text",
        "C sent PRECOMMIT to P1, then crashed before sending it to P2 and P3.",
    ),
    (
        "lesson.3pc-nonblocking.p1-precommit.text",
        "P1 enters PRECOMMIT and acknowledges. In 2PC, READY participants with a crashed coordinator would now be blocked. Here nobody is: no state lets a node move directly to both COMMIT and ABORT, so with fail-stop crashes the survivors can settle the outcome among themselves.",
    ),
    (
        "lesson.3pc-nonblocking.elect.text",
        "P2's timer fires: nothing has come from C.",
    ),
    (
        "lesson.3pc-nonblocking.elect.q",
        "In 2PC it would ask around and wait. What does P2 do in 3PC?",
    ),
    (
        "lesson.3pc-nonblocking.elect.report",
        "Starts the termination protocol: reports its state, READY, to P1, the new leader",
    ),
    (
        "lesson.3pc-nonblocking.elect.abort",
        "Aborts on its own",
    ),
    (
        "lesson.3pc-nonblocking.elect.block",
        "Blocks until C recovers",
    ),
    (
        "lesson.3pc-nonblocking.elect.why",
        "In the termination protocol the live participants elect a new coordinator, which collects their states. Here the leader is the lowest-numbered participant not suspected of having crashed: P1.",
    ),
    (
        "lesson.3pc-nonblocking.rule.text",
        "P1 leads. It has the reports of P2 and P3, both READY; P1 itself is in PRECOMMIT.",
    ),
    (
        "lesson.3pc-nonblocking.rule.q",
        "Which rule does the leader apply?",
    ),
    (
        "lesson.3pc-nonblocking.rule.precommit",
        "Some PRECOMMIT: send PRECOMMIT to the others, then commit",
    ),
    (
        "lesson.3pc-nonblocking.rule.abort",
        "Nobody has decided: abort",
    ),
    (
        "lesson.3pc-nonblocking.rule.commit-now",
        "Commit at once and tell the others",
    ),
    (
        "lesson.3pc-nonblocking.rule.why",
        "The rules, in order: any COMMIT, commit; any ABORT, abort; some PRECOMMIT and none decided, send PRECOMMIT to the others, then commit; all INIT or READY, abort. P1 is in PRECOMMIT, so it first brings the others to PRECOMMIT.",
    ),
    (
        "lesson.3pc-nonblocking.leader-commits.text",
        "P2 and P3 have acknowledged the PRECOMMIT. P1 commits and sends COMMIT to everyone.",
    ),
    (
        "lesson.3pc-nonblocking.all-commit.text",
        "P2 and P3 commit while C is still down: nobody waited for it. 3PC is non-blocking, but only with fail-stop crashes, no partitions and accurate timeouts.",
    ),
    (
        "lesson.3pc-nonblocking.c-back.text",
        "C recovers with PRECOMMIT in its log and no decision, so it asks the others for the outcome.",
    ),
    (
        "lesson.3pc-nonblocking.end.text",
        "C learns COMMIT and commits. Everyone agrees.",
    ),
    // Lesson 3pc-partition.
    (
        "lesson.3pc-partition.split.text",
        "All voted YES; C is in PRECOMMIT, and its PRECOMMIT is on its way to P1. Now the network splits into {C, P1} and {P2, P3}: the PRECOMMITs for P2 and P3 will not get through.",
    ),
    (
        "lesson.3pc-partition.c-timeout.text",
        "P1 acknowledged the PRECOMMIT; P2 and P3 cannot answer. C's acknowledgement timer fires.",
    ),
    ("lesson.3pc-partition.c-timeout.q", "What does C do?"),
    (
        "lesson.3pc-partition.c-timeout.commit",
        "Commits, taking the silent participants to have crashed",
    ),
    ("lesson.3pc-partition.c-timeout.abort", "Aborts"),
    (
        "lesson.3pc-partition.c-timeout.wait",
        "Waits for the missing acknowledgements",
    ),
    (
        "lesson.3pc-partition.c-timeout.why",
        "With fail-stop crashes and accurate timeouts, silence means a crash, and C goes on to COMMIT. But P2 and P3 have not crashed: they are on the other side of a partition.",
    ),
    (
        "lesson.3pc-partition.p1-commits.text",
        "COMMIT reaches P1, which commits. C and P1 have gone on to COMMIT.",
    ),
    (
        "lesson.3pc-partition.leader.text",
        "On the other side, P2 and P3 hear nothing from C or P1. P2 suspects both and leads the termination protocol on its side: it asks P3 for its state.",
    ),
    (
        "lesson.3pc-partition.rule.text",
        "P3's report reaches P2: READY. P2 is READY too.",
    ),
    (
        "lesson.3pc-partition.rule.q",
        "Which rule does P2 apply?",
    ),
    ("lesson.3pc-partition.rule.abort", "All READY: abort"),
    (
        "lesson.3pc-partition.rule.commit",
        "Commit, since everyone voted YES",
    ),
    (
        "lesson.3pc-partition.rule.wait",
        "Wait until the partition heals",
    ),
    (
        "lesson.3pc-partition.rule.why",
        "All INIT or READY means abort: on its side nobody is in PRECOMMIT, so as far as P2 can tell, C may have aborted. P2 follows the rules correctly, and decides wrongly.",
    ),
    (
        "lesson.3pc-partition.violation.text",
        "Agreement is violated: C and P1 committed, P2 aborted. Under a network partition, 3PC can decide both ways.",
    ),
    (
        "lesson.3pc-partition.end.text",
        "P3 aborts too. 3PC is non-blocking only with fail-stop crashes, no partitions and accurate timeouts. Fixes in the literature: quorum-based 3PC (Skeen 1982), E3PC (Keidar & Dolev 1995) and Paxos Commit (Gray & Lamport 2006).",
    ),
    // Lesson message-queues.
    (
        "lesson.message-queues.queued.text",
        "C publishes PREPARE, and the broker puts it in P1's queue. It waits there until P1 takes it, and leaves the queue only when P1 acknowledges it.",
    ),
    (
        "lesson.message-queues.taken.text",
        "P1 takes PREPARE from its queue and handles it: it forces READY to its log and votes YES. It has not acknowledged PREPARE yet.",
    ),
    (
        "lesson.message-queues.crash.text",
        "P1 crashes after sending YES and before acknowledging PREPARE.",
    ),
    (
        "lesson.message-queues.crash.q",
        "What happens to PREPARE?",
    ),
    (
        "lesson.message-queues.crash.requeue",
        "It goes back into P1's queue",
    ),
    (
        "lesson.message-queues.crash.gone",
        "It is gone: P1 already took it",
    ),
    (
        "lesson.message-queues.crash.dropped",
        "The broker drops it",
    ),
    (
        "lesson.message-queues.crash.why",
        "A message leaves the queue only when it is acknowledged. A consumer that dies before acknowledging gets the message again: that is at-least-once delivery.",
    ),
    (
        "lesson.message-queues.waits.text",
        "P1's YES left before the crash and has reached C, so C has every vote and commits. The COMMIT for P1 waits in P1's queue while P1 is down: the queue keeps it until P1 takes it.",
    ),
    (
        "lesson.message-queues.recover.text",
        "P1 restarts. Its log holds READY and no decision.",
    ),
    (
        "lesson.message-queues.recover.q",
        "What does P1 do first?",
    ),
    (
        "lesson.message-queues.recover.ask",
        "Asks the others for the decision",
    ),
    (
        "lesson.message-queues.recover.abort",
        "Aborts: it crashed during the transaction",
    ),
    (
        "lesson.message-queues.recover.commit",
        "Commits: it voted YES",
    ),
    (
        "lesson.message-queues.recover.why",
        "READY without a decision means in doubt: it must ask. Its queue will soon hand it the answer too.",
    ),
    (
        "lesson.message-queues.redelivered.text",
        "The broker delivers PREPARE again: the copy P1 never acknowledged.",
    ),
    (
        "lesson.message-queues.redelivered.q",
        "P1 voted YES before the crash. What does it do with the repeated PREPARE?",
    ),
    (
        "lesson.message-queues.redelivered.same-answer",
        "Answers YES again and writes nothing new",
    ),
    (
        "lesson.message-queues.redelivered.vote-again",
        "Forces READY again and votes as if it were new",
    ),
    ("lesson.message-queues.redelivered.ignore", "Ignores it"),
    (
        "lesson.message-queues.redelivered.why",
        "Duplicates are normal with at-least-once delivery, so handlers must be idempotent: the repeated PREPARE gets the same answer and changes nothing.",
    ),
    (
        "lesson.message-queues.dup-vote.text",
        "P1's second YES reaches C, which committed long ago.",
    ),
    (
        "lesson.message-queues.dup-vote.q",
        "What does C do with it?",
    ),
    (
        "lesson.message-queues.dup-vote.nothing",
        "Nothing: a vote after the decision changes nothing",
    ),
    (
        "lesson.message-queues.dup-vote.commit-again",
        "Commits again",
    ),
    (
        "lesson.message-queues.dup-vote.recount",
        "Counts the votes again and re-sends COMMIT to everyone",
    ),
    (
        "lesson.message-queues.dup-vote.why",
        "C's handler is idempotent: a vote that arrives after the decision is ignored. C still acknowledges the message, so it leaves C's queue.",
    ),
    (
        "lesson.message-queues.dup-commit.text",
        "P1 has committed. Another COMMIT from C arrives: one that C re-sent while P1 was down.",
    ),
    ("lesson.message-queues.dup-commit.q", "What does P1 do?"),
    (
        "lesson.message-queues.dup-commit.ack",
        "Acknowledges it and changes nothing",
    ),
    (
        "lesson.message-queues.dup-commit.log-again",
        "Writes COMMIT to its log again",
    ),
    (
        "lesson.message-queues.dup-commit.reject",
        "Rejects it as a duplicate, without acknowledging",
    ),
    (
        "lesson.message-queues.dup-commit.why",
        "Idempotent again: P1 acknowledges, so C can stop re-sending, and nothing else changes.",
    ),
    (
        "lesson.message-queues.end.text",
        "Everyone committed once, although P1 received PREPARE twice and COMMIT several times: duplicates arrive, and idempotent handlers make them harmless. The contrast is a lossy network (at-most-once), where a message sent to a crashed node is simply lost.",
    ),
    // Lesson dual-write.
    (
        "lesson.dual-write.start.text",
        "Two banks: Bank A keeps alice's account (100), Bank B keeps bob's (0). Together they hold 100, and a transfer between them must leave it at 100. Bank A publishes transfers to a queue at the broker; Bank B takes them from there and acknowledges each.",
    ),
    (
        "lesson.dual-write.two-writes.text",
        "The client asks Bank A to move 30 from alice to bob. Bank A has two writes to make: the debit in its own database, and the TRANSFER message to the broker for Bank B. No transaction covers both.",
    ),
    (
        "lesson.dual-write.debit.text",
        "Bank A commits the debit: alice has 70 now. The TRANSFER message exists only in Bank A's memory.",
    ),
    (
        "lesson.dual-write.debit.q",
        "The next event is a crash of Bank A, before it publishes. What becomes of the 30?",
    ),
    (
        "lesson.dual-write.debit.lost",
        "They are lost: nobody will ever send the transfer",
    ),
    (
        "lesson.dual-write.debit.delivered",
        "The broker delivers the transfer to Bank B anyway",
    ),
    (
        "lesson.dual-write.debit.rolled-back",
        "The debit is undone and alice has 100 again",
    ),
    (
        "lesson.dual-write.debit.why",
        "The debit is committed and survives the crash; the message to publish was in memory and does not. The broker never heard of it, so nothing reaches Bank B, and money-conserved is violated.",
    ),
    (
        "lesson.dual-write.lost.text",
        "The banks hold 70 of the 100 they started with. Publishing first is no cure: a crash after the publish and before the commit credits bob with money alice never paid (the option publish_first). Both writes need one transaction, which is what the outbox gives.",
    ),
    // Lesson outbox.
    (
        "lesson.outbox.commit.text",
        "One local transaction at Bank A debits alice and writes the outbox row t1, NEW. Both or neither: from now on the message cannot be lost, it is in the database.",
    ),
    (
        "lesson.outbox.publish.text",
        "The relay polls the outbox, finds t1 NEW and publishes the transfer. It has not marked the row SENT yet, a separate step, and Bank A crashes now.",
    ),
    (
        "lesson.outbox.credited.text",
        "Meanwhile Bank B credits bob and records t1 in its processed table, in one local transaction, and then acknowledges the message.",
    ),
    (
        "lesson.outbox.credited.q",
        "Bank A is down with the row t1 still NEW, and comes back at 400 ms. What does its relay do then?",
    ),
    (
        "lesson.outbox.credited.again",
        "Publishes the transfer again: the row is still NEW",
    ),
    (
        "lesson.outbox.credited.nothing",
        "Nothing: the transfer was already sent",
    ),
    (
        "lesson.outbox.credited.refund",
        "Gives alice her 30 back",
    ),
    (
        "lesson.outbox.credited.why",
        "The relay knows what it sent only from the outbox, and the row still says NEW. It publishes t1 a second time and then marks it SENT: a crash between the publish and the mark makes a duplicate.",
    ),
    (
        "lesson.outbox.republish.text",
        "Back up, the relay finds t1 still NEW: it publishes the transfer again, then marks the row SENT.",
    ),
    (
        "lesson.outbox.duplicate.text",
        "Bank B receives TRANSFER t1 a second time.",
    ),
    (
        "lesson.outbox.duplicate.q",
        "What does Bank B do with it?",
    ),
    (
        "lesson.outbox.duplicate.ack-only",
        "Finds t1 in its processed table and only acknowledges",
    ),
    (
        "lesson.outbox.duplicate.credit-again",
        "Credits bob again",
    ),
    (
        "lesson.outbox.duplicate.ignore",
        "Ignores it without acknowledging",
    ),
    (
        "lesson.outbox.duplicate.why",
        "The queue delivers at least once, so the consumer must be idempotent. Bank B wrote t1 into its processed table in the same transaction as the credit; the second copy finds it there, changes nothing and is acknowledged, so it leaves the queue.",
    ),
    (
        "lesson.outbox.end.text",
        "alice has 70, bob 30: 100 of 100. No event without its commit, no commit without its event. Switch deduplication off (the preset without it) and bob is paid twice.",
    ),
    // Lesson txmsg.
    (
        "lesson.txmsg.half.text",
        "Bank A has sent the transfer as a half message; the broker stores it. Bank B cannot see it: nothing is delivered until Bank A says how its local transaction went.",
    ),
    (
        "lesson.txmsg.debit.text",
        "On HALF_OK, Bank A runs its local transaction: the debit of 30 from alice and the record of transaction t1 as COMMITTED, together.",
    ),
    (
        "lesson.txmsg.debit.q",
        "Bank A now crashes before its COMMIT report leaves (the report is one-way: nobody would have answered it anyway). What does the broker do with t1?",
    ),
    (
        "lesson.txmsg.debit.checked",
        "Waits, then checks back with Bank A before delivering anything",
    ),
    (
        "lesson.txmsg.debit.delivered",
        "Delivers it to Bank B: the debit is committed",
    ),
    (
        "lesson.txmsg.debit.discarded",
        "Discards it: no outcome came",
    ),
    (
        "lesson.txmsg.debit.why",
        "The broker never delivers a half message without an outcome, and a missing outcome is not a rollback. Once the message is old enough it asks the producer for the local transaction's state: a check-back.",
    ),
    (
        "lesson.txmsg.check.text",
        "6 s after it stored t1, the broker checks back. Bank A has been up again since 3 s, with its database intact.",
    ),
    (
        "lesson.txmsg.check.q",
        "What does Bank A answer?",
    ),
    (
        "lesson.txmsg.check.commit",
        "COMMIT: its record says t1 committed",
    ),
    (
        "lesson.txmsg.check.unknown",
        "UNKNOWN: it lost its memory in the crash",
    ),
    (
        "lesson.txmsg.check.rollback",
        "ROLLBACK: the report was never sent",
    ),
    (
        "lesson.txmsg.check.why",
        "Bank A answers from its database, not its memory: the record of t1 was written in the same local transaction as the debit, so it survived the crash and says COMMITTED.",
    ),
    (
        "lesson.txmsg.deliver.text",
        "COMMIT makes the message deliverable: the broker sends the transfer to Bank B and will send it again until Bank B acknowledges.",
    ),
    (
        "lesson.txmsg.end.text",
        "bob has 30, alice 70: 100 of 100, but only eventually, and only because Bank A came back before the last check-back. Play the preset where it stays down: after 15 checks the broker parks t1 and never delivers it.",
    ),
    // Lesson notify.
    (
        "lesson.notify.debit.text",
        "Bank A commits the debit of 30 from alice and a notification row t1 as PENDING, then sends NOTIFY. Bank B is down: the message is lost on arrival.",
    ),
    (
        "lesson.notify.debit.q",
        "No acknowledgement comes back. What does Bank A do next?",
    ),
    (
        "lesson.notify.debit.retry",
        "Notifies again, after a pause",
    ),
    (
        "lesson.notify.debit.refund",
        "Gives alice her 30 back",
    ),
    (
        "lesson.notify.debit.queued",
        "Nothing: the notification waits for Bank B",
    ),
    (
        "lesson.notify.debit.why",
        "The sender retries with back-off. There is no queue to hold the notification and no undo: the debit is committed, and the only tool left is to say it again later.",
    ),
    (
        "lesson.notify.retry.text",
        "The first retry, 15 s after the first notification (one second of the schedule is 10 ms of this run). The next pauses grow: 15 s, 30 s, 3 min, 10 min ... up to 6 h, 24 h 4 min in all.",
    ),
    (
        "lesson.notify.last.text",
        "The fifteenth and last retry, 24 h 4 min after the first notification. Bank B is still down; it comes back a little later.",
    ),
    (
        "lesson.notify.last.q",
        "What becomes of bob's 30?",
    ),
    (
        "lesson.notify.last.never",
        "Nothing: bob is never credited",
    ),
    (
        "lesson.notify.last.later",
        "Bank B gets it when it comes back",
    ),
    (
        "lesson.notify.last.refund",
        "Bank A gives up and refunds alice",
    ),
    (
        "lesson.notify.last.why",
        "After the last attempt Bank A stops. Nothing tells Bank B, and nothing undoes the debit: the 30 stays owed, and the run says so (money not conserved, transfer not consistent). Bank A records t1 as GAVE_UP; WeChat Pay says it plainly: it does not guarantee eventual success.",
    ),
    (
        "lesson.notify.end.text",
        "alice has 70, bob 0: 30 of 100 missing, and nothing in the pattern promised otherwise. The receiver has to ask: play the preset where Bank B queries Bank A when it comes back, and bob is paid.",
    ),
    // Lesson saga-compensation.
    (
        "lesson.saga-compensation.start.text",
        "carol orders 2 items at 15. The order's steps: T1 the Order service creates the order, T2 Payment charges 30, T3 Stock reserves the items. Each step commits on its own, in its own service's database.",
    ),
    (
        "lesson.saga-compensation.charged.text",
        "T2 is done and committed: carol has 70. Nothing holds the money back any more; if the saga fails now, only a compensation can give it back.",
    ),
    (
        "lesson.saga-compensation.refused.text",
        "Stock has only 1 item: it refuses T3 and records the refusal. The orchestrator hears OUT_OF_STOCK.",
    ),
    ("lesson.saga-compensation.refused.q", "What does the orchestrator do now?"),
    ("lesson.saga-compensation.refused.refund", "Sends REFUND to Payment, then cancels the order"),
    ("lesson.saga-compensation.refused.cancel", "Cancels the order, then asks for the refund"),
    (
        "lesson.saga-compensation.refused.keep",
        "Cancels the order and keeps the 30: T3 failed, not T2",
    ),
    (
        "lesson.saga-compensation.refused.why",
        "T1 and T2 completed, so their compensations run in reverse order: C2 (the refund) first, then C1 (the order cancelled). A refused step never ran, so it needs none.",
    ),
    (
        "lesson.saga-compensation.refunded.text",
        "Payment refunds the 30 in one local transaction, and records that step 2 of this order is compensated. carol has 100 again.",
    ),
    (
        "lesson.saga-compensation.end.text",
        "The order is cancelled and every service is back where it started. For a while, though, carol's money was gone while the order was still open: a saga gives no isolation.",
    ),
    // Lesson saga-recovery.
    (
        "lesson.saga-recovery.charged.text",
        "Payment has charged carol 30 and answered CHARGED. The orchestrator will write its next step, RESERVING, to its saga log, in the same local transaction as its own changes.",
    ),
    (
        "lesson.saga-recovery.crash.text",
        "The saga log says RESERVING, and the orchestrator crashes before sending RESERVE. Its memory is gone; its database is not.",
    ),
    ("lesson.saga-recovery.crash.q", "What does the orchestrator do when it comes back?"),
    ("lesson.saga-recovery.crash.forward", "Sends RESERVE and goes on to approve the order"),
    ("lesson.saga-recovery.crash.backward", "Compensates: sends REFUND to Payment"),
    ("lesson.saga-recovery.crash.again", "Starts the saga again with a new CHARGE"),
    (
        "lesson.saga-recovery.crash.why",
        "Its log says where the saga stands, so recovery sends the command it was waiting on, again: here it goes on forward. Sending a command twice is safe because the services are idempotent; starting over would charge carol twice.",
    ),
    (
        "lesson.saga-recovery.recover.text",
        "Back up, the orchestrator reads RESERVING in its saga log and sends RESERVE to Stock.",
    ),
    (
        "lesson.saga-recovery.end.text",
        "Stock reserves and sells the items, and the order is approved. carol paid 30 once: the crash delayed the saga but changed nothing else.",
    ),
    // Lesson saga-hanging.
    (
        "lesson.saga-hanging.delayed.text",
        "The orchestrator sends CHARGE. This one will be held up in the network for 1.5 s, and the two retries the orchestrator sends after it will be lost.",
    ),
    (
        "lesson.saga-hanging.give-up.text",
        "Three attempts and no answer. The orchestrator cannot know whether Payment charged carol, so it compensates the step anyway and sends REFUND.",
    ),
    ("lesson.saga-hanging.give-up.q", "Payment never charged carol. What does it do with REFUND?"),
    ("lesson.saga-hanging.give-up.record", "Records an empty compensation and answers REFUNDED"),
    ("lesson.saga-hanging.give-up.pay-back", "Pays carol 30 back anyway"),
    ("lesson.saga-hanging.give-up.fail", "Answers that there is nothing to undo"),
    (
        "lesson.saga-hanging.give-up.why",
        "An empty compensation must be allowed, or the saga could never finish undoing. Payment changes nothing but records that step 2 of this order is compensated: that record is what guards against the step itself.",
    ),
    (
        "lesson.saga-hanging.late.text",
        "The order is cancelled. Now the first CHARGE, held up all this time, reaches Payment.",
    ),
    ("lesson.saga-hanging.late.q", "What does Payment do with the late CHARGE?"),
    ("lesson.saga-hanging.late.refuse", "Refuses it: its compensation came first"),
    ("lesson.saga-hanging.late.charge", "Charges carol 30"),
    ("lesson.saga-hanging.late.trace", "Drops it without a trace"),
    (
        "lesson.saga-hanging.late.why",
        "A step that arrives after its compensation must not run: this is hanging. Payment finds the compensation recorded and refuses the step. Without that check, carol would pay for an order that no longer exists.",
    ),
    (
        "lesson.saga-hanging.end.text",
        "carol keeps her 100 and the order stays cancelled. Play order-saga-no-protection for the same run with the protections switched off.",
    ),
    // Lesson tcc-idempotency.
    (
        "lesson.tcc-idempotency.tried.text",
        "Both Trys succeeded: Stock reserved 2 items, Payment froze 30. The transaction manager enters phase two and sends CONFIRM to both. This run has the fence table switched off.",
    ),
    (
        "lesson.tcc-idempotency.confirmed.text",
        "Payment's Confirm charges the frozen total: carol's balance goes from 100 to 70.",
    ),
    ("lesson.tcc-idempotency.lost.text", "Payment's CONFIRMED answer is lost on its way back."),
    ("lesson.tcc-idempotency.lost.q", "What happens to carol's money now?"),
    ("lesson.tcc-idempotency.lost.twice", "The retried Confirm charges her again: 40"),
    ("lesson.tcc-idempotency.lost.once", "Nothing: the manager knows Payment confirmed"),
    ("lesson.tcc-idempotency.lost.cancel", "The manager cancels the transaction"),
    (
        "lesson.tcc-idempotency.lost.why",
        "The manager heard no answer, so it retries Confirm, as TCC must. Confirm runs its business code again: without a fence row saying COMMITTED, nothing tells Payment it already did this.",
    ),
    (
        "lesson.tcc-idempotency.end.text",
        "carol paid 60 for a 30 order: applied-once and no-charge-without-order are violated. With the fence, the second Confirm finds COMMITTED and only answers.",
    ),
];
