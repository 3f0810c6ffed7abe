//! `doall`: quick runs of the strategies from the command line.
//!
//! ```text
//! doall run --strategy all --workload heavy --len 1048576 --threads 2
//! doall run --strategy pool --workload heavy --len 64 --threads 2 --spin-budget 50us
//! doall run -s seq,std-scope,exercise -w heavy -l 1048576 -t 2
//! doall list
//! doall report                       # every run under reports/runs, and reports/index.html
//! doall report reports/runs/<run>    # one run's index.html
//! doall report RUN1 RUN2 --out reports/compare.html   # runs side by side
//! doall report --diff RUN1 RUN2      # the findings that differ between two runs
//! ```

use std::{
    num::NonZeroUsize,
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::{Parser, Subcommand};
use doall_kernel::{Plan, Workload, initial_vector, threads_from_env};
use doall_pool::PoolConfig;
use doall_registry::{Error, Measurement, STRATEGIES, SessionConfig, find_strategies, measure};
use doall_report::format::duration;

/// Effective Go's DoAll in Rust: run, time and compare parallel strategies.
#[derive(Debug, Parser)]
#[command(version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run strategies on a workload, time them and check their results.
    Run(RunArgs),
    /// List the strategies and workloads.
    List,
    /// Write the HTML reports of benchmark runs, or compare two runs'
    /// findings (--diff).
    #[command(
        after_help = "Exit status: 0 on success; with --diff, 0 when the two runs \
        contradict each other nowhere and 3 when they do; 1 when a file cannot be read or \
        written; 2 for a bad command line."
    )]
    Report(ReportArgs),
}

#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// Run directories (each holding results.json). None: every run under
    /// <REPORTS_DIR>/runs, then <REPORTS_DIR>/index.html. Several: also a
    /// page that compares them.
    run_dirs: Vec<PathBuf>,
    /// The reports directory.
    #[arg(long, default_value = "reports")]
    reports_dir: PathBuf,
    /// Where the comparison page goes when several runs are given
    /// [default: <REPORTS_DIR>/compare.html].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the findings that differ between two runs, in words (figures
    /// masked): contradictions, a tie in one run against a verdict in the
    /// other, other wording, and how many of RUN_A's sentences about the
    /// Rust strategies RUN_B does not say. Writes nothing; exits with 3 if
    /// the runs contradict each other.
    #[arg(long, num_args = 2, value_names = ["RUN_A", "RUN_B"], conflicts_with_all = ["run_dirs", "out"])]
    diff: Option<Vec<PathBuf>>,
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// A strategy name (see `doall list`), several separated by commas
    /// (`seq,std-scope,exercise`), or `all`.
    #[arg(long, short)]
    strategy: String,
    /// light, heavy or ramp.
    #[arg(long, short)]
    workload: String,
    /// The vector length.
    #[arg(long, short)]
    len: usize,
    /// Threads [default: $DOALL_THREADS, else the cores this process may use].
    #[arg(long, short)]
    threads: Option<usize>,
    /// Chunks the vector is split into [default: the thread count].
    #[arg(long, short)]
    chunks: Option<usize>,
    /// How long the pool's idle threads spin before they park, e.g. `0`,
    /// `50us`, `1ms` (at most 1s) [default: 200us].
    #[arg(long, value_name = "DURATION")]
    spin_budget: Option<String>,
    /// Timed calls per strategy, each on a fresh vector.
    #[arg(long, short, default_value_t = 5)]
    repeat: usize,
    /// Print one JSON object per line instead of a table.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help and --version: print as clap would and succeed.
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            let rendered = err.render().to_string();
            let first_line = rendered.lines().next().unwrap_or("invalid arguments");
            eprintln!("doall: {}", first_line.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Run(args) => run(&args),
        Command::List => {
            list();
            Ok(())
        }
        Command::Report(args) => match &args.diff {
            Some(runs) => return diff(runs),
            None => report(&args),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("doall: {err}");
            ExitCode::FAILURE
        }
    }
}

fn list() {
    println!("strategies:");
    for s in STRATEGIES {
        println!("  {:<10} {}", s.name, s.summary);
    }
    println!("  {:<10} every strategy above, compared with seq", "all");
    println!("workloads:");
    for w in Workload::ALL {
        println!("  {:<10} {}", w.name(), w.summary());
    }
}

/// `doall report --diff RUN_A RUN_B`: the findings that differ.
fn diff(runs: &[PathBuf]) -> ExitCode {
    let [a, b] = runs else {
        eprintln!("doall: --diff takes two run directories");
        return ExitCode::from(2);
    };
    match doall_report::diff_runs(a, b) {
        Ok(diff) => {
            println!("{diff}");
            if diff.has_contradiction() {
                ExitCode::from(doall_report::DIFF_CONTRADICTION_EXIT)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(err) => {
            eprintln!("doall: {}", Error::from(err));
            ExitCode::FAILURE
        }
    }
}

fn report(args: &ReportArgs) -> Result<(), Error> {
    let wrote = |path: &Path| println!("wrote {}", path.display());
    match args.run_dirs.as_slice() {
        [] => {
            let runs = args.reports_dir.join(doall_report::RUNS_DIR);
            if !runs.is_dir() {
                return Err(doall_report::Error::Io {
                    path: runs,
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "no runs directory (run the benchmarks first, or pass --reports-dir)",
                    ),
                }
                .into());
            }
            for dir in doall_report::run_dirs(&args.reports_dir)? {
                // A broken run is listed as skipped on the index; say so here too.
                match doall_report::write_run_report(&dir) {
                    Ok(path) => wrote(&path),
                    Err(err) => eprintln!("doall: skipped: {err}"),
                }
            }
            wrote(&doall_report::refresh_index(&args.reports_dir)?);
        }
        [one] => wrote(&doall_report::write_run_report(one)?),
        several => {
            for dir in several {
                wrote(&doall_report::write_run_report(dir)?);
            }
            let out = args
                .out
                .clone()
                .unwrap_or_else(|| args.reports_dir.join("compare.html"));
            wrote(&doall_report::write_comparison(several, &out)?);
        }
    }
    Ok(())
}

fn run(args: &RunArgs) -> Result<(), Error> {
    // Validate everything before allocating or spawning anything.
    let strategies = find_strategies(&args.strategy)?;
    let workload = Workload::from_name(&args.workload)?;
    let threads = threads_from_env(args.threads)?;
    let plan = Plan::for_threads(threads.threads, args.chunks)?;
    // A plan over a strategy's thread limit is bad input too: refuse it now.
    for strategy in &strategies {
        strategy.os_threads(plan)?;
    }
    let mut pool = PoolConfig::default();
    if let Some(text) = &args.spin_budget {
        let budget = doall_pool::parse_spin_budget(text).map_err(Error::Pool)?;
        pool = pool.with_spin_budget(budget).map_err(Error::Pool)?;
    }
    let config = SessionConfig { plan, pool };
    let repeat = NonZeroUsize::new(args.repeat).ok_or(Error::ZeroRepeat)?;
    let initial = initial_vector(args.len)?;

    let mut results: Vec<Measurement> = Vec::new();
    for strategy in &strategies {
        results.push(measure(strategy, workload, &initial, config, repeat)?);
    }
    // Every timing run checks its answer against seq's.
    let expected = match results.iter().find(|m| m.strategy == "seq") {
        Some(seq) => seq.checksum,
        None => measure(&STRATEGIES[0], workload, &initial, plan, NonZeroUsize::MIN)?.checksum,
    };
    for m in &results {
        if m.checksum != expected {
            return Err(Error::WrongResult {
                strategy: m.strategy,
                workload: m.workload,
                len: m.len,
                got: m.checksum.to_string(),
                expected: expected.to_string(),
            });
        }
    }

    if args.json {
        for m in &results {
            // A struct of strings and numbers always serializes.
            println!("{}", serde_json::to_string(m).unwrap_or_default());
        }
    } else {
        print_table(&results, threads.source.name());
    }
    Ok(())
}

fn print_table(results: &[Measurement], thread_source: &str) {
    let seq_min = results
        .iter()
        .find(|m| m.strategy == "seq")
        .map(|m| m.min_s);
    if let Some(first) = results.first() {
        println!(
            "{} with {} elements (threads from {thread_source}); speedup is seq's min / min",
            first.workload, first.len
        );
        println!(
            "used: threads that really ran chunks, the mean over untimed calls after the timed ones"
        );
    }
    println!(
        "{:<10} {:>7} {:>5} {:>7} {:>11} {:>11} {:>8}  checksum",
        "strategy", "threads", "used", "chunks", "min", "median", "speedup"
    );
    for m in results {
        let speedup = match seq_min {
            Some(seq) if m.min_s > 0.0 => format!("{:.2}x", seq / m.min_s),
            _ => "-".to_owned(),
        };
        let used = m
            .threads_used
            .map_or_else(|| "-".to_owned(), |used| format!("{used:.1}"));
        println!(
            "{:<10} {:>7} {:>5} {:>7} {:>11} {:>11} {:>8}  {}",
            m.strategy,
            m.threads,
            used,
            m.chunks,
            duration(m.min_s),
            duration(m.median_s),
            speedup,
            m.checksum
        );
    }
}
