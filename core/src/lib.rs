//! # filrouge
//!
//! The rules behind CRM contact-tracking tools, as pure functions over plain
//! data, one module per domain of the SPEC:
//!
//! - [`history`]: which advisor's report belongs to which captured call, mail
//!   or SMS, and what a client's history shows (§1, §2 restitution);
//! - [`retention`]: how long each part of a contact is kept, holds and
//!   erasure (§2);
//! - [`reveal`]: reveal-once visibility, diagnostics, metering and
//!   statistics (§3);
//! - [`followup`]: follow-ups, their merge, lists, day plan, pagination and
//!   cadences (§4);
//! - [`scoring`]: routines, suspect scores, daily diffs and tags (§5);
//! - [`condition`]: the field/operator/value conditions of R-6.1;
//! - [`trigger`]: NPS classes, survey triggers and survey pressure (§6);
//! - [`pipeline`]: the onboarding pipeline (§7).
//! - [`partition`]: partition keys and merges for runs beyond one process.
//!
//! Follow-ups ([`followup`]): defaults, merge per target, lists, day plan,
//! pages and cadences (SPEC §4).
//!
//! The host owns storage, transport and user interface; filrouge owns the
//! rules, each named by its SPEC id (`R-1.4`) where it is implemented.
//! Survey triggers, NPS and survey pressure are in [`trigger`]; the
//! onboarding pipeline of public bodies in [`pipeline`].
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
pub mod followup;
pub mod history;
pub mod partition;
pub mod pipeline;
pub mod retention;
pub mod reveal;
pub mod scoring;
pub mod time;
pub mod trigger;

pub use batch::Rejection;
