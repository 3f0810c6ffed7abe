//! Results built in code for the report's tests: no files, no benchmarks.

use crate::results::{
    BandwidthPoint, KernelRecord, Machine, Record, RunResults, SCHEMA_VERSION, StrategyInfo, Timing,
};

/// A timing whose fastest sample is `s` (the statistic the report uses),
/// with the median 2% above it and a tight confidence interval.
pub(crate) fn timing(s: f64) -> Timing {
    Timing {
        median_s: s * 1.02,
        lower_s: s * 1.01,
        upper_s: s * 1.03,
        min_s: s,
        samples: 20,
        round_min_s: vec![s, s * 1.01, s * 1.005],
    }
}

/// One record with a tight timing.
pub(crate) fn record(
    strategy: &str,
    workload: &str,
    len: usize,
    threads: usize,
    chunks: usize,
    fastest_s: f64,
) -> Record {
    Record {
        strategy: strategy.to_owned(),
        workload: workload.to_owned(),
        len,
        threads,
        chunks,
        timing: timing(fastest_s),
        threads_used: None,
    }
}

/// A plausible two-core machine.
pub(crate) fn machine() -> Machine {
    Machine {
        host: "testbox".to_owned(),
        started_utc: "2025-01-02T03:04:05Z".to_owned(),
        duration_s: 312.0,
        rounds: 3,
        cpu_model: "Test CPU @ 3.0GHz".to_owned(),
        logical_cores: 2,
        available_parallelism: 2,
        thread_source: "available_parallelism".to_owned(),
        os: "linux x86_64".to_owned(),
        rustc: Some("rustc 1.90.0".to_owned()),
        git_commit: Some("abc1234".to_owned()),
        bench_mode: "quick".to_owned(),
        bandwidth: vec![
            BandwidthPoint {
                threads: 1,
                gb_per_s: 24.0,
                round_gb_per_s: vec![24.0, 23.0],
            },
            BandwidthPoint {
                threads: 2,
                gb_per_s: 31.0,
                round_gb_per_s: vec![30.0, 31.0],
            },
        ],
        spin_budget_s: Some(200e-6),
    }
}

/// Results holding `records` on [`machine`], without kernel records.
pub(crate) fn results(records: Vec<Record>) -> RunResults {
    RunResults {
        schema_version: SCHEMA_VERSION,
        machine: machine(),
        strategies: ["seq", "std-mpsc", "crossbeam", "rayon"]
            .into_iter()
            .map(|name| StrategyInfo {
                name: name.to_owned(),
                summary: format!("the {name} strategy"),
                threads_rule: "test".to_owned(),
            })
            .collect(),
        records,
        kernel: Vec::new(),
        overhead: Vec::new(),
    }
}

/// A complete run on two threads: every workload, every registry strategy,
/// three lengths, the ramp over-split, the kernel micro-benchmark.
pub(crate) fn full_run() -> RunResults {
    let lens = [1024usize, 32_768, 1_048_576];
    // Seconds per element of seq, per workload.
    let per_element = [("light", 0.8e-9), ("heavy", 40e-9), ("ramp", 20e-9)];
    // (strategy, fixed cost in seconds, efficiency at 2 threads)
    let strategies = [
        ("std-mpsc", 40e-6, 0.90),
        ("crossbeam", 25e-6, 0.93),
        ("rayon", 8e-6, 0.96),
    ];
    let mut records = Vec::new();
    for (workload, per) in per_element {
        for len in lens {
            let seq = per * len as f64;
            records.push(record("seq", workload, len, 1, 1, seq));
            for (name, fixed, eff2) in strategies {
                for threads in [1usize, 2] {
                    let mut eff: f64 = if threads == 1 { 0.98 } else { eff2 };
                    if workload == "light" && threads == 2 {
                        eff *= 0.7; // memory-bound
                    }
                    let mut chunkings = vec![1];
                    if workload == "ramp" {
                        // Static chunks on the ramp are capped at T²/(2T−1).
                        eff = eff.min(crate::analysis::static_ceiling(threads) / threads as f64);
                        chunkings.push(8);
                    }
                    for k in chunkings {
                        let e = if k == 8 { eff2 * 0.97 } else { eff };
                        let t = fixed * (1.0 + 0.3 * threads as f64) + seq / (threads as f64 * e);
                        records.push(record(name, workload, len, threads, k * threads, t));
                    }
                }
            }
        }
    }
    // One noisy point, to be drawn hollow.
    if let Some(r) = records.iter_mut().find(|r| {
        r.strategy == "std-mpsc" && r.workload == "heavy" && r.threads == 2 && r.len == 32_768
    }) {
        r.timing.lower_s = r.timing.median_s * 0.8;
        r.timing.upper_s = r.timing.median_s * 1.3;
    }
    let mut run = results(records);
    let kernel = |kernel: &str, workload: &str, s: f64| KernelRecord {
        kernel: kernel.to_owned(),
        workload: workload.to_owned(),
        len: 65_536,
        timing: timing(s),
    };
    run.kernel = vec![
        kernel("plain", "light", 60e-6),
        kernel("fast", "light", 50e-6),
        kernel("plain", "heavy", 9.5e-3),
        kernel("fast", "heavy", 2.6e-3),
        kernel("plain", "ramp", 4.9e-3),
        kernel("fast", "ramp", 1.4e-3),
    ];
    run
}

/// A run with 1, 2, 4, … 64 threads on a 2-core machine, as
/// `DOALL_BENCH_THREADS=1,2,4,8,16,32,64` gives: speedups stop at about 2×,
/// and the threads beyond the cores make a dozen measurements noisy.
pub(crate) fn many_threads_run() -> RunResults {
    let lens = [4096usize, 262_144, 16_777_216];
    let threads = [1usize, 2, 4, 8, 16, 32, 64];
    let per_element = [("light", 0.8e-9), ("heavy", 40e-9), ("ramp", 20e-9)];
    // (strategy, fixed cost per thread started in seconds)
    let strategies = [("std-mpsc", 30e-6), ("crossbeam", 20e-6), ("rayon", 2e-6)];
    let mut records = Vec::new();
    for (workload, per) in per_element {
        for len in lens {
            let seq = per * len as f64;
            records.push(record("seq", workload, len, 1, 1, seq));
            for (name, fixed) in strategies {
                for t in threads {
                    // Two cores share the work; each extra thread costs its start.
                    let cores = t.min(2) as f64;
                    let mut work = seq / (cores * 0.95);
                    if workload == "light" && t > 1 {
                        work *= 1.3; // memory-bound
                    }
                    let chunkings: &[usize] = if workload == "ramp" { &[1, 8] } else { &[1] };
                    for &k in chunkings {
                        let time = fixed * t as f64 + work * if k == 1 { 1.1 } else { 1.0 };
                        let mut r = record(name, workload, len, t, k * t, time);
                        if t > 8 && len == lens[2] {
                            // Threads taking turns on two cores: medians wander.
                            r.timing.median_s = time * 1.4;
                            r.timing.lower_s = time * 1.3;
                            r.timing.upper_s = time * 1.6;
                        }
                        records.push(r);
                    }
                }
            }
        }
    }
    let mut run = results(records);
    run.machine.thread_source = "env".to_owned();
    run.machine.duration_s = 1234.0;
    run
}
