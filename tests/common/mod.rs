//! What the business stories (tests/transfers.rs, tests/orders.rs) read of a run: the preset
//! played to its end, the invariants it broke, its events and where they happen.

use txscope::model::EventKind;
use txscope::presets::preset;
use txscope::session::{self, EventView, Run};

pub const MAX_EVENTS: usize = 100_000;

/// The preset called `name`, run to its end.
pub fn open(name: &str) -> Box<dyn Run> {
    session::start(&preset(name).unwrap(), MAX_EVENTS).unwrap()
}

/// The invariants the run broke, by name, sorted, each once.
pub fn broken(run: &dyn Run) -> Vec<&'static str> {
    let mut names: Vec<&str> = run
        .violations()
        .iter()
        .map(|v| v.invariant.label())
        .collect();
    names.sort();
    names.dedup();
    names
}

pub fn events(run: &dyn Run) -> Vec<EventView> {
    (0..run.len()).map(|i| run.event(i).unwrap()).collect()
}

/// The events of `kind` at `node` (by name), with `label` if given.
pub fn at(run: &dyn Run, kind: EventKind, node: &str, label: Option<&str>) -> Vec<usize> {
    events(run)
        .into_iter()
        .filter(|e| {
            e.kind == kind
                && e.node.map(|n| run.roster().name(n)) == Some(node)
                && label.is_none_or(|l| e.label == Some(l))
        })
        .map(|e| e.index)
        .collect()
}
