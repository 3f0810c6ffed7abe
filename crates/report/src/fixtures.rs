//! Results built in code for the report's tests: no files, no benchmarks.

mod contenders;

pub(crate) use contenders::contender_run;

use doall_results::{
    BandwidthPoint, KernelRecord, Machine, OverheadRecord, OverheadSize, Record, RunResults,
    SCHEMA_VERSION, StrategyInfo, ThreadsUsed, Timing,
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

/// Threads used: a mean of `mean` threads, all of them in `all_share` of
/// 100 probed calls.
pub(crate) fn used(mean: f64, all_share: f64) -> Option<ThreadsUsed> {
    Some(ThreadsUsed {
        mean,
        all_share,
        calls: 100,
    })
}

/// One overhead record of `size` with `threads` threads and as many chunks,
/// after `gap_s` seconds of idle gap, with a tight timing. seq's records
/// have one thread and one chunk; [`seq_overhead`] sets their length.
pub(crate) fn overhead(
    strategy: &str,
    size: OverheadSize,
    threads: usize,
    gap_s: f64,
    fastest_s: f64,
) -> OverheadRecord {
    OverheadRecord {
        strategy: strategy.to_owned(),
        size,
        len: size.len(threads),
        threads,
        chunks: threads,
        idle_gap_s: gap_s,
        timing: timing(fastest_s),
        threads_used: None,
    }
}

/// seq's overhead record of `size` at `len` (the length of the parallel
/// calls it is the baseline of).
pub(crate) fn seq_overhead(size: OverheadSize, len: usize, gap_s: f64, s: f64) -> OverheadRecord {
    OverheadRecord {
        len,
        ..overhead("seq", size, 1, gap_s, s)
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
                baseline: "seq".to_owned(),
                peer: None,
                contender: None,
            })
            .collect(),
        records,
        kernel: Vec::new(),
        overhead: Vec::new(),
    }
}

/// The registry's strategies, in its order, as a version 3 run records them.
pub(crate) fn registry() -> Vec<StrategyInfo> {
    [
        ("seq", "one thread, the fast kernel", "1"),
        ("std-mpsc", "threads joined by a channel", "one per chunk"),
        ("std-scope", "scoped threads", "one per chunk"),
        ("crossbeam", "crossbeam's scoped threads", "one per chunk"),
        ("rayon", "rayon's global pool", "rayon's pool"),
        (
            "pool",
            "a spinning pool, started once",
            "the pool's, started once",
        ),
    ]
    .into_iter()
    .map(|(name, summary, rule)| StrategyInfo {
        name: name.to_owned(),
        summary: summary.to_owned(),
        threads_rule: rule.to_owned(),
        baseline: "seq".to_owned(),
        peer: None,
        contender: None,
    })
    .collect()
}

/// A complete run on two threads: every workload, every registry strategy,
/// three lengths, the ramp over-split, the kernel micro-benchmark, the
/// threads used by every call and the per-call overhead benchmark.
pub(crate) fn full_run() -> RunResults {
    let lens = [1024usize, 32_768, 1_048_576];
    // Seconds per element of seq, per workload.
    let per_element = [("light", 0.8e-9), ("heavy", 40e-9), ("ramp", 20e-9)];
    // (strategy, fixed cost in seconds, efficiency at 2 threads)
    let strategies = [
        ("std-mpsc", 40e-6, 0.90),
        ("std-scope", 30e-6, 0.91),
        ("crossbeam", 25e-6, 0.93),
        ("rayon", 8e-6, 0.96),
        ("pool", 1e-6, 0.97),
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
                        let mut r = record(name, workload, len, threads, k * threads, t);
                        // Nearly every call of two threads ran on both.
                        r.threads_used = if threads == 1 {
                            used(1.0, 1.0)
                        } else {
                            used(1.99, 0.99)
                        };
                        records.push(r);
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
    // rayon on light at the largest length, as if its splitter had kept
    // the work on the caller: one thread used, a little slower than seq.
    let seq_light = 0.8e-9 * 1_048_576.0;
    if let Some(r) = records.iter_mut().find(|r| {
        r.strategy == "rayon" && r.workload == "light" && r.threads == 2 && r.len == 1_048_576
    }) {
        r.timing = timing(seq_light * 1.03);
        r.threads_used = used(1.0, 0.0);
    }
    let mut run = results(records);
    run.strategies = registry();
    run.overhead = overhead_records();
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

/// The per-call overhead benchmark of [`full_run`], on 2 cores with a spin
/// budget of 200 µs: every strategy at 1 and 2 threads back to back, and
/// the idle-gap sweep at 2 threads. seq takes 2.60 µs on 64 elements of
/// heavy. Back to back at 2 threads pool adds 0.30 µs, rayon 1.90 µs (its
/// calls did not fork), std-mpsc 32.0 µs, crossbeam 38.0 µs and std-scope
/// 41.0 µs. pool at one thread is 0.02 µs faster than seq: an overhead
/// below zero. After idle gaps pool keeps its speed up to 100 µs and pays a
/// wake-up from 1 ms on (past its spin budget); rayon pays one from 10 µs
/// on; the others pay for threads on every call.
pub(crate) fn overhead_records() -> Vec<OverheadRecord> {
    use OverheadSize::{Elements64, FixedPerChunk, OnePerChunk};
    // seq: one element 45 ns, two 85 ns; 64 elements 2.60 µs; one chunk of
    // 256 elements (the fixed-per-chunk reference) 10.3 µs.
    let mut out = vec![
        seq_overhead(OnePerChunk, 1, 0.0, 45e-9),
        seq_overhead(OnePerChunk, 2, 0.0, 85e-9),
        seq_overhead(Elements64, 64, 0.0, 2.6e-6),
        seq_overhead(FixedPerChunk, 256, 0.0, 10.3e-6),
    ];
    // (strategy, overhead at 1 thread, overhead at 2 threads) in µs, back to
    // back, on 64 elements; the other sizes cost about the same.
    let back_to_back = [
        ("std-mpsc", 20.0, 32.0),
        ("std-scope", 18.0, 41.0),
        ("crossbeam", 17.0, 38.0),
        ("rayon", 1.2, 1.9),
        ("pool", -0.02, 0.3),
    ];
    for (name, one, two) in back_to_back {
        for (threads, over) in [(1usize, one), (2, two)] {
            let over: f64 = over * 1e-6;
            let mut calls = vec![
                overhead(
                    name,
                    OnePerChunk,
                    threads,
                    0.0,
                    over.max(0.0) + 45e-9 * threads as f64,
                ),
                overhead(name, Elements64, threads, 0.0, 2.6e-6 + over),
                // Each thread runs one chunk of 256 elements (10.3 µs).
                overhead(name, FixedPerChunk, threads, 0.0, 10.3e-6 + over.max(0.0)),
            ];
            for call in &mut calls {
                call.threads_used = if threads == 1 {
                    used(1.0, 1.0)
                } else if name == "rayon" && call.size != FixedPerChunk {
                    // rayon's caller ran the tiny calls before a worker woke.
                    used(1.04, 0.04)
                } else {
                    used(1.98, 0.98)
                };
            }
            out.extend(calls);
        }
    }
    // The idle-gap sweep at 2 threads: time per call in µs after 10 µs,
    // 100 µs, 1 ms and 10 ms (back to back is above).
    let gaps = [10e-6, 100e-6, 1e-3, 10e-3];
    let after_gap = [
        ("seq", [2.62, 2.65, 2.70, 2.80]),
        ("std-mpsc", [35.0, 36.0, 38.0, 40.0]),
        ("std-scope", [44.0, 45.0, 46.0, 47.0]),
        ("crossbeam", [41.0, 42.0, 44.0, 45.0]),
        ("rayon", [22.0, 30.0, 31.0, 32.0]),
        ("pool", [2.95, 3.0, 45.0, 52.0]),
    ];
    for (name, times) in after_gap {
        for (gap, us) in gaps.into_iter().zip(times) {
            let mut r = if name == "seq" {
                seq_overhead(Elements64, 64, gap, us * 1e-6)
            } else {
                overhead(name, Elements64, 2, gap, us * 1e-6)
            };
            r.threads_used = match name {
                "seq" => None,
                "rayon" => used(1.02, 0.02),
                _ => used(1.98, 0.98),
            };
            out.push(r);
        }
    }
    out
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

/// Effective Go's DoAll and Go's sequential loop, as the bench records its
/// peer: baseline `go-seq`, a Go version.
pub(crate) fn go_strategies() -> Vec<StrategyInfo> {
    let peer = Some("go1.19.8 linux/amd64".to_owned());
    vec![
        StrategyInfo {
            name: "go".to_owned(),
            summary: "Effective Go's DoAll: one goroutine per chunk, a channel drained".to_owned(),
            threads_rule: "GOMAXPROCS = threads, one goroutine per chunk".to_owned(),
            baseline: "go-seq".to_owned(),
            peer: peer.clone(),
            contender: None,
        },
        StrategyInfo {
            name: "go-seq".to_owned(),
            summary: "Go's sequential loop over the same non-inlined DoSome".to_owned(),
            threads_rule: "1".to_owned(),
            baseline: "go-seq".to_owned(),
            peer,
            contender: None,
        },
    ]
}

/// [`full_run`] with Go beside it, at every other Rust length and the
/// largest (1 024 and 1 048 576 elements). Go's loop takes 2.5× seq's time
/// per element; go at 2 threads adds 9 µs to half of go-seq's time ÷ 0.95
/// and ran on 1.5 threads at 1 024 elements, 1.98 at 1 048 576. On heavy at
/// 1 048 576 elements: seq 41.9 ms, go-seq 104.9 ms, go 107 ms at 1 thread
/// and 55.2 ms at 2 (1.90×). Its overhead on 64 elements is 0.5 µs at one
/// thread and 9.0 µs at two over go-seq's 6.50 µs; after idle gaps it pays
/// Go's scheduler wake-up from 1 ms on.
pub(crate) fn go_run() -> RunResults {
    let mut run = full_run();
    run.strategies.extend(go_strategies());
    let per_element = [("light", 0.8e-9), ("heavy", 40e-9), ("ramp", 20e-9)];
    for (workload, per) in per_element {
        for len in [1024usize, 1_048_576] {
            let go_seq = 2.5 * per * len as f64;
            run.records
                .push(record("go-seq", workload, len, 1, 1, go_seq));
            for threads in [1usize, 2] {
                let t = if threads == 1 {
                    1e-6 + go_seq * 1.02
                } else {
                    9e-6 + go_seq / (2.0 * 0.95)
                };
                let mut r = record("go", workload, len, threads, threads, t);
                r.threads_used = match (threads, len) {
                    (1, _) => used(1.0, 1.0),
                    (_, 1024) => used(1.5, 0.5),
                    _ => used(1.98, 0.98),
                };
                run.records.push(r);
            }
        }
    }
    use OverheadSize::{Elements64, FixedPerChunk, OnePerChunk};
    let go_seq = |size, len, gap, s| OverheadRecord {
        len,
        ..overhead("go-seq", size, 1, gap, s)
    };
    run.overhead.extend([
        go_seq(OnePerChunk, 1, 0.0, 110e-9),
        go_seq(OnePerChunk, 2, 0.0, 210e-9),
        go_seq(Elements64, 64, 0.0, 6.5e-6),
        go_seq(FixedPerChunk, 256, 0.0, 26e-6),
    ]);
    for (threads, over) in [(1usize, 0.5e-6), (2, 9.0e-6)] {
        let mut calls = [
            overhead(
                "go",
                OnePerChunk,
                threads,
                0.0,
                110e-9 * threads as f64 + over,
            ),
            overhead("go", Elements64, threads, 0.0, 6.5e-6 + over),
            overhead("go", FixedPerChunk, threads, 0.0, 26e-6 + over),
        ];
        for call in &mut calls {
            call.threads_used = if threads == 1 {
                used(1.0, 1.0)
            } else {
                used(1.6, 0.6)
            };
        }
        run.overhead.extend(calls);
    }
    let gaps = [10e-6, 100e-6, 1e-3, 10e-3];
    for (gap, (seq_us, go_us)) in
        gaps.into_iter()
            .zip([(6.55, 16.0), (6.6, 17.0), (6.7, 40.0), (6.9, 45.0)])
    {
        run.overhead
            .push(go_seq(Elements64, 64, gap, seq_us * 1e-6));
        let mut r = overhead("go", Elements64, 2, gap, go_us * 1e-6);
        r.threads_used = used(1.6, 0.6);
        run.overhead.push(r);
    }
    run
}
