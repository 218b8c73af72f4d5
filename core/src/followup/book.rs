//! [`FollowUpBook`]: follow-ups held in memory, one per target (R-4.2),
//! indexed per user for lists (R-4.4), pages (R-4.7) and the day plan (R-4.6).
//!
//! Layout: follow-ups live in a slot array, found by target through a hash
//! table of slot numbers (the target id is stored once). Each user has an
//! index of 16-byte entries `(priority rank, due, slot, version)` kept sorted
//! by (priority, due, target id) — the to-do order; the upcoming order is a
//! three-way merge of the same entries, one run per priority. Writes only
//! append entries to a pending buffer (so a bulk load costs a hash probe and
//! a few pushes per follow-up); the first read of an index sorts its pending
//! entries into place. A change of a follow-up bumps its slot's version,
//! which makes every older entry of it stale: reads skip stale entries and
//! a refresh drops them. Slots are never reused while the book lives (a
//! slot's target never changes, so stale entries keep their sorted place);
//! when deleted slots outnumber live ones the book is rebuilt.

use super::columns::{FollowUpColumns, RefusedRow};
use super::model::{Filters, FollowUp, Lateness, Origin, Priority, TargetInfo};
use super::table::TargetTable;
use super::{Error, PlanItem, PlanOptions};
use crate::Rejection;
use crate::batch::str_hash;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

mod load;
mod rows;

/// Which list of R-4.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum List {
    /// `due ≤ today`, by priority (high first), due (oldest first), target id.
    Todo,
    /// `due > today`, by due, priority (high first), target id.
    Upcoming,
}

/// What a [`FollowUpBook::put`] did (R-4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Put {
    /// The target had no follow-up.
    Created,
    /// Merged into the target's follow-up, which changed.
    Merged,
    /// Merged into the target's follow-up, which already said as much.
    Unchanged,
}

/// What a [`FollowUpBook::unassign`] did (R-4.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Removal {
    /// The user was removed; the follow-up remains with its other assignees.
    Unassigned {
        /// The follow-up as it is now.
        followup: FollowUp,
    },
    /// The user was the last assignee: the follow-up is deleted.
    Deleted {
        /// The follow-up as it was.
        followup: FollowUp,
    },
}

/// One follow-up of a list, with its lateness at the list's date (R-4.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListItem {
    /// The follow-up.
    pub followup: FollowUp,
    /// How late it is.
    pub lateness: Lateness,
}

/// A user's two lists at a date (R-4.4), in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lists {
    /// `due ≤ today`, by priority (high first), due (oldest first), target id.
    pub todo: Vec<ListItem>,
    /// `due > today`, by due, priority (high first), target id.
    pub upcoming: Vec<ListItem>,
    /// Input follow-ups refused (only from [`super::lists`]; a book refuses at `put`).
    #[serde(default)]
    pub rejected: Vec<Rejection>,
}

/// A page of a list (R-4.7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The page's items, in the list's order.
    pub items: Vec<ListItem>,
    /// The cursor of the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// A book's content as plain data: what a mobile app persists offline, and
/// what two books merge through ([`FollowUpBook::import`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BookState {
    /// Every follow-up, by target id.
    pub followups: Vec<FollowUp>,
    /// What the host said of each target (R-4.4 filters), by target id.
    pub targets: BTreeMap<String, TargetInfo>,
}

/// The assignees of a stored follow-up: interned user numbers, ascending.
/// One or two (most follow-ups) are held inline, more in a boxed slice.
#[derive(Debug, Clone)]
enum Users {
    One(u32),
    Two([u32; 2]),
    Many(Box<[u32]>),
}

impl Users {
    fn as_slice(&self) -> &[u32] {
        match self {
            Users::One(u) => std::slice::from_ref(u),
            Users::Two(us) => us,
            Users::Many(us) => us,
        }
    }

    /// Two users, in any order (the same one twice is one user).
    fn pair(a: u32, b: u32) -> Users {
        match a.cmp(&b) {
            Ordering::Less => Users::Two([a, b]),
            Ordering::Equal => Users::One(a),
            Ordering::Greater => Users::Two([b, a]),
        }
    }

    fn from_sorted(mut ids: Vec<u32>) -> Users {
        ids.sort_unstable();
        ids.dedup();
        match ids[..] {
            [u] => Users::One(u),
            [a, b] => Users::Two([a, b]),
            _ => Users::Many(ids.into_boxed_slice()),
        }
    }
}

/// Where a target id sits in the store's arena.
#[derive(Debug, Clone, Copy)]
struct Name {
    start: usize,
    len: u32,
}

/// The slot array and the arena holding every target id (one allocation
/// for all ids instead of one per follow-up).
#[derive(Debug, Default)]
struct Store {
    items: Vec<Stored>,
    arena: String,
}

impl Store {
    fn name(&self, slot: u32) -> &str {
        let n = self.items[slot as usize].target;
        &self.arena[n.start..n.start + n.len as usize]
    }

    fn len(&self) -> usize {
        self.items.len()
    }
}

/// A follow-up on its way in, assignees interned.
#[derive(Debug)]
struct Incoming<'a> {
    hash: u32,
    target: &'a str,
    users: Users,
    due: NaiveDate,
    priority: Priority,
    origin: Origin,
    note: Option<&'a str>,
    noted_at: Option<DateTime<Utc>>,
}

/// The records' indices in hash order: an LSD radix sort (two 16-bit
/// passes) of `(hash, index)` pairs; records themselves are not moved.
fn order_by_hash(records: &[Incoming<'_>]) -> Vec<u32> {
    let mut keys: Vec<(u32, u32)> = records.iter().enumerate().map(|(i, r)| (r.hash, i as u32)).collect();
    if keys.len() < 4096 {
        keys.sort_unstable();
    } else {
        let mut buf = vec![(0u32, 0u32); keys.len()];
        for shift in [0u32, 16] {
            let mut counts = vec![0usize; 1 << 16];
            for &(h, _) in &keys {
                counts[((h >> shift) & 0xFFFF) as usize] += 1;
            }
            let mut sum = 0;
            for c in counts.iter_mut() {
                let n = *c;
                *c = sum;
                sum += n;
            }
            for &k in &keys {
                let b = ((k.0 >> shift) & 0xFFFF) as usize;
                buf[counts[b]] = k;
                counts[b] += 1;
            }
            std::mem::swap(&mut keys, &mut buf);
        }
    }
    keys.into_iter().map(|(_, i)| i).collect()
}

impl std::ops::Index<usize> for Store {
    type Output = Stored;
    fn index(&self, i: usize) -> &Stored {
        &self.items[i]
    }
}

impl std::ops::IndexMut<usize> for Store {
    fn index_mut(&mut self, i: usize) -> &mut Stored {
        &mut self.items[i]
    }
}

#[derive(Debug)]
struct Stored {
    target: Name,
    users: Users,
    due: NaiveDate,
    priority: Priority,
    origin: Origin,
    last_note: Option<String>,
    noted_at: Option<DateTime<Utc>>,
    /// Bumped on every change of due, priority or assignees; index entries
    /// of older versions are stale.
    version: u32,
    live: bool,
}

impl Stored {
    fn key(&self) -> u64 {
        key_of(self.priority, self.due)
    }
}

/// R-4.2: merges `f` into a stored follow-up in place (the caller files
/// index entries if due, priority or assignees changed).
fn merge_stored(s: &mut Stored, f: &Incoming<'_>) -> Put {
    let earlier = (f.due, f.priority.rank()) < (s.due, s.priority.rank());
    let new_users = f.users.as_slice().iter().any(|u| !s.users.as_slice().contains(u));
    let origin = f.origin > s.origin;
    let note = (f.noted_at, f.note) > (s.noted_at, s.last_note.as_deref());
    if !(earlier || new_users || origin || note) {
        return Put::Unchanged;
    }
    if earlier {
        s.due = f.due;
        s.priority = f.priority;
    }
    if new_users {
        s.users = match (s.users.as_slice(), f.users.as_slice()) {
            (&[a], &[b]) => Users::pair(a, b),
            (old, new) => Users::from_sorted([old, new].concat()),
        };
    }
    if origin {
        s.origin = f.origin;
    }
    if note {
        s.last_note = f.note.map(str::to_owned);
        s.noted_at = f.noted_at;
    }
    Put::Merged
}

/// One index entry: `key` = priority rank (high 32 bits) and due day code.
#[derive(Debug, Clone, Copy)]
struct Entry {
    key: u64,
    slot: u32,
    version: u32,
}

fn day_code(d: NaiveDate) -> u32 {
    (i64::from(d.num_days_from_ce()) + (1i64 << 31)) as u32
}

fn day_of_code(code: u32) -> Option<NaiveDate> {
    let days = i64::from(code) - (1i64 << 31);
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).ok()?)
}

fn key_of(priority: Priority, due: NaiveDate) -> u64 {
    (u64::from(priority.rank()) << 32) | u64::from(day_code(due))
}

fn rank_of(key: u64) -> u8 {
    (key >> 32) as u8
}

fn due_of(key: u64) -> u32 {
    key as u32
}

fn valid(slots: &Store, e: &Entry) -> bool {
    let s = &slots[e.slot as usize];
    s.live && s.version == e.version
}

fn cmp_entries(slots: &Store, a: &Entry, b: &Entry) -> Ordering {
    a.key.cmp(&b.key).then_with(|| slots.name(a.slot).cmp(slots.name(b.slot)))
}

/// 32 bits of a target id's hash.
fn hash32(target: &str) -> u32 {
    (str_hash(target) >> 32) as u32
}

/// One sorted index (a user's, or everyone's).
#[derive(Debug, Default)]
struct Index {
    sorted: Vec<Entry>,
    pending: Vec<Entry>,
    stale: usize,
}

impl Index {
    /// Files pending entries into the sorted run and drops stale entries
    /// when they are many.
    fn refresh(&mut self, slots: &Store) {
        let compact = self.stale > 32 && self.stale * 2 > self.sorted.len();
        if self.pending.is_empty() && !compact {
            return;
        }
        let mut pending = std::mem::take(&mut self.pending);
        pending.retain(|e| valid(slots, e));
        if !compact && pending.len() <= 16 {
            for e in pending {
                let at = self.sorted.partition_point(|x| cmp_entries(slots, x, &e) != Ordering::Greater);
                self.sorted.insert(at, e);
            }
            return;
        }
        pending.sort_unstable_by(|a, b| cmp_entries(slots, a, b));
        let old = std::mem::take(&mut self.sorted);
        let mut out = Vec::with_capacity(old.len() + pending.len());
        let mut old = old.into_iter().filter(|e| !compact || valid(slots, e)).peekable();
        let mut new = pending.into_iter().peekable();
        loop {
            let take_old = match (old.peek(), new.peek()) {
                (Some(a), Some(b)) => cmp_entries(slots, a, b) != Ordering::Greater,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if take_old { old.next() } else { new.next() };
            out.extend(next);
        }
        self.sorted = out;
        if compact {
            self.stale = 0;
        }
    }
}

/// A position in a list, decoded from an opaque cursor (R-4.7).
struct Cursor {
    list: List,
    rank: u8,
    due: u32,
    target: String,
}

const CURSOR_VERSION: u8 = 1;

impl Cursor {
    fn encode(&self) -> String {
        let mut bytes = vec![CURSOR_VERSION, matches!(self.list, List::Upcoming) as u8, self.rank];
        bytes.extend_from_slice(&self.due.to_be_bytes());
        bytes.extend_from_slice(self.target.as_bytes());
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn decode(text: &str) -> Result<Cursor, Error> {
        let bad = |reason: &str| Error::BadCursor { reason: reason.to_owned() };
        if text.len() % 2 != 0 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad("not a cursor this library wrote"));
        }
        let bytes: Vec<u8> = (0..text.len() / 2)
            .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16))
            .collect::<Result<_, _>>()
            .map_err(|_| bad("not a cursor this library wrote"))?;
        if bytes.len() < 8 || bytes[0] != CURSOR_VERSION {
            return Err(bad("not a cursor this library wrote"));
        }
        let list = match bytes[1] {
            0 => List::Todo,
            1 => List::Upcoming,
            _ => return Err(bad("unknown list")),
        };
        if Priority::from_rank(bytes[2]).is_none() {
            return Err(bad("unknown priority"));
        }
        let due = u32::from_be_bytes([bytes[3], bytes[4], bytes[5], bytes[6]]);
        if day_of_code(due).is_none() {
            return Err(bad("date out of range"));
        }
        let target = String::from_utf8(bytes[7..].to_vec()).map_err(|_| bad("target is not UTF-8"))?;
        Ok(Cursor { list, rank: bytes[2], due, target })
    }

    /// Orders an entry against the cursor's position in the to-do order
    /// (which is also the order within one priority's run).
    fn cmp_entry(&self, slots: &Store, e: &Entry) -> Ordering {
        let key = (u64::from(self.rank) << 32) | u64::from(self.due);
        e.key.cmp(&key).then_with(|| slots.name(e.slot).cmp(self.target.as_str()))
    }
}

/// Follow-ups in memory, one per target (R-4.2), indexed per user.
///
/// ```
/// use filrouge::followup::{Filters, FollowUp, FollowUpBook, List};
/// let today = "2026-03-02".parse().unwrap();
/// let mut book = FollowUpBook::new();
/// book.put(FollowUp::new("t1", "adv-1", today).unwrap()).unwrap();
/// let page = book.page("adv-1", today, List::Todo, &Filters::default(), 50, None).unwrap();
/// assert_eq!(page.items[0].followup.target_id, "t1");
/// assert!(page.next_cursor.is_none());
/// ```
///
/// Reads take `&self` (each index sits behind its own lock, refreshed by
/// the first read after a write), so a book can be shared across threads.
#[derive(Debug, Default)]
pub struct FollowUpBook {
    slots: Store,
    table: TargetTable,
    user_ids: FxHashMap<String, u32>,
    user_names: Vec<String>,
    indexes: Vec<Mutex<Index>>,
    all: Mutex<Index>,
    targets: FxHashMap<String, TargetInfo>,
    live: usize,
}

fn index_mut(m: &mut Mutex<Index>) -> &mut Index {
    m.get_mut().unwrap_or_else(PoisonError::into_inner)
}

impl FollowUpBook {
    /// An empty book.
    pub fn new() -> Self {
        Self::default()
    }

    /// A book holding `followups` merged per target (R-4.2), with the
    /// refused ones apart (batches never fail whole).
    pub fn from_followups(followups: impl IntoIterator<Item = FollowUp>) -> (Self, Vec<Rejection>) {
        let mut book = Self::new();
        let rejected = book.put_all(followups);
        (book, rejected)
    }

    /// The number of follow-ups (targets with one).
    pub fn len(&self) -> usize {
        self.live
    }

    /// True when the book holds no follow-up.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    fn find(&self, target_id: &str) -> Option<u32> {
        self.find_hashed(target_id, hash32(target_id))
    }

    fn find_hashed(&self, target_id: &str, hash: u32) -> Option<u32> {
        let slots = &self.slots;
        self.table.find(hash, |s| slots.name(s) == target_id)
    }

    /// The follow-up on `target_id`, if any.
    pub fn get(&self, target_id: &str) -> Option<FollowUp> {
        self.find(target_id).map(|s| self.followup(s))
    }

    /// Whether `target_id` has a follow-up.
    pub fn contains(&self, target_id: &str) -> bool {
        self.find(target_id).is_some()
    }

    fn followup(&self, slot: u32) -> FollowUp {
        let s = &self.slots[slot as usize];
        FollowUp {
            target_id: self.slots.name(slot).to_owned(),
            assignees: {
                // Inserting one by one allocates one node; `collect` would sort through a Vec first.
                let mut set = BTreeSet::new();
                for &u in s.users.as_slice() {
                    set.insert(self.user_names[u as usize].clone());
                }
                set
            },
            due: s.due,
            priority: s.priority,
            origin: s.origin,
            last_note: s.last_note.clone(),
            noted_at: s.noted_at,
        }
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.user_ids.get(name) {
            return id;
        }
        let id = self.user_names.len() as u32;
        self.user_ids.insert(name.to_owned(), id);
        self.user_names.push(name.to_owned());
        self.indexes.push(Mutex::default());
        id
    }

    fn intern_all(&mut self, names: &BTreeSet<String>) -> Users {
        match (names.len(), names.first(), names.last()) {
            (1, Some(name), _) => Users::One(self.intern(name)),
            (2, Some(a), Some(b)) => {
                let a = self.intern(a);
                Users::pair(a, self.intern(b))
            }
            _ => Users::from_sorted(names.iter().map(|n| self.intern(n)).collect()),
        }
    }

    /// Appends index entries for the slot's current version.
    fn file(&mut self, slot: u32) {
        let s = &self.slots[slot as usize];
        let e = Entry { key: s.key(), slot, version: s.version };
        for &u in s.users.as_slice() {
            index_mut(&mut self.indexes[u as usize]).pending.push(e);
        }
        index_mut(&mut self.all).pending.push(e);
    }

    /// Makes the slot's entries stale (before a change of key or assignees).
    fn unfile(&mut self, slot: u32) {
        let s = &mut self.slots[slot as usize];
        s.version = s.version.wrapping_add(1);
        for &u in s.users.as_slice() {
            index_mut(&mut self.indexes[u as usize]).stale += 1;
        }
        index_mut(&mut self.all).stale += 1;
    }

    /// Puts a follow-up: creates it, or merges it into the target's (R-4.2).
    ///
    /// An invalid follow-up (empty target, no assignee, an empty assignee
    /// id) is refused and the book is unchanged.
    pub fn put(&mut self, followup: impl Borrow<FollowUp>) -> Result<Put, Error> {
        let f = followup.borrow();
        f.validate()?;
        let hash = hash32(&f.target_id);
        let incoming = self.incoming(f, hash);
        Ok(match self.find_hashed(&f.target_id, hash) {
            Some(slot) => self.merge_into(slot, &incoming),
            None => {
                self.create(&incoming);
                Put::Created
            }
        })
    }

    /// A follow-up's fields with its assignees interned.
    fn incoming<'a>(&mut self, f: &'a FollowUp, hash: u32) -> Incoming<'a> {
        Incoming {
            hash,
            target: &f.target_id,
            users: self.intern_all(&f.assignees),
            due: f.due,
            priority: f.priority,
            origin: f.origin,
            note: f.last_note.as_deref(),
            noted_at: f.noted_at,
        }
    }

    /// Puts every follow-up (R-4.2 merge per target); returns the refused
    /// ones, each with the rule it broke. Takes follow-ups by value or by
    /// reference (`&[FollowUp]`): the book copies what it keeps.
    ///
    /// Into an empty book, a bulk load laid out for sequential memory access
    /// (records partitioned by target hash, each partition merged in cache). Into a book that holds follow-ups: one
    /// sequential pass checks and hashes the follow-ups
    /// and interns their assignees; the records are then put in target-hash
    /// order, so the table (whose buckets are the hash's top bits) is swept
    /// in order instead of probed at random, and copies of one target
    /// arrive together. Merge being commutative and associative (R-4.2), the
    /// order of puts does not change the result.
    pub fn put_all<F: Borrow<FollowUp>>(&mut self, followups: impl IntoIterator<Item = F>) -> Vec<Rejection> {
        let followups: Vec<F> = followups.into_iter().collect();
        self.put_rows(&mut rows::Owned(&followups)).into_iter().map(|(_, r)| r).collect()
    }

    /// Puts every row of `columns` (R-4.2 merge per target), exactly as
    /// [`FollowUpBook::put_all`] puts the same follow-ups (the same checks,
    /// merges and book); returns the refused rows, each with its row number
    /// and the rule it broke, in row order.
    ///
    /// The columnar input is the fast one: a row's fields are read from a
    /// few arrays in order, and each user id is interned once per call
    /// rather than once per row (see DESIGN.md, "Why a columnar input?").
    pub fn put_columns(&mut self, columns: &FollowUpColumns) -> Vec<RefusedRow> {
        self.put_rows(&mut rows::Columnar::new(columns))
            .into_iter()
            .map(|(row, rejection)| RefusedRow { row, rejection })
            .collect()
    }

    /// A book holding the rows of `columns` merged per target (R-4.2),
    /// with the refused rows apart (see [`FollowUpBook::put_columns`]).
    pub fn from_columns(columns: &FollowUpColumns) -> (Self, Vec<RefusedRow>) {
        let mut book = Self::new();
        let refused = book.put_columns(columns);
        (book, refused)
    }

    fn put_rows<'a>(&mut self, input: &mut impl rows::Rows<'a>) -> Vec<(usize, Rejection)> {
        if self.slots.len() == 0 {
            return self.load(input);
        }
        let mut rejected = Vec::new();
        let mut records: Vec<Incoming<'a>> = Vec::with_capacity(input.count());
        for row in 0..input.count() {
            let target = input.target(row);
            if let Err(e) = input.check(row) {
                rejected.push((row, e.to_rejection(target)));
                continue;
            }
            let (due, priority, origin) = input.schedule(row);
            let (note, noted_at) = input.note(row);
            let users = input.users(row, self);
            records.push(Incoming { hash: hash32(target), target, users, due, priority, origin, note, noted_at });
        }
        let order = order_by_hash(&records);
        self.slots.items.reserve(records.len());
        self.table.reserve(records.len());
        index_mut(&mut self.all).pending.reserve(records.len());
        let mut last: Option<(u32, &str, u32)> = None;
        for i in order {
            let r = &records[i as usize];
            let (hash, target) = (r.hash, r.target);
            let slots = &self.slots;
            let found = match last {
                Some((h, t, slot)) if h == hash && t == target => Some(slot),
                _ => self.table.find(hash, |s| slots.name(s) == target),
            };
            let slot = match found {
                Some(slot) => {
                    self.merge_into(slot, r);
                    slot
                }
                None => self.create(r),
            };
            last = Some((hash, target, slot));
        }
        rejected
    }

    fn create(&mut self, r: &Incoming<'_>) -> u32 {
        let slot = self.slots.len() as u32;
        let name = Name { start: self.slots.arena.len(), len: r.target.len() as u32 };
        self.slots.arena.push_str(r.target);
        self.slots.items.push(Stored {
            target: name,
            users: r.users.clone(),
            due: r.due,
            priority: r.priority,
            origin: r.origin,
            last_note: r.note.map(str::to_owned),
            noted_at: r.noted_at,
            version: 0,
            live: true,
        });
        self.table.insert(r.hash, slot);
        self.live += 1;
        self.file(slot);
        slot
    }

    fn merge_into(&mut self, slot: u32, f: &Incoming<'_>) -> Put {
        let s = &self.slots[slot as usize];
        let rekey = (f.due, f.priority.rank()) < (s.due, s.priority.rank())
            || f.users.as_slice().iter().any(|u| !s.users.as_slice().contains(u));
        if rekey {
            self.unfile(slot);
        }
        let put = merge_stored(&mut self.slots[slot as usize], f);
        if rekey {
            self.file(slot);
        }
        put
    }

    /// R-4.3: removes `user` from the follow-up on `target_id`; removing the
    /// last assignee deletes the follow-up.
    pub fn unassign(&mut self, target_id: &str, user: &str) -> Result<Removal, Error> {
        let slot = self.find(target_id).ok_or_else(|| Error::UnknownTarget { target_id: target_id.to_owned() })?;
        let not_assigned = || Error::NotAssigned { target_id: target_id.to_owned(), user: user.to_owned() };
        let uid = *self.user_ids.get(user).ok_or_else(not_assigned)?;
        let users = self.slots[slot as usize].users.as_slice();
        if !users.contains(&uid) {
            return Err(not_assigned());
        }
        if users.len() == 1 {
            let followup = self.delete_slot(slot);
            return Ok(Removal::Deleted { followup });
        }
        let rest: Vec<u32> = users.iter().copied().filter(|&u| u != uid).collect();
        self.unfile(slot);
        self.slots[slot as usize].users = Users::from_sorted(rest);
        self.file(slot);
        Ok(Removal::Unassigned { followup: self.followup(slot) })
    }

    /// R-4.3: deletes the follow-up on `target_id` (every assignee goes);
    /// returns it as it was.
    pub fn delete(&mut self, target_id: &str) -> Result<FollowUp, Error> {
        let slot = self.find(target_id).ok_or_else(|| Error::UnknownTarget { target_id: target_id.to_owned() })?;
        Ok(self.delete_slot(slot))
    }

    fn delete_slot(&mut self, slot: u32) -> FollowUp {
        let followup = self.followup(slot);
        self.unfile(slot);
        self.table.remove(hash32(&followup.target_id), slot);
        let s = &mut self.slots[slot as usize];
        s.live = false;
        s.users = Users::Many(Box::new([]));
        s.last_note = None;
        self.live -= 1;
        let dead = self.slots.len() - self.live;
        if dead > 4096 && dead > self.live {
            self.rebuild();
        }
        followup
    }

    /// Rebuilds the book from its live follow-ups (drops deleted slots).
    fn rebuild(&mut self) {
        let state = self.export();
        *self = FollowUpBook::new();
        self.import(state);
    }

    /// Sets what the host knows of a target (routines, tags, open
    /// opportunity; R-4.4 filters, R-4.6 day plan), replacing what was known.
    pub fn set_target(&mut self, target_id: &str, info: TargetInfo) {
        if info == TargetInfo::default() {
            self.targets.remove(target_id);
        } else {
            self.targets.insert(target_id.to_owned(), info);
        }
    }

    /// What the host said of a target.
    pub fn target(&self, target_id: &str) -> Option<&TargetInfo> {
        self.targets.get(target_id)
    }

    /// The book as plain data (follow-ups and target info by target id).
    pub fn export(&self) -> BookState {
        let mut followups: Vec<FollowUp> =
            self.slots.items.iter().enumerate().filter(|(_, s)| s.live).map(|(i, _)| self.followup(i as u32)).collect();
        followups.sort_unstable_by(|a, b| a.target_id.cmp(&b.target_id));
        let targets = self.targets.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        BookState { followups, targets }
    }

    /// Merges a book's state into this one: follow-ups merge per target
    /// (R-4.2), target info unites (routines and tags united, an open
    /// opportunity on either side stays open). Merging two books this way
    /// is commutative, associative and idempotent. Returns refused follow-ups.
    pub fn import(&mut self, state: BookState) -> Vec<Rejection> {
        for (id, info) in state.targets {
            if id.is_empty() {
                continue;
            }
            self.targets.entry(id).or_default().absorb(&info);
        }
        self.put_all(state.followups)
    }

    /// The index to read for `user` under `filters`, if the user has one.
    fn index_for(&self, user: &str, filters: &Filters) -> Result<Option<&Mutex<Index>>, Error> {
        if user.is_empty() {
            return Err(Error::EmptyUser { what: "user".into() });
        }
        if filters.everyone {
            return Ok(Some(&self.all));
        }
        let whose = filters.assignee.as_deref().unwrap_or(user);
        if whose.is_empty() {
            return Err(Error::EmptyUser { what: "assignee filter".into() });
        }
        Ok(self.user_ids.get(whose).map(|&u| &self.indexes[u as usize]))
    }

    fn passes(&self, slot: u32, filters: &Filters) -> bool {
        !filters.needs_target() || filters.allows_target(self.targets.get(self.slots.name(slot)))
    }

    /// Up to `limit` slots of `list` after `cursor`, plus whether more follow.
    fn collect(
        &self,
        user: &str,
        today: NaiveDate,
        list: List,
        filters: &Filters,
        limit: usize,
        cursor: Option<&Cursor>,
    ) -> Result<(Vec<u32>, bool), Error> {
        let Some(index) = self.index_for(user, filters)? else {
            return Ok((Vec::new(), false));
        };
        let mut index = index.lock().unwrap_or_else(PoisonError::into_inner);
        let slots = &self.slots;
        index.refresh(slots);
        let sorted = &index.sorted;
        let today = day_code(today);
        let mut out = Vec::new();
        let want = limit.saturating_add(1);
        let mut runs = [(0usize, 0usize); 3];
        for (rank, run) in runs.iter_mut().enumerate() {
            let rank = rank as u8;
            let lo = sorted.partition_point(|e| rank_of(e.key) < rank);
            let hi = sorted.partition_point(|e| rank_of(e.key) <= rank);
            let seg = &sorted[lo..hi];
            let allowed = Priority::from_rank(rank).is_some_and(|p| filters.allows_priority(p));
            if !allowed {
                *run = (lo, lo);
                continue;
            }
            let split = lo + seg.partition_point(|e| due_of(e.key) <= today);
            *run = match (list, cursor) {
                (List::Todo, None) => (lo, split),
                (List::Todo, Some(c)) => match rank.cmp(&c.rank) {
                    Ordering::Less => (lo, lo),
                    Ordering::Equal => {
                        (lo + seg.partition_point(|e| c.cmp_entry(slots, e) != Ordering::Greater), split)
                    }
                    Ordering::Greater => (lo, split),
                },
                (List::Upcoming, None) => (split, hi),
                (List::Upcoming, Some(c)) => {
                    let after = match rank.cmp(&c.rank) {
                        Ordering::Less => lo + seg.partition_point(|e| due_of(e.key) <= c.due),
                        Ordering::Equal => lo + seg.partition_point(|e| c.cmp_entry(slots, e) != Ordering::Greater),
                        Ordering::Greater => lo + seg.partition_point(|e| due_of(e.key) < c.due),
                    };
                    (after.max(split), hi)
                }
            };
            if run.0 > run.1 {
                run.0 = run.1;
            }
        }
        let take = |e: &Entry, out: &mut Vec<u32>| {
            if valid(slots, e) && self.passes(e.slot, filters) {
                out.push(e.slot);
            }
            out.len() >= want
        };
        match list {
            List::Todo => {
                'runs: for &(from, to) in &runs {
                    for e in &sorted[from..to] {
                        if take(e, &mut out) {
                            break 'runs;
                        }
                    }
                }
            }
            List::Upcoming => loop {
                let mut best: Option<usize> = None;
                for r in 0..3 {
                    let (from, to) = runs[r];
                    if from < to && best.is_none_or(|b| due_of(sorted[from].key) < due_of(sorted[runs[b].0].key)) {
                        best = Some(r);
                    }
                }
                let Some(r) = best else { break };
                let e = sorted[runs[r].0];
                runs[r].0 += 1;
                if take(&e, &mut out) {
                    break;
                }
            },
        }
        let more = out.len() > limit;
        out.truncate(limit);
        Ok((out, more))
    }

    fn item(&self, slot: u32, today: NaiveDate) -> ListItem {
        let followup = self.followup(slot);
        let lateness = Lateness::of(followup.due, today);
        ListItem { followup, lateness }
    }

    /// R-4.7: a page of `limit` items of `user`'s `list` at `today`, after
    /// `cursor` (the `next_cursor` of the previous page; `None` for the
    /// first). Paging while the book does not change returns every item
    /// exactly once, in the list's order. A cursor not written by a book,
    /// or written for the other list, is `bad_cursor`.
    pub fn page(
        &self,
        user: &str,
        today: NaiveDate,
        list: List,
        filters: &Filters,
        limit: usize,
        cursor: Option<&str>,
    ) -> Result<Page, Error> {
        if limit == 0 {
            return Err(Error::ZeroLimit);
        }
        let cursor = cursor.map(Cursor::decode).transpose()?;
        if let Some(c) = &cursor {
            if c.list != list {
                return Err(Error::BadCursor { reason: "the cursor belongs to the other list".into() });
            }
        }
        let (slots, more) = self.collect(user, today, list, filters, limit, cursor.as_ref())?;
        let next_cursor = match (more, slots.last()) {
            (true, Some(&last)) => {
                let s = &self.slots[last as usize];
                let target = self.slots.name(last).to_owned();
                Some(Cursor { list, rank: s.priority.rank(), due: day_code(s.due), target }.encode())
            }
            _ => None,
        };
        Ok(Page { items: slots.into_iter().map(|s| self.item(s, today)).collect(), next_cursor })
    }

    /// R-4.4: `user`'s to-do and upcoming lists at the local date `today`,
    /// whole, in order, each item with its lateness (R-4.5).
    pub fn lists(&self, user: &str, today: NaiveDate, filters: &Filters) -> Result<Lists, Error> {
        let (todo, _) = self.collect(user, today, List::Todo, filters, usize::MAX, None)?;
        let (upcoming, _) = self.collect(user, today, List::Upcoming, filters, usize::MAX, None)?;
        Ok(Lists {
            todo: todo.into_iter().map(|s| self.item(s, today)).collect(),
            upcoming: upcoming.into_iter().map(|s| self.item(s, today)).collect(),
            rejected: Vec::new(),
        })
    }

    /// R-4.6: the day plan of `user` at `today`: to-do follow-ups of targets
    /// with an open opportunity first, then the other to-do follow-ups (each
    /// group in to-do order), then the best-scored suspects (score, then
    /// company id) that have no follow-up, at most `options.max_suspects`.
    pub fn day_plan(
        &self,
        user: &str,
        today: NaiveDate,
        filters: &Filters,
        options: &PlanOptions,
    ) -> Result<super::DayPlan, Error> {
        let (todo, _) = self.collect(user, today, List::Todo, filters, usize::MAX, None)?;
        let (hot, rest): (Vec<u32>, Vec<u32>) =
            todo.into_iter().partition(|&s| self.targets.get(self.slots.name(s)).is_some_and(|t| t.open_opportunity));
        let mut items: Vec<PlanItem> = Vec::with_capacity(hot.len() + rest.len());
        for s in hot {
            let ListItem { followup, lateness } = self.item(s, today);
            items.push(PlanItem::Opportunity { followup, lateness });
        }
        for s in rest {
            let ListItem { followup, lateness } = self.item(s, today);
            items.push(PlanItem::FollowUp { followup, lateness });
        }
        let (suspects, rejected) =
            super::plan::best_suspects(&options.suspects, options.max_suspects, |id| self.contains(id));
        items.extend(suspects);
        Ok(super::DayPlan { items, rejected })
    }
}
