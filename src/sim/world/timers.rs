//! The timers every node has armed, with the agenda key each will fire at.
//!
//! A node arms few timers at a time (none to three), and the explorer copies a world for every
//! state it reaches, so they live in one short list sorted by node and timer instead of a search
//! tree per node: one allocation a copy instead of one per node with a timer (a tree's node is
//! ~280 bytes, a timer here 28).

use super::Key;
use crate::model::{Code, NodeId};

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Timers(Vec<(NodeId, Code, Key)>);

impl Timers {
    /// Where `(node, timer)` is, or would go.
    fn find(&self, node: NodeId, timer: Code) -> Result<usize, usize> {
        self.0
            .binary_search_by(|&(n, t, _)| (n, t).cmp(&(node, timer)))
    }

    /// The key of `node`'s armed `timer`.
    pub fn get(&self, node: NodeId, timer: Code) -> Option<Key> {
        self.find(node, timer).ok().map(|i| self.0[i].2)
    }

    /// Arms `timer` at `key`; returns the key it was armed at before, if it was.
    pub fn insert(&mut self, node: NodeId, timer: Code, key: Key) -> Option<Key> {
        match self.find(node, timer) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].2, key)),
            Err(i) => {
                self.0.insert(i, (node, timer, key));
                None
            }
        }
    }

    /// Disarms `timer`; returns the key it was armed at, if it was.
    pub fn remove(&mut self, node: NodeId, timer: Code) -> Option<Key> {
        let i = self.find(node, timer).ok()?;
        Some(self.0.remove(i).2)
    }

    /// Every armed timer, sorted by node and timer (for packing a world).
    pub(super) fn all(&self) -> &[(NodeId, Code, Key)] {
        &self.0
    }

    /// The timers [`Timers::all`] gave.
    pub(super) fn from_all(all: Vec<(NodeId, Code, Key)>) -> Self {
        Timers(all)
    }

    /// `node`'s armed timers, in code order.
    pub fn of(&self, node: NodeId) -> impl Iterator<Item = Code> + '_ {
        self.0
            .iter()
            .filter(move |&&(n, _, _)| n == node)
            .map(|&(_, t, _)| t)
    }

    /// Disarms all of `node`'s timers; returns their keys, in code order.
    pub fn take(&mut self, node: NodeId) -> Vec<Key> {
        let keys = self
            .0
            .iter()
            .filter(|&&(n, _, _)| n == node)
            .map(|&(_, _, k)| k)
            .collect();
        self.0.retain(|&(n, _, _)| n != node);
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arms_rearms_and_disarms_per_node() {
        let (a, b) = (NodeId(0), NodeId(1));
        let (t1, t2) = (Code::kind(1), Code::with(2, 7));
        let mut timers = Timers::default();
        assert_eq!(timers.insert(b, t2, (5, 1)), None);
        assert_eq!(timers.insert(a, t2, (6, 2)), None);
        assert_eq!(timers.insert(b, t1, (7, 3)), None);
        assert_eq!(timers.insert(b, t2, (8, 4)), Some((5, 1)), "re-armed");
        assert_eq!(timers.of(b).collect::<Vec<_>>(), vec![t1, t2]);
        assert_eq!(timers.get(a, t2), Some((6, 2)));
        assert_eq!(timers.get(a, t1), None);
        assert_eq!(timers.remove(a, t2), Some((6, 2)));
        assert_eq!(timers.remove(a, t2), None);
        assert_eq!(timers.take(b), vec![(7, 3), (8, 4)]);
        assert_eq!(timers.of(b).count(), 0);
    }
}
