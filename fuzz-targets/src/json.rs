//! One target per JSON input type of SPEC §9: the bytes are parsed as the
//! JSON a host would send (anything that does not parse is skipped: serde
//! refusing it is the typed error a binding returns), then every core
//! function that takes that type runs on the result. The only assertions
//! are the ones the API documents (an incremental engine equals the batch,
//! an export folds back to the same state, a parsed condition prints back
//! to itself); the rest must simply not panic.

use chrono::{DateTime, NaiveDate, Utc};
use filrouge::condition::Condition;
use filrouge::followup::{
    self, BookState, Cadence, Draft, Filters, FollowUp, FollowUpBook, List, PlanOptions, TargetInfo,
};
use filrouge::history::{self, Contact, HistoryOptions, Reconciler, Report};
use filrouge::pipeline::{self, Organisation, Pipeline, PipelineConfig, Stage};
use filrouge::retention::{self, Evaluator, Record, RetentionPolicy, Rule};
use filrouge::reveal::{self, DiagnosticRequest, EnrichRequest, Event, RevealLedger, RevealRequest, StatsQuery};
use filrouge::scoring::{self, Companies, Previous, Routine};
use filrouge::trigger::{
    self, FiredLog, PressureConfig, Response, SendRequest, Survey, SurveyPressure, TriggerConfig, TriggerSet,
};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// At most this many records of a list are run one by one (the batch calls
/// take them all): keeps every input fast enough for the fuzzer.
const EACH: usize = 8;

/// `{contacts, reports, now, config?, options?}` (SPEC §1, R-1.1 …,
/// … ): `reconcile`; the incremental `Reconciler` fed in two
/// halves equals the batch; `history` of the first clients (batch
/// and engine); `restitution` of each contact.
pub fn reconcile(data: &[u8]) {
    #[derive(Deserialize)]
    struct Input {
        #[serde(default)]
        contacts: Vec<Contact>,
        #[serde(default)]
        reports: Vec<Report>,
        now: DateTime<Utc>,
        #[serde(default)]
        config: history::Config,
        #[serde(default)]
        options: HistoryOptions,
    }
    let Ok(input) = serde_json::from_slice::<Input>(data) else { return };
    let config = input.config;
    let batch = history::reconcile(&input.contacts, &input.reports, &config, input.now);
    let _ = serde_json::to_string(&batch);
    let mut engine = Reconciler::new(config.clone());
    let (c1, c2) = input.contacts.split_at(input.contacts.len() / 2);
    let (r1, r2) = input.reports.split_at(input.reports.len() / 2);
    let _ = engine.add(c2.to_vec(), r1.to_vec(), input.now);
    let _ = engine.add(c1.to_vec(), r2.to_vec(), input.now);
    assert_eq!(engine.reconciliation(), batch, "R-1.9: two batches differ from one");
    let clients: BTreeSet<&str> = input
        .reports
        .iter()
        .map(|r| r.client_id.as_str())
        .chain(input.contacts.iter().flat_map(|c| c.parties.iter().map(String::as_str)))
        .take(EACH)
        .collect();
    for client in clients {
        let h = history::history(client, &input.contacts, &input.reports, &input.options, &config, input.now);
        let _ = serde_json::to_string(&h.as_ref().ok());
        let _ = engine.history(client, &input.options);
    }
    for contact in input.contacts.iter().take(EACH) {
        let _ = history::restitution(contact, &config.restitution);
        let _ = history::call_outcome(contact);
    }
}

/// `{records, holds?, erasures?, policy?, extra_rules?, now}` (SPEC §2,
/// … ): `evaluate`, and the record-by-record `Evaluator` gives
/// the batch's verdicts.
pub fn retention(data: &[u8]) {
    #[derive(Deserialize)]
    struct Input {
        #[serde(default)]
        records: Vec<Record>,
        #[serde(default)]
        holds: Vec<String>,
        #[serde(default)]
        erasures: Vec<String>,
        #[serde(default)]
        policy: RetentionPolicy,
        #[serde(default)]
        extra_rules: Vec<Rule>,
        now: DateTime<Utc>,
    }
    let Ok(input) = serde_json::from_slice::<Input>(data) else { return };
    let mut policy = input.policy;
    policy.rules.extend(input.extra_rules);
    let out = retention::evaluate(&policy, &input.records, &input.holds, &input.erasures, input.now);
    let _ = serde_json::to_string(&out);
    let mut evaluator = Evaluator::new(&policy, &input.holds, &input.erasures, input.now);
    let by_id: BTreeMap<&str, &Record> = input.records.iter().map(|r| (r.id.as_str(), r)).collect();
    for verdict in out.records.iter().take(EACH) {
        let Some(record) = by_id.get(verdict.id.as_str()) else { panic!("a verdict for an unknown record") };
        let one = evaluator.evaluate_one(record);
        assert_eq!(one.as_ref().ok(), Some(&verdict.verdict), "the Evaluator differs from the batch");
        let _ = (verdict.verdict.purge(), verdict.verdict.kept(), verdict.verdict.next_expiry());
    }
}

/// `{condition, record}`: any JSON as a condition; a valid one
/// prints back to itself and evaluates the same after the round trip, on
/// any record.
pub fn condition(data: &[u8]) {
    let Ok(Value::Object(input)) = serde_json::from_slice::<Value>(data) else { return };
    let Some(json) = input.get("condition") else { return };
    let Ok(parsed) = Condition::parse(json) else { return };
    let printed = parsed.to_json();
    let again = Condition::parse(&printed);
    assert_eq!(again.as_ref(), Ok(&parsed), "a condition does not parse back from its JSON");
    let _ = parsed.fields();
    let record = match input.get("record") {
        Some(Value::Object(record)) => record.clone(),
        _ => Map::new(),
    };
    let result = parsed.evaluate(&record);
    if let Ok(again) = again {
        assert_eq!(again.evaluate(&record).map_err(|e| e.code()), result.map_err(|e| e.code()));
    }
}

/// `{routine, companies, previous?}` (SPEC §5, R-5.1 … ): `score`,
/// `rescore`, and the columnar `score_table` gives `score`'s answer.
pub fn scoring(data: &[u8]) {
    #[derive(Deserialize)]
    struct Input {
        routine: Value,
        #[serde(default)]
        companies: Vec<Value>,
        #[serde(default)]
        previous: Vec<Previous>,
    }
    let Ok(input) = serde_json::from_slice::<Input>(data) else { return };
    let Ok(routine) = Routine::parse(&input.routine) else { return };
    let _ = Routine::parse(&routine.to_json());
    let companies: Vec<Map<String, Value>> = input
        .companies
        .into_iter()
        .filter_map(|c| match c {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .collect();
    let scored = scoring::score(&routine, &companies);
    let _ = serde_json::to_string(&scored);
    let table = Companies::from_maps(&companies);
    let by_table = scoring::score_table(&routine, &table).to_scoring(&routine, &table);
    assert_eq!(by_table, scored, "score_table differs from score");
    let rescored = scoring::rescore(&routine, &input.previous, &companies);
    assert_eq!(rescored.scoring, scored, "rescore's current run differs from score");
}

/// `{followups, targets?, user, today, filters?, options?, drafts?, state?,
/// cadence?, event?, done?, limit?, cursor?}` (SPEC §4, R-4.1 … ):
/// lists, day plan, merges, drafts, a book's import and export, pagination
/// (every page in turn gives the list, R-4.7) and a cadence run.
pub fn followup(data: &[u8]) {
    #[derive(Deserialize)]
    struct Input {
        #[serde(default)]
        followups: Vec<FollowUp>,
        #[serde(default)]
        targets: BTreeMap<String, TargetInfo>,
        #[serde(default)]
        user: String,
        today: NaiveDate,
        #[serde(default)]
        filters: Filters,
        #[serde(default)]
        options: PlanOptions,
        #[serde(default)]
        drafts: Vec<Draft>,
        #[serde(default)]
        state: Option<BookState>,
        #[serde(default)]
        cadence: Option<Cadence>,
        #[serde(default)]
        event: Option<NaiveDate>,
        #[serde(default)]
        done: Vec<NaiveDate>,
        #[serde(default)]
        limit: usize,
        #[serde(default)]
        cursor: Option<String>,
    }
    let Ok(input) = serde_json::from_slice::<Input>(data) else { return };
    let (today, user) = (input.today, input.user.as_str());
    let lists = followup::lists(&input.followups, &input.targets, user, today, &input.filters);
    let _ = serde_json::to_string(&lists.as_ref().ok());
    let _ = followup::day_plan(&input.followups, &input.targets, user, today, &input.filters, &input.options);
    for pair in input.followups.windows(2).take(EACH) {
        let _ = followup::merge(&pair[0], &pair[1]);
    }
    let (mut book, _) = FollowUpBook::from_followups(input.followups.iter().cloned());
    for (id, info) in &input.targets {
        book.set_target(id, info.clone());
    }
    for draft in input.drafts.iter().take(EACH) {
        if let Ok(f) = draft.build(today) {
            let _ = book.put(f);
        }
    }
    if let Some(state) = input.state {
        let _ = book.import(state);
    }
    let exported = book.export();
    let (mut reloaded, rejected) = FollowUpBook::from_followups(exported.followups.clone());
    for (id, info) in &exported.targets {
        reloaded.set_target(id, info.clone());
    }
    assert!(rejected.is_empty(), "a book's own export is refused: {rejected:?}");
    assert_eq!(reloaded.export(), exported, "a book's export does not load back to itself");
    if let Ok(whole) = book.lists(user, today, &input.filters) {
        let limit = input.limit.clamp(1, 64);
        for (list, items) in [(List::Todo, &whole.todo), (List::Upcoming, &whole.upcoming)] {
            let mut paged = Vec::new();
            let mut cursor: Option<String> = None;
            loop {
                let page = book.page(user, today, list, &input.filters, limit, cursor.as_deref());
                let Ok(page) = page else { panic!("a cursor of the book itself is refused: {page:?}") };
                assert!(page.items.len() <= limit);
                paged.extend(page.items);
                match page.next_cursor {
                    Some(next) if paged.len() <= items.len() => cursor = Some(next),
                    _ => break,
                }
            }
            assert_eq!(&paged, items, "R-4.7: the pages differ from the list");
        }
    }
    if let Some(cursor) = &input.cursor {
        let _ = book.page(user, today, List::Todo, &input.filters, input.limit, Some(cursor));
    }
    if let Some(cadence) = input.cadence {
        let event = input.event.unwrap_or(today);
        let assignees: BTreeSet<String> = std::iter::once(input.user.clone()).collect();
        if let Ok((mut run, _)) = cadence.start("target", assignees, event) {
            for day in input.done.iter().take(EACH) {
                if run.done(&cadence, *day).is_err() {
                    break;
                }
                let _ = run.current(&cadence);
            }
        }
    }
}

/// `{surveys, triggers, config?, responses, answers?, pressure?, sends?}`
/// (SPEC §6, R-6.2 … ): a trigger set, a batch of responses and each
/// response alone, NPS classes of any answers, survey pressure.
pub fn trigger(data: &[u8]) {
    #[derive(Deserialize)]
    struct Input {
        #[serde(default)]
        surveys: Vec<Survey>,
        #[serde(default)]
        triggers: Vec<trigger::Trigger>,
        #[serde(default)]
        config: TriggerConfig,
        #[serde(default)]
        responses: Vec<Response>,
        #[serde(default)]
        answers: Vec<Value>,
        #[serde(default)]
        pressure: PressureConfig,
        #[serde(default)]
        sends: Vec<SendRequest>,
    }
    let Ok(input) = serde_json::from_slice::<Input>(data) else { return };
    for answer in input.answers.iter().take(EACH) {
        let _ = trigger::nps_class(answer);
    }
    if let Ok(set) = TriggerSet::new(input.triggers, input.config) {
        let mut log = FiredLog::default();
        let batch = set.evaluate_all(&mut log, &input.surveys, &input.responses);
        let _ = serde_json::to_string(&batch);
        let mut alone = FiredLog::default();
        for response in input.responses.iter().take(EACH) {
            if let Some(survey) = input.surveys.iter().find(|s| s.id == response.survey_id) {
                let _ = set.evaluate(&mut alone, survey, response);
            }
        }
    }
    let mut pressure = SurveyPressure::new(input.pressure);
    for send in input.sends.iter().take(EACH) {
        let _ = pressure.check(send);
    }
    let plan = pressure.send_all(&input.sends);
    let _ = serde_json::to_string(&plan);
    let json = serde_json::to_string(&pressure).unwrap_or_default();
    let reloaded: Result<SurveyPressure, _> = serde_json::from_str(&json);
    assert_eq!(reloaded.ok().as_ref(), Some(&pressure), "survey pressure does not reload from its JSON");
}

/// One step of a pipeline session.
#[derive(Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
enum PipelineStep {
    Create { organisation: Organisation, by: String, at: DateTime<Utc> },
    Update { organisation: Organisation },
    Move { organisation_id: String, to: Stage, by: String, at: DateTime<Utc> },
    Plan { organisation_id: String },
    Card { organisation_id: String },
    Eligibility { organisation: Organisation },
    StartConversion { organisation_id: String },
}

/// `{config?, steps: [{do: create|update|move|plan|card|eligibility|start_conversion, …}]}`
/// (SPEC §7, R-7.1 … ): a pipeline session; the pipeline reloads from
/// its JSON.
pub fn pipeline(data: &[u8]) {
    #[derive(Deserialize)]
    struct Input {
        #[serde(default)]
        config: PipelineConfig,
        #[serde(default)]
        steps: Vec<PipelineStep>,
    }
    let Ok(input) = serde_json::from_slice::<Input>(data) else { return };
    let mut p = Pipeline::new(input.config);
    for step in input.steps {
        match step {
            PipelineStep::Create { organisation, by, at } => drop(p.create(organisation, &by, at)),
            PipelineStep::Update { organisation } => drop(p.update(organisation)),
            PipelineStep::Move { organisation_id, to, by, at } => drop(p.move_to(&organisation_id, to, &by, at)),
            PipelineStep::Plan { organisation_id } => drop(p.plan(&organisation_id)),
            PipelineStep::Card { organisation_id } => drop(p.card(&organisation_id)),
            PipelineStep::Eligibility { organisation } => drop(pipeline::eligibility(&organisation)),
            PipelineStep::StartConversion { organisation_id } => drop(p.start_conversion(&organisation_id)),
        }
    }
    let json = serde_json::to_string(&p).unwrap_or_default();
    let reloaded: Result<Pipeline, _> = serde_json::from_str(&json);
    assert_eq!(reloaded.ok().as_ref(), Some(&p), "the pipeline does not reload from its JSON");
}

/// `{config?, events?, reveals?, enrichments?, marks?, undos?, stats?,
/// consumption?: [{tenant, at}]}` (SPEC §3, R-3.1 … ): a ledger folded
/// from events, then reveals, enrichments, diagnostics, statistics; its
/// export folds back to the same events.
pub fn reveal(data: &[u8]) {
    #[derive(Deserialize)]
    struct At {
        tenant: String,
        at: DateTime<Utc>,
    }
    #[derive(Deserialize)]
    struct Input {
        #[serde(default)]
        config: reveal::Config,
        #[serde(default)]
        events: Vec<Event>,
        #[serde(default)]
        reveals: Vec<RevealRequest>,
        #[serde(default)]
        enrichments: Vec<EnrichRequest>,
        #[serde(default)]
        marks: Vec<DiagnosticRequest>,
        #[serde(default)]
        undos: Vec<DiagnosticRequest>,
        #[serde(default)]
        stats: Vec<StatsQuery>,
        #[serde(default)]
        consumption: Vec<At>,
    }
    let Ok(input) = serde_json::from_slice::<Input>(data) else { return };
    let (mut ledger, _) = RevealLedger::from_events(input.config.clone(), input.events);
    for r in input.reveals.iter().take(EACH) {
        let _ = ledger.can_see(&r.tenant, &r.viewer, r.role, &r.subject, &r.context, r.at);
    }
    let _ = serde_json::to_string(&ledger.reveal_many(&input.reveals));
    for e in input.enrichments.iter().take(EACH) {
        let _ = ledger.enrich(e);
    }
    for (m, u) in input.marks.iter().zip(input.undos.iter().map(Some).chain(std::iter::repeat(None))).take(EACH) {
        let _ = ledger.mark_diagnostic(m);
        if let Some(u) = u {
            let _ = ledger.undo_diagnostic(u);
        }
        let _ = ledger.diagnostic(&m.tenant, &m.project);
    }
    for q in input.stats.iter().take(EACH) {
        let _ = serde_json::to_string(&ledger.stats(q));
    }
    for c in input.consumption.iter().take(EACH) {
        let _ = ledger.consumption(&c.tenant, c.at);
    }
    let events = ledger.events();
    let (replayed, report) = RevealLedger::from_events(input.config, events.clone());
    assert!(report.rejected.is_empty(), "a ledger's own events are refused: {:?}", report.rejected);
    assert_eq!(replayed.events(), events, "a ledger's events do not fold back to it");
}

/// Any text as a conformance-vector file (SPEC §9): every case in it runs
/// through the runner, which reaches every op and every `script` action.
pub fn vectors(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(cases) = filrouge::conformance::parse_cases(text) else { return };
    for case in cases.iter().take(EACH) {
        let _ = filrouge::conformance::run(case);
    }
}
