//! A panicking `Op` in the first, a middle or the last chunk reaches the
//! caller with its payload, every other share runs, and the session goes on
//! serving calls; nothing hangs.

mod support;

use std::panic::{self, AssertUnwindSafe};

use doall_kernel::{Plan, chunk_bounds, initial_vector};
use doall_pool::{PoolConfig, session};
use support::{Boom, PanicOn, assert_same_bits, quiet_booms, sequential, within};

const PLANS: [(usize, usize); 6] = [(1, 1), (2, 2), (3, 3), (2, 8), (4, 16), (8, 8)];

#[test]
fn panic_in_any_chunk_reaches_the_caller_and_the_session_goes_on() {
    quiet_booms();
    within("pool panics", || {
        let n = 1000;
        let initial = initial_vector(n).expect("small");
        let expected = sequential(&initial, &PanicOn::new(f64::NAN));
        for take_back in [true, false] {
            let config = PoolConfig {
                take_back,
                ..PoolConfig::default()
            };
            for (threads, chunks) in PLANS {
                for failing_chunk in [0, chunks / 2, chunks - 1] {
                    let trigger = initial[chunk_bounds(failing_chunk, n, chunks).start];
                    let op = PanicOn::new(trigger);
                    let context = || {
                        format!(
                            "T={threads} C={chunks} failing={failing_chunk} take_back={take_back}"
                        )
                    };
                    let plan = Plan::new(threads, Some(chunks)).expect("positive");
                    let mut v = initial.clone();
                    session(&mut v, &op, plan, config, |pool| {
                        let caught = panic::catch_unwind(AssertUnwindSafe(|| pool.do_all()));
                        let payload = caught.expect_err("the panic reaches the caller");
                        assert_eq!(
                            payload.downcast_ref::<Boom>(),
                            Some(&Boom {
                                bits: trigger.to_bits()
                            }),
                            "{}",
                            context()
                        );
                        // Every other thread's share ran to the end.
                        let failing_thread = failing_chunk % threads;
                        let after = pool.to_vec();
                        for c in (0..chunks).filter(|c| c % threads != failing_thread) {
                            let bounds = chunk_bounds(c, n, chunks);
                            assert_same_bits(&after[bounds.clone()], &expected[bounds], &|| {
                                format!("{} chunk {c}", context())
                            });
                        }
                        // The session goes on: the next calls are right.
                        op.disarm();
                        for _ in 0..3 {
                            pool.copy_from_slice(&initial).expect("same length");
                            pool.do_all();
                            assert_same_bits(&pool.to_vec(), &expected, &context);
                        }
                    })
                    .expect("within the thread limit");
                }
            }
        }
    });
}

#[test]
fn the_failing_chunk_of_lowest_index_wins() {
    quiet_booms();
    within("pool, several panics", || {
        let n = 1000;
        let initial = initial_vector(n).expect("small");
        let plan = Plan::new(4, Some(8)).expect("positive");
        // Chunks 2, 5 and 7 fail, on three different threads (2, 1 and 3,
        // the caller): chunk 2's payload is the one resumed, every time.
        let triggers: Vec<f64> = [7, 5, 2]
            .map(|c| initial[chunk_bounds(c, n, 8).start])
            .to_vec();
        let op = PanicOn::any_of(triggers.clone());
        let mut v = initial.clone();
        session(&mut v, &op, plan, PoolConfig::default(), |pool| {
            for call in 0..50 {
                pool.copy_from_slice(&initial).expect("same length");
                let caught = panic::catch_unwind(AssertUnwindSafe(|| pool.do_all()));
                let payload = caught.expect_err("three chunks panic");
                assert_eq!(
                    payload.downcast_ref::<Boom>(),
                    Some(&Boom {
                        bits: triggers[2].to_bits()
                    }),
                    "call {call}"
                );
            }
        })
        .expect("4 threads");
    });
}

#[test]
fn a_panic_that_leaves_the_body_leaves_the_session() {
    quiet_booms();
    within("pool, uncaught panic", || {
        let initial = initial_vector(64).expect("small");
        let op = PanicOn::new(initial[0]);
        for threads in [1, 2, 3] {
            let plan = Plan::new(threads, None).expect("positive");
            let mut v = initial.clone();
            let caught = panic::catch_unwind(AssertUnwindSafe(|| {
                session(&mut v, &op, plan, PoolConfig::default(), |pool| {
                    pool.do_all()
                })
            }));
            let payload = caught.expect_err("the panic leaves the session");
            assert_eq!(
                payload.downcast_ref::<Boom>(),
                Some(&Boom {
                    bits: initial[0].to_bits()
                }),
                "{threads} threads"
            );
        }
    });
}
