//! Survey triggers (SPEC §6, R-6.2 … ): `npsClass`, the `TriggerSet`,
//! `FiredLog` and `SurveyPressure` classes.
//!
//! Records cross as the mirror types of `mirror/trigger.rs` (serde with
//! camelCase keys; their TypeScript declarations are generated). The
//! host's data keep their keys: a trigger's `conditions` and a response's
//! `answers` are JSON kept as they are; `mapping`, a contact's fields,
//! custom fields and the logs are keyed by ids or field names.

use crate::convert::{Arg, Json, json, mirror_from_js, mirror_or_default, mirror_record, mirror_to_js};
use crate::error::{CoreError, Result, core, guard, invalid};
use crate::mirror::{Conv, trigger as m};
use filrouge::trigger as t;
use napi::Unknown;
use napi::bindgen_prelude::{FromNapiValue, ValidateNapiValue};
use napi_derive::napi;

impl CoreError for t::Error {
    fn code(&self) -> &'static str {
        t::Error::code(self)
    }
}

/// `value` (a core record) as JS through its mirror `M`.
fn out<C: Conv<M>, M: serde::Serialize>(value: C) -> Result<Json> {
    mirror_to_js(&value.conv())
}

/// A fired log's JSON through the core's serde (the log's fields are private).
fn log_from_mirror(json: m::FiredLogJson) -> Result<t::FiredLog> {
    let value = serde_json::to_value(json).map_err(|e| invalid("json", e))?;
    crate::convert::mirror_from_json(value, "json")
}

fn string(arg: &Unknown<'_>, path: &str) -> Result<String> {
    Arg::from(arg).string(path)
}

/// A class instance of `T` to mutate (checked with `instanceof`).
fn instance_mut<T>(arg: &Unknown<'_>) -> Option<&'static mut T>
where
    &'static mut T: ValidateNapiValue + FromNapiValue,
{
    let a = Arg::from(arg);
    if a.kind() != napi::ValueType::Object {
        return None;
    }
    // SAFETY: plain napi calls on the current env and value.
    unsafe {
        <&'static mut T as ValidateNapiValue>::validate(a.env, a.value).ok()?;
        <&'static mut T as FromNapiValue>::from_napi_value(a.env, a.value).ok()
    }
}

/// the NPS class of an answer (any JSON): `promoter` (9–10),
/// `passive` (7–8), `detractor` (0–6). Throws `invalid_nps_answer` for
/// anything but a whole number from 0 to 10.
#[napi(ts_args_type = "answer: unknown", ts_return_type = "NpsClass")]
pub fn nps_class(answer: Unknown) -> Result<String> {
    guard(|| {
        let answer = json(Arg::from(&answer), "answer")?;
        let class = t::nps_class(&answer).map_err(|e| core(&e))?;
        Ok(class.as_str().to_owned())
    })
}

/// Which triggers fired on which responses: none fires twice.
#[napi]
#[derive(Default)]
pub struct FiredLog {
    inner: t::FiredLog,
}

#[napi]
impl FiredLog {
    /// An empty log.
    #[napi(constructor)]
    pub fn new() -> Self {
        FiredLog::default()
    }

    /// A log from its JSON (`{fired: {responseId: [triggerId]}}`).
    #[napi(factory, js_name = "fromJSON", ts_args_type = "json: FiredLogJson")]
    pub fn from_json(json: Unknown) -> Result<Self> {
        guard(|| Ok(FiredLog { inner: log_from_mirror(mirror_record(Arg::from(&json), "json")?)? }))
    }

    /// The log's JSON (what a host persists).
    #[napi(js_name = "toJSON", ts_return_type = "FiredLogJson")]
    pub fn to_json(&self) -> Result<Json> {
        guard(|| {
            let value = serde_json::to_value(&self.inner).map_err(|e| invalid("json", e))?;
            let json: m::FiredLogJson = crate::convert::mirror_from_json(value, "json")?;
            mirror_to_js(&json)
        })
    }

    /// Whether `triggerId` already fired on `responseId`.
    #[napi(ts_args_type = "triggerId: string, responseId: string")]
    pub fn has_fired(&self, trigger_id: Unknown, response_id: Unknown) -> Result<bool> {
        guard(|| Ok(self.inner.has_fired(&string(&trigger_id, "triggerId")?, &string(&response_id, "responseId")?)))
    }

    /// Records a firing.
    #[napi(ts_args_type = "triggerId: string, responseId: string")]
    pub fn record(&mut self, trigger_id: Unknown, response_id: Unknown) -> Result<()> {
        guard(|| {
            let (trigger, response) = (string(&trigger_id, "triggerId")?, string(&response_id, "responseId")?);
            self.inner.record(&trigger, &response);
            Ok(())
        })
    }

    /// The number of firings.
    #[napi(getter)]
    pub fn length(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// Every firing as `[triggerId, responseId]`.
    #[napi(ts_return_type = "Array<[string, string]>")]
    pub fn firings(&self) -> Vec<Vec<String>> {
        self.inner.firings().into_iter().map(|(a, b)| vec![a.to_owned(), b.to_owned()]).collect()
    }
}

/// Validated triggers evaluated on survey responses.
#[napi]
pub struct TriggerSet {
    inner: t::TriggerSet,
}

fn log_arg(arg: &Unknown<'_>) -> Result<&'static mut t::FiredLog> {
    instance_mut::<FiredLog>(arg).map(|l| &mut l.inner).ok_or_else(|| invalid("log", "expected a FiredLog"))
}

#[napi]
impl TriggerSet {
    /// Validates `triggers` (ids, mappings, custom fields, conditions).
    /// Throws the trigger codes (`duplicate_trigger`, `unknown_target_field`, …).
    #[napi(constructor, ts_args_type = "triggers: Trigger[], config?: TriggerConfig | null")]
    pub fn new(triggers: Unknown, config: Unknown) -> Result<Self> {
        guard(|| {
            let triggers: Vec<m::Trigger> = mirror_from_js(Arg::from(&triggers), "triggers")?;
            let config: m::TriggerConfig = mirror_or_default(Arg::from(&config), "config")?;
            t::TriggerSet::new(triggers.conv(), config.conv()).map(|inner| TriggerSet { inner }).map_err(|e| core(&e))
        })
    }

    /// The triggers, as given.
    #[napi(ts_return_type = "Trigger[]")]
    pub fn triggers(&self) -> Result<Json> {
        guard(|| out::<_, Vec<m::Trigger>>(self.inner.triggers().cloned().collect::<Vec<_>>()))
    }

    /// the triggers that fire on one response (recorded in
    /// `log`), those already fired, not met, inactive, and the errors.
    /// Throws `survey_mismatch` and the response's own codes.
    #[napi(
        ts_args_type = "log: FiredLog, survey: Survey, response: SurveyResponse",
        ts_return_type = "ResponseOutcome"
    )]
    pub fn evaluate(&self, log: Unknown, survey: Unknown, response: Unknown) -> Result<Json> {
        guard(|| {
            let survey: t::Survey = mirror_record::<m::Survey>(Arg::from(&survey), "survey")?.conv();
            let response: t::Response = mirror_record::<m::SurveyResponse>(Arg::from(&response), "response")?.conv();
            let log = log_arg(&log)?;
            out::<_, m::ResponseOutcome>(self.inner.evaluate(log, &survey, &response).map_err(|e| core(&e))?)
        })
    }

    /// `evaluate` over a batch (in submission order); refused responses as rejections.
    #[napi(
        ts_args_type = "log: FiredLog, surveys: Survey[], responses: SurveyResponse[]",
        ts_return_type = "TriggerBatch"
    )]
    pub fn evaluate_all(&self, log: Unknown, surveys: Unknown, responses: Unknown) -> Result<Json> {
        guard(|| {
            let surveys: Vec<t::Survey> = mirror_from_js::<Vec<m::Survey>>(Arg::from(&surveys), "surveys")?.conv();
            let responses: Vec<t::Response> =
                mirror_from_js::<Vec<m::SurveyResponse>>(Arg::from(&responses), "responses")?.conv();
            let log = log_arg(&log)?;
            out::<_, m::TriggerBatch>(self.inner.evaluate_all(log, &surveys, &responses))
        })
    }
}

/// Survey pressure: whether a satisfaction survey may go to a client.
#[napi]
pub struct SurveyPressure {
    inner: t::SurveyPressure,
}

#[napi]
impl SurveyPressure {
    /// Empty, with `config` (`{timeZone?, period?}`, default 3 months).
    #[napi(constructor, ts_args_type = "config?: PressureConfig | null")]
    pub fn new(config: Unknown) -> Result<Self> {
        guard(|| {
            let config: m::PressureConfig = mirror_or_default(Arg::from(&config), "config")?;
            Ok(SurveyPressure { inner: t::SurveyPressure::new(config.conv()) })
        })
    }

    /// A state from its JSON (`{config, sent: {clientId: [{surveyId, sentAt}]}}`).
    #[napi(factory, js_name = "fromJSON", ts_args_type = "json: SurveyPressureJson")]
    pub fn from_json(json: Unknown) -> Result<Self> {
        guard(|| Ok(SurveyPressure { inner: mirror_record::<m::SurveyPressureJson>(Arg::from(&json), "json")?.conv() }))
    }

    /// The state's JSON (what a host persists).
    #[napi(js_name = "toJSON", ts_return_type = "SurveyPressureJson")]
    pub fn to_json(&self) -> Result<Json> {
        guard(|| out::<_, m::SurveyPressureJson>(self.inner.clone()))
    }

    /// The decision for `request`, nothing recorded.
    #[napi(ts_args_type = "request: SendRequest", ts_return_type = "SendDecision")]
    pub fn check(&self, request: Unknown) -> Result<Json> {
        guard(|| {
            let request: t::SendRequest = mirror_record::<m::SendRequest>(Arg::from(&request), "request")?.conv();
            out::<_, m::SendDecision>(self.inner.check(&request).map_err(|e| core(&e))?)
        })
    }

    /// The decision for `request`, recorded when it is `send`.
    #[napi(ts_args_type = "request: SendRequest", ts_return_type = "SendDecision")]
    pub fn send(&mut self, request: Unknown) -> Result<Json> {
        guard(|| {
            let request: t::SendRequest = mirror_record::<m::SendRequest>(Arg::from(&request), "request")?.conv();
            out::<_, m::SendDecision>(self.inner.send(&request).map_err(|e| core(&e))?)
        })
    }

    /// `send` for a batch (in time order); refused requests as rejections.
    #[napi(ts_args_type = "requests: SendRequest[]", ts_return_type = "SendPlan")]
    pub fn send_all(&mut self, requests: Unknown) -> Result<Json> {
        guard(|| {
            let requests: Vec<t::SendRequest> =
                mirror_from_js::<Vec<m::SendRequest>>(Arg::from(&requests), "requests")?.conv();
            out::<_, m::SendPlan>(self.inner.send_all(&requests))
        })
    }
}
