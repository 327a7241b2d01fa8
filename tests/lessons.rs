//! Every lesson checked against the simulation and against shared/PROTOCOLS.md:
//! each anchor finds its event, each `holds` is true there, each checkpoint's right answer is
//! what the run does next and each wrong answer's outcome does not happen, and every quote a
//! step cites is in the section it names.

use std::collections::BTreeSet;
use txscope::i18n::Lang;
use txscope::lessons::{self, Lesson, Outcome, Progress, ProgressError, Resolved, Trace};
use txscope::model::EventKind;
use txscope::session::{self, Run};

fn open(lesson: &'static Lesson) -> (Box<dyn Run>, Resolved) {
    let scenario = lesson.scenario().unwrap();
    let mut run = session::start(&scenario, lessons::MAX_EVENTS).unwrap();
    let resolved = lessons::resolve(lesson, run.as_mut()).unwrap_or_else(|e| panic!("{}", e));
    (run, resolved)
}

#[test]
fn the_required_lessons_exist() {
    let ids: Vec<&str> = lessons::all().iter().map(|l| l.id).collect();
    assert_eq!(
        ids,
        [
            "2pc-basics",
            "2pc-vote-no",
            "lost-messages",
            "coordinator-crash",
            "recovery",
            "cooperative-termination",
            "3pc-nonblocking",
            "3pc-partition",
            "message-queues",
            "dual-write",
            "outbox",
            "txmsg",
            "notify",
            "saga-compensation",
            "saga-recovery",
            "saga-hanging",
            "tcc-idempotency",
        ]
    );
    for l in lessons::all() {
        assert_eq!(lessons::find(l.id), Some(l));
    }
    assert!(lessons::find("nope").is_none());
}

#[test]
fn lessons_are_well_formed() {
    for lesson in lessons::all() {
        let mut step_ids = BTreeSet::new();
        assert!(lesson.steps.len() >= 4, "{}: too short", lesson.id);
        for step in lesson.steps {
            assert!(
                step_ids.insert(step.id),
                "{}: step {} twice",
                lesson.id,
                step.id
            );
            if let Some(p) = &step.predict {
                let ids: BTreeSet<_> = p.choices.iter().map(|c| c.id).collect();
                assert_eq!(ids.len(), p.choices.len(), "{}/{}", lesson.id, step.id);
                assert!(p.choices.len() >= 3, "{}/{}", lesson.id, step.id);
                for reserved in ["text", "q", "why"] {
                    assert!(!ids.contains(reserved), "{}/{}", lesson.id, step.id);
                }
                let right = p.correct().expect("the answer is a choice");
                assert!(right.outcome.is_some(), "{}/{}", lesson.id, step.id);
                // A question's explanation rests on a cited fact.
                assert!(
                    !step.sources.is_empty(),
                    "{}/{} cites nothing",
                    lesson.id,
                    step.id
                );
            }
        }
        let checkpoints = lesson.steps.iter().filter(|s| s.predict.is_some()).count();
        assert!(checkpoints >= 1, "{} asks nothing", lesson.id);
    }
}

#[test]
fn every_anchor_resolves_and_every_right_answer_happens() {
    for lesson in lessons::all() {
        let (run, resolved) = open(lesson);
        assert_eq!(resolved.steps.len(), lesson.steps.len());
        assert_eq!(
            run.cursor(),
            run.len(),
            "resolve leaves the cursor at the end"
        );
        let mut last: Option<usize> = None;
        for (i, (step, at)) in lesson.steps.iter().zip(&resolved.steps).enumerate() {
            let what = format!("{}/{}", lesson.id, step.id);
            assert!(at.event < run.len(), "{what}");
            if let Some(prev) = last {
                assert!(at.event > prev, "{what}: steps go forward");
            }
            assert_eq!(at.reveal.is_some(), step.predict.is_some(), "{what}");
            if let Some(r) = at.reveal {
                // The answer shows after the question, and before the next step's event, so the
                // app reveals it by playing on.
                assert!(r > at.event, "{what}: reveal {r} at or before {}", at.event);
                if let Some(next) = resolved.steps.get(i + 1) {
                    assert!(r <= next.event, "{what}: reveal {r} after the next step");
                }
            }
            last = Some(at.event);
        }
        for (i, at) in resolved.steps.iter().enumerate() {
            assert_eq!(resolved.step_at(at.cursor()), Some(i), "{}", lesson.id);
        }
        assert_eq!(resolved.step_at(0), None);
        // Resolving is deterministic.
        assert_eq!(open(lesson).1, resolved);
    }
}

#[test]
fn what_each_step_says_holds_there() {
    for lesson in lessons::all() {
        let (mut run, resolved) = open(lesson);
        let mut trace = Trace::new(run.as_mut());
        for (step, at) in lesson.steps.iter().zip(&resolved.steps) {
            for cond in step.holds {
                assert!(
                    trace.holds(cond, at.event),
                    "{}/{}: {cond:?} is false after event {} ({})",
                    lesson.id,
                    step.id,
                    at.event,
                    trace.events()[at.event].text
                );
            }
        }
    }
}

/// On a lesson's own run, following it (as the app does once the learner has made faults)
/// places every step where resolving it does.
#[test]
fn following_the_own_run_places_every_step_as_resolving_does() {
    for lesson in lessons::all() {
        let (mut run, resolved) = open(lesson);
        let followed = lessons::follow(lesson, run.as_mut());
        let expected: Vec<_> = resolved.steps.iter().copied().map(Some).collect();
        assert_eq!(followed, expected, "{}", lesson.id);
    }
}

#[test]
fn wrong_answers_do_not_happen() {
    for lesson in lessons::all() {
        let (mut run, resolved) = open(lesson);
        let mut trace = Trace::new(run.as_mut());
        for (step, at) in lesson.steps.iter().zip(&resolved.steps) {
            let Some(p) = &step.predict else { continue };
            for c in p.choices.iter().filter(|c| c.id != p.answer) {
                if let Some(o) = &c.outcome {
                    assert_eq!(
                        trace.outcome(o, at.event),
                        None,
                        "{}/{}: the wrong answer {:?} happens too",
                        lesson.id,
                        step.id,
                        c.id
                    );
                }
            }
            // Every wrong answer here is checked, none only asserted.
            assert!(
                p.choices.iter().all(|c| c.outcome.is_some()),
                "{}/{}",
                lesson.id,
                step.id
            );
        }
    }
}

/// The brief's own example, spelt out: P2's decision timer fires while it is READY, and what it
/// does next is ask the others (its DECISION-REQ sends follow), while it stays blocked.
#[test]
fn p2_asks_the_others_and_stays_blocked() {
    let lesson = lessons::find("coordinator-crash").unwrap();
    let (mut run, resolved) = open(lesson);
    let ask = lesson.steps.iter().position(|s| s.id == "ask").unwrap();
    let at = resolved.steps[ask];
    let timer = run.event(at.event).unwrap();
    assert_eq!(
        (timer.kind, timer.label),
        (EventKind::Timer, Some("decision-timeout"))
    );
    run.seek(at.event + 1);
    let p2 = run.nodes().into_iter().find(|n| n.name == "P2").unwrap();
    assert_eq!(p2.state, "READY");
    assert!(p2.blocked && p2.in_doubt);
    let reveal = at.reveal.unwrap();
    let sends: Vec<String> = (at.event + 1..=reveal + 1)
        .filter_map(|i| run.event(i))
        .filter(|e| e.kind == EventKind::Send && e.label == Some("DECISION-REQ"))
        .map(|e| e.text)
        .collect();
    assert_eq!(
        sends,
        [
            "P2 sends DECISION-REQ to C (m9)",
            "P2 sends DECISION-REQ to P1 (m10)",
            "P2 sends DECISION-REQ to P3 (m11)"
        ]
    );
    let blocked = lesson.steps.iter().position(|s| s.id == "blocked").unwrap();
    let b = resolved.steps[blocked];
    for i in b.event..=b.reveal.unwrap() {
        run.seek(i + 1);
        assert!(run
            .nodes()
            .iter()
            .filter(|n| n.name != "C")
            .all(|n| n.blocked));
    }
    run.seek(b.reveal.unwrap() + 2);
    assert_eq!(
        run.event(b.reveal.unwrap() + 1).unwrap().kind,
        EventKind::Recover
    );
}

#[test]
fn a_wrong_answer_key_is_caught() {
    // Resolving checks the right answer against the run: a lesson claiming the opposite fails.
    let mut lesson = lessons::find("2pc-vote-no").unwrap().clone();
    let mut steps = lesson.steps.to_vec();
    let step = steps.iter_mut().find(|s| s.id == "one-no").unwrap();
    step.predict.as_mut().unwrap().answer = "wait";
    lesson.steps = Box::leak(steps.into_boxed_slice());
    let lesson: &'static Lesson = Box::leak(Box::new(lesson));
    let mut run = session::start(&lesson.scenario().unwrap(), lessons::MAX_EVENTS).unwrap();
    let err = lessons::resolve(lesson, run.as_mut()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "lesson 2pc-vote-no, step one-no: the answer \"wait\" does not happen in the run"
    );
    assert!(err.message(Lang::Zh).contains("答案与实际运行不符"));
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sections of PROTOCOLS.md, by heading.
fn protocols() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/PROTOCOLS.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!("{path}: {e} (the lessons are checked against shared/PROTOCOLS.md)")
    })
}

fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start = doc
        .find(heading)
        .unwrap_or_else(|| panic!("PROTOCOLS.md has no section {heading:?}"));
    let body = &doc[start + heading.len()..];
    let end = body.find("\n## ").unwrap_or(body.len());
    &body[..end]
}

#[test]
fn every_cited_fact_is_in_protocols_md() {
    let doc = protocols();
    let mut cited = 0;
    for lesson in lessons::all() {
        for step in lesson.steps {
            for (name, quote) in step.sources {
                let heading = lessons::SECTIONS
                    .iter()
                    .find(|(n, _)| n == name)
                    .unwrap_or_else(|| panic!("{}/{}: no section {name}", lesson.id, step.id))
                    .1;
                let text = normalize(section(&doc, heading));
                assert!(
                    text.contains(&normalize(quote)),
                    "{}/{}: {name} does not say {quote:?}",
                    lesson.id,
                    step.id
                );
                cited += 1;
            }
        }
    }
    assert!(cited > 40, "{cited} citations");
}

#[test]
fn text_lookup_and_keys() {
    let lesson = lessons::find("2pc-basics").unwrap();
    let t = lesson.text(Lang::En, 2).unwrap();
    let q = t.question.unwrap();
    assert_eq!(q.answer, "log-first");
    assert_eq!(
        q.choices.iter().find(|(id, _)| *id == q.answer).unwrap().1,
        "Forces READY to its log, then sends YES"
    );
    let zh = lesson.text(Lang::Zh, 2).unwrap().question.unwrap();
    assert_eq!(zh.prompt, "P1 准备投 YES。它首先做什么？");
    assert!(lesson.text(Lang::En, 99).is_none());
    assert!(lesson
        .keys()
        .contains(&"lesson.2pc-basics.ready.why".to_string()));
}

#[test]
fn progress_round_trips_and_scores() {
    let lesson = lessons::find("2pc-basics").unwrap();
    let mut p = Progress::default();
    assert_eq!(p.open(lesson), 0);
    assert_eq!(p.answer(lesson, 2, "yes-first"), Some(false));
    // The first answer is the one kept.
    assert_eq!(p.answer(lesson, 2, "log-first"), Some(true));
    assert_eq!(p.answer(lesson, 4, "log-first"), Some(true));
    assert_eq!(p.answer(lesson, 0, "anything"), None, "step 0 asks nothing");
    assert_eq!(p.answer(lesson, 2, "nonsense"), None);
    assert_eq!(p.go_to(lesson, 3), 3);
    assert_eq!(p.score(lesson), (1, 2));
    assert_eq!(p.go_to(lesson, 99), lesson.steps.len() - 1);
    assert!(p.lessons["2pc-basics"].done);

    let stored = p.to_json();
    assert!(stored.len() < 200, "{stored}");
    assert_eq!(Progress::from_json(&stored).unwrap(), p);
    assert_eq!(Progress::load(Some(&stored)), p);
    assert_eq!(p.current_lesson(), Some(lesson));

    assert_eq!(Progress::load(None), Progress::default());
    assert_eq!(Progress::load(Some("{not json")), Progress::default());
    assert!(matches!(
        Progress::from_json(r#"{"version":2}"#),
        Err(ProgressError::Version(2))
    ));
    assert!(matches!(
        Progress::from_json(r#"{"version":1,"extra":true}"#),
        Err(ProgressError::Json(_))
    ));
    assert!(matches!(
        Progress::from_json(&"x".repeat(70_000)),
        Err(ProgressError::TooLong(70_000))
    ));
}

#[test]
fn outcomes_compose() {
    // `All` shows at the latest of its parts; `Never` at its bound.
    let lesson = lessons::find("2pc-basics").unwrap();
    let (mut run, resolved) = open(lesson);
    let at = resolved.steps[2].event;
    let mut trace = Trace::new(run.as_mut());
    const P: lessons::Pat = lessons::Pat::kind(EventKind::Send).at("P1").label("YES");
    const PERSIST: lessons::Pat = lessons::Pat::kind(EventKind::Persist)
        .at("P1")
        .label("READY");
    const BOTH: Outcome = Outcome::All(&[Outcome::happens(P), Outcome::happens(PERSIST)]);
    let (p, persist) = (P, PERSIST);
    let send_at = trace.outcome(&Outcome::happens(p), at).unwrap();
    let persist_at = trace.outcome(&Outcome::happens(persist), at).unwrap();
    assert!(persist_at < send_at);
    assert_eq!(trace.outcome(&BOTH, at), Some(send_at));
    assert_eq!(
        trace.outcome(&Outcome::never_before(p, persist), at),
        Some(persist_at)
    );
    assert_eq!(trace.outcome(&Outcome::never_before(persist, p), at), None);
}
