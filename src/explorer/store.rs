//! Compact per-state records: who discovered each state, and the queue of states to expand.
//!
//! The explorer numbers states in the order it discovers them (breadth first), and stores for
//! each one only how to get there again: its parent's number and which of the parent's actions
//! led to it. The states themselves are kept only while they wait in the [`Frontier`]; a trace is
//! re-derived by replaying the actions from an initial state.
//!
//! Parent numbers cost about **2 bits a state**. In breadth-first order the parents of
//! successive states never decrease (states are expanded in number order and their new children
//! are numbered in that order), so the parent sequence is stored in unary, like the upper half of
//! an Elias–Fano code: state `i`'s parent `p` is recorded as a 1 bit at position `p + i`. The
//! bit vector has one 1 per state and one 0 per expanded state. Reading a parent back is a
//! `select` (find the i-th 1 bit), done by scanning popcounts; only trace reconstruction needs it.
//!
//! Action numbers cost **1 byte a state**: the index of the action in the parent's action list,
//! with 255 meaning "look it up in a side table" for the rare model with more actions.

use std::collections::{BTreeMap, VecDeque};

/// Elements per chunk of the chunked arrays below: they grow a chunk at a time, never by doubling.
const CHUNK: usize = 4096;

/// An append-only array of `Copy` values stored in fixed-size chunks.
#[derive(Debug, Clone, Default)]
struct ChunkedVec<T> {
    chunks: Vec<Box<[T]>>,
    len: usize,
}

impl<T: Copy + Default> ChunkedVec<T> {
    fn get(&self, i: usize) -> T {
        self.chunks[i / CHUNK][i % CHUNK]
    }

    fn get_mut(&mut self, i: usize) -> &mut T {
        while i / CHUNK >= self.chunks.len() {
            self.chunks
                .push(vec![T::default(); CHUNK].into_boxed_slice());
        }
        self.len = self.len.max(i + 1);
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }

    fn push(&mut self, value: T) {
        let i = self.len;
        *self.get_mut(i) = value;
    }

    fn heap_bytes(&self) -> usize {
        self.chunks.capacity() * std::mem::size_of::<Box<[T]>>()
            + self.chunks.len() * CHUNK * std::mem::size_of::<T>()
    }
}

/// Action index stored for states whose action index does not fit in a byte.
const WIDE_ACTION: u8 = u8::MAX;

/// For every discovered state: its parent's number and the index of the action that led to it.
#[derive(Debug, Clone, Default)]
pub struct ParentLinks {
    /// The unary-coded parent numbers (see the module documentation).
    bits: ChunkedVec<u64>,
    /// Number of bits written so far: states + the parent number of the last state.
    bit_len: u64,
    /// Number of 0 bits written so far, i.e. the parent number of the last state.
    zeros: u64,
    actions: ChunkedVec<u8>,
    wide_actions: BTreeMap<u64, usize>,
    roots: u64,
}

impl ParentLinks {
    /// No states yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the next state as an initial state. All initial states come before the others.
    pub fn push_root(&mut self) {
        assert_eq!(
            self.roots,
            self.len(),
            "initial states must be numbered first"
        );
        self.roots += 1;
        self.push(0, 0);
    }

    /// Records the next state as reached from state `parent` by its `action`-th action.
    /// `parent` must be at least the parent of every state recorded before.
    pub fn push(&mut self, parent: u64, action: usize) {
        assert!(parent >= self.zeros, "parents must not decrease");
        self.bit_len += parent - self.zeros;
        self.zeros = parent;
        let i = self.bit_len as usize;
        *self.bits.get_mut(i / 64) |= 1 << (i % 64);
        self.bit_len += 1;
        let index = self.actions.len as u64;
        if action < usize::from(WIDE_ACTION) {
            self.actions.push(action as u8);
        } else {
            self.actions.push(WIDE_ACTION);
            self.wide_actions.insert(index, action);
        }
    }

    /// Number of states recorded.
    pub fn len(&self) -> u64 {
        self.actions.len as u64
    }

    /// Whether no state is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `state` is an initial state.
    pub fn is_root(&self, state: u64) -> bool {
        state < self.roots
    }

    /// `(parent, action index)` of a non-initial state.
    pub fn link(&self, state: u64) -> (u64, usize) {
        assert!(!self.is_root(state) && state < self.len());
        let parent = self.select(state) - state;
        let action = match self.actions.get(state as usize) {
            WIDE_ACTION => self.wide_actions[&state],
            a => usize::from(a),
        };
        (parent, action)
    }

    /// Position of the `rank`-th 1 bit (counting from 0).
    fn select(&self, rank: u64) -> u64 {
        let mut remaining = rank;
        let words = (self.bit_len as usize).div_ceil(64);
        for w in 0..words {
            let mut word = self.bits.get(w);
            let ones = u64::from(word.count_ones());
            if remaining < ones {
                for _ in 0..remaining {
                    word &= word - 1;
                }
                return w as u64 * 64 + u64::from(word.trailing_zeros());
            }
            remaining -= ones;
        }
        unreachable!("select past the last state")
    }

    /// Bytes of heap memory used.
    pub fn heap_bytes(&self) -> usize {
        self.bits.heap_bytes()
            + self.actions.heap_bytes()
            + self.wide_actions.len() * 3 * std::mem::size_of::<u64>()
    }
}

/// The first-in first-out queue of states waiting to be expanded, in chunks of [`CHUNK`] states.
///
/// Chunks are allocated with their exact size and an emptied chunk is recycled, so the queue never
/// holds more than two chunks beyond its contents.
#[derive(Debug, Clone)]
pub struct Frontier<T> {
    /// The chunk being read, reversed so that `pop` takes from its end.
    reading: Vec<T>,
    /// Chunks written and not yet read, oldest first.
    written: VecDeque<Vec<T>>,
    spare: Option<Vec<T>>,
    len: usize,
    peak_bytes: usize,
}

impl<T> Default for Frontier<T> {
    fn default() -> Self {
        Self {
            reading: Vec::new(),
            written: VecDeque::new(),
            spare: None,
            len: 0,
            peak_bytes: 0,
        }
    }
}

impl<T> Frontier<T> {
    /// An empty queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a state at the back.
    #[inline(always)]
    pub fn push(&mut self, state: T) {
        if self.written.back().is_none_or(|c| c.len() == CHUNK) {
            let chunk = self
                .spare
                .take()
                .unwrap_or_else(|| Vec::with_capacity(CHUNK));
            self.written.push_back(chunk);
            self.peak_bytes = self.peak_bytes.max(self.heap_bytes());
        }
        if let Some(chunk) = self.written.back_mut() {
            chunk.push(state);
        }
        self.len += 1;
    }

    /// Takes the state at the front.
    #[inline(always)]
    pub fn pop(&mut self) -> Option<T> {
        if self.reading.is_empty() {
            let mut next = self.written.pop_front()?;
            next.reverse();
            let done = std::mem::replace(&mut self.reading, next);
            if done.capacity() == CHUNK {
                self.spare = Some(done);
            }
        }
        self.len -= 1;
        self.reading.pop()
    }

    /// Number of states queued.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the queue is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes of heap memory held now.
    pub fn heap_bytes(&self) -> usize {
        let chunks = self.written.len()
            + usize::from(self.reading.capacity() > 0)
            + usize::from(self.spare.is_some());
        chunks * CHUNK * std::mem::size_of::<T>()
            + self.written.capacity() * std::mem::size_of::<Vec<T>>()
    }

    /// The most heap memory held at any time.
    pub fn peak_bytes(&self) -> usize {
        self.peak_bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_links_round_trip() {
        let mut links = ParentLinks::new();
        links.push_root();
        links.push_root();
        // (parent, action) for states 2..: non-decreasing parents, some wide actions.
        let mut expected = Vec::new();
        let mut parent = 0;
        for i in 0..20_000u64 {
            if i % 3 == 0 {
                parent += i % 7;
            }
            let action = (i as usize * 31) % 600;
            links.push(parent, action);
            expected.push((parent, action));
        }
        assert_eq!(links.len(), 20_002);
        assert!(links.is_root(1) && !links.is_root(2));
        for (i, &(parent, action)) in expected.iter().enumerate() {
            assert_eq!(
                links.link(i as u64 + 2),
                (parent, action),
                "state {}",
                i + 2
            );
        }
    }

    #[test]
    fn frontier_is_fifo_across_chunks() {
        let mut queue = Frontier::new();
        let mut next_out = 0;
        for i in 0..3 * CHUNK + 5 {
            queue.push(i);
            if i % 3 == 0 {
                assert_eq!(queue.pop(), Some(next_out));
                next_out += 1;
            }
        }
        while let Some(x) = queue.pop() {
            assert_eq!(x, next_out);
            next_out += 1;
        }
        assert_eq!(next_out, 3 * CHUNK + 5);
        assert!(queue.is_empty());
        assert!(queue.peak_bytes() <= 4 * CHUNK * std::mem::size_of::<usize>() + 1024);
    }
}
