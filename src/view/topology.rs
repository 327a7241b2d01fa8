//! The topology picture: nodes on a ring (the coordinator at the top, participants clockwise),
//! and with the queue transport the broker in the centre with one queue per node on the spoke
//! between the broker and its consumer.

use super::Badge;
use super::{state_class, Point};
use crate::model::{NodeId, Outcome, Role};
use crate::session::NodeView;

pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 640.0;
const CENTER: Point = Point { x: 320.0, y: 320.0 };
/// Distance of the nodes from the centre.
const RING: f64 = 236.0;
const BROKER_R: f64 = 46.0;
/// Distance between two chips of a queue, along its spoke.
pub const CHIP_STEP: f64 = 17.0;
pub const CHIP_H: f64 = 14.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Topology {
    pub width: f64,
    pub height: f64,
    /// The broker, with the queue transport.
    pub broker: Option<Broker>,
    pub nodes: Vec<NodeBox>,
    /// One queue per node (queue transport), in node order.
    pub queues: Vec<QueueSlot>,
    /// Whether the network is split, and into how many sides.
    pub sides: usize,
    /// The money in all the banks, for protocols that keep money (set by the caller, which
    /// knows the run's start).
    pub money: Option<crate::session::Money>,
    /// Nothing more will happen: money missing now is missing for good.
    pub quiet: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Broker {
    pub center: Point,
    pub r: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    pub id: NodeId,
    pub name: String,
    pub role: Role,
    pub center: Point,
    pub r: f64,
    /// The state's name as the protocol prints it ("READY").
    pub state: &'static str,
    /// `state-*` (see [`state_class`]).
    pub class: String,
    pub decision: Option<Outcome>,
    pub up: bool,
    pub blocked: bool,
    pub in_doubt: bool,
    /// The partition side ('A', 'B', ...) while the network is split.
    pub side: Option<char>,
    /// Short words shown by the node, so that no meaning rests on colour alone.
    pub badges: Vec<Badge>,
    /// The accounts in its local database and their balances, drawn after the badges.
    pub balances: Vec<(String, i64)>,
    /// Its counts that belong to no status row (the items on a shelf), drawn after the
    /// balances.
    pub items: Vec<(&'static str, String, i64)>,
    /// Its database's rows with a status (an outbox row, a half message), at most
    /// [`MAX_ROW_TAGS`], drawn after the balances; `rows_more` counts the rest.
    pub rows: Vec<RowTag>,
    pub rows_more: usize,
    /// Where the first badge is centred, and the step to the next: away from the centre for
    /// nodes above and below it (their queues run along the vertical), else below the node.
    pub badge_at: Point,
    pub badge_step: f64,
    /// What a screen reader says about the node.
    pub aria: String,
}

/// The most status rows drawn by a node.
pub const MAX_ROW_TAGS: usize = 3;

/// A status row of a node's database as the picture shows it ("t1 HALF"), with the count a
/// counting table keeps for the same key, if any (the half message's check-backs).
#[derive(Clone, Debug, PartialEq)]
pub struct RowTag {
    /// The table's name (its words are the i18n string `table.<name>`).
    pub table: &'static str,
    pub key: String,
    pub status: &'static str,
    /// The counting table's name and its count for this key (the first that is not zero).
    pub count: Option<(&'static str, i64)>,
    /// Whether another status table of the node has a row with the same key, so that the
    /// picture must name the table (an order's row and its saga-log row are both `o1`).
    pub qualified: bool,
}

/// Where a node's queue sits: chip `k` (0 = head, next to be consumed) is centred at
/// `head + k * step`.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueSlot {
    pub node: NodeId,
    pub head: Point,
    pub step: Point,
    /// Where a message arriving from its sender ends: the broker end of the queue.
    pub entry: Point,
    /// How many chips fit; more are summed up in one "+n" chip.
    pub capacity: usize,
    pub chip_w: f64,
}

impl Topology {
    pub fn node(&self, id: NodeId) -> Option<&NodeBox> {
        self.nodes.get(id.index())
    }
    pub fn queue(&self, id: NodeId) -> Option<&QueueSlot> {
        self.queues.iter().find(|q| q.node == id)
    }
}

/// Lays out `nodes`; `groups` is each node's partition side (all equal when healed); `queue`
/// selects the queue transport (broker and queues) over the lossy one (direct links).
pub fn layout(nodes: &[NodeView], groups: &[u8], queue: bool) -> Topology {
    let n = nodes.len().max(1);
    let spacing = std::f64::consts::TAU * RING / n as f64;
    let r = super::round((spacing * 0.3).clamp(20.0, 40.0));
    let sides = side_letters(groups);
    let split = sides
        .iter()
        .flatten()
        .max()
        .map_or(0, |c| (*c as u8 - b'A') as usize + 1);
    let boxes = nodes
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (dx, dy) = direction(i, n);
            let side = sides.get(i).copied().flatten();
            let center = Point::new(CENTER.x + RING * dx, CENTER.y + RING * dy);
            // Badges go above a node at the top only when its queue runs down below it.
            let up = queue && dy < 0.0 && dy.abs() >= dx.abs();
            let badge_step: f64 = if up { -13.0 } else { 13.0 };
            NodeBox {
                id: v.id,
                name: v.name.clone(),
                role: v.role,
                center,
                r,
                badge_at: Point::new(center.x, center.y + (r + 12.0) * badge_step.signum()),
                badge_step,
                state: v.state,
                class: state_class(v.state, if v.up { v.decision } else { None }),
                decision: v.decision,
                up: v.up,
                blocked: v.blocked,
                in_doubt: v.in_doubt,
                side,
                badges: badges(v, side),
                balances: balances(v),
                items: items(v),
                rows: row_tags(v).into_iter().take(MAX_ROW_TAGS).collect(),
                rows_more: row_tags(v).len().saturating_sub(MAX_ROW_TAGS),
                aria: aria(v, side),
            }
        })
        .collect();
    let (broker, queues) = if queue {
        let chip_w = (std::f64::consts::TAU * 120.0 / n as f64 * 0.8).clamp(30.0, 64.0);
        // Inner chips must not touch the neighbouring spokes' chips.
        let inner = (BROKER_R + 14.0).max((chip_w + 6.0) * n as f64 / std::f64::consts::TAU);
        let head_d = RING - r - 22.0;
        let capacity = (((head_d - inner) / CHIP_STEP).floor() as usize + 1).max(1);
        let queues = (0..nodes.len())
            .map(|i| {
                let (dx, dy) = direction(i, n);
                QueueSlot {
                    node: nodes[i].id,
                    head: Point::new(CENTER.x + head_d * dx, CENTER.y + head_d * dy),
                    step: Point::new(-CHIP_STEP * dx, -CHIP_STEP * dy),
                    entry: Point::new(
                        CENTER.x + (BROKER_R + 6.0) * dx,
                        CENTER.y + (BROKER_R + 6.0) * dy,
                    ),
                    capacity,
                    chip_w: super::round(chip_w),
                }
            })
            .collect();
        (
            Some(Broker {
                center: CENTER,
                r: BROKER_R,
            }),
            queues,
        )
    } else {
        (None, Vec::new())
    };
    Topology {
        width: WIDTH,
        height: HEIGHT,
        broker,
        nodes: boxes,
        queues,
        sides: split,
        money: None,
        quiet: false,
    }
}

/// The unit vector from the centre towards node `i` of `n` (node 0 at the top, clockwise).
fn direction(i: usize, n: usize) -> (f64, f64) {
    let a = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
    (sin(a + std::f64::consts::FRAC_PI_2), sin(a))
}

/// The sine of `a` (radians), to within 1e-10: the angle is folded into [-π/2, π/2] and summed as
/// a Taylor series. libm's general `sin`/`cos` (with its argument reduction) were ~7 KB of the
/// page's wasm for this one layout (BENCHMARKS.md "App (browser)").
fn sin(a: f64) -> f64 {
    use std::f64::consts::{FRAC_PI_2, PI, TAU};
    let mut x = a - TAU * (a / TAU).round();
    if x > FRAC_PI_2 {
        x = PI - x;
    } else if x < -FRAC_PI_2 {
        x = -PI - x;
    }
    let (x2, mut term, mut sum) = (x * x, x, x);
    for k in 1..=8 {
        term *= -x2 / ((2 * k) as f64 * (2 * k + 1) as f64);
        sum += term;
    }
    sum
}

/// Side letters in order of the groups' numbers, or none when everybody is on one side.
fn side_letters(groups: &[u8]) -> Vec<Option<char>> {
    let mut distinct: Vec<u8> = groups.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 2 {
        return vec![None; groups.len()];
    }
    groups
        .iter()
        .map(|g| {
            let k = distinct.iter().position(|d| d == g).unwrap_or(0);
            char::from_u32('A' as u32 + k as u32)
        })
        .collect()
}

fn balances(v: &NodeView) -> Vec<(String, i64)> {
    v.tables
        .iter()
        .flat_map(|t| &t.rows)
        .filter_map(|r| match r.value {
            crate::session::RowValue::Money(m) => Some((r.key.clone(), m)),
            _ => None,
        })
        .collect()
}

/// The keys of the node's status rows, once for each row.
fn status_keys(v: &NodeView) -> Vec<&str> {
    v.tables
        .iter()
        .flat_map(|t| &t.rows)
        .filter(|r| matches!(r.value, crate::session::RowValue::Status(_)))
        .map(|r| r.key.as_str())
        .collect()
}

/// The node's counts whose key has no status row (a shelf's items), by table.
fn items(v: &NodeView) -> Vec<(&'static str, String, i64)> {
    let keys = status_keys(v);
    v.tables
        .iter()
        .flat_map(|t| t.rows.iter().map(move |r| (t.name, r)))
        .filter_map(|(table, r)| match r.value {
            crate::session::RowValue::Count(n) if !keys.contains(&r.key.as_str()) => {
                Some((table, r.key.clone(), n))
            }
            _ => None,
        })
        .collect()
}

/// Every status row of the node's database, each with the count kept for its key.
fn row_tags(v: &NodeView) -> Vec<RowTag> {
    use crate::session::RowValue;
    let count = |key: &str| {
        v.tables.iter().find_map(|t| {
            t.rows.iter().find_map(|r| match r.value {
                RowValue::Count(n) if r.key == key && n != 0 => Some((t.name, n)),
                _ => None,
            })
        })
    };
    let keys = status_keys(v);
    v.tables
        .iter()
        .flat_map(|t| t.rows.iter().map(move |r| (t.name, r)))
        .filter_map(|(table, r)| match r.value {
            RowValue::Status(status) => Some(RowTag {
                table,
                key: r.key.clone(),
                status,
                count: count(&r.key),
                qualified: keys.iter().filter(|k| **k == r.key).count() > 1,
            }),
            _ => None,
        })
        .collect()
}

fn badges(v: &NodeView, side: Option<char>) -> Vec<Badge> {
    let mut out = super::status::node_badges(v);
    out.extend(side.map(Badge::Side));
    out
}

fn aria(v: &NodeView, side: Option<char>) -> String {
    let mut s = format!("{}, {}, {}", v.name, v.role.label(), v.state);
    if let Some(d) = v.decision {
        s.push_str(&format!(", decided {}", d.label()));
    }
    if !v.up {
        s.push_str(", crashed");
    }
    if v.blocked {
        s.push_str(", blocked");
    } else if v.in_doubt {
        s.push_str(", in doubt");
    } else if v.stuck {
        s.push_str(", stuck");
    } else if v.pending {
        s.push_str(", pending");
    }
    if let Some(c) = side {
        s.push_str(&format!(", partition side {c}"));
    }
    s
}

#[cfg(test)]
mod tests {

    #[test]
    fn sine_matches_libm() {
        for k in -2000..=2000 {
            let a = k as f64 * 0.00937;
            assert!((super::sin(a) - a.sin()).abs() < 1e-10, "sin {a}");
        }
        let (x, y) = super::direction(1, 4);
        assert!((x - 1.0).abs() < 1e-12 && y.abs() < 1e-12, "{x} {y}");
    }

    use super::*;
    use crate::view::fixture;

    #[test]
    fn coordinator_on_top_participants_clockwise() {
        let run = fixture::run("2pc-happy", 0);
        let t = layout(&run.nodes(), &run.groups(), true);
        let names: Vec<&str> = t.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["C", "P1", "P2", "P3"]);
        // Four nodes: top, right, bottom, left of the centre (320, 320) at distance 236.
        let at: Vec<(f64, f64)> = t.nodes.iter().map(|n| (n.center.x, n.center.y)).collect();
        assert_eq!(
            at,
            [(320.0, 84.0), (556.0, 320.0), (320.0, 556.0), (84.0, 320.0)]
        );
        assert_eq!(t.nodes[0].r, 40.0);
        assert_eq!(t.nodes[0].state, "INIT");
        // Badges go above the top node (its queue hangs below it), below the others.
        assert_eq!(
            (t.nodes[0].badge_at, t.nodes[0].badge_step),
            (Point { x: 320.0, y: 32.0 }, -13.0)
        );
        assert_eq!(
            (t.nodes[1].badge_at, t.nodes[1].badge_step),
            (Point { x: 556.0, y: 372.0 }, 13.0)
        );
        assert_eq!(t.nodes[2].badge_at, Point { x: 320.0, y: 608.0 });
        assert_eq!(t.nodes[0].class, "state-init");
        assert_eq!(t.sides, 0);
        assert_eq!(
            t.broker,
            Some(Broker {
                center: CENTER,
                r: 46.0
            })
        );
    }

    #[test]
    fn queues_sit_on_the_spokes_head_towards_the_consumer() {
        let run = fixture::run("2pc-happy", 0);
        let t = layout(&run.nodes(), &run.groups(), true);
        let q1 = t.queue(NodeId(1)).expect("P1's queue");
        // P1 is to the right: the head is at 236 - 40 - 22 = 174 from the centre.
        assert_eq!(q1.head, Point { x: 494.0, y: 320.0 });
        assert_eq!(q1.step, Point { x: -17.0, y: 0.0 });
        assert_eq!(q1.entry, Point { x: 372.0, y: 320.0 });
        // From 174 down to 60 (broker + 14): (174 - 60) / 17 = 6.7, so 7 chips.
        assert_eq!(q1.capacity, 7);
        assert_eq!(q1.chip_w, 64.0);
    }

    #[test]
    fn lossy_has_no_broker_nor_queues() {
        let run = fixture::run("2pc-happy", 0);
        let t = layout(&run.nodes(), &run.groups(), false);
        assert_eq!(t.broker, None);
        assert!(t.queues.is_empty());
    }

    #[test]
    fn many_participants_shrink_nodes_and_chips() {
        let mut s = crate::scenario::Scenario::new("2pc", 16);
        s.seed = 3;
        let run = crate::session::start(&s, 100).expect("run");
        let t = layout(&run.nodes(), &run.groups(), true);
        assert_eq!(t.nodes.len(), 17);
        // Spacing 2π·236/17 = 87.2; 30% of it.
        assert_eq!(t.nodes[0].r, 26.2);
        let q = &t.queues[5];
        assert_eq!(q.chip_w, 35.5);
        // Chips start 236 - 26.2 - 22 = 187.8 out and stop at 41.5·17/2π = 112.3.
        assert_eq!(q.capacity, 5);
        // Neighbouring nodes do not overlap: centres 87 apart, radii 26 each.
        let a = t.nodes[1].center;
        let b = t.nodes[2].center;
        assert!(((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt() > 2.0 * 26.2);
    }

    #[test]
    fn crash_blocked_and_in_doubt_are_words_too() {
        // The coordinator crashes after the third YES; by the participants' decision timeouts
        // every participant is READY, asking, and blocked.
        let run = fixture::run("2pc-coordinator-crash-in-doubt", 40);
        let t = layout(&run.nodes(), &run.groups(), true);
        let c = &t.nodes[0];
        assert!(!c.up);
        assert_eq!(c.badges, [Badge::Down]);
        assert_eq!(c.aria, "C, coordinator, WAIT, crashed");
        let p1 = &t.nodes[1];
        assert!(p1.blocked && p1.in_doubt);
        assert_eq!(p1.class, "state-ready");
        assert_eq!(p1.badges, [Badge::Blocked]);
        assert_eq!(p1.aria, "P1, participant, READY, blocked");
    }

    #[test]
    fn partition_sides_are_lettered() {
        let run = fixture::run("3pc-partition-violation", 10_000);
        let t = layout(&run.nodes(), &run.groups(), true);
        let sides: Vec<Option<char>> = t.nodes.iter().map(|n| n.side).collect();
        assert_eq!(sides, [Some('A'), Some('A'), Some('B'), Some('B')]);
        assert_eq!(t.sides, 2);
        assert_eq!(t.nodes[2].badges, [Badge::Side('B')]);
        assert_eq!(t.nodes[0].class, "state-commit");
        assert_eq!(t.nodes[2].class, "state-abort");
    }

    #[test]
    fn side_letters_follow_group_numbers() {
        assert_eq!(side_letters(&[0, 0, 0]), [None, None, None]);
        assert_eq!(side_letters(&[2, 1, 3]), [Some('B'), Some('A'), Some('C')]);
    }
}
