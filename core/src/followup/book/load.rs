//! The bulk load of an empty [`FollowUpBook`] (R-4.2 merge per target),
//! laid out for sequential memory access.
//!
//! A load of millions of follow-ups is bound by memory, not arithmetic: a
//! random read costs as much as a hundred instructions. So the load never
//! reads at random what it can read in order:
//!
//! 1. One pass over the input, in input order, checks each follow-up,
//!    hashes its target id (64 bits), interns its assignees and writes a
//!    48-byte [`Staged`] record holding the hash, the target id itself when
//!    it is at most 16 bytes long, and the record's scalar fields (notes and
//!    lists of several assignees go to side tables, in input order); it
//!    counts the records per partition (the hash's top bits).
//! 2. One counting-sort pass scatters the staged records by partition
//!    (a thousand records each, whose working set fits in cache).
//! 3. Each partition is merged through a small local table: a record whose
//!    64-bit hash and id match a follow-up created in the partition merges
//!    into it, any other creates one. Ids of at most 16 bytes are
//!    compared and copied from the staged record; only longer ids read the
//!    input again, and a note is moved, not copied, from its side table. Follow-ups
//!    are created partition after partition, i.e. in target-hash order, so
//!    the book's target table is filled in order too.
//! 4. The index entries are filed as before: one counting pass per user,
//!    exact-size buffers, sorted by the first read of each index.
//!
//! Merge being commutative and associative, the order in which a
//! target's copies meet does not change the result: a load equals the
//! sequence of its puts (property test `bulk_load_equals_a_sequence_of_puts`).

use super::rows::Rows;
use super::{FollowUpBook, Incoming, Name, Stored, Users, index_mut, merge_stored};
use crate::Rejection;
use crate::batch::str_hash;
use crate::followup::model::{Origin, Priority};
use chrono::{DateTime, NaiveDate, Utc};

/// Ids up to this many bytes are held in the staged record itself.
const INLINE: usize = 16;

/// `Staged::flags`: the assignees are `multi[users]` (else the one user `users`).
const MULTI: u8 = 1;
/// `Staged::note` of a follow-up with neither a note nor a note instant.
const NO_NOTE: u32 = u32::MAX;

/// A checked follow-up on its way into an empty book.
#[derive(Debug, Clone, Copy)]
struct Staged {
    hash: u64,
    inline: [u8; INLINE],
    len: u32,
    /// The one assignee's number, or the index of the assignees in `multi`.
    users: u32,
    /// The follow-up's position in the input.
    src: u32,
    /// The index of its note and note instant in `notes`, or [`NO_NOTE`].
    note: u32,
    due: NaiveDate,
    priority: Priority,
    origin: Origin,
    flags: u8,
}

impl Staged {
    /// The target id, from the record when short, else from the input.
    fn target<'s, 'a: 's>(&'s self, input: &impl Rows<'a>) -> &'s [u8] {
        if self.len as usize <= INLINE {
            &self.inline[..self.len as usize]
        } else {
            input.target(self.src as usize).as_bytes()
        }
    }
}

/// The number of partition bits for `n` records: about a thousand records
/// a partition, at most 2^16 partitions.
fn partition_bits(n: usize) -> u32 {
    let mut bits = 0;
    while bits < 16 && (n >> bits) > 1024 {
        bits += 1;
    }
    bits
}

fn partition(hash: u64, bits: u32) -> usize {
    if bits == 0 { 0 } else { (hash >> (64 - bits)) as usize }
}

impl FollowUpBook {
    /// Loads `input` into this empty book (see the module documentation);
    /// returns the refused rows with their row numbers, in input order.
    pub(super) fn load<'a>(&mut self, input: &mut impl Rows<'a>) -> Vec<(usize, Rejection)> {
        let mut rejected = Vec::new();
        let bits = partition_bits(input.count());
        let mut counts = vec![0usize; 1 << bits];
        let mut staged: Vec<Staged> = Vec::with_capacity(input.count());
        let mut multi: Vec<Users> = Vec::new();
        // Notes are borrowed from the input in input order (sequential
        // reads), and copied only into the follow-up that keeps them.
        let mut notes: Vec<(Option<&'a str>, Option<DateTime<Utc>>)> = Vec::new();
        for src in 0..input.count() {
            let target = input.target(src);
            if let Err(e) = input.check(src) {
                rejected.push((src, e.to_rejection(target)));
                continue;
            }
            let hash = str_hash(target);
            let (users, flags) = match input.users(src, self) {
                Users::One(u) => (u, 0),
                many => {
                    multi.push(many);
                    ((multi.len() - 1) as u32, MULTI)
                }
            };
            let note = match input.note(src) {
                (None, None) => NO_NOTE,
                some => {
                    notes.push(some);
                    (notes.len() - 1) as u32
                }
            };
            let (due, priority, origin) = input.schedule(src);
            let id = target.as_bytes();
            let mut inline = [0u8; INLINE];
            if id.len() <= INLINE {
                inline[..id.len()].copy_from_slice(id);
            }
            counts[partition(hash, bits)] += 1;
            staged.push(Staged {
                hash,
                inline,
                len: u32::try_from(id.len()).unwrap_or(u32::MAX),
                users,
                src: src as u32,
                note,
                due,
                priority,
                origin,
                flags,
            });
        }
        let Some(&first) = staged.first() else { return rejected };

        // Scatter by partition (counting sort).
        let mut starts = Vec::with_capacity(counts.len());
        let mut sum = 0;
        for &c in &counts {
            starts.push(sum);
            sum += c;
        }
        let mut parted = vec![first; staged.len()];
        let mut at = starts.clone();
        for r in &staged {
            let p = partition(r.hash, bits);
            parted[at[p]] = *r;
            at[p] += 1;
        }
        drop(staged);

        // Merge each partition through a local table of (generation, slot).
        let widest = counts.iter().copied().max().unwrap_or(0);
        let size = (widest * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let mut local: Vec<(u32, u32)> = vec![(0, 0); size];
        let mut hashes: Vec<u64> = Vec::with_capacity(widest);
        let arena_len: usize = parted.iter().map(|r| r.len as usize).sum();
        self.slots.arena.reserve(arena_len);
        self.slots.items.reserve(parted.len());
        self.table.reserve(parted.len());
        for (p, (&start, &count)) in starts.iter().zip(&counts).enumerate() {
            let generation = p as u32 + 1;
            let first_slot = self.slots.len();
            hashes.clear();
            for r in &parted[start..start + count] {
                let mut i = (r.hash as usize) & mask;
                let found = loop {
                    let (g, slot) = local[i];
                    if g != generation {
                        break None;
                    }
                    let s = slot as usize;
                    if hashes[s - first_slot] == r.hash && self.slots.name(slot).as_bytes() == r.target(input) {
                        break Some(slot);
                    }
                    i = (i + 1) & mask;
                };
                let users = if r.flags & MULTI != 0 {
                    std::mem::replace(&mut multi[r.users as usize], Users::Many(Box::new([])))
                } else {
                    Users::One(r.users)
                };
                let (note, noted_at) = match r.note {
                    NO_NOTE => (None, None),
                    k => notes[k as usize],
                };
                match found {
                    Some(slot) => {
                        let incoming = Incoming {
                            hash: 0,
                            target: "",
                            users,
                            due: r.due,
                            priority: r.priority,
                            origin: r.origin,
                            note,
                            noted_at,
                        };
                        merge_stored(&mut self.slots[slot as usize], &incoming);
                    }
                    None => {
                        let slot = self.slots.len() as u32;
                        local[i] = (generation, slot);
                        hashes.push(r.hash);
                        let target = std::str::from_utf8(r.target(input)).unwrap_or_default();
                        let name = Name { start: self.slots.arena.len(), len: r.len };
                        self.slots.arena.push_str(target);
                        self.slots.items.push(Stored {
                            target: name,
                            users,
                            due: r.due,
                            priority: r.priority,
                            origin: r.origin,
                            last_note: note.map(str::to_owned),
                            noted_at,
                            version: 0,
                            live: true,
                        });
                        self.table.insert((r.hash >> 32) as u32, slot);
                        self.live += 1;
                    }
                }
            }
        }
        drop(parted);
        self.file_all();
        rejected
    }

    /// Files one index entry per follow-up and assignee (and one in the
    /// everyone index) for a freshly loaded book: a counting pass sizes
    /// every user's buffer exactly, none is stale.
    fn file_all(&mut self) {
        let mut counts = vec![0usize; self.user_names.len()];
        for s in &self.slots.items {
            for &u in s.users.as_slice() {
                counts[u as usize] += 1;
            }
        }
        for (index, count) in self.indexes.iter_mut().zip(counts) {
            index_mut(index).pending.reserve_exact(count);
        }
        let mut all = std::mem::take(&mut index_mut(&mut self.all).pending);
        all.reserve_exact(self.slots.len());
        for (slot, s) in self.slots.items.iter().enumerate() {
            let e = super::Entry { key: s.key(), slot: slot as u32, version: s.version };
            for &u in s.users.as_slice() {
                index_mut(&mut self.indexes[u as usize]).pending.push(e);
            }
            all.push(e);
        }
        index_mut(&mut self.all).pending = all;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::followup::{Filters, List};
    use std::collections::BTreeSet;

    /// Deterministic follow-ups over several partitions: short and long
    /// target ids (inline and not), copies of one target with different
    /// fields, several assignees, notes, and invalid records.
    fn mixed(n: usize) -> Vec<FollowUp> {
        let mut x: u64 = 42;
        let mut next = move |m: u64| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) % m
        };
        let day0 = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
        (0..n)
            .map(|_| {
                let t = next((n as u64 / 2).max(1));
                let target_id = match t % 3 {
                    0 => format!("t{t}"),
                    1 => format!("a-much-longer-target-identifier-{t:08}"),
                    _ => format!("{t:016}"), // exactly the inline length
                };
                let mut assignees = BTreeSet::from([format!("u{}", next(7))]);
                if next(4) == 0 {
                    assignees.insert(format!("u{}", next(7)));
                }
                if next(50) == 0 {
                    assignees.insert(String::new()); // refused
                }
                let noted = next(3) == 0;
                FollowUp {
                    target_id: if next(100) == 0 { String::new() } else { target_id },
                    assignees,
                    due: crate::time::add_days(day0, next(40) as i64 - 20),
                    priority: [Priority::High, Priority::Normal, Priority::Low][next(3) as usize],
                    origin: if next(2) == 0 { Origin::Manual } else { Origin::Automation },
                    last_note: noted.then(|| format!("note {}", next(5))),
                    noted_at: if noted { chrono::DateTime::from_timestamp(next(1000) as i64, 0) } else { None },
                }
            })
            .collect()
    }

    #[test]
    fn bulk_load_over_many_partitions_equals_a_sequence_of_puts() {
        let input = mixed(6000);
        assert!(partition_bits(input.len()) >= 2, "the test must span several partitions");
        let mut bulk = FollowUpBook::new();
        let rejected = bulk.put_all(&input);
        let mut single = FollowUpBook::new();
        let mut refused = Vec::new();
        for f in &input {
            if let Err(e) = single.put(f) {
                refused.push(e.to_rejection(&f.target_id));
            }
        }
        assert!(!rejected.is_empty());
        assert_eq!(rejected, refused);
        assert_eq!(bulk.len(), single.len());
        assert_eq!(bulk.export(), single.export());
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
        for u in 0..7 {
            let user = format!("u{u}");
            let (b, s) =
                (bulk.lists(&user, today, &Filters::default()), single.lists(&user, today, &Filters::default()));
            assert_eq!(b.ok(), s.ok());
            let page = bulk.page(&user, today, List::Todo, &Filters::default(), 25, None).ok();
            assert_eq!(page.map(|p| p.items.len()), Some(25));
        }
        // The loaded book keeps working as a book: a later put merges.
        let again = bulk.put_all(&input[..100]);
        assert_eq!(again.len(), input[..100].iter().filter(|f| f.validate().is_err()).count());
        assert_eq!(bulk.export(), single.export());
    }

    #[test]
    fn empty_and_all_refused_inputs_load_nothing() {
        let mut book = FollowUpBook::new();
        assert!(book.put_all(Vec::<FollowUp>::new()).is_empty());
        let bad = FollowUp { target_id: String::new(), ..mixed(1).remove(0) };
        assert_eq!(book.put_all([bad]).len(), 1);
        assert!(book.is_empty());
    }
}
