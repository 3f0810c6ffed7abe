//! Every call is bit-identical to `seq`, for every workload, length, thread
//! count and chunk count; many calls in one session are all right; the
//! session's view of the vector is the vector.

mod support;

use std::time::Duration;

use doall_kernel::{Plan, RefuseNth, ThreadError, Workload, chunk_bounds, initial_vector};
use doall_pool::{Error, MAX_THREADS, PoolConfig, session, session_with_spawner};
use support::{LENGTHS, THREADS, assert_same_bits, chunk_counts, sequential, within};

/// The configurations every protocol path runs under: spinning with and
/// without take-back; parking at once, where every call finds the workers
/// parked and wakes them (a zero wake-up price) or runs their shares in
/// their place (a price no call reaches); and parking at once with the
/// default price, which mixes the two.
const CONFIGS: [PoolConfig; 5] = [
    PoolConfig {
        spin_budget: doall_pool::DEFAULT_SPIN_BUDGET,
        take_back: true,
        wake_up_price: doall_pool::DEFAULT_WAKE_UP_PRICE,
    },
    PoolConfig {
        spin_budget: doall_pool::DEFAULT_SPIN_BUDGET,
        take_back: false,
        wake_up_price: doall_pool::DEFAULT_WAKE_UP_PRICE,
    },
    PoolConfig {
        spin_budget: Duration::ZERO,
        take_back: true,
        wake_up_price: Duration::ZERO,
    },
    PoolConfig {
        spin_budget: Duration::ZERO,
        take_back: true,
        wake_up_price: Duration::MAX,
    },
    PoolConfig {
        spin_budget: Duration::ZERO,
        take_back: true,
        wake_up_price: doall_pool::DEFAULT_WAKE_UP_PRICE,
    },
];

#[test]
fn bit_identical_to_seq() {
    within("pool oracle", || {
        for workload in Workload::ALL {
            for n in LENGTHS {
                let initial = initial_vector(n).expect("small");
                let expected = sequential(&initial, &workload);
                for threads in THREADS {
                    for chunks in chunk_counts(threads, n) {
                        let plan = Plan::new(threads, Some(chunks)).expect("positive");
                        let config = CONFIGS[(threads + chunks) % CONFIGS.len()];
                        let context =
                            || format!("{workload:?} n={n} T={threads} C={chunks} {config:?}");
                        let mut v = initial.clone();
                        session(&mut v, &workload, plan, config, |pool| {
                            // Twice, resetting in between: the second call
                            // runs on workers that have already served one.
                            pool.do_all();
                            assert_same_bits(&pool.to_vec(), &expected, &context);
                            pool.copy_from_slice(&initial).expect("same length");
                            pool.do_all();
                        })
                        .expect("within the thread limit");
                        assert_same_bits(&v, &expected, &context);
                    }
                }
            }
        }
    });
}

#[test]
fn a_thousand_short_calls_in_one_session_are_all_right() {
    within("pool, many calls", || {
        let n = 1000;
        let initial = initial_vector(n).expect("small");
        let once = sequential(&initial, &Workload::Light);
        for (threads, chunks) in [(2, 2), (2, 8), (3, 3)] {
            for config in CONFIGS {
                let plan = Plan::new(threads, Some(chunks)).expect("positive");
                let context =
                    |call: usize| move || format!("T={threads} C={chunks} {config:?} call {call}");
                let mut v = initial.clone();
                session(&mut v, &Workload::Light, plan, config, |pool| {
                    for call in 0..1000 {
                        pool.copy_from_slice(&initial).expect("same length");
                        let used = pool.do_all();
                        assert!((1..=threads).contains(&used), "{}", context(call)());
                        assert_same_bits(&pool.to_vec(), &once, &context(call));
                    }
                })
                .expect("within the thread limit");
            }
        }
    });
}

#[test]
fn calls_back_to_back_are_each_applied_exactly_once() {
    // `light` maps x to 1.5x + 1: a skipped or repeated call shows.
    within("pool, back to back", || {
        let initial = initial_vector(999).expect("small");
        let mut expected = initial.clone();
        for _ in 0..1000 {
            expected = sequential(&expected, &Workload::Light);
        }
        for config in CONFIGS {
            let mut v = initial.clone();
            let plan = Plan::new(2, Some(6)).expect("positive");
            session(&mut v, &Workload::Light, plan, config, |pool| {
                for _ in 0..1000 {
                    pool.do_all();
                }
            })
            .expect("within the thread limit");
            assert_same_bits(&v, &expected, &|| format!("{config:?}"));
        }
    });
}

#[test]
fn with_chunks_lends_the_spec_chunks_in_order() {
    let n = 103;
    let mut v = initial_vector(n).expect("small");
    let plan = Plan::new(3, Some(7)).expect("positive");
    let seen = session(
        &mut v,
        &Workload::Light,
        plan,
        PoolConfig::default(),
        |pool| {
            assert_eq!((pool.len(), pool.threads(), pool.chunks()), (n, 3, 7));
            pool.with_chunks(|chunks| {
                chunks.swap(0, 6); // only the lent view is reordered
                chunks[0].fill(-1.0);
            });
            pool.with_chunks(|chunks| chunks.iter().map(|c| c.to_vec()).collect::<Vec<_>>())
        },
    )
    .expect("3 threads");
    for (c, chunk) in seen.iter().enumerate() {
        assert_eq!(&v[chunk_bounds(c, n, 7)], chunk.as_slice(), "chunk {c}");
    }
    assert!(v[chunk_bounds(6, n, 7)].iter().all(|&x| x == -1.0));
}

#[test]
fn refusals_are_errors() {
    let initial = initial_vector(100).expect("small");
    let mut v = initial.clone();
    let plan = Plan::new(MAX_THREADS + 1, None).expect("positive");
    let err = session(
        &mut v,
        &Workload::Light,
        plan,
        PoolConfig::default(),
        |_| (),
    )
    .expect_err("over the thread limit");
    assert!(
        matches!(err, Error::Threads(ThreadError::TooMany { .. })),
        "{err}"
    );
    assert_same_bits(&v, &initial, &|| "refused session".to_owned());

    let plan = Plan::new(4, None).expect("positive");
    for refused in [0, 2] {
        let mut body_ran = false;
        let config = PoolConfig::default();
        let spawner = RefuseNth(refused);
        let err = session_with_spawner(&mut v, &Workload::Light, plan, config, &spawner, |_| {
            body_ran = true;
        })
        .expect_err("a worker refused");
        assert!(
            matches!(err, Error::Threads(ThreadError::Refused { started, wanted: 4, .. }) if started == refused + 1),
            "{err}"
        );
        assert!(!body_ran, "refused worker {refused}: the body did not run");
        assert_same_bits(&v, &initial, &|| format!("refused worker {refused}"));
    }

    let plan = Plan::new(2, None).expect("positive");
    let copied = session(
        &mut v,
        &Workload::Light,
        plan,
        PoolConfig::default(),
        |pool| pool.copy_from_slice(&initial[1..]),
    )
    .expect("2 threads");
    let err = copied.expect_err("one element short");
    assert_eq!(
        err.to_string(),
        "cannot copy 99 elements into a vector of 100"
    );
}
