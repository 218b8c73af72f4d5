//! Survey triggers (SPEC §6, R-6.2 … ): NPS classes, triggers that
//! create a contact from a survey response, at most once per response, and
//! survey pressure.
//!
//! - [`nps_class`] classes a 0–10 answer.
//! - [`Trigger`]: conditions over a response's answers and its
//!   respondent's fields, and a "create contact" action whose fields are
//!   mapped from the response; [`TriggerSet`] evaluates them, one response
//!   at a time or in batches, and [`FiredLog`] remembers which fired so that
//!   none fires twice on a response.
//! - [`SurveyPressure`] decides whether a satisfaction survey may go to a
//!   client, and says why not.

mod definition;
mod engine;
mod error;
mod model;
mod nps;
mod pressure;

pub use definition::{Action, FieldSource, Trigger, TriggerConfig};
pub use engine::{FiredAction, FiredLog, Firing, ResponseOutcome, TriggerBatch, TriggerSet};
pub use error::Error;
pub use model::{CUSTOM_FIELDS, Respondent, RespondentField, Response, Survey, SurveyKind};
pub use nps::{NpsClass, nps_class};
pub use pressure::{
    PlannedSend, PressureConfig, SendDecision, SendPlan, SendRequest, SentSurvey, SuppressReason, SurveyPressure,
};
