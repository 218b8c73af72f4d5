//! Routines and suspect scoring (SPEC §5, R-5.1 … ): `Routine`,
//! `score` / `scoreAsync`, `rescore`, `Companies` + `scoreTable`, `Tags`,
//! `Directory`.
//!
//! Routines and companies cross as the JSON of SPEC §5 (a routine's JSON is
//! snake_case, as its conditions; companies are the host's own flat rows,
//! never re-cased). Results are plain camelCase records.

use crate::convert::{Arg, Json, json, mirror_enum, record_from_js, whole};
use crate::error::{CoreError, Rejection, Result, core, guard, invalid, with_path};
use crate::task::{self, Job, Output, PendingList, Work};
use filrouge::scoring as s;
use napi::bindgen_prelude::{FromNapiValue, ValidateNapiValue};
use napi::{Env, Unknown, sys};
use napi_derive::napi;
use serde_json::{Map, Value};

impl CoreError for s::Error {
    fn code(&self) -> &'static str {
        s::Error::code(self)
    }
}

/// A scoring error as a thrown `Error`: a condition's error keeps its `path`
/// within the routine (`$.weighted[1].condition.value`).
fn scoring_error(anchor: &Unknown<'_>, e: &s::Error) -> crate::error::JsError {
    match e {
        s::Error::Condition(c) => with_path(anchor, e, c.path()),
        _ => core(e),
    }
}

/// The weight of a weighted criterion: 30, 20 or 10 points.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum Weight {
    Important,
    Notable,
    Interesting,
}
mirror_enum!(Weight <=> s::Weight { Important, Notable, Interesting });

/// Where a company stands in a routine.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum Tag {
    Suspect,
    Prospect,
    Client,
    OutOfTarget,
}
mirror_enum!(Tag <=> s::Tag { Suspect, Prospect, Client, OutOfTarget });

/// A user's licence.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum Licence {
    Standard,
    Manager,
}
mirror_enum!(Licence <=> s::Licence { Standard, Manager });

/// A validated routine: mandatory and weighted criteria over
/// company fields.
#[napi]
pub struct Routine {
    inner: s::Routine,
}

#[napi]
impl Routine {
    /// Validates a routine's JSON (SPEC §5, snake_case: `{id, title,
    /// description?, users, mandatory: [condition], weighted: [{weight,
    /// condition, label?}], notify_at?}`). Throws `invalid_routine`,
    /// `empty_id`, `too_many_criteria`, or a condition's code with its `path`.
    #[napi(factory, ts_args_type = "json: unknown")]
    pub fn parse(json: Unknown) -> Result<Self> {
        guard(|| {
            let value = self::json(Arg::from(&json), "json")?;
            s::Routine::parse(&value).map(|inner| Routine { inner }).map_err(|e| scoring_error(&json, &e))
        })
    }

    /// The routine's JSON (SPEC §5).
    #[napi(js_name = "toJSON", ts_return_type = "unknown")]
    pub fn to_json(&self) -> Json {
        Json(self.inner.to_json())
    }

    #[napi(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    #[napi(getter)]
    pub fn title(&self) -> String {
        self.inner.title().to_owned()
    }

    #[napi(getter)]
    pub fn description(&self) -> Option<String> {
        self.inner.description().map(str::to_owned)
    }

    #[napi(getter)]
    pub fn users(&self) -> Vec<String> {
        self.inner.users().to_vec()
    }

    #[napi(getter)]
    pub fn notify_at(&self) -> Option<u32> {
        self.inner.notify_at().map(u32::from)
    }
}

/// A class instance of `T` (checked with `instanceof`, so another class's
/// object is refused rather than misread).
pub(crate) fn instance<'a, T>(arg: &Unknown<'a>) -> Option<&'static T>
where
    &'static T: ValidateNapiValue + FromNapiValue,
{
    let a = Arg::from(arg);
    if a.kind() != napi::ValueType::Object {
        return None;
    }
    // SAFETY: plain napi calls on the current env and value.
    unsafe {
        <&'static T as ValidateNapiValue>::validate(a.env, a.value).ok()?;
        <&'static T as FromNapiValue>::from_napi_value(a.env, a.value).ok()
    }
}

/// A `Routine` instance, or a routine's JSON (validated now).
fn routine_arg(arg: &Unknown<'_>, path: &str) -> Result<s::Routine> {
    if let Some(r) = instance::<Routine>(arg) {
        return Ok(r.inner.clone());
    }
    let a = Arg::from(arg);
    if a.kind() != napi::ValueType::Object {
        return Err(invalid(path, "expected a Routine or a routine's JSON object"));
    }
    let value = json(a, path)?;
    s::Routine::parse(&value).map_err(|e| scoring_error(arg, &e))
}

/// A company: the host's flat JSON object (it must carry a text `id`).
pub struct Company(Map<String, Value>);

impl napi::bindgen_prelude::TypeName for Company {
    fn type_name() -> &'static str {
        "Company"
    }

    fn value_type() -> napi::ValueType {
        napi::ValueType::Object
    }
}

impl ValidateNapiValue for Company {
    /// Any value: [`json`] types every part of it itself.
    unsafe fn validate(_env: sys::napi_env, _value: sys::napi_value) -> napi::Result<sys::napi_value> {
        Ok(std::ptr::null_mut())
    }
}

impl FromNapiValue for Company {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        match json(Arg { env, value }, "") {
            Ok(Value::Object(map)) => Ok(Company(map)),
            Ok(_) => Err(napi::Error::from_reason("expected a company object")),
            Err(e) => Err(napi::Error::from_reason(e.reason.trim_start_matches(": ").to_owned())),
        }
    }
}

fn companies(arg: &Unknown<'_>, path: &'static str) -> Result<Vec<Map<String, Value>>> {
    Ok(Arg::from(arg).list::<Company>(path)?.into_iter().map(|c| c.0).collect())
}

/// What one weighted criterion added to a score.
#[napi(object, object_from_js = false)]
pub struct Contribution {
    /// The criterion's index in the routine's `weighted` list.
    pub criterion: u32,
    pub weight: Weight,
    /// The points it added.
    pub added: u32,
}

/// A company in the routine, its score and why.
#[napi(object, object_from_js = false)]
pub struct Ranked {
    pub company_id: String,
    /// `min(100, raw)`.
    pub score: u32,
    /// `40 + Σ added`, before the cap.
    pub raw: u32,
    pub matched: Vec<Contribution>,
}

impl From<s::Ranked> for Ranked {
    fn from(r: s::Ranked) -> Self {
        let s::Ranked { company_id, score, raw, matched } = r;
        Ranked {
            company_id,
            score: score.into(),
            raw,
            matched: matched
                .into_iter()
                .map(|c| Contribution {
                    criterion: u32::try_from(c.criterion).unwrap_or(u32::MAX),
                    weight: c.weight.into(),
                    added: c.added.into(),
                })
                .collect(),
        }
    }
}

/// The result of scoring companies with a routine.
#[napi(object, object_from_js = false)]
pub struct Scoring {
    /// Best score first, then by id.
    pub ranking: Vec<Ranked>,
    /// Companies failing a mandatory criterion.
    pub excluded: Vec<String>,
    /// Refused companies (no text id, empty id, conflicting duplicates, type mismatch).
    pub rejected: Vec<Rejection>,
}

impl From<s::Scoring> for Scoring {
    fn from(x: s::Scoring) -> Self {
        let s::Scoring { ranking, excluded, rejected } = x;
        Scoring {
            ranking: ranking.into_iter().map(Into::into).collect(),
            excluded,
            rejected: rejected.into_iter().map(Into::into).collect(),
        }
    }
}

/// Scores `companies` (flat objects with a text `id`) with `routine` (a
/// `Routine` or its JSON): in the routine iff every mandatory criterion is
/// met, ranked best first, each score explained.
#[napi(ts_args_type = "routine: Routine | object, companies: Array<{ [field: string]: unknown }>")]
pub fn score(routine: Unknown, companies: Unknown) -> Result<Scoring> {
    guard(|| {
        let routine = routine_arg(&routine, "routine")?;
        let companies = self::companies(&companies, "companies")?;
        Ok(s::score(&routine, &companies).into())
    })
}

/// `scoreAsync`'s input, read slice by slice.
struct ScoreJob {
    routine: s::Routine,
    companies: PendingList<Company>,
}

impl Job for ScoreJob {
    fn read(&mut self, deadline: std::time::Instant) -> Result<bool> {
        self.companies.read(deadline)
    }

    fn into_work(self: Box<Self>) -> Work {
        let ScoreJob { routine, companies } = *self;
        let companies: Vec<Map<String, Value>> = companies.items().into_iter().map(|c| c.0).collect();
        Box::new(move || {
            let Scoring { ranking, excluded, rejected } = s::score(&routine, &companies).into();
            Ok(Output::default()
                .list("ranking", ranking)
                .list("excluded", excluded)
                .list("rejected", rejected)
                .discard(companies))
        })
    }
}

/// `score` off the main thread, as a Promise (see `reconcileAsync`): the
/// companies are read in slices, the event loop stays free.
#[napi(
    ts_args_type = "routine: Routine | object, companies: Array<{ [field: string]: unknown }>",
    ts_return_type = "Promise<Scoring>"
)]
pub fn score_async(env: Env, routine: Unknown, companies: Unknown) -> napi::Result<Unknown<'static>> {
    task::start(env.raw(), || {
        Ok(Box::new(ScoreJob {
            routine: routine_arg(&routine, "routine")?,
            companies: PendingList::new(Arg::from(&companies), "companies")?,
        }))
    })
}

/// A company's score in the previous run.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Previous {
    pub company_id: String,
    pub score: f64,
}

record_from_js!(Previous { company_id: required "companyId", score: required "score" });

/// A company whose score changed.
#[napi(object, object_from_js = false)]
pub struct ScoreChange {
    pub company_id: String,
    pub from: u32,
    pub to: u32,
}

/// The current run and what changed since the previous one.
#[napi(object, object_from_js = false)]
pub struct Rescoring {
    pub ranking: Vec<Ranked>,
    pub excluded: Vec<String>,
    pub rejected: Vec<Rejection>,
    /// Ranked now, not before.
    pub entered: Vec<String>,
    /// Ranked before, not now (refused companies aside).
    pub left: Vec<String>,
    pub changed: Vec<ScoreChange>,
    /// At or above `notify_at` now, below it (or absent) before.
    pub crossed: Vec<String>,
    /// Refused previous entries.
    pub rejected_previous: Vec<Rejection>,
}

/// Scores `companies` again and compares with `previous`: entered,
/// left, changed, crossed `notify_at`.
#[napi(
    ts_args_type = "routine: Routine | object, previous: Previous[], companies: Array<{ [field: string]: unknown }>"
)]
pub fn rescore(routine: Unknown, previous: Unknown, companies: Unknown) -> Result<Rescoring> {
    guard(|| {
        let routine = routine_arg(&routine, "routine")?;
        let previous: Vec<Previous> = Arg::from(&previous).list("previous")?;
        let previous = previous
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                Ok(s::Previous { company_id: p.company_id, score: whole(p.score, || format!("previous[{i}].score"))? })
            })
            .collect::<Result<Vec<_>>>()?;
        let companies = self::companies(&companies, "companies")?;
        let s::Rescoring { scoring, changes } = s::rescore(&routine, &previous, &companies);
        let Scoring { ranking, excluded, rejected } = scoring.into();
        let s::Changes { entered, left, changed, crossed, rejected_previous } = changes;
        Ok(Rescoring {
            ranking,
            excluded,
            rejected,
            entered,
            left,
            changed: changed
                .into_iter()
                .map(|c| ScoreChange { company_id: c.company_id, from: c.from.into(), to: c.to.into() })
                .collect(),
            crossed,
            rejected_previous: rejected_previous.into_iter().map(Into::into).collect(),
        })
    })
}

/// A columnar table of companies built once and scored many times (the
/// fast path of `score`).
#[napi]
pub struct Companies {
    inner: s::Companies,
}

#[napi]
impl Companies {
    /// A table of `rows` (flat objects with a text `id`; default empty).
    #[napi(constructor, ts_args_type = "rows?: Array<{ [field: string]: unknown }> | null")]
    pub fn new(rows: Unknown) -> Result<Self> {
        guard(|| {
            let rows: Vec<Company> = Arg::from(&rows).list_or_empty("rows")?;
            Ok(Companies { inner: s::Companies::from_maps(rows.iter().map(|c| &c.0)) })
        })
    }

    /// Appends a row; returns its index.
    #[napi(ts_args_type = "row: { [field: string]: unknown }")]
    pub fn push(&mut self, row: Unknown) -> Result<u32> {
        guard(|| {
            let Value::Object(map) = json(Arg::from(&row), "row")? else {
                return Err(invalid("row", "expected an object"));
            };
            let at = self.inner.push(&map);
            u32::try_from(at).map_err(|_| invalid("row", "the table is full"))
        })
    }

    /// The number of rows.
    #[napi(getter)]
    pub fn length(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// The fields seen, in order of first appearance.
    #[napi]
    pub fn fields(&self) -> Vec<String> {
        self.inner.fields().to_vec()
    }
}

/// `score` over a `Companies` table: the same result.
#[napi(ts_args_type = "routine: Routine | object, companies: Companies")]
pub fn score_table(routine: Unknown, companies: Unknown) -> Result<Scoring> {
    guard(|| {
        let routine = routine_arg(&routine, "routine")?;
        let table =
            instance::<Companies>(&companies).ok_or_else(|| invalid("companies", "expected a Companies table"))?;
        Ok(s::score_table(&routine, &table.inner).to_scoring(&routine, &table.inner).into())
    })
}

/// The tag of a (company, routine) and its `exClient` mark.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct TagState {
    pub tag: Option<Tag>,
    pub ex_client: bool,
}

impl From<s::TagState> for TagState {
    fn from(t: s::TagState) -> Self {
        TagState { tag: t.tag.map(Into::into), ex_client: t.ex_client }
    }
}

/// What putting a follow-up on a company did to its tag.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct FollowupTagging {
    /// The user's default routine (`null`: none, nothing done).
    pub routine_id: Option<String>,
    pub from: Option<Tag>,
    pub to: Option<Tag>,
    pub changed: bool,
}

fn string(arg: &Unknown<'_>, path: &str) -> Result<String> {
    Arg::from(arg).string(path)
}

fn tag_opt(arg: &Unknown<'_>, path: &str) -> Result<Option<Tag>> {
    let a = Arg::from(arg);
    if a.is_nullish() { Ok(None) } else { a.to::<Tag>(path).map(Some) }
}

fn boolean(arg: &Unknown<'_>, path: &str) -> Result<bool> {
    let a = Arg::from(arg);
    if a.kind() != napi::ValueType::Boolean {
        return Err(invalid(path, "expected a boolean"));
    }
    a.to(path)
}

/// Tags of companies per routine.
#[napi]
pub struct Tags {
    inner: s::Tags,
}

#[napi]
impl Tags {
    /// An empty tag book.
    #[napi(constructor)]
    pub fn new() -> Self {
        Tags { inner: s::Tags::default() }
    }

    /// The tag of a company in a routine (`{tag: null, exClient: false}` by default).
    #[napi(ts_args_type = "companyId: string, routineId: string")]
    pub fn tag_of(&self, company_id: Unknown, routine_id: Unknown) -> Result<TagState> {
        guard(|| {
            let company_id = string(&company_id, "companyId")?;
            let routine_id = string(&routine_id, "routineId")?;
            Ok(self.inner.tag_of(&company_id, &routine_id).into())
        })
    }

    /// Sets (or clears, with `null`) a tag; leaving `client` sets `exClient`,
    /// becoming `client` clears it. Throws `empty_id`.
    #[napi(ts_args_type = "companyId: string, routineId: string, tag: Tag | null")]
    pub fn set_tag(&mut self, company_id: Unknown, routine_id: Unknown, tag: Unknown) -> Result<TagState> {
        guard(|| {
            let company_id = string(&company_id, "companyId")?;
            let routine_id = string(&routine_id, "routineId")?;
            let tag = tag_opt(&tag, "tag")?;
            self.inner.set_tag(&company_id, &routine_id, tag.map(Into::into)).map(Into::into).map_err(|e| core(&e))
        })
    }

    /// Sets or clears the `exClient` mark by hand. Throws `empty_id`.
    #[napi(ts_args_type = "companyId: string, routineId: string, exClient: boolean")]
    pub fn mark_ex_client(&mut self, company_id: Unknown, routine_id: Unknown, ex_client: Unknown) -> Result<TagState> {
        guard(|| {
            let company_id = string(&company_id, "companyId")?;
            let routine_id = string(&routine_id, "routineId")?;
            let ex_client = boolean(&ex_client, "exClient")?;
            self.inner.mark_ex_client(&company_id, &routine_id, ex_client).map(Into::into).map_err(|e| core(&e))
        })
    }

    /// `user` put a follow-up on a company: in the user's default
    /// routine (from `directory`), `suspect` or no tag becomes `prospect`.
    #[napi(ts_args_type = "directory: Directory, user: string, companyId: string")]
    pub fn followup_put(&mut self, directory: Unknown, user: Unknown, company_id: Unknown) -> Result<FollowupTagging> {
        guard(|| {
            let dir = instance::<Directory>(&directory).ok_or_else(|| invalid("directory", "expected a Directory"))?;
            let user = string(&user, "user")?;
            let company_id = string(&company_id, "companyId")?;
            let t = self.inner.followup_put(&dir.inner, &user, &company_id).map_err(|e| core(&e))?;
            Ok(FollowupTagging {
                routine_id: t.routine_id,
                from: t.from.map(Into::into),
                to: t.to.map(Into::into),
                changed: t.changed,
            })
        })
    }
}

impl Default for Tags {
    fn default() -> Self {
        Self::new()
    }
}

/// Who sees which routine, licences and each user's default routine.
#[napi]
pub struct Directory {
    inner: s::Directory,
}

impl Default for Directory {
    fn default() -> Self {
        Self::new()
    }
}

#[napi]
impl Directory {
    /// An empty directory.
    #[napi(constructor)]
    pub fn new() -> Self {
        Directory { inner: s::Directory::default() }
    }

    /// Defines (or redefines) a routine; its `users` are assigned (a
    /// redefinition replaces them). Returns the routine's id.
    #[napi(ts_args_type = "routine: Routine | object")]
    pub fn define_routine(&mut self, routine: Unknown) -> Result<String> {
        guard(|| {
            let routine = routine_arg(&routine, "routine")?;
            self.inner.define_routine(&routine);
            Ok(routine.id().to_owned())
        })
    }

    /// Assigns `users` to a routine. Throws `unknown_routine`, `empty_id`.
    #[napi(ts_args_type = "routineId: string, users: string[]")]
    pub fn assign(&mut self, routine_id: Unknown, users: Unknown) -> Result<()> {
        guard(|| {
            let routine_id = string(&routine_id, "routineId")?;
            let users: Vec<String> = Arg::from(&users).list("users")?;
            self.inner.assign(&routine_id, &users).map_err(|e| core(&e))
        })
    }

    /// Removes a routine; defaults naming it are cleared.
    #[napi(ts_args_type = "routineId: string")]
    pub fn remove_routine(&mut self, routine_id: Unknown) -> Result<()> {
        guard(|| {
            let routine_id = string(&routine_id, "routineId")?;
            self.inner.remove_routine(&routine_id);
            Ok(())
        })
    }

    /// Sets a user's licence (a manager sees every routine). Throws `empty_id`.
    #[napi(ts_args_type = "user: string, licence: Licence")]
    pub fn set_licence(&mut self, user: Unknown, licence: Unknown) -> Result<()> {
        guard(|| {
            let user = string(&user, "user")?;
            let licence: Licence = Arg::from(&licence).to("licence")?;
            self.inner.set_licence(&user, licence.into()).map_err(|e| core(&e))
        })
    }

    /// A user's licence (`standard` by default).
    #[napi(ts_args_type = "user: string")]
    pub fn licence(&self, user: Unknown) -> Result<Licence> {
        guard(|| Ok(self.inner.licence(&string(&user, "user")?).into()))
    }

    /// Whether `user` sees the routine.
    #[napi(ts_args_type = "user: string, routineId: string")]
    pub fn can_see(&self, user: Unknown, routine_id: Unknown) -> Result<bool> {
        guard(|| Ok(self.inner.can_see(&string(&user, "user")?, &string(&routine_id, "routineId")?)))
    }

    /// The routines `user` sees, by id.
    #[napi(ts_args_type = "user: string")]
    pub fn visible_routines(&self, user: Unknown) -> Result<Vec<String>> {
        guard(|| Ok(self.inner.visible_routines(&string(&user, "user")?).into_iter().map(str::to_owned).collect()))
    }

    /// Sets a user's default routine; returns the one replaced (or `null`).
    /// Throws `unknown_routine`, `routine_not_visible`.
    #[napi(ts_args_type = "user: string, routineId: string")]
    pub fn set_default_routine(&mut self, user: Unknown, routine_id: Unknown) -> Result<Option<String>> {
        guard(|| {
            let user = string(&user, "user")?;
            let routine_id = string(&routine_id, "routineId")?;
            self.inner.set_default_routine(&user, &routine_id).map_err(|e| core(&e))
        })
    }

    /// Clears a user's default routine; returns the one cleared (or `null`).
    #[napi(ts_args_type = "user: string")]
    pub fn clear_default_routine(&mut self, user: Unknown) -> Result<Option<String>> {
        guard(|| Ok(self.inner.clear_default_routine(&string(&user, "user")?)))
    }

    /// A user's default routine (`null` while they cannot see it).
    #[napi(ts_args_type = "user: string")]
    pub fn default_routine(&self, user: Unknown) -> Result<Option<String>> {
        guard(|| Ok(self.inner.default_routine(&string(&user, "user")?).map(str::to_owned)))
    }
}
