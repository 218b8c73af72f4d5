//! Survey pressure (R-6.5): a client receives at most one satisfaction
//! survey per period (default 3 calendar months, local days in the
//! configured time zone).

use super::error::Error;
use super::model::SurveyKind;
use crate::Rejection;
use crate::time::{CalendarPeriod, DEFAULT_TIME_ZONE, local_day, start_of_day};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How survey pressure is counted (R-6.5).
///
/// JSON (every key optional): `{"time_zone": "Europe/Paris", "period": {"months": 3}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PressureConfig {
    /// The zone whose calendar days and months count (default `Europe/Paris`).
    pub time_zone: Tz,
    /// The least distance between two satisfaction surveys to one client,
    /// stepped on local dates: `{"months": 3}` (default), `{"days": 90}`, `{"years": 1}`.
    pub period: CalendarPeriod,
}

impl Default for PressureConfig {
    fn default() -> Self {
        PressureConfig { time_zone: DEFAULT_TIME_ZONE, period: CalendarPeriod::Months(3) }
    }
}

impl PressureConfig {
    /// The first local day a survey may be sent after one sent on `day`:
    /// `day` + the period on the calendar (Nov 30 + 3 months = Feb 28 or 29).
    pub fn allowed_from(&self, day: NaiveDate) -> NaiveDate {
        self.period.add_to_date(day).unwrap_or(NaiveDate::MAX)
    }
}

/// A survey about to be sent to a client.
///
/// JSON: `{"client_id": "cli-42", "survey_id": "s-2026-q2", "kind": "satisfaction", "at": "2026-04-02T08:00:00Z"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendRequest {
    /// The client (the respondent to be).
    pub client_id: String,
    /// The survey.
    pub survey_id: String,
    /// `satisfaction` (default) or `other`; only satisfaction surveys are limited.
    #[serde(default)]
    pub kind: SurveyKind,
    /// When it would be sent.
    pub at: DateTime<Utc>,
}

/// A satisfaction survey sent to a client, as the ledger remembers it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentSurvey {
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// The survey.
    pub survey_id: String,
}

/// Why a send was suppressed (R-6.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressReason {
    /// Another satisfaction survey reached the client less than a period before (or after).
    SurveyPressure,
    /// This very survey was already sent to this client (a retried send).
    AlreadySent,
}

/// Whether a survey may go to a client (R-6.5).
///
/// JSON: `{"decision": "send", "counted": true}` or `{"decision": "suppress",
/// "reason": "survey_pressure", "previous": {"survey_id": "s-q1", "sent_at": …},
/// "allowed_from": "2026-04-10"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum SendDecision {
    /// Send it. `counted` says whether it counts for survey pressure
    /// (satisfaction surveys) or not (`other` surveys).
    Send {
        /// Whether the send was (or would be) recorded.
        counted: bool,
    },
    /// Do not send it, and why.
    Suppress {
        /// Why.
        reason: SuppressReason,
        /// The send that stands in the way.
        previous: SentSurvey,
        /// The first local day this client may receive a satisfaction
        /// survey again (`None` for `already_sent`: never this survey).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        allowed_from: Option<NaiveDate>,
        /// The first instant of `allowed_from` in the configured zone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        allowed_at: Option<DateTime<Utc>>,
    },
}

impl SendDecision {
    /// Whether the survey may be sent.
    pub fn is_send(&self) -> bool {
        matches!(self, SendDecision::Send { .. })
    }
}

/// The satisfaction surveys each client received: the state of survey
/// pressure (R-6.5). Serde data: a host persists it and restores it.
///
/// ```
/// use filrouge::trigger::{SendDecision, SendRequest, SurveyPressure};
///
/// let mut ledger = SurveyPressure::default(); // 3 calendar months, Europe/Paris
/// let q1: SendRequest = serde_json::from_str(
///     r#"{"client_id": "cli-1", "survey_id": "s-q1", "at": "2026-01-10T09:00:00Z"}"#).unwrap();
/// assert!(ledger.send(&q1).unwrap().is_send());
/// let q2 = SendRequest { survey_id: "s-q2".into(), at: "2026-03-01T09:00:00Z".parse().unwrap(), ..q1 };
/// match ledger.send(&q2).unwrap() {
///     SendDecision::Suppress { allowed_from, .. } => assert_eq!(allowed_from.unwrap().to_string(), "2026-04-10"),
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SurveyPressure {
    /// How pressure is counted.
    pub config: PressureConfig,
    /// Per client, the satisfaction surveys sent, by (`sent_at`, survey id).
    pub sent: BTreeMap<String, Vec<SentSurvey>>,
}

/// The decision on each request of [`SurveyPressure::send_all`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendPlan {
    /// One decision per accepted request, in (`at`, client id, survey id) order.
    pub decisions: Vec<PlannedSend>,
    /// Requests refused (an empty client or survey id); a request has no id
    /// of its own, so `id` is the one of the two that is not empty.
    pub rejected: Vec<Rejection>,
}

/// One request of a [`SendPlan`] and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedSend {
    /// The client.
    pub client_id: String,
    /// The survey.
    pub survey_id: String,
    /// When it would be sent.
    pub at: DateTime<Utc>,
    /// Send or suppress.
    #[serde(flatten)]
    pub decision: SendDecision,
}

impl SurveyPressure {
    /// An empty ledger counting with `config`.
    pub fn new(config: PressureConfig) -> Self {
        SurveyPressure { config, sent: BTreeMap::new() }
    }

    /// Whether `request` may be sent now, without recording it (R-6.5).
    pub fn check(&self, request: &SendRequest) -> Result<SendDecision, Error> {
        validate(request)?;
        if request.kind != SurveyKind::Satisfaction {
            return Ok(SendDecision::Send { counted: false });
        }
        let sent = self.sent.get(&request.client_id).map(Vec::as_slice).unwrap_or(&[]);
        if let Some(same) = sent.iter().find(|s| s.survey_id == request.survey_id) {
            return Ok(SendDecision::Suppress {
                reason: SuppressReason::AlreadySent,
                previous: same.clone(),
                allowed_from: None,
                allowed_at: None,
            });
        }
        let tz = self.config.time_zone;
        let day = local_day(request.at, tz);
        let Some(first) = sent.iter().find(|s| self.conflicts(day, local_day(s.sent_at, tz))) else {
            return Ok(SendDecision::Send { counted: true });
        };
        // The first day from `day` on that conflicts with no recorded send:
        // past the end of each send's period in turn (sends are sorted).
        let mut free = day;
        while let Some(s) = sent.iter().find(|s| self.conflicts(free, local_day(s.sent_at, tz))) {
            let next = self.config.allowed_from(local_day(s.sent_at, tz));
            if next <= free {
                break;
            }
            free = next;
        }
        Ok(SendDecision::Suppress {
            reason: SuppressReason::SurveyPressure,
            previous: first.clone(),
            allowed_from: Some(free),
            allowed_at: Some(start_of_day(free, tz)),
        })
    }

    /// Decides on `request` and records it when it is a satisfaction survey
    /// that may be sent (R-6.5). A suppressed send records nothing, so
    /// retrying it gives the same answer.
    pub fn send(&mut self, request: &SendRequest) -> Result<SendDecision, Error> {
        let decision = self.check(request)?;
        if let SendDecision::Send { counted: true } = decision {
            let list = self.sent.entry(request.client_id.clone()).or_default();
            let entry = SentSurvey { sent_at: request.at, survey_id: request.survey_id.clone() };
            let at = list.partition_point(|s| *s < entry);
            list.insert(at, entry);
        }
        Ok(decision)
    }

    /// Decides on many requests at once, in (`at`, client id, survey id)
    /// order whatever the input order, recording those sent. Never fails
    /// whole: requests with an empty id come back in `rejected`.
    pub fn send_all(&mut self, requests: &[SendRequest]) -> SendPlan {
        let mut rejected = Vec::new();
        let mut order: Vec<&SendRequest> = Vec::with_capacity(requests.len());
        for r in requests {
            match validate(r) {
                Ok(()) => order.push(r),
                // The id that is there names the request.
                Err(e) => {
                    rejected.push(e.to_rejection(if r.client_id.is_empty() { &r.survey_id } else { &r.client_id }))
                }
            }
        }
        rejected.sort();
        order.sort_by(|a, b| {
            (a.at, &a.client_id, &a.survey_id, a.kind as u8).cmp(&(b.at, &b.client_id, &b.survey_id, b.kind as u8))
        });
        let decisions = order
            .into_iter()
            .filter_map(|r| {
                let decision = self.send(r).ok()?;
                Some(PlannedSend { client_id: r.client_id.clone(), survey_id: r.survey_id.clone(), at: r.at, decision })
            })
            .collect();
        SendPlan { decisions, rejected }
    }

    /// Two sends on local days `a` and `b` are too close unless one is at
    /// least a period after the other.
    fn conflicts(&self, a: NaiveDate, b: NaiveDate) -> bool {
        let (early, late) = if a <= b { (a, b) } else { (b, a) };
        late < self.config.allowed_from(early)
    }
}

fn validate(r: &SendRequest) -> Result<(), Error> {
    if r.client_id.is_empty() {
        return Err(Error::EmptyId { kind: "client" });
    }
    if r.survey_id.is_empty() {
        return Err(Error::EmptyId { kind: "survey" });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(client: &str, survey: &str, at: &str) -> SendRequest {
        SendRequest {
            client_id: client.into(),
            survey_id: survey.into(),
            kind: SurveyKind::Satisfaction,
            at: at.parse().unwrap(),
        }
    }

    fn allowed_from(d: &SendDecision) -> Option<String> {
        match d {
            SendDecision::Suppress { allowed_from, .. } => allowed_from.map(|d| d.to_string()),
            SendDecision::Send { .. } => None,
        }
    }

    #[test]
    fn r_6_5_one_satisfaction_survey_per_three_months() {
        let mut p = SurveyPressure::default();
        assert_eq!(p.send(&req("c", "s1", "2026-01-10T09:00:00Z")).unwrap(), SendDecision::Send { counted: true });
        let d = p.send(&req("c", "s2", "2026-04-09T21:59:59Z")).unwrap(); // 23:59:59 Paris, 9 April
        assert_eq!(allowed_from(&d).as_deref(), Some("2026-04-10"));
        assert!(p.send(&req("c", "s2", "2026-04-09T22:00:00Z")).unwrap().is_send()); // 00:00 Paris, 10 April
        // Another client is not affected.
        assert!(p.send(&req("d", "s2", "2026-01-11T09:00:00Z")).unwrap().is_send());
    }

    #[test]
    fn r_6_5_month_ends_clamp() {
        let mut p = SurveyPressure::default();
        p.send(&req("c", "s1", "2025-11-30T12:00:00Z")).unwrap();
        let d = p.send(&req("c", "s2", "2026-02-27T12:00:00Z")).unwrap();
        assert_eq!(allowed_from(&d).as_deref(), Some("2026-02-28"));
    }

    #[test]
    fn r_6_5_out_of_order_sends_look_both_ways() {
        let mut p = SurveyPressure::default();
        p.send(&req("c", "s2", "2026-05-01T09:00:00Z")).unwrap();
        // Two months before a recorded send: it would make that one too close.
        let d = p.check(&req("c", "s1", "2026-03-01T09:00:00Z")).unwrap();
        assert_eq!(allowed_from(&d).as_deref(), Some("2026-08-01"));
        // Three months before is fine.
        assert!(p.check(&req("c", "s1", "2026-02-01T09:00:00Z")).unwrap().is_send());
    }

    #[test]
    fn r_6_5_suppression_records_nothing_and_retries_say_already_sent() {
        let mut p = SurveyPressure::default();
        p.send(&req("c", "s1", "2026-01-10T09:00:00Z")).unwrap();
        let before = p.clone();
        p.send(&req("c", "s2", "2026-02-10T09:00:00Z")).unwrap();
        assert_eq!(p, before);
        match p.send(&req("c", "s1", "2026-01-10T09:00:00Z")).unwrap() {
            SendDecision::Suppress { reason, previous, .. } => {
                assert_eq!(reason, SuppressReason::AlreadySent);
                assert_eq!(previous.survey_id, "s1");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn r_6_5_other_surveys_are_not_counted() {
        let mut p = SurveyPressure::default();
        p.send(&req("c", "s1", "2026-01-10T09:00:00Z")).unwrap();
        let other = SendRequest { kind: SurveyKind::Other, ..req("c", "event", "2026-01-11T09:00:00Z") };
        assert_eq!(p.send(&other).unwrap(), SendDecision::Send { counted: false });
        assert_eq!(p.sent["c"].len(), 1);
    }

    #[test]
    fn r_6_5_send_all_is_order_independent_and_rejects_empty_ids() {
        let reqs = vec![
            req("c", "s3", "2026-04-20T09:00:00Z"),
            req("c", "s1", "2026-01-10T09:00:00Z"),
            req("", "s1", "2026-01-10T09:00:00Z"),
            req("c", "s2", "2026-02-10T09:00:00Z"),
        ];
        let mut a = SurveyPressure::default();
        let pa = a.send_all(&reqs);
        let mut b = SurveyPressure::default();
        let mut rev = reqs.clone();
        rev.reverse();
        let pb = b.send_all(&rev);
        assert_eq!(pa, pb);
        assert_eq!(a, b);
        let sent: Vec<&str> =
            pa.decisions.iter().filter(|d| d.decision.is_send()).map(|d| d.survey_id.as_str()).collect();
        assert_eq!(sent, ["s1", "s3"]);
        assert_eq!(pa.rejected.len(), 1);
        assert_eq!(pa.rejected[0].code, "empty_id");
    }

    #[test]
    fn r_6_5_state_round_trips_through_json() {
        let mut p = SurveyPressure::new(PressureConfig { period: CalendarPeriod::Days(30), ..Default::default() });
        p.send(&req("c", "s1", "2026-01-10T09:00:00Z")).unwrap();
        let back: SurveyPressure = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
        assert_eq!(
            allowed_from(&back.check(&req("c", "s2", "2026-01-20T09:00:00Z")).unwrap()).as_deref(),
            Some("2026-02-09")
        );
    }
}
