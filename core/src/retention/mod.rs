//! Retention (SPEC §2, R-2.6 … R-2.9): how long each part of a contact is
//! kept, holds, erasure requests, and per record what to purge now and when
//! the next part expires.
//!
//! - [`RetentionPolicy`] maps (mail source, channel, part) to a sliding
//!   period counted back from `now`; its default is the table of R-2.6.
//! - [`Evaluator`] applies a policy, holds and erasure requests at `now` to
//!   one record at a time without allocating (for streaming hosts);
//!   [`evaluate`] does a whole batch and returns refused records apart.
//!
//! ```
//! use filrouge::retention::{evaluate, Part, Record, RetentionPolicy};
//!
//! let records: Vec<Record> = serde_json::from_str(r#"[
//!   {"id": "m1", "client_id": "cli-1", "channel": "email",
//!    "mail_source": "exchange_outlook", "occurred_at": "2026-01-10T09:00:00Z"}
//! ]"#).unwrap();
//! let now = "2026-03-20T00:00:00Z".parse().unwrap();
//! let result = evaluate(&RetentionPolicy::default(), &records, &[], &[], now);
//! // Inline images of Outlook mails are kept 60 days (R-2.6).
//! assert_eq!(result.records[0].verdict.purge(), vec![Part::InlineImages]);
//! ```

mod error;
mod evaluate;
mod policy;

pub use error::Error;
pub use evaluate::{Evaluation, Evaluator, KeptReason, Record, RecordVerdict, Verdict, evaluate};
pub use policy::{Part, RetentionPolicy, Rule, SourceRow};
