//! `filrouge demo`, onboarding section (SPEC §7): public bodies moving
//! through the pipeline, one refused and re-opened, one association
//! missing its attestation, and the conversion plans.

use crate::table::Table;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use filrouge::pipeline::{Organisation, OrganisationKind, Pipeline, Stage, eligibility};

fn title(text: &str) {
    println!("\n{text}\n{}", "═".repeat(text.chars().count()));
}

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%a %d %b %H:%M").to_string()
}

fn org(id: &str, name: &str, kind: OrganisationKind, mission: bool, attestation: bool) -> Organisation {
    Organisation { id: id.into(), name: name.into(), kind, public_service_mission: mission, attestation }
}

/// The moves of the demo: (organisation, stage, who, when).
const MOVES: &[(&str, Stage, &str, &str)] = &[
    ("org-lens", Stage::DocumentationSent, "claire", "2026-02-03T09:10:00Z"),
    ("org-agglo", Stage::DocumentationSent, "claire", "2026-02-04T10:00:00Z"),
    ("org-sem", Stage::DocumentationSent, "hugo", "2026-02-05T14:30:00Z"),
    ("org-asso", Stage::DocumentationSent, "hugo", "2026-02-06T11:00:00Z"),
    ("org-bakery", Stage::Refused, "claire", "2026-02-06T16:00:00Z"),
    ("org-lens", Stage::AccountCreated, "claire", "2026-02-10T08:45:00Z"),
    ("org-sem", Stage::Refused, "hugo", "2026-02-12T17:20:00Z"),
    // Not eligible yet: the association has not sent its attestation.
    ("org-asso", Stage::AccountCreated, "hugo", "2026-02-16T09:00:00Z"),
    // Stages cannot be skipped.
    ("org-lycee", Stage::AccountCreated, "claire", "2026-02-17T09:00:00Z"),
    // The mixed-economy company comes back: re-opened into an account.
    ("org-sem", Stage::AccountCreated, "nadia", "2026-03-02T10:00:00Z"),
];

pub fn run(rows: usize) -> Result<(), String> {
    let mut pipeline = Pipeline::default();
    let tz = pipeline.config.time_zone;
    let at = |s: &str| s.parse::<DateTime<Utc>>().map_err(|e| format!("{s}: {e}"));
    let orgs = [
        org("org-lens", "Ville de Lens", OrganisationKind::PublicBody, false, false),
        org("org-agglo", "Communauté d'agglomération Lens-Liévin", OrganisationKind::PublicBody, false, false),
        org("org-lycee", "Lycée Condorcet", OrganisationKind::PublicBody, false, false),
        org("org-sem", "SEM Habitat Hauts-de-France", OrganisationKind::Company, true, false),
        org("org-asso", "Association Solidarité Numérique", OrganisationKind::Association, true, false),
        org("org-bakery", "Boulangerie Martin", OrganisationKind::Company, false, false),
    ];
    title("Onboarding pipeline (R-7.1, R-7.2): six organisations spotted on 2 February 2026");
    let mut t = Table::new(&["organisation", "kind", "eligible", "reason"]);
    for o in orgs.iter().cloned() {
        let e = eligibility(&o);
        t.row(vec![
            o.name.clone(),
            serde_json::to_value(o.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
            if e.eligible { "yes".into() } else { "no".into() },
            e.reason.as_str().into(),
        ]);
        pipeline.create(o, "claire", at("2026-02-02T08:30:00Z")?).map_err(|e| e.to_string())?;
    }
    t.print(rows);

    println!("\nMoves, in time order (a refused move changes nothing and says why)");
    let mut t = Table::new(&["when", "organisation", "move", "by", "result"]);
    for &(id, to, by, when) in MOVES {
        let from = pipeline.card(id).map_err(|e| e.to_string())?.stage;
        let result = match pipeline.move_to(id, to, by, at(when)?) {
            Ok(_) => "done".to_owned(),
            Err(e) => format!("{}: {e}", e.code()),
        };
        t.row(vec![local(at(when)?, tz), id.into(), format!("{from} → {to}"), by.into(), result]);
    }
    t.print(rows * 2);

    println!("\nWhere each organisation stands, with its history (who, when)");
    let mut t = Table::new(&["organisation", "stage", "history"]);
    for card in pipeline.cards.values() {
        let history: Vec<String> = card
            .history
            .iter()
            .map(|m| format!("{} {} ({})", m.at.with_timezone(&tz).format("%d/%m"), m.to, m.by))
            .collect();
        t.row(vec![card.organisation.name.clone(), card.stage.to_string(), history.join(" → ")]);
    }
    t.print(rows);

    title("Conversion follow-ups (R-7.3): welcome call, review after 2 weeks, test review 2–3 weeks later");
    let mut t = Table::new(&["organisation", "account created", "assignee", "step", "due", "latest"]);
    for card in pipeline.cards.values() {
        let Ok(plan) = pipeline.plan(&card.organisation.id) else { continue };
        for s in &plan.steps {
            t.row(vec![
                card.organisation.name.clone(),
                local(plan.account_created_at, tz),
                plan.created_by.clone(),
                s.step.clone(),
                s.due.format("%a %d %b").to_string(),
                s.latest.map(|d| d.format("%a %d %b").to_string()).unwrap_or_default(),
            ]);
        }
    }
    t.print(rows);
    Ok(())
}
