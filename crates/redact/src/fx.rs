//! Hashing for the dictionary: the Fx hash (as in rustc) for short words we
//! build ourselves, and the one-deletion neighbourhood used to find
//! misspelt names.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A small, fast hasher (the Fx hash used by rustc): keys are short words
/// built by us, so there is no untrusted-collision concern worth SipHash.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.add(v);
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    pub(crate) fn hash(bytes: &[u8]) -> u64 {
        let mut h = Fx(0);
        h.write(bytes);
        h.write_u8(0xff);
        h.finish()
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Hashes of `word` and of each one-letter deletion of it.
pub(crate) fn deletions(word: &[u8]) -> impl Iterator<Item = u64> + '_ {
    (0..=word.len()).map(move |skip| {
        let mut buf = [0u8; 40];
        let mut n = 0;
        for (i, &b) in word.iter().enumerate().take(40) {
            if i != skip {
                buf[n] = b;
                n += 1;
            }
        }
        Fx::hash(&buf[..n])
    })
}

#[cfg(test)]
mod tests {
    use super::deletions;

    #[test]
    fn one_edit_apart_words_share_a_deletion() {
        let shared = |a: &str, b: &str| {
            let da: Vec<u64> = deletions(a.as_bytes()).collect();
            deletions(b.as_bytes()).any(|h| da.contains(&h))
        };
        assert!(shared("somchai", "somchay"));
        assert!(shared("chowdhury", "choudhury"));
        assert!(shared("muler", "mueler"));
        // Two nearby changes also meet: one deletion on each side.
        assert!(shared("siriporn", "siriphon"));
        assert!(!shared("somchai", "somalia"));
        assert!(!shared("gurung", "tamang"));
    }
}
