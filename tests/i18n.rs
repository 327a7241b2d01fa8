//! The two string tables are complete and agree, every string the program asks for exists, and
//! the event log reads the same in English as the core's own sentences.

use std::collections::BTreeSet;
use txscope::i18n::{self, Lang, Words};
use txscope::model::sentence::EventWords;
use txscope::model::{DropReason, Event, Labels, MsgId, NodeId, Roster};
use txscope::presets::{preset, PRESETS};
use txscope::protocol::engine::Sort;
use txscope::session;
use txscope::{lessons, scenario::Scenario};

/// Whether a rendered string still holds a `{placeholder}` (node groups such as `{C, P1}` are
/// not placeholders).
fn unfilled(s: &str) -> bool {
    i18n::placeholders(s)
        .iter()
        .any(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
}

fn keys(lang: Lang) -> Vec<&'static str> {
    lang.table().iter().map(|(k, _)| *k).collect()
}

/// Whether English takes `key`'s words from the source instead of its table, and only the
/// other languages' tables translate it: a preset's description (the preset file's
/// `description`) and a state-machine transition's label (the protocol's own words).
fn english_from_source(key: &str) -> bool {
    (key.starts_with("preset.") && key.ends_with(".description")) || key.starts_with("machine.")
}

/// The keys both tables list: all but the preset descriptions.
fn shared_keys(lang: Lang) -> Vec<&'static str> {
    keys(lang)
        .into_iter()
        .filter(|k| !english_from_source(k))
        .collect()
}

#[test]
fn no_key_is_listed_twice() {
    for lang in Lang::ALL {
        let mut seen = BTreeSet::new();
        for k in keys(lang) {
            assert!(seen.insert(k), "{lang:?}: key {k:?} is listed twice");
        }
    }
}

#[test]
fn both_languages_have_the_same_keys_in_the_same_order() {
    let en: BTreeSet<_> = shared_keys(Lang::En).into_iter().collect();
    let zh: BTreeSet<_> = shared_keys(Lang::Zh).into_iter().collect();
    let missing_zh: Vec<_> = en.difference(&zh).collect();
    let missing_en: Vec<_> = zh.difference(&en).collect();
    assert!(missing_zh.is_empty(), "missing in Chinese: {missing_zh:?}");
    assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
    // Same order, so a translator can read the two files side by side.
    for (i, (e, z)) in shared_keys(Lang::En)
        .iter()
        .zip(shared_keys(Lang::Zh))
        .enumerate()
    {
        assert_eq!(*e, z, "entry {i}: en.rs has {e:?} where zh.rs has {z:?}");
    }
}

#[test]
fn templates_use_the_same_placeholders_in_both_languages() {
    for (key, en) in Lang::En.table() {
        let zh = i18n::lookup(Lang::Zh, key).unwrap();
        assert_eq!(
            i18n::placeholders(en),
            i18n::placeholders(zh),
            "{key}: en {en:?} / zh {zh:?}"
        );
    }
}

#[test]
fn no_string_is_empty_or_left_untranslated() {
    for lang in Lang::ALL {
        for (key, s) in lang.table() {
            assert!(!s.trim().is_empty(), "{lang:?} {key} is empty");
            let open = s.matches('{').count();
            let close = s.matches('}').count();
            assert_eq!(open, close, "{lang:?} {key}: unbalanced braces in {s:?}");
        }
    }
    // A Chinese string equal to the English one may only hold protocol vocabulary (labels in
    // capitals) or the product's name.
    for (key, en) in Lang::En.table() {
        let zh = i18n::lookup(Lang::Zh, key).unwrap();
        if zh == *en {
            let words_left = en
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.chars().any(|c| c.is_ascii_lowercase()))
                .filter(|w| *w != "TxScope")
                .count();
            assert_eq!(words_left, 0, "{key} is not translated: {zh:?}");
        }
    }
}

#[test]
fn lang_from_bcp47_tags() {
    for tag in [
        "zh",
        "zh-CN",
        "zh-Hans-CN",
        "zh-TW",
        "ZH",
        "zh_cn",
        " zh-Hans ",
    ] {
        assert_eq!(Lang::from_tag(tag), Lang::Zh, "{tag}");
    }
    for tag in [
        "en", "en-US", "fr", "", "z", "zhx", "x-zh", "-zh", "ja-JP", "☃",
    ] {
        assert_eq!(Lang::from_tag(tag), Lang::En, "{tag}");
    }
    assert_eq!(Lang::negotiate(["fr-FR", "zh-CN", "en"]), Lang::Zh);
    assert_eq!(Lang::negotiate(["de", "en-GB", "zh"]), Lang::En);
    assert_eq!(Lang::negotiate(Vec::<&str>::new()), Lang::En);
    assert_eq!(Lang::from_tag(Lang::Zh.tag()), Lang::Zh);
    assert_eq!(Lang::from_tag(Lang::En.tag()), Lang::En);
}

#[test]
fn lookups_fall_back_but_never_fail() {
    assert_eq!(i18n::t(Lang::Zh, "control.play"), "播放");
    assert_eq!(i18n::t(Lang::Zh, "no.such.key"), "no.such.key");
    assert_eq!(
        i18n::tf(Lang::Zh, "event.crash", &[("node", "P2")]),
        "P2 崩溃"
    );
    // A missing argument stays visible; extra arguments are ignored.
    assert_eq!(
        i18n::fill("{a} and {b}", &[("a", "x"), ("c", "y")]),
        "x and {b}"
    );
    assert_eq!(i18n::fill("unclosed {a", &[("a", "x")]), "unclosed {a");
    assert_eq!(i18n::placeholders("{b} {a} {b}"), ["a", "b"]);
}

/// Every key the program builds at run time exists in both tables.
#[test]
fn every_key_the_program_uses_exists() {
    let mut wanted: Vec<String> = Vec::new();
    for (name, _) in PRESETS {
        wanted.push(i18n::preset_key(name, "title"));
        // English reads a preset's description from its file; Chinese translates it.
        let description = i18n::preset_key(name, "description");
        assert!(
            i18n::lookup(Lang::En, &description).is_none(),
            "{description}"
        );
        assert!(
            i18n::lookup(Lang::Zh, &description).is_some(),
            "Zh: missing {description}"
        );
        assert!(preset(name)
            .unwrap()
            .description
            .is_some_and(|d| d.len() > 40));
    }
    for lesson in lessons::all() {
        wanted.extend(lesson.keys());
    }
    for lang in Lang::ALL {
        for key in &wanted {
            assert!(i18n::lookup(lang, key).is_some(), "{lang:?}: missing {key}");
        }
        // Every timer a protocol can arm, its title, roles, outcomes and invariants have words.
        for engine in txscope::protocol::PROTOCOLS {
            let mut keys: Vec<String> = engine
                .labels(Sort::Timer)
                .iter()
                .map(|t| format!("timer.{t}"))
                .collect();
            keys.push(format!("protocol.{}", engine.name()));
            // The settings label each timeout field `ui.timeout.<name>`.
            keys.extend(
                engine
                    .timeouts()
                    .iter()
                    .map(|t| format!("ui.timeout.{}", t.name)),
            );
            let setup = engine
                .setup(&engine.default_params(), vec![])
                .expect("the default setup");
            for id in setup.roster.ids() {
                let role = setup.roster.role(id);
                keys.push(role.key().into_owned());
                for (_, _, label) in engine.machine(role).transitions {
                    // English says the label as the protocol writes it.
                    if lang != Lang::En {
                        keys.push(i18n::machine_key(label));
                    }
                }
            }
            for table in engine.tables() {
                keys.push(format!("table.{}", table.name));
            }
            for state in engine.labels(Sort::Phase) {
                if let Some(o) = engine.state_outcome(state) {
                    keys.push(o.key().into_owned());
                }
            }
            for i in engine.watch(&setup).invariants() {
                keys.push(i.key().into_owned());
            }
            for key in keys {
                assert!(
                    i18n::lookup(lang, &key).is_some(),
                    "{lang:?}: {} needs {key}",
                    engine.name()
                );
            }
        }
    }
    // Every lesson's text, through the API the app uses.
    for lesson in lessons::all() {
        for lang in Lang::ALL {
            assert!(!lesson.title(lang).is_empty() && !lesson.summary(lang).is_empty());
            for i in 0..lesson.steps.len() {
                let text = lesson.text(lang, i).unwrap();
                assert!(!text.narration.is_empty(), "{} step {i}", lesson.id);
                if let Some(q) = text.question {
                    assert!(!q.prompt.is_empty() && !q.explanation.is_empty());
                    assert!(q.choices.iter().all(|(_, t)| !t.is_empty()));
                }
            }
        }
    }
}

fn say(e: &Event<Labels>, roster: &Roster, lang: Lang) -> String {
    EventWords {
        event: e,
        roster,
        what: None,
    }
    .say(lang)
}

fn check_both(events: &[Event<Labels>], roster: &Roster, what: &str) {
    for (i, e) in events.iter().enumerate() {
        let en = say(e, roster, Lang::En);
        assert!(
            !unfilled(&en) && !en.starts_with("event."),
            "{what} {i}: {en}"
        );
        let zh = say(e, roster, Lang::Zh);
        assert!(
            !unfilled(&zh) && !zh.starts_with("event."),
            "{what} {i}: {zh}"
        );
        assert_ne!(zh, en, "{what} {i}: not translated");
    }
}

#[test]
fn event_sentences_are_complete_in_both_languages() {
    for (name, _) in PRESETS {
        let run = session::start(&preset(name).unwrap(), 20_000).unwrap();
        let events: Vec<Event<Labels>> = (0..run.len())
            .map(|i| run.event(i).unwrap().facts)
            .collect();
        check_both(&events, run.roster(), name);
    }
    // Kinds the presets never produce.
    let roster = preset("2pc-happy").unwrap().roster().unwrap();
    let (c, p1, p2) = (NodeId(0), NodeId(1), NodeId(2));
    let rare: Vec<Event<Labels>> = vec![
        Event::Drop {
            id: MsgId(4),
            reason: DropReason::Lost,
        },
        Event::Drop {
            id: MsgId(4),
            reason: DropReason::Dropped,
        },
        Event::Drop {
            id: MsgId(4),
            reason: DropReason::ReceiverDown,
        },
        Event::Drop {
            id: MsgId(4),
            reason: DropReason::Partitioned,
        },
        Event::Duplicate {
            id: MsgId(1),
            copy: MsgId(9),
        },
        Event::Delay {
            id: MsgId(1),
            by_ms: 250,
        },
        Event::Partition {
            groups: vec![vec![c, p1], vec![p2, NodeId(3)]],
        },
        Event::Heal,
        Event::DropRate { ppm: 125_000 },
        Event::DropRate { ppm: 0 },
        Event::Requeue {
            id: MsgId(2),
            node: p1,
        },
        Event::Recover { node: p2 },
    ];
    check_both(&rare, &roster, "rare kinds");
    // The English of every kind, exactly as the event log and the CLI print it.
    let english: Vec<String> = rare.iter().map(|e| say(e, &roster, Lang::En)).collect();
    assert_eq!(
        english,
        [
            "m4 is lost on the network",
            "m4 is dropped",
            "m4 arrives at a crashed node and is lost",
            "m4 cannot cross the partition and is lost",
            "m1 is duplicated as m9",
            "m1 is held back 250 ms",
            "The network splits into {C, P1} | {P2, P3}",
            "The network heals",
            "The loss rate becomes 12.5%",
            "The loss rate becomes 0%",
            "m2 was not acknowledged: back in P1's queue",
            "P2 recovers and reads its log",
        ]
    );
    let run = session::start(&preset("mq-redelivery-duplicate").unwrap(), 20_000).unwrap();
    let at = |i: usize| run.event(i).unwrap().text;
    assert_eq!(
        [0, 1, 2, 5, 8, 9, 10, 11, 12, 13, 57, 63, 69].map(at),
        [
            "The client begins the transaction at every node",
            "C goes from INIT to WAIT",
            "C sends PREPARE to P1 (m0)",
            "The broker queues m0 for P1",
            "P1 receives PREPARE from C (m0)",
            "P1 forces READY to its log",
            "P1 goes from INIT to READY",
            "P1 sends YES to C (m3)",
            "P1 crashes",
            "m0 was not acknowledged: back in P1's queue",
            "C's resend timer fires",
            "P1 recovers and reads its log",
            "P1 receives PREPARE from C again (redelivered) (m0)",
        ]
        .map(String::from)
    );
    assert_eq!(
        say(&rare[6], &roster, Lang::Zh),
        "网络分裂为 {C, P1} | {P2, P3}"
    );
}

#[test]
fn sentences_from_views_are_the_event_log_in_every_language() {
    for (name, _) in PRESETS {
        let scenario = preset(name).unwrap();
        let run = session::start(&scenario, 20_000).unwrap();
        for i in 0..run.len() {
            let v = run.event(i).unwrap();
            assert_eq!(
                run.sentence(i, Lang::En).as_deref(),
                Some(v.text.as_str()),
                "{name} event {i}"
            );
            let zh = run.sentence(i, Lang::Zh).unwrap();
            assert!(
                !unfilled(&zh) && !zh.is_empty() && zh != v.text,
                "{name} {i}: {zh}"
            );
        }
    }
}

#[test]
fn chinese_sentences_read_naturally() {
    let scenario = preset("mq-redelivery-duplicate").unwrap();
    let run = session::start(&scenario, 20_000).unwrap();
    let zh: Vec<String> = (0..run.len())
        .map(|i| run.sentence(i, Lang::Zh).unwrap())
        .collect();
    assert_eq!(zh[0], "客户端在所有节点上开始事务");
    assert_eq!(zh[2], "C 向 P1 发送 PREPARE（m0）");
    assert_eq!(zh[5], "消息代理把 m0 放入 P1 的队列");
    assert_eq!(zh[9], "P1 把 READY 强制写入日志");
    assert_eq!(zh[10], "P1 从 INIT 进入 READY");
    assert_eq!(zh[12], "P1 崩溃");
    assert_eq!(zh[13], "m0 未被确认，回到 P1 的队列");
    assert!(zh.contains(&"P1 再次收到 C 发来的 PREPARE（重新投递，m0）".to_string()));
    assert!(zh.contains(&"C 的重发计时器到期".to_string()));
}

#[test]
fn error_messages_are_translated() {
    let e = Scenario::from_json(r#"{"version":1,"protocol":"2pc","participants":0}"#).unwrap_err();
    let zh = e.say(Lang::Zh);
    assert!(zh.starts_with("participants："), "{zh}");
    let lesson_err = lessons::LessonError::Unknown("nope".into());
    assert_eq!(lesson_err.message(Lang::Zh), "没有名为“nope”的课程。");
    assert_eq!(
        lesson_err.message(Lang::En),
        "There is no lesson called “nope”."
    );
}

#[test]
fn every_state_machine_label_is_translated() {
    use txscope::protocol::commit::{COORDINATOR, PARTICIPANT};
    for entry in txscope::protocol::PROTOCOLS {
        for role in [COORDINATOR, PARTICIPANT] {
            for (_, _, label) in entry.machine(role).transitions {
                let key = i18n::machine_key(label);
                assert!(i18n::lookup(Lang::Zh, &key).is_some(), "Zh: missing {key}");
                // English is the label itself, not a copy of it in the table.
                assert!(i18n::lookup(Lang::En, &key).is_none(), "En: {key}");
                assert_eq!(i18n::machine_label(Lang::En, label), *label);
            }
        }
    }
}

/// Issue 4: a refused scenario is explained in the reader's language. Each sample names its field
/// and its bad value; in Chinese no reason is left in English and no key shows raw.
#[test]
fn scenario_errors_read_in_chinese() {
    let base = r#""version": 1, "protocol": "2pc""#;
    let samples: &[(String, &str, &str)] = &[
        (format!("{{{base}, \"participants\": 0}}"), "participants", "0"),
        (
            r#"{"version": 1, "protocol": "paxos", "participants": 2}"#.into(),
            "protocol",
            "paxos",
        ),
        (
            format!("{{{base}, \"participants\": 2, \"latency_ms\": {{\"min\": -1, \"max\": 5}}}}"),
            "latency_ms.min",
            "-1",
        ),
        (
            format!("{{{base}, \"participants\": 2, \"drop_rate\": 1.5}}"),
            "drop_rate",
            "1.5",
        ),
        (
            format!(
                "{{{base}, \"participants\": 2, \"faults\": [{{\"at_ms\": 1, \"fault\": \"crash\", \"node\": \"P9\"}}]}}"
            ),
            "faults[0].node",
            "P9",
        ),
        (
            format!(
                "{{{base}, \"participants\": 2, \"faults\": [{{\"at_ms\": 1, \"fault\": \"delay\", \"msg\": 0}}]}}"
            ),
            "faults[0].by_ms",
            "",
        ),
        (format!("{{{base}, \"participants\": 2, \"colour\": 1}}"), "colour", "colour"),
        (format!("{{{base}, \"participants\": 2, \"seed\": \"x\"}}"), "seed", "\"x\""),
        (format!("{{{base}}}"), "participants", "participants"),
        (r#"{"version": 3}"#.into(), "version", "3"),
        ("[1, 2]".into(), "(document)", ""),
        ("{\"version\": 1,".into(), "(document)", "1"),
    ];
    let english = [
        "missing", "unknown", "invalid", "expected", "range", "not", "type", "value", "is", "of",
        "the", "must", "absurd", "object",
    ];
    for (text, field, value) in samples {
        let e = Scenario::from_json(text).expect_err(text);
        let zh = e.say(Lang::Zh);
        let en = e.say(Lang::En);
        assert_ne!(zh, en, "{text}");
        assert!(zh.contains(field), "names the field {field}: {zh}");
        assert!(zh.contains(value), "names the value {value}: {zh}");
        assert!(!zh.contains("error."), "a raw key: {zh}");
        assert!(!unfilled(&zh), "an unfilled placeholder: {zh}");
        let reason = e.reason.message(Lang::Zh);
        let words: Vec<&str> = reason
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| english.contains(w))
            .collect();
        assert!(words.is_empty(), "English {words:?} in {reason}");
        // The command line keeps English.
        assert_eq!(e.to_string(), en, "{text}");
    }
}

/// A table file as the page reads it: a JSON list of `[key, string]` pairs, one a line.
fn table_file(entries: &[(&str, &str)]) -> String {
    let lines: Vec<String> = entries
        .iter()
        .map(|pair| serde_json::to_string(pair).unwrap())
        .collect();
    format!("[\n{}\n]\n", lines.join(",\n"))
}

/// Checks (or, with `TXSCOPE_BLESS` set, writes) `static/i18n/<name>` against `json`.
fn check_file(name: &str, json: &str, source: &str) -> String {
    let path = format!("{}/static/i18n/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("TXSCOPE_BLESS").is_some() {
        std::fs::write(&path, json).unwrap();
    }
    let file = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        file == json,
        "static/i18n/{name} differs from {source}: run `TXSCOPE_BLESS=1 cargo test --test i18n`"
    );
    file
}

/// The page is built without the Chinese table and fetches `static/i18n/zh.json` instead: that
/// file must say exactly what `src/i18n/zh.rs` says, in the same order. After editing zh.rs,
/// `TXSCOPE_BLESS=1 cargo test --test i18n` writes the file again.
#[test]
fn the_pages_chinese_file_is_the_built_in_table() {
    let file = check_file("zh.json", &table_file(Lang::Zh.table()), "src/i18n/zh.rs");
    // And the file is one the page accepts.
    assert_eq!(i18n::install(Lang::Zh, &file), Ok(()));
}

/// The page fetches the English narration from `static/i18n/en-narration.json` after its first
/// frame: the file is the built-in narration (`src/i18n/en_narration.rs`), every key of it.
#[test]
fn the_pages_narration_file_is_the_built_in_narration() {
    let narration: Vec<(&str, &str)> = Lang::En
        .table()
        .iter()
        .copied()
        .filter(|(k, _)| i18n::is_narration(k))
        .collect();
    assert!(
        narration.len() > 200,
        "{} narration entries",
        narration.len()
    );
    // Every lesson's narration is in it: each step's text at least.
    for lesson in lessons::all() {
        for key in lesson.keys() {
            let in_file = narration.iter().any(|(k, _)| *k == key);
            assert_eq!(in_file, i18n::is_narration(&key), "{key}");
        }
    }
    let file = check_file(
        "en-narration.json",
        &table_file(&narration),
        "src/i18n/en_narration.rs",
    );
    assert_eq!(i18n::install_narration(&file), Ok(()));
    // Another table's file is refused, by the first key that is not narration.
    assert_eq!(
        i18n::install_narration(r#"[["lesson.x.y.text", "a"], ["control.play", "Play"]]"#),
        Err(i18n::TableError::Foreign {
            key: "control.play".into()
        })
    );
    assert!(matches!(
        i18n::install_narration("[]"),
        Err(i18n::TableError::Malformed { .. })
    ));
}

#[test]
fn a_table_file_that_is_not_the_apps_is_refused_by_name() {
    let err = i18n::install(Lang::Zh, "{\"app.title\": 1}").unwrap_err();
    assert!(matches!(err, i18n::TableError::Malformed { .. }), "{err:?}");
    assert!(err
        .say(Lang::En)
        .starts_with("the file is not a list of [key, string] pairs: "));
    let err = i18n::install(Lang::Zh, r#"[["app.title", "TxScope"]]"#).unwrap_err();
    assert_eq!(
        err,
        i18n::TableError::Missing {
            key: Lang::En.table()[1].0
        }
    );
    assert_eq!(
        err.say(Lang::Zh),
        format!("文件缺少 {} 的字符串", Lang::En.table()[1].0)
    );
    // The built-in table is untouched.
    assert_eq!(i18n::t(Lang::Zh, "control.play"), "播放");
}
