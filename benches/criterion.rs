//! "Did my change make this strategy faster?": criterion's workflow over the
//! registry's strategies.
//!
//! Plain `cargo bench` runs the interleaved harness (`benches/doall.rs`),
//! which compares strategies in shuffled rounds and writes the report.
//! Criterion measures one benchmark at a time, in a block, so it cannot
//! compare strategies fairly on a noisy machine; what it does well is
//! compare one benchmark with itself before and after a change:
//!
//! ```text
//! cargo bench --bench criterion -- heavy/pool --save-baseline before
//! # ... change crates/pool ...
//! cargo bench --bench criterion -- heavy/pool --baseline before
//! ```
//!
//! Benchmarks are named `<workload>/<strategy>/<elements>` and run at the
//! thread count `DOALL_THREADS` or the machine gives (`docs/SPEC.md` §5).
//! Every benchmark also checks its answer against `seq`'s bits.

use std::{process::ExitCode, time::Duration};

use criterion::{BenchmarkId, Criterion, Throughput};
use doall_kernel::{Plan, Workload, initial_vector, threads_from_env};
use doall_registry::{STRATEGIES, Strategy, timing};

/// A few lengths per workload: one short enough for the fork to matter, one
/// in the cache, one past it.
const LENGTHS: [usize; 3] = [4_096, 65_536, 1 << 20];

fn main() -> ExitCode {
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    if let Err(err) = bench_registry(&mut criterion) {
        eprintln!("doall criterion: {err}");
        return ExitCode::FAILURE;
    }
    criterion.final_summary();
    ExitCode::SUCCESS
}

/// Every benched strategy of the registry on every workload and length.
fn bench_registry(criterion: &mut Criterion) -> Result<(), Box<dyn std::error::Error>> {
    let plan = Plan::for_threads(threads_from_env(None)?.threads, None)?;
    for workload in Workload::ALL {
        let mut group = criterion.benchmark_group(workload.name());
        for len in LENGTHS {
            let initial = initial_vector(len)?;
            let mut expected = initial.clone();
            STRATEGIES[0].call_once(plan, &workload, &mut expected)?;
            group.throughput(Throughput::Elements(len as u64));
            for strategy in STRATEGIES.iter().filter(|s| s.benched) {
                bench_one(&mut group, strategy, plan, workload, &initial, &expected)?;
            }
        }
        group.finish();
    }
    Ok(())
}

/// One strategy on one vector: a session is opened once (a pool starts its
/// threads outside the timing), then criterion times calls in it with the
/// harness's own loop, [`timing::time_calls`], which resets the vector before
/// every call without timing the reset.
fn bench_one(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    strategy: &Strategy,
    plan: Plan,
    workload: Workload,
    initial: &[f64],
    expected: &[f64],
) -> Result<(), Box<dyn std::error::Error>> {
    let id = BenchmarkId::new(strategy.name, initial.len());
    let mut v = initial.to_vec();
    let gave_seqs_bits = strategy.session(plan, &workload, &mut v, |runner| {
        let mut failed = None;
        group.bench_function(id, |bencher| {
            bencher.iter_custom(|calls| {
                timing::time_calls(runner, initial, calls, Duration::ZERO).unwrap_or_else(|err| {
                    failed.get_or_insert(err);
                    Duration::ZERO
                })
            })
        });
        if let Some(err) = failed {
            return Err(err);
        }
        // A filtered-out benchmark never ran: its vector is still the
        // initial one, and there is nothing to check.
        Ok(timing::runner_holds(runner, initial) || timing::runner_holds(runner, expected))
    })?;
    // A benchmark that only ran is not a result: the answer must be seq's,
    // bit for bit.
    if !gave_seqs_bits {
        return Err(format!(
            "{} on {} with {} elements does not give seq's bits",
            strategy.name,
            workload.name(),
            initial.len()
        )
        .into());
    }
    Ok(())
}
