//! Links (src/share.rs) and run files (src/export.rs): they round-trip, old links keep
//! decoding, and anything malformed or tampered is refused with an error that names the
//! problem, never a panic.

use proptest::prelude::*;
use txscope::export::{self, ImportError};
use txscope::i18n::Lang;
use txscope::presets::{preset, PRESETS};
use txscope::scenario::{FaultKind, FaultSpec, Reason, Scenario};
use txscope::session::{self, Run};
use txscope::share::{base64url, Embed, Link, Panel, ShareError};

fn trace(run: &dyn Run) -> Vec<String> {
    (0..run.len())
        .map(|i| serde_json::to_string(&run.event(i).unwrap()).unwrap())
        .collect()
}

/// A scenario with a hand-made fault, as the app makes one: crash P2 at event 14.
fn hand_made() -> Scenario {
    let mut run = session::start(&preset("2pc-happy").unwrap(), 20_000).unwrap();
    run.seek(14);
    run.inject(FaultSpec {
        fault: Some(FaultKind::Crash),
        node: Some("P2".into()),
        ..FaultSpec::default()
    })
    .unwrap();
    run.scenario().clone()
}

fn full_link() -> Link {
    Link {
        scenario: hand_made(),
        lesson: Some("coordinator-crash".into()),
        step: Some(3),
        cursor: Some(57),
        lang: Some(Lang::Zh),
        embed: Some(Embed {
            panels: vec![Panel::Sequence, Panel::Log],
            autoplay: true,
            start_step: Some(2),
            speed: Some(2.5),
            read_only: true,
        }),
    }
}

#[test]
fn links_round_trip_and_reopen_the_same_run() {
    for (name, _) in PRESETS {
        let link = Link {
            scenario: preset(name).unwrap(),
            cursor: Some(3),
            ..Link::default()
        };
        let fragment = link.to_fragment();
        assert!(
            fragment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.=&,".contains(&b)),
            "{fragment}"
        );
        assert_eq!(Link::from_fragment(&fragment).unwrap(), link, "{name}");
    }
    let link = full_link();
    let url = link.to_url("https://example.org/txscope/?x=1#old");
    assert!(url.starts_with("https://example.org/txscope/?x=1#v1="));
    let back = Link::from_fragment(&url).unwrap();
    assert_eq!(back, link);
    // The hand-made fault survives: the decoded scenario gives the same trace.
    let a = session::start(&link.scenario, 20_000).unwrap();
    let b = session::start(&back.scenario, 20_000).unwrap();
    assert_eq!(trace(a.as_ref()), trace(b.as_ref()));
    assert_eq!(back.scenario.faults[0].before_event, Some(14));
}

/// A link made with this version (2pc-vote-no, cursor 12, Chinese, embedded). Links must keep
/// opening the same run after updates: if this stops decoding, the format changed and needs
/// a new version number, with v1 still read.
const V1_LINK: &str = "v1=eyJzY2VuYXJpbyI6eyJ2ZXJzaW9uIjoxLCJuYW1lIjoiMnBjLXZvdGUtbm8iLCJkZXNjcmlwdGlvbiI6IlAyIHZvdGVzIE5PLiBPbmUgTk8gaXMgZW5vdWdoOiB0aGUgY29vcmRpbmF0b3IgYWJvcnRzIGFuZCBldmVyeSBub2RlIGFib3J0cy4iLCJwcm90b2NvbCI6IjJwYyIsInBhcnRpY2lwYW50cyI6Mywidm90ZXMiOnsiUDIiOiJubyJ9LCJ0cmFuc3BvcnQiOiJxdWV1ZSIsImxhdGVuY3lfbXMiOnsibWluIjo1LCJtYXgiOjIwfSwiZHJvcF9yYXRlIjowLjAsInRpbWVvdXRzX21zIjp7ImNvb3JkaW5hdG9yIjozMDAsInBhcnRpY2lwYW50Ijo1MDAsInJldHJ5IjoyNTB9LCJzZWVkIjoxLCJtYXhfdGltZV9tcyI6MjAwMDB9LCJsZXNzb24iOiIycGMtdm90ZS1ubyIsInN0ZXAiOjIsImN1cnNvciI6MTJ9.14dNrg&lang=zh-CN&embed=1&panels=topology,log&ro=1";

#[test]
fn a_link_made_today_still_opens() {
    let link = Link::from_fragment(V1_LINK).unwrap();
    // What decides the run (the preset's name and description may be reworded later).
    let mut expected = preset("2pc-vote-no").unwrap();
    expected.description = link.scenario.description.clone();
    assert_eq!(link.scenario, expected);
    assert_eq!(link.lesson.as_deref(), Some("2pc-vote-no"));
    assert_eq!((link.step, link.cursor), (Some(2), Some(12)));
    assert_eq!(link.lang, Some(Lang::Zh));
    let embed = link.embed.unwrap();
    assert_eq!(embed.panels, [Panel::Topology, Panel::Log]);
    assert!(embed.read_only && !embed.autoplay);
    let mut run = session::start(&link.scenario, 20_000).unwrap();
    run.seek(12);
    assert_eq!(
        run.event(11).unwrap().text,
        "P1 sends YES to C (m3)",
        "the run behind the link changed"
    );
}

#[test]
fn plain_parameters_can_be_written_by_hand() {
    let base = Link {
        scenario: preset("3pc-happy").unwrap(),
        ..Link::default()
    }
    .to_fragment();
    let l = Link::from_fragment(&format!("#{base}&lang=zh-Hans-CN&embed")).unwrap();
    assert_eq!(l.lang, Some(Lang::Zh));
    assert_eq!(l.embed, Some(Embed::default()));
    let l = Link::from_fragment(&format!("{base}&lang=fr&autoplay=1&speed=10")).unwrap();
    assert_eq!(l.lang, Some(Lang::En));
    let e = l.embed.unwrap();
    assert!(e.autoplay && e.speed == Some(10.0));
    let l = Link::from_fragment(&format!("lang=en&{base}&embed=0")).unwrap();
    assert_eq!(l.embed, None);
}

fn err(fragment: &str) -> ShareError {
    Link::from_fragment(fragment).unwrap_err()
}

/// A v1 part around arbitrary JSON, with a valid checksum.
fn forged(json: &str) -> String {
    // FNV-1a, as the link format defines it.
    let mut h: u32 = 0x811c_9dc5;
    for &b in json.as_bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    format!(
        "v1={}.{}",
        base64url::encode(json.as_bytes()),
        base64url::encode(&h.to_be_bytes())
    )
}

#[test]
fn malformed_links_are_refused_naming_the_problem() {
    let good = Link {
        scenario: preset("2pc-happy").unwrap(),
        ..Link::default()
    }
    .to_fragment();
    assert_eq!(err(""), ShareError::Empty);
    assert_eq!(err("https://x.org/#"), ShareError::Empty);
    assert_eq!(err("lang=zh"), ShareError::MissingPayload);
    assert_eq!(
        err(&format!("{good}&colour=red")),
        ShareError::UnknownParam {
            name: "colour".into()
        }
    );
    assert_eq!(
        err(&format!("{good}&lang=zh&lang=en")),
        ShareError::DuplicateParam {
            name: "lang".into()
        }
    );
    assert_eq!(
        err(&good.replacen("v1=", "v2=", 1)),
        ShareError::Version {
            version: "v2".into()
        }
    );
    assert_eq!(
        err(&good.replacen("v1=ey", "v1=e!", 1)),
        ShareError::Base64 {
            part: "v1",
            position: 1
        }
    );
    // One character changed inside the data: caught by the checksum.
    let i = good.len() / 2;
    let flipped = if &good[i..=i] == "A" { "B" } else { "A" };
    let tampered = format!("{}{flipped}{}", &good[..i], &good[i + 1..]);
    assert!(matches!(
        err(&tampered),
        ShareError::Checksum | ShareError::Base64 { .. }
    ));
    assert_eq!(err(good.split('.').next().unwrap()), ShareError::Checksum);
    assert!(matches!(
        err(&format!("{}x", &good)),
        ShareError::Checksum | ShareError::Base64 { .. }
    ));
    // Valid checksum, bad contents: the field is named.
    assert_eq!(
        err(&forged("{\"scenario\": 3")),
        ShareError::Json {
            field: "(document)".into(),
            reason: Reason::NotJson {
                line: 1,
                column: 14
            }
        }
    );
    match err(&forged(
        r#"{"scenario":{"version":1,"protocol":"2pc","participants":3},"cursor":-1}"#,
    )) {
        ShareError::Json { field, .. } => assert_eq!(field, "cursor"),
        other => panic!("{other:?}"),
    }
    match err(&forged(
        r#"{"scenario":{"version":1,"protocol":"2pc","participants":3},"extra":1}"#,
    )) {
        ShareError::Json { field, reason } => {
            assert_eq!(field, "extra");
            assert_eq!(
                reason,
                Reason::UnknownField {
                    name: "extra".into(),
                    known: "scenario, lesson, step, cursor".into()
                }
            )
        }
        other => panic!("{other:?}"),
    }
    let e = err(&forged(
        r#"{"scenario":{"version":1,"protocol":"2pc","participants":3,"faults":[{"at_ms":5,"fault":"crash","node":"P9"}]}}"#,
    ));
    assert_eq!(
        e.to_string(),
        "scenario.faults[0].node: unknown node \"P9\" (nodes: C, P1, P2, P3)"
    );
    assert!(e
        .message(Lang::Zh)
        .starts_with("链接中的场景无效：faults[0].node："));
    assert_eq!(
        err(&forged(
            r#"{"scenario":{"version":1,"protocol":"2pc","participants":3},"lesson":"nope"}"#
        )),
        ShareError::Lesson {
            lesson: "nope".into()
        }
    );
    assert_eq!(
        err(&forged(
            r#"{"scenario":{"version":1,"protocol":"2pc","participants":3},"lesson":"2pc-basics","step":40}"#
        )),
        ShareError::Step {
            lesson: "2pc-basics".into(),
            step: 40,
            steps: 7
        }
    );
    for (part, param) in [
        ("lang=<script>", "lang"),
        ("embed=yes", "embed"),
        ("panels=log,radar", "panels"),
        ("panels=log,log", "panels"),
        ("speed=0", "speed"),
        ("speed=1e9", "speed"),
        ("speed=-1", "speed"),
        ("start=x", "start"),
        ("start=99999999999999999999", "start"),
        ("ro=2", "ro"),
    ] {
        match err(&format!("{good}&{part}")) {
            ShareError::Value { param: p, .. } => assert_eq!(p, param, "{part}"),
            other => panic!("{part}: {other:?}"),
        }
    }
    let long = "a".repeat(txscope::share::MAX_LEN + 1);
    assert!(matches!(err(&long), ShareError::TooLong { .. }));
    // Every error reads as a sentence in both languages.
    for e in [
        err(""),
        err("lang=zh"),
        err(&format!("{good}&x")),
        err(&tampered),
    ] {
        for lang in Lang::ALL {
            let m = e.message(lang);
            assert!(!m.is_empty() && !m.contains("error.share"), "{m}");
        }
    }
}

#[test]
fn base64url_is_rfc4648_without_padding_and_strict() {
    // RFC 4648 §10 test vectors, padding removed.
    for (plain, coded) in [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64url::encode(plain.as_bytes()), coded);
        assert_eq!(base64url::decode(coded).unwrap(), plain.as_bytes());
    }
    // The URL-safe alphabet: 62 is '-', 63 is '_'.
    assert_eq!(base64url::encode(&[0xfb, 0xff]), "-_8");
    assert_eq!(base64url::decode("-_8").unwrap(), [0xfb, 0xff]);
    assert_eq!(base64url::decode("Zg=="), Err(2), "no padding");
    assert_eq!(base64url::decode("Z+8"), Err(1), "not the URL alphabet");
    assert_eq!(base64url::decode("Zm9vY"), Err(4), "impossible length");
    assert_eq!(base64url::decode("Zh"), Err(1), "non-zero trailing bits");
}

proptest! {
    #[test]
    fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = base64url::encode(&bytes);
        prop_assert_eq!(base64url::decode(&text).unwrap(), bytes);
    }

    #[test]
    fn decoding_arbitrary_text_never_panics(s in ".{0,400}") {
        let _ = Link::from_fragment(&s);
        let _ = base64url::decode(&s);
    }

    #[test]
    fn decoding_fragment_like_text_never_panics(
        s in "(v1=[A-Za-z0-9_.-]{0,80}|lang=[a-z-]{0,6}|embed=[01]?|panels=[a-z,]{0,20}|speed=[0-9.]{0,6}|start=[0-9]{0,4}|ro|x=y|&){0,8}"
    ) {
        let _ = Link::from_fragment(&s);
    }

    #[test]
    fn corrupted_links_are_refused(pos in any::<prop::sample::Index>(), c in any::<char>(), op in 0u8..4) {
        let good = full_link().to_fragment();
        let data_end = good.find('&').unwrap();
        let i = pos.index(data_end - 3) + 3; // inside `v1=<data>.<check>`
        let mut bad = good.clone();
        match op {
            0 => { bad.replace_range(i..i + 1, &c.to_string()); }
            1 => { bad.insert(i, c); }
            2 => { bad.remove(i); }
            _ => { bad.truncate(i); }
        }
        prop_assume!(bad != good);
        let r = Link::from_fragment(&bad);
        // A change inside the data never opens a run (but it may turn into a different part
        // when it inserts `&` or `#`).
        prop_assert!(r.is_err() || bad[..i].contains('#'), "{:?} opened", &bad[..i.min(bad.len())]);
    }

    #[test]
    fn any_link_round_trips(
        cursor in proptest::option::of(0usize..100_000),
        step in proptest::option::of(0usize..5),
        zh in any::<bool>(),
        panels in proptest::sample::subsequence(Panel::ALL.to_vec(), 0..=6),
        autoplay in any::<bool>(),
        read_only in any::<bool>(),
        speed in proptest::option::of(1u32..4000),
        embedded in any::<bool>(),
        which in 0usize..11,
    ) {
        let link = Link {
            scenario: preset(PRESETS[which].0).unwrap(),
            lesson: step.map(|_| "3pc-partition".to_string()),
            step,
            cursor,
            lang: Some(if zh { Lang::Zh } else { Lang::En }),
            embed: embedded.then(|| Embed {
                panels,
                autoplay,
                start_step: step,
                speed: speed.map(|s| s as f64 / 4.0),
                read_only,
            }),
        };
        prop_assert_eq!(Link::from_fragment(&link.to_fragment()).unwrap(), link);
    }
}

// Run files.

#[test]
fn run_files_round_trip_for_every_preset_and_hand_made_faults() {
    let mut scenarios: Vec<Scenario> = PRESETS.iter().map(|(n, _)| preset(n).unwrap()).collect();
    scenarios.push(hand_made());
    for scenario in scenarios {
        let run = session::start(&scenario, 20_000).unwrap();
        let file = export::export(run.as_ref(), 20_000);
        let value: serde_json::Value = serde_json::from_str(&file).unwrap();
        assert_eq!(value["format"], "txscope-run");
        assert_eq!(value["version"], 1);
        assert_eq!(value["events"].as_array().unwrap().len(), run.len());
        let back = export::import(&file).unwrap();
        assert_eq!(back.scenario, scenario);
        assert_eq!(trace(back.run.as_ref()), trace(run.as_ref()));
    }
    // A run cut short by its event limit re-runs to the same place.
    let run = session::start(&preset("2pc-happy").unwrap(), 10).unwrap();
    let back = export::import(&export::export(run.as_ref(), 10)).unwrap();
    assert_eq!(back.run.len(), 10);
}

fn edit(file: &str, f: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(file).unwrap();
    f(&mut v);
    serde_json::to_string(&v).unwrap()
}

#[test]
fn tampered_or_broken_run_files_are_refused_naming_the_problem() {
    let run = session::start(&preset("2pc-vote-no").unwrap(), 20_000).unwrap();
    let file = export::export(run.as_ref(), 20_000);
    let imp = |text: &str| export::import(text).unwrap_err();

    assert!(matches!(imp("{"), ImportError::NotJson { .. }));
    assert_eq!(
        imp(&edit(&file, |v| v["format"] = "something-else".into())),
        ImportError::Format {
            found: "\"something-else\"".into()
        }
    );
    assert_eq!(
        imp(&edit(&file, |v| {
            v.as_object_mut().unwrap().remove("format");
        })),
        ImportError::Format {
            found: "missing".into()
        }
    );
    assert_eq!(
        imp(&edit(&file, |v| v["version"] = 2.into())),
        ImportError::Version { found: "2".into() }
    );
    match imp(&edit(&file, |v| v["scenario"]["participants"] = 0.into())) {
        ImportError::Scenario(e) => assert_eq!(e.field, "participants"),
        other => panic!("{other:?}"),
    }
    match imp(&edit(&file, |v| v["events"][3]["colour"] = "red".into())) {
        ImportError::Field { field, reason } => {
            assert_eq!(field, "events[3].colour");
            assert!(
                matches!(&reason, Reason::UnknownField { name, .. } if name == "colour"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    match imp(&edit(&file, |v| v["max_events"] = 0.into())) {
        ImportError::Field { field, .. } => assert_eq!(field, "max_events"),
        other => panic!("{other:?}"),
    }
    // Edited events: the first difference is named.
    assert_eq!(
        imp(&edit(&file, |v| v["events"][16]["label"] = "YES".into())),
        ImportError::Mismatch {
            index: 16,
            field: "label",
            file: "YES".into(),
            rerun: "NO".into()
        }
    );
    assert_eq!(
        imp(&edit(&file, |v| v["events"][26]["time"] = 1.into())),
        ImportError::Mismatch {
            index: 26,
            field: "time",
            file: "1".into(),
            rerun: "58".into()
        }
    );
    assert!(matches!(
        imp(&edit(&file, |v| v["events"][5]["node"] = "P3".into())),
        ImportError::Mismatch {
            index: 5,
            field: "node",
            ..
        }
    ));
    // The text is for people and is not compared.
    assert!(export::import(&edit(&file, |v| v["events"][0]["text"] = "hello".into())).is_ok());
    // Dropped events: at the end, the count differs; in the middle, the numbering breaks.
    let n = run.len();
    assert_eq!(
        imp(&edit(&file, |v| {
            v["events"].as_array_mut().unwrap().pop();
        })),
        ImportError::Length {
            file: n - 1,
            rerun: n
        }
    );
    match imp(&edit(&file, |v| {
        v["events"].as_array_mut().unwrap().remove(7);
    })) {
        ImportError::Field { field, .. } => assert_eq!(field, "events[7].index"),
        other => panic!("{other:?}"),
    }
    // A different scenario under the same events: the run does not match.
    assert!(matches!(
        imp(&edit(&file, |v| v["scenario"]["seed"] = 7.into())),
        ImportError::Mismatch { .. }
    ));
    // Messages in both languages.
    let e = imp(&edit(&file, |v| v["events"][16]["label"] = "YES".into()));
    assert_eq!(
        e.to_string(),
        "events[16].label: the file says YES, re-running gives NO"
    );
    assert!(e
        .message(Lang::Zh)
        .starts_with("第 16 个事件不一致（label：文件中是 YES，重新运行得到 NO）"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn importing_arbitrary_text_never_panics(s in ".{0,300}") {
        let _ = export::import(&s);
    }

    #[test]
    fn any_edit_to_an_event_is_caught(index in 0usize..71, field in 0usize..4, delta in 1u64..5) {
        let run = session::start(&preset("2pc-vote-no").unwrap(), 20_000).unwrap();
        let file = export::export(run.as_ref(), 20_000);
        let edited = edit(&file, |v| {
            let e = &mut v["events"][index];
            match field {
                0 => e["time"] = (e["time"].as_u64().unwrap() + delta).into(),
                1 => e["kind"] = "heal".into(),
                2 => e["msg"] = (e["msg"].as_u64().unwrap_or(0) + delta).into(),
                _ => e["label"] = "ACK?".into(),
            }
        });
        prop_assert!(export::import(&edited).is_err());
    }
}
