//! The wake-up rule (`PoolConfig::wake_up_price`), asserted on the counts
//! of `Session::stats`, never on wall time: what a call costs is for the
//! benchmark to say.
//!
//! The workers park at once here (a zero spin budget), and the body pauses
//! between calls so that they have parked when the next call comes. The
//! assertions hold whether or not a worker made it to its `park` in time:
//! one found awake is neither woken nor left asleep. Only the few "at least
//! once" checks need a worker to park within one of several pauses of
//! [`PAUSE`].

mod support;

use std::{thread, time::Duration};

use doall_kernel::{Op, Plan, Workload, initial_vector};
use doall_pool::{PoolConfig, Stats, session};
use support::{assert_same_bits, sequential, within};

/// Long enough for a worker with a zero spin budget to reach its `park`.
const PAUSE: Duration = Duration::from_millis(20);

/// `x ↦ x`, after sleeping [`SlowIdentity::0`]: a share of `k` elements
/// takes at least `k` times that, however fast the machine.
struct SlowIdentity(Duration);

impl Op for SlowIdentity {
    fn apply(&self, x: f64) -> f64 {
        thread::sleep(self.0);
        x
    }
}

/// Parks at once, and prices a wake-up at `price`.
fn parking(price: Duration) -> PoolConfig {
    PoolConfig {
        spin_budget: Duration::ZERO,
        wake_up_price: price,
        ..PoolConfig::default()
    }
}

/// What one call changed in the counts.
fn delta(before: Stats, after: Stats) -> (u64, u64) {
    (
        after.wake_ups - before.wake_ups,
        after.shares_run_for_sleepers - before.shares_run_for_sleepers,
    )
}

/// Runs `calls` calls of `op` on `n` elements with `threads` threads, a
/// pause before each, checking every result against `seq`; returns the
/// per-call changes of (wake-ups, shares run for sleepers) and the final
/// counts.
fn paused_calls<O: Op>(
    op: &O,
    n: usize,
    threads: usize,
    config: PoolConfig,
    calls: usize,
) -> (Vec<(u64, u64)>, Stats) {
    let initial = initial_vector(n).expect("small");
    let expected = sequential(&initial, op);
    let mut v = initial.clone();
    let plan = Plan::new(threads, None).expect("positive");
    session(&mut v, op, plan, config, |pool| {
        let mut deltas = Vec::with_capacity(calls);
        for call in 0..calls {
            pool.copy_from_slice(&initial).expect("same length");
            thread::sleep(PAUSE);
            let before = pool.stats();
            let used = pool.do_all();
            let after = pool.stats();
            assert!((1..=pool.threads()).contains(&used), "call {call}: {used}");
            assert_same_bits(&pool.to_vec(), &expected, &|| format!("call {call}"));
            deltas.push(delta(before, after));
        }
        (deltas, pool.stats())
    })
    .expect("within the limit")
}

#[test]
fn small_calls_after_a_pause_run_on_the_caller_without_a_system_call() {
    within("wake: price never reached", || {
        for threads in [2, 3] {
            // Until the caller has timed a share, it wakes a parked worker
            // (each at most once); after that, never.
            let (deltas, stats) =
                paused_calls(&Workload::Heavy, 64, threads, parking(Duration::MAX), 10);
            let workers = threads as u64 - 1;
            assert!(stats.wake_ups <= workers, "{threads} threads: {stats:?}");
            let first_left_asleep = deltas.iter().position(|&(_, left)| left > 0);
            if let Some(first) = first_left_asleep {
                let later_wake_ups: u64 = deltas[first..].iter().map(|&(woken, _)| woken).sum();
                assert_eq!(later_wake_ups, 0, "{threads} threads: {deltas:?}");
            }
            assert!(
                stats.shares_run_for_sleepers > 0,
                "{threads} threads: {stats:?}"
            );
            assert_eq!(stats.calls, 10);
        }
    });
}

#[test]
fn a_zero_price_wakes_every_parked_worker() {
    within("wake: zero price", || {
        for threads in [2, 3] {
            let (_, stats) =
                paused_calls(&Workload::Heavy, 64, threads, parking(Duration::ZERO), 10);
            assert_eq!(
                stats.shares_run_for_sleepers, 0,
                "{threads} threads: {stats:?}"
            );
            assert!(stats.wake_ups > 0, "{threads} threads: {stats:?}");
        }
    });
}

#[test]
fn a_share_worth_a_wake_up_wakes_its_worker_at_once() {
    within("wake: large shares", || {
        // Every share takes at least 4 sleeps of 100 µs, over the 200 µs
        // price: once the caller has timed its own share, every parked
        // worker is woken. Before that, each worker can be left asleep once.
        let op = SlowIdentity(Duration::from_micros(100));
        let price = Duration::from_micros(200);
        for threads in [2, 3] {
            let (_, stats) = paused_calls(&op, 4 * threads, threads, parking(price), 8);
            let workers = threads as u64 - 1;
            assert!(
                stats.shares_run_for_sleepers <= workers,
                "{threads} threads: {stats:?}"
            );
            assert!(stats.wake_ups > 0, "{threads} threads: {stats:?}");
        }
    });
}

#[test]
fn rent_buys_a_wake_up_after_at_most_price_over_share_calls() {
    within("wake: rent", || {
        // One element per share, of at least 100 µs: each call that leaves
        // the worker asleep pays at least 100 µs of rent, so a 1 ms price
        // is reached by the 10th such call in a row, and the next wakes it.
        let op = SlowIdentity(Duration::from_micros(100));
        let price = Duration::from_millis(1);
        let (deltas, stats) = paused_calls(&op, 2, 2, parking(price), 30);
        let mut left_asleep_in_a_row = 0;
        for (call, &(woken, left_asleep)) in deltas.iter().enumerate() {
            assert!(woken + left_asleep <= 1, "call {call}: one worker");
            left_asleep_in_a_row = if left_asleep == 1 {
                left_asleep_in_a_row + 1
            } else {
                0
            };
            assert!(
                left_asleep_in_a_row <= 10,
                "call {call}: left asleep {left_asleep_in_a_row} times in a row, {deltas:?}"
            );
        }
        assert!(stats.shares_run_for_sleepers > 0, "{stats:?}");
        assert!(stats.wake_ups > 0, "{stats:?}");
    });
}
