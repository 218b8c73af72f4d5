//! Mirrors of the follow-up records (SPEC §4, core `followup`).

use super::mirror_unit_enum;
use filrouge::followup as f;
use napi_derive::napi;
use serde::{Deserialize, Serialize};

/// How urgent a follow-up is: `high` > `normal` > `low`.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
}
mirror_unit_enum!(Priority <=> f::Priority { Low, Normal, High });
