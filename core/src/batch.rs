//! Batch results: every batch call returns its results *and* the records it
//! rejected (SPEC §0, "batches never fail whole").

use rustc_hash::FxHasher;
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};

/// One record a batch call refused, with the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rejection {
    /// The record's id as given (may be empty when the id itself was the problem).
    pub id: String,
    /// The SPEC rule broken (`R-1.1`), or `§0` for the conventions of SPEC §0.
    pub rule: String,
    /// The stable error code (`comment_too_long`, `duplicate_daily_report`, …).
    pub code: String,
    /// A human-readable explanation naming the offending value.
    pub message: String,
}

impl Rejection {
    /// A rejection built from a module error.
    pub fn new(id: impl Into<String>, rule: &str, code: &str, message: impl Into<String>) -> Self {
        Rejection { id: id.into(), rule: rule.to_owned(), code: code.to_owned(), message: message.into() }
    }
}

/// SPEC §0 on ids: an empty id is refused (each such record once); copies
/// of one id with the same content count once; copies that differ are all
/// refused, whatever their order, since no copy can be preferred.
///
/// Duplicates are found by sorting 64-bit hashes of the ids (sequential
/// memory access, unlike a hash table of a million ids) and comparing the
/// ids themselves only where hashes are equal.
pub(crate) fn distinct_by_id<'a, T>(
    items: &'a [T],
    kind: &'static str,
    id: impl Fn(&T) -> &str,
    same: impl Fn(&T, &T) -> bool,
    rejected: &mut Vec<Rejection>,
) -> Vec<&'a T> {
    let mut drop = vec![false; items.len()];
    let mut hashed: Vec<(u64, u32)> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let key = id(item);
        if key.is_empty() {
            rejected.push(crate::history::Error::EmptyId { kind }.to_rejection(""));
            drop[i] = true;
        } else {
            hashed.push((str_hash(key), i as u32));
        }
    }
    mark_duplicates(items, hashed, kind, id, same, &mut drop, rejected);
    items.iter().zip(drop).filter(|(_, dropped)| !dropped).map(|(item, _)| item).collect()
}

/// Marks in `drop` the later copies of each id and every copy of an id
/// whose copies differ (refused once each), given `(hash of id, index)`
/// pairs. Duplicates are found by sorting the 64-bit hashes (sequential
/// memory, unlike a hash table of a million ids); ids themselves are
/// compared only where hashes are equal.
pub(crate) fn mark_duplicates<T>(
    items: &[T],
    mut hashed: Vec<(u64, u32)>,
    kind: &'static str,
    id: impl Fn(&T) -> &str,
    same: impl Fn(&T, &T) -> bool,
    drop: &mut [bool],
    rejected: &mut Vec<Rejection>,
) {
    radix_sort(&mut hashed);
    let mut start = 0;
    while start < hashed.len() {
        let mut end = start + 1;
        while end < hashed.len() && hashed[end].0 == hashed[start].0 {
            end += 1;
        }
        if end - start > 1 {
            resolve_same_hash(items, &hashed[start..end], kind, &id, &same, drop, rejected);
        }
        start = end;
    }
}

/// The 64-bit hash of an id.
pub(crate) fn str_hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// Sorts by the 64-bit key (LSD radix, four 16-bit passes): linear time and
/// sequential memory, where a comparison sort of a million keys is not.
fn radix_sort(items: &mut Vec<(u64, u32)>) {
    if items.len() < 4096 {
        items.sort_unstable();
        return;
    }
    let mut buf = vec![(0u64, 0u32); items.len()];
    for pass in 0..4 {
        let shift = pass * 16;
        let mut counts = vec![0usize; 1 << 16];
        for &(k, _) in items.iter() {
            counts[((k >> shift) & 0xFFFF) as usize] += 1;
        }
        let mut sum = 0;
        for c in counts.iter_mut() {
            let n = *c;
            *c = sum;
            sum += n;
        }
        for &item in items.iter() {
            let b = ((item.0 >> shift) & 0xFFFF) as usize;
            buf[counts[b]] = item;
            counts[b] += 1;
        }
        std::mem::swap(items, &mut buf);
    }
}

/// Items whose id hashes are equal: group by actual id; identical copies keep
/// the first (by position), conflicting copies are all dropped.
fn resolve_same_hash<T>(
    items: &[T],
    run: &[(u64, u32)],
    kind: &'static str,
    id: &impl Fn(&T) -> &str,
    same: &impl Fn(&T, &T) -> bool,
    drop: &mut [bool],
    rejected: &mut Vec<Rejection>,
) {
    let mut idx: Vec<usize> = run.iter().map(|&(_, i)| i as usize).collect();
    idx.sort_unstable_by(|&a, &b| id(&items[a]).cmp(id(&items[b])).then(a.cmp(&b)));
    let mut s = 0;
    while s < idx.len() {
        let key = id(&items[idx[s]]);
        let mut e = s + 1;
        while e < idx.len() && id(&items[idx[e]]) == key {
            e += 1;
        }
        let first = &items[idx[s]];
        let consistent = idx[s + 1..e].iter().all(|&j| same(first, &items[j]));
        for (n, &j) in idx[s..e].iter().enumerate() {
            drop[j] = !consistent || n > 0;
        }
        if !consistent {
            rejected.push(crate::history::Error::DuplicateId { kind, id: key.to_owned() }.to_rejection(key));
        }
        s = e;
    }
}
