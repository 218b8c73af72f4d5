//! The demo's follow-up section (SPEC §4): one advisor's day — her to-do
//! list with lateness, what is coming, the day plan with suspects from her
//! routines, a page at a time, and an onboarding cadence.

use crate::table::{Table, clip};
use chrono::NaiveDate;
use filrouge::followup::{
    Cadence, CadenceStep, Draft, Filters, FollowUp, FollowUpBook, Lateness, List, ListItem, Offset, PlanItem,
    PlanOptions, Preset, Priority, Suspect, TargetInfo,
};
use std::collections::BTreeSet;

/// (target, company, due, priority, assignees, last note, open opportunity)
type Row = (&'static str, &'static str, &'static str, Priority, &'static [&'static str], &'static str, bool);

const ADVISOR: &str = "claire";

const BOOK: &[Row] = &[
    ("552100554", "Boulangerie Morel", "2026-02-23", Priority::Normal, &["claire"], "relancer pour le devis", true),
    ("384512307", "Transports Lefèvre", "2026-03-02", Priority::High, &["claire", "hugo"], "rdv à confirmer", false),
    ("792041186", "Atelier Garnier", "2026-02-27", Priority::High, &["claire"], "attend la proposition", true),
    ("318775902", "Cabinet Roux", "2026-03-02", Priority::Low, &["claire"], "", false),
    ("421660318", "Menuiserie Petit", "2026-02-12", Priority::Normal, &["claire"], "ne répond pas", false),
    ("889301245", "Pharmacie Fontaine", "2026-03-01", Priority::Normal, &["claire"], "", true),
    ("503118977", "Garage Mercier", "2026-03-04", Priority::High, &["claire"], "envoyer les conditions", false),
    ("650224019", "Imprimerie Blanc", "2026-03-03", Priority::Normal, &["claire"], "", false),
    ("277450836", "Domaine Chevalier", "2026-03-16", Priority::Low, &["claire"], "point annuel", false),
    ("912384765", "Hôtel Girard", "2026-03-09", Priority::Normal, &["claire", "hugo"], "", true),
    ("345098112", "Fromagerie Lambert", "2026-03-02", Priority::Normal, &["hugo"], "", false),
];

const SUSPECTS: &[(&str, &str, u32)] = &[
    ("700112233", "Brasserie Faure", 90),
    ("552100554", "Boulangerie Morel", 85),
    ("601998877", "Studio Renard", 80),
    ("733004455", "Serrurerie Dupuis", 80),
    ("488776655", "Librairie Caron", 60),
];

fn company(id: &str) -> &'static str {
    BOOK.iter()
        .map(|r| (r.0, r.1))
        .chain(SUSPECTS.iter().map(|s| (s.0, s.1)))
        .chain([("900000001", "Mairie de Saint-Aubin")])
        .find(|(t, _)| *t == id)
        .map_or("", |(_, name)| name)
}

fn date(s: &str) -> Result<NaiveDate, String> {
    s.parse().map_err(|e| format!("{s}: {e}"))
}

fn lateness(l: Lateness) -> String {
    match l {
        Lateness::Upcoming => "upcoming".into(),
        Lateness::DueToday => "due today".into(),
        Lateness::Overdue { days: 1 } => "1 day late".into(),
        Lateness::Overdue { days } => format!("{days} days late"),
    }
}

fn priority(p: Priority) -> &'static str {
    match p {
        Priority::High => "high",
        Priority::Normal => "normal",
        Priority::Low => "low",
    }
}

fn title(text: &str) {
    println!("\n{text}\n{}", "═".repeat(text.chars().count()));
}

fn item_row(position: usize, i: &ListItem) -> Vec<String> {
    let f = &i.followup;
    vec![
        (position + 1).to_string(),
        f.target_id.clone(),
        company(&f.target_id).to_owned(),
        priority(f.priority).to_owned(),
        f.due.format("%a %d %b").to_string(),
        lateness(i.lateness),
        clip(f.last_note.as_deref().unwrap_or(""), 28),
    ]
}

/// Prints the section; `rows` caps each table.
pub fn run(rows: usize) -> Result<(), String> {
    let today = date("2026-03-02")?;
    let mut book = FollowUpBook::new();
    for &(target, _, due, p, assignees, note, opportunity) in BOOK {
        let f = FollowUp {
            target_id: target.to_owned(),
            assignees: assignees.iter().map(|a| (*a).to_owned()).collect(),
            due: date(due)?,
            priority: p,
            origin: filrouge::followup::Origin::Manual,
            last_note: (!note.is_empty()).then(|| note.to_owned()),
            noted_at: None,
        };
        book.put(f).map_err(|e| e.to_string())?;
        let info = TargetInfo {
            routines: BTreeSet::from(["r-artisans".to_owned()]),
            tags: BTreeSet::new(),
            open_opportunity: opportunity,
        };
        book.set_target(target, info);
    }
    // Hugo also put a follow-up on Atelier Garnier, later: one follow-up per target.
    let later =
        Draft { target_id: "792041186".into(), creator: "hugo".into(), due: Some(date("2026-03-12")?), ..draft() };
    book.put(later.build(today).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    // A background follow-up a year out (R-4.1 preset).
    let background =
        Draft { target_id: "318775902".into(), creator: ADVISOR.into(), preset: Preset::Background365, ..draft() };
    book.put(background.build(today).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;

    let lists = book.lists(ADVISOR, today, &Filters::default()).map_err(|e| e.to_string())?;
    title(&format!(
        "Follow-ups (R-4.4, R-4.5): {ADVISOR}'s lists on Monday 2 March 2026 — {} to do, {} upcoming",
        lists.todo.len(),
        lists.upcoming.len()
    ));
    println!("To do (due today or earlier): high priority first, then the oldest, then by target");
    let header = ["#", "target", "company", "priority", "due", "lateness", "last note"];
    let mut t = Table::new(&header);
    for (i, item) in lists.todo.iter().enumerate() {
        t.row(item_row(i, item));
    }
    t.print(rows);
    println!("\nUpcoming: by due date, then priority");
    let mut t = Table::new(&header);
    for (i, item) in lists.upcoming.iter().enumerate() {
        t.row(item_row(i, item));
    }
    t.print(rows);

    title("Day plan (R-4.6): open opportunities first, then the rest of the to-do list, then the best suspects");
    let options = PlanOptions {
        suspects: SUSPECTS.iter().map(|s| Suspect { company_id: s.0.to_owned(), score: s.2 }).collect(),
        max_suspects: 3,
    };
    let plan = book.day_plan(ADVISOR, today, &Filters::default(), &options).map_err(|e| e.to_string())?;
    let mut t = Table::new(&["#", "why", "target", "company", "detail"]);
    for (i, item) in plan.items.iter().enumerate() {
        let (why, detail) = match item {
            PlanItem::Opportunity { followup, lateness: l } => {
                ("open opportunity", format!("{}, {}", priority(followup.priority), lateness(*l)))
            }
            PlanItem::FollowUp { followup, lateness: l } => {
                ("to do", format!("{}, {}", priority(followup.priority), lateness(*l)))
            }
            PlanItem::Suspect { score, .. } => ("suspect", format!("score {score}, no follow-up yet")),
        };
        t.row(vec![(i + 1).to_string(), why.into(), item.target_id().into(), company(item.target_id()).into(), detail]);
    }
    t.print(rows * 2);
    println!(" (Boulangerie Morel scores 85 but already has a follow-up, so it is not a suspect of the day.)");

    title("Pages (R-4.7): the to-do list three at a time, with opaque cursors");
    let mut cursor: Option<String> = None;
    let mut page_no = 0;
    loop {
        let page = book
            .page(ADVISOR, today, List::Todo, &Filters::default(), 3, cursor.as_deref())
            .map_err(|e| e.to_string())?;
        page_no += 1;
        let ids: Vec<&str> = page.items.iter().map(|i| company(&i.followup.target_id)).collect();
        println!(" page {page_no}: {}", ids.join(", "));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }

    title("Cadence (R-4.8, R-7.3): a town hall's account was created on 2 March — its conversion follow-ups");
    let onboarding = Cadence::new(vec![
        CadenceStep::new(Offset::Days(0)).priority(Priority::High).note("appel de bienvenue"),
        CadenceStep::new(Offset::Weeks(2)).note("point à 2 semaines"),
        CadenceStep::new(Offset::Weeks(3)).note("bilan des tests"),
    ])
    .map_err(|e| e.to_string())?;
    let (mut run, first) =
        onboarding.start("900000001", BTreeSet::from([ADVISOR.to_owned()]), today).map_err(|e| e.to_string())?;
    let mut t = Table::new(&["step", "done on", "follow-up created", "due", "priority", "note"]);
    let show = |step: usize, done: &str, f: &FollowUp| {
        vec![
            (step + 1).to_string(),
            done.to_owned(),
            "yes".to_owned(),
            f.due.format("%a %d %b").to_string(),
            priority(f.priority).to_owned(),
            f.last_note.clone().unwrap_or_default(),
        ]
    };
    t.row(show(0, "—", &first));
    book.put(&first).map_err(|e| e.to_string())?;
    for done in ["2026-03-02", "2026-03-17", "2026-03-24"] {
        book.delete("900000001").map_err(|e| e.to_string())?;
        match run.done(&onboarding, date(done)?).map_err(|e| e.to_string())? {
            Some(next) => {
                t.row(show(run.step, done, &next));
                book.put(&next).map_err(|e| e.to_string())?;
            }
            None => t.row(vec!["—".into(), done.into(), "cadence finished".into()]),
        }
    }
    t.print(rows);
    Ok(())
}

fn draft() -> Draft {
    Draft {
        target_id: String::new(),
        creator: String::new(),
        assignees: BTreeSet::new(),
        due: None,
        priority: None,
        preset: Preset::Standard,
        origin: filrouge::followup::Origin::Manual,
        last_note: None,
        noted_at: None,
    }
}
