//! The book's target index: an open-addressing table of `(hash, slot)`
//! pairs with linear probing. One 8-byte entry holds both what a probe
//! compares and what it returns, so a lookup costs one cache line, and the
//! table grows by rehashing the stored hashes, never reading target ids.

/// One entry: the target hash in the high 32 bits, the slot plus one in
/// the low 32 bits; 0 is a vacant entry, so a fresh table is zeroed memory
/// the allocator gets from the OS (no pass writing a vacant marker).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry(u64);

impl Entry {
    fn new(hash: u32, slot: u32) -> Entry {
        Entry((u64::from(hash) << 32) | u64::from(slot.wrapping_add(1)))
    }

    fn is_vacant(self) -> bool {
        self.0 as u32 == 0
    }

    fn hash(self) -> u32 {
        (self.0 >> 32) as u32
    }

    fn slot(self) -> u32 {
        (self.0 as u32).wrapping_sub(1)
    }
}

const VACANT: Entry = Entry(0);

/// Slots by 32-bit target hash; equal hashes are told apart by the caller's `eq`.
#[derive(Debug, Default)]
pub(super) struct TargetTable {
    entries: Vec<u64>,
    bits: u32,
    len: usize,
}

impl TargetTable {
    fn mask(&self) -> usize {
        self.entries.len() - 1
    }

    fn home(&self, hash: u32) -> usize {
        if self.bits == 0 { 0 } else { (hash >> (32 - self.bits)) as usize }
    }

    fn at(&self, i: usize) -> Entry {
        Entry(self.entries[i])
    }

    /// The slot whose hash is `hash` and for which `eq(slot)` holds.
    pub(super) fn find(&self, hash: u32, eq: impl Fn(u32) -> bool) -> Option<u32> {
        if self.entries.is_empty() {
            return None;
        }
        let mask = self.mask();
        let mut i = self.home(hash);
        loop {
            let e = self.at(i);
            if e.is_vacant() {
                return None;
            }
            if e.hash() == hash && eq(e.slot()) {
                return Some(e.slot());
            }
            i = (i + 1) & mask;
        }
    }

    /// Makes room for `additional` more entries (load factor at most 5/8).
    pub(super) fn reserve(&mut self, additional: usize) {
        let need = self.len.saturating_add(additional);
        if need.saturating_mul(8) <= self.entries.len() * 5 {
            return;
        }
        let mut bits = self.bits.max(4);
        while (1usize << bits) * 5 < need.saturating_mul(8) && bits < 32 {
            bits += 1;
        }
        let old = std::mem::replace(&mut self.entries, vec![0u64; 1 << bits]);
        self.bits = bits;
        let mask = self.mask();
        for e in old.into_iter().map(Entry).filter(|e| !e.is_vacant()) {
            let mut i = self.home(e.hash());
            while !self.at(i).is_vacant() {
                i = (i + 1) & mask;
            }
            self.entries[i] = e.0;
        }
    }

    /// Adds `slot` under `hash` (the caller knows it is absent).
    pub(super) fn insert(&mut self, hash: u32, slot: u32) {
        self.reserve(1);
        let mask = self.mask();
        let mut i = self.home(hash);
        while !self.at(i).is_vacant() {
            i = (i + 1) & mask;
        }
        self.entries[i] = Entry::new(hash, slot).0;
        self.len += 1;
    }

    /// Removes `slot` (stored under `hash`), shifting later entries of its
    /// probe run back so no tombstone is left.
    pub(super) fn remove(&mut self, hash: u32, slot: u32) {
        if self.entries.is_empty() {
            return;
        }
        let mask = self.mask();
        let mut i = self.home(hash);
        loop {
            let e = self.at(i);
            if e.is_vacant() {
                return;
            }
            if e.slot() == slot {
                break;
            }
            i = (i + 1) & mask;
        }
        let mut j = i;
        loop {
            j = (j + 1) & mask;
            let e = self.at(j);
            if e.is_vacant() {
                break;
            }
            let home = self.home(e.hash());
            // The entry may move back to `i` if `i` lies on its probe path.
            if (j.wrapping_sub(home) & mask) >= (j.wrapping_sub(i) & mask) {
                self.entries[i] = e.0;
                i = j;
            }
        }
        self.entries[i] = VACANT.0;
        self.len -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_find_remove_agree_with_a_map_under_collisions() {
        // Hashes crowd a few buckets so probe runs wrap and shift.
        let mut t = TargetTable::default();
        let mut model = std::collections::BTreeMap::new();
        let mut x: u64 = 7;
        for step in 0..20_000u32 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let slot = ((x >> 40) % 500) as u32;
            let hash = if slot % 3 == 0 { 0xFFFF_FF00 } else { (slot.wrapping_mul(2654435761)) & 0xF000_00FF };
            if step % 3 == 2 {
                if model.remove(&slot).is_some() {
                    t.remove(hash, slot);
                }
            } else if t.find(hash, |s| s == slot).is_none() {
                t.insert(hash, slot);
                model.insert(slot, hash);
            }
            if step % 97 == 0 {
                for s in 0..500u32 {
                    let h = if s % 3 == 0 { 0xFFFF_FF00 } else { (s.wrapping_mul(2654435761)) & 0xF000_00FF };
                    assert_eq!(t.find(h, |x| x == s).is_some(), model.contains_key(&s), "slot {s} at step {step}");
                }
            }
        }
        assert_eq!(t.len, model.len());
    }
}
