//! `filrouge bench`: records/second and peak memory of every batch path.

use filrouge_bench::{Measure, Scale};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::process::ExitCode;

#[derive(Clone, Copy, clap::ValueEnum)]
enum ScaleArg {
    Small,
    Default,
    Large,
}

#[derive(clap::Args)]
pub struct Args {
    /// Data sizes: `small` (a tenth), `default` (the issues' targets), `large` (issue 7's scale run: 10M contacts + 2M reports streamed per client partition, 20M retention records in chunks, 10M companies, 2M follow-ups).
    #[arg(long, value_enum, default_value = "default")]
    scale: ScaleArg,
    /// Only these paths (comma-separated names: `reconcile,retention`).
    #[arg(long)]
    only: Option<String>,
}

/// A benchmarked path: its name and how to run it at a scale.
type BenchPath = (&'static str, fn(Scale) -> Vec<Measure>);

/// Every benchmarked path.
const PATHS: &[BenchPath] = &[
    ("reconcile", filrouge_bench::history::run),
    ("reconciler", filrouge_bench::history::run_incremental),
    ("retention", filrouge_bench::retention::run),
    ("reveal", filrouge_bench::reveal::run),
    ("trigger", filrouge_bench::trigger::run),
    ("score", filrouge_bench::scoring::run),
    ("followup", filrouge_bench::followup::run),
];

pub fn run(args: Args) -> Result<ExitCode, String> {
    let scale = match args.scale {
        ScaleArg::Small => Scale::Small,
        ScaleArg::Default => Scale::Default,
        ScaleArg::Large => Scale::Large,
    };
    println!("{:<28} {:>12} {:>10} {:>16} {:>12}  target", "path", "records", "seconds", "records/s", "peak MiB");
    let bar = progress_bar();
    for (name, run) in PATHS {
        if args.only.as_ref().is_some_and(|o| !o.split(',').any(|x| x == *name)) {
            continue;
        }
        bar.reset();
        bar.set_length(0);
        bar.set_message(format!("{name}: generating and running"));
        for m in run(scale) {
            bar.suspend(|| print_measure(&m));
        }
    }
    bar.finish_and_clear();
    Ok(ExitCode::SUCCESS)
}

/// A bar on stderr that paths advance through `filrouge_bench::progress`
/// (partitions, chunks); hidden when stderr is not a terminal.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let hook = bar.clone();
    filrouge_bench::progress::set_hook(Box::new(move |path, done, total| {
        hook.set_message(path.to_owned());
        hook.set_length(total);
        hook.set_position(done);
    }));
    bar
}

fn print_measure(m: &Measure) {
    let peak = m.peak_bytes.map(|b| format!("{:.1}", b as f64 / (1 << 20) as f64)).unwrap_or_else(|| "n/a".into());
    let verdict = match m.met {
        Some(true) => "met",
        Some(false) => "NOT met",
        None => "",
    };
    println!(
        "{:<28} {:>12} {:>10.3} {:>16.0} {:>12}  {} {}",
        m.path,
        m.records,
        m.elapsed.as_secs_f64(),
        m.per_second(),
        peak,
        m.target,
        verdict
    );
}
