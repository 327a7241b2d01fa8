//! Where messages are drawn: on their links, in their queues, leaving together, vanishing.

use super::*;
use crate::model::EventKind;
use crate::view::{fixture, topology};

fn traffic_of(preset: &str, cursor: usize, queue: bool) -> (Topology, Traffic) {
    let run = fixture::run(preset, cursor);
    let topo = topology::layout(&run.nodes(), &run.groups(), queue);
    let t = layout(&topo, &run.messages(), None, run.now() as f64);
    (topo, t)
}

#[test]
fn messages_move_along_their_hop_in_virtual_time() {
    // After 11 events of the happy run (t = 26): P1 has taken m0; m1 and m2 are on their
    // way from the broker to P2 and P3.
    let (_, t) = traffic_of("2pc-happy", 11, true);
    let dots: Vec<(u32, Hop, Point, f64)> = t
        .dots
        .iter()
        .map(|d| (d.id.0, d.hop, d.at, d.progress))
        .collect();
    assert_eq!(
        dots,
        [
            // P2 is at the bottom (centre (320, 556), radius 40): from its queue head
            // (320, 494) to where the 18-high pill touches its rim (320, 507), sent at 16,
            // arriving at 28: 10/12 of the way.
            (1, Hop::ToConsumer, Point { x: 320.0, y: 504.8 }, 0.83),
            // P3 is on the left, its queue head at (146, 320), 62 from its centre: the
            // 53.4-wide pill cannot come nearer without covering P3, so it waits at the
            // head, 6/17 of the way.
            (2, Hop::ToConsumer, Point { x: 146.0, y: 320.0 }, 0.35),
        ]
    );
    assert_eq!(t.dots[0].class, "tone-request");
    assert_eq!(t.dots[0].w, 53.4);
    assert_eq!(
        t.dots[0].title,
        "m1 PREPARE from C to P2, on its way from the queue"
    );
    assert_eq!(t.chips.len(), 1);
    let c = &t.chips[0];
    assert_eq!(
        (c.id, c.node, c.position, c.unacked),
        (MsgId(0), NodeId(1), 0, true)
    );
    assert_eq!(c.at, Point { x: 494.0, y: 320.0 });
    assert_eq!(
        c.title,
        "m0 PREPARE from C, in P1's queue at position 0, taken, not yet acknowledged"
    );
}

#[test]
fn time_between_events_moves_the_dots_on() {
    let run = fixture::run("2pc-happy", 11);
    let topo = topology::layout(&run.nodes(), &run.groups(), true);
    let later = layout(&topo, &run.messages(), None, 27.5);
    assert_eq!(later.dots[1].progress, 0.44);
    // Past the arrival time, a dot waits at the end of its hop, touching P2's rim.
    let past = layout(&topo, &run.messages(), None, 99.0);
    assert_eq!(past.dots[0].at, Point { x: 320.0, y: 507.0 });
}

#[test]
fn publishing_goes_to_the_receivers_queue() {
    // Right after C sends PREPARE to P1 (3 events): from C's rim towards P1's queue entry.
    let (_, t) = traffic_of("2pc-happy", 3, true);
    let d = &t.dots[0];
    assert_eq!((d.hop, d.progress), (Hop::ToBroker, 0.0));
    // C at (320, 84) r 40, P1's entry at (372, 320): along that line until the pill's top
    // edge (9 above its centre) is 40 below C's centre: 50.2 from it.
    assert_eq!(d.at, Point { x: 330.8, y: 133.0 });
}

#[test]
fn lossy_messages_fly_straight() {
    let mut s = crate::scenario::Scenario::new("2pc", 3);
    s.transport = crate::model::Transport::Lossy;
    let mut run = crate::session::start(&s, 1000).expect("run");
    run.seek(3);
    let topo = topology::layout(&run.nodes(), &run.groups(), false);
    let t = layout(&topo, &run.messages(), None, run.now() as f64);
    assert_eq!(t.dots[0].hop, Hop::Direct);
    // From C towards P1 at (556, 320), the unit vector (1, 1)/√2, until the pill's upper
    // left corner (26.7 left of and 9 above its centre) is 40 from C's centre.
    assert_eq!(t.dots[0].at, Point { x: 364.7, y: 128.7 });
    assert!(t.chips.is_empty());
}

#[test]
fn a_dropped_message_leaves_a_ghost_where_it_was() {
    // The PREPARE this preset drops: right after the event that drops it, its ghost is where
    // its pill was at that moment; one event later the ghost is gone.
    let full = fixture::run("2pc-lost-prepare", usize::MAX);
    let drop = (0..full.len())
        .find(|&i| full.event(i).is_some_and(|e| e.kind == EventKind::Drop))
        .expect("a drop");
    let mut run = fixture::run("2pc-lost-prepare", drop + 1);
    let queue = run.scenario().transport == crate::model::Transport::Queue;
    let topo = topology::layout(&run.nodes(), &run.groups(), queue);
    let v = run.vanished().expect("the lost message").clone();
    let t = layout(&topo, &run.messages(), Some(&v), run.now() as f64 + 5.0);
    let g = t.ghost.expect("a ghost");
    assert_eq!(
        (g.id, g.label, g.reason),
        (v.message.id, "PREPARE", v.reason)
    );
    // One event earlier, the messages were these and it.
    let mut before = run.messages();
    before.push(v.message.clone());
    let was = layout(&topo, &before, None, v.time as f64);
    let pill = was.dots.iter().find(|d| d.id == g.id).expect("its pill");
    assert_eq!((g.at, g.w), (pill.at, pill.w));
    assert!(
        t.dots.iter().all(|d| d.id != g.id),
        "not drawn as moving too"
    );
    // Its title is the sentence of the event that made it vanish ("m1 is dropped").
    assert_eq!(
        g.title(crate::i18n::Lang::En),
        full.event(drop).unwrap().text
    );
    run.seek(drop + 2);
    let later = layout(&topo, &run.messages(), run.vanished(), run.now() as f64);
    assert_eq!(later.ghost, None);
}

#[test]
fn a_message_dropped_from_a_queue_leaves_its_ghost_in_its_chips_slot() {
    // 16 participants vote at once: the coordinator's queue fills, its head on the way to
    // it. Dropping the last chip drawn there leaves the ghost exactly where that chip was,
    // chip-sized, however many messages ahead of it are taken or on the link.
    let s = crate::scenario::Scenario::new("2pc", 16);
    let mut run = crate::session::start(&s, 2_000).expect("run");
    let mut checked = 0;
    for c in 1..run.len() {
        run.seek(c);
        let topo = topology::layout(&run.nodes(), &run.groups(), true);
        let before = layout(&topo, &run.messages(), None, run.now() as f64);
        let on_link = before
            .dots
            .iter()
            .any(|d| d.to == NodeId(0) && d.hop == Hop::ToConsumer);
        let chips: Vec<&Chip> = before
            .chips
            .iter()
            .filter(|c| c.node == NodeId(0))
            .collect();
        let Some(last) = chips.last().filter(|_| on_link && chips.len() >= 2) else {
            continue;
        };
        let mut dropped = crate::session::start(run.scenario(), 2_000).expect("run");
        dropped.seek(c);
        dropped
            .inject(crate::scenario::FaultSpec {
                fault: Some(crate::scenario::FaultKind::Drop),
                msg: Some(last.id.0),
                ..Default::default()
            })
            .expect("inject");
        dropped.seek(c + 1);
        let after = layout(
            &topo,
            &dropped.messages(),
            dropped.vanished(),
            dropped.now() as f64,
        );
        let g = after.ghost.expect("a ghost");
        assert_eq!(
            (g.id, g.at, g.w, g.h),
            (last.id, last.at, last.w, CHIP_H),
            "event {c}"
        );
        assert!(g.queued && g.text.starts_with("✕ "));
        checked += 1;
        if checked == 3 {
            break;
        }
    }
    assert_eq!(
        checked, 3,
        "moments with a full queue and its head on the link"
    );
}

#[test]
fn messages_sent_together_leave_in_a_column() {
    // Right after the coordinator sends PREPARE to everyone, on either transport, their
    // pills do not overlap: each starts a pill's height behind the one before.
    for (n, transport) in [
        (3, crate::model::Transport::Queue),
        (4, crate::model::Transport::Queue),
        (3, crate::model::Transport::Lossy),
    ] {
        let mut s = crate::scenario::Scenario::new("2pc", n);
        s.transport = transport;
        let mut run = crate::session::start(&s, 1_000).expect("run");
        let sends = (0..run.len())
            .take_while(|&i| run.event(i).is_some_and(|e| e.kind != EventKind::Deliver))
            .filter(|&i| run.event(i).is_some_and(|e| e.kind == EventKind::Send))
            .count();
        assert_eq!(sends, n, "{transport:?}: the PREPAREs go out first");
        let mut cursor = 0;
        let mut seen = 0;
        while seen < n {
            if run.event(cursor).is_some_and(|e| e.kind == EventKind::Send) {
                seen += 1;
            }
            cursor += 1;
        }
        run.seek(cursor);
        let topo = topology::layout(
            &run.nodes(),
            &run.groups(),
            transport == crate::model::Transport::Queue,
        );
        let t = layout(&topo, &run.messages(), None, run.now() as f64);
        let leaving: Vec<&Dot> = t
            .dots
            .iter()
            .filter(|d| d.from == NodeId(0) && d.progress == 0.0)
            .collect();
        assert_eq!(leaving.len(), n, "{transport:?}");
        for (i, p) in leaving.iter().enumerate() {
            for q in &leaving[i + 1..] {
                let apart = (p.at.x - q.at.x).abs() >= (p.w + q.w) / 2.0
                    || (p.at.y - q.at.y).abs() >= DOT_H;
                assert!(
                    apart,
                    "{} at {:?} and {} at {:?} overlap ({transport:?})",
                    p.title, p.at, q.title, q.at
                );
            }
        }
    }
}

/// Whether a `w`×`h` pill centred at `at` reaches within `radius` of `c`.
fn pill_reaches(at: Point, (w, h): (f64, f64), c: Point, radius: f64) -> bool {
    let nx = c.x.clamp(at.x - w / 2.0, at.x + w / 2.0);
    let ny = c.y.clamp(at.y - h / 2.0, at.y + h / 2.0);
    (nx - c.x).powi(2) + (ny - c.y).powi(2) < radius * radius
}

#[test]
fn messages_never_cover_their_nodes() {
    // Every message of long runs, on both transports, from 3 to 16 participants, at every
    // event and half-way to the next. Where its hop leaves room (the stretch between the
    // hop's ends, less the nodes' radii, is at least twice the pill's diagonal), its pill
    // stays out of its sender's and receiver's circles (0.1 allowed for rounding); where it
    // does not (the short hop from a queue's head, neighbours on a crowded ring), the pill
    // is still never centred over either node.
    use crate::model::Transport::{Lossy, Queue};
    let dist = |p: Point, q: Point| ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt();
    let (mut strong, mut weak) = (0, 0);
    for (n, transport) in [(3, Queue), (16, Queue), (3, Lossy), (16, Lossy)] {
        let mut s = crate::scenario::Scenario::new("2pc", n);
        s.transport = transport;
        let mut run = crate::session::start(&s, 400).expect("run");
        for cursor in 0..=run.len() {
            run.seek(cursor);
            let topo = topology::layout(&run.nodes(), &run.groups(), transport == Queue);
            for at in [run.now() as f64, run.now() as f64 + 0.5] {
                for d in layout(&topo, &run.messages(), None, at).dots {
                    let from = topo.node(d.from).expect("sender");
                    let to = topo.node(d.to).expect("receiver");
                    let queue = topo.queue(d.to);
                    let free = match (d.hop, queue) {
                        (Hop::ToBroker, Some(q)) => dist(from.center, q.entry) - from.r,
                        (Hop::ToConsumer, Some(q)) => dist(q.head, to.center) - to.r,
                        _ => dist(from.center, to.center) - from.r - to.r,
                    };
                    let room = free >= 2.0 * (d.w * d.w + DOT_H * DOT_H).sqrt();
                    for node in [from, to] {
                        let place = format!(
                            "{} at {:?}, {} ({n} participants, {transport:?}, event {cursor})",
                            d.title, d.at, node.name
                        );
                        if room {
                            let keep_off = node.r - 0.1;
                            assert!(
                                !pill_reaches(d.at, (d.w, DOT_H), node.center, keep_off),
                                "covers {place}"
                            );
                            strong += 1;
                        } else {
                            assert!(dist(d.at, node.center) >= node.r, "centred on {place}");
                            weak += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(
        strong > 1000 && weak > 100,
        "{strong} and {weak} placements checked"
    );
}

#[test]
fn long_queues_overflow() {
    let run = fixture::run("2pc-happy", 0);
    let topo = topology::layout(&run.nodes(), &run.groups(), true);
    let msgs: Vec<MessageView> = (0..9)
        .map(|k| MessageView {
            id: MsgId(k),
            from: NodeId(0),
            to: NodeId(2),
            label: "DECISION-REQ",
            arg: crate::model::Arg::None,
            tone: crate::model::Tone::Request,
            place: Place::Queue {
                position: k as usize,
                unacked: false,
            },
            redelivered: false,
        })
        .collect();
    let t = layout(&topo, &msgs, None, 0.0);
    // Capacity 7: six chips and "+3".
    assert_eq!(t.chips.len(), 6);
    assert_eq!(t.chips[0].text, "DECISION-…");
    assert_eq!(t.overflow.len(), 1);
    assert_eq!(t.overflow[0].more, 3);
    // P2 is at the bottom: head (320, 494), each next slot 17 higher.
    assert_eq!(t.overflow[0].at, Point { x: 320.0, y: 392.0 });
}

#[test]
fn fit_cuts_with_an_ellipsis() {
    assert_eq!(fit("PREPARE", 7), "PREPARE");
    assert_eq!(fit("PREPARE", 5), "PREP…");
    assert_eq!(fit("PREPARE", 1), "…");
}
