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
//! - `DOALL_BENCH=quick cargo bench`: a smaller matrix, about 2 minutes on
//!   2 cores (a full run: about 9 minutes).
//! - `DOALL_BENCH_ROUNDS=5 cargo bench`: more rounds (default 3).
//! - `DOALL_BENCH_THREADS=1,2,4,8,16 cargo bench`: other thread counts.
//! - `cargo bench -- heavy`: only the benchmarks whose name matches `heavy`
//!   (a regular expression); `cargo bench -- --list` prints the names.

use std::{
    collections::{HashMap, hash_map::Entry},
    path::PathBuf,
    time::{Duration, Instant, SystemTime},
};

use doall::{
    Error, Session,
    bandwidth::{BYTES_PER_ELEMENT, is_one_stream_pass, last_level_cache_bytes, stream_pass},
    bench::{
        BenchMode, MODE_VAR, ROUNDS_VAR, THREADS_VAR,
        args::{Action, BenchArgs, USAGE},
        matrix::{Answer, Config, Subject, matrix},
        parse_rounds,
        schedule::{Sampling, TimeLeft, elapsed_text, progress_line, round_orders, time_left_text},
        thread_counts,
    },
    session_matches, session_to_vec,
    timing::{probe_threads, session_holds, time_calls, time_calls_after_gap},
};
use doall_kernel::{Checksum, ThreadError, Workload, initial_vector};
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
    let mut configs = Vec::new();
    for config in matrix(mode, &threads, last_level_cache_bytes())? {
        if !filter.matches(&config.id) {
            continue;
        }
        // A plan that a strategy refuses (more threads than it may start) is
        // left out of every round, and said so once.
        match config.check_limits() {
            Ok(()) => configs.push(config),
            Err(
                refused @ Error::Threads {
                    source: ThreadError::TooMany { .. },
                    ..
                },
            ) => {
                println!("doall bench: skipping {}: {refused}", config.id);
            }
            Err(err) => return Err(err.into()),
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
            let measured = measure_rounds(&configs, mode.sampling(), rounds, args.quiet)?;
            let settings = RunSettings {
                thread_source: thread_source.to_owned(),
                bench_mode: mode.name().to_owned(),
                started,
                rounds,
                bandwidth: Vec::new(),
                spin_budget_s: Some(doall_pool::DEFAULT_SPIN_BUDGET.as_secs_f64()),
            };
            write_results(&configs, &measured, settings)
        }
    }
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

/// The starting vectors (one per length) and the answers of `seq` (one per
/// workload and length) of a set of configurations, computed once and kept
/// for the whole run, and one scratch vector that every call works on.
struct Vectors {
    initial: HashMap<usize, Vec<f64>>,
    seq_answers: HashMap<(Workload, usize), Vec<f64>>,
    scratch: Vec<f64>,
}

impl Vectors {
    fn new(configs: &[Config]) -> Result<Vectors, Error> {
        let mut vectors = Vectors {
            initial: HashMap::new(),
            seq_answers: HashMap::new(),
            scratch: Vec::new(),
        };
        for config in configs {
            if let Entry::Vacant(slot) = vectors.initial.entry(config.len) {
                slot.insert(initial_vector(config.len)?);
            }
            if config.answer() == Answer::Seq
                && let Entry::Vacant(slot) =
                    vectors.seq_answers.entry((config.workload, config.len))
            {
                let mut answer = initial_vector(config.len)?;
                doall_seq::do_all(&mut answer, &config.workload);
                slot.insert(answer);
            }
        }
        let longest = configs.iter().map(|c| c.len).max().unwrap_or(0);
        vectors.scratch = initial_vector(longest)?;
        Ok(vectors)
    }
}

/// What one configuration starts from and must leave.
struct Target<'a> {
    config: &'a Config,
    initial: &'a [f64],
    seq_answer: Option<&'a [f64]>,
}

impl<'a> Target<'a> {
    /// `vectors` must have been built for a set of configurations that
    /// holds `config`.
    fn new(config: &'a Config, vectors: &'a Vectors) -> Target<'a> {
        const BUILT: &str = "Vectors::new covers every configuration of the run";
        let initial = vectors.initial.get(&config.len).expect(BUILT);
        let seq_answer = match config.answer() {
            Answer::Seq => Some(
                vectors
                    .seq_answers
                    .get(&(config.workload, config.len))
                    .expect(BUILT)
                    .as_slice(),
            ),
            Answer::Stream => None,
        };
        Target {
            config,
            initial,
            seq_answer,
        }
    }

    /// Opens the configuration's session over `v` (builds its pool: not
    /// timed) and runs `body` in it.
    fn session<R>(
        &self,
        v: &mut [f64],
        body: impl FnOnce(&mut dyn Session) -> Result<R, Error>,
    ) -> Result<R, Error> {
        self.config.session(&mut v[..self.config.len], body)
    }

    /// Checks that the session's vector holds exactly the answer of `seq`
    /// (or of one stream pass): a wrong strategy is a bug, never noise, and
    /// stops the run.
    fn check(&self, session: &mut dyn Session) -> Result<(), Error> {
        let right = match self.seq_answer {
            Some(answer) => session_holds(session, answer),
            None => session_matches(session, self.initial, is_one_stream_pass),
        };
        if right {
            return Ok(());
        }
        let expected = match self.seq_answer {
            Some(answer) => Checksum::of(answer),
            None => {
                let mut answer = self.initial.to_vec();
                stream_pass(&mut answer, 1);
                Checksum::of(&answer)
            }
        };
        Err(Error::WrongResult {
            strategy: self.config.subject_name(),
            workload: self.config.workload.name(),
            len: self.config.len,
            got: Checksum::of(&session_to_vec(session)).to_string(),
            expected: expected.to_string(),
        })
    }

    /// One visit: warm up, plan the samples from what the warm-up saw, take
    /// them, then make the untimed probed calls that count the threads used.
    fn visit(&self, session: &mut dyn Session, sampling: &Sampling) -> Result<Visit, Error> {
        let gap = self.config.idle_gap;
        let warm_up = Instant::now();
        let (mut calls, mut timed, mut batch) = (0u64, Duration::ZERO, 1u64);
        loop {
            timed += time_calls_after_gap(session, self.initial, batch, gap)?;
            calls += batch;
            let elapsed = warm_up.elapsed().as_secs_f64();
            if elapsed >= sampling.warm_up_s {
                break;
            }
            // Batches double, but never past the warm-up's end by much.
            let per_call = elapsed / calls as f64;
            let to_end = ((sampling.warm_up_s - elapsed) / per_call).ceil();
            batch = (to_end.max(1.0) as u64).min(batch.saturating_mul(2));
        }
        let wall_per_call_s = warm_up.elapsed().as_secs_f64() / calls as f64;
        let check_start = Instant::now();
        self.check(session)?;
        let check_s = check_start.elapsed().as_secs_f64();
        // After an idle gap, a sample of a millisecond of calls would take
        // a hundred times as long in gaps; each call is timed on its own
        // anyway, so a gap's calls plan by their wall time.
        let call_s = if gap.is_zero() {
            timed.as_secs_f64() / calls as f64
        } else {
            wall_per_call_s
        };
        let plan = sampling.plan(call_s, wall_per_call_s, check_s);
        let mut samples = Vec::with_capacity(plan.samples);
        for _ in 0..plan.samples {
            let total = time_calls_after_gap(session, self.initial, plan.calls_per_sample, gap)?;
            samples.push(total.as_secs_f64() / plan.calls_per_sample as f64);
            self.check(session)?;
        }
        let probes = (PROBE_BUDGET_S / wall_per_call_s).clamp(MIN_PROBES, MAX_PROBES) as usize;
        let threads_used = probe_threads(session, self.initial, probes, gap)?;
        self.check(session)?;
        Ok(Visit {
            samples,
            threads_used,
        })
    }
}

/// The untimed probed calls of a visit: as many as fit in this many
/// seconds, within [`MIN_PROBES`] and [`MAX_PROBES`]. A hundred calls per
/// round can tell 99% of calls on every thread from 98%.
const PROBE_BUDGET_S: f64 = 0.02;
const MIN_PROBES: f64 = 5.0;
const MAX_PROBES: f64 = 100.0;

/// What one visit measured.
struct Visit {
    /// Seconds per call of each sample.
    samples: Vec<f64>,
    /// Threads that ran chunks in each probed call (empty for a kernel or
    /// the bandwidth pass, which have no strategy to probe).
    threads_used: Vec<usize>,
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
            let visit = target.session(&mut scratch, |session| target.visit(session, &sampling))?;
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
) -> Result<(), BoxError> {
    let mut records = Vec::new();
    let mut kernel = Vec::new();
    let mut overhead = Vec::new();
    for (config, measured) in configs.iter().zip(measured) {
        let Some(timing) = timing_from_rounds(&measured.samples) else {
            continue;
        };
        match config.subject {
            Subject::Strategy { strategy, plan } => {
                let (threads, chunks) = strategy.threads_and_chunks(plan);
                records.push(Record {
                    strategy: strategy.name.to_owned(),
                    workload: config.workload.name().to_owned(),
                    len: config.len,
                    threads,
                    chunks,
                    timing,
                    threads_used: ThreadsUsed::from_counts(&measured.threads_used, threads),
                });
            }
            Subject::Overhead {
                strategy,
                plan,
                size,
            } => {
                let (threads, chunks) = strategy.threads_and_chunks(plan);
                overhead.push(OverheadRecord {
                    strategy: strategy.name.to_owned(),
                    size,
                    len: config.len,
                    threads,
                    chunks,
                    idle_gap_s: config.idle_gap.as_secs_f64(),
                    timing,
                    threads_used: ThreadsUsed::from_counts(&measured.threads_used, threads),
                });
            }
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
        }
    }
    if records.is_empty() && kernel.is_empty() && overhead.is_empty() {
        println!("doall bench: no strategy or kernel measured, so no report written");
        return Ok(());
    }
    let started = settings.started;
    let results = RunResults {
        schema_version: SCHEMA_VERSION,
        machine: detect_machine(settings),
        strategies: doall::bench::matrix::benched()
            .map(|s| StrategyInfo {
                name: s.name.to_owned(),
                summary: s.summary.to_owned(),
                threads_rule: s.thread_use.describe().to_owned(),
            })
            .collect(),
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
