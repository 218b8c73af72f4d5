//! Synthetic companies (a national register's establishments) and the
//! benchmark routine: 3 mandatory and 6 weighted criteria.

use crate::{Measure, Rng, Scale, measure};
use filrouge::scoring::{Companies, Routine, score, score_table};
use serde_json::{Map, Value, json};

const NAF: [&str; 40] = [
    "62.01Z", "62.02A", "62.02B", "62.03Z", "62.09Z", "63.11Z", "63.12Z", "58.29C", "47.11F", "47.11D", "56.10A",
    "56.10C", "43.21A", "43.22A", "41.20A", "68.20B", "68.31Z", "69.20Z", "70.22Z", "71.12B", "86.21Z", "86.90E",
    "96.02A", "10.71C", "45.20A", "49.41A", "46.90Z", "85.59A", "93.12Z", "94.99Z", "01.11Z", "01.21Z", "25.62B",
    "33.12Z", "73.11Z", "74.10Z", "77.11A", "81.21Z", "82.99Z", "88.10A",
];
const FORMS: [&str; 8] = ["SAS", "SASU", "SARL", "EURL", "SA", "EI", "SCI", "Association"];
const SOFTWARE: [&str; 6] = ["sage", "cegid", "excel", "sap", "odoo", "ebp"];
const TAGS: [&str; 4] = ["export", "bio", "rge", "esus"];

/// One synthetic company's fields.
struct Company {
    id: String,
    naf: &'static str,
    headcount: f64,
    revenue: Option<f64>,
    department: String,
    legal_form: &'static str,
    created_on: String,
    software: Vec<&'static str>,
    tags: Vec<&'static str>,
}

fn company(rng: &mut Rng, i: usize) -> Company {
    let headcount = match rng.below(10) {
        0..=5 => rng.below(10),
        6..=8 => 10 + rng.below(240),
        _ => 250 + rng.below(5000),
    } as f64;
    let department = format!("{:02}", 1 + rng.below(95));
    let year = 1960 + rng.below(66);
    let created_on = format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
    let software = (0..rng.below(3)).map(|_| *rng.pick(&SOFTWARE)).collect();
    let tags = (0..rng.below(2) + u64::from(rng.chance(0.1))).map(|_| *rng.pick(&TAGS)).collect();
    Company {
        id: format!("{:09}", 300_000_000 + i),
        naf: NAF[rng.below(NAF.len() as u64) as usize],
        headcount,
        revenue: rng.chance(0.8).then(|| (headcount + 1.0) * (50_000.0 + rng.below(150_000) as f64)),
        department,
        legal_form: FORMS[rng.below(FORMS.len() as u64) as usize],
        created_on,
        software,
        tags,
    }
}

/// `n` companies as a columnar table built from typed columns (as a host
/// holding Arrow columns would), deterministic from `seed`.
pub fn generate_table(n: usize, seed: u64) -> Companies {
    let mut rng = Rng::new(seed);
    let rows: Vec<Company> = (0..n).map(|i| company(&mut rng, i)).collect();
    let mut t = Companies::with_ids(rows.iter().map(|c| c.id.as_str()));
    let ok = "generated columns have the table's length and distinct names";
    t.add_text_column("naf", rows.iter().map(|c| Some(c.naf))).expect(ok);
    t.add_number_column("headcount", rows.iter().map(|c| Some(c.headcount))).expect(ok);
    t.add_number_column("revenue", rows.iter().map(|c| c.revenue)).expect(ok);
    t.add_text_column("department", rows.iter().map(|c| Some(c.department.as_str()))).expect(ok);
    t.add_text_column("legal_form", rows.iter().map(|c| Some(c.legal_form))).expect(ok);
    t.add_text_column("created_on", rows.iter().map(|c| Some(c.created_on.as_str()))).expect(ok);
    t.add_text_list_column("software", rows.iter().map(|c| Some(c.software.iter().copied()))).expect(ok);
    t.add_text_list_column("tags", rows.iter().map(|c| Some(c.tags.iter().copied()))).expect(ok);
    t
}

/// The same companies as flat JSON objects (for the JSON entry point and `filrouge generate`).
pub fn generate_maps(n: usize, seed: u64) -> Vec<Map<String, Value>> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let c = company(&mut rng, i);
            let mut v = json!({
                "id": c.id, "naf": c.naf, "headcount": c.headcount, "department": c.department,
                "legal_form": c.legal_form, "created_on": c.created_on, "software": c.software, "tags": c.tags,
            });
            if let Some(r) = c.revenue {
                v["revenue"] = json!(r);
            }
            match v {
                Value::Object(m) => m,
                _ => Map::new(),
            }
        })
        .collect()
}

/// The benchmark routine: IT services of mid-sized companies in a few
/// departments (3 mandatory criteria), scored by 6 weighted criteria.
pub fn routine() -> Routine {
    let json = json!({
        "id": "r-it-services", "title": "IT services, 5–500 employees, large cities", "users": ["u-anne"],
        "notify_at": 80,
        "mandatory": [
            {"field": "naf", "op": "starts_with", "value": "62"},
            {"field": "headcount", "op": "between", "value": [5, 500]},
            {"field": "department", "op": "in", "value": ["75", "92", "93", "94", "69", "13", "31", "33", "44", "59", "67"]}
        ],
        "weighted": [
            {"weight": "important", "condition": {"field": "revenue", "op": "ge", "value": 2000000}},
            {"weight": "notable", "condition": {"field": "created_on", "op": "lt", "value": "2010-01-01"}},
            {"weight": "interesting", "condition": {"field": "software", "op": "contains", "value": "sage"}},
            {"weight": "important", "condition": {"field": "tags", "op": "contains", "value": "export"}},
            {"weight": "notable", "condition": {"field": "legal_form", "op": "in", "value": ["SAS", "SA"]}},
            {"weight": "interesting", "condition": {"not": {"field": "tags", "op": "contains", "value": "bio"}}}
        ]
    });
    Routine::parse(&json).expect("the benchmark routine is valid")
}

/// Scoring at `scale` (10M companies by default, one core): the columnar
/// path over a table built beforehand (JSON parsing excluded), and the
/// JSON-object entry point on a tenth of it.
pub fn run(scale: Scale) -> Vec<Measure> {
    let n = scale.pick(10_000_000, 10_000_000); // issue 7: 10M companies at large
    let table = generate_table(n, 11);
    let routine = routine();
    let input_mib = table.heap_bytes() as f64 / (1 << 20) as f64;
    let (refused, elapsed, peak) = measure(|| table.check_ids());
    let checks = Measure {
        path: "score: id checks".into(),
        records: n,
        elapsed,
        peak_bytes: peak,
        target: format!("none: once per table, shared by every routine scored on it ({refused} refused)"),
        met: None,
    };
    let cpu_before = thread_cpu_ns();
    let (result, elapsed, peak) = measure(|| score_table(&routine, &table));
    let cpu = thread_cpu_ns().zip(cpu_before).map(|(a, b)| a.saturating_sub(b) as f64 / 1e9);
    let wall_rate = n as f64 / elapsed.as_secs_f64();
    let cpu_rate = cpu.filter(|&c| c > 0.0).map(|c| n as f64 / c);
    let columnar = Measure {
        path: "score (columnar)".into(),
        records: n,
        elapsed,
        peak_bytes: peak,
        target: format!(
            "≥ 20M rec/s on one core, 3 mandatory + 6 weighted; on-CPU {} ({} ranked, {} excluded, {} rejected; table {input_mib:.0} MiB, scoring's own allocations {:.0} MiB)",
            cpu_rate.map_or("n/a".to_owned(), |r| format!("{:.1}M rec/s", r / 1e6)),
            result.ranking.len(),
            result.excluded.len(),
            result.rejected.len(),
            (result.ranking.capacity() * std::mem::size_of::<filrouge::scoring::RankedRow>()
                + result.excluded.capacity() * 4) as f64
                / (1 << 20) as f64
        ),
        // On a shared machine the wall clock counts other processes' time:
        // the one-core figure is the thread's on-CPU time when the OS gives it.
        met: Some(cpu_rate.unwrap_or(wall_rate) >= 20e6),
    };
    drop(result);
    drop(table);
    let m = n / 10;
    let maps = generate_maps(m, 11);
    let (result, elapsed, peak) = measure(|| score(&routine, &maps));
    let json = Measure {
        path: "score (JSON objects)".into(),
        records: m,
        elapsed,
        peak_bytes: peak,
        target: format!("none: builds the table, names and explains ({} ranked)", result.ranking.len()),
        met: None,
    };
    vec![checks, columnar, json]
}

/// Nanoseconds this thread has run on a CPU (Linux `/proc/thread-self/schedstat`).
pub fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}
