//! What one fork-join call costs: `seq`, `std-scope` and the pool, back to
//! back on the same vector, at 2 threads (or `DOALL_THREADS`).
//!
//! ```sh
//! cargo run --release -p doall-pool --example fork_join_cost
//! ```
//!
//! Every call is timed on its own, after an untimed reset of the vector, and
//! the table gives the fastest and the median call. The fastest is the
//! stable figure; the median moves with whatever else the machine runs (on a
//! shared 2-core machine, by tens of percent). "forked" is the share of
//! calls in which every thread ran a chunk: a pool that takes work back can
//! be fast because it did not fork, and this column says so.

use std::time::{Duration, Instant};

use doall_kernel::{Op, Plan, Workload, initial_vector, threads_from_env, update_chunk};
use doall_pool::{PoolConfig, session};

/// Timed calls per row, after as many untimed warm-up calls.
const CALLS: usize = 2000;

/// `std-scope` spawns threads per call: fewer calls keep the run short.
const SPAWNING_CALLS: usize = 300;

/// The fastest and the median of a set of call times.
fn min_and_median(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[0], times[times.len() / 2])
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn row(what: &str, times: Vec<Duration>, forked: Option<(usize, usize)>) {
    let (fastest, median) = min_and_median(times);
    let forked = forked.map_or("-".to_owned(), |(forked, calls)| {
        format!("{:.1}%", 100.0 * forked as f64 / calls as f64)
    });
    println!(
        "  {what:<30} {:>10.3} {:>10.3} {forked:>8}",
        micros(fastest),
        micros(median)
    );
}

/// Times `call` on a copy of `initial`, reset (untimed) before each call.
fn time_calls(calls: usize, initial: &[f64], mut call: impl FnMut(&mut [f64])) -> Vec<Duration> {
    let mut v = initial.to_vec();
    (0..calls)
        .map(|_| {
            v.copy_from_slice(initial);
            let start = Instant::now();
            call(&mut v);
            start.elapsed()
        })
        .collect()
}

/// Times the pool: warm-up, then `CALLS` timed calls, counting forks.
fn time_pool<O: Op>(
    initial: &[f64],
    op: &O,
    plan: Plan,
    config: PoolConfig,
) -> (Vec<Duration>, usize) {
    let mut v = initial.to_vec();
    let threads = plan.threads().get().min(plan.chunks().get());
    session(&mut v, op, plan, config, |pool| {
        for _ in 0..CALLS {
            pool.do_all();
        }
        let mut times = Vec::with_capacity(CALLS);
        let mut forked = 0;
        for _ in 0..CALLS {
            pool.copy_from_slice(initial).expect("same length");
            let start = Instant::now();
            let used = pool.do_all();
            times.push(start.elapsed());
            forked += usize::from(used == threads);
        }
        (times, forked)
    })
    .expect("a pool of a few threads starts")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let threads = threads_from_env(Some(2))?.threads.get();
    let plan = Plan::new(threads, None)?;
    println!(
        "{threads} threads, {} cores",
        doall_kernel::available_threads()
    );
    println!(
        "  {:<30} {:>10} {:>10} {:>8}",
        "µs per call", "fastest", "median", "forked"
    );
    for (workload, n) in [
        (Workload::Light, 64),
        (Workload::Heavy, 64),
        (Workload::Heavy, 4096),
    ] {
        println!("{} at {n} elements", workload.name());
        let initial = initial_vector(n)?;
        let seq = time_calls(CALLS, &initial, |v| update_chunk(v, &workload));
        row("seq", seq, None);
        let scoped = time_calls(SPAWNING_CALLS, &initial, |v| {
            doall_std_scope::do_all(v, &workload, plan).expect("a few threads start")
        });
        row("std-scope", scoped, None);
        for (name, config) in [
            ("pool", PoolConfig::default()),
            (
                "pool, no take-back",
                PoolConfig {
                    take_back: false,
                    ..PoolConfig::default()
                },
            ),
            (
                "pool, parks at once",
                PoolConfig {
                    spin_budget: Duration::ZERO,
                    ..PoolConfig::default()
                },
            ),
            (
                "pool, parks, always woken",
                PoolConfig {
                    spin_budget: Duration::ZERO,
                    take_back: false,
                    ..PoolConfig::default()
                },
            ),
        ] {
            let (times, forked) = time_pool(&initial, &workload, plan, config);
            row(name, times, Some((forked, CALLS)));
        }
    }
    Ok(())
}
