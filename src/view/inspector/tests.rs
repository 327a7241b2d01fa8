//! What the inspector shows of a node: its state machine laid out in ranks, its last transition, and its memory as labelled fields in both languages.

use super::*;
use crate::view::{events, fixture};

fn two_pc() -> &'static dyn crate::protocol::Engine {
    crate::protocol::find("2pc").expect("2pc")
}

#[test]
fn two_pc_coordinator_in_three_ranks() {
    let m = two_pc().machine(crate::protocol::commit::COORDINATOR);
    let last = LastStep {
        from: "INIT",
        to: "WAIT",
        index: 1,
    };
    let v = machine(&m, "WAIT", Some(&last), |s| two_pc().state_outcome(s));
    let at: Vec<(&str, f64, f64, bool)> = v
        .states
        .iter()
        .map(|s| (s.name, s.at.x, s.at.y, s.current))
        .collect();
    assert_eq!(
        at,
        [
            ("INIT", 70.0, 30.0, false),
            ("WAIT", 70.0, 90.0, true),
            ("COMMIT", 70.0, 150.0, false),
            ("ABORT", 190.0, 150.0, false),
        ]
    );
    assert_eq!((v.width, v.height), (260.0, 180.0));
    assert_eq!(v.states[3].class, "state-abort");
    assert!(v.states[2].terminal && !v.states[1].terminal);
    let e: Vec<(usize, &str, &str, Vec<Point>, bool)> = v
        .edges
        .iter()
        .map(|e| (e.number, e.from, e.to, e.points.clone(), e.last))
        .collect();
    let p = |x, y| Point { x, y };
    assert_eq!(
        e,
        [
            (1, "INIT", "WAIT", vec![p(70.0, 43.0), p(70.0, 77.0)], true),
            (
                2,
                "WAIT",
                "COMMIT",
                vec![p(70.0, 103.0), p(70.0, 137.0)],
                false
            ),
            (
                3,
                "WAIT",
                "ABORT",
                vec![p(118.0, 90.0), p(190.0, 90.0), p(190.0, 137.0)],
                false
            ),
            (
                4,
                "INIT",
                "ABORT",
                vec![p(118.0, 30.0), p(190.0, 30.0), p(190.0, 137.0)],
                false
            ),
        ]
    );
    assert_eq!(v.edges[0].badge, p(70.0, 60.0));
    assert_eq!(v.edges[2].badge, p(190.0, 90.0));
}

#[test]
fn three_pc_participant_goes_around_precommit() {
    let entry = crate::protocol::find("3pc").expect("3pc");
    let m = entry.machine(crate::protocol::commit::PARTICIPANT);
    let v = machine(&m, "PRECOMMIT", None, |s| two_pc().state_outcome(s));
    let ranks: Vec<(&str, f64)> = v.states.iter().map(|s| (s.name, s.at.y)).collect();
    assert_eq!(
        ranks,
        [
            ("INIT", 30.0),
            ("READY", 90.0),
            ("PRECOMMIT", 150.0),
            ("COMMIT", 210.0),
            ("ABORT", 210.0)
        ]
    );
    let ready_commit = v
        .edges
        .iter()
        .find(|e| (e.from, e.to) == ("READY", "COMMIT"))
        .expect("edge");
    assert_eq!(
        ready_commit.points,
        [
            Point { x: 22.0, y: 90.0 },
            Point { x: 12.0, y: 90.0 },
            Point { x: 12.0, y: 210.0 },
            Point { x: 22.0, y: 210.0 },
        ]
    );
    assert!(v.edges.iter().all(|e| !e.last));
}

#[test]
fn memory_reads_as_labelled_fields_in_both_languages() {
    let names: Vec<String> = ["C", "P1", "P2", "P3"].map(String::from).to_vec();
    let scenario = crate::presets::preset("2pc-happy").expect("preset");
    let mut run = crate::session::start(&scenario, 1000).expect("run");
    // Just after the coordinator has had two of the three YES votes.
    let ev = events(run.as_ref());
    let yes: Vec<&EventView> = ev
        .iter()
        .filter(|e| {
            e.kind == crate::model::EventKind::Deliver
                && e.label == Some("YES")
                && e.node == Some(NodeId(0))
        })
        .take(2)
        .collect();
    let mut voters: Vec<NodeId> = yes.iter().filter_map(|e| e.peer).collect();
    voters.sort();
    let voters: Vec<&str> = voters.iter().map(|id| names[id.index()].as_str()).collect();
    run.seek(yes[1].index + 1);
    let nodes = run.nodes();
    assert_eq!(
        memory_lines(Lang::En, &nodes[0].memory, &names),
        [
            ("YES votes received from".to_string(), voters.join(", ")),
            (
                "Must acknowledge the decision".to_string(),
                "none".to_string()
            ),
            ("Have acknowledged it".to_string(), "none".to_string()),
        ]
    );
    let zh = memory_lines(Lang::Zh, &nodes[0].memory, &names);
    assert_eq!(
        zh[0],
        ("已收到其 YES 票的参与者".to_string(), voters.join("、"))
    );
    assert_eq!(zh[1].1, "无");
    // A participant keeps nothing but its state.
    assert_eq!(
        memory_lines(Lang::Zh, &nodes[1].memory, &names),
        [("无需记住的内容（只有状态）".to_string(), "无".to_string())]
    );
}

/// Every label and word the protocols' memory fields can name is in both tables.
#[test]
fn every_memory_key_exists() {
    use crate::protocol::three_pc::{self, Term, ThreePc};
    use crate::protocol::two_pc::{self, TwoPc};
    use crate::protocol::Protocol;
    let terms = [
        Term::Idle,
        Term::Following(NodeId(1)),
        Term::Collecting {
            replied: 0,
            seen: Default::default(),
        },
        Term::Precommitting { waiting: 0 },
    ];
    let mut fields = Vec::new();
    for role in [
        crate::protocol::commit::COORDINATOR,
        crate::protocol::commit::PARTICIPANT,
    ] {
        fields.extend(TwoPc::memory(role, &two_pc::Memory::default()));
        for term in terms {
            let mem = three_pc::Memory {
                term,
                recovering: true,
                ..Default::default()
            };
            fields.extend(ThreePc::memory(role, &mem));
        }
    }
    let mut keys = vec!["memory.nothing".to_string()];
    for f in &fields {
        keys.push(format!("memory.{}", f.key));
        if let MemoryValue::Word(w) = f.value {
            keys.push(format!("memory.{}.{w}", f.key));
        }
    }
    assert!(keys.contains(&"memory.term.precommitting".to_string()));
    for lang in Lang::ALL {
        for key in &keys {
            assert!(i18n::lookup(lang, key).is_some(), "{lang:?}: missing {key}");
        }
    }
}

#[test]
fn three_pc_termination_fields() {
    let names: Vec<String> = ["C", "P1", "P2", "P3"].map(String::from).to_vec();
    let fields = vec![
        MemoryField::new("recovering", MemoryValue::Flag(false)),
        MemoryField::new("term", MemoryValue::Word("collecting")),
        MemoryField::new("replied", MemoryValue::Nodes(0b1010)),
        MemoryField::new("seen", MemoryValue::Labels(vec!["PRECOMMIT"])),
        MemoryField::new("leader", MemoryValue::Node(NodeId(2))),
    ];
    let values: Vec<String> = memory_lines(Lang::En, &fields, &names)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    assert_eq!(
        values,
        [
            "no",
            "leading: collecting the others' states",
            "P1, P3",
            "PRECOMMIT",
            "P2"
        ]
    );
    let values: Vec<String> = memory_lines(Lang::Zh, &fields, &names)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    assert_eq!(
        values,
        [
            "否",
            "作为领导者：收集其他参与者的状态",
            "P1、P3",
            "PRECOMMIT",
            "P2"
        ]
    );
}

#[test]
fn last_transition_follows_the_run() {
    let run = fixture::run("mq-redelivery-duplicate", 0);
    let ev = events(run.as_ref());
    // P1 goes INIT -> READY at event 10, crashes at 12, recovers at 63 and, reading READY
    // from its log, goes INIT -> READY again at 64.
    assert_eq!(last_transition(&ev, NodeId(1), 10), None);
    assert_eq!(
        last_transition(&ev, NodeId(1), 11),
        Some(LastStep {
            from: "INIT",
            to: "READY",
            index: 10
        })
    );
    assert_eq!(
        last_transition(&ev, NodeId(1), 65),
        Some(LastStep {
            from: "INIT",
            to: "READY",
            index: 64
        })
    );
    assert_eq!(
        last_transition(&ev, NodeId(0), 40),
        Some(LastStep {
            from: "WAIT",
            to: "COMMIT",
            index: 33
        })
    );
}
