//! The diagram's parts as the app draws them: lanes, arrows, marks (and their kinds), bands and
//! time ticks, and the [`Sequence`] that holds them.

use super::{COL, GUTTER};
use crate::model::{MsgId, NodeId, Way};
use crate::view::Point;
use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub struct Sequence {
    pub width: f64,
    pub height: f64,
    /// The events drawn.
    pub window: Range<usize>,
    pub lanes: Vec<Lane>,
    pub arrows: Vec<Arrow>,
    pub marks: Vec<Mark>,
    /// Highlighted columns: events that broke an invariant.
    pub bands: Vec<Band>,
    pub ticks: Vec<Tick>,
    /// The event drawn in each column, in order.
    pub columns: Vec<usize>,
}

impl Sequence {
    /// Where the cursor is after `cursor` events: between the column of the last event applied
    /// and the next.
    pub fn cursor_x(&self, cursor: usize) -> f64 {
        GUTTER + COL * self.columns.partition_point(|&i| i < cursor) as f64
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub node: NodeId,
    pub name: String,
    pub y: f64,
    /// Stretches (x from, x to) where the node is down.
    pub down: Vec<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub msg: MsgId,
    pub label: &'static str,
    pub class: &'static str,
    /// Sender and receiver.
    pub nodes: (NodeId, NodeId),
    pub from: Point,
    pub to: Point,
    /// The event that ends it (delivery or loss), or the send for one still under way.
    pub end: usize,
    /// Lost: it ends short of its receiver, with a cross.
    pub lost: bool,
    /// Not delivered nor lost in the window: it runs to the window's edge.
    pub pending: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Persist,
    Become,
    /// A state that stands for an outcome, by the way it went.
    Outcome(Way),
    /// A local transaction commits.
    Txn,
    /// The broker confirms a message to its publisher.
    Confirm,
    Timer,
    Crash,
    Recover,
    Requeue,
    Drop,
    Duplicate,
    Delay,
    Partition,
    Heal,
    DropRate,
}

impl MarkKind {
    pub fn class(self) -> &'static str {
        match self {
            MarkKind::Persist => "mark-persist",
            MarkKind::Become => "mark-become",
            MarkKind::Outcome(Way::Ahead) => "mark-commit",
            MarkKind::Outcome(Way::Back) => "mark-abort",
            MarkKind::Txn => "mark-txn",
            MarkKind::Confirm => "mark-confirm",
            MarkKind::Timer => "mark-timer",
            MarkKind::Crash => "mark-crash",
            MarkKind::Recover => "mark-recover",
            MarkKind::Requeue => "mark-requeue",
            MarkKind::Drop => "mark-drop",
            MarkKind::Duplicate => "mark-duplicate",
            MarkKind::Delay => "mark-delay",
            MarkKind::Partition => "mark-partition",
            MarkKind::Heal => "mark-heal",
            MarkKind::DropRate => "mark-droprate",
        }
    }
    /// A symbol drawn in the mark, so that no kind is told by colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            MarkKind::Persist => "▪",
            MarkKind::Become => "•",
            MarkKind::Outcome(Way::Ahead) => "✓",
            MarkKind::Outcome(Way::Back) => "✗",
            MarkKind::Txn => "▣",
            MarkKind::Confirm => "⊙",
            MarkKind::Timer => "◷",
            MarkKind::Crash => "↯",
            MarkKind::Recover => "↻",
            MarkKind::Requeue => "↺",
            MarkKind::Drop => "✕",
            MarkKind::Duplicate => "×2",
            MarkKind::Delay => "❚❚",
            MarkKind::Partition => "⇎",
            MarkKind::Heal => "⇔",
            MarkKind::DropRate => "%",
        }
    }
    /// Marks of the whole network (partitions) span every lane.
    pub fn spans_lanes(self) -> bool {
        matches!(
            self,
            MarkKind::Partition | MarkKind::Heal | MarkKind::DropRate
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub index: usize,
    pub kind: MarkKind,
    pub at: Point,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub index: usize,
    pub x: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub x: f64,
    /// Virtual time, in milliseconds (the app writes the unit in the interface language).
    pub ms: u64,
}
