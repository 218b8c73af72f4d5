//! Laws of follow-ups (R-4.2 merge laws, R-4.3 removal, R-4.4 order,
//! stable pagination), checked against a plain reference model.

use chrono::{DateTime, NaiveDate, Utc};
use filrouge::followup::{
    self, BookState, Error, Filters, FollowUp, FollowUpBook, FollowUpColumns, List, Origin, Priority, Removal,
    TargetInfo, merge,
};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const USERS: [&str; 4] = ["u1", "u2", "u3", "u4"];
const PRIORITIES: [Priority; 3] = [Priority::Low, Priority::Normal, Priority::High];

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + chrono::Days::new(u64::from(n))
}

fn followup_on(targets: u8) -> impl Strategy<Value = FollowUp> {
    (
        0..targets,
        prop::collection::btree_set(0usize..4, 1..=3),
        0u32..12,
        0usize..3,
        any::<bool>(),
        prop::option::of((0u8..3, prop::option::of(0i64..3))),
    )
        .prop_map(|(t, users, due, p, manual, note)| FollowUp {
            target_id: format!("t{t}"),
            assignees: users.into_iter().map(|u| USERS[u].to_owned()).collect(),
            due: day(due),
            priority: PRIORITIES[p],
            origin: if manual { Origin::Manual } else { Origin::Automation },
            last_note: note.map(|(n, _)| format!("note {n}")),
            noted_at: note
                .and_then(|(_, at)| at)
                .map(|h| DateTime::<Utc>::from_timestamp(1_772_000_000 + h * 3600, 0).unwrap()),
        })
}

/// A follow-up on one of `targets` targets, or (one in six) one broken
/// the way the checks of SPEC §0 / §4 refuse: an empty target, no
/// assignee, or an empty assignee id among others.
fn maybe_broken(targets: u8) -> impl Strategy<Value = FollowUp> {
    (followup_on(targets), 0u8..18).prop_map(|(mut f, broken)| {
        match broken {
            0 => f.target_id.clear(),
            1 => f.assignees.clear(),
            2 => {
                f.assignees.insert(String::new());
            }
            _ => {}
        }
        f
    })
}

/// What a list holds, by the SPEC's words, from a plain map.
fn reference(
    model: &BTreeMap<String, FollowUp>,
    targets: &BTreeMap<String, TargetInfo>,
    user: &str,
    today: NaiveDate,
    f: &Filters,
) -> (Vec<String>, Vec<String>) {
    let whose = f.assignee.as_deref().unwrap_or(user);
    let keep: Vec<&FollowUp> = model
        .values()
        .filter(|x| f.everyone || x.assignees.contains(whose))
        .filter(|x| f.priorities.is_empty() || f.priorities.contains(&x.priority))
        .filter(|x| {
            let info = targets.get(&x.target_id).cloned().unwrap_or_default();
            f.routine.as_ref().is_none_or(|r| info.routines.contains(r))
                && f.tag.as_ref().is_none_or(|t| info.tags.contains(t))
                && f.opportunity.is_none_or(|o| info.open_opportunity == o)
        })
        .collect();
    let mut todo: Vec<&FollowUp> = keep.iter().copied().filter(|x| x.due <= today).collect();
    let mut upcoming: Vec<&FollowUp> = keep.iter().copied().filter(|x| x.due > today).collect();
    // high first: Priority's derived order is low < normal < high.
    todo.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.due.cmp(&b.due)).then(a.target_id.cmp(&b.target_id)));
    upcoming.sort_by(|a, b| a.due.cmp(&b.due).then(b.priority.cmp(&a.priority)).then(a.target_id.cmp(&b.target_id)));
    let ids = |xs: Vec<&FollowUp>| xs.into_iter().map(|x| x.target_id.clone()).collect();
    (ids(todo), ids(upcoming))
}

#[derive(Debug, Clone)]
enum Op {
    Put(FollowUp),
    Unassign(u8, usize),
    Delete(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => followup_on(12).prop_map(Op::Put),
        2 => (0u8..12, 0usize..4).prop_map(|(t, u)| Op::Unassign(t, u)),
        1 => (0u8..12).prop_map(Op::Delete),
    ]
}

fn filters() -> impl Strategy<Value = Filters> {
    (
        0usize..4,
        prop::option::of(0usize..4),
        any::<bool>(),
        prop::collection::vec(0usize..3, 0..3),
        prop::option::of(0u8..2),
        prop::option::of(0u8..2),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(_, assignee, everyone, ps, routine, tag, opportunity)| Filters {
            assignee: assignee.map(|u| USERS[u].to_owned()),
            everyone: everyone && assignee.is_none(),
            priorities: ps.into_iter().map(|p| PRIORITIES[p]).collect(),
            routine: routine.map(|r| format!("r{r}")),
            tag: tag.map(|t| format!("g{t}")),
            opportunity,
        })
}

fn target_infos() -> impl Strategy<Value = BTreeMap<String, TargetInfo>> {
    prop::collection::btree_map(
        (0u8..12).prop_map(|t| format!("t{t}")),
        (prop::collection::btree_set(0u8..2, 0..3), prop::collection::btree_set(0u8..2, 0..3), any::<bool>()).prop_map(
            |(r, g, o)| TargetInfo {
                routines: r.into_iter().map(|r| format!("r{r}")).collect(),
                tags: g.into_iter().map(|g| format!("g{g}")).collect(),
                open_opportunity: o,
            },
        ),
        0..8,
    )
}

fn apply(book: &mut FollowUpBook, model: &mut BTreeMap<String, FollowUp>, op: &Op) {
    match op {
        Op::Put(f) => {
            book.put(f.clone()).unwrap();
            let merged = match model.get(&f.target_id) {
                Some(old) => merge(old, f).unwrap(),
                None => f.clone(),
            };
            model.insert(f.target_id.clone(), merged);
        }
        Op::Unassign(t, u) => {
            let target = format!("t{t}");
            let got = book.unassign(&target, USERS[*u]);
            match model.get(&target).cloned() {
                None => assert!(matches!(got, Err(Error::UnknownTarget { .. }))),
                Some(old) => match old.unassign(USERS[*u]) {
                    Err(_) => assert!(matches!(got, Err(Error::NotAssigned { .. }))),
                    // the last assignee gone, the follow-up is deleted.
                    Ok(None) => {
                        assert!(matches!(got, Ok(Removal::Deleted { .. })), "{got:?}");
                        model.remove(&target);
                    }
                    Ok(Some(rest)) => {
                        assert_eq!(got.unwrap(), Removal::Unassigned { followup: rest.clone() });
                        model.insert(target, rest);
                    }
                },
            }
        }
        Op::Delete(t) => {
            let target = format!("t{t}");
            let got = book.delete(&target);
            match model.remove(&target) {
                Some(old) => assert_eq!(got.unwrap(), old),
                None => assert!(matches!(got, Err(Error::UnknownTarget { .. }))),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// merge is commutative.
    #[test]
    fn merge_is_commutative(a in followup_on(1), b in followup_on(1)) {
        prop_assert_eq!(merge(&a, &b).unwrap(), merge(&b, &a).unwrap());
    }

    /// merge is associative.
    #[test]
    fn merge_is_associative(a in followup_on(1), b in followup_on(1), c in followup_on(1)) {
        let left = merge(&merge(&a, &b).unwrap(), &c).unwrap();
        let right = merge(&a, &merge(&b, &c).unwrap()).unwrap();
        prop_assert_eq!(left, right);
    }

    /// merge is idempotent, and merging what a merge holds changes nothing.
    #[test]
    fn merge_is_idempotent(a in followup_on(1), b in followup_on(1)) {
        prop_assert_eq!(merge(&a, &a).unwrap(), a.clone());
        let m = merge(&a, &b).unwrap();
        prop_assert_eq!(merge(&m, &b).unwrap(), m);
    }

    /// the earlier due wins with its priority; same date, the higher priority.
    #[test]
    fn merge_keeps_the_earliest_schedule(a in followup_on(1), b in followup_on(1)) {
        let m = merge(&a, &b).unwrap();
        let winner = if (a.due, std::cmp::Reverse(a.priority)) <= (b.due, std::cmp::Reverse(b.priority)) { &a } else { &b };
        prop_assert_eq!((m.due, m.priority), (winner.due, winner.priority));
        let union: BTreeSet<String> = a.assignees.union(&b.assignees).cloned().collect();
        prop_assert_eq!(m.assignees, union);
    }

    /// different targets never merge.
    #[test]
    fn merging_different_targets_is_an_error(a in followup_on(1), mut b in followup_on(1)) {
        b.target_id = "other".into();
        let is_different_targets = matches!(merge(&a, &b), Err(Error::DifferentTargets { .. }));
        prop_assert!(is_different_targets);
    }

    /// after any sequence of puts, unassigns and
    /// deletes, the book's lists equal the SPEC's order over a plain model.
    #[test]
    fn book_lists_follow_the_reference(ops in prop::collection::vec(op(), 0..60), infos in target_infos(),
                                       user in 0usize..4, today in 0u32..12, f in filters()) {
        let mut book = FollowUpBook::new();
        let mut model = BTreeMap::new();
        for (id, info) in &infos {
            book.set_target(id, info.clone());
        }
        for (i, op) in ops.iter().enumerate() {
            apply(&mut book, &mut model, op);
            // Reading between writes exercises the incremental refresh.
            if i % 7 == 3 {
                let _ = book.lists(USERS[user], day(today), &f).unwrap();
            }
        }
        prop_assert_eq!(book.len(), model.len());
        let l = book.lists(USERS[user], day(today), &f).unwrap();
        let (todo, upcoming) = reference(&model, &infos, USERS[user], day(today), &f);
        let ids = |xs: &[followup::ListItem]| xs.iter().map(|x| x.followup.target_id.clone()).collect::<Vec<_>>();
        prop_assert_eq!(ids(&l.todo), todo);
        prop_assert_eq!(ids(&l.upcoming), upcoming);
        for item in l.todo.iter().chain(&l.upcoming) {
            prop_assert_eq!(&item.followup, &model[&item.followup.target_id]);
        }
    }

    /// paging through a list while nothing changes returns every item
    /// exactly once, in the list's order, whatever the page size.
    #[test]
    fn pages_return_every_item_once(puts in prop::collection::vec(followup_on(40), 0..80), user in 0usize..4,
                                    today in 0u32..12, limit in 1usize..7, upcoming in any::<bool>(), f in filters()) {
        let (book, rejected) = FollowUpBook::from_followups(puts);
        prop_assert!(rejected.is_empty());
        let list = if upcoming { List::Upcoming } else { List::Todo };
        let whole = book.lists(USERS[user], day(today), &f).unwrap();
        let whole = if upcoming { whole.upcoming } else { whole.todo };
        let mut cursor: Option<String> = None;
        let mut seen = Vec::new();
        for _ in 0..200 {
            let page = book.page(USERS[user], day(today), list, &f, limit, cursor.as_deref()).unwrap();
            prop_assert!(page.items.len() <= limit);
            seen.extend(page.items);
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        prop_assert_eq!(seen, whole);
    }

    /// a book is a function of its follow-ups as a set: any order of
    /// puts, and merging two books either way, give the same state.
    #[test]
    fn book_merge_is_order_independent(a in prop::collection::vec(followup_on(10), 0..30),
                                       b in prop::collection::vec(followup_on(10), 0..30),
                                       ia in target_infos(), ib in target_infos()) {
        let state = |fs: &[FollowUp], infos: &BTreeMap<String, TargetInfo>| BookState { followups: fs.to_vec(), targets: infos.clone() };
        let mut ab = FollowUpBook::new();
        ab.import(state(&a, &ia));
        ab.import(state(&b, &ib));
        let mut ba = FollowUpBook::new();
        ba.import(state(&b, &ib));
        ba.import(state(&a, &ia));
        prop_assert_eq!(ab.export(), ba.export());
        let mut reversed: Vec<FollowUp> = a.iter().chain(&b).cloned().collect();
        reversed.reverse();
        let (one, _) = FollowUpBook::from_followups(reversed);
        prop_assert_eq!(one.export().followups, ab.export().followups);
        // Idempotent: importing a book's own state changes nothing.
        let before = ab.export();
        ab.import(before.clone());
        prop_assert_eq!(ab.export(), before);
    }

    /// the bulk load (`put_all` / `from_followups` on an empty
    /// book) gives exactly the book the sequence of single `put`s gives:
    /// the same follow-ups, lists and pages, and it behaves the same under
    /// later puts and removals. Few targets, so copies and equal-hash runs merge.
    #[test]
    fn bulk_load_equals_a_sequence_of_puts(puts in prop::collection::vec(followup_on(12), 0..80),
                                           later in prop::collection::vec(followup_on(16), 0..10),
                                           user in 0usize..4, today in 0u32..12, f in filters()) {
        let (mut bulk, rejected) = FollowUpBook::from_followups(puts.clone());
        prop_assert!(rejected.is_empty());
        let mut single = FollowUpBook::new();
        for p in &puts {
            single.put(p).unwrap();
        }
        prop_assert_eq!(bulk.len(), single.len());
        prop_assert_eq!(bulk.export(), single.export());
        for round in 0..2 {
            for u in USERS {
                prop_assert_eq!(bulk.lists(u, day(today), &f).unwrap(), single.lists(u, day(today), &f).unwrap());
                let everyone = Filters { everyone: true, ..f.clone() };
                prop_assert_eq!(bulk.lists(u, day(today), &everyone).unwrap(), single.lists(u, day(today), &everyone).unwrap());
            }
            let a = bulk.page(USERS[user], day(today), List::Todo, &f, 3, None).unwrap();
            let b = single.page(USERS[user], day(today), List::Todo, &f, 3, None).unwrap();
            prop_assert_eq!(a, b);
            if round == 0 {
                for p in &later {
                    prop_assert_eq!(bulk.put(p).unwrap(), single.put(p).unwrap());
                }
                if let Some(p) = later.first() {
                    let u = p.assignees.first().unwrap();
                    prop_assert_eq!(bulk.unassign(&p.target_id, u).unwrap(), single.unassign(&p.target_id, u).unwrap());
                }
            }
        }
        prop_assert_eq!(bulk.export(), single.export());
    }

    /// through the columnar input: loading `FollowUpColumns` (into an
    /// empty book, then into a loaded one) gives exactly the book of the
    /// owned records and of the sequence of single puts — the same state,
    /// lists and pages — and refuses the same records (same rejections,
    /// with their row numbers). Few targets, so every merge case meets;
    /// some records are broken (empty target, no assignee, empty assignee).
    #[test]
    fn columns_load_equals_owned_load_and_single_puts(
        puts in prop::collection::vec(maybe_broken(12), 0..80),
        later in prop::collection::vec(maybe_broken(16), 0..20),
        user in 0usize..4, today in 0u32..12, f in filters()) {
        let mut single = FollowUpBook::new();
        let mut refused = Vec::new();
        for (row, p) in puts.iter().chain(&later).enumerate() {
            if let Err(e) = single.put(p) {
                refused.push((row, e.to_rejection(&p.target_id)));
            }
        }
        let mut owned = FollowUpBook::new();
        let mut owned_rejected = owned.put_all(&puts);
        owned_rejected.extend(owned.put_all(&later));
        let mut columnar = FollowUpBook::new();
        let first = FollowUpColumns::from(puts.as_slice());
        let second = FollowUpColumns::from(later.as_slice());
        prop_assert_eq!(first.to_followups(), puts.clone());
        let mut rows: Vec<(usize, followup::RefusedRow)> = Vec::new();
        rows.extend(columnar.put_columns(&first).into_iter().map(|r| (r.row, r)));
        rows.extend(columnar.put_columns(&second).into_iter().map(|r| (r.row + puts.len(), r)));
        let by_rows: Vec<(usize, filrouge::Rejection)> = rows.into_iter().map(|(row, r)| (row, r.rejection)).collect();
        prop_assert_eq!(&by_rows, &refused);
        prop_assert_eq!(owned_rejected, refused.into_iter().map(|(_, r)| r).collect::<Vec<_>>());
        prop_assert_eq!(columnar.len(), single.len());
        prop_assert_eq!(owned.export(), single.export());
        prop_assert_eq!(columnar.export(), single.export());
        for u in USERS {
            let s = single.lists(u, day(today), &f).unwrap();
            prop_assert_eq!(&columnar.lists(u, day(today), &f).unwrap(), &s);
            prop_assert_eq!(&owned.lists(u, day(today), &f).unwrap(), &s);
        }
        for list in [List::Todo, List::Upcoming] {
            let mut cursor = None;
            loop {
                let a = columnar.page(USERS[user], day(today), list, &f, 2, cursor.as_deref()).unwrap();
                let b = single.page(USERS[user], day(today), list, &f, 2, cursor.as_deref()).unwrap();
                prop_assert_eq!(&a, &b);
                match a.next_cursor {
                    Some(c) => cursor = Some(c),
                    None => break,
                }
            }
        }
    }

    /// any string given as a cursor is a typed error or a valid
    /// position, never a panic.
    #[test]
    fn garbage_cursors_are_typed_errors(text in ".{0,40}", hex in "[0-9a-f]{0,40}") {
        let (book, _) = FollowUpBook::from_followups(vec![FollowUp::new("t1", "u1", day(0)).unwrap()]);
        for c in [text.as_str(), hex.as_str()] {
            match book.page("u1", day(0), List::Todo, &Filters::default(), 5, Some(c)) {
                Ok(_) | Err(Error::BadCursor { .. }) => {}
                Err(e) => prop_assert!(false, "unexpected error {e:?}"),
            }
        }
    }
}

/// many deletions trigger a rebuild, after which the book still agrees with the model.
#[test]
fn deletions_past_the_rebuild_threshold_keep_the_book_exact() {
    let mut book = FollowUpBook::new();
    for i in 0..10_000 {
        let f = FollowUp {
            target_id: format!("t{i:05}"),
            assignees: BTreeSet::from([USERS[i % 4].to_owned()]),
            due: day((i % 20) as u32),
            priority: PRIORITIES[i % 3],
            origin: Origin::Manual,
            last_note: None,
            noted_at: None,
        };
        book.put(f).unwrap();
    }
    let before = book.lists("u1", day(10), &Filters::default()).unwrap();
    for i in 0..9_000 {
        if i % 4 != 0 {
            book.delete(&format!("t{i:05}")).unwrap();
        }
    }
    assert_eq!(book.len(), 10_000 - 6_750);
    let after = book.lists("u1", day(10), &Filters::default()).unwrap();
    // u1's follow-ups (i % 4 == 0) were all kept.
    assert_eq!(after.todo.len() + after.upcoming.len(), 2_500);
    assert!(after == before, "u1's lists changed across the rebuild");
    assert!(book.get("t00001").is_none());
    assert!(book.get("t09999").is_some());
}
