//! Reading JSON Lines and CSV inputs, writing JSON Lines, progress on stderr.
//!
//! A line that does not parse is reported as `file:line: message` on stderr
//! and skipped: the other records still run (batches never fail whole).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Inputs over this many records get a progress bar.
pub const PROGRESS_THRESHOLD: u64 = 100_000;

/// How CSV cells map to JSON: which columns are lists (`;`-separated),
/// numbers or booleans. Every other non-empty cell is a string.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvSchema {
    /// Columns holding `;`-separated lists of strings.
    pub lists: &'static [&'static str],
    /// Columns holding numbers.
    pub numbers: &'static [&'static str],
    /// Columns holding `true`/`false`.
    pub bools: &'static [&'static str],
}

/// A line that could not be read as a record.
#[derive(Debug)]
pub struct BadLine {
    /// `file:line: message`.
    pub message: String,
}

/// Reads records of type `T` from a JSON Lines file (or CSV when the name
/// ends in `.csv`). Bad lines are returned apart, with file and line.
pub fn read_records<T: DeserializeOwned>(path: &Path, schema: CsvSchema) -> Result<(Vec<T>, Vec<BadLine>), String> {
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = progress(len, path);
    let reader = BufReader::with_capacity(1 << 20, file);
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let result = if is_csv { read_csv(reader, path, schema, &bar) } else { read_jsonl(reader, path, &bar) };
    bar.finish_and_clear();
    result
}

fn read_jsonl<T: DeserializeOwned>(
    reader: impl BufRead,
    path: &Path,
    bar: &ProgressBar,
) -> Result<(Vec<T>, Vec<BadLine>), String> {
    let mut records = Vec::new();
    let mut bad = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        bar.inc(line.len() as u64 + 1);
        show_when_large(bar, records.len());
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<T>(&line) {
            Ok(r) => records.push(r),
            Err(e) => bad.push(BadLine { message: json_error(path, n + 1, &e) }),
        }
    }
    Ok((records, bad))
}

/// `file:line:column: message`, without serde's own "at line 1 column N".
fn json_error(path: &Path, line: usize, e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = text.rsplit_once(" at line ").map_or(text.as_str(), |(m, _)| m);
    format!("{}:{line}:{}: {message}", path.display(), e.column())
}

fn read_csv<T: DeserializeOwned>(
    reader: impl std::io::Read,
    path: &Path,
    schema: CsvSchema,
    bar: &ProgressBar,
) -> Result<(Vec<T>, Vec<BadLine>), String> {
    let mut csv = csv::ReaderBuilder::new().flexible(false).from_reader(reader);
    let headers = csv.headers().map_err(|e| format!("{}:1: {e}", path.display()))?.clone();
    let mut records = Vec::new();
    let mut bad = Vec::new();
    for (n, row) in csv.records().enumerate() {
        let line = n + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                bad.push(BadLine { message: format!("{}:{line}: {e}", path.display()) });
                continue;
            }
        };
        bar.inc(row.as_slice().len() as u64 + row.len() as u64);
        show_when_large(bar, records.len());
        let parsed = csv_row_to_json(&headers, &row, schema)
            .and_then(|v| serde_json::from_value::<T>(v).map_err(|e| e.to_string()));
        match parsed {
            Ok(r) => records.push(r),
            Err(e) => bad.push(BadLine { message: format!("{}:{line}: {e}", path.display()) }),
        }
    }
    Ok((records, bad))
}

fn csv_row_to_json(headers: &csv::StringRecord, row: &csv::StringRecord, schema: CsvSchema) -> Result<Value, String> {
    let mut obj = Map::new();
    for (name, cell) in headers.iter().zip(row.iter()) {
        if cell.is_empty() {
            continue;
        }
        let value = if schema.lists.contains(&name) {
            Value::Array(cell.split(';').map(|s| Value::String(s.trim().to_owned())).collect())
        } else if schema.numbers.contains(&name) {
            let n: serde_json::Number =
                cell.trim().parse().map_err(|_| format!("column {name}: {cell:?} is not a number"))?;
            Value::Number(n)
        } else if schema.bools.contains(&name) {
            match cell.trim() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => return Err(format!("column {name}: {cell:?} is not true or false")),
            }
        } else {
            Value::String(cell.to_owned())
        };
        obj.insert(name.to_owned(), value);
    }
    Ok(Value::Object(obj))
}

fn progress(len: u64, path: &Path) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(format!("reading {}", path.display()));
    bar
}

fn show_when_large(bar: &ProgressBar, records: usize) {
    if records as u64 == PROGRESS_THRESHOLD {
        bar.set_draw_target(ProgressDrawTarget::stderr());
    }
}

/// A spinner on stderr for a long processing step (shown only for large inputs).
pub fn spinner(records: usize, what: &str) -> ProgressBar {
    if (records as u64) < PROGRESS_THRESHOLD {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_message(format!("{what} {records} records"));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Prints bad lines on stderr, with a count.
pub fn report_bad_lines(bad: &[BadLine]) {
    for b in bad.iter().take(20) {
        eprintln!("{}", b.message);
    }
    if bad.len() > 20 {
        eprintln!("… and {} more bad lines", bad.len() - 20);
    }
}

/// A JSON Lines writer to a file or stdout.
pub struct JsonLines {
    out: Box<dyn Write>,
}

impl JsonLines {
    /// Writes to `path`, or stdout when `None` or `-`.
    pub fn create(path: Option<&PathBuf>) -> Result<Self, String> {
        let out: Box<dyn Write> = match path {
            Some(p) if p.as_os_str() != "-" => {
                Box::new(BufWriter::new(File::create(p).map_err(|e| format!("{}: {e}", p.display()))?))
            }
            _ => Box::new(BufWriter::new(std::io::stdout().lock())),
        };
        Ok(JsonLines { out })
    }

    /// Writes one record as a line.
    pub fn write<T: Serialize>(&mut self, record: &T) -> Result<(), String> {
        serde_json::to_writer(&mut self.out, record).map_err(|e| write_error(e.into()))?;
        self.out.write_all(b"\n").map_err(write_error)
    }

    /// Flushes the output.
    pub fn finish(mut self) -> Result<(), String> {
        self.out.flush().map_err(write_error)
    }
}

/// A closed pipe (`filrouge … | head`) ends the program quietly, as Unix
/// tools do; any other write error is reported.
fn write_error(e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    e.to_string()
}

/// Reads a whole JSON file (a routine, a script) into `T`.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))
}
