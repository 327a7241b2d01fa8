//! The reducer, natively: `cargo test --features web --lib web::state`.

use super::*;
use crate::model::Outcome;
use crate::protocol::commit::{CommitParams, ABORT, COMMIT};

fn apply(s: Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
    actions.into_iter().fold(s, |s, a| s.reduce(a))
}

fn decisions(s: &State) -> Vec<Option<Outcome>> {
    let run = s.run.as_ref().expect("run").0.borrow();
    run.nodes().iter().map(|n| n.decision).collect()
}

fn start() -> Rc<State> {
    Rc::new(State::default())
}

#[test]
fn opens_the_happy_preset_at_its_start() {
    let s = start();
    assert_eq!((s.len(), s.cursor, s.clock), (65, 0, 0.0));
    assert_eq!(s.preset.as_deref(), Some("2pc-happy"));
    assert!(s.error.is_none());
}

#[test]
fn step_and_step_back_move_one_event_and_say_it() {
    let s = apply(start(), [Action::Step, Action::Step, Action::Step]);
    assert_eq!(s.cursor, 3);
    assert_eq!(
        s.announce,
        "Event 3 of 65 at 0 ms: C sends PREPARE to P1 (m0)"
    );
    let back = apply(s, [Action::StepBack]);
    assert_eq!(back.cursor, 2);
    assert_eq!(
        back.announce,
        "Event 2 of 65 at 0 ms: C goes from INIT to WAIT"
    );
    let start_again = apply(back, [Action::Seek(0)]);
    assert_eq!(start_again.announce, "Start of the run, 65 events");
}

#[test]
fn a_no_op_returns_the_same_state() {
    let s = start();
    let same = s.clone().reduce(Action::Pause);
    assert!(Rc::ptr_eq(&s, &same));
    let same = s.clone().reduce(Action::Tick(33.0));
    assert!(Rc::ptr_eq(&s, &same));
}

#[test]
fn playback_follows_virtual_time() {
    // At 10^1.3 ≈ 20 ms of virtual time per second, with messages in flight.
    let s = apply(start(), [Action::Play, Action::Tick(0.0)]);
    // Everything at t = 0 happens at once: begin, WAIT, three sends.
    assert_eq!(s.cursor, 5);
    assert!(s.playing);
    // 500 real ms (ticks are clamped to 250 ms each) = 10 virtual ms: nothing arrives before 14.
    let s = apply(s, [Action::Tick(250.0), Action::Tick(250.0)]);
    assert_eq!(s.cursor, 5);
    assert!((s.clock - 9.98).abs() < 0.01, "clock {}", s.clock);
    // At t = 20 the broker has queued m0 (t = 14) and m1 (t = 16), not yet m2 (t = 20.0x).
    let s = apply(s, [Action::Tick(250.0), Action::Tick(250.0)]);
    assert_eq!(s.cursor, 7);
    // Playing to the end stops there.
    let s = apply(s, std::iter::repeat_n(Action::Tick(250.0), 400));
    assert_eq!(s.cursor, 65);
    assert!(!s.playing);
    assert_eq!(decisions(&s), [Some(COMMIT); 4]);
}

#[test]
fn dropping_a_prepare_ends_in_abort_and_survives_rewinding() {
    // After 3 events C has sent PREPARE m0 to P1 (it is on its way to the broker).
    let s = apply(start(), [Action::Seek(3)]);
    let s = apply(
        s,
        [Action::Inject(message_fault(
            FaultKind::Drop,
            MsgId(0),
            None,
        ))],
    );
    // The drop is the next event, and the app steps over it.
    assert_eq!(s.cursor, 4);
    assert_eq!(s.announce, "Event 4 of 58 at 0 ms: m0 is dropped");
    let end = apply(s, [Action::Seek(usize::MAX)]);
    assert_eq!(decisions(&end), [Some(ABORT); 4]);
    // Rewind and replay: the hand-made drop is part of the scenario now.
    let again = apply(end, [Action::Seek(0), Action::Seek(5)]);
    assert_eq!(again.events.0[3].text, "m0 is dropped");
    // Reset removes it.
    let reset = apply(again, [Action::Reset]);
    assert_eq!((reset.len(), reset.cursor), (65, 0));
}

#[test]
fn crashing_the_coordinator_after_the_votes_blocks() {
    // Event 30 is C receiving the third YES; crash C right after it.
    let s = apply(start(), [Action::Seek(31)]);
    let s = apply(s, [Action::Inject(node_fault(FaultKind::Crash, "C"))]);
    // Nobody recovers C: the participants keep asking until the run's 20 s limit.
    assert_eq!(s.announce, "Event 32 of 4479 at 83 ms: C crashes");
    // Once the participants' decision timers fire they are blocked.
    let later = apply(s, [Action::Seek(200)]);
    let run = later.run.as_ref().expect("run").0.borrow();
    let blocked: Vec<String> = run
        .nodes()
        .into_iter()
        .filter(|n| n.blocked)
        .map(|n| n.name)
        .collect();
    assert_eq!(blocked, ["P1", "P2", "P3"]);
}

#[test]
fn bad_input_is_a_message_and_the_run_goes_on() {
    let s = apply(start(), [Action::Seek(10)]);
    let mut bad = s.base.clone();
    bad.latency_ms.min = 50;
    bad.latency_ms.max = 5;
    let s = apply(s, [Action::SetScenario(bad)]);
    assert_eq!(
        s.error.as_deref(),
        Some("Not applied: latency_ms.min: 50 is above max (5)")
    );
    assert_eq!((s.len(), s.cursor), (65, 10));
    let s = apply(
        s,
        [Action::LoadJson(
            "{\"version\": 1, \"protocol\": \"4pc\", \"participants\": 3}".into(),
        )],
    );
    assert_eq!(
        s.error.as_deref(),
        Some("Not loaded: protocol: unknown protocol \"4pc\" (known: 2pc, 3pc)")
    );
    let s = apply(s, [Action::Split]);
    assert!(s
        .error
        .as_deref()
        .is_some_and(|e| e.starts_with("Pick the nodes")));
    let s = apply(s, [Action::LoadPreset("nope".into())]);
    assert!(s
        .error
        .as_deref()
        .is_some_and(|e| e.contains("unknown preset")));
    let s = apply(s, [Action::Escape]);
    assert!(s.error.is_none());
    assert_eq!(s.cursor, 10);
}

#[test]
fn picking_and_splitting_partitions_the_network() {
    let mut sc = Scenario::new("3pc", 3);
    sc.seed = 1;
    let s = apply(start(), [Action::SetScenario(sc), Action::Seek(10)]);
    let s = apply(
        s,
        [
            Action::TogglePick(NodeId(0)),
            Action::TogglePick(NodeId(1)),
            Action::Split,
        ],
    );
    assert!(s.error.is_none(), "{:?}", s.error);
    assert_eq!(s.picked, 0);
    assert_eq!(
        s.announce,
        "Event 11 of 78 at 26 ms: The network splits into {C, P1} | {P2, P3}"
    );
    let groups = s.run.as_ref().expect("run").0.borrow().groups();
    assert_ne!(groups[0], groups[2]);
    assert_eq!(groups[0], groups[1]);
    let healed = apply(s, [Action::Heal]);
    let groups = healed.run.as_ref().expect("run").0.borrow().groups();
    assert!(groups.iter().all(|g| *g == groups[0]));
}

#[test]
fn speed_moves_on_a_log_scale() {
    let s = apply(start(), [Action::Faster, Action::Faster]);
    assert_eq!(s.speed, SPEED_DEFAULT + 4);
    assert!((s.speed_ms_per_s() - 50.1).abs() < 0.1);
    let s = apply(s, std::iter::repeat_n(Action::Slower, 40));
    assert_eq!((s.speed, s.speed_ms_per_s()), (SPEED_MIN, 1.0));
}

#[test]
fn a_share_link_reopens_the_run_with_its_faults_at_its_cursor() {
    let s = apply(start(), [Action::Seek(3)]);
    let s = apply(
        s,
        [Action::Inject(message_fault(
            FaultKind::Drop,
            MsgId(0),
            None,
        ))],
    );
    let link = s.link().expect("link");
    assert!(link.starts_with("v1="));
    let fresh = apply(start(), [Action::OpenLink(link)]);
    assert_eq!((fresh.len(), fresh.cursor), (58, 4));
    assert_eq!(fresh.announce, "Event 4 of 58 at 0 ms: m0 is dropped");
    let bad = apply(fresh, [Action::OpenLink("v1=AAAA.BBBB".into())]);
    assert!(bad
        .error
        .as_deref()
        .is_some_and(|e| e.starts_with("This link cannot be opened")));
    assert_eq!(bad.cursor, 4);
}

fn lesson_at_checkpoint() -> Rc<State> {
    // 2pc-basics: step 3 ("ready", index 2) asks what P1 does before voting YES.
    let s = apply(
        start(),
        [
            Action::OpenLesson("2pc-basics".into()),
            Action::LessonStep(2),
        ],
    );
    let l = s.lesson.as_ref().expect("lesson open");
    assert_eq!(l.step, 2);
    assert_eq!(s.cursor, l.at(2).expect("step 3").cursor());
    s
}

#[test]
fn a_checkpoint_answer_plays_on_to_its_reveal_and_stops_there() {
    let s = lesson_at_checkpoint();
    let reveal = s
        .lesson
        .as_ref()
        .unwrap()
        .at(2)
        .expect("step 3")
        .reveal_cursor()
        .expect("a checkpoint");
    let s = apply(
        s,
        [Action::SetSpeed(30), Action::Answer("yes-first".into())],
    );
    assert!(s.playing);
    assert_eq!(s.until, Some((reveal, None)));
    let a = s.answered.clone().expect("answered");
    assert!(!a.correct);
    let mut s = s;
    for _ in 0..2000 {
        if !s.playing {
            break;
        }
        s = s.reduce(Action::Tick(33.0));
    }
    assert!(!s.playing);
    assert_eq!(s.cursor, reveal);
    // The first answer is the one kept.
    let s = apply(s, [Action::Answer("log-first".into())]);
    let saved = &s.progress.lessons["2pc-basics"].answers["ready"];
    assert_eq!(saved, "yes-first");
    assert_eq!(s.progress.score(s.lesson.as_ref().unwrap().lesson), (0, 2));
}

#[test]
fn a_seek_while_playing_on_to_a_reveal_takes_over_and_stays_put() {
    let s = apply(lesson_at_checkpoint(), [Action::Answer("log-first".into())]);
    assert!(s.playing);
    assert!(s.until.is_some());
    let s = apply(s, [Action::Seek(10)]);
    assert_eq!((s.cursor, s.playing, s.until), (10, false, None));
    let s = apply(s, [Action::Tick(33.0), Action::Tick(33.0)]);
    assert_eq!(s.cursor, 10);
}

#[test]
fn play_in_a_lesson_stops_at_the_next_step() {
    let s = apply(
        lesson_at_checkpoint(),
        [Action::LessonStep(0), Action::SetSpeed(30), Action::Play],
    );
    let next = s.lesson.as_ref().unwrap().at(1).expect("step 2").cursor();
    assert_eq!(s.until, Some((next, Some(1))));
    let mut s = s;
    for _ in 0..2000 {
        if !s.playing {
            break;
        }
        s = s.reduce(Action::Tick(33.0));
    }
    assert_eq!((s.cursor, s.lesson.as_ref().unwrap().step), (next, 1));
}

#[test]
fn a_link_reopens_the_lesson_step_and_moment_in_its_language() {
    let s = apply(
        lesson_at_checkpoint(),
        [Action::Step, Action::SetLang(Lang::Zh)],
    );
    let fragment = s.link().expect("a link");
    let back = apply(start(), [Action::OpenLink(fragment)]);
    assert_eq!(back.lang, Lang::Zh);
    assert_eq!(back.cursor, s.cursor);
    assert_eq!(
        back.lesson.as_ref().map(|l| (l.lesson.id, l.step)),
        Some(("2pc-basics", 2))
    );
    assert!(back.announce.starts_with("第 "), "{}", back.announce);
    assert!(back.events.0[1].text.contains("INIT"));
}

#[test]
fn chinese_renders_the_log_and_messages_in_chinese() {
    let s = apply(start(), [Action::SetLang(Lang::Zh), Action::Step]);
    assert!(s.announce.starts_with("第 1 个事件"), "{}", s.announce);
    assert!(!s.events.0[0].text.is_ascii(), "{}", s.events.0[0].text);
    let s = apply(s, [Action::OpenLink("v1=garbage".into())]);
    assert!(
        s.error
            .as_deref()
            .is_some_and(|e| e.starts_with("无法打开")),
        "{:?}",
        s.error
    );
    let back = apply(s, [Action::SetLang(Lang::En)]);
    assert_eq!(back.events.0[0].text, start().events.0[0].text);
}

#[test]
fn read_only_embeds_refuse_faults_and_edits() {
    let base = start().link().expect("link");
    let s = apply(start(), [Action::OpenLink(format!("{base}&embed=1&ro=1"))]);
    assert!(s.read_only());
    let same = s
        .clone()
        .reduce(Action::Inject(node_fault(FaultKind::Crash, "C")));
    assert!(Rc::ptr_eq(&s, &same));
    let same = s.clone().reduce(Action::LoadPreset("2pc-vote-no".into()));
    assert!(Rc::ptr_eq(&s, &same));
    // The embedding page may still load a scenario.
    let other = s.clone().reduce(Action::LoadJson(
        crate::presets::preset("2pc-vote-no").unwrap().to_json(),
    ));
    assert!(other.read_only());
    assert!(
        other.error.is_none()
            && !other
                .base
                .params_as::<CommitParams>()
                .unwrap()
                .votes
                .is_empty()
    );
}

#[test]
fn an_embed_speed_plays_a_fixed_number_of_events_per_second() {
    let base = start().link().expect("link");
    let s = apply(
        start(),
        [Action::OpenLink(format!(
            "{base}&embed=1&speed=10&autoplay=1"
        ))],
    );
    assert!(s.playing);
    let s = apply(s, [Action::Tick(250.0), Action::Tick(250.0)]);
    assert_eq!(s.cursor, 5);
}

#[test]
fn a_bad_run_file_is_a_message() {
    let s = apply(start(), [Action::Import("{\"format\": 1".into())]);
    assert!(s
        .error
        .as_deref()
        .is_some_and(|e| e.contains("not valid JSON")));
    assert_eq!(s.len(), 65);
    let run = {
        let r = s.run.as_ref().unwrap().0.borrow();
        crate::export::export(&**r, HORIZON)
    };
    let s = apply(s, [Action::DismissError, Action::Import(run)]);
    assert!(s.error.is_none());
}

/// Where the lessons' narration is outlives opening a preset or a lesson (each opens a new
/// scenario): a failure to fetch it is still said after the learner picks a lesson.
#[test]
fn the_narrations_whereabouts_outlive_a_new_scenario() {
    let s = apply(
        start(),
        [
            Action::NarrationArrived(Err("gone".into())),
            Action::LoadPreset("3pc-happy".into()),
            Action::OpenLesson("2pc-basics".into()),
        ],
    );
    assert_eq!(s.narration, Narration::Failed("gone".into()));
    assert!(s.lesson.is_some());
    let s = apply(s, [Action::NarrationArrived(Ok(()))]);
    assert_eq!(s.narration, Narration::Here);
}
