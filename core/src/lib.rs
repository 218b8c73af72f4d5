//! # filrouge
//!
//! The rules behind CRM contact-tracking tools, as pure functions over plain
//! data: which advisor's report belongs to which captured call, mail or SMS
//! ([`history`]), what a client's history shows and how long each part of it
//! is kept (restitution and retention), who must reveal whose coordinates,
//! how follow-ups are ordered, how suspects are scored.
//! [`condition`] holds the field/operator/value conditions of R-6.1.
//!
//! The host owns storage, transport and user interface; filrouge owns the
//! rules, each named by its SPEC id (`R-1.4`) where it is implemented.
//!
//! ```
//! use filrouge::history::{reconcile, Config, Contact, Report};
//!
//! let contacts: Vec<Contact> = serde_json::from_str(r#"[
//!   {"id": "c1", "parties": ["cli-1"], "advisor_id": "adv-1", "channel": "phone",
//!    "direction": "outbound", "occurred_at": "2026-03-02T09:00:00Z", "duration_s": 300}
//! ]"#).unwrap();
//! let reports: Vec<Report> = serde_json::from_str(r#"[
//!   {"id": "r1", "client_id": "cli-1", "advisor_id": "adv-1", "channel": "phone",
//!    "initiative": "outbound", "entered_at": "2026-03-02T09:07:00Z", "comment": "RDV fixé"}
//! ]"#).unwrap();
//! let now = "2026-03-02T12:00:00Z".parse().unwrap();
//! let result = reconcile(&contacts, &reports, &Config::default(), now);
//! assert_eq!(result.links[0].contact_id, "c1");
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod batch;
pub mod condition;
pub mod conformance;
pub mod history;
pub mod retention;
pub mod time;

pub use batch::Rejection;
