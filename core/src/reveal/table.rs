//! Compact storage behind the ledger: an arena interner for ids and an
//! open-addressing table of revealed pairs (16 bytes a slot).

use rustc_hash::FxHasher;
use std::hash::Hasher;

/// Interns byte strings as dense `u32` ids. The bytes live in one arena;
/// the table holds 8-byte slots `(hash high bits << 32) | (id + 1)`, so a
/// probe compares bytes only when 32 bits of hash agree. About
/// `len + 4 + 8 / load` bytes per distinct string (≈ 16 + length).
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    bytes: Vec<u8>,
    ends: Vec<u32>,
    slots: Vec<u64>,
}

fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(b);
    h.write_usize(b.len());
    // FxHasher's low bits are weak: mix once more.
    let x = h.finish();
    (x ^ (x >> 32)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Interner {
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn resolve(&self, id: u32) -> &[u8] {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[start..self.ends[i] as usize]
    }

    pub(crate) fn get(&self, key: &[u8]) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let h = hash_bytes(key);
        let mask = self.slots.len() - 1;
        let tag = h >> 32;
        let mut i = (h as usize) & mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return None;
            }
            if s >> 32 == tag {
                let id = (s as u32) - 1;
                if self.resolve(id) == key {
                    return Some(id);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// The id of `key`, adding it when new. `None` when full (2³² − 2 ids
    /// or 4 GiB of bytes).
    pub(crate) fn intern(&mut self, key: &[u8]) -> Option<u32> {
        if let Some(id) = self.get(key) {
            return Some(id);
        }
        let id = u32::try_from(self.ends.len()).ok().filter(|&n| n < u32::MAX - 1)?;
        let end = u32::try_from(self.bytes.len() + key.len()).ok()?;
        if (self.ends.len() + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        self.bytes.extend_from_slice(key);
        self.ends.push(end);
        self.place(hash_bytes(key), id);
        Some(id)
    }

    fn place(&mut self, h: u64, id: u32) {
        let mask = self.slots.len() - 1;
        let mut i = (h as usize) & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = ((h >> 32) << 32) | u64::from(id + 1);
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(16);
        self.slots = vec![0; cap];
        for id in 0..self.ends.len() as u32 {
            let h = hash_bytes(self.resolve(id));
            self.place(h, id);
        }
    }

    /// Bytes held (arena, ends and table).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * 4 + self.slots.capacity() * 8
    }
}

/// One slot: the pair `(viewer << 32) | subject` (`u64::MAX` = empty), the
/// scope (0 for `pair`, a portal or context id + 1 otherwise) and the index
/// of the log record holding the reveal.
#[derive(Debug, Clone, Copy)]
struct Slot {
    pair: u64,
    scope: u32,
    rec: u32,
}

const EMPTY: Slot = Slot { pair: u64::MAX, scope: 0, rec: 0 };

/// Revealed pairs: open addressing, linear probing, load ≤ 0.7, 16-byte
/// slots, so a lookup is one cache miss in the common case.
#[derive(Debug, Clone, Default)]
pub(crate) struct PairTable {
    slots: Vec<Slot>,
    len: usize,
    shift: u32,
}

#[inline]
fn mix(pair: u64, scope: u32) -> u64 {
    let mut h = pair ^ u64::from(scope).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    h ^= h >> 31;
    h.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl PairTable {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    #[inline]
    pub(crate) fn get(&self, pair: u64, scope: u32) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = (mix(pair, scope) >> self.shift) as usize;
        loop {
            let s = self.slots[i];
            if s.pair == pair && s.scope == scope {
                return Some(s.rec);
            }
            if s.pair == u64::MAX {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Looks up many keys: the slots of a block of keys are read first (the
    /// loads are independent, so the memory system serves them in parallel
    /// instead of one cache miss after another), then probed.
    pub(crate) fn get_many(&self, keys: &[(u64, u32)], mut found: impl FnMut(usize, Option<u32>)) {
        const BLOCK: usize = 32;
        if self.len == 0 {
            for i in 0..keys.len() {
                found(i, None);
            }
            return;
        }
        let mut start = 0;
        for block in keys.chunks(BLOCK) {
            let mut touched = 0u64;
            for &(pair, scope) in block {
                touched ^= self.slots[(mix(pair, scope) >> self.shift) as usize].pair;
            }
            std::hint::black_box(touched);
            for (j, &(pair, scope)) in block.iter().enumerate() {
                found(start + j, self.get(pair, scope));
            }
            start += block.len();
        }
    }

    /// Sets the record holding `(pair, scope)`.
    pub(crate) fn insert(&mut self, pair: u64, scope: u32, rec: u32) {
        if (self.len + 1) * 10 > self.slots.len() * 7 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = (mix(pair, scope) >> self.shift) as usize;
        loop {
            let s = &mut self.slots[i];
            if s.pair == pair && s.scope == scope {
                s.rec = rec;
                return;
            }
            if s.pair == u64::MAX {
                *s = Slot { pair, scope, rec };
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; cap]);
        self.shift = 64 - cap.trailing_zeros();
        self.len = 0;
        for s in old.into_iter().filter(|s| s.pair != u64::MAX) {
            self.insert(s.pair, s.scope, s.rec);
        }
    }

    /// Bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<Slot>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_round_trips_and_dedupes() {
        let mut i = Interner::default();
        let ids: Vec<u32> = (0..1000).map(|n| i.intern(format!("id-{n}").as_bytes()).unwrap()).collect();
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(i.resolve(*id), format!("id-{n}").as_bytes());
            assert_eq!(i.intern(format!("id-{n}").as_bytes()), Some(*id));
        }
        assert_eq!(i.len(), 1000);
        assert_eq!(i.get(b"absent"), None);
        assert_eq!(i.intern(b""), Some(1000));
        assert_eq!(i.get(b""), Some(1000));
    }

    #[test]
    fn pair_table_upserts_and_grows() {
        let mut t = PairTable::default();
        for v in 0..5000u64 {
            t.insert(v << 32 | (v * 7 % 13), (v % 3) as u32, v as u32);
        }
        assert_eq!(t.len(), 5000);
        for v in 0..5000u64 {
            assert_eq!(t.get(v << 32 | (v * 7 % 13), (v % 3) as u32), Some(v as u32));
            assert_eq!(t.get(v << 32 | (v * 7 % 13), 3), None);
        }
        t.insert(0, 0, 99);
        assert_eq!((t.get(0, 0), t.len()), (Some(99), 5000));
    }
}
