//! Evaluating triggers on responses, at most once per (trigger, response)
//! (R-6.3, R-6.4), one response at a time or in batches.

use super::definition::{Action, Source, Trigger, TriggerConfig, json_kind, parse_at};
use super::error::Error;
use super::model::{RespondentField, Response, Survey};
use super::nps::nps_class;
use crate::Rejection;
use crate::batch::{mark_duplicates, str_hash};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Which triggers fired on which responses: the state that makes a trigger
/// fire at most once per response (R-6.4), even when the same response is
/// evaluated again or delivered twice.
///
/// Serde data (`{"fired": {"resp-1": ["t-detractor"]}}`, responses and
/// triggers in id order): a host persists it with its responses and
/// restores it; replaying the same responses on a restored log fires
/// nothing again. Only firings are remembered: a response that met no
/// condition, or met them while its trigger was inactive, may still fire
/// later (after an edit of the response, or once the trigger is active).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FiredLog {
    /// Response id → ids of the triggers that fired on it, sorted.
    fired: FxHashMap<String, Vec<String>>,
}

/// The JSON shape of a [`FiredLog`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FiredLogJson<S: Ord> {
    #[serde(default)]
    fired: BTreeMap<S, BTreeSet<S>>,
}

impl Serialize for FiredLog {
    fn serialize<Z: serde::Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let fired = self.fired.iter().map(|(r, ts)| (r.as_str(), ts.iter().map(String::as_str).collect())).collect();
        FiredLogJson::<&str> { fired }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FiredLog {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = FiredLogJson::<String>::deserialize(deserializer)?;
        let fired = json
            .fired
            .into_iter()
            .filter(|(_, ts)| !ts.is_empty())
            .map(|(r, ts)| (r, ts.into_iter().collect()))
            .collect();
        Ok(FiredLog { fired })
    }
}

impl FiredLog {
    /// Whether `trigger_id` already fired on `response_id`.
    pub fn has_fired(&self, trigger_id: &str, response_id: &str) -> bool {
        self.fired.get(response_id).is_some_and(|t| t.binary_search_by(|x| x.as_str().cmp(trigger_id)).is_ok())
    }

    /// How many (trigger, response) firings are remembered.
    pub fn len(&self) -> usize {
        self.fired.values().map(Vec::len).sum()
    }

    /// Whether nothing fired yet.
    pub fn is_empty(&self) -> bool {
        self.fired.is_empty()
    }

    /// Every remembered firing as (trigger id, response id), by response
    /// id then trigger id.
    pub fn firings(&self) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> =
            self.fired.iter().flat_map(|(r, ts)| ts.iter().map(move |t| (t.as_str(), r.as_str()))).collect();
        out.sort_unstable_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
        out
    }

    /// Remembers that `trigger_id` fired on `response_id`.
    pub fn record(&mut self, trigger_id: &str, response_id: &str) {
        let ts = self.fired.entry(response_id.to_owned()).or_default();
        if let Err(at) = ts.binary_search_by(|x| x.as_str().cmp(trigger_id)) {
            ts.insert(at, trigger_id.to_owned());
        }
    }
}

/// A trigger that fired on a response: the contact to create (R-6.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Firing {
    /// The trigger.
    pub trigger_id: String,
    /// The trigger's name.
    pub trigger_name: String,
    /// The response it fired on.
    pub response_id: String,
    /// The response's survey.
    pub survey_id: String,
    /// The respondent.
    pub respondent_id: String,
    /// The action: a contact to create, with its mapped fields.
    pub action: FiredAction,
}

/// The action of a [`Firing`], with its values filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FiredAction {
    /// Create this contact.
    CreateContact {
        /// Target field → value (every mapped field; an unavailable value is `""`).
        contact: BTreeMap<String, String>,
        /// The follow-up survey to add the contact to, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        add_to_survey: Option<String>,
    },
}

/// What every trigger did with one response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseOutcome {
    /// The response.
    pub response_id: String,
    /// Triggers that fired now, by trigger id.
    pub fired: Vec<Firing>,
    /// Triggers whose conditions hold but which fired on this response before (R-6.4).
    pub already_fired: Vec<String>,
    /// Triggers whose conditions do not hold.
    pub not_met: Vec<String>,
    /// Inactive triggers of this survey (R-6.4: they do nothing).
    pub inactive: Vec<String>,
    /// Triggers that could not be evaluated on it (a condition's type
    /// mismatch, an NPS class of a non-score answer): `id` is the trigger's.
    pub errors: Vec<Rejection>,
}

/// The result of [`TriggerSet::evaluate_all`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggerBatch {
    /// Every firing, in (`submitted_at`, response id, trigger id) order.
    pub firings: Vec<Firing>,
    /// How many (trigger, response) pairs had fired before and were skipped (R-6.4).
    pub already_fired: usize,
    /// Responses refused, and (trigger, response) pairs that could not be
    /// evaluated (`id` is the response's; the message names the trigger).
    pub rejected: Vec<Rejection>,
}

/// One trigger, checked and with its mapping resolved.
#[derive(Debug, Clone)]
struct Compiled {
    trigger: Trigger,
    mapping: Vec<(String, Source)>,
}

/// Validated triggers, ready to evaluate responses (R-6.3, R-6.4).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use filrouge::trigger::{FiredLog, Response, Survey, Trigger, TriggerConfig, TriggerSet};
///
/// let trigger: Trigger = serde_json::from_str(r#"{
///   "id": "t1", "name": "Call back detractors",
///   "conditions": [{"field": "q_nps", "op": "le", "value": 6}],
///   "action": {"type": "create_contact"},
///   "mapping": {"email": {"from": "respondent", "field": "email"},
///               "custom_1": {"from": "nps_class", "question_id": "q_nps"}}}"#)?;
/// let set = TriggerSet::new(vec![trigger], TriggerConfig::default())?;
/// let survey: Survey = serde_json::from_str(r#"{"id": "s1", "title": "Satisfaction"}"#)?;
/// let response: Response = serde_json::from_str(r#"{"id": "r1", "survey_id": "s1",
///   "submitted_at": "2026-03-10T09:00:00Z",
///   "respondent": {"id": "cli-1", "email": "anne@example.org"}, "answers": {"q_nps": 3}}"#)?;
/// let mut log = FiredLog::default();
/// let first = set.evaluate(&mut log, &survey, &response)?;
/// assert_eq!(first.fired.len(), 1);
/// let again = set.evaluate(&mut log, &survey, &response)?; // a redelivery (R-6.4)
/// assert!(again.fired.is_empty());
/// assert_eq!(again.already_fired, ["t1"]);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct TriggerSet {
    triggers: Vec<Compiled>,
    config: TriggerConfig,
    /// The fields the conditions read, and where each comes from: the
    /// record handed to conditions holds only these.
    fields: Vec<(String, FieldRef)>,
}

/// Where a field named in a condition comes from.
#[derive(Debug, Clone)]
enum FieldRef {
    Answer(String),
    Respondent(RespondentField),
    Custom(u8),
    /// `respondent.<x>` where `x` names no field: always missing.
    Nothing,
}

impl TriggerSet {
    /// [`TriggerSet::new`] from the JSON list of triggers, each read with
    /// [`Trigger::parse`]: a bad condition is refused with the condition's
    /// own error and its path in the list (`$[2].conditions[1].op`).
    pub fn parse(triggers: &Value, config: TriggerConfig) -> Result<TriggerSet, Error> {
        let Value::Array(items) = triggers else {
            return Err(Error::InvalidTrigger {
                path: "$".to_owned(),
                message: format!("expected a list of triggers, got {}", json_kind(triggers)),
            });
        };
        let triggers =
            items.iter().enumerate().map(|(i, t)| parse_at(t, &format!("$[{i}]"))).collect::<Result<Vec<_>, _>>()?;
        TriggerSet::new(triggers, config)
    }

    /// Checks the triggers (non-empty unique ids, known target fields,
    /// custom fields 1–20 or configured names) and orders them by id.
    /// Identical copies of a trigger count once.
    pub fn new(triggers: Vec<Trigger>, config: TriggerConfig) -> Result<TriggerSet, Error> {
        config.validate()?;
        let mut compiled: Vec<Compiled> = Vec::with_capacity(triggers.len());
        for trigger in triggers {
            if trigger.id.is_empty() {
                return Err(Error::EmptyId { kind: "trigger" });
            }
            let mut mapping = Vec::with_capacity(trigger.mapping.len());
            let mut targets = BTreeSet::new();
            for (target, source) in &trigger.mapping {
                let target = config.target(&trigger.id, target)?;
                if !targets.insert(target.clone()) {
                    return Err(Error::DuplicateTarget { trigger_id: trigger.id.clone(), field: target });
                }
                mapping.push((target, config.source(&trigger.id, source)?));
            }
            compiled.push(Compiled { trigger, mapping });
        }
        compiled.sort_by(|a, b| a.trigger.id.cmp(&b.trigger.id));
        compiled.dedup_by(|b, a| a.trigger == b.trigger);
        if let Some(w) = compiled.windows(2).find(|w| w[0].trigger.id == w[1].trigger.id) {
            return Err(Error::DuplicateId { kind: "trigger", id: w[0].trigger.id.clone() });
        }
        let mut names: BTreeSet<&str> = BTreeSet::new();
        for c in &compiled {
            for cond in &c.trigger.conditions {
                names.extend(cond.fields());
            }
        }
        let fields = names.into_iter().map(|name| (name.to_owned(), field_ref(&config, name))).collect();
        Ok(TriggerSet { triggers: compiled, config, fields })
    }

    /// The triggers, by id.
    pub fn triggers(&self) -> impl Iterator<Item = &Trigger> {
        self.triggers.iter().map(|c| &c.trigger)
    }

    /// The settings.
    pub fn config(&self) -> &TriggerConfig {
        &self.config
    }

    /// Evaluates every trigger of `survey` on `response` (R-6.3, R-6.4) and
    /// records in `log` those that fire. Errors only when the response
    /// itself is unusable (empty id, another survey's response); a trigger
    /// that cannot be evaluated is listed in the outcome's `errors` and the
    /// others still run.
    pub fn evaluate(&self, log: &mut FiredLog, survey: &Survey, response: &Response) -> Result<ResponseOutcome, Error> {
        check_response(survey, response)?;
        let mut out = ResponseOutcome { response_id: response.id.clone(), ..ResponseOutcome::default() };
        self.run(log, survey, response, &mut out, None);
        Ok(out)
    }

    /// Runs every trigger of `survey` on a checked `response` into `out`.
    /// With `skipped` given (the batch path), triggers that did not fire
    /// are only counted there (already fired) or not listed at all.
    fn run(
        &self,
        log: &mut FiredLog,
        survey: &Survey,
        response: &Response,
        out: &mut ResponseOutcome,
        mut skipped: Option<&mut usize>,
    ) {
        let record = self.record(response);
        let detailed = skipped.is_none();
        for c in &self.triggers {
            let t = &c.trigger;
            if t.survey_id.as_ref().is_some_and(|s| *s != survey.id) {
                continue;
            }
            if !t.active {
                if detailed {
                    out.inactive.push(t.id.clone());
                }
                continue;
            }
            match self.holds(c, &record, response) {
                Err(e) => out.errors.push(e.to_rejection(&t.id)),
                Ok(false) if detailed => out.not_met.push(t.id.clone()),
                Ok(false) => {}
                Ok(true) if log.has_fired(&t.id, &response.id) => match skipped.as_deref_mut() {
                    Some(n) => *n += 1,
                    None => out.already_fired.push(t.id.clone()),
                },
                Ok(true) => match self.firing(c, survey, response) {
                    Err(e) => out.errors.push(e.to_rejection(&t.id)),
                    Ok(firing) => {
                        log.record(&t.id, &response.id);
                        out.fired.push(firing);
                    }
                },
            }
        }
    }

    /// Evaluates many responses (R-6.3, R-6.4) in (`submitted_at`, id)
    /// order, whatever the input order, recording firings in `log`. Never
    /// fails whole: a response with an empty id, an unknown survey, or
    /// several copies with different content (§0) is refused; identical
    /// copies (a redelivery) count once.
    pub fn evaluate_all(&self, log: &mut FiredLog, surveys: &[Survey], responses: &[Response]) -> TriggerBatch {
        let mut out = TriggerBatch::default();
        let survey_of: BTreeMap<&str, &Survey> = surveys.iter().map(|s| (s.id.as_str(), s)).collect();
        let mut drop = vec![false; responses.len()];
        let mut hashed = Vec::with_capacity(responses.len());
        for (i, r) in responses.iter().enumerate() {
            if r.id.is_empty() {
                out.rejected.push(Error::EmptyId { kind: "response" }.to_rejection(""));
                drop[i] = true;
            } else {
                hashed.push((str_hash(&r.id), i as u32));
            }
        }
        mark_duplicates(responses, hashed, "response", |r| &r.id, |a, b| a == b, &mut drop, &mut out.rejected);
        let mut order: Vec<&Response> = responses.iter().zip(&drop).filter(|(_, d)| !**d).map(|(r, _)| r).collect();
        order.sort_by(|a, b| (a.submitted_at, &a.id).cmp(&(b.submitted_at, &b.id)));
        let mut outcome = ResponseOutcome::default();
        for r in order {
            let Some(survey) = survey_of.get(r.survey_id.as_str()) else {
                let e = Error::UnknownSurvey { response_id: r.id.clone(), survey_id: r.survey_id.clone() };
                out.rejected.push(e.to_rejection(&r.id));
                continue;
            };
            if let Err(e) = check_response(survey, r) {
                out.rejected.push(e.to_rejection(&r.id));
                continue;
            }
            outcome.fired.clear();
            outcome.errors.clear();
            self.run(log, survey, r, &mut outcome, Some(&mut out.already_fired));
            out.firings.append(&mut outcome.fired);
            out.rejected.extend(outcome.errors.drain(..).map(|mut e| {
                e.id = r.id.clone();
                e
            }));
        }
        out.rejected.sort();
        out
    }

    /// The flat record conditions read: answers by question id, respondent
    /// fields as `respondent.<field>` (custom fields as
    /// `respondent.custom_<n>` and by name); only the fields some
    /// condition names are copied.
    fn record(&self, response: &Response) -> Map<String, Value> {
        let mut record = Map::new();
        let p = &response.respondent;
        for (name, source) in &self.fields {
            let value = match source {
                FieldRef::Answer(q) => response.answers.get(q).cloned(),
                FieldRef::Respondent(f) => p.get(*f).map(|v| Value::String(v.to_owned())),
                FieldRef::Custom(n) => p.custom(*n).map(|v| Value::String(v.to_owned())),
                FieldRef::Nothing => None,
            };
            if let Some(v) = value {
                record.insert(name.clone(), v);
            }
        }
        record
    }

    /// Whether every condition of `c` holds on the response's record.
    /// Every condition is evaluated, like the children of `all` (R-6.1): a
    /// type mismatch is an error even when another condition is false.
    fn holds(&self, c: &Compiled, record: &Map<String, Value>, response: &Response) -> Result<bool, Error> {
        let t = &c.trigger;
        let mut all = true;
        for (i, cond) in t.conditions.iter().enumerate() {
            let holds = cond.evaluate(record).map_err(|e| {
                let e = e.within(&format!("$.conditions[{i}]"));
                Error::Condition {
                    trigger_id: t.id.clone(),
                    response_id: response.id.clone(),
                    code: e.code(),
                    message: e.to_string(),
                }
            })?;
            all &= holds;
        }
        Ok(all)
    }

    /// The firing of `c` on `response`: its action with the mapped values.
    fn firing(&self, c: &Compiled, survey: &Survey, response: &Response) -> Result<Firing, Error> {
        let t = &c.trigger;
        let mut contact = BTreeMap::new();
        for (target, source) in &c.mapping {
            contact.insert(target.clone(), value(source, t, survey, response)?);
        }
        let action = match &t.action {
            Action::CreateContact { add_to_survey } => {
                FiredAction::CreateContact { contact, add_to_survey: add_to_survey.clone() }
            }
        };
        Ok(Firing {
            trigger_id: t.id.clone(),
            trigger_name: t.name.clone(),
            response_id: response.id.clone(),
            survey_id: survey.id.clone(),
            respondent_id: response.respondent.id.clone(),
            action,
        })
    }
}

/// Where the condition field `name` reads from: `respondent.<field>`,
/// `respondent.custom_<n>`, `respondent.<custom field name>`, or else the
/// answer to question `name`.
fn field_ref(config: &TriggerConfig, name: &str) -> FieldRef {
    let Some(rest) = name.strip_prefix("respondent.") else {
        return FieldRef::Answer(name.to_owned());
    };
    if let Some(f) = RespondentField::from_name(rest) {
        return FieldRef::Respondent(f);
    }
    match config.target("", rest) {
        Ok(canonical) => canonical
            .strip_prefix("custom_")
            .and_then(|n| n.parse().ok())
            .map(FieldRef::Custom)
            .unwrap_or(FieldRef::Nothing),
        Err(_) => FieldRef::Nothing,
    }
}

fn check_response(survey: &Survey, response: &Response) -> Result<(), Error> {
    if response.id.is_empty() {
        return Err(Error::EmptyId { kind: "response" });
    }
    if response.survey_id != survey.id {
        return Err(Error::UnknownSurvey { response_id: response.id.clone(), survey_id: response.survey_id.clone() });
    }
    Ok(())
}

/// A mapped field's value (R-6.3); whatever is not available is `""`.
fn value(source: &Source, t: &Trigger, survey: &Survey, response: &Response) -> Result<String, Error> {
    let p = &response.respondent;
    Ok(match source {
        Source::Text(s) => s.clone(),
        Source::Respondent(f) => p.get(*f).unwrap_or_default().to_owned(),
        Source::Custom(n) => p.custom(*n).unwrap_or_default().to_owned(),
        Source::Answer(q) => response.answers.get(q).map(answer_text).unwrap_or_default(),
        Source::Nps(q) => match response.answers.get(q) {
            None | Some(Value::Null) => String::new(),
            Some(a) => nps_class(a)
                .map_err(|_| Error::MappedNpsAnswer {
                    trigger_id: t.id.clone(),
                    response_id: response.id.clone(),
                    question_id: q.clone(),
                    answer: a.to_string(),
                })?
                .as_str()
                .to_owned(),
        },
        Source::SurveyTitle => survey.title.clone(),
        Source::SurveyEndDate => survey.end_date.map(|d| d.to_string()).unwrap_or_default(),
        Source::SurveyReference => survey.reference.clone().unwrap_or_default(),
        Source::TriggerName => t.name.clone(),
    })
}

/// An answer as text: strings as they are, numbers and booleans as JSON
/// writes them, lists joined by `, `, `null` empty, objects as JSON.
pub(crate) fn answer_text(answer: &Value) -> String {
    match answer {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(answer_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(triggers: Value, names: &[(&str, i64)]) -> Result<TriggerSet, Error> {
        let config = TriggerConfig { custom_field_names: names.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect() };
        TriggerSet::new(serde_json::from_value(triggers).unwrap(), config)
    }

    #[test]
    fn r_6_3_targets_are_canonical_and_checked() {
        let t = |target: &str| json!([{"id": "t", "name": "n", "action": {"type": "create_contact"}, "mapping": {target: {"from": "empty"}}}]);
        assert!(set(t("custom_20"), &[]).is_ok());
        assert!(set(t("box"), &[]).is_ok());
        for (target, code) in [
            ("custom_21", "invalid_custom_field"),
            ("custom_0", "invalid_custom_field"),
            ("custom_03", "unknown_target_field"),
            ("nickname", "unknown_target_field"),
        ] {
            assert_eq!(set(t(target), &[]).unwrap_err().code(), code, "{target}");
        }
        assert_eq!(set(t("x"), &[("segment", 21)]).unwrap_err().code(), "invalid_custom_field");
        let e = set(t("nickname"), &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "trigger \"t\" maps target field \"nickname\", which is neither a respondent field, custom_1 … custom_20 nor a named custom field"
        );
    }

    #[test]
    fn r_6_3_conditions_see_only_named_fields_with_their_prefixes() {
        let s = set(
            json!([{"id": "t", "name": "n", "action": {"type": "create_contact"},
                    "conditions": [{"field": "respondent.segment", "op": "eq", "value": "gold"},
                                   {"field": "email", "op": "exists"},
                                   {"field": "respondent.nickname", "op": "exists"}]}]),
            &[("segment", 3)],
        )
        .unwrap();
        let response: Response = serde_json::from_value(json!({
            "id": "r", "survey_id": "s", "submitted_at": "2026-03-10T09:00:00Z",
            "respondent": {"id": "c", "email": "a@b.c", "custom_fields": {"3": "gold"}},
            "answers": {"email": "answer", "q_other": 1}
        }))
        .unwrap();
        let record = s.record(&response);
        // The answer "email" and the respondent's e-mail stay apart; only named fields are copied.
        assert_eq!(Value::Object(record), json!({"respondent.segment": "gold", "email": "answer"}));
    }

    #[test]
    fn r_6_4_log_json_is_sorted_and_deduplicated() {
        let mut log = FiredLog::default();
        log.record("t2", "r2");
        log.record("t1", "r2");
        log.record("t1", "r1");
        log.record("t1", "r1");
        assert_eq!(serde_json::to_value(&log).unwrap(), json!({"fired": {"r1": ["t1"], "r2": ["t1", "t2"]}}));
        assert_eq!(log.len(), 3);
        assert_eq!(log.firings(), [("t1", "r1"), ("t1", "r2"), ("t2", "r2")]);
        let back: FiredLog = serde_json::from_value(json!({"fired": {"r1": ["t1", "t1"], "r3": []}})).unwrap();
        assert_eq!(back.len(), 1);
        assert!(back.has_fired("t1", "r1") && !back.has_fired("t1", "r3"));
    }

    #[test]
    fn r_6_1_parse_gives_a_bad_condition_its_own_error_and_path() {
        let t = |conditions: Value| json!({"id": "t", "name": "n", "action": {"type": "create_contact"}, "conditions": conditions});
        let ok = t(json!([{"field": "q1", "op": "ge", "value": 9}]));
        let parsed = Trigger::parse(&ok).unwrap();
        assert_eq!(parsed, serde_json::from_value::<Trigger>(ok.clone()).unwrap());
        assert_eq!(parsed.conditions.len(), 1);

        let e = Trigger::parse(&t(
            json!([{"field": "q1", "op": "ge", "value": 9}, {"all": [{"field": "q1", "op": "approx", "value": 9}]}]),
        ))
        .unwrap_err();
        assert_eq!((e.code(), e.rule(), e.path()), ("unknown_operator", "R-6.1", Some("$.conditions[1].all[0].op")));
        assert!(matches!(&e, Error::InvalidCondition(c) if c.code() == "unknown_operator"));

        let e = TriggerSet::parse(
            &json!([ok, t(json!([{"field": "d", "op": "between", "value": [9, 1]}]))]),
            TriggerConfig::default(),
        )
        .unwrap_err();
        assert_eq!((e.code(), e.path()), ("between_reversed", Some("$[1].conditions[0].value")));
        let e =
            TriggerSet::parse(&json!([t(json!([{"field": "q1", "op": "ge"}]))]), TriggerConfig::default()).unwrap_err();
        assert_eq!((e.code(), e.path()), ("missing_value", Some("$[0].conditions[0]")));
    }

    #[test]
    fn r_6_3_parse_refuses_other_shapes_as_invalid_trigger() {
        let cfg = TriggerConfig::default;
        let e = TriggerSet::parse(&json!({"id": "t"}), cfg()).unwrap_err();
        assert_eq!((e.code(), e.rule(), e.path()), ("invalid_trigger", "R-6.3", Some("$")));
        let e = TriggerSet::parse(&json!([{"id": "t", "name": "n"}]), cfg()).unwrap_err();
        assert_eq!((e.code(), e.path()), ("invalid_trigger", Some("$[0]")));
        assert!(e.to_string().contains("action"), "{e}");
        let e =
            Trigger::parse(&json!({"id": "t", "name": "n", "action": {"type": "create_contact"}, "conditions": "x"}))
                .unwrap_err();
        assert_eq!(e.code(), "invalid_trigger");
        assert_eq!(
            Trigger::parse(&json!(7)).unwrap_err().to_string(),
            "trigger at $: expected a trigger object, got a number"
        );
        // Checks of TriggerSet::new still apply.
        let e = TriggerSet::parse(&json!([{"id": "", "name": "n", "action": {"type": "create_contact"}}]), cfg())
            .unwrap_err();
        assert_eq!((e.code(), e.path()), ("empty_id", None));
        let s =
            TriggerSet::parse(&json!([{"id": "t", "name": "n", "action": {"type": "create_contact"}}]), cfg()).unwrap();
        assert_eq!(s.triggers().count(), 1);
    }
}
