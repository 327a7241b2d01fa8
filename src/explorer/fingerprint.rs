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

/// The 128-bit product of `a` and `b`, its two halves xored together.
#[inline(always)]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let (low, high) = widening_multiply(a, b);
    low ^ high
}

/// The 128-bit product of `a` and `b`, as (low, high) halves: one instruction on 64-bit targets.
/// wasm32 has a 64-bit multiply but no wider one, and compiles a `u128` product into a call to
/// `__multi3` (a general 128×128-bit multiply that returns its result through memory), so there
/// the product is put together from 32-bit halves instead. Both give the same fingerprints.
#[inline(always)]
fn widening_multiply(a: u64, b: u64) -> (u64, u64) {
    #[cfg(target_arch = "wasm32")]
    return widening_multiply_by_halves(a, b);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let product = u128::from(a) * u128::from(b);
        (product as u64, (product >> 64) as u64)
    }
}

/// The 128-bit product of `a` and `b`, as (low, high) halves, from four 32×32→64-bit products.
#[cfg(any(target_arch = "wasm32", test))]
#[inline(always)]
fn widening_multiply_by_halves(a: u64, b: u64) -> (u64, u64) {
    const LOW: u64 = 0xffff_ffff;
    let (a_lo, a_hi, b_lo, b_hi) = (a & LOW, a >> 32, b & LOW, b >> 32);
    let lo_lo = a_lo * b_lo;
    let hi_lo = a_hi * b_lo;
    let lo_hi = a_lo * b_hi;
    let hi_hi = a_hi * b_hi;
    // The column of 2³²: at most 3·(2³² − 1), so no overflow.
    let middle = (lo_lo >> 32) + (hi_lo & LOW) + (lo_hi & LOW);
    let low = (middle << 32) | (lo_lo & LOW);
    let high = hi_hi + (hi_lo >> 32) + (lo_hi >> 32) + (middle >> 32);
    (low, high)
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
    fn product_by_halves_is_the_128_bit_product() {
        let values = [
            0,
            1,
            2,
            0xffff_ffff,
            1 << 32,
            u64::MAX,
            u64::MAX - 1,
            SEED,
            MULTIPLIER,
        ];
        let mut pairs: Vec<(u64, u64)> = values
            .iter()
            .flat_map(|&a| values.iter().map(move |&b| (a, b)))
            .collect();
        // And pseudo-random pairs from Knuth's MMIX linear congruential generator.
        let mut x = SEED;
        let mut next = || {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            x
        };
        pairs.extend((0..10_000).map(|_| (next(), next())));
        for (a, b) in pairs {
            let product = u128::from(a) * u128::from(b);
            assert_eq!(
                widening_multiply_by_halves(a, b),
                (product as u64, (product >> 64) as u64),
                "{a:#x} × {b:#x}"
            );
        }
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
