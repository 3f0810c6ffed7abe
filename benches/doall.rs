//! `cargo bench`: every strategy × workload × length × thread count, the
//! two single-thread kernels and the memory-bandwidth ceiling, measured in
//! interleaved rounds; then an HTML report under `reports/`.
//!
//! Each round visits every configuration once, in a shuffled order that
//! changes from round to round, so that a slow spell of a shared machine
//! falls on all configurations alike and a comparison can be checked round
//! by round. A visit opens the strategy's session (builds its pool: not timed),
//! warms it up, then takes samples: each sample is the mean of enough calls
//! to last a few milliseconds, every call on a fresh copy of the starting
//! vector (the copy is not timed: [`doall::timing::time_calls`]), and every
//! sample checks that the result has exactly the bits of `seq`. The harness
//! drives this loop itself rather than through criterion, so that a run
//! prints one line per visit with the time left, and writes
//! `reports/runs/<UTC time>-<host>/results.json` with each round's samples
//! kept apart, never reading another tool's private files.
//!
//! The peers under `peers/` are built into `target/` and measured in the
//! same rounds when their toolchain is there: with `go` on `PATH`,
//! Effective Go's original, `go` against its own sequential loop `go-seq`;
//! with a `cc` that takes `-fopenmp`, OpenMP's parallel for in C, `openmp`
//! against `openmp-seq`. Every peer result must leave the bits of Rust's
//! `seq` ([`doall::bench::peer`]). Without the toolchain, one line says how
//! to get it and the run goes on.
//!
//! - `DOALL_BENCH=quick cargo bench`: a smaller matrix, about 2 minutes on
//!   2 cores, 3 with Go (a full run: about 9 minutes, 10 with Go).
//! - `DOALL_BENCH_GO=off`, `DOALL_BENCH_OPENMP=off`: leave that peer out
//!   even if its toolchain is installed.
//! - `DOALL_BENCH_ROUNDS=5 cargo bench`: more rounds (default 3).
//! - `DOALL_BENCH_THREADS=1,2,4,8,16 cargo bench`: other thread counts.
//! - `cargo bench -- heavy`: only the benchmarks whose name matches `heavy`
//!   (a regular expression); `cargo bench -- --list` prints the names.

use std::{
    path::PathBuf,
    time::{Instant, SystemTime},
};

use doall::{
    Error,
    bandwidth::{BYTES_PER_ELEMENT, last_level_cache_bytes},
    bench::{
        BenchMode, MODE_VAR, ROUNDS_VAR, THREADS_VAR,
        args::{Action, BenchArgs, USAGE},
        matrix::{Config, Subject, matrix, peer_configs},
        parse_rounds,
        peer::{Peer, PeerKind, PeerSkipped},
        schedule::{Sampling, TimeLeft, elapsed_text, progress_line, round_orders, time_left_text},
        target::{InPeer, InProcess, Target, Vectors},
        thread_counts,
        visit::visit,
    },
    timing::time_calls,
};
use doall_kernel::ThreadError;
use doall_report::{
    self as report,
    format::duration,
    machine::{RunSettings, detect_machine, host_name, utc_timestamp},
    results::{
        BandwidthPoint, KernelRecord, OverheadRecord, Record, RunResults, SCHEMA_VERSION,
        StrategyInfo, ThreadsUsed,
    },
    stats::timing_from_rounds,
};
use regex::Regex;

/// The seed of the round orders ("doall" in ASCII): fixed, so that two runs
/// (say, on 1 and on 2 cores) visit the configurations in the same order.
const ORDER_SEED: u64 = 0x0064_6f61_6c6c;

type BoxError = Box<dyn std::error::Error>;

fn main() {
    if let Err(err) = run() {
        eprintln!("doall bench: {err}");
        std::process::exit(1);
    }
}

fn env_var(name: &str) -> Option<String> {
    std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
}

fn run() -> Result<(), BoxError> {
    // The run's name and started_utc are when it started, not when it ended.
    let started = SystemTime::now();
    let args = BenchArgs::parse(std::env::args().skip(1))?;
    if args.action == Action::Help {
        println!("{USAGE}");
        return Ok(());
    }
    let mode = BenchMode::parse(env_var(MODE_VAR).as_deref())?;
    let rounds = parse_rounds(env_var(ROUNDS_VAR).as_deref())?;
    let available = doall_kernel::available_threads().get();
    let threads_override = env_var(THREADS_VAR).filter(|v| !v.is_empty());
    let threads = thread_counts(threads_override.as_deref(), available)?;
    let thread_source = if threads_override.is_some() {
        "env (DOALL_BENCH_THREADS)"
    } else {
        "available_parallelism"
    };
    let filter = Filter::new(&args)?;
    let cache_bytes = last_level_cache_bytes();
    let mut configs = runnable(matrix(mode, &threads, cache_bytes)?, &filter)?;
    // Peers run only when measuring: `--list` and `--test` stay Rust's.
    let mut peers = Vec::new();
    for kind in PeerKind::ALL {
        if args.action != Action::Bench || env_var(kind.off_var()).as_deref() == Some("off") {
            continue;
        }
        let matching = runnable(peer_configs(kind, mode, &threads, cache_bytes)?, &filter)?;
        if matching.is_empty() {
            continue;
        }
        match Peer::start(kind, &target_dir().join(kind.binary_name())) {
            Ok(peer) => {
                println!(
                    "doall bench: {} runs beside the Rust strategies ({}, {} configurations; {}=off skips it)",
                    kind.parallel_call(),
                    peer.description,
                    matching.len(),
                    kind.off_var()
                );
                configs.extend(matching);
                peers.push(peer);
            }
            Err(PeerSkipped(reason)) => {
                println!("doall bench: skipping {}: {reason}", kind.title());
            }
        }
    }
    if configs.is_empty() && args.action != Action::List {
        println!(
            "doall bench: no benchmark matches the filter; `cargo bench -- --list` names them all"
        );
        return Ok(());
    }
    match args.action {
        Action::List => {
            for config in &configs {
                println!("{}: benchmark", config.id);
            }
            Ok(())
        }
        Action::Test => test_once(&configs, args.quiet),
        Action::Help => Ok(()),
        Action::Bench => {
            println!(
                "doall bench: {} mode, threads {threads:?} (from {thread_source})",
                mode.name(),
            );
            let measured =
                measure_rounds(&configs, mode.sampling(), rounds, args.quiet, &mut peers)?;
            let peer_strategies: Vec<StrategyInfo> = peers
                .iter()
                .flat_map(|peer| peer.kind.strategies(&peer.description))
                .collect();
            drop(peers);
            let settings = RunSettings {
                thread_source: thread_source.to_owned(),
                bench_mode: mode.name().to_owned(),
                started,
                rounds,
                bandwidth: Vec::new(),
                spin_budget_s: Some(doall_pool::DEFAULT_SPIN_BUDGET.as_secs_f64()),
            };
            write_results(&configs, &measured, settings, peer_strategies)
        }
    }
}

/// Where cargo builds: `CARGO_TARGET_DIR`, or `target/` in the workspace.
fn target_dir() -> PathBuf {
    env_var("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    )
}

/// The configurations that match `filter` and can run. A plan that a
/// strategy refuses (more threads than it may start) is left out of every
/// round, and said so once.
fn runnable(configs: Vec<Config>, filter: &Filter) -> Result<Vec<Config>, Error> {
    let mut kept = Vec::new();
    for config in configs {
        if !filter.matches(&config.id) {
            continue;
        }
        match config.check_limits() {
            Ok(()) => kept.push(config),
            Err(
                refused @ Error::Threads {
                    source: ThreadError::TooMany { .. },
                    ..
                },
            ) => {
                println!("doall bench: skipping {}: {refused}", config.id);
            }
            Err(err) => return Err(err),
        }
    }
    Ok(kept)
}

/// The command line's filters: a benchmark runs if any matches its name.
struct Filter {
    patterns: Vec<Regex>,
    exact: Vec<String>,
    reject_all: bool,
}

impl Filter {
    fn new(args: &BenchArgs) -> Result<Filter, String> {
        let mut patterns = Vec::new();
        if !args.exact {
            for filter in &args.filters {
                let regex = Regex::new(filter).map_err(|e| {
                    // The regex error draws the pattern over several lines;
                    // its last line says what is wrong.
                    let text = e.to_string();
                    let reason = text.lines().last().unwrap_or_default().trim().to_owned();
                    format!("the filter {filter:?} is not a regular expression: {reason}")
                })?;
                patterns.push(regex);
            }
        }
        Ok(Filter {
            patterns,
            exact: if args.exact {
                args.filters.clone()
            } else {
                Vec::new()
            },
            reject_all: args.ignored,
        })
    }

    fn matches(&self, id: &str) -> bool {
        if self.reject_all {
            return false;
        }
        if self.patterns.is_empty() && self.exact.is_empty() {
            return true;
        }
        self.patterns.iter().any(|p| p.is_match(id)) || self.exact.iter().any(|e| e == id)
    }
}

/// `--test` and `cargo test --benches`: each configuration once, checked.
fn test_once(configs: &[Config], quiet: bool) -> Result<(), BoxError> {
    let mut vectors = Vectors::new(configs)?;
    let mut scratch = std::mem::take(&mut vectors.scratch);
    for (done, config) in configs.iter().enumerate() {
        let target = Target::new(config, &vectors);
        target.session(&mut scratch, |session| {
            time_calls(session, target.initial, 1)?;
            target.check(session)
        })?;
        if !quiet {
            println!("[{}/{}] test {}: ok", done + 1, configs.len(), config.id);
        }
    }
    println!(
        "doall bench: {} configurations ran once, each leaving the right bits; nothing measured, so no report written",
        configs.len()
    );
    Ok(())
}

/// What the rounds measured, per configuration.
struct Measured {
    /// The samples of each round (outer: round).
    samples: Vec<Vec<f64>>,
    /// The threads used in every probed call of every round.
    threads_used: Vec<usize>,
}

/// Every configuration once per round, in each round's order.
fn measure_rounds(
    configs: &[Config],
    sampling: Sampling,
    rounds: usize,
    quiet: bool,
    peers: &mut [Peer],
) -> Result<Vec<Measured>, BoxError> {
    let clock = Instant::now();
    let mut vectors = Vectors::new(configs)?;
    let mut scratch = std::mem::take(&mut vectors.scratch);
    let orders = round_orders(configs.len(), rounds, ORDER_SEED);
    let mut measured: Vec<Measured> = (0..configs.len())
        .map(|_| Measured {
            samples: vec![Vec::new(); rounds],
            threads_used: Vec::new(),
        })
        .collect();
    let mut time_left = TimeLeft::new(configs.len(), sampling.visit_guess_s());
    let every: Vec<usize> = (0..configs.len()).collect();
    println!(
        "doall bench: {} × {} = {} visits, {}",
        counted(configs.len(), "configuration"),
        counted(rounds, "round"),
        configs.len() * rounds,
        time_left_text(time_left.seconds(&every, rounds.saturating_sub(1)))
    );
    if !quiet {
        println!(
            "doall bench: a line per visit: its fastest sample (time per call), then the time left"
        );
    }
    let mut done = 0;
    for (round, order) in orders.iter().enumerate() {
        for (position, &index) in order.iter().enumerate() {
            let config = &configs[index];
            let visit_start = Instant::now();
            // The session ends with the visit: a pool shuts down before the
            // next visit starts its own.
            let target = Target::new(config, &vectors);
            let gap = config.idle_gap;
            let peer = match config.subject {
                Subject::Peer { call, .. } => peers
                    .iter_mut()
                    .find(|peer| peer.kind == call.peer)
                    .map(|peer| (peer, call)),
                _ => None,
            };
            let visit = match peer {
                Some((peer, call)) => visit(&mut InPeer::new(peer, &target, call), &sampling, gap)?,
                None => target.session(&mut scratch, |session| {
                    visit(
                        &mut InProcess {
                            target: &target,
                            session,
                        },
                        &sampling,
                        gap,
                    )
                })?,
            };
            time_left.record(index, visit_start.elapsed().as_secs_f64());
            done += 1;
            if !quiet {
                let left = time_left.seconds(&order[position + 1..], rounds - round - 1);
                let fastest = visit.samples.iter().copied().fold(f64::INFINITY, f64::min);
                let mut result = duration(fastest);
                if let Subject::Bandwidth { .. } = config.subject {
                    result += &format!(", {:.1} GB/s", gb_per_s(config.len, fastest));
                }
                // Only the mean is shown, so the threads a call had do not matter.
                if let Some(used) = ThreadsUsed::from_counts(&visit.threads_used, 1) {
                    result += &format!(" on {:.1} threads", used.mean);
                }
                println!(
                    "{}",
                    progress_line(
                        done,
                        configs.len() * rounds,
                        (round + 1, rounds),
                        &config.id,
                        &result,
                        &time_left_text(left)
                    )
                );
            }
            measured[index].samples[round] = visit.samples;
            measured[index].threads_used.extend(visit.threads_used);
        }
    }
    println!(
        "doall bench: measured {done} visits in {}",
        elapsed_text(clock.elapsed().as_secs_f64())
    );
    Ok(measured)
}

/// `1 round`, `3 rounds`.
fn counted(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Bytes moved per second, in GB/s, by one pass over `len` elements.
fn gb_per_s(len: usize, seconds: f64) -> f64 {
    BYTES_PER_ELEMENT * len as f64 / seconds / 1e9
}

/// Turns each configuration's samples into records and writes the run.
fn write_results(
    configs: &[Config],
    measured: &[Measured],
    mut settings: RunSettings,
    peer_strategies: Vec<StrategyInfo>,
) -> Result<(), BoxError> {
    let mut records = Vec::new();
    let mut kernel = Vec::new();
    let mut overhead = Vec::new();
    for (config, measured) in configs.iter().zip(measured) {
        let Some(timing) = timing_from_rounds(&measured.samples) else {
            continue;
        };
        if let Some(recorded) = config.recorded_as() {
            let threads_used = ThreadsUsed::from_counts(&measured.threads_used, recorded.threads);
            match recorded.overhead {
                None => records.push(Record {
                    strategy: recorded.name.to_owned(),
                    workload: config.workload.name().to_owned(),
                    len: config.len,
                    threads: recorded.threads,
                    chunks: recorded.chunks,
                    timing,
                    threads_used,
                }),
                Some(size) => overhead.push(OverheadRecord {
                    strategy: recorded.name.to_owned(),
                    size,
                    len: config.len,
                    threads: recorded.threads,
                    chunks: recorded.chunks,
                    idle_gap_s: config.idle_gap.as_secs_f64(),
                    timing,
                    threads_used,
                }),
            }
            continue;
        }
        match config.subject {
            Subject::Kernel(k) => kernel.push(KernelRecord {
                kernel: k.name().to_owned(),
                workload: config.workload.name().to_owned(),
                len: config.len,
                timing,
            }),
            Subject::Bandwidth { threads } => settings.bandwidth.push(BandwidthPoint {
                threads,
                gb_per_s: gb_per_s(config.len, timing.min_s),
                round_gb_per_s: timing
                    .round_min_s
                    .iter()
                    .map(|&s| gb_per_s(config.len, s))
                    .collect(),
            }),
            // Recorded above.
            Subject::Strategy { .. } | Subject::Overhead { .. } | Subject::Peer { .. } => {}
        }
    }
    if records.is_empty() && kernel.is_empty() && overhead.is_empty() {
        println!("doall bench: no strategy or kernel measured, so no report written");
        return Ok(());
    }
    let started = settings.started;
    let mut strategies: Vec<StrategyInfo> = doall::bench::matrix::benched()
        .map(|s| StrategyInfo {
            name: s.name.to_owned(),
            summary: s.summary.to_owned(),
            threads_rule: s.thread_use.describe().to_owned(),
            baseline: "seq".to_owned(),
            peer: None,
            contender: s.contender.map(str::to_owned),
        })
        .collect();
    strategies.extend(peer_strategies);
    let results = RunResults {
        schema_version: SCHEMA_VERSION,
        machine: detect_machine(settings),
        strategies,
        records,
        kernel,
        overhead,
    };
    let reports_dir = env_var("DOALL_REPORTS_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("reports"),
        PathBuf::from,
    );
    // DOALL_RUN_LABEL (say `cores4`, from scripts/bench-cores.sh) tells runs apart.
    let label = env_var("DOALL_RUN_LABEL")
        .map(|l| {
            l.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
        })
        .filter(|l| !l.is_empty())
        .map_or_else(String::new, |l| format!("-{l}"));
    let run_name = format!("{}-{}{label}", utc_timestamp(started, false), host_name());
    let run_dir = reports_dir.join("runs").join(run_name);
    results.save(&run_dir.join("results.json"))?;
    report::write_run_report(&run_dir)?;
    let index = report::refresh_index(&reports_dir)?;
    println!(
        "doall bench: results in {}",
        run_dir.join("results.json").display()
    );
    println!("doall bench: open {}", index.display());
    Ok(())
}
