//! Survey triggers (SPEC §6, R-6.2 … ): NPS classes, triggers that
//! create a contact from a survey response, at most once per response, and
//! survey pressure.
//!
//! - [`nps_class`] classes a 0–10 answer.
//! - [`SurveyPressure`] decides whether a satisfaction survey may go to a
//!   client, and says why not.

mod error;
mod model;
mod nps;
mod pressure;

pub use error::Error;
pub use model::{CUSTOM_FIELDS, Respondent, RespondentField, Response, Survey, SurveyKind};
pub use nps::{NpsClass, nps_class};
pub use pressure::{
    PlannedSend, PressureConfig, SendDecision, SendPlan, SendRequest, SentSurvey, SuppressReason, SurveyPressure,
};
