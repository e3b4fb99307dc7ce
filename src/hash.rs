//! The crate's hash maps and sets: [`Map`] and [`Set`].
//!
//! Natively they are the standard library's, SipHash with random keys. In WebAssembly they use
//! [`Fold`], a multiply–rotate hash. There `wasm32-unknown-unknown` has no source of randomness
//! and the standard library keys SipHash with two memory addresses, the same on every load, so
//! SipHash defends against crafted keys no better than `Fold` does; it only costs more code, once
//! for every key type (about 3 KiB gzip of the module in all). What bounds the work on hostile
//! input in the widget is the validator's size limits.

use std::hash::Hasher;

/// How the crate's maps and sets hash their keys.
#[cfg(target_arch = "wasm32")]
pub type Build = std::hash::BuildHasherDefault<Fold>;
/// How the crate's maps and sets hash their keys.
#[cfg(not(target_arch = "wasm32"))]
pub type Build = std::hash::RandomState;

/// A hash map with the crate's hasher; make one with `Map::default()`.
pub type Map<K, V> = std::collections::HashMap<K, V, Build>;
/// A hash set with the crate's hasher; make one with `Set::default()`.
pub type Set<T> = std::collections::HashSet<T, Build>;

/// One `String` key for a pair of strings (`pair_key(a, b) == pair_key(c, d)` exactly when
/// `a == c && b == d`), so that pairs go in the crate's `String`-keyed maps: every key and value
/// type of a map is its own copy of the hash table's code in the WebAssembly module.
pub fn pair_key(a: &str, b: &str) -> String {
    let mut key = a.len().to_string();
    key.reserve(a.len() + b.len() + 1);
    key.push(':');
    key.push_str(a);
    key.push_str(b);
    key
}

/// A small, fast, unkeyed hash: each 64-bit word of input is folded in by a rotation, an
/// exclusive or and a multiplication by an odd constant (the 64-bit golden ratio), and the state
/// is finalised by fmix64. Not resistant to crafted collisions.
#[derive(Clone, Copy, Debug, Default)]
pub struct Fold(u64);

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

impl Fold {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(GOLDEN);
    }
}

impl Hasher for Fold {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            self.add(u64::from_le_bytes(w));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            for (to, from) in w.iter_mut().zip(rest) {
                *to = *from;
            }
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// A multiplication mixes upwards only: the high bits of the state depend on every bit of
    /// input, the low ones (where a map takes its bucket index from) on few. MurmurHash3's 64-bit
    /// finaliser (fmix64) spreads the input over all of them, well enough for the hash to serve
    /// as a 64-bit fingerprint too (`geo::projected` compares neighbour pairs by it).
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z ^= z >> 33;
        z = z.wrapping_mul(0xff51_afd7_ed55_8ccd);
        z ^= z >> 33;
        z = z.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        z ^ (z >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    fn hash<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
        BuildHasherDefault::<Fold>::default().hash_one(value)
    }

    #[test]
    fn equal_keys_hash_equally_and_near_keys_apart() {
        assert_eq!(hash("link-1"), hash(&String::from("link-1")));
        assert_ne!(hash("a"), hash("a\0"));
        assert_ne!(hash("ab"), hash("ba"));
        assert_ne!(hash(&(1usize, 2usize)), hash(&(2usize, 1usize)));
        assert_ne!(hash(""), hash("\u{ff}"));
    }

    #[test]
    fn bucket_bits_spread_over_typical_ids() {
        // The low 10 bits (a 1,024-bucket table) of 10,000 ids like the documents' fill most
        // buckets, and the top 7 (the control byte) take many values.
        let keys: [&dyn Fn(usize) -> u64; 3] =
            [&|i| hash(&format!("link-{i}")), &|i| hash(&i), &|i| {
                hash(&(i / 100, i % 100))
            }];
        for key in keys {
            let mut low = [0u32; 1024];
            let mut top = std::collections::HashSet::new();
            for i in 0..10_000 {
                let h = key(i);
                if let Some(n) = low.get_mut((h & 1023) as usize) {
                    *n += 1;
                }
                top.insert(h >> 57);
            }
            let empty = low.iter().filter(|n| **n == 0).count();
            let fullest = low.iter().copied().max().unwrap_or(0);
            assert!(empty < 10, "{empty} empty buckets");
            assert!(fullest < 40, "a bucket holds {fullest}");
            assert_eq!(top.len(), 128);
        }
    }

    #[test]
    fn pair_keys_tell_every_pair_apart() {
        assert_eq!(pair_key("a", "bc"), pair_key("a", "bc"));
        assert_ne!(pair_key("a", "bc"), pair_key("ab", "c"));
        assert_ne!(pair_key("", "1:a"), pair_key("1:a", ""));
        assert_ne!(pair_key("1", ":"), pair_key("1:", ""));
        assert_ne!(pair_key("中", "x"), pair_key("中x", ""));
    }

    #[test]
    fn maps_work_with_the_crate_hasher() {
        let mut m: Map<String, usize> = Map::default();
        for i in 0..1000 {
            m.insert(format!("e{i}"), i);
        }
        assert_eq!(m.get("e999"), Some(&999));
        let s: Set<(usize, usize)> = (0..100).map(|i| (i, i + 1)).collect();
        assert!(s.contains(&(5, 6)));
    }
}
