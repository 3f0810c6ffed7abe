//! `cargo bench`: every strategy × workload × length × thread count, then an
//! HTML report under `reports/`.
//!
//! Criterion runs and prints each benchmark; the harness times every call
//! itself through `iter_custom` (the vector is reset before each call, and the
//! reset is not timed), keeps the per-sample times, and writes them with its
//! own statistics to `reports/runs/<UTC time>-<host>/results.json`. So the
//! report never reads criterion's private files. Every sample also checks
//! that the strategy left the same bits as `seq`.
//!
//! - `DOALL_BENCH=quick cargo bench`: a smaller matrix, about 2 minutes.
//! - `DOALL_BENCH_THREADS=1,2,4,8,16 cargo bench`: other thread counts.
//! - `cargo bench -- heavy`: only the benchmarks whose name contains `heavy`.

use std::{
    hint::black_box,
    path::PathBuf,
    time::{Duration, Instant},
};

use criterion::{BenchmarkId, Criterion, SamplingMode};
use doall::{
    Error, Runner, STRATEGIES,
    bandwidth::{BYTES_PER_ELEMENT, last_level_cache_bytes, stream_pass},
    bench::{BenchMode, MODE_VAR, THREADS_VAR, thread_counts},
};
use doall_kernel::{
    OVER_SPLIT, Plan, ThreadError, ThreadUse, Workload, initial_vector, update_chunk,
};
use doall_report::{
    self as report,
    machine::{RunSettings, detect_machine, host_name, utc_timestamp},
    results::{BandwidthPoint, KernelRecord, Record, RunResults, SCHEMA_VERSION, StrategyInfo},
    stats::timing_from_samples,
};

fn main() {
    if let Err(err) = run() {
        eprintln!("doall bench: {err}");
        std::process::exit(1);
    }
}

fn env_var(name: &str) -> Option<String> {
    std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
}

fn run() -> Result<(), Error> {
    let mode = BenchMode::parse(env_var(MODE_VAR).as_deref())?;
    let available = doall_kernel::available_threads().get();
    let threads_override = env_var(THREADS_VAR).filter(|v| !v.is_empty());
    let threads = thread_counts(threads_override.as_deref(), available)?;
    let thread_source = if threads_override.is_some() {
        "env (DOALL_BENCH_THREADS)"
    } else {
        "available_parallelism"
    };
    // `cargo test --benches` and `--list` only check that the benchmarks run.
    let dry_run = std::env::args().any(|a| a == "--test" || a == "--list");
    let cache_bytes = last_level_cache_bytes();

    let (warm_up_s, measurement_s) = mode.warm_up_and_measurement_s();
    let mut criterion = Criterion::default()
        .sample_size(mode.sample_size())
        .warm_up_time(Duration::from_secs_f64(warm_up_s))
        .measurement_time(Duration::from_secs_f64(measurement_s))
        .nresamples(10_000)
        .configure_from_args();
    let started = std::time::SystemTime::now();
    println!(
        "doall bench: {} mode, threads {threads:?} (from {thread_source})",
        mode.name()
    );

    let mut bandwidth = Vec::new();
    bench_bandwidth(&mut criterion, mode, &threads, cache_bytes, &mut bandwidth)?;
    let kernel = bench_kernels(&mut criterion, mode, cache_bytes)?;
    let mut records = Vec::new();
    for workload in Workload::ALL {
        records.extend(bench_workload(
            &mut criterion,
            mode,
            workload,
            &threads,
            cache_bytes,
        )?);
        if workload == Workload::Light {
            bench_bandwidth(&mut criterion, mode, &threads, cache_bytes, &mut bandwidth)?;
        }
    }
    criterion.final_summary();

    if dry_run || (records.is_empty() && kernel.is_empty()) {
        println!("doall bench: nothing measured, so no report written");
        return Ok(());
    }
    let results = RunResults {
        schema_version: SCHEMA_VERSION,
        machine: detect_machine(RunSettings {
            thread_source: thread_source.to_owned(),
            bench_mode: mode.name().to_owned(),
            started,
            rounds: 1,
            bandwidth,
        }),
        strategies: STRATEGIES
            .iter()
            .map(|s| StrategyInfo {
                name: s.name.to_owned(),
                summary: s.summary.to_owned(),
                threads_rule: s.thread_use.describe().to_owned(),
            })
            .collect(),
        records,
        kernel,
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

/// The memory-bandwidth ceiling: a STREAM-like in-place read-modify-write
/// pass ([`stream_pass`]) at each thread count, over the same length as
/// `light`'s largest vector, reset and timed exactly like the strategies and
/// in two rounds, one before everything else and one right after `light`, so
/// that `light` is drawn against a ceiling measured the same way. Memory
/// bandwidth on a shared machine comes and goes over minutes; the ceiling is
/// the best of both rounds. GB/s from the fastest sample.
fn bench_bandwidth(
    criterion: &mut Criterion,
    mode: BenchMode,
    threads: &[usize],
    cache_bytes: Option<u64>,
    ceiling: &mut Vec<BandwidthPoint>,
) -> Result<(), Error> {
    let round = if ceiling.is_empty() { 1 } else { 2 };
    let len = mode.memory_len(cache_bytes);
    let initial = initial_vector(len)?;
    let mut expected = initial.clone();
    stream_pass(&mut expected, 1);
    let mut group = criterion.benchmark_group("bandwidth");
    group.sampling_mode(SamplingMode::Flat);
    for &t in threads {
        let pass: Runner = Box::new(move |v, _| {
            stream_pass(v, t);
            Ok(())
        });
        let id = BenchmarkId::new(format!("rmw/t={t}"), format!("{len}/round{round}"));
        let samples = time_samples(
            &mut group,
            id,
            &pass,
            Workload::Light,
            &initial,
            &expected,
            mode,
        )?;
        if let Some(timing) = timing_from_samples(&samples) {
            let gb_per_s = BYTES_PER_ELEMENT * len as f64 / timing.min_s / 1e9;
            println!("doall bench: bandwidth at {t} threads, round {round}: {gb_per_s:.1} GB/s");
            match ceiling.iter_mut().find(|p| p.threads == t) {
                Some(best) => best.gb_per_s = best.gb_per_s.max(gb_per_s),
                None => ceiling.push(BandwidthPoint {
                    threads: t,
                    gb_per_s,
                    round_gb_per_s: Vec::new(),
                }),
            }
        }
    }
    group.finish();
    Ok(())
}

/// Rounds of the kernel benchmark.
const KERNEL_ROUNDS: usize = 2;

/// Plain loop against the fast kernel, one thread, each workload.
fn bench_kernels(
    criterion: &mut Criterion,
    mode: BenchMode,
    cache_bytes: Option<u64>,
) -> Result<Vec<KernelRecord>, Error> {
    let mut records = Vec::new();
    let mut group = criterion.benchmark_group("kernel");
    group.sampling_mode(SamplingMode::Flat);
    for workload in Workload::ALL {
        let len = mode.kernel_len(workload, cache_bytes);
        let initial = initial_vector(len)?;
        let expected = sequential(&initial, workload);
        let kernels: [(&str, Runner); 2] = [
            (
                "plain",
                Box::new(|v: &mut [f64], w: Workload| {
                    w.plain_kernel(v);
                    Ok(())
                }),
            ),
            (
                "fast",
                Box::new(|v: &mut [f64], w: Workload| {
                    update_chunk(v, &w);
                    Ok(())
                }),
            ),
        ];
        // Two interleaved rounds (plain, fast, plain, fast), samples pooled:
        // a slow spell of the machine then cannot fall on one kernel only.
        let mut samples: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
        for round in 1..=KERNEL_ROUNDS {
            for ((name, kernel), pooled) in kernels.iter().zip(&mut samples) {
                let id = BenchmarkId::new(*name, format!("{}/{len}/round{round}", workload.name()));
                pooled.extend(time_samples(
                    &mut group, id, kernel, workload, &initial, &expected, mode,
                )?);
            }
        }
        for ((name, _), pooled) in kernels.iter().zip(&samples) {
            if let Some(timing) = timing_from_samples(pooled) {
                records.push(KernelRecord {
                    kernel: (*name).to_owned(),
                    workload: workload.name().to_owned(),
                    len,
                    timing,
                });
            }
        }
    }
    group.finish();
    Ok(records)
}

/// Every strategy on `workload` at every length and thread count.
fn bench_workload(
    criterion: &mut Criterion,
    mode: BenchMode,
    workload: Workload,
    threads: &[usize],
    cache_bytes: Option<u64>,
) -> Result<Vec<Record>, Error> {
    let mut records = Vec::new();
    let mut group = criterion.benchmark_group(workload.name());
    group.sampling_mode(SamplingMode::Flat);
    for len in mode.lengths(workload, cache_bytes) {
        let initial = initial_vector(len)?;
        let expected = sequential(&initial, workload);
        for strategy in STRATEGIES {
            let plans = if strategy.parallel() {
                plans(
                    workload,
                    threads,
                    strategy.thread_use == ThreadUse::OnePerChunk,
                )?
            } else {
                vec![Plan::new(1, None)?]
            };
            for plan in plans {
                let (t, c) = strategy.threads_and_chunks(plan);
                let name = if strategy.parallel() {
                    format!("{}/t={t}/c={c}", strategy.name)
                } else {
                    strategy.name.to_owned()
                };
                // Building a pool happens here, once, outside the timed region.
                let run = match strategy.prepare(plan) {
                    Ok(run) => run,
                    Err(
                        refused @ Error::Threads {
                            source: ThreadError::TooMany { .. },
                            ..
                        },
                    ) => {
                        println!("doall bench: skipping {name} at {len} elements: {refused}");
                        continue;
                    }
                    Err(err) => return Err(err),
                };
                let samples = time_samples(
                    &mut group,
                    BenchmarkId::new(name, len),
                    &run,
                    workload,
                    &initial,
                    &expected,
                    mode,
                )?;
                if let Some(timing) = timing_from_samples(&samples) {
                    records.push(Record {
                        strategy: strategy.name.to_owned(),
                        workload: workload.name().to_owned(),
                        len,
                        threads: t,
                        chunks: c,
                        timing,
                    });
                }
            }
        }
    }
    group.finish();
    Ok(records)
}

/// One chunk per thread; for `ramp` also eight, to show over-splitting.
/// Over-splitting is left out for a strategy that starts one thread per
/// chunk: there 8T chunks would mean 8T threads, oversubscription rather
/// than load balancing (`DOALL_BENCH_THREADS` measures that).
fn plans(
    workload: Workload,
    threads: &[usize],
    one_thread_per_chunk: bool,
) -> Result<Vec<Plan>, Error> {
    let per_thread: &[usize] = if workload == Workload::Ramp && !one_thread_per_chunk {
        &[1, OVER_SPLIT]
    } else {
        &[1]
    };
    let mut plans = Vec::new();
    for &t in threads {
        for &k in per_thread {
            plans.push(Plan::new(t, Some(t * k))?);
        }
    }
    Ok(plans)
}

fn sequential(initial: &[f64], workload: Workload) -> Vec<f64> {
    let mut expected = initial.to_vec();
    doall_seq::do_all(&mut expected, &workload);
    expected
}

/// Runs one criterion benchmark and returns its per-call time of each
/// measured sample (warm-up calls are dropped). Empty if the benchmark was
/// filtered out.
fn time_samples(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: BenchmarkId,
    run: &Runner,
    workload: Workload,
    initial: &[f64],
    expected: &[f64],
    mode: BenchMode,
) -> Result<Vec<f64>, Error> {
    let mut v = initial_vector(initial.len())?;
    let mut per_call = Vec::new();
    group.bench_function(id, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                v.copy_from_slice(initial);
                let start = Instant::now();
                if let Err(err) = run(black_box(&mut v), workload) {
                    panic!("{workload:?} with {} elements: {err}", v.len());
                }
                total += start.elapsed();
            }
            // Every sample checks its answer; a wrong strategy is a bug.
            assert!(
                v.iter()
                    .zip(expected)
                    .all(|(x, y)| x.to_bits() == y.to_bits()),
                "{workload:?} with {} elements: the result differs from seq",
                v.len()
            );
            per_call.push(total.as_secs_f64() / iters.max(1) as f64);
            total
        });
    });
    // Criterion calls the routine during warm-up too; the samples come last.
    let keep = per_call.len().min(mode.sample_size());
    Ok(per_call.split_off(per_call.len() - keep))
}
