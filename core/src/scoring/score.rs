//! Scoring a routine over companies (R-5.1, R-5.2, R-5.6) and comparing
//! with the previous run (R-5.3).

use super::Error;
use super::compile::Compiled;
use super::routine::{BASE_SCORE, Routine, Weight};
use super::table::Companies;
use crate::Rejection;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A company of a columnar ranking: its row, score and the weighted
/// criteria it met (bit `k` = `routine.weighted()[k]`). 16 bytes, no heap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankedRow {
    /// The company's row in the [`Companies`] table.
    pub row: u32,
    /// `min(100, 40 + Σ weights met)` (R-5.1).
    pub score: u8,
    /// The weighted criteria met, one bit each (R-5.2).
    pub matched: u64,
}

/// The result of [`score_table`]: rows, not ids, so that scoring ten
/// million companies allocates nothing per company but the ranking.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableScoring {
    /// Companies in the routine, best score first, then by id (R-5.1).
    pub ranking: Vec<RankedRow>,
    /// Rows of the companies that miss a mandatory criterion, in table
    /// order (a set: sort by id if an order matters).
    pub excluded: Vec<u32>,
    /// Companies refused: no id, an empty id, a duplicate id with other
    /// content, a criterion comparing different types.
    pub rejected: Vec<Rejection>,
}

/// What one weighted criterion added to a score (R-5.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// The criterion's index in the routine's `weighted` list.
    pub criterion: usize,
    /// Its weight.
    pub weight: Weight,
    /// The points it adds (30, 20, 10).
    pub added: u8,
}

/// A company in a routine, with the explanation of its score (R-5.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    /// The company.
    pub company_id: String,
    /// `min(100, raw)`.
    pub score: u8,
    /// `40 + Σ added`, before the cap at 100.
    pub raw: u32,
    /// The weighted criteria met, in the routine's order, with what each added.
    /// (Every mandatory criterion is met, or the company would not be ranked.)
    pub matched: Vec<Contribution>,
}

/// The result of [`score`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scoring {
    /// Companies in the routine, best score first, then by id (R-5.1).
    pub ranking: Vec<Ranked>,
    /// Companies that miss a mandatory criterion, by id.
    pub excluded: Vec<String>,
    /// Companies refused, by id then code.
    pub rejected: Vec<Rejection>,
}

/// A company's score in the previous run (R-5.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Previous {
    /// The company.
    pub company_id: String,
    /// Its score then.
    pub score: u8,
}

/// A score that changed between two runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreChange {
    /// The company.
    pub company_id: String,
    /// The previous score.
    pub from: u8,
    /// The current score.
    pub to: u8,
}

/// What changed since the previous run (R-5.3). Lists are by company id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// In the routine now, not in the previous run.
    pub entered: Vec<String>,
    /// In the previous run, not in the routine now (excluded, or absent
    /// from the companies given). Refused companies are neither.
    pub left: Vec<String>,
    /// In both runs with another score.
    pub changed: Vec<ScoreChange>,
    /// Rose to `notify_at` or above: previous score below it, or none.
    pub crossed: Vec<String>,
    /// Previous scores refused (an empty id, one id with two scores).
    pub rejected_previous: Vec<Rejection>,
}

/// The result of [`rescore`]: the current scoring and what changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rescoring {
    /// The current run.
    #[serde(flatten)]
    pub scoring: Scoring,
    /// What changed since the previous run.
    #[serde(flatten)]
    pub changes: Changes,
}

/// One block of rows, evaluated.
const BLOCK: usize = 64;

/// Scores a table of companies (R-5.1, R-5.2): in the routine iff every
/// mandatory criterion is met, score `min(100, 40 + Σ weights met)`.
///
/// Criteria are evaluated column by column, 64 companies at a time, into
/// bit words; nothing is allocated per company except its place in the
/// ranking or the excluded list. Companies with no id, an empty id, an id
/// used by another company with other content (identical copies count
/// once), or on which a criterion compares different types are rejected,
/// never a failure of the batch.
pub fn score_table(routine: &Routine, table: &Companies) -> TableScoring {
    let n = table.len();
    let checks = table.id_checks();
    let mut rejected = checks.rejected.clone();
    let skip = &checks.skip;
    let mandatory: Vec<Compiled> = routine.mandatory().iter().map(|c| Compiled::new(c, table)).collect();
    let weighted: Vec<Compiled> = routine.weighted().iter().map(|c| Compiled::new(&c.condition, table)).collect();
    let points: Vec<u32> = routine.weighted().iter().map(|c| u32::from(c.weight.points())).collect();
    let mut ranking = Vec::new();
    let mut excluded = Vec::new();
    let mut mismatched: Vec<u32> = Vec::new();
    let mut wbits = vec![0u64; weighted.len()];
    // Whether a mandatory criterion from `i` on, or any weighted one, can
    // meet a type mismatch: when none can, a block where no company is in
    // any more needs nothing else evaluated.
    let mut mandatory_mismatch_after = vec![false; mandatory.len()];
    for i in (0..mandatory.len()).rev() {
        mandatory_mismatch_after[i] =
            mandatory[i].can_mismatch() || mandatory_mismatch_after.get(i + 1).copied().unwrap_or(false);
    }
    let weighted_can_mismatch = weighted.iter().any(Compiled::can_mismatch);
    let mut base = 0;
    while base < n {
        let len = BLOCK.min(n - base);
        let all = if len == 64 { u64::MAX } else { (1u64 << len) - 1 };
        let skipped = skip.get(base / BLOCK).copied().unwrap_or(0);
        let mut inn = all & !skipped;
        let mut err = 0u64;
        for (i, c) in mandatory.iter().enumerate() {
            if inn == 0 && !mandatory_mismatch_after[i] {
                break;
            }
            let (t, m) = c.block(base, len);
            inn &= t;
            err |= m;
        }
        if inn & !err != 0 || weighted_can_mismatch {
            for (k, c) in weighted.iter().enumerate() {
                let (t, m) = c.block(base, len);
                wbits[k] = t;
                err |= m;
            }
        }
        let err = err & !skipped;
        let mut bits = inn & !err & !skipped;
        while bits != 0 {
            let j = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let mut raw = u32::from(BASE_SCORE);
            let mut matched = 0u64;
            for (k, w) in wbits.iter().enumerate() {
                let hit = (w >> j) & 1;
                raw += points[k] * hit as u32;
                matched |= hit << k;
            }
            ranking.push(RankedRow { row: (base + j) as u32, score: raw.min(100) as u8, matched });
        }
        let mut out = all & !inn & !err & !skipped;
        while out != 0 {
            let j = out.trailing_zeros() as usize;
            out &= out - 1;
            excluded.push((base + j) as u32);
        }
        let mut bad = err;
        while bad != 0 {
            let j = bad.trailing_zeros() as usize;
            bad &= bad - 1;
            mismatched.push((base + j) as u32);
        }
        base += len;
    }
    for row in mismatched {
        let row = row as usize;
        let found = mandatory
            .iter()
            .enumerate()
            .find_map(|(i, c)| c.first_mismatch(row).map(|l| (format!("$.mandatory[{i}]"), l)))
            .or_else(|| {
                weighted
                    .iter()
                    .enumerate()
                    .find_map(|(i, c)| c.first_mismatch(row).map(|l| (format!("$.weighted[{i}].condition"), l)))
            });
        if let Some((prefix, leaf)) = found {
            let e = crate::condition::mismatch(leaf.leaf, leaf.found(row)).within(&prefix);
            rejected.push(e.to_rejection(table.id(row)));
        }
    }
    ranking.sort_unstable_by(|a, b| {
        b.score.cmp(&a.score).then_with(|| table.id(a.row as usize).cmp(table.id(b.row as usize)))
    });
    rejected.sort();
    TableScoring { ranking, excluded, rejected }
}

/// Scores companies given as flat JSON objects (R-5.1, R-5.2): builds a
/// [`Companies`] table and calls [`score_table`], then names each company
/// and explains each score.
///
/// ```
/// use filrouge::scoring::{score, Routine};
/// use serde_json::{json, Map, Value};
///
/// let routine: Routine = serde_json::from_value(json!({
///   "id": "r-it", "title": "IT services", "users": ["u-anne"],
///   "mandatory": [{"field": "naf", "op": "starts_with", "value": "62"}],
///   "weighted": [{"weight": "important", "condition": {"field": "headcount", "op": "ge", "value": 10}},
///                {"weight": "interesting", "condition": {"field": "tags", "op": "contains", "value": "export"}}]
/// })).unwrap();
/// let companies: Vec<Map<String, Value>> = serde_json::from_value(json!([
///   {"id": "552100554", "naf": "62.01Z", "headcount": 12, "tags": ["export"]},
///   {"id": "732829320", "naf": "47.11F", "headcount": 300}
/// ])).unwrap();
/// let s = score(&routine, &companies);
/// assert_eq!((s.ranking[0].company_id.as_str(), s.ranking[0].score), ("552100554", 80));
/// assert_eq!(s.excluded, vec!["732829320"]);
/// ```
pub fn score(routine: &Routine, companies: &[Map<String, Value>]) -> Scoring {
    let table = Companies::from_maps(companies);
    score_table(routine, &table).to_scoring(routine, &table)
}

impl TableScoring {
    /// Names the companies and explains each score (R-5.2); `excluded` by id.
    pub fn to_scoring(&self, routine: &Routine, table: &Companies) -> Scoring {
        let ranking = self.ranking.iter().map(|r| explain(routine, table.id(r.row as usize), r)).collect();
        let mut excluded: Vec<String> = self.excluded.iter().map(|&r| table.id(r as usize).to_owned()).collect();
        excluded.sort_unstable();
        Scoring { ranking, excluded, rejected: self.rejected.clone() }
    }
}

/// The explanation of one ranked company (R-5.2).
pub fn explain(routine: &Routine, company_id: &str, row: &RankedRow) -> Ranked {
    let matched: Vec<Contribution> = routine
        .weighted()
        .iter()
        .enumerate()
        .filter(|(k, _)| row.matched >> k & 1 == 1)
        .map(|(k, c)| Contribution { criterion: k, weight: c.weight, added: c.weight.points() })
        .collect();
    let raw = u32::from(BASE_SCORE) + matched.iter().map(|c| u32::from(c.added)).sum::<u32>();
    Ranked { company_id: company_id.to_owned(), score: row.score, raw, matched }
}

/// Compares a run with the previous one (R-5.3): companies that entered,
/// left, changed score, and crossed `notify_at` upward (previous score
/// below it or absent, current at or above it: once per crossing, since
/// the next run's previous score is already at or above it).
pub fn changes(routine: &Routine, previous: &[Previous], current: &Scoring) -> Changes {
    use std::collections::BTreeMap;
    let mut out = Changes::default();
    let mut before: BTreeMap<&str, Option<u8>> = BTreeMap::new();
    for p in previous {
        if p.company_id.is_empty() {
            out.rejected_previous.push(Error::EmptyId { kind: "previous score" }.to_rejection(""));
            continue;
        }
        before
            .entry(&p.company_id)
            .and_modify(|s| {
                if *s != Some(p.score) {
                    *s = None;
                }
            })
            .or_insert(Some(p.score));
    }
    for (id, s) in &before {
        if s.is_none() {
            out.rejected_previous
                .push(Error::DuplicateId { kind: "previous score", id: (*id).to_owned() }.to_rejection(id));
        }
    }
    let refused: std::collections::BTreeSet<&str> = current.rejected.iter().map(|r| r.id.as_str()).collect();
    let now: BTreeMap<&str, u8> = current.ranking.iter().map(|r| (r.company_id.as_str(), r.score)).collect();
    for (&id, &score) in &now {
        match before.get(id) {
            None => out.entered.push(id.to_owned()),
            Some(None) => continue,
            Some(Some(from)) if *from != score => {
                out.changed.push(ScoreChange { company_id: id.to_owned(), from: *from, to: score })
            }
            Some(Some(_)) => {}
        }
        if let Some(at) = routine.notify_at() {
            let was_below = match before.get(id) {
                None => true,
                Some(Some(from)) => *from < at,
                Some(None) => false,
            };
            if score >= at && was_below {
                out.crossed.push(id.to_owned());
            }
        }
    }
    for (&id, s) in &before {
        if s.is_some() && !now.contains_key(id) && !refused.contains(id) {
            out.left.push(id.to_owned());
        }
    }
    out.rejected_previous.sort();
    out
}

/// Scores the companies and compares with the previous run (R-5.3).
pub fn rescore(routine: &Routine, previous: &[Previous], companies: &[Map<String, Value>]) -> Rescoring {
    let scoring = score(routine, companies);
    let changes = changes(routine, previous, &scoring);
    Rescoring { scoring, changes }
}
