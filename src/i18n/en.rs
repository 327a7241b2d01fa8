//! Every English string, by key. `zh.rs` has the same keys in the same order.
//!
//! Lesson text (`lesson.*`) states protocol facts; the facts each step rests on are cited, as
//! exact quotes of shared/PROTOCOLS.md with their section, in `src/lessons/catalog.rs` next to
//! that step, and `tests/lessons.rs` checks the quotes.

pub(super) const TABLE: &[(&str, &str)] = &[
    // The app.
    ("app.title", "TxScope"),
    ("app.tagline", "Watch and break distributed transactions"),
    ("app.language", "Language"),
    // Playback and editing controls.
    ("control.play", "Play"),
    ("control.pause", "Pause"),
    ("control.step_forward", "Step forward"),
    ("control.step_back", "Step back"),
    ("control.restart", "Back to the start"),
    ("control.to_end", "To the end"),
    ("control.speed", "Speed"),
    ("control.seek", "Event"),
    ("control.presets", "Presets"),
    ("control.scenario", "Scenario"),
    ("control.edit_scenario", "Edit scenario"),
    ("control.apply", "Apply"),
    ("control.inject", "Inject a fault here"),
    ("control.undo_fault", "Remove last fault"),
    ("control.share", "Share"),
    ("control.copy_link", "Copy link"),
    ("control.link_copied", "Link copied"),
    ("control.embed", "Embed"),
    ("control.export", "Export run"),
    ("control.import", "Import run"),
    ("control.close", "Close"),
    ("control.lessons", "Lessons"),
    ("control.filter_node", "Only events at"),
    ("control.all_nodes", "All nodes"),
    // Faults, as offered in the fault menu.
    ("fault.drop", "Drop a message"),
    ("fault.duplicate", "Duplicate a message"),
    ("fault.delay", "Delay a message"),
    ("fault.crash", "Crash a node"),
    ("fault.recover", "Recover a node"),
    ("fault.partition", "Split the network"),
    ("fault.heal", "Heal the network"),
    ("fault.drop_rate", "Change the loss rate"),
    ("fault.field.node", "Node"),
    ("fault.field.msg", "Message"),
    ("fault.field.by_ms", "By (ms)"),
    ("fault.field.groups", "Sides"),
    ("fault.field.rate", "Loss rate (0 to 1)"),
    // Panels.
    ("panel.topology", "Network"),
    ("panel.sequence", "Sequence diagram"),
    ("panel.log", "Event log"),
    ("panel.inspector", "State machine"),
    ("panel.status", "Status"),
    ("panel.lesson", "Lesson"),
    // Status.
    ("status.time", "{ms} ms"),
    ("status.event", "Event {index} of {total}"),
    ("status.up", "up"),
    ("status.down", "down"),
    ("status.blocked", "blocked"),
    ("status.in_doubt", "in doubt"),
    ("status.undecided", "undecided"),
    ("status.decided", "decided: {decision}"),
    ("status.terminated", "Every node has decided."),
    ("status.quiet", "Nothing more will happen."),
    ("status.running", "Running"),
    ("status.nobody_blocked", "Nobody is blocked."),
    ("status.who_blocked", "Blocked: {nodes}"),
    ("status.no_violations", "Every invariant holds."),
    ("status.violation", "{invariant} violated at event {event} ({node})"),
    ("status.log", "Log"),
    ("status.timers", "Timers"),
    ("status.queue", "Queue"),
    ("status.state", "State"),
    ("status.in_queue", "waiting in {node}'s queue"),
    ("status.unacked", "taken, not yet acknowledged"),
    ("status.in_flight", "on its way"),
    // The app's own labels (src/web), for the integration.
    ("ui.dismiss", "Dismiss"),
    ("ui.busy", "Busy…"),
    ("ui.subtitle", "{title} · {n} participants · {transport}"),
    ("ui.transport.queue", "message queue"),
    ("ui.transport.lossy", "lossy network"),
    ("ui.hand_made.one", "{n} hand-made fault"),
    ("ui.hand_made.many", "{n} hand-made faults"),
    ("ui.hint", "Click a message to drop, duplicate or delay it; click a node to crash or recover it."),
    ("ui.end_of_run", "End of the run."),
    ("ui.press_help", "Press ? for keys."),
    ("ui.speed_value", "{ms} ms/s"),
    ("ui.speed_help", "{speed} of virtual time"),
    ("ui.playback", "Playback"),
    ("ui.step", "Step ▶"),
    ("ui.reset_help", "Back to the start; removes hand-made faults"),
    ("ui.split_help", "Cut the picked nodes off from the others"),
    ("ui.split", "✂ Split ({n} picked)"),
    ("ui.timeline", "Timeline"),
    ("ui.position", "Position in the run (events applied)"),
    ("ui.position_value", "{cursor} of {total} events, {ms} ms"),
    ("ui.position_short", "event {cursor} / {total} · t = {ms} ms"),
    ("ui.event_announce", "Event {index} of {total} at {ms} ms: {text}"),
    ("ui.run_start", "Start of the run, {total} events"),
    ("ui.running", "Running: {decided} of {total} nodes decided"),
    ("ui.all_committed", "Every node committed"),
    ("ui.all_aborted", "Every node aborted"),
    ("ui.nothing_happened", "Nothing happened: the fault had no effect here"),
    ("ui.pick_first", "Pick the nodes to cut off first (click a node, then “Pick for partition”)"),
    ("ui.node", "Node"),
    ("ui.hide_broker", "hide broker bookkeeping"),
    ("ui.earlier", "… {n} earlier"),
    ("ui.later", "… {n} later"),
    ("ui.jump_to_event", "jump to event"),
    ("ui.jump_to", "Jump to event #{index}"),
    ("ui.broke_invariant", "event #{index} broke an invariant"),
    ("ui.inspect", "Inspect {node}"),
    ("ui.help_title", "How to use TxScope"),
    ("ui.key.step", "step one event forward / back"),
    ("ui.key.ends", "start / end of the run"),
    ("ui.key.help", "this help"),
    ("ui.key.close", "close menus and this help"),
    ("ui.invalid_value", "{field}: {value} is not a valid value"),
    ("ui.votes_toggle", "{node} votes {vote}; press to change"),
    ("ui.preset", "Preset"),
    ("ui.protocol", "Protocol"),
    ("ui.participants", "Participants"),
    ("ui.votes", "Votes"),
    ("ui.transport", "Transport"),
    ("ui.latency_min", "Latency min (ms)"),
    ("ui.latency_max", "Latency max (ms)"),
    ("ui.timeout.coordinator", "Timeout: coordinator (ms)"),
    ("ui.timeout.participant", "Timeout: participant (ms)"),
    ("ui.timeout.retry", "Timeout: retry (ms)"),
    ("ui.loss_rate", "Loss rate (0–1)"),
    ("ui.seed", "Seed"),
    ("ui.scenario_json", "Scenario as JSON (edit or paste, then leave the field)"),
    ("ui.not_applied", "Not applied: {error}"),
    ("ui.not_loaded", "Not loaded: {error}"),
    ("ui.unknown_protocol", "Unknown protocol"),
    ("ui.last_taken", "(last taken)"),
    ("ui.last_transition", "Last transition: {from} → {to} at event #{index}"),
    ("ui.no_transition", "No transition yet"),
    ("ui.node_to_inspect", "Node to inspect"),
    ("ui.machine_desc", "{role} state machine, current state {state}. {last}"),
    ("ui.log_stable", "Log (stable storage)"),
    ("ui.timers_armed", "Timers armed"),
    ("ui.memory", "Memory (lost in a crash)"),
    ("ui.broker", "Message broker: one queue per node"),
    ("ui.topology_desc", "Topology: nodes, the broker and messages"),
    ("ui.lossy_desc", "lossy network: messages fly direct"),
    ("ui.sequence_desc", "Space-time diagram: a lane per node, an arrow per message"),
    ("ui.events_range", "events {from}–{to} of {total}"),
    ("ui.msg_hint", "{msg}. Press to drop, duplicate or delay it."),
    ("ui.node_hint", "{node}. Press for actions."),
    ("ui.actions_on", "Actions on {what}"),
    ("ui.drop_it", "Drop it"),
    ("ui.duplicate_it", "Duplicate it"),
    ("ui.delay_100ms", "Delay it 100 ms"),
    ("ui.delay_1s", "Delay it 1 s"),
    ("ui.crash_node", "Crash {node}"),
    ("ui.recover_node", "Recover {node}"),
    ("ui.pick", "Pick for partition"),
    ("ui.unpick", "Unpick (partition)"),
    ("ui.bad_link", "This link cannot be opened: {error}"),
    ("ui.cannot_inject", "That fault cannot be made: {error}"),
    ("ui.cannot_run", "This scenario cannot run: {error}"),
    ("ui.loaded", "Loaded {n} events"),
    ("ui.reset", "Reset"),
    ("ui.reset_done", "Reset: back to the start, hand-made faults removed"),
    ("ui.heal", "Heal"),
    ("ui.keyboard_help", "Keyboard help"),
    ("ui.custom", "(custom)"),
    ("ui.state_is", "state {state}"),
    ("ui.decision_is", "decision {decision}"),
    ("ui.down_caps", "DOWN"),
    ("ui.empty", "empty"),
    ("ui.none", "none"),
    ("ui.key.space", "Space"),
    ("ui.key.play", "play / pause"),
    ("ui.key.speed", "faster / slower"),
    ("ui.help_faults", "Click a message (moving, or waiting in a queue) to drop, duplicate or delay it. Click a node to crash or recover it, or to pick it for a partition, then press Split. Every such action is recorded in the scenario: step back and forward and it happens again."),
    ("ui.help_colours", "Colours: green commit, red abort, amber in doubt (READY), blue waiting; every state is also written out. A hatched node is in doubt; a dashed grey one is down."),
    ("ui.verdict.violated", "{invariant} violated"),
    ("ui.verdict.violated_times", "{invariant} violated ({n} times so far)"),
    ("ui.verdict.blocked_one", "BLOCKED: {who} is in doubt and nobody reachable knows the outcome"),
    ("ui.verdict.blocked_many", "BLOCKED: {who} are in doubt and nobody reachable knows the outcome"),
    ("ui.verdict.ended", "The run ended with {decided} of {total} nodes decided"),
    ("ui.tools", "Share and files"),
    ("ui.share_help", "Put this run (scenario, hand-made faults, lesson step, position) in the address bar and copy the link"),
    ("ui.export_failed", "The browser did not let this page save the file."),
    ("ui.import_failed", "The chosen file could not be read."),
    ("ui.lesson_none", "— choose a lesson —"),
    ("ui.lesson_intro", "Each lesson walks through one run step by step. At a checkpoint it stops and asks what happens next; answer, then watch the run show it."),
    ("ui.lesson_skip", "Skip to the answer"),
    ("ui.embed_intro", "Paste this into a web page to show the run there. It opens at this moment, in this language."),
    ("ui.embed_panels", "Panels"),
    ("ui.embed_autoplay", "Play on its own when loaded"),
    ("ui.embed_read_only", "Read-only (no faults, no scenario editing)"),
    ("ui.embed_code", "The iframe snippet"),
    ("ui.embed_note", "The player talks to the page with postMessage (see docs/embed.md). It works in a sandboxed iframe; lesson progress is then not saved."),
    // State-machine transitions (src/protocol/*/mod.rs `machine`), by label.
    ("machine.begin_send_prepare", "begin / send PREPARE"),
    ("machine.all_yes_log_commit_send_commit", "all YES / log COMMIT, send COMMIT"),
    ("machine.a_no_or_timeout_log_abort_send_abort", "a NO or timeout / log ABORT, send ABORT"),
    ("machine.recover_no_decision_logged", "recover, no decision logged"),
    ("machine.prepare_log_ready_send_yes", "PREPARE / log READY, send YES"),
    ("machine.prepare_votes_no_timeout_a_peer_asks", "PREPARE, votes NO / timeout / a peer asks"),
    ("machine.commit_log_commit", "COMMIT / log COMMIT"),
    ("machine.abort_log_abort", "ABORT / log ABORT"),
    ("machine.all_yes_log_send_precommit", "all YES / log, send PRECOMMIT"),
    ("machine.all_ack_or_timeout_log_commit_send_commit", "all ACK or timeout / log COMMIT, send COMMIT"),
    ("machine.votes_no_or_timeout", "votes NO or timeout"),
    ("machine.precommit_log_send_ack", "PRECOMMIT / log, send ACK"),
    ("machine.abort_or_termination_all_ready", "ABORT, or termination: all READY"),
    ("machine.termination_someone_committed", "termination: someone committed"),
    ("machine.commit_or_termination", "COMMIT, or termination"),
    // Words.
    ("protocol.2pc", "Two-phase commit"),
    ("protocol.3pc", "Three-phase commit"),
    ("transport.queue", "Message queue (at-least-once)"),
    ("transport.lossy", "Lossy network (at-most-once)"),
    ("role.coordinator", "coordinator"),
    ("role.participant", "participant"),
    ("role.broker", "broker"),
    ("role.producer", "producer"),
    ("role.consumer", "consumer"),
    ("role.relay", "relay"),
    ("decision.commit", "commit"),
    ("decision.abort", "abort"),
    ("invariant.agreement", "agreement"),
    ("invariant.irrevocability", "irrevocability"),
    ("invariant.validity", "validity"),
    ("invariant.durability", "durability"),
    // The event log: one sentence per event kind.
    ("event.begin", "The client begins the transaction at every node"),
    ("event.send", "{node} sends {label} to {peer} ({id})"),
    ("event.enqueue", "The broker queues {id} for {node}"),
    ("event.deliver", "{node} receives {label} from {peer} ({id})"),
    (
        "event.deliver.again",
        "{node} receives {label} from {peer} again (redelivered) ({id})",
    ),
    ("event.ack", "{node} acknowledges {id}; it leaves the queue"),
    ("event.requeue", "{id} was not acknowledged: back in {node}'s queue"),
    ("event.drop.lost", "{id} is lost on the network"),
    ("event.drop.dropped", "{id} is dropped"),
    (
        "event.drop.receiver_down",
        "{id} arrives at a crashed node and is lost",
    ),
    (
        "event.drop.partitioned",
        "{id} cannot cross the partition and is lost",
    ),
    ("event.duplicate", "{id} is duplicated as {copy}"),
    ("event.delay", "{id} is held back {ms} ms"),
    ("event.timer", "{node}'s {label} timer fires"),
    ("event.persist", "{node} forces {label} to its log"),
    ("event.become", "{node} goes from {from} to {label}"),
    ("event.crash", "{node} crashes"),
    ("event.recover", "{node} recovers and reads its log"),
    ("event.partition", "The network splits into {groups}"),
    ("event.heal", "The network heals"),
    ("event.drop_rate", "The loss rate becomes {percent}%"),
    // Lessons, the frame around them.
    ("lesson.ui.list", "Lessons"),
    ("lesson.ui.start", "Start"),
    ("lesson.ui.resume", "Resume"),
    ("lesson.ui.step", "Step {n} of {total}"),
    ("lesson.ui.next", "Next"),
    ("lesson.ui.previous", "Back"),
    ("lesson.ui.predict", "Predict"),
    ("lesson.ui.answer", "Answer"),
    ("lesson.ui.watch", "Play on to see what happens"),
    ("lesson.ui.right", "Right."),
    ("lesson.ui.wrong", "Not quite."),
    ("lesson.ui.score", "{right} of {total} predictions right"),
    ("lesson.ui.done", "Lesson complete"),
    ("lesson.ui.leave", "Leave the lesson"),
    // Errors.
    ("error.scenario", "{field}: {reason}"),
    ("error.lesson.unknown", "There is no lesson called “{lesson}”."),
    (
        "error.lesson.scenario",
        "The scenario of lesson “{lesson}” is not valid: {error}",
    ),
    (
        "error.lesson.anchor",
        "Lesson “{lesson}”, step “{step}”: its event does not happen in the run.",
    ),
    (
        "error.lesson.answer",
        "Lesson “{lesson}”, step “{step}”: its answer does not match the run.",
    ),
    ("error.share.empty", "The link has no run in it."),
    (
        "error.share.too_long",
        "The link is too long ({len} characters; at most {max}).",
    ),
    ("error.share.unknown_param", "The link has an unknown part, “{name}”."),
    ("error.share.duplicate_param", "“{name}” appears twice in the link."),
    ("error.share.missing_payload", "The link has no “v1=” part."),
    (
        "error.share.version",
        "The link was made by a newer TxScope (format {version}); this one reads v1.",
    ),
    (
        "error.share.base64",
        "The link is damaged: character {position} of its data is not valid.",
    ),
    (
        "error.share.checksum",
        "The link is damaged or was edited: its checksum does not match.",
    ),
    ("error.share.json", "The link's data is broken at {field}: {reason}"),
    ("error.share.value", "The value of “{param}” is not valid: {value}"),
    ("error.share.scenario", "The link's scenario is not valid: {error}"),
    (
        "error.share.lesson",
        "The link names a lesson this version does not have: “{lesson}”.",
    ),
    (
        "error.share.step",
        "The link's step {step} is past the end of lesson “{lesson}” ({steps} steps).",
    ),
    ("error.export.json", "The file is not valid JSON: {reason}"),
    (
        "error.export.format",
        "This is not a TxScope run file (its format is {found}).",
    ),
    (
        "error.export.version",
        "This run file has version {found}; this TxScope reads version 1.",
    ),
    ("error.export.field", "The run file is broken at {field}: {reason}"),
    (
        "error.export.scenario",
        "The run file's scenario is not valid: {error}",
    ),
    (
        "error.export.length",
        "The run file lists {file} events, but re-running its scenario gives {rerun}: the trace was edited, or made by a different simulator.",
    ),
    (
        "error.export.mismatch",
        "Event {index} differs ({field}: the file says {file}, re-running gives {rerun}): the trace was edited, or made by a different simulator.",
    ),
    (
        "error.export.too_large",
        "The run file is too large ({len} bytes; at most {max}).",
    ),
    ("error.progress", "Saved lesson progress could not be read; starting afresh."),
    // Presets.
    ("preset.2pc-happy.title", "2PC: everything goes right"),
    (
        "preset.2pc-happy.description",
        "Two-phase commit with three participants that all vote YES and nothing going wrong: every node commits.",
    ),
    ("preset.2pc-vote-no.title", "2PC: a NO vote"),
    (
        "preset.2pc-vote-no.description",
        "P2 votes NO. One NO is enough: the coordinator aborts and every node aborts.",
    ),
    ("preset.2pc-lost-prepare.title", "2PC: a lost PREPARE"),
    (
        "preset.2pc-lost-prepare.description",
        "The PREPARE to P2 is lost. The coordinator times out in WAIT and aborts; P2 learns ABORT before its own timeout; every node aborts.",
    ),
    (
        "preset.2pc-coordinator-crash-in-doubt.title",
        "2PC: coordinator crash before deciding",
    ),
    (
        "preset.2pc-coordinator-crash-in-doubt.description",
        "The coordinator crashes after the last vote arrives and before it decides. Every participant is READY: in doubt, asking its peers, and blocked until the coordinator recovers. With no decision in its log, the coordinator then aborts.",
    ),
    (
        "preset.2pc-coordinator-crash-after-decision.title",
        "2PC: coordinator crash after deciding",
    ),
    (
        "preset.2pc-coordinator-crash-after-decision.description",
        "The coordinator forces COMMIT to its log and crashes before sending it. The participants wait, blocked, in READY. When it recovers it reads COMMIT in its log and sends it again: every node commits.",
    ),
    (
        "preset.2pc-participant-crash-recovery.title",
        "2PC: a participant crashes and recovers",
    ),
    (
        "preset.2pc-participant-crash-recovery.description",
        "P2 forces READY to its log and crashes before its YES leaves. The coordinator times out and aborts. P2 recovers, finds READY without a decision in its log, is in doubt, asks the others and learns ABORT.",
    ),
    (
        "preset.2pc-cooperative-termination.title",
        "2PC: cooperative termination",
    ),
    (
        "preset.2pc-cooperative-termination.description",
        "The coordinator sends COMMIT to P1 and crashes before sending it to anyone else. P2 and P3 time out in READY and ask their peers; P1 tells them COMMIT, so they commit without waiting for the coordinator, which recovers later and finishes.",
    ),
    ("preset.3pc-happy.title", "3PC: everything goes right"),
    (
        "preset.3pc-happy.description",
        "Three-phase commit with three participants and no faults: votes, PRECOMMIT and its acknowledgements, then COMMIT everywhere.",
    ),
    ("preset.3pc-coordinator-crash.title", "3PC: coordinator crash"),
    (
        "preset.3pc-coordinator-crash.description",
        "The coordinator sends PRECOMMIT to P1 and crashes. The participants time out, elect P1 (the lowest id) as the new coordinator, which finds a PRECOMMIT, sends PRECOMMIT to the others and commits. Nobody blocks.",
    ),
    (
        "preset.3pc-partition-violation.title",
        "3PC: a partition breaks agreement",
    ),
    (
        "preset.3pc-partition-violation.description",
        "All vote YES; PRECOMMIT reaches only P1 before the network splits {C, P1} | {P2, P3}. C and P1 go on to COMMIT; P2 and P3, both READY, run the termination protocol among themselves and ABORT. Agreement is violated: 3PC is not safe under partitions.",
    ),
    (
        "preset.mq-redelivery-duplicate.title",
        "Queue: redelivery and duplicates",
    ),
    (
        "preset.mq-redelivery-duplicate.description",
        "P1 takes PREPARE from its queue, votes YES and crashes before acknowledging it. The broker puts PREPARE back; when P1 recovers it gets it again and answers YES a second time. The coordinator ignores the duplicate vote (its handlers are idempotent) and every node commits.",
    ),
    // Lesson: two-phase commit, the basics.
    ("lesson.2pc-basics.title", "Two-phase commit: the basics"),
    (
        "lesson.2pc-basics.summary",
        "A coordinator asks every participant to vote, then tells them all the one outcome. Watch a transaction in which everything goes right.",
    ),
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
    // Lesson: a NO vote.
    ("lesson.2pc-vote-no.title", "A NO vote"),
    (
        "lesson.2pc-vote-no.summary",
        "One participant cannot commit. See why a single NO aborts everyone, and why the NO voter never has to wait.",
    ),
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
    // Lesson: lost messages and timeouts.
    ("lesson.lost-messages.title", "Lost messages and timeouts"),
    (
        "lesson.lost-messages.summary",
        "Messages get lost, and nobody is told: a lost message is just silence. Timeouts turn silence into decisions that are always safe.",
    ),
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
    // Lesson: coordinator crash and the in-doubt window.
    (
        "lesson.coordinator-crash.title",
        "Coordinator crash: the in-doubt window",
    ),
    (
        "lesson.coordinator-crash.summary",
        "The coordinator crashes after the votes and before deciding. Every participant voted YES, and all of them must wait: this is 2PC's blocking problem.",
    ),
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
    // Lesson: recovery from the log.
    ("lesson.recovery.title", "Recovery from the log"),
    (
        "lesson.recovery.summary",
        "The coordinator writes COMMIT to its log and crashes before telling anyone. What survives a crash is what was forced to the log.",
    ),
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
    // Lesson: cooperative termination.
    (
        "lesson.cooperative-termination.title",
        "Cooperative termination",
    ),
    (
        "lesson.cooperative-termination.summary",
        "The coordinator crashes after telling only one participant. The others need not wait for it: they can ask each other.",
    ),
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
    // Lesson: three-phase commit and why it does not block.
    (
        "lesson.3pc-nonblocking.title",
        "Three-phase commit: why it does not block",
    ),
    (
        "lesson.3pc-nonblocking.summary",
        "3PC adds a phase between the vote and the commit. When the coordinator crashes, the participants can finish without it.",
    ),
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
    // Lesson: 3PC broken by a partition.
    ("lesson.3pc-partition.title", "3PC broken by a partition"),
    (
        "lesson.3pc-partition.summary",
        "3PC's promise rests on timeouts telling crashed nodes from unreachable ones. A network partition breaks that assumption, and agreement with it.",
    ),
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
    // Lesson: message queues.
    (
        "lesson.message-queues.title",
        "Message queues: at-least-once delivery",
    ),
    (
        "lesson.message-queues.summary",
        "Every message goes through a broker's queue. A consumer that crashes before acknowledging gets the message again, so duplicates are normal and handlers must be idempotent.",
    ),
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
    // The Explorer panel (src/web/explorer.rs).
    ("explorer.title", "Explorer: can this ever go wrong?"),
    ("explorer.budget", "Faults the search may use"),
    ("explorer.drops", "Drops"),
    ("explorer.duplicates", "Duplicates"),
    ("explorer.crashes", "Crashes"),
    ("explorer.recoveries", "Recoveries"),
    ("explorer.partitions", "Partitions"),
    ("explorer.timeouts", "Timeouts"),
    ("explorer.timeouts.accurate", "accurate (only when nothing else can happen)"),
    ("explorer.timeouts.any", "any time (may be premature)"),
    ("explorer.property", "Look for"),
    ("explorer.property.all", "everything"),
    ("explorer.property.agreement", "a split decision (agreement)"),
    ("explorer.property.can_block", "a run that blocks"),
    ("explorer.network", "Network"),
    ("explorer.network.lossy", "lossy network (fastest)"),
    ("explorer.network.scenario", "as in the scenario"),
    ("explorer.network.note", "The search tries every order of messages and every fault the budget allows. It runs on the lossy network by default: far fewer states than the message queue, so answers come in seconds."),
    ("explorer.memory", "Memory budget (MiB)"),
    ("explorer.find", "Find"),
    ("explorer.cancel", "Cancel"),
    ("explorer.hint", "Choose a fault budget and press Find: every possible run of this setup is searched, and the shortest run to each problem is shown."),
    ("explorer.cancelled", "Search cancelled."),
    ("explorer.failed", "The search did not run: {message}"),
    ("explorer.searching", "Searching"),
    ("explorer.progress", "{states} states found, {frontier} waiting, depth {depth}, {rate} states per second"),
    ("explorer.memory_use", "Memory: {used} of {budget} MiB"),
    ("explorer.found.agreement", "Split decision: agreement is violated"),
    ("explorer.found.can_block", "A run that blocks"),
    ("explorer.found.other", "Violated: {property}"),
    ("explorer.summary", "{states} distinct states, {generated} generated, depth {depth}, in {seconds} s ({memory} MiB)."),
    ("explorer.complete", "Complete: every reachable state was checked."),
    ("explorer.stopped_at_findings", "Stopped at the first finding (it is a shortest run)."),
    ("explorer.incomplete", "Incomplete: {why}. Absence of a finding proves nothing."),
    ("explorer.none.agreement", "No run splits the decision: agreement holds in every reachable state."),
    ("explorer.none_yet.agreement", "No split decision among the states searched."),
    ("explorer.none.can_block", "No run blocks a participant."),
    ("explorer.none_yet.can_block", "No blocking run among the states searched."),
    ("explorer.steps", "Shortest run: {n} steps"),
    ("explorer.watch", "Watch this run"),
    ("explorer.link", "Link to this run"),
    ("explorer.description", "Found by the explorer: {finding}. The shortest run: {steps}."),
    ("explorer.step.arrive", "message {msg} arrives"),
    ("explorer.step.fire", "{node}'s {timer} timer fires"),
    ("explorer.step.wake", "{node} wakes up"),
    ("explorer.step.drop", "message {msg} is lost"),
    ("explorer.step.duplicate", "message {msg} is duplicated"),
    ("explorer.step.crash", "{node} crashes"),
    ("explorer.step.recover", "{node} recovers"),
    ("explorer.step.partition", "the network splits: {sides}"),
    ("explorer.step.heal", "the network heals"),
];
