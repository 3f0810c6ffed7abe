//! Stress: thousands of calls with random lengths, thread and chunk counts,
//! each bit-identical to seq, none hanging, none leaving a thread behind;
//! and strategies called at once from different threads.
//!
//! The tests of this binary count the process's threads, so they take
//! [`LOCK`] and never run at the same time.
//!
//! The long soak: `cargo test --test stress -- --ignored`.

mod support;

use std::{
    sync::{Arc, Barrier, Mutex, MutexGuard},
    thread,
    time::Instant,
};

use doall_kernel::{Plan, Workload, available_threads, initial_vector};
use doall_registry::{STRATEGIES, Strategy, timing::runner_holds};
use support::{Rng, assert_same_bits, assert_threads_back_to, sequential, thread_count, within};

static LOCK: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    // A failed test poisons the lock; the others may still run.
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `calls` random calls of every registered strategy: length 0..=64,
/// threads 1..=`max_threads`, chunks 1..=64, a random workload, on the
/// spec's vector or on random values. Each result is compared with seq's
/// bits and, after each call, the thread count with the baseline. Each call
/// is a session of its own (`call_once`), so a rayon pool is built and torn
/// down every time; its threads leave a little after the drop, and
/// `assert_threads_back_to` waits for them. Each batch of [`BATCH`] calls
/// runs on a watchdog.
fn stress(calls: usize, max_threads: usize, seed: u64) {
    const BATCH: usize = 1000;
    let mut rng = Rng::new(seed);
    for strategy in STRATEGIES {
        let start = Instant::now();
        // A pool whose idle threads busy-wait is made for a thread per core;
        // oversubscribed, its calls take milliseconds (`Strategy::busy_waits`).
        let max_threads = if strategy.busy_waits {
            max_threads.min(available_threads().get())
        } else {
            max_threads
        };
        for first in (0..calls).step_by(BATCH) {
            let batch = BATCH.min(calls - first);
            let name = format!("{} calls {first}..{}", strategy.name, first + batch);
            rng = within(&name, move || {
                let baseline = thread_count();
                for call in first..first + batch {
                    one_call(strategy, &mut rng, max_threads, call, baseline);
                }
                rng
            });
        }
        eprintln!(
            "{calls} calls of {}, threads up to {max_threads}: {:.2?}",
            strategy.name,
            start.elapsed()
        );
    }
}

fn one_call(
    strategy: &'static Strategy,
    rng: &mut Rng,
    max_threads: usize,
    call: usize,
    baseline: Option<usize>,
) {
    let len = rng.range(0, 64);
    let threads = rng.range(1, max_threads);
    let chunks = rng.range(1, 64);
    let workload = Workload::ALL[rng.range(0, Workload::ALL.len() - 1)];
    let initial = if rng.range(0, 1) == 0 {
        initial_vector(len).expect("small")
    } else {
        (0..len).map(|_| rng.value()).collect()
    };
    let context = || {
        format!(
            "{} call {call}: len={len} threads={threads} chunks={chunks} {}",
            strategy.name,
            workload.name()
        )
    };
    let plan = Plan::new(threads, Some(chunks)).expect("positive");
    let mut v = initial.clone();
    strategy
        .call_once(plan, &workload, &mut v)
        .expect("threads start");
    assert_same_bits(&v, &sequential(&initial, workload), &context);
    assert_threads_back_to(baseline, &context);
}

#[test]
fn two_thousand_random_calls_of_each_strategy_match_seq_and_leak_nothing() {
    let _serial = serial();
    stress(2000, 16, 0x5eed_d0a1);
}

#[test]
#[ignore = "a soak of about a minute: cargo test --test stress -- --ignored"]
fn soak_ten_thousand_random_calls_of_each_strategy_with_up_to_64_threads() {
    let _serial = serial();
    stress(10_000, 64, 0x50a4_0000_d0a1);
}

/// Two strategies called at the same moment from two threads, each in a
/// session of its own on its own vector, a few calls each: no hidden global
/// state. A strategy paired with itself runs two sessions (for rayon, two
/// pools) side by side.
#[test]
fn strategies_called_concurrently_from_different_threads_stay_correct() {
    let _serial = serial();
    within("concurrent strategies", || {
        const CALLS: usize = 5;
        let initial = initial_vector(20_000).expect("small");
        let expected: Vec<Vec<f64>> = Workload::ALL
            .iter()
            .map(|&w| sequential(&initial, w))
            .collect();
        let (initial, expected) = (Arc::new(initial), Arc::new(expected));
        for (i, a) in STRATEGIES.iter().enumerate() {
            for b in &STRATEGIES[i..] {
                let barrier = Arc::new(Barrier::new(2));
                let sides = [(a, Plan::new(2, Some(8))), (b, Plan::new(3, Some(7)))];
                let callers: Vec<_> = sides
                    .into_iter()
                    .enumerate()
                    .map(|(side, (strategy, plan))| {
                        let (barrier, initial, expected) = (
                            Arc::clone(&barrier),
                            Arc::clone(&initial),
                            Arc::clone(&expected),
                        );
                        let plan = plan.expect("positive");
                        let w = (i + side) % Workload::ALL.len();
                        thread::spawn(move || {
                            let mut v = initial.to_vec();
                            let name = strategy.name;
                            strategy
                                .session(plan, &Workload::ALL[w], &mut v, |runner| {
                                    for call in 0..CALLS {
                                        runner.reset(&initial);
                                        barrier.wait();
                                        runner.call()?;
                                        assert!(
                                            runner_holds(runner, &expected[w]),
                                            "{name} (side {side}) call {call}"
                                        );
                                    }
                                    Ok(())
                                })
                                .expect("threads start");
                        })
                    })
                    .collect();
                for caller in callers {
                    if let Err(payload) = caller.join() {
                        std::panic::resume_unwind(payload);
                    }
                }
            }
        }
    });
}
