//! 64-bit state fingerprints.
//!
//! Like TLC and Stateright, the explorer never compares states for equality: it keeps a 64-bit
//! hash (a *fingerprint*) of every state it has seen and treats two states with the same
//! fingerprint as the same state. A collision would silently merge two states; with `n` distinct
//! states the chance of any collision is about `n² / 2⁶⁵` (TLC's estimate for its own 64-bit
//! fingerprints), for example 8·10⁻⁸ for the 1.7 million states of TwoPhase with 8 RMs.
//!
//! The hasher below feeds every written word through a folded 64×64→128-bit multiplication
//! (the mixing step of foldhash and wyhash) and finishes with MurmurHash3's `fmix64` avalanche,
//! so that both the top bits (which pick a shard of the [`FingerprintSet`]) and the rest (which
//! pick a slot inside it) are well spread. It is deterministic across runs and platforms, so a
//! search visits states in the same order every time.
//!
//! [`FingerprintSet`]: super::fpset::FingerprintSet

use std::hash::{Hash, Hasher};

/// The fingerprint of a state.
pub type Fingerprint = u64;

/// Digits of π: an arbitrary, fixed starting value.
const SEED: u64 = 0x243f_6a88_85a3_08d3;
/// 2⁶⁴ / φ, the usual odd multiplier of Fibonacci hashing.
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

#[inline(always)]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// MurmurHash3's 64-bit finaliser: every input bit affects every output bit.
#[inline(always)]
fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A [`Hasher`] whose output is a state fingerprint. Use [`fingerprint`] rather than this type.
#[derive(Clone, Debug)]
pub struct FingerprintHasher {
    state: u64,
}

impl Default for FingerprintHasher {
    fn default() -> Self {
        Self { state: SEED }
    }
}

impl Hasher for FingerprintHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length goes into the top byte so that "a" and "a\0" differ.
            self.write_u64(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline(always)]
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    #[inline(always)]
    fn write_u16(&mut self, i: u16) {
        self.write_u64(u64::from(i));
    }

    #[inline(always)]
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }

    #[inline(always)]
    fn write_u64(&mut self, i: u64) {
        self.state = folded_multiply(self.state ^ i, MULTIPLIER);
    }

    #[inline(always)]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    #[inline(always)]
    fn finish(&self) -> u64 {
        fmix64(self.state)
    }
}

/// The fingerprint of any hashable value.
#[inline]
pub fn fingerprint<T: Hash + ?Sized>(value: &T) -> Fingerprint {
    let mut hasher = FingerprintHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_deterministic_and_tells_small_values_apart() {
        assert_eq!(fingerprint(&42u64), fingerprint(&42u64));
        let fps: std::collections::BTreeSet<_> = (0u64..10_000).map(|i| fingerprint(&i)).collect();
        assert_eq!(fps.len(), 10_000);
    }

    #[test]
    fn byte_strings_of_different_lengths_differ() {
        assert_ne!(fingerprint(&b"a"[..]), fingerprint(&b"a\0"[..]));
        assert_ne!(fingerprint("ab"), fingerprint("ba"));
    }

    #[test]
    fn top_bits_are_spread() {
        // Shards are chosen by the top 8 bits: 4096 consecutive integers should hit most of them.
        let shards: std::collections::BTreeSet<_> =
            (0u64..4096).map(|i| fingerprint(&i) >> 56).collect();
        assert!(
            shards.len() > 240,
            "only {} of 256 shards used",
            shards.len()
        );
    }
}
