//! Routines and suspect scoring (SPEC §5, R-5.1 … R-5.6): a routine's JSON
//! validated once into a [`Routine`] object, [`score`] and [`rescore`] over
//! companies given as typed maps (`Map<String, FieldValue>`, as for
//! conditions), and the long-lived [`Tags`] (R-5.4) and [`Directory`]
//! (R-5.5) as objects.

use crate::condition::FieldValue;
use crate::convert::lock;
use crate::error::FilrougeError;
use filrouge::Rejection;
use filrouge::scoring::{
    self as core, Changes, FollowupTagging, Licence, Previous, ScoreChange, Tag, TagState, Weight,
};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

// --- Vocabulary ---------------------------------------------------------------

/// The weight of a criterion (R-5.1).
#[uniffi::remote(Enum)]
pub enum Weight {
    /// +30 points.
    Important,
    /// +20 points.
    Notable,
    /// +10 points.
    Interesting,
}

/// Where a company stands in a routine (R-5.4).
#[uniffi::remote(Enum)]
pub enum Tag {
    /// Scored, not worked yet.
    Suspect,
    /// Being worked: a follow-up was put on it.
    Prospect,
    /// A client.
    Client,
    /// Not a target.
    OutOfTarget,
}

/// A user's licence (R-5.5).
#[uniffi::remote(Enum)]
pub enum Licence {
    /// Sees only the routines assigned to them.
    Standard,
    /// Sees every routine.
    Manager,
}

// --- The routine --------------------------------------------------------------

/// A routine (SPEC §5): who uses it, the criteria a company must meet, the
/// weighted criteria that score it, and the score from which a rise is
/// notified. Validated once ([`Routine::parse`]); immutable.
#[derive(Debug, uniffi::Object)]
pub struct Routine {
    inner: core::Routine,
}

#[uniffi::export]
impl Routine {
    /// Validates a routine's JSON text (SPEC §5's shape). `invalid_input`
    /// when the text is not JSON; otherwise the core's code: a criterion's
    /// R-6.1 code with its `path` in the routine
    /// (`$.weighted[1].condition.value`), `invalid_routine`, `empty_id`,
    /// `too_many_criteria`.
    #[uniffi::constructor]
    pub fn parse(json: String) -> Result<Arc<Self>, FilrougeError> {
        let value: Value = serde_json::from_str(&json)
            .map_err(|e| FilrougeError::invalid_input(format!("a routine must be JSON text: {e}")))?;
        Ok(Arc::new(Routine { inner: core::Routine::parse(&value)? }))
    }

    /// The routine's id.
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    /// Its title.
    pub fn title(&self) -> String {
        self.inner.title().to_owned()
    }

    /// Its description.
    pub fn description(&self) -> Option<String> {
        self.inner.description().map(str::to_owned)
    }

    /// The users it is assigned to.
    pub fn users(&self) -> Vec<String> {
        self.inner.users().to_vec()
    }

    /// The number of weighted criteria (indexes of `Contribution.criterion`).
    pub fn weighted_count(&self) -> u64 {
        self.inner.weighted().len() as u64
    }

    /// The score from which a rise is notified (R-5.3).
    pub fn notify_at(&self) -> Option<u8> {
        self.inner.notify_at()
    }

    /// The routine as JSON text (as it was given, key order aside).
    pub fn to_json(&self) -> String {
        self.inner.to_json().to_string()
    }
}

// --- Scores -------------------------------------------------------------------

/// What one weighted criterion added to a company's score (R-5.2).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Contribution {
    /// The criterion's index in the routine's weighted list.
    pub criterion: u64,
    /// Its weight.
    pub weight: Weight,
    /// The points it added.
    pub added: u8,
}

/// A company in the routine, with its score and why (R-5.1, R-5.2).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Ranked {
    /// The company.
    pub company_id: String,
    /// `min(100, raw)`.
    pub score: u8,
    /// `40 + Σ added`, before the cap.
    pub raw: u32,
    /// The criteria it met.
    pub matched: Vec<Contribution>,
}

impl From<core::Ranked> for Ranked {
    fn from(r: core::Ranked) -> Self {
        Ranked {
            company_id: r.company_id,
            score: r.score,
            raw: r.raw,
            matched: r
                .matched
                .into_iter()
                .map(|c| Contribution { criterion: c.criterion as u64, weight: c.weight, added: c.added })
                .collect(),
        }
    }
}

/// A scoring run (R-5.1).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Scoring {
    /// Companies in the routine, best score first, then by id.
    pub ranking: Vec<Ranked>,
    /// Companies that miss a mandatory criterion.
    pub excluded: Vec<String>,
    /// Refused companies, with the rule broken.
    pub rejected: Vec<Rejection>,
}

impl From<core::Scoring> for Scoring {
    fn from(s: core::Scoring) -> Self {
        Scoring { ranking: s.ranking.into_iter().map(Into::into).collect(), excluded: s.excluded, rejected: s.rejected }
    }
}

/// A company's score in the previous run (R-5.3).
#[uniffi::remote(Record)]
pub struct Previous {
    /// The company.
    pub company_id: String,
    /// Its score then.
    pub score: u8,
}

/// A score that changed between two runs.
#[uniffi::remote(Record)]
pub struct ScoreChange {
    /// The company.
    pub company_id: String,
    /// The previous score.
    pub from: u8,
    /// The current score.
    pub to: u8,
}

/// What changed since the previous run (R-5.3).
#[uniffi::remote(Record)]
pub struct Changes {
    /// Companies ranked now and not before.
    pub entered: Vec<String>,
    /// Companies ranked before and not now (refused ones aside).
    pub left: Vec<String>,
    /// Companies whose score changed.
    pub changed: Vec<ScoreChange>,
    /// Companies now at or above `notify_at` that were below it or absent.
    pub crossed: Vec<String>,
    /// Refused previous scores, with the rule.
    pub rejected_previous: Vec<Rejection>,
}

/// A run and its changes since the previous one (R-5.3).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Rescoring {
    /// The current run.
    pub scoring: Scoring,
    /// What changed.
    pub changes: Changes,
}

/// Companies as the core reads them (JSON objects). A company with a field
/// JSON cannot hold (a NaN or infinite number) is not scored: it comes back
/// as a rejection (`invalid_input`, `§0`) with its id when it has a text one.
fn companies(companies: Vec<HashMap<String, FieldValue>>) -> (Vec<Map<String, Value>>, Vec<Rejection>) {
    let mut ok = Vec::with_capacity(companies.len());
    let mut rejected = Vec::new();
    for c in companies {
        let id = match c.get("id") {
            Some(FieldValue::Text(id)) => id.clone(),
            _ => String::new(),
        };
        match crate::condition::to_object(c) {
            Ok(m) => ok.push(m),
            Err(e) => rejected.push(Rejection::new(&id, "§0", "invalid_input", e.to_string())),
        }
    }
    (ok, rejected)
}

/// R-5.1, R-5.2: the companies in `routine` (every mandatory criterion
/// met), scored `min(100, 40 + Σ weights)`, best first then by id, each
/// score explained; refused companies apart (never fails whole).
#[uniffi::export]
pub fn score(routine: Arc<Routine>, companies: Vec<HashMap<String, FieldValue>>) -> Scoring {
    let (companies, mut refused) = self::companies(companies);
    let mut out: Scoring = core::score(&routine.inner, &companies).into();
    out.rejected.append(&mut refused);
    out
}

/// R-5.3: scores `companies` and compares with the previous run.
#[uniffi::export]
pub fn rescore(
    routine: Arc<Routine>,
    previous: Vec<Previous>,
    companies: Vec<HashMap<String, FieldValue>>,
) -> Rescoring {
    let (companies, mut refused) = self::companies(companies);
    let out = core::rescore(&routine.inner, &previous, &companies);
    let mut scoring: Scoring = out.scoring.into();
    scoring.rejected.append(&mut refused);
    Rescoring { scoring, changes: out.changes }
}

// --- Tags (R-5.4) and the directory (R-5.5) -------------------------------------

/// The tag of a (company, routine) and its `ex_client` mark (R-5.4).
#[uniffi::remote(Record)]
pub struct TagState {
    /// The tag, if any.
    pub tag: Option<Tag>,
    /// The company was a client and is no longer one.
    pub ex_client: bool,
}

/// What putting a follow-up on a company did to its tag (R-5.4).
#[uniffi::remote(Record)]
pub struct FollowupTagging {
    /// The user's default routine (null: nothing to do).
    pub routine_id: Option<String>,
    /// The tag before.
    pub from: Option<Tag>,
    /// The tag after.
    pub to: Option<Tag>,
    /// Whether the tag changed.
    pub changed: bool,
}

/// Routines, who they are assigned to, licences and default routines
/// (R-5.5). Thread-safe; freed by `use {}`/`destroy()` in Kotlin.
#[derive(Debug, uniffi::Object)]
pub struct Directory {
    engine: Mutex<core::Directory>,
}

#[uniffi::export]
impl Directory {
    /// An empty directory.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Directory { engine: Mutex::new(core::Directory::default()) })
    }

    /// Adds a routine, or replaces its assignment, from its `users`.
    pub fn define_routine(&self, routine: Arc<Routine>) -> Result<(), FilrougeError> {
        lock(&self.engine)?.define_routine(&routine.inner);
        Ok(())
    }

    /// Assigns a known routine to exactly these users (`unknown_routine`).
    pub fn assign(&self, routine_id: String, users: Vec<String>) -> Result<(), FilrougeError> {
        Ok(lock(&self.engine)?.assign(&routine_id, &users)?)
    }

    /// Removes a routine and every default that named it.
    pub fn remove_routine(&self, routine_id: String) -> Result<(), FilrougeError> {
        lock(&self.engine)?.remove_routine(&routine_id);
        Ok(())
    }

    /// Sets a user's licence.
    pub fn set_licence(&self, user: String, licence: Licence) -> Result<(), FilrougeError> {
        Ok(lock(&self.engine)?.set_licence(&user, licence)?)
    }

    /// A user's licence (`Standard` unless set).
    pub fn licence(&self, user: String) -> Result<Licence, FilrougeError> {
        Ok(lock(&self.engine)?.licence(&user))
    }

    /// Whether `user` sees the routine (R-5.5).
    pub fn can_see(&self, user: String, routine_id: String) -> Result<bool, FilrougeError> {
        Ok(lock(&self.engine)?.can_see(&user, &routine_id))
    }

    /// The routines `user` sees, by id.
    pub fn visible_routines(&self, user: String) -> Result<Vec<String>, FilrougeError> {
        Ok(lock(&self.engine)?.visible_routines(&user).into_iter().map(str::to_owned).collect())
    }

    /// Sets `user`'s default routine (one they see); returns the one replaced.
    pub fn set_default_routine(&self, user: String, routine_id: String) -> Result<Option<String>, FilrougeError> {
        Ok(lock(&self.engine)?.set_default_routine(&user, &routine_id)?)
    }

    /// Clears `user`'s default routine; returns it.
    pub fn clear_default_routine(&self, user: String) -> Result<Option<String>, FilrougeError> {
        Ok(lock(&self.engine)?.clear_default_routine(&user))
    }

    /// `user`'s default routine (null while they cannot see it).
    pub fn default_routine(&self, user: String) -> Result<Option<String>, FilrougeError> {
        Ok(lock(&self.engine)?.default_routine(&user).map(str::to_owned))
    }
}

/// Tags of companies per routine (R-5.4). Thread-safe; freed by
/// `use {}`/`destroy()` in Kotlin.
#[derive(Debug, uniffi::Object)]
pub struct Tags {
    engine: Mutex<core::Tags>,
}

#[uniffi::export]
impl Tags {
    /// No tag yet.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Tags { engine: Mutex::new(core::Tags::default()) })
    }

    /// The tag of a company in a routine.
    pub fn tag_of(&self, company_id: String, routine_id: String) -> Result<TagState, FilrougeError> {
        Ok(lock(&self.engine)?.tag_of(&company_id, &routine_id))
    }

    /// Sets (or clears) a tag; leaving `Client` sets `ex_client`, becoming `Client` clears it.
    pub fn set_tag(&self, company_id: String, routine_id: String, tag: Option<Tag>) -> Result<TagState, FilrougeError> {
        Ok(lock(&self.engine)?.set_tag(&company_id, &routine_id, tag)?)
    }

    /// Sets or clears the `ex_client` mark by hand.
    pub fn mark_ex_client(
        &self,
        company_id: String,
        routine_id: String,
        ex_client: bool,
    ) -> Result<TagState, FilrougeError> {
        Ok(lock(&self.engine)?.mark_ex_client(&company_id, &routine_id, ex_client)?)
    }

    /// R-5.4: a follow-up was put on a company by `user`: in the user's
    /// default routine, `Suspect` or no tag becomes `Prospect`.
    pub fn followup_put(
        &self,
        directory: Arc<Directory>,
        user: String,
        company_id: String,
    ) -> Result<FollowupTagging, FilrougeError> {
        let dir = lock(&directory.engine)?.clone();
        Ok(lock(&self.engine)?.followup_put(&dir, &user, &company_id)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_5_1_score_and_a_company_json_cannot_hold_is_rejected() {
        let r = Routine::parse(
            r#"{"id": "r", "title": "t", "mandatory": [],
                "weighted": [{"weight": "important", "condition": {"field": "n", "op": "ge", "value": 1}}]}"#
                .into(),
        )
        .unwrap();
        let good =
            HashMap::from([("id".to_owned(), FieldValue::Text("c1".into())), ("n".into(), FieldValue::Number(2.0))]);
        let bad = HashMap::from([
            ("id".to_owned(), FieldValue::Text("c2".into())),
            ("n".into(), FieldValue::Number(f64::NAN)),
        ]);
        let s = score(r, vec![good, bad]);
        assert_eq!(s.ranking[0].score, 70);
        assert_eq!((s.rejected[0].id.as_str(), s.rejected[0].code.as_str()), ("c2", "invalid_input"));
        let e = Routine::parse(
            r#"{"id": "r", "title": "t", "mandatory": [{"field": "x", "op": "between", "value": [2, 1]}]}"#.into(),
        )
        .unwrap_err();
        assert!(
            matches!(e, FilrougeError::Refused { ref path, .. } if path.as_deref() == Some("$.mandatory[0].value")),
            "{e:?}"
        );
    }
}
