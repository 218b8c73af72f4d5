//! The demo's scoring section (SPEC §5): a prospecting routine over a small
//! embedded set of companies, ranked and explained, compared with the
//! previous day, and the tags a follow-up moves.

use crate::table::{Table, clip};
use filrouge::scoring::{Directory, Previous, Routine, Tag, Tags, rescore};
use serde_json::{Map, Value};

const ROUTINE: &str = r#"{
  "id": "r-esn-idf", "title": "Software firms and IT services in Île-de-France, 10–250 staff",
  "description": "Targets for the Paris team's payroll software offer", "users": ["u-anne", "u-karim"],
  "notify_at": 80,
  "mandatory": [
    {"any": [{"field": "naf", "op": "starts_with", "value": "62"}, {"field": "naf", "op": "eq", "value": "58.29C"}]},
    {"field": "department", "op": "in", "value": ["75", "77", "78", "91", "92", "93", "94", "95"]},
    {"field": "headcount", "op": "between", "value": [10, 250]}
  ],
  "weighted": [
    {"weight": "important", "label": "revenue ≥ 2 M€", "condition": {"field": "revenue", "op": "ge", "value": 2000000}},
    {"weight": "important", "label": "exports", "condition": {"field": "tags", "op": "contains", "value": "export"}},
    {"weight": "notable", "label": "uses a competitor's payroll", "condition": {"field": "software", "op": "contains", "value": "sage paie"}},
    {"weight": "interesting", "label": "founded before 2015", "condition": {"field": "created_on", "op": "lt", "value": "2015-01-01"}}
  ]
}"#;

const COMPANIES: &str = r#"
{"id": "552081317", "name": "Datanova", "naf": "62.01Z", "department": "75", "headcount": 85, "revenue": 9400000, "legal_form": "SAS", "created_on": "2008-04-14", "software": ["sage paie", "excel"], "tags": ["export"]}
{"id": "813442907", "name": "Octet & Co", "naf": "62.02A", "department": "92", "headcount": 34, "revenue": 2600000, "legal_form": "SAS", "created_on": "2016-09-01", "software": ["silae"], "tags": []}
{"id": "490377823", "name": "Logiciels Vauban", "naf": "58.29C", "department": "78", "headcount": 120, "revenue": 14800000, "legal_form": "SA", "created_on": "1999-11-23", "software": ["sage paie"], "tags": ["export", "subsidiary"]}
{"id": "882193455", "name": "Nuage Vert", "naf": "62.03Z", "department": "93", "headcount": 12, "revenue": 900000, "legal_form": "SARL", "created_on": "2020-02-10", "software": [], "tags": []}
{"id": "421658790", "name": "Infogérance Seine", "naf": "62.03Z", "department": "94", "headcount": 240, "revenue": 31000000, "legal_form": "SAS", "created_on": "2003-06-30", "software": ["adp"], "tags": []}
{"id": "753902114", "name": "Pixel Atelier", "naf": "62.01Z", "department": "75", "headcount": 8, "revenue": 700000, "legal_form": "SAS", "created_on": "2018-03-05", "software": [], "tags": []}
{"id": "338201569", "name": "Systèmes Loire", "naf": "62.02A", "department": "44", "headcount": 60, "revenue": 5200000, "legal_form": "SAS", "created_on": "2005-01-17", "software": ["sage paie"], "tags": ["export"]}
{"id": "901244378", "name": "Calcul Rapide", "naf": "62.09Z", "department": "91", "headcount": 27, "legal_form": "SAS", "created_on": "2012-10-08", "software": ["sage paie"], "tags": []}
{"id": "512778034", "name": "Boulangerie Martin", "naf": "10.71C", "department": "75", "headcount": 14, "revenue": 1200000, "legal_form": "SARL", "created_on": "2010-05-02", "software": ["sage paie"], "tags": []}
{"id": "677310926", "name": "Code Azur", "naf": "62.01Z", "department": "95", "headcount": 46, "revenue": 1900000, "legal_form": "SA", "created_on": "2011-07-19", "software": ["cegid"], "tags": ["export"]}
{"id": "398552671", "name": "Réseaux Brie", "naf": "62.02B", "department": "77", "headcount": 19, "revenue": 1500000, "legal_form": "EURL", "created_on": "2014-12-31", "software": ["sage paie"], "tags": []}
{"id": "845019283", "name": "Atlas Numérique", "naf": "62.02A", "department": "92", "headcount": "douze", "revenue": 1100000, "legal_form": "SAS", "created_on": "2019-01-14", "software": [], "tags": []}
{"id": "730456812", "name": "Studio Canal Saint-Martin", "naf": "62.01Z", "department": "75", "headcount": 22, "revenue": 2100000, "legal_form": "SAS", "created_on": "2015-01-01", "software": ["payfit"], "tags": ["subsidiary"]}
"#;

/// Yesterday's ranking, before today's register update: Infogérance Seine
/// and Octet & Co had lower scores, Pixel Atelier was in (it has since gone
/// under 10 staff), Code Azur and three others were not in yet.
const PREVIOUS: &[(&str, u8)] = &[
    ("552081317", 100),
    ("490377823", 100),
    ("421658790", 70),
    ("813442907", 50),
    ("753902114", 50),
    ("398552671", 70),
];

fn title(text: &str) {
    println!("\n{text}\n{}", "═".repeat(text.chars().count()));
}

/// Prints the section; `rows` limits each table.
pub fn run(rows: usize) -> Result<(), String> {
    let routine: Routine = serde_json::from_str(ROUTINE).map_err(|e| format!("embedded routine: {e}"))?;
    let companies: Vec<Map<String, Value>> = COMPANIES
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("embedded company: {e}")))
        .collect::<Result<_, _>>()?;
    let name = |id: &str| -> String {
        companies
            .iter()
            .find(|c| c.get("id").and_then(Value::as_str) == Some(id))
            .and_then(|c| c.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let previous: Vec<Previous> =
        PREVIOUS.iter().map(|&(id, score)| Previous { company_id: id.to_owned(), score }).collect();
    let result = rescore(&routine, &previous, &companies);
    let s = &result.scoring;

    title(&format!(
        "Suspect scoring (R-5.1, R-5.2, R-5.6): routine {:?}, {} companies — {} in, {} excluded, {} refused",
        routine.title(),
        companies.len(),
        s.ranking.len(),
        s.excluded.len(),
        s.rejected.len()
    ));
    println!("Mandatory: {}", routine.mandatory().iter().map(ToString::to_string).collect::<Vec<_>>().join("; "));
    println!("Score = min(100, 40 + weights met); notified from {}.", routine.notify_at().unwrap_or(100));
    let mut t = Table::new(&["rank", "company", "name", "score", "why (weighted criteria met)"]);
    for (i, r) in s.ranking.iter().enumerate() {
        let why: Vec<String> =
            r.matched.iter().map(|m| format!("+{} {}", m.added, routine.weighted()[m.criterion].describe())).collect();
        let score = if r.raw > 100 { format!("{} (raw {})", r.score, r.raw) } else { r.score.to_string() };
        t.row(vec![(i + 1).to_string(), r.company_id.clone(), name(&r.company_id), score, why.join(", ")]);
    }
    t.print(rows);

    println!("\nExcluded (the first mandatory criterion each misses) and refused companies");
    let mut t = Table::new(&["company", "name", "why"]);
    for id in &s.excluded {
        let company = companies.iter().find(|c| c.get("id").and_then(Value::as_str) == Some(id.as_str()));
        let missed = company.and_then(|c| routine.mandatory().iter().find(|m| m.evaluate(c) == Ok(false)));
        t.row(vec![id.clone(), name(id), missed.map_or(String::new(), |m| format!("misses {m}"))]);
    }
    for r in &s.rejected {
        t.row(vec![r.id.clone(), name(&r.id), format!("refused ({}): {}", r.code, clip(&r.message, 120))]);
    }
    t.print(rows);

    title("Daily re-evaluation (R-5.3): compared with yesterday's ranking");
    let c = &result.changes;
    let mut t = Table::new(&["change", "company", "name", "detail"]);
    for id in &c.entered {
        t.row(vec!["entered".into(), id.clone(), name(id), String::new()]);
    }
    for id in &c.left {
        t.row(vec!["left".into(), id.clone(), name(id), "no longer meets the mandatory criteria, or refused".into()]);
    }
    for ch in &c.changed {
        t.row(vec!["score".into(), ch.company_id.clone(), name(&ch.company_id), format!("{} → {}", ch.from, ch.to)]);
    }
    for id in &c.crossed {
        t.row(vec!["notify".into(), id.clone(), name(id), format!("reached {}", routine.notify_at().unwrap_or(100))]);
    }
    t.print(rows);

    title("Tags and visibility (R-5.4, R-5.5): Anne puts a follow-up on the best three");
    let mut dir = Directory::default();
    dir.define_routine(&routine);
    dir.set_default_routine("u-anne", routine.id()).map_err(|e| e.to_string())?;
    let mut tags = Tags::default();
    let top: Vec<&str> = s.ranking.iter().take(3).map(|r| r.company_id.as_str()).collect();
    let preset = [Some(Tag::Suspect), Some(Tag::Client), None];
    let mut t = Table::new(&["company", "name", "tag before", "tag after", "ex-client"]);
    let show = |t: Option<Tag>| t.map_or("—".to_owned(), |t| format!("{t:?}").to_lowercase());
    for (id, tag) in top.iter().zip(preset) {
        if tag.is_some() {
            tags.set_tag(id, routine.id(), tag).map_err(|e| e.to_string())?;
        }
        let done = tags.followup_put(&dir, "u-anne", id).map_err(|e| e.to_string())?;
        let state = tags.tag_of(id, routine.id());
        t.row(vec![(*id).to_owned(), name(id), show(done.from), show(done.to), state.ex_client.to_string()]);
    }
    t.print(rows);
    println!(
        "Routines visible to u-anne: {:?}; to u-zoe (standard licence): {:?}.",
        dir.visible_routines("u-anne"),
        dir.visible_routines("u-zoe")
    );
    Ok(())
}
