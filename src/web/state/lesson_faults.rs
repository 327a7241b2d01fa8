//! The reducer, natively, when a learner makes faults of their own during a lesson:
//! `cargo test --features web --lib web::state::lesson_faults`.

use super::*;

fn apply(s: Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
    actions.into_iter().fold(s, |s, a| s.reduce(a))
}

fn lesson(s: &State) -> &LessonRun {
    s.lesson.as_ref().expect("a lesson is open")
}

/// The cursor of each step, `None` where the step's moment does not happen.
fn cursors(s: &State) -> Vec<Option<usize>> {
    lesson(s)
        .steps
        .iter()
        .map(|st| st.map(|st| st.cursor()))
        .collect()
}

/// 2pc-basics at step 2 ("prepare": C has just sent PREPARE m0 to P1).
fn at_prepare() -> Rc<State> {
    let s = apply(
        Rc::new(State::default()),
        [
            Action::OpenLesson("2pc-basics".into()),
            Action::LessonStep(1),
        ],
    );
    assert!(!lesson(&s).changed);
    assert!(cursors(&s).iter().all(Option::is_some));
    s
}

#[test]
fn dropping_the_prepare_leaves_the_steps_it_removes_unplaced() {
    let own = at_prepare();
    let before = cursors(&own);
    let s = apply(
        own.clone(),
        [Action::Inject(message_fault(
            FaultKind::Drop,
            MsgId(0),
            None,
        ))],
    );
    let l = lesson(&s);
    assert!(l.changed);
    assert_eq!(l.step, 1);
    // The steps before the fault are where they were. P1 never receives PREPARE, so it neither
    // logs READY nor votes, C never has three YES votes, and nobody commits: every later step's
    // moment is gone (the run still has an end, but not the all-commit end the lesson tells).
    let after = cursors(&s);
    assert_eq!(after[..2], before[..2]);
    assert_eq!(after[2..], [None; 5]);
    // The drop itself was stepped over.
    assert_eq!(s.cursor, before[1].unwrap() + 1);

    // Next: step 3 is shown, saying its moment is gone; the cursor does not jump anywhere.
    let next = apply(s.clone(), [Action::LessonStep(2)]);
    assert_eq!((lesson(&next).step, next.cursor), (2, s.cursor));
    assert_eq!(next.announce, i18n::t(Lang::En, "lesson.ui.gone"));
    // Its checkpoint asks nothing: an answer is not recorded.
    let answered = apply(next.clone(), [Action::Answer("log-first".into())]);
    assert!(Rc::ptr_eq(&next, &answered));
    // Play has no later step to stop at: it just plays the changed run.
    let playing = apply(next.clone(), [Action::Play]);
    assert!(playing.playing);
    assert_eq!(playing.until, None);
    // Back returns to step 2 at its moment.
    let back = apply(next.clone(), [Action::LessonStep(1)]);
    assert_eq!((lesson(&back).step, back.cursor), (1, before[1].unwrap()));

    // The lesson's own run again, at the step shown.
    let restored = apply(next, [Action::LessonOwnRun]);
    assert!(!lesson(&restored).changed);
    assert_eq!(cursors(&restored), before);
    assert_eq!(lesson(&restored).step, 2);
    assert_eq!(restored.cursor, before[2].unwrap());
    let run = restored.run.as_ref().expect("run").0.borrow();
    assert!(run.scenario().faults.is_empty());
}

#[test]
fn a_harmless_fault_keeps_every_step_and_a_link_keeps_the_changed_run() {
    // A duplicate PREPARE changes the run (P1 receives it twice) but nothing the lesson tells.
    let own = at_prepare();
    let s = apply(
        own.clone(),
        [Action::Inject(message_fault(
            FaultKind::Duplicate,
            MsgId(0),
            None,
        ))],
    );
    assert!(lesson(&s).changed);
    assert_ne!(s.len(), own.len());
    let placed = cursors(&s);
    assert!(placed.iter().all(Option::is_some), "{placed:?}");
    // Steps after the fault moved with the run: the end is the changed run's end.
    assert_eq!(placed[6], Some(s.len()));
    // A copied link reopens the lesson on the changed run, not silently on the lesson's own.
    let link = s.link().expect("link");
    let back = apply(Rc::new(State::default()), [Action::OpenLink(link)]);
    assert!(lesson(&back).changed);
    assert_eq!(cursors(&back), placed);
    assert_eq!((lesson(&back).step, back.cursor), (1, s.cursor));
}

#[test]
fn a_crash_and_recovery_move_the_later_steps_with_the_run() {
    // At step 4 ("in-doubt": P1 has sent YES), crash P1 and recover it at once. C still gets
    // three YES votes and everyone commits, only later: the later steps are found again in the
    // changed run, not left at the events they stood on in the lesson's own run.
    let own = apply(at_prepare(), [Action::LessonStep(3)]);
    let before = cursors(&own);
    let s = apply(
        own,
        [
            Action::Inject(node_fault(FaultKind::Crash, "P1")),
            Action::Inject(node_fault(FaultKind::Recover, "P1")),
        ],
    );
    assert!(lesson(&s).changed);
    let after = cursors(&s);
    assert_eq!(after[..4], before[..4]);
    for i in 4..7 {
        let (was, now) = (
            before[i].expect("own run"),
            after[i].expect("still happens"),
        );
        assert!(now > was, "step {i}: {now} after {was}");
    }
    assert_eq!(after[6], Some(s.len()));
}
