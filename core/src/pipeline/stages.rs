//! Stages of a suspect organisation and their history.

use super::eligibility::{Organisation, eligibility};
use super::error::Error;
use super::plan::PlanStep;
use crate::time::DEFAULT_TIME_ZONE;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A stage of the onboarding pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Spotted as a suspect organisation (where every card starts).
    Identified,
    /// The documentation was sent.
    DocumentationSent,
    /// Its account was created (won).
    AccountCreated,
    /// Its request was refused (lost); may be re-opened into `account_created`.
    Refused,
}

impl Stage {
    /// The lower-snake name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Identified => "identified",
            Stage::DocumentationSent => "documentation_sent",
            Stage::AccountCreated => "account_created",
            Stage::Refused => "refused",
        }
    }

    /// Whether allows moving from `self` to `to`:
    /// `identified` → `documentation_sent` → `account_created`;
    /// `identified` or `documentation_sent` → `refused`;
    /// `refused` → `account_created` (re-opening).
    pub fn can_move_to(self, to: Stage) -> bool {
        use Stage::*;
        matches!(
            (self, to),
            (Identified, DocumentationSent)
                | (DocumentationSent, AccountCreated)
                | (Identified | DocumentationSent, Refused)
                | (Refused, AccountCreated)
        )
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One move of a card: who, when, from which stage to which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// The stage before; `None` for the card's creation.
    pub from: Option<Stage>,
    /// The stage after.
    pub to: Stage,
    /// Who made the move.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// An organisation in the pipeline: its description, stage and history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// The organisation as last described.
    pub organisation: Organisation,
    /// Its current stage.
    pub stage: Stage,
    /// Every move, oldest first; the first is its creation (`from: null`).
    pub history: Vec<Transition>,
}

impl Card {
    /// When the account was (last) created: the latest move into
    /// `account_created`, if the card is there now.
    pub fn account_created_at(&self) -> Option<&Transition> {
        if self.stage != Stage::AccountCreated {
            return None;
        }
        self.history.iter().rev().find(|t| t.to == Stage::AccountCreated)
    }
}

/// The pipeline's settings: the time zone of local days and the steps of
/// the conversion plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineConfig {
    /// The zone of local days (default `Europe/Paris`).
    pub time_zone: Tz,
    /// The conversion follow-ups after an account's creation;
    /// default [`PlanStep::default_plan`].
    pub conversion_plan: Vec<PlanStep>,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig { time_zone: DEFAULT_TIME_ZONE, conversion_plan: PlanStep::default_plan() }
    }
}

/// The onboarding pipeline: one [`Card`] per organisation, by id. Serde
/// data: a host persists it and restores it; every call is deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Pipeline {
    /// Settings.
    pub config: PipelineConfig,
    /// The cards, by organisation id.
    pub cards: BTreeMap<String, Card>,
}

impl Pipeline {
    /// An empty pipeline with `config`.
    pub fn new(config: PipelineConfig) -> Self {
        Pipeline { config, cards: BTreeMap::new() }
    }

    /// The card of organisation `id`.
    pub fn card(&self, id: &str) -> Result<&Card, Error> {
        self.cards.get(id).ok_or_else(|| Error::UnknownOrganisation { id: id.to_owned() })
    }

    /// Puts a new organisation in the pipeline at `identified`.
    pub fn create(&mut self, organisation: Organisation, by: &str, at: DateTime<Utc>) -> Result<&Card, Error> {
        if organisation.id.is_empty() {
            return Err(Error::EmptyId { kind: "organisation id" });
        }
        if by.is_empty() {
            return Err(Error::EmptyId { kind: "actor" });
        }
        if let Some(card) = self.cards.get(&organisation.id) {
            return Err(Error::DuplicateOrganisation { id: organisation.id, stage: card.stage });
        }
        let id = organisation.id.clone();
        let card = Card {
            organisation,
            stage: Stage::Identified,
            history: vec![Transition { from: None, to: Stage::Identified, by: by.to_owned(), at }],
        };
        Ok(self.cards.entry(id).or_insert(card))
    }

    /// Replaces an organisation's description (a new attestation, a
    /// corrected kind); its stage and history stay.
    pub fn update(&mut self, organisation: Organisation) -> Result<&Card, Error> {
        let card = self
            .cards
            .get_mut(&organisation.id)
            .ok_or_else(|| Error::UnknownOrganisation { id: organisation.id.clone() })?;
        card.organisation = organisation;
        Ok(card)
    }

    /// Moves organisation `id` to stage `to`, recording who and when.
    ///
    /// Errors: [`Error::InvalidTransition`] (naming both stages),
    /// [`Error::AlreadyInStage`], [`Error::MoveBeforeLast`] (history stays in
    /// time order), and [`Error::NotEligible`] when `to` is
    /// `account_created` for an organisation that refuses. A refused
    /// call changes nothing.
    pub fn move_to(&mut self, id: &str, to: Stage, by: &str, at: DateTime<Utc>) -> Result<&Transition, Error> {
        if by.is_empty() {
            return Err(Error::EmptyId { kind: "actor" });
        }
        let card = self.cards.get_mut(id).ok_or_else(|| Error::UnknownOrganisation { id: id.to_owned() })?;
        let from = card.stage;
        if from == to {
            return Err(Error::AlreadyInStage { id: id.to_owned(), stage: from });
        }
        if !from.can_move_to(to) {
            return Err(Error::InvalidTransition { id: id.to_owned(), from, to });
        }
        if let Some(last) = card.history.last() {
            if at < last.at {
                return Err(Error::MoveBeforeLast { id: id.to_owned(), at, last: last.at });
            }
        }
        if to == Stage::AccountCreated {
            let verdict = eligibility(&card.organisation);
            if !verdict.eligible {
                return Err(Error::NotEligible { id: id.to_owned(), eligibility: verdict });
            }
        }
        card.stage = to;
        card.history.push(Transition { from: Some(from), to, by: by.to_owned(), at });
        Ok(card.history.last().expect("just pushed"))
    }
}

#[cfg(test)]
mod tests {
    use super::super::OrganisationKind;
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn org(id: &str, kind: OrganisationKind) -> Organisation {
        Organisation { id: id.into(), name: id.into(), kind, public_service_mission: false, attestation: false }
    }

    #[test]
    fn r_7_1_transition_table() {
        use Stage::*;
        let all = [Identified, DocumentationSent, AccountCreated, Refused];
        let allowed: Vec<(Stage, Stage)> =
            all.iter().flat_map(|&a| all.iter().map(move |&b| (a, b))).filter(|(a, b)| a.can_move_to(*b)).collect();
        assert_eq!(
            allowed,
            [
                (Identified, DocumentationSent),
                (Identified, Refused),
                (DocumentationSent, AccountCreated),
                (DocumentationSent, Refused),
                (Refused, AccountCreated)
            ]
        );
    }

    #[test]
    fn r_7_1_full_path_with_refusal_and_reopening_keeps_history() {
        let mut p = Pipeline::default();
        p.create(org("o", OrganisationKind::PublicBody), "alice", at("2026-03-01T09:00:00Z")).unwrap();
        p.move_to("o", Stage::DocumentationSent, "alice", at("2026-03-02T09:00:00Z")).unwrap();
        p.move_to("o", Stage::Refused, "bob", at("2026-03-05T09:00:00Z")).unwrap();
        let e = p.move_to("o", Stage::DocumentationSent, "bob", at("2026-03-06T09:00:00Z")).unwrap_err();
        assert_eq!(e.to_string(), "organisation \"o\" cannot move from refused to documentation_sent");
        p.move_to("o", Stage::AccountCreated, "carol", at("2026-04-01T09:00:00Z")).unwrap();
        let card = p.card("o").unwrap();
        let moves: Vec<(Option<Stage>, Stage, &str)> =
            card.history.iter().map(|t| (t.from, t.to, t.by.as_str())).collect();
        assert_eq!(
            moves,
            [
                (None, Stage::Identified, "alice"),
                (Some(Stage::Identified), Stage::DocumentationSent, "alice"),
                (Some(Stage::DocumentationSent), Stage::Refused, "bob"),
                (Some(Stage::Refused), Stage::AccountCreated, "carol"),
            ]
        );
        assert_eq!(card.account_created_at().unwrap().at, at("2026-04-01T09:00:00Z"));
    }

    #[test]
    fn r_7_1_refused_calls_change_nothing() {
        let mut p = Pipeline::default();
        p.create(org("o", OrganisationKind::Company), "alice", at("2026-03-01T09:00:00Z")).unwrap();
        let before = p.clone();
        assert_eq!(
            p.move_to("o", Stage::AccountCreated, "a", at("2026-03-02T09:00:00Z")).unwrap_err().code(),
            "invalid_transition"
        );
        assert_eq!(
            p.move_to("o", Stage::Identified, "a", at("2026-03-02T09:00:00Z")).unwrap_err().code(),
            "already_in_stage"
        );
        assert_eq!(
            p.move_to("o", Stage::DocumentationSent, "a", at("2026-02-01T09:00:00Z")).unwrap_err().code(),
            "move_before_last"
        );
        assert_eq!(
            p.move_to("x", Stage::DocumentationSent, "a", at("2026-03-02T09:00:00Z")).unwrap_err().code(),
            "unknown_organisation"
        );
        assert_eq!(
            p.move_to("o", Stage::DocumentationSent, "", at("2026-03-02T09:00:00Z")).unwrap_err().code(),
            "empty_id"
        );
        p.move_to("o", Stage::DocumentationSent, "a", at("2026-03-02T09:00:00Z")).unwrap();
        let before_account = p.clone();
        // A company without a public-service mission is not eligible.
        let e = p.move_to("o", Stage::AccountCreated, "a", at("2026-03-03T09:00:00Z")).unwrap_err();
        assert_eq!((e.code(), e.rule()), ("not_eligible", "R-7.2"));
        assert_eq!(p, before_account);
        assert_ne!(p, before);
        assert_eq!(
            p.create(org("o", OrganisationKind::Company), "a", at("2026-03-03T09:00:00Z")).unwrap_err().code(),
            "duplicate_organisation"
        );
    }

    #[test]
    fn r_7_1_state_round_trips_through_json() {
        let mut p = Pipeline::default();
        p.create(org("o", OrganisationKind::PublicBody), "alice", at("2026-03-01T09:00:00Z")).unwrap();
        p.move_to("o", Stage::Refused, "bob", at("2026-03-05T09:00:00Z")).unwrap();
        let back: Pipeline = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }
}
