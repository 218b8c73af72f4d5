//! The demo's reveal section (SPEC §3): one day on a public-sector
//! collaborative portal — a requester reveals an expert recommended to her,
//! an advisor reveals the project's requester, a retry that counts nothing,
//! an impersonated reveal, a diagnostic mark and its undo, and the
//! statistics.

use crate::table::Table;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use filrouge::reveal::{
    Config, Context, ContextKind, DiagnosticRequest, PortalOptions, RevealLedger, RevealOutcome, RevealRequest, Role,
    StatsQuery,
};

const TENANT: &str = "region-idf";

fn at(hm: &str) -> Result<DateTime<Utc>, String> {
    // 2 March 2026 in Paris is UTC+1.
    format!("2026-03-02T{hm}:00+01:00")
        .parse::<DateTime<chrono::FixedOffset>>()
        .map(|t| t.to_utc())
        .map_err(|e| e.to_string())
}

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%d %b %H:%M").to_string()
}

fn yes(b: bool) -> String {
    if b { "yes".into() } else { "—".into() }
}

/// Prints the section; an error only if the embedded day is inconsistent.
pub fn run(rows: usize) -> Result<(), String> {
    let mut portals = std::collections::BTreeMap::new();
    portals.insert("entreprendre".to_owned(), PortalOptions { advisors_mark_diagnostics: true });
    let config = Config { follow_up_after_days: Some(7), portals, ..Config::default() };
    let tz = config.time_zone;
    let mut ledger = RevealLedger::new(config.clone());
    let project = Context::new("entreprendre", ContextKind::Project, "prj-boulangerie");
    let sheet = Context::new("entreprendre", ContextKind::Resource, "res-export");
    let chat = Context::new("entreprendre", ContextKind::Conversation, "conv-claire-nadia");
    let e = |r: Result<(), filrouge::reveal::Error>| r.map_err(|e| e.to_string());
    e(ledger.open_project(TENANT, &project, "claire", at("08:30")?))?;
    e(ledger.recommend(TENANT, &sheet, "claire", "paul", at("08:45")?))?;
    e(ledger.recommend(TENANT, &chat, "claire", "nadia", at("08:50")?))?;

    println!("\nReveal-once visibility (R-3.1 … R-3.8): a day on the portal \"entreprendre\"");
    println!("═════════════════════════════════════════════════════════════════════════");
    println!("Claire opened project prj-boulangerie; expert Paul was recommended to her on the export");
    println!("resource sheet, expert Nadia in a conversation. Follow-up e-mails are on (7 days).");

    let before = ledger.can_see(TENANT, "claire", Role::Requester, "paul", &sheet, at("09:00")?);
    println!(
        "09:00 can Claire see Paul's coordinates? {}",
        if before.visible { "yes".to_owned() } else { format!("no ({:?}: she must reveal them first)", before.reason) }
    );

    let req = |key: &str,
               viewer: &str,
               role,
               subject: &str,
               ctx: &Context,
               t: &str,
               imp: Option<&str>|
     -> Result<RevealRequest, String> {
        Ok(RevealRequest {
            key: key.into(),
            tenant: TENANT.into(),
            viewer: viewer.into(),
            role,
            subject: subject.into(),
            context: ctx.clone(),
            at: at(t)?,
            impersonated_by: imp.map(str::to_owned),
        })
    };
    let steps: Vec<(&str, RevealRequest)> = vec![
        (
            "Claire reveals Paul (resource sheet)",
            req("web-1001", "claire", Role::Requester, "paul", &sheet, "09:05", None)?,
        ),
        (
            "the same request, retried after a timeout",
            req("web-1001", "claire", Role::Requester, "paul", &sheet, "09:05", None)?,
        ),
        (
            "Claire reveals Paul again (a new request)",
            req("web-1002", "claire", Role::Requester, "paul", &sheet, "09:40", None)?,
        ),
        (
            "Luc (local advisor) reveals Claire",
            req("web-1003", "luc", Role::AdvisorLocal, "claire", &project, "10:30", None)?,
        ),
        (
            "admin Sophie, as Claire, reveals Nadia",
            req("web-1004", "claire", Role::Requester, "nadia", &chat, "11:00", Some("sophie"))?,
        ),
        ("Claire reveals Nadia herself", req("web-1005", "claire", Role::Requester, "nadia", &chat, "11:20", None)?),
        ("staff Marc looks at Claire", req("web-1006", "marc", Role::Staff, "claire", &project, "11:30", None)?),
    ];
    let mut t = Table::new(&["time", "what", "shown", "why", "logged", "contact made", "unit", "follow-up", "replay"]);
    for (what, r) in &steps {
        let o: RevealOutcome = ledger.reveal(r).map_err(|e| format!("{what}: {e}"))?;
        t.row(vec![
            local(r.at, tz),
            (*what).into(),
            yes(o.visible),
            format!("{:?}", o.reason).to_lowercase(),
            yes(o.logged),
            yes(o.contact_made),
            yes(o.consumed),
            o.follow_up_at.map(|f| local(f, tz)).unwrap_or_else(|| "—".into()),
            yes(o.replayed),
        ]);
    }
    match ledger.reveal(&req("web-1007", "luc", Role::AdvisorLocal, "paul", &project, "11:45", None)?) {
        Err(err) => {
            t.row(vec![local(at("11:45")?, tz), "Luc tries to reveal Paul".into(), "—".into(), err.code().into()])
        }
        Ok(_) => return Err("Luc should not be able to reveal Paul (R-3.2)".into()),
    }
    t.print(rows.max(10));

    println!("\nDiagnostic call on prj-boulangerie (R-3.6)");
    let diag = |actor: &str, role, hm: &str| -> Result<DiagnosticRequest, String> {
        Ok(DiagnosticRequest {
            tenant: TENANT.into(),
            project: project.clone(),
            actor: actor.into(),
            role,
            at: at(hm)?,
        })
    };
    let mut t = Table::new(&["time", "who", "action", "result"]);
    let mut show =
        |hm: &str, who: &str, action: &str, r: Result<filrouge::reveal::DiagnosticStatus, filrouge::reveal::Error>| {
            let result = match r {
                Ok(s) if s.marked => format!("marked by {}", s.marked_by.unwrap_or_default()),
                Ok(_) => "not marked".into(),
                Err(e) => format!("refused: {}", e.code()),
            };
            t.row(vec![hm.into(), who.into(), action.into(), result]);
        };
    show("14:00", "guest advisor Inès", "mark", ledger.mark_diagnostic(&diag("ines", Role::AdvisorGuest, "14:00")?));
    show("14:05", "staff Marc", "mark", ledger.mark_diagnostic(&diag("marc", Role::Staff, "14:05")?));
    show("14:06", "Luc", "mark", ledger.mark_diagnostic(&diag("luc", Role::AdvisorLocal, "14:06")?));
    show("14:10", "staff Marc", "undo (wrong project)", ledger.undo_diagnostic(&diag("marc", Role::Staff, "14:10")?));
    show(
        "15:30",
        "Luc",
        "mark (portal lets advisors)",
        ledger.mark_diagnostic(&diag("luc", Role::AdvisorLocal, "15:30")?),
    );
    t.print(rows.max(10));
    let history = ledger.diagnostic(TENANT, &project).history;
    println!(" {} recorded actions on the project (marks and undos).", history.len());

    e(ledger.leave_company(TENANT, "paul", at("17:00")?))?;
    println!("\n17:00 Paul left his company (R-3.7): he stops counting among the tenant's owned contacts.");

    let stats = ledger.stats(&StatsQuery::default());
    println!("\nStatistics (R-3.8), March 2026");
    let mut t = Table::new(&["portal", "context", "viewer role", "month", "contacts made"]);
    for r in &stats.contacts_made {
        t.row(vec![
            r.portal.clone().unwrap_or_default(),
            format!(
                "{} {}",
                r.context_kind.map(|k| k.as_str()).unwrap_or(""),
                r.context_id.clone().unwrap_or_default()
            ),
            r.role.map(|x| x.as_str().to_owned()).unwrap_or_default(),
            r.period.clone().unwrap_or_default(),
            r.count.to_string(),
        ]);
    }
    t.print(rows);
    println!();
    let mut t = Table::new(&["portal", "month", "diagnostics done", "undone"]);
    for d in &stats.diagnostics {
        t.row(vec![d.portal.clone(), d.period.clone().unwrap_or_default(), d.done.to_string(), d.undone.to_string()]);
    }
    t.print(rows);
    let c = ledger.consumption(TENANT, at("18:00")?);
    println!();
    let mut t = Table::new(&["tenant", "month", "units consumed", "owned contacts now (18:00)", "left the company"]);
    for m in &c.months {
        t.row(vec![c.tenant.clone(), m.month.clone(), m.units.to_string(), c.owned.to_string(), c.left.to_string()]);
    }
    t.print(rows);

    let events = ledger.events();
    let (replayed, _) = RevealLedger::from_events(config, events.clone());
    println!(
        "\nThe day is {} events (the impersonated reveal and the staff look are not among them); replaying them gives the same ledger: {}",
        events.len(),
        if replayed == ledger { "yes" } else { "NO" }
    );
    if replayed != ledger {
        return Err("replaying the reveal log gave a different ledger".into());
    }
    Ok(())
}
