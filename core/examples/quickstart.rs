//! The README's Rust example: reconcile, then a client's history.
//! Run with `cargo run -p filrouge --example quickstart`.

use filrouge::history::{Config, Contact, HistoryOptions, Report, history, reconcile};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let contacts: Vec<Contact> = serde_json::from_str(
        r#"[
      {"id": "c1", "parties": ["cli-1"], "advisor_id": "adv-1", "channel": "phone",
       "direction": "outbound", "occurred_at": "2026-03-02T09:00:00Z", "duration_s": 300}
    ]"#,
    )?;
    let reports: Vec<Report> = serde_json::from_str(
        r#"[
      {"id": "r1", "client_id": "cli-1", "advisor_id": "adv-1", "channel": "phone",
       "initiative": "outbound", "entered_at": "2026-03-02T09:07:00Z", "comment": "RDV fixé"}
    ]"#,
    )?;
    let now = "2026-03-02T12:00:00Z".parse()?;
    let config = Config::default(); // Europe/Paris, 7-day window, 15-minute "just after", …

    let result = reconcile(&contacts, &reports, &config, now);
    assert_eq!(result.links[0].contact_id, "c1"); // entered just after the call (R-1.4)
    assert!(result.rejected.is_empty()); // bad records come back here, never a panic

    let h = history("cli-1", &contacts, &reports, &HistoryOptions::default(), &config, now)?;
    assert_eq!(h.entries[0].comment.as_deref(), Some("RDV fixé"));
    println!("{}", serde_json::to_string_pretty(&h)?);
    Ok(())
}
