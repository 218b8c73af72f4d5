//! The bulk load of an empty [`FollowUpBook`] (R-4.2 merge per target),
//! laid out for sequential memory access.
//!
//! A load of millions of follow-ups is bound by memory, not arithmetic: a
//! random read costs as much as a hundred instructions. So the load never
//! reads at random what it can read in order:
//!
//! The input is owned [`crate::followup::FollowUp`]s or
//! [`crate::followup::FollowUpColumns`] (through [`Rows`]: the same checks
//! and fields, so both load alike).
//!
//! 1. One pass over the input, in input order, checks each record,
//!    hashes its target id (64 bits), interns its assignees and writes a
//!    48-byte [`Staged`] record holding the hash, the target id itself when
//!    it is at most 16 bytes long, and the record's scalar fields (notes and
//!    lists of several assignees go to side tables, in input order, notes
//!    borrowed from the input); it counts the records, side-table entries
//!    and note bytes per partition (the hash's top bits), and the records
//!    per user.
//! 2. Counting sorts scatter the staged records by partition (a thousand
//!    records each, whose working set fits in cache), then the side tables
//!    the same way — the note texts copied into one buffer in partition
//!    order — so the merge reads every one of them in order.
//! 3. Each partition is merged through a small local table: a record whose
//!    64-bit hash and id match a follow-up created in the partition merges
//!    into it, any other creates one. Ids of at most 16 bytes are
//!    compared and copied from the staged record; only longer ids read the
//!    input again. Follow-ups are created partition after partition, i.e.
//!    in target-hash order, so the book's target table is filled in order too.
//! 4. When a partition is merged its follow-ups are final (every copy of
//!    their targets is in it): their index entries are filed then, while
//!    the follow-ups are in cache, into buffers reserved from the per-user
//!    counts; the first read of each index sorts them.
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

/// `Staged::flags`: the assignees are the next entry of the partition's
/// several-assignee lists (else the one user `users`).
const MULTI: u8 = 1;
/// `Staged::flags`: the record has a note or a note instant, the next entry
/// of the partition's notes.
const NOTE: u8 = 2;
/// `PartNote::len` of a note instant without a note.
const NO_TEXT: u32 = u32::MAX;

/// A checked follow-up on its way into an empty book.
#[derive(Debug, Clone, Copy)]
struct Staged {
    hash: u64,
    inline: [u8; INLINE],
    len: u32,
    /// The one assignee's number (unless [`MULTI`]).
    users: u32,
    /// The follow-up's position in the input.
    src: u32,
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

/// A staged record's note, in input order: its partition, the note
/// (borrowed from the input) and the note instant.
type StagedNote<'a> = (u32, Option<&'a str>, Option<DateTime<Utc>>);

/// A note in partition order: its text is the next `len` bytes of the
/// partitioned note text (none when `len` is [`NO_TEXT`]).
#[derive(Debug, Clone, Copy)]
struct PartNote {
    len: u32,
    noted_at: Option<DateTime<Utc>>,
}

/// The id's bytes, zero-padded, when it is at most [`INLINE`] bytes long
/// (fixed-size moves, no call to `memcpy`).
fn inline_id(id: &[u8]) -> [u8; INLINE] {
    let mut out = [0u8; INLINE];
    let n = id.len();
    if (8..=INLINE).contains(&n) {
        out[..8].copy_from_slice(&id[..8]);
        out[n - 8..n].copy_from_slice(&id[n - 8..]);
    } else if n < 8 {
        for (o, &b) in out.iter_mut().zip(id) {
            *o = b;
        }
    }
    out
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

/// Exclusive prefix sums: where each partition starts.
fn starts_of(counts: &[usize]) -> Vec<usize> {
    let mut sum = 0;
    counts
        .iter()
        .map(|&c| {
            let s = sum;
            sum += c;
            s
        })
        .collect()
}

impl FollowUpBook {
    /// Loads `input` into this empty book (see the module documentation);
    /// returns the refused rows with their row numbers, in input order.
    pub(super) fn load<'a>(&mut self, input: &mut impl Rows<'a>) -> Vec<(usize, Rejection)> {
        let mut rejected = Vec::new();
        let bits = partition_bits(input.count());
        let parts = 1usize << bits;
        let mut counts = vec![0usize; parts];
        let mut staged: Vec<Staged> = Vec::with_capacity(input.count());
        // Side tables, in input order, with their counts per partition.
        let mut multi: Vec<(u32, Users)> = Vec::new();
        let mut multi_counts = vec![0usize; parts];
        let mut notes: Vec<StagedNote<'a>> = Vec::new();
        let mut note_counts = vec![0usize; parts];
        let mut note_bytes = vec![0usize; parts];
        // Index entries per user, at most (merges only remove records).
        let mut per_user: Vec<usize> = Vec::new();
        for src in 0..input.count() {
            let target = input.target(src);
            if let Err(e) = input.check(src) {
                rejected.push((src, e.to_rejection(target)));
                continue;
            }
            let hash = str_hash(target);
            let p = partition(hash, bits);
            counts[p] += 1;
            let mut flags = 0;
            let users = input.users(src, self);
            per_user.resize(self.user_names.len(), 0);
            for &u in users.as_slice() {
                per_user[u as usize] += 1;
            }
            let users = match users {
                Users::One(u) => u,
                many => {
                    multi.push((p as u32, many));
                    multi_counts[p] += 1;
                    flags |= MULTI;
                    0
                }
            };
            let (note, noted_at) = input.note(src);
            if note.is_some() || noted_at.is_some() {
                notes.push((p as u32, note, noted_at));
                note_counts[p] += 1;
                note_bytes[p] += note.map_or(0, str::len);
                flags |= NOTE;
            }
            let (due, priority, origin) = input.schedule(src);
            let id = target.as_bytes();
            staged.push(Staged {
                hash,
                inline: inline_id(id),
                len: u32::try_from(id.len()).unwrap_or(u32::MAX),
                users,
                src: src as u32,
                due,
                priority,
                origin,
                flags,
            });
        }
        let Some(&first) = staged.first() else { return rejected };

        // Scatter by partition (counting sorts, stable): the records, then
        // the side tables (so that the merge reads all of them in order).
        let starts = starts_of(&counts);
        let mut parted = vec![first; staged.len()];
        let mut at = starts.clone();
        for r in &staged {
            let p = partition(r.hash, bits);
            parted[at[p]] = *r;
            at[p] += 1;
        }
        drop(staged);
        let mut at = starts_of(&multi_counts);
        let mut part_multi: Vec<Users> = vec![Users::One(0); multi.len()];
        for (p, users) in multi {
            part_multi[at[p as usize]] = users;
            at[p as usize] += 1;
        }
        let mut at = starts_of(&note_counts);
        let mut text_at = starts_of(&note_bytes);
        let mut part_notes = vec![PartNote { len: NO_TEXT, noted_at: None }; notes.len()];
        let mut part_text = vec![0u8; note_bytes.iter().sum()];
        for &(p, note, noted_at) in &notes {
            let p = p as usize;
            let len = match note {
                Some(text) => {
                    part_text[text_at[p]..text_at[p] + text.len()].copy_from_slice(text.as_bytes());
                    text_at[p] += text.len();
                    u32::try_from(text.len()).unwrap_or(NO_TEXT - 1)
                }
                None => NO_TEXT,
            };
            part_notes[at[p]] = PartNote { len, noted_at };
            at[p] += 1;
        }
        drop(notes);

        // The index buffers, out of their locks while the load fills them.
        let mut pending: Vec<Vec<super::Entry>> =
            self.indexes.iter_mut().map(|i| std::mem::take(&mut index_mut(i).pending)).collect();
        for (buf, &n) in pending.iter_mut().zip(&per_user) {
            buf.reserve_exact(n);
        }
        let mut all = std::mem::take(&mut index_mut(&mut self.all).pending);
        all.reserve_exact(parted.len());

        // Merge each partition through a local table of (generation, slot).
        let widest = counts.iter().copied().max().unwrap_or(0);
        let size = (widest * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let mut local: Vec<(u32, u32)> = vec![(0, 0); size];
        // The partition's created follow-ups: hash, inline id, id length.
        let mut created: Vec<(u64, [u8; INLINE], u32)> = Vec::with_capacity(widest);
        let mut inserts: Vec<(u32, u32)> = Vec::with_capacity(widest);
        let arena_len: usize = parted.iter().map(|r| r.len as usize).sum();
        self.slots.arena.reserve(arena_len);
        self.slots.items.reserve(parted.len());
        self.table.reserve(parted.len());
        let (mut next_multi, mut next_note, mut next_text) = (part_multi.iter_mut(), part_notes.iter(), 0usize);
        for (p, (&start, &count)) in starts.iter().zip(&counts).enumerate() {
            let generation = p as u32 + 1;
            let first_slot = self.slots.len();
            created.clear();
            for r in &parted[start..start + count] {
                let mut i = (r.hash as usize) & mask;
                let found = loop {
                    let (g, slot) = local[i];
                    if g != generation {
                        break None;
                    }
                    let (hash, inline, len) = &created[slot as usize - first_slot];
                    if *hash == r.hash
                        && *len == r.len
                        && *inline == r.inline
                        && (r.len as usize <= INLINE || self.slots.name(slot).as_bytes() == r.target(input))
                    {
                        break Some(slot);
                    }
                    i = (i + 1) & mask;
                };
                let users = match if r.flags & MULTI != 0 { next_multi.next() } else { None } {
                    Some(users) => std::mem::replace(users, Users::One(0)),
                    None => Users::One(r.users),
                };
                let (note, noted_at) = match if r.flags & NOTE != 0 { next_note.next() } else { None } {
                    Some(&PartNote { len: NO_TEXT, noted_at }) => (None, noted_at),
                    Some(&PartNote { len, noted_at }) => {
                        let bytes = &part_text[next_text..next_text + len as usize];
                        next_text += len as usize;
                        (std::str::from_utf8(bytes).ok(), noted_at)
                    }
                    None => (None, None),
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
                        created.push((r.hash, r.inline, r.len));
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
                        self.live += 1;
                    }
                }
            }
            // Into the target table in hash order: its buckets are the
            // hash's top bits, so the partition's region is swept in order
            // (each cache line read once) rather than probed at random.
            inserts.clear();
            inserts.extend(created.iter().enumerate().map(|(k, c)| ((c.0 >> 32) as u32, (first_slot + k) as u32)));
            inserts.sort_unstable();
            for &(hash, slot) in &inserts {
                self.table.insert(hash, slot);
            }
            // The partition's follow-ups are final (every copy of their
            // targets is in it): file their index entries while in cache.
            for (k, s) in self.slots.items[first_slot..].iter().enumerate() {
                let e = super::Entry { key: s.key(), slot: (first_slot + k) as u32, version: s.version };
                for &u in s.users.as_slice() {
                    pending[u as usize].push(e);
                }
                all.push(e);
            }
        }
        drop(parted);
        for (index, buf) in self.indexes.iter_mut().zip(pending) {
            index_mut(index).pending = buf;
        }
        index_mut(&mut self.all).pending = all;
        rejected
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::followup::{Filters, FollowUp, FollowUpColumns, List};
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
        // The columnar load of the same records: the same book, the same
        // refusals, with their row numbers.
        let (columnar, refused_rows) = FollowUpBook::from_columns(&FollowUpColumns::from(input.as_slice()));
        assert_eq!(columnar.export(), single.export());
        let rows: Vec<usize> = refused_rows.iter().map(|r| r.row).collect();
        let expected: Vec<usize> = (0..input.len()).filter(|&i| input[i].validate().is_err()).collect();
        assert_eq!(rows, expected);
        assert_eq!(refused_rows.into_iter().map(|r| r.rejection).collect::<Vec<_>>(), refused);
        for u in 0..7 {
            let user = format!("u{u}");
            let (c, s) =
                (columnar.lists(&user, today, &Filters::default()), single.lists(&user, today, &Filters::default()));
            assert_eq!(c.ok(), s.ok());
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
