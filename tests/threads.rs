//! No leaked threads: after every call of a spawning strategy, normal or
//! panicking, the process is back to the threads it had before.
//!
//! Threads are counted in `/proc/self/task` (Linux; skipped elsewhere). The
//! count is per process, so this binary holds exactly one test: no other
//! test's threads can come and go while it counts.

mod support;

use std::{
    panic::{self, AssertUnwindSafe},
    sync::atomic::{AtomicUsize, Ordering},
};

use doall::STRATEGIES;
use doall_kernel::{Op, Plan, Workload, initial_vector};
use support::{assert_same_bits, assert_threads_back_to, sequential, thread_count, within};

/// Panics on the value 0.5 (element `n/2` of `initial_vector(n)`, n even).
struct PanicOnHalf;

impl Op for PanicOnHalf {
    fn apply(&self, x: f64) -> f64 {
        if x == 0.5 {
            panic::panic_any(Quiet);
        }
        x
    }
}

/// Records the most threads seen while it runs, to prove the counter sees
/// the strategies' threads at all.
struct PeakThreads(AtomicUsize);

impl Op for PeakThreads {
    fn apply(&self, x: f64) -> f64 {
        if let Some(now) = thread_count() {
            self.0.fetch_max(now, Ordering::Relaxed);
        }
        x
    }
}

/// A strategy's name and a panicking call of it.
type Call<'a> = (&'static str, &'a dyn Fn(&mut [f64]));

/// The payload of this file's deliberate panics.
#[derive(Debug)]
struct Quiet;

#[test]
fn spawning_strategies_leave_no_thread_behind() {
    if thread_count().is_none() {
        eprintln!("no /proc/self/task here: thread counting skipped");
        return;
    }
    // Silence only this file's deliberate panics; this binary has no other
    // test, so the global hook is ours.
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !info.payload().is::<Quiet>() {
            previous(info);
        }
    }));
    within("thread leak checks", check_every_strategy);
    let _ = panic::take_hook(); // back to the default hook
}

fn check_every_strategy() {
    const THREADS: [usize; 3] = [1, 2, 8];
    let before_pools = thread_count();
    // rayon's pools own their threads: build them before the baseline.
    let pools: Vec<rayon::ThreadPool> = THREADS
        .iter()
        .map(|&t| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .expect("pool starts")
        })
        .collect();
    let baseline = thread_count();
    let initial = initial_vector(1000).expect("small");

    // The counter sees the threads of a call while it runs.
    let peak = PeakThreads(AtomicUsize::new(0));
    let mut v = initial.clone();
    doall_std_mpsc::do_all(&mut v, &peak, Plan::new(8, None).expect("positive"));
    let peak = peak.0.load(Ordering::Relaxed);
    assert!(
        peak > baseline.unwrap_or(0),
        "8 workers alive but the count peaked at {peak} (baseline {baseline:?})"
    );
    assert_threads_back_to(baseline, &|| "std-mpsc, peak counter".to_owned());

    for (pool, threads) in pools.iter().zip(THREADS) {
        for chunks in [threads, 4 * threads, 1003] {
            let plan = Plan::new(threads, Some(chunks)).expect("positive");
            // Normal calls through the registry, preparing each time: the
            // registry's rayon pool must go away once its runner is dropped.
            for strategy in STRATEGIES {
                let run = (strategy.prepare)(plan).expect("valid plan");
                let mut v = initial.clone();
                run(&mut v, Workload::Ramp);
                drop(run);
                assert_same_bits(&v, &sequential(&initial, Workload::Ramp), &|| {
                    format!("{} {plan:?}", strategy.name)
                });
                assert_threads_back_to(baseline, &|| {
                    format!("{} normal call, {plan:?}", strategy.name)
                });
            }
            // Panicking calls, straight into each crate.
            let calls: [Call; 3] = [
                ("std-mpsc", &|v| {
                    doall_std_mpsc::do_all(v, &PanicOnHalf, plan)
                }),
                ("crossbeam", &|v| {
                    doall_crossbeam::do_all(v, &PanicOnHalf, plan)
                }),
                ("rayon", &|v| {
                    doall_rayon::do_all(pool, v, &PanicOnHalf, plan.chunks())
                }),
            ];
            for (name, call) in calls {
                let mut v = initial.clone();
                let caught = panic::catch_unwind(AssertUnwindSafe(|| call(&mut v)));
                assert!(
                    caught.is_err_and(|p| p.is::<Quiet>()),
                    "{name} {plan:?}: the panic reaches the caller"
                );
                assert_threads_back_to(baseline, &|| format!("{name} panicking call, {plan:?}"));
            }
        }
    }
    drop(pools);
    assert_threads_back_to(before_pools, &|| {
        "after dropping the rayon pools".to_owned()
    });
}
