//! Two pools of 8 threads at once, on however few cores the machine has:
//! every call of each stays bit-identical to `seq`, and neither livelocks.
//!
//! Each pool lets only as many threads spin as there are cores, but it
//! cannot see the other pool: here up to twice that many spin, and the
//! rest of the 16 threads park and wait to be woken. The calls must still
//! be right and must still end, however the scheduler interleaves them.
//! The two tests below may run at the same time, making four pools: only
//! correctness is asserted, so more contention only makes the test harder.

mod support;

use std::{thread, time::Duration};

use doall_kernel::{Plan, Workload, initial_vector, resume_first_panic};
use doall_pool::{PoolConfig, session};
use support::{assert_same_bits, sequential, within};

/// Calls per pool, each on a freshly reset vector.
const CALLS: usize = 200;

/// Runs one pool of 8 threads over `n` elements of `heavy`: `CALLS` calls,
/// each after a reset, each checked bit for bit against `seq`.
fn run_pool(n: usize, config: PoolConfig) {
    let initial = initial_vector(n).expect("a few thousand elements");
    let expected = sequential(&initial, &Workload::Heavy);
    let mut v = initial.clone();
    let plan = Plan::new(8, None).expect("positive");
    session(&mut v, &Workload::Heavy, plan, config, |pool| {
        for call in 0..CALLS {
            pool.copy_from_slice(&initial).expect("same length");
            let used = pool.do_all();
            let context = || format!("n={n} {config:?} call {call}");
            assert!((1..=8).contains(&used), "{}: {used} threads", context());
            assert_same_bits(&pool.to_vec(), &expected, &context);
        }
    })
    .expect("8 threads are within the limit");
}

/// Two pools at once, each on its own thread and its own vector; the
/// lengths differ so that the two do not run in step.
fn two_pools_at_once(config: PoolConfig) {
    thread::scope(|scope| {
        let pools = [3000, 4099].map(|n| scope.spawn(move || run_pool(n, config)));
        // Joined explicitly, so a failed check reaches the test with its own
        // message rather than as "a scoped thread panicked".
        resume_first_panic(pools.into_iter().map(|pool| pool.join()));
    });
}

#[test]
fn two_pools_of_8_threads_at_once_stay_bit_exact() {
    within("two pools, default budget", || {
        two_pools_at_once(PoolConfig::default());
    });
}

#[test]
fn two_pools_of_8_threads_at_once_stay_bit_exact_while_spinning_longer() {
    // A 1 ms budget keeps the spinning workers, and a caller that spins,
    // spinning across the resets and checks between calls, so that they
    // see most calls while spinning rather than when woken. Without
    // take-back, the caller must wait for every worker, the parked ones
    // too, in every call.
    let spinning = PoolConfig::default()
        .with_spin_budget(Duration::from_millis(1))
        .expect("under the limit");
    for config in [
        spinning,
        PoolConfig {
            take_back: false,
            ..spinning
        },
    ] {
        within("two pools, 1 ms budget", move || two_pools_at_once(config));
    }
}
