//! The set of fingerprints of every state seen so far: 8 bytes a slot, kept 75–90 % full.
//!
//! Design, chosen for memory first and speed second:
//!
//! * **Sharded.** The top [`SHARD_BITS`] bits of a fingerprint pick one of 256 shards, and each
//!   shard grows on its own. Growing copies one shard into a new array, so the transient extra
//!   memory is 1/256 of the set instead of a whole second table.
//! * **Ordered linear probing** (Amble & Knuth, "Ordered hash tables", 1974). A fingerprint's home
//!   slot is `(f · homes) >> 32`, where `f` is the 32 bits below the shard bits, which is monotone
//!   in the fingerprint, and each shard's occupied slots are kept in increasing order with no wrap-around
//!   (an overflow tail follows the last home slot). A lookup scans from the home slot until it meets
//!   a value `>=` the fingerprint, so a miss stops as early as a hit (about `(1 + 1/(1-α)) / 2`
//!   slots at load α), and the empty marker `u64::MAX` needs no separate test. An insert shifts the
//!   rest of its run one slot to the right (a `memmove`).
//! * **Small growth steps.** A shard grows by 1/5 when it is 90 % full, so its load stays between
//!   75 % and 90 %, i.e. 8.9 to 10.7 bytes a fingerprint. Because the array is sorted, growing is
//!   one sequential merge-like pass.

use super::fingerprint::Fingerprint;

/// How many top bits of a fingerprint choose its shard.
pub const SHARD_BITS: u32 = 8;
const SHARDS: usize = 1 << SHARD_BITS;
/// The marker of an empty slot; a fingerprint equal to it is stored as `u64::MAX - 1`.
const EMPTY: u64 = u64::MAX;
/// Home slots of a new shard.
const INITIAL_HOMES: usize = 32;
/// Slots after the last home slot, where runs that start near the end spill over.
const TAIL: usize = 16;
/// Slots compared at once by a probe.
const WINDOW: usize = 4;

/// A set of 64-bit fingerprints. See the module documentation.
#[derive(Debug, Clone)]
pub struct FingerprintSet {
    shards: Vec<Shard>,
    len: u64,
}

#[derive(Debug, Clone)]
struct Shard {
    /// `homes` home slots then an overflow tail; the last slot is always [`EMPTY`].
    slots: Vec<u64>,
    homes: usize,
    len: usize,
    grow_at: usize,
}

impl Default for FingerprintSet {
    fn default() -> Self {
        Self::new()
    }
}

impl FingerprintSet {
    /// An empty set (256 shards of 48 slots: 96 KiB).
    pub fn new() -> Self {
        Self {
            shards: (0..SHARDS)
                .map(|_| Shard::with_homes(INITIAL_HOMES))
                .collect(),
            len: 0,
        }
    }

    /// Adds `fp`; true if it was not there before.
    #[inline(always)]
    pub fn insert(&mut self, fp: Fingerprint) -> bool {
        let fp = fp.min(EMPTY - 1);
        let shard = &mut self.shards[(fp >> (64 - SHARD_BITS)) as usize];
        let added = shard.insert(fp);
        self.len += u64::from(added);
        added
    }

    /// Starts loading the home slots of `fps`, ahead of their `insert`s, so that the cache misses
    /// of a batch overlap instead of each `insert` waiting for its own.
    ///
    /// On x86_64 a prefetch instruction per fingerprint. wasm has none, so there the home slots
    /// are read in one tight loop: the loads are independent and few instructions apart, so the
    /// processor has them all in flight at once, and the `insert`s find the slots in cache.
    #[inline(always)]
    pub fn prefetch(&self, fps: impl Iterator<Item = Fingerprint>) {
        #[cfg(target_arch = "x86_64")]
        for fp in fps {
            let slot = self.home_slot(fp);
            // SAFETY: a prefetch is only a hint: it never faults and changes no memory, and `slot`
            // points into the shard's slot array anyway. SSE is part of the x86_64 baseline.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    (slot as *const u64).cast::<i8>(),
                );
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        std::hint::black_box(fps.fold(0, |acc, fp| acc ^ *self.home_slot(fp)));
    }

    /// The home slot of `fp` in its shard.
    #[inline(always)]
    fn home_slot(&self, fp: Fingerprint) -> &u64 {
        let fp = fp.min(EMPTY - 1);
        let shard = &self.shards[(fp >> (64 - SHARD_BITS)) as usize];
        &shard.slots[Shard::home(fp, shard.homes)]
    }

    /// Whether `fp` is in the set.
    pub fn contains(&self, fp: Fingerprint) -> bool {
        let fp = fp.min(EMPTY - 1);
        self.shards[(fp >> (64 - SHARD_BITS)) as usize].contains(fp)
    }

    /// How many fingerprints the set holds.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes of heap memory the set owns (its slot arrays' capacities plus the shard headers).
    pub fn heap_bytes(&self) -> usize {
        self.shards.capacity() * std::mem::size_of::<Shard>()
            + self
                .shards
                .iter()
                .map(|s| s.slots.capacity() * 8)
                .sum::<usize>()
    }
}

impl Shard {
    fn with_homes(homes: usize) -> Self {
        Self {
            slots: vec![EMPTY; homes + TAIL],
            homes,
            len: 0,
            grow_at: homes * 9 / 10,
        }
    }

    /// The home slot of `fp` among `homes` slots: monotone in `fp` (the shard bits are dropped).
    ///
    /// The 32 bits below the shard bits, as a fraction of 2³², times `homes`: one 64-bit multiply,
    /// which wasm32 has as an instruction (a 128-bit product is a call to `__multi3` there).
    #[inline(always)]
    fn home(fp: u64, homes: usize) -> usize {
        let fraction = (fp << SHARD_BITS) >> 32;
        ((fraction * homes as u64) >> 32) as usize
    }

    /// The first slot at or after `fp`'s home whose value is `>= fp`.
    ///
    /// From the home slot on, the values below `fp` form a prefix (the run is sorted, and any
    /// value after an empty slot has a later home, hence is larger), so the scan counts them a
    /// window at a time without a data-dependent branch per slot.
    #[inline(always)]
    fn probe(&self, fp: u64) -> usize {
        let mut at = Self::home(fp, self.homes);
        while let Some(window) = self.slots.get(at..at + WINDOW) {
            let below: usize = window.iter().map(|&s| usize::from(s < fp)).sum();
            at += below;
            if below < WINDOW {
                return at;
            }
        }
        // Near the end of the array. Its last slot is EMPTY (= u64::MAX >= fp): the scan stops.
        at + self.slots[at..].iter().position(|&s| s >= fp).unwrap_or(0)
    }

    fn contains(&self, fp: u64) -> bool {
        self.slots[self.probe(fp)] == fp
    }

    /// The first empty slot at or after `at`, looked for a window at a time.
    #[inline(always)]
    fn first_empty(&self, mut at: usize) -> usize {
        while let Some(window) = self.slots.get(at..at + WINDOW) {
            if window.iter().fold(false, |any, &s| any | (s == EMPTY)) {
                break;
            }
            at += WINDOW;
        }
        // The last slot is EMPTY: the search stops.
        at + self.slots[at..]
            .iter()
            .position(|&s| s == EMPTY)
            .unwrap_or(0)
    }

    #[inline(always)]
    fn insert(&mut self, fp: u64) -> bool {
        let at = self.probe(fp);
        if self.slots[at] == fp {
            return false;
        }
        // Shift the rest of the run one slot right, into the first empty slot.
        let empty = self.first_empty(at);
        self.slots.copy_within(at..empty, at + 1);
        self.slots[at] = fp;
        if empty + 1 == self.slots.len() {
            // The run reached the last slot: keep an EMPTY one at the end, without doubling.
            self.slots.reserve_exact(TAIL);
            self.slots.push(EMPTY);
        }
        self.len += 1;
        if self.len > self.grow_at {
            self.grow();
        }
        true
    }

    /// Rebuilds the shard with 1/5 more home slots, in one pass over the sorted slots.
    fn grow(&mut self) {
        let homes = self.homes + self.homes / 5;
        let mut slots = Vec::with_capacity(homes + TAIL);
        slots.resize(homes + TAIL, EMPTY);
        let mut next_free = 0;
        for &fp in self.slots.iter().filter(|&&s| s != EMPTY) {
            let at = Self::home(fp, homes).max(next_free);
            if at + 1 >= slots.len() {
                slots.reserve_exact(at + 2 - slots.len());
                slots.resize(at + 2, EMPTY);
            }
            slots[at] = fp;
            next_free = at + 1;
        }
        self.slots = slots;
        self.homes = homes;
        self.grow_at = homes * 9 / 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explorer::fingerprint::fingerprint;

    #[test]
    fn inserts_each_value_once() {
        let mut set = FingerprintSet::new();
        for i in 0..200_000u64 {
            assert!(set.insert(fingerprint(&i)), "{i} reported as seen");
        }
        for i in 0..200_000u64 {
            assert!(!set.insert(fingerprint(&i)), "{i} inserted twice");
            assert!(set.contains(fingerprint(&i)));
        }
        assert!(!set.contains(fingerprint(&200_000u64)));
        assert_eq!(set.len(), 200_000);
        let bytes_per_fp = set.heap_bytes() as f64 / 200_000.0;
        assert!(bytes_per_fp < 11.0, "{bytes_per_fp} bytes a fingerprint");
    }

    #[test]
    fn handles_extreme_and_clustered_values() {
        let mut set = FingerprintSet::new();
        // Values sharing a shard and a home slot, and the empty marker itself.
        let values: Vec<u64> = (0..1000)
            .map(|i| i as u64)
            .chain([u64::MAX, u64::MAX - 1, 1 << 63])
            .collect();
        for &v in &values {
            set.insert(v);
        }
        // u64::MAX and u64::MAX - 1 are the same fingerprint to the set.
        assert_eq!(set.len(), 1002);
        for &v in &values {
            assert!(set.contains(v));
        }
        assert!(!set.contains(5000));
    }
}
